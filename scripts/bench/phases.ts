// The benchmark's in-process run: one scenario rendered phase by phase in a fresh process, so each
// phase's time and the process's peak memory belong to that scenario alone. Prints one JSON object
// (a PhaseReport) on stdout.
//
//   node scripts/run.mjs scripts/bench/phases.ts SCENARIO OUT [--dump TREE.json]
//
// SCENARIO is `repo` (this repository's deployed environments) or N (a generated monorepo of N
// copies in two environments). OUT must be empty: each environment is written to OUT/<env>/,
// written again unchanged, then checked. --dump writes the finished trees as plain objects per
// file for scripts/bench/floor-writer.mjs, after everything is timed.
//
// The library is imported dynamically so that loading it is a phase of its own; the phases
// themselves are the steps of renderEnvironment (lib/render.ts), taken one at a time.

import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import type { FileTree } from "../../lib/tree.ts";
import type { EnvPhases, PhaseReport } from "./report.ts";

// Everything before this line: starting Node, the loader, and this small module.
const boot = performance.now();

const { positionals, values } = parseArgs({ allowPositionals: true, options: { dump: { type: "string" } } });
const [scenario, out] = positionals;
if (scenario === undefined || out === undefined || (scenario !== "repo" && !/^[1-9]\d*$/.test(scenario))) {
  process.stderr.write("usage: phases.ts repo|N OUT [--dump TREE.json]\n");
  process.exit(2);
}

let start = performance.now();
const lap = (): number => {
  const now = performance.now();
  const ms = now - start;
  start = now;
  return ms;
};

// Validation first: its schemas, CEL programs and rules are most of what the render loads.
const { validateTree, countBySeverity } = await import("../../lib/validate/index.ts");
const loadValidate = lap();
const { emitTree, finishTree } = await import("../../lib/render.ts");
const { checkOutput, writeOutput } = await import("../../lib/output.ts");
const { selectEnvironments } = await import("../../lib/cli.ts");
const monorepo = await import("./monorepo.ts");
const loadOther = lap();

// Composing: for the repository, evaluating config/ (its merges run at import); for a monorepo,
// merging the values of every copy.
const environments =
  scenario === "repo"
    ? selectEnvironments((await import("../../config/index.ts")).environments)
    : monorepo.MONOREPO_ENV_NAMES.map((name) => monorepo.monorepoEnvironment(name, monorepo.composeCopies(name, Number(scenario))));
const compose = lap();

const envs: EnvPhases[] = [];
const trees = new Map<string, FileTree>();
for (const env of environments) {
  lap();
  const tree = finishTree(env.build(), { editorSchemas: env.editorSchemas });
  const build = lap();
  const validation = validateTree(env.name, tree, { substituteFromVars: env.substituteFromVars ?? {} });
  const validate = lap();
  const files = emitTree(tree);
  const emit = lap();
  const root = path.join(out, env.name);
  const first = writeOutput({ files }, root);
  const write = lap();
  const again = writeOutput({ files }, root);
  const rewrite = lap();
  const check = checkOutput({ files }, root);
  const checkMs = lap();
  if (first.write.length !== files.size || again.write.length !== 0 || check.differing !== 0) {
    throw new Error(`${env.name}: expected ${files.size} writes, then none, then a clean check`);
  }
  const counts = countBySeverity(validation.findings);
  envs.push({
    name: env.name,
    files: files.size,
    documents: validation.documents,
    bytes: [...files.values()].reduce((sum, text) => sum + Buffer.byteLength(text), 0),
    findings: counts,
    ms: { build, validate, emit, write, rewrite, check: checkMs },
  });
  trees.set(env.name, tree);
}

const report: PhaseReport = {
  scenario,
  node: process.version,
  ms: { boot, loadValidate, loadOther, compose },
  envs,
  // Before the dump, which holds a second copy of every object.
  maxRssKiB: process.resourceUsage().maxRSS,
};

if (values.dump !== undefined) {
  const dump: Record<string, unknown[]> = {};
  for (const [env, tree] of trees) {
    for (const [file, { documents }] of tree) dump[`${env}/${file}`] = documents.map((document) => document.object);
  }
  fs.writeFileSync(values.dump, JSON.stringify(dump));
}
process.stdout.write(`${JSON.stringify(report)}\n`);
