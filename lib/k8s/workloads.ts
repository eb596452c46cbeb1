// Workloads: apps/v1 controllers and batch/v1 jobs.

import type { IDaemonSet } from "kubernetes-models/apps/v1/DaemonSet";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IStatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import type { ICronJob } from "kubernetes-models/batch/v1/CronJob";
import type { IJob } from "kubernetes-models/batch/v1/Job";
import { builderFor } from "./builder.ts";

export type { ICronJob, IDaemonSet, IDeployment, IJob, IStatefulSet };

export const deployment = builderFor<IDeployment>("apps/v1", "Deployment");
export const statefulSet = builderFor<IStatefulSet>("apps/v1", "StatefulSet");
export const daemonSet = builderFor<IDaemonSet>("apps/v1", "DaemonSet");
export const job = builderFor<IJob>("batch/v1", "Job");
export const cronJob = builderFor<ICronJob>("batch/v1", "CronJob");
