// What a write plan would change, as one unified diff that `git apply` and `patch -p1` accept:
// changed files as `a/…` → `b/…`, added files from /dev/null, removed files to /dev/null. A stale
// output record is one line before the patches (`record .fluxkit/home.json updated: 0 added, 3
// removed`), not a JSON diff: the patches already show each file it adds or drops, and both tools
// skip text before the first patch.

import { createTwoFilesPatch, FILE_HEADERS_ONLY } from "diff";
import { describeRecordChange } from "./output-record.ts";
import type { WritePlan } from "./write.ts";

/**
 * The plan's changes; `shownRoot` (e.g. `out/staging`) prefixes every path in the labels. An
 * absolute root loses its leading slash, as git shows such paths (`a/tmp/x/…`). `shownRecord`
 * (e.g. `.fluxkit/staging.json`) names the record; by default, its path as the plan has it.
 */
export function planDiff(plan: WritePlan, shownRoot: string, shownRecord = plan.record?.file): string {
  const shown = (file: string) => `${shownRoot.replace(/^\/+/, "")}/${file}`;
  return [
    ...(plan.record?.changed ? [`record ${shownRecord} ${describeRecordChange(plan.record)}\n`] : []),
    ...plan.write.map((file) => filePatch(shown(file.path), file.old, file.text)),
    ...plan.remove.map((file) => filePatch(shown(file.path), file.old, undefined)),
  ].join("");
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
