// One index of a finished tree's objects, built once per tree: every rule looks objects up here
// by kind, namespace and name instead of scanning the documents. It also resolves each object's
// namespace the way Flux applies it.

import { documentName, type Document } from "../../document.ts";
import { folderOfFluxPath } from "../../k8s/flux.ts";
import { folderOf, type FileTree } from "../../tree.ts";
import type { FindingLocation } from "../findings.ts";
import { dig, text, type JsonRecord } from "./read.ts";

/** `Kind.group` (just `Kind` in the core group): a kind named without its version, as kubectl does. */
export function groupKind(group: string, kind: string): string {
  return group === "" ? kind : `${kind}.${group}`;
}

function kindOf(object: JsonRecord): string {
  const apiVersion = text(object.apiVersion) ?? "";
  const slash = apiVersion.indexOf("/");
  return groupKind(slash === -1 ? "" : apiVersion.slice(0, slash), text(object.kind) ?? "");
}

export const GATEWAY_API_GROUP = "gateway.networking.k8s.io";
export const KGATEWAY_API_GROUP = "gateway.kgateway.dev";
export const FLUX_SOURCE_GROUP = "source.toolkit.fluxcd.io";

/** The kinds the rules read. Two kinds are called Kustomization: Flux's and kustomize's own. */
export const KIND = {
  gateway: groupKind(GATEWAY_API_GROUP, "Gateway"),
  httpRoute: groupKind(GATEWAY_API_GROUP, "HTTPRoute"),
  backend: groupKind(KGATEWAY_API_GROUP, "Backend"),
  trafficPolicy: groupKind(KGATEWAY_API_GROUP, "TrafficPolicy"),
  gatewayParameters: groupKind(KGATEWAY_API_GROUP, "GatewayParameters"),
  helmRelease: groupKind("helm.toolkit.fluxcd.io", "HelmRelease"),
  fluxKustomization: groupKind("kustomize.toolkit.fluxcd.io", "Kustomization"),
  kustomization: groupKind("kustomize.config.k8s.io", "Kustomization"),
  externalSecret: groupKind("external-secrets.io", "ExternalSecret"),
  secret: groupKind("", "Secret"),
  configMap: groupKind("", "ConfigMap"),
  service: groupKind("", "Service"),
  networkPolicy: groupKind("networking.k8s.io", "NetworkPolicy"),
  podDisruptionBudget: groupKind("policy", "PodDisruptionBudget"),
  serviceMonitor: groupKind("monitoring.coreos.com", "ServiceMonitor"),
  podMonitor: groupKind("monitoring.coreos.com", "PodMonitor"),
} as const;

/** Where an object without a namespace lands when no Flux Kustomization sets one. */
const DEFAULT_NAMESPACE = "default";

/** A document of the tree with what every rule needs to know about it. */
export interface LocatedObject {
  readonly file: string;
  readonly doc: Document;
  readonly object: JsonRecord;
  /** `Kind.group`, see groupKind. */
  readonly kind: string;
  readonly name: string;
  /** The namespace the object is applied in. */
  readonly namespace: string;
  readonly at: FindingLocation;
}

export interface TreeIndex {
  readonly objects: readonly LocatedObject[];
  ofKind(kind: string): readonly LocatedObject[];
  inNamespace(kind: string, namespace: string): readonly LocatedObject[];
  get(kind: string, namespace: string, name: string): LocatedObject | undefined;
  /** The Flux Kustomizations whose `spec.path` is this folder. */
  appliedBy(folder: string): readonly LocatedObject[];
  /** Paths of the files directly in a folder, in tree order. */
  filesIn(folder: string): readonly string[];
  /** The objects of the files directly in a folder, in tree order. */
  objectsInFolder(folder: string): readonly LocatedObject[];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const values = map.get(key);
  if (values) values.push(value);
  else map.set(key, [value]);
}

function asObject(doc: Document): JsonRecord {
  return doc.object as unknown as JsonRecord;
}

/**
 * Indexes a finished tree (`finishTree(env.build())`). An object's namespace is the
 * `targetNamespace` of the Flux Kustomization that builds its folder, which overrides
 * metadata.namespace as kustomize's `namespace:` does; otherwise metadata.namespace. A Flux
 * Kustomization builds exactly the files of its folder, because the derived kustomization.yaml
 * lists only those.
 */
export function indexTree(env: string, tree: FileTree): TreeIndex {
  const targetNamespaces = new Map<string, string>();
  for (const file of tree.values()) {
    for (const doc of file.documents) {
      const object = asObject(doc);
      if (kindOf(object) !== KIND.fluxKustomization) continue;
      const path = text(dig(object, "spec", "path"));
      const target = text(dig(object, "spec", "targetNamespace"));
      // Two Kustomizations building one folder with different namespaces is a conflict Flux
      // would show as two copies; the first one's namespace stands for both.
      if (path !== undefined && target !== undefined && !targetNamespaces.has(folderOfFluxPath(path))) {
        targetNamespaces.set(folderOfFluxPath(path), target);
      }
    }
  }

  const objects: LocatedObject[] = [];
  const byKind = new Map<string, LocatedObject[]>();
  const byNamespace = new Map<string, LocatedObject[]>();
  const byName = new Map<string, LocatedObject>();
  const builders = new Map<string, LocatedObject[]>();
  const files = new Map<string, string[]>();
  const byFolder = new Map<string, LocatedObject[]>();
  for (const [file, { documents }] of tree) {
    const folder = folderOf(file);
    push(files, folder, file);
    for (const doc of documents) {
      const object = asObject(doc);
      const kind = kindOf(object);
      const name = text(dig(object, "metadata", "name")) ?? "";
      const namespace = targetNamespaces.get(folder) ?? text(dig(object, "metadata", "namespace")) ?? DEFAULT_NAMESPACE;
      const located: LocatedObject = { file, doc, object, kind, name, namespace, at: { env, file, document: documentName(doc) } };
      objects.push(located);
      push(byFolder, folder, located);
      push(byKind, kind, located);
      push(byNamespace, `${kind}\0${namespace}`, located);
      const key = `${kind}\0${namespace}\0${name}`;
      if (!byName.has(key)) byName.set(key, located);
      const path = kind === KIND.fluxKustomization ? text(dig(object, "spec", "path")) : undefined;
      if (path !== undefined) push(builders, folderOfFluxPath(path), located);
    }
  }
  return {
    objects,
    ofKind: (kind) => byKind.get(kind) ?? [],
    inNamespace: (kind, namespace) => byNamespace.get(`${kind}\0${namespace}`) ?? [],
    get: (kind, namespace, name) => byName.get(`${kind}\0${namespace}\0${name}`),
    appliedBy: (folder) => builders.get(folder) ?? [],
    filesIn: (folder) => files.get(folder) ?? [],
    objectsInFolder: (folder) => byFolder.get(folder) ?? [],
  };
}
