// The home cluster.

import { agentGatewayEnvironment, type AgentGatewayOverlay } from "../lib/apps/agentgateway/index.ts";
import { merge } from "../lib/merge.ts";
import { base } from "./base.ts";
import { clusterSubstitutions } from "./cluster.ts";

const overlay: AgentGatewayOverlay = {
  gateway: { loadBalancerIP: "10.50.0.30", tlsSecretName: "sklab-dev-production-tls" },
};

export const homeValues = merge(base, overlay);

export const home = agentGatewayEnvironment({
  name: "home",
  description: "the home cluster",
  deploy: true,
  substituteFromVars: clusterSubstitutions,
  values: homeValues,
});
