// Rendered files meet the disk: write them into a folder, or compare them with one. Used by the
// CLI and by importers that render in process.

import { planDiff, differingFiles } from "./diff.ts";
import type { RenderedEnvironment } from "./render.ts";
import { appFolders, applyPlan, planWrite, type WritePlan } from "./write.ts";

/** What writing `rendered` into `root` would change, owning only the app folders it renders. */
export function planOutput(rendered: Pick<RenderedEnvironment, "files">, root: string): WritePlan {
  return planWrite(root, rendered.files, appFolders(rendered.files.keys()));
}

/** Writes changed files atomically and removes stale ones in owned app folders; returns the plan. */
export function writeOutput(rendered: Pick<RenderedEnvironment, "files">, root: string): WritePlan {
  const plan = planOutput(rendered, root);
  applyPlan(root, plan);
  return plan;
}

export interface OutputCheck {
  /** Changed, missing and stray files. */
  readonly differing: number;
  /** A unified diff of them, paths shown under `shownRoot`. */
  readonly diff: string;
}

/** Compares `rendered` with the folder `root` without writing anything. */
export function checkOutput(rendered: Pick<RenderedEnvironment, "files">, root: string, shownRoot = root): OutputCheck {
  const plan = planOutput(rendered, root);
  return { differing: differingFiles(plan), diff: planDiff(plan, shownRoot) };
}
