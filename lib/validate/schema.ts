// Schema validation of rendered documents, as the API server would do it on create: the
// structural check and CEL rules from the CRD schema registry, then the model's own validate()
// for what the registry does not know. Pure: findings and counts out, nothing else.

import type { Document } from "../document.ts";
import type { StructuralSchema } from "../models/structural-schema.ts";
import { emptyCelStats, validateCel, type CelStats } from "./cel.ts";
import { finding, type Finding, type FindingLocation } from "./findings.ts";
import { validateWithModel } from "./model-validate.ts";
import { validateStructure } from "./structural.ts";

/**
 * Schemas keyed `apiVersion/kind`, e.g. `gateway.kgateway.dev/v1alpha1/Backend`. A plain merge of
 * generated records: `{ ...crdSchemas, ...builtinSchemas }`.
 */
export type SchemaRegistry = Readonly<Record<string, { readonly schema: StructuralSchema }>>;

export interface SchemaStats {
  readonly cel: CelStats;
  /** `pattern` checks skipped because JS cannot compile the pattern. */
  uncheckedPatterns: number;
}

export function emptySchemaStats(): SchemaStats {
  return { cel: emptyCelStats(), uncheckedPatterns: 0 };
}

// Build inputs that kustomize consumes and never sends to the API server: nothing to check.
const BUILD_INPUTS: ReadonlySet<string> = new Set(["kustomize.config.k8s.io/v1beta1/Kustomization", "kustomize.config.k8s.io/v1alpha1/Component"]);

/** Findings for one document; counts go into `stats`. */
export function validateDocumentSchema(doc: Document, at: FindingLocation, registry: SchemaRegistry, stats: SchemaStats = emptySchemaStats()): Finding[] {
  const findings: Finding[] = [];
  if (doc.untyped) {
    findings.push(
      finding(at, "typing/untyped-object", "info", "", "built with untypedObject: no model checked its shape at compile time", "build it with the kind's typed builder once the intended shape type-checks"),
    );
  }
  const object = doc.object;
  const key = `${object.apiVersion}/${object.kind}`;
  if (BUILD_INPUTS.has(key)) return findings;
  const entry = Object.hasOwn(registry, key) ? registry[key] : undefined;
  if (entry !== undefined) {
    stats.uncheckedPatterns += validateStructure(object, entry.schema, at, findings);
    validateCel(object, entry.schema, at, findings, stats.cel);
  }
  const model = validateWithModel(object, at, findings);
  if (model !== undefined) findings.push(...model);
  else if (entry === undefined) {
    findings.push(finding(at, UNKNOWN_KIND_RULE, "warning", "", `no schema or model for ${key}: not validated`, "list its CRD file in the config's schemas (schemas: [\"crds/\"]); fluxkit import-crds also gives it a typed builder"));
  }
  return findings;
}

export interface LocatedDocument {
  readonly document: Document;
  readonly at: FindingLocation;
}

export interface SchemaValidation extends SchemaStats {
  readonly findings: Finding[];
}

export const UNKNOWN_KIND_RULE = "schema/unknown-kind";

/**
 * Every document against its schema. A kind with neither schema nor model is one info finding
 * for the kind (at its first document, with the count), not one warning per document: a tree of
 * CRDs the registry lacks would otherwise bury what was checked under what was not.
 */
export function validateSchemas(documents: Iterable<LocatedDocument>, registry: SchemaRegistry): SchemaValidation {
  const stats = emptySchemaStats();
  const findings: Finding[] = [];
  const unknownKinds = new Map<string, { first: Finding; count: number }>();
  for (const { document, at } of documents) {
    for (const f of validateDocumentSchema(document, at, registry, stats)) {
      if (f.rule !== UNKNOWN_KIND_RULE) findings.push(f);
      else {
        const key = `${document.object.apiVersion}/${document.object.kind}`;
        const seen = unknownKinds.get(key);
        if (seen) seen.count += 1;
        else unknownKinds.set(key, { first: f, count: 1 });
      }
    }
  }
  for (const [key, { first, count }] of unknownKinds) {
    findings.push({ ...first, severity: "info", message: `no schema or model for ${key} (${count} document${count === 1 ? "" : "s"}): not validated` });
  }
  return { findings, ...stats };
}
