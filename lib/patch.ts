// Object patches: pure whole-tree transforms for what an app's values do not expose, in the
// manner of kube-prometheus' add-ons. Each patch names what it changes; a patch that matches
// nothing is an error, because a silent no-op hides a typo.

import type { Document, KubeObject } from "./document.ts";
import { documentName } from "./document.ts";
import { merge, type Overlay } from "./merge.ts";
import { checkTreePath, type FileTree, type TreeFile } from "./tree.ts";
import type { Style } from "./yaml/style.ts";

export type TreePatch = (tree: FileTree) => FileTree;

/** Which documents a patch applies to: by kind and name, optionally only in one file. */
export interface ObjectSelector {
  readonly kind: string;
  readonly name: string;
  /** Tree path of the file; when absent, every file is searched. */
  readonly file?: string;
}

/** Applies patches in order. */
export function applyPatches(tree: FileTree, patches: readonly TreePatch[]): FileTree {
  return patches.reduce((current, patch) => patch(current), tree);
}

function matches(selector: ObjectSelector, path: string, doc: Document): boolean {
  return (
    doc.object.kind === selector.kind &&
    doc.object.metadata?.name === selector.name &&
    (selector.file === undefined || selector.file === path)
  );
}

function describeSelector(selector: ObjectSelector): string {
  return `${selector.kind}/${selector.name}${selector.file ? ` in ${selector.file}` : ""}`;
}

/**
 * Rewrites every document the selector matches with `change` (returning undefined deletes the
 * document); throws when nothing matches, listing what the tree has of that kind.
 */
function rewriteDocuments(tree: FileTree, selector: ObjectSelector, change: (doc: Document) => Document | undefined): FileTree {
  let found = false;
  const result = new Map<string, TreeFile>();
  for (const [path, file] of tree) {
    if (!file.documents.some((doc) => matches(selector, path, doc))) {
      result.set(path, file);
      continue;
    }
    found = true;
    const documents = file.documents.flatMap((doc) => {
      if (!matches(selector, path, doc)) return [doc];
      const changed = change(doc);
      return changed ? [changed] : [];
    });
    result.set(path, { ...file, documents });
  }
  if (!found) {
    const sameKind = [...tree.values()].flatMap((f) => f.documents).filter((d) => d.object.kind === selector.kind);
    const known = sameKind.length > 0 ? sameKind.map(documentName).join(", ") : `no ${selector.kind} at all`;
    throw new Error(`patch: no ${describeSelector(selector)} in the tree (it has: ${known})`);
  }
  return result;
}

/** Merges an overlay into the selected object(s); the document keeps its style. */
export function patchObject<T extends KubeObject>(selector: ObjectSelector, overlay: Overlay<T>): TreePatch {
  return (tree) =>
    rewriteDocuments(tree, selector, (doc) => ({ ...doc, object: merge(doc.object as T, overlay) }));
}

/** Replaces the selected object(s) with another document, in place. */
export function replaceObject(selector: ObjectSelector, replacement: Document): TreePatch {
  return (tree) => rewriteDocuments(tree, selector, () => replacement);
}

/** Adds (or overrides) style entries of the selected document(s). */
export function restyleObject(selector: ObjectSelector, style: Style): TreePatch {
  return (tree) => rewriteDocuments(tree, selector, (doc) => ({ ...doc, style: { ...doc.style, ...style } }));
}

/** Deletes the selected object(s); a file left with no documents is deleted too. */
export function removeObject(selector: ObjectSelector): TreePatch {
  return (tree) => {
    const removed = rewriteDocuments(tree, selector, () => undefined);
    // Only a file this removal emptied goes: a verbatim file holds no documents and stays.
    return new Map([...removed].filter(([path, file]) => file.documents.length > 0 || tree.get(path)?.documents.length === 0));
  };
}

/** Deletes a whole file. */
export function removeFile(path: string): TreePatch {
  checkTreePath(path);
  return (tree) => {
    if (!tree.has(path)) {
      throw new Error(`patch: no file ${path} in the tree (it has: ${[...tree.keys()].join(", ")})`);
    }
    return new Map([...tree].filter(([p]) => p !== path));
  };
}

/**
 * Adds a file, or replaces the documents of one that exists, keeping its place in the tree (and
 * so in the folder's kustomization.yaml). A new file goes after the last file of its folder.
 */
export function putFile(path: string, documents: readonly Document[]): TreePatch {
  checkTreePath(path);
  return (tree) => {
    if (tree.has(path)) {
      return new Map([...tree].map(([p, file]) => [p, p === path ? { ...file, documents } : file]));
    }
    const entries = [...tree];
    const folder = path.slice(0, path.lastIndexOf("/") + 1);
    const lastInFolder = entries.findLastIndex(([p]) => p.startsWith(folder) && !p.slice(folder.length).includes("/"));
    entries.splice(lastInFolder === -1 ? entries.length : lastInFolder + 1, 0, [path, { documents }]);
    return new Map(entries);
  };
}

/** Moves a file to another path, keeping its place in the tree. */
export function renameFile(from: string, to: string): TreePatch {
  checkTreePath(from);
  checkTreePath(to);
  return (tree) => {
    if (!tree.has(from)) throw new Error(`patch: no file ${from} to rename (it has: ${[...tree.keys()].join(", ")})`);
    if (tree.has(to)) throw new Error(`patch: cannot rename ${from} to ${to}: ${to} exists`);
    return new Map([...tree].map(([p, file]) => [p === from ? to : p, file]));
  };
}
