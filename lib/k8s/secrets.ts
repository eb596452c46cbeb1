// External Secrets Operator (external-secrets.io): v1, and PushSecret at v1alpha1, its only version.

import type { IClusterExternalSecret } from "@kubernetes-models/external-secrets/external-secrets.io/v1/ClusterExternalSecret";
import type { IClusterSecretStore } from "@kubernetes-models/external-secrets/external-secrets.io/v1/ClusterSecretStore";
import type { IExternalSecret } from "@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret";
import type { ISecretStore } from "@kubernetes-models/external-secrets/external-secrets.io/v1/SecretStore";
import type { IPushSecret } from "@kubernetes-models/external-secrets/external-secrets.io/v1alpha1/PushSecret";
import { builderFor } from "./builder.ts";

export type { IClusterExternalSecret, IClusterSecretStore, IExternalSecret, IPushSecret, ISecretStore };

export const externalSecret = builderFor<IExternalSecret>("external-secrets.io/v1", "ExternalSecret");
export const clusterExternalSecret = builderFor<IClusterExternalSecret>("external-secrets.io/v1", "ClusterExternalSecret");
export const secretStore = builderFor<ISecretStore>("external-secrets.io/v1", "SecretStore");
export const clusterSecretStore = builderFor<IClusterSecretStore>("external-secrets.io/v1", "ClusterSecretStore");
export const pushSecret = builderFor<IPushSecret>("external-secrets.io/v1alpha1", "PushSecret");
