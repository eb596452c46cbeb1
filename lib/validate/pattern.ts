// Schema `pattern`s and CEL `matches()` regexes are RE2 syntax; we run them as ECMAScript RegExps,
// which agree with RE2 on the patterns CRDs use. A pattern JS cannot compile is reported as
// unevaluated by the callers, never as a pass or a failure.

// Keyed by pattern text: the same few dozen patterns recur across every document of a render.
const compiled = new Map<string, RegExp | null>();

/** The pattern as a RegExp (Unicode mode, like RE2), or `null` when JS cannot compile it. */
export function compilePattern(pattern: string): RegExp | null {
  let regex = compiled.get(pattern);
  if (regex === undefined) {
    regex = tryRegExp(pattern, "u") ?? tryRegExp(pattern, "");
    compiled.set(pattern, regex);
  }
  return regex;
}

function tryRegExp(pattern: string, flags: string): RegExp | null {
  try {
    return new RegExp(pattern, flags);
  } catch {
    return null;
  }
}
