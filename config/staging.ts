// The staging cluster: the same app, smaller and cheaper, with its own address and secrets.

import { agentGatewayEnvironment, type AgentGatewayOverlay } from "../lib/apps/agentgateway/index.ts";
import { merge, remove } from "../lib/merge.ts";
import { base } from "./base.ts";
import { clusterSubstitutions } from "./cluster.ts";

const overlay: AgentGatewayOverlay = {
  gateway: { loadBalancerIP: "10.60.0.30", tlsSecretName: "sklab-dev-staging-tls" },
  helmValues: {
    controller: { replicaCount: 1, logLevel: "debug" },
    resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "250m", memory: "256Mi" } },
  },
  controllerAntiAffinity: remove, // one controller replica: nothing to spread
  disruptionBudget: remove, // one replica: a PodDisruptionBudget would block every drain
  secrets: { item: "agentgateway-staging" },
  providers: { openai: { model: "gpt-4o-mini" }, anthropic: { model: "claude-3-5-haiku-20241022" } },
  failover: { priorityGroups: { premium: remove } },
  rateLimit: { maxTokens: 20, tokensPerFill: 2 },
  monitoring: { interval: "60s" },
};

export const stagingValues = merge(base, overlay);

export const staging = agentGatewayEnvironment({
  name: "staging",
  description: "the staging cluster",
  deploy: true,
  substituteFromVars: clusterSubstitutions,
  values: stagingValues,
});
