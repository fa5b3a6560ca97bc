// What an experiment needs at a site's ε: exposures per arm to detect a lift, with and without the noise
// randomised response adds. The console states it so a marketer knows the price of privacy before starting.
import { keepProbability } from './randomised-response.ts';

/** z(1 − 0.05/2) + z(0.8): a two-sided 5% test with 80% power. */
export const Z_5_PERCENT_80_POWER = 1.959963984540054 + 0.8416212335729143;

/**
 * Report sets per arm to detect `relativeLift` over a control rate `rate`, when each conversion bit went through
 * randomised response at `epsilon` (leave it out for exact bits). `z` is z(1 − α/2) + z(power), by default a
 * two-sided 5% test with 80% power (constant here, so the console bundles no quantile function). Per unit, the
 * debiased rate's variance is λ(1−λ)/(2q−1)² with λ = 1−q + p(2q−1).
 * @example exposuresNeeded({ rate: 0.03, relativeLift: 0.1, epsilon: Math.log(3) }) // about 27 times exposuresNeeded({ rate: 0.03, relativeLift: 0.1 })
 */
export function exposuresNeeded(o: { rate: number; relativeLift: number; epsilon?: number | undefined; z?: number }): number {
  const q = o.epsilon === undefined ? 1 : keepProbability(o.epsilon);
  const d = 2 * q - 1;
  const unitVariance = (p: number) => {
    const lambda = 1 - q + p * d;
    return (lambda * (1 - lambda)) / (d * d);
  };
  const pt = Math.min(1, o.rate * (1 + o.relativeLift));
  const delta = pt - o.rate;
  if (!(delta !== 0) || !(o.rate > 0)) return Infinity;
  const z = o.z ?? Z_5_PERCENT_80_POWER;
  return Math.ceil((z * z * (unitVariance(o.rate) + unitVariance(pt))) / (delta * delta));
}
