// The shares a bandit publishes: Thompson sampling's, adopted only where the posteriors show they earn more than the
// configured weights. Assignments are sticky and rewards arrive a window later, so traffic moved on noise is paid for
// over a whole window and teaches little before the period ends; the configured weights are the baseline to beat.
import { normalCdf } from './special.ts';
import { normalise, thompsonNormalShares, type NormalPosterior, type NormalThompsonOptions } from './thompson.ts';

export interface BanditAllocationOptions extends Omit<NormalThompsonOptions, 'prior'> {
  /**
   * How sure the posteriors must be that Thompson sampling's shares earn more per exposure than the configured
   * weights before they replace them (default 0.95; 0 adopts them always).
   */
  confidence?: number;
}

/** What a bandit's shares are and why: Thompson sampling's, or the configured weights they did not beat. */
export interface BanditAllocation {
  shares: Record<string, number>;
  /** The Thompson shares were adopted. */
  moved: boolean;
  /** Posterior probability that the Thompson shares earn more per exposure than the configured weights. */
  probabilityBetter: number;
}

/**
 * Thompson sampling with the configured weights as the prior probability that each arm is best
 * (thompsonNormalShares), as a conservative bandit: the Thompson shares s replace the weights w only when the
 * posterior probability that they earn more, P(Σ (s_a − w_a)·θ_a > 0), is at least `confidence`. With independent
 * normal posteriors that difference is normal, so the probability is exact: Φ(Σ Δ_a·mean_a / √Σ Δ_a²·sd_a²). While
 * the reports cannot tell the arms apart the shares stay the weights; the exploration floor keeps every arm
 * measured in the meantime only when its weight is below the floor.
 * @example
 * banditAllocation(['personalised', 'control'], posteriors, { personalised: 0.9, control: 0.1 }, mulberry32(1))
 * // { shares: { personalised: 0.99, control: 0.01 }, moved: true, probabilityBetter: 0.998 }
 */
export function banditAllocation(
  arms: readonly string[],
  posteriors: Readonly<Record<string, NormalPosterior>>,
  weights: Readonly<Record<string, number>>,
  rng: () => number,
  options: BanditAllocationOptions = {},
): BanditAllocation {
  const { confidence = 0.95, ...thompson } = options;
  const configured = normalise(arms, (arm) => Math.max(0, weights[arm] ?? 0));
  const shares = thompsonNormalShares(arms, posteriors, rng, { ...thompson, prior: configured });
  let mean = 0;
  let variance = 0;
  for (const arm of arms) {
    const delta = shares[arm]! - configured[arm]!;
    const p = posteriors[arm];
    if (delta === 0) continue;
    // An arm without a posterior has nothing to say for a move toward it (nor is it picked but by the floor).
    if (!p) return { shares: configured, moved: false, probabilityBetter: 0 };
    mean += delta * p.mean;
    variance += delta * delta * p.sd * p.sd;
  }
  const probabilityBetter = variance > 0 ? normalCdf(mean / Math.sqrt(variance)) : mean > 0 ? 1 : 0;
  return probabilityBetter >= confidence ? { shares, moved: true, probabilityBetter } : { shares: configured, moved: false, probabilityBetter };
}
