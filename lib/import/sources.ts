// The TypeScript an import writes: one module per app (`apps/<ns>/<app>/`) and per other folder,
// the repository's style module, an index joining them, and fluxkit.config.ts.

import * as path from "node:path";
import { parsePath, type NodeStyle, type Style } from "../yaml/style.ts";
import type { ImportedDocument } from "./files.ts";
import { camelCase, isIdentifier, keySource, stringSource, valueSource, type DataPath } from "./print.ts";

/** The first line of every source the import writes; a file without it is never overwritten. */
export const IMPORT_HEADER_PREFIX = "// Imported by fluxkit import from ";

export function importHeader(from: string): string {
  return `${IMPORT_HEADER_PREFIX}${from} (delete this line to keep a later import from replacing the file).`;
}

/** A document as the sources write it. */
export interface PlannedDocument {
  readonly doc: ImportedDocument;
  /** The typed builder's name, or undefined for `untypedObject`. */
  readonly builder: string | undefined;
  /** The name of the shared style of the document's kind it spreads, if any. */
  readonly sharedStyle?: string;
  /** The style entries it carries itself. */
  readonly ownStyle: Style;
  readonly comment?: string;
}

export type PlannedFile =
  | { readonly path: string; readonly verbatim: false; readonly head?: string; readonly documents: readonly PlannedDocument[] }
  | { readonly path: string; readonly verbatim: true; readonly text: string };

export interface SourceContext {
  /** The package the sources import from (`@homeops/fluxkit`). */
  readonly library: string;
  /** Where the style module is, relative to the repository root (`config/style.ts`). */
  readonly styleModule: string;
}

/** The module a file of DIR belongs to: `apps/<ns>/<app>`, `apps/<ns>`, `apps`, `<folder>`, or DIR's own name. */
export function moduleOf(file: string, dir: string): string {
  const parts = file.slice(dir.length + 1).split("/");
  if (parts[0] === "apps") {
    if (parts.length >= 4) return parts.slice(0, 3).join("/");
    if (parts.length === 3) return parts.slice(0, 2).join("/");
    return "apps";
  }
  if (parts.length >= 2) return parts[0]!;
  return path.posix.basename(dir);
}

function styleKey(segments: DataPath): string {
  return JSON.stringify(segments);
}

/** A style path as data path segments, or undefined when it holds wildcards. */
function dataPathOf(stylePath: string): DataPath | undefined {
  const out: (string | number)[] = [];
  if (stylePath === "") return out;
  for (const segment of parsePath(stylePath)) {
    if (segment.kind === "key") out.push(segment.key);
    else if (segment.kind === "index") out.push(segment.index);
    else return undefined;
  }
  return out;
}

function valueAt(object: unknown, at: DataPath): unknown {
  let value = object;
  for (const step of at) value = value === null || typeof value !== "object" ? undefined : (value as Record<string | number, unknown>)[step];
  return value;
}

/** Module-wide names: the consts that stand for anchored values, and every identifier in use. */
class Names {
  readonly used: Set<string>;
  readonly consts: string[] = [];
  private readonly byValue = new Map<string, string>();

  constructor(taken: Iterable<string>) {
    this.used = new Set(taken);
  }

  fresh(base: string): string {
    const stem = isIdentifier(base) ? base : `${base}Value`;
    let name = stem;
    for (let n = 2; this.used.has(name) || !isIdentifier(name); n++) name = `${stem}${n}`;
    this.used.add(name);
    return name;
  }

  /**
   * The const for an anchored value, declared once per name and value. A second value under the
   * same anchor name is named after its object too (`homeOpsRunnerName`), not numbered.
   */
  constFor(anchor: string, value: unknown, owner: string | undefined, source: () => string): string {
    const key = `${anchor}\0${JSON.stringify(value)}`;
    let name = this.byValue.get(key);
    if (name === undefined) {
      const base = camelCase(anchor) ?? "anchor";
      const qualified = owner === undefined ? undefined : camelCase(`${owner}-${base}`);
      const taken = this.used.has(base) || !isIdentifier(base);
      name = this.fresh(taken && qualified !== undefined && !this.used.has(qualified) && isIdentifier(qualified) ? qualified : base);
      this.byValue.set(key, name);
      this.consts.push(`const ${name} = ${source()};`);
    }
    return name;
  }
}

function ownerName(object: ImportedDocument["object"]): string | undefined {
  const name = (object as { metadata?: { name?: unknown } }).metadata?.name;
  return typeof name === "string" ? name : undefined;
}

/** Path → const name for one document's anchors that have aliases, consts declared inner first. */
function anchorReferences(planned: PlannedDocument, names: Names): Map<string, string> {
  const style = planned.doc.style;
  const anchors = new Map<string, DataPath>();
  const aliases = new Map<string, DataPath[]>();
  for (const [stylePath, node] of Object.entries(style)) {
    const at = dataPathOf(stylePath);
    if (at === undefined) continue;
    if (node.anchor !== undefined) anchors.set(node.anchor, at);
    if (node.alias !== undefined) (aliases.get(node.alias) ?? aliases.set(node.alias, []).get(node.alias)!).push(at);
  }
  const references = new Map<string, string>();
  // Deepest anchors first, so an anchored object can name the consts inside it.
  const ordered = [...anchors].filter(([name]) => aliases.has(name)).sort(([, a], [, b]) => b.length - a.length);
  for (const [anchor, at] of ordered) {
    const value = valueAt(planned.doc.object, at);
    const inner = (sub: DataPath): string | undefined => (sub.length === 0 ? undefined : references.get(styleKey([...at, ...sub])));
    const name = names.constFor(anchor, value, ownerName(planned.doc.object), () => valueSource(value, "", 0, { reference: inner }));
    references.set(styleKey(at), name);
    for (const alias of aliases.get(anchor)!) {
      if (JSON.stringify(valueAt(planned.doc.object, alias)) === JSON.stringify(value)) references.set(styleKey(alias), name);
    }
  }
  return references;
}

/** `{ a, b }` on one line when it fits, otherwise one entry per line. */
function literal(entries: readonly string[], indent: string, prefixWidth: number): string {
  const inline = `{ ${entries.join(", ")} }`;
  if (!inline.includes("\n") && indent.length + prefixWidth + inline.length <= 120) return inline;
  return `{\n${entries.map((e) => `${indent}  ${e},`).join("\n")}\n${indent}}`;
}

function styleSource(planned: PlannedDocument, indent: string): string | undefined {
  const own = Object.entries(planned.ownStyle);
  if (planned.sharedStyle !== undefined && own.length === 0) return planned.sharedStyle;
  if (planned.sharedStyle === undefined && own.length === 0) return undefined;
  const inner = `${indent}  `;
  const entries = own.map(([stylePath, node]) => `${JSON.stringify(stylePath)}: ${valueSource(node as NodeStyle, inner, JSON.stringify(stylePath).length + 3)}`);
  return literal(planned.sharedStyle === undefined ? entries : [`...${planned.sharedStyle}`, ...entries], indent, "style: ".length + 1);
}

/**
 * One document as a builder call whose lines are indented from `indent`; its first line already
 * holds `before` characters and its last one is followed by `after` more.
 */
function documentSource(planned: PlannedDocument, indent: string, names: Names, before: number, after: number): string {
  const references = anchorReferences(planned, names);
  const reference = (at: DataPath): string | undefined => references.get(styleKey(at));
  const { apiVersion, kind, ...rest } = planned.doc.object;
  const call = planned.builder ?? "untypedObject";
  const data = planned.builder === undefined ? planned.doc.object : rest;
  let text = `${call}(${valueSource(data, indent, before - indent.length + call.length + 1 + after + 1, { reference })}`;
  const options: string[] = [];
  const style = styleSource(planned, `${indent}  `);
  if (style !== undefined) options.push(`style: ${style}`);
  if (planned.comment !== undefined) options.push(`comment: ${stringSource(planned.comment)}`);
  if (options.length > 0) {
    const lastLine = text.includes("\n") ? text.slice(text.lastIndexOf("\n") + 1).length : before + text.length;
    text += `, ${literal(options, indent, lastLine + 2 - indent.length + 1 + after)}`;
  }
  void apiVersion;
  void kind;
  return `${text})`;
}

/** A document's lines within a module (1-based, inclusive), to map type errors back to it. */
export interface DocumentLines {
  readonly planned: PlannedDocument;
  readonly start: number;
  readonly end: number;
}

interface FileEntry {
  readonly lines: string[];
  /** Line offsets within `lines` (0-based, inclusive). */
  readonly documents: { planned: PlannedDocument; from: number; to: number }[];
  readonly uses: string[];
}

function fileSource(file: PlannedFile, dirVar: string | undefined, moduleDir: string, names: Names): FileEntry {
  const pathText = dirVar !== undefined && file.path.startsWith(`${moduleDir}/`) ? `\`\${${dirVar}}/${file.path.slice(moduleDir.length + 1).replace(/[`\\$]/g, "\\$&")}\`` : JSON.stringify(file.path);
  if (file.verbatim) return { lines: `  [${pathText}, verbatimFile(${stringSource(file.text)})],`.split("\n"), documents: [], uses: ["verbatimFile"] };
  const uses = file.documents.map((d) => d.builder ?? "untypedObject");
  const [only] = file.documents;
  if (file.head === undefined && only !== undefined && file.documents.length === 1) {
    // One document: its list hugs the call, `[path, [builder({` … `})]],`, as a person writes it.
    const opening = `  [${pathText}, [`;
    const docLines = `${opening}${documentSource(only, "  ", names, opening.length, "]],".length)}]],`.split("\n");
    return { lines: docLines, documents: [{ planned: only, from: 0, to: docLines.length - 1 }], uses };
  }
  const lines = [file.head === undefined ? `  [${pathText}, [` : `  [${pathText}, yamlFile([`];
  const documents: FileEntry["documents"] = [];
  for (const planned of file.documents) {
    const docLines = `    ${documentSource(planned, "    ", names, 4, 1)},`.split("\n");
    documents.push({ planned, from: lines.length, to: lines.length + docLines.length - 1 });
    lines.push(...docLines);
  }
  if (file.head === undefined) lines.push("  ]],");
  else {
    lines.push(...`  ], { head: ${stringSource(file.head)} })],`.split("\n"));
    uses.push("yamlFile");
  }
  return { lines, documents, uses };
}

function relativeImport(from: string, to: string): string {
  const relative = path.posix.relative(path.posix.dirname(from), to);
  return relative.startsWith(".") ? relative : `./${relative}`;
}

/** The source of one module: its files as a `fileTree`, exported as `exportName`. */
export function moduleSource(modulePath: string, from: string, exportName: string, files: readonly PlannedFile[], context: SourceContext): { text: string; documents: DocumentLines[] } {
  const moduleDir = commonFolder(files.map((f) => f.path));
  const names = new Names([exportName, "dir", "fileTree", "verbatimFile", "yamlFile", "untypedObject", ...files.flatMap((f) => (f.verbatim ? [] : f.documents.flatMap((d) => [d.builder ?? "", d.sharedStyle ?? ""])))]);
  const dirVar = files.length > 1 && moduleDir !== "" ? "dir" : undefined;
  const entries = files.map((file) => fileSource(file, dirVar, moduleDir, names));
  const imports = [...new Set(["fileTree", ...entries.flatMap((e) => e.uses)])].sort();
  const shared = [...new Set(files.flatMap((f) => (f.verbatim ? [] : f.documents.flatMap((d) => (d.sharedStyle === undefined ? [] : [d.sharedStyle])))))].sort();
  const lines = [
    importHeader(from),
    `import { ${imports.join(", ")} } from ${JSON.stringify(context.library)};`,
    ...(shared.length > 0 ? [`import { ${shared.join(", ")} } from ${JSON.stringify(relativeImport(modulePath, context.styleModule))};`] : []),
    "",
    ...(dirVar !== undefined ? [`const ${dirVar} = ${JSON.stringify(moduleDir)};`] : []),
    ...names.consts.flatMap((c) => c.split("\n")),
    ...(dirVar !== undefined || names.consts.length > 0 ? [""] : []),
    `export const ${exportName} = fileTree([`,
  ];
  const documents: DocumentLines[] = [];
  for (const entry of entries) {
    for (const d of entry.documents) documents.push({ planned: d.planned, start: lines.length + d.from + 1, end: lines.length + d.to + 1 });
    lines.push(...entry.lines);
  }
  lines.push("]);", "");
  return { text: lines.join("\n"), documents };
}

function commonFolder(paths: readonly string[]): string {
  const split = paths.map((p) => p.split("/").slice(0, -1));
  const first = split[0] ?? [];
  let n = 0;
  while (n < first.length && split.every((parts) => parts[n] === first[n])) n++;
  return first.slice(0, n).join("/");
}

export interface ModuleRef {
  readonly file: string;
  readonly exportName: string;
}

export function indexSource(from: string, indexFile: string, modules: readonly ModuleRef[], context: SourceContext): string {
  return [
    importHeader(from),
    `import { joinTrees } from ${JSON.stringify(context.library)};`,
    ...modules.map((m) => `import { ${m.exportName} } from ${JSON.stringify(relativeImport(indexFile, m.file))};`),
    "",
    `/** Every file of ${from}, as imported. */`,
    `export const tree = () =>`,
    `  joinTrees(`,
    ...modules.map((m) => `    ${m.exportName},`),
    "  );",
    "",
  ].join("\n");
}

export function styleModuleSource(from: string, templates: Readonly<Record<string, readonly string[]>>, shared: ReadonlyMap<string, { name: string; kind: string; style: Style }>, context: SourceContext): string {
  const lines = [importHeader(from)];
  const imports = [...(Object.keys(templates).length > 0 ? ["editorSchemaTemplates"] : []), ...(shared.size > 0 ? ["type Style"] : [])];
  if (imports.length > 0) lines.push(`import { ${imports.join(", ")} } from ${JSON.stringify(context.library)};`);
  lines.push("");
  if (Object.keys(templates).length > 0) {
    lines.push("/** The `# yaml-language-server` line each kind starts with, as this repository writes it. */");
    lines.push(`export const editorSchemas = editorSchemaTemplates(${valueSource(templates, "", 45)});`, "");
  }
  for (const { name, kind, style } of shared.values()) {
    lines.push(`/** How most ${kind} documents are written. */`);
    lines.push(`export const ${name}: Style = ${valueSource(style, "", name.length + 23)};`, "");
  }
  return lines.join("\n");
}

export interface ConfigChoices {
  readonly from: string;
  readonly indexModule: string;
  readonly styleModule: string;
  readonly editorSchemas: boolean;
  readonly pathHeaders: boolean;
}

export function configSource(choices: ConfigChoices, context: SourceContext): string {
  return [
    `// The repository's tree, imported from ${choices.from} by fluxkit import and rendered where it was.`,
    `import { defineConfig, defineEnvironment } from ${JSON.stringify(context.library)};`,
    `import { tree } from ${JSON.stringify(`./${choices.indexModule}`)};`,
    ...(choices.editorSchemas ? [`import { editorSchemas } from ${JSON.stringify(`./${choices.styleModule}`)};`] : []),
    "",
    "export default defineConfig({",
    "  environments: [",
    "    defineEnvironment({",
    '      name: "cluster",',
    `      description: ${JSON.stringify(`${choices.from} as imported`)},`,
    "      deploy: true,",
    "      // The tree is written where Flux reads it, with each file's head and each",
    "      // kustomization.yaml as the tree holds them.",
    '      output: ".",',
    ...(choices.pathHeaders ? [] : ["      pathHeaders: false,"]),
    "      deriveKustomizations: false,",
    "      // ${VAR}s from substituteFrom sources are checked once substituteFromVars lists their keys.",
    "      declaresSubstituteFrom: false,",
    ...(choices.editorSchemas ? ["      editorSchemas,"] : []),
    "      build: tree,",
    "    }),",
    "  ],",
    "});",
    "",
  ].join("\n");
}

export { keySource };
