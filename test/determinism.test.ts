// The same input gives the same bytes on every machine: two processes with different time zones,
// locales and working directories render identical trees.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FLUXKIT, REPO_ROOT, readTree } from "./helpers.ts";

const root = mkdtempSync(join(tmpdir(), "fluxkit-determinism-"));

function renderInto(out: string, cwd: string, env: Record<string, string>): void {
  const run = spawnSync(
    process.execPath,
    [FLUXKIT, "render", "--env", "home", "--env", "staging", "--env", "seed", "--allow-invalid", "--out", out],
    { cwd, encoding: "utf8", env: { ...process.env, ...env } },
  );
  assert.is(run.status, 0, run.stderr);
}

test("two renders under different TZ, LANG and cwd give identical trees", () => {
  renderInto(join(root, "a"), REPO_ROOT, { TZ: "UTC", LANG: "C", LC_ALL: "C" });
  // fluxkit.config.ts is found from a subfolder as from the root.
  renderInto(join(root, "b"), join(REPO_ROOT, "lib", "yaml"), { TZ: "Pacific/Chatham", LANG: "tr_TR.UTF-8", LC_ALL: "tr_TR.UTF-8" });
  const a = readTree(join(root, "a"));
  const b = readTree(join(root, "b"));
  assert.ok(a.size >= 44, `rendered ${a.size} files`);
  assert.equal([...b.keys()], [...a.keys()]);
  for (const [path, text] of a) assert.fixture(b.get(path) ?? "", text, path);
});

test.after(() => rmSync(root, { recursive: true, force: true }));

test.run();
