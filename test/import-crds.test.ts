// The committed lib/models/kgateway is exactly what scripts/import-crds.ts
// generates from the pinned kgateway CRDs, so the models cannot drift from
// the script (or be edited by hand).

import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT, readTree } from "./helpers.ts";

const CRDS = join(REPO_ROOT, "..", "shared", "crds", "kgateway-v2.1.2");
const COMMITTED = join(REPO_ROOT, "lib", "models", "kgateway");

function importCrds(args: string[]): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/import-crds.ts", ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  return { status: result.status, stderr: result.stderr };
}

function withTempDir(use: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), "import-crds-test-"));
  try {
    use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The CRDs live outside the repository; CI provides them. Without them the test is reported as
// skipped, not silently left out.
(existsSync(CRDS) ? test : test.skip)("regenerating from the kgateway v2.1.2 CRDs reproduces lib/models/kgateway byte for byte", () => {
  withTempDir((dir) => {
    // The folder name picks the chart-values interface name, so it must match.
    const out = join(dir, "kgateway");
    const run = importCrds(["--out", out, "--chart-values", join(CRDS, "chart-values.yaml"), CRDS]);
    assert.is(run.status, 0, run.stderr);
    const generated = readTree(out);
    const committed = readTree(COMMITTED);
    assert.equal([...generated.keys()], [...committed.keys()]);
    for (const [path, content] of generated) {
      assert.ok(content === committed.get(path), `${path} differs from the committed file; run npm run import-crds`);
    }
  });
});

test("a file that is not a CRD fails with a message naming it", () => {
  withTempDir((dir) => {
    const input = join(dir, "not-a-crd.yaml");
    writeFileSync(input, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
    const run = importCrds(["--out", join(dir, "out"), input]);
    assert.is.not(run.status, 0);
    assert.match(run.stderr, "not-a-crd.yaml: not a CustomResourceDefinition");
    assert.not.ok(existsSync(join(dir, "out")), "nothing is written");
  });
});

test.run();
