// Flux CD: Kustomization (kustomize.toolkit.fluxcd.io/v1), OCIRepository
// (source.toolkit.fluxcd.io/v1beta2, as the seed uses) and HelmRelease (helm.toolkit.fluxcd.io/v2).

import type { IHelmRelease } from "@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2/HelmRelease";
import type { IKustomization } from "@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1/Kustomization";
import type { IOCIRepository } from "@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1beta2/OCIRepository";
import type { Style } from "../yaml/style.ts";
import { builderFor } from "./builder.ts";

export type { IHelmRelease, IKustomization, IOCIRepository };

export const fluxKustomization = builderFor<IKustomization>("kustomize.toolkit.fluxcd.io/v1", "Kustomization");
export const ociRepository = builderFor<IOCIRepository>("source.toolkit.fluxcd.io/v1beta2", "OCIRepository");
export const helmRelease = builderFor<IHelmRelease>("helm.toolkit.fluxcd.io/v2", "HelmRelease");

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
