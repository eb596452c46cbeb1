// Monitors scrape ports that exist: a ServiceMonitor endpoint names a port of the selected
// Service (the proxy Service has only `listener-<port>` ports, the controller Service only the
// xDS ports), a PodMonitor endpoint a container port name of the selected pods.

import { fieldPath, finding, type Finding } from "../findings.ts";
import type { RuleContext } from "./context.ts";
import { describeGroups, type PodGroup } from "./pods.ts";
import { dig, list, record, text } from "./read.ts";
import { selectedPods } from "./selection.ts";
import { KIND, type LocatedObject } from "./tree-index.ts";

/** Endpoints whose `port` name some selected group lacks, with the names that group has. */
function missingPorts(
  monitor: LocatedObject,
  field: string,
  groups: readonly PodGroup[],
  portsOf: (group: PodGroup) => ReadonlyMap<string, number>,
): { index: number; port: string; lacking: PodGroup[] }[] {
  return list(dig(monitor.object, "spec", field)).flatMap((endpoint, index) => {
    const port = text(record(endpoint)?.port); // endpoints given by targetPort or portNumber are not checked
    const lacking = port === undefined ? [] : groups.filter((g) => !portsOf(g).has(port));
    return port !== undefined && lacking.length > 0 ? [{ index, port, lacking }] : [];
  });
}

function names(ports: ReadonlyMap<string, number>): string {
  return [...ports.keys()].join(", ") || "none";
}

function serviceMonitorFindings(monitor: LocatedObject, groups: readonly PodGroup[]): Finding[] {
  return missingPorts(monitor, "endpoints", groups, (g) => g.service.ports).map(({ index, port, lacking }) => {
    const onPods = lacking.filter((g) => g.portNames.has(port));
    const services = lacking.map((g) => `Service ${g.service.name} (ports: ${names(g.service.ports)})`).join(" and ");
    return finding(monitor.at, "monitor/service-port", "error", fieldPath(["spec", "endpoints", index, "port"]),
      `${services} has no port named "${port}": Prometheus finds zero targets${onPods.length > 0 ? `; "${port}" is a container port of ${describeGroups(onPods)}` : ""}`,
      onPods.length > 0 ? `scrape it with a PodMonitor: podMetricsEndpoints port ${port}` : `use a port of the Service: ${names(lacking[0]?.service.ports ?? new Map())}`);
  });
}

function podMonitorFindings(monitor: LocatedObject, groups: readonly PodGroup[]): Finding[] {
  return missingPorts(monitor, "podMetricsEndpoints", groups, (g) => g.portNames).map(({ index, port, lacking }) =>
    finding(monitor.at, "monitor/service-port", "error", fieldPath(["spec", "podMetricsEndpoints", index, "port"]),
      `${describeGroups(lacking)} declare no container port named "${port}" (they declare: ${lacking.map((g) => names(g.portNames)).join("; ")}): Prometheus finds zero targets`,
      `use a declared port name: ${names(lacking[0]?.portNames ?? new Map())}`),
  );
}

export function monitoringRules({ index, pods }: RuleContext): Finding[] {
  return [
    ...index.ofKind(KIND.serviceMonitor).flatMap((m) => serviceMonitorFindings(m, selectedPods(m, pods))),
    ...index.ofKind(KIND.podMonitor).flatMap((m) => podMonitorFindings(m, selectedPods(m, pods))),
  ];
}
