// TypeScript source for plain data, written as a person would: two-space indentation, trailing
// commas, one property per line for nested collections, a collection on one line when it is short.

/** A place in the data: keys and list indexes from the document's root. */
export type DataPath = readonly (string | number)[];

export interface PrintOptions {
  /** The identifier that stands for the value at a path (a `const` of the module), if any. */
  readonly reference?: (path: DataPath) => string | undefined;
  /** Widest line to put a collection on one line. */
  readonly width?: number;
}

const WIDTH = 120;
const INDENT = "  ";

const RESERVED = new Set(
  ("break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "yield let static implements interface package private protected public await arguments eval undefined NaN Infinity").split(" "),
);

export function isIdentifier(name: string): boolean {
  return /^[A-Za-z_$][\w$]*$/.test(name) && !RESERVED.has(name);
}

/** A property key as written in an object literal. */
export function keySource(key: string): string {
  if (key === "__proto__") return `["__proto__"]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
}

/** A string literal: a template literal for multi-line text (so it reads as the text), JSON otherwise. */
export function stringSource(value: string): string {
  if (value.includes("\n") && !/[\0-\x08\x0b-\x1f\x7f\u2028\u2029]/.test(value)) {
    return "`" + value.replace(/\\/g, "\\\\").replace(/`/g, "\\`").replace(/\$\{/g, "\\${") + "`";
  }
  return JSON.stringify(value);
}

function scalarSource(value: unknown): string {
  switch (typeof value) {
    case "string":
      return stringSource(value);
    case "number":
      if (Object.is(value, -0)) return "-0";
      return Number.isNaN(value) ? "NaN" : value === Infinity ? "Infinity" : value === -Infinity ? "-Infinity" : String(value);
    case "boolean":
      return String(value);
    case "bigint":
      return `${value}n`;
    default:
      if (value === null) return "null";
      throw new TypeError(`cannot write ${typeof value} as TypeScript`);
  }
}

/**
 * The source of `value` for a position whose line starts at column `column` and already holds
 * `prefixWidth` characters before the value. Multi-line results indent their lines from `indent`.
 */
export function valueSource(value: unknown, indent: string, prefixWidth: number, options: PrintOptions = {}, path: DataPath = []): string {
  const reference = options.reference?.(path);
  if (reference !== undefined) return reference;
  if (value === null || typeof value !== "object") return scalarSource(value);
  const width = options.width ?? WIDTH;
  const inline = inlineSource(value, options, path);
  if (inline !== undefined && indent.length + prefixWidth + inline.length <= width) return inline;
  const inner = indent + INDENT;
  if (Array.isArray(value)) {
    // Widths count the comma after each item and entry.
    const items = value.map((item, i) => `${inner}${valueSource(item, inner, 1, options, [...path, i])},`);
    return `[\n${items.join("\n")}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).map(([key, item]) => {
    const childPath = [...path, key];
    const ref = options.reference?.(childPath);
    if (ref !== undefined && ref === key) return `${inner}${key},`;
    const k = keySource(key);
    return `${inner}${k}: ${valueSource(item, inner, k.length + 3, options, childPath)},`;
  });
  return `{\n${entries.join("\n")}\n${indent}}`;
}

/** The one-line form, or undefined when the value holds multi-line text. */
function inlineSource(value: object, options: PrintOptions, path: DataPath): string | undefined {
  const parts: string[] = [];
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const part = inlineItem(value[i], options, [...path, i]);
      if (part === undefined) return undefined;
      parts.push(part);
    }
    return `[${parts.join(", ")}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return "{}";
  for (const [key, item] of entries) {
    const childPath = [...path, key];
    const ref = options.reference?.(childPath);
    if (ref !== undefined && ref === key) {
      parts.push(key);
      continue;
    }
    const part = inlineItem(item, options, childPath);
    if (part === undefined) return undefined;
    parts.push(`${keySource(key)}: ${part}`);
  }
  return `{ ${parts.join(", ")} }`;
}

function inlineItem(value: unknown, options: PrintOptions, path: DataPath): string | undefined {
  const reference = options.reference?.(path);
  if (reference !== undefined) return reference;
  if (value !== null && typeof value === "object") return inlineSource(value, options, path);
  const text = scalarSource(value);
  return text.includes("\n") ? undefined : text;
}

/** `OCIRepository` → `ociRepository`, `TZ` → `tz`, `Gateway` → `gateway`: a word's leading capitals in lower case. */
function lowerInitials(word: string): string {
  const run = /^[A-Z]+/.exec(word)?.[0].length ?? 0;
  const keep = run > 1 && run < word.length && /[a-z]/.test(word.charAt(run)) ? run - 1 : run;
  return word.slice(0, keep).toLowerCase() + word.slice(keep);
}

/** `a-b.c` → `aBC`: an identifier made of a name's words, or undefined when none is left. */
export function camelCase(name: string): string | undefined {
  const words = name.split(/[^A-Za-z0-9]+/).filter((w) => w !== "");
  if (words.length === 0) return undefined;
  const text = words.map((w, i) => (i === 0 ? lowerInitials(w) : w.charAt(0).toUpperCase() + w.slice(1))).join("");
  return /^[0-9]/.test(text) ? `_${text}` : text;
}
