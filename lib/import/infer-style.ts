// The repository's habits, inferred once so that each document carries only where it departs:
// the `# yaml-language-server` line of each kind (a URL template), and style entries most
// documents of a kind share. Every choice is checked by emitting: a shared entry is used for a
// document only if the document's text stays the same.

import { fillSchemaTemplate, type EditorSchemaUrl } from "../tree.ts";
import { emitDocument } from "../yaml/emit.ts";
import { compileStyle, parsePath, stepIndex, stepKey, styleAt, type NodeStyle, type Style } from "../yaml/style.ts";
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

/** A style path with keys and list indexes as written: bare keys where they parse back. */
function appendKey(prefix: string, key: string): string {
  return /^[A-Za-z0-9_$/@-]+$/.test(key) ? (prefix === "" ? key : `${prefix}.${key}`) : `${prefix}[${JSON.stringify(key)}]`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * The path patterns of a kind's documents: list indexes become `[*]`, and map keys that name
 * things rather than fields (`controllers.<app>`) become `*`: in a map held by at least 3
 * documents, most of them using only keys at most a quarter of them use, those keys. Returns
 * concrete path → pattern.
 */
function pathPatterns(docs: readonly ImportedDocument[]): (path: string) => string {
  const wildKeys = new Set<string>();
  let level = new Map<string, { doc: number; value: unknown }[]>([["", docs.map((doc, i) => ({ doc: i, value: doc.object }))]]);
  while (level.size > 0) {
    const next = new Map<string, { doc: number; value: unknown }[]>();
    const add = (pattern: string, node: { doc: number; value: unknown }) => (next.get(pattern) ?? next.set(pattern, []).get(pattern)!).push(node);
    for (const [pattern, nodes] of level) {
      const holders = new Set<number>();
      const keyDocs = new Map<string, Set<number>>();
      for (const { doc, value } of nodes) {
        if (Array.isArray(value)) for (const item of value) add(`${pattern}[*]`, { doc, value: item });
        else if (isObject(value)) {
          holders.add(doc);
          for (const key of Object.keys(value)) (keyDocs.get(key) ?? keyDocs.set(key, new Set()).get(key)!).add(doc);
        }
      }
      // A map names things when most documents holding it use only keys few others use.
      const rare = (key: string) => keyDocs.get(key)!.size * 4 <= holders.size;
      const naming = holders.size >= 3 && nodes.filter(({ value }) => isObject(value) && Object.keys(value).every(rare)).length * 2 >= holders.size;
      for (const [key] of keyDocs) {
        const wild = naming && rare(key);
        if (wild) wildKeys.add(`${pattern}\0${key}`);
        const child = wild ? (pattern === "" ? "*" : `${pattern}.*`) : appendKey(pattern, key);
        for (const { doc, value } of nodes) if (isObject(value) && Object.hasOwn(value, key)) add(child, { doc, value: value[key] });
      }
    }
    level = next;
  }
  return (stylePath) => {
    if (stylePath === "") return "";
    let pattern = "";
    for (const segment of parsePath(stylePath)) {
      if (segment.kind === "index") pattern += "[*]";
      else if (segment.kind === "key") pattern = wildKeys.has(`${pattern}\0${segment.key}`) ? (pattern === "" ? "*" : `${pattern}.*`) : appendKey(pattern, segment.key);
      else return stylePath;
    }
    return pattern;
  };
}

/** The concrete paths a pattern reaches in `value`, as style paths. */
function matches(pattern: string, value: unknown): string[] {
  let reached: { path: string; value: unknown }[] = [{ path: "", value }];
  for (const segment of pattern === "" ? [] : parsePath(pattern)) {
    const next: typeof reached = [];
    for (const node of reached) {
      if (segment.kind === "anyIndex" && Array.isArray(node.value)) node.value.forEach((item, i) => next.push({ path: `${node.path}[${i}]`, value: item }));
      else if (segment.kind === "index" && Array.isArray(node.value) && segment.index < node.value.length) next.push({ path: `${node.path}[${segment.index}]`, value: node.value[segment.index] });
      else if (segment.kind === "anyKey" && isObject(node.value)) for (const [key, item] of Object.entries(node.value)) next.push({ path: appendKey(node.path, key), value: item });
      else if (segment.kind === "key" && isObject(node.value) && Object.hasOwn(node.value, segment.key)) next.push({ path: appendKey(node.path, segment.key), value: node.value[segment.key] });
    }
    reached = next;
  }
  return reached.map((node) => node.path);
}

/** Style equality regardless of field order. */
function sameStyle(a: NodeStyle | undefined, b: NodeStyle | undefined): boolean {
  const canonical = (style: NodeStyle | undefined) => (style === undefined ? "" : JSON.stringify(Object.entries(style).sort(([x], [y]) => (x < y ? -1 : 1))));
  return canonical(a) === canonical(b);
}

/**
 * Shared style entries per kind, as path patterns (`spec.values.controllers.*.containers.app
 * .securityContext.capabilities`, `spec.groups[*].rules[*].expr`) where the documents agree, or as
 * exact paths: an entry is shared when at least 3 of a kind's documents carry it everywhere it
 * applies and at most a quarter as many hold a node it would restyle. The general pattern is
 * tried before the exact path, and a path is shared once.
 */
export function inferSharedStyles(documents: readonly ImportedDocument[]): Map<string, Style> {
  const byKind = new Map<string, ImportedDocument[]>();
  for (const doc of documents) (byKind.get(kindKey(doc.object)) ?? byKind.set(kindKey(doc.object), []).get(kindKey(doc.object))!).push(doc);
  const shared = new Map<string, Style>();
  for (const [kind, docs] of byKind) {
    if (docs.length < 3) continue;
    const patternOf = pathPatterns(docs);
    // Candidates: (pattern, node style), the general one first, with how many documents carry each.
    const candidates = new Map<string, { path: string; style: NodeStyle; general: boolean; carriers: number }>();
    for (const doc of docs) {
      const seen = new Set<string>();
      for (const [path, style] of Object.entries(doc.style)) {
        // Anchors and aliases belong to one document's values, never to a repository's habits.
        if (style.anchor !== undefined || style.alias !== undefined) continue;
        const general = patternOf(path);
        for (const candidate of general === path ? [path] : [general, path]) {
          const key = `${candidate}\0${JSON.stringify(style)}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const entry = candidates.get(key);
          if (entry) entry.carriers++;
          else candidates.set(key, { path: candidate, style, general: candidate !== path, carriers: 1 });
        }
      }
    }
    const ordered = [...candidates.values()].filter((c) => c.carriers >= 3).sort((a, b) => Number(b.general) - Number(a.general) || b.carriers - a.carriers || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const style: Record<string, NodeStyle> = {};
    const covered = docs.map(() => new Set<string>());
    for (const candidate of ordered) {
      if (Object.hasOwn(style, candidate.path)) continue;
      let agree = 0;
      let disagree = 0;
      const reached = docs.map((doc) => matches(candidate.path, doc.object));
      if (reached.some((paths, i) => paths.some((p) => covered[i]!.has(p)))) continue;
      docs.forEach((doc, i) => {
        const paths = reached[i]!;
        if (paths.length === 0) return;
        if (paths.every((p) => sameStyle(doc.style[p], candidate.style))) agree++;
        else disagree++;
      });
      if (agree < 3 || disagree * 4 > agree) continue;
      style[candidate.path] = candidate.style;
      reached.forEach((paths, i) => paths.forEach((p) => covered[i]!.add(p)));
    }
    if (Object.keys(style).length > 0) shared.set(kind, style);
  }
  return shared;
}

/** The style the shared entries give the node at a concrete path of `object`. */
function sharedStyleAt(shared: Style, object: unknown, stylePath: string): NodeStyle {
  let tries = [compileStyle(shared)];
  let value = object;
  for (const segment of stylePath === "" ? [] : parsePath(stylePath)) {
    if (segment.kind === "key") {
      tries = stepKey(tries, segment.key);
      value = isObject(value) ? value[segment.key] : undefined;
    } else if (segment.kind === "index") {
      const item = Array.isArray(value) ? value[segment.index] : undefined;
      tries = stepIndex(tries, segment.index, item);
      value = item;
    } else return {};
  }
  return styleAt(tries);
}

/**
 * The document's own entries given a shared style: those the shared one does not give its nodes
 * as they are. `undefined` when the shared style would change the document's text.
 */
export function ownStyle(doc: ImportedDocument, shared: Style): Style | undefined {
  const own: Record<string, NodeStyle> = {};
  for (const [path, style] of Object.entries(doc.style)) {
    if (!sameStyle(sharedStyleAt(shared, doc.object, path), style)) own[path] = style;
  }
  const before = emitDocument({ object: doc.object, style: doc.style });
  const after = emitDocument({ object: doc.object, style: { ...shared, ...own } });
  return before === after ? own : undefined;
}
