// A cluster of this repository: both apps from their values, rendered together.

import { agentGateway, assertComplete, defineEnvironment, joinTrees, type AgentGatewayValues, type Environment } from "@homeops/fluxkit";
import type { PodinfoValues } from "../apps/podinfo.ts";
import { podinfo } from "../apps/podinfo.ts";

/** The variables the clusters' `cluster-secrets` Secret provides to `${VAR}` substitution. */
const substituteFromVars = { "Secret/cluster-secrets": ["SECRET_DOMAIN"] };

export function cluster(name: string, description: string, values: { agentGateway: AgentGatewayValues; podinfo: PodinfoValues }): Environment {
  return defineEnvironment({
    name,
    description,
    deploy: true,
    substituteFromVars,
    build: () =>
      joinTrees(
        agentGateway(assertComplete(values.agentGateway, `${name} agentGateway`)),
        podinfo(assertComplete(values.podinfo, `${name} podinfo`)),
      ),
  });
}
