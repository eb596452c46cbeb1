// lib/models/builtin is exactly what scripts/import-model-schemas.ts derives
// from the installed @kubernetes-models declarations, and those schemas are
// strict enough to catch unknown fields while accepting every seed document.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { builtinSchemas } from "../lib/models/builtin/schemas/index.ts";
import type { StructuralSchema } from "../lib/models/structural-schema.ts";
import { parseDeclarations } from "../scripts/import-model-schemas.ts";
import { GOLDEN, REPO_ROOT, readTree } from "./helpers.ts";

const COMMITTED = join(REPO_ROOT, "lib", "models", "builtin");
// The same files as ../shared/golden/seed/kubernetes/apps/ai-system/agentgateway.
const SEED_APP = "kubernetes/apps/ai-system/agentgateway/";

/**
 * Throwaway stand-in for the real validator: the paths of fields a schema does
 * not declare. Only unknown fields; types, enums and required are not checked.
 */
function unknownFields(value: unknown, schema: StructuralSchema, path = ""): string[] {
  if (schema["x-kubernetes-preserve-unknown-fields"] === true) return [];
  if (Array.isArray(value)) {
    const items = schema.items;
    return items === undefined ? [] : value.flatMap((item, i) => unknownFields(item, items, `${path}[${i}]`));
  }
  if (typeof value !== "object" || value === null) return [];
  const found: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    // The real validator checks object metadata on its own; the schemas say only `type: object`.
    if (path === "" && key === "metadata") continue;
    const at = path === "" ? key : `${path}.${key}`;
    const declared = schema.properties?.[key];
    const additional = schema.additionalProperties;
    if (declared !== undefined) found.push(...unknownFields(child, declared, at));
    else if (typeof additional === "object") found.push(...unknownFields(child, additional, at));
    else if (additional !== true) found.push(at);
  }
  return found;
}

interface SeedDocument {
  file: string;
  key: string;
  value: Record<string, unknown>;
}

function seedDocuments(): SeedDocument[] {
  const documents: SeedDocument[] = [];
  for (const [file, text] of readTree(join(GOLDEN, "seed"))) {
    if (!file.startsWith(SEED_APP) || !file.endsWith(".yaml")) continue;
    for (const doc of parseAllDocuments(text)) {
      assert.is(doc.errors.length, 0, `${file}: ${doc.errors[0]?.message}`);
      const value = doc.toJSON() as Record<string, unknown>;
      documents.push({ file, key: `${String(value.apiVersion)}/${String(value.kind)}`, value });
    }
  }
  return documents;
}

function schemaFor(key: string): StructuralSchema {
  const entry = builtinSchemas[key];
  if (entry === undefined) throw new Error(`no builtin schema for ${key}`);
  return entry.schema;
}

function seedDocument(key: string): Record<string, unknown> {
  const document = seedDocuments().find((doc) => doc.key === key);
  if (document === undefined) throw new Error(`no seed document ${key}`);
  // A fresh copy per test, since the tests misspell fields in place.
  return structuredClone(document.value);
}

function at(value: unknown, ...path: (string | number)[]): Record<string, unknown> {
  let node = value;
  for (const step of path) node = (node as Record<string | number, unknown>)[step];
  return node as Record<string, unknown>;
}

test("regenerating reproduces lib/models/builtin byte for byte, in seconds", () => {
  const dir = mkdtempSync(join(tmpdir(), "import-model-schemas-test-"));
  try {
    const out = join(dir, "builtin");
    const started = performance.now();
    const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/import-model-schemas.ts", "--out", out], {
      cwd: REPO_ROOT,
      encoding: "utf8",
    });
    const seconds = (performance.now() - started) / 1000;
    assert.is(run.status, 0, run.stderr);
    // About half a second today; the bound only catches a blow-up (say, lost recursion handling).
    assert.ok(seconds < 20, `import-model-schemas took ${seconds.toFixed(1)} s`);
    const generated = readTree(out);
    const committed = readTree(COMMITTED);
    assert.equal([...generated.keys()], [...committed.keys()]);
    for (const [path, content] of generated) {
      assert.ok(content === committed.get(path), `${path} differs from the committed file; run npm run import-model-schemas`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("every upstream-valid seed document has a builtin schema and no unknown fields", () => {
  // kgateway kinds have CRD schemas (lib/models/kgateway); kustomize.config.k8s.io is read by Flux, not the API server.
  const elsewhere = ["gateway.kgateway.dev/", "kustomize.config.k8s.io/"];
  const checked = new Set<string>();
  for (const doc of seedDocuments()) {
    if (elsewhere.some((prefix) => doc.key.startsWith(prefix))) continue;
    assert.equal(unknownFields(doc.value, schemaFor(doc.key)), [], `${doc.file} ${doc.key}`);
    checked.add(doc.key);
  }
  assert.equal([...checked].sort(), [
    "external-secrets.io/v1/ExternalSecret",
    "gateway.networking.k8s.io/v1/Gateway",
    "gateway.networking.k8s.io/v1/HTTPRoute",
    "helm.toolkit.fluxcd.io/v2/HelmRelease",
    "kustomize.toolkit.fluxcd.io/v1/Kustomization",
    "monitoring.coreos.com/v1/ServiceMonitor",
    "networking.k8s.io/v1/NetworkPolicy",
    "policy/v1/PodDisruptionBudget",
    "source.toolkit.fluxcd.io/v1beta2/OCIRepository",
  ]);
});

test("misspelt fields are unknown fields", () => {
  const cases: [key: string, parent: (string | number)[], field: string, path: string][] = [
    ["source.toolkit.fluxcd.io/v1beta2/OCIRepository", ["spec"], "intervall", "spec.intervall"],
    ["gateway.networking.k8s.io/v1/Gateway", ["spec", "listeners", 0], "prot", "spec.listeners[0].prot"],
    ["monitoring.coreos.com/v1/ServiceMonitor", ["spec", "endpoints", 0], "scrapeTimout", "spec.endpoints[0].scrapeTimout"],
    ["helm.toolkit.fluxcd.io/v2/HelmRelease", ["spec", "install"], "createNamspace", "spec.install.createNamspace"],
    ["external-secrets.io/v1/ExternalSecret", ["spec"], "refreshIntervall", "spec.refreshIntervall"],
    ["policy/v1/PodDisruptionBudget", ["spec"], "minAvailible", "spec.minAvailible"],
  ];
  for (const [key, parent, field, path] of cases) {
    const document = seedDocument(key);
    at(document, ...parent)[field] = "x";
    assert.equal(unknownFields(document, schemaFor(key)), [path], key);
  }
});

test("HelmRelease values take any nested JSON; the fields around them stay strict", () => {
  const key = "helm.toolkit.fluxcd.io/v2/HelmRelease";
  const document = seedDocument(key);
  at(document, "spec", "values").anything = { deep: [{ list: [1, "two", null, { x: true }] }], n: 1.5 };
  assert.equal(unknownFields(document, schemaFor(key)), []);
  at(document, "spec").valuess = {};
  assert.equal(unknownFields(document, schemaFor(key)), ["spec.valuess"]);
});

test("schemas carry types, enums, required, int-or-string and integer ports from the declarations", () => {
  const oci = schemaFor("source.toolkit.fluxcd.io/v1beta2/OCIRepository");
  const spec = oci.properties?.spec;
  assert.equal(spec?.required, ["interval", "url"]);
  assert.equal(spec?.properties?.provider, { enum: ["generic", "aws", "azure", "gcp"], type: "string" });
  assert.equal(oci.properties?.metadata, { type: "object" });
  const pdb = schemaFor("policy/v1/PodDisruptionBudget");
  assert.equal(pdb.properties?.spec?.properties?.minAvailable, { "x-kubernetes-int-or-string": true });
  const gateway = schemaFor("gateway.networking.k8s.io/v1/Gateway");
  assert.equal(gateway.properties?.spec?.properties?.listeners?.items?.properties?.port, { type: "integer" });
  const secret = schemaFor("v1/Secret");
  assert.equal(secret.properties?.stringData, { additionalProperties: { type: "string" }, type: "object" });
  assert.is(builtinSchemas["v1/Secret"]?.group, "");
  assert.match(builtinSchemas["v1/Secret"]?.source ?? "", /^kubernetes-models@\d/);
});

test("the built-in kinds lib/k8s builds have schemas; sub-schemas they repeat are one object", () => {
  const builtIn = ["v1/Namespace", "v1/Service", "v1/ConfigMap", "v1/Secret", "v1/PersistentVolumeClaim", "v1/ServiceAccount"]
    .concat(["apps/v1/Deployment", "apps/v1/StatefulSet", "apps/v1/DaemonSet", "batch/v1/Job", "batch/v1/CronJob"])
    .concat(["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"].map((kind) => `rbac.authorization.k8s.io/v1/${kind}`));
  for (const key of builtIn) assert.is(builtinSchemas[key]?.schema.type, "object", key);
  assert.is(builtinSchemas["v1/Namespace"]?.scope, "Cluster");
  assert.is(builtinSchemas["rbac.authorization.k8s.io/v1/ClusterRole"]?.scope, "Cluster");
  // The pod template, written once in schemas/shared.ts and imported by every workload kind.
  const template = (key: string, ...path: string[]) => path.reduce<StructuralSchema | undefined>((schema, field) => schema?.properties?.[field], schemaFor(key));
  const pod = template("apps/v1/Deployment", "spec", "template");
  assert.ok(pod?.properties?.spec?.properties?.containers !== undefined);
  for (const [key, ...path] of [
    ["apps/v1/StatefulSet", "spec", "template"],
    ["apps/v1/DaemonSet", "spec", "template"],
    ["batch/v1/Job", "spec", "template"],
    ["batch/v1/CronJob", "spec", "jobTemplate", "spec", "template"],
  ] as const) {
    assert.ok(template(key, ...path) === pod, `${key} ${path.join(".")} is the shared pod template`);
  }
  // Sharing is a matter of size: the small, repeated ObjectMeta-like leaves stay inline.
  assert.ok(template("v1/Namespace", "metadata") !== template("v1/Service", "metadata"));
});

test("the parser reads nested inline types, index signatures, unions and arrays", () => {
  const module = parseDeclarations(
    [
      'import { IRef } from "./Ref.js";',
      "/** doc */",
      "export interface IThing {",
      '    "a"?: Array<{',
      "        [key: string]: Array<\"x\" | \"y\">;",
      '        "b": IRef;',
      "    }>;",
      '    "c": 301 | 302;',
      "}",
      "export type IAlias = string | number;",
      "export type { IThing as ILongThing };",
    ].join("\n"),
    "thing.d.ts",
  );
  assert.equal([...module.declarations.keys()], ["IThing", "IAlias"]);
  assert.is(module.exportAliases.get("ILongThing"), "IThing");
  assert.is(module.imports.get("IRef")?.specifier, "./Ref.js");
  const thing = module.declarations.get("IThing");
  assert.ok(thing?.decl === "interface");
  const a = thing.body.members[0];
  assert.is(a?.optional, true);
  assert.ok(a?.type.node === "array" && a.type.element.node === "object");
  assert.ok(a.type.element.body.index?.node === "array");
  assert.is(a.type.element.body.members[0]?.name, "b");
});

test("syntax outside the generated format stops with file and line", () => {
  const cases: [text: string, message: RegExp][] = [
    ['export interface IX {\n    "a": string;\n    "b"?: Partial<IY>;\n}', /^odd\.d\.ts:3: unsupported "<" after type name Partial/],
    ['export interface IX {\n    "a": string;\n    "b": IY["c"];\n}', /^odd\.d\.ts:3: unsupported "\[" after type name IY/],
    ['export interface IX {\n    "a": string\n}', /^odd\.d\.ts:3: expected ";", found "}"/],
    ["export const x: number;", /^odd\.d\.ts:1: expected interface, declare class or type/],
    ['export interface IX {\n    "a": `t`;\n}', /^odd\.d\.ts:2: unexpected character "`"/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseDeclarations(text, "odd.d.ts"), message);
  }
});

test.run();
