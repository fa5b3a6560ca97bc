// "Did you mean": the closest known name to a mistyped one, for the CLI's commands and options, the SDK's
// options and the console's field names. One edit distance for every place that suggests.

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions: "pusb" and "psuh" are both 1). */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  return d[a.length]![b.length]!;
}

/**
 * The known name closest to `word`, when it is close enough to be a typo (at most a third of its letters off,
 * and at least one), or a known name that starts with it; else undefined.
 * @example closest('pusb', ['pull', 'push']) // 'push'
 */
export function closest(word: string, known: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of known) {
    const distance = editDistance(w, name.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [name, distance];
  }
  if (best !== undefined && bestDistance <= Math.max(1, Math.floor(w.length / 3))) return best;
  return w.length >= 3 ? known.find((name) => name.toLowerCase().startsWith(w)) : undefined;
}

/**
 * ` Did you mean "push"?`, or an empty string.
 * @example `unknown command "pusb".${didYouMean('pusb', names)}`
 */
export function didYouMean(word: string, known: readonly string[], quote = '"'): string {
  const match = closest(word, known);
  return match === undefined ? '' : ` Did you mean ${quote}${match}${quote}?`;
}
