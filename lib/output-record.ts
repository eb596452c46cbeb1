// The output record: a small JSON file listing every file a render wrote under one output root.
//
// Why it exists: without it the renderer owns only the app folders it renders now (folders
// holding a `ks.yaml`), so an app removed from the config keeps its rendered folder, `--check`
// passes, and CI keeps deploying it. With the record, a file the last render wrote that is no
// longer rendered is removed (and `--check` reports it), while a file no render ever wrote is never
// touched. It lives outside the rendered files (outside the output root, or in `.fluxkit/` of a
// repository whose root is the output root), so a hand-written tree still compares byte for byte
// with the output folder, and it is committed, so a clean clone's `--check` knows what the last
// render wrote. A missing record (first render, older repository) means "nothing recorded yet".

import * as fs from "node:fs";
import * as path from "node:path";
import { checkTreePath, TreePathError } from "./tree.ts";
import { WriteError } from "./write.ts";

/** The record's format; another value is an error, never guessed at. */
export const RECORD_FORMAT = "fluxkit-output-record/1";

/** What the plan knows about the record: its new text, and whether writing it changes anything. */
export interface RecordPlan {
  /** Where the record lives, as the caller gave it. */
  readonly file: string;
  /** The files the last render wrote, per the record on disk; undefined when there is none. */
  readonly previous: readonly string[] | undefined;
  /** The files this render writes, sorted: what the new record lists. */
  readonly files: readonly string[];
  /** The new record's text. */
  readonly text: string;
  /** Whether `text` differs from the record's bytes on disk (true when there is none). */
  readonly changed: boolean;
}

/**
 * The record's text for a set of tree paths: sorted, each once, JSON with 2-space indents and a
 * final newline. A state file, not Kubernetes YAML, so plain JSON.stringify is the format.
 */
export function recordText(files: Iterable<string>): string {
  return `${JSON.stringify({ format: RECORD_FORMAT, files: sortedPaths(files) }, null, 2)}\n`;
}

/** The tree paths a record lists; `file` names the record in errors. */
export function parseRecord(text: string, file: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new WriteError(`${file}: not valid JSON (${(error as Error).message}); fix or delete it`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new WriteError(`${file}: not an output record (expected a JSON object with "format": "${RECORD_FORMAT}")`);
  }
  const { format, files } = value as { format?: unknown; files?: unknown };
  if (format !== RECORD_FORMAT) {
    throw new WriteError(`${file}: format is ${JSON.stringify(format) ?? "missing"}, expected "${RECORD_FORMAT}"`);
  }
  if (!Array.isArray(files)) throw new WriteError(`${file}: files: expected an array of tree paths`);
  return files.map((entry: unknown, index) => {
    if (typeof entry !== "string") throw new WriteError(`${file}: files[${index}]: expected a string, found ${JSON.stringify(entry)}`);
    try {
      return checkTreePath(entry);
    } catch (error) {
      // A path that could leave the output root is refused like any other write outside it.
      if (error instanceof TreePathError) throw new WriteError(`${file}: files[${index}]: ${error.message}`);
      throw error;
    }
  });
}

/**
 * Reads the record beside output root `root` and plans its new text for `rendered` (every file
 * this render writes). A missing record gives `previous: undefined`; a record that is a symbolic
 * link, not a file, in place of a rendered file, unreadable as JSON or of another format is an error
 * naming it.
 */
export function planRecord(file: string, root: string, rendered: Iterable<string>): RecordPlan {
  // The record may sit below the root (`.fluxkit/` when the tree is the repository itself), but
  // never in place of a rendered file or as the root itself.
  const inside = path.relative(path.resolve(root), path.resolve(file));
  const insideRoot = inside.split(path.sep)[0] !== ".." && !path.isAbsolute(inside);
  const treePath = inside.split(path.sep).join("/");
  const renderedFiles = [...rendered];
  if (inside === "" || (insideRoot && renderedFiles.some((p) => p === treePath || p.startsWith(`${treePath}/`)))) {
    throw new WriteError(`${file}: the output record cannot take the place of rendered output under ${root}`);
  }
  const stat = fs.lstatSync(file, { throwIfNoEntry: false });
  if (stat?.isSymbolicLink()) throw new WriteError(`${file} is a symbolic link; refusing to read or write the output record through it`);
  if (stat !== undefined && !stat.isFile()) throw new WriteError(`${file} is not a file (the output record)`);
  const old = stat === undefined ? undefined : fs.readFileSync(file, "utf8");
  const files = sortedPaths(renderedFiles);
  const text = recordText(files);
  return { file, previous: old === undefined ? undefined : parseRecord(old, file), files, text, changed: old !== text };
}

/** One line for people: how the record changes (`created (15 files)`, `updated: 0 added, 3 removed`). */
export function describeRecordChange(record: RecordPlan): string {
  if (record.previous === undefined) return `created (${record.files.length} files)`;
  const before = new Set(record.previous);
  const now = new Set(record.files);
  const added = record.files.filter((file) => !before.has(file)).length;
  const removed = [...before].filter((file) => !now.has(file)).length;
  return added + removed === 0 ? "rewritten (same files)" : `updated: ${added} added, ${removed} removed`;
}

/** Sorted by UTF-16 code units (the same on every platform and locale), each path once. */
function sortedPaths(files: Iterable<string>): string[] {
  return [...new Set(files)].sort();
}
