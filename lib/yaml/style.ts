// Style lives beside the data, never inside it: a document's object stays plain data that the
// models' validate() accepts, and its formatting is a map from field paths to node styles. A
// style names a path, not a value, so a value an environment changes keeps its formatting.

/** How one node is written. Every field is optional; an absent field means the default. */
export interface NodeStyle {
  /**
   * Quote style of a string scalar. `plain` on a string that a reader would take for something
   * else (`on`, `0123`) is an error; `single` on a string single quotes cannot carry is too.
   */
  readonly quote?: "plain" | "double" | "single";
  /** Quote style of this node's map key (default: plain where every reader reads it back). */
  readonly keyQuote?: "plain" | "double" | "single";
  /**
   * Write a string as a block scalar, even a one-line one: `|` literal or `>` folded. Chomping
   * (`-`, none, `+`) follows the value's trailing line breaks; see `chomp`.
   */
  readonly block?: "literal" | "folded";
  /** `keep` writes `|+` (`>+`) for a value ending in exactly one line break (`|` otherwise). */
  readonly chomp?: "keep";
  /**
   * Columns from this node's key (or `-`) to its children, or to a block scalar's text. Default 2
   * (0 for a sequence with `indentSequence: false`).
   */
  readonly indent?: number;
  /**
   * The text of a number, boolean or null as written (`0400`, `1e3`, `yes`, `~`, or "" for an
   * empty value). It must read back as the value under YAML 1.1 (Kubernetes); anything else is
   * an error.
   */
  readonly text?: string;
  /** A local tag written before the value (`!env_var`); Kubernetes reads the value as is. */
  readonly tag?: string;
  /** Define an anchor on this node: `name: &app agentgateway`. */
  readonly anchor?: string;
  /**
   * Write `*name` instead of the value when the value equals the one anchored as `name` earlier
   * in the document. A value that differs is written out, so data always wins over style.
   */
  readonly alias?: string;
  /** Comment lines written before this key or sequence item, without the `# `. */
  readonly comment?: string;
  /** A comment at the end of this node's line (`key: value # text`), without the `# `. */
  readonly lineComment?: string;
  /**
   * Comment lines after the last item of this collection, at its items' column. At the path ""
   * (the document): comment lines after the document's content.
   */
  readonly commentAfter?: string;
  /** A blank line before this key or sequence item. */
  readonly blankLineBefore?: boolean;
  /**
   * For a sequence value: whether its `- ` items are indented under the key (the default) or
   * written at the key's own column (`providers:` lists in the seed's backends.yaml).
   */
  readonly indentSequence?: boolean;
  /** Write this collection in flow style: `{a: 1}`, `[a, b]`. */
  readonly flow?: boolean;
  /** With `flow`: spaces inside the brackets, `{ a: 1 }`, `[ a, b ]`. */
  readonly flowSpaces?: boolean;
  /** At the path "" only: `false` writes the document without its `---` line. */
  readonly start?: boolean;
  /** At the path "" only: `true` ends the document with a `...` line. */
  readonly end?: boolean;
}

/**
 * Field path → style. Paths are dotted keys with brackets for list items:
 * `spec.ai.llm.openai.model`, `spec.rules[0]`, `spec.rules[*].matches`,
 * `spec.ai.priorityGroups[*].providers[name=gpt-4]`, `metadata.labels["app.kubernetes.io/name"]`,
 * and `*` for any key. The path "" is the document itself.
 */
export type Style = Readonly<Record<string, NodeStyle>>;

/** One compiled step of a path trie; children are looked up while the emitter walks the data. */
export interface StyleTrie {
  style?: NodeStyle;
  readonly keys: Map<string, StyleTrie>;
  anyKey?: StyleTrie;
  readonly indexes: Map<number, StyleTrie>;
  anyIndex?: StyleTrie;
  readonly where: Array<{ field: string; value: string; trie: StyleTrie }>;
}

type Segment =
  | { kind: "key"; key: string }
  | { kind: "anyKey" }
  | { kind: "index"; index: number }
  | { kind: "anyIndex" }
  | { kind: "where"; field: string; value: string };

const compiled = new WeakMap<Style, StyleTrie>();

/** The trie for a style, compiled once per style object. */
export function compileStyle(style: Style): StyleTrie {
  let trie = compiled.get(style);
  if (!trie) {
    trie = newTrie();
    for (const [path, nodeStyle] of Object.entries(style)) {
      let node = trie;
      if (path !== "") for (const segment of parsePath(path)) node = child(node, segment);
      node.style = node.style ? { ...node.style, ...nodeStyle } : nodeStyle;
    }
    compiled.set(style, trie);
  }
  return trie;
}

function newTrie(): StyleTrie {
  return { keys: new Map(), indexes: new Map(), where: [] };
}

function child(node: StyleTrie, segment: Segment): StyleTrie {
  switch (segment.kind) {
    case "key":
      return getOrAdd(node.keys, segment.key);
    case "index":
      return getOrAdd(node.indexes, segment.index);
    case "anyKey":
      return (node.anyKey ??= newTrie());
    case "anyIndex":
      return (node.anyIndex ??= newTrie());
    case "where": {
      const found = node.where.find((w) => w.field === segment.field && w.value === segment.value);
      if (found) return found.trie;
      const trie = newTrie();
      node.where.push({ field: segment.field, value: segment.value, trie });
      return trie;
    }
  }
}

function getOrAdd<K>(map: Map<K, StyleTrie>, key: K): StyleTrie {
  let trie = map.get(key);
  if (!trie) map.set(key, (trie = newTrie()));
  return trie;
}

const SEGMENT = /\.?(?:"((?:[^"\\]|\\.)*)"|(\*)|([^.[\]"]+))|\[(?:(\d+)|(\*)|"((?:[^"\\]|\\.)*)"|([^=\]]+)=([^\]]*))\]/y;

/** Parses a style path; throws on anything it does not fully understand. */
export function parsePath(path: string): Segment[] {
  const segments: Segment[] = [];
  SEGMENT.lastIndex = 0;
  while (SEGMENT.lastIndex < path.length) {
    const start = SEGMENT.lastIndex;
    const m = SEGMENT.exec(path);
    if (!m || (start === 0 && path.startsWith("."))) {
      throw new Error(`style path ${JSON.stringify(path)}: cannot parse at column ${start + 1}`);
    }
    const [, quotedKey, star, bareKey, index, anyIndex, bracketKey, field, value] = m;
    if (quotedKey !== undefined) segments.push({ kind: "key", key: JSON.parse(`"${quotedKey}"`) });
    else if (star !== undefined) segments.push({ kind: "anyKey" });
    else if (bareKey !== undefined) segments.push({ kind: "key", key: bareKey });
    else if (index !== undefined) segments.push({ kind: "index", index: Number(index) });
    else if (anyIndex !== undefined) segments.push({ kind: "anyIndex" });
    else if (bracketKey !== undefined) {
      segments.push({ kind: "key", key: JSON.parse(`"${bracketKey}"`) });
    } else if (field !== undefined && value !== undefined) {
      segments.push({ kind: "where", field: field.trim(), value: value.trim() });
    }
  }
  if (segments.length === 0) throw new Error(`style path ${JSON.stringify(path)} is empty`);
  return segments;
}

/** The tries reached from `tries` by the map key `key`. */
export function stepKey(tries: readonly StyleTrie[], key: string): StyleTrie[] {
  const next: StyleTrie[] = [];
  // Wildcards first: styleAt lets later tries win, so an exact key overrides a `*`.
  for (const trie of tries) {
    if (trie.anyKey) next.push(trie.anyKey);
    const exact = trie.keys.get(key);
    if (exact) next.push(exact);
  }
  return next;
}

/** The tries reached from `tries` by sequence item `index` holding `item`. */
export function stepIndex(tries: readonly StyleTrie[], index: number, item: unknown): StyleTrie[] {
  const next: StyleTrie[] = [];
  for (const trie of tries) {
    if (trie.anyIndex) next.push(trie.anyIndex);
    const exact = trie.indexes.get(index);
    if (exact) next.push(exact);
    if (trie.where.length > 0 && item !== null && typeof item === "object") {
      for (const w of trie.where) {
        if (String((item as Record<string, unknown>)[w.field]) === w.value) next.push(w.trie);
      }
    }
  }
  return next;
}

const NO_STYLE: NodeStyle = {};

/** The style of the node the tries point at; later tries (exact over wildcard) win conflicts. */
export function styleAt(tries: readonly StyleTrie[]): NodeStyle {
  if (tries.length === 0) return NO_STYLE;
  if (tries.length === 1) return tries[0]?.style ?? NO_STYLE;
  let merged: NodeStyle = NO_STYLE;
  for (const trie of tries) if (trie.style) merged = { ...merged, ...trie.style };
  return merged;
}
