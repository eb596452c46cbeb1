// @ts-check
// Runs one of the repository's TypeScript scripts from a cached bundle:
//
//   node scripts/run.mjs scripts/render.ts [ARGS...]
//
// Why: a render loads some 600 modules (our schemas and validators, CEL, yaml, the model
// packages). Under tsx on Node 20 every one of them is resolved and loaded through tsx's hooks on
// a loader thread, which costs several times the render itself. esbuild bundles them into one
// file once; later runs check that no input changed (one stat per input file, a few ms) and import
// that file with plain node. Any edit to a bundled file, or an npm install, rebuilds it.
//
// Plain JavaScript because it must run before anything can load TypeScript. Nothing here is
// specific to one script; the scripts stay plain TypeScript and run without it too
// (`node --import tsx scripts/render.ts`, or `node scripts/render.ts` on Node 24).

import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as module from "node:module";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const LAUNCHER = fileURLToPath(import.meta.url);
const REPO_ROOT = path.dirname(path.dirname(LAUNCHER));
// Where npm tools keep caches (find-cache-dir's convention): ignored by git, gone with node_modules.
const CACHE_DIR = process.env.FLUXKIT_BUNDLE_CACHE ?? path.join(REPO_ROOT, "node_modules", ".cache", "fluxkit");
const V8_CACHE_DIR = path.join(CACHE_DIR, "v8");
// The manifest's shape: bump it when the Manifest type below changes.
const MANIFEST_FORMAT = 1;
// Inputs besides the bundled files: npm rewrites its record on every install (a changed dependency
// tree), esbuild reads tsconfig.json and package.json, and this file holds the build options.
const BUILD_INPUTS = [path.join(REPO_ROOT, "node_modules", ".package-lock.json"), path.join(REPO_ROOT, "tsconfig.json"), path.join(REPO_ROOT, "package.json"), LAUNCHER];

/**
 * @typedef {object} Manifest
 * @property {number} format       MANIFEST_FORMAT
 * @property {string} esbuild      esbuild's version
 * @property {string} bundle       the bundle's file name, in CACHE_DIR
 * @property {[string, number, number][]} inputs  every input: absolute path, mtime (ms), size
 */

/** The file the bundle of `entry` is recorded in: named after the entry, unique to its path. */
function manifestPath(entry) {
  const id = createHash("sha256").update(entry).digest("hex").slice(0, 12);
  return path.join(CACHE_DIR, `${path.basename(entry, path.extname(entry))}-${id}.json`);
}

/** mtime and size: what a changed file changes, read with one stat. */
function signature(file) {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  return stat === undefined ? undefined : [stat.mtimeMs, stat.size];
}

/** The cached bundle's path if the manifest exists and none of its inputs changed since. */
function cachedBundle(manifestFile) {
  /** @type {Manifest} */
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
  } catch {
    return undefined;
  }
  if (manifest.format !== MANIFEST_FORMAT) return undefined;
  for (const [file, mtimeMs, size] of manifest.inputs) {
    const now = signature(file);
    if (now === undefined || now[0] !== mtimeMs || now[1] !== size) return undefined;
  }
  const bundle = path.join(CACHE_DIR, manifest.bundle);
  return fs.existsSync(bundle) ? bundle : undefined;
}

/**
 * esbuild plugin: each of our modules sees its own `import.meta.url`, not the bundle's, so files
 * found relative to a module (config/versions.yaml) are found where they are.
 * @type {import("esbuild").Plugin}
 */
const ownModuleUrls = {
  name: "own-module-urls",
  setup(build) {
    build.onLoad({ filter: /\.[cm]?ts$/ }, async (args) => {
      if (args.path.split(path.sep).includes("node_modules")) return undefined;
      const source = await fs.promises.readFile(args.path, "utf8");
      return { contents: source.replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href)), loader: "ts" };
    });
  },
};

/** Writes `text` to `file` through a temporary file and a rename, so readers never see half. */
function writeAtomically(file, text) {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}

/** Bundles `entry` into CACHE_DIR and records its inputs; returns the bundle's path. */
async function buildBundle(entry, manifestFile) {
  const esbuild = await import("esbuild");
  // A name of its own per build, so a run importing the previous bundle never reads a new one.
  const name = `${path.basename(manifestFile, ".json")}-${Date.now().toString(36)}${process.pid.toString(36)}.mjs`;
  const outfile = path.join(CACHE_DIR, name);
  let result;
  try {
    result = await esbuild.build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      sourcemap: "linked",
      minifyWhitespace: true,
      minifySyntax: true,
      metafile: true,
      write: false,
      absWorkingDir: REPO_ROOT,
      logLevel: "silent",
      plugins: [ownModuleUrls],
      // CommonJS dependencies call require() for Node's built-ins; an ES module has none of its own.
      banner: { js: 'import { createRequire as __fluxkitCreateRequire } from "node:module"; const require = __fluxkitCreateRequire(import.meta.url);' },
    });
  } catch (error) {
    // esbuild's own messages name file, line and column; show them the way it prints them.
    const messages = /** @type {{ errors?: import("esbuild").Message[] }} */ (error).errors;
    if (messages === undefined) throw error;
    const text = await esbuild.formatMessages(messages, { kind: "error", color: false });
    process.stderr.write(`${text.join("")}could not bundle ${path.relative(process.cwd(), entry)}\n`);
    process.exit(1);
  }
  try {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    for (const output of result.outputFiles) writeAtomically(output.path, output.contents);
  } catch (error) {
    const code = /** @type {NodeJS.ErrnoException} */ (error).code ?? String(error);
    process.stderr.write(`scripts/run.mjs: cannot write the bundle cache in ${CACHE_DIR} (${code}); set FLUXKIT_BUNDLE_CACHE to a writable folder\n`);
    process.exit(1);
  }
  const inputs = [...Object.keys(result.metafile.inputs).map((input) => path.resolve(REPO_ROOT, input)), ...BUILD_INPUTS]
    .flatMap((file) => {
      const now = signature(file);
      return now === undefined ? [] : [[file, ...now]];
    });
  /** @type {Manifest} */
  const manifest = { format: MANIFEST_FORMAT, esbuild: esbuild.version, bundle: name, inputs };
  writeAtomically(manifestFile, `${JSON.stringify(manifest)}\n`);
  removeOtherBundles(manifestFile, name);
  return outfile;
}

/**
 * Deletes the earlier bundles of the same entry and V8's code cache, which would otherwise keep an
 * entry for every bundle ever built. A run that found one of those bundles but has not imported
 * it yet builds again (see below).
 */
function removeOtherBundles(manifestFile, keep) {
  const prefix = `${path.basename(manifestFile, ".json")}-`;
  for (const file of fs.readdirSync(CACHE_DIR)) {
    if (file.startsWith(prefix) && !file.startsWith(keep) && /\.mjs(\.map)?$/.test(file)) fs.rmSync(path.join(CACHE_DIR, file), { force: true });
  }
  fs.rmSync(V8_CACHE_DIR, { recursive: true, force: true });
}

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
const manifestFile = manifestPath(entry);
const bundle = cachedBundle(manifestFile) ?? (await buildBundle(entry, manifestFile));

// The script sees the arguments it would see run directly. The launcher goes into execArgv, the
// place of loaders such as tsx's, so that whatever starts the script again as Node would
// (execPath, execArgv, argv[1]: `render --watch` does) starts it through here.
process.argv = [process.argv[0] ?? process.execPath, entry, ...args];
process.execArgv.push(LAUNCHER);
// Node 22.1 and later keep V8's compiled code between runs, which skips parsing the bundle
// again (about a quarter of a run's start-up); Node 20 has no such cache and compiles each time.
module.enableCompileCache?.(V8_CACHE_DIR);
// Stack traces name the TypeScript sources when asked for (--debug); reading maps costs otherwise.
if (args.includes("--debug")) process.setSourceMapsEnabled(true);
try {
  await import(pathToFileURL(bundle).href);
} catch (error) {
  // Another run of the same script rebuilt the cache and removed this bundle between our check
  // and the import: build our own. Any other failure is the script's own.
  const missing = /** @type {NodeJS.ErrnoException} */ (error).code === "ERR_MODULE_NOT_FOUND" && !fs.existsSync(bundle);
  if (!missing) throw error;
  await import(pathToFileURL(await buildBundle(entry, manifestFile)).href);
}
