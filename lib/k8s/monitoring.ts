// Prometheus Operator (monitoring.coreos.com): v1, and ScrapeConfig at v1alpha1, its only version.

import type { IPodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor";
import type { IProbe } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/Probe";
import type { IPrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";
import type { IServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import type { IScrapeConfig } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1alpha1/ScrapeConfig";
import { builderFor } from "./builder.ts";

export type { IPodMonitor, IProbe, IPrometheusRule, IScrapeConfig, IServiceMonitor };

export const serviceMonitor = builderFor<IServiceMonitor>("monitoring.coreos.com/v1", "ServiceMonitor");
export const podMonitor = builderFor<IPodMonitor>("monitoring.coreos.com/v1", "PodMonitor");
export const prometheusRule = builderFor<IPrometheusRule>("monitoring.coreos.com/v1", "PrometheusRule");
export const probe = builderFor<IProbe>("monitoring.coreos.com/v1", "Probe");
export const scrapeConfig = builderFor<IScrapeConfig>("monitoring.coreos.com/v1alpha1", "ScrapeConfig");
