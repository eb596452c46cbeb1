// What a Flux HelmRelease installs: its chart source, chart name, release name and namespace.

import { dig, record, text } from "./read.ts";
import { FLUX_SOURCE_GROUP, groupKind, type LocatedObject, type TreeIndex } from "./tree-index.ts";

/** The OCIRepository or HelmChart that `spec.chartRef` names, in its namespace (the release's by default). */
export function chartRefTarget(release: LocatedObject): { kind: string; namespace: string; name: string } | undefined {
  const ref = record(dig(release.object, "spec", "chartRef"));
  const kind = text(ref?.kind);
  const name = text(ref?.name);
  if (kind === undefined || name === undefined) return undefined;
  return { kind: groupKind(FLUX_SOURCE_GROUP, kind), namespace: text(ref?.namespace) ?? release.namespace, name };
}

/**
 * The chart's name: the last segment of the chartRef OCIRepository's URL, a chartRef HelmChart's
 * spec.chart, or an inline spec.chart.spec.chart. Undefined when the source is not in the tree.
 */
export function releaseChart(release: LocatedObject, index: TreeIndex): string | undefined {
  const inline = text(dig(release.object, "spec", "chart", "spec", "chart"));
  if (inline !== undefined) return inline;
  const ref = chartRefTarget(release);
  const source = ref && index.get(ref.kind, ref.namespace, ref.name);
  if (source === undefined) return undefined;
  const url = text(dig(source.object, "spec", "url"));
  return url !== undefined ? url.replace(/\/+$/, "").split("/").pop() : text(dig(source.object, "spec", "chart"));
}

/** Where the chart's objects go: spec.targetNamespace, else the release's own namespace. */
export function releaseNamespace(release: LocatedObject): string {
  return text(dig(release.object, "spec", "targetNamespace")) ?? release.namespace;
}

/** The Helm release name: spec.releaseName, else Flux's default `[targetNamespace-]name`. */
export function releaseName(release: LocatedObject): string {
  const targetNamespace = text(dig(release.object, "spec", "targetNamespace"));
  return text(dig(release.object, "spec", "releaseName")) ?? (targetNamespace ? `${targetNamespace}-${release.name}` : release.name);
}
