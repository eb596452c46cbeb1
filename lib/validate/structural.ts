// The API server's structural check of one object against a CRD's structural schema: types,
// required fields, enums, patterns, bounds, formats, list uniqueness, anyOf/oneOf/allOf/not, and
// unknown fields as strict field validation (kubectl's and Flux's default) rejects them. A value of
// the wrong type is reported once and not descended into: one finding per root cause.

import { isIPv4, isIPv6 } from "node:net";
import type { StructuralSchema } from "../models/structural-schema.ts";
import { rankByCloseness } from "../suggest.ts";
import { fieldPath, finding, type Finding, type FindingLocation } from "./findings.ts";
import { compilePattern } from "./pattern.ts";

/** The JSON type of a value as messages name it; `integer` for whole numbers. */
export type JsonType = "null" | "boolean" | "integer" | "number" | "string" | "array" | "object";

export function jsonType(value: unknown): JsonType {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  switch (typeof value) {
    case "boolean":
      return "boolean";
    case "number":
      return Number.isInteger(value) ? "integer" : "number";
    case "string":
      return "string";
    default:
      return "object";
  }
}

/** Whether a value has the type the schema node declares; any value does when it declares none. */
export function hasSchemaType(value: unknown, schema: StructuralSchema): boolean {
  const actual = jsonType(value);
  if (schema["x-kubernetes-int-or-string"]) return actual === "integer" || actual === "string";
  if (schema.type === undefined) return true;
  return actual === schema.type || (schema.type === "number" && actual === "integer");
}

/** Shared with the model check so both word an unknown field alike and deduplicate. */
export function unknownFieldMessage(name: string): string {
  return `unknown field ${JSON.stringify(name)}`;
}

/**
 * Checks `object` against `schema`, appending findings. Returns how many `pattern` checks were
 * skipped because JS cannot compile the pattern.
 */
export function validateStructure(object: unknown, schema: StructuralSchema, at: FindingLocation, findings: Finding[]): number {
  const walk: Walk = { at, findings, path: [], root: object, uncheckedPatterns: 0 };
  check(walk, object, schema, false);
  return walk.uncheckedPatterns;
}

interface Walk {
  readonly at: FindingLocation;
  /** Unset while testing an anyOf/oneOf/not branch, where only pass or fail matters. */
  findings: Finding[] | undefined;
  /** Path of the value being checked; pushed and popped, turned into text only for a finding. */
  readonly path: (string | number)[];
  readonly root: unknown;
  uncheckedPatterns: number;
  /** Said after every message while checking a list item as the object it should have been. */
  note?: string;
}

function report(walk: Walk, rule: string, message: string, fix: string): false {
  const text = walk.note === undefined ? message : `${message} (${walk.note})`;
  walk.findings?.push(finding(walk.at, rule, "error", fieldPath(walk.path), text, fix));
  return false;
}

/**
 * `branch` is set inside allOf/anyOf/oneOf/not: branches carry value validations only, and fields
 * they do not list are not unknown (the skeleton schema decides that).
 */
function check(walk: Walk, value: unknown, schema: StructuralSchema, branch: boolean): boolean {
  if (value === null && schema.nullable) return true;
  const declared = schema["x-kubernetes-int-or-string"] ? "integer or string" : schema.type;
  if (declared !== undefined && !hasSchemaType(value, schema)) {
    report(walk, "schema/type", `must be ${declared}, got ${jsonType(value)}`, typeFix(schema, value));
    // A one-item list where an object belongs is the usual slip (one `- ` too many): check the
    // item as that object too, so the mistakes the type error hides surface in the same run.
    if (schema.type === "object" && Array.isArray(value) && value.length === 1 && isObject(value[0]) && walk.note === undefined) {
      walk.note = "in the list item that should be the object itself";
      walk.path.push(0);
      check(walk, value[0], schema, branch);
      walk.path.pop();
      walk.note = undefined;
    }
    return false;
  }
  let ok = true;
  if (schema.enum !== undefined && !inEnum(value, schema.enum)) ok = enumError(walk, value, schema.enum);
  if (typeof value === "string") ok = checkString(walk, value, schema) && ok;
  else if (typeof value === "number") ok = checkNumber(walk, value, schema) && ok;
  else if (Array.isArray(value)) ok = checkArray(walk, value, schema, branch) && ok;
  else if (value !== null && typeof value === "object") ok = checkObject(walk, value as Record<string, unknown>, schema, branch) && ok;
  if (schema.allOf || schema.anyOf || schema.oneOf || schema.not) ok = checkComposition(walk, value, schema) && ok;
  return ok;
}

function typeFix(schema: StructuralSchema, value: unknown): string {
  const want = schema["x-kubernetes-int-or-string"] ? "an integer or a string" : withArticle(schema.type ?? "value");
  const fields = schema.type === "object" && schema.properties ? ` with fields: ${listNames(Object.keys(schema.properties), 8)}` : "";
  return `write ${want}${fields} instead of ${withArticle(jsonType(value))}`;
}

function withArticle(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function listNames(names: readonly string[], max: number): string {
  return names.length > max ? `${names.slice(0, max).join(", ")}, …` : names.join(", ");
}

// ---- enum

function inEnum(value: unknown, values: readonly unknown[]): boolean {
  if (value === null || typeof value !== "object") return values.includes(value);
  const text = JSON.stringify(value);
  return values.some((v) => JSON.stringify(v) === text);
}

function enumError(walk: Walk, value: unknown, values: readonly unknown[]): false {
  const supported = values.map((v) => JSON.stringify(v)).join(", ");
  // `Reject` for `REJECT` is the usual mistake: name the value that differs only in case.
  const sameLetters = typeof value === "string" ? values.find((v) => typeof v === "string" && v.toLowerCase() === value.toLowerCase()) : undefined;
  const fix = sameLetters !== undefined ? `use ${JSON.stringify(sameLetters)} (values are case-sensitive)` : `use one of: ${supported}`;
  return report(walk, "schema/enum", `unsupported value ${JSON.stringify(value)}: supported values: ${supported}`, fix);
}

// ---- scalars

function checkString(walk: Walk, value: string, schema: StructuralSchema): boolean {
  let ok = true;
  if (schema.minLength !== undefined || schema.maxLength !== undefined) {
    // The API server counts characters (code points), not UTF-16 units.
    const length = codePoints(value);
    if (schema.minLength !== undefined && length < schema.minLength) {
      ok = report(walk, "schema/length", `must be at least ${schema.minLength} characters, got ${length}`, `lengthen the value to ${schema.minLength} or more characters`);
    }
    if (schema.maxLength !== undefined && length > schema.maxLength) {
      ok = report(walk, "schema/length", `must be at most ${schema.maxLength} characters, got ${length}`, `shorten the value to ${schema.maxLength} characters or fewer`);
    }
  }
  if (schema.pattern !== undefined) {
    const regex = compilePattern(schema.pattern);
    if (regex === null) walk.uncheckedPatterns++;
    else if (!regex.test(value)) {
      ok = report(walk, "schema/pattern", `${JSON.stringify(value)} must match ${schema.pattern}`, `change the value to match ${schema.pattern}`);
    }
  }
  const format = schema.format === undefined ? undefined : FORMATS[schema.format];
  if (format !== undefined && !format(value)) {
    ok = report(walk, "schema/format", `${JSON.stringify(value)} is not a valid ${schema.format}`, `write a valid ${schema.format}`);
  }
  return ok;
}

function codePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xd800 || unit > 0xdbff) count++;
  }
  return count;
}

// Only the string formats that are cheap to check; the API server checks a few more (hostname,
// cidr, mac, …), which we leave unchecked.
const FORMATS: Readonly<Record<string, (value: string) => boolean>> = {
  "date-time": (v) => /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(v),
  date: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v),
  uuid: (v) => /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/.test(v),
  ipv4: isIPv4,
  ipv6: isIPv6,
  byte: (v) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(v),
};

function checkNumber(walk: Walk, value: number, schema: StructuralSchema): boolean {
  let ok = true;
  const { minimum, maximum, multipleOf } = schema;
  if (minimum !== undefined && (schema.exclusiveMinimum ? value <= minimum : value < minimum)) {
    const bound = `${schema.exclusiveMinimum ? ">" : ">="} ${minimum}`;
    ok = report(walk, "schema/range", `must be ${bound}, got ${value}`, `use a value ${bound}`);
  }
  if (maximum !== undefined && (schema.exclusiveMaximum ? value >= maximum : value > maximum)) {
    const bound = `${schema.exclusiveMaximum ? "<" : "<="} ${maximum}`;
    ok = report(walk, "schema/range", `must be ${bound}, got ${value}`, `use a value ${bound}`);
  }
  if (multipleOf !== undefined && value % multipleOf !== 0) {
    ok = report(walk, "schema/range", `must be a multiple of ${multipleOf}, got ${value}`, `use a multiple of ${multipleOf}`);
  }
  return ok;
}

// ---- arrays

function checkArray(walk: Walk, items: readonly unknown[], schema: StructuralSchema, branch: boolean): boolean {
  let ok = true;
  if (schema.minItems !== undefined && items.length < schema.minItems) {
    ok = report(walk, "schema/items", `must have at least ${schema.minItems} items, got ${items.length}`, `add items up to ${schema.minItems}`);
  }
  if (schema.maxItems !== undefined && items.length > schema.maxItems) {
    ok = report(walk, "schema/items", `must have at most ${schema.maxItems} items, got ${items.length}`, `remove items down to ${schema.maxItems}`);
  }
  const listType = schema["x-kubernetes-list-type"];
  const seen = listType === "set" || listType === "map" ? new Set<string>() : undefined;
  const keys = schema["x-kubernetes-list-map-keys"];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    walk.path.push(i);
    if (schema.items) ok = check(walk, item, schema.items, branch) && ok;
    if (seen !== undefined) {
      // Sets compare whole items, maps compare their key fields: the API server rejects duplicates.
      const identity = JSON.stringify(keys && isObject(item) ? keys.map((k) => item[k]) : item);
      if (seen.has(identity)) {
        const what = keys ? `duplicate entry for key ${keys.join(", ")} = ${identity}` : `duplicate value ${identity}`;
        ok = report(walk, "schema/duplicate", what, "remove the duplicate or merge it into the first one");
      }
      seen.add(identity);
    }
    walk.path.pop();
  }
  return ok;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

// ---- objects

function checkObject(walk: Walk, object: Record<string, unknown>, schema: StructuralSchema, branch: boolean): boolean {
  let ok = true;
  const { properties, additionalProperties } = schema;
  // What pruning keeps: declared properties, or anything under preserve-unknown-fields or a map
  // schema. An object schema without `properties` keeps nothing.
  const closed =
    !branch && schema.type === "object" && !schema["x-kubernetes-preserve-unknown-fields"] && (additionalProperties === undefined || additionalProperties === false);
  // The API server allows apiVersion, kind and metadata at a resource's root whether or not the
  // CRD declares them (a hand-written CRD often does not), as in an embedded resource.
  const embedded = schema["x-kubernetes-embedded-resource"] === true || object === walk.root;
  let count = 0;
  for (const key in object) {
    const value = object[key];
    if (value === undefined) continue;
    count++;
    const property = properties !== undefined && Object.hasOwn(properties, key) ? properties[key] : undefined;
    if (object === walk.root && key === "metadata") {
      ok = checkMetadata(walk, value) && ok;
    } else if (property !== undefined) {
      // The API server prunes a null it may not keep rather than rejecting it.
      if (value === null && !property.nullable) continue;
      walk.path.push(key);
      ok = check(walk, value, property, branch) && ok;
      walk.path.pop();
    } else if (typeof additionalProperties === "object") {
      walk.path.push(key);
      ok = check(walk, value, additionalProperties, branch) && ok;
      walk.path.pop();
    } else if (closed && !(embedded && EMBEDDED_FIELDS.has(key))) {
      const known = properties ? Object.keys(properties) : [];
      ok = report(walk, "schema/unknown-field", unknownFieldMessage(key), unknownFieldFix(key, embedded ? [...known, ...EMBEDDED_FIELDS] : known));
    }
  }
  for (const name of schema.required ?? []) {
    const value = object[name];
    if (value === undefined || (value === null && !properties?.[name]?.nullable)) {
      walk.path.push(name);
      ok = report(walk, "schema/required", `missing required field ${JSON.stringify(name)}`, `set ${fieldPath(walk.path)}`);
      walk.path.pop();
    }
  }
  if (schema.minProperties !== undefined && count < schema.minProperties) {
    ok = report(walk, "schema/properties", `must have at least ${schema.minProperties} fields, got ${count}`, `set at least ${schema.minProperties} fields`);
  }
  if (schema.maxProperties !== undefined && count > schema.maxProperties) {
    ok = report(walk, "schema/properties", `must have at most ${schema.maxProperties} fields, got ${count}`, `set at most ${schema.maxProperties} fields`);
  }
  return ok;
}

const EMBEDDED_FIELDS: ReadonlySet<string> = new Set(["apiVersion", "kind", "metadata"]);

/** `remove "timeout" or use one of: timeouts, …`, nearest names first, with a guess at the typo. */
export function unknownFieldFix(name: string, known: readonly string[]): string {
  if (known.length === 0) return `remove ${JSON.stringify(name)}: this object takes no fields`;
  const ranked = rankByCloseness(name, known);
  const nearest = ranked.slice(0, 3).map((r) => r.name);
  const best = ranked[0];
  const guess = best?.close ? ` (did you mean ${JSON.stringify(best.name)}?)` : "";
  return `remove ${JSON.stringify(name)} or use one of: ${nearest.join(", ")}${guess}`;
}

// ---- metadata: CRD schemas say only `type: object`; the API server checks ObjectMeta itself.

const METADATA_FIELDS = [
  "name",
  "generateName",
  "namespace",
  "labels",
  "annotations",
  "finalizers",
  "ownerReferences",
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "managedFields",
  "selfLink",
];
const METADATA_FIELD_SET: ReadonlySet<string> = new Set(METADATA_FIELDS);
const METADATA_STRINGS = ["name", "generateName", "namespace"];
const METADATA_STRING_MAPS = ["labels", "annotations"];

function checkMetadata(walk: Walk, metadata: unknown): boolean {
  walk.path.push("metadata");
  const ok = isObject(metadata) ? checkMetadataFields(walk, metadata) : report(walk, "schema/type", `must be object, got ${jsonType(metadata)}`, "write an object with name, namespace, labels, annotations");
  walk.path.pop();
  return ok;
}

function checkMetadataFields(walk: Walk, metadata: Record<string, unknown>): boolean {
  let ok = true;
  for (const key in metadata) {
    if (metadata[key] !== undefined && !METADATA_FIELD_SET.has(key)) {
      ok = report(walk, "schema/unknown-field", unknownFieldMessage(key), unknownFieldFix(key, METADATA_FIELDS));
    }
  }
  for (const key of METADATA_STRINGS) {
    const value = metadata[key];
    if (value !== undefined && typeof value !== "string") {
      walk.path.push(key);
      ok = report(walk, "schema/type", `must be string, got ${jsonType(value)}`, "write a string");
      walk.path.pop();
    }
  }
  if (metadata.name === undefined && metadata.generateName === undefined) {
    walk.path.push("name");
    ok = report(walk, "schema/required", `missing required field "name"`, "set metadata.name");
    walk.path.pop();
  }
  for (const key of METADATA_STRING_MAPS) {
    const map = metadata[key];
    if (map === undefined) continue;
    walk.path.push(key);
    if (!isObject(map)) ok = report(walk, "schema/type", `must be object, got ${jsonType(map)}`, "write a map of strings");
    else {
      for (const name in map) {
        const value = map[name];
        if (typeof value === "string" || value === undefined) continue;
        walk.path.push(name);
        ok = report(walk, "schema/type", `must be string, got ${jsonType(value)}`, `quote the value: ${JSON.stringify(String(value))}`);
        walk.path.pop();
      }
    }
    walk.path.pop();
  }
  return ok;
}

// ---- anyOf, oneOf, allOf, not: value validations on top of the skeleton

function checkComposition(walk: Walk, value: unknown, schema: StructuralSchema): boolean {
  let ok = true;
  for (const branch of schema.allOf ?? []) ok = check(walk, value, branch, true) && ok;
  if (schema.anyOf !== undefined && schema.anyOf.filter((b) => matches(walk, value, b)).length === 0) {
    ok = report(walk, "schema/composition", "must match at least one anyOf branch", branchFix("at least one of", schema.anyOf));
  }
  if (schema.oneOf !== undefined && schema.oneOf.filter((b) => matches(walk, value, b)).length !== 1) {
    ok = report(walk, "schema/composition", "must match exactly one oneOf branch", branchFix("exactly one of", schema.oneOf));
  }
  if (schema.not !== undefined && matches(walk, value, schema.not)) {
    ok = report(walk, "schema/composition", "must not match the schema under not", schema.not.required ? `do not set ${schema.not.required.join(" with ")}` : "change the value");
  }
  return ok;
}

/** Tests a branch without reporting: its failures only decide the anyOf/oneOf/not outcome. */
function matches(walk: Walk, value: unknown, branch: StructuralSchema): boolean {
  const findings = walk.findings;
  walk.findings = undefined;
  const ok = check(walk, value, branch, true);
  walk.findings = findings;
  return ok;
}

/** Branches that only list required fields are the usual "set one of these" constraint: say so. */
function branchFix(quantity: string, branches: readonly StructuralSchema[]): string {
  const required = branches.map((b) => b.required?.join(" + "));
  return required.every((r) => r !== undefined) ? `set ${quantity}: ${required.join(", ")}` : `change the value to match ${quantity} the branches`;
}
