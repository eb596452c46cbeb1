// `fluxkit import DIR`, as a pure step: the files under DIR → TypeScript sources that render them
// byte for byte, with figures for the summary. Nothing is written here (lib/cli/import.ts writes);
// before returning, the planned tree is finished and emitted as the render will, and compared
// with what was read, so a source that would not round-trip is an error here, not a surprise later.

import { emitTree, finishTree } from "../build.ts";
import type { Document } from "../document.ts";
import { editorSchemaTemplates, type FileTree, type TreeFile } from "../tree.ts";
import { builderNames } from "./builders.ts";
import { ImportError, importFiles, type ImportedDocument, type ImportedFile } from "./files.ts";
import { typeErrors } from "./typecheck.ts";
import { commentWithoutModeline, inferEditorSchemas, inferSharedStyles, kindKey, ownStyle } from "./infer-style.ts";
import { camelCase, isIdentifier } from "./print.ts";
import { configSource, indexSource, moduleOf, moduleSource, styleModuleSource, type DocumentLines, type PlannedDocument, type PlannedFile, type SourceContext } from "./sources.ts";

export { ImportError, readFolder } from "./files.ts";
export { IMPORT_HEADER_PREFIX } from "./sources.ts";

export interface ImportOptions {
  /** DIR, relative to the repository root: `kubernetes`. */
  readonly dir: string;
  /** The package the sources import from; `@homeops/fluxkit` by default. */
  readonly library?: string;
  /** Where the sources go, relative to the repository root; `config` by default. */
  readonly sourcesDir?: string;
  /**
   * Type-checks the sources (tsc, from `root`, where the library resolves) and writes a document
   * its model rejects with `untypedObject`; without it every kind with a builder is typed.
   */
  readonly typecheckFrom?: string;
}

export interface ImportSummary {
  readonly files: number;
  readonly documents: number;
  /** Documents by `apiVersion/kind`, typed (a builder) or untyped. */
  readonly typed: ReadonlyMap<string, number>;
  readonly untyped: ReadonlyMap<string, number>;
  /** Style entries each document carries itself (beside its kind's shared style). */
  readonly styleEntries: readonly number[];
  readonly yamlLines: number;
  readonly typescriptLines: number;
  readonly verbatim: readonly { path: string; reason: string }[];
}

export interface ImportResult {
  /** Repository path → source text, fluxkit.config.ts included. */
  readonly sources: ReadonlyMap<string, string>;
  readonly summary: ImportSummary;
}

export const CONFIG_SOURCE_FILE = "fluxkit.config.ts";

function lineCount(text: string): number {
  return text === "" ? 0 : text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}

function count(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** The sources for the files read from DIR (repository path → text). */
export function importTree(files: ReadonlyMap<string, string>, options: ImportOptions): ImportResult {
  const dir = options.dir.replace(/^\.\//, "").replace(/\/+$/, "");
  const sourcesDir = options.sourcesDir ?? "config";
  const context: SourceContext = { library: options.library ?? "@homeops/fluxkit", styleModule: `${sourcesDir}/style.ts` };
  const imported = importFiles(files);
  const documents = imported.flatMap((f) => (f.verbatim ? [] : f.documents));

  // The repository's habits: modeline templates, shared style per kind, path headers.
  const templates = inferEditorSchemas(documents);
  const schemaUrl = editorSchemaTemplates(templates);
  const sharedByKind = inferSharedStyles(documents);
  const sharedNames = new Map<string, { name: string; kind: string; style: typeof documents[number]["style"] }>();
  const usedNames = new Set<string>(["editorSchemas"]);
  for (const [kind, style] of sharedByKind) {
    const simple = `${camelCase(kind.slice(kind.lastIndexOf("/") + 1)) ?? "kind"}Style`;
    let name = usedNames.has(simple) || !isIdentifier(simple) ? `${camelCase(kind) ?? "kind"}Style` : simple;
    for (let n = 2; usedNames.has(name); n++) name = `${simple}${n}`;
    usedNames.add(name);
    sharedNames.set(kind, { name, kind: kind.slice(kind.lastIndexOf("/") + 1), style });
  }
  const yamlFiles = imported.filter((f) => !f.verbatim);
  const pathHeaders = yamlFiles.length > 0 && yamlFiles.every((f) => !f.verbatim && f.head === f.path);

  const demoted = new Set<ImportedDocument>();
  let generated = generate(demoted);
  for (let round = 0; options.typecheckFrom !== undefined && round < 3; round++) {
    const errors = typeErrors(options.typecheckFrom, generated.sources);
    const rejected = errors.flatMap((error) => {
      const doc = generated.documentLines.get(error.file)?.find((d) => d.start <= error.line && error.line <= d.end);
      return doc !== undefined && doc.planned.builder !== undefined ? [doc.planned.doc] : [];
    });
    if (rejected.length === 0) {
      if (errors.length > 0) throw new ImportError(`the imported sources do not type-check (an import bug): ${errors.map((e) => `${e.file}:${e.line}: ${e.message}`).join("; ")}`);
      break;
    }
    for (const doc of rejected) demoted.add(doc);
    generated = generate(demoted);
  }
  const { sources, typed, untyped, styleEntries } = generated;

  function generate(demoted: ReadonlySet<ImportedDocument>) {
    const builders = builderNames();
    const typed = new Map<string, number>();
    const untyped = new Map<string, number>();
    const styleEntries: number[] = [];
    const usedShared = new Set<string>();
    const planned: PlannedFile[] = imported.map((file): PlannedFile => {
      if (file.verbatim) return { path: file.path, verbatim: true, text: file.text };
      const docs = file.documents.map((doc): PlannedDocument => {
        const kind = kindKey(doc.object);
        const keys = Object.keys(doc.object);
        const builder = keys[0] === "apiVersion" && keys[1] === "kind" && !demoted.has(doc) ? builders.get(kind) : undefined;
        count(builder === undefined ? untyped : typed, kind);
        const shared = sharedNames.get(kind);
        const own = shared === undefined ? undefined : ownStyle(doc, shared.style);
        if (shared !== undefined && own !== undefined) usedShared.add(kind);
        const comment = commentWithoutModeline(doc, file.path, schemaUrl);
        const ownEntries = own ?? doc.style;
        styleEntries.push(Object.keys(ownEntries).length);
        return {
          doc,
          builder,
          ...(own !== undefined && { sharedStyle: shared!.name }),
          ownStyle: ownEntries,
          ...(comment !== undefined && { comment }),
        };
      });
      const head = pathHeaders ? undefined : file.head;
      return { path: file.path, verbatim: false, ...(head !== undefined && { head }), documents: docs };
    });
    const usedSharedNames = new Map([...sharedNames].filter(([kind]) => usedShared.has(kind)));

    checkRoundTrip(planned, imported, { pathHeaders, templates, sharedNames: usedSharedNames });

    // Modules: one per app and per other folder, named by their last segment where that is unique.
    const byModule = new Map<string, PlannedFile[]>();
    for (const file of planned) {
      const module = moduleOf(file.path, dir);
      (byModule.get(module) ?? byModule.set(module, []).get(module)!).push(file);
  }
    const lastSegments = new Map<string, number>();
    for (const module of byModule.keys()) count(lastSegments, camelCase(module.slice(module.lastIndexOf("/") + 1)) ?? "");
    const sources = new Map<string, string>();
    const documentLines = new Map<string, DocumentLines[]>();
    const refs: { file: string; exportName: string }[] = [];
    const exportNames = new Set<string>(["tree", "joinTrees"]);
    for (const [module, moduleFiles] of byModule) {
      const last = camelCase(module.slice(module.lastIndexOf("/") + 1)) ?? "files";
      let exportName = lastSegments.get(last) === 1 && isIdentifier(last) && !exportNames.has(last) ? last : camelCase(module) ?? "files";
      for (let n = 2; exportNames.has(exportName) || !isIdentifier(exportName); n++) exportName = `${camelCase(module) ?? "files"}${n}`;
      exportNames.add(exportName);
      const file = `${sourcesDir}/${module}.ts`;
      const source = moduleSource(file, `${dir}/${module === dir.slice(dir.lastIndexOf("/") + 1) ? "" : `${module}/`}`, exportName, moduleFiles, context);
      sources.set(file, source.text);
      documentLines.set(file, source.documents);
      refs.push({ file, exportName });
  }
    const indexFile = `${sourcesDir}/index.ts`;
    if (sources.has(indexFile) || sources.has(context.styleModule)) {
      throw new ImportError(`${dir}: a folder named index or style would clash with ${indexFile} or ${context.styleModule}`);
  }
    sources.set(indexFile, indexSource(`${dir}/`, indexFile, refs, context));
    const editorSchemas = Object.keys(templates).length > 0;
    if (editorSchemas || usedSharedNames.size > 0) sources.set(context.styleModule, styleModuleSource(`${dir}/`, templates, usedSharedNames, context));
    sources.set(CONFIG_SOURCE_FILE, configSource({ from: `${dir}/`, indexModule: indexFile, styleModule: context.styleModule, editorSchemas, pathHeaders }, context));
    return { sources, documentLines, typed, untyped, styleEntries };
  }

  return {
    sources,
    summary: {
      files: imported.length,
      documents: documents.length,
      typed,
      untyped,
      styleEntries,
      yamlLines: [...files.values()].reduce((sum, text) => sum + lineCount(text), 0),
      typescriptLines: [...sources.values()].reduce((sum, text) => sum + lineCount(text), 0),
      verbatim: imported.flatMap((f) => (f.verbatim ? [{ path: f.path, reason: f.reason }] : [])),
    },
  };
}

/**
 * The planned files finished and emitted as `fluxkit render` will (same options as the config
 * the import writes) must give back every file as read.
 */
function checkRoundTrip(
  planned: readonly PlannedFile[],
  imported: readonly ImportedFile[],
  choices: { pathHeaders: boolean; templates: Record<string, string[]>; sharedNames: ReadonlyMap<string, { name: string; style: object }> },
): void {
  const sharedStyles = new Map([...choices.sharedNames.values()].map((s) => [s.name, s.style]));
  const tree: FileTree = new Map(
    planned.map((file): [string, TreeFile] => {
      if (file.verbatim) return [file.path, { documents: [], text: file.text }];
      const documents = file.documents.map((p): Document => {
        const { apiVersion, kind, ...rest } = p.doc.object;
        const object = p.builder === undefined ? p.doc.object : { apiVersion, kind, ...rest };
        const style = p.sharedStyle === undefined ? p.ownStyle : { ...sharedStyles.get(p.sharedStyle), ...p.ownStyle };
        return { object, style, ...(p.comment !== undefined && { comment: p.comment }) };
      });
      return [file.path, { documents, ...(file.head !== undefined && { head: file.head }) }];
    }),
  );
  const emitted = emitTree(
    finishTree(tree, {
      pathHeaders: choices.pathHeaders,
      deriveKustomizations: false,
      ...(Object.keys(choices.templates).length > 0 && { editorSchemas: editorSchemaTemplates(choices.templates) }),
    }),
  );
  for (const file of imported) {
    if (emitted.get(file.path) !== file.text) throw new ImportError(`${file.path}: the imported sources would not render it as read (an import bug)`);
  }
}
