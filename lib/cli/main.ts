// The `fluxkit` command: one entry for every subcommand. bin/fluxkit.mjs finds fluxkit.config.ts,
// bundles it with this module (bin/bundle-cache.mjs) and calls `main`; everything after that is
// here, in TypeScript, and runs in process in the tests. Subcommands other than render's path are
// imported when run, so each lands in a chunk of its own and a render loads none of them.

import * as path from "node:path";
import { UsageError } from "../cli.ts";
import { checkConfig, CONFIG_FILE, type FluxkitConfig } from "../config.ts";
import type { Environment } from "../environment.ts";
import { renderCommand, runbookCommand, validateCommand, type CommandContext } from "../render-cli.ts";
import { didYouMean } from "../suggest.ts";
import { configSuppressions } from "../validate/suppress.ts";
import { schemaSourcesFor } from "./schema-sources.ts";

/** What the launcher knows: where the config is, what it exports, how to start the command again. */
export interface Launch {
  readonly cwd: string;
  /** The absolute path of fluxkit.config.ts, when one was found above `cwd`. */
  readonly configFile?: string | undefined;
  /** Its module (bundled with this one), when the command needs it. */
  readonly configModule?: Record<string, unknown> | undefined;
  /** Every file the bundle was built from: what `render --watch` watches. */
  readonly inputs?: () => readonly string[];
  /** The command line that starts `fluxkit` again (node, its flags, the launcher). */
  readonly relaunch?: readonly string[];
  /** The bundle cache's folder and the build's id: where and under what the validation cache lives. */
  readonly cacheDir?: string;
  readonly build?: string;
  readonly version?: string;
  readonly stdout?: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr?: NodeJS.WritableStream;
}

interface Subcommand {
  readonly summary: string;
  readonly run: (argv: readonly string[], launch: Launch) => number | Promise<number>;
}

const SUBCOMMANDS: Readonly<Record<string, Subcommand>> = {
  render: { summary: "render environments into their output folders (--check: compare, write nothing)", run: (argv, launch) => renderCommand(argv, contextFor(argv, launch)) },
  validate: {
    summary: "validate the config's environments, or with DIR any Flux repository's YAML tree",
    run: (argv, launch) => {
      const folderOnly = launch.configModule === undefined;
      const context = folderOnly ? folderContext(launch) : commandContext(launch);
      return validateCommand(argv, context, async (folder, args) => {
        const { validateFolder } = await import("./validate-folder.ts");
        return validateFolder(folder, args, { cwd: launch.cwd, stdout: context.stdout, stderr: context.stderr });
      });
    },
  },
  runbook: { summary: "print an environment's runbook: secret-store items and checks, as Markdown", run: (argv, launch) => runbookCommand(argv, contextFor(argv, launch)) },
  "import-crds": { summary: "typed models, builders and schemas from CRD files, folders or URLs", run: async (argv, launch) => (await import("./import-crds.ts")).importCrdsCommand(argv, io(launch)) },
  init: { summary: "start a repository: config, an example app, package.json scripts, tsconfig, CI", run: async (argv, launch) => (await import("./init.ts")).initCommand(argv, io(launch)) },
  typecheck: { summary: "type-check the config and everything it imports (tsc, shipped with fluxkit)", run: async (argv, launch) => (await import("./typecheck.ts")).typecheckCommand(argv, { ...io(launch), configFile: launch.configFile }) },
  import: { summary: "turn an existing YAML tree into TypeScript that renders it byte for byte", run: async (argv, launch) => (await import("./import.ts")).importCommand(argv, io(launch)) },
};

function usage(): string {
  const width = Math.max(...Object.keys(SUBCOMMANDS).map((name) => name.length)) + 2;
  return [
    "Usage: fluxkit COMMAND [OPTIONS]",
    "",
    `Typed config-as-code for Flux clusters. Reads ${CONFIG_FILE}, found in the working directory or`,
    "the nearest folder above it.",
    "",
    "Commands:",
    ...Object.entries(SUBCOMMANDS).map(([name, { summary }]) => `  ${name.padEnd(width)}${summary}`),
    "",
    "fluxkit COMMAND --help shows a command's options; fluxkit --version its version.",
  ].join("\n");
}

function io(launch: Launch): { cwd: string; stdout: NodeJS.WritableStream & { isTTY?: boolean }; stderr: NodeJS.WritableStream } {
  return { cwd: launch.cwd, stdout: launch.stdout ?? process.stdout, stderr: launch.stderr ?? process.stderr };
}

/** The config the launcher bundled, checked; a usage error when there is none. */
function loadedConfig(launch: Launch): { config: FluxkitConfig; root: string } {
  if (launch.configFile === undefined || launch.configModule === undefined) throw new UsageError(noConfigMessage(launch));
  const config = checkConfig(launch.configModule.default, path.relative(launch.cwd, launch.configFile) || CONFIG_FILE);
  return { config, root: path.dirname(launch.configFile) };
}

/** What render, validate and runbook get from the config. */
function commandContext(launch: Launch): CommandContext {
  const { config, root } = loadedConfig(launch);
  const schemas = schemaSourcesFor(config, root);
  return {
    environments: config.environments,
    repoRoot: root,
    ...io(launch),
    schemasFor: (env: Environment) => schemas.registry(env),
    schemaSourcesIdentity: (env: Environment) => schemas.identity(env),
    ...(launch.cacheDir !== undefined && launch.build !== undefined && { validationCache: { dir: launch.cacheDir, engine: launch.build } }),
    suppress: configSuppressions(config.suppress ?? [], path.relative(launch.cwd, launch.configFile!) || CONFIG_FILE),
    ...(config.severity && { severity: config.severity }),
    ...(config.externals && { externals: config.externals }),
    records: true,
    ...(launch.relaunch && launch.inputs && {
      watch: { relaunch: [...launch.relaunch, "render"], files: launch.inputs, folders: config.watch ?? [] },
    }),
  };
}

/** The config's context; for --help outside any configured repository, one without environments. */
function contextFor(argv: readonly string[], launch: Launch): CommandContext {
  const help = argv.includes("--help") || argv.includes("-h");
  return help && launch.configModule === undefined ? folderContext(launch) : commandContext(launch);
}

/** `validate DIR`, which needs no config: no environments. */
function folderContext(launch: Launch): CommandContext {
  return { environments: [], repoRoot: launch.cwd, ...io(launch), noEnvironments: noConfigMessage(launch) };
}

function noConfigMessage(launch: Launch): string {
  return `no ${CONFIG_FILE} in ${launch.cwd} or any folder above it: run \`fluxkit init\` to start one, or name a folder to validate (fluxkit validate DIR)`;
}

/** Runs `fluxkit ARGV`; returns the exit code (2 for a usage mistake). */
export async function main(argv: readonly string[], launch: Launch): Promise<number> {
  const [name, ...rest] = argv;
  const out = launch.stdout ?? process.stdout;
  const err = launch.stderr ?? process.stderr;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    (name === undefined ? err : out).write(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-V") {
    out.write(`${launch.version ?? "unknown"}\n`);
    return 0;
  }
  const subcommand = Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
  if (subcommand === undefined) {
    const known = Object.keys(SUBCOMMANDS);
    err.write(`unknown command ${JSON.stringify(name)}${didYouMean(name, known)}\n\n${usage()}\n`);
    return 2;
  }
  try {
    return await subcommand.run(rest, launch);
  } catch (error) {
    if (error instanceof UsageError) {
      err.write(`${error.message}\n`);
      return 2;
    }
    if (rest.includes("--debug")) err.write(`${(error as Error).stack ?? String(error)}\n`);
    else err.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
