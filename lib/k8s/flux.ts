// Flux CD: Kustomization (kustomize.toolkit.fluxcd.io/v1), the sources (source.toolkit.fluxcd.io/v1),
// HelmRelease (helm.toolkit.fluxcd.io/v2) and the notification kinds (Provider and Alert in
// notification.toolkit.fluxcd.io/v1beta3, Receiver in v1): the versions Flux v2.6+ serves as
// current, and the ones real home-ops repositories write.

import type { ModelData } from "@kubernetes-models/base";
import type { IHelmRelease } from "@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2/HelmRelease";
import type { IKustomization } from "@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1/Kustomization";
import type { IReceiver } from "@kubernetes-models/flux-cd/notification.toolkit.fluxcd.io/v1/Receiver";
import type { IAlert } from "@kubernetes-models/flux-cd/notification.toolkit.fluxcd.io/v1beta3/Alert";
import type { IProvider } from "@kubernetes-models/flux-cd/notification.toolkit.fluxcd.io/v1beta3/Provider";
import type { IGitRepository } from "@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/GitRepository";
import type { IHelmRepository } from "@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/HelmRepository";
import type { IOCIRepository } from "@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/OCIRepository";
import type { IOCIRepository as IOCIRepositoryV1beta2 } from "@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1beta2/OCIRepository";
import type { Document, DocumentOptions } from "../document.ts";
import type { JsonObject } from "../json.ts";
import type { Style } from "../yaml/style.ts";
import { builderFor } from "./builder.ts";

export type { IAlert, IGitRepository, IHelmRelease, IHelmRepository, IKustomization, IOCIRepository, IOCIRepositoryV1beta2, IProvider, IReceiver };

export const fluxKustomization = builderFor<IKustomization>("kustomize.toolkit.fluxcd.io/v1", "Kustomization");

export const ociRepository = builderFor<IOCIRepository>("source.toolkit.fluxcd.io/v1", "OCIRepository");
/**
 * OCIRepository as source-controller served it before v1 (Flux < 2.6): deprecated, and no longer
 * served by the CRD of Flux v2.9 (source-controller v1.9.1). Kept for trees that must reproduce it,
 * such as the seed baseline.
 */
export const ociRepositoryV1beta2 = builderFor<IOCIRepositoryV1beta2>("source.toolkit.fluxcd.io/v1beta2", "OCIRepository");
export const gitRepository = builderFor<IGitRepository>("source.toolkit.fluxcd.io/v1", "GitRepository");
export const helmRepository = builderFor<IHelmRepository>("source.toolkit.fluxcd.io/v1", "HelmRepository");

export const provider = builderFor<IProvider>("notification.toolkit.fluxcd.io/v1beta3", "Provider");
export const alert = builderFor<IAlert>("notification.toolkit.fluxcd.io/v1beta3", "Alert");
export const receiver = builderFor<IReceiver>("notification.toolkit.fluxcd.io/v1", "Receiver");

type HelmReleaseSpec = NonNullable<IHelmRelease["spec"]>;

/** A HelmRelease whose `spec.values` is typed by the chart: `Values`. */
export interface IHelmReleaseOf<Values> extends Omit<IHelmRelease, "spec"> {
  spec?: Omit<HelmReleaseSpec, "values"> & { values?: Values };
}

/** What `helmRelease` takes: the object without apiVersion and kind. */
export type HelmReleaseData<Values> = Omit<ModelData<IHelmRelease>, "spec"> & { spec?: IHelmReleaseOf<Values>["spec"] };

const buildHelmRelease = builderFor<IHelmRelease>("helm.toolkit.fluxcd.io/v2", "HelmRelease");

/**
 * A HelmRelease. Name the chart's values type to have `spec.values` checked against it:
 * `helmRelease<KgatewayChartValues>({...})` rejects a misspelt values key at compile time. Without
 * a type argument, `Values` is what `spec.values` holds (any JSON object when there is none).
 */
export function helmRelease<Values extends object = JsonObject>(data: HelmReleaseData<Values>, options?: DocumentOptions): Document<IHelmReleaseOf<Values>> {
  // The model types values as an empty interface (apiextensions JSON): every object fits it.
  return buildHelmRelease(data as ModelData<IHelmRelease>, options) as Document<IHelmReleaseOf<Values>>;
}

/**
 * How home-ops repositories write an app's ks.yaml: the name and namespace are anchored once and
 * aliased wherever they recur, and the path is double-quoted. An alias is written only where the
 * value equals the anchored one, so the style fits every app's Kustomizations.
 */
export const APP_KUSTOMIZATION_STYLE: Style = {
  "metadata.name": { anchor: "app" },
  "metadata.namespace": { anchor: "namespace" },
  'spec.commonMetadata.labels["app.kubernetes.io/name"]': { alias: "app" },
  "spec.targetNamespace": { alias: "namespace" },
  "spec.path": { quote: "double" },
  "spec.dependsOn[*].namespace": { alias: "namespace" },
  "spec.postBuild.substitute.*": { alias: "app" },
};

/** A Flux Kustomization's `spec.path` for a folder of the repository tree. */
export function fluxPath(folder: string): string {
  return `./${folder}`;
}

/** The folder a Flux Kustomization's `spec.path` points at, relative to the repository root. */
export function folderOfFluxPath(path: string): string {
  return path.replace(/^\.\//, "").replace(/\/+$/, "");
}
