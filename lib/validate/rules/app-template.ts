// HelmRelease values of the bjw-s app-template chart against the chart's own values schema
// (lib/models/app-template, generated from app-template 5.1.0's values.schema.json). Helm
// validates values against that schema before rendering and fails the install or upgrade on any
// error, so each one is an error here: a misspelt key (a container's `securtyContext`), a wrong
// type, a persistence item of no known kind. The schema leaves the top level open, so a misspelt
// top-level key passes Helm and passes here.

import { appTemplateValuesSchemaJson } from "../../models/app-template/schema.ts";
import { fieldPath, finding, type Finding } from "../findings.ts";
import { validateValues, type ValuesSchemaBundle } from "../json-schema.ts";
import type { RuleContext } from "./context.ts";
import { dig, text } from "./read.ts";
import { FLUX_SOURCE_GROUP, groupKind, KIND, type LocatedObject, type TreeIndex } from "./tree-index.ts";

export const APP_TEMPLATE_RULE = "helm/app-template-values";

const OCI_REPOSITORY = groupKind(FLUX_SOURCE_GROUP, "OCIRepository");
const CHART = "app-template";

let schema: ValuesSchemaBundle | undefined;

/** Parsed on first use: a tree without an app-template release never pays for it. */
function appTemplateSchema(): ValuesSchemaBundle {
  schema ??= JSON.parse(appTemplateValuesSchemaJson) as ValuesSchemaBundle;
  return schema;
}

/**
 * Whether a HelmRelease deploys app-template: `spec.chart.spec.chart: app-template` (a
 * HelmRepository chart), or `spec.chartRef` to an OCIRepository of the tree whose `spec.url` ends
 * in `/app-template`. A chartRef to an object outside the tree cannot be told apart and is not
 * checked.
 */
export function deploysAppTemplate(release: LocatedObject, index: TreeIndex): boolean {
  if (text(dig(release.object, "spec", "chart", "spec", "chart")) === CHART) return true;
  if (text(dig(release.object, "spec", "chartRef", "kind")) !== "OCIRepository") return false;
  const name = text(dig(release.object, "spec", "chartRef", "name"));
  const namespace = text(dig(release.object, "spec", "chartRef", "namespace")) ?? release.namespace;
  const repository = name === undefined ? undefined : index.get(OCI_REPOSITORY, namespace, name);
  return text(dig(repository?.object, "spec", "url"))?.replace(/\/+$/, "").endsWith(`/${CHART}`) ?? false;
}

/** The findings of one app-template release's values. */
export function appTemplateValueFindings(release: LocatedObject): Finding[] {
  const values = dig(release.object, "spec", "values");
  if (values === undefined) return [];
  return validateValues(values, appTemplateSchema()).map((issue) =>
    finding(release.at, APP_TEMPLATE_RULE, "error", fieldPath(["spec", "values", ...issue.path]), `app-template values: ${issue.message}`, issue.fix),
  );
}

export function appTemplateValueRules({ index }: Pick<RuleContext, "index">): Finding[] {
  return index
    .ofKind(KIND.helmRelease)
    .filter((release) => deploysAppTemplate(release, index))
    .flatMap(appTemplateValueFindings);
}
