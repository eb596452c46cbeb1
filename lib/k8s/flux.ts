// Flux CD: Kustomization (kustomize.toolkit.fluxcd.io/v1), OCIRepository
// (source.toolkit.fluxcd.io/v1beta2, as the seed uses) and HelmRelease (helm.toolkit.fluxcd.io/v2).

import type { IHelmRelease } from "@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2/HelmRelease";
import type { IKustomization } from "@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1/Kustomization";
import type { IOCIRepository } from "@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1beta2/OCIRepository";
import { builderFor } from "./builder.ts";

export type { IHelmRelease, IKustomization, IOCIRepository };

export const fluxKustomization = builderFor<IKustomization>("kustomize.toolkit.fluxcd.io/v1", "Kustomization");
export const ociRepository = builderFor<IOCIRepository>("source.toolkit.fluxcd.io/v1beta2", "OCIRepository");
export const helmRelease = builderFor<IHelmRelease>("helm.toolkit.fluxcd.io/v2", "HelmRelease");

/** A Flux Kustomization's `spec.path` for a folder of the repository tree. */
export function fluxPath(folder: string): string {
  return `./${folder}`;
}

/** The folder a Flux Kustomization's `spec.path` points at, relative to the repository root. */
export function folderOfFluxPath(path: string): string {
  return path.replace(/^\.\//, "").replace(/\/+$/, "");
}
