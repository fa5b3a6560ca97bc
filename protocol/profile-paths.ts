// Is this a profile attribute a model or rule can read, and if not, which ones were meant? One check for the
// CLI (import-model, train-*) and the edge (publish), read from PROFILE_ATTRIBUTES, never a copy of it.
import { PROFILE_ATTRIBUTES, type ProfileAttribute } from './profile.ts';
import { closestNames } from './suggest.ts';

export { closestNames };

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

/**
 * Why a model input cannot read this path, with the close ones; undefined when it can. A numeric input needs a
 * number (or a map's key); a one-hot input any attribute but a whole map.
 * @example featureSourceProblem('recencyDay') // 'no profile attribute "recencyDay"; did you mean recencyDays?'
 */
export function featureSourceProblem(path: string, kind: 'numeric' | 'onehot' | 'share' | 'atLeast' = 'numeric'): string | undefined {
  const attribute = profileAttributeOf(path);
  if (attribute?.type === 'map' && attribute.path === path) return `"${path}" is a map (${attribute.unit}): name one key, as in ${path}.KEY`;
  if (attribute?.type === 'string' && kind !== 'onehot') return `"${path}" is text (${attribute.unit}), so a numeric input would always read its fill; make it a one-hot input`;
  if (attribute) return undefined;
  const head = path.split('.')[0]!;
  const close = closestNames(path.includes('.') ? head : path, PROFILE_ATTRIBUTES.map((a) => a.path));
  const hint = close.length ? `did you mean ${close.map((c) => (path.includes('.') ? `${c}${path.slice(head.length)}` : c)).join(', ')}?` : `profile attributes: ${PROFILE_ATTRIBUTES.map((a) => a.path).join(', ')}`;
  return `no profile attribute "${path}"; ${hint}`;
}
