// `fluxkit typecheck`: the repository's TypeScript checked by the `tsc` that ships with fluxkit,
// so that a repository needs nothing but the fluxkit package. The bundle that runs the command
// never type-checks (esbuild strips types): this is the one place types are enforced.

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { parseCommandArgs, UsageError } from "../cli.ts";

const OPTIONS = { help: { type: "boolean", short: "h" }, project: { type: "string", short: "p" } } as const;

const USAGE = [
  "Usage: fluxkit typecheck [-p TSCONFIG]",
  "",
  "Type-checks the repository (tsc -p tsconfig.json --noEmit in the folder of fluxkit.config.ts, or",
  "of TSCONFIG) with the TypeScript compiler fluxkit ships. Exits 1 on a type error.",
].join("\n");

export interface TypecheckIo {
  readonly cwd: string;
  readonly configFile?: string | undefined;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

/** The `tsc` script of the typescript package this module resolves (fluxkit's dependency). */
export function tscPath(): string {
  const manifest = createRequire(import.meta.url).resolve("typescript/package.json");
  return path.join(path.dirname(manifest), "bin", "tsc");
}

export function typecheckCommand(argv: readonly string[], io: TypecheckIo): number {
  const { values } = parseCommandArgs(argv, OPTIONS, false);
  if (values.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const root = io.configFile === undefined ? io.cwd : path.dirname(io.configFile);
  const project = path.resolve(io.cwd, (values.project as string | undefined) ?? path.join(root, "tsconfig.json"));
  if (!existsSync(project)) throw new UsageError(`typecheck: no ${path.relative(io.cwd, project) || project}; fluxkit init writes one`);
  const run = spawnSync(process.execPath, [tscPath(), "-p", project, "--noEmit", "--pretty", "false"], { cwd: path.dirname(project), encoding: "utf8" });
  if (run.error) throw run.error;
  io.stdout.write(run.stdout);
  io.stderr.write(run.stderr);
  if (run.status === 0) io.stdout.write(`typecheck: ${path.relative(io.cwd, project) || project}: no type errors\n`);
  return run.status === 0 ? 0 : 1;
}
