#!/usr/bin/env node
// @ts-check
// The `fluxkit` command. Finds fluxkit.config.ts (in the working directory or the nearest folder
// above it), bundles it together with the command's own code into one cached file
// (bin/bundle-cache.mjs says why), and runs `main` from lib/cli/main.ts. Plain JavaScript: it must
// run before anything can load TypeScript, on Node 20, 22 and 24 alike.

import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleInputs, cacheDirFor, importBundled, LaunchError } from "./bundle-cache.mjs";

const LAUNCHER = fileURLToPath(import.meta.url);
const PACKAGE_ROOT = path.dirname(path.dirname(LAUNCHER));
const CONFIG_FILE = "fluxkit.config.ts";

/**
 * The command's own entry: the TypeScript source in a checkout of the package (where lib/ is),
 * the compiled dist/ once installed (only dist/ and bin/ are packed).
 */
function cliEntry() {
  const source = path.join(PACKAGE_ROOT, "lib", "cli", "main.ts");
  return fs.existsSync(source) ? source : path.join(PACKAGE_ROOT, "dist", "cli", "main.js");
}

/** fluxkit.config.ts in `dir` or the nearest folder above it. */
function findConfig(dir) {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const file = path.join(current, CONFIG_FILE);
    if (fs.existsSync(file)) return file;
    if (path.dirname(current) === current) return undefined;
  }
}

// Options that take a value, so that their value is not taken for a folder argument.
const VALUE_OPTIONS = new Set(["--env", "--format", "--out", "--resolve"]);

/**
 * Whether the command reads the config's module: render and runbook (their --help lists the
 * environments), and validate unless it is given a folder. lib/cli/main.ts runs the others
 * without it.
 */
function needsConfig(argv) {
  const [command, ...rest] = argv;
  if (command === "render" || command === "runbook") return true;
  if (command !== "validate") return false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? "";
    if (VALUE_OPTIONS.has(arg)) i++;
    else if (!arg.startsWith("-")) return false;
  }
  return true;
}

function version() {
  try {
    return JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")).version;
  } catch {
    return undefined;
  }
}

// Output piped into `head` and the like: a closed pipe ends the command quietly, as for any CLI.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (/** @type {NodeJS.ErrnoException} */ (error).code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const argv = process.argv.slice(2);
const cwd = process.cwd();
const configFile = findConfig(cwd);
const withConfig = configFile !== undefined && needsConfig(argv);
const root = configFile === undefined ? cwd : path.dirname(configFile);
const entry = cliEntry();
// The entry module, given to esbuild as text: the command, and the config when it is needed.
const contents = [
  `export { main } from ${JSON.stringify(entry)};`,
  ...(withConfig ? [`export * as configModule from ${JSON.stringify(configFile)};`] : []),
].join("\n");
const request = {
  name: withConfig ? "fluxkit-config" : "fluxkit",
  key: `${entry}\n${withConfig ? configFile : ""}`,
  stdin: { contents, resolveDir: root },
  cacheDir: cacheDirFor(root),
  workingDir: root,
  // npm rewrites its record on every install; esbuild reads tsconfig.json and package.json.
  extraInputs: [
    path.join(root, "node_modules", ".package-lock.json"),
    path.join(root, "tsconfig.json"),
    path.join(root, "package.json"),
    path.join(PACKAGE_ROOT, "package.json"),
    LAUNCHER,
    path.join(PACKAGE_ROOT, "bin", "bundle-cache.mjs"),
  ],
  // This package's own modules find their files next to themselves (typescript for typecheck).
  ownRoots: [PACKAGE_ROOT],
};

/** @type {{ module: Record<string, unknown>, inputs: string[], id: string }} */
let loaded;
try {
  loaded = await importBundled(request, { sourceMaps: argv.includes("--debug") });
} catch (error) {
  if (!(error instanceof LaunchError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(error.code);
}
const { module, id } = loaded;
const main = /** @type {(argv: string[], launch: object) => Promise<number>} */ (module.main);
process.exitCode = await main(argv, {
  cwd,
  configFile,
  configModule: withConfig ? module.configModule : undefined,
  // What --watch watches: the files the bundle was built from, outside node_modules, as of the
  // latest build (each render runs in a new process that may rebuild it).
  inputs: () => bundleInputs(request).filter((file) => !file.split(path.sep).includes("node_modules") && !request.extraInputs.includes(file)),
  relaunch: [process.execPath, ...process.execArgv, LAUNCHER],
  cacheDir: request.cacheDir,
  build: id,
  version: version(),
});
