// The benchmark's results: their shape (also the shape of the JSON file), the targets they are
// judged by, and the table printed for people. Pure: numbers in, text and verdicts out.

import type { Severity } from "../../lib/validate/findings.ts";

/** One environment rendered phase by phase (scripts/bench/phases.ts); times in ms. */
export interface EnvPhases {
  readonly name: string;
  readonly files: number;
  readonly documents: number;
  readonly bytes: number;
  readonly findings: Record<Severity, number>;
  readonly ms: {
    readonly build: number;
    readonly validate: number;
    readonly emit: number;
    /** First write, into an empty folder. */
    readonly write: number;
    /** The same files again over the folder just written: nothing changes. */
    readonly rewrite: number;
    readonly check: number;
  };
}

/** A scenario's in-process run; times in ms since the process started (`boot`) or per phase. */
export interface PhaseReport {
  readonly scenario: string;
  readonly node: string;
  readonly ms: { readonly boot: number; readonly loadValidate: number; readonly loadOther: number; readonly compose: number };
  readonly envs: readonly EnvPhases[];
  readonly maxRssKiB: number;
}

/** A command run several times as a child process. */
export interface Timing {
  readonly command: string;
  readonly runsMs: readonly number[];
  readonly medianMs: number;
  /** The largest peak RSS over the runs, when /usr/bin/time could measure it. */
  readonly peakKiB: number | null;
}

/** The commands timed per scenario, each doing the same work on the same files. */
export const SCENARIO_COMMANDS = {
  render: "render into an empty folder",
  renderNoCache: "render --no-cache (validates again)",
  renderColdCache: "render, bundle cache empty (builds it)",
  renderTsx: "render, node --import tsx (no bundle)",
  rerender: "re-render (nothing changed)",
  check: "render --check (clean)",
  renderNoLoader: "render, no loader (type stripping)",
  floorNode: "floor: yaml writer, node",
  floorTsxImport: "floor: yaml writer, node --import tsx",
  floorTsxCli: "floor: yaml writer, tsx CLI",
} as const;
export type ScenarioCommand = keyof typeof SCENARIO_COMMANDS;

export const BARE_FLOORS = {
  bareNode: "node -e 0",
  bareTsxImport: "node --import tsx -e 0",
  bareTsxCli: "tsx -e 0",
} as const;
export type BareFloor = keyof typeof BARE_FLOORS;

export interface ScenarioResult {
  /** `repo`, or `N=<n>` for a generated monorepo. */
  readonly name: string;
  readonly n: number | null;
  readonly files: number;
  readonly documents: number;
  readonly phases: PhaseReport;
  readonly wall: Partial<Record<ScenarioCommand, Timing>>;
  /** Whether the floor writer wrote exactly the paths the render wrote. */
  readonly floorSameFiles: boolean;
  /** Whether the phase run wrote exactly the bytes the timed render wrote. */
  readonly phasesSameBytes: boolean;
}

export interface Verdict {
  readonly target: string;
  /** null when the run did not include what the target needs. */
  readonly pass: boolean | null;
  readonly detail: string;
}

/** `fluxkit validate` of a real repository beside the check its users run today. */
export interface CorpusResult {
  readonly dir: string;
  /** Folders holding a kustomization.yaml: what the loop builds, one `kubectl kustomize` each. */
  readonly folders: number;
  readonly validate: Timing;
  readonly kustomizeLoop: Timing;
}

/**
 * `fluxkit import` of the shared real repository into a repository of its own, then `fluxkit
 * render` of what it wrote (the files deleted first), beside the minimal writer of the same files.
 */
export interface ImportScenarioResult {
  readonly dir: string;
  readonly files: number;
  /** The import's own summary: TypeScript lines written for the YAML lines read. */
  readonly lines: { readonly typescript: number; readonly yaml: number } | null;
  /** `fluxkit import DIR`, type-checking the sources it writes (tsc) included. */
  readonly import: Timing;
  /** The first render after the import, its files deleted first: the launcher bundles the sources. */
  readonly firstRender: Timing;
  /** `fluxkit render` of the imported repository, its files deleted first, the bundle built. */
  readonly render: Timing;
  readonly floorNode: Timing;
  readonly floorTsxImport: Timing;
  /** Whether the render re-created every file byte for byte. */
  readonly sameBytes: boolean;
  /** Whether the floor writer wrote exactly the paths the render wrote. */
  readonly floorSameFiles: boolean;
}

export interface NodeResult {
  readonly node: string;
  readonly version: string;
  readonly floors: Record<BareFloor, Timing>;
  readonly scenarios: readonly ScenarioResult[];
  /** Null where the shared repository or kubectl is not on the machine. */
  readonly corpus: CorpusResult | null;
  /** Null where the shared repository is not on the machine. */
  readonly import: ImportScenarioResult | null;
  readonly verdicts: readonly Verdict[];
}

export interface BenchResults {
  readonly date: string;
  /** The commit measured (`abc1234`, `abc1234 (dirty)`), null outside a git checkout. */
  readonly revision: string | null;
  readonly machine: { readonly cpus: number; readonly cpuModel: string; readonly memoryMiB: number; readonly platform: string };
  readonly options: { readonly n: readonly number[]; readonly runs: number; readonly shortRuns: number; readonly tmp: string };
  /** 1-minute load averages before and after: other work on the machine skews every number. */
  readonly loadAverage: { readonly before: number; readonly after: number };
  readonly nodes: readonly NodeResult[];
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The median absolute deviation: how far a typical run lies from the median, outliers aside. */
export function deviation(values: readonly number[]): number {
  const middle = median(values);
  return median(values.map((value) => Math.abs(value - middle)));
}

type PhaseName = keyof EnvPhases["ms"];

/** A phase summed over the scenario's environments. */
export function phaseSum(report: PhaseReport, phase: PhaseName): number {
  return report.envs.reduce((sum, env) => sum + env.ms[phase], 0);
}

/** The in-process time of a first render: start-up, loading, composing, then every env's work. */
export function renderTotal(report: PhaseReport): number {
  const { boot, loadValidate, loadOther, compose } = report.ms;
  return boot + loadValidate + loadOther + compose + (["build", "validate", "emit", "write"] as const).reduce((sum, phase) => sum + phaseSum(report, phase), 0);
}

/** The floor a scenario's render is judged against: the tsx writer for the repo, plain node at scale. */
export function targetFloor(scenario: ScenarioResult): ScenarioCommand {
  return scenario.n === null ? "floorTsxImport" : "floorNode";
}

const ratioText = (value: number): string => `${value.toFixed(2)}×`;
const ms = (value: number): string => value.toFixed(0);

function ratio(scenario: ScenarioResult, command: ScenarioCommand, floor: ScenarioCommand): number | undefined {
  const a = scenario.wall[command];
  const b = scenario.wall[floor];
  return a && b ? a.medianMs / b.medianMs : undefined;
}

/**
 * The targets' verdicts for one Node version's run. `nodeMajor`: the plain-node target of the
 * repository render is judged on Node 24 (no loader needed there) and only reported elsewhere.
 */
export function verdicts(scenarios: readonly ScenarioResult[], nodeMajor?: number, corpus: CorpusResult | null = null, imported: ImportScenarioResult | null = null): Verdict[] {
  const repo = scenarios.find((s) => s.n === null);
  const n100 = scenarios.find((s) => s.n === 100);
  const n1000 = scenarios.find((s) => s.n === 1000);
  const result: Verdict[] = [];
  const missing = (target: string, what: string): Verdict => ({ target, pass: null, detail: `not measured (${what} not in this run)` });

  const repoTarget = "repo: render ≤ 1.25× the minimal writer under node --import tsx";
  const repoRatio = repo && ratio(repo, "render", "floorTsxImport");
  if (repo && repoRatio !== undefined) {
    const cli = ratio(repo, "render", "floorTsxCli");
    result.push({
      target: repoTarget,
      pass: repoRatio <= 1.25,
      detail: `${ms(repo.wall.render!.medianMs)} ms vs ${ms(repo.wall.floorTsxImport!.medianMs)} ms = ${ratioText(repoRatio)}` +
        (cli === undefined ? "" : ` (vs the tsx CLI writer: ${ratioText(cli)})`),
    });
  } else result.push(missing(repoTarget, "repo"));

  const plainRatio = repo && ratio(repo, "render", "floorNode");
  if (repo && plainRatio !== undefined) {
    const judged = nodeMajor !== undefined && nodeMajor >= 24;
    result.push({
      target: `repo: render ≤ 1.0× the minimal writer under plain node (${judged ? "judged" : "judged on Node 24; reported"} here)`,
      pass: judged ? plainRatio <= 1 : null,
      detail: `${ms(repo.wall.render!.medianMs)} ms vs ${ms(repo.wall.floorNode!.medianMs)} ms = ${ratioText(plainRatio)}` +
        (repo.wall.renderNoCache === undefined ? "" : `; validating again (--no-cache): ${ratioText(repo.wall.renderNoCache.medianMs / repo.wall.floorNode!.medianMs)}`),
    });
  }

  const corpusTarget = "corpus: fluxkit validate ≤ 0.2× kubectl kustomize of each of its folders";
  if (corpus !== null) {
    const share = corpus.validate.medianMs / corpus.kustomizeLoop.medianMs;
    result.push({
      target: corpusTarget,
      pass: share <= 0.2,
      detail: `${ms(corpus.validate.medianMs)} ms vs ${ms(corpus.kustomizeLoop.medianMs)} ms over ${corpus.folders} folders = ${ratioText(share)}`,
    });
  } else result.push(missing(corpusTarget, "the shared repository or kubectl"));

  result.push(importVerdict(imported));

  const scaleTarget = "N=1000: validated, styled render ≤ 1.0× the minimal writer under plain node";
  const scaleRatio = n1000 && ratio(n1000, "render", "floorNode");
  if (n1000 && scaleRatio !== undefined) {
    const again = ratio(n1000, "rerender", "floorNode");
    result.push({
      target: scaleTarget,
      pass: scaleRatio <= 1,
      detail: `${ms(n1000.wall.render!.medianMs)} ms vs ${ms(n1000.wall.floorNode!.medianMs)} ms = ${ratioText(scaleRatio)}` +
        (again === undefined ? "" : `; re-render ${ratioText(again)}`),
    });
  } else result.push(missing(scaleTarget, "N=1000"));

  const memoryTarget = "N=1000: peak memory under 1 GiB";
  if (n1000) {
    const peakKiB = n1000.wall.render?.peakKiB ?? n1000.phases.maxRssKiB;
    result.push({ target: memoryTarget, pass: peakKiB < 1024 * 1024, detail: `${(peakKiB / 1024).toFixed(0)} MiB` });
  } else result.push(missing(memoryTarget, "N=1000"));

  const growthTarget = "time(N=1000) / time(N=100) ≤ 11";
  if (n100?.wall.render && n1000?.wall.render) {
    const growth = n1000.wall.render.medianMs / n100.wall.render.medianMs;
    const work = (s: ScenarioResult) => phaseSum(s.phases, "build") + phaseSum(s.phases, "validate") + phaseSum(s.phases, "emit") + phaseSum(s.phases, "write");
    result.push({
      target: growthTarget,
      pass: growth <= 11,
      detail: `${ms(n1000.wall.render.medianMs)} / ${ms(n100.wall.render.medianMs)} ms = ${growth.toFixed(1)} (in-process build+validate+emit+write alone: ${(work(n1000) / work(n100)).toFixed(1)})`,
    });
  } else result.push(missing(growthTarget, "N=100 and N=1000"));

  for (const scenario of scenarios) {
    const share = phaseSum(scenario.phases, "validate") / renderTotal(scenario.phases);
    result.push({
      target: `${scenario.name}: validation under half of the render's time`,
      pass: share < 0.5,
      detail: `${ms(phaseSum(scenario.phases, "validate"))} of ${ms(renderTotal(scenario.phases))} ms in process = ${(share * 100).toFixed(0)}%` +
        ` (with loading the validators: ${(((phaseSum(scenario.phases, "validate") + scenario.phases.ms.loadValidate) / renderTotal(scenario.phases)) * 100).toFixed(0)}%)`,
    });
  }

  for (const scenario of scenarios) {
    const vsRerender = ratio(scenario, "check", "rerender");
    const vsRender = ratio(scenario, "check", "render");
    if (vsRerender === undefined || vsRender === undefined) continue;
    const check = scenario.wall.check!;
    const rerender = scenario.wall.rerender!;
    // Both run the same plan over the same unchanged folder, so their medians differ by noise
    // alone; "slower" means slower by more than the commands' own run-to-run spread.
    const spread = Math.max(deviation(check.runsMs), deviation(rerender.runsMs));
    const slowerBy = check.medianMs - rerender.medianMs;
    result.push({
      target: `${scenario.name}: render --check no slower than render`,
      pass: slowerBy <= spread,
      detail: `check ${ms(check.medianMs)} ms vs re-render ${ms(rerender.medianMs)} ms = ${ratioText(vsRerender)}` +
        `, run-to-run spread ±${ms(spread)} ms${slowerBy > 0 && slowerBy <= spread ? ": not measurably slower" : ""} (vs a first render: ${ratioText(vsRender)})`,
    });
  }
  return result;
}

export const IMPORT_TARGET = "import: render of the imported repository ≤ 1.25× the minimal writer under node --import tsx";

/**
 * The imported repository's render against the minimal writer under `node --import tsx`, the
 * floor the 1.25× of the repository render is judged by too (the renders run through the bundled
 * CLI, the floors as scripts); the plain-node ratio is printed beside it. A render that did not
 * give back every file fails whatever its time.
 */
export function importVerdict(imported: ImportScenarioResult | null): Verdict {
  if (imported === null) return { target: IMPORT_TARGET, pass: null, detail: "not measured (the shared repository not on this machine)" };
  const share = imported.render.medianMs / imported.floorTsxImport.medianMs;
  return {
    target: IMPORT_TARGET,
    pass: share <= 1.25 && imported.sameBytes,
    detail: `${ms(imported.render.medianMs)} ms vs ${ms(imported.floorTsxImport.medianMs)} ms = ${ratioText(share)}` +
      ` (vs the writer under plain node: ${ratioText(imported.render.medianMs / imported.floorNode.medianMs)})` +
      (imported.sameBytes ? "; every file byte for byte" : "; THE RENDER CHANGED FILES") +
      `; the import itself ${ms(imported.import.medianMs)} ms`,
  };
}

/** Left-aligned text columns, right-aligned numbers. */
function formatColumns(rows: readonly (readonly string[])[], numeric: readonly boolean[]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) =>
    row.map((cell, column) => (numeric[column] ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join("  ").trimEnd(),
  );
}

const mib = (kib: number | null | undefined): string => (kib === null || kib === undefined ? "-" : (kib / 1024).toFixed(0));

function phaseSplit(scenario: ScenarioResult, command: ScenarioCommand): string {
  const p = scenario.phases;
  const sum = (phase: PhaseName) => ms(phaseSum(p, phase));
  if (command === "render") {
    return `boot ${ms(p.ms.boot)} · load validate ${ms(p.ms.loadValidate)} · load other ${ms(p.ms.loadOther)} · compose ${ms(p.ms.compose)}` +
      ` · build ${sum("build")} · validate ${sum("validate")} · emit ${sum("emit")} · write ${sum("write")}`;
  }
  if (command === "rerender") return `write unchanged ${sum("rewrite")}`;
  if (command === "check") return `check ${sum("check")}`;
  return "";
}

function perDoc(scenario: ScenarioResult, command: ScenarioCommand): string {
  const timing = scenario.wall[command];
  if (!timing) return "-";
  const wall = `${((timing.medianMs * 1000) / scenario.documents).toFixed(0)}`;
  if (command !== "render") return wall;
  const phase = (name: PhaseName) => ((phaseSum(scenario.phases, name) * 1000) / scenario.documents).toFixed(1);
  return `${wall} (validate ${phase("validate")}, emit ${phase("emit")})`;
}

/** The table for one Node binary: bare floors, then each scenario's commands. */
export function formatTable(result: NodeResult): string {
  const rows: string[][] = [["scenario", "wall ms", "floor ms", "ratio", "per-doc µs", "peak MiB", "phase split, in process (ms)"]];
  for (const [key, label] of Object.entries(BARE_FLOORS) as [BareFloor, string][]) {
    const timing = result.floors[key];
    rows.push([label, ms(timing.medianMs), "", "", "", mib(timing.peakKiB), ""]);
  }
  for (const scenario of result.scenarios) {
    const floor = targetFloor(scenario);
    const floorTiming = scenario.wall[floor];
    rows.push([
      `${scenario.name}: ${scenario.phases.envs.length} envs, ${scenario.files} files, ${scenario.documents} docs` +
        (scenario.floorSameFiles ? "" : " (FLOOR WROTE OTHER FILES)") +
        (scenario.phasesSameBytes ? "" : " (PHASE RUN RENDERED OTHER BYTES)"),
      "", "", "", "", "", "",
    ]);
    for (const [command, label] of Object.entries(SCENARIO_COMMANDS) as [ScenarioCommand, string][]) {
      const timing = scenario.wall[command];
      if (!timing) continue;
      const isFloor = command.startsWith("floor");
      const shownRatio = !isFloor && floorTiming ? ratioText(timing.medianMs / floorTiming.medianMs) : "";
      const peak = command === "render" ? `${mib(timing.peakKiB)} (${mib(scenario.phases.maxRssKiB)})` : mib(timing.peakKiB);
      rows.push([
        `  ${label}`,
        ms(timing.medianMs),
        isFloor ? "" : floorTiming ? ms(floorTiming.medianMs) : "-",
        shownRatio,
        perDoc(scenario, command),
        peak,
        phaseSplit(scenario, command),
      ]);
    }
  }
  if (result.corpus !== null) {
    const { corpus } = result;
    rows.push([`corpus: ${corpus.dir}, ${corpus.folders} kustomization folders`, "", "", "", "", "", ""]);
    rows.push(["  fluxkit validate DIR", ms(corpus.validate.medianMs), ms(corpus.kustomizeLoop.medianMs), ratioText(corpus.validate.medianMs / corpus.kustomizeLoop.medianMs), "", mib(corpus.validate.peakKiB), ""]);
    rows.push(["  floor: kubectl kustomize, each folder", ms(corpus.kustomizeLoop.medianMs), "", "", "", mib(corpus.kustomizeLoop.peakKiB), ""]);
  }
  if (result.import !== null) {
    const imported = result.import;
    const floor = imported.floorNode.medianMs;
    const lines = imported.lines === null ? "" : `${imported.lines.typescript} TypeScript lines written for ${imported.lines.yaml} YAML lines`;
    const perFile = (timing: Timing) => ((timing.medianMs * 1000) / imported.files).toFixed(0);
    rows.push([
      `import: ${imported.dir}, ${imported.files} files` +
        (imported.sameBytes ? "" : " (RENDER CHANGED FILES)") + (imported.floorSameFiles ? "" : " (FLOOR WROTE OTHER FILES)"),
      "", "", "", "", "", "",
    ]);
    rows.push(["  fluxkit import DIR (tsc included)", ms(imported.import.medianMs), "", "", perFile(imported.import), mib(imported.import.peakKiB), lines]);
    rows.push(["  render of the imported repository", ms(imported.render.medianMs), ms(floor), ratioText(imported.render.medianMs / floor), perFile(imported.render), mib(imported.render.peakKiB), ""]);
    rows.push(["  its first render (bundles the sources)", ms(imported.firstRender.medianMs), ms(floor), ratioText(imported.firstRender.medianMs / floor), perFile(imported.firstRender), mib(imported.firstRender.peakKiB), ""]);
    rows.push(["  floor: yaml writer, node", ms(floor), "", "", perFile(imported.floorNode), mib(imported.floorNode.peakKiB), ""]);
    rows.push(["  floor: yaml writer, node --import tsx", ms(imported.floorTsxImport.medianMs), "", "", perFile(imported.floorTsxImport), mib(imported.floorTsxImport.peakKiB), ""]);
  }
  const lines = formatColumns(rows, [false, true, true, true, false, true, false]);
  return [
    `Node ${result.version} (${result.node})`,
    ...lines,
    "ratio: wall time over the scenario's target floor (repo: the writer under node --import tsx; N copies and import: under plain node).",
    "per-doc µs: per document (import rows: per file).",
    "peak MiB: largest RSS over the timed runs (render row: in parentheses, the in-process phase run).",
  ].join("\n");
}

export function formatVerdicts(result: NodeResult): string {
  return [
    `Targets (Node ${result.version}):`,
    ...result.verdicts.map((v) => `  ${v.pass === null ? "n/a " : v.pass ? "PASS" : "FAIL"}  ${v.target}: ${v.detail}`),
  ].join("\n");
}
