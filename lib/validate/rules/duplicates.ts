// Two objects with one identity (kind and group, namespace, name) in one tree: kustomize fails
// the build when both are in one Kustomization ("may not add resource with an already
// registered id"), and two Flux Kustomizations applying one object take it from each other on
// every reconcile (the inventory of the one that loses prunes it). The version is not part of
// the identity: apps/v1 and apps/v1beta1 Deployment/x are the same object.
//
// Upstream: kubernetes-sigs/kustomize api/resmap/reswrangler.go, `Append` refuses an id already
// registered; fluxcd/kustomize-controller applies with server-side apply under one field manager,
// so the last Kustomization to reconcile owns the object.

import { finding, type Finding } from "../findings.ts";
import type { RuleContext } from "./context.ts";
import { hasVars } from "./flux-text.ts";
import { groupKind, KIND, type LocatedObject } from "./tree-index.ts";

/** Cluster-scoped kinds a home-ops tree holds: their namespace is no part of the identity. */
const CLUSTER_SCOPED: ReadonlySet<string> = new Set([
  "Namespace", "PersistentVolume", "Node",
  groupKind("rbac.authorization.k8s.io", "ClusterRole"), groupKind("rbac.authorization.k8s.io", "ClusterRoleBinding"),
  groupKind("apiextensions.k8s.io", "CustomResourceDefinition"), groupKind("storage.k8s.io", "StorageClass"),
  groupKind("storage.k8s.io", "CSIDriver"), groupKind("scheduling.k8s.io", "PriorityClass"), groupKind("node.k8s.io", "RuntimeClass"),
  groupKind("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"), groupKind("admissionregistration.k8s.io", "MutatingWebhookConfiguration"),
  groupKind("admissionregistration.k8s.io", "ValidatingAdmissionPolicy"), groupKind("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding"),
  groupKind("apiregistration.k8s.io", "APIService"), groupKind("networking.k8s.io", "IngressClass"),
  groupKind("gateway.networking.k8s.io", "GatewayClass"), groupKind("cert-manager.io", "ClusterIssuer"),
  groupKind("external-secrets.io", "ClusterSecretStore"), groupKind("external-secrets.io", "ClusterExternalSecret"),
  groupKind("snapshot.storage.k8s.io", "VolumeSnapshotClass"),
]);

/** The identity of an object, or undefined when it has none yet (no name, or a name Flux substitutes per app). */
function identity(object: LocatedObject, name: string, namespace: string): string | undefined {
  if (object.kind === KIND.kustomization || object.kind === groupKind("kustomize.config.k8s.io", "Component")) return undefined;
  if (name === "" || hasVars(name) || hasVars(namespace)) return undefined;
  return CLUSTER_SCOPED.has(object.kind) ? `${object.kind}\0\0${name}` : `${object.kind}\0${namespace}\0${name}`;
}

export function duplicateRules({ index }: RuleContext): Finding[] {
  const first = new Map<string, LocatedObject>();
  const findings: Finding[] = [];
  for (const object of index.objects) {
    // The index gives each application of a document its built name and namespace (a Namespace
    // renamed by kustomize's `namespace:`, the namespace a build sets).
    const { namespace } = object;
    const key = identity(object, object.name, namespace);
    if (key === undefined) continue;
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, object);
      continue;
    }
    const where = CLUSTER_SCOPED.has(object.kind) ? "" : ` in namespace ${namespace}`;
    findings.push(finding(object.at, "objects/duplicate", "error", "metadata.name",
      `${object.at.document}${where} is also defined in ${earlier.file}: kustomize refuses the build, or two Flux Kustomizations fight over it`,
      `rename one of them, or delete the copy`));
  }
  return findings;
}
