// Gateway API lookups shared by the rules: a Gateway's listeners and GatewayParameters, the
// Gateways an HTTPRoute attaches to and the backends it routes to.

import { fieldPath } from "../findings.ts";
import { dig, list, record, text, type JsonRecord } from "./read.ts";
import { GATEWAY_API_GROUP, groupKind, KGATEWAY_API_GROUP, KIND, type LocatedObject, type TreeIndex } from "./tree-index.ts";

/** The Gateway's listeners, index for index (an item that is not an object reads as `{}`). */
export function listeners(gateway: LocatedObject): readonly JsonRecord[] {
  return list(dig(gateway.object, "spec", "listeners")).map((l) => record(l) ?? {});
}

/** The Gateway a parentRef names, or undefined when it names something else (a Service, a ListenerSet). */
export function parentGatewayRef(route: LocatedObject, ref: unknown): { namespace: string; name: string } | undefined {
  const r = record(ref);
  const name = text(r?.name);
  if (name === undefined || (text(r?.group) ?? GATEWAY_API_GROUP) !== GATEWAY_API_GROUP || (text(r?.kind) ?? "Gateway") !== "Gateway") {
    return undefined;
  }
  return { namespace: text(r?.namespace) ?? route.namespace, name };
}

/** The Gateways of the tree that a route's parentRefs name. */
export function routeGateways(route: LocatedObject, index: TreeIndex): LocatedObject[] {
  return list(dig(route.object, "spec", "parentRefs")).flatMap((ref) => {
    const target = parentGatewayRef(route, ref);
    const gateway = target && index.get(KIND.gateway, target.namespace, target.name);
    return gateway ? [gateway] : [];
  });
}

/** The GatewayParameters name `spec.infrastructure.parametersRef` gives (always in the Gateway's namespace). */
export function parametersRefName(gateway: LocatedObject): string | undefined {
  const ref = record(dig(gateway.object, "spec", "infrastructure", "parametersRef"));
  return text(ref?.group) === KGATEWAY_API_GROUP && text(ref?.kind) === "GatewayParameters" ? text(ref?.name) : undefined;
}

/** The GatewayParameters of the tree that the Gateway references, if any. */
export function gatewayParameters(gateway: LocatedObject, index: TreeIndex): LocatedObject | undefined {
  const name = parametersRefName(gateway);
  return name === undefined ? undefined : index.get(KIND.gatewayParameters, gateway.namespace, name);
}

export interface BackendRefTarget {
  /** `Kind.group` of the target; a core Service when the ref gives no group and kind. */
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** Field path of the ref's name. */
  readonly path: string;
}

/** The targets of a route's `spec.rules[].backendRefs[]`. */
export function routeBackendRefs(route: LocatedObject): BackendRefTarget[] {
  return list(dig(route.object, "spec", "rules")).flatMap((rule, r) =>
    list(record(rule)?.backendRefs).flatMap((ref, b) => {
      const x = record(ref);
      const name = text(x?.name);
      if (name === undefined) return [];
      return [
        {
          kind: groupKind(text(x?.group) ?? "", text(x?.kind) ?? "Service"),
          namespace: text(x?.namespace) ?? route.namespace,
          name,
          path: fieldPath(["spec", "rules", r, "backendRefs", b, "name"]),
        },
      ];
    }),
  );
}
