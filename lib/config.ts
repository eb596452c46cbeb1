// fluxkit.config.ts: one file at the repository root that says what `fluxkit` renders and checks,
// found by walking up from the working directory (as cdk8s.yaml and jsonnetfile.json are).
//
//   import { defineConfig } from "@homeops/fluxkit";
//   import { home } from "./config/home.ts";
//   export default defineConfig({ environments: [home], schemas: ["crds/"] });

import type { Environment } from "./environment.ts";
import { didYouMean } from "./suggest.ts";

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
}

export const CONFIG_FILE = "fluxkit.config.ts";

const CONFIG_KEYS = ["environments", "schemas", "watch"];

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
  return config as unknown as FluxkitConfig;
}
