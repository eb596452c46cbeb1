// Validation gates the render: errors stop it with nothing written, --allow-invalid writes and
// says so, a baseline known to be invalid is written with one line about its findings; the
// validate command prints findings and exits 1 on errors.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { homeValues } from "../config/home.ts";
import { seed } from "../config/seed.ts";
import { agentGatewayEnvironment } from "../lib/apps/agentgateway/index.ts";
import type { Environment } from "../lib/environment.ts";
import { merge } from "../lib/merge.ts";
import { renderCommand, validateCommand } from "../lib/render-cli.ts";
import { Capture } from "./helpers.ts";

const root = mkdtempSync(join(tmpdir(), "fluxkit-validate-cli-"));

/** Home with a PodDisruptionBudget over one proxy replica: an error, not a baseline. */
const broken = agentGatewayEnvironment({
  name: "broken",
  description: "home with one proxy replica under its PodDisruptionBudget",
  deploy: true,
  substituteFromVars: { "Secret/cluster-secrets": ["SECRET_DOMAIN"] },
  values: merge(homeValues, { gateway: { proxy: { replicas: 1 } } }),
});

async function run(cmd: typeof renderCommand, environments: readonly Environment[], ...argv: string[]) {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await cmd(argv, { environments, repoRoot: root, stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

test("errors stop the render with nothing written, and name rule, env, file and path", async () => {
  const out = join(root, "blocked");
  const result = await run(renderCommand, [broken], "--out", out);
  assert.is(result.code, 1);
  assert.match(result.stderr, /^ERROR pdb\/blocks-drain \[broken\] kubernetes\/apps\/ai-system\/agentgateway\/app\/pdb\.yaml PodDisruptionBudget\/agentgateway spec\.minAvailable: .+\(fix: .+\)$/m);
  assert.match(result.stderr, /nothing written/);
  assert.not.ok(existsSync(out), "nothing is written");
});

test("--allow-invalid writes anyway, loudly", async () => {
  const out = join(root, "allowed");
  const result = await run(renderCommand, [broken], "--out", out, "--allow-invalid");
  assert.is(result.code, 0);
  assert.match(result.stderr, /WARNING: --allow-invalid: writing output that failed validation/);
  assert.ok(existsSync(join(out, "kubernetes/apps/ai-system/agentgateway/app/pdb.yaml")));
});

test("a baseline known to be invalid is written, with one line about its findings", async () => {
  const result = await run(renderCommand, [seed], "--env", "seed", "--out", join(root, "seed"));
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stderr, /^seed: 17 errors, 9 warnings, \d+ infos, expected \(.+\); see fluxkit validate --env seed\n$/);
});

test("validate prints the findings and exits 1 on errors, 0 without", async () => {
  const failing = await run(validateCommand, [seed], "--env", "seed");
  assert.is(failing.code, 1);
  assert.match(failing.stdout, /^ERROR kgateway\/regex-action \[seed\] .*trafficpolicies\.yaml TrafficPolicy\/prompt-guards spec\.ai\.promptGuard\.request\[0\]\.regex\.action: /m);
  assert.match(failing.stdout, /^seed: 23 documents, 17 errors, 9 warnings, \d+ infos; CEL rules: \d+ evaluated, 0 failed, 0 not evaluable/m);
  assert.not.match(failing.stdout, /^INFO /m, "infos only with --verbose");
  assert.match((await run(validateCommand, [seed], "--env", "seed", "--verbose")).stdout, /^INFO typing\/untyped-object /m);
  const home = agentGatewayEnvironment({ name: "home", description: "", deploy: true, substituteFromVars: { "Secret/cluster-secrets": ["SECRET_DOMAIN"] }, values: homeValues });
  const passing = await run(validateCommand, [home]);
  assert.is(passing.code, 0, passing.stdout);
  assert.match(passing.stdout, /^home: 24 documents, 0 errors, 0 warnings/m);
});

test.after(() => rmSync(root, { recursive: true, force: true }));


test("the config's suppressions and severities apply to render and validate; an unused suppression is a finding", async () => {
  const { configSuppressions } = await import("../lib/validate/suppress.ts");
  const suppress = configSuppressions([
    { rule: "pdb/blocks-drain", object: "PodDisruptionBudget/agentgateway", reason: "one replica on purpose in this test" },
    { rule: "ref/*", object: "Service/nothing", reason: "matches nothing" },
  ], "fluxkit.config.ts");
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await renderCommand(["--out", join(root, "suppressed")], { environments: [broken], repoRoot: root, stdout, stderr, suppress });
  assert.is(code, 0, stderr.text);
  assert.not.match(stderr.text, /pdb\/blocks-drain/);
  assert.match(stderr.text, /^WARNING suppress\/unused /m);

  const lowered = new Capture();
  const loweredCode = await validateCommand([], { environments: [broken], repoRoot: root, stdout: lowered, stderr: new Capture(), severity: { "pdb/*": "warning" } });
  assert.is(loweredCode, 0, lowered.text);
  assert.match(lowered.text, /^WARNING pdb\/blocks-drain /m);
});

test("--format github: one workflow command per finding, naming the committed file; properties escaped", async () => {
  const result = await run(validateCommand, [seed], "--env", "seed", "--format", "github");
  assert.is(result.code, 1);
  const lines = result.stdout.split("\n").filter((line) => line.startsWith("::"));
  assert.is(lines.length, 26, "17 errors and 9 warnings, no infos");
  assert.match(result.stdout, /^::error file=out\/seed\/kubernetes\/apps\/ai-system\/agentgateway\/app\/trafficpolicies\.yaml,title=kgateway\/regex-action TrafficPolicy\/prompt-guards::spec\.ai\.promptGuard\.request\[0\]\.regex\.action: /m);
  assert.match(result.stdout, /^::warning file=/m);
  assert.not.match(lines.join("\n"), /,title=[^:]*,[^:]*::/, "no raw comma inside a property");
});

test.run();
