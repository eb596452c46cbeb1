// Prometheus Operator (monitoring.coreos.com/v1).

import { PodMonitor, ServiceMonitor, type IPodMonitor, type IServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";
import { builderFor } from "./builder.ts";

export type { IPodMonitor, IServiceMonitor };

export const serviceMonitor = builderFor<IServiceMonitor>(ServiceMonitor);
export const podMonitor = builderFor<IPodMonitor>(PodMonitor);
