// Render: environment → finished tree → file texts, all in memory. Writing is the CLI's job
// (scripts/render.ts), so importers can render to strings and check them against a folder.

import type { Environment } from "./environment.ts";
import { editorSchemaUrl, withEditorSchemas, withKustomizations, withPathHeaders, type FileTree } from "./tree.ts";
import { defaultSchemas, validateTree, type ValidationReport } from "./validate/index.ts";
import type { SchemaRegistry } from "./validate/schema.ts";
import { emitFile } from "./yaml/emit.ts";

export interface FinishOptions {
  /** The environment's `editorSchemas`: schema lines for editors, off by default. */
  readonly editorSchemas?: Environment["editorSchemas"];
}

/**
 * The tree as written: folder kustomization.yaml files derived, each file headed by its path, and
 * with `editorSchemas`, each document headed by its schema line.
 */
export function finishTree(tree: FileTree, options: FinishOptions = {}): FileTree {
  const finished = withPathHeaders(withKustomizations(tree));
  const { editorSchemas } = options;
  if (!editorSchemas) return finished;
  return withEditorSchemas(finished, editorSchemas === true ? editorSchemaUrl : editorSchemas);
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

export interface RenderOptions {
  /** Schemas besides the package's (a config's CRD sources); they win for the same kind. */
  readonly schemas?: SchemaRegistry | undefined;
}

/** Builds, validates and emits one environment, in memory. Errors name the environment. */
export function renderEnvironment(env: Environment, options: RenderOptions = {}): RenderedEnvironment {
  try {
    const tree = finishTree(env.build(), { editorSchemas: env.editorSchemas });
    const schemas = options.schemas === undefined ? defaultSchemas : { ...defaultSchemas, ...options.schemas };
    const validation = validateTree(env.name, tree, { substituteFromVars: env.substituteFromVars ?? {}, schemas });
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
