// The models' own validate(): the JSON schemas the @kubernetes-models packages compiled with ajv.
// For kinds the schema registry lacks, this is the only shape check; for the others it mostly
// repeats the structural check, so repeats are dropped.

// Each kind from its own module: a group's index loads every kind's compiled validator.
import { OCIRepository as OCIRepositoryV1beta2 } from "@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1beta2/OCIRepository";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { fieldPath, finding, type Finding, type FindingLocation } from "./findings.ts";
import { unknownFieldMessage } from "./structural.ts";

interface ModelClass {
  readonly apiVersion: string;
  readonly kind: string;
  readonly prototype: { validate(): void };
}

// Kinds whose structural schemas come from the model packages' types, which lose patterns,
// formats and bounds, and no real CRD in lib/models/crds covers: the compiled validators add
// those. Kinds with a real CRD schema (Flux, Gateway API, External Secrets, prometheus-operator)
// are not here: the CRD, with its patterns and CEL rules, is the truth for the versions clusters
// run, and the older packages reject fields newer controllers accept (ExternalSecret generator
// kinds, HelmRelease healthCheckExprs without a kind). Neither are the kgateway kinds: their CRD
// schemas are a superset of what their generated validators check, 1.2 MB of code to load.
const MODEL_CLASSES: readonly ModelClass[] = [OCIRepositoryV1beta2, NetworkPolicy, PodDisruptionBudget];

const MODELS: ReadonlyMap<string, ModelClass> = new Map(MODEL_CLASSES.map((m) => [`${m.apiVersion}/${m.kind}`, m]));

/** What we read of the ajv errors that `runValidateFunc` throws (in `error.errors`). */
interface AjvError {
  instancePath?: string;
  keyword?: string;
  params?: Record<string, unknown>;
  message?: string;
}

const RULE_BY_KEYWORD: Readonly<Record<string, string>> = {
  type: "schema/type",
  required: "schema/required",
  additionalProperties: "schema/unknown-field",
  enum: "schema/enum",
  const: "schema/enum",
  pattern: "schema/pattern",
  format: "schema/format",
  minimum: "schema/range",
  maximum: "schema/range",
  exclusiveMinimum: "schema/range",
  exclusiveMaximum: "schema/range",
  multipleOf: "schema/range",
  minLength: "schema/length",
  maxLength: "schema/length",
  minItems: "schema/items",
  maxItems: "schema/items",
  uniqueItems: "schema/duplicate",
  minProperties: "schema/properties",
  maxProperties: "schema/properties",
  anyOf: "schema/composition",
  oneOf: "schema/composition",
  allOf: "schema/composition",
  not: "schema/composition",
};

/**
 * Runs the model's validate() on the plain object. Returns `undefined` when no model covers the
 * kind, else the model's complaints as `schema/model` findings, minus those `structural` already
 * makes: same rule and path (and field, for unknown fields), anything under a type error (one
 * finding per root cause), and anyOf/oneOf wrappers over a value the structural check faulted.
 */
export function validateWithModel(object: { apiVersion: string; kind: string }, at: FindingLocation, structural: readonly Finding[]): Finding[] | undefined {
  const model = MODELS.get(`${object.apiVersion}/${object.kind}`);
  if (model === undefined) return undefined;
  try {
    model.prototype.validate.call(object);
    return [];
  } catch (error) {
    const errors = (error as { errors?: unknown }).errors;
    if (!Array.isArray(errors)) throw error;
    const findings: Finding[] = [];
    const seen = new Set<string>();
    for (const e of errors as AjvError[]) {
      const f = toFinding(object, e, at);
      if (reportedBy(structural, f) || seen.has(`${f.path}\0${f.message}`)) continue;
      seen.add(`${f.path}\0${f.message}`);
      findings.push({ ...f, rule: "schema/model" });
    }
    return findings;
  }
}

/** An ajv error as a finding under the structural rule it corresponds to. */
function toFinding(object: unknown, error: AjvError, at: FindingLocation): Finding {
  const keyword = error.keyword ?? "";
  const segments = pointerSegments(object, error.instancePath ?? "");
  const params = error.params ?? {};
  let message = error.message ?? keyword;
  let fix = "change the value to satisfy the model's schema";
  if (keyword === "required" && typeof params.missingProperty === "string") {
    segments.push(params.missingProperty);
    message = `missing required field ${JSON.stringify(params.missingProperty)}`;
    fix = `set ${fieldPath(segments)}`;
  } else if (keyword === "additionalProperties" && typeof params.additionalProperty === "string") {
    message = unknownFieldMessage(params.additionalProperty);
    fix = `remove ${JSON.stringify(params.additionalProperty)}`;
  } else if (keyword === "enum" && Array.isArray(params.allowedValues)) {
    fix = `use one of: ${params.allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
  }
  // The rule here is the structural rule, for matching; the caller reports it as schema/model.
  return finding(at, RULE_BY_KEYWORD[keyword] ?? `schema/${keyword}`, "error", fieldPath(segments), message, fix);
}

/** JSON pointer → path segments; a segment is an index where the value there is an array. */
function pointerSegments(object: unknown, pointer: string): (string | number)[] {
  const segments: (string | number)[] = [];
  let value = object;
  for (const raw of pointer.split("/").slice(1)) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    const index = Array.isArray(value) ? Number(key) : NaN;
    segments.push(Number.isInteger(index) ? index : key);
    value = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
  }
  return segments;
}

function reportedBy(structural: readonly Finding[], f: Finding): boolean {
  return structural.some(
    (s) =>
      (s.rule === f.rule && s.path === f.path && (f.rule !== "schema/unknown-field" || s.message === f.message)) ||
      (s.rule === "schema/type" && isUnder(f.path, s.path)) ||
      (f.rule === "schema/composition" && (s.path === f.path || isUnder(s.path, f.path))),
  );
}

/** Whether `path` is strictly inside `ancestor`. */
function isUnder(path: string, ancestor: string): boolean {
  if (ancestor === "") return path !== "";
  return path.length > ancestor.length && path.startsWith(ancestor) && (path[ancestor.length] === "." || path[ancestor.length] === "[");
}
