// The file tree: an ordered map from a relative path to the documents of that file. Paths are
// relative to the repository root, normalised, and can never leave the tree. Folder
// kustomization.yaml files are derived from the tree, never kept by hand.

import { documentName, type Document, type KubeObject } from "./document.ts";
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
  // Each target folder's files, in tree order, gathered in one pass (not one scan per folder).
  const filesByFolder = new Map<string, string[]>();
  for (const path of tree.keys()) {
    const folder = folderOf(path);
    if (!targets.has(folder) || baseName(path) === KUSTOMIZATION_FILE) continue;
    const files = filesByFolder.get(folder);
    if (files) files.push(baseName(path));
    else filesByFolder.set(folder, [baseName(path)]);
  }
  const result = new Map<string, TreeFile>();
  for (const [path, file] of tree) {
    const folder = folderOf(path);
    const kustomizationPath = folder === "" ? KUSTOMIZATION_FILE : `${folder}/${KUSTOMIZATION_FILE}`;
    if (targets.has(folder) && !result.has(kustomizationPath)) {
      result.set(kustomizationPath, derivedKustomization(filesByFolder.get(folder) ?? [], tree.get(kustomizationPath)));
    }
    if (path !== kustomizationPath || !targets.has(folder)) result.set(path, file);
  }
  return result;
}

function derivedKustomization(resources: string[], existing: TreeFile | undefined): TreeFile {
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

/** The JSON schema URL an editor should validate an object against; `undefined` writes no line. */
export type EditorSchemaUrl = (object: KubeObject, path: string) => string | undefined;

const EDITOR_SCHEMA_PREFIX = "yaml-language-server: $schema=";

/** API groups served by Kubernetes itself, besides the core group and the dotless ones (apps, batch, policy…). */
const BUILTIN_K8S_IO_GROUPS = new Set([
  "admissionregistration.k8s.io", "apiextensions.k8s.io", "apiregistration.k8s.io", "authentication.k8s.io",
  "authorization.k8s.io", "certificates.k8s.io", "coordination.k8s.io", "discovery.k8s.io", "events.k8s.io",
  "flowcontrol.apiserver.k8s.io", "internal.apiserver.k8s.io", "networking.k8s.io", "node.k8s.io",
  "rbac.authorization.k8s.io", "resource.k8s.io", "scheduling.k8s.io", "storage.k8s.io", "storagemigration.k8s.io",
]);

/**
 * The default schema URLs: kustomize's kustomization.yaml from SchemaStore; built-in kinds from
 * yannh/kubernetes-json-schema (strict, latest Kubernetes); every CRD kind from the home-ops
 * community's kubernetes-schemas.pages.dev (`<group>/<kind>_<version>.json`), which holds the
 * CRDs home-ops clusters run (Flux, external-secrets, Gateway API, prometheus-operator…); a kind
 * it lacks gets a URL the editor reports as unreachable: pass your own function for those.
 */
export function editorSchemaUrl(object: KubeObject): string {
  const slash = object.apiVersion.indexOf("/");
  const group = slash === -1 ? "" : object.apiVersion.slice(0, slash);
  const version = object.apiVersion.slice(slash + 1);
  const kind = object.kind.toLowerCase();
  if (group === "kustomize.config.k8s.io" && object.kind === "Kustomization") {
    return "https://json.schemastore.org/kustomization";
  }
  if (!group.includes(".") || BUILTIN_K8S_IO_GROUPS.has(group)) {
    const name = group === "" ? `${kind}-${version}` : `${kind}-${group.split(".")[0]}-${version}`;
    return `https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master/master-standalone-strict/${name}.json`;
  }
  return `https://kubernetes-schemas.pages.dev/${group}/${kind}_${version}.json`;
}

/**
 * Puts a `# yaml-language-server: $schema=<url>` line first in every document, right after its
 * `---` and before the document's own comment, as home-ops repositories do. A document whose
 * comment already starts with such a line keeps its own.
 */
export function withEditorSchemas(tree: FileTree, schemaUrl: EditorSchemaUrl = editorSchemaUrl): FileTree {
  return new Map(
    [...tree].map(([path, file]) => {
      const documents = file.documents.map((doc) => {
        if (doc.comment?.startsWith(EDITOR_SCHEMA_PREFIX)) return doc;
        const url = schemaUrl(doc.object, path);
        if (url === undefined) return doc;
        if (!/^[^\s\u0085]+$/.test(url)) {
          throw new Error(`${path}: ${documentName(doc)}: editor schema URL ${JSON.stringify(url)} must be one word, without spaces or line breaks`);
        }
        const line = `${EDITOR_SCHEMA_PREFIX}${url}`;
        return { ...doc, comment: doc.comment === undefined ? line : `${line}\n${doc.comment}` };
      });
      return [path, { ...file, documents }];
    }),
  );
}
