// Flux Kustomizations resolve: their dependsOn names Kustomizations (checked when in the tree),
// and their spec.path is a folder of the tree whose kustomization.yaml lists every file in it.

import { folderOfFluxPath } from "../../k8s/flux.ts";
import { fieldPath, finding, type Finding } from "../findings.ts";
import type { RuleContext } from "./context.ts";
import { dig, list, record, text } from "./read.ts";
import { KIND, type LocatedObject, type TreeIndex } from "./tree-index.ts";

const KUSTOMIZATION_FILE = "kustomization.yaml";

function dependsOnFindings(kustomization: LocatedObject, index: TreeIndex): Finding[] {
  return list(dig(kustomization.object, "spec", "dependsOn")).flatMap((dependency, i): Finding[] => {
    const name = text(record(dependency)?.name);
    const namespace = text(record(dependency)?.namespace) ?? kustomization.namespace;
    if (name === undefined || index.get(KIND.fluxKustomization, namespace, name) !== undefined) return [];
    return [finding(kustomization.at, "ref/flux-depends-on", "info", fieldPath(["spec", "dependsOn", i, "name"]),
      `Kustomization ${name} in namespace ${namespace} is not in the tree: an external dependency, not checked`,
      "nothing, if another part of the repository provides it")];
  });
}

function kustomizationFilePath(folder: string): string {
  return folder === "" ? KUSTOMIZATION_FILE : `${folder}/${KUSTOMIZATION_FILE}`;
}

function pathFindings(kustomization: LocatedObject, index: TreeIndex): Finding[] {
  const path = text(dig(kustomization.object, "spec", "path"));
  if (path === undefined) return [];
  const folder = folderOfFluxPath(path);
  if (index.filesIn(folder).includes(kustomizationFilePath(folder))) return [];
  return [finding(kustomization.at, "ref/flux-path", "error", "spec.path",
    `${path} is not a folder of the tree with a kustomization.yaml: Flux fails to build it`,
    "point spec.path at an app folder of the tree, e.g. ./kubernetes/apps/<namespace>/<app>/app")];
}

/** A built folder's kustomization.yaml must list exactly the folder's files, or Flux skips or fails on some. */
function listingFindings(folder: string, index: TreeIndex): Finding[] {
  const file = kustomizationFilePath(folder);
  const build = index.objectsInFolder(folder).find((o) => o.file === file && o.kind === KIND.kustomization);
  if (build === undefined) return [];
  const resources = list(build.object.resources);
  const files = new Set(index.filesIn(folder).map((path) => path.slice(path.lastIndexOf("/") + 1)));
  const unlisted = [...files].filter((name) => name !== KUSTOMIZATION_FILE && !resources.includes(name));
  return [
    ...unlisted.map((name) =>
      finding(build.at, "ref/flux-path", "error", "resources", `${name} is in ${folder} but not listed: Flux never applies it`, `add ${name} to resources`),
    ),
    ...resources.flatMap((resource, i) => {
      const name = text(resource);
      // Entries with a slash name other folders or remote bases: kustomize resolves those.
      if (name === undefined || name.includes("/") || files.has(name)) return [];
      return [finding(build.at, "ref/flux-path", "error", fieldPath(["resources", i]), `${name} is listed but not in ${folder}: the build fails`, `remove ${name} or add the file`)];
    }),
  ];
}

export function fluxRules({ index }: RuleContext): Finding[] {
  const kustomizations = index.ofKind(KIND.fluxKustomization);
  const folders = new Set(kustomizations.flatMap((k) => {
    const path = text(dig(k.object, "spec", "path"));
    return path === undefined ? [] : [folderOfFluxPath(path)];
  }));
  return [
    ...kustomizations.flatMap((k) => [...dependsOnFindings(k, index), ...pathFindings(k, index)]),
    ...[...folders].flatMap((folder) => listingFindings(folder, index)),
  ];
}
