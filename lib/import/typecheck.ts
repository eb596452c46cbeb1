// The generated sources type-checked before they are written: a document whose data its model
// rejects (a field the model lacks, a `${VAR}` where an enum is typed) is written with
// `untypedObject` instead, so the import never leaves sources that fail `fluxkit typecheck`.
// TypeScript 7 has no in-process API: tsc runs on a copy of the sources under the repository's
// node_modules/.cache, where the library resolves as it will for the real files.

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { TSCONFIG_COMPILER_OPTIONS as COMPILER_OPTIONS } from "../cli/init.ts";
import { tscPath } from "../cli/typecheck.ts";

export interface TypeError_ {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/** Type errors tsc reports in `sources` (repository path → text), for those files only. */
export function typeErrors(root: string, sources: ReadonlyMap<string, string>): TypeError_[] {
  const cache = path.join(root, "node_modules", ".cache", "fluxkit");
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(path.join(cache, "import-check-"));
  try {
    for (const [file, text] of sources) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: COMPILER_OPTIONS, files: [...sources.keys()] }));
    // Under node_modules tsc takes a file's module format from the nearest package.json, and
    // `npm init -y` writes "type": "commonjs": the copies would fail where the real files pass.
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ private: true, type: "module" }));
    const run = spawnSync(process.execPath, [tscPath(), "-p", dir, "--pretty", "false"], { cwd: dir, encoding: "utf8" });
    if (run.error) throw run.error;
    const errors: TypeError_[] = [];
    for (const line of run.stdout.split("\n")) {
      const m = /^(.+?)\((\d+),\d+\): error (TS\d+: .*)$/.exec(line);
      if (!m) continue;
      const file = path.relative(dir, path.resolve(dir, m[1]!)).split(path.sep).join("/");
      if (sources.has(file)) errors.push({ file, line: Number(m[2]), message: m[3]! });
    }
    return errors;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
