// Compile-time checks of the generated app-template values types (tsc runs this file; nothing
// executes it): what the chart's schema closes, a misspelt key does not compile; what it leaves
// open (the top level, a container's securityContext) takes any key; a Flux variable stands for
// a number or a boolean, as the validation rule lets it.

import { helmRelease, type AppTemplateController, type AppTemplatePersistence, type AppTemplateService, type AppTemplateValues } from "../lib/index.ts";

export const values: AppTemplateValues = {
  controllers: {
    main: {
      replicas: "${REPLICAS}",
      strategy: "RollingUpdate",
      containers: {
        app: {
          image: { repository: "ghcr.io/demo/app", tag: "1.0.0" },
          env: { TZ: "Etc/UTC", PORT: 8080 },
          probes: { liveness: { enabled: true, custom: true, spec: { httpGet: { path: "/healthz", port: 8080 } } } },
          securityContext: { readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
        },
      },
    },
  },
  service: { app: { ports: { http: { port: 8080 } } } },
  persistence: { config: { existingClaim: "demo" }, tmp: { type: "emptyDir" } },
};

export const misspelt: AppTemplateValues = {
  controllers: {
    main: {
      containers: {
        app: {
          // @ts-expect-error a container has securityContext, not securtyContext
          securtyContext: { readOnlyRootFilesystem: true },
        },
      },
    },
  },
};

export const controllers: AppTemplateController[] = [
  { type: "statefulset", statefulset: { podManagementPolicy: "Parallel" } },
  { type: "cronjob", cronjob: { schedule: "@daily" } },
  // @ts-expect-error a controller has replicas, not replica
  { replica: 2 },
  // @ts-expect-error a cronjob needs its schedule
  { type: "cronjob", cronjob: {} },
  // @ts-expect-error a container image is a closed object
  { containers: { app: { image: { repositry: "x" } } } },
  // @ts-expect-error replicas is a number, or a Flux variable, not any string
  { replicas: "two" },
];

export const services: AppTemplateService[] = [
  { controller: "main", ports: { http: { port: 80, protocol: "HTTP" } } },
  // @ts-expect-error a service port has protocol, not protocl
  { ports: { http: { port: 80, protocl: "TCP" } } },
  // @ts-expect-error the service type is one of the chart's enum
  { type: "ClusterIp" },
];

export const persistence: AppTemplatePersistence[] = [
  { type: "nfs", server: "nas", path: "/media", globalMounts: [{ path: "/media" }] },
  // @ts-expect-error persistence items have globalMounts, not globalMount
  { existingClaim: "demo", globalMount: [{ path: "/config" }] },
];

// The top level is open in the chart's schema (values templates may read any key).
export const openTop: AppTemplateValues = { anything: { goes: true } };

export const release = helmRelease<AppTemplateValues>({
  metadata: { name: "demo" },
  spec: {
    interval: "1h",
    chartRef: { kind: "OCIRepository", name: "demo" },
    // @ts-expect-error defaultPodOptions is closed: no hostNetwrk
    values: { defaultPodOptions: { hostNetwrk: true } },
  },
});
