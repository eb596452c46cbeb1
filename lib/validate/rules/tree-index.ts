// One index of a tree's objects as Flux applies them, built once per tree: every rule looks
// objects up here by kind, namespace and name instead of scanning the documents. What is applied,
// and in which namespace, comes from the cluster view (../cluster-view.ts).

import { documentName, type Document } from "../../document.ts";
import { folderOf, type FileTree } from "../../tree.ts";
import { clusterView, fluxPathFolder, type AppliedObject, type ClusterView } from "../cluster-view.ts";
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
  certificate: groupKind("cert-manager.io", "Certificate"),
} as const;

/** Where an object without a namespace lands when nothing sets one. */
const DEFAULT_NAMESPACE = "default";

/** A document of the tree with what every rule needs to know about it. */
export interface LocatedObject {
  readonly file: string;
  readonly doc: Document;
  /** The object as built (see AppliedObject.object). */
  readonly object: JsonRecord;
  /** `Kind.group`, see groupKind. */
  readonly kind: string;
  readonly name: string;
  /** The namespace the object is applied in. */
  readonly namespace: string;
  readonly at: FindingLocation;
  /** The Flux Kustomization that applies it; undefined for a root or a document nothing applies. */
  readonly appliedBy: LocatedObject | undefined;
}

export interface TreeIndex {
  /** The environment findings name. */
  readonly env: string;
  /** How Flux reads the tree: what each Kustomization applies, what nothing applies. */
  readonly view: ClusterView;
  /** Every application of an object: a file a Component adds to three apps is here three times. */
  readonly objects: readonly LocatedObject[];
  /** Every applied document once (its first application), in tree order: what the schemas check. */
  readonly documents: readonly LocatedObject[];
  ofKind(kind: string): readonly LocatedObject[];
  inNamespace(kind: string, namespace: string): readonly LocatedObject[];
  get(kind: string, namespace: string, name: string): LocatedObject | undefined;
  /** The objects a Flux Kustomization applies. */
  appliedTo(kustomization: LocatedObject): readonly LocatedObject[];
  /** The Flux Kustomizations whose `spec.path` is this folder. */
  appliedBy(folder: string): readonly LocatedObject[];
  /** Paths of the files directly in a folder, in tree order. */
  filesIn(folder: string): readonly string[];
  /** Every document of the files directly in a folder, applied or not (kustomization.yaml too), in tree order. */
  objectsInFolder(folder: string): readonly LocatedObject[];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const values = map.get(key);
  if (values) values.push(value);
  else map.set(key, [value]);
}

/**
 * Indexes a tree as Flux applies it (see cluster-view.ts): an object's namespace is the one its
 * build gives it (a Flux Kustomization's targetNamespace, a kustomization.yaml's `namespace:`),
 * else its metadata.namespace, else `default`. Objects nothing applies are not indexed by kind or
 * name; they are still in `objectsInFolder`.
 */
export function indexTree(env: string, tree: FileTree, view: ClusterView = clusterView(tree)): TreeIndex {
  const objects: LocatedObject[] = [];
  const byKind = new Map<string, LocatedObject[]>();
  const byNamespace = new Map<string, LocatedObject[]>();
  const byName = new Map<string, LocatedObject>();
  const byApplier = new Map<LocatedObject, LocatedObject[]>();
  const firstApplication = new Map<string, LocatedObject>();
  const ofApplication = new Map<AppliedObject, LocatedObject>();
  const locate = (file: string, doc: Document, object: JsonRecord, namespace: string | undefined, appliedBy: LocatedObject | undefined): LocatedObject => ({
    file, doc, object, kind: kindOf(object), name: text(dig(object, "metadata", "name")) ?? "",
    namespace: namespace ?? DEFAULT_NAMESPACE, at: { env, file, document: documentName(doc) }, appliedBy,
  });
  for (const application of view.applied) {
    const appliedBy = application.appliedBy === undefined ? undefined : ofApplication.get(application.appliedBy);
    const located = locate(application.file, application.doc, application.object as unknown as JsonRecord, application.namespace, appliedBy);
    ofApplication.set(application, located);
    objects.push(located);
    if (appliedBy !== undefined) push(byApplier, appliedBy, located);
    push(byKind, located.kind, located);
    push(byNamespace, `${located.kind}\0${located.namespace}`, located);
    const key = `${located.kind}\0${located.namespace}\0${located.name}`;
    if (!byName.has(key)) byName.set(key, located);
    const documentKey = `${application.file}#${application.position}`;
    if (!firstApplication.has(documentKey)) firstApplication.set(documentKey, located);
  }

  const documents: LocatedObject[] = [];
  const files = new Map<string, string[]>();
  const byFolder = new Map<string, LocatedObject[]>();
  const builders = new Map<string, LocatedObject[]>();
  for (const [file, { documents: docs }] of tree) {
    const folder = folderOf(file);
    push(files, folder, file);
    docs.forEach((doc, position) => {
      const applied = firstApplication.get(`${file}#${position}`);
      if (applied !== undefined) documents.push(applied);
      const located = applied ?? locate(file, doc, doc.object as unknown as JsonRecord, doc.object.metadata?.namespace, undefined);
      push(byFolder, folder, located);
    });
  }
  for (const kustomization of byKind.get(KIND.fluxKustomization) ?? []) {
    const folder = fluxPathFolder(text(dig(kustomization.object, "spec", "path")) ?? "");
    if (folder !== undefined && !(builders.get(folder) ?? []).some((k) => k.doc === kustomization.doc)) push(builders, folder, kustomization);
  }
  return {
    env,
    view,
    objects,
    documents,
    ofKind: (kind) => byKind.get(kind) ?? [],
    inNamespace: (kind, namespace) => byNamespace.get(`${kind}\0${namespace}`) ?? [],
    get: (kind, namespace, name) => byName.get(`${kind}\0${namespace}\0${name}`),
    appliedTo: (kustomization) => byApplier.get(kustomization) ?? [],
    appliedBy: (folder) => builders.get(folder) ?? [],
    filesIn: (folder) => files.get(folder) ?? [],
    objectsInFolder: (folder) => byFolder.get(folder) ?? [],
  };
}
