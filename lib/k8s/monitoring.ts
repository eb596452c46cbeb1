// Prometheus Operator (monitoring.coreos.com/v1).

import { PodMonitor, type IPodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor";
import { ServiceMonitor, type IServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import { builderFor } from "./builder.ts";

export type { IPodMonitor, IServiceMonitor };

export const serviceMonitor = builderFor<IServiceMonitor>(ServiceMonitor);
export const podMonitor = builderFor<IPodMonitor>(PodMonitor);
