// Validation of a finished tree before anything is written: every object against its schema
// (strict, with CEL rules), secrets that must not be in Git, and the cross-object rules that
// know what the controllers will do. Pure: findings and counts out.

import { documentName } from "../document.ts";
import { builtinSchemas } from "../models/builtin/schemas/index.ts";
import { sharedCrdSchemas } from "../models/crds/schemas.ts";
import { crdSchemas as kgatewaySchemas } from "../models/kgateway/schemas/index.ts";
import type { FileTree } from "../tree.ts";
import type { Finding, Severity } from "./findings.ts";
import { crossObjectRules } from "./rules/index.ts";
import { validateSchemas, type LocatedDocument, type SchemaRegistry, type SchemaStats } from "./schema.ts";
import { secretFindings } from "./secrets.ts";

export type { Finding, Severity } from "./findings.ts";
export { countBySeverity, formatFinding } from "./findings.ts";

/**
 * The schemas this package knows. For one apiVersion/kind the real CRD wins over the schema
 * derived from a model package's types: the CRD is what the cluster runs, the package may be
 * older. Built-in kinds (Deployment, Service, ...) have no CRD and keep the derived schema.
 */
export const defaultSchemas: SchemaRegistry = { ...builtinSchemas, ...sharedCrdSchemas, ...kgatewaySchemas };

export interface ValidationOptions {
  /**
   * Variables each Flux `postBuild.substituteFrom` source provides, keyed `Kind/name`
   * (`Secret/cluster-secrets`): the tree cannot show a Secret's keys, so the environment says.
   */
  readonly substituteFromVars?: Readonly<Record<string, readonly string[]>>;
  readonly schemas?: SchemaRegistry;
}

export interface ValidationReport extends SchemaStats {
  readonly findings: readonly Finding[];
  readonly documents: number;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function validateTree(env: string, tree: FileTree, options: ValidationOptions = {}): ValidationReport {
  const located: LocatedDocument[] = [];
  for (const [file, { documents }] of tree) {
    for (const document of documents) located.push({ document, at: { env, file, document: documentName(document) } });
  }
  const schema = validateSchemas(located, options.schemas ?? defaultSchemas);
  const findings = [
    ...schema.findings,
    ...secretFindings(env, tree),
    ...crossObjectRules(env, tree, { substituteFromVars: options.substituteFromVars ?? {} }),
  ];
  // Errors first, then by file, so the output reads top-down; the sort is stable within a file.
  findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { findings, documents: located.length, cel: schema.cel, uncheckedPatterns: schema.uncheckedPatterns };
}
