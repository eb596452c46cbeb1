// The emitter: plain data plus a style → YAML text in the home-ops style. It writes block
// collections with two-space indentation, never folds lines, keeps keys in insertion order and
// writes the same bytes for the same input on every machine.
//
// Why not the `yaml` package's Document API: it cannot indent one sequence differently from its
// sibling (backends.yaml needs both in one document) and costs ~250 µs per document, which alone
// would exceed the budget of a thousand-app render. The `yaml` package stays the reference
// reader: the round-trip tests parse everything this writes under YAML 1.1 and 1.2.

import { blockLiteral, doubleQuoted, isPlainSafe, numberText, singleQuoted } from "./scalar.ts";
import { compileStyle, stepIndex, stepKey, styleAt, type NodeStyle, type Style, type StyleTrie } from "./style.ts";

export interface EmitDocument {
  readonly object: unknown;
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

/** The text of a whole file: head comment, then `---` before every document. */
export function emitFile(file: EmitFile): string {
  const lines: string[] = [];
  if (file.head !== undefined) pushComment(lines, "", file.head);
  for (const doc of file.documents) {
    lines.push("---");
    emitDocumentInto(lines, doc);
  }
  return lines.join("\n") + "\n";
}

/** One document's body, without the `---` line. */
export function emitDocument(doc: EmitDocument): string {
  const lines: string[] = [];
  emitDocumentInto(lines, doc);
  return lines.join("\n") + "\n";
}

function emitDocumentInto(lines: string[], doc: EmitDocument): void {
  if (doc.comment !== undefined) pushComment(lines, "", doc.comment);
  if (!isPlainObject(doc.object)) {
    throw new TypeError(`a document must be an object, got ${describe(doc.object)}`);
  }
  const tries = doc.style ? [compileStyle(doc.style)] : [];
  const writer = new Writer(lines);
  if (definedKeys(doc.object).length === 0) lines.push("{}");
  else writer.mapBody(doc.object, "", tries, []);
}

class Writer {
  readonly lines: string[];
  /** Anchors defined so far in this document, for `alias` styles. */
  readonly anchors = new Map<string, unknown>();
  /** lines.length right after a `|+` literal: a blank line written there would join its value. */
  keepLiteralEnd = -1;

  constructor(lines: string[]) {
    this.lines = lines;
  }

  mapBody(map: Record<string, unknown>, indent: string, tries: readonly StyleTrie[], path: readonly (string | number)[]): void {
    for (const key of Object.keys(map)) {
      const value = map[key];
      if (value === undefined) continue;
      const childTries = tries.length > 0 ? stepKey(tries, key) : tries;
      const style = styleAt(childTries);
      this.decorations(style, indent);
      const text = keyText(key);
      if (text.startsWith("?")) this.lines.push(`${indent}${text}`);
      this.node(text.startsWith("?") ? `${indent}:` : `${indent}${text}:`, value, style, indent, childTries, [...path, key]);
    }
  }

  seqBody(seq: readonly unknown[], indent: string, tries: readonly StyleTrie[], path: readonly (string | number)[]): void {
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
  node(prefix: string, value: unknown, style: NodeStyle, indent: string, tries: readonly StyleTrie[], path: readonly (string | number)[], inSeq = false): void {
    if (style.alias !== undefined && this.anchors.has(style.alias) && deepEqual(this.anchors.get(style.alias), value)) {
      this.lines.push(`${prefix} *${style.alias}`);
      return;
    }
    let props = "";
    if (style.anchor !== undefined) {
      if (!/^[^\s,[\]{}]+$/.test(style.anchor)) {
        throw new Error(`${pathText(path)}: invalid anchor name ${JSON.stringify(style.anchor)}`);
      }
      this.anchors.set(style.anchor, value);
      props = `&${style.anchor} `;
    }
    const isSeq = Array.isArray(value);
    if (isSeq || isPlainObject(value)) {
      const empty = isSeq ? value.length === 0 : definedKeys(value).length === 0;
      if (empty || style.flow) {
        this.lines.push(`${prefix} ${props}${flowText(value, path)}`);
        return;
      }
      const childIndent = isSeq && !inSeq && style.indentSequence === false ? indent : indent + INDENT;
      const joinFirstLine = inSeq && props === "";
      if (!joinFirstLine) this.lines.push(props ? `${prefix} ${props.trimEnd()}` : prefix);
      const first = this.lines.length;
      if (isSeq) this.seqBody(value, childIndent, tries, path);
      else this.mapBody(value, childIndent, tries, path);
      if (joinFirstLine) this.joinToDash(first, prefix, childIndent);
      return;
    }
    if (typeof value === "string" && value.includes("\n") && style.quote === undefined) {
      const literal = blockLiteral(value);
      if (literal) {
        this.lines.push(`${prefix} ${props}${literal.header}`);
        for (const line of literal.lines) this.lines.push(line === "" ? "" : indent + INDENT + line);
        if (literal.header.endsWith("+")) this.keepLiteralEnd = this.lines.length;
        return;
      }
    }
    this.lines.push(`${prefix} ${props}${scalarText(value, style, path)}`);
  }

  /** Puts the first content line of an item's collection on its `- ` line. */
  joinToDash(first: number, dash: string, childIndent: string): void {
    const line = this.lines[first];
    if (line !== undefined && line.startsWith(childIndent) && line[childIndent.length] !== "#" && line !== "") {
      this.lines[first] = `${dash} ${line.slice(childIndent.length)}`;
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

function scalarText(value: unknown, style: NodeStyle, path: readonly (string | number)[], inFlow = false): string {
  switch (typeof value) {
    case "string":
      if (style.quote === "single") return singleQuoted(value) ?? doubleQuoted(value);
      if (style.quote === "double") return doubleQuoted(value);
      return isPlainSafe(value, inFlow) ? value : doubleQuoted(value);
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

function flowText(value: unknown, path: readonly (string | number)[]): string {
  if (Array.isArray(value)) {
    return `[${value.map((item, i) => flowText(item, [...path, i])).join(", ")}]`;
  }
  if (isPlainObject(value)) {
    const pairs = definedKeys(value).map((key) => `${keyText(key, true)}: ${flowText(value[key], [...path, key])}`);
    return `{${pairs.join(", ")}}`;
  }
  return scalarText(value, {}, path, true);
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
