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

// ---------------------------------------------------------------------------------------------
// Exact readers, for styles a person chose: `quote: "plain"` and number/boolean/null `text`.
// isPlainSafe over-approximates (it quotes `5.1.0`); these decide what each reader really does.

/** Plain scalars the `yaml` package resolves to a non-string, YAML 1.2 core or 1.1 schema. */
const YAML_PACKAGE_NON_STRING = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON|N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
  /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
  /^[-+]?0b[0-1_]+$/,
  /^[-+]?0[0-7_]+$/,
  /^[-+]?[0-9][0-9_]*$/,
  /^[-+]?0x[0-9a-fA-F_]+$/,
  /^0o[0-7]+$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/,
  /^<<$/,
  DATE_LIKE,
];

/** Strings go-yaml v2 (sigs.k8s.io/yaml: Kubernetes) reads from a plain scalar as something else. */
const GO_YAML_MAP = new Set([
  ...["y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"],
  ...["n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"],
  ...["", "~", "null", "Null", "NULL", "<<"],
  ...[".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF"],
]);
/** strconv.ParseInt(s, 0, 64) syntax (Go 1.13+: 0x/0X, 0b/0B, 0o/0O, leading-0 octal). */
const GO_INT_BASE0 = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/;
const GO_YAML_STYLE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

/**
 * go-yaml's resolve() (v2 and v3 resolve.go) for an untagged plain scalar: whether it is read as
 * anything but a string. Over-approximates timestamps (time.Parse with 2006-1-2[T ]...).
 */
export function goYamlReadsAsNonString(s: string): boolean {
  if (GO_YAML_MAP.has(s)) return true;
  const first = s[0] ?? "";
  if (first === ".") return /^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/.test(s); // strconv.ParseFloat
  if (!/[-+0-9]/.test(first)) return false;
  if (/^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:$|[Tt ])/.test(s)) return true; // parseTimestamp
  const plain = s.replaceAll("_", "");
  return GO_INT_BASE0.test(plain) || GO_YAML_STYLE_FLOAT.test(plain) || /^-?0[bo][0-7]+$/.test(plain);
}

/**
 * Whether `s` written plain reads back as the same string in go-yaml (Kubernetes) and in the
 * `yaml` package under YAML 1.1 and 1.2: the test for a person's `quote: "plain"`.
 */
export function plainReadsBack(s: string, inFlow = false): boolean {
  if (isPlainSafe(s, inFlow)) return true;
  if (s === "" || s !== s.trim() || /[\n\r\t]/.test(s) || NON_PRINTABLE.test(s)) return false;
  if (INDICATOR_FIRST.test(s) && !(s[0] === "-" && s.length > 1 && s[1] !== " ")) return false;
  if (s.includes(": ") || s.includes(" #") || s.endsWith(":") || s.startsWith("---") || s.startsWith("...")) return false;
  if (inFlow && FLOW_INDICATOR.test(s)) return false;
  if (s === "=" || goYamlReadsAsNonString(s)) return false;
  return !YAML_PACKAGE_NON_STRING.some((re) => re.test(s));
}

/**
 * Whether the plain text of a number, boolean or null reads back as `value` in YAML 1.1 as
 * go-yaml (Kubernetes) and the `yaml` package read it: `0400` is 256, `1e3` 1000, `yes` true.
 */
export function textReadsAs(text: string, value: unknown): boolean {
  if (value === null) return /^(?:~|null|Null|NULL)?$/.test(text);
  if (typeof value === "boolean") {
    if (/^(?:y|Y|yes|Yes|YES|on|On|ON|true|True|TRUE)$/.test(text)) return value;
    if (/^(?:n|N|no|No|NO|off|Off|OFF|false|False|FALSE)$/.test(text)) return !value;
    return false;
  }
  if (typeof value !== "number") return false;
  const read = readYaml11Number(text);
  return read !== undefined && (read === value || (Number.isNaN(read) && Number.isNaN(value)));
}

function readYaml11Number(text: string): number | undefined {
  if (/^[-+]?\.(?:inf|Inf|INF)$/.test(text)) return text.startsWith("-") ? -Infinity : Infinity;
  if (/^\.(?:nan|NaN|NAN)$/.test(text)) return NaN;
  if (text.includes("_") || !/^[-+0-9.]/.test(text)) return undefined;
  const sign = text.startsWith("-") ? -1 : 1;
  const digits = text.replace(/^[-+]/, "");
  if (/^0b[01]+$/.test(digits)) return sign * parseInt(digits.slice(2), 2);
  if (/^0x[0-9a-fA-F]+$/.test(digits)) return sign * parseInt(digits.slice(2), 16);
  if (/^0[0-7]+$/.test(digits)) return sign * parseInt(digits, 8);
  if (/^(?:0|[1-9][0-9]*)$/.test(digits)) return sign * Number(digits);
  // Both readers' float: digits with a dot, or an exponent.
  if (/^(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$|^[0-9]+[eE][-+]?[0-9]+$/.test(digits)) return sign * Number(digits);
  return undefined;
}
