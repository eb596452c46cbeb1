// `fluxkit import DIR`: an existing YAML tree → TypeScript sources and fluxkit.config.ts that
// render it byte for byte (lib/import/). Writes nothing until everything succeeded, never
// overwrites a source it did not write, and changes nothing under DIR.

import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseCommandArgs, UsageError } from "../cli.ts";
import { CONFIG_SOURCE_FILE, IMPORT_HEADER_PREFIX, ImportError, importTree, readFolder, type ImportSummary } from "../import/index.ts";
import { tsconfigText } from "./init.ts";

export interface ImportIo {
  readonly cwd: string;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

const DEFAULT_SOURCES = "config";
const DEFAULT_LIBRARY = "@homeops/fluxkit";

const HELP = `usage: fluxkit import DIR [--sources DIR] [--library NAME]

Reads every file under DIR (relative to the working directory, the repository root: kubernetes)
and writes TypeScript that renders it byte for byte: one module per app (apps/<ns>/<app>/) and per
other folder under <sources>/, <sources>/style.ts (the repository's modelines and shared style),
<sources>/index.ts, and ${CONFIG_SOURCE_FILE} (one environment rendered into the repository
itself) unless it exists. After it, \`fluxkit render\` re-creates DIR exactly.

Files the emitter cannot reproduce, and files that are not Kubernetes YAML (scripts, SOPS files,
generator inputs), are carried verbatim and listed. Nothing under DIR changes. Every source written
starts with "${IMPORT_HEADER_PREFIX}..."; the import refuses to overwrite a file without that line,
and writes nothing then.

options:
  --sources DIR   where the sources go (default: ${DEFAULT_SOURCES})
  --library NAME  the package the sources import (default: ${DEFAULT_LIBRARY})
  -h, --help      show this text`;

/** Runs the command; returns the exit code (0 done, 1 failed, 2 usage error). */
export function importCommand(argv: readonly string[], io: ImportIo): number {
  let values: Record<string, unknown>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseCommandArgs(argv, { sources: { type: "string" }, library: { type: "string" }, help: { type: "boolean", short: "h" } }, true));
    if (values["help"] === true) {
      io.stdout.write(`${HELP}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? "name the folder to import (kubernetes)" : "name one folder");
  } catch (error) {
    io.stderr.write(`import: ${(error as Error).message}\n${HELP.split("\n")[0]}\n(see --help)\n`);
    return 2;
  }
  try {
    const started = performance.now();
    const root = io.cwd;
    const dir = path.relative(root, path.resolve(root, positionals[0]!)).split(path.sep).join("/");
    if (dir === "" || dir.startsWith("..") || path.isAbsolute(dir)) throw new ImportError(`${positionals[0]}: name a folder inside the repository (${root})`);
    if (!existsSync(path.join(root, dir)) || !statSync(path.join(root, dir)).isDirectory()) throw new ImportError(`${dir}: no such folder`);
    const sourcesDir = typeof values["sources"] === "string" ? values["sources"].replace(/\/+$/, "") : DEFAULT_SOURCES;
    if (sourcesDir === dir || sourcesDir.startsWith(`${dir}/`)) throw new ImportError(`--sources ${sourcesDir}: the sources cannot go inside ${dir}/`);
    const library = typeof values["library"] === "string" ? values["library"] : DEFAULT_LIBRARY;
    const result = importTree(readFolder(root, dir), { dir, sourcesDir, library, typecheckFrom: root });

    // Every check before the first write. A repository without a tsconfig.json gets the one
    // `fluxkit init` writes, so that `fluxkit typecheck` runs at once.
    const writes = new Map<string, string>();
    if (!existsSync(path.join(root, "tsconfig.json"))) writes.set("tsconfig.json", tsconfigText([CONFIG_SOURCE_FILE, sourcesDir]));
    let keptConfig = false;
    for (const [file, text] of result.sources) {
      const target = path.join(root, file);
      if (!existsSync(target)) {
        writes.set(file, text);
        continue;
      }
      if (file === CONFIG_SOURCE_FILE) {
        keptConfig = true;
        continue;
      }
      if (!readFileSync(target, "utf8").startsWith(IMPORT_HEADER_PREFIX)) {
        throw new ImportError(`${file} exists and was not written by fluxkit import (its first line is not "${IMPORT_HEADER_PREFIX}…"); refusing to overwrite it, nothing written`);
      }
      writes.set(file, text);
    }
    for (const [file, text] of writes) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    }
    io.stdout.write(summaryText(dir, result.summary, writes.size, performance.now() - started));
    if (keptConfig) io.stdout.write(`import: ${CONFIG_SOURCE_FILE} exists and was kept: add the environment from ${sourcesDir}/index.ts to it yourself\n`);
    return 0;
  } catch (error) {
    io.stderr.write(`import: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function byKindText(counts: ReadonlyMap<string, number>): string {
  return [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1)).map(([kind, n]) => `${kind.slice(kind.lastIndexOf("/") + 1)} (${kind.slice(0, kind.lastIndexOf("/"))}) ${n}`).join(", ");
}

/** The summary the command prints. */
export function summaryText(dir: string, s: ImportSummary, written: number, ms: number): string {
  const total = (m: ReadonlyMap<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
  const lines = [
    `import: ${dir}/: ${s.files} files, ${s.documents} documents (${total(s.typed)} typed, ${total(s.untyped)} untyped); ${written} sources written in ${Math.round(ms)} ms`,
    `  typed: ${byKindText(s.typed) || "none"}`,
    `  untyped: ${byKindText(s.untyped) || "none"}`,
    `  style entries per document: median ${median(s.styleEntries)}, max ${Math.max(0, ...s.styleEntries)}`,
    `  lines: ${s.typescriptLines} TypeScript for ${s.yamlLines} in ${dir}/`,
    `  verbatim: ${s.verbatim.length} files${s.verbatim.length > 0 ? ":" : ""}`,
    ...s.verbatim.map((v) => `    ${v.path}: ${v.reason}`),
  ];
  return `${lines.join("\n")}\n`;
}
