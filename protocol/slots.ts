// How a slot's traffic is shared by its running experiments: no experiment may be silently starved. No zod here:
// the console and the edge's compile step bundle it.
import type { Experiment } from './experiments.ts';

/** The share of a slot's traffic one running experiment gets. */
export interface SlotShare {
  experiment: string;
  slot: string;
  /** The namespace it draws shoppers from: its own, or the edge's automatic one ("auto:<slot>"). */
  namespace: { id: string; range: [number, number] };
  /** Share of the slot's shoppers: the range's width (the global holdout is then taken inside each experiment). */
  share: number;
}

/** Two running experiments that could both claim one shopper in one slot: the publish is refused naming both. */
export interface SlotConflict {
  slot: string;
  experiments: [string, string];
  /** Index of the second experiment in the list, for the error's path. */
  index: number;
  message: string;
}

/**
 * How every slot's traffic is shared by its running experiments. Experiments without a namespace on one slot split
 * it evenly, in config order, in the namespace "auto:<slot>"; experiments with namespaces must share one namespace
 * with disjoint ranges. Any other pair on one slot would overlap (or leave one never reached), so it is a conflict.
 * @example
 * slotTraffic([{ id: 'a', slot: 'hero', ... }, { id: 'b', slot: 'hero', ... }]).shares
 * // [{ experiment: 'a', namespace: { id: 'auto:hero', range: [0, 0.5] }, share: 0.5, ... }, { experiment: 'b', ..., range: [0.5, 1] }]
 */
export function slotTraffic(experiments: readonly Pick<Experiment, 'id' | 'slot' | 'status' | 'namespace'>[]): { shares: SlotShare[]; conflicts: SlotConflict[] } {
  const shares: SlotShare[] = [];
  const conflicts: SlotConflict[] = [];
  const bySlot = new Map<string, number[]>();
  experiments.forEach((e, i) => {
    if (e.status === 'running') bySlot.set(e.slot, [...(bySlot.get(e.slot) ?? []), i]);
  });
  for (const [slot, indices] of bySlot) {
    const running = indices.map((i) => experiments[i]!);
    const automatic = running.filter((e) => !e.namespace);
    if (automatic.length === running.length) {
      automatic.forEach((e, j) => {
        const range: [number, number] = [j / automatic.length, (j + 1) / automatic.length];
        shares.push({ experiment: e.id, slot, namespace: { id: `auto:${slot}`, range }, share: range[1] - range[0] });
      });
      continue;
    }
    for (let a = 0; a < running.length; a++)
      for (let b = a + 1; b < running.length; b++) {
        const [x, y] = [running[a]!, running[b]!];
        const why = !x.namespace || !y.namespace
          ? `"${(x.namespace ? y : x).id}" has no namespace while "${(x.namespace ? x : y).id}" has one`
          : x.namespace.id !== y.namespace.id
            ? `they are in different namespaces ("${x.namespace.id}", "${y.namespace.id}")`
            : x.namespace.range[0] < y.namespace.range[1] && y.namespace.range[0] < x.namespace.range[1]
              ? `their ranges in namespace "${x.namespace.id}" overlap`
              : null;
        if (why)
          conflicts.push({
            slot, experiments: [x.id, y.id], index: indices[b]!,
            message: `experiments "${x.id}" and "${y.id}" both run on slot "${slot}" and ${why}, so one shopper could be ` +
              'claimed by both and one of them would never be measured: give them one namespace with disjoint ranges, ' +
              'or remove their namespaces and the edge splits the slot evenly',
          });
      }
    for (const e of running)
      if (e.namespace) shares.push({ experiment: e.id, slot, namespace: { ...e.namespace, range: [...e.namespace.range] }, share: e.namespace.range[1] - e.namespace.range[0] });
  }
  return { shares, conflicts };
}
