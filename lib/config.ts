// fluxkit.config.ts: one file at the repository root that says what `fluxkit` renders and checks,
// found by walking up from the working directory (as cdk8s.yaml and jsonnetfile.json are).
//
//   import { defineConfig } from "@homeops/fluxkit";
//   import { home } from "./config/home.ts";
//   export default defineConfig({ environments: [home], schemas: ["crds/"] });

import type { Environment } from "./environment.ts";
import { didYouMean } from "./suggest.ts";
import { parseExternal } from "./validate/externals.ts";
import { severityConfigProblem, suppressionConfigProblem, type SeverityOverrides, type SuppressionConfig } from "./validate/suppress.ts";

export interface FluxkitConfig {
  /** Every environment, in render order; `deploy: true` ones are rendered when none is named. */
  readonly environments: readonly Environment[];
  /**
   * CRD files or folders (relative to the config's folder) whose schemas validate every
   * environment, e.g. CRDs a chart installs that the package does not know.
   */
  readonly schemas?: readonly string[];
  /**
   * Folders (relative to the config's folder) whose changes `render --watch` renders again for,
   * besides every file the config imports.
   */
  readonly watch?: readonly string[];
  /**
   * Findings that are wrong here, each with its reason (lib/validate/suppress.ts):
   * `{ rule: "ref/backend", object: "HTTPRoute/echo", reason: "the Service comes from the chart" }`.
   */
  readonly suppress?: readonly SuppressionConfig[];
  /** Severity per rule id or pattern: `{ "flux/unverified-var": "info", "schema/*": "error", "secret/x": "off" }`. */
  readonly severity?: SeverityOverrides;
  /**
   * Objects outside the tree that references may name, as `Kind/namespace/name` or `Kind/name`
   * (any namespace), `*` allowed in names: `["Secret/flux-system/cluster-secrets", "Gateway/network/external"]`.
   */
  readonly externals?: readonly string[];
}

export const CONFIG_FILE = "fluxkit.config.ts";

const CONFIG_KEYS = ["environments", "schemas", "watch", "suppress", "severity", "externals"];

/** The config, checked as far as types cannot check it (a config written in plain JavaScript). */
export function defineConfig(config: FluxkitConfig): FluxkitConfig {
  return checkConfig(config, CONFIG_FILE);
}

/** Throws, naming `file` and the field, unless `value` is a config. */
export function checkConfig(value: unknown, file: string): FluxkitConfig {
  const fail = (message: string): never => {
    throw new Error(`${file}: ${message}`);
  };
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return fail("the default export must be the config: export default defineConfig({ environments: [...] })");
  }
  const config = value as Record<string, unknown>;
  for (const key of Object.keys(config)) {
    if (!CONFIG_KEYS.includes(key)) fail(`unknown field ${JSON.stringify(key)}${didYouMean(key, CONFIG_KEYS)}; known: ${CONFIG_KEYS.join(", ")}`);
  }
  if (!Array.isArray(config.environments)) return fail("environments must be a list of environments (defineEnvironment({...}))");
  const names = new Set<string>();
  config.environments.forEach((env: unknown, i) => {
    const name = (env as Partial<Environment> | null)?.name;
    if (typeof name !== "string" || typeof (env as Partial<Environment>).build !== "function") {
      fail(`environments[${i}] is not an environment: build it with defineEnvironment({ name, description, deploy, build })`);
    }
    if (names.has(name!)) fail(`environments[${i}]: the name ${JSON.stringify(name)} is used twice`);
    names.add(name!);
  });
  for (const key of ["schemas", "watch"] as const) {
    const list = config[key];
    if (list !== undefined && (!Array.isArray(list) || list.some((item) => typeof item !== "string"))) fail(`${key} must be a list of paths`);
  }
  if (config.suppress !== undefined) {
    if (!Array.isArray(config.suppress)) fail("suppress must be a list of { rule, reason, file?, object?, path?, env? }");
    (config.suppress as unknown[]).forEach((entry, i) => {
      const problem = suppressionConfigProblem(entry, `suppress[${i}]`);
      if (problem !== undefined) fail(problem);
    });
  }
  if (config.severity !== undefined) {
    const problem = severityConfigProblem(config.severity);
    if (problem !== undefined) fail(problem);
  }
  if (config.externals !== undefined) {
    if (!Array.isArray(config.externals)) fail(`externals must be a list of "Kind/namespace/name" or "Kind/name"`);
    (config.externals as unknown[]).forEach((entry, i) => {
      if (typeof entry !== "string") fail(`externals[${i}] must be a string "Kind/namespace/name" or "Kind/name"`);
      try {
        parseExternal(entry as string);
      } catch (error) {
        fail(`externals[${i}]: ${(error as Error).message}`);
      }
    });
  }
  return config as unknown as FluxkitConfig;
}
