// Build: environment → finished tree → file texts, in memory, without validation. Kept apart from
// lib/render.ts (which adds validation) so that the command can load the validator only when its
// cached result does not fit (lib/validation-cache.ts).

import type { Environment } from "./environment.ts";
import { editorSchemaUrl, withEditorSchemas, withKustomizations, withPathHeaders, type FileTree } from "./tree.ts";
import type { ValidationReport } from "./validate/index.ts";
import { emitFile } from "./yaml/emit.ts";

export interface FinishOptions {
  /** The environment's `editorSchemas`: schema lines for editors, off by default. */
  readonly editorSchemas?: Environment["editorSchemas"];
  /** The environment's `pathHeaders`: each file headed by its path, on by default. */
  readonly pathHeaders?: boolean;
  /** The environment's `deriveKustomizations`: on by default. */
  readonly deriveKustomizations?: boolean;
}

/** The finishing options an environment asks for. */
export function finishOptionsOf(env: Environment): FinishOptions {
  return {
    ...(env.editorSchemas !== undefined && { editorSchemas: env.editorSchemas }),
    ...(env.pathHeaders !== undefined && { pathHeaders: env.pathHeaders }),
    ...(env.deriveKustomizations !== undefined && { deriveKustomizations: env.deriveKustomizations }),
  };
}

/**
 * The tree as written: folder kustomization.yaml files derived, each file headed by its path, and
 * with `editorSchemas`, each document headed by its schema line. An imported tree turns the first
 * two off: its files keep the heads and kustomization.yaml files they were written with.
 */
export function finishTree(tree: FileTree, options: FinishOptions = {}): FileTree {
  const derived = options.deriveKustomizations === false ? tree : withKustomizations(tree);
  const finished = options.pathHeaders === false ? derived : withPathHeaders(derived);
  const { editorSchemas } = options;
  if (!editorSchemas) return finished;
  return withEditorSchemas(finished, editorSchemas === true ? editorSchemaUrl : editorSchemas);
}

/** Path → file text for every file of a finished tree, in tree order; verbatim files as they are. */
export function emitTree(tree: FileTree): Map<string, string> {
  const files = new Map<string, string>();
  for (const [path, file] of tree) {
    try {
      files.set(path, file.text ?? emitFile(file));
    } catch (error) {
      throw new Error(`${path}: ${(error as Error).message}`, { cause: error });
    }
  }
  return files;
}

export interface BuiltEnvironment {
  readonly env: Environment;
  readonly tree: FileTree;
  readonly files: ReadonlyMap<string, string>;
}

export interface RenderedEnvironment extends BuiltEnvironment {
  readonly validation: ValidationReport;
}

/** Throws `error` again with the environment's name in front, keeping it as the cause. */
export function inEnvironment<T>(env: Environment, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw new Error(`env ${env.name}: ${(error as Error).message}`, { cause: error });
  }
}

/** Builds and emits one environment. Errors name the environment. */
export function buildEnvironment(env: Environment): BuiltEnvironment {
  return inEnvironment(env, () => {
    const tree = finishTree(env.build(), finishOptionsOf(env));
    return { env, tree, files: emitTree(tree) };
  });
}

/** Whether the render may be written: no errors, or a baseline known to be invalid. */
export function blockingErrors(rendered: RenderedEnvironment): number {
  if (rendered.env.knownInvalid !== undefined) return 0;
  return rendered.validation.findings.filter((f) => f.severity === "error").length;
}
