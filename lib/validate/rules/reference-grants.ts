// Cross-namespace references Gateway API refuses without a ReferenceGrant in the target namespace:
// a route's backendRef to a Service (or any backend) in another namespace, and a Gateway
// listener's certificateRef to a Secret in another namespace.
//
// Upstream (kubernetes-sigs/gateway-api v1.6.1):
// - apis/v1/object_reference_types.go, BackendObjectReference and SecretObjectReference.Namespace:
//   "when a namespace different than the local namespace is specified, a ReferenceGrant object is
//   required in the referent namespace to allow that namespace's owner to accept the reference".
// - apis/v1beta1/referencegrant_types.go, ReferenceGrantSpec: a grant admits a reference when one
//   `from` entry names the referrer's group, kind and namespace and one `to` entry the target's
//   group and kind ("" is the core group) and, when it gives one, its name (no name: every object
//   of that kind in the grant's namespace).
// Without a grant the route's ResolvedRefs condition is False (RefNotPermitted) and the rule's
// requests get a 500; the listener is not programmed, so it serves no TLS.
//
// The target namespace's objects in the tree mean the tree is where its grants would be: no grant
// admitting the reference is an error. A namespace the tree does not hold is another app's: an
// info, until the config declares its grant (`externals: ["ReferenceGrant/network/*"]`).

import type { IsDeclaredExternal } from "../externals.ts";
import { fieldPath, finding, type Finding } from "../findings.ts";
import type { RuleContext } from "./context.ts";
import { listeners, routeBackendRefs } from "./gateways.ts";
import { dig, list, record, text } from "./read.ts";
import { GATEWAY_API_GROUP, groupKind, KIND, type LocatedObject, type TreeIndex } from "./tree-index.ts";

const REFERENCE_GRANT = groupKind(GATEWAY_API_GROUP, "ReferenceGrant");

/** The route kinds whose `spec.rules[].backendRefs[]` ReferenceGrants govern (ReferenceGrantFrom.Kind). */
const ROUTE_KINDS = ["HTTPRoute", "GRPCRoute", "TLSRoute", "TCPRoute", "UDPRoute"] as const;

/** One reference that leaves its object's namespace. */
interface CrossNamespaceRef {
  readonly from: LocatedObject;
  readonly fromKind: string;
  readonly toGroup: string;
  readonly toKind: string;
  readonly toNamespace: string;
  readonly toName: string;
  /** Field path of the reference's namespace. */
  readonly path: string;
  /** What the controller does without a grant. */
  readonly consequence: string;
}

/** `Kind.group` (see groupKind) back to its group and kind: kinds have no dots, groups do. */
function splitGroupKind(kind: string): { group: string; kind: string } {
  const dot = kind.indexOf(".");
  return dot === -1 ? { group: "", kind } : { group: kind.slice(dot + 1), kind: kind.slice(0, dot) };
}

function backendRefs(route: LocatedObject, kind: string): CrossNamespaceRef[] {
  return routeBackendRefs(route).flatMap((ref) => {
    if (ref.namespace === route.namespace) return [];
    const target = splitGroupKind(ref.kind);
    return [{
      from: route, fromKind: kind, toGroup: target.group, toKind: target.kind, toNamespace: ref.namespace, toName: ref.name,
      path: ref.path.replace(/\.name$/, ".namespace"),
      consequence: `${kind} ${route.name} may not use it (ResolvedRefs False, RefNotPermitted) and requests to this rule get a 500`,
    }];
  });
}

function certificateRefs(gateway: LocatedObject): CrossNamespaceRef[] {
  return listeners(gateway).flatMap((listener, l) =>
    list(dig(listener, "tls", "certificateRefs")).flatMap((ref, c) => {
      const r = record(ref);
      const name = text(r?.name);
      const namespace = text(r?.namespace);
      if (name === undefined || namespace === undefined || namespace === gateway.namespace) return [];
      return [{
        from: gateway, fromKind: "Gateway", toGroup: text(r?.group) ?? "", toKind: text(r?.kind) ?? "Secret", toNamespace: namespace, toName: name,
        path: fieldPath(["spec", "listeners", l, "tls", "certificateRefs", c, "namespace"]),
        consequence: `the listener ${text(listener.name) ?? l} is not programmed (ResolvedRefs False, RefNotPermitted) and serves no TLS`,
      }];
    }),
  );
}

/** Equal, or a `${VAR}` on either side: a variable never fails a match (Flux substitutes it later). */
function same(written: string | undefined, actual: string): boolean {
  return written === actual || (written ?? "").includes("${") || actual.includes("${");
}

function admits(grant: LocatedObject, ref: CrossNamespaceRef): boolean {
  const from = list(dig(grant.object, "spec", "from")).some((entry) => {
    const f = record(entry);
    return same(text(f?.group) ?? "", GATEWAY_API_GROUP) && same(text(f?.kind), ref.fromKind) && same(text(f?.namespace), ref.from.namespace);
  });
  const to = list(dig(grant.object, "spec", "to")).some((entry) => {
    const t = record(entry);
    const name = text(t?.name);
    return same(text(t?.group) ?? "", ref.toGroup) && same(text(t?.kind), ref.toKind) && (name === undefined || same(name, ref.toName));
  });
  return from && to;
}

function grantYaml(ref: CrossNamespaceRef): string {
  return `from: [{group: ${GATEWAY_API_GROUP}, kind: ${ref.fromKind}, namespace: ${ref.from.namespace}}], `
    + `to: [{group: ${JSON.stringify(ref.toGroup)}, kind: ${ref.toKind}, name: ${ref.toName}}]`;
}

function grantFindings(ref: CrossNamespaceRef, index: TreeIndex, namespaces: ReadonlySet<string>, externals: IsDeclaredExternal): Finding[] {
  // A variable namespace is known only once Flux substitutes it.
  if (ref.toNamespace.includes("${") || ref.from.namespace.includes("${")) return [];
  // The grant's name is the namespace owner's choice: a declaration names it by pattern.
  if (externals("ReferenceGrant", ref.toNamespace, "*")) return [];
  const grants = index.inNamespace(REFERENCE_GRANT, ref.toNamespace);
  if (grants.some((grant) => admits(grant, ref))) return [];
  const target = `${ref.toKind} ${ref.toName} in namespace ${ref.toNamespace}`;
  if (!namespaces.has(ref.toNamespace)) {
    return [finding(ref.from.at, "ref/reference-grant", "info", ref.path,
      `${target} is outside its namespace: it needs a ReferenceGrant there, and namespace ${ref.toNamespace} is not in the tree: not checked`,
      `make sure namespace ${ref.toNamespace} has a ReferenceGrant with ${grantYaml(ref)}, then declare it in the config: externals: ["ReferenceGrant/${ref.toNamespace}/*"]`)];
  }
  const others = grants.length === 0 ? "no ReferenceGrant" : `no ReferenceGrant (of ${grants.map((g) => g.name).join(", ")})`;
  return [finding(ref.from.at, "ref/reference-grant", "error", ref.path,
    `${target} is outside its namespace and ${others} there admits ${ref.fromKind}s from namespace ${ref.from.namespace}: ${ref.consequence}`,
    `add to namespace ${ref.toNamespace} a ReferenceGrant with ${grantYaml(ref)}`)];
}

const NOTHING_DECLARED: IsDeclaredExternal = () => false;

export function referenceGrantRules({ index, options }: RuleContext): Finding[] {
  const refs = [
    ...ROUTE_KINDS.flatMap((kind) => index.ofKind(groupKind(GATEWAY_API_GROUP, kind)).flatMap((route) => backendRefs(route, kind))),
    ...index.ofKind(KIND.gateway).flatMap(certificateRefs),
  ];
  if (refs.length === 0) return [];
  // Objects with no namespace anywhere land in "default" (cluster-scoped ones too): that alone
  // does not make the tree the place of namespace default's grants.
  const namespaces = new Set(index.objects.filter((o) => o.namespace !== "default" || text(dig(o.object, "metadata", "namespace")) === "default").map((o) => o.namespace));
  return refs.flatMap((ref) => grantFindings(ref, index, namespaces, options.externals ?? NOTHING_DECLARED));
}
