// kgateway v2.1.2 semantics the schemas do not express: prompt-guard regex actions compared
// exactly, fields the agentgateway translator or the deployer ignore, and GatewayClasses that
// exist only when the chart enables them.

import {
  AGENTGATEWAY_CLASS_NAME,
  AGENTGATEWAY_DROPPED_PROVIDER_FIELDS,
  AGENTGATEWAY_TRAFFIC_POLICY_FIELDS,
  GATEWAY_INFRASTRUCTURE_FIELDS_READ,
  KGATEWAY_CLASS_NAME,
  REGEX_ACTIONS,
} from "../../k8s/kgateway-runtime.ts";
import { fieldPath, finding, type Finding } from "../findings.ts";
import { llmProviders } from "./backends.ts";
import type { RuleContext } from "./context.ts";
import { parametersRefName, routeBackendRefs, routeGateways } from "./gateways.ts";
import { dig, list, record, text } from "./read.ts";
import { groupKind, KIND, type LocatedObject, type TreeIndex } from "./tree-index.ts";

function gatewayClass(gateway: LocatedObject): string | undefined {
  return text(dig(gateway.object, "spec", "gatewayClassName"));
}

// ── Prompt-guard regex actions ──────────────────────────────────────────────────────────────

function regexActionFindings(policy: LocatedObject): Finding[] {
  return (["request", "response"] as const).flatMap((side) => {
    const guard = dig(policy.object, "spec", "ai", "promptGuard", side);
    // The schema wants an object; the seed wrote a list. The schema validator reports the
    // list; the actions inside are still read as agentgateway would read them once fixed.
    const guards = Array.isArray(guard) ? guard.map((g, i) => ({ g, at: [side, i] })) : [{ g: guard, at: [side] }];
    return guards.flatMap(({ g, at }): Finding[] => {
      const action = text(dig(g, "regex", "action"));
      if (action === undefined || action === REGEX_ACTIONS.reject || action === REGEX_ACTIONS.mask) return [];
      const path = fieldPath(["spec", "ai", "promptGuard", ...at, "regex", "action"]);
      const upper = action.toUpperCase();
      // MASK is also what any unknown action falls back to: a mis-cased MASK works by accident.
      if (upper === REGEX_ACTIONS.mask) {
        return [finding(policy.at, "kgateway/regex-action", "warning", path,
          `"${action}" is not ${REGEX_ACTIONS.mask}: the controller logs "unsupported regex action" and agentgateway masks only by its fallback`,
          `write action: ${REGEX_ACTIONS.mask}`)];
      }
      return [finding(policy.at, "kgateway/regex-action", "error", path,
        `"${action}" is neither ${REGEX_ACTIONS.reject} nor ${REGEX_ACTIONS.mask}: agentgateway compares exactly and masks matches instead of rejecting the request`,
        `write action: ${upper === REGEX_ACTIONS.reject ? REGEX_ACTIONS.reject : `${REGEX_ACTIONS.reject} or ${REGEX_ACTIONS.mask}`}`)];
    });
  });
}

// ── Fields agentgateway ignores ─────────────────────────────────────────────────────────────

/** The Gateways a TrafficPolicy's targetRefs lead to: targeted Gateways, and the parents of targeted routes. */
function policyGateways(policy: LocatedObject, index: TreeIndex): LocatedObject[] {
  return list(dig(policy.object, "spec", "targetRefs")).flatMap((ref) => {
    const r = record(ref);
    const kind = groupKind(text(r?.group) ?? "", text(r?.kind) ?? "");
    const target = index.get(kind, policy.namespace, text(r?.name) ?? "");
    if (target === undefined) return [];
    return kind === KIND.gateway ? [target] : kind === KIND.httpRoute ? routeGateways(target, index) : [];
  });
}

/** Where agentgateway takes what a TrafficPolicy field meant to say, when it takes it at all. */
const TRAFFIC_POLICY_FIELD_FIX: Readonly<Record<string, string>> = {
  timeouts: "set it on the HTTPRoute rule instead: rules[].timeouts.request",
  timeout: "set it on the HTTPRoute rule instead: rules[].timeouts.request",
  retry: "set it on the HTTPRoute rule instead: rules[].retry (Gateway API experimental channel)",
};

/** TrafficPolicy fields that say what the policy applies to, not what it does. */
const TARGETING_FIELDS: ReadonlySet<string> = new Set(["targetRefs", "targetSelectors"]);

function trafficPolicyFieldFindings(policy: LocatedObject, index: TreeIndex): Finding[] {
  const agentgateway = policyGateways(policy, index).find((g) => gatewayClass(g) === AGENTGATEWAY_CLASS_NAME);
  if (agentgateway === undefined) return [];
  return Object.keys(record(dig(policy.object, "spec")) ?? {})
    .filter((field) => !TARGETING_FIELDS.has(field) && !AGENTGATEWAY_TRAFFIC_POLICY_FIELDS.has(field))
    .map((field) =>
      finding(policy.at, "kgateway/ignored-field", "warning", fieldPath(["spec", field]),
        `the policy applies to ${agentgateway.at.document} (class ${AGENTGATEWAY_CLASS_NAME}), whose v2.1.2 translator reads only ${[...AGENTGATEWAY_TRAFFIC_POLICY_FIELDS].join(", ")}: ${field} is ignored`,
        TRAFFIC_POLICY_FIELD_FIX[field] ?? `remove ${field}; agentgateway does not apply it`),
    );
}

const INFRASTRUCTURE_FIELD_FIX: Readonly<Record<string, string>> = {
  annotations: "move them to spec.kube.service.extraAnnotations of a GatewayParameters named in spec.infrastructure.parametersRef",
  labels: "move them to spec.kube.service.extraLabels of a GatewayParameters named in spec.infrastructure.parametersRef",
};

function infrastructureFindings(gateway: LocatedObject): Finding[] {
  const kgatewayClass = [KGATEWAY_CLASS_NAME, AGENTGATEWAY_CLASS_NAME].includes(gatewayClass(gateway) ?? "");
  if (!kgatewayClass) return [];
  return Object.keys(record(dig(gateway.object, "spec", "infrastructure")) ?? {})
    .filter((field) => !GATEWAY_INFRASTRUCTURE_FIELDS_READ.has(field))
    .map((field) =>
      finding(gateway.at, "kgateway/ignored-field", "warning", fieldPath(["spec", "infrastructure", field]),
        `kgateway v2.1.2 reads only parametersRef from spec.infrastructure: ${field} is never applied to the proxy's Service or pods`,
        INFRASTRUCTURE_FIELD_FIX[field] ?? `remove ${field}`),
    );
}

/** Provider fields agentgateway drops, on Backends that agentgateway routes serve: worth knowing, harmless. */
function droppedProviderFieldFindings(index: TreeIndex): Finding[] {
  const served = new Set<LocatedObject>();
  for (const route of index.ofKind(KIND.httpRoute)) {
    if (!routeGateways(route, index).some((g) => gatewayClass(g) === AGENTGATEWAY_CLASS_NAME)) continue;
    for (const ref of routeBackendRefs(route)) {
      const backend = ref.kind === KIND.backend ? index.get(ref.kind, ref.namespace, ref.name) : undefined;
      if (backend) served.add(backend);
    }
  }
  return [...served].flatMap((backend) =>
    llmProviders(backend).flatMap(({ provider, config, path }) =>
      (AGENTGATEWAY_DROPPED_PROVIDER_FIELDS[provider] ?? [])
        .filter((field) => config[field] !== undefined)
        .map((field) =>
          finding(backend.at, "kgateway/ignored-field", "info", fieldPath([...path, field]),
            `agentgateway v2.1.2 forwards only the model of the ${provider} provider: ${field} is dropped`,
            `keep it for a later version or remove it; it has no effect now`),
        ),
    ),
  );
}

// ── GatewayClasses ──────────────────────────────────────────────────────────────────────────

function gatewayClassFindings({ index, pods }: RuleContext): Finding[] {
  const releases = pods.groups.filter((g) => g.component === "controller").map((g) => g.owner);
  const agentgatewayEnabled = releases.some((r) => dig(r.object, "spec", "values", "agentgateway", "enabled") === true);
  return index.ofKind(KIND.gateway).flatMap((gateway): Finding[] => {
    const className = gatewayClass(gateway);
    // Without a kgateway release in the tree, the controller is installed elsewhere: not checked.
    if (className === AGENTGATEWAY_CLASS_NAME && releases.length > 0 && !agentgatewayEnabled) {
      return [finding(gateway.at, "kgateway/gateway-class", "error", "spec.gatewayClassName",
        `GatewayClass ${AGENTGATEWAY_CLASS_NAME} exists only when a kgateway release sets agentgateway.enabled: true, and none in the tree does: the Gateway is never programmed`,
        `set spec.values.agentgateway.enabled: true on ${releases.map((r) => r.at.document).join(" or ")}`)];
    }
    if (parametersRefName(gateway) !== undefined && className !== AGENTGATEWAY_CLASS_NAME && className !== KGATEWAY_CLASS_NAME) {
      return [finding(gateway.at, "kgateway/gateway-class", "error", "spec.gatewayClassName",
        `the Gateway names a kgateway GatewayParameters but its class ${className ?? "(none)"} is not one kgateway serves`,
        `use gatewayClassName ${AGENTGATEWAY_CLASS_NAME} or ${KGATEWAY_CLASS_NAME}`)];
    }
    return [];
  });
}

export function kgatewayRules(context: RuleContext): Finding[] {
  const { index } = context;
  return [
    ...index.ofKind(KIND.trafficPolicy).flatMap((p) => [...regexActionFindings(p), ...trafficPolicyFieldFindings(p, index)]),
    ...index.ofKind(KIND.gateway).flatMap(infrastructureFindings),
    ...droppedProviderFieldFindings(index),
    ...gatewayClassFindings(context),
  ];
}
