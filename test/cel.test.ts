// CEL rules (x-kubernetes-validations) on the kgateway Backend and TrafficPolicy CRDs: the rules of
// facts §2.3 hold for the corrected shapes and fail where they should; rules we cannot run are
// counted, never passed; and every kgateway rule compiles.

import { test } from "uvu";
import * as assert from "uvu/assert";
import type { StructuralSchema } from "../lib/models/structural-schema.ts";
import { crdSchemas } from "../lib/models/kgateway/schemas/index.ts";
import { parseQuantity } from "../lib/validate/cel-library.ts";
import { compileRule, emptyCelStats, validateCel, type CelStats } from "../lib/validate/cel.ts";
import type { Finding } from "../lib/validate/findings.ts";

const AT = { env: "test", file: "test.yaml", document: "Test/x" };

function schemaOf(kind: string): StructuralSchema {
  const entry = crdSchemas[`gateway.kgateway.dev/v1alpha1/${kind}`];
  if (entry === undefined) throw new Error(`no schema for ${kind}`);
  return entry.schema;
}

function cel(kind: string, spec: unknown): { findings: Finding[]; stats: CelStats } {
  const findings: Finding[] = [];
  const stats = emptyCelStats();
  validateCel({ apiVersion: "gateway.kgateway.dev/v1alpha1", kind, metadata: { name: "x" }, spec }, schemaOf(kind), AT, findings, stats);
  return { findings, stats };
}

function brief(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.rule} ${f.path}: ${f.message}`);
}

const targetRefs = [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "llm-routes" }];
const rateLimits = {
  targetRefs,
  rateLimit: { local: { tokenBucket: { maxTokens: 100, tokensPerFill: 10, fillInterval: "1s" } } },
  timeouts: { request: "60s" },
  retry: { attempts: 2, perTryTimeout: "30s", retryOn: ["5xx", "connect-failure"] },
};

test("the corrected rate-limits TrafficPolicy passes every rule on its fields", () => {
  const { findings, stats } = cel("TrafficPolicy", rateLimits);
  assert.equal(findings, []);
  assert.equal(stats, { evaluated: stats.passed, passed: stats.passed, failed: 0, unevaluated: 0, transitionRules: 0 });
  // spec (4), targetRefs, retry, perTryTimeout (2), request (1), fillInterval (2).
  assert.is(stats.passed, 11);
});

test("retry.perTryTimeout must be shorter than timeouts.request", () => {
  const { findings, stats } = cel("TrafficPolicy", { ...rateLimits, retry: { ...rateLimits.retry, perTryTimeout: "90s" } });
  assert.equal(brief(findings), ["schema/cel spec: retry.perTryTimeout must be lesser than timeouts.request"]);
  assert.is(findings[0]?.severity, "error");
  assert.is(stats.failed, 1);
});

test("rateLimit.local.tokenBucket.fillInterval must be at least 50ms", () => {
  const spec = { ...rateLimits, rateLimit: { local: { tokenBucket: { maxTokens: 100, fillInterval: "10ms" } } } };
  assert.equal(brief(cel("TrafficPolicy", spec).findings), ["schema/cel spec.rateLimit.local.tokenBucket.fillInterval: must be at least 50ms"]);
});

test("a malformed duration fails its regex rule and the duration rule errors as the API server's does", () => {
  const spec = { ...rateLimits, rateLimit: { local: { tokenBucket: { maxTokens: 100, fillInterval: "soon" } } } };
  const findings = brief(cel("TrafficPolicy", spec).findings);
  assert.is(findings.length, 2);
  assert.ok(findings[0]?.startsWith("schema/cel spec.rateLimit.local.tokenBucket.fillInterval: invalid duration value"), findings[0]);
  assert.ok(findings[1]?.endsWith(" evaluating rule: must be at least 50ms"), findings[1]);
});

const llm = { openai: { authToken: { kind: "SecretRef", secretRef: { name: "openai-secret" } }, model: "gpt-4" } };

test("a Backend with both llm and priorityGroups fails the exactly-one rule", () => {
  const { findings } = cel("Backend", { type: "AI", ai: { llm, priorityGroups: [{ providers: [{ name: "gpt", ...llm }] }] } });
  assert.equal(brief(findings), ["schema/cel spec.ai: exactly one of the fields in [llm priorityGroups] must be set"]);
});

test("provider names must be unique within a priority group; the seed's are", () => {
  const group = (names: string[]) => cel("Backend", { type: "AI", ai: { priorityGroups: [{ providers: names.map((name) => ({ name, ...llm })) }] } }).findings;
  assert.equal(group(["gpt-3.5", "claude-haiku"]), []);
  assert.equal(brief(group(["a", "a"])), ["schema/cel spec.ai.priorityGroups[0].providers: provider names must be unique within a group"]);
});

test("the seed's five Backends pass every rule", () => {
  const ai = (llm: unknown) => ({ type: "AI", ai: { llm } });
  const auth = { kind: "SecretRef", secretRef: { name: "s" } };
  for (const spec of [
    ai({ openai: { authToken: auth, model: "gpt-4" } }),
    ai({ anthropic: { authToken: auth, model: "claude", apiVersion: "2023-06-01" } }),
    ai({ gemini: { apiVersion: "v1beta", authToken: auth, model: "gemini" } }),
    { type: "Static", static: { hosts: [{ host: "litellm.ai.svc.cluster.local", port: 4000 }] } },
  ]) {
    const { findings, stats } = cel("Backend", spec);
    assert.equal(findings, []);
    assert.is(stats.unevaluated, 0);
  }
});

test("int-or-string quantities: integers are CEL ints, strings Kubernetes quantities", () => {
  const buffer = (maxRequestSize: unknown) => brief(cel("TrafficPolicy", { targetRefs, buffer: { maxRequestSize } }).findings);
  const tooBig = "schema/cel spec.buffer.maxRequestSize: maxRequestSize must be greater than 0 and less than 4Gi";
  assert.equal(buffer("1Mi"), []);
  assert.equal(buffer(1048576), []);
  assert.equal(buffer("4Gi"), [tooBig]);
  assert.equal(buffer(0), [tooBig]);
  assert.equal(parseQuantity("1.5k"), 1500);
  assert.equal(parseQuantity("500m"), 0.5);
  assert.equal(parseQuantity("2e3"), 2000);
  assert.throws(() => parseQuantity("1 Gi"));
});

test("reserved property names are escaped (namespace → __namespace__)", () => {
  const target = (selector: unknown) => cel("Backend", { type: "MCP", mcp: { targets: [{ name: "t", selector }] } }).findings;
  assert.equal(target({ namespace: { matchLabels: { a: "b" } } }), []);
  assert.equal(brief(target({})), ["schema/cel spec.mcp.targets[0].selector: at least one of namespace or service must be set"]);
});

// ---- rules we cannot or need not run

function synthetic(rules: StructuralSchema["x-kubernetes-validations"], value: unknown): { findings: Finding[]; stats: CelStats } {
  const findings: Finding[] = [];
  const stats = emptyCelStats();
  validateCel({ spec: value }, { type: "object", properties: { spec: { type: "object", properties: { a: { type: "string" } }, "x-kubernetes-validations": rules } } }, AT, findings, stats);
  return { findings, stats };
}

test("transition rules are not applicable on create; optionalOldSelf ones are unevaluated", () => {
  const { findings, stats } = synthetic([{ rule: "self.a == oldSelf.a" }, { rule: "!oldSelf.hasValue() || self.a == oldSelf.value().a", optionalOldSelf: true }], { a: "x" });
  assert.equal(findings, []);
  assert.equal(stats, { evaluated: 0, passed: 0, failed: 0, unevaluated: 1, transitionRules: 1 });
  assert.is(compileRule("self.a == oldSelf.a").kind, "transition");
});

test("rules calling functions we lack, or that do not parse, are counted as unevaluated", () => {
  const { findings, stats } = synthetic([{ rule: "isURL(self.a)" }, { rule: "self.?a.orValue('') == ''" }, { rule: "self.a.startsWith('x')" }], { a: "x" });
  assert.equal(findings, []);
  assert.equal(stats, { evaluated: 1, passed: 1, failed: 0, unevaluated: 2, transitionRules: 0 });
  const unevaluable = compileRule("isURL(self.a)");
  assert.ok(unevaluable.kind === "unevaluable" && unevaluable.reason.includes("isURL"));
});

test("a rule's fieldPath extends the finding's path; rules on absent fields do not run", () => {
  assert.equal(brief(synthetic([{ rule: "self.a == 'y'", message: "a must be y", fieldPath: ".a" }], { a: "x" }).findings), ["schema/cel spec.a: a must be y"]);
  assert.equal(synthetic([{ rule: "false" }], undefined).stats.evaluated, 0);
});

test("coverage: every x-kubernetes-validations rule of the kgateway CRDs compiles", () => {
  const rules: string[] = [];
  const walk = (schema: StructuralSchema): void => {
    for (const rule of schema["x-kubernetes-validations"] ?? []) rules.push(rule.rule);
    for (const child of Object.values(schema.properties ?? {})) walk(child);
    if (schema.items) walk(schema.items);
    if (typeof schema.additionalProperties === "object") walk(schema.additionalProperties);
  };
  for (const entry of Object.values(crdSchemas)) walk(entry.schema);
  const kinds = rules.map((rule) => compileRule(rule).kind);
  const count = (kind: string) => kinds.filter((k) => k === kind).length;
  console.log(
    `  kgateway CEL rules: ${rules.length} (${new Set(rules).size} distinct): ${count("program")} compiled, ${count("unevaluable")} unevaluable, ${count("transition")} transition`,
  );
  assert.is(count("program"), rules.length);
});

test("equal values are evaluated once per schema node, yet each place gets its own findings and counts", () => {
  // The same failing value at two places of one document, and in a second document.
  const failing = { ...rateLimits.retry, perTryTimeout: "90s" };
  const findings: Finding[] = [];
  const stats = emptyCelStats();
  const schema: StructuralSchema = { type: "object", properties: { a: schemaOf("TrafficPolicy"), b: schemaOf("TrafficPolicy") } };
  const policy = { apiVersion: "gateway.kgateway.dev/v1alpha1", kind: "TrafficPolicy", metadata: { name: "x" }, spec: { ...rateLimits, retry: failing } };
  validateCel({ a: policy, b: policy }, schema, AT, findings, stats);
  validateCel({ a: policy }, schema, { ...AT, document: "Test/y" }, findings, stats);
  assert.equal(
    findings.map((f) => `${f.document} ${f.path}`),
    ["Test/x a.spec", "Test/x b.spec", "Test/y a.spec"],
  );
  assert.is(stats.failed, 3);
  assert.is(stats.passed, 3 * 10);
  // A value differing in one field is its own value: its outcome is not the remembered one.
  assert.equal(brief(cel("TrafficPolicy", rateLimits).findings), []);
  assert.is(cel("TrafficPolicy", { ...rateLimits, retry: failing }).findings.length, 1);
});

test("a value holding NaN is never taken for the same value holding null (JSON writes both as null)", () => {
  const schema: StructuralSchema = {
    type: "object",
    properties: { n: { type: "number", nullable: true } },
    "x-kubernetes-validations": [{ rule: "self.n == null", message: "n must be null" }],
  };
  const run = (n: number | null) => {
    const findings: Finding[] = [];
    validateCel({ n }, schema, AT, findings, emptyCelStats());
    return brief(findings);
  };
  assert.equal(run(null), []);
  assert.equal(run(Number.NaN), ["schema/cel : n must be null"]);
  assert.equal(run(null), []);
});

test.run();
