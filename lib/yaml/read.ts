// The emitter's inverse: YAML text a person wrote → plain data (as Kubernetes reads it) plus the
// style that makes emitFile write the same bytes again. The style records only what differs from
// the emitter's defaults. Whatever the reader cannot represent exactly is carried verbatim: every
// file is checked by emitting it and comparing, so a file is never silently changed.
//
// The `yaml` package parses (YAML 1.1 schema, as go-yaml and so Kubernetes read it); the layout
// (comments, blank lines, indentation, line-end comments) comes from its concrete syntax tree,
// walked beside the AST, because the AST's comment attribution cannot tell `key: # c` from a
// comment on the first child's own line.

import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, Parser, Scalar, type CST, type Document, type Node, type Pair } from "yaml";
import { emitFile } from "./emit.ts";
import { blockLiteral, doubleQuoted, goYamlReadsAsNonString, isPlainSafe, numberText, singleQuoted } from "./scalar.ts";
import type { NodeStyle, Style } from "./style.ts";

export interface ReadDocument {
  readonly object: unknown;
  /** Field path → style; the path "" holds the document's own (`start`, `end`, `commentAfter`). */
  readonly style: Style;
  /** Comment lines right after the document's `---` (or at its top when it has none). */
  readonly comment?: string;
}

export type ReadFile =
  | { readonly verbatim: false; readonly head?: string; readonly documents: readonly ReadDocument[] }
  | { readonly verbatim: true; readonly reason: string };

/** Thrown for text that is not valid YAML; names the file and line. */
export class YamlSyntaxError extends Error {}

/**
 * Reads one file. Invalid YAML throws a YamlSyntaxError naming `path` and the line; a file the
 * emitter cannot reproduce byte for byte is `{ verbatim: true, reason }`.
 */
export function readYamlFile(text: string, path: string): ReadFile {
  const docs = parseAllDocuments(text, { version: "1.1", keepSourceTokens: true, uniqueKeys: false });
  const lineOf = lineLocator(text);
  const list = Array.isArray(docs) ? docs : [];
  for (const doc of list) {
    const error = doc.errors[0];
    if (error) throw new YamlSyntaxError(`${path}:${lineOf(error.pos[0])}: ${error.message.split("\n")[0]}`);
  }
  let read: { head?: string; documents: ReadDocument[] };
  try {
    read = readDocuments(text, path, list, lineOf);
  } catch (e) {
    if (e instanceof Unrepresentable) return { verbatim: true, reason: e.message };
    throw e;
  }
  let emitted: string;
  try {
    emitted = emitFile(read);
  } catch (e) {
    return { verbatim: true, reason: `the emitter refuses it: ${(e as Error).message}` };
  }
  if (emitted !== text) return { verbatim: true, reason: `not reproduced: ${firstDifference(text, emitted)}` };
  return { verbatim: false, ...read };
}

/** A construct the reader knows the emitter cannot write; the file goes verbatim. */
class Unrepresentable extends Error {}

function firstDifference(expected: string, actual: string): string {
  const a = expected.split("\n");
  const b = actual.split("\n");
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `line ${i + 1}: ${JSON.stringify(a[i] ?? "(end)")} written as ${JSON.stringify(b[i] ?? "(end)")}`;
  }
  return "(no difference)";
}

function lineLocator(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

type Path = readonly (string | number)[];
type Tokens = readonly CST.Token[];
type MutableStyle = Record<string, NodeStyle>;

function readDocuments(text: string, path: string, docs: readonly Document.Parsed[], lineOf: (offset: number) => number): { head?: string; documents: ReadDocument[] } {
  if (docs.length === 0) throw new Unrepresentable("no YAML document");
  if (text.includes("\r")) throw new Unrepresentable("CR line breaks");
  if (text.includes("\t")) throw new Unrepresentable("a tab character");
  // The concrete syntax tree, document by document; what sits between documents (comments before
  // the first `---`, `...` lines) comes as tokens of their own.
  const cstDocs: CST.Document[] = [];
  const before: CST.Token[] = [];
  const docEnds = new Set<number>();
  for (const token of new Parser().parse(text)) {
    if (token.type === "document") cstDocs.push(token);
    else if (token.type === "doc-end") {
      if (token.end?.some((t) => t.type === "comment")) throw new Unrepresentable("a comment after ...");
      docEnds.add(cstDocs.length - 1);
    } else if (cstDocs.length === 0 && (token.type === "comment" || token.type === "newline" || token.type === "space")) before.push(token);
    else throw new Unrepresentable(`${token.type} between documents`);
  }
  if (cstDocs.length !== docs.length) throw new Unrepresentable("documents the reader cannot follow");
  let head: string | undefined;
  if (before.length > 0) {
    const lead = leadLines(before, true);
    if (lead.lines.some((l) => l === null)) throw new Unrepresentable("blank lines before the first document");
    if (lead.lines.length > 0) head = commentText(lead.lines as string[]);
  }
  const documents = docs.map((doc, i) => readDocument(doc, cstDocs[i] as CST.Document, docEnds.has(i), text, path, lineOf));
  const first = documents[0];
  if (head !== undefined && first && first.style[""]?.start === false) {
    // Without `---`, comments at the top are the document's own.
    documents[0] = { ...first, comment: first.comment === undefined ? head : `${head}\n${first.comment}` };
    head = undefined;
  }
  return head === undefined ? { documents } : { head, documents };
}

function readDocument(doc: Document.Parsed, cst: CST.Document, hasEnd: boolean, text: string, path: string, lineOf: (offset: number) => number): ReadDocument {
  const style: MutableStyle = {};
  const token = doc.contents?.srcToken;
  const rootStyle: { start?: boolean; end?: boolean; commentAfter?: string } = {};
  let comment: string | undefined;
  const startTokens = cst.start;
  const startIndex = startTokens.findIndex((t) => t.type === "doc-start");
  if (startIndex === -1) rootStyle.start = false;
  if (startTokens.some((t) => t.type !== "doc-start" && t.type !== "comment" && t.type !== "newline" && t.type !== "space")) {
    throw new Unrepresentable("directives or properties on the --- line");
  }
  // After `---`: the rest of its line must be empty, then comment lines.
  const lead = leadLines(startTokens.slice(startIndex + 1), startIndex === -1);
  if (lead.lineComment !== undefined) throw new Unrepresentable("a comment on the --- line");
  if (lead.lines.length > 0) {
    if (lead.lines.some((l) => l === null)) throw new Unrepresentable("a blank line at the top of a document");
    if (lead.columns.some((c) => c !== 0)) throw new Unrepresentable("an indented comment at the top of a document");
    comment = commentText(lead.lines as string[]);
  }
  if (doc.contents === null || token === undefined) throw new Unrepresentable("an empty document");
  const object = toData(doc, path, lineOf);
  const ctx: Context = { text, style, lineOf };
  readNode(doc.contents, token, [], ctx, 0);
  if (cst.end) {
    const trail = leadLines(cst.end, true);
    if (trail.lineComment !== undefined) throw new Unrepresentable("a comment after the document's last value");
    if (trail.lines.length > 0) {
      if (trail.lines.some((l) => l === null)) throw new Unrepresentable("blank lines at the end of a document");
      rootStyle.commentAfter = commentText(trail.lines as string[]);
    }
  }
  if (hasEnd) rootStyle.end = true;
  if (Object.keys(rootStyle).length > 0) style[""] = { ...style[""], ...rootStyle } as NodeStyle;
  return comment === undefined ? { object, style } : { object, style, comment };
}

/** The document's data as Kubernetes reads it; constructs it would read otherwise go verbatim. */
function toData(doc: Document.Parsed, path: string, lineOf: (offset: number) => number): unknown {
  let bad: string | undefined;
  const check = (node: unknown): void => {
    if (bad) return;
    if (isScalar(node)) {
      const v = node.value;
      if (v instanceof Date) bad = `a timestamp at line ${lineOf(node.range?.[0] ?? 0)}`;
      else if (node.type === Scalar.PLAIN && !node.tag && (typeof v === "string") === goYamlReadsAsNonString(node.source ?? "")) {
        bad = `a plain scalar go-yaml and the yaml package read differently at line ${lineOf(node.range?.[0] ?? 0)}: ${node.source}`;
      } else if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean" && v !== null && typeof v !== "bigint") {
        bad = `a ${typeof v} at line ${lineOf(node.range?.[0] ?? 0)}`;
      }
    } else if (isMap(node) || isSeq(node)) {
      for (const item of node.items as unknown[]) {
        if (isMap(node)) {
          const pair = item as Pair;
          if (!isScalar(pair.key) || typeof pair.key.value !== "string") {
            bad = `a key that is not a string at line ${lineOf((pair.key as Node | null)?.range?.[0] ?? 0)}`;
          }
          check(pair.value);
        } else check(item);
      }
    }
  };
  check(doc.contents);
  if (bad) throw new Unrepresentable(bad);
  try {
    return doc.toJS({ maxAliasCount: -1 });
  } catch (e) {
    throw new YamlSyntaxError(`${path}: ${(e as Error).message}`);
  }
}

interface Context {
  readonly text: string;
  readonly style: MutableStyle;
  readonly lineOf: (offset: number) => number;
}

function add(ctx: Context, path: Path, nodeStyle: NodeStyle): void {
  const key = pathText(path);
  ctx.style[key] = ctx.style[key] ? { ...ctx.style[key], ...nodeStyle } : nodeStyle;
}

/** A style path for exact segments: bare keys where they parse back, `["…"]` otherwise. */
export function pathText(path: Path): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (/^[A-Za-z0-9_$/@-]+$/.test(seg)) out += out === "" ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/**
 * Lines made of comments and blank lines (null), from tokens of spaces, comments and newlines.
 * `lineComment` is a comment before the first newline (on the line of what came before).
 */
function leadLines(tokens: Tokens, startsAtLineStart: boolean): { lineComment?: string; lines: (string | null)[]; columns: number[] } {
  const lines: (string | null)[] = [];
  const columns: number[] = [];
  let lineComment: string | undefined;
  let atLineStart = startsAtLineStart;
  let lineHasComment = false;
  let column = 0;
  let sawNewlineYet = startsAtLineStart;
  for (const t of tokens) {
    if (t.type === "space") {
      column += (t as CST.SourceToken).source.length;
      continue;
    }
    if (t.type === "comment") {
      const src = (t as CST.SourceToken).source;
      if (!sawNewlineYet) lineComment = src;
      else {
        lines.push(src);
        columns.push(column);
      }
      lineHasComment = true;
      atLineStart = false;
      continue;
    }
    if (t.type === "newline") {
      if (sawNewlineYet && atLineStart && !lineHasComment) {
        lines.push(null);
        columns.push(0);
      }
      sawNewlineYet = true;
      atLineStart = true;
      lineHasComment = false;
      column = 0;
      continue;
    }
    throw new Unrepresentable(`unexpected ${t.type} among comments`);
  }
  return lineComment === undefined ? { lines, columns } : { lineComment, lines, columns };
}

/** `# a` lines → the comment text the emitter writes back as those lines. */
function commentText(sources: readonly string[]): string {
  return sources
    .map((src) => {
      if (src === "#") return "";
      if (!src.startsWith("# ")) throw new Unrepresentable(`a comment without a space after # (${JSON.stringify(src)})`);
      if (src.slice(2) === "") throw new Unrepresentable(`a comment of "# " with a trailing space`);
      return src.slice(2);
    })
    .join("\n");
}

function lineCommentText(src: string): string {
  return commentText([src]);
}

/** Comments and blank lines before a key or item → its `blankLineBefore` and `comment`. */
function decorationStyle(lines: readonly (string | null)[]): NodeStyle | undefined {
  if (lines.length === 0) return undefined;
  let i = 0;
  let blank = 0;
  while (lines[i] === null) {
    blank++;
    i++;
  }
  const comments: string[] = [];
  while (i < lines.length && lines[i] !== null) comments.push(lines[i++] as string);
  if (i < lines.length) throw new Unrepresentable("a blank line between or after comment lines");
  if (blank > 1) throw new Unrepresentable("several blank lines in a row");
  const style: { blankLineBefore?: boolean; comment?: string } = {};
  if (blank === 1) style.blankLineBefore = true;
  if (comments.length > 0) style.comment = commentText(comments);
  return style;
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf("\n", offset - 1) + 1);
}

/**
 * Records the style of `node` (at `path`, whose key or dash sits at `column`) and of everything
 * under it. `token` is the node's concrete syntax.
 */
function readNode(node: Node, token: CST.Token, path: Path, ctx: Context, column: number, inFlow = false): void {
  const own: { -readonly [K in keyof NodeStyle]: NodeStyle[K] } = {};
  const anchor = (node as { anchor?: string }).anchor;
  if (anchor) own.anchor = anchor;
  if (isAlias(node)) {
    own.alias = node.source;
    add(ctx, path, own);
    return;
  }
  const tag = (node as { tag?: string }).tag;
  if (tag) {
    if (!tag.startsWith("!") || tag.startsWith("!!") || tag.startsWith("tag:")) throw new Unrepresentable(`the tag ${tag}`);
    own.tag = tag;
  }
  if (isScalar(node)) {
    scalarStyle(node, token, column, own);
  } else if (isMap(node) || isSeq(node)) {
    if (node.flow) {
      if (token.type !== "flow-collection") throw new Unrepresentable("an unexpected flow token");
      own.flow = true;
      if (flowSpaced(token)) own.flowSpaces = true;
      readFlowChildren(node, token, path, ctx);
    } else {
      readBlockChildren(node, token, path, ctx, column, own);
    }
  }
  if (Object.keys(own).length > 0) add(ctx, path, own);
  void inFlow;
}


function scalarStyle(node: Scalar, token: CST.Token, column: number, own: { -readonly [K in keyof NodeStyle]: NodeStyle[K] }): void {
  const value = node.value;
  const source = "source" in token ? (token as { source: string }).source : "";
  switch (node.type) {
    case Scalar.PLAIN:
      if (typeof value === "string") {
        if (!isPlainSafe(value)) own.quote = "plain";
      } else if (value === null ? source !== "null" : typeof value === "number" ? source !== numberText(value) : String(value) !== source) {
        own.text = source;
      }
      return;
    case Scalar.QUOTE_DOUBLE:
      if (typeof value !== "string") throw new Unrepresentable("a quoted non-string");
      if (isPlainSafe(value) || value.includes("\n")) own.quote = "double";
      if (doubleQuoted(value) !== source) throw new Unrepresentable(`a double-quoted string with its own escapes or line breaks: ${source.slice(0, 40)}`);
      return;
    case Scalar.QUOTE_SINGLE:
      if (typeof value !== "string") throw new Unrepresentable("a quoted non-string");
      own.quote = "single";
      if (singleQuoted(value) !== source) throw new Unrepresentable(`a single-quoted string over several lines`);
      return;
    case Scalar.BLOCK_LITERAL:
    case Scalar.BLOCK_FOLDED: {
      if (typeof value !== "string") throw new Unrepresentable("a block scalar that is not a string");
      const header = blockHeader(token);
      const folded = node.type === Scalar.BLOCK_FOLDED;
      if (folded) own.block = "folded";
      else {
        const literal = blockLiteral(value);
        if (!literal || literal.header !== header) own.block = "literal";
      }
      if (/[0-9]/.test(header)) throw new Unrepresentable("a block scalar with an indentation indicator");
      if (header.endsWith("+") && !value.endsWith("\n\n")) own.chomp = "keep";
      const body = blockBodyIndent(token);
      if (body !== undefined && body - column !== 2) own.indent = body - column;
      return;
    }
  }
}

function blockHeader(token: CST.Token): string {
  const props = (token as CST.BlockScalar).props ?? [];
  const header = props.find((t) => t.type === "block-scalar-header") as CST.SourceToken | undefined;
  return header?.source ?? "|";
}

function blockBodyIndent(token: CST.Token): number | undefined {
  const source = (token as CST.BlockScalar).source;
  const m = /^(?:\n)*( *)\S/.exec(source);
  return m ? (m[1] ?? "").length : undefined;
}

function flowSpaced(token: CST.FlowCollection): boolean {
  const first = token.items[0]?.start[0];
  return first?.type === "space";
}

function readFlowChildren(node: Node, token: CST.FlowCollection, path: Path, ctx: Context): void {
  const items = (node as { items: unknown[] }).items;
  const tokens = token.items.filter((it) => it.key !== undefined || it.value !== undefined);
  if (tokens.length !== items.length) throw new Unrepresentable("a flow collection the reader cannot follow");
  for (const it of token.items) {
    for (const t of [...it.start, ...(it.sep ?? [])]) if (t.type === "newline" || t.type === "comment") throw new Unrepresentable("a flow collection over several lines");
  }
  items.forEach((item, i) => {
    const tok = tokens[i] as CST.CollectionItem;
    if (isMap(node)) {
      const pair = item as Pair<Node, Node | null>;
      const key = String((pair.key as Scalar).value);
      if (tok.key) keyStyle(pair.key as Scalar, tok.key, [...path, key], ctx);
      if (pair.value && tok.value) readNode(pair.value, tok.value, [...path, key], ctx, 0, true);
      else throw new Unrepresentable("a flow map entry without a value");
    } else {
      const value = isMap(item) || isSeq(item) || isScalar(item) || isAlias(item) ? (item as Node) : undefined;
      if (!value || !tok.value) throw new Unrepresentable("an odd flow sequence item");
      readNode(value, tok.value, [...path, i], ctx, 0, true);
    }
  });
}

function keyStyle(key: Scalar, token: CST.Token, path: Path, ctx: Context): void {
  const value = String(key.value);
  const source = "source" in token ? (token as { source: string }).source : "";
  if (key.type === Scalar.PLAIN) {
    if (!isPlainSafe(value)) add(ctx, path, { keyQuote: "plain" });
  } else if (key.type === Scalar.QUOTE_DOUBLE) {
    if (isPlainSafe(value)) add(ctx, path, { keyQuote: "double" });
    if (doubleQuoted(value) !== source) throw new Unrepresentable("a double-quoted key with its own escapes");
  } else if (key.type === Scalar.QUOTE_SINGLE) {
    add(ctx, path, { keyQuote: "single" });
  } else throw new Unrepresentable("a block scalar as a key");
  if ((key as { anchor?: string }).anchor || (key as { tag?: string }).tag) throw new Unrepresentable("an anchor or tag on a key");
}

function readBlockChildren(node: Node, token: CST.Token, path: Path, ctx: Context, column: number, own: { -readonly [K in keyof NodeStyle]: NodeStyle[K] }): void {
  if (token.type !== "block-map" && token.type !== "block-seq") throw new Unrepresentable(`an unexpected ${token.type}`);
  const items = (node as { items: unknown[] }).items;
  const real = token.items.filter((it) => hasContent(it));
  const trailing = token.items.filter((it) => !hasContent(it));
  if (real.length !== items.length) throw new Unrepresentable("a block collection the reader cannot follow (merge keys or an explicit key?)");
  if (trailing.length > 1 || (trailing.length === 1 && token.items[token.items.length - 1] !== trailing[0])) {
    throw new Unrepresentable("comments between items the reader cannot follow");
  }
  const first = token.items[0];
  const firstOffset = first ? firstTokenOffset(first) : token.offset;
  const childColumn = columnOf(ctx.text, firstOffset);
  const defaultIndent = 2;
  const indent = childColumn - column;
  if (path.length > 0 && indent !== defaultIndent) own.indent = indent;
  items.forEach((item, i) => {
    const tok = real[i] as CST.BlockMap["items"][number];
    const start = tok.start;
    const dashIndex = start.findIndex((t) => t.type === "seq-item-ind" || t.type === "explicit-key-ind");
    if (start.some((t) => t.type === "explicit-key-ind")) throw new Unrepresentable("an explicit key (?)");
    const leadTokens = dashIndex === -1 ? start : start.slice(0, dashIndex);
    // Comments before the first item sit in the parent's `sep` (after `key:`); the parent reads them.
    const lead = leadLines(leadTokens, true);
    const itemPath = isMap(node) ? [...path, String(((item as Pair).key as Scalar).value)] : [...path, i];
    const decoration = decorationStyle(lead.lines);
    if (lead.columns.some((c, j) => lead.lines[j] !== null && c !== childColumn)) throw new Unrepresentable(`a comment at another column than its key at line ${ctx.lineOf(firstTokenOffset(tok))}`);
    if (decoration) add(ctx, itemPath, decoration);
    if (isMap(node)) {
      const pair = item as Pair<Node, Node | null>;
      if (!tok.key) throw new Unrepresentable("a map item without a key");
      keyStyle(pair.key as Scalar, tok.key, itemPath, ctx);
      readValue(pair.value, tok.sep ?? [], tok.value, itemPath, ctx, childColumn);
    } else {
      const dashTokens = dashIndex === -1 ? [] : start.slice(dashIndex + 1);
      readValue(item as Node | null, dashTokens, tok.value, itemPath, ctx, childColumn, true);
    }
  });
  if (trailing[0]) {
    const trail = leadLines(trailing[0].start, true);
    const decoration = decorationStyle(trail.lines);
    if (trail.columns.some((c, j) => trail.lines[j] !== null && c !== childColumn)) throw new Unrepresentable("a trailing comment at another column than the items");
    if (decoration?.blankLineBefore) throw new Unrepresentable("a blank line before a collection's trailing comment");
    if (decoration?.comment !== undefined) own.commentAfter = decoration.comment;
  }
}


function hasContent(it: { key?: unknown; value?: unknown; sep?: unknown }): boolean {
  return it.key !== undefined && it.key !== null ? true : it.value !== undefined || it.sep !== undefined;
}

function firstTokenOffset(it: { start: Tokens; key?: CST.Token | null; value?: CST.Token }): number {
  for (const t of it.start) if (t.type !== "space" && t.type !== "newline" && t.type !== "comment") return (t as CST.SourceToken).offset;
  if (it.key) return it.key.offset;
  if (it.value) return it.value.offset;
  const t = it.start.find((t) => t.type === "comment");
  return t ? (t as CST.SourceToken).offset : 0;
}

/**
 * A map value or sequence item: `sep` holds what comes between `key:` (or `-`) and the value:
 * spaces, an anchor or tag, a line-end comment, then the first child's comments.
 */
function readValue(value: Node | null, sep: Tokens, token: CST.Token | undefined, path: Path, ctx: Context, column: number, inSeq = false): void {
  const rest = sep.filter((t) => t.type !== "map-value-ind" && t.type !== "anchor" && t.type !== "tag");
  const colon = sep.findIndex((t) => t.type === "map-value-ind");
  if (!inSeq && colon === -1) throw new Unrepresentable("a key without a value");
  // The emitter writes `key: value` with one space; `key:value` in flow or extra spaces go verbatim.
  const lead = leadLines(rest, false);
  if (lead.lineComment !== undefined) add(ctx, path, { lineComment: lineCommentText(lead.lineComment) });
  if (value === null || token === undefined) {
    add(ctx, path, { text: "" });
    if (lead.lines.length > 0) throw new Unrepresentable("comments after an empty value");
    return;
  }
  if (lead.lines.length > 0) {
    // Comments before the first child of a block collection.
    const items = (token as CST.BlockMap).items;
    if ((token.type !== "block-map" && token.type !== "block-seq") || !items?.length) throw new Unrepresentable("comments between a key and its value");
    const firstPath = isMap(value) ? [...path, String(((value.items[0] as Pair).key as Scalar).value)] : [...path, 0];
    const decoration = decorationStyle(lead.lines);
    if (decoration) add(ctx, firstPath, decoration);
  }
  // Scalar line-end comments and trailing spaces sit in the token's `end`.
  const end = "end" in token && Array.isArray(token.end) ? (token.end as Tokens) : undefined;
  if (end && token.type !== "flow-collection") {
    const tail = leadLines(end, false);
    if (tail.lineComment !== undefined) add(ctx, path, { lineComment: lineCommentText(tail.lineComment) });
  } else if (token.type === "flow-collection") {
    const tail = leadLines(token.end.slice(1), false);
    if (tail.lineComment !== undefined) add(ctx, path, { lineComment: lineCommentText(tail.lineComment) });
  } else if (token.type === "block-scalar") {
    const tail = leadLines(token.props.slice(1), false);
    if (tail.lineComment !== undefined) add(ctx, path, { lineComment: lineCommentText(tail.lineComment) });
  }
  readNode(value, token, path, ctx, column, false);
  void inSeq;
}

