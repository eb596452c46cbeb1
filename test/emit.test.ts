// The emitter, one style feature at a time. Each expected text is the whole output.

import { test } from "uvu";
import * as assert from "uvu/assert";
import { parse } from "yaml";
import { emitDocument, emitFile } from "../lib/yaml/emit.ts";
import { parsePath } from "../lib/yaml/style.ts";

const lines = (...l: string[]) => l.join("\n") + "\n";

test("file: head comment, then --- before every document", () => {
  const text = emitFile({ head: "a/b.yaml", documents: [{ object: { a: 1 } }, { object: { b: 2 } }] });
  assert.is(text, lines("# a/b.yaml", "---", "a: 1", "---", "b: 2"));
});

test("document comment right after ---", () => {
  const text = emitFile({ documents: [{ object: { kind: "Backend" }, comment: "OpenAI Backend" }] });
  assert.is(text, lines("---", "# OpenAI Backend", "kind: Backend"));
});

test("nested maps and indented sequences, keys in insertion order", () => {
  const text = emitDocument({ object: { z: { k: [1, { b: 2, a: 3 }, [4, 5]] }, a: "x" } });
  assert.is(text, lines("z:", "  k:", "    - 1", "    - b: 2", "      a: 3", "    - - 4", "      - 5", "a: x"));
});

test("anchor and alias: name: &app x ... APP: *app", () => {
  const text = emitDocument({
    object: { metadata: { name: "agentgateway" }, spec: { substitute: { APP: "agentgateway" } } },
    style: { "metadata.name": { anchor: "app" }, "spec.substitute.APP": { alias: "app" } },
  });
  assert.is(text, lines("metadata:", "  name: &app agentgateway", "spec:", "  substitute:", "    APP: *app"));
});

test("an alias whose value differs from the anchor writes the value: data wins", () => {
  const text = emitDocument({
    object: { name: "a", other: "b" },
    style: { name: { anchor: "n" }, other: { alias: "n" } },
  });
  assert.is(text, lines("name: &n a", "other: b"));
});

test("an alias before its anchor writes the value", () => {
  const text = emitDocument({ object: { first: "a", second: "a" }, style: { first: { alias: "n" }, second: { anchor: "n" } } });
  assert.is(text, lines("first: a", "second: &n a"));
});

test("anchored collections", () => {
  const text = emitDocument({ object: { a: { b: 1 }, c: { b: 1 } }, style: { a: { anchor: "x" }, c: { alias: "x" } } });
  assert.is(text, lines("a: &x", "  b: 1", "c: *x"));
});

test("per-scalar quote styles", () => {
  const text = emitDocument({
    object: { d: "gpt-4", s: "it's", p: "plain", v: "5.1.0" },
    style: { d: { quote: "double" }, s: { quote: "single" }, p: { quote: "plain" }, v: { quote: "plain" } },
  });
  assert.is(text, lines('d: "gpt-4"', "s: 'it''s'", "p: plain", "v: 5.1.0"));
  // Plain where a reader would misread the string is an error, not a silent change of meaning.
  for (const s of ["on", "0123", "1e3", "=", ".", "a: b", ""]) {
    assert.throws(() => emitDocument({ object: { k: s }, style: { k: { quote: "plain" } } }), /k: .* cannot be written plain/);
  }
});

test("default quoting: strings YAML 1.1 or 1.2 would misread are double-quoted", () => {
  const tricky = ["on", "yes", "No", "~", "null", "true", "0123", "0x1F", "1e3", "1.5", "1:30", "2023-06-01", "10.50.0.30", "", " x", "x ", "#x", "a: b", "a #b", "*x", "&x", "!x", "%x", "@x", "{{ .KEY }}", "-", "- x", "<<", "="];
  const object = Object.fromEntries(tricky.map((s, i) => [`k${i}`, s]));
  const text = emitDocument({ object });
  for (const [i, s] of tricky.entries()) {
    assert.ok(text.includes(`k${i}: ${JSON.stringify(s)}\n`), `${JSON.stringify(s)} should be double-quoted`);
  }
  assert.equal(parse(text, { version: "1.1" }), object);
  assert.equal(parse(text), object);
});

test("default quoting: ordinary strings stay plain", () => {
  const plain = ["agentgateway", "oci://cr.kgateway.dev/x", "10.0.0.0/8", "1s", "5xx", "v2.1.2", "${SECRET_DOMAIN}", "ai.${SECRET_DOMAIN}", "--flag", "a b", "héllo", "app.kubernetes.io/name"];
  const text = emitDocument({ object: { list: plain } });
  assert.is(text, lines("list:", ...plain.map((s) => `  - ${s}`)));
});

test("keys are quoted only when needed (y and on are YAML 1.1 booleans)", () => {
  assert.is(emitDocument({ object: { y: 1 } }), lines('"y": 1'));
  assert.is(emitDocument({ object: { "app.kubernetes.io/name": 1, on: 2, "a: b": 3 } }), lines("app.kubernetes.io/name: 1", '"on": 2', '"a: b": 3'));
});

test("block literals: strip, clip and keep chomping, indentation indicator", () => {
  assert.is(emitDocument({ object: { a: "x: 1\ny: 2" } }), lines("a: |-", "  x: 1", "  y: 2"));
  assert.is(emitDocument({ object: { a: "x\n" } }), lines("a: |", "  x"));
  assert.is(emitDocument({ object: { a: "x\n\n" } }), lines("a: |+", "  x", ""));
  assert.is(emitDocument({ object: { a: "  x\ny" } }), lines("a: |2-", "    x", "  y"));
  assert.is(emitDocument({ object: { l: ["a\nb"] } }), lines("l:", "  - |-", "    a", "    b"));
  for (const s of ["x: 1\ny: 2", "x\n", "x\n\n", "  x\ny", "a\n\nb"]) assert.is(parse(emitDocument({ object: { a: s } })).a, s);
});

test("multi-line strings a literal cannot carry are double-quoted", () => {
  assert.is(emitDocument({ object: { a: "x\r\ny" } }), lines('a: "x\\r\\ny"'));
  assert.is(emitDocument({ object: { a: "\n" } }), lines('a: "\\n"'));
  assert.is(emitDocument({ object: { a: "a\tb\nc" } }), lines('a: "a\\tb\\nc"'));
});

test("comments before keys and sequence items, at their indentation", () => {
  const text = emitDocument({
    object: { spec: { rules: [{ a: 1 }, { b: 2 }] } },
    style: { "spec.rules[0]": { comment: "OpenAI" }, "spec.rules[1]": { comment: "Two\nlines" }, spec: { comment: "top" } },
  });
  assert.is(text, lines("# top", "spec:", "  rules:", "    # OpenAI", "    - a: 1", "    # Two", "    # lines", "    - b: 2"));
});

test("blank line before a key", () => {
  const text = emitDocument({ object: { values: { a: 1, b: 2 } }, style: { "values.b": { blankLineBefore: true } } });
  assert.is(text, lines("values:", "  a: 1", "", "  b: 2"));
});

test("per-sequence indentation: one list unindented, its sibling indented", () => {
  const text = emitDocument({
    object: { groups: [{ providers: [{ name: "a" }, { name: "b" }], hosts: ["h"] }] },
    style: { "groups[*].providers": { indentSequence: false } },
  });
  assert.is(text, lines("groups:", "  - providers:", "    - name: a", "    - name: b", "    hosts:", "      - h"));
  assert.equal(parse(text), { groups: [{ providers: [{ name: "a" }, { name: "b" }], hosts: ["h"] }] });
});

test("flow collections and empty collections", () => {
  const text = emitDocument({ object: { a: {}, b: [], c: { x: 1, k: ["p", "q,r"] } }, style: { c: { flow: true } } });
  assert.is(text, lines("a: {}", "b: []", 'c: {x: 1, k: [p, "q,r"]}'));
});

test("path selectors: [*], [n], [field=value], * and quoted keys", () => {
  const object = { list: [{ name: "a", v: "1s" }, { name: "b", v: "2s" }], m: { "x.y": "z" } };
  const text = emitDocument({ object, style: { "list[name=b].v": { quote: "double" }, "list[0].name": { quote: "single" }, 'm["x.y"]': { quote: "double" } } });
  assert.is(text, lines("list:", "  - name: 'a'", "    v: 1s", "  - name: b", '    v: "2s"', "m:", '  x.y: "z"'));
  assert.is(emitDocument({ object, style: { "list[*].*": { quote: "double" } } }).split('"').length - 1, 8);
});

test("an exact path overrides a wildcard, whatever the order they are written in", () => {
  const object = { values: { a: 1, b: 2, c: 3 } };
  const text = emitDocument({ object, style: { "values.a": { blankLineBefore: false }, "values.*": { blankLineBefore: true } } });
  assert.is(text, lines("values:", "  a: 1", "", "  b: 2", "", "  c: 3"));
  const items = emitDocument({ object: { l: ["x", "y"] }, style: { "l[1]": { quote: "double" }, "l[*]": { quote: "single" } } });
  assert.is(items, lines("l:", "  - 'x'", '  - "y"'));
});

test("undefined values are skipped like JSON; numbers, booleans and null", () => {
  assert.is(emitDocument({ object: { a: undefined, b: 1.5, c: true, d: null, e: 1e21, f: -0.5 } }), lines("b: 1.5", "c: true", "d: null", "e: 1.0e+21", "f: -0.5"));
});

test("errors name the field path", () => {
  assert.throws(() => emitDocument({ object: { a: { b: [new Date(0)] } } }), /a\.b\[0\]/);
  assert.throws(() => emitDocument({ object: { a: () => 1 } }), /a: cannot write a function/);
  assert.throws(() => emitDocument({ object: "x" }), /must be an object or a list/);
  assert.is(emitDocument({ object: [1, "a"] }), lines("- 1", "- a"));
  assert.throws(() => emitDocument({ object: { a: 1 }, style: { a: { anchor: "bad name" } } }), /invalid anchor/);
});

test("style paths that cannot be parsed are errors", () => {
  assert.throws(() => parsePath("a[b"), /cannot parse/);
  assert.throws(() => parsePath(".a"), /cannot parse/);
  assert.equal(parsePath('a.b[2][*]["c.d"][n=x].*'), [
    { kind: "key", key: "a" },
    { kind: "key", key: "b" },
    { kind: "index", index: 2 },
    { kind: "anyIndex" },
    { kind: "key", key: "c.d" },
    { kind: "where", field: "n", value: "x" },
    { kind: "anyKey" },
  ]);
});

test.run();
