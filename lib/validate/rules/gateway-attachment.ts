// Gateway API attachment: a route's parentRef names a Gateway, and optionally a listener
// (sectionName) and a port; the route attaches to every listener so named that admits its
// namespace (allowedRoutes.namespaces), its kind (allowedRoutes.kinds, by default the kinds of the
// listener's protocol) and at least one of its hostnames. A parentRef that no listener accepts
// leaves the route with Accepted=False (NoMatchingParent, NotAllowedByListeners,
// NoMatchingListenerHostname): its rules get no traffic.
//
// Upstream: kubernetes-sigs/gateway-api apis/v1/shared_types.go ParentReference (sectionName,
// port: "the Route attaches to all listeners that listen on that port"), apis/v1/gateway_types.go
// AllowedRoutes (namespaces.from defaults to Same; kinds default by protocol), Listener.Hostname
// and apis/v1/httproute_types.go HTTPRouteSpec.Hostnames ("a wildcard label `*.` … matches any
// hostname with that suffix, not the suffix alone"; a route and a listener intersect when one
// matches the other), RouteConditionReason NoMatchingListenerHostname, NotAllowedByListeners.
//
// ref/parent (references.ts) already reports a Gateway that is not in the tree, a sectionName
// no listener has, and listeners that all refuse the route's namespace; this family reports
// what it does not: the port, the hostnames, the kinds, and a namespace refusal left once the
// port narrowed the listeners.

import { fieldPath, finding, type Finding } from "../findings.ts";
import type { RuleContext } from "./context.ts";
import { hasVars, withDefaults } from "./flux-text.ts";
import { listeners, parentGatewayRef } from "./gateways.ts";
import { selectsNamespace } from "./label-selector.ts";
import { dig, integer, list, record, text, type JsonRecord } from "./read.ts";
import { GATEWAY_API_GROUP, groupKind, KIND, type LocatedObject, type TreeIndex } from "./tree-index.ts";

/** Route kinds, and the listener protocols whose default allowedRoutes.kinds hold them. */
const ROUTE_KINDS: Readonly<Record<string, readonly string[]>> = {
  HTTPRoute: ["HTTP", "HTTPS"],
  GRPCRoute: ["HTTP", "HTTPS"],
  TLSRoute: ["TLS"],
  TCPRoute: ["TCP"],
  UDPRoute: ["UDP"],
};
const HOSTNAME_KINDS: ReadonlySet<string> = new Set(["HTTPRoute", "GRPCRoute", "TLSRoute"]);

/** Why a listener refuses a route, as a rule id and a reason; undefined when it accepts it. */
interface Refusal {
  readonly rule: string;
  readonly reason: string;
  readonly fix: string;
}

function namespaceRefusal(listener: JsonRecord, gateway: LocatedObject, route: LocatedObject): Refusal | undefined {
  const namespaces = dig(listener, "allowedRoutes", "namespaces");
  const from = text(dig(namespaces, "from")) ?? "Same";
  // A selector on labels the tree does not show is assumed to select.
  const admitted = from === "All" || (from === "Selector" ? selectsNamespace(dig(namespaces, "selector"), route.namespace) ?? true : route.namespace === gateway.namespace);
  if (admitted) return undefined;
  return {
    rule: "gateway/not-allowed",
    reason: `admits routes from ${from === "Selector" ? "the namespaces its selector picks" : `namespace ${gateway.namespace} only`} (allowedRoutes.namespaces.from: ${from}), not from ${route.namespace}`,
    fix: `set allowedRoutes.namespaces.from: All (or a selector for ${route.namespace}) on the listener, or move the route to ${gateway.namespace}`,
  };
}

function kindRefusal(listener: JsonRecord, routeKind: string): Refusal | undefined {
  const kinds = list(dig(listener, "allowedRoutes", "kinds"));
  const protocol = text(listener.protocol) ?? "";
  const allowed = kinds.length > 0
    ? kinds.some((k) => text(record(k)?.kind) === routeKind && (text(record(k)?.group) ?? GATEWAY_API_GROUP) === GATEWAY_API_GROUP)
    : (ROUTE_KINDS[routeKind] ?? []).includes(protocol);
  if (allowed) return undefined;
  return {
    rule: "gateway/not-allowed",
    reason: kinds.length > 0 ? `admits only ${kinds.map((k) => text(record(k)?.kind)).join(", ")} (allowedRoutes.kinds)` : `is ${protocol}, which takes no ${routeKind}`,
    fix: `attach the ${routeKind} to a listener of protocol ${(ROUTE_KINDS[routeKind] ?? []).join(" or ")}`,
  };
}

/** A hostname as it will be after substitution, or undefined when a variable without a default leaves it unknown. */
function knownHostname(value: string): string | undefined {
  const resolved = withDefaults(value);
  return resolved === undefined || hasVars(resolved) ? undefined : resolved.toLowerCase();
}

/** Whether `wildcard` (`*.example.com`) matches `name`: any name with that suffix, not the suffix alone. */
function wildcardMatches(wildcard: string, name: string): boolean {
  return wildcard.startsWith("*.") && name.endsWith(wildcard.slice(1)) && name.length > wildcard.length - 1;
}

/** Gateway API hostname intersection: equal, or one's wildcard matches the other. */
function intersect(a: string, b: string): boolean {
  return a === b || wildcardMatches(a, b) || wildcardMatches(b, a);
}

/**
 * Whether a listener's hostname and the route's hostnames can meet: the text as written first
 * (`echo.${SECRET_DOMAIN}` meets `*.${SECRET_DOMAIN}`), then as substituted; unknown is yes.
 */
function hostnameRefusal(listener: JsonRecord, routeHostnames: readonly string[]): Refusal | undefined {
  const listenerHostname = text(listener.hostname);
  if (listenerHostname === undefined || routeHostnames.length === 0) return undefined;
  if (routeHostnames.some((h) => intersect(listenerHostname.toLowerCase(), h.toLowerCase()))) return undefined;
  const known = knownHostname(listenerHostname);
  const routes = routeHostnames.map(knownHostname);
  if (known === undefined || routes.some((h) => h === undefined)) return undefined;
  if (routes.some((h) => intersect(known, h!))) return undefined;
  return {
    rule: "gateway/hostname",
    reason: `serves ${listenerHostname}, which none of the route's hostnames (${routeHostnames.join(", ")}) falls under`,
    fix: `add a hostname under ${listenerHostname} to spec.hostnames, or attach to a listener that serves it`,
  };
}

function parentFindings(route: LocatedObject, routeKind: string, index: TreeIndex): Finding[] {
  const routeHostnames = HOSTNAME_KINDS.has(routeKind) ? list(dig(route.object, "spec", "hostnames")).flatMap((h) => (typeof h === "string" ? [h] : [])) : [];
  return list(dig(route.object, "spec", "parentRefs")).flatMap((ref, i): Finding[] => {
    const path = fieldPath(["spec", "parentRefs", i]);
    const target = parentGatewayRef(route, ref);
    if (target === undefined) return [];
    const gateway = index.get(KIND.gateway, target.namespace, target.name);
    if (gateway === undefined) return [];
    const section = text(record(ref)?.sectionName);
    const port = integer(record(ref)?.port);
    const named = section === undefined ? listeners(gateway) : listeners(gateway).filter((l) => text(l.name) === section);
    // No such listener, or none admitting the namespace: ref/parent's.
    if (named.every((l) => namespaceRefusal(l, gateway, route) !== undefined)) return [];
    const chosen = port === undefined ? named : named.filter((l) => integer(l.port) === port);
    if (chosen.length === 0) {
      const ports = [...new Set(named.map((l) => String(integer(l.port))))].join(", ");
      return [finding(route.at, "gateway/port", "error", `${path}.port`,
        `no listener of ${gateway.at.document}${section === undefined ? "" : ` named "${section}"`} listens on port ${port} (${section === undefined ? "ports" : "it listens on"}: ${ports}): the route attaches to nothing`,
        `set port to one of: ${ports}, or remove it`)];
    }
    const refusals = chosen.map((l) => namespaceRefusal(l, gateway, route) ?? kindRefusal(l, routeKind) ?? hostnameRefusal(l, routeHostnames));
    if (refusals.some((r) => r === undefined)) return [];
    const byRule = new Map<string, { refusal: Refusal; listeners: string[] }>();
    refusals.forEach((refusal, l) => {
      const entry = byRule.get(refusal!.rule) ?? { refusal: refusal!, listeners: [] };
      entry.listeners.push(`"${text(chosen[l]?.name) ?? "(unnamed)"}" ${refusal!.reason}`);
      byRule.set(refusal!.rule, entry);
    });
    return [...byRule.values()].map(({ refusal, listeners: why }) =>
      finding(route.at, refusal.rule, "error", refusal.rule === "gateway/hostname" ? "spec.hostnames" : path,
        `no listener of ${gateway.at.document} accepts the route: ${why.join("; ")}`, refusal.fix));
  });
}

export function gatewayAttachmentRules({ index }: RuleContext): Finding[] {
  return Object.keys(ROUTE_KINDS).flatMap((kind) =>
    index.ofKind(groupKind(GATEWAY_API_GROUP, kind)).flatMap((route) => parentFindings(route, kind, index)));
}
