// Availability: a PodDisruptionBudget that never allows an eviction of the pods it selects
// blocks every node drain (kubectl drain, node upgrades) until someone deletes it.

import { finding, type Finding } from "../findings.ts";
import type { RuleContext } from "./context.ts";
import { describeGroups } from "./pods.ts";
import { dig, integer, text } from "./read.ts";
import { selectedPods } from "./selection.ts";
import { KIND, type LocatedObject } from "./tree-index.ts";

/** An IntOrString budget as a pod count over `total` pods; percentages round up, as the disruption controller does. */
function pods(value: unknown, total: number): number | undefined {
  const percent = /^(\d+)%$/.exec(text(value) ?? "");
  return percent?.[1] !== undefined ? Math.ceil((Number(percent[1]) * total) / 100) : integer(value);
}

function budgetFindings(budget: LocatedObject, context: RuleContext): Finding[] {
  const groups = selectedPods(budget, context.pods);
  if (groups.length === 0) return []; // selector/no-pods reports it
  const total = groups.reduce((sum, g) => sum + g.replicas, 0);
  const minAvailable = dig(budget.object, "spec", "minAvailable");
  const maxUnavailable = dig(budget.object, "spec", "maxUnavailable");
  const required = minAvailable !== undefined ? (pods(minAvailable, total) ?? 0) : undefined;
  const blocks = required !== undefined ? required >= total : pods(maxUnavailable, total) === 0;
  if (!blocks) return [];
  const field = required !== undefined ? "minAvailable" : "maxUnavailable";
  const replicas = groups.map((g) => `${g.replicas}${g.replicasDefaulted ? ", the default" : ""}: ${g.replicasField}`).join(", ");
  return [finding(budget.at, "pdb/blocks-drain", "error", `spec.${field}`,
    `${field} ${String(minAvailable ?? maxUnavailable)} over ${describeGroups(groups)}, which run ${total} replica${total === 1 ? "" : "s"} (${replicas}): no pod may ever be evicted, so node drains block`,
    required !== undefined
      ? `set ${groups.map((g) => g.replicasField).join(" and ")} to ${required + 1} or more, or use maxUnavailable: 1`
      : "set maxUnavailable to 1 or more")];
}

export function availabilityRules(context: RuleContext): Finding[] {
  return context.index.ofKind(KIND.podDisruptionBudget).flatMap((budget) => budgetFindings(budget, context));
}
