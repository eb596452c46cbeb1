// What a write plan would change, as one unified diff that `git apply` and `patch -p1` accept:
// changed files as `a/…` → `b/…`, added files from /dev/null, removed files to /dev/null.

import { createTwoFilesPatch, FILE_HEADERS_ONLY } from "diff";
import type { WritePlan } from "./write.ts";

/**
 * The plan's changes; `shownRoot` (e.g. `out/staging`) prefixes every path in the labels. An
 * absolute root loses its leading slash, as git shows such paths (`a/tmp/x/…`).
 */
export function planDiff(plan: WritePlan, shownRoot: string): string {
  const shown = (file: string) => `${shownRoot.replace(/^\/+/, "")}/${file}`;
  return [
    ...plan.write.map((file) => filePatch(shown(file.path), file.old, file.text)),
    ...plan.remove.map((file) => filePatch(shown(file.path), file.old, undefined)),
  ].join("");
}

/** How many files `planDiff` shows: drift that `--check` reports (empty folders do not count). */
export function differingFiles(plan: WritePlan): number {
  return plan.write.length + plan.remove.length;
}

function filePatch(shown: string, before: string | undefined, after: string | undefined): string {
  return createTwoFilesPatch(
    before === undefined ? "/dev/null" : `a/${shown}`,
    after === undefined ? "/dev/null" : `b/${shown}`,
    before ?? "",
    after ?? "",
    undefined,
    undefined,
    { headerOptions: FILE_HEADERS_ONLY },
  );
}
