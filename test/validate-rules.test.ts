// Cross-object rules: home and staging are clean, the seed gets exactly the findings the facts
// file lists (../shared/reference/kgateway-v2.1.2-facts.md, cited by section), and each way of
// breaking home gets its own finding and nothing else.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { home, homeValues } from "../config/home.ts";
import { seed } from "../config/seed.ts";
import { staging } from "../config/staging.ts";
import { agentGatewayEnvironment, type AgentGatewayValues } from "../lib/apps/agentgateway/index.ts";
import type { KubeObject } from "../lib/document.ts";
import type { Environment } from "../lib/environment.ts";
import { untypedObject } from "../lib/k8s/builder.ts";
import type { IHelmRelease, IKustomization } from "../lib/k8s/flux.ts";
import type { IGateway, IHTTPRoute } from "../lib/k8s/gateway.ts";
import type { IBackend, ITrafficPolicy } from "../lib/k8s/kgateway.ts";
import type { IPodMonitor } from "../lib/k8s/monitoring.ts";
import type { INetworkPolicy, IPodDisruptionBudget } from "../lib/k8s/network.ts";
import type { IExternalSecret } from "../lib/k8s/secrets.ts";
import { merge, replace, type Overlay } from "../lib/merge.ts";
import { patchObject, putFile, removeObject, type TreePatch } from "../lib/patch.ts";
import { finishTree } from "../lib/render.ts";
import type { Finding, Severity } from "../lib/validate/findings.ts";
import { crossObjectRules, type CrossObjectOptions } from "../lib/validate/rules/index.ts";

const DECLARED: CrossObjectOptions = { substituteFromVars: { "Secret/cluster-secrets": ["SECRET_DOMAIN"] } };
const APP = "kubernetes/apps/ai-system/agentgateway/app";

function findings(env: Environment, options: CrossObjectOptions = DECLARED): Finding[] {
  return crossObjectRules(env.name, finishTree(env.build()), options);
}

/** `severity rule document path`, sorted: errors and warnings only, infos are allowed anywhere. */
function serious(list: readonly Finding[]): string[] {
  return list.filter((f) => f.severity !== "info").map((f) => `${f.severity} ${f.rule} ${f.document} ${f.path}`).sort();
}

type Expected = readonly [Severity, string, string, string];

function lines(expected: readonly Expected[]): string[] {
  return expected.map((e) => e.join(" ")).sort();
}

/** Home with object patches on top of its own. */
function homeWith(...patches: TreePatch[]): Environment {
  return agentGatewayEnvironment({ name: "broken", description: "home, broken on purpose", deploy: false, values: homeValues, patches });
}

/** Home with a values overlay. */
function homeValuesWith(overlay: Overlay<AgentGatewayValues>): Environment {
  return agentGatewayEnvironment({ name: "broken", description: "home, broken on purpose", deploy: false, values: merge(homeValues, overlay) });
}

// ── Clean environments ──────────────────────────────────────────────────────────────────────

for (const env of [home, staging]) {
  test(`${env.name}: no errors and no warnings`, () => {
    assert.equal(serious(findings(env)), []);
  });
}

test("every finding names its rule, place and fix", () => {
  for (const f of [...findings(home), ...findings(seed)]) {
    assert.ok(/^[a-z-]+\/[a-z-]+$/.test(f.rule), f.rule);
    assert.ok(f.env !== "" && f.file !== "" && f.document.includes("/") && f.message !== "" && f.fix !== "", JSON.stringify(f));
    assert.not.ok(f.fix.includes("\n"), "a fix is one line");
  }
});

// ── The seed: every non-schema problem of facts §2–4 ────────────────────────────────────────

const SEED: readonly Expected[] = [
  // §2.2 item 4: "Reject" is not REJECT; agentgateway compares exactly and masks instead.
  ["error", "kgateway/regex-action", "TrafficPolicy/prompt-guards", "spec.ai.promptGuard.request[0].regex.action"],
  // §2.2 item 4: "Mask" is not MASK; it masks only through the unsupported-action fallback.
  ["warning", "kgateway/regex-action", "TrafficPolicy/prompt-guards", "spec.ai.promptGuard.response[0].regex.action"],
  // §2.2 item 11: agentgateway ignores TrafficPolicy timeouts and retry (item 9: `timeout` is the seed's spelling).
  ["warning", "kgateway/ignored-field", "TrafficPolicy/rate-limits", "spec.timeout"],
  ["warning", "kgateway/ignored-field", "TrafficPolicy/rate-limits", "spec.retry"],
  // §3: controller.resources does not exist; the chart reads top-level resources.
  ["warning", "helm/unknown-value", "HelmRelease/agentgateway", "spec.values.controller.resources"],
  // §3 last row, §4.3: the chart's affinity applies to the controller but selects the proxy pods.
  ["warning", "selector/affinity-wrong-pods", "HelmRelease/agentgateway",
    "spec.values.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector"],
  // §4.2, §4.3: the proxy Service has only listener-<port> ports, no `metrics`.
  ["error", "monitor/service-port", "ServiceMonitor/agentgateway", "spec.endpoints[0].port"],
  // §4.3: nothing listens on 8080; 9093 and 9092 are the controller's health and metrics ports.
  ["error", "netpol/port-not-listening", "NetworkPolicy/agentgateway", "spec.ingress[0].ports[0].port"],
  ["error", "netpol/port-not-listening", "NetworkPolicy/agentgateway", "spec.ingress[1].ports[0].port"],
  ["error", "netpol/port-not-listening", "NetworkPolicy/agentgateway", "spec.ingress[2].ports[0].port"],
  // §4.3: proxy metrics 15020 from monitoring is missing.
  ["warning", "netpol/metrics-ingress", "NetworkPolicy/agentgateway", "spec.ingress"],
  // §4.3: LoadBalancer clients from outside the cluster: only namespace `network` is admitted on 443.
  ["warning", "netpol/lan-clients", "NetworkPolicy/agentgateway", "spec.ingress"],
  // §4.3: no egress to the controller's xDS port 9978 (10/8 is excepted from the internet rule).
  ["error", "netpol/xds-egress", "NetworkPolicy/agentgateway", "spec.egress"],
  // §4.3: DNS over UDP only.
  ["warning", "netpol/dns-tcp", "NetworkPolicy/agentgateway", "spec.egress[2].ports[0]"],
  // §4.3: minAvailable 1 over one proxy replica (the seed has no GatewayParameters).
  ["error", "pdb/blocks-drain", "PodDisruptionBudget/agentgateway", "spec.minAvailable"],
  // §4.4: v2.1.2 reads only parametersRef from spec.infrastructure.
  ["warning", "kgateway/ignored-field", "Gateway/agentgateway", "spec.infrastructure.annotations"],
];

test("seed: exactly the findings of facts §2–4 that are not schema problems", () => {
  assert.equal(serious(findings(seed)), lines(SEED));
});

test("seed: messages say what the facts say", () => {
  const byPath = new Map(findings(seed).map((f) => [`${f.rule} ${f.path}`, f]));
  assert.match(byPath.get("netpol/port-not-listening spec.ingress[1].ports[0].port")?.message ?? "", "9093 is the controller's health port");
  assert.match(byPath.get("netpol/port-not-listening spec.ingress[2].ports[0].port")?.fix ?? "", "use 15020, the proxy's metrics port");
  assert.match(byPath.get("netpol/xds-egress spec.egress")?.fix ?? "", "app.kubernetes.io/name=kgateway,app.kubernetes.io/instance=agentgateway");
  assert.match(byPath.get("helm/unknown-value spec.values.controller.resources")?.fix ?? "", "move it to spec.values.resources");
  assert.match(byPath.get("pdb/blocks-drain spec.minAvailable")?.message ?? "", "run 1 replica");
});

test("infos: apiVersion dropped by agentgateway, external dependency, TLS secret outside the tree", () => {
  const infos = findings(home).filter((f) => f.severity === "info").map((f) => `${f.rule} ${f.document} ${f.path}`);
  assert.ok(infos.includes("kgateway/ignored-field Backend/anthropic spec.ai.llm.anthropic.apiVersion"));
  assert.ok(infos.includes("kgateway/ignored-field Backend/gemini spec.ai.llm.gemini.apiVersion"));
  assert.ok(infos.includes("flux/depends-on-external Kustomization/agentgateway spec.dependsOn[1].name"));
  assert.ok(infos.includes("ref/tls-secret Gateway/agentgateway spec.listeners[1].tls.certificateRefs[0].name"));
});

// ── Home, broken one way at a time ──────────────────────────────────────────────────────────

const openaiSecretRefs: readonly Expected[] = [
  ["error", "ref/secret", "Backend/openai", "spec.ai.llm.openai.authToken.secretRef.name"],
  ["error", "ref/secret", "Backend/llm-failover", "spec.ai.priorityGroups[0].providers[0].openai.authToken.secretRef.name"],
  ["error", "ref/secret", "Backend/llm-failover", "spec.ai.priorityGroups[1].providers[0].openai.authToken.secretRef.name"],
];

const BREAKS: readonly { name: string; env: Environment; options?: CrossObjectOptions; expect: readonly Expected[] }[] = [
  {
    name: "a lower-case regex action",
    env: homeWith(
      patchObject<ITrafficPolicy>({ kind: "TrafficPolicy", name: "prompt-guards" }, { spec: { ai: { promptGuard: { request: { regex: { action: "reject" } } } } } }),
    ),
    expect: [["error", "kgateway/regex-action", "TrafficPolicy/prompt-guards", "spec.ai.promptGuard.request.regex.action"]],
  },
  {
    name: "a route to a missing Backend",
    env: homeWith(removeObject({ kind: "Backend", name: "gemini" })),
    expect: [["error", "ref/backend", "HTTPRoute/llm-routes", "spec.rules[2].backendRefs[0].name"]],
  },
  {
    name: "a PDB selector that matches no pod",
    env: homeWith(
      patchObject<IPodDisruptionBudget>({ kind: "PodDisruptionBudget", name: "agentgateway" }, { spec: { selector: { matchLabels: { "app.kubernetes.io/name": "agent-gateway" } } } }),
    ),
    expect: [["error", "selector/no-pods", "PodDisruptionBudget/agentgateway", "spec.selector"]],
  },
  {
    name: "a values key the chart lacks",
    env: homeWith(
      patchObject<IHelmRelease>({ kind: "HelmRelease", name: "agentgateway" }, { spec: { values: { controller: { resourcez: { limits: { cpu: "1" } } } } } }),
    ),
    expect: [["warning", "helm/unknown-value", "HelmRelease/agentgateway", "spec.values.controller.resourcez"]],
  },
  {
    name: "a sectionName the Gateway has no listener for",
    env: homeWith(patchObject<IHTTPRoute>({ kind: "HTTPRoute", name: "https-redirect" }, { spec: { parentRefs: [{ name: "agentgateway", sectionName: "htp" }] } })),
    expect: [["error", "ref/parent", "HTTPRoute/https-redirect", "spec.parentRefs[0].sectionName"]],
  },
  {
    name: "an undefined ${VAR}",
    env: homeWith(patchObject<IGateway>({ kind: "Gateway", name: "agentgateway" }, { metadata: { annotations: { "example.com/owner": "${UNDEFINED_VAR}" } } })),
    expect: [["error", "flux/undefined-var", "Gateway/agentgateway", 'metadata.annotations["example.com/owner"]']],
  },
  {
    name: "SECRET_DOMAIN not declared by cluster-secrets",
    env: home,
    options: { substituteFromVars: { "Secret/cluster-secrets": [] } },
    expect: [
      ["error", "flux/undefined-var", "Gateway/agentgateway", 'metadata.annotations["external-dns.alpha.kubernetes.io/target"]'],
      ["error", "flux/undefined-var", "GatewayParameters/agentgateway", 'spec.kube.service.extraAnnotations["external-dns.alpha.kubernetes.io/hostname"]'],
    ],
  },
  {
    name: "cluster-secrets' keys not declared at all",
    env: home,
    options: {},
    expect: [
      ["warning", "flux/unverified-var", "Gateway/agentgateway", 'metadata.annotations["external-dns.alpha.kubernetes.io/target"]'],
      ["warning", "flux/unverified-var", "GatewayParameters/agentgateway", 'spec.kube.service.extraAnnotations["external-dns.alpha.kubernetes.io/hostname"]'],
    ],
  },
  {
    name: "a PDB over a single proxy replica",
    env: homeValuesWith({ gateway: { proxy: { replicas: 1 } } }),
    expect: [["error", "pdb/blocks-drain", "PodDisruptionBudget/agentgateway", "spec.minAvailable"]],
  },
  {
    name: "a Backend secretRef no ExternalSecret makes",
    env: homeWith(
      patchObject<IBackend>({ kind: "Backend", name: "anthropic" }, { spec: { ai: { llm: { anthropic: { authToken: { secretRef: { name: "claude-secret" } } } } } } }),
    ),
    expect: [["error", "ref/secret", "Backend/anthropic", "spec.ai.llm.anthropic.authToken.secretRef.name"]],
  },
  {
    name: "an ExternalSecret whose template lacks Authorization",
    env: homeWith(
      patchObject<IExternalSecret>({ kind: "ExternalSecret", name: "openai-secret" }, { spec: { target: { template: { data: replace({ OPENAI_API_KEY: "{{ .OPENAI_API_KEY }}" }) } } } }),
    ),
    expect: openaiSecretRefs,
  },
  {
    name: "no xDS egress to the controller",
    env: homeWith(patchObject<INetworkPolicy>({ kind: "NetworkPolicy", name: "agentgateway" }, { spec: { egress: (egress) => egress?.slice(0, 3) } })),
    expect: [["error", "netpol/xds-egress", "NetworkPolicy/agentgateway", "spec.egress"]],
  },
  {
    name: "xDS egress to the controller's labels in the wrong namespace",
    env: homeWith(
      patchObject<INetworkPolicy>({ kind: "NetworkPolicy", name: "agentgateway" }, {
        spec: {
          egress: (egress) =>
            egress?.map((rule, i) => (i === 3 ? { ...rule, to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kgateway-system" } }, podSelector: rule.to?.[0]?.podSelector }] } : rule)),
        },
      }),
    ),
    expect: [["error", "netpol/xds-egress", "NetworkPolicy/agentgateway", "spec.egress"]],
  },
  {
    name: "xDS egress by podSelector alone while the controller runs in another namespace",
    env: homeWith(
      patchObject<IHelmRelease>({ kind: "HelmRelease", name: "agentgateway" }, { spec: { targetNamespace: "kgateway-system", releaseName: "agentgateway" } }),
    ),
    expect: [["error", "netpol/xds-egress", "NetworkPolicy/agentgateway", "spec.egress"]],
  },
  {
    name: "an ingress port only the controller listens on",
    env: homeWith(
      patchObject<INetworkPolicy>({ kind: "NetworkPolicy", name: "agentgateway" }, {
        spec: { ingress: (ingress) => ingress?.map((rule, i) => (i === 2 ? { ...rule, ports: [{ protocol: "TCP", port: 15020 }, { protocol: "TCP", port: 9093 }] } : rule)) },
      }),
    ),
    expect: [["error", "netpol/port-not-listening", "NetworkPolicy/agentgateway", "spec.ingress[2].ports[1].port"]],
  },
  {
    name: "DNS over UDP only",
    env: homeWith(
      patchObject<INetworkPolicy>({ kind: "NetworkPolicy", name: "agentgateway" }, {
        spec: { egress: (egress) => egress?.map((rule, i) => (i === 2 ? { ...rule, ports: rule.ports?.slice(0, 1) } : rule)) },
      }),
    ),
    expect: [["warning", "netpol/dns-tcp", "NetworkPolicy/agentgateway", "spec.egress[2].ports[0]"]],
  },
  {
    name: "no ingress from the LAN and none from monitoring",
    env: homeWith(patchObject<INetworkPolicy>({ kind: "NetworkPolicy", name: "agentgateway" }, { spec: { ingress: (ingress) => ingress?.slice(0, 1) } })),
    expect: [
      ["warning", "netpol/lan-clients", "NetworkPolicy/agentgateway", "spec.ingress"],
      ["warning", "netpol/metrics-ingress", "NetworkPolicy/agentgateway", "spec.ingress"],
    ],
  },
  {
    name: "a PodMonitor on a port name the proxy does not declare",
    env: homeWith(
      patchObject<IPodMonitor>({ kind: "PodMonitor", name: "agentgateway" }, { spec: { podMetricsEndpoints: (endpoints) => endpoints?.map((e) => ({ ...e, port: "http-metrics" })) } }),
    ),
    expect: [["error", "monitor/service-port", "PodMonitor/agentgateway", "spec.podMetricsEndpoints[0].port"]],
  },
  {
    name: "a TrafficPolicy timeout on an agentgateway route",
    env: homeWith(patchObject<ITrafficPolicy>({ kind: "TrafficPolicy", name: "rate-limits" }, { spec: { timeouts: { request: "60s" } } })),
    expect: [["warning", "kgateway/ignored-field", "TrafficPolicy/rate-limits", "spec.timeouts"]],
  },
  {
    name: "a TrafficPolicy target that does not exist",
    env: homeWith(
      patchObject<ITrafficPolicy>({ kind: "TrafficPolicy", name: "rate-limits" }, { spec: { targetRefs: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "llm-route" }] } }),
    ),
    expect: [["error", "ref/policy-target", "TrafficPolicy/rate-limits", "spec.targetRefs[0].name"]],
  },
  {
    name: "a missing GatewayParameters (and so one proxy replica under the PDB)",
    env: homeWith(removeObject({ kind: "GatewayParameters", name: "agentgateway" })),
    expect: [
      ["error", "ref/parameters", "Gateway/agentgateway", "spec.infrastructure.parametersRef.name"],
      ["error", "pdb/blocks-drain", "PodDisruptionBudget/agentgateway", "spec.minAvailable"],
    ],
  },
  {
    name: "a chartRef to a missing OCIRepository (and so no controller pods known)",
    env: homeWith(patchObject<IHelmRelease>({ kind: "HelmRelease", name: "agentgateway" }, { spec: { chartRef: { name: "kgateway" } } })),
    expect: [["error", "ref/chart", "HelmRelease/agentgateway", "spec.chartRef.name"]],
  },
  {
    name: "a Flux path that is not a folder of the tree",
    env: homeWith(patchObject<IKustomization>({ kind: "Kustomization", name: "agentgateway-crds" }, { spec: { path: "./kubernetes/apps/ai-system/agentgateway/crd" } })),
    expect: [["error", "ref/flux-path", "Kustomization/agentgateway-crds", "spec.path"]],
  },
  {
    name: "the agentgateway class without agentgateway.enabled",
    env: homeValuesWith({ helmValues: { agentgateway: { enabled: false } } }),
    expect: [["error", "kgateway/gateway-class", "Gateway/agentgateway", "spec.gatewayClassName"]],
  },
];

for (const { name, env, options, expect } of BREAKS) {
  test(`home broken: ${name}`, () => {
    assert.equal(serious(findings(env, options)), lines(expect));
  });
}

// ── Semantics the breaks above do not pin down ──────────────────────────────────────────────

test("Flux defaults, escapes and objects that switch substitution off need no definition", () => {
  const env = homeWith(
    patchObject<IGateway>({ kind: "Gateway", name: "agentgateway" }, {
      metadata: { annotations: { "example.com/a": "${OWNER:=me}", "example.com/b": "${OWNER:-me}", "example.com/c": "$${OWNER}" } },
    }),
    patchObject<IHTTPRoute>({ kind: "HTTPRoute", name: "llm-routes" }, {
      metadata: { annotations: { "kustomize.toolkit.fluxcd.io/substitute": "disabled", "example.com/owner": "${OWNER}" } },
    }),
  );
  assert.equal(serious(findings(env)), []);
});

test("a folder's kustomization.yaml must list exactly the folder's files", () => {
  const tree = new Map(finishTree(home.build()));
  const path = `${APP}/kustomization.yaml`;
  const file = tree.get(path);
  const doc = file?.documents[0];
  assert.ok(file && doc);
  const listed = (doc.object as KubeObject & { resources: string[] }).resources;
  const resources = [...listed.filter((name) => name !== "pdb.yaml"), "missing.yaml"];
  const object: KubeObject & { resources: string[] } = { ...doc.object, resources };
  tree.set(path, { ...file, documents: [{ ...doc, object }] });
  assert.equal(
    serious(crossObjectRules("home", tree, DECLARED)),
    lines([
      ["error", "ref/flux-path", "Kustomization/(unnamed)", "resources"],
      ["error", "ref/flux-path", "Kustomization/(unnamed)", `resources[${resources.length - 1}]`],
    ]),
  );
});

test("matchExpressions select as the API server does", () => {
  const withExpression = (operator: "In" | "NotIn", value: string) =>
    homeWith(
      patchObject<IPodDisruptionBudget>({ kind: "PodDisruptionBudget", name: "agentgateway" }, {
        spec: { selector: replace({ matchExpressions: [{ key: "gateway.networking.k8s.io/gateway-name", operator, values: [value] }] }) },
      }),
    );
  assert.equal(serious(findings(withExpression("In", "agentgateway"))), []);
  assert.equal(serious(findings(withExpression("In", "agent-gateway"))), lines([["error", "selector/no-pods", "PodDisruptionBudget/agentgateway", "spec.selector"]]));
  // NotIn also selects pods without the label: here the two controller replicas, which a PDB may hold.
  assert.equal(serious(findings(withExpression("NotIn", "agentgateway"))), []);
});

test("an ipBlock reaches the controller only if it keeps every private range", () => {
  const xdsTo = (ipBlock: { cidr: string; except?: string[] }) =>
    homeWith(
      patchObject<INetworkPolicy>({ kind: "NetworkPolicy", name: "agentgateway" }, {
        spec: { egress: (egress) => egress?.map((rule, i) => (i === 3 ? { ...rule, to: [{ ipBlock }] } : rule)) },
      }),
    );
  assert.equal(serious(findings(xdsTo({ cidr: "0.0.0.0/0" }))), []);
  assert.equal(
    serious(findings(xdsTo({ cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] }))),
    lines([["error", "netpol/xds-egress", "NetworkPolicy/agentgateway", "spec.egress"]]),
  );
  assert.equal(serious(findings(xdsTo({ cidr: "10.0.0.0/8" }))), lines([["error", "netpol/xds-egress", "NetworkPolicy/agentgateway", "spec.egress"]]));
});

test("a route in another namespace may not attach to a listener that admits only its own", () => {
  const route: KubeObject & Record<string, unknown> = {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: { name: "elsewhere", namespace: "other" },
    spec: { parentRefs: [{ name: "agentgateway", namespace: "ai-system", sectionName: "http" }, { name: "agentgateway", namespace: "ai-system", sectionName: "https" }] },
  };
  const env = homeWith(putFile("kubernetes/apps/other/route.yaml", [untypedObject(route)]));
  assert.equal(serious(findings(env)), lines([["error", "ref/parent", "HTTPRoute/elsewhere", "spec.parentRefs[0]"]]));
});

test("a selector in a namespace with workloads the rules do not model is only an info", () => {
  const deployment: KubeObject & Record<string, unknown> = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "sidecar" },
    spec: { selector: { matchLabels: { app: "sidecar" } }, template: { metadata: { labels: { app: "sidecar" } } } },
  };
  const env = homeWith(
    putFile(`${APP}/sidecar.yaml`, [untypedObject(deployment)]),
    patchObject<IPodDisruptionBudget>({ kind: "PodDisruptionBudget", name: "agentgateway" }, { spec: { selector: { matchLabels: { app: "sidecar" } } } }),
  );
  const found = findings(env).filter((f) => f.rule === "selector/no-pods");
  assert.equal(found.map((f) => `${f.severity} ${f.path}`), ["info spec.selector"]);
});

test("two copies of the app in two namespaces stay clean: lookups are per namespace", () => {
  const twin = merge(homeValues, { namespace: "ai-twin" });
  const env = homeWith((tree) => new Map([...tree, ...agentGatewayEnvironment({ name: "twin", description: "", deploy: false, values: twin }).build()]));
  assert.equal(serious(findings(env)), []);
});

test.run();
