// x-kubernetes-validations: every CEL rule on a schema node whose value is present, with `self`
// bound to that value as the API server types it. Rules we cannot run (unknown functions, regexes
// JS cannot compile, optional oldSelf) are counted as unevaluated, never passed silently; rules
// that compare with `oldSelf` only apply to updates and are counted apart.

import { isCelError, parse, plan, type CelInput, type CelResult } from "@bufbuild/cel";
import type { StructuralSchema, ValidationRule } from "../models/structural-schema.ts";
import { fieldPath, finding, type Finding, type FindingLocation } from "./findings.ts";
import { isKnownFunction, kubernetesCelEnv, UNEVALUABLE } from "./cel-library.ts";
import { hasSchemaType } from "./structural.ts";

export interface CelStats {
  /** Rules that ran to a verdict: passed + failed. */
  evaluated: number;
  passed: number;
  failed: number;
  /** Rules on present fields that we could not run. */
  unevaluated: number;
  /** Rules on present fields that use `oldSelf`: not applicable when an object is created. */
  transitionRules: number;
}

export function emptyCelStats(): CelStats {
  return { evaluated: 0, passed: 0, failed: 0, unevaluated: 0, transitionRules: 0 };
}

export type CompiledRule =
  | { readonly kind: "program"; readonly run: (self: CelInput) => CelResult }
  | { readonly kind: "transition" }
  | { readonly kind: "unevaluable"; readonly reason: string };

type Expr = ReturnType<typeof parse>["expr"];

// By rule text: CRDs repeat the same rule on many nodes (duration regexes, exactly-one-of).
const compiledRules = new Map<string, CompiledRule>();

export function compileRule(rule: string): CompiledRule {
  let compiled = compiledRules.get(rule);
  if (compiled === undefined) {
    compiled = compile(rule);
    compiledRules.set(rule, compiled);
  }
  return compiled;
}

function compile(rule: string): CompiledRule {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(rule);
  } catch (error) {
    return { kind: "unevaluable", reason: `does not parse: ${(error as Error).message}` };
  }
  const idents = new Set<string>();
  const functions = new Set<string>();
  collectNames(parsed.expr, idents, functions);
  if (idents.has("oldSelf")) return { kind: "transition" };
  // The planner binds functions lazily and would only fail at run time: find missing ones now.
  const missing = [...functions].filter((name) => !isKnownFunction(name));
  if (missing.length > 0) return { kind: "unevaluable", reason: `calls ${missing.join(", ")}, which the evaluator lacks` };
  try {
    const program = plan(kubernetesCelEnv, parsed);
    return { kind: "program", run: (self) => program({ self }) };
  } catch (error) {
    return { kind: "unevaluable", reason: `does not plan: ${(error as Error).message}` };
  }
}

/** Identifiers and called function names (operators such as `_==_` excluded) of an expression. */
function collectNames(expr: Expr | undefined, idents: Set<string>, functions: Set<string>): void {
  if (expr === undefined) return;
  const kind = expr.exprKind;
  switch (kind.case) {
    case "identExpr":
      idents.add(kind.value.name);
      return;
    case "selectExpr":
      return collectNames(kind.value.operand, idents, functions);
    case "callExpr":
      if (/^[A-Za-z]/.test(kind.value.function)) functions.add(kind.value.function);
      collectNames(kind.value.target, idents, functions);
      for (const arg of kind.value.args) collectNames(arg, idents, functions);
      return;
    case "listExpr":
      for (const element of kind.value.elements) collectNames(element, idents, functions);
      return;
    case "structExpr":
      for (const entry of kind.value.entries) {
        if (entry.keyKind.case === "mapKey") collectNames(entry.keyKind.value, idents, functions);
        collectNames(entry.value, idents, functions);
      }
      return;
    case "comprehensionExpr":
      for (const part of [kind.value.iterRange, kind.value.accuInit, kind.value.loopCondition, kind.value.loopStep, kind.value.result]) {
        collectNames(part, idents, functions);
      }
      return;
  }
}

/** Evaluates every rule of `schema` on `object`, appending findings and counting into `stats`. */
export function validateCel(object: unknown, schema: StructuralSchema, at: FindingLocation, findings: Finding[], stats: CelStats): void {
  visit({ at, findings, stats, path: [] }, object, schema, undefined);
}

interface Walk {
  readonly at: FindingLocation;
  readonly findings: Finding[];
  readonly stats: CelStats;
  readonly path: (string | number)[];
}

/**
 * `converted` is the value already turned into CEL input by an ancestor that had rules: children
 * look themselves up in it instead of converting their subtree again.
 */
function visit(walk: Walk, value: unknown, schema: StructuralSchema, converted: CelInput | undefined): void {
  // A value of the wrong type is the structural check's finding; rules on it would only echo it.
  if (value === undefined || value === null || !hasRules(schema) || !hasSchemaType(value, schema)) return;
  const rules = schema["x-kubernetes-validations"];
  if (rules !== undefined) {
    const outcomes = rememberedOutcomes(schema, value, () => {
      converted ??= toCel(value, schema);
      const self = converted;
      return rules.map((rule) => evaluate(rule, self));
    });
    outcomes.forEach((outcome, i) => record(walk, rules[i]!, outcome));
  }
  if (Array.isArray(value)) {
    const items = schema.items;
    if (items === undefined || !hasRules(items)) return;
    for (let i = 0; i < value.length; i++) {
      walk.path.push(i);
      visit(walk, value[i], items, Array.isArray(converted) ? (converted[i] as CelInput) : undefined);
      walk.path.pop();
    }
  } else if (typeof value === "object") {
    const object = value as Record<string, unknown>;
    const { properties, additionalProperties } = schema;
    for (const key in object) {
      const child = properties !== undefined && Object.hasOwn(properties, key) ? properties[key] : typeof additionalProperties === "object" ? additionalProperties : undefined;
      if (child === undefined || !hasRules(child)) continue;
      const name = properties !== undefined ? celFieldName(key) : key;
      walk.path.push(key);
      visit(walk, object[key], child, converted instanceof Map && name !== null ? converted.get(name) : undefined);
      walk.path.pop();
    }
  }
}

/** What one rule made of one value: the finding's message when it failed. */
type Outcome = "passed" | "unevaluated" | "transition" | { readonly failed: string };

function evaluate(rule: ValidationRule, self: CelInput): Outcome {
  const compiled = compileRule(rule.rule);
  if (compiled.kind === "transition") {
    // With optionalOldSelf the API server runs the rule on create too, with oldSelf unset; we
    // cannot bind an unset optional, so that one is unevaluated rather than not applicable.
    return rule.optionalOldSelf ? "unevaluated" : "transition";
  }
  if (compiled.kind === "unevaluable") return "unevaluated";
  const result = compiled.run(self);
  if (result === true) return "passed";
  if (result === false) return { failed: rule.message ?? `failed rule: ${rule.rule}` };
  // The API server reports run-time errors (no such key, bad duration) as invalid values.
  if (isCelError(result) && !isUnevaluable(result.message)) return { failed: `${result.message} evaluating rule: ${rule.message ?? rule.rule}` };
  return "unevaluated";
}

/** Counts an outcome and, for a failure, adds its finding at the walk's current path. */
function record(walk: Walk, rule: ValidationRule, outcome: Outcome): void {
  const { stats } = walk;
  if (outcome === "transition") stats.transitionRules++;
  else if (outcome === "unevaluated") stats.unevaluated++;
  else if (outcome === "passed") {
    stats.evaluated++;
    stats.passed++;
  } else {
    stats.evaluated++;
    stats.failed++;
    const path = rule.fieldPath === undefined ? walk.path : [...walk.path, ...fieldPathSegments(rule.fieldPath)];
    walk.findings.push(finding(walk.at, "schema/cel", "error", fieldPath(path), outcome.failed, `change the value so that this rule holds: ${rule.rule}`));
  }
}

// ---- outcomes remembered per schema node and value

// A rule sees nothing but its value, and a thousand copies of an app hand the same rules the same
// values (435 distinct of 11,000 in a 200-copy monorepo): each value is evaluated once per schema
// node, keyed by its JSON. JSON writes NaN and Infinity as null, so a value holding one is
// evaluated every time instead.
const outcomesByValue = new WeakMap<StructuralSchema, Map<string, readonly Outcome[]>>();
// Per schema node; bounds the memory of a long-running process.
const OUTCOMES_PER_NODE_LIMIT = 10_000;

function rememberedOutcomes(schema: StructuralSchema, value: unknown, evaluateAll: () => readonly Outcome[]): readonly Outcome[] {
  // JSON writes NaN and Infinity as null, so such a value has no key of its own: evaluated every
  // time. A replacer would find them as JSON writes, but costs a call per node on every visit;
  // "null" in the text is rare, and only then is the value walked.
  const key = JSON.stringify(value);
  if (key.includes("null") && hasNonFinite(value)) return evaluateAll();
  let remembered = outcomesByValue.get(schema);
  if (remembered === undefined) outcomesByValue.set(schema, (remembered = new Map()));
  let outcomes = remembered.get(key);
  if (outcomes === undefined) {
    if (remembered.size >= OUTCOMES_PER_NODE_LIMIT) remembered.clear();
    outcomes = evaluateAll();
    remembered.set(key, outcomes);
  }
  return outcomes;
}

function hasNonFinite(value: unknown): boolean {
  if (typeof value === "number") return !Number.isFinite(value);
  if (Array.isArray(value)) return value.some(hasNonFinite);
  return typeof value === "object" && value !== null && Object.values(value).some(hasNonFinite);
}

/**
 * Errors that say our evaluator differs from the API server's (which type-checked the rule), not
 * that the value is wrong: a missing overload (int-or-string, formats we keep as strings) or an
 * unbound function.
 */
function isUnevaluable(message: string): boolean {
  return message.startsWith(UNEVALUABLE) || message.includes("no matching overload") || message.includes("unbound function");
}

/** `.spec.foo['bar'][0]` → segments. */
function fieldPathSegments(text: string): (string | number)[] {
  const segments: (string | number)[] = [];
  for (const match of text.matchAll(/\.([^.[\]]+)|\['((?:[^'\\]|\\.)*)'\]|\[(\d+)\]/g)) {
    segments.push(match[3] !== undefined ? Number(match[3]) : (match[1] ?? match[2] ?? "").replace(/\\(.)/g, "$1"));
  }
  return segments;
}

// ---- schema nodes with rules

const rulesBelow = new WeakMap<StructuralSchema, boolean>();

/** Whether the node or anything under it carries rules; the walk skips rule-free subtrees. */
function hasRules(schema: StructuralSchema): boolean {
  let has = rulesBelow.get(schema);
  if (has === undefined) {
    const { properties, items, additionalProperties } = schema;
    has =
      schema["x-kubernetes-validations"] !== undefined ||
      (properties !== undefined && Object.values(properties).some(hasRules)) ||
      (items !== undefined && hasRules(items)) ||
      (typeof additionalProperties === "object" && hasRules(additionalProperties));
    rulesBelow.set(schema, has);
  }
  return has;
}

// ---- values as the API server hands them to CEL

/**
 * Integers become CEL ints (bigint) and JSON numbers under `type: number` doubles; objects with
 * declared properties become maps of those properties (what pruning keeps) under their escaped
 * names, absent ones with a default defaulted; maps and free-form objects keep their keys.
 */
function toCel(value: unknown, schema: StructuralSchema | undefined): CelInput {
  if (typeof value === "number") return Number.isInteger(value) && schema?.type !== "number" ? BigInt(value) : value;
  if (value === null || typeof value !== "object") return value as CelInput;
  if (Array.isArray(value)) return value.map((item) => toCel(item, schema?.items));
  const object = value as Record<string, unknown>;
  const properties = schema?.properties;
  const additional = typeof schema?.additionalProperties === "object" ? schema.additionalProperties : undefined;
  const map = new Map<string, CelInput>();
  for (const key in object) {
    const child = object[key];
    if (child === undefined) continue;
    if (properties === undefined) {
      map.set(key, toCel(child, additional));
      continue;
    }
    const property = Object.hasOwn(properties, key) ? properties[key] : undefined;
    const name = celFieldName(key);
    if (property === undefined || name === null || (child === null && !property.nullable)) continue;
    map.set(name, toCel(child, property));
  }
  if (properties !== undefined) addDefaults(map, object, properties);
  return map;
}

/**
 * The API server defaults absent fields before it runs the rules (apiextensions-apiserver
 * pkg/apiserver/schema/defaulting/algorithm.go: Default), so a rule reads `p.group` of a
 * parentRef that left it out: the schema's `default`, itself defaulted below.
 */
function addDefaults(map: Map<string, CelInput>, object: Record<string, unknown>, properties: Readonly<Record<string, StructuralSchema>>): void {
  for (const key in properties) {
    const property = properties[key]!;
    if (property.default === undefined || property.default === null || object[key] !== undefined) continue;
    const name = celFieldName(key);
    if (name !== null) map.set(name, toCel(property.default, property));
  }
}

const CEL_RESERVED: ReadonlySet<string> = new Set([
  "true", "false", "null", "in", "as", "break", "const", "continue", "else", "for", "function",
  "if", "import", "let", "loop", "package", "namespace", "return", "var", "void", "while",
]);
const ESCAPES: Readonly<Record<string, string>> = { __: "__underscores__", ".": "__dot__", "-": "__dash__", "/": "__slash__" };
const escapedNames = new Map<string, string | null>();

/**
 * A property's name in CEL, escaped as the API server does (`namespace` → `__namespace__`,
 * `a-b` → `a__dash__b`); `null` for names CEL cannot reach.
 */
function celFieldName(name: string): string | null {
  let escaped = escapedNames.get(name);
  if (escaped === undefined) {
    if (CEL_RESERVED.has(name)) escaped = `__${name}__`;
    else if (/^[A-Za-z_][A-Za-z0-9_./-]*$/.test(name)) escaped = name.replace(/__|[./-]/g, (s) => ESCAPES[s] ?? s);
    else escaped = null;
    escapedNames.set(name, escaped);
  }
  return escaped;
}
