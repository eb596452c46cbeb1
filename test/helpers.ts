// Shared test helpers: reading golden trees, comparing whole files, capturing command output.

import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
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
