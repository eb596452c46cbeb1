// What every rule family receives: the tree's index and run-time pods, built once per tree, and
// the caller's declarations of what the tree cannot show.

import type { FileTree } from "../../tree.ts";
import type { IsDeclaredExternal } from "../externals.ts";
import type { Finding } from "../findings.ts";
import { runtimePods, type RuntimePods } from "./pods.ts";
import { indexTree, type TreeIndex } from "./tree-index.ts";

export interface CrossObjectOptions {
  /**
   * The keys of Flux `postBuild.substituteFrom` sources, by `Kind/name` (`Secret/cluster-secrets`):
   * those Secrets live outside the tree, so an environment declares what they define.
   */
  readonly substituteFromVars?: Readonly<Record<string, readonly string[]>>;
  /**
   * Whether the caller can declare those keys. A rendered environment can (its config's
   * substituteFromVars), so a variable only an undeclared source could define is a warning; a
   * plain YAML tree cannot, so there it is "substituted later": an info.
   */
  readonly canDeclareSources?: boolean;
  /** The index, when the caller built it already (validateTree does, for the schemas). */
  readonly index?: TreeIndex;
  /**
   * Objects the config declares outside the tree (another cluster app, a chart's Service, a
   * bootstrap Secret): a reference to one is neither an error nor a reminder.
   */
  readonly externals?: IsDeclaredExternal;
}

export interface RuleContext {
  readonly index: TreeIndex;
  readonly pods: RuntimePods;
  readonly options: CrossObjectOptions;
}

/** One module's rules over the whole tree. */
export type RuleFamily = (context: RuleContext) => Finding[];

export function ruleContext(env: string, tree: FileTree, options: CrossObjectOptions): RuleContext {
  const index = options.index ?? indexTree(env, tree);
  return { index, pods: runtimePods(index), options };
}
