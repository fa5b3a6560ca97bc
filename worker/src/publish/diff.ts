// A one-line summary of what changed between two config versions, for the audit log and the versions list.
import type { SiteConfig } from '../../../protocol/index.ts';

type Keyed = { id: string };

function diffList(name: string, before: readonly Keyed[], after: readonly Keyed[]): string | null {
  const old = new Map(before.map((item) => [item.id, JSON.stringify(item)]));
  const now = new Map(after.map((item) => [item.id, JSON.stringify(item)]));
  const added = [...now.keys()].filter((id) => !old.has(id));
  const removed = [...old.keys()].filter((id) => !now.has(id));
  const changed = [...now.keys()].filter((id) => old.has(id) && old.get(id) !== now.get(id));
  if (!added.length && !removed.length && !changed.length) return null;
  const parts = [
    added.length ? `+${added.join(',')}` : '',
    removed.length ? `-${removed.join(',')}` : '',
    changed.length ? `~${changed.join(',')}` : '',
  ].filter(Boolean);
  return `${name} ${parts.join(' ')}`;
}

/**
 * @example summariseChange(null, config) // "created: 7 segments, 12 offers, 1 experiments"
 */
export function summariseChange(before: SiteConfig | null, after: SiteConfig): string {
  if (!before)
    return `created: ${after.segments.length} segments, ${after.offers.length} offers, ${after.experiments.length} experiments`;
  const parts = [
    diffList('segments', before.segments, after.segments),
    diffList('offers', before.offers, after.offers),
    diffList('experiments', before.experiments, after.experiments),
    diffList('models', before.models, after.models),
  ].filter((p): p is string => p !== null);
  const { segments: _s, offers: _o, experiments: _e, models: _m, ...restBefore } = before;
  const { segments: _s2, offers: _o2, experiments: _e2, models: _m2, ...restAfter } = after;
  for (const key of Object.keys(restAfter) as (keyof typeof restAfter)[])
    if (JSON.stringify(restBefore[key]) !== JSON.stringify(restAfter[key])) parts.push(`${key} changed`);
  return parts.length ? parts.join('; ') : 'no changes';
}
