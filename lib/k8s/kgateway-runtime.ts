// What kgateway v2.1.2 (with agentgateway v0.10.3) creates at run time: the labels, names and
// ports of the pods no manifest in the tree describes. The app component derives its selectors
// and ports from here, and validation checks every tree against the same facts. Sources are
// kgateway-dev/kgateway@a31f0744 (tag v2.1.2), cited as file:line.

/** Labels of the proxy pods the deployer creates for a Gateway (helm _helpers.tpl:59-71). */
export function proxyPodLabels(gatewayName: string, gatewayClassName = "agentgateway"): Record<string, string> {
  return {
    "app.kubernetes.io/name": gatewayName,
    "app.kubernetes.io/instance": gatewayName,
    "gateway.networking.k8s.io/gateway-name": gatewayName,
    "gateway.networking.k8s.io/gateway-class-name": gatewayClassName,
  };
}

/** The label to select a Gateway's proxy pods with: kgateway sets it to the Gateway's name. */
export function proxySelector(gatewayName: string): Record<string, string> {
  return { "app.kubernetes.io/name": gatewayName };
}

/** Labels of the controller pods of a kgateway Helm release (install/helm/kgateway/_helpers.tpl:49-51). */
export function controllerPodLabels(releaseName: string): Record<string, string> {
  return { kgateway: "kgateway", "app.kubernetes.io/name": "kgateway", "app.kubernetes.io/instance": releaseName };
}

/** The label pair that selects one release's controller pods. */
export function controllerSelector(releaseName: string): Record<string, string> {
  return { "app.kubernetes.io/name": "kgateway", "app.kubernetes.io/instance": releaseName };
}

/** Container ports of the controller (values.yaml:66-69, deployment.yaml:48-58). */
export const CONTROLLER_PORTS = { "grpc-xds": 9977, "grpc-xds-agw": 9978, health: 9093, metrics: 9092 } as const;

/** The controller Service exposes only the two xDS ports (templates/service.yaml:11-18). */
export const CONTROLLER_SERVICE_PORTS = { "grpc-xds": 9977, "grpc-xds-agw": 9978 } as const;

/** The agentgateway proxy's own ports, besides one per Gateway listener (AGW config.rs:205-222). */
export const PROXY_PORTS = { metrics: 15020, readiness: 15021 } as const;

/** The port agentgateway proxies fetch their configuration from, on the controller. */
export const AGENTGATEWAY_XDS_PORT = CONTROLLER_PORTS["grpc-xds-agw"];

/**
 * Names of the controller's Deployment and Service: `<release>-kgateway`, unless the release
 * name already contains "kgateway" (templates/_helpers.tpl, kgateway.fullname).
 */
export function controllerFullname(releaseName: string): string {
  return releaseName.includes("kgateway") ? releaseName : `${releaseName}-kgateway`;
}

/** The proxy Service's port names: `listener-<port>` for each listener, nothing else. */
export function proxyServicePortName(listenerPort: number): string {
  return `listener-${listenerPort}`;
}
