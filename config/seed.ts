// The repository as found: the seed document's 15 files, mistakes included. Not deployed; kept as
// the baseline that proves the generator reproduces hand-written YAML byte for byte, and as the
// record of what home corrects: each patch below puts one of the seed's mistakes back
// (see ../shared/reference/kgateway-v2.1.2-facts.md, cited by section).

import { chartSourceSpec } from "../lib/apps/agentgateway/component.ts";
import { agentGatewayEnvironment } from "../lib/apps/agentgateway/index.ts";
import { untypedObject } from "../lib/k8s/builder.ts";
import { KGATEWAY_VERSION } from "../lib/k8s/kgateway-runtime.ts";
import { ociRepositoryV1beta2, type IHelmRelease } from "../lib/k8s/flux.ts";
import type { IGateway, IHTTPRoute } from "../lib/k8s/gateway.ts";
import { serviceMonitor } from "../lib/k8s/monitoring.ts";
import { namespacePeer, tcpPort, type INetworkPolicy } from "../lib/k8s/network.ts";
import { replace } from "../lib/merge.ts";
import { patchObject, removeObject, renameFile, replaceObject, restyleObject } from "../lib/patch.ts";
import { clusterSubstitutions } from "./cluster.ts";
import { homeValues as v } from "./home.ts";

// The seed was found at, and checked against, this kgateway release: a baseline does not follow
// the version bumps of config/versions.yaml.
const seedValues = { ...v, chart: { ...v.chart, version: KGATEWAY_VERSION } };
const APP = `kubernetes/apps/${v.namespace}/${v.name}/app`;
const routeTarget = [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "llm-routes" }];
const proxyLabels = { "app.kubernetes.io/name": v.gateway.name };

/** §2.2 items 1–6: guard lists instead of objects, `response` for `customResponse`, mixed-case actions. */
const seedPromptGuards = untypedObject(
  {
    apiVersion: "gateway.kgateway.dev/v1alpha1",
    kind: "TrafficPolicy",
    metadata: { name: "prompt-guards" },
    spec: {
      targetRefs: routeTarget,
      ai: {
        promptGuard: {
          request: [
            {
              regex: {
                action: "Reject",
                matches: Object.entries(v.promptGuard.rejectPatterns).map(([name, pattern]) => ({ pattern, name })),
              },
              response: { message: v.promptGuard.rejectMessage },
            },
          ],
          response: [{ regex: { action: "Mask", builtins: v.promptGuard.maskBuiltins } }],
        },
      },
    },
  },
  {
    comment: "Prompt Guards",
    style: {
      "spec.ai.promptGuard.request[*].regex.matches[*].*": { quote: "double" },
      "spec.ai.promptGuard.request[*].response.message": { quote: "double" },
    },
  },
);

/** §2.2 items 7–11: a token-bucket list with `type`, `timeout` and `numRetries`, which do not exist. */
const seedRateLimits = untypedObject(
  {
    apiVersion: "gateway.kgateway.dev/v1alpha1",
    kind: "TrafficPolicy",
    metadata: { name: "rate-limits" },
    spec: {
      targetRefs: routeTarget,
      rateLimit: { local: [{ ...v.rateLimit, type: "requests" }] },
      timeout: v.requests.timeout,
      retry: { numRetries: 2, perTryTimeout: "30s", retryOn: ["5xx", "connect-failure"] },
    },
  },
  { comment: "Rate Limiting" },
);

export const seed = agentGatewayEnvironment({
  name: "seed",
  description: "the seed document as found (baseline, not deployed)",
  deploy: false,
  knownInvalid: "the seed as found: reproduces its mistakes on purpose",
  substituteFromVars: clusterSubstitutions,
  values: seedValues,
  patches: [
    // The chart sources at source.toolkit.fluxcd.io/v1beta2, deprecated since Flux v2.6 (home uses v1).
    replaceObject({ kind: "OCIRepository", name: `${v.name}-crds` }, ociRepositoryV1beta2({ metadata: { name: `${v.name}-crds` }, spec: chartSourceSpec(seedValues, v.chart.crdsName) })),
    replaceObject({ kind: "OCIRepository", name: v.name }, ociRepositoryV1beta2({ metadata: { name: v.name }, spec: chartSourceSpec(seedValues, v.chart.name) })),
    replaceObject({ kind: "TrafficPolicy", name: "prompt-guards" }, seedPromptGuards),
    replaceObject({ kind: "TrafficPolicy", name: "rate-limits" }, seedRateLimits),
    // §2.2 item 11: no timeouts on the route rules (the seed put them in the TrafficPolicy).
    patchObject<IHTTPRoute>(
      { kind: "HTTPRoute", name: "llm-routes" },
      { spec: { rules: (rules) => rules?.map(({ timeouts: _ignored, ...rule }) => rule) } },
    ),
    // §3: resources under `controller` (ignored by the chart); anti-affinity selecting the proxy pods.
    patchObject<IHelmRelease>(
      { kind: "HelmRelease", name: v.name },
      {
        spec: {
          values: replace({
            agentgateway: v.helmValues.agentgateway,
            controller: { ...v.helmValues.controller, resources: v.helmValues.resources },
            affinity: {
              podAntiAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [
                  { weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { "app.kubernetes.io/name": v.name } }, topologyKey: "kubernetes.io/hostname" } },
                ],
              },
            },
          }),
        },
      },
    ),
    restyleObject({ kind: "HelmRelease", name: v.name }, { "spec.values.controller.resources.*.*": { quote: "double" } }),
    // §4.4: Service annotations on Gateway.spec.infrastructure, which v2.1.2 never reads.
    patchObject<IGateway>(
      { kind: "Gateway", name: v.gateway.name },
      {
        spec: {
          infrastructure: replace({
            annotations: {
              "lbipam.cilium.io/ips": v.gateway.loadBalancerIP,
              "external-dns.alpha.kubernetes.io/hostname": v.gateway.hostname,
            },
          }),
        },
      },
    ),
    restyleObject({ kind: "Gateway", name: v.gateway.name }, { "spec.infrastructure.annotations.*": { quote: "double" } }),
    removeObject({ kind: "GatewayParameters", name: v.gateway.name }),
    // §4.3: a ServiceMonitor on a port the proxy Service does not have.
    renameFile(`${APP}/podmonitor.yaml`, `${APP}/servicemonitor.yaml`),
    replaceObject(
      { kind: "PodMonitor", name: v.name },
      serviceMonitor({
        metadata: { name: v.name },
        spec: {
          selector: { matchLabels: proxyLabels },
          endpoints: [{ port: "metrics", path: "/metrics", interval: v.monitoring.interval, scrapeTimeout: v.monitoring.scrapeTimeout }],
          namespaceSelector: { matchNames: [v.namespace] },
        },
      }),
    ),
    // §4.3: ports nothing listens on (8080), the controller's ports (9093, 9092), no xDS egress,
    // DNS over UDP only.
    patchObject<INetworkPolicy>(
      { kind: "NetworkPolicy", name: v.name },
      {
        spec: {
          ingress: [
            { from: [namespacePeer("network")], ports: [tcpPort(8080), tcpPort(443)] },
            { from: [{ ipBlock: { cidr: "10.0.0.0/8" } }], ports: [tcpPort(9093)] },
            { from: [namespacePeer("monitoring")], ports: [tcpPort(9092)] },
          ],
          egress: (egress) => [
            ...(egress ?? []).slice(0, 2),
            { to: [{ namespaceSelector: {} }], ports: [{ protocol: "UDP" as const, port: 53 }] },
          ],
        },
      },
    ),
  ],
});
