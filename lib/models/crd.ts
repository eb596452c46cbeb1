// Reading CustomResourceDefinitions: the one conversion from a CRD's openAPIV3Schema to the
// StructuralSchema the validator runs, shared by the import scripts (generated schemas) and by
// run time (a config's extra schema sources, read straight from CRD files).

import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { parseAllDocuments } from "yaml";
import { yamlFilesUnder } from "../yaml-files.ts";
import type { CrdSchemaEntry, StructuralSchema, ValidationRule } from "./structural-schema.ts";

export interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  schema: StructuralSchema;
}

export interface Crd {
  /** The file (or URL) it was read from, for messages. */
  source: string;
  group: string;
  kind: string;
  plural: string;
  scope: "Namespaced" | "Cluster";
  versions: CrdVersion[];
}

export interface CrdReadOptions {
  /** Keep `description` (for generating documented types); the registry's schemas drop it. */
  readonly descriptions?: boolean;
}

export interface CrdFile {
  readonly crds: Crd[];
  /** Documents in the file that are not CRDs (a chart's values, a Namespace, ...). */
  readonly otherDocuments: number;
}

function asRecord(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`${where}: expected a mapping`);
  }
  return value as Record<string, unknown>;
}

function asArray(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${where}: expected a list`);
  return value;
}

function asString(value: unknown, where: string): string {
  if (typeof value !== "string" || value === "") throw new Error(`${where}: expected a non-empty string`);
  return value;
}

function isCrdDocument(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    "apiVersion" in value &&
    value.apiVersion === "apiextensions.k8s.io/v1" &&
    "kind" in value &&
    value.kind === "CustomResourceDefinition"
  );
}

/** The CRDs among the YAML documents of `text`; `source` names the file in errors. */
export function readCrdFile(text: string, source: string, options: CrdReadOptions = {}): CrdFile {
  const values: unknown[] = [];
  for (const doc of parseAllDocuments(text)) {
    const [error] = doc.errors;
    if (error) throw new Error(`${source}: ${error.message}`);
    const value: unknown = doc.toJSON();
    if (value != null) values.push(value);
  }
  const crds = values.filter(isCrdDocument).map((crd) => readCrd(source, crd, options));
  return { crds, otherDocuments: values.length - crds.length };
}

function readCrd(file: string, crd: unknown, options: CrdReadOptions): Crd {
  const spec = asRecord(asRecord(crd, file).spec, `${file}: spec`);
  const names = asRecord(spec.names, `${file}: spec.names`);
  const kind = asString(names.kind, `${file}: spec.names.kind`);
  const scope = spec.scope;
  if (scope !== "Namespaced" && scope !== "Cluster") {
    throw new Error(`${file}: spec.scope must be Namespaced or Cluster`);
  }
  const versions = asArray(spec.versions, `${file}: spec.versions`).map((entry, i): CrdVersion => {
    const where = `${file}: spec.versions[${i}]`;
    const version = asRecord(entry, where);
    const name = asString(version.name, `${where}.name`);
    const schema = asRecord(version.schema, `${where}.schema`).openAPIV3Schema;
    return {
      name,
      served: version.served === true,
      storage: version.storage === true,
      schema: toStructural(schema, `${file}: ${kind} ${name} openAPIV3Schema`, options.descriptions === true),
    };
  });
  return {
    source: file,
    group: asString(spec.group, `${file}: spec.group`),
    kind,
    plural: asString(names.plural, `${file}: spec.names.plural`),
    scope,
    versions,
  };
}

// ---------------------------------------------------------------------------
// Structural schemas

const SUBSCHEMA_LISTS = new Set(["anyOf", "oneOf", "allOf"]);
const COPIED_KEYWORDS: ReadonlySet<string> = new Set<keyof StructuralSchema>([
  "type",
  "format",
  "title",
  "default",
  "example",
  "externalDocs",
  "enum",
  "nullable",
  "required",
  "minProperties",
  "maxProperties",
  "minItems",
  "maxItems",
  "uniqueItems",
  "pattern",
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "x-kubernetes-preserve-unknown-fields",
  "x-kubernetes-embedded-resource",
  "x-kubernetes-int-or-string",
  "x-kubernetes-list-type",
  "x-kubernetes-list-map-keys",
  "x-kubernetes-map-type",
]);
const RULE_KEYS: ReadonlySet<string> = new Set<keyof ValidationRule>([
  "rule",
  "message",
  "messageExpression",
  "reason",
  "fieldPath",
  "optionalOldSelf",
]);

/**
 * Drops `description` (unless asked to keep it) and keeps everything else. Unknown keywords are
 * an error rather than passed through, so StructuralSchema never silently lags behind what a CRD
 * uses.
 */
export function toStructural(node: unknown, where: string, descriptions = false): StructuralSchema {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(asRecord(node, where))) {
    const at = `${where}.${key}`;
    if (key === "description") {
      if (descriptions) out[key] = value;
    } else if (key === "properties") {
      out[key] = Object.fromEntries(
        Object.entries(asRecord(value, at)).map(([name, child]) => [name, toStructural(child, `${at}.${name}`, descriptions)]),
      );
    } else if (key === "items" || key === "not") {
      out[key] = toStructural(value, at, descriptions);
    } else if (key === "additionalProperties") {
      out[key] = typeof value === "boolean" ? value : toStructural(value, at, descriptions);
    } else if (SUBSCHEMA_LISTS.has(key)) {
      out[key] = asArray(value, at).map((child, i) => toStructural(child, `${at}[${i}]`, descriptions));
    } else if (key === "x-kubernetes-validations") {
      out[key] = asArray(value, at).map((rule, i) => {
        const ruleAt = `${at}[${i}]`;
        const entries = Object.entries(asRecord(rule, ruleAt));
        const unknown = entries.find(([ruleKey]) => !RULE_KEYS.has(ruleKey));
        if (unknown) throw new Error(`${ruleAt}: unsupported validation rule field "${unknown[0]}"`);
        return Object.fromEntries(entries);
      });
    } else if (COPIED_KEYWORDS.has(key)) {
      out[key] = value;
    } else {
      throw new Error(`${at}: unsupported schema keyword (add it to StructuralSchema and lib/models/crd.ts)`);
    }
  }
  return out as StructuralSchema;
}

// ---------------------------------------------------------------------------
// Registry entries

/** The key a registry and a document share: `apiVersion/kind`, e.g. `cert-manager.io/v1/Certificate`. */
export function schemaKey(group: string, version: string, kind: string): string {
  return `${group === "" ? "" : `${group}/`}${version}/${kind}`;
}

/** One entry per served version of each CRD, keyed `apiVersion/kind`. */
export function crdEntries(crds: readonly Crd[]): Record<string, CrdSchemaEntry> {
  const entries: Record<string, CrdSchemaEntry> = {};
  for (const crd of crds) {
    const served = crd.versions.filter((version) => version.served).map((version) => version.name);
    for (const version of crd.versions) {
      if (!version.served) continue;
      const key = schemaKey(crd.group, version.name, crd.kind);
      if (Object.hasOwn(entries, key)) throw new Error(`${crd.source}: ${key} is defined twice`);
      entries[key] = { group: crd.group, version: version.name, kind: crd.kind, plural: crd.plural, scope: crd.scope, versions: served, schema: version.schema };
    }
  }
  return entries;
}

/**
 * Registry entries for every served version of every CRD in a YAML text (CEL rules kept,
 * descriptions dropped); other documents in the text are ignored.
 */
export function crdSchemaEntries(yamlText: string, sourceName: string): Record<string, CrdSchemaEntry> {
  return crdEntries(readCrdFile(yamlText, sourceName).crds);
}


/**
 * Throws, naming both sources, when two CRDs define the same group and kind: a generator would
 * silently keep the last one.
 */
export function assertDistinctKinds(crds: readonly Crd[]): void {
  const seen = new Map<string, string>();
  for (const crd of crds) {
    const key = `${crd.group}/${crd.kind}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) throw new Error(`${crd.source}: ${key} is also defined in ${earlier}`);
    seen.set(key, crd.source);
  }
}

/**
 * A schema registry read at run time from CRD files and folders (folders recursively, `*.yaml`
 * and `*.yml`, documents other than CRDs skipped), relative paths taken from `baseDir`. A path
 * that is missing, or a file listed by name that holds no CRD, is an error naming it; so is a
 * kind two files both define.
 */
export function loadSchemaSources(paths: readonly string[], baseDir: string): Record<string, CrdSchemaEntry> {
  const registry: Record<string, CrdSchemaEntry> = {};
  const definedIn = new Map<string, string>();
  for (const path of paths) {
    const full = resolve(baseDir, path);
    let isFolder: boolean;
    try {
      isFolder = statSync(full).isDirectory();
    } catch (error) {
      throw new Error(`${full}: schema source not found (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    for (const file of isFolder ? yamlFilesUnder(full) : [full]) {
      const { crds } = readCrdFile(readFileSync(file, "utf8"), file);
      if (crds.length === 0 && !isFolder) throw new Error(`${file}: no CustomResourceDefinition in this schema source`);
      for (const [key, entry] of Object.entries(crdEntries(crds))) {
        const earlier = definedIn.get(key);
        if (earlier !== undefined) throw new Error(`${file}: ${key} is also defined in ${earlier}`);
        definedIn.set(key, file);
        registry[key] = entry;
      }
    }
  }
  return registry;
}
