// Validation of a finished tree before anything is written: every object against its schema
// (strict, with CEL rules), secrets that must not be in Git, and the cross-object rules that
// know what the controllers will do. Pure: findings and counts out.

import { builtinSchemas } from "../models/builtin/schemas/index.ts";
import { sharedCrdSchemas } from "../models/crds/schemas.ts";
import { crdSchemas as kgatewaySchemas } from "../models/kgateway/schemas/index.ts";
import type { FileTree } from "../tree.ts";
import type { IsDeclaredExternal } from "./externals.ts";
import type { Finding, Severity } from "./findings.ts";
import { crossObjectRules } from "./rules/index.ts";
import { schemaPreview } from "./rules/substitution.ts";
import { indexTree } from "./rules/tree-index.ts";
import { validateSchemas, type LocatedDocument, type SchemaRegistry, type SchemaStats } from "./schema.ts";
import { secretFindings } from "./secrets.ts";
import { withVerbatimObjects } from "./yaml-objects.ts";

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
  /** False for a plain YAML tree, whose substituteFrom keys nobody can declare (see CrossObjectOptions). */
  readonly canDeclareSources?: boolean;
  /** Objects outside the tree that references may name (the config's `externals`). */
  readonly externals?: IsDeclaredExternal;
}

export interface ValidationReport extends SchemaStats {
  readonly findings: readonly Finding[];
  readonly documents: number;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** A file a Component adds to several apps is checked once per app: the same finding once. */
function firstOfItsKind(): (f: Finding) => boolean {
  const seen = new Set<string>();
  return (f) => {
    const key = [f.rule, f.severity, f.file, f.document, f.path, f.message].join("\0");
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
}

export function validateTree(env: string, written: FileTree, options: ValidationOptions = {}): ValidationReport {
  // Verbatim YAML (text carried as is) holds objects too: read as `validate DIR` reads the same file.
  const tree = withVerbatimObjects(written);
  // What Flux applies (lib/validate/cluster-view.ts): each applied document once, as built.
  const index = indexTree(env, tree);
  const located: LocatedDocument[] = index.documents.map((object) => ({ document: schemaPreview(object), at: object.at }));
  const schema = validateSchemas(located, options.schemas ?? defaultSchemas);
  const findings = [
    ...schema.findings,
    ...secretFindings(env, tree),
    ...crossObjectRules(env, tree, { substituteFromVars: options.substituteFromVars ?? {}, canDeclareSources: options.canDeclareSources, index, externals: options.externals }),
  ].filter(firstOfItsKind());
  // Errors first, then by file, so the output reads top-down; the sort is stable within a file.
  findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { findings, documents: located.length, cel: schema.cel, uncheckedPatterns: schema.uncheckedPatterns };
}
