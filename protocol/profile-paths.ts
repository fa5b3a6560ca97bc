// Is this a profile attribute a model or rule can read, and if not, which ones were meant? One check for the
// CLI (import-model, train-*) and the edge (publish), read from PROFILE_ATTRIBUTES, never a copy of it.
import { PROFILE_ATTRIBUTES, type ProfileAttribute } from './profile.ts';

/**
 * The attribute a path reads: an attribute's own path, or a map attribute's key (`categoryAffinity.shoes`).
 * @example profileAttributeOf('categoryAffinity.shoes')?.path // 'categoryAffinity'
 */
export function profileAttributeOf(path: string): ProfileAttribute | undefined {
  const exact = PROFILE_ATTRIBUTES.find((a) => a.path === path);
  if (exact) return exact;
  const dot = path.indexOf('.');
  if (dot <= 0 || dot === path.length - 1) return undefined;
  const map = PROFILE_ATTRIBUTES.find((a) => a.path === path.slice(0, dot));
  return map?.type === 'map' ? map : undefined;
}

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
 * Why a model input cannot read this path, with the close ones; undefined when it can. A numeric input needs a
 * number (or a map's key); a one-hot input any attribute but a whole map.
 * @example featureSourceProblem('recencyDay') // 'no profile attribute "recencyDay"; did you mean recencyDays?'
 */
export function featureSourceProblem(path: string, kind: 'numeric' | 'onehot' = 'numeric'): string | undefined {
  const attribute = profileAttributeOf(path);
  if (attribute?.type === 'map' && attribute.path === path) return `"${path}" is a map (${attribute.unit}): name one key, as in ${path}.KEY`;
  if (attribute?.type === 'string' && kind === 'numeric') return `"${path}" is text (${attribute.unit}), so a numeric input would always read its fill; make it a one-hot input`;
  if (attribute) return undefined;
  const head = path.split('.')[0]!;
  const close = closestNames(path.includes('.') ? head : path, PROFILE_ATTRIBUTES.map((a) => a.path));
  const hint = close.length ? `did you mean ${close.map((c) => (path.includes('.') ? `${c}${path.slice(head.length)}` : c)).join(', ')}?` : `profile attributes: ${PROFILE_ATTRIBUTES.map((a) => a.path).join(', ')}`;
  return `no profile attribute "${path}"; ${hint}`;
}
