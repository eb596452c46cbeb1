// Defaults for the AgentGateway app: a complete, working deployment on kgateway v2.1.2 in the
// home-ops layout. Repositories start from here and overlay what their clusters choose. The two
// values every cluster must supply (the LoadBalancer IP, the TLS secret) have no default:
// leaving them out is a compile error in an AgentGatewayOverlay and a render error naming the field.

import { KGATEWAY_VERSION } from "../../k8s/kgateway-runtime.ts";
import { required } from "../../required.ts";
import type { AgentGatewayValues } from "./values.ts";

export const agentGatewayDefaults: AgentGatewayValues = {
  name: "agentgateway",
  namespace: "ai-system",
  chart: {
    registry: "oci://cr.kgateway.dev/kgateway-dev/charts",
    name: "kgateway",
    crdsName: "kgateway-crds",
    version: KGATEWAY_VERSION,
    interval: "12h",
  },
  flux: {
    interval: "30m",
    retryInterval: "1m",
    timeout: "3m",
    sourceRef: { kind: "GitRepository", name: "flux-system", namespace: "flux-system" },
    dependsOn: [{ name: "external-secrets-stores", namespace: "security" }],
    clusterSecretsName: "cluster-secrets",
    helmInterval: "1h",
  },
  helmValues: {
    agentgateway: { enabled: true },
    controller: {
      replicaCount: 2,
      logLevel: "info",
      image: { pullPolicy: "IfNotPresent" },
    },
    resources: {
      requests: { cpu: "100m", memory: "128Mi" },
      limits: { cpu: "500m", memory: "512Mi" },
    },
  },
  controllerAntiAffinity: { weight: 100, topologyKey: "kubernetes.io/hostname" },
  secrets: {
    store: { kind: "ClusterSecretStore", name: "onepassword" },
    item: "agentgateway",
    allKeysSecretName: "llm-provider-secrets",
  },
  gateway: {
    name: "agentgateway",
    className: "agentgateway",
    hostname: "ai.${SECRET_DOMAIN}",
    loadBalancerIP: required("the LoadBalancer IP Cilium LB IPAM gives the Gateway"),
    tlsSecretName: required("the Secret holding the Gateway's TLS certificate"),
    proxy: { replicas: 2, antiAffinity: { weight: 100, topologyKey: "kubernetes.io/hostname" } },
    gatus: { guarded: true, ui: { "hide-hostname": true, "hide-url": true } },
  },
  providers: {
    openai: { model: "gpt-4", secretName: "openai-secret", apiKeyField: "OPENAI_API_KEY" },
    anthropic: {
      model: "claude-3-5-sonnet-20241022",
      apiVersion: "2023-06-01",
      secretName: "anthropic-secret",
      apiKeyField: "ANTHROPIC_API_KEY",
    },
    gemini: {
      model: "gemini-2.5-flash-lite",
      apiVersion: "v1beta",
      secretName: "google-secret",
      apiKeyField: "GOOGLE_AI_API_KEY",
    },
  },
  litellm: { service: "litellm", namespace: "ai", port: 4000 },
  failover: {
    name: "llm-failover",
    priorityGroups: {
      economy: {
        "gpt-3.5": { provider: "openai", model: "gpt-3.5-turbo" },
        "claude-haiku": { provider: "anthropic", model: "claude-3-5-haiku-20241022" },
      },
      premium: {
        "gpt-4": { provider: "openai", model: "gpt-4" },
      },
    },
  },
  promptGuard: {
    rejectPatterns: {
      "prompt-injection-1": "ignore.*previous.*instructions",
      "prompt-injection-2": "(?i)forget.*everything",
    },
    rejectMessage: "Request blocked due to policy violation",
    maskBuiltins: ["CREDIT_CARD", "EMAIL", "SSN"],
  },
  rateLimit: { maxTokens: 100, tokensPerFill: 10, fillInterval: "1s" },
  requests: { timeout: "60s" },
  network: { clientNamespace: "network", lanCidrs: ["10.0.0.0/8"], monitoringNamespace: "monitoring" },
  disruptionBudget: { minAvailable: 1 },
  monitoring: { interval: "30s", scrapeTimeout: "10s" },
};
