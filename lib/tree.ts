// The file tree: an ordered map from a relative path to the documents of that file. Paths are
// relative to the repository root, normalised, and can never leave the tree. Folder
// kustomization.yaml files are derived from the tree unless the environment keeps them as written
// (an imported tree). A file is either documents to emit or, verbatim, text to write as it is.

import { documentName, type Document, type KubeObject } from "./document.ts";
import { folderOfFluxPath } from "./k8s/flux.ts";
import { KUSTOMIZE_API_VERSION, kustomizeKustomization } from "./k8s/kustomize.ts";

export interface TreeFile {
  /** The documents to emit; empty for a verbatim file. */
  readonly documents: readonly Document[];
  /** Comment lines at the top of the file, before the first `---`. */
  readonly head?: string;
  /**
   * The file's text, written as it is instead of emitting documents: files that are not
   * Kubernetes YAML (scripts, Markdown, SOPS-encrypted files, configs a kustomize generator reads)
   * or YAML the emitter cannot reproduce exactly. Nothing restyles it; validation reads the
   * objects of a verbatim `.yaml` file as `fluxkit validate DIR` would (lib/validate/yaml-objects.ts).
   */
  readonly text?: string;
}

/** A file written as it is (see `TreeFile.text`). */
export function verbatimFile(text: string): TreeFile {
  return { documents: [], text };
}

/** A YAML file of documents, with comment lines before its first `---`. */
export function yamlFile(documents: readonly Document[], options: { readonly head?: string } = {}): TreeFile {
  return options.head === undefined ? { documents } : { documents, head: options.head };
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

/**
 * A tree from `[path, documents]` entries (or `[path, file]`, for a `yamlFile` with a head or a
 * `verbatimFile`), in order; a path given twice is an error.
 */
export function fileTree(entries: Iterable<readonly [string, readonly Document[] | TreeFile]>): FileTree {
  const tree = new Map<string, TreeFile>();
  for (const [path, content] of entries) {
    if (tree.has(checkTreePath(path))) throw new TreePathError(`tree path ${JSON.stringify(path)} is given twice`);
    tree.set(path, isDocumentList(content) ? { documents: content } : content);
  }
  return tree;
}

function isDocumentList(content: readonly Document[] | TreeFile): content is readonly Document[] {
  return Array.isArray(content);
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
 * fields (patches, generators) and every `resources` entry that is not a file of the folder
 * (subfolders, `../` paths, URLs), in place; its file entries keep their order and spelling
 * (`./a.yaml`), files it does not list yet follow in tree order, and entries for files no
 * longer in the tree go (kustomize would fail on them). It is placed before the folder's first
 * file.
 */
export function withKustomizations(tree: FileTree): FileTree {
  const targets = new Set<string>();
  for (const file of tree.values()) {
    for (const doc of file.documents) {
      if (doc.object.apiVersion?.startsWith("kustomize.toolkit.fluxcd.io/") && doc.object.kind === "Kustomization") {
        const path = (doc.object as { spec?: { path?: string } }).spec?.path;
        if (path !== undefined) targets.add(folderOfFluxPath(path));
      }
    }
  }
  // Each target folder's files, in tree order, gathered in one pass (not one scan per folder).
  const filesByFolder = new Map<string, string[]>();
  for (const [path, file] of tree) {
    const folder = folderOf(path);
    if (!targets.has(folder) || baseName(path) === KUSTOMIZATION_FILE) continue;
    // A verbatim script or generator input sits beside the resources but is not one.
    if (file.text !== undefined && !/\.ya?ml$/.test(path)) continue;
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

function derivedKustomization(files: string[], existing: TreeFile | undefined): TreeFile {
  const kept = existing?.documents.find(
    (doc) => doc.object.apiVersion === KUSTOMIZE_API_VERSION && doc.object.kind === "Kustomization",
  );
  if (existing?.text !== undefined) return existing;
  if (!kept) return { documents: [kustomizeKustomization({ resources: files })] };
  const listed = (kept.object as { resources?: unknown }).resources;
  const resources = mergedResources(Array.isArray(listed) ? listed : [], files);
  const object: KubeObject & { resources: unknown[] } = { ...kept.object, resources };
  return { ...existing!, documents: existing!.documents.map((doc) => (doc === kept ? { ...kept, object } : doc)) };
}

/** The entries of a kept resources list merged with the folder's files (see withKustomizations). */
function mergedResources(listed: readonly unknown[], files: readonly string[]): unknown[] {
  const present = new Set(files);
  const fileOf = (entry: unknown): string | undefined => {
    if (typeof entry !== "string") return undefined;
    const name = entry.replace(/^(\.\/)+/, "");
    return name.includes("/") || !/\.ya?ml$/.test(name) ? undefined : name;
  };
  const kept = listed.filter((entry) => {
    const file = fileOf(entry);
    return file === undefined || present.has(file);
  });
  const listedFiles = new Set(kept.map(fileOf));
  return [...kept, ...files.filter((file) => !listedFiles.has(file))];
}

/** Sets every file's head comment to its own path, as home-ops repositories do (verbatim files excepted). */
export function withPathHeaders(tree: FileTree): FileTree {
  return new Map([...tree].map(([path, file]) => [path, file.text === undefined ? { ...file, head: path } : file]));
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
 * Schema URLs by template, as a repository writes them: `{ "https://…/{group}/{kind}_{version}.json":
 * ["helm.toolkit.fluxcd.io/v2/HelmRelease", …] }`. `{group}` and `{version}` are the object's
 * apiVersion parts and `{kind}` its kind in lower case; a kind no template lists gets no line.
 */
export function editorSchemaTemplates(templates: Readonly<Record<string, readonly string[]>>): EditorSchemaUrl {
  const byKind = new Map<string, string>();
  for (const [template, kinds] of Object.entries(templates)) for (const kind of kinds) byKind.set(kind, template);
  return (object) => {
    const template = byKind.get(`${object.apiVersion}/${object.kind}`);
    return template === undefined ? undefined : fillSchemaTemplate(template, object);
  };
}

/** A template of `editorSchemaTemplates` filled in for one object. */
export function fillSchemaTemplate(template: string, object: KubeObject): string {
  const slash = object.apiVersion.indexOf("/");
  const group = slash === -1 ? "" : object.apiVersion.slice(0, slash);
  return template
    .replaceAll("{group}", group)
    .replaceAll("{version}", object.apiVersion.slice(slash + 1))
    .replaceAll("{kind}", object.kind.toLowerCase());
}

/**
 * Puts a `# yaml-language-server: $schema=<url>` line first in every document, right after its
 * `---` and before the document's own comment, as home-ops repositories do. A document whose
 * comment already holds such a line keeps its own, where it is.
 */
export function withEditorSchemas(tree: FileTree, schemaUrl: EditorSchemaUrl = editorSchemaUrl): FileTree {
  return new Map(
    [...tree].map(([path, file]) => {
      const documents = file.documents.map((doc) => {
        if (doc.comment !== undefined && hasEditorSchemaLine(doc.comment)) return doc;
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

function hasEditorSchemaLine(comment: string): boolean {
  return comment.split("\n").some((line) => line.trimStart().startsWith(EDITOR_SCHEMA_PREFIX));
}
