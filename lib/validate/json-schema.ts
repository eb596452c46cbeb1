// Helm's check of a release's values against a chart's values.schema.json (JSON Schema draft
// 2020-12), for the keywords chart schemas use, over the compact bundle that
// scripts/import-chart-schema.ts writes (one table of definitions, `$ref`s already resolved to
// its keys, annotations dropped). Helm fails the install or upgrade on any of these errors.
//
// Two departures from a plain JSON Schema validator, both so that a release Helm would accept is
// never reported:
// - A string holding a Flux variable (`${VAR}`) passes every type, enum, const, pattern and length
//   check: kustomize-controller substitutes it before Helm sees the values.
// - A key whose value is null is skipped: Helm's values coalescing deletes it before validation
//   (helm/pkg/chartutil/coalesce.go, coalesceTablesFullKey: "if value == nil ... delete").
// One root cause gives one issue: a value of the wrong type is not descended into, and when no
// branch of a oneOf/anyOf matches, only the closest branch's issues are reported.

import { jsonType, unknownFieldFix, unknownFieldMessage, type JsonType } from "./structural.ts";
import { compilePattern } from "./pattern.ts";

export type JsonTypeName = JsonType;

/** One schema node of a compact bundle: the validation keywords of draft 2020-12 that chart schemas use. */
export interface ValuesSchema {
  readonly type?: readonly JsonTypeName[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly properties?: Readonly<Record<string, ValuesSchema>>;
  readonly additionalProperties?: boolean | ValuesSchema;
  readonly unevaluatedProperties?: boolean;
  readonly required?: readonly string[];
  readonly dependentSchemas?: Readonly<Record<string, ValuesSchema>>;
  readonly items?: ValuesSchema;
  readonly allOf?: readonly ValuesSchema[];
  readonly anyOf?: readonly ValuesSchema[];
  readonly oneOf?: readonly ValuesSchema[];
  readonly not?: ValuesSchema;
  /** A key of the bundle's `defs`. */
  readonly $ref?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly pattern?: string;
}

/** The keywords above, for the import script to refuse a schema that uses any other. */
export const VALUES_SCHEMA_KEYWORDS: readonly string[] = [
  "type", "enum", "const", "properties", "additionalProperties", "unevaluatedProperties", "required", "dependentSchemas",
  "items", "allOf", "anyOf", "oneOf", "not", "$ref", "minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems", "pattern",
];

export interface ValuesSchemaBundle {
  readonly root: ValuesSchema;
  readonly defs: Readonly<Record<string, ValuesSchema>>;
}

export interface ValuesIssue {
  /** Path of the offending value below the values' root. */
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly fix: string;
}

/** Every issue of `values` against the bundle, in document order. */
export function validateValues(values: unknown, bundle: ValuesSchemaBundle): ValuesIssue[] {
  const walk: Walk = { defs: bundle.defs, path: [], issues: [] };
  check(walk, values, bundle.root, undefined);
  return walk.issues;
}

const FLUX_VARIABLE = /\$\{[^{}]*\}/;

/** Whether a value is a string that Flux substitutes into before Helm reads it. */
export function holdsFluxVariable(value: unknown): boolean {
  return typeof value === "string" && FLUX_VARIABLE.test(value);
}

function containsFluxVariable(value: unknown): boolean {
  if (typeof value === "string") return FLUX_VARIABLE.test(value);
  if (value === null || typeof value !== "object") return false;
  return Object.values(value).some(containsFluxVariable);
}

interface Walk {
  readonly defs: Readonly<Record<string, ValuesSchema>>;
  /** Pushed and popped; copied only into an issue. */
  readonly path: (string | number)[];
  issues: ValuesIssue[];
}

function report(walk: Walk, message: string, fix: string): false {
  walk.issues.push({ path: [...walk.path], message, fix });
  return false;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function resolve(walk: Pick<Walk, "defs">, ref: string): ValuesSchema {
  const target = walk.defs[ref];
  if (target === undefined) throw new Error(`values schema: no definition ${JSON.stringify(ref)}`);
  return target;
}

/**
 * Checks one value against one schema node. `evaluated` collects the keys of an object value that
 * this node and its passing subschemas evaluated, for the enclosing `unevaluatedProperties`.
 */
function check(walk: Walk, value: unknown, schema: ValuesSchema, evaluated: Set<string> | undefined): boolean {
  let ok = true;
  if (schema.$ref !== undefined) ok = check(walk, value, resolve(walk, schema.$ref), evaluated);
  if (holdsFluxVariable(value)) return ok;
  if (schema.type !== undefined && !hasType(value, schema.type)) {
    return report(walk, `must be ${schema.type.join(" or ")}, got ${jsonType(value)}`, `write ${schema.type.map(withArticle).join(" or ")}`);
  }
  if (schema.enum !== undefined && !schema.enum.some((v) => sameValue(v, value))) {
    const supported = schema.enum.map((v) => JSON.stringify(v)).join(", ");
    ok = report(walk, `unsupported value ${JSON.stringify(value)}: supported values: ${supported}`, `use one of: ${supported}`);
  }
  if (schema.const !== undefined && !sameValue(schema.const, value)) {
    ok = report(walk, `must be ${JSON.stringify(schema.const)}, got ${JSON.stringify(value)}`, `write ${JSON.stringify(schema.const)}`);
  }
  if (typeof value === "string") ok = checkString(walk, value, schema) && ok;
  else if (typeof value === "number") ok = checkNumber(walk, value, schema) && ok;
  else if (Array.isArray(value)) ok = checkArray(walk, value, schema) && ok;
  const object = isObject(value) ? value : undefined;
  // The keys this node evaluates: its own, and those of the subschemas that pass.
  const own = object !== undefined && (evaluated !== undefined || schema.unevaluatedProperties === false) ? (evaluated ?? new Set<string>()) : undefined;
  if (object !== undefined) ok = checkObject(walk, object, schema, own) && ok;
  ok = checkComposition(walk, value, schema, own) && ok;
  if (object !== undefined && schema.unevaluatedProperties === false && own !== undefined) {
    ok = checkUnevaluated(walk, object, schema, own) && ok;
  }
  return ok;
}

function hasType(value: unknown, types: readonly JsonTypeName[]): boolean {
  const actual = jsonType(value);
  return types.includes(actual) || (actual === "integer" && types.includes("number"));
}

function withArticle(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return a === b;
  return JSON.stringify(a) === JSON.stringify(b);
}

// ---- scalars and lists

function checkString(walk: Walk, value: string, schema: ValuesSchema): boolean {
  let ok = true;
  const length = [...value].length;
  if (schema.minLength !== undefined && length < schema.minLength) {
    ok = report(walk, `must be at least ${schema.minLength} characters, got ${length}`, `lengthen the value to ${schema.minLength} or more characters`);
  }
  if (schema.maxLength !== undefined && length > schema.maxLength) {
    ok = report(walk, `must be at most ${schema.maxLength} characters, got ${length}`, `shorten the value to ${schema.maxLength} characters or fewer`);
  }
  if (schema.pattern !== undefined) {
    // A pattern JS cannot compile is left unchecked rather than guessed at.
    const regex = compilePattern(schema.pattern);
    if (regex && !regex.test(value)) ok = report(walk, `${JSON.stringify(value)} must match ${schema.pattern}`, `change the value to match ${schema.pattern}`);
  }
  return ok;
}

function checkNumber(walk: Walk, value: number, schema: ValuesSchema): boolean {
  let ok = true;
  if (schema.minimum !== undefined && value < schema.minimum) ok = report(walk, `must be >= ${schema.minimum}, got ${value}`, `use a value >= ${schema.minimum}`);
  if (schema.maximum !== undefined && value > schema.maximum) ok = report(walk, `must be <= ${schema.maximum}, got ${value}`, `use a value <= ${schema.maximum}`);
  return ok;
}

function checkArray(walk: Walk, items: readonly unknown[], schema: ValuesSchema): boolean {
  let ok = true;
  if (schema.minItems !== undefined && items.length < schema.minItems) ok = report(walk, `must have at least ${schema.minItems} items, got ${items.length}`, `add items up to ${schema.minItems}`);
  if (schema.maxItems !== undefined && items.length > schema.maxItems) ok = report(walk, `must have at most ${schema.maxItems} items, got ${items.length}`, `remove items down to ${schema.maxItems}`);
  if (schema.items === undefined) return ok;
  for (let i = 0; i < items.length; i++) {
    walk.path.push(i);
    ok = check(walk, items[i], schema.items, undefined) && ok;
    walk.path.pop();
  }
  return ok;
}

// ---- objects

function checkObject(walk: Walk, object: Record<string, unknown>, schema: ValuesSchema, evaluated: Set<string> | undefined): boolean {
  let ok = true;
  const { properties, additionalProperties } = schema;
  if (properties !== undefined || additionalProperties !== undefined) {
    for (const key in object) {
      const value = object[key];
      const property = properties !== undefined && Object.hasOwn(properties, key) ? properties[key] : undefined;
      if (property === undefined && additionalProperties === undefined) continue;
      evaluated?.add(key);
      if (value === null || value === undefined) continue;
      walk.path.push(key);
      if (property !== undefined) ok = check(walk, value, property, undefined) && ok;
      else if (additionalProperties === false) ok = unknownKey(walk, key, Object.keys(properties ?? {})) && ok;
      else if (typeof additionalProperties === "object") ok = check(walk, value, additionalProperties, undefined) && ok;
      walk.path.pop();
    }
  }
  for (const name of schema.required ?? []) {
    if (object[name] === undefined || object[name] === null) {
      walk.path.push(name);
      ok = report(walk, `missing required field ${JSON.stringify(name)}`, `set ${name}`);
      walk.path.pop();
    }
  }
  for (const [name, dependent] of Object.entries(schema.dependentSchemas ?? {})) {
    if (object[name] === undefined || object[name] === null) continue;
    const outcome = trial(walk, object, dependent);
    adopt(outcome, evaluated);
    // The usual use: a key that excludes others (`name` or `identifier`, not both).
    walk.issues.push(...outcome.issues.map((issue) => ({ ...issue, message: `${issue.message} when ${name} is set` })));
    ok = outcome.ok && ok;
  }
  return ok;
}

/** Reports a key the schema does not have; the path already ends with the key. */
function unknownKey(walk: Walk, key: string, known: readonly string[]): boolean {
  // A key that Flux fills in is judged after substitution, which we cannot see.
  if (FLUX_VARIABLE.test(key)) return true;
  return report(walk, `${unknownFieldMessage(key)}: the chart's values schema rejects it, so Helm fails the release`, unknownFieldFix(key, known));
}

function checkUnevaluated(walk: Walk, object: Record<string, unknown>, schema: ValuesSchema, evaluated: ReadonlySet<string>): boolean {
  let ok = true;
  let known: readonly string[] | undefined;
  for (const key in object) {
    if (evaluated.has(key) || object[key] === null || object[key] === undefined) continue;
    known ??= [...declaredKeys(walk, object, schema, new Set())];
    walk.path.push(key);
    ok = unknownKey(walk, key, known) && ok;
    walk.path.pop();
  }
  return ok;
}

/**
 * The keys a node could have evaluated on this object: its own properties and those of its
 * allOf members, and of the anyOf/oneOf branches that match (all of them when none does), to
 * suggest a spelling. Only run on the way to an error.
 */
function declaredKeys(walk: Walk, object: Record<string, unknown>, schema: ValuesSchema, into: Set<string>): Set<string> {
  if (schema.$ref !== undefined) declaredKeys(walk, object, resolve(walk, schema.$ref), into);
  for (const key of Object.keys(schema.properties ?? {})) into.add(key);
  for (const member of schema.allOf ?? []) declaredKeys(walk, object, member, into);
  for (const branches of [schema.anyOf, schema.oneOf]) {
    if (branches === undefined) continue;
    const matching = branches.filter((b) => trial(walk, object, b).ok);
    for (const branch of matching.length > 0 ? matching : branches) declaredKeys(walk, object, branch, into);
  }
  return into;
}

// ---- allOf, anyOf, oneOf, not

interface Trial {
  readonly ok: boolean;
  readonly issues: ValuesIssue[];
  readonly evaluated: Set<string>;
}

/** Checks a branch on the side: its issues and evaluated keys are kept apart until chosen. */
function trial(walk: Walk, value: unknown, branch: ValuesSchema): Trial {
  const issues = walk.issues;
  walk.issues = [];
  const evaluated = new Set<string>();
  const ok = check(walk, value, branch, evaluated);
  const trialIssues = walk.issues;
  walk.issues = issues;
  return { ok, issues: trialIssues, evaluated };
}

function adopt(chosen: Trial, evaluated: Set<string> | undefined): void {
  if (evaluated !== undefined) for (const key of chosen.evaluated) evaluated.add(key);
}

function checkComposition(walk: Walk, value: unknown, schema: ValuesSchema, evaluated: Set<string> | undefined): boolean {
  let ok = true;
  for (const member of schema.allOf ?? []) ok = check(walk, value, member, evaluated) && ok;
  if (schema.anyOf !== undefined) ok = checkBranches(walk, value, schema.anyOf, "anyOf", evaluated) && ok;
  if (schema.oneOf !== undefined) ok = checkBranches(walk, value, schema.oneOf, "oneOf", evaluated) && ok;
  if (schema.not !== undefined && trial(walk, value, schema.not).ok) {
    const object = isObject(value) ? value : {};
    const forbidden = forbiddenCombinations(schema.not).filter((keys) => keys.every((key) => object[key] !== undefined));
    ok = forbidden.length > 0
      ? report(walk, `must not set ${forbidden.map((keys) => keys.join(" with ")).join(", nor ")}`, forbidden.map((keys) => (keys.length === 1 ? `remove ${keys[0]}` : `keep only one of ${keys.join(", ")}`)).join("; "))
      : report(walk, "must not match the schema under not", "change the value");
  }
  return ok;
}

/** `not: {required: [a, b]}` (or an anyOf of those) forbids setting keys together: name them. */
function forbiddenCombinations(not: ValuesSchema): (readonly string[])[] {
  if (not.required !== undefined) return [not.required];
  return (not.anyOf ?? []).flatMap((branch) => (branch.required !== undefined ? [branch.required] : []));
}

function checkBranches(walk: Walk, value: unknown, branches: readonly ValuesSchema[], keyword: "anyOf" | "oneOf", evaluated: Set<string> | undefined): boolean {
  const trials = branches.map((branch) => trial(walk, value, branch));
  const passing = trials.filter((t) => t.ok);
  if (passing.length === 1 || (passing.length > 1 && keyword === "anyOf")) {
    for (const t of passing) adopt(t, evaluated);
    return true;
  }
  if (passing.length > 1) {
    for (const t of passing) adopt(t, evaluated);
    // A variable can make a value fit several branches until Flux substitutes it.
    if (containsFluxVariable(value)) return true;
    return report(walk, `matches ${passing.length} of the alternatives where exactly one must match`, requiredFix("exactly one of", branches) ?? "remove the fields that make it fit more than one alternative");
  }
  // None passes: the closest branch stands for the value: among those whose discriminators
  // (`type: {const: cronjob}`) fit it, if any, the one with the fewest issues, the first on a tie.
  const fitting = trials.filter((_, i) => constantsFit(walk, value, branches[i]!));
  const closest = (fitting.length > 0 ? fitting : trials).reduce((best, t) => (t.issues.length < best.issues.length ? t : best));
  adopt(closest, evaluated);
  const fix = requiredFix(keyword === "oneOf" ? "exactly one of" : "at least one of", branches);
  if (fix !== undefined) return report(walk, `must set ${keyword === "oneOf" ? "exactly one" : "at least one"} of the alternatives`, fix);
  walk.issues.push(...closest.issues);
  return closest.issues.length > 0 ? false : report(walk, `matches none of the ${keyword} alternatives`, "change the value to match one of them");
}

/** Whether the value agrees with every `const` property of a branch (an absent optional one agrees). */
function constantsFit(walk: Walk, value: unknown, branch: ValuesSchema): boolean {
  if (branch.$ref !== undefined && !constantsFit(walk, value, resolve(walk, branch.$ref))) return false;
  if (!isObject(value)) return true;
  for (const [key, property] of Object.entries(branch.properties ?? {})) {
    if (property.const === undefined) continue;
    const present = value[key] !== undefined && value[key] !== null;
    if (present ? !sameValue(property.const, value[key]) && !holdsFluxVariable(value[key]) : branch.required?.includes(key)) return false;
  }
  return (branch.allOf ?? []).every((member) => constantsFit(walk, value, member));
}

/** Branches that only list required fields are the usual "set one of these" constraint: say so. */
function requiredFix(quantity: string, branches: readonly ValuesSchema[]): string | undefined {
  const required = branches.map((b) => (Object.keys(b).length === 1 ? b.required?.join(" + ") : undefined));
  return required.every((r) => r !== undefined) ? `set ${quantity}: ${required.join(", ")}` : undefined;
}
