// `npm run bench`: how fast rendering is, against floors measured in the same run. Scenarios: this
// repository's deployed environments, and generated monorepos of N copies of the AgentGateway app
// in two environments. For each, one in-process run times the phases (scripts/bench/phases.ts),
// then child processes time what users feel, each run several times (median): a first render, a
// re-render over the unchanged folder, --check, and the minimal yaml writer of the same files under
// plain node, node --import tsx and the tsx CLI (scripts/bench/floor-writer.mjs). Then the shared
// real repository imported (`fluxkit import`) and its imported repository rendered, beside the same
// writer of its files. Prints a table
// and the targets' verdicts, and writes every number as JSON. Never a test: times vary by machine.

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  BARE_FLOORS,
  formatTable,
  formatVerdicts,
  median,
  verdicts,
  type BareFloor,
  type BenchResults,
  type CorpusResult,
  type ImportScenarioResult,
  type NodeResult,
  type PhaseReport,
  type ScenarioCommand,
  type ScenarioResult,
  type Timing,
} from "./bench/report.ts";
import { importFiles, readFolder } from "../lib/import/files.ts";

const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
const TSX_CLI = path.join(REPO_ROOT, "node_modules", "tsx", "dist", "cli.mjs");
const LAUNCHER = path.join("scripts", "run.mjs");
const FLUXKIT = path.join("bin", "fluxkit.mjs");
// GNU time reports a child's peak RSS; without it only the in-process runs report memory.
const GNU_TIME = fs.existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

const USAGE = `Usage: npm run bench -- [--n 10,100,1000] [--runs 3] [--quick] [--json FILE] [--tmp DIR] [--node PATH]...

Options:
  --n LIST     sizes of the generated monorepos (copies of the app per env); default 10,100,1000
  --runs K     child-process runs per command, the median is reported; default 3
               (at least 11 for the bare floors, this repository and N up to 100, which are short)
  --quick      N=10 only, one run (a smoke test, not a measurement)
  --json FILE  write the results there; default: a new file in the temp folder, path printed
  --tmp DIR    render and write below DIR (e.g. a tmpfs, to take the disk out); default: the temp folder
  --node PATH  run the children with this node binary (repeatable); default: the running one
  -h, --help   print this help`;

const { values } = parseArgs({
  options: {
    n: { type: "string" },
    runs: { type: "string" },
    quick: { type: "boolean" },
    json: { type: "string" },
    tmp: { type: "string" },
    node: { type: "string", multiple: true },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

function positiveIntegers(text: string, option: string): number[] {
  const list = text.split(",").map((item) => Number(item.trim()));
  if (list.some((item) => !Number.isInteger(item) || item < 1)) {
    process.stderr.write(`${option} takes positive integers, got ${JSON.stringify(text)}\n\n${USAGE}\n`);
    process.exit(2);
  }
  return list;
}

const sizes = values.quick ? [10] : positiveIntegers(values.n ?? "10,100,1000", "--n");
const runs = values.quick ? 1 : positiveIntegers(values.runs ?? "3", "--runs")[0]!;
// Commands under a second or so (the bare floors, this repository's render, N up to 100) differ
// by tens of ms from run to run, as much as they differ from each other: they get more runs,
// except in a smoke test.
const shortRuns = values.quick ? 1 : Math.max(runs, 11);
const SHORT_SCENARIO_MAX_N = 100;
const nodes = values.node ?? [process.execPath];
const jsonPath = path.resolve(values.json ?? path.join(os.tmpdir(), `fluxkit-bench-${new Date().toISOString().replace(/[:.]/g, "-")}.json`));
const work = fs.mkdtempSync(path.join(path.resolve(values.tmp ?? os.tmpdir()), "fluxkit-bench-"));

let folders = 0;
/** A new empty folder under the work folder. */
function freshFolder(): string {
  const folder = path.join(work, `f${folders++}`);
  fs.mkdirSync(folder);
  return folder;
}

interface Run {
  readonly ms: number;
  readonly peakKiB: number | null;
  readonly stdout: string;
}

/**
 * Removes a folder, then waits for the disk to take in what is pending: otherwise the write-back
 * of one command's files and the deletion of the last folder's slow down the next timed command.
 */
function removeAndSettle(folder: string): void {
  fs.rmSync(folder, { recursive: true, force: true });
  spawnSync("sync");
}

/** Runs a command (in the repository unless `cwd` says otherwise) and fails loudly unless it exits 0. */
function run(command: readonly string[], where: { cwd?: string; env?: Record<string, string> } = {}): Run {
  const rssFile = path.join(work, "rss");
  const argv = GNU_TIME ? [GNU_TIME, "-f", "%M", "-o", rssFile, ...command] : [...command];
  const start = performance.now();
  const child = spawnSync(argv[0]!, argv.slice(1), { cwd: where.cwd ?? REPO_ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...where.env }, maxBuffer: 1 << 26 });
  const ms = performance.now() - start;
  if (child.status !== 0) {
    throw new Error(`${command.join(" ")} exited with ${child.status ?? child.signal}:\n${child.stderr}${child.stdout}`);
  }
  const peakKiB = GNU_TIME ? Number(fs.readFileSync(rssFile, "utf8").trim().split("\n").at(-1)) : null;
  return { ms, peakKiB, stdout: child.stdout };
}

function timing(command: readonly string[], samples: readonly Run[]): Timing {
  const peaks = samples.map((s) => s.peakKiB).filter((kib): kib is number => kib !== null);
  return {
    command: command.join(" "),
    runsMs: samples.map((s) => Math.round(s.ms * 10) / 10),
    medianMs: median(samples.map((s) => s.ms)),
    peakKiB: peaks.length > 0 ? Math.max(...peaks) : null,
  };
}

/** Every file path under `root`, sorted, for comparing what two writers wrote. */
function listFiles(root: string): string[] {
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
}

/**
 * Whether two folders hold the same files with the same bytes: the phase run takes the steps of
 * renderEnvironment one at a time, and this shows it still renders what the CLI renders.
 */
function sameTree(a: string, b: string): boolean {
  const files = listFiles(a);
  return files.join("\n") === listFiles(b).join("\n") && files.every((file) => fs.readFileSync(path.join(a, file)).equals(fs.readFileSync(path.join(b, file))));
}

function supportsTypeStripping(node: string): boolean {
  return spawnSync(node, ["-p", "Boolean(process.features.typescript)"], { encoding: "utf8" }).stdout.trim() === "true";
}

/**
 * Has the launcher bundle what `argv` runs now, so the timed runs find the cache as a user's
 * second run does. The cold run is a row of its own.
 */
function fillBundleCache(node: string, argv: readonly string[]): void {
  spawnSync(node, [...argv], { cwd: REPO_ROOT, stdio: "ignore" });
}

function bareFloors(node: string): Record<BareFloor, Timing> {
  const commands: Record<BareFloor, string[]> = {
    bareNode: [node, "-e", "0"],
    bareTsxImport: [node, "--import", "tsx", "-e", "0"],
    bareTsxCli: [node, TSX_CLI, "-e", "0"],
  };
  // Interleaved, so that drift in the machine's load affects all alike.
  const samples: Record<BareFloor, Run[]> = { bareNode: [], bareTsxImport: [], bareTsxCli: [] };
  for (let i = 0; i < shortRuns; i++) {
    for (const key of Object.keys(BARE_FLOORS) as BareFloor[]) samples[key].push(run(commands[key]));
  }
  const result = {} as Record<BareFloor, Timing>;
  for (const key of Object.keys(BARE_FLOORS) as BareFloor[]) result[key] = timing(commands[key], samples[key]);
  return result;
}

function scenario(node: string, n: number | null, stripTypes: boolean): ScenarioResult {
  const name = n === null ? "repo" : `N=${n}`;
  process.stderr.write(`[bench] ${path.basename(node)} ${name}: phases\n`);
  // This repository: `fluxkit render` as `npx fluxkit render` runs it (node_modules/.bin/fluxkit
  // is bin/fluxkit.mjs), and from source for the tsx and no-loader rows. A monorepo: its script.
  const launched = n === null ? [FLUXKIT, "render", "--out"] : [LAUNCHER, "scripts/bench/render-monorepo.ts", String(n)];
  const script = n === null ? ["scripts/bench/render-repo.ts", "--out"] : ["scripts/bench/render-monorepo.ts", String(n)];
  const treeJson = path.join(work, `tree-${name}.json`);
  const phaseOut = freshFolder();
  fillBundleCache(node, [LAUNCHER, "scripts/bench/phases.ts", "--help"]);
  const warmOut = freshFolder();
  fillBundleCache(node, [...launched, warmOut]);
  removeAndSettle(warmOut);
  const phaseRun = run([node, LAUNCHER, "scripts/bench/phases.ts", n === null ? "repo" : String(n), phaseOut, "--dump", treeJson]);
  spawnSync("sync");
  const phases = JSON.parse(phaseRun.stdout) as PhaseReport;
  if (phases.envs.some((env) => env.findings.error > 0)) throw new Error(`${name}: the rendered tree has validation errors`);

  // `fluxkit render --out`: every deployed environment, as the phase run renders them, through
  // the launcher as users run it (a bundle cached by its inputs).
  const render = (out: string, ...extra: string[]) => [node, ...launched, out, ...extra];
  const writer = path.join("scripts", "bench", "floor-writer.mjs");
  const commands: Partial<Record<ScenarioCommand, (out: string) => string[]>> = {
    render: (out) => render(out),
    // The first run after an edit or an install: the launcher bundles again before rendering.
    // Its cache goes inside the output folder (outside any app folder, so the render leaves it
    // alone) and is removed with it.
    renderColdCache: (out) => ["env", `FLUXKIT_BUNDLE_CACHE=${path.join(out, ".bundle-cache")}`, ...render(out)],
    // The bundle cached, the validation not: the first run after an edit to the rendered objects.
    ...(n === null && { renderNoCache: (out: string) => render(out, "--no-cache") }),
    renderTsx: (out) => [node, "--import", "tsx", ...script, out],
    rerender: (out) => render(out),
    check: (out) => render(out, "--check"),
    ...(stripTypes && { renderNoLoader: (out: string) => [node, ...script, out] }),
    floorNode: (out) => [node, writer, treeJson, out],
    floorTsxImport: (out) => [node, "--import", "tsx", writer, treeJson, out],
    floorTsxCli: (out) => [node, TSX_CLI, writer, treeJson, out],
  };
  // Re-render and check run over the folder this round's first render wrote; everything else
  // starts from an empty folder. Rounds interleave the commands so drift affects all alike.
  const samples: Partial<Record<ScenarioCommand, Run[]>> = {};
  let floorSameFiles = false;
  let phasesSameBytes = false;
  const rounds = n === null || n <= SHORT_SCENARIO_MAX_N ? shortRuns : runs;
  for (let round = 0; round < rounds; round++) {
    process.stderr.write(`[bench] ${path.basename(node)} ${name}: round ${round + 1}/${rounds}\n`);
    const rendered = freshFolder();
    for (const [command, argv] of Object.entries(commands) as [ScenarioCommand, (out: string) => string[]][]) {
      const out = command === "render" || command === "rerender" || command === "check" ? rendered : freshFolder();
      (samples[command] ??= []).push(run(argv(out)));
      if (round === 0 && command === "render") phasesSameBytes = sameTree(phaseOut, rendered);
      if (round === 0 && command === "floorNode") floorSameFiles = listFiles(out).join("\n") === listFiles(rendered).join("\n");
      if (out !== rendered) removeAndSettle(out);
      else spawnSync("sync");
    }
    removeAndSettle(rendered);
  }
  removeAndSettle(phaseOut);
  const wall: Partial<Record<ScenarioCommand, Timing>> = {};
  for (const [command, argv] of Object.entries(commands) as [ScenarioCommand, (out: string) => string[]][]) {
    wall[command] = timing(argv("OUT"), samples[command]!);
  }
  return {
    name,
    n,
    files: phases.envs.reduce((sum, env) => sum + env.files, 0),
    documents: phases.envs.reduce((sum, env) => sum + env.documents, 0),
    phases,
    wall,
    floorSameFiles,
    phasesSameBytes,
  };
}

/** The commit measured, marked dirty when the working tree differs from it; null outside git. */
function gitRevision(): string | null {
  const git = (...args: string[]) => spawnSync("git", args, { cwd: REPO_ROOT, encoding: "utf8" });
  const head = git("rev-parse", "--short", "HEAD");
  if (head.status !== 0) return null;
  return `${head.stdout.trim()}${git("status", "--porcelain").stdout.trim() === "" ? "" : " (dirty)"}`;
}

const CORPUS = path.join(REPO_ROOT, "..", "shared", "corpus", "onedr0p-home-ops", "kubernetes");

/**
 * `fluxkit validate` of the shared real repository beside `kubectl kustomize` of each of its
 * folders, interleaved; null (and said) where the repository or kubectl is missing.
 */
function corpusScenario(node: string): CorpusResult | null {
  if (!fs.existsSync(CORPUS) || spawnSync("kubectl", ["version", "--client"], { stdio: "ignore" }).status !== 0) {
    process.stderr.write("[bench] corpus skipped: ../shared/corpus or kubectl is missing\n");
    return null;
  }
  const validate = [node, FLUXKIT, "validate", CORPUS];
  const loop = [node, path.join("scripts", "bench", "kustomize-loop.mjs"), CORPUS];
  run(validate);
  const samples: { validate: Run[]; loop: Run[] } = { validate: [], loop: [] };
  let folders = 0;
  for (let round = 0; round < runs; round++) {
    process.stderr.write(`[bench] ${path.basename(node)} corpus: round ${round + 1}/${runs}\n`);
    samples.validate.push(run(validate));
    const built = run(loop);
    folders = (JSON.parse(built.stdout) as { folders: number }).folders;
    samples.loop.push(built);
  }
  return { dir: path.relative(REPO_ROOT, CORPUS), folders, validate: timing(validate, samples.validate), kustomizeLoop: timing(loop, samples.loop) };
}

/**
 * `fluxkit import kubernetes` of the shared real repository in a repository of its own (the
 * library imported by absolute path, as test/import.test.ts does), then `fluxkit render` there
 * with kubernetes/ deleted, beside the minimal writer of the same files (YAML the import types
 * as documents, the rest as text). Null (and said) without ../shared.
 */
function importScenario(node: string): ImportScenarioResult | null {
  if (!fs.existsSync(CORPUS)) {
    process.stderr.write("[bench] import skipped: ../shared/corpus is missing\n");
    return null;
  }
  process.stderr.write(`[bench] ${path.basename(node)} import: setting up\n`);
  const files = readFolder(path.dirname(CORPUS), "kubernetes");
  const treeJson = path.join(work, "tree-import.json");
  fs.writeFileSync(treeJson, JSON.stringify(Object.fromEntries(importFiles(files).map((file) => [file.path, file.verbatim ? file.text : file.documents.map((d) => d.object)]))));
  const fluxkit = path.join(REPO_ROOT, FLUXKIT);
  const importCommand = [node, fluxkit, "import", "kubernetes", "--library", path.join(REPO_ROOT, "lib", "index.ts")];
  const renderCommand = [node, fluxkit, "render"];
  const writer = path.join(REPO_ROOT, "scripts", "bench", "floor-writer.mjs");
  const floorCommands = { floorNode: (out: string) => [node, writer, treeJson, out], floorTsxImport: (out: string) => [node, "--import", "tsx", writer, treeJson, out] };
  // Two repositories holding the corpus as kubernetes/, each with its bundle cache outside it (they
  // have no node_modules): one imported again every round (an import rewrites its sources, so the
  // launcher would bundle again), one imported once, whose renders find the bundle built, as every
  // render after the first does.
  const repository = (name: string) => {
    const repo = freshFolder();
    fs.cpSync(CORPUS, path.join(repo, "kubernetes"), { recursive: true });
    return { repo, target: path.join(repo, "kubernetes"), where: { cwd: repo, env: { FLUXKIT_BUNDLE_CACHE: path.join(work, `${name}-bundle-cache`) } } };
  };
  const importing = repository("import");
  const rendering = repository("render");
  run(importCommand, importing.where);
  run(importCommand, rendering.where);
  removeAndSettle(rendering.target);
  // The first render after the import: the launcher bundles the imported sources.
  const firstRender = run(renderCommand, rendering.where);
  const sameBytes = sameTree(CORPUS, rendering.target);
  const samples = { import: [] as Run[], render: [] as Run[], floorNode: [] as Run[], floorTsxImport: [] as Run[] };
  let floorSameFiles = false;
  let lines: ImportScenarioResult["lines"] = null;
  for (let round = 0; round < runs; round++) {
    process.stderr.write(`[bench] ${path.basename(node)} import: round ${round + 1}/${runs}\n`);
    const imported = run(importCommand, importing.where);
    samples.import.push(imported);
    const counted = /lines: (\d+) TypeScript for (\d+)/.exec(imported.stdout);
    if (counted) lines = { typescript: Number(counted[1]), yaml: Number(counted[2]) };
    removeAndSettle(rendering.target);
    samples.render.push(run(renderCommand, rendering.where));
    for (const [command, argv] of Object.entries(floorCommands) as [keyof typeof floorCommands, (out: string) => string[]][]) {
      const out = freshFolder();
      samples[command].push(run(argv(out)));
      if (round === 0 && command === "floorNode") floorSameFiles = listFiles(path.join(out, "kubernetes")).join("\n") === listFiles(rendering.target).join("\n");
      removeAndSettle(out);
    }
  }
  removeAndSettle(importing.repo);
  removeAndSettle(rendering.repo);
  return {
    dir: path.relative(REPO_ROOT, CORPUS),
    files: files.size,
    lines,
    import: timing(importCommand, samples.import),
    firstRender: timing(renderCommand, [firstRender]),
    render: timing(renderCommand, samples.render),
    floorNode: timing(floorCommands.floorNode("OUT"), samples.floorNode),
    floorTsxImport: timing(floorCommands.floorTsxImport("OUT"), samples.floorTsxImport),
    sameBytes,
    floorSameFiles,
  };
}

function benchNode(node: string): NodeResult {
  const version = spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim();
  const stripTypes = supportsTypeStripping(node);
  process.stderr.write(`[bench] ${node} ${version}: floors\n`);
  const floors = bareFloors(node);
  const scenarios = [null, ...sizes].map((n) => scenario(node, n, stripTypes));
  const corpus = corpusScenario(node);
  const imported = importScenario(node);
  return { node, version, floors, scenarios, corpus, import: imported, verdicts: verdicts(scenarios, Number(version.replace(/^v/, "").split(".")[0]), corpus, imported) };
}

try {
  const revision = gitRevision();
  const loadBefore = os.loadavg()[0]!;
  const nodeResults = nodes.map(benchNode);
  const results: BenchResults = {
    date: new Date().toISOString(),
    revision,
    machine: { cpus: os.availableParallelism(), cpuModel: os.cpus()[0]?.model ?? "unknown", memoryMiB: Math.round(os.totalmem() / 2 ** 20), platform: `${os.platform()} ${os.release()}` },
    options: { n: sizes, runs, shortRuns, tmp: path.dirname(work) },
    loadAverage: { before: loadBefore, after: os.loadavg()[0]! },
    nodes: nodeResults,
  };
  fs.mkdirSync(path.dirname(jsonPath), { recursive: true });
  fs.writeFileSync(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
  const { machine } = results;
  const { before, after } = results.loadAverage;
  process.stdout.write(
    `${results.revision ?? "no git revision"}; ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryMiB} MiB, ${machine.platform}; median of ${runs} run${runs === 1 ? "" : "s"} (bare floors, repo and N ≤ ${SHORT_SCENARIO_MAX_N}: ${shortRuns}); writing below ${results.options.tmp};` +
      ` load average ${before.toFixed(2)} before, ${after.toFixed(2)} after\n\n`,
  );
  for (const result of results.nodes) process.stdout.write(`${formatTable(result)}\n\n${formatVerdicts(result)}\n\n`);
  process.stdout.write(`results: ${jsonPath}\n`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
