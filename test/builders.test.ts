// The typed builders stamp the apiVersion and kind they name, built-in kinds built with them
// validate with no finding (their schemas come from npm run import-model-schemas), and the
// AgentGateway chart sources are OCIRepository v1 everywhere but in the seed baseline.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { home } from "../config/home.ts";
import { seed } from "../config/seed.ts";
import { staging } from "../config/staging.ts";
import * as k8s from "../lib/index.ts";
import type { Document, DocumentOptions } from "../lib/document.ts";
import { renderEnvironment } from "../lib/render.ts";
import { fileTree } from "../lib/tree.ts";
import { validateTree } from "../lib/validate/index.ts";

/** Any builder: each takes its own kind's data, so the table calls them with casts. */
type AnyBuilder = (data: never, options?: DocumentOptions) => Document;

// Every builder lib/k8s adds for what real repositories hold, with the apiVersion and kind it must write.
const STAMPS: ReadonlyArray<[name: string, build: AnyBuilder, apiVersion: string, kind: string]> = [
  ["namespace", k8s.namespace, "v1", "Namespace"],
  ["service", k8s.service, "v1", "Service"],
  ["configMap", k8s.configMap, "v1", "ConfigMap"],
  ["secret", k8s.secret, "v1", "Secret"],
  ["persistentVolumeClaim", k8s.persistentVolumeClaim, "v1", "PersistentVolumeClaim"],
  ["serviceAccount", k8s.serviceAccount, "v1", "ServiceAccount"],
  ["deployment", k8s.deployment, "apps/v1", "Deployment"],
  ["statefulSet", k8s.statefulSet, "apps/v1", "StatefulSet"],
  ["daemonSet", k8s.daemonSet, "apps/v1", "DaemonSet"],
  ["job", k8s.job, "batch/v1", "Job"],
  ["cronJob", k8s.cronJob, "batch/v1", "CronJob"],
  ["role", k8s.role, "rbac.authorization.k8s.io/v1", "Role"],
  ["clusterRole", k8s.clusterRole, "rbac.authorization.k8s.io/v1", "ClusterRole"],
  ["roleBinding", k8s.roleBinding, "rbac.authorization.k8s.io/v1", "RoleBinding"],
  ["clusterRoleBinding", k8s.clusterRoleBinding, "rbac.authorization.k8s.io/v1", "ClusterRoleBinding"],
  ["ociRepository", k8s.ociRepository, "source.toolkit.fluxcd.io/v1", "OCIRepository"],
  ["ociRepositoryV1beta2", k8s.ociRepositoryV1beta2, "source.toolkit.fluxcd.io/v1beta2", "OCIRepository"],
  ["gitRepository", k8s.gitRepository, "source.toolkit.fluxcd.io/v1", "GitRepository"],
  ["helmRepository", k8s.helmRepository, "source.toolkit.fluxcd.io/v1", "HelmRepository"],
  ["provider", k8s.provider, "notification.toolkit.fluxcd.io/v1beta3", "Provider"],
  ["alert", k8s.alert, "notification.toolkit.fluxcd.io/v1beta3", "Alert"],
  ["receiver", k8s.receiver, "notification.toolkit.fluxcd.io/v1", "Receiver"],
  ["gatewayClass", k8s.gatewayClass, "gateway.networking.k8s.io/v1", "GatewayClass"],
  ["grpcRoute", k8s.grpcRoute, "gateway.networking.k8s.io/v1", "GRPCRoute"],
  ["tlsRoute", k8s.tlsRoute, "gateway.networking.k8s.io/v1", "TLSRoute"],
  ["tcpRoute", k8s.tcpRoute, "gateway.networking.k8s.io/v1alpha2", "TCPRoute"],
  ["referenceGrant", k8s.referenceGrant, "gateway.networking.k8s.io/v1", "ReferenceGrant"],
  ["referenceGrantV1beta1", k8s.referenceGrantV1beta1, "gateway.networking.k8s.io/v1beta1", "ReferenceGrant"],
  ["secretStore", k8s.secretStore, "external-secrets.io/v1", "SecretStore"],
  ["clusterSecretStore", k8s.clusterSecretStore, "external-secrets.io/v1", "ClusterSecretStore"],
  ["clusterExternalSecret", k8s.clusterExternalSecret, "external-secrets.io/v1", "ClusterExternalSecret"],
  ["pushSecret", k8s.pushSecret, "external-secrets.io/v1alpha1", "PushSecret"],
  ["prometheusRule", k8s.prometheusRule, "monitoring.coreos.com/v1", "PrometheusRule"],
  ["probe", k8s.probe, "monitoring.coreos.com/v1", "Probe"],
  ["scrapeConfig", k8s.scrapeConfig, "monitoring.coreos.com/v1alpha1", "ScrapeConfig"],
];

test("every builder stamps its apiVersion and kind first, then the data as given", () => {
  for (const [name, build, apiVersion, kind] of STAMPS) {
    const doc = build({ metadata: { name: "x" } } as never, { comment: "c" });
    assert.equal(Object.keys(doc.object), ["apiVersion", "kind", "metadata"], name);
    assert.is(doc.object.apiVersion, apiVersion, name);
    assert.is(doc.object.kind, kind, name);
    assert.is(doc.comment, "c", name);
  }
});

test("helmRelease stamps helm.toolkit.fluxcd.io/v2 and keeps values as given", () => {
  const doc = k8s.helmRelease<k8s.KgatewayChartValues>({ metadata: { name: "r" }, spec: { interval: "1h", values: { controller: { replicaCount: 2 } }, valuesFrom: undefined } });
  assert.equal(doc.object, { apiVersion: "helm.toolkit.fluxcd.io/v2", kind: "HelmRelease", metadata: { name: "r" }, spec: { interval: "1h", values: { controller: { replicaCount: 2 } } } });
});

const APP = "kubernetes/apps/demo/web/app";
const labels = { "app.kubernetes.io/name": "web" };

/** A small app of built-in kinds, as a home-ops repository writes one. */
function webApp() {
  return fileTree([
    [`${APP}/namespace.yaml`, [k8s.namespace({ metadata: { name: "demo" } })]],
    [`${APP}/configmap.yaml`, [k8s.configMap({ metadata: { name: "web", namespace: "demo" }, data: { "index.html": "<h1>hi</h1>" } })]],
    [
      `${APP}/deployment.yaml`,
      [
        k8s.deployment({
          metadata: { name: "web", namespace: "demo" },
          spec: {
            replicas: 2,
            selector: { matchLabels: labels },
            template: {
              metadata: { labels },
              spec: {
                containers: [
                  {
                    name: "web",
                    image: "ghcr.io/example/web:1.0.0",
                    ports: [{ name: "http", containerPort: 8080 }],
                    volumeMounts: [{ name: "html", mountPath: "/srv" }],
                  },
                ],
                volumes: [{ name: "html", configMap: { name: "web" } }],
              },
            },
          },
        }),
      ],
    ],
    [`${APP}/service.yaml`, [k8s.service({ metadata: { name: "web", namespace: "demo" }, spec: { selector: labels, ports: [{ name: "http", port: 80, targetPort: "http" }] } })]],
  ]);
}

test("a Namespace, ConfigMap, Deployment and Service built with builders validate with no finding", () => {
  const report = validateTree("test", webApp());
  assert.is(report.documents, 4);
  assert.equal(report.findings.map((f) => `${f.rule} ${f.document} ${f.path}: ${f.message}`), []);
});

test("every core builder's kind has a schema: no schema/unknown-kind warning", () => {
  const builtIn = /^(v1|apps\/v1|batch\/v1|rbac\.authorization\.k8s\.io\/v1)$/;
  const core = STAMPS.filter(([, , apiVersion]) => builtIn.test(apiVersion));
  assert.is(core.length, 15);
  const tree = fileTree(core.map(([name, build]) => [`${APP}/${name}.yaml`, [build({ metadata: { name: name.toLowerCase() } } as never)]] as const));
  const unknown = validateTree("test", tree).findings.filter((f) => f.rule === "schema/unknown-kind");
  assert.equal(unknown.map((f) => f.document), []);
});

test("the built-in schemas are strict: a misspelt field is an error", () => {
  const tree = fileTree([
    [`${APP}/deployment.yaml`, [k8s.deployment({ metadata: { name: "web" }, spec: { selector: { matchLabels: labels }, template: { spec: { containers: [{ name: "web", imagePullPolicy: "Always", imag: "x" } as never] } } } })]],
    [`${APP}/namespace.yaml`, [k8s.namespace({ metadata: { name: "demo" }, spec: { finalizer: ["kubernetes"] } } as never)]],
  ]);
  const unknown = validateTree("test", tree).findings.filter((f) => f.rule === "schema/unknown-field");
  assert.equal(unknown.map((f) => `${f.document} ${f.path}`).sort(), ["Deployment/web spec.template.spec.containers[0]", "Namespace/demo spec"]);
});

const CHART_SOURCES = ["kubernetes/apps/ai-system/agentgateway/app/ocirepository.yaml", "kubernetes/apps/ai-system/agentgateway/crds/ocirepository.yaml"];

test("the AgentGateway chart sources are OCIRepository v1 in home and staging, v1beta2 in the seed", () => {
  for (const [env, apiVersion] of [[home, "source.toolkit.fluxcd.io/v1"], [staging, "source.toolkit.fluxcd.io/v1"], [seed, "source.toolkit.fluxcd.io/v1beta2"]] as const) {
    const tree = renderEnvironment(env).tree;
    for (const path of CHART_SOURCES) {
      const objects = tree.get(path)?.documents.map((d) => d.object) ?? [];
      assert.equal(objects.map((o) => `${o.apiVersion} ${o.kind}`), [`${apiVersion} OCIRepository`], `${env.name} ${path}`);
    }
  }
});

test.run();
