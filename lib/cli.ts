// Pieces the commands share: arguments, choosing environments, where each is written, how paths
// are shown, and the summary lines.

import * as path from "node:path";
import type { Environment } from "./environment.ts";
import { didYouMean } from "./suggest.ts";
import { differingFiles, type WritePlan } from "./write.ts";

/** A mistake in how the command was called; scripts exit with 2 for it. */
export class UsageError extends Error {}

/** A command's options, as node:util's parseArgs takes them (the subset the commands use). */
export interface OptionSpec {
  readonly type: "string" | "boolean";
  readonly multiple?: boolean;
  readonly short?: string;
}
export type Options = Readonly<Record<string, OptionSpec>>;

/**
 * The command line, strictly: `--name`, `--name=value`, `--name value`, `-x` and `-x value`
 * for the declared options, `--` ending them; an unknown flag names the nearest known one
 * (`unknown option --chek (did you mean --check?)`). parseArgs' semantics, written out because
 * loading node:util and its argument validators costs a small render some 5 %.
 */
export function parseCommandArgs(argv: readonly string[], options: Options, positionals: boolean): { values: Record<string, unknown>; positionals: string[] } {
  const values: Record<string, unknown> = {};
  const rest: string[] = [];
  const byShort = new Map(Object.entries(options).flatMap(([name, spec]) => (spec.short === undefined ? [] : [[spec.short, name] as const])));
  const set = (name: string, value: string | boolean): void => {
    if (options[name]!.multiple) values[name] = [...((values[name] as unknown[] | undefined) ?? []), value];
    else values[name] = value;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      rest.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      rest.push(arg);
      continue;
    }
    const long = arg.startsWith("--");
    const [flag, inline] = long && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const name = long ? flag.slice(2) : byShort.get(flag.slice(1));
    const spec = name === undefined || !Object.hasOwn(options, name) ? undefined : options[name];
    if (name === undefined || spec === undefined) {
      const flags = Object.keys(options).map((option) => `--${option}`);
      throw new UsageError(`unknown option ${flag}${didYouMean(flag, flags, (text) => text)}`);
    }
    const shown = long ? `--${name}` : `${flag} (--${name})`;
    if (spec.type === "boolean") {
      if (inline !== undefined) throw new UsageError(`option ${shown} takes no value`);
      set(name, true);
      continue;
    }
    const value = inline ?? argv[i + 1];
    if (value === undefined || (inline === undefined && value.startsWith("-") && value !== "-")) throw new UsageError(`option ${shown} needs a value: ${shown} VALUE`);
    if (inline === undefined) i++;
    set(name, value);
  }
  if (!positionals && rest.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}`);
  return { values, positionals: rest };
}

/** The named environments, once each in the order given; every deployed one when none is named. */
export function selectEnvironments(all: readonly Environment[], names: readonly string[] = []): Environment[] {
  if (names.length === 0) return all.filter((env) => env.deploy);
  return [...new Set(names)].map((name) => {
    const env = all.find((candidate) => candidate.name === name);
    if (!env) {
      const known = all.map((e) => e.name);
      throw new UsageError(`unknown environment ${JSON.stringify(name)}${didYouMean(name, known)}; known: ${known.join(", ")}`);
    }
    return env;
  });
}

/**
 * An environment's output root: its configured folder (`out/<env>` unless it says otherwise);
 * with `--out DIR`, DIR itself when it is the only environment (so DIR mirrors the repository
 * layout) and `DIR/<env>` among several.
 */
export function outputRoot(name: string, envCount: number, out: string | undefined, configured: string): string {
  if (out === "") throw new UsageError("--out needs a folder");
  if (out === undefined) return path.resolve(configured);
  return envCount === 1 ? path.resolve(out) : path.resolve(out, name);
}

/** A path as shown to people: relative to `base` when inside it (`out/home`), else absolute. */
export function shownPath(base: string, target: string): string {
  const relative = path.relative(base, target);
  const outside = relative === "" || relative.split(path.sep)[0] === ".." || path.isAbsolute(relative);
  return outside ? target : relative;
}

/** Colour only on a terminal, and never when NO_COLOR is set (to any value, even empty). */
export function useColour(stream: { readonly isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && env.NO_COLOR === undefined;
}

const COLOURS = { green: 32, red: 31, yellow: 33 } as const;

export function paint(text: string, colour: keyof typeof COLOURS, enabled: boolean): string {
  return enabled ? `\x1b[${COLOURS[colour]}m${text}\x1b[0m` : text;
}

export interface EnvSummary {
  readonly name: string;
  readonly plan: WritePlan;
  readonly ms: number;
}

/**
 * One aligned line per environment: `home     15 files, 2 changed, 1 removed  (38 ms)`, or for
 * `--check` `staging  15 files, 1 differ  (21 ms)` / `… clean`.
 */
export function summaryLines(summaries: readonly EnvSummary[], check: boolean, colour: boolean): string[] {
  const width = Math.max(0, ...summaries.map((s) => s.name.length)) + 2;
  return summaries.map(({ name, plan, ms }) => {
    const differ = differingFiles(plan);
    const status = check
      ? paint(differ === 0 ? "clean" : `${differ} differ`, differ === 0 ? "green" : "red", colour)
      : paint(`${plan.write.length} changed, ${plan.remove.length} removed`, differ === 0 ? "green" : "yellow", colour);
    return `${name.padEnd(width)}${plan.write.length + plan.unchanged.length} files, ${status}  (${Math.round(ms)} ms)`;
  });
}
