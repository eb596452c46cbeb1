// Planning and writing a rendered tree into its folder: the rendered files, stale files in the
// app folders it renders, files the record says the last render wrote, and the record itself.

import { planRecord } from "./output-record.ts";
import type { RenderedEnvironment } from "./render.ts";
import { appFolders, applyPlan, planWrite, type WritePlan } from "./write.ts";

export interface OutputOptions {
  /**
   * The output record of this root (e.g. `<config root>/.fluxkit/<env>.json`, outside the root):
   * files it lists that are no longer rendered are removed, and it is rewritten to list this
   * render's files. Without it, only stale files in rendered app folders are removed.
   */
  readonly recordFile?: string;
}

/**
 * What writing `rendered` into `root` would change: the rendered files, stale files in the app
 * folders it renders, files the record says the last render wrote, and the record itself.
 */
export function planOutput(rendered: Pick<RenderedEnvironment, "files">, root: string, options: OutputOptions = {}): WritePlan {
  const record = options.recordFile === undefined ? undefined : planRecord(options.recordFile, root, rendered.files.keys());
  const plan = planWrite(root, rendered.files, appFolders(rendered.files.keys()), record?.previous);
  return record === undefined ? plan : { ...plan, record };
}

/** Writes changed files atomically, removes stale ones and updates the record; returns the plan. */
export function writeOutput(rendered: Pick<RenderedEnvironment, "files">, root: string, options: OutputOptions = {}): WritePlan {
  const plan = planOutput(rendered, root, options);
  applyPlan(root, plan);
  return plan;
}
