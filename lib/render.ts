// Render: environment → finished tree → validation → file texts, all in memory. Writing is the
// command's job (lib/render-cli.ts), so importers can render to strings and check them against a
// folder. The build without validation is lib/build.ts.

import { buildEnvironment, inEnvironment, type RenderedEnvironment } from "./build.ts";
import type { Environment } from "./environment.ts";
import { declaredExternals } from "./validate/externals.ts";
import { defaultSchemas, validateTree } from "./validate/index.ts";
import type { SchemaRegistry } from "./validate/schema.ts";

export { blockingErrors, emitTree, finishTree, type FinishOptions, type RenderedEnvironment } from "./build.ts";

export interface RenderOptions {
  /** Schemas besides the package's (a config's CRD sources); they win for the same kind. */
  readonly schemas?: SchemaRegistry | undefined;
  /** Objects outside the tree that references may name (the config's `externals`). */
  readonly externals?: readonly string[] | undefined;
}

/** Validates a built environment, with extra schemas winning over the package's for the same kind. */
export function validateEnvironment(env: Environment, tree: RenderedEnvironment["tree"], options: RenderOptions = {}): RenderedEnvironment["validation"] {
  const schemas = options.schemas === undefined ? defaultSchemas : { ...defaultSchemas, ...options.schemas };
  const externals = options.externals === undefined ? undefined : declaredExternals(options.externals);
  return inEnvironment(env, () => validateTree(env.name, tree, {
    substituteFromVars: env.substituteFromVars ?? {},
    canDeclareSources: env.declaresSubstituteFrom !== false,
    schemas,
    ...(externals && { externals }),
  }));
}

/** Builds, validates and emits one environment, in memory. Errors name the environment. */
export function renderEnvironment(env: Environment, options: RenderOptions = {}): RenderedEnvironment {
  const built = buildEnvironment(env);
  return { ...built, validation: validateEnvironment(env, built.tree, options) };
}
