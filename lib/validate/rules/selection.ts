// Which of the run-time pods an object's label selector picks: the NetworkPolicy, the
// PodDisruptionBudget and the monitors all go through here, so they agree on scope and meaning.

import { selects } from "./label-selector.ts";
import type { PodGroup, RuntimePods } from "./pods.ts";
import { dig, list, record, text } from "./read.ts";
import { KIND, type LocatedObject } from "./tree-index.ts";

/** Kinds that select pods (a ServiceMonitor: Services) with the label selector `spec.<field>`. */
export const POD_SELECTOR_FIELD: Readonly<Record<string, string>> = {
  [KIND.networkPolicy]: "podSelector",
  [KIND.podDisruptionBudget]: "selector",
  [KIND.podMonitor]: "selector",
  [KIND.serviceMonitor]: "selector",
};

/** The namespaces an object selects in: a monitor's namespaceSelector (`any`, `matchNames`), else its own. */
function scope(object: LocatedObject): readonly string[] | "all" {
  if (object.kind !== KIND.podMonitor && object.kind !== KIND.serviceMonitor) return [object.namespace];
  const namespaces = record(dig(object.object, "spec", "namespaceSelector"));
  if (namespaces?.any === true) return "all";
  const names = list(namespaces?.matchNames).flatMap((name) => text(name) ?? []);
  return names.length > 0 ? names : [object.namespace];
}

/**
 * The pod groups the object's selector picks. A ServiceMonitor picks the groups whose Service it
 * selects. An absent selector picks nothing (the API server requires it, except on a PDB,
 * where null selects no pods).
 */
export function selectedPods(object: LocatedObject, pods: RuntimePods): readonly PodGroup[] {
  const field = POD_SELECTOR_FIELD[object.kind];
  if (field === undefined) return [];
  const selector = dig(object.object, "spec", field);
  return podsInScope(object, pods).filter((group) => selects(selector, object.kind === KIND.serviceMonitor ? group.service.labels : group.labels));
}

/** The pod groups in the namespaces the object selects in, selected or not. */
export function podsInScope(object: LocatedObject, pods: RuntimePods): readonly PodGroup[] {
  const namespaces = scope(object);
  return namespaces === "all" ? pods.groups : namespaces.flatMap((namespace) => pods.inNamespace(namespace));
}

/** Whether "selects nothing" is certain: every namespace in scope shows all its pods in the tree. */
export function selectionIsCertain(object: LocatedObject, pods: RuntimePods): boolean {
  const namespaces = scope(object);
  return namespaces !== "all" && namespaces.every((namespace) => pods.fullyKnown(namespace));
}
