// Core Kubernetes objects (the "" group, v1) an app folder holds beside its workloads.

import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { INamespace } from "kubernetes-models/v1/Namespace";
import type { IPersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import type { ISecret } from "kubernetes-models/v1/Secret";
import type { IService } from "kubernetes-models/v1/Service";
import type { IServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { builderFor } from "./builder.ts";

export type { IConfigMap, INamespace, IPersistentVolumeClaim, ISecret, IService, IServiceAccount };

export const namespace = builderFor<INamespace>("v1", "Namespace");
export const service = builderFor<IService>("v1", "Service");
export const configMap = builderFor<IConfigMap>("v1", "ConfigMap");
/** A Secret. Validation reports one in plain text unless it is SOPS-encrypted: prefer an ExternalSecret. */
export const secret = builderFor<ISecret>("v1", "Secret");
export const persistentVolumeClaim = builderFor<IPersistentVolumeClaim>("v1", "PersistentVolumeClaim");
export const serviceAccount = builderFor<IServiceAccount>("v1", "ServiceAccount");
