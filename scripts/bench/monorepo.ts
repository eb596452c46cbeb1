// A generated monorepo for the benchmark: N copies of the AgentGateway app, each with its own
// name, namespace and Gateway, in two environments shaped like home and staging. Every copy lives
// in its own namespace, so the cross-object rules (which work per namespace) see N clean apps and
// the render is as valid as this repository's own.

import { agentGateway } from "../../lib/apps/agentgateway/index.ts";
import type { AgentGatewayValues } from "../../lib/apps/agentgateway/values.ts";
import { defineEnvironment, type Environment } from "../../lib/environment.ts";
import { merge } from "../../lib/merge.ts";
import { assertComplete } from "../../lib/required.ts";
import { joinTrees } from "../../lib/tree.ts";
import { clusterSubstitutions } from "../../config/cluster.ts";
import { homeValues } from "../../config/home.ts";
import { stagingValues } from "../../config/staging.ts";

export type MonorepoEnvName = "home" | "staging";

/** What each environment's copies start from, and the subnet their LoadBalancer IPs come from. */
const MONOREPO_ENVS: Record<MonorepoEnvName, { values: AgentGatewayValues; subnet: number }> = {
  home: { values: homeValues, subnet: 50 },
  staging: { values: stagingValues, subnet: 60 },
};

export const MONOREPO_ENV_NAMES: readonly MonorepoEnvName[] = ["home", "staging"];

/**
 * Copy `i` of an environment's values: its own app, namespace and Gateway, and (as real clusters
 * would have) its own hostname and LoadBalancer IP.
 */
export function copyValues(values: AgentGatewayValues, i: number, subnet: number): AgentGatewayValues {
  return merge(values, {
    name: `agentgateway-${i}`,
    namespace: `ai-${i}`,
    gateway: {
      name: `gw-${i}`,
      hostname: `ai-${i}.\${SECRET_DOMAIN}`,
      loadBalancerIP: `10.${subnet}.${Math.floor(i / 250)}.${(i % 250) + 1}`,
    },
  });
}

/** The composed values of `n` copies for one environment: the merges, and nothing else. */
export function composeCopies(env: MonorepoEnvName, n: number): AgentGatewayValues[] {
  const { values, subnet } = MONOREPO_ENVS[env];
  return Array.from({ length: n }, (_, i) => copyValues(values, i + 1, subnet));
}

/** One environment whose tree joins every copy's app folder (kubernetes/apps/<ns>/<name>/). */
export function monorepoEnvironment(env: MonorepoEnvName, copies: readonly AgentGatewayValues[]): Environment {
  return defineEnvironment({
    name: env,
    description: `${copies.length} generated copies of the AgentGateway app`,
    deploy: true,
    substituteFromVars: clusterSubstitutions,
    build: () => joinTrees(...copies.map((values) => agentGateway(assertComplete(values, `values of ${values.name}`)))),
  });
}

/** Both environments of an `n`-copy monorepo, composed. */
export function monorepoEnvironments(n: number): Environment[] {
  return MONOREPO_ENV_NAMES.map((name) => monorepoEnvironment(name, composeCopies(name, n)));
}
