// Rendered files meet the disk: write them into a folder, or compare them with one. Used by the
// CLI and by importers that render in process. Planning and writing are lib/output-plan.ts (which
// the command loads on every render); comparing with a diff is here.

import { planDiff } from "./diff.ts";
import { planOutput, type OutputOptions } from "./output-plan.ts";
import type { RenderedEnvironment } from "./render.ts";
import { differingFiles } from "./write.ts";

export { planOutput, writeOutput, type OutputOptions } from "./output-plan.ts";

export interface OutputCheck {
  /** Changed, missing and stray files, and the record when it is stale. */
  readonly differing: number;
  /** A unified diff of them, paths shown under `shownRoot`, with one line for the record. */
  readonly diff: string;
}

/** Compares `rendered` with the folder `root` (and the record) without writing anything. */
export function checkOutput(
  rendered: Pick<RenderedEnvironment, "files">,
  root: string,
  shownRoot = root,
  options: OutputOptions & { readonly shownRecord?: string } = {},
): OutputCheck {
  const plan = planOutput(rendered, root, options);
  return { differing: differingFiles(plan), diff: planDiff(plan, shownRoot, options.shownRecord) };
}
