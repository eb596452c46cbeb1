// Core Kubernetes objects around a workload: NetworkPolicy and PodDisruptionBudget.

import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import type { IPodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { builderFor } from "./builder.ts";

export type { INetworkPolicy, IPodDisruptionBudget };

export const networkPolicy = builderFor<INetworkPolicy>("networking.k8s.io/v1", "NetworkPolicy");
export const podDisruptionBudget = builderFor<IPodDisruptionBudget>("policy/v1", "PodDisruptionBudget");

/** A NetworkPolicy peer: every pod of one namespace, by its kubernetes.io/metadata.name label. */
export function namespacePeer(namespace: string) {
  return { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": namespace } } };
}

/** A NetworkPolicy port on TCP. */
export function tcpPort(port: number) {
  return { protocol: "TCP" as const, port };
}
