// Writing a rendered tree to disk without harming anything else there. The renderer owns the app
// folders it renders (a folder holding a Flux `ks.yaml`): inside them it may add, replace and
// remove files. Beyond them it removes only files the last render wrote (its output record, see
// output-record.ts) that are no longer rendered; everything else under the output root is left
// alone. Planning reads the disk and decides; applying only carries the plan out, so `--check`
// and a real render see the same plan.

import * as fs from "node:fs";
import * as path from "node:path";
import type { RecordPlan } from "./output-record.ts";
import { checkTreePath, folderOf } from "./tree.ts";

/** A rendered file whose bytes differ from the disk; `old` is undefined when it is not there yet. */
export interface FileWrite {
  readonly path: string;
  readonly text: string;
  readonly old: string | undefined;
}

/** A file no longer rendered: in an owned folder, or written by the last render. */
export interface FileRemoval {
  readonly path: string;
  readonly old: string;
}

/** Paths are tree paths, relative to the output root. */
export interface WritePlan {
  readonly write: readonly FileWrite[];
  readonly unchanged: readonly string[];
  readonly remove: readonly FileRemoval[];
  /** Folders that the removals leave empty (never the root), children before their parents. */
  readonly removeFolders: readonly string[];
  /** The output record to write after everything else, when the plan keeps one. */
  readonly record?: RecordPlan;
}

/** Refusals: symbolic links and paths of the wrong kind under the output root. */
export class WriteError extends Error {}

const APP_FILE = "ks.yaml";

/** The app folders of a rendered tree: every folder that directly holds a `ks.yaml`. */
export function appFolders(paths: Iterable<string>): string[] {
  return [...paths].filter((p) => path.posix.basename(p) === APP_FILE).map(folderOf);
}

/**
 * Compares `files` with the disk under `root` and lists what to write, keep and remove. Removed:
 * every file in `ownedFolders` that is not rendered, and every file in `previous` (what the last
 * render wrote) that is not rendered and still there, with the folders either leaves empty.
 */
export function planWrite(
  root: string,
  files: ReadonlyMap<string, string>,
  ownedFolders: readonly string[],
  previous: readonly string[] = [],
): WritePlan {
  const checked = new Map<string, boolean>();
  const write: FileWrite[] = [];
  const unchanged: string[] = [];
  for (const [file, text] of files) {
    // In a folder that is not there yet (a first render), no file is: nothing to read.
    const old = checkFolders(root, folderOf(checkTreePath(file)), checked) ? readFileOrNone(root, file) : undefined;
    if (old !== undefined && old.equals(Buffer.from(text))) unchanged.push(file);
    else write.push({ path: file, text, old: old?.toString() });
  }

  const remove = new Map<string, FileRemoval>();
  const removeFolders = new Set<string>();
  const keptFolders = new Set([...files.keys()].flatMap(ancestors));
  for (const owned of outermost(ownedFolders.map(checkTreePath))) {
    checkFolders(root, owned, checked);
    const found = listFolder(root, owned);
    for (const file of found.files) {
      if (!files.has(file)) remove.set(file, { path: file, old: fs.readFileSync(path.join(root, file), "utf8") });
    }
    // Every file below such a folder is removed, so it ends up empty.
    for (const folder of found.folders) if (!keptFolders.has(folder)) removeFolders.add(folder);
  }

  // What the last render wrote outside the folders it owns now: a removed app's whole folder, a
  // namespace file no longer rendered. Gone already is fine; a link or a folder there is refused.
  const emptied = new Set<string>();
  for (const file of previous) {
    // A recorded file where a folder of rendered files now is: the rendered files replace it.
    if (files.has(checkTreePath(file)) || keptFolders.has(file) || remove.has(file)) continue;
    if (!checkFolders(root, folderOf(file), checked)) continue;
    const old = readFileOrNone(root, file);
    if (old === undefined) continue;
    remove.set(file, { path: file, old: old.toString() });
    for (const folder of ancestors(file)) if (!keptFolders.has(folder)) emptied.add(folder);
  }
  // Deepest first, so a folder is judged after its subfolders: empty when everything in it goes.
  for (const folder of deepestFirst(emptied)) {
    if (removeFolders.has(folder)) continue;
    const entries = fs.readdirSync(path.join(root, folder));
    if (entries.every((name) => remove.has(`${folder}/${name}`) || removeFolders.has(`${folder}/${name}`))) removeFolders.add(folder);
  }
  return { write, unchanged, remove: [...remove.values()], removeFolders: deepestFirst(removeFolders) };
}

export interface ApplyOptions {
  /** For tests: fail while writing file number `failAfter` (0-based), after its temp file exists. */
  readonly failAfter?: number;
}

/**
 * Carries out a plan: writes first (so a failed write has deleted nothing), then removes stale
 * files, then the folders they leave empty, then writes the output record (so until everything
 * else is done, the old record still lists every file the old render wrote). Each write replaces
 * its file atomically.
 */
export function applyPlan(root: string, plan: WritePlan, options: ApplyOptions = {}): void {
  const made = new Set<string>();
  plan.write.forEach((file, index) => {
    const fail = index === options.failAfter ? () => { throw new Error(`injected failure after ${index} files`); } : undefined;
    const target = path.join(root, file.path);
    // One mkdir per folder, not per file: a thousand-app tree has 29,000 files in 6,000 folders.
    const folder = path.dirname(target);
    if (!made.has(folder)) {
      fs.mkdirSync(folder, { recursive: true });
      made.add(folder);
    }
    writeAtomic(target, file.text, fail);
  });
  for (const file of plan.remove) fs.unlinkSync(path.join(root, file.path));
  for (const folder of plan.removeFolders) fs.rmdirSync(path.join(root, folder));
  if (plan.record?.changed) {
    fs.mkdirSync(path.dirname(plan.record.file), { recursive: true });
    writeAtomic(plan.record.file, plan.record.text);
  }
}

// Temp names unique per process and write: the pid and the process's start time, then a counter
// (a random draw per file cost more than the write at thousands of files; node:crypto alone costs a
// small render a few percent to load). Files are created exclusively (`wx`), so a clash fails
// loudly rather than sharing a file.
const TEMP_SUFFIX = `${process.pid}.${Date.now().toString(36)}`;
let tempCounter = 0;

/**
 * Writes a temp file beside the target and renames it over the target, so readers see the old or
 * the new bytes, never a part. No fsync: the output is regenerated from code at any time.
 */
function writeAtomic(target: string, text: string, beforeRename?: () => void): void {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${TEMP_SUFFIX}.${(tempCounter += 1)}.tmp`);
  try {
    fs.writeFileSync(temp, text, { flag: "wx" });
    beforeRename?.();
    fs.renameSync(temp, target);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

/** Every proper ancestor folder of a tree path: `a/b/c` → `a`, `a/b`. */
function ancestors(file: string): string[] {
  const segments = file.split("/");
  return segments.slice(1).map((_, i) => segments.slice(0, i + 1).join("/"));
}

/** Folders sorted so that each comes before its ancestors: deepest first, then by path. */
function deepestFirst(folders: Iterable<string>): string[] {
  const depth = (folder: string) => folder.split("/").length;
  return [...folders].sort((a, b) => depth(b) - depth(a) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Drops folders that lie inside another one of the list, so no folder is walked twice. */
function outermost(folders: readonly string[]): string[] {
  const set = new Set(folders);
  return [...set].filter((folder) => !ancestors(folder).some((a) => set.has(a)));
}

/**
 * Checks that each existing component of `folder` below `root` is a real folder, not a link, and
 * says whether all of them exist. `checked` remembers each component's answer across calls.
 */
function checkFolders(root: string, folder: string, checked: Map<string, boolean>): boolean {
  let exists = true;
  for (const at of folder === "" ? [] : [...ancestors(folder), folder]) {
    let found = checked.get(at);
    if (found === undefined) {
      // Below a missing folder nothing exists: no need to ask the disk.
      const stat: fs.Stats | undefined = exists ? lstatOrNone(root, at) : undefined;
      if (stat !== undefined && !stat.isDirectory()) throw kindError(root, at, stat, "a folder");
      found = stat !== undefined;
      checked.set(at, found);
    }
    exists &&= found;
  }
  return exists;
}

/** The bytes of a file under `root`, or undefined when nothing is there. */
function readFileOrNone(root: string, file: string): Buffer | undefined {
  const stat = lstatOrNone(root, file);
  if (stat === undefined) return undefined;
  if (!stat.isFile()) throw kindError(root, file, stat, "a file");
  return fs.readFileSync(path.join(root, file));
}

/** Files and folders under an owned folder (pre-order, tree paths), refusing links and oddities. */
function listFolder(root: string, folder: string): { files: string[]; folders: string[] } {
  const files: string[] = [];
  const folders: string[] = [];
  const visit = (at: string): void => {
    for (const entry of fs.readdirSync(path.join(root, at), { withFileTypes: true })) {
      const child = `${at}/${entry.name}`;
      if (entry.isDirectory()) {
        folders.push(child);
        visit(child);
      } else if (entry.isFile()) files.push(child);
      else throw kindError(root, child, fs.lstatSync(path.join(root, child)), "a file or folder");
    }
  };
  if (fs.existsSync(path.join(root, folder))) visit(folder);
  return { files, folders };
}

function lstatOrNone(root: string, at: string): fs.Stats | undefined {
  return fs.lstatSync(path.join(root, at), { throwIfNoEntry: false });
}

function kindError(root: string, at: string, stat: fs.Stats, expected: string): WriteError {
  const full = path.join(root, at);
  return stat.isSymbolicLink()
    ? new WriteError(`${full} is a symbolic link; refusing to write or delete through it`)
    : new WriteError(`${full} is not ${expected}`);
}

/** What `planDiff` shows: drift that `--check` reports (files, and a stale record; not folders). */
export function differingFiles(plan: WritePlan): number {
  return plan.write.length + plan.remove.length + (plan.record?.changed ? 1 : 0);
}
