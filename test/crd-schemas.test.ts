// Schemas from the real CRDs: the default registry knows the kinds of ../shared/crds (cert-manager
// here) with their CEL rules, defaults applied as the API server does; loadSchemaSources reads CRD
// files at run time; every CEL rule of the shared CRDs compiles or is counted as not evaluable;
// and lib/models/crds is exactly what scripts/import-shared-crds.ts generates.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { document, type KubeObject } from "../lib/document.ts";
import { certificate, clusterIssuer } from "../lib/k8s/cert-manager.ts";
import { crdSchemaEntries, loadSchemaSources } from "../lib/models/crd.ts";
import { sharedCrdSchemas } from "../lib/models/crds/schemas.ts";
import { unpackSchema, type StructuralSchema } from "../lib/models/structural-schema.ts";
import { compileRule } from "../lib/validate/cel.ts";
import type { Finding } from "../lib/validate/findings.ts";
import { defaultSchemas } from "../lib/validate/index.ts";
import { emptySchemaStats, validateDocumentSchema, type SchemaRegistry, type SchemaStats } from "../lib/validate/schema.ts";
import { REPO_ROOT, readTree, tempFolders } from "./helpers.ts";

const SHARED_CRDS = join(REPO_ROOT, "..", "shared", "crds");
const tempDir = tempFolders(test, "fluxkit-crd-schemas-");

function validate(object: unknown, registry: SchemaRegistry = defaultSchemas, stats: SchemaStats = emptySchemaStats()): Finding[] {
  const kube = object as KubeObject;
  return validateDocumentSchema(document(kube), { env: "test", file: "test.yaml", document: `${kube.kind}/x` }, registry, stats);
}

function brief(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.severity} ${f.rule} ${f.path}: ${f.message}`);
}

const validCertificate = certificate({
  metadata: { name: "wildcard", namespace: "network" },
  spec: {
    secretName: "wildcard-tls",
    dnsNames: ["example.com", "*.example.com"],
    issuerRef: { kind: "ClusterIssuer", name: "letsencrypt" },
    privateKey: { algorithm: "ECDSA", size: 256 },
  },
}).object;

test("a Certificate of a valid shape gets no finding at all, not even an unknown-kind warning", () => {
  assert.equal(brief(validate(validCertificate)), []);
});

test("a Certificate with a misspelt field and a bad enum gets schema errors naming the paths", () => {
  const bad = { ...validCertificate, spec: { ...validCertificate.spec, secretNam: "x", privateKey: { algorithm: "DSA" } } };
  const findings = brief(validate(bad));
  assert.ok(findings.some((f) => f.startsWith('error schema/unknown-field spec: unknown field "secretNam"')), findings.join("\n"));
  assert.ok(findings.some((f) => f.startsWith('error schema/enum spec.privateKey.algorithm: unsupported value "DSA"')), findings.join("\n"));
});

test("a cert-manager CEL rule fires on a Venafi issuer without a backend and holds with one", () => {
  const issuer = (venafi: Record<string, unknown>) => clusterIssuer({ metadata: { name: "venafi" }, spec: { venafi: venafi as { zone: string } } }).object;
  const stats = emptySchemaStats();
  assert.equal(brief(validate(issuer({ zone: "devops\\cert-manager" }), defaultSchemas, stats)), [
    "error schema/cel spec.venafi: exactly one of tpp, cloud, or ngts must be configured",
  ]);
  assert.is(stats.cel.failed, 1);
  assert.equal(brief(validate(issuer({ zone: "devops\\cert-manager", cloud: { apiTokenSecretRef: { name: "venafi-token" } } }))), []);
});

// The rule reads p1.group and p1.kind, which a parentRef usually leaves to their defaults.
const route = (parentRefs: unknown[]) => ({ apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute", metadata: { name: "r" }, spec: { parentRefs } });

test("a Gateway API CEL rule over defaulted fields fires on duplicate parentRefs and holds for distinct ones", () => {
  const duplicate = brief(validate(route([{ name: "gw" }, { name: "gw" }])));
  assert.ok(duplicate.includes("error schema/cel spec.parentRefs: sectionName or port must be unique when parentRefs includes 2 or more references to the same parent"), duplicate.join("\n"));
  assert.equal(brief(validate(route([{ name: "gw", sectionName: "http" }, { name: "gw", sectionName: "https" }]))), []);
});

test("real CRD schemas win over the model-derived ones; kgateway's stay its own", () => {
  assert.is(defaultSchemas["helm.toolkit.fluxcd.io/v2/HelmRelease"], sharedCrdSchemas["helm.toolkit.fluxcd.io/v2/HelmRelease"]);
  assert.is(defaultSchemas["gateway.networking.k8s.io/v1/HTTPRoute"], sharedCrdSchemas["gateway.networking.k8s.io/v1/HTTPRoute"]);
  assert.ok(defaultSchemas["v1/Service"] !== undefined, "built-in kinds keep their derived schemas");
  assert.ok(defaultSchemas["gateway.kgateway.dev/v1alpha1/Backend"] !== undefined);
});

test("the registry is lazy: a schema is unpacked on first access and then kept", () => {
  const entry = sharedCrdSchemas["cert-manager.io/v1/Issuer"]!;
  assert.is(entry.schema, entry.schema, "the same object every time (the validator caches by identity)");
  assert.is(entry.schema.type, "object");
});

test("every served version is an entry, flux-operator's kinds are accepted by Alert", () => {
  assert.ok(sharedCrdSchemas["gateway.networking.k8s.io/v1beta1/HTTPRoute"] !== undefined);
  assert.ok(sharedCrdSchemas["gateway.networking.k8s.io/v1/HTTPRoute"] !== undefined);
  const alert = { apiVersion: "notification.toolkit.fluxcd.io/v1beta3", kind: "Alert", metadata: { name: "a" }, spec: { providerRef: { name: "p" }, eventSources: [{ kind: "ResourceSet", name: "*" }] } };
  assert.equal(brief(validate(alert)), []);
});

// ---- crdSchemaEntries and loadSchemaSources

const WIDGET_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: { kind: Widget, plural: widgets }
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          description: dropped
          properties:
            spec:
              type: object
              properties:
                size: { type: integer, description: dropped too }
                min: { type: integer }
              x-kubernetes-validations:
                - rule: "!has(self.min) || self.size >= self.min"
                  message: size must be at least min
    - name: v1beta1
      served: true
      storage: false
      schema: { openAPIV3Schema: { type: object, properties: { spec: { type: object } } } }
    - name: v1alpha1
      served: false
      storage: false
      schema: { openAPIV3Schema: { type: object } }
`;

test("crdSchemaEntries: one entry per served version, CEL kept, descriptions dropped", () => {
  const entries = crdSchemaEntries(`${WIDGET_CRD}---\napiVersion: v1\nkind: Namespace\nmetadata: { name: x }\n`, "widgets.yaml");
  assert.equal(Object.keys(entries), ["example.com/v1/Widget", "example.com/v1beta1/Widget"]);
  const v1 = entries["example.com/v1/Widget"]!;
  assert.equal(v1.versions, ["v1", "v1beta1"]);
  assert.not.ok(JSON.stringify(v1.schema).includes("description"));
  assert.is(v1.schema.properties?.spec?.["x-kubernetes-validations"]?.[0]?.message, "size must be at least min");
});

test("loadSchemaSources reads folders recursively (.yaml and .yml), skips other documents, and validates with the rules", () => {
  const dir = tempDir();
  mkdirSync(join(dir, "crds", "nested"), { recursive: true });
  writeFileSync(join(dir, "crds", "nested", "widgets.yml"), WIDGET_CRD);
  writeFileSync(join(dir, "crds", "values.yaml"), "replicas: 1\n");
  writeFileSync(join(dir, "crds", "notes.txt"), "not yaml");
  const registry = loadSchemaSources(["crds"], dir);
  assert.equal(Object.keys(registry), ["example.com/v1/Widget", "example.com/v1beta1/Widget"]);
  const widget = (spec: unknown) => ({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" }, spec });
  assert.equal(brief(validate(widget({ size: 1, min: 2 }), registry)), ["error schema/cel spec: size must be at least min"]);
  assert.equal(brief(validate(widget({ size: 2, min: 2 }), registry)), []);
  assert.equal(brief(validate(widget({ size: 2, colour: "red" }), registry)).map((f) => f.split(" (")[0]), ['error schema/unknown-field spec: unknown field "colour"']);
});

test("loadSchemaSources errors name the file", () => {
  const dir = tempDir();
  writeFileSync(join(dir, "values.yaml"), "replicas: 1\n");
  writeFileSync(join(dir, "broken.yaml"), "a: [\n");
  writeFileSync(join(dir, "one.yaml"), WIDGET_CRD);
  writeFileSync(join(dir, "two.yaml"), WIDGET_CRD);
  assert.throws(() => loadSchemaSources(["missing"], dir), (e: Error) => e.message.includes(join(dir, "missing")));
  assert.throws(() => loadSchemaSources(["values.yaml"], dir), (e: Error) => e.message.startsWith(`${join(dir, "values.yaml")}: no CustomResourceDefinition`));
  assert.throws(() => loadSchemaSources(["broken.yaml"], dir), (e: Error) => e.message.startsWith(`${join(dir, "broken.yaml")}: `));
  assert.throws(() => loadSchemaSources(["one.yaml", "two.yaml"], dir), (e: Error) => e.message.includes("two.yaml: example.com/v1/Widget is also defined in"));
});

// ---- CEL rules of the shared CRDs

function rulesOf(schema: StructuralSchema, out: string[]): string[] {
  for (const rule of schema["x-kubernetes-validations"] ?? []) out.push(rule.rule);
  for (const child of Object.values(schema.properties ?? {})) rulesOf(child, out);
  for (const child of [schema.items, typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined]) if (child) rulesOf(child, out);
  for (const list of [schema.allOf, schema.anyOf, schema.oneOf]) for (const child of list ?? []) rulesOf(child, out);
  return out;
}

test("every CEL rule of the shared CRDs compiles, is a transition rule, or is counted as not evaluable", () => {
  const counts = { program: 0, transition: 0, unevaluable: 0 };
  const unevaluable = new Map<string, number>();
  for (const entry of Object.values(sharedCrdSchemas)) {
    for (const rule of rulesOf(entry.schema, [])) {
      const compiled = compileRule(rule);
      counts[compiled.kind]++;
      if (compiled.kind === "unevaluable") unevaluable.set(compiled.reason, (unevaluable.get(compiled.reason) ?? 0) + 1);
    }
  }
  console.log(`CEL rules of the shared CRDs: ${JSON.stringify(counts)}; not evaluable by reason: ${JSON.stringify([...unevaluable])}`);
  assert.ok(counts.program > 1000, `only ${counts.program} rules compiled`);
  assert.ok(counts.unevaluable < counts.program / 10, `${counts.unevaluable} rules not evaluable`);
});

// ---- the generated folder

(existsSync(SHARED_CRDS) ? test : test.skip)("regenerating from ../shared/crds reproduces lib/models/crds byte for byte", () => {
  const out = join(tempDir(), "crds");
  const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/import-shared-crds.ts", "--out", out], { cwd: REPO_ROOT, encoding: "utf8" });
  assert.is(run.status, 0, run.stderr);
  const generated = readTree(out);
  const committed = readTree(join(REPO_ROOT, "lib", "models", "crds"));
  assert.equal([...generated.keys()], [...committed.keys()]);
  // The packed schemas are brotli output, whose bytes differ between brotli versions (Node 20 has
  // 1.1, Node 24 1.2): compared unpacked, every other byte as it is.
  const unpacked = (text: string): string => text.replace(/^(const s\d+ = )"([^"]*)";$/gm, (_line, head: string, packed: string) => `${head}${JSON.stringify(unpackSchema(packed))};`);
  for (const [path, content] of generated) {
    assert.ok(unpacked(content) === unpacked(committed.get(path) ?? ""), `${path} differs from the committed file; run npm run import-shared-crds`);
  }
});

test.run();
