// An app of this repository: podinfo, from its OCI chart, in the home-ops layout
// (kubernetes/apps/<namespace>/podinfo/{ks.yaml,app/}). Values in, file tree out; the
// app/kustomization.yaml is derived from the tree by the renderer.

import { APP_KUSTOMIZATION_STYLE, externalSecret, fileTree, fluxKustomization, fluxPath, helmRelease, ociRepository, type FileTree, type Overlay } from "@homeops/fluxkit";

export interface PodinfoValues {
  name: string;
  namespace: string;
  chart: { url: string; version: string; interval: string };
  flux: {
    interval: string;
    sourceRef: { kind: "GitRepository"; name: string; namespace: string };
    /** Flux Kustomizations the app waits for (the secret stores). */
    dependsOn: { name: string; namespace: string }[];
    /** Secret with cluster-wide variables for `${VAR}` substitution. */
    clusterSecretsName: string;
  };
  replicas: number;
  ui: { message: string; color: string };
  resources: { requests: { cpu: string; memory: string }; limits?: { memory: string } };
  /** The secret-store item whose `API_TOKEN` field becomes the pods' PODINFO_API_TOKEN. */
  secret: { store: { kind: "ClusterSecretStore" | "SecretStore"; name: string }; item: string };
}

export type PodinfoOverlay = Overlay<PodinfoValues>;

export function podinfo(v: PodinfoValues): FileTree {
  const root = `kubernetes/apps/${v.namespace}/${v.name}`;
  const secretName = `${v.name}-secret`;
  return fileTree([
    [
      `${root}/ks.yaml`,
      [
        fluxKustomization(
          {
            metadata: { name: v.name, namespace: v.namespace },
            spec: {
              commonMetadata: { labels: { "app.kubernetes.io/name": v.name } },
              targetNamespace: v.namespace,
              interval: v.flux.interval,
              path: fluxPath(`${root}/app`),
              prune: true,
              wait: false,
              sourceRef: { ...v.flux.sourceRef },
              dependsOn: v.flux.dependsOn.map((d) => ({ ...d })),
              postBuild: { substituteFrom: [{ kind: "Secret", name: v.flux.clusterSecretsName }], substitute: { APP: v.name } },
            },
          },
          { style: APP_KUSTOMIZATION_STYLE },
        ),
      ],
    ],
    [
      `${root}/app/ocirepository.yaml`,
      [ociRepository({ metadata: { name: v.name }, spec: { interval: v.chart.interval, url: v.chart.url, ref: { tag: v.chart.version } } })],
    ],
    [
      `${root}/app/helmrelease.yaml`,
      [
        helmRelease(
          {
            metadata: { name: v.name },
            spec: {
              interval: "1h",
              chartRef: { kind: "OCIRepository", name: v.name },
              install: { remediation: { retries: 3 } },
              upgrade: { cleanupOnFail: true, remediation: { retries: 3, strategy: "rollback" } },
              values: {
                replicaCount: v.replicas,
                ui: { ...v.ui },
                resources: v.resources,
                extraEnvs: [{ name: "PODINFO_API_TOKEN", valueFrom: { secretKeyRef: { name: secretName, key: "API_TOKEN" } } }],
              },
            },
          },
          { style: { "spec.values.*": { blankLineBefore: true }, "spec.values.replicaCount": { blankLineBefore: false }, "spec.values.ui.color": { quote: "double" } } },
        ),
      ],
    ],
    [
      `${root}/app/externalsecret.yaml`,
      [
        externalSecret(
          {
            metadata: { name: secretName },
            spec: {
              secretStoreRef: { ...v.secret.store },
              target: { name: secretName, template: { data: { API_TOKEN: "{{ .API_TOKEN }}" } } },
              dataFrom: [{ extract: { key: v.secret.item } }],
            },
          },
          { style: { "metadata.name": { anchor: "name" }, "spec.target.name": { alias: "name" } } },
        ),
      ],
    ],
  ]);
}
