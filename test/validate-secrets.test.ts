// Secret hygiene: plaintext Secrets, and credential-shaped values anywhere, reported by kind and
// place but never by value. Every fake credential is assembled at run time so that this file
// never holds a string that secret scanners (GitHub push protection) would flag.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { environments } from "../config/index.ts";
import { document, type KubeObject } from "../lib/document.ts";
import { finishTree } from "../lib/render.ts";
import { fileTree } from "../lib/tree.ts";
import type { Finding } from "../lib/validate/findings.ts";
import { ALLOW_SECRET_PATTERN_ANNOTATION, secretFindings, secretKind } from "../lib/validate/secrets.ts";

const FILE = "kubernetes/apps/default/app/app.yaml";

/** `n` characters cycling through a mix of cases and digits, so a leaked fragment is recognisable. */
const mixed = (n: number): string => Array.from({ length: n }, (_, i) => "Zq8Xv3Lm7Wp2Rt9Ky4Hn6Bc5Dg1Fj0"[i % 30]).join("");
const upper = (n: number): string => mixed(n).toUpperCase();
const digits = (n: number): string => Array.from({ length: n }, (_, i) => String((i * 7 + 3) % 10)).join("");
const pemLine = (label: string): string => ["-----", label, " PRIVATE", " KEY-----"].join("");

interface Fake {
  readonly kind: string;
  /** What identifies the kind and may be named; everything after it is secret. */
  readonly prefix: string;
  readonly secret: string;
}

const fake = (kind: string, prefix: string, rest: string): Fake => ({ kind, prefix, secret: prefix + rest });

const FAKES: readonly Fake[] = [
  fake("an OpenAI API key", "sk" + "-", mixed(48)),
  fake("an OpenAI API key", "sk" + "-proj-", mixed(74) + "_" + mixed(20) + "-" + mixed(30)),
  fake("an Anthropic API key", "sk" + "-ant-", "api03-" + mixed(86) + "-" + mixed(6) + "AA"),
  fake("a Google API key", "AI" + "za", mixed(20) + "_" + mixed(14)),
  ...["p", "o", "u", "s", "r"].map((c) => fake("a GitHub token", `gh${c}_`, mixed(36))),
  fake("a GitHub fine-grained token", "github" + "_pat_", mixed(22) + "_" + mixed(59)),
  fake("a Slack token", "xo" + "xb-", `${digits(12)}-${digits(13)}-${mixed(24)}`),
  fake("a Slack token", "xo" + "xp-", `${digits(12)}-${digits(12)}-${digits(13)}-${mixed(32).toLowerCase()}`),
  fake("an AWS access key id", "AK" + "IA", upper(16)),
  fake("a PEM private key", pemLine("BEGIN RSA"), `\n${mixed(64)}\n${mixed(64)}\n${pemLine("END RSA")}\n`),
  fake("a PEM private key", pemLine("BEGIN OPENSSH"), `\n${mixed(70)}\n${pemLine("END OPENSSH")}\n`),
];

const configMap = (data: Record<string, unknown>, annotations?: Record<string, string>): KubeObject => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "app", namespace: "default", ...(annotations ? { annotations } : {}) },
  data,
} as KubeObject);

const helmRelease = (values: Record<string, unknown>): KubeObject => ({
  apiVersion: "helm.toolkit.fluxcd.io/v2",
  kind: "HelmRelease",
  metadata: { name: "app", namespace: "default" },
  spec: { chart: { spec: { chart: "app", sourceRef: { kind: "HelmRepository", name: "charts" } } }, values },
} as KubeObject);

const secret = (fields: Record<string, unknown>): KubeObject =>
  ({ apiVersion: "v1", kind: "Secret", metadata: { name: "app", namespace: "default" }, type: "Opaque", ...fields }) as KubeObject;

function findingsFor(...objects: KubeObject[]): Finding[] {
  return secretFindings("test", fileTree([[FILE, objects.map((o) => document(o))]]));
}

/** Where a value can sit, and the path the finding must name. */
const PLACES: readonly { readonly name: string; readonly object: (s: string) => KubeObject; readonly path: string }[] = [
  { name: "ConfigMap data value", object: (s) => configMap({ OPENAI_API_KEY: s }), path: "data.OPENAI_API_KEY" },
  { name: "annotation", object: (s) => configMap({}, { "example.com/token": s }), path: 'metadata.annotations["example.com/token"]' },
  {
    name: "HelmRelease values, deep",
    object: (s) => helmRelease({ controllers: { main: { containers: { app: { env: { API_KEY: s } } } } } }),
    path: "spec.values.controllers.main.containers.app.env.API_KEY",
  },
  { name: "list item", object: (s) => helmRelease({ args: ["--verbose", `--token=${s}`] }), path: "spec.values.args[1]" },
  { name: "multi-line string", object: (s) => configMap({ ".env": `# app settings\nLOG_LEVEL=debug\nTOKEN=${s}\nPORT=8080\n` }), path: 'data[".env"]' },
  { name: "map key", object: (s) => configMap({ [s]: "enabled" }), path: "data" },
];

/** The finding must not carry the secret, nor even the first 8 characters after its prefix. */
function assertNoLeak(f: Finding, { prefix, secret }: Fake): void {
  const text = JSON.stringify(f);
  assert.not.ok(f.message.includes(secret), "message holds the secret");
  assert.not.ok(text.includes(secret), "finding holds the secret");
  assert.not.ok(text.includes(secret.slice(prefix.length, prefix.length + 8)), `finding holds part of the secret: ${text}`);
}

for (const place of PLACES) {
  test(`leaked-value: every kind is found in a ${place.name}, by kind and path, without its value`, () => {
    for (const f of FAKES) {
      const findings = findingsFor(place.object(f.secret));
      assert.is(findings.length, 1, `${f.kind} (${f.prefix}) in a ${place.name}`);
      const [found] = findings as [Finding];
      assert.is(found.rule, "secret/leaked-value");
      assert.is(found.severity, "error");
      assert.is(found.env, "test");
      assert.is(found.file, FILE);
      assert.match(found.document, /\/app$/);
      assert.is(found.path, place.path, `${f.kind} in a ${place.name}`);
      assert.ok(found.message.includes(f.kind), found.message);
      assertNoLeak(found, f);
    }
  });
}

test("leaked-value: what lies under a secret-shaped key is found without the key in its path", () => {
  const [outer, inner] = [FAKES[0], FAKES[3]] as [Fake, Fake];
  const findings = findingsFor(configMap({ [outer.secret]: { nested: inner.secret } }));
  assert.equal(
    findings.map((f) => [f.path, f.message]),
    [
      ["data", "a map key here looks like an OpenAI API key"],
      ['data["(secret-shaped key)"].nested', "value looks like a Google API key"],
    ],
  );
  for (const f of findings) for (const s of [outer, inner]) assertNoLeak(f, s);
});

test("leaked-value: references and look-alikes are not flagged", () => {
  const ciphertext = `ENC[AES256_GCM,data:/${"AK" + "IA"}${upper(16)}+${mixed(40)}==,iv:${mixed(43)}=,tag:${mixed(22)}==,type:str]`;
  const findings = findingsFor(
    configMap({
      template: "{{ .OPENAI_API_KEY }}",
      anthropic: "{{ .ANTHROPIC_API_KEY }}",
      domain: "${SECRET_DOMAIN}",
      host: "ai.${SECRET_DOMAIN}",
      sealed: ciphertext,
      // Token prefixes inside longer words, too-short bodies, and near-miss shapes.
      controller: "task-controller-manager-metrics-service",
      risk: "risk-assessment-pipeline-worker-0",
      tls: "sklab-dev-production-tls",
      short: "sk" + "-short-name",
      aws: "AK" + "IA" + mixed(16).toLowerCase(),
      awsLong: "AK" + "IA" + upper(24),
      github: "gh" + "p_" + mixed(20),
      publicKey: ["-----BEGIN", " PUBLIC KEY-----\n", mixed(64), "\n-----END PUBLIC KEY-----\n"].join(""),
      certificate: ["-----BEGIN", " CERTIFICATE-----\n", mixed(64), "\n-----END CERTIFICATE-----\n"].join(""),
    }),
    {
      apiVersion: "external-secrets.io/v1",
      kind: "ExternalSecret",
      metadata: { name: "agentgateway", namespace: "ai-system" },
      spec: {
        secretStoreRef: { kind: "ClusterSecretStore", name: "onepassword" },
        target: { name: "agentgateway-secret", template: { data: { OPENAI_API_KEY: "{{ .OPENAI_API_KEY }}" } } },
        dataFrom: [{ extract: { key: "agentgateway" } }],
        data: [{ secretKey: "token", remoteRef: { key: "openai-api-key", property: "OPENAI_API_KEY" } }],
      },
    } as KubeObject,
  );
  assert.equal(findings, []);
  assert.is(secretKind("sk" + "-" + mixed(19)), undefined, "19 characters is one short");
  assert.is(secretKind("sk" + "-" + mixed(20)), "an OpenAI API key");
  assert.is(secretKind("xo" + "xb-" + digits(10)), "a Slack token", "the shortest match is still checked");
});

test("leaked-value: the allow annotation suppresses exactly the listed paths", () => {
  const [openai, google, aws] = [FAKES[0], FAKES[3], FAKES[12]] as [Fake, Fake, Fake];
  assert.is(aws.kind, "an AWS access key id");
  const data = { example: openai.secret, other: google.secret, [aws.secret]: "x", nested: { docs: openai.secret } };
  assert.equal(
    findingsFor(configMap(data)).map((f) => f.path),
    ["data.example", "data.other", "data", "data.nested.docs"],
  );
  const allowed = findingsFor(configMap(data, { [ALLOW_SECRET_PATTERN_ANNOTATION]: "data.example , data,data.nested" }));
  assert.equal(allowed.map((f) => f.path), ["data.other", "data.nested.docs"], "only exact paths, trimmed; a parent does not cover its children");
  assert.equal(findingsFor(configMap(data, { [ALLOW_SECRET_PATTERN_ANNOTATION]: "" })).length, 4, "an empty list allows nothing");
});

test("plaintext: a v1 Secret with stringData or data is an error per key, without the value", () => {
  const password = "hunter2-" + mixed(12);
  const findings = findingsFor(secret({ data: { "tls.key": "c2VjcmV0" }, stringData: { password, username: "admin" } }));
  assert.equal(
    findings.map((f) => [f.rule, f.severity, f.path]),
    [
      ["secret/plaintext", "error", 'data["tls.key"]'],
      ["secret/plaintext", "error", "stringData.password"],
      ["secret/plaintext", "error", "stringData.username"],
    ],
  );
  const first = findings[1] as Finding;
  assert.is(first.document, "Secret/app");
  assert.ok(first.message.includes('"password"'), first.message);
  assert.ok(first.message.includes("no top-level sops"), first.message);
  assert.is(first.fix, "use an ExternalSecret (this repo's pattern) or encrypt the file with sops");
  for (const f of findings) assert.not.ok(JSON.stringify(f).includes(password) || JSON.stringify(f).includes("c2VjcmV0"));
});

test("plaintext: a Secret without data, or of another group, is not reported", () => {
  assert.equal(findingsFor(secret({})), []);
  assert.equal(findingsFor({ apiVersion: "example.com/v1", kind: "Secret", metadata: { name: "x" }, stringData: { a: "b" } } as KubeObject), []);
});

const enc = (n: number): string => `ENC[AES256_GCM,data:${mixed(n)}==,iv:${mixed(43)}=,tag:${mixed(22)}==,type:str]`;
const sops = {
  kms: null,
  age: [{ recipient: "age1" + mixed(58).toLowerCase(), enc: `-----BEGIN AGE ENCRYPTED FILE-----\n${mixed(64)}\n-----END AGE ENCRYPTED FILE-----\n` }],
  lastmodified: "2025-01-01T00:00:00Z",
  mac: enc(64),
  unencrypted_suffix: "_unencrypted",
  version: "3.9.0",
};

test("plaintext: a SOPS-encrypted Secret passes", () => {
  assert.equal(findingsFor(secret({ stringData: { password: enc(12), token: enc(40) }, data: { key: enc(16) }, sops })), []);
});

test("plaintext: a SOPS-marked Secret with one plaintext value names that key", () => {
  const findings = findingsFor(secret({ stringData: { password: enc(12), apiToken: "plain-" + mixed(10) }, sops }));
  assert.is(findings.length, 1);
  const [found] = findings as [Finding];
  assert.is(found.rule, "secret/plaintext");
  assert.is(found.path, "stringData.apiToken");
  assert.ok(found.message.includes('"apiToken"') && found.message.includes("not sops-encrypted"), found.message);
  assert.not.ok(found.message.includes(mixed(10)));
  assert.equal(findingsFor(secret({ stringData: { password: enc(12) }, sops: "yes" })).map((f) => f.path), ["stringData.password"], "sops must be an object");
});

for (const env of environments) {
  test(`the rendered ${env.name} tree has no secret findings`, () => {
    assert.equal(secretFindings(env.name, finishTree(env.build())), []);
  });
}

test.run();
