// "Did you mean": the known names closest to a mistyped one, for profile paths and model outputs (profile-paths.ts),
// the CLI's commands and options, the SDK's options and the console. Kept apart from the profile catalogue so the
// SDK's option check does not carry it.

/** Edit distance (insertions, deletions, substitutions; case-insensitive), for did-you-mean lists. */
function distance(a: string, b: string): number {
  const [s, t] = [a.toLowerCase(), b.toLowerCase()];
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[t.length]!;
}

/**
 * The names closest to `name`, best first: those within a third of its length in edits, or containing it.
 * @example closestNames('recencyDay', ['recencyDays', 'frequency']) // ['recencyDays']
 */
export function closestNames(name: string, candidates: readonly string[], max = 3): string[] {
  const limit = Math.max(2, Math.ceil(name.length / 3));
  const lower = name.toLowerCase();
  return candidates
    .map((c) => [c, c.toLowerCase().includes(lower) || lower.includes(c.toLowerCase()) ? 0.5 : distance(name, c)] as const)
    .filter(([, d]) => d <= limit)
    .sort((a, b) => a[1] - b[1])
    .slice(0, max)
    .map(([c]) => c);
}


/**
 * `; did you mean a, b?` naming every close name, or an empty string when none is: for a message that goes on
 * after it (the CLI's import checks and the edge's manifest checks).
 * @example `the model has no output "prob"${didYouMeanAny('prob', names)} (outputs: ${names.join(', ')})`
 */
export function didYouMeanAny(word: string, known: readonly string[]): string {
  const close = closestNames(word, known);
  return close.length ? `; did you mean ${close.join(', ')}?` : '';
}

/**
 * ` Did you mean "push"?`, or an empty string when no known name is close.
 * @example `unknown command "pusb".${didYouMean('pusb', names)}`
 */
export function didYouMean(word: string, known: readonly string[], quote = '"'): string {
  const [match] = closestNames(word, known, 1);
  return match === undefined ? '' : ` Did you mean ${quote}${match}${quote}?`;
}
