// @ts-check
// Runs TypeScript (or JavaScript) from a cached esbuild bundle: the machinery behind the `fluxkit`
// command (bin/fluxkit.mjs) and the repository's own script launcher (scripts/run.mjs).
//
// Why: a render loads some 600 modules (schemas and validators, CEL, yaml, the model packages).
// Under tsx on Node 20 every one of them is resolved and loaded through tsx's hooks on a loader
// thread, which costs several times the render itself, and plain Node cannot run a user's
// TypeScript config at all before Node 22.18. esbuild bundles everything into one file once; later
// runs check that no input changed (one stat per input file, a few ms) and import that file with
// plain node. Any edit to a bundled file, or an npm install, rebuilds it.
//
// Plain JavaScript because it must run before anything can load TypeScript.

import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";

// The manifest's shape: bump it when the Manifest type below changes.
const MANIFEST_FORMAT = 2;

/**
 * @typedef {object} Manifest
 * @property {number} format       MANIFEST_FORMAT
 * @property {string} esbuild      esbuild's version
 * @property {string} bundle       the bundle's entry file, relative to the cache folder (`<build>/entry.mjs`)
 * @property {[string, number, number][]} inputs  every input: absolute path, mtime (ms), size
 */

/**
 * @typedef {object} BundleRequest
 * @property {string} name        a readable name for the bundle's files (`render`, `fluxkit`)
 * @property {string} key         what makes this bundle unique (its entry paths), hashed into the file name
 * @property {string} cacheDir    where bundles and manifests are kept
 * @property {string} workingDir  esbuild's working directory; messages name files relative to it
 * @property {string} [entry]     the entry file, or:
 * @property {{ contents: string, resolveDir: string }} [stdin]  an entry module given as text
 * @property {string[]} [extraInputs]  files whose change invalidates the bundle besides the bundled ones
 * @property {string[]} [ownRoots]     folders under node_modules whose modules still get their own import.meta.url
 */

/**
 * A short name for a path or key in file names: FNV-1a over its UTF-16 code units, 8 hex digits.
 * Not node:crypto, whose loading costs a small render a few percent; names need no more.
 * @param {string} text
 */
function nameHash(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return (hash >>> 0).toString(16).padStart(8, "0");
}

/**
 * The cache folder for a repository rooted at `root`: `FLUXKIT_BUNDLE_CACHE` if set, else
 * `node_modules/.cache/fluxkit` of the nearest folder with a node_modules (find-cache-dir's
 * convention: ignored by git, gone with node_modules), else one in the system's temp folder.
 */
export function cacheDirFor(root) {
  if (process.env.FLUXKIT_BUNDLE_CACHE) return path.resolve(process.env.FLUXKIT_BUNDLE_CACHE);
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "node_modules"))) return path.join(dir, "node_modules", ".cache", "fluxkit");
    if (path.dirname(dir) === dir) break;
  }
  const id = nameHash(path.resolve(root));
  return path.join(os.tmpdir(), `fluxkit-cache-${id}`);
}

/** The file the bundle of a request is recorded in: named after it, unique to its key. */
function manifestPath(request) {
  const id = nameHash(request.key);
  return path.join(request.cacheDir, `${request.name}-${id}.json`);
}

/** mtime and size: what a changed file changes, read with one stat. */
function signature(file) {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  return stat === undefined ? undefined : [stat.mtimeMs, stat.size];
}

/** @returns {Manifest | undefined} */
function readManifest(manifestFile) {
  try {
    const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
    return manifest.format === MANIFEST_FORMAT ? manifest : undefined;
  } catch {
    return undefined;
  }
}

/** The cached bundle's path and inputs if the manifest exists and none of its inputs changed since. */
function cachedBundle(cacheDir, manifestFile) {
  const manifest = readManifest(manifestFile);
  if (manifest === undefined) return undefined;
  for (const [file, mtimeMs, size] of manifest.inputs) {
    const now = signature(file);
    if (now === undefined || now[0] !== mtimeMs || now[1] !== size) return undefined;
  }
  const bundle = path.join(cacheDir, manifest.bundle);
  return fs.existsSync(bundle) ? { bundle, inputs: manifest.inputs.map(([file]) => file) } : undefined;
}

/**
 * esbuild plugin: each of our modules sees its own `import.meta.url`, not the bundle's, so files
 * found relative to a module (config/versions.yaml) are found where they are. Modules of other
 * packages are left as they are, but for `ownRoots` (this package, when installed).
 * @returns {import("esbuild").Plugin}
 */
function ownModuleUrls(ownRoots) {
  const own = (file) => !file.split(path.sep).includes("node_modules") || ownRoots.some((root) => file.startsWith(root + path.sep));
  return {
    name: "own-module-urls",
    setup(build) {
      build.onLoad({ filter: /\.[cm]?[jt]s$/ }, async (args) => {
        if (!own(args.path)) return undefined;
        const source = await fs.promises.readFile(args.path, "utf8");
        if (!source.includes("import.meta.url")) return undefined;
        const loader = /\.[cm]?ts$/.test(args.path) ? "ts" : "js";
        return { contents: source.replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href)), loader };
      });
    },
  };
}

/**
 * Validator dependencies (uri-js, for ajv) require Node's built-in punycode, deprecated since Node
 * 22 with a warning on every run; the userland package they also install is the same code. Found
 * from this package, not from the user's folder (esbuild resolves aliases from its working folder).
 */
function userlandPunycode() {
  try {
    return { alias: { punycode: createRequire(import.meta.url).resolve("punycode/") } };
  } catch {
    return {};
  }
}

/** Writes `text` to `file` through a temporary file and a rename, so readers never see half. */
function writeAtomically(file, text) {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}

/** A failure already explained to the user: the caller exits with `code` and prints nothing more. */
export class LaunchError extends Error {
  /** @param {string} message @param {number} code */
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

/**
 * Bundles the request into a folder of its own in the cache folder and records its inputs. Code
 * reached only through `import()` goes into chunks of its own (esbuild's splitting), loaded when a
 * run needs it: a render whose validation is cached never loads the validator.
 */
async function buildBundle(request, manifestFile) {
  const esbuild = await import("esbuild");
  const { cacheDir } = request;
  // A folder of its own per build, so a run importing the previous bundle never reads a new one.
  const build = `${path.basename(manifestFile, ".json")}-${Date.now().toString(36)}${process.pid.toString(36)}`;
  const outdir = path.join(cacheDir, build);
  let result;
  try {
    result = await esbuild.build({
      ...(request.stdin ? { stdin: { ...request.stdin, loader: "ts", sourcefile: `${request.name}-entry.ts` } } : { entryPoints: { entry: request.entry ?? "" } }),
      outdir,
      entryNames: "entry",
      chunkNames: "chunk-[hash]",
      outExtension: { ".js": ".mjs" },
      splitting: true,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      sourcemap: "linked",
      minifyWhitespace: true,
      minifySyntax: true,
      metafile: true,
      write: false,
      absWorkingDir: request.workingDir,
      logLevel: "silent",
      plugins: [ownModuleUrls(request.ownRoots ?? [])],
      ...userlandPunycode(),
      // CommonJS dependencies call require() for Node's built-ins; an ES module has none of its own.
      banner: { js: 'import { createRequire as __fluxkitCreateRequire } from "node:module"; const require = __fluxkitCreateRequire(import.meta.url);' },
    });
  } catch (error) {
    // esbuild's own messages name file, line and column; show them the way it prints them.
    const messages = /** @type {{ errors?: import("esbuild").Message[] }} */ (error).errors;
    if (messages === undefined) throw error;
    const text = await esbuild.formatMessages(messages, { kind: "error", color: false });
    throw new LaunchError(`${text.join("")}could not bundle ${request.entry ? path.relative(process.cwd(), request.entry) : request.name}`, 1);
  }
  try {
    fs.mkdirSync(outdir, { recursive: true });
    for (const output of result.outputFiles) writeAtomically(output.path, output.contents);
  } catch (error) {
    const code = /** @type {NodeJS.ErrnoException} */ (error).code ?? String(error);
    throw new LaunchError(`cannot write the bundle cache in ${cacheDir} (${code}); set FLUXKIT_BUNDLE_CACHE to a writable folder`, 1);
  }
  // Files below node_modules change with an install, which rewrites npm's record of the tree (an
  // extra input): one stat for all of them instead of one each, on every run.
  const bundled = Object.keys(result.metafile.inputs)
    .filter((input) => !input.startsWith("<"))
    .map((input) => path.resolve(request.workingDir, input))
    .filter((file) => !file.split(path.sep).includes("node_modules"));
  const inputs = [...bundled, ...(request.extraInputs ?? [])].flatMap((file) => {
    const now = signature(file);
    return now === undefined ? [] : [[file, ...now]];
  });
  /** @type {Manifest} */
  const bundle = path.join(build, "entry.mjs");
  const manifest = { format: MANIFEST_FORMAT, esbuild: esbuild.version, bundle, inputs: /** @type {[string, number, number][]} */ (inputs) };
  writeAtomically(manifestFile, `${JSON.stringify(manifest)}\n`);
  removeOtherBundles(cacheDir, manifestFile, build);
  return { bundle: path.join(cacheDir, bundle), inputs: manifest.inputs.map(([file]) => file) };
}

/**
 * Deletes the earlier bundles of the same request and V8's code cache, which would otherwise keep
 * an entry for every bundle ever built. A run that found one of those bundles but has not imported
 * it yet builds again (see importBundled).
 */
function removeOtherBundles(cacheDir, manifestFile, keep) {
  const prefix = `${path.basename(manifestFile, ".json")}-`;
  for (const name of fs.readdirSync(cacheDir)) {
    // Earlier builds' folders, and single-file bundles of the manifest format before it.
    if (name.startsWith(prefix) && name !== keep && !name.endsWith(".json")) fs.rmSync(path.join(cacheDir, name), { recursive: true, force: true });
  }
  fs.rmSync(path.join(cacheDir, "v8"), { recursive: true, force: true });
}

/**
 * Imports the bundle of `request`, building it first when missing or stale. Returns the module's
 * namespace, every input file (what a watcher should watch) and the build's id, which changes
 * with every rebuild (what caches of the bundle's results key on).
 * @param {BundleRequest} request
 * @param {{ sourceMaps?: boolean }} [options]
 * @returns {Promise<{ module: Record<string, unknown>, inputs: string[], id: string }>}
 */
export async function importBundled(request, options = {}) {
  const manifestFile = manifestPath(request);
  let found = cachedBundle(request.cacheDir, manifestFile) ?? (await buildBundle(request, manifestFile));
  // Node 22.1 and later keep V8's compiled code between runs, which skips parsing the bundle
  // again (about a quarter of a run's start-up); Node 20 has no such cache and compiles each time.
  // @ts-ignore: enableCompileCache is not in Node 20's types
  (await import("node:module")).enableCompileCache?.(path.join(request.cacheDir, "v8"));
  // Stack traces name the TypeScript sources when asked for (--debug); reading maps costs otherwise.
  if (options.sourceMaps) process.setSourceMapsEnabled(true);
  try {
    return { module: await import(pathToFileURL(found.bundle).href), inputs: found.inputs, id: buildId(found.bundle) };
  } catch (error) {
    // Another run of the same script rebuilt the cache and removed this bundle between our check
    // and the import: build our own. Any other failure is the script's own.
    const missing = /** @type {NodeJS.ErrnoException} */ (error).code === "ERR_MODULE_NOT_FOUND" && !fs.existsSync(found.bundle);
    if (!missing) throw error;
    found = await buildBundle(request, manifestFile);
    return { module: await import(pathToFileURL(found.bundle).href), inputs: found.inputs, id: buildId(found.bundle) };
  }
}

/** A build's id: the name of its folder, new with every rebuild. */
function buildId(bundle) {
  return path.basename(path.dirname(bundle));
}

/**
 * The input files of the latest bundle built for `request` (the manifest's record), or none. A
 * long-running parent (render --watch) asks again after every child run, which may rebuild it.
 * @param {BundleRequest} request
 * @returns {string[]}
 */
export function bundleInputs(request) {
  return readManifest(manifestPath(request))?.inputs.map(([file]) => file) ?? [];
}
