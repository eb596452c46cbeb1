// The last validation of each environment, kept beside the command's bundle cache, so that a
// render whose tree, environment and validator are unchanged neither validates again nor loads
// the validator (schemas, CEL, rules: most of a small repository's render time). What validation
// reads is all in the key: the emitted files (the objects, their comments), which documents were
// built untyped, the environment's name and declared variables, what the config declares (the
// identity of its schema sources, its externals), and the build of the validator itself (the
// bundle's id, new with every edit of any bundled file). A key that differs in anything is a miss;
// the cache never decides a result.

import * as fs from "node:fs";
import * as path from "node:path";
import type { BuiltEnvironment } from "./build.ts";
import { textHash } from "./hash.ts";
import type { ValidationReport } from "./validate/index.ts";

export interface ValidationCache {
  /** The folder the entries live in (one file per environment). */
  readonly dir: string;
  /** The validator's build: a change to it invalidates every entry. */
  readonly engine: string;
}

const FORMAT = 1;

/**
 * The key of one environment's validation: a hash of everything validation reads. `declarations`
 * is what the config declares beside the tree (its schema sources' identity, its externals).
 */
export function validationKey(cache: ValidationCache, built: BuiltEnvironment, declarations: string): string {
  const hash = textHash();
  const part = (text: string): void => void hash.update(text);
  part(String(FORMAT));
  part(cache.engine);
  part(built.env.name);
  part(JSON.stringify(built.env.substituteFromVars ?? {}));
  if (built.env.declaresSubstituteFrom === false) part("sources undeclared");
  part(declarations);
  for (const [file, text] of built.files) {
    part(file);
    part(text);
    const untyped = built.tree.get(file)?.documents.flatMap((doc, i) => (doc.untyped ? [i] : [])) ?? [];
    part(untyped.join(","));
  }
  return hash.digest();
}

function entryFile(cache: ValidationCache, env: string): string {
  return path.join(cache.dir, `validation-${env}.json`);
}

/** The cached report for `key`, or undefined (missing, another key, unreadable: all a miss). */
export function cachedValidation(cache: ValidationCache, env: string, key: string): ValidationReport | undefined {
  try {
    const entry = JSON.parse(fs.readFileSync(entryFile(cache, env), "utf8")) as { key?: string; report?: ValidationReport };
    return entry.key === key ? entry.report : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps `report` under `key`, replacing the environment's previous entry; a cache it cannot write is skipped. */
export function storeValidation(cache: ValidationCache, env: string, key: string, report: ValidationReport): void {
  const file = entryFile(cache, env);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(cache.dir, { recursive: true });
    fs.writeFileSync(temporary, JSON.stringify({ key, report }));
    fs.renameSync(temporary, file);
  } catch {
    fs.rmSync(temporary, { force: true });
  }
}
