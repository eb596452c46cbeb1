// `fluxkit validate DIR`: any Flux repository's YAML tree, as it is on disk, no TypeScript needed.
// Every YAML file below DIR is read; every document that is a Kubernetes object (apiVersion and
// kind) is validated by the same engine as a rendered environment. Files that hold no object
// (Helm values, Talos configs, SOPS-encrypted files) are counted and skipped.

import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import { shownPath, UsageError, useColour } from "../cli.ts";
import { document, type Document, type KubeObject } from "../document.ts";
import { printFindings, validationFormat, validationJson, validationSummary } from "../render-cli.ts";
import type { FileTree, TreeFile } from "../tree.ts";
import { countBySeverity, validateTree } from "../validate/index.ts";

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

function isKubeObject(value: unknown): value is KubeObject {
  const object = value as Partial<KubeObject> | null;
  return typeof object === "object" && object !== null && !Array.isArray(object) && typeof object.apiVersion === "string" && typeof object.kind === "string";
}

export interface ReadTree {
  readonly tree: FileTree;
  readonly files: number;
  /** Files with no Kubernetes object, or SOPS-encrypted. */
  readonly skipped: number;
}

/**
 * The tree below `dir`: paths relative to `base` (the repository root, so that a Flux
 * Kustomization's `spec.path` names them), documents as plain data. Invalid YAML is an error
 * naming the file and line.
 */
export function readYamlTree(dir: string, base: string): ReadTree {
  const entries = new Map<string, TreeFile>();
  let skipped = 0;
  const files = yamlFiles(dir);
  for (const file of files) {
    const full = path.join(dir, file);
    const treePath = path.relative(base, full).split(path.sep).join("/");
    const text = readFileSync(full, "utf8");
    // Kubernetes reads YAML 1.1 with merge keys (go-yaml, as kustomize and Flux do).
    const parsed = parseAllDocuments(text, { version: "1.1", merge: true, uniqueKeys: false });
    const documents: Document[] = [];
    for (const doc of Array.isArray(parsed) ? parsed : [parsed]) {
      const problem = doc.errors[0];
      if (problem) {
        const line = problem.linePos?.[0]?.line;
        throw new Error(`${treePath}${line === undefined ? "" : `:${line}`}: invalid YAML: ${problem.message.split("\n")[0]}`);
      }
      const value: unknown = doc.toJS({ maxAliasCount: -1 });
      if (isKubeObject(value) && !("sops" in value)) documents.push(document(value));
    }
    if (documents.length === 0) skipped += 1;
    else entries.set(treePath, { documents });
  }
  return { tree: entries, files: files.length, skipped };
}

export function validateFolder(folder: string, args: Record<string, unknown>, io: FolderIo): number {
  const out = io.stdout ?? process.stdout;
  const dir = path.resolve(io.cwd, folder);
  const stat = statSync(dir, { throwIfNoEntry: false });
  if (stat === undefined || !stat.isDirectory()) throw new UsageError(`validate: no such folder: ${folder}`);
  const format = validationFormat(args.format);
  // Flux paths are relative to the repository root, which holds the tree's top folder (kubernetes/).
  const { tree, files, skipped } = readYamlTree(dir, path.dirname(dir));
  const name = shownPath(io.cwd, dir) || ".";
  const report = validateTree(name, tree);
  if (format === "json") out.write(validationJson([{ name, report }]));
  else {
    printFindings(out, report.findings, args.verbose === true, useColour(out, process.env));
    out.write(`${validationSummary(name, report)}; ${files} YAML files, ${skipped} without Kubernetes objects skipped\n`);
  }
  return countBySeverity(report.findings).error > 0 ? 1 : 0;
}
