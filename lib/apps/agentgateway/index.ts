// The AgentGateway app: its values, its component, and an environment made of it.

import { defineEnvironment, type Environment } from "../../environment.ts";
import { applyPatches, type TreePatch } from "../../patch.ts";
import { assertComplete } from "../../required.ts";
import { agentGateway } from "./component.ts";
import type { AgentGatewayValues } from "./values.ts";

export { agentGateway, appFolder } from "./component.ts";
export { agentGatewayDefaults } from "./defaults.ts";
export type * from "./values.ts";

export interface AgentGatewayEnvironment {
  readonly name: string;
  readonly description: string;
  readonly deploy: boolean;
  readonly values: AgentGatewayValues;
  /** Object patches on the finished tree, for what the values do not expose. */
  readonly patches?: readonly TreePatch[];
  readonly substituteFromVars?: Environment["substituteFromVars"];
  readonly editorSchemas?: Environment["editorSchemas"];
  readonly knownInvalid?: string;
}

/** An environment that renders the AgentGateway app from `values`, then applies `patches`. */
export function agentGatewayEnvironment(env: AgentGatewayEnvironment): Environment {
  const { values, patches = [], ...rest } = env;
  return defineEnvironment({ ...rest, build: () => applyPatches(agentGateway(assertComplete(values, "values")), patches) });
}
