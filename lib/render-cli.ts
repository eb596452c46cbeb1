// The `render` and `validate` commands, parametrised by a repository's environments so a
// monorepo's own scripts are one line: `process.exitCode = renderCommand(argv, { environments, repoRoot })`.
// Everything is rendered and validated in memory first; nothing is written unless every
// environment is valid (or --allow-invalid says otherwise, loudly).

import * as path from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { outputRoot, paint, selectEnvironments, shownPath, summaryLines, UsageError, useColour } from "./cli.ts";
import { differingFiles, planDiff } from "./diff.ts";
import type { Environment } from "./environment.ts";
import { blockingErrors, renderEnvironment, type RenderedEnvironment } from "./render.ts";
import { countBySeverity, formatFinding, type Finding } from "./validate/index.ts";
import { planOutput } from "./output.ts";
import { applyPlan } from "./write.ts";

export interface CommandContext {
  readonly environments: readonly Environment[];
  /** The repository root: `out/<env>/` is written below it. */
  readonly repoRoot: string;
  /** Where messages go; tests pass their own. */
  readonly stdout?: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr?: NodeJS.WritableStream;
}

const RENDER_OPTIONS = {
  env: { type: "string", multiple: true },
  out: { type: "string" },
  check: { type: "boolean" },
  "allow-invalid": { type: "boolean" },
  debug: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const VALIDATE_OPTIONS = {
  env: { type: "string", multiple: true },
  verbose: { type: "boolean", short: "v" },
  debug: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

function environmentList(environments: readonly Environment[]): string[] {
  const width = Math.max(...environments.map((env) => env.name.length)) + 2;
  return environments.map((env) => `  ${env.deploy ? "*" : " "} ${env.name.padEnd(width)}${env.description}`);
}

function renderUsage(environments: readonly Environment[]): string {
  return [
    "Usage: npm run render -- [--env NAME]... [--out DIR] [--check] [--allow-invalid] [--debug]",
    "",
    "Renders and validates environments in memory, then writes out/<env>/: only files whose bytes",
    "changed, and removes stale files only inside the app folders (folders holding a ks.yaml) it",
    "renders; nothing else is touched. Validation errors stop the render with nothing written.",
    "",
    "Options:",
    "  --env NAME       render NAME (repeatable); default: every environment marked * below",
    "  --out DIR        write to DIR instead: DIR is the root for one environment, DIR/<env>/ for several",
    "  --check          write nothing; print a unified diff and exit 1 if anything differs",
    "  --allow-invalid  write even when validation reports errors (they are still printed)",
    "  --debug          print stack traces of errors",
    "  -h, --help       print this help",
    "",
    "Environments:",
    ...environmentList(environments),
  ].join("\n");
}

function validateUsage(environments: readonly Environment[]): string {
  return [
    "Usage: npm run validate -- [--env NAME]... [--verbose]",
    "",
    "Validates environments (schemas with CEL rules, secrets, cross-object rules) and prints the",
    "findings; exits 1 when any environment has an error.",
    "",
    "Options:",
    "  --env NAME     validate NAME (repeatable); default: every environment marked * below",
    "  -v, --verbose  also print info findings",
    "  --debug        print stack traces of errors",
    "  -h, --help     print this help",
    "",
    "Environments:",
    ...environmentList(environments),
  ].join("\n");
}

/** Parses, runs and turns errors into exit codes: 2 for usage, 1 for everything else. */
function command(
  argv: readonly string[],
  options: NonNullable<ParseArgsConfig["options"]>,
  usage: string,
  err: NodeJS.WritableStream,
  out: NodeJS.WritableStream,
  run: (values: Record<string, unknown>) => number,
): number {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values as Record<string, unknown>;
  } catch (error) {
    err.write(`${(error as Error).message}\n\n${usage}\n`);
    return 2;
  }
  if (values.help) {
    out.write(`${usage}\n`);
    return 0;
  }
  try {
    return run(values);
  } catch (error) {
    if (error instanceof UsageError) {
      err.write(`${error.message}\n`);
      return 2;
    }
    // One line for people; --debug shows the stack and the chain of causes.
    if (values.debug) err.write(`${(error as Error).stack ?? String(error)}\n${describeCauses(error)}`);
    else err.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

function describeCauses(error: unknown): string {
  let text = "";
  for (let cause = (error as Error).cause; cause instanceof Error; cause = cause.cause) text += `caused by: ${cause.stack}\n`;
  return text;
}

/** The findings worth a line: errors and warnings, and infos when asked. */
function printFindings(err: NodeJS.WritableStream, findings: readonly Finding[], verbose: boolean, colour: boolean): void {
  for (const f of findings) {
    if (f.severity === "info" && !verbose) continue;
    err.write(`${paint(formatFinding(f), f.severity === "error" ? "red" : f.severity === "warning" ? "yellow" : "green", colour)}\n`);
  }
}

function findingCounts(rendered: RenderedEnvironment): string {
  const counts = countBySeverity(rendered.validation.findings);
  return `${counts.error} errors, ${counts.warning} warnings, ${counts.info} infos`;
}

export function renderCommand(argv: readonly string[], context: CommandContext): number {
  const out = context.stdout ?? process.stdout;
  const err = context.stderr ?? process.stderr;
  const { environments, repoRoot } = context;
  return command(argv, RENDER_OPTIONS, renderUsage(environments), err, out, (args) => {
    const selected = selectEnvironments(environments, args.env as string[] | undefined);
    if (selected.length === 0) {
      err.write("no environment is deployed yet; name one with --env (see --help)\n");
      return 0;
    }
    const colour = useColour(out, process.env);
    const rendered = selected.map((env) => {
      const start = performance.now();
      const result = renderEnvironment(env);
      return { result, ms: performance.now() - start };
    });
    let blocked = false;
    for (const { result } of rendered) {
      if (result.env.knownInvalid !== undefined) {
        // A baseline's findings are expected: one line, and where to see them.
        if (result.validation.findings.length > 0) {
          err.write(`${result.env.name}: ${findingCounts(result)}, expected (${result.env.knownInvalid}); see npm run validate -- --env ${result.env.name}\n`);
        }
        continue;
      }
      printFindings(err, result.validation.findings, false, colour);
      if (blockingErrors(result) > 0) {
        blocked = true;
        err.write(`${result.env.name}: ${findingCounts(result)}\n`);
      }
    }
    if (blocked && !args.check && !args["allow-invalid"]) {
      err.write("validation failed: nothing written (fix the errors above, or pass --allow-invalid)\n");
      return 1;
    }
    if (blocked && args["allow-invalid"]) {
      err.write(`${paint("WARNING: --allow-invalid: writing output that failed validation", "red", colour)}\n`);
    }
    // Every environment is planned before anything is written, so an error anywhere (a symlink,
    // a bad path) leaves the disk as it was.
    const planned = rendered.map(({ result, ms }) => {
      const start = performance.now();
      const root = outputRoot(result.env.name, selected.length, args.out as string | undefined, path.join(repoRoot, "out"));
      const plan = planOutput(result, root);
      return { name: result.env.name, root, plan, ms: ms + performance.now() - start };
    });
    if (args.check) {
      for (const { root, plan } of planned) out.write(planDiff(plan, shownPath(repoRoot, root)));
      out.write(`${summaryLines(planned, true, colour).join("\n")}\n`);
      return planned.some(({ plan }) => differingFiles(plan) > 0) || blocked ? 1 : 0;
    }
    const applied = planned.map(({ name, root, plan, ms }) => {
      const start = performance.now();
      applyPlan(root, plan);
      return { name, plan, ms: ms + performance.now() - start };
    });
    out.write(`${summaryLines(applied, false, colour).join("\n")}\n`);
    return 0;
  });
}

export function validateCommand(argv: readonly string[], context: CommandContext): number {
  const out = context.stdout ?? process.stdout;
  const err = context.stderr ?? process.stderr;
  const { environments } = context;
  return command(argv, VALIDATE_OPTIONS, validateUsage(environments), err, out, (args) => {
    const selected = selectEnvironments(environments, args.env as string[] | undefined);
    const colour = useColour(out, process.env);
    let failed = false;
    for (const env of selected) {
      const result = renderEnvironment(env);
      printFindings(out, result.validation.findings, args.verbose === true, colour);
      const { cel, documents, uncheckedPatterns } = result.validation;
      const celLine = `CEL rules: ${cel.evaluated} evaluated, ${cel.failed} failed, ${cel.unevaluated} not evaluable, ${cel.transitionRules} transition rules skipped`;
      out.write(`${env.name}: ${documents} documents, ${findingCounts(result)}; ${celLine}; ${uncheckedPatterns} patterns not checkable\n`);
      failed ||= countBySeverity(result.validation.findings).error > 0;
    }
    return failed ? 1 : 0;
  });
}
