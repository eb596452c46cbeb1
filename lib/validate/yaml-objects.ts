// The Kubernetes objects of a YAML file's text, read as kustomize and Flux read it. One reading for
// `fluxkit validate DIR` (every file of a plain tree) and for a rendered environment's verbatim
// files (text carried as is, e.g. YAML the emitter cannot reproduce), so that the same text is the
// same objects to the cluster view either way.

import { parseAllDocuments, type Document as YamlDocument } from "yaml";
import { document, type Document, type KubeObject } from "../document.ts";
import { KUSTOMIZE_API_VERSION } from "../k8s/kustomize.ts";
import { isYamlFile } from "../yaml-files.ts";
import type { FileTree, TreeFile } from "../tree.ts";
import { record } from "./rules/read.ts";

const KUSTOMIZATION_FILE = /(^|\/)kustomization\.ya?ml$/;

function isKubeObject(value: unknown): value is KubeObject {
  const object = value as Partial<KubeObject> | null;
  return typeof object === "object" && object !== null && !Array.isArray(object) && typeof object.apiVersion === "string" && typeof object.kind === "string";
}

export interface YamlObjects {
  /** The file's Kubernetes objects; none for Helm values, Talos configs, SOPS-encrypted files. */
  readonly documents: Document[];
  /** Every parsed document, for what else reads the text (suppression comments). */
  readonly parsed: readonly YamlDocument.Parsed[];
}

/**
 * The objects of `text`, the file at `treePath`. Invalid YAML is an error naming the file and
 * line. A kustomization.yaml without apiVersion and kind is a Kustomization, as kustomize reads it;
 * SOPS-encrypted objects are skipped (what Git holds is not what the cluster gets).
 */
export function yamlObjects(text: string, treePath: string): YamlObjects {
  // Kubernetes reads YAML 1.1 with merge keys (go-yaml, as kustomize and Flux do).
  const stream = parseAllDocuments(text, { version: "1.1", merge: true, uniqueKeys: false });
  const parsed = Array.isArray(stream) ? stream : [];
  const documents: Document[] = [];
  for (const doc of parsed) {
    const problem = doc.errors[0];
    if (problem) {
      const line = problem.linePos?.[0]?.line;
      throw new Error(`${treePath}${line === undefined ? "" : `:${line}`}: invalid YAML: ${problem.message.split("\n")[0]}`);
    }
    const value: unknown = doc.toJS({ maxAliasCount: -1 });
    const object = KUSTOMIZATION_FILE.test(treePath) && record(value) !== undefined ? { apiVersion: KUSTOMIZE_API_VERSION, kind: "Kustomization", ...record(value) } : value;
    if (isKubeObject(object) && !("sops" in object)) documents.push(document(object));
  }
  return { documents, parsed };
}

/**
 * The tree as validation sees it: each verbatim `.yaml`/`.yml` file (text and no documents) with
 * the objects of its text, as `fluxkit validate DIR` reads the same file. The written text is
 * untouched; a verbatim file that is not valid YAML keeps no documents (it is written as it is).
 */
export function withVerbatimObjects(tree: FileTree): FileTree {
  let changed = false;
  const entries = [...tree].map(([path, file]): [string, TreeFile] => {
    if (file.text === undefined || file.documents.length > 0 || !isYamlFile(path)) return [path, file];
    let documents: Document[];
    try {
      documents = yamlObjects(file.text, path).documents;
    } catch {
      return [path, file];
    }
    if (documents.length === 0) return [path, file];
    changed = true;
    return [path, { ...file, documents }];
  });
  return changed ? new Map(entries) : tree;
}
