// The pods that exist at run time although no manifest in the tree describes them: the proxy
// pods kgateway deploys for each agentgateway Gateway, and the controller pods of each kgateway
// HelmRelease. Labels, names and ports come from lib/k8s/kgateway-runtime.ts; replicas and
// extra labels from the tree (GatewayParameters, chart values).

import {
  AGENTGATEWAY_CLASS_NAME,
  CONTROLLER_CHART,
  CONTROLLER_PORTS,
  CONTROLLER_SERVICE_PORTS,
  controllerFullname,
  controllerPodLabels,
  controllerSelector,
  controllerServiceLabels,
  CRDS_CHART,
  PROXY_CONTAINER_PORTS,
  PROXY_DEFAULT_REPLICAS,
  PROXY_DEFAULT_SERVICE_TYPE,
  PROXY_PORTS,
  proxyFullname,
  proxyPodLabels,
  proxyServiceLabels,
  proxySelector,
  proxyServicePortName,
} from "../../k8s/kgateway-runtime.ts";
import { chartDefaults } from "../../models/kgateway/chart-values.ts";
import { gatewayParameters, listeners } from "./gateways.ts";
import { releaseChart, releaseName, releaseNamespace } from "./helm-release.ts";
import { dig, integer, stringMap, text } from "./read.ts";
import { groupKind, KIND, type LocatedObject, type TreeIndex } from "./tree-index.ts";

type Component = "proxy" | "controller";

/** Identical pods of one Deployment, and the Service in front of them. */
export interface PodGroup {
  readonly component: Component;
  /** The Gateway or HelmRelease they exist for. */
  readonly owner: LocatedObject;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly replicas: number;
  /** The field that sets `replicas`, and whether it is unset (so `replicas` is the default). */
  readonly replicasField: string;
  readonly replicasDefaulted: boolean;
  /** The labels to select exactly these pods with. */
  readonly selector: Readonly<Record<string, string>>;
  /** Every port the pods listen on, with what it is for (`listener https`, `health`). */
  readonly ports: ReadonlyMap<number, string>;
  /** Named container ports, which named NetworkPolicy and PodMonitor ports refer to. */
  readonly portNames: ReadonlyMap<string, number>;
  readonly service: {
    readonly name: string;
    readonly type: string;
    readonly labels: Readonly<Record<string, string>>;
    /** Port name → port (and target port: both charts use the same number). */
    readonly ports: ReadonlyMap<string, number>;
  };
  /** `the proxy pods of Gateway/agentgateway`, for messages. */
  readonly description: string;
}

export interface RuntimePods {
  readonly groups: readonly PodGroup[];
  inNamespace(namespace: string): readonly PodGroup[];
  /**
   * Whether the tree shows every pod of the namespace: it has modelled pods and no workload,
   * foreign chart or other-class Gateway whose pods a selector could also mean.
   */
  fullyKnown(namespace: string): boolean;
}

/** Kinds that make pods this module does not model. */
const WORKLOAD_KINDS = [
  groupKind("apps", "Deployment"),
  groupKind("apps", "StatefulSet"),
  groupKind("apps", "DaemonSet"),
  groupKind("apps", "ReplicaSet"),
  groupKind("batch", "Job"),
  groupKind("batch", "CronJob"),
  groupKind("", "Pod"),
];

function proxyPods(gateway: LocatedObject, index: TreeIndex): PodGroup {
  const parameters = gatewayParameters(gateway, index);
  const kube = dig(parameters?.object, "spec", "kube");
  const replicas = integer(dig(kube, "deployment", "replicas"));
  const listenerPorts = new Map<number, string>();
  for (const listener of listeners(gateway)) {
    const port = integer(listener.port);
    if (port !== undefined) listenerPorts.set(port, `listener ${text(listener.name) ?? port}`);
  }
  return {
    component: "proxy",
    owner: gateway,
    namespace: gateway.namespace,
    labels: { ...stringMap(dig(kube, "podTemplate", "extraLabels")), ...proxyPodLabels(gateway.name, AGENTGATEWAY_CLASS_NAME) },
    replicas: replicas ?? PROXY_DEFAULT_REPLICAS,
    replicasField: `spec.kube.deployment.replicas of ${parameters ? parameters.at.document : "a GatewayParameters named by the Gateway's spec.infrastructure.parametersRef"}`,
    replicasDefaulted: replicas === undefined,
    selector: proxySelector(gateway.name),
    ports: new Map([...listenerPorts, [PROXY_PORTS.metrics, "metrics"], [PROXY_PORTS.readiness, "readiness"]]),
    portNames: new Map(Object.entries(PROXY_CONTAINER_PORTS)),
    service: {
      name: proxyFullname(gateway.name),
      type: text(dig(kube, "service", "type")) ?? PROXY_DEFAULT_SERVICE_TYPE,
      labels: { ...stringMap(dig(kube, "service", "extraLabels")), ...proxyServiceLabels(gateway.name, AGENTGATEWAY_CLASS_NAME) },
      ports: new Map([...listenerPorts.keys()].map((port) => [proxyServicePortName(port), port])),
    },
    description: `the proxy pods of ${gateway.at.document}`,
  };
}

function controllerPods(release: LocatedObject): PodGroup {
  const values = dig(release.object, "spec", "values");
  const name = releaseName(release);
  const replicas = integer(dig(values, "controller", "replicaCount"));
  return {
    component: "controller",
    owner: release,
    namespace: releaseNamespace(release),
    labels: controllerPodLabels(name),
    replicas: replicas ?? chartDefaults.controller.replicaCount,
    replicasField: `spec.values.controller.replicaCount of ${release.at.document}`,
    replicasDefaulted: replicas === undefined,
    selector: controllerSelector(name),
    ports: new Map(Object.entries(CONTROLLER_PORTS).map(([portName, port]) => [port, portName])),
    portNames: new Map(Object.entries(CONTROLLER_PORTS)),
    service: {
      name: controllerFullname(name),
      type: text(dig(values, "controller", "service", "type")) ?? chartDefaults.controller.service.type,
      labels: controllerServiceLabels(name),
      ports: new Map(Object.entries(CONTROLLER_SERVICE_PORTS)),
    },
    description: `the controller pods of ${release.at.document}`,
  };
}

export function runtimePods(index: TreeIndex): RuntimePods {
  const groups: PodGroup[] = [];
  const unmodelled = new Set<string>();
  for (const gateway of index.ofKind(KIND.gateway)) {
    if (text(dig(gateway.object, "spec", "gatewayClassName")) === AGENTGATEWAY_CLASS_NAME) groups.push(proxyPods(gateway, index));
    else unmodelled.add(gateway.namespace);
  }
  for (const release of index.ofKind(KIND.helmRelease)) {
    const chart = releaseChart(release, index);
    if (chart === CONTROLLER_CHART) groups.push(controllerPods(release));
    else if (chart !== CRDS_CHART) unmodelled.add(releaseNamespace(release)); // the CRD chart makes no pods
  }
  for (const kind of WORKLOAD_KINDS) for (const workload of index.ofKind(kind)) unmodelled.add(workload.namespace);

  const byNamespace = new Map<string, PodGroup[]>();
  for (const group of groups) byNamespace.set(group.namespace, [...(byNamespace.get(group.namespace) ?? []), group]);
  return {
    groups,
    inNamespace: (namespace) => byNamespace.get(namespace) ?? [],
    fullyKnown: (namespace) => byNamespace.has(namespace) && !unmodelled.has(namespace),
  };
}

/** `the proxy pods of Gateway/a and the controller pods of HelmRelease/b`, for messages. */
export function describeGroups(groups: readonly PodGroup[]): string {
  return groups.map((group) => group.description).join(" and ");
}

/** `80 (listener http), 15020 (metrics)`: what the pods listen on, for messages. */
export function describePorts(group: PodGroup): string {
  return [...group.ports].map(([port, what]) => `${port} (${what})`).join(", ");
}
