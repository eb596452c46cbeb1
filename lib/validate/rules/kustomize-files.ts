// kustomization.yaml and Component files: build inputs, never applied, so the index lists them
// only by folder. The rules that read them find them here.

import { folderOf } from "../../tree.ts";
import { groupKind, KIND, type LocatedObject, type TreeIndex } from "./tree-index.ts";

const KUSTOMIZE_FILE_KINDS: ReadonlySet<string> = new Set([KIND.kustomization, groupKind("kustomize.config.k8s.io", "Component")]);

/** The kustomize files of every folder an applied object is in, and of the folders above it. */
export function kustomizeFiles(index: TreeIndex): LocatedObject[] {
  const folders = new Set<string>();
  for (const object of index.objects) {
    for (let folder = folderOf(object.file); !folders.has(folder); folder = folderOf(folder)) {
      folders.add(folder);
      if (folder === "") break;
    }
  }
  return [...folders].flatMap((folder) => index.objectsInFolder(folder).filter((o) => KUSTOMIZE_FILE_KINDS.has(o.kind)));
}
