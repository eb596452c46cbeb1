// What every cluster of this repository shares. Cluster-specific values have no default:
// `required()` makes leaving them out of a cluster's overlay a compile error (the overlay types
// demand them) and a render error naming the field.

import { agentGatewayDefaults, merge, remove, replace, required } from "@homeops/fluxkit";
import type { PodinfoValues } from "../apps/podinfo.ts";

const flux = {
  interval: "30m",
  sourceRef: { kind: "GitRepository" as const, name: "flux-system", namespace: "flux-system" },
  dependsOn: [{ name: "external-secrets-stores", namespace: "security" }],
  clusterSecretsName: "cluster-secrets",
};
const secretStore = { kind: "ClusterSecretStore" as const, name: "onepassword" };

// The AgentGateway app's defaults (a working kgateway v2.1.2 deployment), with this repository's
// choices: newer models, one failover group, its own LAN and monitoring namespace.
export const agentGatewayBase = merge(agentGatewayDefaults, {
  gateway: { gatus: { ui: remove } },
  providers: { openai: { model: "gpt-4o" } },
  failover: { priorityGroups: replace({ economy: { "gpt-4o-mini": { provider: "openai", model: "gpt-4o-mini" } } }) },
  promptGuard: { rejectPatterns: replace({ "prompt-injection": "ignore.*previous.*instructions" }), maskBuiltins: ["CREDIT_CARD", "EMAIL"] },
  network: { lanCidrs: ["192.168.0.0/16"], monitoringNamespace: "observability" },
});

export const podinfoBase: PodinfoValues = {
  name: "podinfo",
  namespace: "default",
  chart: { url: "oci://ghcr.io/stefanprodan/charts/podinfo", version: "6.8.0", interval: "12h" },
  flux,
  replicas: 2,
  ui: { message: required("the greeting on podinfo's page"), color: "#34577c" },
  resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "128Mi" } },
  secret: { store: secretStore, item: "podinfo" },
};
