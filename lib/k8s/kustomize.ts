// kustomize's own kustomization.yaml (kustomize.config.k8s.io/v1beta1). No model package covers
// it; the fields we write are typed here.

import { document, type Document, type DocumentOptions } from "../document.ts";

export interface IKustomizeKustomization {
  apiVersion: "kustomize.config.k8s.io/v1beta1";
  kind: "Kustomization";
  metadata?: { name?: string };
  namespace?: string;
  resources?: string[];
  components?: string[];
  patches?: Array<{ path?: string; patch?: string; target?: Record<string, string> }>;
  [field: string]: unknown;
}

export const KUSTOMIZE_API_VERSION = "kustomize.config.k8s.io/v1beta1";

export function kustomizeKustomization(
  data: Omit<IKustomizeKustomization, "apiVersion" | "kind">,
  options?: DocumentOptions,
): Document<IKustomizeKustomization> {
  return document({ apiVersion: KUSTOMIZE_API_VERSION, kind: "Kustomization", ...data }, options);
}
