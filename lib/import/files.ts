// The import's input: every file under a folder of the repository, and for each one whether it is
// YAML the emitter reproduces (documents with their style) or text carried verbatim, and why.

import { lstatSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { isPlainObject } from "../yaml/emit.ts";
import { emitFile } from "../yaml/emit.ts";
import type { Style } from "../yaml/style.ts";
import { readYamlFile } from "../yaml/read.ts";

export interface ImportedDocument {
  readonly object: Record<string, unknown> & { apiVersion: string; kind: string };
  readonly style: Style;
  readonly comment?: string;
}

export type ImportedFile =
  | { readonly path: string; readonly verbatim: false; readonly head?: string; readonly documents: readonly ImportedDocument[]; readonly text: string }
  | { readonly path: string; readonly verbatim: true; readonly reason: string; readonly text: string };

export class ImportError extends Error {}

/** Every file under `dir` (relative to `root`), as repository path → text, sorted by path. */
export function readFolder(root: string, dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (relative: string): void => {
    for (const name of readdirSync(path.join(root, relative)).sort()) {
      const child = `${relative}/${name}`;
      const stat = lstatSync(path.join(root, child));
      if (stat.isSymbolicLink()) throw new ImportError(`${child}: a symbolic link; the import reads files only`);
      if (stat.isDirectory()) walk(child);
      else if (stat.isFile()) {
        const bytes = readFileSync(path.join(root, child));
        const text = bytes.toString("utf8");
        if (!Buffer.from(text, "utf8").equals(bytes)) throw new ImportError(`${child}: not UTF-8 text`);
        files.set(child, text);
      }
    }
  };
  walk(dir.replace(/\/+$/, ""));
  return files;
}

const YAML_FILE = /\.ya?ml$/;

/** SOPS writes its metadata under a top-level `sops:` key with `ENC[…]` values: never re-emit those. */
function isSops(text: string): boolean {
  return /^sops:\s*$/m.test(text) && text.includes("ENC[");
}

/**
 * Files a kustomize generator or Helm inflator reads (configMapGenerator/secretGenerator `files`,
 * `envs`, `env`; helmCharts `valuesFile`): kustomize reads their bytes, so they stay as written.
 */
function generatorInputs(path_: string, object: unknown): string[] {
  if (!isPlainObject(object)) return [];
  const folder = path_.slice(0, path_.lastIndexOf("/"));
  const inputs: string[] = [];
  for (const key of ["configMapGenerator", "secretGenerator"]) {
    const generators = object[key];
    if (!Array.isArray(generators)) continue;
    for (const generator of generators) {
      if (!isPlainObject(generator)) continue;
      const files = Array.isArray(generator["files"]) ? generator["files"] : [];
      const envs = Array.isArray(generator["envs"]) ? generator["envs"] : [];
      for (const entry of [...files, ...envs, generator["env"]]) {
        if (typeof entry === "string") inputs.push(entry.slice(entry.indexOf("=") + 1));
      }
    }
  }
  const charts = object["helmCharts"];
  if (Array.isArray(charts)) for (const chart of charts) if (isPlainObject(chart) && typeof chart["valuesFile"] === "string") inputs.push(chart["valuesFile"]);
  return inputs.map((input) => path.posix.normalize(`${folder}/${input}`));
}

function isKubeObject(object: unknown): object is ImportedDocument["object"] {
  return isPlainObject(object) && typeof object["apiVersion"] === "string" && typeof object["kind"] === "string";
}

/** The first line where two texts differ, 1-based. */
function firstDifferentLine(a: string, b: string): number {
  const left = a.split("\n");
  const right = b.split("\n");
  let i = 0;
  while (i < left.length && left[i] === right[i]) i++;
  return i + 1;
}

/**
 * Each file read: YAML the emitter writes back byte for byte becomes documents; everything else
 * is verbatim, with the reason. Invalid YAML is an error naming the file and line.
 */
export function importFiles(files: ReadonlyMap<string, string>): ImportedFile[] {
  const read = new Map<string, ReturnType<typeof readYamlFile>>();
  const generated = new Map<string, string>();
  for (const [file, text] of files) {
    if (!YAML_FILE.test(file) || isSops(text)) continue;
    const result = readYamlFile(text, file);
    read.set(file, result);
    if (!result.verbatim && /(^|\/)kustomization\.ya?ml$/.test(file)) {
      for (const doc of result.documents) for (const input of generatorInputs(file, doc.object)) generated.set(input, file);
    }
  }
  const imported: ImportedFile[] = [];
  for (const [file, text] of files) {
    const verbatim = (reason: string): void => void imported.push({ path: file, verbatim: true, reason, text });
    const result = read.get(file);
    if (generated.has(file)) verbatim(`read by a kustomize generator in ${generated.get(file)}`);
    else if (!YAML_FILE.test(file)) verbatim("not YAML");
    else if (isSops(text)) verbatim("SOPS-encrypted");
    else if (result === undefined) verbatim("not read");
    else if (result.verbatim) verbatim(result.reason);
    else if (result.documents.length === 0) verbatim("no documents");
    else if (!result.documents.every((doc) => isKubeObject(doc.object))) verbatim("a document is not a Kubernetes object (apiVersion and kind)");
    else {
      const documents = result.documents as readonly ImportedDocument[];
      const head = result.head;
      const emitted = emitFile({ ...(head !== undefined && { head }), documents });
      if (emitted !== text) verbatim(`the emitter writes line ${firstDifferentLine(emitted, text)} differently`);
      else imported.push({ path: file, verbatim: false, ...(head !== undefined && { head }), documents, text });
    }
  }
  return imported;
}
