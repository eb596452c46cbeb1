// `npm run build`: lib/ → dist/, JavaScript with declarations that a consumer runs with plain
// `node` and type-checks with its own `tsc` (neither tsx nor this repository's tsconfig needed).
//
// 1. `tsc -p tsconfig.build.json` into a staging folder; relative imports are rewritten from
//    `.ts` to `.js` (rewriteRelativeImportExtensions).
// 2. Copies what tsc never emits: the `.js` files and `.d.ts` files kept in lib/ (the generated
//    model validators, lib/models/**/_schemas/*.{js,d.ts}), at the same relative paths.
// 3. Checks that every relative import of every staged `.js` (resolved by esbuild) and `.d.ts` file names a staged file
//    and that no `.js` file still imports a `.ts` one, so a missed copy fails here, not for a consumer.
// 4. Swaps the staging folder in as dist/, so dist/ is never half-written.

import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const lib = join(root, "lib");
const dist = join(root, "dist");
// Same file system as dist/ (for the rename), and ignored by git.
const staging = join(root, "node_modules", ".cache", "fluxkit-build", String(process.pid));

/** Every file below `dir`, as `/`-separated paths relative to it, sorted. */
function listFiles(dir: string, under = ""): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(join(dir, under), { withFileTypes: true })) {
    const path = under === "" ? entry.name : `${under}/${entry.name}`;
    if (entry.isDirectory()) files.push(...listFiles(dir, path));
    else if (entry.isFile()) files.push(path);
  }
  return files.sort();
}

/** Runs tsc from this repository's own `typescript` devDependency. */
function compile(outDir: string): void {
  const tsc = join(dirname(createRequire(import.meta.url).resolve("typescript/package.json")), "bin", "tsc");
  const run = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json"), "--outDir", outDir], {
    cwd: root,
    // Diagnostics to stderr: stdout stays clean for `npm pack --json`, which runs this as prepack.
    stdio: ["ignore", process.stderr, process.stderr],
  });
  if (run.status !== 0) throw new Error(`tsc -p tsconfig.build.json failed (exit ${run.status ?? run.signal})`);
}

/** Copies lib/'s own .js and .d.ts files (tsc emits neither); returns their paths. */
function copyUncompiled(outDir: string): string[] {
  const copied = listFiles(lib).filter((file) => file.endsWith(".js") || file.endsWith(".d.ts"));
  for (const file of copied) {
    mkdirSync(dirname(join(outDir, file)), { recursive: true });
    cpSync(join(lib, file), join(outDir, file));
  }
  return copied;
}

const RELATIVE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["'](\.{1,2}\/[^"']+)["']/g;

/**
 * Problems with the relative imports of the staged files; none when every one resolves. The
 * JavaScript is resolved by esbuild, a real module reader (a pattern would also match the
 * TypeScript that `fluxkit init` writes, held in strings); declarations by pattern, since they
 * keep `./x.ts`, which TypeScript resolves to ./x.d.ts.
 */
function importProblems(outDir: string): string[] {
  const files = new Set(listFiles(outDir));
  const problems: string[] = [];
  const scripts = [...files].filter((file) => file.endsWith(".js"));
  try {
    buildSync({ entryPoints: scripts.map((file) => join(outDir, file)), bundle: true, write: false, packages: "external", platform: "node", format: "esm", outdir: join(outDir, ".check"), logLevel: "silent" });
  } catch (error) {
    for (const message of (error as { errors?: { text: string; location?: { file: string } | null }[] }).errors ?? [{ text: String(error) }]) {
      problems.push(`${message.location?.file ?? "?"}: ${message.text}`);
    }
  }
  for (const file of files) {
    if (!file.endsWith(".d.ts")) continue;
    for (const [, specifier] of readFileSync(join(outDir, file), "utf8").matchAll(RELATIVE_IMPORT)) {
      const target = posix.normalize(posix.join(posix.dirname(file), specifier!));
      const candidates = [target.replace(/\.(?:ts|js)$/, ".d.ts"), target.replace(/\.ts$/, ".js")];
      if (!candidates.some((candidate) => files.has(candidate))) problems.push(`${file}: imports ${specifier}, which is not in dist/`);
    }
  }
  return problems;
}

function build(): void {
  const start = performance.now();
  rmSync(staging, { recursive: true, force: true });
  try {
    compile(staging);
    const copied = copyUncompiled(staging);
    const problems = importProblems(staging);
    if (problems.length > 0) throw new Error(`dist/ would not load:\n  ${problems.join("\n  ")}`);
    if (!existsSync(join(staging, "index.js")) || !existsSync(join(staging, "index.d.ts"))) {
      throw new Error("tsc wrote no index.js and index.d.ts");
    }
    rmSync(dist, { recursive: true, force: true });
    try {
      renameSync(staging, dist);
    } catch (error) {
      // node_modules on another file system (a symbolic link): copy instead.
      if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
      cpSync(staging, dist, { recursive: true });
    }
    const count = listFiles(dist).length;
    console.error(`dist/: ${count} files (${copied.length} copied from lib/) in ${Math.round(performance.now() - start)} ms`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

try {
  build();
} catch (error) {
  console.error(`build: ${(error as Error).message}`);
  process.exitCode = 1;
}
