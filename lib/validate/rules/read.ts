// Safe readers for rendered objects. Rules run on every tree, including trees whose objects do
// not have the shape their schema wants (the seed's lists where objects belong, untyped
// documents): the schema validator reports those shapes, and rules must read around them
// without throwing.

export type JsonRecord = Readonly<Record<string, unknown>>;

/** The value if it is a plain object (not an array), else undefined. */
export function record(value: unknown): JsonRecord | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonRecord) : undefined;
}

/** The value if it is an array, else an empty list, so absent lists need no special case. */
export function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function integer(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) ? value : undefined;
}

/** `value.k1.k2…`, or undefined as soon as a step is not an object. */
export function dig(value: unknown, ...keys: readonly string[]): unknown {
  let current = value;
  for (const key of keys) {
    const object = record(current);
    if (object === undefined || !Object.hasOwn(object, key)) return undefined;
    current = object[key];
  }
  return current;
}

/** A string map (labels, matchLabels), keeping only string values. */
export function stringMap(value: unknown): Readonly<Record<string, string>> {
  const object = record(value);
  if (object === undefined) return {};
  return Object.fromEntries(Object.entries(object).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

/** The keys a Secret or ConfigMap holds: `data`, `stringData` and `binaryData` together. */
export function dataKeys(object: JsonRecord): string[] {
  return ["data", "stringData", "binaryData"].flatMap((field) => Object.keys(record(object[field]) ?? {}));
}
