// Type-level tests for the builders: `tsc -p .` fails if an accepted call stops type-checking or
// a `@ts-expect-error` line stops being an error. Nothing here runs.

import { helmRelease, ociRepository, ociRepositoryV1beta2 } from "../lib/k8s/flux.ts";
import { configMap, namespace } from "../lib/k8s/core.ts";
import { deployment } from "../lib/k8s/workloads.ts";
import type { KgatewayChartValues } from "../lib/models/kgateway/chart-values.ts";

// A chart's values type checks spec.values.
helmRelease<KgatewayChartValues>({ metadata: { name: "kgateway" }, spec: { interval: "1h", values: { controller: { replicaCount: 2, logLevel: "info" } } } });
// @ts-expect-error: "replicas" is not a key of the kgateway chart's controller values.
helmRelease<KgatewayChartValues>({ metadata: { name: "kgateway" }, spec: { interval: "1h", values: { controller: { replicas: 2 } } } });
// @ts-expect-error: a misspelt top-level values key.
helmRelease<KgatewayChartValues>({ metadata: { name: "kgateway" }, spec: { interval: "1h", values: { controler: {} } } });
// @ts-expect-error: a value of the wrong type.
helmRelease<KgatewayChartValues>({ metadata: { name: "kgateway" }, spec: { interval: "1h", values: { controller: { replicaCount: "2" } } } });

// Without a type argument, any values object (and none) is accepted, as before.
helmRelease({ metadata: { name: "podinfo" }, spec: { interval: "1h", values: { replicaCount: 1, ui: { color: "#fff" } } } });
helmRelease({ metadata: { name: "podinfo" }, spec: { interval: "1h" } });
// The result's values keep the chart's type.
const release = helmRelease<KgatewayChartValues>({ metadata: { name: "kgateway" }, spec: { interval: "1h", values: { controller: { replicaCount: 2 } } } });
const replicas: number | undefined = release.object.spec?.values?.controller?.replicaCount;
void replicas;
// @ts-expect-error: the fields around values stay the model's.
helmRelease({ metadata: { name: "r" }, spec: { intervall: "1h" } });

// The builders stamp apiVersion and kind: the data may not set them.
// @ts-expect-error: apiVersion is not part of a builder's data.
ociRepository({ apiVersion: "source.toolkit.fluxcd.io/v1beta2", metadata: { name: "x" } });
const v1: "source.toolkit.fluxcd.io/v1" = ociRepository({ metadata: { name: "x" } }).object.apiVersion;
const v1beta2: "source.toolkit.fluxcd.io/v1beta2" = ociRepositoryV1beta2({ metadata: { name: "x" } }).object.apiVersion;
void v1;
void v1beta2;

// Core builders are typed by kubernetes-models.
namespace({ metadata: { name: "demo" } });
configMap({ metadata: { name: "web" }, data: { key: "value" } });
// @ts-expect-error: ConfigMap data holds strings.
configMap({ metadata: { name: "web" }, data: { port: 8080 } });
// @ts-expect-error: a Deployment needs a selector and a template.
deployment({ metadata: { name: "web" }, spec: { replicas: 1 } });
