// `npm test`'s runner: uvu over test/*.test.ts, plus the guard uvu lacks. uvu exits 0 when a
// `before` hook throws (it reports "Passed: 0" of N and no failure), so a broken setup would pass
// CI; here any test that neither passed nor was skipped fails the run. It ends with the plain
// `N passed, N failed` line CI systems read.

import { parse } from "uvu/parse";
import { run } from "uvu/run";

const pattern = process.argv[2] ?? "\\.test\\.ts$";
const counts = { total: 0, passed: 0, skipped: 0 };
const COUNT_LINE = /^\s*(Total|Passed|Skipped):\s+(\d+)/gm;

// uvu prints its totals once, at the end; read them as they pass through.
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
  for (const [, name, value] of String(chunk).replace(/\x1b\[\d+m/g, "").matchAll(COUNT_LINE)) {
    counts[name?.toLowerCase() as keyof typeof counts] = Number(value);
  }
  return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
}) as typeof process.stdout.write;

const { suites } = await parse("test", new RegExp(pattern));
await run(suites, { bail: false });
process.stdout.write = write;

// uvu's total leaves out skipped tests: whatever of it did not pass failed.
const failed = counts.total - counts.passed;
console.log(`${counts.passed} passed, ${failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ""}`);
if (counts.total === 0) {
  console.error("no test ran");
  process.exitCode = 1;
} else if (failed > 0) {
  process.exitCode = 1;
}
