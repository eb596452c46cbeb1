// How one scalar is written. Kubernetes reads YAML with YAML 1.1 resolution rules (`on`, `yes`,
// `0123`, `1:30` are not strings there), while most tools read YAML 1.2: a string is written plain
// only when every reader takes it back as the same string. Everything else is double-quoted.

/** Values that YAML 1.1 or 1.2 resolves to null, a boolean or a merge/value key. */
const RESERVED_WORD =
  /^(?:~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|=|<<)$/;

/**
 * A superset of the int, float and sexagesimal forms of YAML 1.1 and 1.2 (signs, `_`, `.`, `:`,
 * exponents, 0x/0o/0b, .inf/.nan). Over-matching only costs a pair of quotes around strings
 * like `1.2.3`, which is harmless; under-matching would turn a string into a number.
 * `.`, `._` and `e1` are included because the `yaml` package's 1.1 float (and the 1.1 spec's, for
 * `.`) take them; `0X1F` because go-yaml reads it with Go's strconv.ParseInt(s, 0, 64).
 */
const NUMBER_LIKE =
  /^[-+]?(?:[0-9.][0-9_.:eE+-]*|[eE][-+]?[0-9]+|0[xXoObB][0-9a-fA-F_]+|\.(?:inf|Inf|INF|nan|NaN|NAN))$/;

/** YAML 1.1 timestamps start with a date; quote anything that does. */
const DATE_LIKE = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/;

/** Characters that may not start a plain scalar. */
const INDICATOR_FIRST = /^[-?:,[\]{}#&*!|>'"%@`]/;

/** Characters YAML must see escaped: C0 controls (tab aside), DEL, C1, line separators, BOM. */
const NON_PRINTABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udfff]/u;

/** Flow indicators, and `?`: go-yaml and libyaml end a plain scalar at `?` inside `[...]`/`{...}`. */
const FLOW_INDICATOR = /[,?[\]{}]/;

/**
 * Whether `s` can be written without quotes and read back as the same string by YAML 1.1 and
 * 1.2 readers. `inFlow` adds the flow-collection restrictions (`[a, b]`, `{a: b}`).
 */
export function isPlainSafe(s: string, inFlow = false): boolean {
  // The same strings come back in every copy of an app (names, labels, keys): decided once each.
  const cache = inFlow ? plainSafeInFlow : plainSafeInBlock;
  let safe = cache.get(s);
  if (safe === undefined) {
    if (cache.size >= PLAIN_SAFE_CACHE_LIMIT) cache.clear();
    safe = decidePlainSafe(s, inFlow);
    cache.set(s, safe);
  }
  return safe;
}

const plainSafeInBlock = new Map<string, boolean>();
const plainSafeInFlow = new Map<string, boolean>();
// Bounds the memory of a long-running process (--watch, a test run) at a few MiB.
const PLAIN_SAFE_CACHE_LIMIT = 50_000;

function decidePlainSafe(s: string, inFlow: boolean): boolean {
  if (s === "" || s !== s.trim() || s.includes("\n") || s.includes("\r") || s.includes("\t")) {
    return false;
  }
  if (RESERVED_WORD.test(s) || NUMBER_LIKE.test(s) || DATE_LIKE.test(s)) return false;
  // go-yaml drops every `_` from a scalar that starts with a sign or digit before parsing it as a
  // number: `+_1` is 1 and `0_x1F` is 31 there.
  if (/^[-+0-9]/.test(s) && NUMBER_LIKE.test(s.replaceAll("_", ""))) return false;
  // A leading `-` is fine before a non-space (`--flag`), but `-` alone or `- x` is a sequence.
  if (INDICATOR_FIRST.test(s) && !(s[0] === "-" && s.length > 1 && s[1] !== " ")) return false;
  if (s.includes(": ") || s.includes(" #") || s.endsWith(":")) return false;
  if (s.startsWith("---") || s.startsWith("...")) return false;
  if (NON_PRINTABLE.test(s)) return false;
  if (inFlow && FLOW_INDICATOR.test(s)) return false;
  return true;
}

const DOUBLE_QUOTE_ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\\\",
  '"': '\\"',
  "\n": "\\n",
  "\t": "\\t",
  "\r": "\\r",
  "\0": "\\0",
  "\u0085": "\\N",
  "\u2028": "\\L",
  "\u2029": "\\P",
};

const NEEDS_ESCAPE = /[\\"\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udfff]/gu;

/** A double-quoted scalar on one line; every character a reader could misread is escaped. */
export function doubleQuoted(s: string): string {
  return `"${s.replace(NEEDS_ESCAPE, escapeChar)}"`;
}

function escapeChar(ch: string): string {
  const named = DOUBLE_QUOTE_ESCAPES[ch];
  if (named) return named;
  const code = ch.codePointAt(0) ?? 0;
  return code <= 0xff ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`;
}

function hex(n: number, width: number): string {
  return n.toString(16).toUpperCase().padStart(width, "0");
}

/** A single-quoted scalar, or undefined when the string needs escapes single quotes lack. */
export function singleQuoted(s: string): string | undefined {
  if (s.includes("\n") || s.includes("\r") || NON_PRINTABLE.test(s)) return undefined;
  return `'${s.replaceAll("'", "''")}'`;
}

/**
 * The header and lines of a block literal (`|`, `|-`, `|+`), or undefined when a literal cannot
 * carry the string exactly (controls, tabs, carriage returns, or only whitespace).
 */
export function blockLiteral(s: string): { header: string; lines: string[] } | undefined {
  if (!s.includes("\n") || s.includes("\r") || s.includes("\t") || NON_PRINTABLE.test(s)) {
    return undefined;
  }
  const body = s.replace(/\n+$/, "");
  const trailingBreaks = s.length - body.length;
  const lines = body.split("\n");
  const firstContent = lines.findIndex((line) => line.trim() !== "");
  if (firstContent === -1) return undefined;
  // Lines before the first content line set the indentation; spaces there would confuse it.
  if (lines.slice(0, firstContent).some((line) => line !== "")) return undefined;
  const chomp = trailingBreaks === 0 ? "-" : trailingBreaks === 1 ? "" : "+";
  // A first content line that starts with a space needs an explicit indentation indicator.
  const indicator = lines[firstContent]?.startsWith(" ") ? "2" : "";
  // With one, the `yaml` package drops a last line of only spaces that is not more indented than
  // the first line (" a\n " reads back as " a").
  if (indicator && /^ +$/.test(lines[lines.length - 1] ?? "")) return undefined;
  const keptBlankLines = trailingBreaks > 1 ? new Array<string>(trailingBreaks - 1).fill("") : [];
  return { header: `|${indicator}${chomp}`, lines: [...lines, ...keptBlankLines] };
}

/** A number as YAML 1.1 and 1.2 both read it back. */
export function numberText(n: number): string {
  if (Number.isNaN(n)) return ".nan";
  if (!Number.isFinite(n)) return n > 0 ? ".inf" : "-.inf";
  const text = String(n);
  // YAML 1.1 floats need a dot before the exponent: 1e+21 would read back as a string.
  const exponent = /^(-?\d+)e([-+]\d+)$/.exec(text);
  return exponent ? `${exponent[1]}.0e${exponent[2]}` : text;
}
