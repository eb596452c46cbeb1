// Suppressions with a reason, severity overrides and declared externals: YAML comments and config
// entries that drop real findings of validateTree, the findings about suppressions themselves
// (no reason, unused, unreadable), severities raised, lowered and turned off, and the config
// checks that name the field.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseAllDocuments } from "yaml";
import { checkConfig } from "../lib/config.ts";
import { document, type KubeObject } from "../lib/document.ts";
import type { FileTree } from "../lib/tree.ts";
import { declaredExternals, isDeclaredExternal, parseExternal } from "../lib/validate/externals.ts";
import type { Finding } from "../lib/validate/findings.ts";
import { validateTree } from "../lib/validate/index.ts";
import {
  applySeverities,
  applySuppressions,
  configSuppressions,
  finishFindings,
  suppressionsInYaml,
  type Suppression,
} from "../lib/validate/suppress.ts";

const FILE = "kubernetes/apps/default/web/app/resources.yaml";

// Three real findings: an unknown field on the ConfigMap (at the document's root), a string for
// replicas and a string for a containerPort.
const YAML = `---
# fluxkit-ignore schema/unknown-field: a tool reads spec before applying
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: default
spec: {}
data:
  motd: "a # is not a comment: fluxkit-ignore schema/type: no"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
spec:
  # Replicas come from the autoscaler.
  # fluxkit-ignore schema/type: the string is what the test needs
  replicas: "two"
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx
          ports:
            - containerPort: "http"
`;

function treeOf(files: Record<string, string>): FileTree {
  return new Map(
    Object.entries(files).map(([file, text]) => [
      file,
      { documents: parseAllDocuments(text, { version: "1.1", merge: true, uniqueKeys: false }).map((d) => document(d.toJS() as KubeObject)) },
    ]),
  );
}

function findingsOf(text: string): Finding[] {
  return [...validateTree("test", treeOf({ [FILE]: text })).findings];
}

/** `rule severity document path: message`, what these tests compare. */
function brief(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.rule} ${f.severity} ${f.file === FILE ? "" : `${f.file} `}${f.document} ${f.path}: ${f.message}`);
}

const CONTAINER_PORT = `schema/type error Deployment/web spec.template.spec.containers[0].ports[0].containerPort: must be number, got string`;

test("the tree has the three findings the suppressions are about", () => {
  assert.equal(brief(findingsOf(YAML)), [
    `schema/unknown-field error ConfigMap/settings : unknown field "spec"`,
    `schema/type error Deployment/web spec.replicas: must be number, got string`,
    CONTAINER_PORT,
  ]);
});

test("YAML: a comment on the document's first line covers the document, one before a field covers the field", () => {
  const suppressions = suppressionsInYaml(YAML, FILE);
  assert.equal(
    suppressions.map((s) => [s.rule, s.object, s.path, s.source.line, s.source.document, s.reason]),
    [
      ["schema/unknown-field", "ConfigMap/settings", "", 2, 0, "a tool reads spec before applying"],
      ["schema/type", "Deployment/web", "spec.replicas", 19, 1, "the string is what the test needs"],
    ],
  );
  assert.equal(brief(finishFindings(findingsOf(YAML), { env: "test", suppressions })), [CONTAINER_PORT]);
});

test("YAML: a field suppression covers the field and below, not a sibling that shares a prefix", () => {
  const findings: Finding[] = [
    { rule: "r/x", severity: "error", env: "test", file: FILE, document: "Deployment/web", path: "spec.template.spec.containers[0].image", message: "m", fix: "f" },
    { rule: "r/x", severity: "error", env: "test", file: FILE, document: "Deployment/web", path: "spec.templates", message: "m", fix: "f" },
  ];
  const text = YAML.replace("  template:\n", "  # fluxkit-ignore r/x: covered\n  template:\n");
  assert.equal(brief(applySuppressions(findings, suppressionsInYaml(text, FILE))).filter((line) => line.startsWith("r/x")), [
    "r/x error Deployment/web spec.templates: m",
  ]);
});

test("YAML: a `- ` line covers the list item, a trailing comment its own line, `---` may stand between", () => {
  const text = `# fluxkit-ignore a/b: before the marker
---
apiVersion: v1
kind: Service
metadata:
  name: web  # fluxkit-ignore c/d: trailing
spec:
  ports:
    # fluxkit-ignore e/f, g/*: the item
    - name: http
      port: 80
    - - nested
`;
  assert.equal(
    suppressionsInYaml(text, FILE).map((s) => `${s.rule} ${s.object} ${s.path}`),
    ["a/b Service/web ", "c/d Service/web metadata.name", "e/f Service/web spec.ports[0]", "g/* Service/web spec.ports[0]"],
  );
});

test("YAML: a `${VAR}` in the object's name matches the name Flux substitutes", () => {
  const text = `# fluxkit-ignore r/x: substituted\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \${APP}-settings\n`;
  const f: Finding = { rule: "r/x", severity: "error", env: "e", file: FILE, document: "ConfigMap/web-settings", path: "data", message: "m", fix: "f" };
  assert.equal(applySuppressions([f], suppressionsInYaml(text, FILE)), []);
  assert.equal(applySuppressions([{ ...f, document: "Secret/web-settings" }], suppressionsInYaml(text, FILE)).length, 2);
});

test("YAML: a suppression without a reason is not applied and is a finding at its line", () => {
  const text = YAML.replace("# fluxkit-ignore schema/type: the string is what the test needs", "# fluxkit-ignore schema/type");
  const result = finishFindings(findingsOf(text), { env: "test", suppressions: suppressionsInYaml(text, FILE) });
  assert.equal(brief(result), [
    `schema/type error Deployment/web spec.replicas: must be number, got string`,
    CONTAINER_PORT,
    `suppress/no-reason warning Deployment/web spec.replicas: line 19: fluxkit-ignore schema/type gives no reason, so it is not applied`,
  ]);
  assert.is(result[2]!.file, FILE);
  const emptyReason = YAML.replace("the string is what the test needs", " ");
  assert.is(suppressionsInYaml(emptyReason, FILE)[1]!.problems[0]?.rule, "suppress/no-reason");
});

test("YAML: a suppression that covers no finding is a finding at its line", () => {
  const text = YAML.replace("schema/type: the string", "schema/required: the string");
  assert.equal(brief(finishFindings(findingsOf(text), { env: "test", suppressions: suppressionsInYaml(text, FILE) })), [
    `schema/type error Deployment/web spec.replicas: must be number, got string`,
    CONTAINER_PORT,
    `suppress/unused warning Deployment/web spec.replicas: line 19: fluxkit-ignore schema/required (the string is what the test needs) covers no finding of Deployment/web at spec.replicas`,
  ]);
});

test("YAML: of two rules in one comment, the one that covers nothing is reported", () => {
  const text = YAML.replace("schema/type: the string", "schema/type, schema/pattern: the string");
  assert.equal(
    brief(finishFindings(findingsOf(text), { env: "test", suppressions: suppressionsInYaml(text, FILE) })).filter((l) => l.startsWith("suppress/")),
    [`suppress/unused warning Deployment/web spec.replicas: line 19: fluxkit-ignore schema/pattern (the string is what the test needs) covers no finding of Deployment/web at spec.replicas`],
  );
});

test("YAML: unreadable or misplaced comments are suppress/invalid and apply to nothing", () => {
  const cases: Record<string, string> = {
    "# fluxkit-ignore\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n": "line 1: fluxkit-ignore names no rule",
    "# fluxkit-ignore this is fine\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n": `line 1: fluxkit-ignore "this is fine" is not a rule id (a reason goes after a colon)`,
    "# fluxkit-ignore r/x: why\n\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n": "line 1: fluxkit-ignore covers nothing: a blank line or the end of the file follows it",
    "# fluxkit-ignore r/x: why\ncontrollers:\n  main: {}\n": "line 1: fluxkit-ignore is in a document that is not a Kubernetes object",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n# fluxkit-ignore r/x: why\n": "line 5: fluxkit-ignore covers nothing: a blank line or the end of the file follows it",
  };
  for (const [text, message] of Object.entries(cases)) {
    const suppressions = suppressionsInYaml(text, FILE);
    const result = applySuppressions([], suppressions, "test");
    assert.equal(result.map((f) => `${f.rule} ${f.message}`), [`suppress/invalid ${message}`], text);
  }
});

test("YAML: `fluxkit-ignore` inside a string is no comment; a file without the word costs no parse", () => {
  assert.equal(suppressionsInYaml(YAML.replace(/# fluxkit-ignore [^\n]*\n/g, ""), FILE), []);
  assert.equal(suppressionsInYaml("not: [valid", FILE), []);
});

test("config: suppressions by object, file pattern, path and environment; unused ones name suppress[i]", () => {
  const suppressions = configSuppressions(
    [
      { rule: "schema/unknown-field", object: "ConfigMap/settings", reason: "a tool reads spec" },
      { rule: "schema/*", file: "kubernetes/apps/*/web/**", path: "spec.template", reason: "ports are named" },
      { rule: "schema/type", object: "Deployment/web", path: "spec.replicas", env: "other", reason: "only in other" },
      { rule: "ref/backend", object: "HTTPRoute/*", reason: "routes are elsewhere" },
    ],
    "fluxkit.config.ts",
  );
  const result = finishFindings(findingsOf(YAML.replace(/ *# fluxkit-ignore [^\n]*\n/g, "")), { env: "test", suppressions });
  assert.equal(brief(result), [
    `schema/type error Deployment/web spec.replicas: must be number, got string`,
    `suppress/unused warning fluxkit.config.ts  suppress[3]: fluxkit-ignore ref/backend (routes are elsewhere) covers no finding of HTTPRoute/*`,
  ]);
  // The one scoped to "other" applies there, and was not reported as unused in "test" above.
  const inOther = findingsOf(YAML).map((f) => ({ ...f, env: "other" }));
  assert.equal(brief(finishFindings(inOther, { env: "other", suppressions: suppressions.slice(2, 3) })), [
    `schema/unknown-field error ConfigMap/settings : unknown field "spec"`,
    CONTAINER_PORT,
  ]);
});

test("config: a suppression without a reason is not applied", () => {
  const [s] = configSuppressions([{ rule: "schema/type", reason: " " }], "fluxkit.config.ts");
  const result = applySuppressions(findingsOf(YAML), [s!], "test");
  assert.equal(brief(result).filter((l) => l.startsWith("schema/type")).length, 2);
  assert.ok(brief(result).includes("suppress/no-reason warning fluxkit.config.ts  suppress[0]: fluxkit-ignore schema/type gives no reason, so it is not applied"));
});

const base: Finding = { rule: "flux/unverified-var", severity: "warning", env: "e", file: "a.yaml", document: "Kustomization/a", path: "spec", message: "m", fix: "f" };

test("severity: raised, lowered, off, patterns, exact entries before patterns", () => {
  const findings: Finding[] = [
    base,
    { ...base, rule: "schema/type", severity: "error" },
    { ...base, rule: "schema/unknown-field", severity: "error" },
    { ...base, rule: "secret/plaintext", severity: "error" },
    { ...base, rule: "ref/backend", severity: "info" },
  ];
  const result = applySeverities(findings, {
    "flux/unverified-var": "error",
    "schema/*": "info",
    "schema/unknown-field": "warning",
    "secret/plaintext": "off",
  });
  assert.equal(result.map((f) => `${f.rule} ${f.severity}`), [
    "flux/unverified-var error",
    "schema/type info",
    "schema/unknown-field warning",
    "ref/backend info",
  ]);
  assert.is(result[4], undefined);
  assert.is(result[3], findings[4], "an unchanged finding is the same object");
});

test("finishFindings: overrides apply to suppression findings too, and the order is errors first, then by file", () => {
  const unused: Suppression = { rule: "r/none", reason: "why", path: "", source: { file: "fluxkit.config.ts", field: "suppress[0]" }, problems: [] };
  const findings: Finding[] = [{ ...base, file: "b.yaml" }, { ...base, file: "a.yaml", rule: "schema/type", severity: "error" }, { ...base, file: "a.yaml" }];
  assert.equal(finishFindings(findings, { suppressions: [unused], severity: { "suppress/unused": "off" } }).map((f) => `${f.severity} ${f.file}`), [
    "error a.yaml",
    "warning a.yaml",
    "warning b.yaml",
  ]);
  assert.equal(finishFindings(findings, { suppressions: [unused] }).map((f) => f.rule).at(-1), "suppress/unused");
});

// ---- externals

test("externals: Kind/namespace/name, Kind/name in any namespace, patterns; the kind is exact", () => {
  const isExternal = declaredExternals(["Secret/flux-system/cluster-secrets", "Gateway/external", "Service/kube-system/*"]);
  assert.ok(isExternal("Secret", "flux-system", "cluster-secrets"));
  assert.not.ok(isExternal("Secret", "default", "cluster-secrets"));
  assert.not.ok(isExternal("Secret", undefined, "cluster-secrets"), "a namespaced declaration never matches a cluster-scoped object");
  assert.ok(isExternal("Gateway", "network", "external"));
  assert.ok(isExternal("Gateway", undefined, "external"));
  assert.ok(isExternal("Service", "kube-system", "kube-dns"));
  assert.not.ok(isExternal("service", "kube-system", "kube-dns"));
  assert.not.ok(isExternal("Gateway", "network", "internal"));
  assert.ok(isDeclaredExternal([parseExternal("ClusterIssuer/letsencrypt")], "ClusterIssuer", undefined, "letsencrypt"));
});

test("externals: entries that are not Kind/namespace/name say what is wrong", () => {
  for (const [text, message] of [
    ["Secret", `"Secret" is not "Kind/namespace/name" or "Kind/name"`],
    ["a/b/c/d", `"a/b/c/d" is not "Kind/namespace/name" or "Kind/name"`],
    ["secret/x", `the kind "secret" must be a Kind`],
    ["Secret/Flux_System/x", `"Flux_System" is not a namespace`],
    ["Secret/ns/", "the name is empty"],
  ] as const) {
    assert.throws(() => parseExternal(text), (error: Error) => error.message.includes(message), text);
  }
});

// ---- the config

const environment = { name: "home", build: () => undefined };

function configError(fields: Record<string, unknown>): string {
  try {
    checkConfig({ environments: [environment], ...fields }, "fluxkit.config.ts");
  } catch (error) {
    return (error as Error).message;
  }
  return "no error";
}

test("checkConfig: suppress, severity and externals are checked, naming the field", () => {
  assert.is(
    configError({
      suppress: [{ rule: "schema/*", reason: "why", file: "a/**", object: "HTTPRoute/x", path: "spec", env: "home" }],
      severity: { "flux/unverified-var": "info", "schema/*": "off" },
      externals: ["Secret/flux-system/cluster-secrets"],
    }),
    "no error",
  );
  const cases: [Record<string, unknown>, string][] = [
    [{ suppress: { rule: "a/b" } }, "fluxkit.config.ts: suppress must be a list"],
    [{ suppress: [{ rule: "a/b", reason: "" }] }, "fluxkit.config.ts: suppress[0].reason must say why the finding is wrong here"],
    [{ suppress: [{ reason: "why" }] }, "fluxkit.config.ts: suppress[0].rule must be a rule id"],
    [{ suppress: [{ rule: "a b", reason: "why" }] }, "fluxkit.config.ts: suppress[0].rule must be a rule id"],
    [{ suppress: [{ rule: "a/b", reason: "why", objet: "X/y" }] }, `fluxkit.config.ts: suppress[0]: unknown field "objet"`],
    [{ suppress: [{ rule: "a/b", reason: "why", object: "web" }] }, `fluxkit.config.ts: suppress[0].object must be "Kind/name"`],
    [{ suppress: [{ rule: "a/b", reason: "why", path: 3 }] }, "fluxkit.config.ts: suppress[0].path must be a non-empty string"],
    [{ severity: { "flux/unverified-var": "low" } }, `fluxkit.config.ts: severity["flux/unverified-var"] must be one of error, warning, info, off`],
    [{ severity: ["a/b"] }, "fluxkit.config.ts: severity must be {"],
    [{ externals: "Secret/a/b" }, "fluxkit.config.ts: externals must be a list"],
    [{ externals: ["Secret/a/b", 3] }, "fluxkit.config.ts: externals[1] must be a string"],
    [{ externals: ["Secret/a/b", "secret/c"] }, `fluxkit.config.ts: externals[1]: "secret/c" is not`],
    [{ severty: {} }, `unknown field "severty" (did you mean "severity"?)`],
  ];
  for (const [fields, message] of cases) {
    const error = configError(fields);
    assert.ok(error.includes(message), `${JSON.stringify(fields)}: ${error}`);
  }
});

test("validate DIR: a fluxkit-ignore comment in the tree's YAML suppresses, with its reason, what it covers", async () => {
  const { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const { validateFolder } = await import("../lib/cli/validate-folder.ts");
  const { Capture, REPO_ROOT } = await import("./helpers.ts");
  const dir = mkdtempSync(join(tmpdir(), "fluxkit-suppress-dir-"));
  try {
    cpSync(join(REPO_ROOT, "out", "home"), dir, { recursive: true });
    const file = join(dir, "kubernetes/apps/ai-system/agentgateway/app/helmrelease.yaml");
    const broken = readFileSync(file, "utf8").replace("spec:\n", "spec:\n  timeot: 5m\n");
    const run = (text: string) => {
      writeFileSync(file, text);
      const out = new Capture();
      return { code: validateFolder(dir, {}, { cwd: dir, stdout: out }), text: out.text };
    };
    const failing = run(broken);
    assert.is(failing.code, 1, failing.text);
    assert.match(failing.text, /^ERROR schema\/unknown-field .*HelmRelease\/agentgateway spec: unknown field "timeot"/m);
    const suppressed = run(broken.replace("---\n", "---\n# fluxkit-ignore schema/unknown-field: the next chart reads it\n"));
    assert.is(suppressed.code, 0, suppressed.text);
    assert.not.match(suppressed.text, /unknown-field|suppress\//);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
