// The reader: YAML text → data + style, checked by emitting it back byte for byte. Real files
// (the seed's and, when ../shared is there, a real home-ops repository) and generated ones.

import fc from "fast-check";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseAllDocuments } from "yaml";
import { emitFile } from "../lib/yaml/emit.ts";
import { readYamlFile, YamlSyntaxError, type ReadFile } from "../lib/yaml/read.ts";
import type { NodeStyle } from "../lib/yaml/style.ts";

const SEED = "test/golden/seed";
const CORPUS = "../shared/corpus/onedr0p-home-ops/kubernetes";

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...yamlFiles(path));
    else if (/\.ya?ml$/.test(name)) out.push(path);
  }
  return out;
}

/** Reads every file; a file read as data must emit back to its exact bytes and data. */
function roundTrip(dir: string): { files: number; exact: number; reasons: Map<string, number> } {
  const reasons = new Map<string, number>();
  let exact = 0;
  const files = yamlFiles(dir);
  for (const path of files) {
    const text = readFileSync(path, "utf8");
    const read = readYamlFile(text, path);
    if (read.verbatim) {
      const kind = read.reason.replace(/ at line \d+.*| \(.*|: .*/, "");
      reasons.set(kind, (reasons.get(kind) ?? 0) + 1);
      continue;
    }
    assert.is(emitFile(read), text, path);
    const expected = parseAllDocuments(text, { version: "1.1" }).map((d) => d.toJS({ maxAliasCount: -1 }));
    assert.equal(read.documents.map((d) => d.object), expected, path);
    exact++;
  }
  return { files: files.length, exact, reasons };
}

test("the seed's 15 files round-trip byte for byte", () => {
  const { files, exact, reasons } = roundTrip(SEED);
  assert.is(files, 15);
  assert.is(exact, 15, [...reasons].join("; "));
});

test("a real home-ops repository: at least 95 % of its YAML files round-trip byte for byte", () => {
  if (!existsSync(CORPUS)) {
    console.log(`  (skipped: ${CORPUS} is absent)`);
    return;
  }
  const { files, exact, reasons } = roundTrip(CORPUS);
  console.log(`  ${CORPUS}: ${exact}/${files} files read as data + style, ${files - exact} verbatim`);
  for (const [reason, count] of [...reasons].sort((a, b) => b[1] - a[1])) console.log(`    ${count} ${reason}`);
  assert.ok(files >= 400, `${files} files`);
  assert.ok(exact / files >= 0.95, `${exact}/${files}`);
});

const read = (text: string): ReadFile => readYamlFile(text, "x.yaml");
const exact = (text: string) => {
  const r = read(text);
  assert.not.ok(r.verbatim, r.verbatim ? r.reason : "");
  if (!r.verbatim) assert.is(emitFile(r), text);
  return r;
};

test("round trips of the classes real files use", () => {
  const r = exact(
    [
      "# head",
      "---",
      "# yaml-language-server: $schema=https://x/y.json",
      "apiVersion: v1 # line",
      "tag: 5.1.0",
      "'quoted key': 'single'",
      'd: "plain-would-do"',
      'caps: { drop: ["ALL"] }',
      "list: [a, b]",
      "folded: >-",
      "  one line",
      "lit: |-",
      "  one",
      "mode: 0400",
      "big: 1e3",
      "empty:",
      "nothing: ~",
      "key: !env_var FOO",
      "port: &port 80",
      "m: &m",
      "  # first",
      "  a: 1",
      "",
      "  b: [*port]",
      "  # after the last",
      "seq:",
      "- x",
      "- z",
      "four:",
      "    deep: 1",
      "# trailing",
      "...",
    ].join("\n") + "\n",
  );
  assert.not.ok(r.verbatim);
  if (r.verbatim) return;
  const [doc] = r.documents;
  assert.equal(doc?.object, {
    apiVersion: "v1", tag: "5.1.0", "quoted key": "single", d: "plain-would-do", caps: { drop: ["ALL"] }, list: ["a", "b"],
    folded: "one line", lit: "one", mode: 256, big: 1000, empty: null, nothing: null, key: "FOO", port: 80, m: { a: 1, b: [80] },
    seq: ["x", "z"], four: { deep: 1 },
  });
  const style = doc?.style ?? {};
  assert.equal(style["tag"], { quote: "plain" });
  assert.equal(style["mode"], { text: "0400" });
  assert.equal(style["caps"], { flow: true, flowSpaces: true });
  assert.equal(style["caps.drop[0]"], { quote: "double" });
  assert.equal(style["seq"], { indent: 0 });
  assert.equal(style["four"], { indent: 4 });
  assert.equal(style[""], { commentAfter: "trailing", end: true });
  assert.equal(style["m.b[0]"], { alias: "port" });
  assert.is(r.head, "head");
  assert.is(doc?.comment, "yaml-language-server: $schema=https://x/y.json");
  // Only what differs from the emitter's defaults is recorded.
  assert.is(style["apiVersion"]?.quote, undefined);
});

test("documents without ---, top-level lists, several documents", () => {
  exact("a: 1\n");
  exact("- a\n- b: 1\n  c: 2\n");
  exact("---\na: 1\n---\nb: 2\n");
  exact("# top comment\na: 1\n");
});

test("what cannot be reproduced is verbatim with a reason; invalid YAML names file and line", () => {
  const cases: Array<[string, RegExp]> = [
    ["a: 1\na: 2\n", /./],
    ["a: 1   \n", /not reproduced: line 1/],
    ["a:\n  - x\n  #odd\n", /without a space/],
    ["a: 1:30\n", /go-yaml/],
    ["a: .\n", /go-yaml/],
    ["a:   b\n", /not reproduced/],
    ["a: >\n  long line\n  wrapped\n", /./],
  ];
  for (const [text, reason] of cases) {
    const r = read(text);
    assert.ok(r.verbatim, JSON.stringify(text));
    if (r.verbatim) assert.match(r.reason, reason, JSON.stringify(text));
  }
  assert.throws(() => readYamlFile("a: *x\n", "u.yaml"), /^u\.yaml: .*alias/);
  assert.throws(() => readYamlFile("a: [\n", "dir/bad.yaml"), (e: unknown) => e instanceof YamlSyntaxError && /^dir\/bad\.yaml:\d+: /.test((e as Error).message));
});

// ---------------------------------------------------------------------------------------------
// Property: random documents with random styles of the new kinds; whatever the emitter writes
// reads back as the data under YAML 1.1 and 1.2, and the reader reproduces it byte for byte.

const word = fc.constantFrom("a", "name", "app.kubernetes.io/name", "5.1.0", "on", "1e3", "x y", "é", "v1", "*", "-x", "#c", "a: b", "");
const scalar: fc.Arbitrary<unknown> = fc.oneof(word, fc.constantFrom(0, 1, 256, 1000, -2, 1.5, true, false, null), fc.constantFrom("one\ntwo", "x\n", "tail\n\n", "a b"));
const valueArb: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, tie("map"), tie("list")),
  map: fc.dictionary(word, tie("value"), { maxKeys: 4 }),
  list: fc.array(tie("value"), { maxLength: 3 }),
})).value;

const TEXTS: Record<string, readonly string[]> = { "256": ["0400", "0x100", "256"], "1000": ["1e3", "1000.0"], "1": ["1"], true: ["yes", "True", "on"], false: ["no", "Off"], null: ["", "~", "Null"] };
const styleFor = (value: unknown): fc.Arbitrary<NodeStyle> =>
  fc.record(
    {
      quote: fc.constantFrom("plain", "double", "single"),
      keyQuote: fc.constantFrom("plain", "double", "single"),
      block: fc.constantFrom("literal", "folded"),
      chomp: fc.constant("keep"),
      indent: fc.constantFrom(0, 2, 4),
      text: fc.constantFrom(...((value === null || typeof value !== "object" ? TEXTS[String(value)] : undefined) ?? ["1"])),
      tag: fc.constant("!env_var"),
      comment: fc.constantFrom("c", "a\nb", ""),
      lineComment: fc.constantFrom("lc", ""),
      commentAfter: fc.constantFrom("after"),
      blankLineBefore: fc.boolean(),
      flow: fc.boolean(),
      flowSpaces: fc.boolean(),
    },
    { requiredKeys: [] },
  );

function paths(value: unknown, path: string, out: Array<[string, unknown]>): Array<[string, unknown]> {
  if (Array.isArray(value)) value.forEach((v, i) => (out.push([`${path}[${i}]`, v]), paths(v, `${path}[${i}]`, out)));
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) out.push([`${path}[${JSON.stringify(k)}]`, v]), paths(v, `${path}[${JSON.stringify(k)}]`, out);
  }
  return out;
}

const caseArb = fc.dictionary(word, valueArb, { minKeys: 1, maxKeys: 4 }).chain((object) => {
  const nodes = paths(object, "", []);
  if (nodes.length === 0) return fc.constant({ object, style: {} as Record<string, NodeStyle> });
  return fc
    .array(fc.nat({ max: nodes.length - 1 }).chain((i) => styleFor(nodes[i]?.[1]).map((s) => [nodes[i]?.[0] ?? "", s] as const)), { maxLength: 5 })
    .map((entries) => ({ object, style: Object.fromEntries(entries) as Record<string, NodeStyle> }));
});

test("property: random styles never change the data (YAML 1.1 and 1.2), and the reader reproduces the text", () => {
  let reproduced = 0;
  let runs = 0;
  fc.assert(
    fc.property(caseArb, ({ object, style }) => {
      let text: string;
      try {
        text = emitFile({ documents: [{ object, style }] });
      } catch (e) {
        // A style the value cannot take is an error naming the path, never a silent change.
        assert.match(String(e), /cannot be written plain|does not read back|cannot carry|not a local tag|would change the structure/);
        return;
      }
      runs++;
      for (const version of ["1.1", "1.2"] as const) {
        const docs = parseAllDocuments(text, { version });
        assert.equal(docs.map((d) => d.errors.length), [0], text);
        const data = docs[0]?.toJS({ maxAliasCount: -1 });
        // `text` forms (0400, yes) are YAML 1.1 (Kubernetes) readings by design.
        const usesText = Object.values(style).some((s) => s.text !== undefined && s.text !== "" && !/^(?:~|Null|1|256|1000\.0)$/.test(s.text));
        if (version === "1.1" || !usesText) assert.equal(data, JSON.parse(JSON.stringify(object)), `YAML ${version}:\n${text}`);
      }
      const r = readYamlFile(text, "generated.yaml");
      if (!r.verbatim) {
        assert.is(emitFile(r), text);
        reproduced++;
      }
    }),
    { numRuns: 500 },
  );
  console.log(`  ${reproduced}/${runs} generated files read back as data + style`);
  assert.ok(reproduced > runs / 2, `${reproduced}/${runs}`);
});

test.run();
