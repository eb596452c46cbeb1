// The AgentGateway app component: values → the app's file tree in the home-ops layout
// (kubernetes/apps/<namespace>/<name>/{ks.yaml,crds/,app/}). Pure: the same values give the same
// tree. Formatting follows the seed document, attached by field path beside each object.

import type { Document } from "../../document.ts";
import { APP_KUSTOMIZATION_STYLE, fluxKustomization, fluxPath, helmRelease, ociRepository } from "../../k8s/flux.ts";
import { gateway, httpRoute } from "../../k8s/gateway.ts";
import { externalSecret } from "../../k8s/secrets.ts";
import { namespacePeer, networkPolicy, podDisruptionBudget, tcpPort } from "../../k8s/network.ts";
import { podMonitor } from "../../k8s/monitoring.ts";
import { backend, backendRef, gatewayParameters, KGATEWAY_GROUP, secretRefAuthToken, trafficPolicy, type IBackend } from "../../k8s/kgateway.ts";
import { AGENTGATEWAY_XDS_PORT, controllerSelector, PROXY_PORTS, proxySelector } from "../../k8s/kgateway-runtime.ts";
import { fileTree, type FileTree } from "../../tree.ts";
import { emitDocument } from "../../yaml/emit.ts";
import type { KgatewayChartValues } from "../../models/kgateway/chart-values.ts";
import type { AgentGatewayValues, FailoverProvider, PreferredAntiAffinity } from "./values.ts";

/** Where an app sits in a home-ops repository. */
export function appFolder(values: Pick<AgentGatewayValues, "namespace" | "name">): string {
  return `kubernetes/apps/${values.namespace}/${values.name}`;
}

/** Selects the proxy pods kgateway runs for the Gateway: it labels them with its name. */
function proxyPods(v: AgentGatewayValues): Record<string, string> {
  return proxySelector(v.gateway.name);
}

const GATEWAY_API_GROUP = "gateway.networking.k8s.io";

export function agentGateway(v: AgentGatewayValues): FileTree {
  const root = appFolder(v);
  return fileTree([
    [`${root}/ks.yaml`, fluxKustomizations(v, root)],
    [`${root}/crds/ocirepository.yaml`, [chartSource(v, `${v.name}-crds`, v.chart.crdsName)]],
    [`${root}/crds/helmrelease.yaml`, [crdsRelease(v)]],
    [`${root}/app/ocirepository.yaml`, [chartSource(v, v.name, v.chart.name)]],
    [`${root}/app/helmrelease.yaml`, [appRelease(v)]],
    [`${root}/app/externalsecret.yaml`, externalSecrets(v)],
    [`${root}/app/gateway.yaml`, [gatewayDocument(v), proxyParameters(v)]],
    [`${root}/app/backends.yaml`, backends(v)],
    [`${root}/app/httproutes.yaml`, routes(v)],
    [`${root}/app/trafficpolicies.yaml`, trafficPolicies(v)],
    [`${root}/app/networkpolicy.yaml`, [proxyNetworkPolicy(v)]],
    ...(v.disruptionBudget ? [[`${root}/app/pdb.yaml`, [disruptionBudget(v, v.disruptionBudget)]] as const] : []),
    [`${root}/app/podmonitor.yaml`, [proxyPodMonitor(v)]],
  ]);
}

// ── Flux ────────────────────────────────────────────────────────────────────────────────────

function fluxKustomizations(v: AgentGatewayValues, root: string): Document[] {
  const common = (name: string, folder: string) => ({
    commonMetadata: { labels: { "app.kubernetes.io/name": name } },
    targetNamespace: v.namespace,
    interval: v.flux.interval,
    retryInterval: v.flux.retryInterval,
    timeout: v.flux.timeout,
    path: fluxPath(`${root}/${folder}`),
    prune: true,
  });
  const crdsName = `${v.name}-crds`;
  return [
    fluxKustomization(
      {
        metadata: { name: v.name, namespace: v.namespace },
        spec: {
          ...common(v.name, "app"),
          wait: false,
          sourceRef: { ...v.flux.sourceRef },
          dependsOn: [{ name: crdsName, namespace: v.namespace }, ...v.flux.dependsOn],
          postBuild: {
            substituteFrom: [{ name: v.flux.clusterSecretsName, kind: "Secret" }],
            substitute: { APP: v.name },
          },
        },
      },
      { style: APP_KUSTOMIZATION_STYLE },
    ),
    fluxKustomization(
      {
        metadata: { name: crdsName, namespace: v.namespace },
        spec: { ...common(crdsName, "crds"), wait: true, sourceRef: { ...v.flux.sourceRef } },
      },
      { style: APP_KUSTOMIZATION_STYLE },
    ),
  ];
}

function chartSource(v: AgentGatewayValues, name: string, chart: string): Document {
  return ociRepository({ metadata: { name }, spec: chartSourceSpec(v, chart) });
}

/** The spec of the OCIRepository `chart` comes from: the same fields at v1 and at v1beta2 (the seed's). */
export function chartSourceSpec(v: Pick<AgentGatewayValues, "chart">, chart: string) {
  return { interval: v.chart.interval, url: `${v.chart.registry}/${chart}`, ref: { tag: v.chart.version } };
}

/** Upgrade settings both releases share; only the CRD policy differs. */
function upgradePolicy(crds: "Skip" | "CreateReplace") {
  return {
    remediation: { remediateLastFailure: true, retries: 3, strategy: "rollback" as const },
    cleanupOnFail: true,
    crds,
  };
}

const RELEASE_HOUSEKEEPING = {
  uninstall: { keepHistory: false },
  driftDetection: { mode: "enabled" as const },
  maxHistory: 3,
};

function crdsRelease(v: AgentGatewayValues): Document {
  const name = `${v.name}-crds`;
  return helmRelease({
    metadata: { name },
    spec: {
      interval: v.flux.helmInterval,
      chartRef: { kind: "OCIRepository", name },
      install: { timeout: "10m", crds: "CreateReplace", createNamespace: true },
      upgrade: upgradePolicy("CreateReplace"),
      ...RELEASE_HOUSEKEEPING,
    },
  });
}

function appRelease(v: AgentGatewayValues): Document {
  return helmRelease<KgatewayChartValues>(
    {
      metadata: { name: v.name },
      spec: {
        interval: v.flux.helmInterval,
        chartRef: { kind: "OCIRepository", name: v.name },
        install: {
          timeout: "10m",
          replace: true,
          crds: "Skip",
          createNamespace: true,
          strategy: { name: "RetryOnFailure", retryInterval: "5m" },
        },
        upgrade: upgradePolicy("Skip"),
        test: { enable: true },
        rollback: { recreate: true, force: true, cleanupOnFail: true },
        ...RELEASE_HOUSEKEEPING,
        values: {
          ...v.helmValues,
          // The chart's top-level affinity applies to the controller pods, so it selects them.
          ...(v.controllerAntiAffinity && { affinity: antiAffinity(v.controllerAntiAffinity, controllerSelector(v.name)) }),
        },
      },
    },
    {
      style: {
        "spec.values.*": { blankLineBefore: true },
        "spec.values.agentgateway": { blankLineBefore: false },
        "spec.values.controller.logLevel": { quote: "double" },
        "spec.values.resources.*.*": { quote: "double" },
      },
    },
  );
}

/** A preferred pod anti-affinity that spreads the pods `matchLabels` selects across `topologyKey`. */
function antiAffinity(spread: PreferredAntiAffinity, matchLabels: Record<string, string>) {
  return {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: spread.weight, podAffinityTerm: { labelSelector: { matchLabels }, topologyKey: spread.topologyKey } },
      ],
    },
  };
}

// ── Secrets ─────────────────────────────────────────────────────────────────────────────────

/** An ExternalSecret that renders `data` from the app's secret-store item. */
function secretFromItem(v: AgentGatewayValues, name: string, data: Record<string, string>): Document {
  return externalSecret(
    {
      metadata: { name },
      spec: {
        secretStoreRef: { ...v.secrets.store },
        target: { name, template: { data } },
        dataFrom: [{ extract: { key: v.secrets.item } }],
      },
    },
    { style: { "metadata.name": { anchor: "name" }, "spec.target.name": { alias: "name" } } },
  );
}

/** An ExternalSecret template reference to a field of the item. */
function itemField(field: string): string {
  return `{{ .${field} }}`;
}

function externalSecrets(v: AgentGatewayValues): Document[] {
  const providers = Object.values(v.providers);
  return [
    secretFromItem(v, v.secrets.allKeysSecretName, Object.fromEntries(providers.map((p) => [p.apiKeyField, itemField(p.apiKeyField)]))),
    // kgateway reads the API key from the `Authorization` key of a Backend's secret.
    ...providers.map((p) => secretFromItem(v, p.secretName, { Authorization: itemField(p.apiKeyField) })),
  ];
}

// ── Gateway ─────────────────────────────────────────────────────────────────────────────────

/** The Gateway's listeners; the proxy listens on exactly these ports. */
function listeners(v: AgentGatewayValues) {
  return [
    { name: "http", protocol: "HTTP", port: 80, allowedRoutes: { namespaces: { from: "Same" as const } } },
    {
      name: "https",
      protocol: "HTTPS",
      port: 443,
      allowedRoutes: { namespaces: { from: "All" as const } },
      tls: { mode: "Terminate" as const, certificateRefs: [{ kind: "Secret", name: v.gateway.tlsSecretName }] },
    },
  ];
}

function gatewayDocument(v: AgentGatewayValues): Document {
  return gateway(
    {
      metadata: {
        name: v.gateway.name,
        labels: { app: v.name },
        annotations: {
          "external-dns.alpha.kubernetes.io/target": v.gateway.hostname,
          // The annotation holds YAML; it is written from data like everything else.
          "gatus.home-operations.com/endpoint": emitDocument({ object: { group: v.namespace, ...v.gateway.gatus } }).trimEnd(),
        },
      },
      spec: {
        gatewayClassName: v.gateway.className,
        // kgateway v2.1.2 reads only parametersRef from infrastructure; the Service annotations
        // travel in the GatewayParameters.
        infrastructure: { parametersRef: { group: KGATEWAY_GROUP, kind: "GatewayParameters", name: v.gateway.name } },
        listeners: listeners(v),
      },
    },
    { style: { 'metadata.annotations["external-dns.alpha.kubernetes.io/target"]': { quote: "double" } } },
  );
}

/** How kgateway runs the Gateway's proxy: replicas, spread, and its LoadBalancer Service. */
function proxyParameters(v: AgentGatewayValues): Document {
  const { antiAffinity: spread, replicas } = v.gateway.proxy;
  return gatewayParameters(
    {
      metadata: { name: v.gateway.name },
      spec: {
        kube: {
          deployment: { replicas },
          ...(spread && { podTemplate: { affinity: antiAffinity(spread, proxyPods(v)) } }),
          service: {
            extraAnnotations: {
              "lbipam.cilium.io/ips": v.gateway.loadBalancerIP,
              "external-dns.alpha.kubernetes.io/hostname": v.gateway.hostname,
            },
          },
        },
      },
    },
    { style: { "spec.kube.service.extraAnnotations.*": { quote: "double" } } },
  );
}

// ── Backends ────────────────────────────────────────────────────────────────────────────────

type BackendSpec = NonNullable<IBackend["spec"]>;
type FailoverEntry = NonNullable<NonNullable<NonNullable<BackendSpec["ai"]>["priorityGroups"]>[number]["providers"]>[number];

function backends(v: AgentGatewayValues): Document[] {
  const { openai, anthropic, gemini } = v.providers;
  return [
    backend(
      {
        metadata: { name: "openai" },
        spec: { type: "AI", ai: { llm: { openai: { authToken: secretRefAuthToken(openai.secretName), model: openai.model } } } },
      },
      { comment: "OpenAI Backend", style: { "spec.ai.llm.openai.model": { quote: "double" } } },
    ),
    backend(
      {
        metadata: { name: "anthropic" },
        spec: {
          type: "AI",
          ai: {
            llm: {
              anthropic: { authToken: secretRefAuthToken(anthropic.secretName), model: anthropic.model, apiVersion: anthropic.apiVersion },
            },
          },
        },
      },
      {
        comment: "Anthropic Backend",
        style: { "spec.ai.llm.anthropic.model": { quote: "double" }, "spec.ai.llm.anthropic.apiVersion": { quote: "double" } },
      },
    ),
    backend(
      {
        metadata: { name: "gemini" },
        spec: {
          type: "AI",
          ai: { llm: { gemini: { apiVersion: gemini.apiVersion, authToken: secretRefAuthToken(gemini.secretName), model: gemini.model } } },
        },
      },
      { comment: "Google Gemini Backend" },
    ),
    backend(
      {
        metadata: { name: "litellm" },
        spec: {
          type: "Static",
          static: { hosts: [{ host: `${v.litellm.service}.${v.litellm.namespace}.svc.cluster.local`, port: v.litellm.port }] },
        },
      },
      { comment: "LiteLLM Backend (Static)" },
    ),
    backend(
      {
        metadata: { name: v.failover.name },
        spec: {
          type: "AI",
          ai: {
            priorityGroups: Object.values(v.failover.priorityGroups).map((group) => ({
              providers: Object.entries(group).map(([name, p]) => failoverEntry(v, name, p)),
            })),
          },
        },
      },
      {
        comment: "Cost-Optimized Failover Backend",
        style: {
          "spec.ai.priorityGroups[*].providers": { indentSequence: false },
          "spec.ai.priorityGroups[*].providers[*].*.model": { quote: "double" },
          "spec.ai.priorityGroups[*].providers[*].*.apiVersion": { quote: "double" },
        },
      },
    ),
  ];
}

/** A failover provider reuses the secret (and API version) of the provider it speaks to. */
function failoverEntry(v: AgentGatewayValues, name: string, p: FailoverProvider): FailoverEntry {
  if (p.provider === "anthropic") {
    const { anthropic } = v.providers;
    return { name, anthropic: { model: p.model, apiVersion: anthropic.apiVersion, authToken: secretRefAuthToken(anthropic.secretName) } };
  }
  return { name, openai: { model: p.model, authToken: secretRefAuthToken(v.providers.openai.secretName) } };
}

// ── Routes ──────────────────────────────────────────────────────────────────────────────────

function prefixMatch(prefix: string) {
  return [{ path: { type: "PathPrefix" as const, value: prefix } }];
}

function routes(v: AgentGatewayValues): Document[] {
  const parent = (sectionName: string) => [{ name: v.gateway.name, sectionName }];
  // agentgateway applies timeouts from HTTPRoute rules, not from TrafficPolicies, at v2.1.2.
  const timeouts = { request: v.requests.timeout };
  const llmRules = [
    {
      comment: "OpenAI",
      rule: {
        matches: prefixMatch("/openai"),
        filters: [
          {
            type: "URLRewrite" as const,
            urlRewrite: { path: { type: "ReplaceFullPath" as const, replaceFullPath: "/v1/chat/completions" } },
          },
        ],
        backendRefs: [backendRef("openai")],
        timeouts,
      },
    },
    { comment: "Anthropic", rule: { matches: prefixMatch("/anthropic"), backendRefs: [backendRef("anthropic")], timeouts } },
    { comment: "Gemini", rule: { matches: prefixMatch("/gemini"), backendRefs: [backendRef("gemini")], timeouts } },
    { comment: "LiteLLM (unified)", rule: { matches: prefixMatch("/v1"), backendRefs: [backendRef("litellm")], timeouts } },
    { comment: "Failover route", rule: { matches: prefixMatch("/auto"), backendRefs: [backendRef(v.failover.name)], timeouts } },
  ];
  return [
    httpRoute(
      {
        metadata: { name: "https-redirect" },
        spec: {
          parentRefs: parent("http"),
          rules: [{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }],
        },
      },
      { comment: "HTTPS Redirect" },
    ),
    httpRoute(
      { metadata: { name: "llm-routes" }, spec: { parentRefs: parent("https"), rules: llmRules.map((r) => r.rule) } },
      { comment: "LLM Routes", style: Object.fromEntries(llmRules.map((r, i) => [`spec.rules[${i}]`, { comment: r.comment }])) },
    ),
  ];
}

// ── Traffic policies ────────────────────────────────────────────────────────────────────────

function routeTarget(name: string) {
  return [{ group: GATEWAY_API_GROUP, kind: "HTTPRoute", name }];
}

function trafficPolicies(v: AgentGatewayValues): Document[] {
  const { promptGuard, rateLimit } = v;
  return [
    trafficPolicy(
      {
        metadata: { name: "prompt-guards" },
        spec: {
          targetRefs: routeTarget("llm-routes"),
          ai: {
            promptGuard: {
              request: {
                // agentgateway compares actions exactly: anything but REJECT masks.
                regex: {
                  action: "REJECT",
                  matches: Object.entries(promptGuard.rejectPatterns).map(([name, pattern]) => ({ pattern, name })),
                },
                customResponse: { message: promptGuard.rejectMessage, statusCode: 403 },
              },
              response: { regex: { action: "MASK", builtins: promptGuard.maskBuiltins } },
            },
          },
        },
      },
      {
        comment: "Prompt Guards",
        style: {
          "spec.ai.promptGuard.request.regex.matches[*].*": { quote: "double" },
          "spec.ai.promptGuard.request.customResponse.message": { quote: "double" },
        },
      },
    ),
    trafficPolicy(
      {
        metadata: { name: "rate-limits" },
        spec: { targetRefs: routeTarget("llm-routes"), rateLimit: { local: { tokenBucket: { ...rateLimit } } } },
      },
      { comment: "Rate Limiting" },
    ),
  ];
}

// ── Network policy, disruption budget, monitoring ───────────────────────────────────────────

/** Private ranges: the internet egress rule excludes them, so in-cluster peers need rules. */
const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

function proxyNetworkPolicy(v: AgentGatewayValues): Document {
  const listenerPorts = listeners(v).map((l) => tcpPort(l.port));
  return networkPolicy({
    metadata: { name: v.name },
    spec: {
      podSelector: { matchLabels: proxyPods(v) },
      policyTypes: ["Ingress", "Egress"],
      ingress: [
        { from: [namespacePeer(v.network.clientNamespace)], ports: listenerPorts },
        { from: v.network.lanCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: listenerPorts },
        { from: [namespacePeer(v.network.monitoringNamespace)], ports: [tcpPort(PROXY_PORTS.metrics)] },
      ],
      egress: [
        { to: [{ ipBlock: { cidr: "0.0.0.0/0", except: PRIVATE_RANGES } }], ports: [tcpPort(443)] },
        { to: [namespacePeer(v.litellm.namespace)], ports: [tcpPort(v.litellm.port)] },
        { to: [{ namespaceSelector: {} }], ports: [{ protocol: "UDP" as const, port: 53 }, tcpPort(53)] },
        // The proxy gets its configuration over xDS from the controller pods.
        { to: [{ podSelector: { matchLabels: controllerSelector(v.name) } }], ports: [tcpPort(AGENTGATEWAY_XDS_PORT)] },
      ],
    },
  });
}

function disruptionBudget(v: AgentGatewayValues, budget: { minAvailable: number }): Document {
  return podDisruptionBudget({
    metadata: { name: v.name },
    spec: { minAvailable: budget.minAvailable, selector: { matchLabels: proxyPods(v) } },
  });
}

/** The proxy's metrics port is on the pods only (the proxy Service carries listener ports). */
function proxyPodMonitor(v: AgentGatewayValues): Document {
  return podMonitor({
    metadata: { name: v.name },
    spec: {
      selector: { matchLabels: proxyPods(v) },
      podMetricsEndpoints: [{ port: "metrics", path: "/metrics", interval: v.monitoring.interval, scrapeTimeout: v.monitoring.scrapeTimeout }],
      namespaceSelector: { matchNames: [v.namespace] },
    },
  });
}
