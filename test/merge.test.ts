import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { append, byKey, merge, mergeOverlays, remove, replace } from "../lib/merge.ts";
import type { Overlay } from "../lib/merge.ts";

// ---- helpers ---------------------------------------------------------------------------------

function deepFreeze<T>(value: T): T {
  if ((typeof value === "object" && value !== null) || typeof value === "function") {
    // Reflect.ownKeys includes the symbol-keyed contents of markers.
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}

// A canonical rendering that, unlike deep-equal helpers, sees key order, prototypes, own
// `__proto__` keys, keys holding undefined, and the contents of markers.
function snapshot(value: unknown): string {
  if (value === remove) return "<remove>";
  if (value === undefined) return "<undefined>";
  if (typeof value === "function") return "<function>";
  if (Array.isArray(value)) return `[${value.map(snapshot).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const record = value as Record<PropertyKey, unknown>;
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) {
      const contents = Reflect.ownKeys(value).map((key) => snapshot(record[key]));
      return `${value.constructor.name}(${contents.join(",")})`;
    }
    const entries = Object.keys(value).map((key) => `${JSON.stringify(key)}:${snapshot(record[key])}`);
    return `${prototype === null ? "null-prototype" : ""}{${entries.join(",")}}`;
  }
  return JSON.stringify(value);
}

function assertSame(actual: unknown, expected: unknown): void {
  assert.is(snapshot(actual), snapshot(expected));
  assert.is(JSON.stringify(actual), JSON.stringify(expected));
}

function assertThrowsMessage(run: () => unknown, message: string): void {
  try {
    run();
  } catch (error) {
    assert.instance(error, Error);
    assert.is((error as Error).message, message);
    return;
  }
  assert.unreachable(`expected an error: ${message}`);
}

const objectPrototypeKeys = Reflect.ownKeys(Object.prototype).map(String).sort().join();

// Loosely typed entry points for generated data, whose type TypeScript cannot know.
const mergeAny = (base: unknown, ...overlays: unknown[]): unknown =>
  merge<unknown>(base, ...(overlays as Overlay<unknown>[]));
const mergeOverlaysAny = (first: unknown, ...rest: unknown[]): unknown =>
  mergeOverlays<unknown>(first as Overlay<unknown>, ...(rest as Overlay<unknown>[]));

// ---- generators ------------------------------------------------------------------------------

// A small key space so that generated objects and overlays collide often, including keys that
// are special on Object.prototype and integer-like keys (which JavaScript orders first).
const key = fc.oneof(
  fc.constantFrom("a", "b", "c", "__proto__", "constructor", "toString", "hasOwnProperty", "0", "7"),
  fc.string({ maxLength: 2 }),
);
const scalar = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -3, max: 3 }),
  fc.string({ maxLength: 3 }),
);

// fc.dictionary creates both ordinary and null-prototype objects, with own "__proto__" keys.
const { data } = fc.letrec((tie) => ({
  data: fc.oneof({ depthSize: "small", maxDepth: 4 }, scalar, tie("object"), tie("array")),
  object: fc.dictionary(key, tie("data"), { maxKeys: 5 }),
  array: fc.array(tie("data"), { maxLength: 3 }),
}));
const objectData = fc.dictionary(key, data, { maxKeys: 6 });

const smallArray = fc.array(data, { maxLength: 2 });

// Overlays made of plain data: objects, scalars, arrays, `remove` and undefined (no change).
const { overlay: dataOverlay } = fc.letrec((tie) => ({
  overlay: fc.oneof({ depthSize: "small", maxDepth: 4 }, scalar, tie("object"), smallArray),
  object: fc.dictionary(key, fc.oneof(tie("overlay"), fc.constant(remove), fc.constant(undefined)), {
    maxKeys: 5,
  }),
}));

// Pure functions of the previous value, including one that deletes the key.
const overlayFunctions = [
  (previous: unknown) => ({ previous: previous ?? null }),
  () => undefined,
  (previous: unknown) => (Array.isArray(previous) ? previous.length : "not a list"),
];

// Overlays that also use replace(...) and functions.
const { overlay: markerOverlay } = fc.letrec((tie) => ({
  overlay: fc.oneof(
    { depthSize: "small", maxDepth: 4 },
    scalar,
    tie("object"),
    smallArray,
    data.filter((value) => value !== undefined).map((value) => replace<unknown>(value)),
    fc.constantFrom(...overlayFunctions),
  ),
  object: fc.dictionary(key, fc.oneof(tie("overlay"), fc.constant(remove), fc.constant(undefined)), {
    maxKeys: 5,
  }),
}));

const runs = { numRuns: 1000 };

// ---- objects, scalars, arrays ----------------------------------------------------------------

test("objects merge deeply; scalars and arrays replace", () => {
  const base = { image: { repository: "nginx", tag: "1.0" }, replicas: 1, args: ["a", "b"] };
  assertSame(merge(base, { image: { tag: "1.1" }, replicas: 2, args: ["c"] }), {
    image: { repository: "nginx", tag: "1.1" },
    replicas: 2,
    args: ["c"],
  });
});

test("base keys keep their order; new keys are appended in overlay order", () => {
  const base = { name: "app", spec: { b: 1, a: 2 }, status: "ok" };
  const merged = merge<Record<string, unknown>>(base, { z: 1, spec: { c: 3, a: 4 }, name: "x", y: 2 });
  assert.is(JSON.stringify(merged), '{"name":"x","spec":{"b":1,"a":4,"c":3},"status":"ok","z":1,"y":2}');
});

test("overlays apply left to right", () => {
  assertSame(merge({ a: 1, b: 1 }, { a: 2 }, { b: 3 }, { a: 4 }), { a: 4, b: 3 });
});

test("undefined in an overlay means no change, also for keys holding undefined", () => {
  const base: { a: number; b?: number | undefined } = { a: 1, b: undefined };
  const merged = merge(base, { a: undefined, b: undefined });
  assert.equal(Object.keys(merged), ["a", "b"]);
  assert.is(merged.a, 1);
});

test("an object replaces a scalar, an array or null, resolving its markers", () => {
  const merged = mergeAny({ a: 1, b: [1], c: null }, {
    a: { x: 1, gone: remove },
    b: { y: (previous: unknown) => previous ?? "absent" },
    c: { z: { deep: 1 } },
  });
  assertSame(merged, { a: { x: 1 }, b: { y: "absent" }, c: { z: { deep: 1 } } });
});

test("merging into a class instance is an error, not a silent replacement", () => {
  class Deployment {
    spec = { replicas: 1 };
  }
  assertThrowsMessage(
    () => mergeAny(new Deployment(), { spec: { replicas: 2 } }),
    "merge: cannot merge an object into a Deployment; only plain objects merge " +
      "(use toJSON() first, or replace())",
  );
});

test("a class instance in an overlay is a value that replaces", () => {
  const when = new Date(0);
  assert.is((mergeAny({ at: { year: 1970 } }, { at: when }) as { at: unknown }).at, when);
});

// ---- remove, functions, replace --------------------------------------------------------------

test("remove deletes a key; removing an absent key changes nothing", () => {
  const base: { a: number; b?: number; c?: { d: number } } = { a: 1, b: 2, c: { d: 3 } };
  assertSame(merge(base, { b: remove }), { a: 1, c: { d: 3 } });
  assertSame(merge({ a: 1 } as typeof base, { b: remove }), { a: 1 });
});

test("a removed key that comes back is appended", () => {
  const base: { a?: number; b: number } = { a: 1, b: 2 };
  assert.is(JSON.stringify(merge(base, { a: remove }, { a: 3 })), '{"b":2,"a":3}');
});

test("a function receives the previous value (Jsonnet's super)", () => {
  const base = { replicas: 2, models: ["gpt-3.5", "claude-haiku"] };
  const merged = merge(base, {
    replicas: (replicas) => replicas + 1,
    models: (models) => models.filter((model) => model !== "gpt-3.5"),
  });
  assertSame(merged, { replicas: 3, models: ["claude-haiku"] });
});

test("a function on an absent key receives undefined; returning undefined leaves the key absent", () => {
  const base: { args?: string[]; tls?: boolean } = { tls: true };
  const merged = merge(base, { args: (args) => [...(args ?? []), "--debug"], tls: () => undefined });
  assertSame(merged, { args: ["--debug"] });
});

test("replace sets an object wholesale instead of merging into it", () => {
  type Resources = { limits?: { cpu: string }; requests?: { cpu: string } };
  const base: { resources: Resources } = { resources: { limits: { cpu: "1" }, requests: { cpu: "100m" } } };
  const replaced = merge(base, { resources: replace({ limits: { cpu: "2" } }) });
  assertSame(replaced, { resources: { limits: { cpu: "2" } } });
  const merged = merge(base, { resources: { limits: { cpu: "2" } } });
  assertSame(merged, { resources: { limits: { cpu: "2" }, requests: { cpu: "100m" } } });
});

test("replace(undefined) is an error: deleting is remove's job", () => {
  assertThrowsMessage(() => replace<unknown>(undefined), "replace(undefined): use `remove` to delete a key");
});

// ---- byKey -----------------------------------------------------------------------------------

interface Listener {
  name: string;
  port: number;
  tls?: { mode: string };
}
const listeners: Listener[] = deepFreeze([
  { name: "http", port: 80 },
  { name: "https", port: 443, tls: { mode: "Terminate" } },
  { name: "metrics", port: 9090 },
]);

test("byKey patches, removes and appends items, keeping the order of the rest", () => {
  const merged = merge(
    listeners,
    byKey("name", {
      grpc: append({ name: "grpc", port: 9000 }),
      https: { port: 8443, tls: { mode: "Passthrough" } },
      metrics: remove,
      http: (listener) => ({ ...listener, port: listener.port + 8000 }),
      admin: undefined,
    }),
  );
  assertSame(merged, [
    { name: "http", port: 8080 },
    { name: "https", port: 8443, tls: { mode: "Passthrough" } },
    { name: "grpc", port: 9000 },
  ]);
});

test("byKey patches are overlays: remove and replace work inside items", () => {
  const merged = merge(
    listeners,
    byKey("name", { https: { tls: remove }, http: replace({ name: "http", port: 81 }) }),
  );
  assertSame(merged, [
    { name: "http", port: 81 },
    { name: "https", port: 443 },
    { name: "metrics", port: 9090 },
  ]);
});

test("byKey appends to an absent list", () => {
  const base: { listeners?: Listener[] } = {};
  assertSame(merge(base, { listeners: byKey("name", { http: append({ name: "http", port: 80 }) }) }), {
    listeners: [{ name: "http", port: 80 }],
  });
});

test("byKey: patching or removing a missing item is an error naming the items", () => {
  const providers = [{ name: "gpt-3.5" }, { name: "claude-haiku" }];
  assertThrowsMessage(
    () => merge(providers, byKey("name", { "gpt-5": { name: "gpt-5" } })),
    'byKey("name"): no item with name "gpt-5" to patch; items are: gpt-3.5, claude-haiku',
  );
  assertThrowsMessage(
    () => merge(providers, byKey("name", { "gpt-5": remove })),
    'byKey("name"): no item with name "gpt-5" to remove; items are: gpt-3.5, claude-haiku',
  );
  assertThrowsMessage(
    () => merge<typeof providers>([], byKey("name", { "gpt-5": remove })),
    'byKey("name"): no item with name "gpt-5" to remove; items are: (none)',
  );
});

test("byKey: appending an existing item, or under another name, is an error", () => {
  assertThrowsMessage(
    () => merge(listeners, byKey("name", { http: append({ name: "http", port: 1 }) })),
    'byKey("name"): cannot append "http": an item with that name exists; patch it',
  );
  assertThrowsMessage(
    () => merge(listeners, byKey("name", { grpc: append({ name: "grcp", port: 1 }) })),
    'byKey("name"): item appended as "grpc" must have name "grpc"',
  );
});

test("byKey: items without the key field, duplicates and non-lists are errors", () => {
  const unnamed = [{ name: "a" }, { port: 1 }] as { name: string }[];
  assertThrowsMessage(
    () => merge(unnamed, byKey("name", {})),
    'byKey("name"): item 1 has no string "name" field',
  );
  const twice = [{ name: "a" }, { name: "a" }];
  assertThrowsMessage(
    () => merge(twice, byKey("name", {})),
    'byKey("name"): more than one item with name "a"',
  );
  assertThrowsMessage(
    () => mergeAny({ a: 1 }, byKey<{ name: string }, "name">("name", {})),
    'byKey("name"): expected an array, got object',
  );
});

// ---- purity, sharing, prototypes -------------------------------------------------------------

test("inputs are not mutated (deep-frozen) and untouched subtrees are shared", () => {
  const base = deepFreeze({ a: { deep: { x: 1 } }, b: { y: 2 }, list: listeners });
  const overlay = deepFreeze({ b: { y: 3 }, list: byKey<Listener, "name">("name", { http: { port: 1 } }) });
  const merged = merge(base, overlay);
  assert.is(merged.a, base.a);
  assert.is.not(merged.b, base.b);
  assert.is(merged.list[1], listeners[1]);
  assert.is(base.b.y, 2);
});

test("own __proto__ keys survive and no prototype is polluted", () => {
  // JSON.parse creates own "__proto__" keys, as YAML or JSON input would.
  const base: unknown = JSON.parse('{"__proto__": {"polluted": 1}, "a": {"__proto__": {"x": 1}}}');
  const overlay: unknown = JSON.parse(
    '{"__proto__": {"more": 2}, "a": {"__proto__": {"y": 2}}, "b": {"__proto__": {"z": 3}}}',
  );
  const merged = mergeAny(base, overlay) as Record<string, unknown>;
  assert.is(
    JSON.stringify(merged),
    '{"__proto__":{"polluted":1,"more":2},"a":{"__proto__":{"x":1,"y":2}},"b":{"__proto__":{"z":3}}}',
  );
  assert.is(Object.getPrototypeOf(merged), Object.prototype);
  assert.is(({} as Record<string, unknown>)["polluted"], undefined);
  assert.is(Reflect.ownKeys(Object.prototype).map(String).sort().join(), objectPrototypeKeys);
});

test("inherited members such as toString are not mistaken for overlay entries", () => {
  assertSame(mergeAny({ toString: 1, constructor: { a: 1 } }, { constructor: { b: 2 } }), {
    toString: 1,
    constructor: { a: 1, b: 2 },
  });
  assertSame(mergeAny({ a: 1 }, Object.create(null)), { a: 1 });
});

test("a null-prototype base stays null-prototype", () => {
  const base = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 });
  assert.is(Object.getPrototypeOf(mergeAny(base, { b: 2 })), null);
});

// ---- merging overlays ------------------------------------------------------------------------

test("mergeOverlays: objects merge, a later remove or value wins", () => {
  type Values = { a?: { x?: number; y?: number }; b?: number; c?: number };
  assertSame(mergeOverlays<Values>({ a: { x: 1 }, b: 1 }, { a: { y: 2 }, b: remove, c: 3 }), {
    a: { x: 1, y: 2 },
    b: remove,
    c: 3,
  });
});

test("mergeOverlays: undefined (no change) in the first overlay does not fix a key's position", () => {
  type Values = { a?: number; b?: number };
  const composed = mergeOverlays<Values>({ a: undefined }, { b: 1, a: 2 });
  const sequential = merge<Values>({}, { a: undefined }, { b: 1, a: 2 });
  assert.is(JSON.stringify(sequential), '{"b":1,"a":2}');
  assert.is(JSON.stringify(merge<Values>({}, composed)), JSON.stringify(sequential));
});

test("mergeOverlays: a value followed by an overlay becomes the replacement it produces", () => {
  type Values = { a?: number | { y?: number }; n?: number };
  const composed = mergeOverlays<Values>({ a: 1, n: 1 }, { a: { y: 2 }, n: (n) => (n ?? 0) + 1 });
  assertSame(composed, { a: replace({ y: 2 }), n: 2 });
  // The replacement matters: a plain { y: 2 } would merge into an existing object.
  const sequential = merge(merge<Values>({ a: { y: 0 } }, { a: 1, n: 1 }), {
    a: { y: 2 },
    n: (n) => (n ?? 0) + 1,
  });
  assertSame(merge<Values>({ a: { y: 0 } }, composed), sequential);
  assertSame(sequential, { a: { y: 2 }, n: 2 });
});

test("mergeOverlays: functions compose, applied in order", () => {
  const composed = mergeOverlays<{ n: number }>({ n: (n) => n + 1 }, { n: (n) => n * 10 });
  assert.is(merge({ n: 1 }, composed).n, 20);
});

test("mergeOverlays: remove then a value moves the key to the end, as in sequence", () => {
  type Values = { a?: number; b: number; c?: number };
  const composed = mergeOverlays<Values>({ a: remove }, { c: 5, a: 3 });
  assert.is(JSON.stringify(merge<Values>({ a: 1, b: 2 }, composed)), '{"b":2,"c":5,"a":3}');
});

test("mergeOverlays: byKey overlays apply in turn", () => {
  const composed = mergeOverlays<Listener[]>(
    byKey("name", { grpc: append({ name: "grpc", port: 9000 }) }),
    byKey("name", { grpc: { port: 9001 } }),
  );
  assertSame(merge(listeners, composed).at(-1), { name: "grpc", port: 9001 });
});

// ---- properties ------------------------------------------------------------------------------

test("property: merge(a, {}) is a for objects, key order included; merge(x, undefined) is x", () => {
  fc.assert(
    fc.property(objectData, data, (a, anything) => {
      assertSame(mergeAny(a, {}), a);
      assert.is(mergeAny(anything), anything);
      assert.is(mergeAny(anything, undefined), anything);
    }),
    runs,
  );
});

test("property: base keys keep their order, new keys follow in overlay order", () => {
  fc.assert(
    fc.property(objectData, dataOverlay, (a, b) => {
      fc.pre(typeof b === "object" && b !== null && !Array.isArray(b));
      const overlay = b as Record<string, unknown>;
      const present = (k: string) => Object.hasOwn(overlay, k) && overlay[k] !== undefined;
      const expected = [
        ...Object.keys(a).filter((k) => !(present(k) && overlay[k] === remove)),
        ...Object.keys(overlay).filter((k) => !Object.hasOwn(a, k) && present(k) && overlay[k] !== remove),
      ];
      // Rebuilding an object applies JavaScript's own ordering (integer-like keys first).
      const expectedOrder = Object.keys(Object.fromEntries(expected.map((k) => [k, 0])));
      assert.equal(Object.keys(mergeAny(a, overlay) as object), expectedOrder);
    }),
    runs,
  );
});

test("property: merge(merge(a, b), c) equals merge(a, mergeOverlays(b, c)) for data overlays", () => {
  fc.assert(
    fc.property(data, dataOverlay, dataOverlay, (a, b, c) => {
      const sequential = mergeAny(mergeAny(a, b), c);
      assertSame(mergeAny(a, mergeOverlaysAny(b, c)), sequential);
      assertSame(mergeAny(a, b, c), sequential);
    }),
    runs,
  );
});

test("property: the same holds with replace(...) and functions", () => {
  fc.assert(
    fc.property(data, markerOverlay, markerOverlay, (a, b, c) => {
      assertSame(mergeAny(a, mergeOverlaysAny(b, c)), mergeAny(mergeAny(a, b), c));
    }),
    runs,
  );
});

test("property: mergeOverlays is associative in effect", () => {
  fc.assert(
    fc.property(data, markerOverlay, markerOverlay, markerOverlay, (a, b, c, d) => {
      const left = mergeAny(a, mergeOverlaysAny(mergeOverlaysAny(b, c), d));
      const right = mergeAny(a, mergeOverlaysAny(b, mergeOverlaysAny(c, d)));
      assertSame(left, right);
      assertSame(left, mergeAny(a, b, c, d));
    }),
    runs,
  );
});

test("property: inputs are never mutated and no prototype is polluted", () => {
  fc.assert(
    fc.property(data, markerOverlay, markerOverlay, (a, b, c) => {
      const before = [a, b, c].map(snapshot);
      deepFreeze([a, b, c]);
      mergeAny(a, b, c);
      mergeAny(a, mergeOverlaysAny(b, c));
      assert.equal([a, b, c].map(snapshot), before);
      assert.is(Reflect.ownKeys(Object.prototype).map(String).sort().join(), objectPrototypeKeys);
    }),
    runs,
  );
});

test.run();
