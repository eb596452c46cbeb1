// An environment is one cluster's (or one baseline's) complete file tree, built from typed
// values and patches. Environments are plain data plus a pure function; nothing is read from the
// process environment, so a render never depends on who runs it.

import type { EditorSchemaUrl, FileTree } from "./tree.ts";

export interface Environment {
  readonly name: string;
  /** One line for `--help` and summaries. */
  readonly description: string;
  /** Whether `npm run render` without `--env` renders it (false for baselines like `seed`). */
  readonly deploy: boolean;
  /** The environment's file tree before kustomization.yaml files and headers are derived. */
  readonly build: () => FileTree;
  /**
   * Variables each Flux `postBuild.substituteFrom` source of this cluster provides, keyed
   * `Kind/name` (`Secret/cluster-secrets: ["SECRET_DOMAIN"]`), so every `${VAR}` can be checked.
   */
  readonly substituteFromVars?: Readonly<Record<string, readonly string[]>>;
  /**
   * Whether `substituteFromVars` is where this environment declares its sources' keys (the
   * default). An imported tree sets false until someone does: a `${VAR}` only an undeclared
   * source could define is then an info ("Flux substitutes it later"), as `fluxkit validate DIR`
   * reports it, instead of a warning asking for the declaration.
   */
  readonly declaresSubstituteFrom?: boolean;
  /**
   * Set (to the reason) for a baseline that is known to be invalid, like `seed`: its findings are
   * printed but do not stop the render. Deployed environments cannot set it.
   */
  readonly knownInvalid?: string;
  /**
   * Puts a `# yaml-language-server: $schema=<url>` line first in every document, for editors:
   * `true` for the default URLs (`editorSchemaUrl` in lib/tree.ts), or a function giving the URL
   * for an object (`undefined`: no line). Off by default.
   */
  readonly editorSchemas?: boolean | EditorSchemaUrl;
  /**
   * Whether every file starts with a comment naming its path (`# kubernetes/apps/…/ks.yaml`), as
   * the seed does. On by default; an imported tree turns it off and keeps each file's own head.
   */
  readonly pathHeaders?: boolean;
  /**
   * Whether the kustomization.yaml of every folder a Flux Kustomization points at lists that
   * folder's files (`withKustomizations` in lib/tree.ts). On by default; off, every
   * kustomization.yaml is written as the tree holds it, as an imported tree needs.
   */
  readonly deriveKustomizations?: boolean;
  /**
   * Where `fluxkit render` writes the tree, relative to the folder of fluxkit.config.ts:
   * `out/<name>` by default; `.` for a single-cluster repository that keeps its tree at
   * `kubernetes/` in the repository itself.
   */
  readonly output?: string;
  /**
   * CRD files or folders (relative to the config's folder) whose schemas validate this
   * environment's objects, besides the config's own `schemas` and the ones the package knows.
   */
  readonly schemas?: readonly string[];
}

export function defineEnvironment(env: Environment): Environment {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(env.name)) {
    throw new Error(`environment name ${JSON.stringify(env.name)}: use lower-case letters, digits and dashes`);
  }
  if (env.deploy && env.knownInvalid !== undefined) {
    throw new Error(`environment ${env.name}: a deployed environment cannot be known to be invalid`);
  }
  if (env.output !== undefined && (env.output === "" || env.output.split(/[\\/]/).includes(".."))) {
    throw new Error(`environment ${env.name}: output ${JSON.stringify(env.output)} must be a folder inside the repository (\".\" for its root)`);
  }
  return env;
}
