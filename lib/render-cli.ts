// The `fluxkit render`, `validate` and `runbook` commands (lib/cli/main.ts dispatches to them),
// parametrised by a repository's environments, so they also run in process:
// `process.exitCode = renderCommand(argv, { environments, repoRoot })`.
// Everything is rendered and validated in memory first; nothing is written unless every
// environment is valid (or --allow-invalid says otherwise, loudly).

import type { ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { outputRoot, paint, parseCommandArgs, type Options, selectEnvironments, shownPath, summaryLines, UsageError, useColour } from "./cli.ts";
import type { Environment } from "./environment.ts";
import { blockingErrors, buildEnvironment, type RenderedEnvironment } from "./build.ts";
import type { Resolution, SourceValues } from "./substitute.ts";
import { countBySeverity, formatFinding, type Finding } from "./validate/findings.ts";
import type { SchemaRegistry } from "./validate/schema.ts";
import { finishFindings, suppressionsInYaml, type SeverityOverrides, type Suppression } from "./validate/suppress.ts";
import { cachedValidation, storeValidation, validationKey, type ValidationCache } from "./validation-cache.ts";
import { planOutput } from "./output-plan.ts";
import { watchInputs } from "./watch.ts";
import { applyPlan, differingFiles } from "./write.ts";

export interface CommandContext {
  readonly environments: readonly Environment[];
  /** The repository root: `out/<env>/` is written below it. */
  readonly repoRoot: string;
  /** Where messages go; tests pass their own. */
  readonly stdout?: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr?: NodeJS.WritableStream;
  /** Schemas besides the package's for an environment: the config's CRD sources. */
  readonly schemasFor?: (env: Environment) => SchemaRegistry | undefined | Promise<SchemaRegistry | undefined>;
  /** What identifies those sources without reading them (paths, mtimes, sizes), for the validation cache. */
  readonly schemaSourcesIdentity?: (env: Environment) => string;
  /** Where the last validation of each environment is kept; none: validate every time. */
  readonly validationCache?: ValidationCache;
  /** The config's suppressions and severity overrides, applied with the YAML's own `# fluxkit-ignore` comments. */
  readonly suppress?: readonly Suppression[];
  readonly severity?: SeverityOverrides;
  /** The config's externals: objects outside the tree that references may name. */
  readonly externals?: readonly string[];
  /**
   * What `render --watch` needs: the command line that renders once more (the remaining
   * arguments are appended), the files whose change renders again (asked anew after every
   * render: the config's import graph may change), and folders watched as a whole.
   */
  readonly watch?: WatchSetup;
  /** How the usage lines name the command: `fluxkit` (the default) or `npm run`. */
  readonly commandName?: string;
  /**
   * Whether render keeps `.fluxkit/<env>.json`, the record of the files it wrote, so that a
   * file it renders no more (an app removed from the config) is removed, and reported by --check.
   */
  readonly records?: boolean;
  /** Why there are no environments (no config was found): the error for a command that needs them. */
  readonly noEnvironments?: string;
}

export interface WatchSetup {
  readonly relaunch: readonly string[];
  readonly files: () => readonly string[];
  readonly folders?: readonly string[];
}

const RENDER_OPTIONS = {
  env: { type: "string", multiple: true },
  out: { type: "string" },
  check: { type: "boolean" },
  "allow-invalid": { type: "boolean" },
  resolve: { type: "string" },
  watch: { type: "boolean" },
  "no-cache": { type: "boolean" },
  debug: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const RUNBOOK_OPTIONS = {
  env: { type: "string" },
  resolve: { type: "string" },
  debug: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const VALIDATE_OPTIONS = {
  env: { type: "string", multiple: true },
  format: { type: "string" },
  verbose: { type: "boolean", short: "v" },
  "no-cache": { type: "boolean" },
  debug: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

function environmentList(environments: readonly Environment[]): string[] {
  const width = Math.max(...environments.map((env) => env.name.length)) + 2;
  return environments.map((env) => `  ${env.deploy ? "*" : " "} ${env.name.padEnd(width)}${env.description}`);
}

/** A command's usage text, followed by the environments it can name. */
function usageWithEnvironments(lines: readonly string[], environments: readonly Environment[]): string {
  return [...lines, "", "Environments:", ...environmentList(environments)].join("\n");
}

/** `fluxkit render` or `npm run render --`: how a command is shown in its usage. */
function invocation(context: CommandContext, command: string): string {
  return context.commandName === "npm run" ? `npm run ${command} --` : `${context.commandName ?? "fluxkit"} ${command}`;
}

function renderUsage(context: CommandContext): string {
  return usageWithEnvironments([
    `Usage: ${invocation(context, "render")} [--env NAME]... [--out DIR] [--check] [--allow-invalid] [--resolve VARS_FILE] [--watch] [--debug]`,
    "",
    "Renders and validates environments in memory, then writes each into its output folder",
    "(out/<env>/ unless the environment says otherwise): only files whose bytes changed. It removes",
    "files it wrote before and renders no more (recorded in .fluxkit/<env>.json) and stale files in",
    "the app folders (folders holding a ks.yaml) it renders; nothing else is touched. Validation",
    "errors stop the render with nothing written.",
    "",
    "Options:",
    "  --env NAME       render NAME (repeatable); default: every environment marked * below",
    "  --out DIR        write to DIR instead: DIR is the root for one environment, DIR/<env>/ for several",
    "  --check          write nothing; print a unified diff and exit 1 if anything differs",
    "  --allow-invalid  write even when validation reports errors (they are still printed)",
    "  --resolve VARS_FILE",
    "                   write what Flux applies after postBuild substitution: each ${VAR} in a Flux",
    "                   Kustomization's folder from its postBuild.substitute, else from its",
    "                   substituteFrom sources' values in VARS_FILE (YAML or JSON, by source:",
    "                   `Secret/cluster-secrets: { SECRET_DOMAIN: example.com }`). Needs one --env and",
    "                   --out DIR outside the environment's output folder, so that the committed",
    "                   tree never holds resolved values",
    "  --watch          render now, then again after every change to a file the config imports (or",
    "                   under its `watch` folders), each time in a fresh process; Ctrl-C stops",
    "  --no-cache       validate even when nothing validation reads has changed since the last run",
    "  --debug          print stack traces of errors",
    "  -h, --help       print this help",
  ], context.environments);
}

function runbookUsage(context: CommandContext): string {
  return usageWithEnvironments([
    `Usage: ${invocation(context, "runbook")} --env NAME [--resolve VARS_FILE]`,
    "",
    "Prints an environment's runbook as Markdown, derived from its rendered objects: the secret",
    "store items and fields its ExternalSecrets read, and commands that check a deployment (flux",
    "get, kubectl get, curl through every HTTPS route).",
    "",
    "Options:",
    "  --env NAME           the environment",
    "  --resolve VARS_FILE  substitute Flux variables (hostnames) as render --resolve does",
    "  --debug              print stack traces of errors",
    "  -h, --help           print this help",
  ], context.environments);
}

function validateUsage(context: CommandContext): string {
  return usageWithEnvironments([
    `Usage: ${invocation(context, "validate")} [DIR] [--env NAME]... [--format text|json] [--verbose]`,
    "",
    "Validates environments (schemas with CEL rules, secrets, cross-object rules) and prints the",
    "findings; exits 1 when any environment has an error. With DIR, validates the YAML tree in DIR",
    "as it is (any Flux repository; no TypeScript needed) instead of the config's environments.",
    "",
    "Options:",
    "  --env NAME       validate NAME (repeatable); default: every environment marked * below",
    "  --format FORMAT  text (default); json: one JSON object with every finding and the counts;",
    "                   github: workflow commands that annotate the files of a pull request",
    "  -v, --verbose    also print info findings",
    "  --no-cache       validate even when nothing validation reads has changed since the last run",
    "  --debug          print stack traces of errors",
    "  -h, --help       print this help",
  ], context.environments);
}

/** Parses, runs and turns errors into exit codes: 2 for usage, 1 for everything else. */
async function command(
  argv: readonly string[],
  options: Options,
  usage: string,
  err: NodeJS.WritableStream,
  out: NodeJS.WritableStream,
  run: (values: Record<string, unknown>, positionals: readonly string[]) => number | Promise<number>,
  maxPositionals = 0,
): Promise<number> {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseCommandArgs(argv, options, maxPositionals > 0);
    if (parsed.positionals.length > maxPositionals) throw new UsageError(`unexpected argument ${JSON.stringify(parsed.positionals[maxPositionals])}`);
  } catch (error) {
    err.write(`${(error as Error).message}\n\n${usage}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out.write(`${usage}\n`);
    return 0;
  }
  try {
    return await run(values, positionals);
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
export function printFindings(err: NodeJS.WritableStream, findings: readonly Finding[], verbose: boolean, colour: boolean): void {
  for (const f of findings) {
    if (f.severity === "info" && !verbose) continue;
    err.write(`${paint(formatFinding(f), f.severity === "error" ? "red" : f.severity === "warning" ? "yellow" : "green", colour)}\n`);
  }
}

function findingCounts(findings: readonly Finding[]): string {
  const counts = countBySeverity(findings);
  return `${counts.error} errors, ${counts.warning} warnings, ${counts.info} infos`;
}

/** The VARS_FILE of `--resolve`, or undefined once its problems are printed, each naming the environment. */
async function loadVars(file: string, env: string, err: NodeJS.WritableStream): Promise<SourceValues | undefined> {
  // Substitution is loaded for --resolve alone, like the validator for a render it cannot skip.
  const { parseVarsFile, VarsFileError } = await import("./substitute.ts");
  try {
    return parseVarsFile(readFileSync(file, "utf8"), file);
  } catch (error) {
    const problems = error instanceof VarsFileError ? error.problems : [`${file}: ${(error as Error).message}`];
    for (const problem of problems) err.write(`error: env ${env}: ${problem}\n`);
    return undefined;
  }
}

/** The environment substituted as Flux would, or undefined once the problems are printed. */
async function resolved(rendered: RenderedEnvironment, values: SourceValues, varsFile: string, err: NodeJS.WritableStream, colour: boolean): Promise<Resolution | undefined> {
  const { resolveTree } = await import("./substitute.ts");
  const resolution = resolveTree(rendered.env.name, rendered.tree, rendered.files, values, varsFile);
  if (resolution.findings.length === 0) return resolution;
  printFindings(err, resolution.findings, false, colour);
  err.write(`${rendered.env.name}: substitution failed with ${resolution.findings.length} errors: nothing written\n`);
  return undefined;
}

/** Where render records the files it wrote for an environment: `.fluxkit/<env>.json`, committed. */
export function recordFileOf(env: Environment, repoRoot: string): string {
  return path.join(repoRoot, ".fluxkit", `${env.name}.json`);
}

/** An environment's output folder as configured: `output`, else `out/<name>`, below the repository root. */
export function configuredRoot(env: Environment, repoRoot: string): string {
  return path.resolve(repoRoot, env.output ?? path.join("out", env.name));
}

/** `--resolve` writes one cluster's values, and never into the committed tree. */
function checkResolveArgs(selected: readonly Environment[], out: string | undefined, repoRoot: string): void {
  if (selected.length !== 1) throw new UsageError("--resolve needs exactly one --env: each cluster has its own variable values");
  if (out === undefined) throw new UsageError("--resolve needs --out DIR: resolved values do not belong in the committed tree");
  const committed = configuredRoot(selected[0]!, repoRoot);
  const inside = path.relative(committed, path.resolve(out));
  if (inside.split(path.sep)[0] !== ".." && !path.isAbsolute(inside)) {
    throw new UsageError(`--resolve: --out ${out} is inside ${shownPath(repoRoot, committed) || "."}, which is committed; choose a folder outside it`);
  }
}

/**
 * An environment built, emitted and validated. The validation comes from the cache when nothing
 * it reads has changed; otherwise the validator is loaded (a chunk of its own in the command's
 * bundle) and its report kept for the next run.
 */
async function render(context: CommandContext, env: Environment, useCache = true): Promise<RenderedEnvironment> {
  const built = buildEnvironment(env);
  const cache = useCache ? context.validationCache : undefined;
  const key = cache && validationKey(cache, built, `${context.schemaSourcesIdentity?.(env) ?? ""}\n${JSON.stringify(context.externals ?? [])}`);
  let validation = cache && key ? cachedValidation(cache, env.name, key) : undefined;
  if (validation === undefined) {
    const { validateEnvironment } = await import("./render.ts");
    validation = validateEnvironment(env, built.tree, { schemas: await context.schemasFor?.(env), externals: context.externals });
    if (cache && key) storeValidation(cache, env.name, key, validation);
  }
  // Suppressions and severities apply to the cached report as to a new one: they are not in its key.
  const suppressions = [...(context.suppress ?? []), ...[...built.files].flatMap(([file, text]) => suppressionsInYaml(text, file))];
  const findings = finishFindings(validation.findings, { env: env.name, suppressions, ...(context.severity && { severity: context.severity }) });
  return { ...built, validation: { ...validation, findings } };
}

function clock(): string {
  return new Date().toTimeString().slice(0, 8);
}

function changeList(changed: readonly string[], repoRoot: string): string {
  const shown = [...new Set(changed.map((file) => shownPath(repoRoot, file)))];
  return shown.length <= 3 ? shown.join(", ") : `${shown.slice(0, 3).join(", ")} and ${shown.length - 3} more`;
}

/**
 * `--watch`: renders in a child process (the same command, the other arguments) now and after
 * every change, since a process cannot re-import modules that changed (ESM caches them). The
 * children write to this process's stdout and stderr. Returns once watching; Ctrl-C stops the
 * watch and the render in progress, and the process exits 0.
 */
async function watchRender(argv: readonly string[], context: CommandContext, out: NodeJS.WritableStream): Promise<number> {
  // Only --watch starts processes: node:child_process is loaded for it alone.
  const { spawn } = await import("node:child_process");
  const { watch, repoRoot } = context;
  if (watch === undefined) throw new UsageError("--watch needs the fluxkit command: run it as fluxkit render --watch");
  const [executable, ...args] = watch.relaunch;
  const childArgs = [...args, ...argv.filter((arg) => arg !== "--watch")];
  const folders = (watch.folders ?? []).map((folder) => path.resolve(repoRoot, folder));
  const missing = folders.filter((folder) => !existsSync(folder));
  if (missing.length > 0) throw new UsageError(`--watch: no such folder: ${missing.map((folder) => shownPath(repoRoot, folder)).join(", ")}`);
  let child: ChildProcess | undefined;
  out.write(`watching every file the config imports${folders.length > 0 ? ` and ${folders.map((folder) => `${shownPath(repoRoot, folder)}/`).join(", ")}` : ""} (Ctrl-C stops)\n`);
  const watcher = watchInputs(watch.files, folders, (changed) => new Promise<void>((done) => {
    out.write(`[${clock()}] ${changed.length === 0 ? "render" : `render: ${changeList(changed, repoRoot)} changed`}\n`);
    child = spawn(executable!, childArgs, { stdio: "inherit" });
    child.on("error", (error) => {
      out.write(`[${clock()}] render could not start: ${error.message}\n`);
      done();
    });
    child.on("exit", () => {
      child = undefined;
      done();
    });
  }));
  process.once("SIGINT", () => {
    watcher.close();
    child?.kill("SIGINT");
  });
  return 0;
}

export function renderCommand(argv: readonly string[], context: CommandContext): Promise<number> {
  const out = context.stdout ?? process.stdout;
  const err = context.stderr ?? process.stderr;
  const { environments, repoRoot } = context;
  return command(argv, RENDER_OPTIONS, renderUsage(context), err, out, async (args) => {
    const selected = selectEnvironments(environments, args.env as string[] | undefined);
    if (selected.length === 0) {
      err.write("no environment is deployed yet; name one with --env (see --help)\n");
      return 0;
    }
    const varsFile = args.resolve as string | undefined;
    if (varsFile !== undefined) checkResolveArgs(selected, args.out as string | undefined, repoRoot);
    if (args.watch) return await watchRender(argv, context, out);
    const values = varsFile === undefined ? undefined : await loadVars(varsFile, selected[0]!.name, err);
    if (varsFile !== undefined && values === undefined) return 1;
    const colour = useColour(out, process.env);
    const rendered: { result: RenderedEnvironment; ms: number }[] = [];
    for (const env of selected) {
      const start = performance.now();
      const result = await render(context, env, args["no-cache"] !== true);
      rendered.push({ result, ms: performance.now() - start });
    }
    let blocked = false;
    for (const { result } of rendered) {
      if (result.env.knownInvalid !== undefined) {
        // A baseline's findings are expected: one line, and where to see them.
        if (result.validation.findings.length > 0) {
          err.write(`${result.env.name}: ${findingCounts(result.validation.findings)}, expected (${result.env.knownInvalid}); see ${invocation(context, "validate")} --env ${result.env.name}\n`);
        }
        continue;
      }
      printFindings(err, result.validation.findings, false, colour);
      if (blockingErrors(result) > 0) {
        blocked = true;
        err.write(`${result.env.name}: ${findingCounts(result.validation.findings)}\n`);
      }
    }
    if (blocked && !args.check && !args["allow-invalid"]) {
      err.write("validation failed: nothing written (fix the errors above, or pass --allow-invalid)\n");
      return 1;
    }
    if (blocked && args["allow-invalid"]) {
      err.write(`${paint("WARNING: --allow-invalid: writing output that failed validation", "red", colour)}\n`);
    }
    // With --resolve (one environment), the files as Flux applies them, or nothing at all.
    const outputs = await Promise.all(rendered.map(({ result }) => (values === undefined ? result : resolved(result, values, varsFile!, err, colour))));
    if (outputs.includes(undefined)) return 1;
    // Every environment is planned before anything is written, so an error anywhere (a symlink,
    // a bad path) leaves the disk as it was.
    const planned = rendered.map(({ result, ms }, i) => {
      const start = performance.now();
      const configured = configuredRoot(result.env, repoRoot);
      const root = outputRoot(result.env.name, selected.length, args.out as string | undefined, configured);
      // The record of what was written belongs to the configured folder only: a render into some
      // other --out folder must neither read nor rewrite it.
      const recordFile = context.records && root === configured ? recordFileOf(result.env, repoRoot) : undefined;
      const plan = planOutput(outputs[i]!, root, { recordFile });
      return { name: result.env.name, root, plan, ms: ms + performance.now() - start };
    });
    if (args.check) {
      // The diff (and the diff package) only when something differs.
      const { planDiff } = planned.some(({ plan }) => differingFiles(plan) > 0) ? await import("./diff.ts") : { planDiff: undefined };
      for (const { root, plan } of planned) if (planDiff) out.write(planDiff(plan, shownPath(repoRoot, root), plan.record && shownPath(repoRoot, plan.record.file)));
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

/** The counts line that ends a validation: documents, findings, CEL. */
export function validationSummary(name: string, report: RenderedEnvironment["validation"]): string {
  const { cel, documents, uncheckedPatterns } = report;
  const celLine = `CEL rules: ${cel.evaluated} evaluated, ${cel.failed} failed, ${cel.unevaluated} not evaluable, ${cel.transitionRules} transition rules skipped`;
  return `${name}: ${documents} documents, ${findingCounts(report.findings)}; ${celLine}; ${uncheckedPatterns} patterns not checkable`;
}

/** `--format json`: one object a tool can read, per validated environment or folder. */
export function validationJson(reports: readonly { readonly name: string; readonly report: RenderedEnvironment["validation"] }[]): string {
  return `${JSON.stringify({
    results: reports.map(({ name, report }) => ({
      name,
      documents: report.documents,
      counts: countBySeverity(report.findings),
      cel: report.cel,
      findings: report.findings,
    })),
  }, null, 2)}\n`;
}

export type ValidationFormat = "text" | "json" | "github";

/** `--format`: text, json, or github (workflow commands that annotate the files in a pull request). */
export function validationFormat(value: unknown): ValidationFormat {
  if (value === undefined || value === "text" || value === "json" || value === "github") return (value ?? "text") as ValidationFormat;
  throw new UsageError(`--format ${JSON.stringify(value)}: use text, json or github`);
}

const ANNOTATION_LEVEL = { error: "error", warning: "warning", info: "notice" } as const;

/** GitHub's escaping of a workflow command's data (`%`, CR, LF) and, for properties, `:` and `,`. */
function escapeData(text: string): string {
  return text.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}
function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(":", "%3A").replaceAll(",", "%2C");
}

/**
 * One `::error file=…,title=…::…` line per finding (infos only when asked), so a GitHub Actions
 * run annotates the files; `fileIn` maps a finding's tree path to the repository's.
 */
export function githubAnnotations(findings: readonly Finding[], verbose: boolean, fileIn: (file: string) => string): string {
  return findings
    .filter((f) => f.severity !== "info" || verbose)
    .map((f) => `::${ANNOTATION_LEVEL[f.severity]} file=${escapeProperty(fileIn(f.file))},title=${escapeProperty(`${f.rule} ${f.document}`)}::${escapeData(`${f.path === "" ? "" : `${f.path}: `}${f.message} (fix: ${f.fix})`)}\n`)
    .join("");
}

/**
 * `fluxkit validate [--env NAME]...`: the config's environments. A folder argument is handled by
 * `validateFolder` (lib/cli/validate-folder.ts), which needs no config.
 */
export function validateCommand(
  argv: readonly string[],
  context: CommandContext,
  validateFolder?: (folder: string, args: Record<string, unknown>) => number | Promise<number>,
): Promise<number> {
  const out = context.stdout ?? process.stdout;
  const err = context.stderr ?? process.stderr;
  const { environments } = context;
  return command(argv, VALIDATE_OPTIONS, validateUsage(context), err, out, async (args, positionals) => {
    const format = validationFormat(args.format);
    const folder = positionals[0];
    if (folder !== undefined) {
      if (validateFolder === undefined) throw new UsageError("validate DIR: not available here");
      if (args.env !== undefined) throw new UsageError("validate DIR checks the folder as it is: --env does not apply");
      return validateFolder(folder, args);
    }
    if (context.noEnvironments !== undefined) throw new UsageError(context.noEnvironments);
    const selected = selectEnvironments(environments, args.env as string[] | undefined);
    const colour = format === "text" && useColour(out, process.env);
    const results: { name: string; env: Environment; report: RenderedEnvironment["validation"] }[] = [];
    for (const env of selected) results.push({ name: env.name, env, report: (await render(context, env, args["no-cache"] !== true)).validation });
    if (format === "json") out.write(validationJson(results));
    else {
      for (const { name, env, report } of results) {
        // Annotations name the rendered file where it is committed: below the environment's output folder.
        const root = path.relative(context.repoRoot, configuredRoot(env, context.repoRoot));
        if (format === "github") out.write(githubAnnotations(report.findings, args.verbose === true, (file) => (root === "" ? file : `${root.split(path.sep).join("/")}/${file}`)));
        else printFindings(out, report.findings, args.verbose === true, colour);
        out.write(`${validationSummary(name, report)}\n`);
      }
    }
    return results.some(({ report }) => countBySeverity(report.findings).error > 0) ? 1 : 0;
  }, 1);
}

export function runbookCommand(argv: readonly string[], context: CommandContext): Promise<number> {
  const out = context.stdout ?? process.stdout;
  const err = context.stderr ?? process.stderr;
  const { environments } = context;
  return command(argv, RUNBOOK_OPTIONS, runbookUsage(context), err, out, async (args) => {
    if (args.env === undefined) throw new UsageError("name the environment: --env NAME (see --help)");
    const env = selectEnvironments(environments, [args.env as string])[0]!;
    const varsFile = args.resolve as string | undefined;
    const values = varsFile === undefined ? undefined : await loadVars(varsFile, env.name, err);
    if (varsFile !== undefined && values === undefined) return 1;
    const rendered = await render(context, env);
    if (blockingErrors(rendered) > 0) {
      err.write(`warning: ${env.name} has validation errors (see ${invocation(context, "validate")} --env ${env.name}); the runbook shows it as rendered\n`);
    }
    const tree = values === undefined ? rendered.tree : (await resolved(rendered, values, varsFile!, err, useColour(out, process.env)))?.tree;
    if (tree === undefined) return 1;
    const { runbook } = await import("./runbook.ts");
    out.write(runbook(env.name, tree));
    return 0;
  });
}
