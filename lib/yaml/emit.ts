// The emitter: plain data plus a style → YAML text in the home-ops style. It writes block
// collections with two-space indentation, never folds lines, keeps keys in insertion order and
// writes the same bytes for the same input on every machine.
//
// Why not the `yaml` package's Document API: it cannot indent one sequence differently from its
// sibling (backends.yaml needs both in one document) and costs ~250 µs per document, which alone
// would exceed the budget of a thousand-app render. The `yaml` package stays the reference
// reader: the round-trip tests parse everything this writes under YAML 1.1 and 1.2.

import { blockLiteral, doubleQuoted, isPlainSafe, numberText, plainReadsBack, singleQuoted, textReadsAs } from "./scalar.ts";
import { compileStyle, stepIndex, stepKey, styleAt, type NodeStyle, type Style, type StyleTrie } from "./style.ts";

export interface EmitDocument {
  readonly object: unknown;
  /** Formatting by field path; the path "" styles the document itself (`start`, `end`, `commentAfter`). */
  readonly style?: Style;
  /** Comment lines written right after the document's `---`. */
  readonly comment?: string;
}

export interface EmitFile {
  /** Comment lines at the top of the file, before the first `---`. */
  readonly head?: string;
  readonly documents: readonly EmitDocument[];
}

const INDENT = "  ";
const NO_STYLE: NodeStyle = {};

/** The text of a whole file: head comment, then `---` before every document. */
export function emitFile(file: EmitFile): string {
  const lines: string[] = [];
  if (file.head !== undefined) pushComment(lines, "", file.head);
  for (const doc of file.documents) emitDocumentInto(lines, doc, true);
  return lines.join("\n") + "\n";
}

/** One document's body, without the `---` line. */
export function emitDocument(doc: EmitDocument): string {
  const lines: string[] = [];
  emitDocumentInto(lines, doc, false);
  return lines.join("\n") + "\n";
}

function emitDocumentInto(lines: string[], doc: EmitDocument, withStart: boolean): void {
  const trie = doc.style ? compileStyle(doc.style) : undefined;
  const rootStyle = trie?.style ?? NO_STYLE;
  if (withStart && rootStyle.start !== false) lines.push("---");
  if (doc.comment !== undefined) pushComment(lines, "", doc.comment);
  const object = doc.object;
  const isSeq = Array.isArray(object);
  if (!isSeq && !isPlainObject(object)) {
    throw new TypeError(`a document must be an object or a list, got ${describe(object)}`);
  }
  const tries = trie ? [trie] : [];
  const writer = new Writer(lines);
  if (isSeq ? object.length === 0 : definedKeys(object).length === 0) lines.push(isSeq ? "[]" : "{}");
  else if (isSeq) writer.seqBody(object, "", tries, []);
  else writer.mapBody(object, "", tries, []);
  if (rootStyle.commentAfter !== undefined) pushComment(lines, "", rootStyle.commentAfter);
  if (rootStyle.end === true) lines.push("...");
}

type Path = readonly (string | number)[];

class Writer {
  readonly lines: string[];
  /** Anchors defined so far in this document, for `alias` styles. */
  readonly anchors = new Map<string, unknown>();
  /** lines.length right after a `|+` literal: a blank line written there would join its value. */
  keepLiteralEnd = -1;

  constructor(lines: string[]) {
    this.lines = lines;
  }

  mapBody(map: Record<string, unknown>, indent: string, tries: readonly StyleTrie[], path: Path): void {
    for (const key of Object.keys(map)) {
      const value = map[key];
      if (value === undefined) continue;
      const childTries = tries.length > 0 ? stepKey(tries, key) : tries;
      const style = styleAt(childTries);
      this.decorations(style, indent);
      const childPath = [...path, key];
      const text = style.keyQuote === undefined ? keyText(key) : stringText(key, style.keyQuote, childPath, false);
      if (text.startsWith("?")) this.lines.push(`${indent}${text}`);
      this.node(text.startsWith("?") ? `${indent}:` : `${indent}${text}:`, value, style, indent, childTries, childPath);
    }
  }

  seqBody(seq: readonly unknown[], indent: string, tries: readonly StyleTrie[], path: Path): void {
    seq.forEach((item, index) => {
      const childTries = tries.length > 0 ? stepIndex(tries, index, item) : tries;
      const style = styleAt(childTries);
      this.decorations(style, indent);
      if (item === undefined) throw new TypeError(`${pathText([...path, index])}: undefined in a list`);
      this.node(`${indent}-`, item, style, indent, childTries, [...path, index], true);
    });
  }

  /**
   * Writes `prefix` (`key:` or `-`) and the value; `indent` is the column of the prefix. A block
   * collection that is a sequence item starts on the `- ` line: `- name: x`, rest aligned under.
   */
  node(prefix: string, value: unknown, style: NodeStyle, indent: string, tries: readonly StyleTrie[], path: Path, inSeq = false): void {
    const lineComment = style.lineComment === undefined ? "" : lineCommentText(style.lineComment, path);
    if (style.alias !== undefined && this.anchors.has(style.alias) && deepEqual(this.anchors.get(style.alias), value)) {
      this.lines.push(`${prefix} *${style.alias}${lineComment}`);
      return;
    }
    let props = "";
    if (style.anchor !== undefined) props = this.anchorProp(style.anchor, value, path);
    if (style.tag !== undefined) props += tagProp(style.tag, value, path);
    const isSeq = Array.isArray(value);
    if (isSeq || isPlainObject(value)) {
      const empty = isSeq ? value.length === 0 : definedKeys(value).length === 0;
      if (empty || style.flow) {
        this.lines.push(`${prefix} ${props}${this.flowText(value, style, tries, path)}${lineComment}`);
        return;
      }
      const childIndent = indent + childOffset(style, isSeq && !inSeq, path);
      const joinFirstLine = inSeq && props === "" && lineComment === "";
      if (!joinFirstLine) this.lines.push((props ? `${prefix} ${props.trimEnd()}` : prefix) + lineComment);
      const first = this.lines.length;
      if (isSeq) this.seqBody(value, childIndent, tries, path);
      else this.mapBody(value, childIndent, tries, path);
      if (style.commentAfter !== undefined) pushComment(this.lines, childIndent, style.commentAfter);
      if (joinFirstLine) this.joinToDash(first, prefix, childIndent);
      return;
    }
    if (typeof value === "string" && (style.block !== undefined || (value.includes("\n") && style.quote === undefined))) {
      const block = blockText(value, style, path);
      if (block) {
        if (style.indent !== undefined && (!Number.isInteger(style.indent) || style.indent < 1)) throw new Error(`${pathText(path)}: indent ${style.indent} would change the structure`);
        const bodyIndent = indent + (style.indent === undefined ? INDENT : " ".repeat(style.indent));
        this.lines.push(`${prefix} ${props}${block.header}${lineComment}`);
        for (const line of block.lines) this.lines.push(line === "" ? "" : bodyIndent + line);
        if (block.header.endsWith("+")) this.keepLiteralEnd = this.lines.length;
        return;
      }
    }
    const scalar = props + scalarText(value, style, path);
    // An empty value (`text: ""` for null) leaves `key:` alone on its line.
    this.lines.push(scalar === "" ? `${prefix}${lineComment}` : `${prefix} ${scalar}${lineComment}`);
  }

  anchorProp(anchor: string, value: unknown, path: Path): string {
    if (!/^[^\s,[\]{}]+$/.test(anchor)) {
      throw new Error(`${pathText(path)}: invalid anchor name ${JSON.stringify(anchor)}`);
    }
    this.anchors.set(anchor, value);
    return `&${anchor} `;
  }

  /** Puts the first content line of an item's collection on its `- ` line. */
  joinToDash(first: number, dash: string, childIndent: string): void {
    const line = this.lines[first];
    const gap = childIndent.length - dash.length;
    if (gap >= 1 && line !== undefined && line.startsWith(childIndent) && line[childIndent.length] !== "#" && line[childIndent.length] !== " " && line !== "") {
      this.lines[first] = `${dash}${" ".repeat(gap)}${line.slice(childIndent.length)}`;
    } else {
      // The collection opens with a comment or blank line: the dash stands alone above it.
      const atKeepLiteralEnd = this.keepLiteralEnd === this.lines.length;
      this.lines.splice(first, 0, dash);
      if (atKeepLiteralEnd) this.keepLiteralEnd = this.lines.length;
    }
  }

  decorations(style: NodeStyle, indent: string): void {
    // Data wins over style: no blank line where it would be read as part of a `|+` literal.
    if (style.blankLineBefore && this.lines.length !== this.keepLiteralEnd) this.lines.push("");
    if (style.comment !== undefined) pushComment(this.lines, indent, style.comment);
  }

  /** A collection on one line; its items' styles (quotes, nested spacing, anchors) apply. */
  flowText(value: unknown, style: NodeStyle, tries: readonly StyleTrie[], path: Path): string {
    const pad = style.flowSpaces ? " " : "";
    if (Array.isArray(value)) {
      if (value.length === 0) return "[]";
      const items = value.map((item, i) => {
        const childTries = tries.length > 0 ? stepIndex(tries, i, item) : tries;
        return this.flowItem(item, styleAt(childTries), childTries, [...path, i]);
      });
      return `[${pad}${items.join(", ")}${pad}]`;
    }
    if (isPlainObject(value)) {
      const keys = definedKeys(value);
      if (keys.length === 0) return "{}";
      const pairs = keys.map((key) => {
        const childTries = tries.length > 0 ? stepKey(tries, key) : tries;
        const childStyle = styleAt(childTries);
        const childPath = [...path, key];
        const k = childStyle.keyQuote === undefined ? keyText(key, true) : stringText(key, childStyle.keyQuote, childPath, true);
        return `${k}: ${this.flowItem(value[key], childStyle, childTries, childPath)}`;
      });
      return `{${pad}${pairs.join(", ")}${pad}}`;
    }
    return scalarText(value, style, path, true);
  }

  flowItem(value: unknown, style: NodeStyle, tries: readonly StyleTrie[], path: Path): string {
    if (style.alias !== undefined && this.anchors.has(style.alias) && deepEqual(this.anchors.get(style.alias), value)) return `*${style.alias}`;
    let props = style.anchor === undefined ? "" : this.anchorProp(style.anchor, value, path);
    if (style.tag !== undefined) props += tagProp(style.tag, value, path);
    return props + this.flowText(value, style, tries, path);
  }
}

/** Columns from a collection's key or dash to its items. */
function childOffset(style: NodeStyle, seqUnderKey: boolean, path: Path): string {
  if (style.indent !== undefined) {
    // Only a sequence under a key may sit at the key's column; anything else would leave it.
    if (!Number.isInteger(style.indent) || style.indent < (seqUnderKey ? 0 : 1)) throw new Error(`${pathText(path)}: indent ${style.indent} would change the structure`);
    return " ".repeat(style.indent);
  }
  return seqUnderKey && style.indentSequence === false ? "" : INDENT;
}

function lineCommentText(comment: string, path: Path): string {
  if (/[\n\r\u0085\u2028\u2029]/.test(comment)) throw new Error(`${pathText(path)}: a line comment holds a line break: ${JSON.stringify(comment)}`);
  return comment === "" ? " #" : ` # ${comment}`;
}

function tagProp(tag: string, value: unknown, path: Path): string {
  // A local tag leaves the string as Kubernetes reads it; `!!int` and friends would change it.
  if (!/^![^!\s,[\]{}][^\s,[\]{}]*$/.test(tag) || typeof value !== "string") {
    throw new Error(`${pathText(path)}: the tag ${JSON.stringify(tag)} is not a local tag on a string`);
  }
  return `${tag} `;
}

/** A block scalar for a `block` style, or a multi-line string by default; undefined: quote it. */
function blockText(value: string, style: NodeStyle, path: Path): { header: string; lines: string[] } | undefined {
  if (style.block === "folded") {
    const folded = foldedBlock(value, style.chomp);
    if (!folded) throw new Error(`${pathText(path)}: a folded block scalar cannot carry ${JSON.stringify(value.slice(0, 40))}`);
    return folded;
  }
  const literal = blockLiteral(value.includes("\n") || style.block === undefined ? value : `${value}\n`);
  if (!literal) {
    if (style.block === "literal") throw new Error(`${pathText(path)}: a block literal cannot carry ${JSON.stringify(value.slice(0, 40))}`);
    return undefined;
  }
  // A one-line value: the literal of value + "\n" with strip chomping.
  if (!value.includes("\n")) return { header: literal.header.replace(/$/, "-"), lines: literal.lines };
  if (style.chomp === "keep" && literal.header.endsWith("|")) return { header: `${literal.header}+`, lines: literal.lines };
  return literal;
}

/**
 * `>` text: each line of the value on a line of its own with a blank line between (a single
 * line break folds to a space). Values whose lines start or end with spaces, or hold blank
 * lines, are refused: folding would change them.
 */
function foldedBlock(value: string, chomp: NodeStyle["chomp"]): { header: string; lines: string[] } | undefined {
  const body = value.replace(/\n+$/, "");
  const trailing = value.length - body.length;
  if (body === "" || /[\r\t]/.test(body) || !blockLiteral(`${body}\n`)) return undefined;
  const parts = body.split("\n");
  if (parts.some((line) => line === "" || line.startsWith(" ") || line.endsWith(" "))) return undefined;
  const header = trailing === 0 ? ">-" : trailing === 1 ? (chomp === "keep" ? ">+" : ">") : ">+";
  const lines = parts.flatMap((line, i) => (i === 0 ? [line] : ["", line]));
  for (let i = 1; i < trailing; i++) lines.push("");
  return { header, lines };
}

function pushComment(lines: string[], indent: string, comment: string): void {
  // Every YAML 1.1 line break (CR, NEL, LS, PS too) would end the comment in go-yaml: the rest
  // would be read as data. Trailing whitespace is dropped.
  for (const raw of comment.split(/\r\n|[\n\r\u0085\u2028\u2029]/)) {
    const line = raw.replace(/[ \t]+$/, "");
    lines.push(line === "" ? `${indent}#` : `${indent}# ${line}`);
  }
}

/**
 * A key as written before its `:`. YAML allows at most 1024 characters between the start of an
 * implicit key and its `:` (the `yaml` package and libyaml/go-yaml reject or misread longer ones),
 * so a longer key becomes an explicit `? key`.
 */
function keyText(key: string, inFlow = false): string {
  const text = isPlainSafe(key, inFlow) ? key : doubleQuoted(key);
  return text.length > MAX_IMPLICIT_KEY ? `? ${text}` : text;
}

const MAX_IMPLICIT_KEY = 1024;

/** A string with the quotes a person chose; plain only where every reader reads it back. */
function stringText(value: string, quote: NodeStyle["quote"], path: Path, inFlow: boolean): string {
  if (quote === "double") return doubleQuoted(value);
  // Single quotes cannot carry line breaks or escapes: double quotes, the same string.
  if (quote === "single") return singleQuoted(value) ?? doubleQuoted(value);
  if (quote === "plain") {
    if (!plainReadsBack(value, inFlow)) throw new Error(`${pathText(path)}: ${JSON.stringify(value)} cannot be written plain: a reader would take it for something else`);
    return value;
  }
  return isPlainSafe(value, inFlow) ? value : doubleQuoted(value);
}

function scalarText(value: unknown, style: NodeStyle, path: Path, inFlow = false): string {
  if (style.text !== undefined && typeof value !== "string") {
    if (!textReadsAs(style.text, value) || (inFlow && style.text === "")) {
      throw new Error(`${pathText(path)}: the text ${JSON.stringify(style.text)} does not read back as ${String(value)}`);
    }
    return style.text;
  }
  switch (typeof value) {
    case "string":
      return style.quote === undefined ? (isPlainSafe(value, inFlow) ? value : doubleQuoted(value)) : stringText(value, style.quote, path, inFlow);
    case "number":
      return numberText(value);
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      return value.toString();
    default:
      if (value === null) return "null";
      throw new TypeError(`${pathText(path)}: cannot write ${describe(value)} as YAML`);
  }
}

function pathText(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("") || "(root)";
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return `an instance of ${value.constructor?.name ?? "an unknown class"}`;
  return `a ${typeof value}`;
}

/** The keys a map is written with: undefined values are skipped, like JSON. */
function definedKeys(map: Record<string, unknown>): string[] {
  return Object.keys(map).filter((key) => map[key] !== undefined);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}
