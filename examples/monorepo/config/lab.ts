// The lab cluster: one node, so one replica of everything and nothing to spread; it tries the
// next podinfo release before home does.

import { merge, remove, type AgentGatewayOverlay } from "@homeops/fluxkit";
import type { PodinfoOverlay } from "../apps/podinfo.ts";
import { agentGatewayBase, podinfoBase } from "./base.ts";
import { cluster } from "./cluster.ts";

const agentGateway: AgentGatewayOverlay = {
  gateway: { loadBalancerIP: "192.168.60.30", tlsSecretName: "lab-example-com-tls", proxy: { replicas: 1, antiAffinity: remove } },
  helmValues: { controller: { replicaCount: 1, logLevel: "debug" } },
  controllerAntiAffinity: remove,
  disruptionBudget: remove, // one replica: a PodDisruptionBudget would block every drain
  secrets: { item: "agentgateway-lab" },
};

const podinfo: PodinfoOverlay = {
  chart: { version: "6.9.0" },
  replicas: 1,
  ui: { message: "Hello from the lab", color: "#7c3457" },
  resources: { limits: remove },
  secret: { item: "podinfo-lab" },
};

export const lab = cluster("lab", "the lab cluster", {
  agentGateway: merge(agentGatewayBase, agentGateway),
  podinfo: merge(podinfoBase, podinfo),
});
