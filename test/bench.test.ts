// `npm run bench -- --quick` as a smoke test: the benchmark runs end to end and reports every
// scenario and floor. Times are never asserted; they depend on the machine.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BARE_FLOORS, deviation, importVerdict, median, SCENARIO_COMMANDS, verdicts, type BenchResults, type ImportScenarioResult, type ScenarioResult, type Timing } from "../scripts/bench/report.ts";
import { REPO_ROOT } from "./helpers.ts";

const CORPUS = join(REPO_ROOT, "..", "shared", "corpus", "onedr0p-home-ops", "kubernetes");
const temp = mkdtempSync(join(tmpdir(), "fluxkit-bench-test-"));
test.after(() => rmSync(temp, { recursive: true, force: true }));

test("bench --quick prints the table and verdicts and writes JSON with every scenario and floor", () => {
  const json = join(temp, "results.json");
  const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/bench.ts", "--quick", "--json", json], { cwd: REPO_ROOT, encoding: "utf8" });
  assert.is(run.status, 0, run.stderr);

  for (const label of [...Object.values(BARE_FLOORS), ...Object.values(SCENARIO_COMMANDS).filter((label) => !label.includes("no loader"))]) {
    assert.ok(run.stdout.includes(label), `table row ${label}`);
  }
  assert.match(run.stdout, /^repo: 2 envs, \d+ files, \d+ docs$/m);
  assert.match(run.stdout, /^N=10: 2 envs, \d+ files, \d+ docs$/m);
  assert.match(run.stdout, /^ {2}(PASS|FAIL) {2}repo: render ≤ 1\.25× the minimal writer/m);
  assert.match(run.stdout, /^ {2}n\/a {3}N=1000: /m);
  assert.ok(run.stdout.includes(`results: ${json}`));

  const results = JSON.parse(readFileSync(json, "utf8")) as BenchResults;
  assert.equal([results.options.n, results.options.runs], [[10], 1]);
  assert.is(results.nodes.length, 1);
  const [node] = results.nodes;
  assert.equal(Object.keys(node!.floors).sort(), Object.keys(BARE_FLOORS).sort());
  assert.equal(node!.scenarios.map((s) => s.name), ["repo", "N=10"]);
  for (const scenario of node!.scenarios) {
    for (const command of ["render", "rerender", "check", "floorNode", "floorTsxImport", "floorTsxCli"] as const) {
      assert.is(scenario.wall[command]?.runsMs.length, 1, `${scenario.name} ${command}`);
    }
    assert.ok(scenario.floorSameFiles, `${scenario.name}: the floor writes the render's files`);
    assert.ok(scenario.phasesSameBytes, `${scenario.name}: the phase run renders the CLI's bytes`);
    assert.is(scenario.phases.envs.length, 2);
    for (const env of scenario.phases.envs) assert.is(env.findings.error, 0, `${scenario.name} ${env.name}`);
  }

  // The shared real repository imported, then its imported repository rendered (skipped without ../shared).
  if (existsSync(CORPUS)) {
    assert.match(run.stdout, /^ {2}(PASS|FAIL) {2}import: render of the imported repository ≤ 1\.25× the minimal writer under node --import tsx: \d+ ms vs \d+ ms/m);
    assert.match(run.stdout, /^ {2}fluxkit import DIR \(tsc included\) +\d+ .*\d+ TypeScript lines written for \d+ YAML lines$/m);
    const imported = node!.import!;
    assert.is(imported.files, 421);
    assert.ok(imported.sameBytes, "the render of the imported repository gives back every file");
    assert.ok(imported.floorSameFiles, "the floor writes the same files");
    for (const timed of [imported.import, imported.render, imported.floorNode, imported.floorTsxImport]) assert.is(timed.runsMs.length, 1, timed.command);
    assert.ok(imported.lines !== null && imported.lines.typescript <= imported.lines.yaml, JSON.stringify(imported.lines));
  } else {
    console.log("  (bench import scenario not checked: ../shared/corpus is absent)");
    assert.match(run.stdout, /^ {2}n\/a {3}import: /m);
    assert.is(node!.import, null);
  }
});

test("the import verdict: within 1.25× of the writer under node --import tsx, and only if every file came back", () => {
  const timing = (medianMs: number): Timing => ({ command: "", runsMs: [medianMs], medianMs, peakKiB: null });
  const result = (render: number, sameBytes: boolean): ImportScenarioResult => ({
    dir: "kubernetes", files: 421, lines: { typescript: 9, yaml: 10 }, import: timing(5000), firstRender: timing(3000), render: timing(render),
    floorNode: timing(400), floorTsxImport: timing(800), sameBytes, floorSameFiles: true,
  });
  assert.is(importVerdict(result(1000, true)).pass, true);
  assert.match(importVerdict(result(1000, true)).detail, /1000 ms vs 800 ms = 1\.25× \(vs the writer under plain node: 2\.50×\)/);
  assert.is(importVerdict(result(1040, true)).pass, false, "1.3× the writer");
  assert.is(importVerdict(result(300, false)).pass, false, "fast, but a file changed");
  assert.is(importVerdict(null).pass, null);
});

test("render --check counts as slower than a re-render only by more than their run-to-run spread", () => {
  const timing = (runsMs: number[]): Timing => ({ command: "", runsMs, medianMs: median(runsMs), peakKiB: null });
  const scenario = (check: number[], rerender: number[]): ScenarioResult => ({
    name: "N=10",
    n: 10,
    files: 1,
    documents: 1,
    floorSameFiles: true,
    phasesSameBytes: true,
    phases: { scenario: "10", node: "", ms: { boot: 0, loadValidate: 0, loadOther: 0, compose: 0 }, envs: [], maxRssKiB: 0 },
    wall: { render: timing(rerender), rerender: timing(rerender), check: timing(check) },
  });
  const verdict = (check: number[], rerender: number[]) => verdicts([scenario(check, rerender)]).find((v) => v.target.includes("--check"))!;
  assert.equal(deviation([100, 110, 130]), 10);
  assert.is(verdict([90, 95, 100], [100, 110, 120]).pass, true, "faster");
  const withinNoise = verdict([110, 115, 120], [100, 110, 120]);
  assert.is(withinNoise.pass, true, "5 ms slower, runs spread by 10");
  assert.match(withinNoise.detail, /spread ±10 ms: not measurably slower/);
  assert.is(verdict([150, 151, 152], [100, 101, 102]).pass, false, "50 ms slower, runs spread by 1");
});

test.run();
