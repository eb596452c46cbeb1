// Wildcards in the names a config writes (rule ids, files, objects, externals): `*` is the only
// special character, so a name without one matches only itself.

const SPECIAL = /[.*+?^${}()|[\]\\]/g;

function escape(text: string): string {
  return text.replace(SPECIAL, "\\$&");
}

/**
 * A whole-string pattern. With `segments`, `*` stays within one `/`-separated segment and `**`
 * crosses them (file paths); without, `*` matches any run of characters (rule ids, names).
 */
export function globRegExp(pattern: string, segments = false): RegExp {
  const source = segments
    ? pattern.split("**").map((part) => part.split("*").map(escape).join("[^/]*")).join(".*")
    : pattern.split("*").map(escape).join(".*");
  return new RegExp(`^${source}$`);
}
