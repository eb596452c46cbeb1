// Watch mode: the debouncing with a clock the test drives, watching a temporary folder for real,
// and `render --watch` as a user runs it. Nothing waits for time to pass: every wait is for an
// event, bounded by a generous timeout.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn } from "node:child_process";
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { debounceRuns, watchInputs, type Timers } from "../lib/watch.ts";
import { FLUXKIT, oneAppRepository, REPO_ROOT, tempFolders } from "./helpers.ts";

const tempDir = tempFolders(test, "fluxkit-watch-");

/** One pending timer at most, fired by the test. */
function manualTimers(): Timers & { fire(): void; readonly armed: boolean } {
  let pending: (() => void) | undefined;
  return {
    set: (callback) => (pending = callback),
    clear: (handle) => {
      if (handle === pending) pending = undefined;
    },
    fire() {
      const callback = pending;
      pending = undefined;
      callback?.();
    },
    get armed() {
      return pending !== undefined;
    },
  };
}

/** A run that records its changes and ends when the test says so. */
function recordedRuns() {
  const runs: (readonly string[])[] = [];
  let finish = (): void => {};
  const run = (changed: readonly string[]) => {
    runs.push(changed);
    return new Promise<void>((resolve) => (finish = resolve));
  };
  // The debouncer reacts to a run's end in a promise callback: let those run.
  const end = async (): Promise<void> => {
    finish();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { runs, run, end };
}

test("debounce: a run at once, then one run per burst of changes", async () => {
  const timers = manualTimers();
  const { runs, run, end } = recordedRuns();
  const debouncer = debounceRuns(run, 100, timers);
  assert.equal(runs, [[]]);
  await end();
  assert.not.ok(timers.armed);
  debouncer.changed("a.ts");
  debouncer.changed("b.ts");
  debouncer.changed("a.ts");
  assert.equal(runs.length, 1, "no run before the changes are quiet");
  timers.fire();
  assert.equal(runs, [[], ["a.ts", "b.ts"]]);
  await end();
  assert.not.ok(timers.armed);
});

test("debounce: runs never overlap; changes during a run lead to one more run after it", async () => {
  const timers = manualTimers();
  const { runs, run, end } = recordedRuns();
  debounceRuns(run, 100, timers).changed("during.ts");
  timers.fire();
  assert.equal(runs, [[]], "the first run is still going");
  await end();
  assert.ok(timers.armed);
  timers.fire();
  assert.equal(runs, [[], ["during.ts"]]);
});

test("debounce: close cancels the pending run and lets the current one finish alone", async () => {
  const timers = manualTimers();
  const { runs, run, end } = recordedRuns();
  const debouncer = debounceRuns(run, 100, timers);
  debouncer.changed("a.ts");
  debouncer.close();
  assert.not.ok(timers.armed);
  await end();
  debouncer.changed("b.ts");
  assert.not.ok(timers.armed);
  assert.equal(runs, [[]]);
});

/** Resolves with the first value `poll` gives, polling on each event of `tick`; fails after `ms`. */
function waitUntil<T>(what: string, poll: () => T | undefined, tick: (again: () => void) => void, ms = 30_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
    const check = (): void => {
      const value = poll();
      if (value === undefined) return;
      clearTimeout(timeout);
      resolve(value);
    };
    tick(check);
    check();
  });
}

test("watchInputs: an edit to an input file starts a run naming it; other files in its folder do not", async () => {
  const root = tempDir();
  mkdirSync(join(root, "nested", "deeper"), { recursive: true });
  const file = join(root, "nested", "deeper", "values.ts");
  const other = join(root, "nested", "deeper", "notes.txt");
  writeFileSync(file, "// 0\n");
  const runs: (readonly string[])[] = [];
  let notify = (): void => {};
  const watcher = watchInputs(() => [file], [], async (changed) => {
    runs.push(changed);
    notify();
  });
  let retry: NodeJS.Timeout | undefined;
  try {
    await waitUntil("the first run", () => runs[0], (again) => (notify = again));
    // Written again until a run names it, so that a watcher still starting up cannot miss it.
    retry = setInterval(() => {
      appendFileSync(other, "x\n");
      appendFileSync(file, "// again\n");
    }, 250);
    const changed = await waitUntil("a run naming the file", () => runs.slice(1).find((c) => c.includes(file)), (again) => (notify = again));
    assert.ok(changed.includes(file));
    assert.not.ok(runs.some((c) => c.includes(other)), "a file that is not an input started a run");
  } finally {
    clearInterval(retry);
    watcher.close();
  }
});

test("watchInputs: a file written in a subfolder of a watched folder starts a run naming it", async () => {
  const root = tempDir();
  mkdirSync(join(root, "nested", "deeper"), { recursive: true });
  const file = join(root, "nested", "deeper", "values.yaml");
  const runs: (readonly string[])[] = [];
  let notify = (): void => {};
  const watcher = watchInputs(() => [], [root], async (changed) => {
    runs.push(changed);
    notify();
  });
  let retry: NodeJS.Timeout | undefined;
  try {
    await waitUntil("the first run", () => runs[0], (again) => (notify = again));
    retry = setInterval(() => appendFileSync(file, "# again\n"), 250);
    const changed = await waitUntil("a run naming the file", () => runs.slice(1).find((c) => c.includes(file)), (again) => (notify = again));
    assert.ok(changed.includes(file));
  } finally {
    clearInterval(retry);
    watcher.close();
  }
});

test("fluxkit render --watch renders again after an edit to a module the config imports", async () => {
  const repo = tempDir();
  const writeApp = oneAppRepository(repo, 1);
  const child = spawn(process.execPath, [FLUXKIT, "render", "--watch"], {
    cwd: repo,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, FLUXKIT_BUNDLE_CACHE: join(repo, ".cache") },
  });
  let stdout = "";
  let stderr = "";
  let notify = (): void => {};
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    notify();
  });
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const rendered = join(repo, "out", "one", "kubernetes", "apps", "default", "x", "app", "helmrelease.yaml");
  try {
    await waitUntil("the first summary", () => (/^one\s+\d+ files, \d+ changed/m.test(stdout) ? true : undefined), (again) => (notify = again), 20_000);
    assert.match(readFileSync(rendered, "utf8"), /replicas: 1/);
    writeApp(2);
    await waitUntil("a render after the edit", () => (/render: apps\/app\.ts changed[\s\S]*^one\s+\d+ files, 1 changed/m.test(stdout) ? true : undefined), (again) => (notify = again), 20_000);
    assert.match(readFileSync(rendered, "utf8"), /replicas: 2/);
  } finally {
    child.kill("SIGINT");
  }
  assert.is(await exited, 0, stderr);
});

test("render --watch renders at once, prints its summary, and exits 0 on Ctrl-C", async () => {
  const child = spawn(process.execPath, [FLUXKIT, "render", "--watch", "--env", "home", "--out", tempDir()], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  try {
    await waitUntil("the first summary", () => (/^home\s+15 files, 15 changed, 0 removed/m.test(stdout) ? true : undefined), (again) => {
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        again();
      });
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    });
  } finally {
    child.kill("SIGINT");
  }
  assert.is(await exited, 0, stderr);
  assert.match(stdout, /^watching every file the config imports \(Ctrl-C stops\)\n\[\d\d:\d\d:\d\d\] render\n/);
});

test.run();
