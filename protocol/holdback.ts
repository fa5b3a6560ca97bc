// The measurement holdback of decisions: which share of decisions is randomised, and the bins ("deciles") of
// predicted uplift a holdback report is labelled with. No zod: the SDK bundles this file.

/**
 * Edges of the ten bins of predicted uplift (P(buy | offer) − P(buy | none)) a holdback decision reports: bin i is
 * [EDGES[i − 1], EDGES[i]), the first and last open. Fixed, so that the device and the edge agree without a
 * table per offer; finer where most predictions fall.
 */
export const UPLIFT_DECILE_EDGES = [-0.03, -0.015, -0.005, 0, 0.005, 0.01, 0.02, 0.035, 0.06] as const;

/**
 * The bin (0 to 9) of a predicted uplift.
 * @example upliftDecile(0.012) // 6
 */
export function upliftDecile(uplift: number): number {
  let bin = 0;
  while (bin < UPLIFT_DECILE_EDGES.length && uplift >= UPLIFT_DECILE_EDGES[bin]!) bin++;
  return bin;
}

/**
 * A representative uplift of a bin, for comparing what was predicted with what was measured there: the middle of
 * a closed bin, and half a neighbouring bin's width beyond the last edge of an open one.
 * @example upliftOfDecile(6) // 0.015
 */
export function upliftOfDecile(bin: number): number {
  const e = UPLIFT_DECILE_EDGES;
  if (bin <= 0) return e[0] - (e[1] - e[0]) / 2;
  if (bin >= e.length) return e[e.length - 1]! + (e[e.length - 1]! - e[e.length - 2]!) / 2;
  return (e[bin - 1]! + e[bin]!) / 2;
}
