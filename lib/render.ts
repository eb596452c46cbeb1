// Render: environment → finished tree → file texts, all in memory. Writing is the CLI's job
// (scripts/render.ts), so importers can render to strings and check them against a folder.

import type { Environment } from "./environment.ts";
import { withKustomizations, withPathHeaders, type FileTree } from "./tree.ts";
import { validateTree, type ValidationReport } from "./validate/index.ts";
import { emitFile } from "./yaml/emit.ts";

/** The tree as written: folder kustomization.yaml files derived, each file headed by its path. */
export function finishTree(tree: FileTree): FileTree {
  return withPathHeaders(withKustomizations(tree));
}

/** Path → file text for every file of a finished tree, in tree order. */
export function emitTree(tree: FileTree): Map<string, string> {
  const files = new Map<string, string>();
  for (const [path, file] of tree) {
    try {
      files.set(path, emitFile(file));
    } catch (error) {
      throw new Error(`${path}: ${(error as Error).message}`, { cause: error });
    }
  }
  return files;
}

export interface RenderedEnvironment {
  readonly env: Environment;
  readonly tree: FileTree;
  readonly files: ReadonlyMap<string, string>;
  readonly validation: ValidationReport;
}

/** Builds, validates and emits one environment, in memory. Errors name the environment. */
export function renderEnvironment(env: Environment): RenderedEnvironment {
  try {
    const tree = finishTree(env.build());
    const validation = validateTree(env.name, tree, { substituteFromVars: env.substituteFromVars ?? {} });
    return { env, tree, files: emitTree(tree), validation };
  } catch (error) {
    throw new Error(`env ${env.name}: ${(error as Error).message}`, { cause: error });
  }
}

/** Whether the render may be written: no errors, or a baseline known to be invalid. */
export function blockingErrors(rendered: RenderedEnvironment): number {
  if (rendered.env.knownInvalid !== undefined) return 0;
  return rendered.validation.findings.filter((f) => f.severity === "error").length;
}
