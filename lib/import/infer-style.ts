// The repository's habits, inferred once so that each document carries only where it departs:
// the `# yaml-language-server` line of each kind (a URL template), and style entries most
// documents of a kind share. Every choice is checked by emitting: a shared entry is used for a
// document only if the document's text stays the same.

import { fillSchemaTemplate, type EditorSchemaUrl } from "../tree.ts";
import { emitDocument } from "../yaml/emit.ts";
import type { NodeStyle, Style } from "../yaml/style.ts";
import type { ImportedDocument } from "./files.ts";

const MODELINE = /^yaml-language-server: \$schema=(\S+)$/;

export function kindKey(object: ImportedDocument["object"]): string {
  return `${object.apiVersion}/${object.kind}`;
}

/** The modeline URL a document's comment starts with, if any. */
function modelineUrl(doc: ImportedDocument): string | undefined {
  const first = doc.comment?.split("\n")[0];
  return first === undefined ? undefined : MODELINE.exec(first)?.[1];
}

/** The URL with the object's group, version and lower-case kind replaced by placeholders. */
function templateOf(url: string, object: ImportedDocument["object"]): string {
  const slash = object.apiVersion.indexOf("/");
  const group = slash === -1 ? "" : object.apiVersion.slice(0, slash);
  let template = url;
  if (group !== "") template = template.replaceAll(group, "{group}");
  template = template.replaceAll(object.kind.toLowerCase(), "{kind}").replaceAll(object.apiVersion.slice(slash + 1), "{version}");
  // A placeholder must give the URL back (a group inside the kind, say, might not).
  return fillSchemaTemplate(template, object) === url ? template : url;
}

function mostCommon<T>(values: readonly T[]): T | undefined {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: T | undefined;
  let bestCount = 0;
  for (const [value, count] of counts) if (count > bestCount) [best, bestCount] = [value, count];
  return best;
}

/**
 * Template → kinds: a kind gets the template most of its documents' modelines follow, when every
 * document of that kind starts with a modeline (a kind some documents write without one keeps
 * the lines in the documents, since a template would add one where there is none).
 */
export function inferEditorSchemas(documents: readonly ImportedDocument[]): Record<string, string[]> {
  const byKind = new Map<string, ImportedDocument[]>();
  for (const doc of documents) {
    const docs = byKind.get(kindKey(doc.object));
    if (docs) docs.push(doc);
    else byKind.set(kindKey(doc.object), [doc]);
  }
  const templates: Record<string, string[]> = {};
  for (const [kind, docs] of [...byKind].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const urls = docs.map(modelineUrl);
    if (urls.some((url) => url === undefined)) continue;
    const template = mostCommon(docs.map((doc, i) => templateOf(urls[i]!, doc.object)));
    if (template !== undefined) (templates[template] ??= []).push(kind);
  }
  return templates;
}

/** The document's comment without a modeline the templates write for it. */
export function commentWithoutModeline(doc: ImportedDocument, path: string, schemaUrl: EditorSchemaUrl): string | undefined {
  const url = modelineUrl(doc);
  if (url === undefined || schemaUrl(doc.object, path) !== url) return doc.comment;
  const rest = doc.comment!.split("\n").slice(1);
  return rest.length === 0 ? undefined : rest.join("\n");
}

/** Shared style entries per kind: those at least `minShare` of a kind's (≥ 3) documents carry. */
export function inferSharedStyles(documents: readonly ImportedDocument[], minShare = 0.5): Map<string, Style> {
  const counts = new Map<string, Map<string, { path: string; style: NodeStyle; count: number }>>();
  const totals = new Map<string, number>();
  for (const doc of documents) {
    const kind = kindKey(doc.object);
    totals.set(kind, (totals.get(kind) ?? 0) + 1);
    let entries = counts.get(kind);
    if (!entries) counts.set(kind, (entries = new Map()));
    for (const [path, style] of Object.entries(doc.style)) {
      // Anchors and aliases belong to one document's values, never to a repository's habits.
      if (style.anchor !== undefined || style.alias !== undefined) continue;
      const key = `${path}\0${JSON.stringify(style)}`;
      const entry = entries.get(key);
      if (entry) entry.count++;
      else entries.set(key, { path, style, count: 1 });
    }
  }
  const shared = new Map<string, Style>();
  for (const [kind, entries] of counts) {
    const total = totals.get(kind)!;
    if (total < 3) continue;
    const style: Record<string, NodeStyle> = {};
    for (const { path, style: nodeStyle, count } of entries.values()) if (count >= 3 && count >= total * minShare) style[path] = nodeStyle;
    if (Object.keys(style).length > 0) shared.set(kind, style);
  }
  return shared;
}

/**
 * The document's own entries given a shared style: those the shared one does not hold as they
 * are. `undefined` when the shared style would change the document's text.
 */
export function ownStyle(doc: ImportedDocument, shared: Style): Style | undefined {
  const own: Record<string, NodeStyle> = {};
  for (const [path, style] of Object.entries(doc.style)) {
    if (JSON.stringify(shared[path]) !== JSON.stringify(style)) own[path] = style;
  }
  const before = emitDocument({ object: doc.object, style: doc.style });
  const after = emitDocument({ object: doc.object, style: { ...shared, ...own } });
  return before === after ? own : undefined;
}
