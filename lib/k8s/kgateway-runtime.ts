// What kgateway v2.1.2 (with agentgateway v0.10.3) creates at run time: the labels, names and
// ports of the pods no manifest in the tree describes. The app component derives its selectors
// and ports from here, and validation checks every tree against the same facts. Sources are
// kgateway-dev/kgateway@a31f0744 (tag v2.1.2), cited as file:line.

/** The kgateway release these facts were checked against (and the app's default chart tag). */
export const KGATEWAY_VERSION = "v2.1.2";

/**
 * The GatewayClasses the controller creates and keeps: `kgateway` (Envoy) always, `agentgateway`
 * only with the chart value `agentgateway.enabled` (start.go:405-446, wellknown/controller.go:11,19).
 */
export const KGATEWAY_CLASS_NAME = "kgateway";
export const AGENTGATEWAY_CLASS_NAME = "agentgateway";

/** The controller chart and the CRD chart, by chart name (install/helm/kgateway, install/helm/kgateway-crds). */
export const CONTROLLER_CHART = "kgateway";
export const CRDS_CHART = "kgateway-crds";

/** Labels of the proxy pods the deployer creates for a Gateway (helm _helpers.tpl:59-71). */
export function proxyPodLabels(gatewayName: string, gatewayClassName = AGENTGATEWAY_CLASS_NAME): Record<string, string> {
  return {
    "app.kubernetes.io/name": gatewayName,
    "app.kubernetes.io/instance": gatewayName,
    "gateway.networking.k8s.io/gateway-name": gatewayName,
    "gateway.networking.k8s.io/gateway-class-name": gatewayClassName,
  };
}

/**
 * Labels of the proxy Service: the pod labels plus `kgateway: kube-gateway`, which the
 * Deployment, Service and ServiceAccount also carry (test/deployer/testdata/agentgateway-out.yaml).
 */
export function proxyServiceLabels(gatewayName: string, gatewayClassName = AGENTGATEWAY_CLASS_NAME): Record<string, string> {
  return { ...proxyPodLabels(gatewayName, gatewayClassName), kgateway: "kube-gateway" };
}

/**
 * The proxy's Deployment and Service are named after the Gateway: the deployer renders its
 * chart with the Gateway's name as release name (deployer/gateway_parameters.go:95-97).
 */
export function proxyFullname(gatewayName: string): string {
  return gatewayName;
}

/** Proxy replicas unless a GatewayParameters sets spec.kube.deployment.replicas (facts §4.2). */
export const PROXY_DEFAULT_REPLICAS = 1;

/** The proxy Service's type unless a GatewayParameters sets spec.kube.service.type (gateway_parameters.go:199). */
export const PROXY_DEFAULT_SERVICE_TYPE = "LoadBalancer";

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

/**
 * The controller Service's labels include the pods' selector labels: templates/service.yaml
 * labels it with kgateway.labels, which includes kgateway.selectorLabels (_helpers.tpl).
 */
export function controllerServiceLabels(releaseName: string): Record<string, string> {
  return controllerPodLabels(releaseName);
}

/** The agentgateway proxy's own ports, besides one per Gateway listener (AGW config.rs:205-222). */
export const PROXY_PORTS = { metrics: 15020, readiness: 15021 } as const;

/** The proxy declares one named container port; the others listen undeclared (agent-gateway-deployment.yaml:75-77). */
export const PROXY_CONTAINER_PORTS = { metrics: PROXY_PORTS.metrics } as const;

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

/**
 * TrafficPolicy fields the agentgateway translator reads; it ignores the rest, timeouts and
 * retry included, which agentgateway takes from HTTPRoute rules (traffic_plugin.go:309-355,
 * agentgateway/translator/conversion.go:82,90).
 */
export const AGENTGATEWAY_TRAFFIC_POLICY_FIELDS: ReadonlySet<string> = new Set(["extAuth", "rbac", "ai", "rateLimit", "transformation"]);

/**
 * Prompt-guard regex actions, compared exactly (api/v1alpha1/ai_policy.go:129,132,
 * traffic_plugin.go:613-629); any other value becomes ACTION_UNSPECIFIED, which agentgateway
 * treats as MASK (AGW types/agent_xds.rs convert_regex_rules).
 */
export const REGEX_ACTIONS = { reject: "REJECT", mask: "MASK" } as const;

/** Gateway.spec.infrastructure fields v2.1.2 reads: only parametersRef (deployer/gateway_parameters.go:166-178). */
export const GATEWAY_INFRASTRUCTURE_FIELDS_READ: ReadonlySet<string> = new Set(["parametersRef"]);

/** Backend LLM provider fields the agentgateway translator drops: it forwards only `model` (backend/translate.go:134-151). */
export const AGENTGATEWAY_DROPPED_PROVIDER_FIELDS: Readonly<Record<string, readonly string[]>> = {
  anthropic: ["apiVersion"],
  gemini: ["apiVersion"],
};

/** The key of a Backend's secret that kgateway reads the API key from; "Bearer " is stripped (kubeutils/secrets.go:34-35). */
export const AUTH_TOKEN_SECRET_KEY = "Authorization";
