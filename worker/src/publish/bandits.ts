// Bandit allocation at the edge: Thompson sampling over each (segment, arm) Beta posterior, turned into shares of
// new assignments. Devices then assign by hash against these shares, so they carry no sampler and stay sticky.
import type { BanditShares, Experiment, Posterior } from '../../../protocol/index.ts';
// The light modules only: stats/index.ts reaches protocol values (and so zod), which the console must not bundle.
import { mulberry32 } from '../../../stats/prng.ts';
import { thompsonShares } from '../../../stats/thompson.ts';

/** Draws per share estimate: the standard error of a share is at most 0.5/√draws = 0.0035. */
const DRAWS = 20_000;

/**
 * For every bandit experiment and every segment with a posterior ("*" always), the probability that Thompson
 * sampling picks each arm, with the experiment's exploration floor. Seeded, so a publish is reproducible.
 * @example banditShares(experiments, { hero: { '*': { a: { alpha: 2, beta: 98 }, b: { alpha: 30, beta: 70 } } } })
 */
export function banditShares(experiments: readonly Experiment[], posteriors: Record<string, Record<string, Record<string, Posterior>>>): BanditShares {
  const out: BanditShares = {};
  for (const experiment of experiments) {
    if (!experiment.bandit) continue;
    const arms = experiment.arms.filter((a) => a.weight > 0).map((a) => a.id);
    const bySegment = posteriors[experiment.id] ?? {};
    const segments = new Set(['*', ...Object.keys(bySegment)]);
    const shares: Record<string, Record<string, number>> = {};
    for (const segment of segments) {
      // A segment without its own posterior for an arm falls back to the all-segments one, as on the device.
      const merged = { ...bySegment['*'], ...(segment === '*' ? {} : bySegment[segment]) };
      shares[segment] = thompsonShares(arms, merged, mulberry32(0x5eed), { draws: DRAWS, explorationFloor: experiment.explorationFloor });
    }
    out[experiment.id] = shares;
  }
  return out;
}
