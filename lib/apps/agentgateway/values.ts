// The AgentGateway app's values: everything a cluster may choose. One object, composed per
// environment as `merge(base, overlay)`. Every name two objects share (the Gateway name in
// selectors and parentRefs, a Backend name in routes, a secret name in a Backend) appears here
// once and is derived everywhere else by the component.

import type { JsonObject } from "../../json.ts";
import type { Overlay } from "../../merge.ts";
import type { KgatewayChartValues } from "../../models/kgateway/chart-values.ts";

export interface FluxSourceRef {
  kind: "GitRepository" | "OCIRepository" | "Bucket";
  name: string;
  namespace: string;
}

export interface NamespacedName {
  name: string;
  namespace: string;
}

/** An LLM provider served through its own Backend and route prefix. */
export interface ProviderValues {
  /** Model requested from the provider. */
  model: string;
  /** Secret (made by an ExternalSecret) whose `Authorization` key holds the API key. */
  secretName: string;
  /** Field of the secret-store item that holds this provider's API key. */
  apiKeyField: string;
}

export interface AnthropicValues extends ProviderValues {
  apiVersion: string;
}

export interface GeminiValues extends ProviderValues {
  apiVersion: string;
}

/** A soft anti-affinity across nodes. */
export interface PreferredAntiAffinity {
  weight: number;
  topologyKey: string;
}

/** A provider inside a failover priority group, by the kind of API it speaks. */
export interface FailoverProvider {
  provider: "openai" | "anthropic";
  model: string;
}

export interface AgentGatewayValues {
  /** The app's name: the Flux Kustomization, chart source and HelmRelease are named after it. */
  name: string;
  /** Namespace the app is deployed to; the app folder is kubernetes/apps/<namespace>/<name>. */
  namespace: string;

  chart: {
    /** OCI registry holding both charts. */
    registry: string;
    /** The controller chart and the CRD chart in that registry. */
    name: string;
    crdsName: string;
    /** The chart tag; one value for both charts. */
    version: string;
    /** How often Flux checks the registry. */
    interval: string;
  };

  flux: {
    interval: string;
    retryInterval: string;
    timeout: string;
    sourceRef: FluxSourceRef;
    /** Flux Kustomizations the app waits for, besides its own CRDs. */
    dependsOn: NamespacedName[];
    /** Secret with cluster-wide variables for `${VAR}` substitution. */
    clusterSecretsName: string;
    /** How often the HelmReleases reconcile. */
    helmInterval: string;
  };

  /** Values passed to the kgateway chart (typed from the chart's own values.yaml). */
  helmValues: KgatewayChartValues;

  /** Spread the controller replicas across nodes; absent: no anti-affinity (one replica). */
  controllerAntiAffinity?: PreferredAntiAffinity;

  secrets: {
    store: { kind: "ClusterSecretStore" | "SecretStore"; name: string };
    /** The secret-store item (1Password item) holding every API key. */
    item: string;
    /** Name of the secret that carries all API keys under their own field names. */
    allKeysSecretName: string;
  };

  gateway: {
    name: string;
    className: string;
    /** Public hostname, usually with a Flux variable: `ai.${SECRET_DOMAIN}`. */
    hostname: string;
    /** LoadBalancer IP requested from Cilium LB IPAM. Cluster-specific: no default. */
    loadBalancerIP: string;
    /** Secret with the TLS certificate for the HTTPS listener. Cluster-specific: no default. */
    tlsSecretName: string;
    /** Proxy pods kgateway runs for the Gateway. */
    proxy: {
      replicas: number;
      /** Spread the proxy replicas across nodes; absent: no anti-affinity. */
      antiAffinity?: PreferredAntiAffinity;
    };
    /**
     * Gatus endpoint settings for the gatus.home-operations.com/endpoint annotation; the
     * endpoint's group is the namespace.
     */
    gatus: JsonObject;
  };

  providers: {
    openai: ProviderValues;
    anthropic: AnthropicValues;
    gemini: GeminiValues;
  };

  /** An OpenAI-compatible LiteLLM Service in the cluster, reached as a static host. */
  litellm: { service: string; namespace: string; port: number };

  failover: {
    name: string;
    /** Priority groups in order; each maps a provider name to its provider and model. */
    priorityGroups: Record<string, Record<string, FailoverProvider>>;
  };

  promptGuard: {
    /** Regex patterns that block a request, by name. */
    rejectPatterns: Record<string, string>;
    /** Message returned when a request is blocked. */
    rejectMessage: string;
    /** Built-in detectors whose matches are masked in responses. */
    maskBuiltins: Array<"SSN" | "CREDIT_CARD" | "PHONE_NUMBER" | "EMAIL">;
  };

  rateLimit: { maxTokens: number; tokensPerFill: number; fillInterval: string };

  /**
   * Per-request timeout of the LLM routes, on the HTTPRoute rules: agentgateway ignores
   * TrafficPolicy timeouts at v2.1.2. (Retries need Gateway API's experimental channel.)
   */
  requests: { timeout: string };

  /** Who may reach the proxy, besides what it needs itself. */
  network: {
    /** Namespace of in-cluster clients (the ingress controllers). */
    clientNamespace: string;
    /** LAN ranges whose clients reach the Gateway through its LoadBalancer IP. */
    lanCidrs: string[];
    /** Namespace of Prometheus, which scrapes the proxy's metrics. */
    monitoringNamespace: string;
  };

  /** Proxy pods that keep serving through voluntary disruptions; absent: no PodDisruptionBudget. */
  disruptionBudget?: { minAvailable: number };

  monitoring: { interval: string; scrapeTimeout: string };
}

/** What each cluster must supply; `base` leaves these to the environments. */
export interface AgentGatewayClusterValues {
  gateway: Pick<AgentGatewayValues["gateway"], "loadBalancerIP" | "tlsSecretName">;
}

/** An environment's overlay on `base`: any change, and the cluster values, which are required. */
export type AgentGatewayOverlay = Overlay<AgentGatewayValues> & AgentGatewayClusterValues;
