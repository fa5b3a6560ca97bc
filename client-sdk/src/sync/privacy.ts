// The two transformations applied before any outcome leaves the device: randomised response and revenue buckets.

/** Equal to REVENUE_BUCKET_EDGES in protocol/outcomes.ts (kept here so the bundle does not pull in zod). */
export const REVENUE_BUCKET_EDGES = [0, 10, 25, 50, 100, 200, 500, 1000] as const;

/**
 * Probability of reporting the true bit under randomised response with privacy budget ε: e^ε / (1 + e^ε).
 * @example keepProbability(Math.log(3)) === 0.75
 */
export function keepProbability(epsilon: number): number {
  return 1 / (1 + Math.exp(-epsilon));
}

/**
 * The bit to report: the true bit with probability e^ε/(1+e^ε), else its opposite. The edge debiases with
 * rate = (mean - (1 - p)) / (2p - 1).
 * @example randomisedResponse(1, Math.log(3), Math.random)
 */
export function randomisedResponse(bit: 0 | 1, epsilon: number, random: () => number): 0 | 1 {
  return random() < keepProbability(epsilon) ? bit : bit === 1 ? 0 : 1;
}

/**
 * The revenue bucket index i with edges[i] <= amount < edges[i+1]; amounts at or past the last edge go in the last.
 * @example revenueBucket(42) === 2
 */
export function revenueBucket(amount: number): number {
  let index = 0;
  for (let i = 0; i < REVENUE_BUCKET_EDGES.length; i++) if (amount >= REVENUE_BUCKET_EDGES[i]!) index = i;
  return index;
}
