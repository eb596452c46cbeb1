// References resolve: every name one object gives for another names an object the tree has
// (routes → Gateways, listeners and Backends; policies → their targets; Backends → the Secrets
// ExternalSecrets make; Gateways → GatewayParameters; HelmReleases → chart sources).

import { AUTH_TOKEN_SECRET_KEY } from "../../k8s/kgateway-runtime.ts";
import { fieldPath, finding, type Finding } from "../findings.ts";
import { llmProviders } from "./backends.ts";
import type { RuleContext } from "./context.ts";
import { gatewayParameters, listeners, parametersRefName, parentGatewayRef, routeBackendRefs } from "./gateways.ts";
import { chartRefTarget } from "./helm-release.ts";
import { selectsNamespace } from "./label-selector.ts";
import { dataKeys, dig, list, record, text, type JsonRecord } from "./read.ts";
import { groupKind, KIND, type LocatedObject, type TreeIndex } from "./tree-index.ts";

/** Whether a listener's allowedRoutes admits routes from `routeNamespace` (a selector on other labels: assumed yes). */
function admitsNamespace(listener: JsonRecord, gateway: LocatedObject, routeNamespace: string): boolean {
  const namespaces = dig(listener, "allowedRoutes", "namespaces");
  switch (text(dig(namespaces, "from")) ?? "Same") {
    case "All":
      return true;
    case "Selector":
      return selectsNamespace(dig(namespaces, "selector"), routeNamespace) ?? true;
    default:
      return routeNamespace === gateway.namespace;
  }
}

function parentFindings(route: LocatedObject, index: TreeIndex): Finding[] {
  return list(dig(route.object, "spec", "parentRefs")).flatMap((ref, i): Finding[] => {
    const target = parentGatewayRef(route, ref);
    if (target === undefined) return [];
    const gateway = index.get(KIND.gateway, target.namespace, target.name);
    if (gateway === undefined) {
      return [finding(route.at, "ref/parent", "error", fieldPath(["spec", "parentRefs", i, "name"]),
        `no Gateway ${target.name} in namespace ${target.namespace} in the tree: the route attaches to nothing`,
        "name a Gateway of the tree (and its namespace when it is not the route's)")];
    }
    const all = listeners(gateway);
    const names = all.map((l) => text(l.name) ?? "(unnamed)").join(", ");
    const section = text(record(ref)?.sectionName);
    const chosen = section === undefined ? all : all.filter((l) => text(l.name) === section);
    if (chosen.length === 0) {
      return [finding(route.at, "ref/parent", "error", fieldPath(["spec", "parentRefs", i, "sectionName"]),
        `${gateway.at.document} has no listener "${section}" (it has: ${names})`, `set sectionName to one of: ${names}`)];
    }
    if (!chosen.some((l) => admitsNamespace(l, gateway, route.namespace))) {
      return [finding(route.at, "ref/parent", "error", fieldPath(["spec", "parentRefs", i]),
        `the listener${section === undefined ? "s" : ` "${section}"`} of ${gateway.at.document} (namespace ${gateway.namespace}) do not admit routes from namespace ${route.namespace} (allowedRoutes.namespaces.from)`,
        `set allowedRoutes.namespaces.from: All on the listener, or put the route in namespace ${gateway.namespace}`)];
    }
    return [];
  });
}

function backendFindings(route: LocatedObject, index: TreeIndex): Finding[] {
  return routeBackendRefs(route).flatMap((ref): Finding[] => {
    if (index.get(ref.kind, ref.namespace, ref.name) !== undefined) return [];
    if (ref.kind === KIND.backend) {
      return [finding(route.at, "ref/backend", "error", ref.path, `no Backend ${ref.name} in namespace ${ref.namespace} in the tree: requests to this rule fail`,
        "name a Backend of the tree, or add it to backends.yaml")];
    }
    if (ref.kind === KIND.service) {
      return [finding(route.at, "ref/backend", "info", ref.path, `Service ${ref.name} in namespace ${ref.namespace} is not in the tree: not checked`,
        "make sure another app deploys it")];
    }
    return [];
  });
}

/** Kinds a TrafficPolicy's targetRefs can name that the tree can hold. */
const POLICY_TARGET_KINDS: ReadonlySet<string> = new Set([KIND.httpRoute, KIND.gateway]);

function policyTargetFindings(policy: LocatedObject, index: TreeIndex): Finding[] {
  return list(dig(policy.object, "spec", "targetRefs")).flatMap((ref, i): Finding[] => {
    const r = record(ref);
    const kind = groupKind(text(r?.group) ?? "", text(r?.kind) ?? "");
    const name = text(r?.name);
    if (name === undefined || !POLICY_TARGET_KINDS.has(kind) || index.get(kind, policy.namespace, name) !== undefined) return [];
    return [finding(policy.at, "ref/policy-target", "error", fieldPath(["spec", "targetRefs", i, "name"]),
      `no ${text(r?.kind)} ${name} in namespace ${policy.namespace} in the tree: the policy applies to nothing`,
      `name a ${text(r?.kind)} of the policy's namespace`)];
  });
}

/** Secrets the tree makes, by `namespace\0name`: ExternalSecret targets and plain Secrets. */
function secretProducers(index: TreeIndex): Map<string, LocatedObject> {
  const producers = new Map<string, LocatedObject>();
  for (const secret of index.ofKind(KIND.secret)) producers.set(`${secret.namespace}\0${secret.name}`, secret);
  for (const external of index.ofKind(KIND.externalSecret)) {
    const target = text(dig(external.object, "spec", "target", "name")) ?? external.name;
    producers.set(`${external.namespace}\0${target}`, external);
  }
  return producers;
}

/**
 * The keys of the Secret a producer makes, or undefined when the tree cannot tell: an
 * ExternalSecret without template data, or whose template merges in the provider's keys.
 */
function secretKeys(producer: LocatedObject): ReadonlySet<string> | undefined {
  if (producer.kind === KIND.secret) return new Set(dataKeys(producer.object));
  const template = record(dig(producer.object, "spec", "target", "template"));
  const data = record(template?.data);
  if (data === undefined || text(template?.mergePolicy) === "Merge" || list(template?.templateFrom).length > 0) return undefined;
  return new Set(Object.keys(data));
}

function secretFindings(backend: LocatedObject, producers: Map<string, LocatedObject>): Finding[] {
  return llmProviders(backend).flatMap(({ config, path }): Finding[] => {
    const name = text(dig(config, "authToken", "secretRef", "name"));
    if (name === undefined) return [];
    const at = fieldPath([...path, "authToken", "secretRef", "name"]);
    const producer = producers.get(`${backend.namespace}\0${name}`);
    if (producer === undefined) {
      return [finding(backend.at, "ref/secret", "error", at,
        `no Secret ${name} in namespace ${backend.namespace}: no ExternalSecret in the tree targets it and no Secret has that name`,
        `add an ExternalSecret with spec.target.name: ${name} whose template writes the key ${AUTH_TOKEN_SECRET_KEY}`)];
    }
    if (secretKeys(producer)?.has(AUTH_TOKEN_SECRET_KEY) === false) {
      const where = producer.kind === KIND.secret ? "data" : "spec.target.template.data";
      return [finding(backend.at, "ref/secret", "error", at,
        `Secret ${name}, made by ${producer.at.document} (${producer.file}), has no key ${AUTH_TOKEN_SECRET_KEY}, the only key kgateway reads the API key from`,
        `add ${AUTH_TOKEN_SECRET_KEY} to ${where} of ${producer.at.document}`)];
    }
    return [];
  });
}

/** Listener certificates live outside the tree (cert-manager, reflectors): worth a reminder, not an error. */
function tlsSecretFindings(gateway: LocatedObject, producers: Map<string, LocatedObject>): Finding[] {
  return listeners(gateway).flatMap((listener, l) =>
    list(dig(listener, "tls", "certificateRefs")).flatMap((ref, c): Finding[] => {
      const r = record(ref);
      const name = text(r?.name);
      const namespace = text(r?.namespace) ?? gateway.namespace;
      if (name === undefined || (text(r?.kind) ?? "Secret") !== "Secret" || producers.has(`${namespace}\0${name}`)) return [];
      return [finding(gateway.at, "ref/tls-secret", "info", fieldPath(["spec", "listeners", l, "tls", "certificateRefs", c, "name"]),
        `Secret ${name} is not in the tree: it must exist in namespace ${namespace}${namespace === gateway.namespace ? "" : " with a ReferenceGrant"} for the listener to serve TLS`,
        `make sure the certificate Secret ${name} is issued into namespace ${namespace}`)];
    }),
  );
}

function parametersFindings(gateway: LocatedObject, index: TreeIndex): Finding[] {
  const name = parametersRefName(gateway);
  if (name === undefined || gatewayParameters(gateway, index) !== undefined) return [];
  return [finding(gateway.at, "ref/parameters", "error", "spec.infrastructure.parametersRef.name",
    `no GatewayParameters ${name} in namespace ${gateway.namespace} in the tree: kgateway will not deploy the proxy`,
    `add GatewayParameters ${name} beside the Gateway, or fix the name`)];
}

function chartFindings(release: LocatedObject, index: TreeIndex): Finding[] {
  const ref = chartRefTarget(release);
  if (ref === undefined || index.get(ref.kind, ref.namespace, ref.name) !== undefined) return [];
  return [finding(release.at, "ref/chart", "error", "spec.chartRef.name",
    `no ${ref.kind.split(".")[0]} ${ref.name} in namespace ${ref.namespace} in the tree: Flux cannot fetch the chart`,
    "name the chart source of the app's ocirepository.yaml")];
}

export function referenceRules({ index }: RuleContext): Finding[] {
  const producers = secretProducers(index);
  return [
    ...index.ofKind(KIND.httpRoute).flatMap((route) => [...parentFindings(route, index), ...backendFindings(route, index)]),
    ...index.ofKind(KIND.trafficPolicy).flatMap((policy) => policyTargetFindings(policy, index)),
    ...index.ofKind(KIND.backend).flatMap((backend) => secretFindings(backend, producers)),
    ...index.ofKind(KIND.gateway).flatMap((gateway) => [...parametersFindings(gateway, index), ...tlsSecretFindings(gateway, producers)]),
    ...index.ofKind(KIND.helmRelease).flatMap((release) => chartFindings(release, index)),
  ];
}
