// Prometheus Operator (monitoring.coreos.com/v1).

import type { IPodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor";
import type { IServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import { builderFor } from "./builder.ts";

export type { IPodMonitor, IServiceMonitor };

export const serviceMonitor = builderFor<IServiceMonitor>("monitoring.coreos.com/v1", "ServiceMonitor");
export const podMonitor = builderFor<IPodMonitor>("monitoring.coreos.com/v1", "PodMonitor");
