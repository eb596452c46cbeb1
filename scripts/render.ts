// `npm run render`: renders environments in memory, then writes out/<env>/ (changed files only,
// atomically, and only inside the app folders it renders), or with --check writes nothing and
// prints the drift as a unified diff. Nothing is written unless every environment rendered.

import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { environments } from "../config/index.ts";
import { outputRoot, selectEnvironments, shownPath, summaryLines, UsageError, useColour } from "../lib/cli.ts";
import { differingFiles, planDiff } from "../lib/diff.ts";
import { renderEnvironment } from "../lib/render.ts";
import { appFolders, applyPlan, planWrite } from "../lib/write.ts";

// From the script's own location, so the output lands in the repository whatever the cwd.
const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));

const OPTIONS = {
  env: { type: "string", multiple: true },
  out: { type: "string" },
  check: { type: "boolean" },
  debug: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

function usage(): string {
  const width = Math.max(...environments.map((env) => env.name.length)) + 2;
  return [
    "Usage: npm run render -- [--env NAME]... [--out DIR] [--check] [--debug]",
    "",
    "Renders environments into out/<env>/. Writes only files whose bytes changed, and removes stale",
    "files only inside the app folders (folders holding a ks.yaml) it renders; nothing else is touched.",
    "",
    "Options:",
    "  --env NAME  render NAME (repeatable); default: every environment marked * below",
    "  --out DIR   write to DIR instead: DIR is the root for one environment, DIR/<env>/ for several",
    "  --check     write nothing; print a unified diff and exit 1 if anything differs",
    "  --debug     print stack traces of errors",
    "  -h, --help  print this help",
    "",
    "Environments:",
    ...environments.map((env) => `  ${env.deploy ? "*" : " "} ${env.name.padEnd(width)}${env.description}`),
  ].join("\n");
}

function run(args: { env?: string[]; out?: string; check?: boolean }): number {
  const selected = selectEnvironments(environments, args.env);
  if (selected.length === 0) {
    console.error("no environment is deployed yet; name one with --env (see --help)");
    return 0;
  }
  // Every environment is rendered and planned before anything is written, so an error anywhere
  // leaves the disk as it was.
  const planned = selected.map((env) => {
    const start = performance.now();
    const root = outputRoot(env.name, selected.length, args.out, path.join(REPO_ROOT, "out"));
    const { files } = renderEnvironment(env);
    const plan = planWrite(root, files, appFolders(files.keys()));
    return { name: env.name, root, plan, ms: performance.now() - start };
  });
  const colour = useColour(process.stdout, process.env);
  if (args.check) {
    for (const { root, plan } of planned) process.stdout.write(planDiff(plan, shownPath(REPO_ROOT, root)));
    console.log(summaryLines(planned, true, colour).join("\n"));
    return planned.some(({ plan }) => differingFiles(plan) > 0) ? 1 : 0;
  }
  const applied = planned.map(({ name, root, plan, ms }) => {
    const start = performance.now();
    applyPlan(root, plan);
    return { name, plan, ms: ms + performance.now() - start };
  });
  console.log(summaryLines(applied, false, colour).join("\n"));
  return 0;
}

function main(argv: string[]): number {
  let args;
  try {
    args = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage()}`);
    return 2;
  }
  if (args.help) {
    console.log(usage());
    return 0;
  }
  try {
    return run(args);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message);
      return 2;
    }
    // One line for people; --debug shows the stack and the chain of causes.
    if (args.debug) console.error(error);
    else console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
