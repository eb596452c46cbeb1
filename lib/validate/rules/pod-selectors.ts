// Selectors match what kgateway actually labels: a NetworkPolicy, PodDisruptionBudget or monitor
// that selects none of the run-time pods protects or scrapes nothing, and a pod (anti-)affinity
// term must select the pods it means (the chart's `affinity` applies to the controller pods,
// a GatewayParameters' podTemplate affinity to the proxy pods).

import { fieldPath, finding, type Finding, type Severity } from "../findings.ts";
import type { RuleContext } from "./context.ts";
import { gatewayParameters } from "./gateways.ts";
import { formatLabels, selects, selectsNamespace } from "./label-selector.ts";
import { describeGroups, type PodGroup, type RuntimePods } from "./pods.ts";
import { dig, list, record, text, type JsonRecord } from "./read.ts";
import { podsInScope, POD_SELECTOR_FIELD, selectedPods, selectionIsCertain } from "./selection.ts";
import { KIND, type LocatedObject } from "./tree-index.ts";

/** `select app.kubernetes.io/name=x or …`: the selectors of the pods the object could mean. */
function suggestion(groups: readonly PodGroup[]): string {
  return groups.length > 0 ? `select ${groups.map((g) => formatLabels(g.selector)).join(" or ")}` : "check the labels of the pods it is meant for";
}

function noPodsFindings(object: LocatedObject, pods: RuntimePods): Finding[] {
  const field = POD_SELECTOR_FIELD[object.kind];
  if (field === undefined || selectedPods(object, pods).length > 0) return [];
  const what = object.kind === KIND.serviceMonitor ? "Service" : "pod";
  const candidates = podsInScope(object, pods);
  const certain = selectionIsCertain(object, pods);
  const known = candidates.length > 0 ? `; the tree makes ${describeGroups(candidates)}` : "";
  const caveat = certain ? "" : " (other workloads there are not modelled, so this is not certain)";
  return [finding(object.at, "selector/no-pods", certain ? "error" : "info", fieldPath(["spec", field]),
    `${JSON.stringify(dig(object.object, "spec", field) ?? null)} selects no ${what} kgateway runs${known}${caveat}`, suggestion(candidates))];
}

/** Where an affinity is written and the pods it is applied to. */
interface AffinitySite {
  readonly owner: LocatedObject;
  readonly path: readonly string[];
  readonly appliedTo: readonly PodGroup[];
}

/** The chart's top-level `affinity` goes to the controller pods; GatewayParameters' to its Gateways' proxy pods. */
function affinitySites({ index, pods }: RuleContext): AffinitySite[] {
  const sites = new Map<LocatedObject, AffinitySite>();
  for (const group of pods.groups) {
    const owner = group.component === "proxy" ? gatewayParameters(group.owner, index) : group.owner;
    if (owner === undefined) continue;
    const path = group.component === "proxy" ? ["spec", "kube", "podTemplate", "affinity"] : ["spec", "values", "affinity"];
    sites.set(owner, { owner, path, appliedTo: [...(sites.get(owner)?.appliedTo ?? []), group] });
  }
  return [...sites.values()];
}

interface AffinityTerm {
  readonly anti: boolean;
  readonly term: JsonRecord;
  readonly path: readonly (string | number)[];
}

function affinityTerms(site: AffinitySite): AffinityTerm[] {
  const affinity = dig(site.owner.object, ...site.path);
  return (["podAffinity", "podAntiAffinity"] as const).flatMap((kind) => [
    ...list(dig(affinity, kind, "requiredDuringSchedulingIgnoredDuringExecution")).map((term, i) => ({
      anti: kind === "podAntiAffinity",
      term: record(term) ?? {},
      path: [...site.path, kind, "requiredDuringSchedulingIgnoredDuringExecution", i],
    })),
    ...list(dig(affinity, kind, "preferredDuringSchedulingIgnoredDuringExecution")).map((weighted, i) => ({
      anti: kind === "podAntiAffinity",
      term: record(dig(weighted, "podAffinityTerm")) ?? {},
      path: [...site.path, kind, "preferredDuringSchedulingIgnoredDuringExecution", i, "podAffinityTerm"],
    })),
  ]);
}

/** The pods a term may select among: its namespaces, its namespaceSelector's, or the pod's own namespace. */
function termScope(term: JsonRecord, namespace: string, pods: RuntimePods): readonly PodGroup[] {
  const names = list(term.namespaces).flatMap((name) => text(name) ?? []);
  if (term.namespaceSelector !== undefined) {
    return pods.groups.filter((g) => names.includes(g.namespace) || (selectsNamespace(term.namespaceSelector, g.namespace) ?? true));
  }
  return (names.length > 0 ? names : [namespace]).flatMap((n) => pods.inNamespace(n));
}

function affinityFindings(site: AffinitySite, pods: RuntimePods): Finding[] {
  const appliedTo = site.appliedTo;
  const namespace = appliedTo[0]?.namespace ?? site.owner.namespace;
  return affinityTerms(site).flatMap(({ anti, term, path }): Finding[] => {
    const matched = termScope(term, namespace, pods).filter((g) => selects(term.labelSelector, g.labels));
    const at = fieldPath([...path, "labelSelector"]);
    const kind = anti ? "anti-affinity" : "affinity";
    if (matched.length === 0) {
      const severity: Severity = pods.fullyKnown(namespace) ? "warning" : "info";
      return [finding(site.owner.at, "selector/no-pods", severity, at,
        `this pod ${kind} term of ${describeGroups(appliedTo)} selects no pod kgateway runs: it has no effect`, suggestion(appliedTo))];
    }
    if (anti && !matched.some((g) => appliedTo.includes(g))) {
      return [finding(site.owner.at, "selector/affinity-wrong-pods", "warning", at,
        `this anti-affinity is applied to ${describeGroups(appliedTo)} but selects ${describeGroups(matched)}: it keeps them apart from those and does not spread its own replicas`,
        `${suggestion(appliedTo)} to spread ${describeGroups(appliedTo)}`)];
    }
    return [];
  });
}

export function podSelectorRules(context: RuleContext): Finding[] {
  const { index, pods } = context;
  return [
    ...Object.keys(POD_SELECTOR_FIELD).flatMap((kind) => index.ofKind(kind).flatMap((object) => noPodsFindings(object, pods))),
    ...affinitySites(context).flatMap((site) => affinityFindings(site, pods)),
  ];
}
