// The shape lib/models/crd.ts reads from each CRD version: the
// apiextensions.k8s.io/v1 JSONSchemaProps keywords a structural schema may
// carry. Kept hand-written so the generated schema files are checked against
// it and the strict validator can rely on it.

import { brotliCompressSync, brotliDecompressSync, constants as zlibConstants } from "node:zlib";

export interface StructuralSchema {
  /** Only when read for generating documented types; registry schemas drop it. */
  description?: string;
  type?: "object" | "array" | "string" | "integer" | "number" | "boolean";
  format?: string;
  title?: string;
  default?: unknown;
  example?: unknown;
  externalDocs?: { description?: string; url?: string };
  enum?: unknown[];
  nullable?: boolean;

  properties?: Record<string, StructuralSchema>;
  required?: string[];
  additionalProperties?: boolean | StructuralSchema;
  minProperties?: number;
  maxProperties?: number;

  items?: StructuralSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;

  pattern?: string;
  minLength?: number;
  maxLength?: number;

  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  multipleOf?: number;

  anyOf?: StructuralSchema[];
  oneOf?: StructuralSchema[];
  allOf?: StructuralSchema[];
  not?: StructuralSchema;

  "x-kubernetes-preserve-unknown-fields"?: boolean;
  "x-kubernetes-embedded-resource"?: boolean;
  "x-kubernetes-int-or-string"?: boolean;
  "x-kubernetes-list-type"?: "atomic" | "set" | "map";
  "x-kubernetes-list-map-keys"?: string[];
  "x-kubernetes-map-type"?: "granular" | "atomic";
  "x-kubernetes-validations"?: ValidationRule[];
}

/** A CEL rule as the API server evaluates it. */
export interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: "FieldValueInvalid" | "FieldValueForbidden" | "FieldValueRequired" | "FieldValueDuplicate";
  fieldPath?: string;
  optionalOldSelf?: boolean;
}

/** One served kind of a CRD, keyed as `${apiVersion}/${kind}` in the generated schemas index. */
export interface CrdSchemaEntry {
  group: string;
  version: string;
  kind: string;
  plural: string;
  scope: "Namespaced" | "Cluster";
  /** The versions the API server serves for this CRD, in CRD order. */
  versions: string[];
  schema: StructuralSchema;
  /** Where a schema not read from a CRD came from, as `package@version`. */
  source?: string;
}

// Generated registries hold each schema packed: JSON, brotli-compressed, base64. Loading a module
// costs time per byte of source (about 25 ms per MB of string literals): ~110 CRDs' schemas are
// 1.7 MB of JSON but 0.2 MB packed, and a run unpacks only the kinds it meets.
const BROTLI_QUALITY = 11;

/** The packed form of a schema; deterministic for one brotli version (process.versions.brotli). */
export function packSchema(schema: StructuralSchema): string {
  const json = Buffer.from(JSON.stringify(schema));
  return brotliCompressSync(json, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: json.length } }).toString("base64");
}

export function unpackSchema(packed: string): StructuralSchema {
  return JSON.parse(brotliDecompressSync(Buffer.from(packed, "base64")).toString("utf8")) as StructuralSchema;
}

/**
 * A registry entry whose schema is unpacked on first access, so a registry of a hundred CRDs
 * costs only the kinds a run meets. The unpacked schema is kept: the validator remembers work per
 * schema node, by identity.
 */
export function lazySchemaEntry(entry: Omit<CrdSchemaEntry, "schema">, packed: string): CrdSchemaEntry {
  let schema: StructuralSchema | undefined;
  return {
    ...entry,
    get schema(): StructuralSchema {
      return (schema ??= unpackSchema(packed));
    },
  };
}
