// The cluster view: what Flux applies from a repository tree, read the way kustomize-controller
// reads it. Every Flux Kustomization (kustomize.toolkit.fluxcd.io) builds its `spec.path` folder
// with kustomize; the objects that build yields are applied, each in its effective namespace. The
// roots are the Kustomizations nothing in the tree applies (the bootstrap applies them), and the
// objects outside every kustomization.yaml (applied from outside, as a rendered environment's
// files are by the repository's own kustomizations). A file a kustomization.yaml governs but no
// build reaches (a folder commented out of `resources`) is not a cluster object.
//
// Only what a reader of the tree needs is modelled: `resources` (files, folders, remote URLs
// ignored), `components`, the `namespace:` transformer, the kustomization Flux generates for a
// folder without one, `spec.components` and `spec.targetNamespace`. Patches, name prefixes and
// generators are not applied: the objects keep the text of their files. Pure: a tree in, data out.

import type { Document, KubeObject } from "../document.ts";
import { folderOf, type FileTree } from "../tree.ts";
import { dig, list, record, text } from "./rules/read.ts";

const FLUX_KUSTOMIZATION_API_GROUP = "kustomize.toolkit.fluxcd.io/";
const KUSTOMIZE_API_GROUP = "kustomize.config.k8s.io/";

/**
 * The file names kustomize recognises as a folder's kustomization, in its order of preference
 * (kubernetes-sigs/kustomize api/konfig/general.go RecognizedKustomizationFileNames; the
 * extensionless `Kustomization` is not YAML-named, so the tree never holds it).
 */
const KUSTOMIZATION_FILES = ["kustomization.yaml", "kustomization.yml"] as const;

/** One document of a file of the tree. */
export interface TreeDocument {
  readonly file: string;
  /** The document's position in its file. */
  readonly position: number;
  readonly doc: Document;
}

/** An object as one Flux Kustomization (or the bootstrap, for a root) applies it. */
export interface AppliedObject extends TreeDocument {
  /** The object as kustomize builds it: a Namespace renamed by a `namespace:` transformer; otherwise the document's object. */
  readonly object: KubeObject;
  /** Set by a `namespace:` transformer or `spec.targetNamespace`, else metadata.namespace; undefined when none. */
  readonly namespace: string | undefined;
  /** The application of the Flux Kustomization that applies it; undefined for a root. */
  readonly appliedBy: AppliedObject | undefined;
}

/** Why kustomize-controller would fail to build, or would leave out, part of the tree. */
export interface BuildProblem {
  /** The document the problem is in: a Flux Kustomization or a kustomization.yaml. */
  readonly at: TreeDocument;
  readonly path: string;
  readonly severity: "error" | "warning";
  readonly message: string;
  readonly fix: string;
}

export interface ClusterView {
  /** Every application of an object, roots first, then in the order the Kustomizations apply them. */
  readonly applied: readonly AppliedObject[];
  /** Files holding objects that nothing applies although a kustomization governs them: not cluster objects. */
  readonly skippedFiles: readonly string[];
  readonly problems: readonly BuildProblem[];
  /** Whether the tree holds Flux Kustomizations at all; without any, every object counts as applied. */
  readonly hasFlux: boolean;
}

export function isFluxKustomization(object: KubeObject): boolean {
  return object.kind === "Kustomization" && object.apiVersion.startsWith(FLUX_KUSTOMIZATION_API_GROUP);
}

/** kustomize's own kustomization.yaml or Component: build inputs, never applied. */
export function isKustomizeFile(object: KubeObject): boolean {
  return object.apiVersion.startsWith(KUSTOMIZE_API_GROUP) && (object.kind === "Kustomization" || object.kind === "Component");
}

/**
 * Entries kustomize fetches instead of reading from the folder: the remote prefixes
 * fluxcd/pkg kustomize/kustomize_generator.go IsLocalRelativePath rejects (taken from kustomize
 * api/internal/git/repospec.go), plus absolute paths.
 */
function isRemote(entry: string): boolean {
  const lower = entry.toLowerCase();
  return ["git::", "gh:", "ssh://", "https://", "http://", "git@", "github.com:", "github.com/", "file://"].some((p) => lower.startsWith(p)) || entry.startsWith("/");
}

/** `folder` joined with a relative entry, normalised; undefined when it leaves the tree. */
export function joinTreePath(folder: string, entry: string): string | undefined {
  const segments = folder === "" ? [] : folder.split("/");
  for (const segment of entry.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (segments.length === 0) return undefined;
      segments.pop();
    } else segments.push(segment);
  }
  return segments.join("/");
}

/** The folder a Flux `spec.path` names, relative to the repository root ("" for the root). */
export function fluxPathFolder(path: string): string | undefined {
  return joinTreePath("", path);
}

function key(file: string, position: number): string {
  return `${file}#${position}`;
}

interface Built {
  readonly source: TreeDocument;
  readonly object: KubeObject;
  readonly namespace: string | undefined;
}

/**
 * kustomize's namespace transformer: sets every object's namespace and renames Namespace objects
 * (its field specs hold `path: metadata/name, kind: Namespace`, see kubernetes-sigs/kustomize's
 * NamespaceTransformer examples), which is how a `namespace.yaml` holding `name: _` becomes the
 * folder's namespace in home-ops repositories. RoleBinding subjects are rewritten too upstream;
 * no rule reads them. Cluster-scoped objects keep a namespace here that the API server ignores.
 */
function withNamespace(objects: readonly Built[], namespace: string): Built[] {
  return objects.map((built) => {
    if (built.object.kind !== "Namespace" || built.object.apiVersion !== "v1") return { ...built, namespace };
    const object: KubeObject = { ...built.object, metadata: { ...built.object.metadata, name: namespace } };
    return { ...built, object, namespace: undefined };
  });
}

class Builder {
  private readonly tree: FileTree;
  /** Folder → path of its kustomization file. */
  private readonly kustomizationFiles = new Map<string, string>();
  /** Every folder that holds a file, directly or below. */
  private readonly folders = new Set<string>();
  /** Files below each folder (any depth), in tree order. */
  private readonly filesBelow = new Map<string, string[]>();
  readonly problems: BuildProblem[] = [];
  /** Folders whose own kustomization file a build read. */
  readonly builtFolders = new Set<string>();
  private readonly reported = new Set<string>();

  constructor(tree: FileTree) {
    this.tree = tree;
    for (const file of tree.keys()) {
      const folder = folderOf(file);
      const name = file.slice(folder === "" ? 0 : folder.length + 1);
      if ((KUSTOMIZATION_FILES as readonly string[]).includes(name) && !this.kustomizationFiles.has(folder)) this.kustomizationFiles.set(folder, file);
      for (let f: string | undefined = folder; f !== undefined; f = f === "" ? undefined : folderOf(f)) {
        this.folders.add(f);
        const below = this.filesBelow.get(f);
        if (below) below.push(file);
        else this.filesBelow.set(f, [file]);
      }
    }
  }

  /** Whether a kustomization file in the file's folder or above decides what of it is built. */
  governed(file: string): boolean {
    for (let folder = folderOf(file); ; folder = folderOf(folder)) {
      if (this.kustomizationFiles.has(folder)) return true;
      if (folder === "") return false;
    }
  }

  kustomizationOfFolder(folder: string): TreeDocument | undefined {
    return this.kustomizationOf(folder);
  }

  problem(problem: BuildProblem): void {
    const id = `${key(problem.at.file, problem.at.position)}\0${problem.path}\0${problem.message}`;
    if (this.reported.has(id)) return;
    this.reported.add(id);
    this.problems.push(problem);
  }

  private documentsOf(file: string): Built[] {
    return (this.tree.get(file)?.documents ?? []).map((doc, position) => ({ source: { file, position, doc }, object: doc.object, namespace: undefined }));
  }

  private kustomizationOf(folder: string): TreeDocument | undefined {
    const file = this.kustomizationFiles.get(folder);
    const doc = file === undefined ? undefined : this.tree.get(file)?.documents[0];
    return file === undefined || doc === undefined ? undefined : { file, position: 0, doc };
  }

  /**
   * The kustomization kustomize-controller writes into a folder without one: every YAML file
   * below it, except that a subfolder with its own kustomization file is one resource and is not
   * descended into (fluxcd/pkg kustomize/kustomize_generator.go generateKustomization and
   * scanManifests: `filepath.SkipDir`). Files without objects are not in the tree's documents
   * and add nothing.
   */
  private generated(folder: string, stack: readonly string[]): Built[] {
    const out: Built[] = [];
    const subfolders = new Set<string>();
    const prefix = folder === "" ? "" : `${folder}/`;
    for (const file of this.filesBelow.get(folder) ?? []) {
      const segments = file.slice(prefix.length).split("/");
      let sub: string | undefined;
      for (let depth = 1; depth < segments.length && sub === undefined; depth++) {
        const candidate = prefix + segments.slice(0, depth).join("/");
        if (this.kustomizationFiles.has(candidate)) sub = candidate;
      }
      if (sub === undefined) out.push(...this.documentsOf(file));
      else if (!subfolders.has(sub)) {
        subfolders.add(sub);
        out.push(...this.build(sub, [], undefined, stack));
      }
    }
    return out;
  }

  /**
   * `kustomize build folder`: resources in order, then components, then the `namespace:`
   * transformer (an outer one overrides an inner one, as it runs last). `extraComponents` and
   * `namespaceOverride` are what Flux adds to the folder's kustomization before it builds
   * (fluxcd/pkg kustomize/kustomize_generator.go WriteFile: `kus.Namespace = targetNamespace`,
   * `kus.Components = append(kus.Components, spec.components...)`).
   */
  build(folder: string, extraComponents: readonly { entry: string; at: TreeDocument; path: string }[], namespaceOverride: string | undefined, stack: readonly string[]): Built[] {
    if (stack.includes(folder)) return [];
    const inner = [...stack, folder];
    const kustomization = this.kustomizationOf(folder);
    let out: Built[];
    const components = [...extraComponents];
    let namespace = namespaceOverride;
    if (kustomization === undefined) out = this.generated(folder, inner);
    else {
      this.builtFolders.add(folder);
      const object = kustomization.doc.object as unknown as Readonly<Record<string, unknown>>;
      out = list(object.resources).flatMap((resource, i) => this.resource(folder, resource, kustomization, `resources[${i}]`, inner));
      components.unshift(...list(object.components).flatMap((entry, i) => {
        const name = text(entry);
        return name === undefined ? [] : [{ entry: name, at: kustomization, path: `components[${i}]` }];
      }));
      namespace ??= text(object.namespace);
    }
    for (const component of components) out = this.component(folder, component, out, inner);
    return namespace === undefined || namespace === "" ? out : withNamespace(out, namespace);
  }

  private resource(folder: string, entry: unknown, at: TreeDocument, path: string, stack: readonly string[]): Built[] {
    const name = text(entry);
    if (name === undefined || isRemote(name)) return [];
    const target = joinTreePath(folder, name);
    if (target !== undefined && this.tree.has(target)) return this.documentsOf(target);
    if (target !== undefined && this.kustomizationFiles.has(target)) return this.build(target, [], undefined, stack);
    const folderMissing = target === undefined || !this.folders.has(target);
    this.problem({
      at, path, severity: "error",
      message: folderMissing
        ? `${name} is listed but is neither a file nor a folder of the tree: the build fails`
        : `${name} is a folder without a kustomization.yaml: the build fails`,
      fix: folderMissing ? `remove ${name} or add it` : `add a kustomization.yaml to ${target}, or list its files`,
    });
    return [];
  }

  /** A kustomize Component: its resources join the parent's, then its namespace applies to all of them. */
  private component(folder: string, component: { entry: string; at: TreeDocument; path: string }, parent: Built[], stack: readonly string[]): Built[] {
    const target = joinTreePath(folder, component.entry);
    const kustomization = target === undefined ? undefined : this.kustomizationOf(target);
    if (target === undefined || kustomization === undefined) {
      this.problem({ at: component.at, path: component.path, severity: "error",
        message: `component ${component.entry} is not a folder of the tree with a kustomization.yaml: the build fails`,
        fix: `point it at a folder holding a kind: Component kustomization.yaml` });
      return parent;
    }
    if (stack.includes(target)) return parent;
    const object = kustomization.doc.object as unknown as Readonly<Record<string, unknown>>;
    const inner = [...stack, target];
    let out = [...parent, ...list(object.resources).flatMap((resource, i) => this.resource(target, resource, kustomization, `resources[${i}]`, inner))];
    for (const [i, entry] of list(object.components).entries()) {
      const name = text(entry);
      if (name !== undefined) out = this.component(target, { entry: name, at: kustomization, path: `components[${i}]` }, out, inner);
    }
    const namespace = text(object.namespace);
    return namespace === undefined || namespace === "" ? out : withNamespace(out, namespace);
  }

  /** What one Flux Kustomization applies. */
  applies(ks: TreeDocument): Built[] {
    const spec = record(dig(ks.doc.object, "spec"));
    const path = text(spec?.path) ?? "";
    const folder = fluxPathFolder(path);
    if (folder === undefined || !this.folders.has(folder)) {
      this.problem({ at: ks, path: "spec.path", severity: "error",
        message: `${path || "(empty)"} is not a folder of the tree: Flux fails to build it`,
        fix: "point spec.path at a folder of the repository, e.g. ./kubernetes/apps/<namespace>/<app>/app" });
      return [];
    }
    const components = list(spec?.components).flatMap((entry, i) => {
      const name = text(entry);
      return name === undefined ? [] : [{ entry: name, at: ks, path: `spec.components[${i}]` }];
    });
    const target = text(spec?.targetNamespace);
    return this.build(folder, components, target === "" ? undefined : target, []);
  }
}

/** Every string in a kustomization, resolved against its folder: what it names (patches, generator files...). */
function namedPaths(value: unknown, folder: string, into: Set<string>): Set<string> {
  if (typeof value === "string") {
    const path = joinTreePath(folder, value);
    if (path !== undefined) into.add(path);
  } else if (Array.isArray(value)) for (const item of value) namedPaths(item, folder, into);
  else for (const item of Object.values(record(value) ?? {})) namedPaths(item, folder, into);
  return into;
}

/**
 * A file with objects, in a folder a Flux Kustomization builds through its kustomization.yaml,
 * that the kustomization names nowhere (not in resources, nor as a patch or generator input):
 * Flux never applies it, which is almost always a forgotten entry.
 */
function unlistedProblem(builder: Builder, file: string): void {
  const folder = folderOf(file);
  const kustomization = builder.builtFolders.has(folder) ? builder.kustomizationOfFolder(folder) : undefined;
  if (kustomization === undefined || namedPaths(kustomization.doc.object, folder, new Set()).has(file)) return;
  const name = file.slice(folder === "" ? 0 : folder.length + 1);
  builder.problem({ at: kustomization, path: "resources", severity: "error",
    message: `${name} is in ${folder} but not listed: Flux never applies it`, fix: `add ./${name} to resources, or move it out of the folder` });
}

/** Reads the tree as kustomize-controller would apply it. */
export function clusterView(tree: FileTree): ClusterView {
  const kustomizations: TreeDocument[] = [];
  for (const [file, { documents }] of tree) {
    documents.forEach((doc, position) => {
      if (isFluxKustomization(doc.object)) kustomizations.push({ file, position, doc });
    });
  }
  if (kustomizations.length === 0) {
    // No Flux at all (a plain manifest folder, a unit test's tree): every object is applied as written.
    const applied: AppliedObject[] = [];
    for (const [file, { documents }] of tree) {
      documents.forEach((doc, position) => {
        if (!isKustomizeFile(doc.object)) applied.push({ file, position, doc, object: doc.object, namespace: doc.object.metadata?.namespace, appliedBy: undefined });
      });
    }
    return { applied, skippedFiles: [], problems: [], hasFlux: false };
  }

  const builder = new Builder(tree);
  const builds = new Map<string, Built[]>();
  const appliedByAny = new Set<string>();
  for (const ks of kustomizations) {
    const built = builder.applies(ks);
    builds.set(key(ks.file, ks.position), built);
    for (const b of built) appliedByAny.add(key(b.source.file, b.source.position));
  }

  const applied: AppliedObject[] = [];
  const visited = new Set<string>();
  const queue: AppliedObject[] = [];
  const enqueue = (application: AppliedObject): void => {
    applied.push(application);
    if (isFluxKustomization(application.object)) queue.push(application);
  };
  // Roots first; then any Kustomization only a cycle applies, so that every one is read.
  const pending = [...kustomizations.filter((ks) => !appliedByAny.has(key(ks.file, ks.position))), ...kustomizations];
  for (const root of pending) {
    if (visited.has(key(root.file, root.position))) continue;
    enqueue({ ...root, object: root.doc.object, namespace: root.doc.object.metadata?.namespace, appliedBy: undefined });
    while (queue.length > 0) {
      const ks = queue.shift() as AppliedObject;
      const id = key(ks.file, ks.position);
      if (visited.has(id)) continue;
      visited.add(id);
      for (const b of builds.get(id) ?? []) {
        if (isKustomizeFile(b.object)) continue;
        enqueue({ ...b.source, object: b.object, namespace: b.namespace ?? b.object.metadata?.namespace, appliedBy: ks });
      }
    }
  }

  // A document outside every kustomization (a rendered app's ks.yaml, a loose manifest) is applied
  // from outside the tree, like the bootstrap applies the root Kustomizations. One that a
  // kustomization governs but no build reaches (a folder commented out of resources) is not.
  const appliedDocuments = new Set(applied.map((a) => key(a.file, a.position)));
  for (const [file, { documents }] of tree) {
    if (builder.governed(file)) continue;
    documents.forEach((doc, position) => {
      if (!appliedDocuments.has(key(file, position)) && !isKustomizeFile(doc.object)) {
        applied.push({ file, position, doc, object: doc.object, namespace: doc.object.metadata?.namespace, appliedBy: undefined });
      }
    });
  }
  const appliedFiles = new Set(applied.map((a) => a.file));
  const skippedFiles = [...tree].filter(([file, { documents }]) => !appliedFiles.has(file) && documents.some((doc) => !isKustomizeFile(doc.object))).map(([file]) => file);
  for (const file of skippedFiles) unlistedProblem(builder, file);
  return { applied, skippedFiles, problems: builder.problems, hasFlux: true };
}
