// RBAC (rbac.authorization.k8s.io/v1).

import type { IClusterRole } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole";
import type { IClusterRoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding";
import type { IRole } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
import type { IRoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";
import { builderFor } from "./builder.ts";

export type { IClusterRole, IClusterRoleBinding, IRole, IRoleBinding };

export const role = builderFor<IRole>("rbac.authorization.k8s.io/v1", "Role");
export const clusterRole = builderFor<IClusterRole>("rbac.authorization.k8s.io/v1", "ClusterRole");
export const roleBinding = builderFor<IRoleBinding>("rbac.authorization.k8s.io/v1", "RoleBinding");
export const clusterRoleBinding = builderFor<IClusterRoleBinding>("rbac.authorization.k8s.io/v1", "ClusterRoleBinding");
