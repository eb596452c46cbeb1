// "Did you mean …?": the nearest known name to a misspelt one, for commands, flags, environments
// and field names alike.

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
export function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      current.push(d);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

export function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * Whether `candidate` is close enough to `name` to be what was meant: a typo is a few edits away
 * (beyond a third of the name it is another word); a shared stem of four catches plurals and
 * truncations that take more edits.
 */
export function isClose(name: string, candidate: string): boolean {
  const a = name.toLowerCase();
  const b = candidate.toLowerCase();
  return editDistance(a, b) <= Math.max(1, Math.floor(name.length / 3)) || commonPrefix(a, b) >= 4;
}

/** `known` ranked for `name`: close ones first, then by edit distance. */
export function rankByCloseness(name: string, known: readonly string[]): { readonly name: string; readonly close: boolean }[] {
  const lower = name.toLowerCase();
  return known
    .map((k) => ({ name: k, close: isClose(name, k), distance: editDistance(lower, k.toLowerCase()) }))
    .sort((a, b) => Number(b.close) - Number(a.close) || a.distance - b.distance)
    .map(({ name: k, close }) => ({ name: k, close }));
}

/** The known name `name` most likely meant, if any is close. */
export function closest(name: string, known: readonly string[]): string | undefined {
  const best = rankByCloseness(name, known)[0];
  return best?.close ? best.name : undefined;
}

/** ` (did you mean "x"?)`, or nothing when no known name is close. */
export function didYouMean(name: string, known: readonly string[], quote: (s: string) => string = (s) => JSON.stringify(s)): string {
  const guess = closest(name, known);
  return guess === undefined ? "" : ` (did you mean ${quote(guess)}?)`;
}
