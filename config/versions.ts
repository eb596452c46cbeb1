// Chart and image versions: config/versions.yaml, the one file Renovate updates (renovate.json).
// Parsed and checked strictly when the config is imported: every key config uses must be there,
// as a string, and nothing else; errors name the file and the key.

import { readFileSync } from "node:fs";
import { isMap, isScalar, isSeq, parseDocument } from "yaml";

/** The versions config uses, each with what it versions (for messages). */
const VERSION_KEYS = {
  kgateway: "the kgateway and kgateway-crds OCI chart tag",
} as const;

export type VersionKey = keyof typeof VERSION_KEYS;
export type Versions = { readonly [K in VersionKey]: string };

export const VERSIONS_FILE = "config/versions.yaml";

/** Parses and checks the text of a versions file; `file` names it in errors. */
export function loadVersions(text: string, file: string = VERSIONS_FILE): Versions {
  const fail = (message: string): never => {
    throw new Error(`${file}: ${message}`);
  };
  // YAML 1.2 core schema, duplicate keys are errors: `1.10` is a number here, not a string.
  const doc = parseDocument(text, { schema: "core", uniqueKeys: true });
  const problem = doc.errors[0];
  if (problem) return fail(problem.message);
  const map = doc.contents;
  if (!isMap(map)) return fail(`expected a mapping of name: version, got ${map === null ? "nothing" : isSeq(map) ? "a list" : "a scalar"}`);
  const known = Object.keys(VERSION_KEYS);
  const found = new Map<string, string>();
  for (const { key: keyNode, value } of map.items) {
    const key = isScalar(keyNode) ? String(keyNode.value) : "(a collection)";
    if (!Object.hasOwn(VERSION_KEYS, key)) fail(`unknown key ${JSON.stringify(key)}: config uses only ${known.join(", ")}`);
    if (!isScalar(value) || typeof value.value !== "string") {
      const what = value === null || (isScalar(value) && value.value === null) ? "nothing" : isScalar(value) ? typeof value.value : "a collection";
      const source = isScalar(value) && value.range ? text.slice(value.range[0], value.range[1]) : "";
      return fail(`${key}: expected a version string, got ${what}${source && what !== "nothing" ? ` (quote it: ${key}: "${source}")` : ""}`);
    }
    const version = value.value;
    if (!/^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(version)) {
      fail(`${key}: ${JSON.stringify(version)} is not a version tag (letters, digits and . _ + -, no spaces)`);
    }
    found.set(key, version);
  }
  for (const key of known) {
    if (!found.has(key)) fail(`missing ${key} (${VERSION_KEYS[key as VersionKey]})`);
  }
  return Object.freeze(Object.fromEntries(found)) as Versions;
}

/** Reads and checks a versions file: by default config/versions.yaml, beside this module. */
export function readVersions(url: URL = new URL("./versions.yaml", import.meta.url), file: string = VERSIONS_FILE): Versions {
  return loadVersions(readFileSync(url, "utf8"), file);
}
