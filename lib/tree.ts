// The file tree: an ordered map from a relative path to the documents of that file. Paths are
// relative to the repository root, normalised, and can never leave the tree. Folder
// kustomization.yaml files are derived from the tree, never kept by hand.

import type { Document, KubeObject } from "./document.ts";
import { folderOfFluxPath } from "./k8s/flux.ts";
import { KUSTOMIZE_API_VERSION, kustomizeKustomization } from "./k8s/kustomize.ts";

export interface TreeFile {
  readonly documents: readonly Document[];
  /** Comment lines at the top of the file, before the first `---`. */
  readonly head?: string;
}

export type FileTree = ReadonlyMap<string, TreeFile>;

export class TreePathError extends Error {}

/**
 * Checks a tree path: relative, `/`-separated, no `.`/`..`/empty segments, no backslashes or NUL.
 * Returns the path unchanged so callers can use it inline.
 */
export function checkTreePath(path: string): string {
  const problem =
    path === "" ? "is empty"
    : path.startsWith("/") || /^[A-Za-z]:/.test(path) ? "is absolute"
    : path.includes("\\") ? "contains a backslash"
    : path.includes("\0") ? "contains a NUL byte"
    : path.split("/").some((s) => s === "") ? "has an empty segment"
    : path.split("/").some((s) => s === "." || s === "..") ? "has a . or .. segment"
    : undefined;
  if (problem) throw new TreePathError(`tree path ${JSON.stringify(path)} ${problem}`);
  return path;
}

/** A tree from `[path, documents]` entries, in order; a path given twice is an error. */
export function fileTree(entries: Iterable<readonly [string, readonly Document[]]>): FileTree {
  const tree = new Map<string, TreeFile>();
  for (const [path, documents] of entries) {
    if (tree.has(checkTreePath(path))) throw new TreePathError(`tree path ${JSON.stringify(path)} is given twice`);
    tree.set(path, { documents });
  }
  return tree;
}

/** The same files under `prefix/`. */
export function mountTree(prefix: string, tree: FileTree): FileTree {
  checkTreePath(prefix);
  return new Map([...tree].map(([path, file]) => [`${prefix}/${path}`, file]));
}

/** Concatenates trees; a path present in two of them is an error. */
export function joinTrees(...trees: FileTree[]): FileTree {
  const joined = new Map<string, TreeFile>();
  for (const tree of trees) {
    for (const [path, file] of tree) {
      if (joined.has(path)) throw new TreePathError(`tree path ${JSON.stringify(path)} is in two trees`);
      joined.set(path, file);
    }
  }
  return joined;
}

export function folderOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash === -1 ? "" : path.slice(0, slash);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

const KUSTOMIZATION_FILE = "kustomization.yaml";

/**
 * Adds `kustomization.yaml` to every folder a Flux Kustomization in the tree points at, listing
 * that folder's files in tree order. A kustomization.yaml already in the tree keeps its other
 * fields (patches, generators); only `resources` is derived. It is placed before the folder's
 * first file.
 */
export function withKustomizations(tree: FileTree): FileTree {
  const targets = new Set<string>();
  for (const file of tree.values()) {
    for (const doc of file.documents) {
      if (doc.object.apiVersion.startsWith("kustomize.toolkit.fluxcd.io/") && doc.object.kind === "Kustomization") {
        const path = (doc.object as { spec?: { path?: string } }).spec?.path;
        if (path !== undefined) targets.add(folderOfFluxPath(path));
      }
    }
  }
  const result = new Map<string, TreeFile>();
  for (const [path, file] of tree) {
    const folder = folderOf(path);
    const kustomizationPath = folder === "" ? KUSTOMIZATION_FILE : `${folder}/${KUSTOMIZATION_FILE}`;
    if (targets.has(folder) && !result.has(kustomizationPath)) {
      result.set(kustomizationPath, derivedKustomization(tree, folder, tree.get(kustomizationPath)));
    }
    if (path !== kustomizationPath || !targets.has(folder)) result.set(path, file);
  }
  return result;
}

function derivedKustomization(tree: FileTree, folder: string, existing: TreeFile | undefined): TreeFile {
  const resources = [...tree.keys()]
    .filter((path) => folderOf(path) === folder && baseName(path) !== KUSTOMIZATION_FILE)
    .map(baseName);
  const kept = existing?.documents.find(
    (doc) => doc.object.apiVersion === KUSTOMIZE_API_VERSION && doc.object.kind === "Kustomization",
  );
  if (!kept) return { documents: [kustomizeKustomization({ resources })] };
  const object: KubeObject & { resources: string[] } = { ...kept.object, resources };
  return { ...existing, documents: [{ ...kept, object }] };
}

/** Sets every file's head comment to its own path, as home-ops repositories do. */
export function withPathHeaders(tree: FileTree): FileTree {
  return new Map([...tree].map(([path, file]) => [path, { ...file, head: path }]));
}
