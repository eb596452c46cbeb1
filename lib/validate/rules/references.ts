// References resolve: every name one object gives for another names an object the tree has
// (routes → Gateways, listeners and Backends; policies → their targets; Backends → the Secrets
// ExternalSecrets make; Gateways → GatewayParameters; HelmReleases → chart sources).
//
// A name the tree does not have is one of three things. Declared in the config's externals (an
// object another app or a chart makes): fine, nothing to say. Close to a name the tree has, or in
// a namespace whose objects of that kind the tree holds (for kinds charts do not make): a typo or
// a removed object, an error, with "did you mean" when a name is close. Otherwise: most likely
// an object from outside the tree, an info that says how to declare it.

import { AUTH_TOKEN_SECRET_KEY } from "../../k8s/kgateway-runtime.ts";
import type { IsDeclaredExternal } from "../externals.ts";
import { fieldPath, finding, type Finding, type FindingLocation } from "../findings.ts";
import { closest } from "../../suggest.ts";
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

/** What a rule knows of a reference the tree cannot resolve. */
interface Dangling {
  readonly at: FindingLocation;
  readonly rule: string;
  readonly path: string;
  /** The kind as people write it (`Gateway`) and as the index keys it. */
  readonly kind: string;
  readonly groupKind: string;
  readonly namespace: string;
  readonly name: string;
  /** What goes wrong when the reference really dangles. */
  readonly consequence: string;
  /**
   * Whether the tree's objects of this kind in the namespace mean the tree holds them all there:
   * true for kinds only the repository writes (Gateways, Backends, chart sources); false for
   * Services, which charts make beside the ones written.
   */
  readonly namespaceOwned: boolean;
}

/** The finding for a reference the tree does not resolve: nothing, a typo's error, or an info. */
function dangling(ref: Dangling, index: TreeIndex, externals: IsDeclaredExternal): Finding[] {
  if (externals(ref.kind, ref.namespace, ref.name)) return [];
  const candidates = index.ofKind(ref.groupKind);
  const sameNamespace = candidates.filter((o) => o.namespace === ref.namespace).map((o) => o.name);
  const guess = closest(ref.name, sameNamespace) ?? closest(ref.name, candidates.map((o) => o.name));
  const where = `${ref.kind} ${ref.name} in namespace ${ref.namespace}`;
  if (guess !== undefined) {
    const other = candidates.find((o) => o.name === guess && o.namespace === ref.namespace) ?? candidates.find((o) => o.name === guess)!;
    return [finding(ref.at, ref.rule, "error", ref.path, `no ${where} in the tree: ${ref.consequence}`,
      `did you mean ${JSON.stringify(guess)}${other.namespace === ref.namespace ? "" : ` (namespace ${other.namespace})`}?`)];
  }
  if (ref.namespaceOwned && sameNamespace.length > 0) {
    return [finding(ref.at, ref.rule, "error", ref.path, `no ${where} in the tree: ${ref.consequence}`,
      `name one of: ${sameNamespace.join(", ")}, or add ${ref.kind} ${ref.name}`)];
  }
  return [finding(ref.at, ref.rule, "info", ref.path, `${where} is not in the tree: not checked`,
    `if another app or a chart makes it, declare it in the config: externals: ["${ref.kind}/${ref.namespace}/${ref.name}"]`)];
}

function parentFindings(route: LocatedObject, index: TreeIndex, externals: IsDeclaredExternal): Finding[] {
  return list(dig(route.object, "spec", "parentRefs")).flatMap((ref, i): Finding[] => {
    const target = parentGatewayRef(route, ref);
    if (target === undefined) return [];
    const gateway = index.get(KIND.gateway, target.namespace, target.name);
    if (gateway === undefined) {
      return dangling({ at: route.at, rule: "ref/parent", path: fieldPath(["spec", "parentRefs", i, "name"]), kind: "Gateway", groupKind: KIND.gateway,
        namespace: target.namespace, name: target.name, consequence: "the route attaches to nothing", namespaceOwned: true }, index, externals);
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

function backendFindings(route: LocatedObject, index: TreeIndex, externals: IsDeclaredExternal): Finding[] {
  return routeBackendRefs(route).flatMap((ref): Finding[] => {
    if (index.get(ref.kind, ref.namespace, ref.name) !== undefined) return [];
    if (ref.kind !== KIND.backend && ref.kind !== KIND.service) return [];
    return dangling({ at: route.at, rule: "ref/backend", path: ref.path, kind: ref.kind === KIND.backend ? "Backend" : "Service", groupKind: ref.kind,
      namespace: ref.namespace, name: ref.name, consequence: "requests to this rule fail", namespaceOwned: ref.kind === KIND.backend }, index, externals);
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

/** Secrets the tree makes, by `namespace\0name`: plain Secrets, ExternalSecret targets, cert-manager Certificates. */
function secretProducers(index: TreeIndex): Map<string, LocatedObject> {
  const producers = new Map<string, LocatedObject>();
  for (const secret of index.ofKind(KIND.secret)) producers.set(`${secret.namespace}\0${secret.name}`, secret);
  // cert-manager writes the certificate into spec.secretName (cert-manager.io/v1 CertificateSpec).
  for (const certificate of index.ofKind(KIND.certificate)) {
    const target = text(dig(certificate.object, "spec", "secretName"));
    if (target !== undefined) producers.set(`${certificate.namespace}\0${target}`, certificate);
  }
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
  if (producer.kind === KIND.certificate) return new Set(["tls.crt", "tls.key", "ca.crt"]);
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
function tlsSecretFindings(gateway: LocatedObject, producers: Map<string, LocatedObject>, externals: IsDeclaredExternal): Finding[] {
  return listeners(gateway).flatMap((listener, l) =>
    list(dig(listener, "tls", "certificateRefs")).flatMap((ref, c): Finding[] => {
      const r = record(ref);
      const name = text(r?.name);
      const namespace = text(r?.namespace) ?? gateway.namespace;
      if (name === undefined || (text(r?.kind) ?? "Secret") !== "Secret" || producers.has(`${namespace}\0${name}`) || externals("Secret", namespace, name)) return [];
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

function chartFindings(release: LocatedObject, index: TreeIndex, externals: IsDeclaredExternal): Finding[] {
  const ref = chartRefTarget(release);
  if (ref === undefined || index.get(ref.kind, ref.namespace, ref.name) !== undefined) return [];
  return dangling({ at: release.at, rule: "ref/chart", path: "spec.chartRef.name", kind: ref.kind.split(".")[0]!, groupKind: ref.kind,
    namespace: ref.namespace, name: ref.name, consequence: "Flux cannot fetch the chart", namespaceOwned: true }, index, externals);
}

const NOTHING_DECLARED: IsDeclaredExternal = () => false;

export function referenceRules({ index, options }: RuleContext): Finding[] {
  const producers = secretProducers(index);
  const externals = options.externals ?? NOTHING_DECLARED;
  return [
    ...index.ofKind(KIND.httpRoute).flatMap((route) => [...parentFindings(route, index, externals), ...backendFindings(route, index, externals)]),
    ...index.ofKind(KIND.trafficPolicy).flatMap((policy) => policyTargetFindings(policy, index)),
    ...index.ofKind(KIND.backend).flatMap((backend) => secretFindings(backend, producers)),
    ...index.ofKind(KIND.gateway).flatMap((gateway) => [...parametersFindings(gateway, index), ...tlsSecretFindings(gateway, producers, externals)]),
    ...index.ofKind(KIND.helmRelease).flatMap((release) => chartFindings(release, index, externals)),
  ];
}
