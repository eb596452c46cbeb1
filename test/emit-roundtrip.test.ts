// Property tests for the emitter: whatever the data and the style, every reader reads back the
// same data. Readers: the `yaml` package under YAML 1.2 (core schema) and 1.1 (yaml-1.1 schema:
// y/yes/on/off, 0123, 1:30, timestamps, `<<`), plus two models of what the `yaml` package does not
// cover: go-yaml's resolver (sigs.k8s.io/yaml, i.e. Kubernetes) and the YAML 1.1 type regexps.

import fc from "fast-check";
import { inspect } from "node:util";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { isCollection, isScalar, parseAllDocuments, parseDocument, Scalar, visit, type Document } from "yaml";
import { emitDocument, emitFile, isPlainObject, type EmitDocument, type EmitFile } from "../lib/yaml/emit.ts";
import { isPlainSafe } from "../lib/yaml/scalar.ts";
import type { NodeStyle, Style } from "../lib/yaml/style.ts";

// ---------------------------------------------------------------------------------------------
// Readers that the `yaml` package cannot stand in for.

/** Strings go-yaml v2 reads from a plain scalar as something else (v3 reads fewer: no y/on/...). */
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
function goYamlReadsAsNonString(s: string): boolean {
  if (GO_YAML_MAP.has(s)) return true;
  const first = s[0] ?? "";
  if (first === ".") return /^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/.test(s); // strconv.ParseFloat
  if (!/[-+0-9]/.test(first)) return false;
  if (/^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:$|[Tt ])/.test(s)) return true; // parseTimestamp
  const plain = s.replaceAll("_", "");
  return GO_INT_BASE0.test(plain) || GO_YAML_STYLE_FLOAT.test(plain) || /^-?0[bo][0-7]+$/.test(plain);
}

/** The YAML 1.1 type repository's regexps (yaml.org/type/*.html), `=` (!!value) included. */
const YAML11_SPEC = [
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(?:~|null|Null|NULL|)$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)?\.[0-9.]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?/,
  /^(?:<<|=)$/,
];
const yaml11SpecReadsAsNonString = (s: string) => YAML11_SPEC.some((re) => re.test(s));

// ---------------------------------------------------------------------------------------------
// Generators.

const TRICKY = [
  ...["on", "off", "yes", "no", "y", "n", "Y", "N", "On", "OFF", "Yes", "NO", "true", "False", "TRUE"],
  ...["~", "null", "Null", "NULL", "0x1F", "0X1F", "0o17", "0O17", "0b101", "0B101", "0x_", "1e3", "1E3", "e1", "E5"],
  ...[".5", "+.5", ".", "..", "._", "+.", "+1", "-1", "+_1", "0_x1F", "1_000", "1:30", "12:30:45", "190:20:30.15"],
  ...[".inf", "-.Inf", "+.INF", ".nan", ".NaN", "2023-06-01", "2023-06-01T10:00:00Z", "2023-6-1 10:00:00", "0123", "08", "0", "-0", "1.2.3", "1.5"],
  ...["#", "# x", "a #b", "a# b", "a#b", ": ", "a: b", "a:", ":a", "a:b", "-", "- x", "-x", "--flag", "?", "? x", "?x"],
  ...["*x", "&x", "!x", "!!str", "%x", "@x", "`x", "|", "|-", ">", ">-", "'", "'x'", '"', '"x"', "{", "}", "[", "]", ",", "{a: 1}", "[a]", "a,b"],
  ...["${VAR}", "ai.${SECRET_DOMAIN}", "{{ .KEY }}", "<<", "=", "---", "...", "--- x", "... x", "----"],
  ...["", " ", "  ", " x", "x ", "\t", "\tx", "x\t", "a\tb", "\r\n", "\r", "a\r\nb", "\n", "\n\n", "x\n", "x\n\n", "\nx", "  x\ny"],
  ...["a\n\nb", "a \nb ", "a\n \n", "# c\n- x\n", "---\n...\n", "é", "日本", "😀", "\u2028", "a\u2028b", "\u0085", "a\u0085b", "\ufeff", "\ufeffx"],
  ...["\u00a0", "\u3000x", "\u0000", "\u0007", "\u001b[0m", "\u007f", "\u009f", "\ud800", "x\udc00", "__proto__", "constructor", "toString"],
  ...["agentgateway", "a?b", "http://x/?q=1", "app.kubernetes.io/name", "10.0.0.0/8", "v2.1.2", "oci://cr.kgateway.dev/x", "1s", "5xx", "gpt-4"],
];

/** Characters that mean something somewhere in YAML, or that need escaping. */
const SPECIAL_CHARS = [
  ...[" ", " ", " ", "\t", "\n", "\n", "\r", ":", "#", "-", "?", ",", "[", "]", "{", "}", "&", "*", "!", "|", ">"],
  ...["'", '"', "%", "@", "`", "\\", ".", "_", "~", "<", "=", "$", "/", "0", "1", "9", "e", "x", "o", "b", "y", "n", "a"],
  ...["é", "日", "😀", "\u2028", "\u2029", "\u0085", "\ufeff", "\u00a0", "\ufffe", "\uffff"],
];
const controlChar = fc.oneof(fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0x7f, max: 0x9f })).map((c) => String.fromCharCode(c));
// A lone surrogate round-trips through the `yaml` package as the `\uD800` escape, so it stays in.
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const charUnit = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...SPECIAL_CHARS) },
  { weight: 3, arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: controlChar },
  { weight: 1, arbitrary: loneSurrogate },
  { weight: 1, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
);
/** The strings Kubernetes (YAML 1.1) and YAML 1.2 readers disagree on, weighted up. */
const CORE = ["on", "off", "yes", "no", "y", "n", "Y", "true", "False", "~", "null", "0123", "1:30", "2023-06-01", "0x1F", "1e3", "<<", "=", ""];
const tricky = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...TRICKY) }, { weight: 1, arbitrary: fc.constantFrom(...CORE) });
const line = fc.oneof(
  tricky.filter((s) => !s.includes("\n")),
  fc.constantFrom("", "", " ", "  x", "x  ", "\tx", "a: b", "- x", "# c", "---", "...", "  # c", "|", "  - y"),
  fc.string({ unit: charUnit, maxLength: 6 }).filter((s) => !s.includes("\n")),
);
const multiLine = fc
  .tuple(fc.constantFrom("", "\n", "\n\n", " ", "  "), fc.array(line, { minLength: 1, maxLength: 5 }), fc.constantFrom("", "\n", "\n\n", "\n\n\n", " \n", "\n "))
  .map(([head, lines, tail]) => head + lines.join("\n") + tail);
const joined = fc
  .tuple(tricky, fc.constantFrom("", " ", ": ", " #", "#", ":", "\n", "\t", "-", ",", " - "), fc.oneof(tricky, fc.string({ unit: charUnit, maxLength: 4 })))
  .map(([a, sep, b]) => a + sep + b);

const stringArb = fc.oneof(
  { weight: 8, arbitrary: tricky },
  { weight: 4, arbitrary: fc.string({ unit: charUnit, maxLength: 12 }) },
  { weight: 3, arbitrary: multiLine },
  { weight: 3, arbitrary: joined },
  { weight: 1, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme" }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary" }) },
  // Around YAML's 1024-character limit on implicit keys.
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom("k", "é", " a"), fc.integer({ min: 1000, max: 1030 })).map(([s, n]) => s.repeat(n).slice(0, n)) },
);
const numberArb = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, 1, -1, 0.1, 1.5, 1e21, -1e21, 1e-7, 5e-324, 2 ** 53, 2 ** 64, 123456789012345680000, 1.7976931348623157e308, NaN, Infinity, -Infinity),
);
const scalarArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 10, arbitrary: stringArb },
  { weight: 2, arbitrary: numberArb },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);

/** A value with up to `levels` levels of collections. */
function valueArb(levels: number): fc.Arbitrary<unknown> {
  if (levels <= 0) return scalarArb;
  return fc.oneof(
    { weight: 3, arbitrary: scalarArb },
    { weight: 1, arbitrary: mapArb(levels) },
    { weight: 1, arbitrary: fc.array(valueArb(levels - 1), { maxLength: 4 }) },
  );
}
/**
 * Null-prototype maps included: the emitter accepts them like plain objects. An undefined value
 * is skipped, like JSON.stringify does.
 */
function mapArb(levels: number): fc.Arbitrary<Record<string, unknown>> {
  const value = fc.oneof({ weight: 15, arbitrary: valueArb(levels - 1) }, { weight: 1, arbitrary: fc.constant(undefined) });
  return fc.dictionary(stringArb, value, { maxKeys: 5 });
}
const objectArb = fc.integer({ min: 1, max: 4 }).chain((levels) => mapArb(levels));

const commentArb = fc.oneof(
  tricky.filter((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufeff]|\p{Cs}/u.test(s)),
  fc.constantFrom("", "x  ", "a\nb", "a\n\nb", "\n", "x\rb: 2", "x\r\nb: 2", "x\u2028b: 2", "x\u0085b: 2", "x\u2029- b", "OpenAI Backend", "- x", "---", "#"),
);
const nodeStyleArb: fc.Arbitrary<NodeStyle> = fc.record(
  {
    quote: fc.constantFrom("double", "single", "plain"),
    comment: commentArb,
    blankLineBefore: fc.boolean(),
    indentSequence: fc.constant(false),
    flow: fc.boolean(),
  },
  { requiredKeys: [] },
);

type Path = readonly (string | number)[];

/** Every node below the root, in the order the emitter writes them. */
function nodePaths(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      out.push([...path, i]);
      nodePaths(item, [...path, i], out);
    });
  } else if (isPlainObject(value)) {
    for (const key of Object.keys(value)) {
      out.push([...path, key]);
      nodePaths(value[key], [...path, key], out);
    }
  }
  return out;
}

function stylePath(path: Path, wildcard: number): string {
  return path
    .map((seg, i) => (i === wildcard ? (typeof seg === "number" ? "[*]" : i === 0 ? "*" : ".*") : typeof seg === "number" ? `[${seg}]` : `[${JSON.stringify(seg)}]`))
    .join("");
}

function getAt(root: unknown, path: Path): unknown {
  let node = root;
  for (const seg of path) node = (node as Record<string | number, unknown>)[seg];
  return node;
}

function setAt(root: unknown, path: Path, value: unknown): void {
  const parent = getAt(root, path.slice(0, -1)) as Record<string | number, unknown>;
  Object.defineProperty(parent, path[path.length - 1] as string | number, { value, writable: true, enumerable: true, configurable: true });
}

const isPrefix = (a: Path, b: Path) => a.length <= b.length && a.every((seg, i) => seg === b[i]);

/**
 * A deep copy with `Object.prototype` maps; `plain` drops undefined map values, as a reader
 * returns the data. defineProperty keeps a `__proto__` key an own property.
 */
function copy(value: unknown, keepUndefined = true): unknown {
  if (Array.isArray(value)) return value.map((item) => copy(item, keepUndefined));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (v !== undefined || keepUndefined) {
        Object.defineProperty(out, key, { value: copy(v, keepUndefined), writable: true, enumerable: true, configurable: true });
      }
    }
    return out;
  }
  return value;
}
const plain = (value: unknown) => copy(value, false);

interface Case {
  readonly object: Record<string, unknown>;
  readonly style: Style;
}

/**
 * A document and a style for it: anchor/alias pairs (the aliased node gets a copy of the anchored
 * value, so the alias is written), then random styles at exact and wildcard paths.
 */
const caseArb: fc.Arbitrary<Case> = fc
  .tuple(
    objectArb,
    fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom("a", "b", "app", "x-1")), { maxLength: 3 }),
    fc.array(fc.tuple(fc.nat(), nodeStyleArb, fc.oneof({ weight: 4, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.nat() })), { maxLength: 8 }),
  )
  .map(([generated, aliases, styles]) => {
    const object = copy(generated) as Record<string, unknown>;
    const style: Record<string, NodeStyle> = {};
    const add = (path: string, nodeStyle: NodeStyle) => (style[path] = { ...style[path], ...nodeStyle });
    for (const [a, b, name] of aliases) {
      const paths = nodePaths(object);
      const [from, to] = [paths[a % (paths.length || 1)], paths[b % (paths.length || 1)]];
      if (!from || !to || isPrefix(from, to) || isPrefix(to, from)) continue;
      const [anchor, alias] = paths.indexOf(from) < paths.indexOf(to) ? [from, to] : [to, from];
      if (getAt(object, anchor) === undefined) continue; // a list cannot hold undefined
      setAt(object, alias, copy(getAt(object, anchor)));
      add(stylePath(anchor, -1), { anchor: name });
      add(stylePath(alias, -1), { alias: name });
    }
    const paths = nodePaths(object);
    for (const [i, nodeStyle, wildcard] of styles) {
      const path = paths[i % (paths.length || 1)];
      if (path) add(stylePath(path, wildcard < 0 ? -1 : wildcard % path.length), nodeStyle);
    }
    return { object, style };
  });

// ---------------------------------------------------------------------------------------------
// The checks every emitted text must pass.

const VERSIONS = ["1.2", "1.1"] as const;

/**
 * Deep equality of data by own keys. (uvu's assert.equal compares `.constructor`, which a map with
 * a `constructor` key has as an own property.) NaN equals NaN; 0 equals -0, which YAML has not.
 */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => sameData(item, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameData(a[key], b[key]));
  }
  return false;
}

const isRecord = (value: unknown): value is Record<string, unknown> => Object.prototype.toString.call(value) === "[object Object]";

function describeText(text: string): string {
  return `\n--- emitted (JSON) ---\n${JSON.stringify(text)}\n--- emitted ---\n${text}`;
}

/** Parses `text` under YAML 1.2 and 1.1, and checks it against `expected` (one per document). */
function checkText(text: string, expected: readonly unknown[]): void {
  const where = describeText(text);
  assert.ok(text.endsWith("\n"), `does not end with a newline${where}`);
  // The raw text holds no YAML 1.1 line break but \n (go-yaml and libyaml break lines at CR, NEL,
  // LS and PS, also inside comments) and nothing outside YAML's printable set.
  assert.not.match(text, /[\r\u0085\u2028\u2029]/, `raw CR/NEL/LS/PS${where}`);
  assert.not.match(text, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufeff\ufffe\uffff]|\p{Cs}/u, `non-printable character${where}`);

  for (const version of VERSIONS) {
    const docs = parseAllDocuments(text, { version }) as Document.Parsed[];
    assert.ok(Array.isArray(docs), `no documents (${version})${where}`);
    assert.is(docs.length, expected.length, `document count (${version})${where}`);
    docs.forEach((doc, i) => {
      assert.equal(doc.errors.map(String), [], `errors (${version})${where}`);
      assert.equal(doc.warnings.map(String), [], `warnings (${version})${where}`);
      assert.is(doc.schema.name, version === "1.1" ? "yaml-1.1" : "core");
      const actual: unknown = doc.toJS({ maxAliasCount: -1 });
      assert.ok(sameData(actual, expected[i]), `data differs (YAML ${version}): read ${inspect(actual)}, wrote ${inspect(expected[i])}${where}`);
      visit(doc, {
        Pair(_, pair) {
          // toJS() turns keys into strings: check the key itself (`on` must not be `true`).
          assert.ok(isScalar(pair.key) && typeof pair.key.value === "string", `key ${JSON.stringify(String(pair.key))} is not a string (${version})${where}`);
        },
        Scalar(_, node, path) {
          if (node.type !== Scalar.PLAIN || typeof node.value !== "string") return;
          // go-yaml's (libyaml's) scanner ends a plain scalar at `?` in a flow collection.
          if (node.value.includes("?") && path.some((n) => isCollection(n) && n.flow)) {
            assert.unreachable(`go-yaml splits flow plain ${JSON.stringify(node.value)} at "?"${where}`);
          }
          assert.not.ok(goYamlReadsAsNonString(node.value), `go-yaml reads plain ${JSON.stringify(node.value)} as a non-string${where}`);
          // The spec's regexps take `5.1.0` and `..` for floats where no reader does: the default
          // quoting honours them, a person's `quote: "plain"` needs only the real readers above.
          if (isPlainSafe(node.value)) {
            assert.not.ok(yaml11SpecReadsAsNonString(node.value), `YAML 1.1 types read plain ${JSON.stringify(node.value)} as a non-string${where}`);
          }
        },
      });
    });
  }
  checkLayout(text, where);
}

/**
 * No trailing whitespace but inside block literals that carry it; one final newline, unless the
 * text ends with a `|+` literal whose value ends with blank lines.
 */
function checkLayout(text: string, where: string): void {
  const literals: Array<{ start: number; end: number; keep: boolean }> = [];
  for (const doc of parseAllDocuments(text) as Document.Parsed[]) {
    visit(doc, {
      Scalar(_, node) {
        if (node.type === Scalar.BLOCK_LITERAL && node.range) {
          const header = text.slice(node.range[0], text.indexOf("\n", node.range[0]));
          literals.push({ start: node.range[0], end: node.range[2], keep: header.includes("+") });
        }
      },
    });
  }
  let offset = 0;
  for (const line of text.split("\n")) {
    if (/[ \t]$/.test(line)) {
      assert.ok(
        literals.some((l) => offset > l.start && offset < l.end),
        `trailing whitespace outside a block literal: ${JSON.stringify(line)}${where}`,
      );
    }
    offset += line.length + 1;
  }
  if (text.endsWith("\n\n")) {
    assert.ok(literals.some((l) => l.keep && l.end === text.length), `more than one final newline${where}`);
  }
}

/** fast-check parameters; the failing assertion's message (with the emitted text) goes in the report. */
const runs = (numRuns: number): fc.Parameters<unknown> => ({ numRuns, includeErrorInReport: true });

/** Emits; a `quote: "plain"` the string cannot take is an error by design: such cases are skipped. */
function skipPlainRefusal<T>(emit: () => T): T {
  try {
    return emit();
  } catch (e) {
    fc.pre(!/cannot be written plain/.test(String(e)));
    throw e;
  }
}
const emitCase = ({ object, style }: Case): string => skipPlainRefusal(() => emitDocument({ object, style }));

// ---------------------------------------------------------------------------------------------
// Properties.

test("schemas: version 1.1 selects yaml-1.1 (booleans y/on, octal, sexagesimal, timestamps, <<)", () => {
  const doc = parseDocument("a: [y, on, No, 0123, '1:30', 1:30, 2023-06-01, ~]\n<<: {m: 1}\n", { version: "1.1" });
  assert.is(doc.schema.name, "yaml-1.1");
  const js = doc.toJS() as { a: unknown[]; m: number };
  assert.equal(js.a.slice(0, 6), [true, true, false, 83, "1:30", 90]);
  assert.instance(js.a[6], Date);
  assert.is(js.a[7], null);
  assert.is(js.m, 1);
  assert.is(parseDocument("a: 1").schema.name, "core");
});

test("the go-yaml and YAML 1.1 models agree with known cases", () => {
  for (const s of ["y", "on", "0X1F", "0B101", "0o17", "+_1", "0_x1F", "1_000", "08", ".5", "2023-06-01", "2023-6-1 10:00", "<<", "-.inf"]) {
    assert.ok(goYamlReadsAsNonString(s), s);
  }
  for (const s of ["x", "e1", ".", "..", "._", "1.2.3", "0x", "=", "--flag", "v1", "1s", "0123-;"]) assert.not.ok(goYamlReadsAsNonString(s), s);
  for (const s of ["=", ".", "..", "+.", "1.2.3", "1:30", "0x_", "0b_"]) assert.ok(yaml11SpecReadsAsNonString(s), s);
});

test("strings that only go-yaml, the YAML 1.1 types or the yaml package's 1.1 floats misread are quoted", () => {
  // go-yaml: Go's ParseInt(s, 0, 64) after dropping `_`. YAML 1.1 types: `=`, `..`. The yaml
  // package's 1.1 float regexps take `.`, `._`, `e1` (as NaN). y/n: the yaml package's 1.1 does too.
  const strings = ["0X1F", "0B101", "0O17", "-0X1F", "+_1", "-_1", "0_x1F", "1_0", "=", ".", "..", "+.", "._", "e1", "E5", "-e1", ".e1", "y", "n", "Y", "N"];
  const text = emitDocument({ object: { list: strings, map: Object.fromEntries(strings.map((s) => [s, s])) } });
  for (const s of strings) {
    assert.ok(text.includes(`  - ${JSON.stringify(s)}\n`), `value ${s}`);
    assert.ok(text.includes(`  ${JSON.stringify(s)}: ${JSON.stringify(s)}\n`), `key ${s}`);
  }
  checkText(text, [{ list: strings, map: Object.fromEntries(strings.map((s) => [s, s])) }]);
});

test("property: emitDocument without style reads back deep-equal under YAML 1.2 and 1.1", () => {
  fc.assert(
    fc.property(objectArb, (object) => checkText(emitDocument({ object }), [plain(object)])),
    runs(1000),
  );
});

test("property: emitDocument with random styles reads back deep-equal under YAML 1.2 and 1.1", () => {
  fc.assert(
    fc.property(caseArb, (c) => checkText(emitCase(c), [plain(c.object)])),
    runs(1000),
  );
});

test("property: emitFile with head, document comments and several documents", () => {
  const fileArb: fc.Arbitrary<EmitFile> = fc.record(
    {
      head: commentArb,
      documents: fc.array(
        fc.tuple(caseArb, fc.option(commentArb)).map(([c, comment]): EmitDocument => (comment === null ? c : { ...c, comment })),
        { minLength: 1, maxLength: 3 },
      ),
    },
    { requiredKeys: ["documents"] },
  );
  fc.assert(
    fc.property(fileArb, (file) => checkText(skipPlainRefusal(() => emitFile(file)), file.documents.map((d) => plain(d.object)))),
    runs(300),
  );
});

test("property: emitting is deterministic (same input, or an equal copy, gives the same text)", () => {
  fc.assert(
    fc.property(caseArb, (c) => {
      const text = emitCase(c);
      assert.is(emitCase(c), text);
      assert.is(emitCase({ object: copy(c.object) as Record<string, unknown>, style: { ...c.style } }), text);
    }),
    runs(300),
  );
});

test("property: every tricky string, as key and as value, in block and flow", () => {
  fc.assert(
    fc.property(fc.subarray(TRICKY, { minLength: 1 }), fc.boolean(), (strings, flow) => {
      const object = { m: Object.fromEntries(strings.map((s) => [s, s])), l: strings };
      const style: Style = flow ? { m: { flow: true }, l: { flow: true } } : {};
      checkText(emitDocument({ object, style }), [plain(object)]);
    }),
    runs(200),
  );
});

// ---------------------------------------------------------------------------------------------
// The bugs the properties found, as plain examples.

test("a map whose values are all undefined is {} (not an empty node, read as null)", () => {
  assert.is(emitDocument({ object: { a: undefined } }), "{}\n");
  assert.is(emitDocument({ object: { x: { a: undefined }, l: [{ a: undefined }] } }), 'x: {}\nl:\n  - {}\n');
  checkText(emitDocument({ object: { x: { a: undefined }, l: [{ a: undefined }] } }), [{ x: {}, l: [{}] }]);
});

test("no blank line right after a |+ literal: it would become part of the string", () => {
  const object = { a: "x\n\n", b: 1, l: [{ c: "y\n\n" }, 2] };
  const style: Style = { b: { blankLineBefore: true }, "l[0].c": { comment: "c" }, "l[1]": { blankLineBefore: true } };
  const text = emitDocument({ object, style });
  assert.is(text, "a: |+\n  x\n\nb: 1\nl:\n  -\n    # c\n    c: |+\n      y\n\n  - 2\n");
  checkText(text, [object]);
});

test("in flow collections, strings with ? are quoted (go-yaml ends a plain scalar there)", () => {
  const object = { f: { "a?b": ["http://x/?q=1", "?x", "x?"] }, l: ["a?b"] };
  const text = emitDocument({ object, style: { f: { flow: true } } });
  assert.is(text, 'f: {"a?b": ["http://x/?q=1", "?x", "x?"]}\nl:\n  - a?b\n');
  checkText(text, [object]);
});

test("a literal with an indentation indicator does not end in a line of spaces", () => {
  // `|2-` then "   on" and "   ": the yaml package drops that last line (" on\n " read as " on").
  assert.is(emitDocument({ object: { a: " on\n ", b: " x\n  \ny" } }), 'a: " on\\n "\nb: |2-\n   x\n    \n  y\n');
  assert.is(emitDocument({ object: { a: "on\n " } }), "a: |-\n  on\n   \n");
  checkText(emitDocument({ object: { a: " on\n ", b: " x\n  \ny", c: "on\n " } }), [{ a: " on\n ", b: " x\n  \ny", c: "on\n " }]);
});

test("comments: CR, NEL, LS and PS start new comment lines; trailing spaces are dropped", () => {
  const text = emitDocument({ object: { a: 1 }, style: { a: { comment: "x\rb: 2\r\nc\u2028d: 4\u0085e \n" } } });
  assert.is(text, "# x\n# b: 2\n# c\n# d: 4\n# e\n#\na: 1\n");
  checkText(text, [{ a: 1 }]);
});

test("keys longer than 1024 characters are explicit (? key), in block and flow maps", () => {
  for (const length of [1020, 1022, 1023, 1024, 1025, 2000]) {
    const k = "k".repeat(length);
    const object = { [k]: { [k]: [k], b: "x\n" }, l: [{ [k]: 1, z: 2 }], f: { [k]: [1], g: 2 } };
    const text = emitDocument({ object, style: { [`["${k}"]["${k}"]`]: { indentSequence: false }, f: { flow: true } } });
    assert.is(text.includes(`? ${k}`), length > 1024, `length ${length}`);
    checkText(text, [object]);
  }
});

test.run();
