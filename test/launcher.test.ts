// scripts/run.mjs and bin/bundle-cache.mjs, the launcher behind `fluxkit` and the bench scripts: it runs TypeScript from a bundle
// it caches, so what matters is that the cached bundle is never stale and the script cannot tell
// it was bundled. Each test uses its own scripts and its own cache folder, in temp folders.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LAUNCHER, tempFolders } from "./helpers.ts";

const tempDir = tempFolders(test, "fluxkit-launcher-");

/** A script folder: main.ts imports greeting.ts, which reads words.txt next to itself. */
function scripts(): string {
  const dir = tempDir();
  writeFileSync(join(dir, "words.txt"), "hello");
  writeFileSync(
    join(dir, "greeting.ts"),
    [
      'import { readFileSync } from "node:fs";',
      'export const greeting = (name: string): string => `${readFileSync(new URL("./words.txt", import.meta.url), "utf8")} ${name}`;',
      "export const moduleUrl = import.meta.url;",
    ].join("\n"),
  );
  writeFileSync(
    join(dir, "main.ts"),
    [
      'import { greeting, moduleUrl } from "./greeting.ts";',
      "const name: string = process.argv[2] ?? \"nobody\";",
      "console.log(JSON.stringify({ text: greeting(name), argv1: process.argv[1], rest: process.argv.slice(2), execArgv: process.execArgv, moduleUrl }));",
    ].join("\n"),
  );
  return dir;
}

function launch(cache: string, ...args: string[]) {
  const run = spawnSync(process.execPath, [LAUNCHER, ...args], { encoding: "utf8", env: { ...process.env, FLUXKIT_BUNDLE_CACHE: cache } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The builds in a cache folder: one folder each, holding its entry and chunks. */
const bundles = (cache: string): string[] => readdirSync(cache, { withFileTypes: true }).filter((entry) => entry.isDirectory() && entry.name !== "v8").map((entry) => entry.name);

test("runs the script with its own arguments, argv[1] and module URLs, as if run directly", () => {
  const dir = scripts();
  const run = launch(tempDir(), join(dir, "main.ts"), "world", "--flag");
  assert.is(run.code, 0, run.stderr);
  const seen = JSON.parse(run.stdout);
  assert.is(seen.text, "hello world");
  assert.is(seen.argv1, join(dir, "main.ts"));
  assert.equal(seen.rest, ["world", "--flag"]);
  assert.is(seen.moduleUrl, `file://${join(dir, "greeting.ts")}`);
  // Whatever restarts the script as Node would (execPath, execArgv, argv[1]) goes through here.
  assert.equal(seen.execArgv, [LAUNCHER]);
});

test("a second run reuses the bundle; an edit to any imported file, or to a file it reads, shows at once", () => {
  const dir = scripts();
  const cache = tempDir();
  assert.is(JSON.parse(launch(cache, join(dir, "main.ts"), "a").stdout).text, "hello a");
  const first = bundles(cache);
  assert.is(first.length, 1);
  assert.is(JSON.parse(launch(cache, join(dir, "main.ts"), "b").stdout).text, "hello b");
  assert.equal(bundles(cache), first, "rebuilt although nothing changed");

  // A file read at run time is not bundled: a change needs no rebuild.
  writeFileSync(join(dir, "words.txt"), "hi");
  assert.is(JSON.parse(launch(cache, join(dir, "main.ts"), "c").stdout).text, "hi c");
  assert.equal(bundles(cache), first);

  // An imported module changed: bundled again.
  const greeting = join(dir, "greeting.ts");
  writeFileSync(greeting, readFileSync(greeting, "utf8").replace("${name}", "${name.toUpperCase()}"));
  const run = launch(cache, join(dir, "main.ts"), "d");
  assert.is(JSON.parse(run.stdout).text, "hi D", run.stderr);
  const second = bundles(cache);
  assert.is(second.length, 1, "the earlier bundle is removed");
  assert.not.equal(second, first);
});

test("a syntax error fails with esbuild's file:line message and runs nothing", () => {
  const dir = scripts();
  writeFileSync(join(dir, "greeting.ts"), "export const greeting = (;\n");
  const run = launch(tempDir(), join(dir, "main.ts"));
  assert.is(run.code, 1);
  assert.is(run.stdout, "");
  assert.match(run.stderr, /\[ERROR\] Unexpected ";"/);
  assert.match(run.stderr, /greeting\.ts:1:\d+:/);
  assert.match(run.stderr, /could not bundle/);
});

test("a cache folder it cannot write names the folder and the way out, and runs nothing", () => {
  const dir = scripts();
  const blocker = join(tempDir(), "a-file");
  writeFileSync(blocker, "");
  const run = launch(join(blocker, "cache"), join(dir, "main.ts"));
  assert.is(run.code, 1);
  assert.is(run.stdout, "");
  assert.match(run.stderr, /cannot write the bundle cache in .*a-file\/cache \(ENOTDIR\); set FLUXKIT_BUNDLE_CACHE to a writable folder/);
});

test("a bundle removed by a concurrent rebuild is built again, and the script runs once", () => {
  const dir = scripts();
  const cache = tempDir();
  writeFileSync(join(dir, "main.ts"), `${readFileSync(join(dir, "main.ts"), "utf8")}\nimport { appendFileSync } from "node:fs";\nappendFileSync(${JSON.stringify(join(dir, "runs.log"))}, "run\\n");\n`);
  assert.is(launch(cache, join(dir, "main.ts")).code, 0);
  // What the other run's cleanup leaves: a manifest whose inputs are unchanged, its bundle gone.
  for (const bundle of bundles(cache)) rmSync(join(cache, bundle), { recursive: true });
  const run = launch(cache, join(dir, "main.ts"), "again");
  assert.is(run.code, 0, run.stderr);
  assert.is(JSON.parse(run.stdout).text, "hello again");
  assert.is(readFileSync(join(dir, "runs.log"), "utf8"), "run\nrun\n");
});

test("no script, or one that does not exist, is a usage error", () => {
  assert.is(launch(tempDir()).code, 2);
  const missing = launch(tempDir(), join(tempDir(), "nope.ts"));
  assert.is(missing.code, 2);
  assert.match(missing.stderr, /no such script: .*nope\.ts/);
});

test.run();
