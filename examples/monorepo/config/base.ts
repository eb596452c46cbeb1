// What every cluster of this repository shares. Cluster-specific values have no default:
// `required()` makes leaving them out of a cluster's overlay a compile error (the overlay types
// demand them) and a render error naming the field.

import { required, type AgentGatewayValues } from "@homeops/fluxkit";
import type { PodinfoValues } from "../apps/podinfo.ts";

const flux = {
  interval: "30m",
  sourceRef: { kind: "GitRepository" as const, name: "flux-system", namespace: "flux-system" },
  dependsOn: [{ name: "external-secrets-stores", namespace: "security" }],
  clusterSecretsName: "cluster-secrets",
};
const secretStore = { kind: "ClusterSecretStore" as const, name: "onepassword" };

export const agentGatewayBase: AgentGatewayValues = {
  name: "agentgateway",
  namespace: "ai-system",
  chart: { registry: "oci://cr.kgateway.dev/kgateway-dev/charts", name: "kgateway", crdsName: "kgateway-crds", version: "v2.1.2", interval: "12h" },
  flux: { ...flux, retryInterval: "1m", timeout: "3m", helmInterval: "1h" },
  helmValues: {
    agentgateway: { enabled: true },
    controller: { replicaCount: 2, logLevel: "info", image: { pullPolicy: "IfNotPresent" } },
    resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
  },
  controllerAntiAffinity: { weight: 100, topologyKey: "kubernetes.io/hostname" },
  secrets: { store: secretStore, item: "agentgateway", allKeysSecretName: "llm-provider-secrets" },
  gateway: {
    name: "agentgateway",
    className: "agentgateway",
    hostname: "ai.${SECRET_DOMAIN}",
    loadBalancerIP: required("the LoadBalancer IP Cilium LB IPAM gives the Gateway"),
    tlsSecretName: required("the Secret holding the Gateway's TLS certificate"),
    proxy: { replicas: 2, antiAffinity: { weight: 100, topologyKey: "kubernetes.io/hostname" } },
    gatus: { guarded: true },
  },
  providers: {
    openai: { model: "gpt-4o", secretName: "openai-secret", apiKeyField: "OPENAI_API_KEY" },
    anthropic: { model: "claude-3-5-sonnet-20241022", apiVersion: "2023-06-01", secretName: "anthropic-secret", apiKeyField: "ANTHROPIC_API_KEY" },
    gemini: { model: "gemini-2.5-flash-lite", apiVersion: "v1beta", secretName: "google-secret", apiKeyField: "GOOGLE_AI_API_KEY" },
  },
  litellm: { service: "litellm", namespace: "ai", port: 4000 },
  failover: {
    name: "llm-failover",
    priorityGroups: { economy: { "gpt-4o-mini": { provider: "openai", model: "gpt-4o-mini" } } },
  },
  promptGuard: {
    rejectPatterns: { "prompt-injection": "ignore.*previous.*instructions" },
    rejectMessage: "Request blocked due to policy violation",
    maskBuiltins: ["CREDIT_CARD", "EMAIL"],
  },
  rateLimit: { maxTokens: 100, tokensPerFill: 10, fillInterval: "1s" },
  requests: { timeout: "60s" },
  network: { clientNamespace: "network", lanCidrs: ["192.168.0.0/16"], monitoringNamespace: "observability" },
  disruptionBudget: { minAvailable: 1 },
  monitoring: { interval: "30s", scrapeTimeout: "10s" },
};

export const podinfoBase: PodinfoValues = {
  name: "podinfo",
  namespace: "default",
  chart: { url: "oci://ghcr.io/stefanprodan/charts/podinfo", version: "6.8.0", interval: "12h" },
  flux,
  replicas: 2,
  ui: { message: required("the greeting on podinfo's page"), color: "#34577c" },
  resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "128Mi" } },
  secret: { store: secretStore, item: "podinfo" },
};
