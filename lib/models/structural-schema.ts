// The shape scripts/import-crds.ts emits for each CRD version: the
// apiextensions.k8s.io/v1 JSONSchemaProps keywords a structural schema may
// carry, minus `description`. Kept hand-written so the generated schema files
// are checked against it and the strict validator can rely on it.

export interface StructuralSchema {
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
