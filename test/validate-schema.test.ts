// Strict schema validation: the seed's TrafficPolicies give exactly the API server's errors
// (facts §2.1), their corrected shapes (§2.2) and the seed's Backends give none, and each
// structural keyword, the metadata check, the model check and the document-level rules behave.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { seed } from "../config/seed.ts";
import { document, documentName, type Document, type KubeObject } from "../lib/document.ts";
import { untypedObject } from "../lib/k8s/builder.ts";
import type { StructuralSchema } from "../lib/models/structural-schema.ts";
import { crdSchemas } from "../lib/models/kgateway/schemas/index.ts";
import { renderEnvironment } from "../lib/render.ts";
import { defaultSchemas } from "../lib/validate/index.ts";
import type { Finding, FindingLocation } from "../lib/validate/findings.ts";
import { emptySchemaStats, validateDocumentSchema, validateSchemas, type SchemaRegistry } from "../lib/validate/schema.ts";
import { GOLDEN } from "./helpers.ts";

const SEED_APP = join(GOLDEN, "seed", "kubernetes", "apps", "ai-system", "agentgateway", "app");

function seedYaml(file: string): KubeObject[] {
  return parseAllDocuments(readFileSync(join(SEED_APP, file), "utf8")).map((d) => d.toJS() as KubeObject);
}

function at(object: KubeObject): FindingLocation {
  return { env: "test", file: "test.yaml", document: `${object.kind}/${object.metadata?.name ?? "(unnamed)"}` };
}

/** Takes any value: the point is to validate shapes the types would reject. */
function validate(value: unknown, registry: SchemaRegistry = crdSchemas): Finding[] {
  const object = value as KubeObject;
  return validateDocumentSchema(document(object), at(object), registry);
}

/** `rule path: message`, the part of a finding the API server would also say. */
function brief(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.rule} ${f.path}: ${f.message}`);
}

// ---- the seed, facts §2.1 and §2.2

const [promptGuards, rateLimits] = seedYaml("trafficpolicies.yaml");

// The facts file, 2.1: first the type errors, then what its author found after turning the
// one-item lists into objects by hand. The validator reports both in one run.
const HIDDEN = "(in the list item that should be the object itself)";

test("seed prompt-guards: the two type errors, and the unknown field under the first", () => {
  assert.equal(brief(validate(promptGuards!)), [
    "schema/type spec.ai.promptGuard.request: must be object, got array",
    `schema/unknown-field spec.ai.promptGuard.request[0]: unknown field "response" ${HIDDEN}`,
    "schema/type spec.ai.promptGuard.response: must be object, got array",
  ]);
});

test("seed rate-limits: unknown timeout, list for local (and what its item lacks), unknown numRetries", () => {
  assert.equal(brief(validate(rateLimits!)).sort(), [
    `schema/type spec.rateLimit.local: must be object, got array`,
    ...["fillInterval", "maxTokens", "tokensPerFill", "type"].map((f) => `schema/unknown-field spec.rateLimit.local[0]: unknown field "${f}" ${HIDDEN}`),
    `schema/unknown-field spec.retry: unknown field "numRetries"`,
    `schema/unknown-field spec: unknown field "timeout"`,
  ]);
});

test("only a one-item list is read as the object it should be", () => {
  const { spec } = rateLimits as unknown as { spec: object };
  const twoItems = { ...rateLimits!, spec: { ...spec, rateLimit: { local: [{ type: "a" }, { type: "b" }] } } };
  assert.equal(brief(validate(twoItems)).filter((f) => f.includes("local")), ["schema/type spec.rateLimit.local: must be object, got array"]);
});

test("unknown fields name the nearest known fields and guess the typo", () => {
  const timeout = validate(rateLimits!).find((f) => f.message === `unknown field "timeout"`);
  assert.ok(timeout?.fix.startsWith(`remove "timeout" or use one of: timeouts,`), timeout?.fix);
  assert.ok(timeout?.fix.includes(`did you mean "timeouts"?`), timeout?.fix);
  assert.is(timeout?.severity, "error");
});

const corrected = {
  promptGuards: {
    apiVersion: "gateway.kgateway.dev/v1alpha1",
    kind: "TrafficPolicy",
    metadata: { name: "prompt-guards" },
    spec: {
      targetRefs: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "llm-routes" }],
      ai: {
        promptGuard: {
          request: {
            customResponse: { message: "Request blocked due to policy violation", statusCode: 403 },
            regex: {
              action: "REJECT",
              matches: [
                { pattern: "ignore.*previous.*instructions", name: "prompt-injection-1" },
                { pattern: "(?i)forget.*everything", name: "prompt-injection-2" },
              ],
            },
          },
          response: { regex: { action: "MASK", builtins: ["CREDIT_CARD", "EMAIL", "SSN"] } },
        },
      },
    },
  },
  rateLimits: {
    apiVersion: "gateway.kgateway.dev/v1alpha1",
    kind: "TrafficPolicy",
    metadata: { name: "rate-limits" },
    spec: {
      targetRefs: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "llm-routes" }],
      rateLimit: { local: { tokenBucket: { maxTokens: 100, tokensPerFill: 10, fillInterval: "1s" } } },
      timeouts: { request: "60s" },
      retry: { attempts: 2, perTryTimeout: "30s", retryOn: ["5xx", "connect-failure"] },
    },
  },
};

test("the corrected TrafficPolicies of facts §2.2 pass, CEL rules included", () => {
  const stats = emptySchemaStats();
  for (const object of Object.values(corrected)) assert.equal(validateDocumentSchema(document(object), at(object), crdSchemas, stats), []);
  assert.ok(stats.cel.passed > 0);
  assert.is(stats.cel.failed, 0);
  assert.is(stats.cel.unevaluated, 0);
});

test("the seed's five Backends pass", () => {
  const backends = seedYaml("backends.yaml");
  assert.is(backends.length, 5);
  for (const backend of backends) assert.equal(validate(backend), [], documentName(document(backend)));
});

test("the rendered seed: untyped infos and the errors of the facts file, nothing else", () => {
  const tree = renderEnvironment(seed).tree;
  const documents = [...tree].flatMap(([file, { documents }]) => documents.map((d) => ({ document: d, at: { env: "seed", file, document: documentName(d) } })));
  const result = validateSchemas(documents, defaultSchemas);
  const summary = result.findings.map((f) => `${f.severity} ${f.rule} ${f.document}`).sort();
  assert.equal(summary, [
    "error schema/type TrafficPolicy/prompt-guards",
    "error schema/type TrafficPolicy/prompt-guards",
    "error schema/type TrafficPolicy/rate-limits",
    "error schema/unknown-field TrafficPolicy/prompt-guards",
    ...new Array<string>(6).fill("error schema/unknown-field TrafficPolicy/rate-limits"),
    "info typing/untyped-object TrafficPolicy/prompt-guards",
    "info typing/untyped-object TrafficPolicy/rate-limits",
  ]);
  assert.is(result.cel.failed, 0);
  assert.is(result.cel.unevaluated, 0);
  assert.is(result.uncheckedPatterns, 0);
});

// ---- structural keywords, on small schemas

const API = "test.example.com/v1";

function registryOf(spec: StructuralSchema): SchemaRegistry {
  return { [`${API}/Thing`]: { schema: { type: "object", properties: { apiVersion: { type: "string" }, kind: { type: "string" }, metadata: { type: "object" }, spec } } } };
}

function check(spec: StructuralSchema, value: unknown): string[] {
  return brief(validate({ apiVersion: API, kind: "Thing", metadata: { name: "x" }, spec: value }, registryOf(spec)));
}

test("enum: names the value that differs only in case", () => {
  const findings = validate({ apiVersion: API, kind: "Thing", metadata: { name: "x" }, spec: "Reject" }, registryOf({ type: "string", enum: ["MASK", "REJECT"] }));
  assert.equal(brief(findings), [`schema/enum spec: unsupported value "Reject": supported values: "MASK", "REJECT"`]);
  assert.is(findings[0]?.fix, `use "REJECT" (values are case-sensitive)`);
});

test("string bounds, pattern and format", () => {
  assert.equal(check({ type: "string", minLength: 2 }, "é"), ["schema/length spec: must be at least 2 characters, got 1"]);
  assert.equal(check({ type: "string", maxLength: 2 }, "😀😀"), []);
  assert.equal(check({ type: "string", pattern: "^[a-z]+$" }, "A"), [`schema/pattern spec: "A" must match ^[a-z]+$`]);
  assert.equal(check({ type: "string", format: "date-time" }, "yesterday"), [`schema/format spec: "yesterday" is not a valid date-time`]);
  assert.equal(check({ type: "string", format: "int-or-whatever" }, "anything"), []);
});

test("a pattern JS cannot compile is counted, not failed", () => {
  const stats = emptySchemaStats();
  const object = { apiVersion: API, kind: "Thing", metadata: { name: "x" }, spec: "abc" } as KubeObject;
  assert.equal(validateDocumentSchema(document(object), at(object), registryOf({ type: "string", pattern: "(?P<name>a)" }), stats), []);
  assert.is(stats.uncheckedPatterns, 1);
});

test("numbers: integer type, bounds, exclusive bounds", () => {
  assert.equal(check({ type: "integer" }, 1.5), ["schema/type spec: must be integer, got number"]);
  assert.equal(check({ type: "number" }, 2), []);
  assert.equal(check({ type: "integer", minimum: 1, maximum: 3 }, 0), ["schema/range spec: must be >= 1, got 0"]);
  assert.equal(check({ type: "integer", maximum: 3, exclusiveMaximum: true }, 3), ["schema/range spec: must be < 3, got 3"]);
});

test("int-or-string and nullable", () => {
  assert.equal(check({ "x-kubernetes-int-or-string": true, anyOf: [{ type: "integer" }, { type: "string" }] }, "50%"), []);
  assert.equal(check({ "x-kubernetes-int-or-string": true, anyOf: [{ type: "integer" }, { type: "string" }] }, true), [
    "schema/type spec: must be integer or string, got boolean",
  ]);
  assert.equal(check({ type: "string", nullable: true }, null), []);
  assert.equal(check({ type: "array", items: { type: "string" } }, [null]), ["schema/type spec[0]: must be string, got null"]);
});

test("objects: required, null pruned then required, unknown fields, bare objects, maps, preserved fields", () => {
  const schema: StructuralSchema = { type: "object", required: ["a"], properties: { a: { type: "string" }, b: { type: "object" } } };
  assert.equal(check(schema, {}), [`schema/required spec.a: missing required field "a"`]);
  assert.equal(check(schema, { a: null }), [`schema/required spec.a: missing required field "a"`]);
  assert.equal(check(schema, { a: "x", c: 1, b: { d: 1 } }), [`schema/unknown-field spec: unknown field "c"`, `schema/unknown-field spec.b: unknown field "d"`]);
  assert.equal(check({ type: "object", additionalProperties: { type: "string" } }, { x: "1", y: 2 }), ["schema/type spec.y: must be string, got integer"]);
  assert.equal(check({ type: "object", "x-kubernetes-preserve-unknown-fields": true, properties: { a: { type: "string" } } }, { a: 1, z: 1 }), [
    "schema/type spec.a: must be string, got integer",
  ]);
  assert.equal(check({ type: "object", minProperties: 1 }, {}), ["schema/properties spec: must have at least 1 fields, got 0"]);
});

test("an embedded resource may carry apiVersion, kind and metadata", () => {
  const schema: StructuralSchema = { type: "object", "x-kubernetes-embedded-resource": true, properties: { spec: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } };
  assert.equal(check(schema, { apiVersion: "v1", kind: "Pod", metadata: {}, spec: { any: 1 }, other: 1 }), [`schema/unknown-field spec: unknown field "other"`]);
});

test("arrays: item counts and list-type set/map duplicates", () => {
  assert.equal(check({ type: "array", minItems: 1, items: { type: "string" } }, []), ["schema/items spec: must have at least 1 items, got 0"]);
  assert.equal(check({ type: "array", "x-kubernetes-list-type": "set", items: { type: "string" } }, ["a", "b", "a"]), [`schema/duplicate spec[2]: duplicate value "a"`]);
  const map: StructuralSchema = {
    type: "array",
    "x-kubernetes-list-type": "map",
    "x-kubernetes-list-map-keys": ["name"],
    items: { type: "object", properties: { name: { type: "string" }, port: { type: "integer" } } },
  };
  assert.equal(check(map, [{ name: "a", port: 1 }, { name: "a", port: 2 }]), [`schema/duplicate spec[1]: duplicate entry for key name = ["a"]`]);
});

test("anyOf, oneOf, allOf and not, with fields the branches do not list", () => {
  const oneOfTwo: StructuralSchema = { type: "object", properties: { a: { type: "string" }, b: { type: "string" } }, anyOf: [{ required: ["a"] }, { required: ["b"] }] };
  assert.equal(check(oneOfTwo, { a: "x" }), []);
  const none = validate({ apiVersion: API, kind: "Thing", metadata: { name: "x" }, spec: {} }, registryOf(oneOfTwo));
  assert.equal(brief(none), ["schema/composition spec: must match at least one anyOf branch"]);
  assert.is(none[0]?.fix, "set at least one of: a, b");
  assert.equal(check({ ...oneOfTwo, anyOf: undefined, oneOf: [{ required: ["a"] }, { required: ["b"] }] }, { a: "x", b: "y" }), ["schema/composition spec: must match exactly one oneOf branch"]);
  assert.equal(check({ type: "string", allOf: [{ minLength: 2 }, { pattern: "^a" }] }, "b"), [
    "schema/length spec: must be at least 2 characters, got 1",
    `schema/pattern spec: "b" must match ^a`,
  ]);
  assert.equal(check({ ...oneOfTwo, anyOf: undefined, not: { required: ["a", "b"] } }, { a: "x", b: "y" }), ["schema/composition spec: must not match the schema under not"]);
});

test("metadata: ObjectMeta fields, string name, string maps", () => {
  const object = { apiVersion: "gateway.kgateway.dev/v1alpha1", kind: "Backend", metadata: { labels: { a: 1 }, label: {} }, spec: { type: "Static", static: { hosts: [{ host: "h", port: 80 }] } } };
  const findings = validate(object);
  assert.equal(brief(findings), [
    `schema/unknown-field metadata: unknown field "label"`,
    `schema/required metadata.name: missing required field "name"`,
    "schema/type metadata.labels.a: must be string, got integer",
  ]);
  assert.ok(findings[0]?.fix.includes(`did you mean "labels"?`), findings[0]?.fix);
});

// ---- document-level rules and the models

test("untyped documents get an info finding each", () => {
  const doc = untypedObject(corrected.rateLimits);
  const findings = validateDocumentSchema(doc, at(doc.object), crdSchemas);
  assert.equal(findings.map((f) => `${f.severity} ${f.rule}`), ["info typing/untyped-object"]);
});

test("a kind with neither schema nor model: one warning; kustomize's own file: nothing", () => {
  assert.equal(
    validate({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } }).map((f) => `${f.severity} ${f.rule}`),
    ["warning schema/unknown-kind"],
  );
  assert.equal(validate({ apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization" }), []);
});

test("a kind the registry lacks is checked by its model", () => {
  const policy = { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "n" }, spec: { podSelector: {}, policyTypes: "Ingress" } };
  assert.equal(brief(validate(policy)), ["schema/model spec.policyTypes: must be array"]);
});

test("model findings that repeat a structural one are dropped", () => {
  // Both the model and the structural check reject the type and the missing required field.
  const backend = { apiVersion: "gateway.kgateway.dev/v1alpha1", kind: "Backend", metadata: { name: "b" }, spec: { type: "Static", static: { hosts: [{ port: "80" }] } } };
  assert.equal(brief(validate(backend)), [
    "schema/type spec.static.hosts[0].port: must be integer, got string",
    `schema/required spec.static.hosts[0].host: missing required field "host"`,
  ]);
});

test("validateSchemas sums findings and counts over documents", () => {
  const docs: Document[] = [document(corrected.rateLimits), document(promptGuards!)];
  const result = validateSchemas(docs.map((d) => ({ document: d, at: at(d.object) })), crdSchemas);
  assert.is(result.findings.length, 3);
  assert.ok(result.cel.passed > 0);
});

test.run();
