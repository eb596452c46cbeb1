// An environment is one cluster's (or one baseline's) complete file tree, built from typed
// values and patches. Environments are plain data plus a pure function; nothing is read from the
// process environment, so a render never depends on who runs it.

import type { FileTree } from "./tree.ts";

export interface Environment {
  readonly name: string;
  /** One line for `--help` and summaries. */
  readonly description: string;
  /** Whether `npm run render` without `--env` renders it (false for baselines like `seed`). */
  readonly deploy: boolean;
  /** The environment's file tree before kustomization.yaml files and headers are derived. */
  readonly build: () => FileTree;
}

export function defineEnvironment(env: Environment): Environment {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(env.name)) {
    throw new Error(`environment name ${JSON.stringify(env.name)}: use lower-case letters, digits and dashes`);
  }
  return env;
}
