// `fluxkit validate DIR`: any Flux repository's YAML tree, as it is on disk, no TypeScript needed.
// Every YAML file below DIR is read; every document that is a Kubernetes object (apiVersion and
// kind) that a Flux Kustomization applies is validated by the same engine as a rendered
// environment, as Flux applies it (lib/validate/cluster-view.ts). Files that hold no object (Helm
// values, Talos configs, SOPS-encrypted files) and objects nothing applies are counted and skipped.

import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { shownPath, UsageError, useColour } from "../cli.ts";
import { githubAnnotations, printFindings, validationFormat, validationJson, validationSummary } from "../render-cli.ts";
import type { FileTree, TreeFile } from "../tree.ts";
import { clusterView, fluxPathFolder, isFluxKustomization, isKustomizeFile } from "../validate/cluster-view.ts";
import { countBySeverity, validateTree, type Finding } from "../validate/index.ts";
import { dig, text } from "../validate/rules/read.ts";
import { UNKNOWN_KIND_RULE } from "../validate/schema.ts";
import { finishFindings, suppressionsInYaml, type Suppression } from "../validate/suppress.ts";
import { yamlObjects } from "../validate/yaml-objects.ts";

export interface FolderIo {
  readonly cwd: string;
  readonly stdout?: (NodeJS.WritableStream & { isTTY?: boolean }) | undefined;
  readonly stderr?: NodeJS.WritableStream | undefined;
}

/** Every `.yaml`/`.yml` file below `dir`, as `/`-separated paths relative to it, sorted; dot folders skipped. */
function yamlFiles(dir: string, under = ""): string[] {
  return readdirSync(path.join(dir, under), { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const relative = under === "" ? entry.name : `${under}/${entry.name}`;
      if (entry.isDirectory()) return entry.name.startsWith(".") ? [] : yamlFiles(dir, relative);
      return entry.isFile() && /\.ya?ml$/.test(entry.name) ? [relative] : [];
    });
}

export interface ReadTree {
  /** Every YAML file: its Kubernetes objects, or no documents (Helm values, SOPS-encrypted files). */
  readonly tree: FileTree;
  readonly files: number;
  /** Files with no Kubernetes object, or SOPS-encrypted. */
  readonly skipped: number;
  /** The `# fluxkit-ignore RULE: REASON` comments of every file. */
  readonly suppressions: readonly Suppression[];
}

/**
 * The tree below `dir`: paths relative to `base` (the repository root, so that a Flux
 * Kustomization's `spec.path` names them), documents as plain data. A file without objects stays
 * in the tree with no documents, so that a kustomization.yaml listing it (a SOPS-encrypted Secret)
 * resolves. Invalid YAML is an error naming the file and line.
 */
export function readYamlTree(dir: string, base: string): ReadTree {
  const entries = new Map<string, TreeFile>();
  const suppressions: Suppression[] = [];
  let skipped = 0;
  const files = yamlFiles(dir);
  for (const file of files) {
    const full = path.join(dir, file);
    const treePath = path.relative(base, full).split(path.sep).join("/");
    const text = readFileSync(full, "utf8");
    const { documents, parsed } = yamlObjects(text, treePath);
    if (documents.length === 0) skipped += 1;
    entries.set(treePath, { documents });
    suppressions.push(...suppressionsInYaml(text, treePath, parsed));
  }
  return { tree: entries, files: files.length, skipped, suppressions };
}

/**
 * The repository root: the folder Flux paths are relative to. Most trees are a repository's
 * `kubernetes/` folder, so its parent; a rendered `out/<env>/` holds `kubernetes/` itself. The
 * candidate (DIR's parent, DIR, then further up) under which most `spec.path` folders exist wins.
 */
function repositoryRoot(dir: string, tree: FileTree): string {
  const folders = new Set<string>();
  const paths: string[] = [];
  for (const [file, { documents }] of tree) {
    for (let f = path.posix.dirname(file); f !== "."; f = path.posix.dirname(f)) folders.add(f);
    for (const doc of documents) {
      const specPath = isFluxKustomization(doc.object) ? text(dig(doc.object, "spec", "path")) : undefined;
      const folder = specPath === undefined ? undefined : fluxPathFolder(specPath);
      if (folder !== undefined) paths.push(folder);
    }
  }
  const candidates = [path.dirname(dir), dir, path.dirname(path.dirname(dir)), path.dirname(path.dirname(path.dirname(dir)))];
  let best = { root: candidates[0] as string, found: -1 };
  for (const root of new Set(candidates)) {
    const prefix = path.relative(root, dir).split(path.sep).join("/");
    const found = paths.filter((folder) => {
      if (prefix === "") return folder === "" || folders.has(folder);
      return folder === prefix || (folder.startsWith(`${prefix}/`) && folders.has(folder.slice(prefix.length + 1)));
    }).length;
    if (found > best.found) best = { root, found };
  }
  return best.root;
}

/** Moves every path of the tree, and of its suppressions, under `prefix`. */
function underPrefix(read: ReadTree, prefix: string): { tree: FileTree; suppressions: readonly Suppression[] } {
  if (prefix === "") return read;
  return {
    tree: new Map([...read.tree].map(([file, entry]) => [`${prefix}/${file}`, entry])),
    suppressions: read.suppressions.map((s) => ({ ...s, ...(s.file !== undefined && { file: `${prefix}/${s.file}` }), source: { ...s.source, file: `${prefix}/${s.source.file}` } })),
  };
}

/** "no schema for 2 kinds: cilium.io/v2 CiliumNetworkPolicy (3 documents), …" */
function unknownKindsLine(findings: readonly Finding[]): string | undefined {
  const kinds = findings.filter((f) => f.rule === UNKNOWN_KIND_RULE).map((f) => /^no schema or model for (.*)\/([^/]+) \((\d+ documents?)\)/.exec(f.message))
    .flatMap((m) => (m ? [`${m[1]} ${m[2]} (${m[3]})`] : []));
  return kinds.length === 0 ? undefined : `no schema for ${kinds.length} kind${kinds.length === 1 ? "" : "s"}, not validated: ${kinds.join(", ")}\n`;
}

/** What became of each YAML file: "417 YAML files: 312 applied, 98 kustomize build files, 7 skipped (…)". */
export function filesLine(tree: FileTree): string {
  const view = clusterView(tree);
  const applied = new Set(view.applied.map((a) => a.file));
  let build = 0;
  let empty = 0;
  for (const [file, { documents }] of tree) {
    if (documents.length === 0) empty += 1;
    else if (!applied.has(file) && documents.every((doc) => isKustomizeFile(doc.object))) build += 1;
  }
  const unapplied = view.skippedFiles.length;
  return `${tree.size} YAML files: ${applied.size} applied, ${build} kustomize build files, ${unapplied + empty} skipped `
    + `(${unapplied} with objects no Flux Kustomization applies, ${empty} without Kubernetes objects)`;
}

export function validateFolder(folder: string, args: Record<string, unknown>, io: FolderIo): number {
  const out = io.stdout ?? process.stdout;
  const dir = path.resolve(io.cwd, folder);
  const stat = statSync(dir, { throwIfNoEntry: false });
  if (stat === undefined || !stat.isDirectory()) throw new UsageError(`validate: no such folder: ${folder}`);
  const format = validationFormat(args.format);
  const read = readYamlTree(dir, dir);
  const root = repositoryRoot(dir, read.tree);
  const { tree, suppressions } = underPrefix(read, path.relative(root, dir).split(path.sep).join("/"));
  const name = shownPath(io.cwd, dir) || ".";
  const validated = validateTree(name, tree, { canDeclareSources: false });
  const report = { ...validated, findings: finishFindings(validated.findings, { env: name, suppressions }) };
  if (format === "json") out.write(validationJson([{ name, report }]));
  else {
    // Tree paths are relative to the repository root; annotations name files from the working directory.
    const fromCwd = path.relative(io.cwd, root).split(path.sep).join("/");
    if (format === "github") out.write(githubAnnotations(report.findings, args.verbose === true, (file) => (fromCwd === "" ? file : `${fromCwd}/${file}`)));
    else printFindings(out, report.findings, args.verbose === true, useColour(out, process.env));
    out.write(unknownKindsLine(report.findings) ?? "");
    out.write(`${validationSummary(name, report)}; ${filesLine(tree)}\n`);
  }
  return countBySeverity(report.findings).error > 0 ? 1 : 0;
}
