// Shared test helpers: reading golden trees, comparing whole files, capturing command output.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
export const GOLDEN = join(REPO_ROOT, "test", "golden");

/** Every file under `dir`, as relative path → text, sorted by path. */
export function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder).sort()) {
      const full = join(folder, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.set(relative(dir, full).split("\\").join("/"), readFileSync(full, "utf8"));
    }
  };
  walk(dir);
  return files;
}

/** A stream that keeps what is written to it, for commands run in process. */
export class Capture extends Writable {
  text = "";
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** The launcher that runs the repository's own scripts from a cached bundle (bench phases). */
export const LAUNCHER = join(REPO_ROOT, "scripts", "run.mjs");

/** The `fluxkit` command, as npm's scripts and the package's users run it. */
export const FLUXKIT = join(REPO_ROOT, "bin", "fluxkit.mjs");

/**
 * A maker of temp folders for one test file, every one of them removed once its tests are done:
 * `const tempDir = tempFolders(test, "fluxkit-render-")`.
 */
export function tempFolders(suite: { after(hook: () => void): void }, prefix: string): () => string {
  const made: string[] = [];
  suite.after(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}

/**
 * A repository of its own in `repo`: fluxkit.config.ts with one environment, `one`, whose app
 * (apps/app.ts) renders one HelmRelease with `replicas`; the library imported by path. Returns a
 * function that rewrites the app with another value, as a person edits it.
 */
export function oneAppRepository(repo: string, replicas: number): (replicas: number) => void {
  mkdirSync(join(repo, "apps"), { recursive: true });
  const lib = JSON.stringify(join(REPO_ROOT, "lib", "index.ts"));
  writeFileSync(join(repo, "fluxkit.config.ts"), [
    `import { defineConfig, defineEnvironment } from ${lib};`,
    'import { app } from "./apps/app.ts";',
    'export default defineConfig({ environments: [defineEnvironment({ name: "one", description: "a cluster", deploy: true, build: app })] });',
    "",
  ].join("\n"));
  const writeApp = (value: number): void => writeFileSync(join(repo, "apps", "app.ts"), [
    `import { fileTree, helmRelease } from ${lib};`,
    `export const app = () => fileTree([["kubernetes/apps/default/x/app/helmrelease.yaml", [helmRelease({ metadata: { name: "x" }, spec: { interval: "1h", chart: { spec: { chart: "x", sourceRef: { kind: "HelmRepository", name: "x" } } }, values: { replicas: ${value} } } })]]]);`,
    "",
  ].join("\n"));
  writeApp(replicas);
  return writeApp;
}

