// Jsonnet-style merging: environment overlays (`base` + `home`/`staging`) on values objects, and
// patches on finished Kubernetes objects.
//
// Semantics of `merge(base, ...overlays)`, applied left to right:
// - Plain objects (prototype Object.prototype or null) merge key by key, recursively. Anything
//   else in an overlay (scalars, arrays, class instances) replaces the previous value wholesale.
// - Key order: the previous value's keys keep their order; keys new in an overlay are appended in
//   the overlay's order. (JavaScript itself always lists integer-like keys first.)
// - `undefined` in an overlay means "no change", so `{ tls: enabled ? tlsOverlay : undefined }`
//   and spread-built overlays never delete by accident. Deleting takes the explicit `remove`.
// - A function is Jsonnet's `super`: it receives the previous value (undefined if absent) and
//   returns the new one; returning undefined leaves the key absent. Functions must be pure.
// - `replace(value)` sets an object wholesale instead of merging into it (Jsonnet `:` vs `+:`).
// - `byKey(field, entries)` merges a list of named things item by item.
//
// Inputs are never mutated. Outputs share every untouched subtree with the inputs (only the
// objects and arrays on the path to a change are new), so callers must not mutate outputs either.

export const remove = Symbol("remove");
export type Remove = typeof remove;

// Markers keep their contents under module-private symbols: an object literal can never pass
// for a marker, and marker types expose no string keys that would weaken excess-property checks.
const replacementValue = Symbol("replacementValue");
const appendedItem = Symbol("appendedItem");
const keyField = Symbol("keyField");
const keyedEntries = Symbol("keyedEntries");

class Replacement<T> {
  readonly [replacementValue]: T;
  constructor(value: T) {
    this[replacementValue] = value;
  }
}

class Appended<Item> {
  readonly [appendedItem]: Item;
  constructor(item: Item) {
    this[appendedItem] = item;
  }
}

class KeyedPatch<Item> {
  readonly [keyField]: string;
  readonly [keyedEntries]: KeyedEntries<Item>;
  constructor(key: string, entries: KeyedEntries<Item>) {
    this[keyField] = key;
    this[keyedEntries] = entries;
  }
}

export type { Replacement, Appended, KeyedPatch };

type Scalar = string | number | boolean | bigint | symbol | null | undefined;

/** What may be merged onto a `T`; typos are excess properties, so TypeScript rejects them. */
export type Overlay<T> =
  | OverlayShape<T>
  | ((previous: T) => T)
  // replace(undefined) would delete the key: that is `remove`'s job.
  | Replacement<Exclude<T, undefined>>;

// Distributes over unions, so an optional field (`X | undefined`) takes an overlay of X.
type OverlayShape<T> = T extends Scalar
  ? T
  : T extends readonly (infer Item)[]
    ? T | KeyedPatch<Item>
    : // `& {}` is a no-op on object types, but while `merge` still infers T, TypeScript reads
      // contextual types through this branch generically: without it a byKey(...) below an
      // optional or nullable field would see `(X | undefined)["field"]` and infer unknown items.
      ObjectOverlay<T & {}>;

type ObjectOverlay<T> = {
  // Only optional keys may be removed: removing a required one would produce an invalid T.
  [K in keyof T]?: Overlay<T[K]> | ({} extends Pick<T, K> ? Remove : never);
};

/** Entries of `byKey`, named by the value of the items' key field. */
export type KeyedEntries<Item> = {
  readonly [name: string]: Overlay<Item> | Remove | Appended<Item> | undefined;
};

/** The fields of `Item` that hold a string, i.e. those that can name an item. */
export type KeyField<Item> = Item extends object
  ? { [K in keyof Item]-?: Exclude<Item[K], undefined> extends string ? K : never }[keyof Item] & string
  : never; // a mapped type over a primitive is the primitive itself, which would admit any key

// T itself, written so that TypeScript infers nothing from it: otherwise an expected type for
// merge(...) (`unknown` or `any` when passed to a function) would stand in for T in the overlays'
// contextual types, and typos in them would go unchecked. NoInfer<T> would do the same but
// stays unevaluated as the base of a nested merge(merge(a, b), c); `extends T` keeps the result
// assignable to T in generic code.
type Inferred<T> = T extends infer Same extends T ? Same : never;

type PlainObject = Record<string, unknown>;

/** Applies the overlays to `base` from left to right; `T` is inferred from `base` only. */
export function merge<T>(base: T, ...overlays: NoInfer<Overlay<T>>[]): Inferred<T> {
  let result: unknown = base;
  for (const overlay of overlays) result = applyOverlay(result, overlay);
  return result as Inferred<T>;
}

/** Sets the value wholesale instead of deep-merging into the previous one. */
export function replace<T>(value: NoInfer<T>): Replacement<T> {
  if (value === undefined) throw new Error("replace(undefined): use `remove` to delete a key");
  return new Replacement(value);
}

/** Inside `byKey`: adds a complete new item at the end of the list. */
export function append<Item>(item: NoInfer<Item>): Appended<Item> {
  return new Appended(item);
}

/**
 * Merges a list of named items by the string field `key`, e.g.
 *   listeners: byKey("name", { https: { port: 8443 }, metrics: remove, grpc: append(grpcListener) })
 *
 * A record keyed by name reads like the object overlays around it and makes each name appear
 * once. An entry is an Overlay of the item (patch it in place), `remove`, or `append(item)`.
 * Patching or removing a missing name, or appending an existing one, throws: with
 * "append when unmatched" a typo in a name would silently add a broken, partial item.
 * Appended items go to the end in entry order (beware: JavaScript lists integer-like names such
 * as "8080" first).
 */
export function byKey<Item, Key extends KeyField<Item>>(
  key: Key,
  entries: NoInfer<KeyedEntries<Item>>,
): KeyedPatch<Item> {
  return new KeyedPatch(key, entries);
}

/**
 * Merges overlays into one overlay that has the same effect as applying them in turn:
 * merge(merge(a, b), c) equals merge(a, mergeOverlays(b, c)) for every a, key order included.
 * Objects merge key by key; a later `remove` or value wins; a value followed by an overlay becomes
 * the replacement it produces. Where no plain overlay has the same effect (a key deleted by
 * `remove` or a function and set again moves to the end), the result is a function applying both.
 * Errors an earlier overlay would raise in parts a later one replaces are not raised.
 * T comes from the expected type (`merge(base, mergeOverlays(home, staging))`) or is given
 * explicitly: inferring it from an overlay would accept anything that overlay happens to be.
 */
export function mergeOverlays<T>(first: NoInfer<Overlay<T>>, ...rest: NoInfer<Overlay<T>>[]): Overlay<T> {
  return rest.reduce<unknown>(composeOverlays, first) as Overlay<T>;
}

// Returns undefined when the result is absent (removed).
function applyOverlay(previous: unknown, overlay: unknown): unknown {
  if (overlay === undefined) return previous;
  if (overlay === remove) return undefined;
  if (typeof overlay === "function") return overlay(previous);
  if (overlay instanceof Replacement) return overlay[replacementValue];
  if (overlay instanceof KeyedPatch) return applyKeyedPatch(previous, overlay);
  if (isPlainObject(overlay)) return mergeObject(previous, overlay);
  return overlay;
}

function mergeObject(previous: unknown, overlay: PlainObject): PlainObject {
  if (isPlainObject(previous)) {
    const result: PlainObject = Object.create(Object.getPrototypeOf(previous));
    for (const key of Object.keys(previous)) {
      const change = ownValue(overlay, key);
      if (change === undefined) defineKey(result, key, previous[key]);
      else defineIfPresent(result, key, applyOverlay(previous[key], change));
    }
    for (const key of Object.keys(overlay)) {
      if (Object.hasOwn(previous, key)) continue;
      defineIfPresent(result, key, applyOverlay(undefined, overlay[key]));
    }
    return result;
  }
  if (typeof previous === "object" && previous !== null && !Array.isArray(previous)) {
    // Replacing it would silently drop the instance, e.g. a kubernetes-models object.
    const kind = Object.getPrototypeOf(previous)?.constructor?.name ?? "non-plain object";
    throw new Error(
      `merge: cannot merge an object into a ${kind}; only plain objects merge ` +
        "(use toJSON() first, or replace())",
    );
  }
  // An object replaces a scalar or array, or creates an absent value: the overlay is applied to
  // nothing, so its markers resolve rather than leak into the data.
  const result: PlainObject = {};
  for (const key of Object.keys(overlay)) defineIfPresent(result, key, applyOverlay(undefined, overlay[key]));
  return result;
}

function applyKeyedPatch(previous: unknown, patch: KeyedPatch<unknown>): unknown[] {
  const key = patch[keyField];
  const context = `byKey(${JSON.stringify(key)})`;
  if (previous !== undefined && !Array.isArray(previous)) {
    throw new Error(`${context}: expected an array, got ${previous === null ? "null" : typeof previous}`);
  }
  const items: readonly unknown[] = previous ?? [];
  const positionByName = new Map<string, number>();
  items.forEach((item, position) => {
    const name = nameOf(item, key);
    if (name === undefined) throw new Error(`${context}: item ${position} has no string "${key}" field`);
    if (positionByName.has(name)) throw new Error(`${context}: more than one item with ${key} "${name}"`);
    positionByName.set(name, position);
  });

  const result = [...items];
  const appended: unknown[] = [];
  const entries = patch[keyedEntries];
  for (const name of Object.keys(entries)) {
    const entry = entries[name];
    if (entry === undefined) continue;
    const position = positionByName.get(name);
    if (entry instanceof Appended) {
      if (position !== undefined) {
        throw new Error(`${context}: cannot append "${name}": an item with that ${key} exists; patch it`);
      }
      const item = entry[appendedItem];
      if (nameOf(item, key) !== name) {
        throw new Error(`${context}: item appended as "${name}" must have ${key} "${name}"`);
      }
      appended.push(item);
    } else if (position === undefined) {
      const existing = positionByName.size === 0 ? "(none)" : [...positionByName.keys()].join(", ");
      const action = entry === remove ? "remove" : "patch";
      throw new Error(`${context}: no item with ${key} "${name}" to ${action}; items are: ${existing}`);
    } else {
      result[position] = applyOverlay(items[position], entry);
    }
  }
  // Removed items (and items a function mapped to undefined) are absent, as keys would be.
  return [...result.filter((item) => item !== undefined), ...appended];
}

function composeOverlays(first: unknown, second: unknown): unknown {
  if (second === undefined) return first;
  if (first === undefined) return second;
  if (second === remove) return remove;
  if (isPlainObject(first) && isPlainObject(second)) return composeObjects(first, second);
  if (isWholesale(first)) {
    // The value after `first` is known, so `second` can be applied to it now.
    const result = applyOverlay(first instanceof Replacement ? first[replacementValue] : first, second);
    if (result === undefined) return remove;
    return isPlainObject(result) ? new Replacement(result) : result;
  }
  // `first` is an object overlay, byKey, function or remove: a wholesale `second` overrides it.
  if (isWholesale(second)) return second;
  return applyingInTurn(first, second);
}

function composeObjects(first: PlainObject, second: PlainObject): unknown {
  // Sequentially, a key that `first` deletes and `second` sets again moves to the end, among
  // `second`'s new keys. No plain overlay moves a key (and whether a function deletes depends on
  // the data), so such pairs are applied in turn.
  for (const key of Object.keys(second)) {
    const later = second[key];
    if (later !== undefined && later !== remove && mayDelete(ownValue(first, key))) {
      return applyingInTurn(first, second);
    }
  }
  const result: PlainObject = {};
  for (const key of Object.keys(first)) {
    const earlier = first[key];
    if (earlier !== undefined) defineKey(result, key, composeOverlays(earlier, ownValue(second, key)));
  }
  for (const key of Object.keys(second)) {
    const later = second[key];
    if (later !== undefined && ownValue(first, key) === undefined) defineKey(result, key, later);
  }
  return result;
}

function applyingInTurn(first: unknown, second: unknown): (previous: unknown) => unknown {
  return (previous) => applyOverlay(applyOverlay(previous, first), second);
}

// Values that replace the previous value whatever it is.
function isWholesale(overlay: unknown): boolean {
  return !(
    overlay === undefined ||
    overlay === remove ||
    typeof overlay === "function" ||
    overlay instanceof KeyedPatch ||
    isPlainObject(overlay)
  );
}

function mayDelete(overlay: unknown): boolean {
  return overlay === remove || typeof overlay === "function";
}

function isPlainObject(value: unknown): value is PlainObject {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

// Inherited members such as `toString` must not be read as overlay entries.
function ownValue(object: PlainObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

function nameOf(item: unknown, key: string): string | undefined {
  if (typeof item !== "object" || item === null || !Object.hasOwn(item, key)) return undefined;
  const name: unknown = (item as PlainObject)[key];
  return typeof name === "string" ? name : undefined;
}

function defineIfPresent(target: PlainObject, key: string, value: unknown): void {
  if (value !== undefined) defineKey(target, key, value);
}

function defineKey(target: PlainObject, key: string, value: unknown): void {
  // Assigning "__proto__" would invoke the inherited setter and change the prototype instead of
  // creating the own key the data has.
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    target[key] = value;
  }
}
