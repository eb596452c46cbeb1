// Compile-time checks on real overlays (tsc runs this file; nothing executes it): a typo, a
// wrong type or a missing cluster value in an environment's overlay does not compile.

import type { AgentGatewayOverlay } from "../lib/apps/agentgateway/index.ts";
import { remove } from "../lib/merge.ts";

const cluster = { loadBalancerIP: "10.60.0.30", tlsSecretName: "tls" };

export const fixtures: AgentGatewayOverlay[] = [
  { gateway: cluster, rateLimit: { maxTokens: 20 } },
  // @ts-expect-error misspelt key at depth 1
  { gateway: cluster, rateLimt: { maxTokens: 20 } },
  // @ts-expect-error misspelt key at depth 2
  { gateway: cluster, rateLimit: { maxToken: 20 } },
  // @ts-expect-error wrong type: maxTokens is a number
  { gateway: cluster, rateLimit: { maxTokens: "20" } },
  // @ts-expect-error the cluster values are required in every environment's overlay
  { gateway: { loadBalancerIP: "10.60.0.30" } },
  // @ts-expect-error a required value cannot be removed
  { gateway: cluster, monitoring: remove },
  { gateway: cluster, disruptionBudget: remove },
];
