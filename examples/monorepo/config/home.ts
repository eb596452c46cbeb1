// The home cluster: the shared values plus what only this cluster has.

import { merge, type AgentGatewayOverlay } from "@homeops/fluxkit";
import { agentGatewayBase, podinfoBase } from "./base.ts";
import { cluster } from "./cluster.ts";

const agentGateway: AgentGatewayOverlay = {
  gateway: { loadBalancerIP: "192.168.50.30", tlsSecretName: "home-example-com-tls" },
};

export const home = cluster("home", "the home cluster", {
  agentGateway: merge(agentGatewayBase, agentGateway),
  podinfo: merge(podinfoBase, { ui: { message: "Hello from home" } }),
});
