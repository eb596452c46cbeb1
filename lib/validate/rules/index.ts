// The cross-object rules: everything a schema cannot see because it needs two objects, or what
// the controllers do at run time. One module per rule family; each reads the same index of the
// tree and the same model of the pods kgateway runs, both built once here.

import type { FileTree } from "../../tree.ts";
import type { Finding } from "../findings.ts";
import { appTemplateValueRules } from "./app-template.ts";
import { availabilityRules } from "./availability.ts";
import { dependsOnRules } from "./depends-on.ts";
import { duplicateRules } from "./duplicates.ts";
import { durationRules } from "./durations.ts";
import { ruleContext, type CrossObjectOptions, type RuleFamily } from "./context.ts";
import { fluxRules } from "./flux.ts";
import { gatewayAttachmentRules } from "./gateway-attachment.ts";
import { helmValueRules } from "./helm-values.ts";
import { kgatewayRules } from "./kgateway.ts";
import { kustomizeVarRules } from "./kustomize-vars.ts";
import { monitoringRules } from "./monitoring.ts";
import { nameRules } from "./names.ts";
import { networkPolicyRules } from "./network-policy.ts";
import { podSelectorRules } from "./pod-selectors.ts";
import { portRules } from "./ports.ts";
import { referenceGrantRules } from "./reference-grants.ts";
import { referenceRules } from "./references.ts";
import { routeRegexRules } from "./route-regex.ts";
import { routeShadowingRules } from "./route-shadowing.ts";
import { substitutionRules } from "./substitution.ts";
import { yamlStringRules } from "./yaml-strings.ts";

export type { CrossObjectOptions } from "./context.ts";

const FAMILIES: readonly RuleFamily[] = [
  referenceRules,
  referenceGrantRules,
  fluxRules,
  substitutionRules,
  podSelectorRules,
  networkPolicyRules,
  monitoringRules,
  availabilityRules,
  kgatewayRules,
  helmValueRules,
  appTemplateValueRules,
  // The checks operators need (issue 11): each family cites the upstream code it follows.
  nameRules,
  duplicateRules,
  durationRules,
  portRules,
  dependsOnRules,
  kustomizeVarRules,
  gatewayAttachmentRules,
  routeShadowingRules,
  routeRegexRules,
  yamlStringRules,
];

/** Findings of every cross-object rule on a finished tree (`finishTree(env.build())`). */
export function crossObjectRules(env: string, tree: FileTree, options: CrossObjectOptions = {}): Finding[] {
  const context = ruleContext(env, tree, options);
  return FAMILIES.flatMap((family) => family(context));
}
