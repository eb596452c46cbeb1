// HelmRelease values the kgateway chart does not have. The chart has no values.schema.json at
// v2.1.2, so Helm accepts any key and the templates silently ignore the unknown ones (facts §3);
// the chart's own defaults (chartDefaults) say which keys exist.

import { chartDefaults } from "../../models/kgateway/chart-values.ts";
import { fieldPath, finding, type Finding } from "../findings.ts";
import type { RuleContext } from "./context.ts";
import { dig, record } from "./read.ts";
import type { LocatedObject } from "./tree-index.ts";

/** String maps with non-empty defaults that the chart passes through as they are. */
const OPEN_MAPS: ReadonlySet<string> = new Set(["podAnnotations"]);

/**
 * Whether anything below the key is accepted: lists, maps whose default is `{}` (affinity,
 * resources, nodeSelector, securityContext, extraEnv, strategy, …) and OPEN_MAPS, which the
 * templates hand to Kubernetes whole.
 */
function isOpen(path: string, defaultValue: unknown): boolean {
  const map = record(defaultValue);
  return Array.isArray(defaultValue) || (map !== undefined && Object.keys(map).length === 0) || OPEN_MAPS.has(path);
}

/** Every key of the chart's values by its last segment, to say where a misplaced key belongs. */
const PATHS_BY_KEY: ReadonlyMap<string, readonly string[]> = (() => {
  const paths = new Map<string, string[]>();
  const walk = (value: unknown, prefix: string): void => {
    for (const [key, child] of Object.entries(record(value) ?? {})) {
      const path = prefix === "" ? key : `${prefix}.${key}`;
      paths.set(key, [...(paths.get(key) ?? []), path]);
      if (!isOpen(path, child)) walk(child, path);
    }
  };
  walk(chartDefaults, "");
  return paths;
})();

function unknownKeys(release: LocatedObject, values: unknown, defaults: unknown, path: readonly string[]): Finding[] {
  const known = record(defaults) ?? {};
  return Object.entries(record(values) ?? {}).flatMap(([key, value]) => {
    const here = [...path, key];
    const dotted = here.join(".");
    if (Object.hasOwn(known, key)) return isOpen(dotted, known[key]) ? [] : unknownKeys(release, value, known[key], here);
    const elsewhere = (PATHS_BY_KEY.get(key) ?? []).map((p) => (p === key ? "at the top level" : `at ${p}`));
    return [finding(release.at, "helm/unknown-value", "warning", fieldPath(["spec", "values", ...here]),
      `the kgateway chart has no value ${dotted} and ignores it${elsewhere.length > 0 ? `; it reads ${key} ${elsewhere.join(" and ")}` : ""}`,
      elsewhere.length > 0 ? `move it to spec.values.${PATHS_BY_KEY.get(key)?.[0]}` : `remove it (see the chart's values.yaml for the keys it reads)`)];
  });
}

/** Values of every kgateway-chart release (the controller pod groups' owners). */
export function helmValueRules({ pods }: RuleContext): Finding[] {
  return pods.groups
    .filter((g) => g.component === "controller")
    .flatMap((g) => unknownKeys(g.owner, dig(g.owner.object, "spec", "values"), chartDefaults, []));
}
