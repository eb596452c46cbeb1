// @ts-check
// Runs one of the repository's own TypeScript scripts (bench phases, tests' fixtures) from a cached
// bundle, as the `fluxkit` command runs a config (bin/bundle-cache.mjs says why):
//
//   node scripts/run.mjs scripts/bench/phases.ts [ARGS...]
//
// The scripts stay plain TypeScript and run without it too (`node --import tsx SCRIPT`, or
// `node SCRIPT` on Node 24).

import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { cacheDirFor, importBundled, LaunchError } from "../bin/bundle-cache.mjs";

const LAUNCHER = fileURLToPath(import.meta.url);
const REPO_ROOT = path.dirname(path.dirname(LAUNCHER));

const [entryArgument, ...args] = process.argv.slice(2);
if (entryArgument === undefined) {
  process.stderr.write("usage: node scripts/run.mjs SCRIPT.ts [ARGS...]\n");
  process.exit(2);
}
const entry = path.resolve(entryArgument);
if (!fs.existsSync(entry)) {
  process.stderr.write(`scripts/run.mjs: no such script: ${entryArgument}\n`);
  process.exit(2);
}

// The script sees the arguments it would see run directly. The launcher goes into execArgv, the
// place of loaders such as tsx's, so that whatever starts the script again as Node would
// (execPath, execArgv, argv[1]) starts it through here.
process.argv = [process.argv[0] ?? process.execPath, entry, ...args];
process.execArgv.push(LAUNCHER);
try {
  await importBundled(
    {
      name: path.basename(entry, path.extname(entry)),
      key: entry,
      entry,
      cacheDir: cacheDirFor(REPO_ROOT),
      workingDir: REPO_ROOT,
      // npm rewrites its record on every install; esbuild reads tsconfig.json and package.json.
      extraInputs: ["node_modules/.package-lock.json", "tsconfig.json", "package.json", "bin/bundle-cache.mjs", "scripts/run.mjs"].map((file) => path.join(REPO_ROOT, file)),
    },
    { sourceMaps: args.includes("--debug") },
  );
} catch (error) {
  if (!(error instanceof LaunchError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(error.code);
}
