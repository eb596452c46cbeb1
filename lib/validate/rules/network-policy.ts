// NetworkPolicies against the pods kgateway runs: ingress ports the selected pods listen on, the
// proxy's xDS connection to the controller, DNS blocked or over UDP only, metrics scraping, and
// clients that reach a LoadBalancer Gateway from outside the cluster. NetworkPolicies add up, so
// the checks about what a pod can reach take every policy that selects it together.

import { AGENTGATEWAY_XDS_PORT } from "../../k8s/kgateway-runtime.ts";
import { fieldPath, finding, type Finding } from "../findings.ts";
import { ipBlockReachesPods } from "./cidr.ts";
import type { RuleContext } from "./context.ts";
import { formatLabels, selects, selectsNamespace } from "./label-selector.ts";
import { describeGroups, describePorts, type PodGroup } from "./pods.ts";
import { dig, integer, list, record, stringMap, text, type JsonRecord } from "./read.ts";
import { selectedPods } from "./selection.ts";
import { KIND, type LocatedObject } from "./tree-index.ts";

type Direction = "Ingress" | "Egress";

/** `Ingress`/`Egress` as the policy isolates: policyTypes, else Ingress plus Egress when it has egress rules. */
function policyTypes(policy: LocatedObject): readonly string[] {
  const types = list(dig(policy.object, "spec", "policyTypes")).flatMap((t) => text(t) ?? []);
  if (types.length > 0) return types;
  return dig(policy.object, "spec", "egress") === undefined ? ["Ingress"] : ["Ingress", "Egress"];
}

function rulesOf(policy: LocatedObject, direction: Direction): JsonRecord[] {
  return list(dig(policy.object, "spec", direction === "Ingress" ? "ingress" : "egress")).map((rule) => record(rule) ?? {});
}

/** Whether a `ports[]` entry admits `port` (a named entry: through the pods' container port names). */
function entryAdmits(entry: unknown, protocol: string, port: number, portNames: ReadonlyMap<string, number>): boolean {
  const e = record(entry);
  if ((text(e?.protocol) ?? "TCP") !== protocol) return false;
  const value = e?.port;
  if (value === undefined) return true;
  if (typeof value === "string") return portNames.get(value) === port;
  return typeof value === "number" && port >= value && port <= (integer(e?.endPort) ?? value);
}

/** Whether a rule admits the port; a rule without ports admits every port. */
function ruleAdmits(rule: JsonRecord, protocol: string, port: number, portNames: ReadonlyMap<string, number>): boolean {
  const ports = list(rule.ports);
  return ports.length === 0 || ports.some((entry) => entryAdmits(entry, protocol, port, portNames));
}

/** Whether a peer (`to`/`from` item) of a policy in `namespace` covers the group's pods. */
function peerReaches(peer: unknown, namespace: string, group: PodGroup): boolean {
  const p = record(peer);
  if (p === undefined) return false;
  if (p.ipBlock !== undefined) return ipBlockReachesPods(p.ipBlock);
  const inNamespace = p.namespaceSelector === undefined ? group.namespace === namespace : (selectsNamespace(p.namespaceSelector, group.namespace) ?? true);
  return inNamespace && (p.podSelector === undefined || selects(p.podSelector, group.labels));
}

/** The policies that isolate a group in one direction, and all their rules. */
interface Isolation {
  readonly policies: readonly LocatedObject[];
  readonly rules: readonly { readonly policy: LocatedObject; readonly rule: JsonRecord }[];
}

function isolation(policies: readonly LocatedObject[], direction: Direction): Isolation {
  const isolating = policies.filter((p) => policyTypes(p).includes(direction));
  return { policies: isolating, rules: isolating.flatMap((policy) => rulesOf(policy, direction).map((rule) => ({ policy, rule }))) };
}

/** Where to report a missing rule: the first isolating policy's rule list. */
function rulesPath(policy: LocatedObject, direction: Direction): string {
  const field = direction === "Ingress" ? "ingress" : "egress";
  return dig(policy.object, "spec", field) === undefined ? "spec.policyTypes" : `spec.${field}`;
}

// ── Per policy ──────────────────────────────────────────────────────────────────────────────

/** `; 9093 is the controller's health port` when another group listens on the port. */
function ownerOfPort(port: number, groups: readonly PodGroup[], all: readonly PodGroup[]): { note: string; fix?: string } {
  const other = all.find((g) => !groups.includes(g) && g.ports.has(port));
  const what = other?.ports.get(port);
  if (other === undefined || what === undefined) return { note: `; nothing kgateway runs listens on ${port}` };
  const same = groups.flatMap((g) => [...g.ports].filter(([, w]) => w === what).map(([p]) => `${p}, the ${g.component}'s ${what} port`));
  return { note: `; ${port} is the ${other.component}'s ${what} port`, ...(same[0] !== undefined && { fix: `use ${same[0]}` }) };
}

function portFindings(policy: LocatedObject, groups: readonly PodGroup[], all: readonly PodGroup[]): Finding[] {
  if (groups.length === 0) return [];
  return rulesOf(policy, "Ingress").flatMap((rule, r) =>
    list(rule.ports).flatMap((entry, p): Finding[] => {
      const value = record(entry)?.port;
      if (value === undefined || groups.some((g) => [...g.ports.keys()].some((port) => entryAdmits(entry, "TCP", port, g.portNames)))) return [];
      const owner = typeof value === "number" ? ownerOfPort(value, groups, all) : { note: "" };
      return [finding(policy.at, "netpol/port-not-listening", "error", fieldPath(["spec", "ingress", r, "ports", p, "port"]),
        `${describeGroups(groups)} listen on ${groups.map(describePorts).join("; ")}, not on ${String(value)}${owner.note}`,
        owner.fix ?? "allow a port the selected pods listen on, or remove this entry")];
    }),
  );
}

/** No pod's port names: for ports that do not depend on the destination pods. */
const NO_PORT_NAMES: ReadonlyMap<string, number> = new Map();

function dnsFindings(policy: LocatedObject): Finding[] {
  const rules = rulesOf(policy, "Egress");
  if (rules.some((rule) => ruleAdmits(rule, "TCP", 53, NO_PORT_NAMES))) return [];
  return rules.flatMap((rule, r) =>
    list(rule.ports).flatMap((entry, p) =>
      entryAdmits(entry, "UDP", 53, NO_PORT_NAMES) && record(entry)?.port !== undefined
        ? [finding(policy.at, "netpol/dns-tcp", "warning", fieldPath(["spec", "egress", r, "ports", p]),
            "DNS is allowed over UDP only: answers too large for UDP (truncated, retried over TCP) fail",
            "allow TCP 53 beside UDP 53")]
        : [],
    ),
  );
}

/** Whether a `ports[]` entry may admit DNS: port 53 over UDP or TCP, or a named port the tree cannot resolve. */
function mayAdmitDns(entry: unknown): boolean {
  const e = record(entry);
  const protocol = text(e?.protocol) ?? "TCP";
  if (typeof e?.port === "string") return protocol !== "SCTP";
  return entryAdmits(entry, "UDP", 53, NO_PORT_NAMES) || entryAdmits(entry, "TCP", 53, NO_PORT_NAMES);
}

/**
 * Whether `other`, a policy of the same namespace, selects every pod `policy` selects: the same
 * selector, or one that asks only for labels the policy's pods are known to carry (its
 * matchLabels). A NotIn or DoesNotExist can exclude pods whatever matchLabels say.
 */
function selectsAllOf(other: LocatedObject, policy: LocatedObject): boolean {
  const selector = record(dig(other.object, "spec", "podSelector"));
  const mine = dig(policy.object, "spec", "podSelector");
  if (selector === undefined) return false;
  if (JSON.stringify(selector) === JSON.stringify(mine)) return true;
  const narrowing = list(selector.matchExpressions).some((e) => ["NotIn", "DoesNotExist"].includes(text(record(e)?.operator) ?? ""));
  return !narrowing && selects(selector, stringMap(dig(mine, "matchLabels")));
}

/**
 * Pods that talk to something (their policy has egress rules) while no egress rule of any policy
 * isolating them admits port 53: every name lookup fails. Policies add up ("the connections
 * allowed in that direction from that pod is the union of what the applicable policies allow",
 * https://kubernetes.io/docs/concepts/services-networking/network-policies/#the-two-sorts-of-pod-isolation),
 * so DNS allowed by a policy that selects the same pods, such as a namespace-wide
 * `podSelector: {}` one, counts. A policy with no egress rule at all denies every
 * egress on purpose: its pods are not meant to look names up.
 */
function dnsBlockedFindings(policy: LocatedObject, egressPolicies: ReadonlyMap<string, readonly LocatedObject[]>): Finding[] {
  if (!policyTypes(policy).includes("Egress") || rulesOf(policy, "Egress").length === 0) return [];
  const covering = (egressPolicies.get(policy.namespace) ?? []).filter((other) => other === policy || selectsAllOf(other, policy));
  const admitsDns = (rule: JsonRecord) => list(rule.ports).length === 0 || list(rule.ports).some(mayAdmitDns);
  if (covering.some((other) => rulesOf(other, "Egress").some(admitsDns))) return [];
  return [finding(policy.at, "netpol/dns-blocked", "warning", "spec.egress",
    `the pods this policy selects may only reach what its egress rules allow, and no egress rule of any policy selecting them admits port 53: every DNS lookup fails, so they cannot reach anything by name`,
    "add an egress rule to the cluster DNS: to: [{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}], ports: UDP 53 and TCP 53")];
}

// ── Per pod group, over every policy that selects it ────────────────────────────────────────

function xdsFindings(group: PodGroup, egress: Isolation, controllers: readonly PodGroup[]): Finding[] {
  const first = egress.policies[0];
  if (group.component !== "proxy" || first === undefined || controllers.length === 0) return [];
  const reaches = (controller: PodGroup): boolean =>
    egress.rules.some(({ policy, rule }) => {
      const peers = list(rule.to);
      return ruleAdmits(rule, "TCP", AGENTGATEWAY_XDS_PORT, controller.portNames) && (peers.length === 0 || peers.some((peer) => peerReaches(peer, policy.namespace, controller)));
    });
  // The controller of the proxies' own namespace first: the usual answer, found without trying
  // every other namespace's controller (quadratic in a thousand-app tree).
  const reached = controllers.some((c) => c.namespace === group.namespace && reaches(c)) || controllers.some((c) => c.namespace !== group.namespace && reaches(c));
  if (reached) return [];
  const controller = controllers.find((c) => c.namespace === group.namespace) ?? controllers[0];
  if (controller === undefined) return [];
  return [finding(first.at, "netpol/xds-egress", "error", rulesPath(first, "Egress"),
    `${group.description} fetch their configuration over xDS from ${controller.description} (Service ${controller.service.name}, TCP ${AGENTGATEWAY_XDS_PORT}), and no egress rule allows it (pod IPs are private: an ipBlock excepting them does not count), so the proxy never gets its config`,
    `add an egress rule to podSelector ${formatLabels(controller.selector)}${controller.namespace === first.namespace ? "" : ` in namespace ${controller.namespace}`} on TCP ${AGENTGATEWAY_XDS_PORT}`)];
}

function metricsFindings(group: PodGroup, ingress: Isolation): Finding[] {
  const first = ingress.policies[0];
  const metrics = [...group.ports].find(([, what]) => what === "metrics")?.[0];
  if (first === undefined || metrics === undefined || ingress.rules.some(({ rule }) => ruleAdmits(rule, "TCP", metrics, group.portNames))) return [];
  return [finding(first.at, "netpol/metrics-ingress", "warning", rulesPath(first, "Ingress"),
    `no ingress rule admits ${group.description} on their metrics port ${metrics}: Prometheus cannot scrape them`,
    `allow TCP ${metrics} from the monitoring namespace`)];
}

/** Clients reaching a LoadBalancer Service's IP come from outside the cluster, which only an ipBlock admits. */
function lanFindings(group: PodGroup, ingress: Isolation): Finding[] {
  const first = ingress.policies[0];
  if (first === undefined || group.service.type !== "LoadBalancer") return [];
  const fromOutside = (rule: JsonRecord) => list(rule.from).length === 0 || list(rule.from).some((peer) => record(peer)?.ipBlock !== undefined);
  const closed = [...group.service.ports.values()].filter(
    (port) => !ingress.rules.some(({ rule }) => fromOutside(rule) && ruleAdmits(rule, "TCP", port, group.portNames)),
  );
  if (closed.length === 0) return [];
  return [finding(first.at, "netpol/lan-clients", "warning", rulesPath(first, "Ingress"),
    `Service ${group.service.name} of ${group.owner.at.document} is a LoadBalancer, but no ingress rule admits its ports ${closed.join(", ")} from an ipBlock: clients using the LoadBalancer IP come from outside the cluster's namespaces and are dropped`,
    `add an ingress rule from ipBlock <your LAN CIDR> on ports ${closed.join(", ")}`)];
}

export function networkPolicyRules({ index, pods }: RuleContext): Finding[] {
  const selected = index.ofKind(KIND.networkPolicy).map((policy) => ({ policy, groups: selectedPods(policy, pods) }));
  const selecting = new Map<PodGroup, LocatedObject[]>();
  for (const { policy, groups } of selected) for (const group of groups) selecting.set(group, [...(selecting.get(group) ?? []), policy]);
  const controllers = pods.groups.filter((g) => g.component === "controller");
  // Egress-isolating policies by namespace: a policy only ever adds to pods of its own.
  const egressPolicies = new Map<string, LocatedObject[]>();
  for (const { policy } of selected) {
    if (policyTypes(policy).includes("Egress")) egressPolicies.set(policy.namespace, [...(egressPolicies.get(policy.namespace) ?? []), policy]);
  }
  return [
    ...selected.flatMap(({ policy, groups }) => [...portFindings(policy, groups, pods.groups), ...dnsFindings(policy), ...dnsBlockedFindings(policy, egressPolicies)]),
    ...[...selecting].flatMap(([group, policies]) => {
      const ingress = isolation(policies, "Ingress");
      return [...xdsFindings(group, isolation(policies, "Egress"), controllers), ...metricsFindings(group, ingress), ...lanFindings(group, ingress)];
    }),
  ];
}
