// Thompson sampling with an exploration floor, for the SDK to bundle: pure, no imports, a few hundred bytes.
// The edge ships Beta posteriors per (segment, arm); the device draws one sample per arm and takes the best.

/** Beta posterior of an arm's conversion rate (DeviceConfig.posteriors leaf). */
export interface BetaPosterior {
  alpha: number;
  beta: number;
}

/** Standard normal draw (Box–Muller); `1 − rng()` keeps the logarithm away from 0. */
function sampleNormal(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/**
 * Gamma(shape, 1) draw by Marsaglia–Tsang; shapes below 1 use Gamma(shape + 1)·U^(1/shape).
 * @example sampleGamma(2.5, mulberry32(1))
 */
export function sampleGamma(shape: number, rng: () => number): number {
  if (shape < 1) return sampleGamma(shape + 1, rng) * Math.pow(1 - rng(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = sampleNormal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng();
    if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * Beta(alpha, beta) draw as X/(X+Y) with X ~ Gamma(alpha), Y ~ Gamma(beta).
 * @example sampleBeta(3, 7, mulberry32(1)) // around 0.3
 */
export function sampleBeta(alpha: number, beta: number, rng: () => number): number {
  const x = sampleGamma(alpha, rng);
  const y = sampleGamma(beta, rng);
  return x + y > 0 ? x / (x + y) : alpha / (alpha + beta);
}

/**
 * The posteriors a device should sample for one experiment and its shopper's segment, from DeviceConfig.posteriors:
 * per arm, the segment's own posterior, else the all-segments "*" one, else none (Beta(1, 1) when sampled).
 * @example selectPosteriors(config.posteriors, 'hero', 'loyal') // { a: { alpha: 8, beta: 94 }, b: { ... } }
 */
export function selectPosteriors(
  posteriors: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, BetaPosterior>>>>>> | undefined,
  experiment: string,
  segment?: string,
): Record<string, BetaPosterior> {
  const bySegment = posteriors?.[experiment];
  return { ...bySegment?.['*'], ...(segment === undefined ? undefined : bySegment?.[segment]) };
}

export interface ThompsonOptions {
  /**
   * Minimum probability of each arm (default 0.01). With K arms, a uniform arm is picked with probability
   * K·floor and the Thompson draw otherwise, so every arm keeps at least `floor` of traffic and its estimate keeps
   * improving. K·floor is capped at 1 (then the pick is uniform).
   */
  explorationFloor?: number;
}

/**
 * Picks an arm by Thompson sampling with an exploration floor. `arms` lists the arms in the experiment's order;
 * an arm without a posterior counts as Beta(1, 1). Returns undefined only when `arms` is empty.
 * @example
 * const rng = mulberry32(7);
 * thompsonPick(['a', 'b'], { a: { alpha: 2, beta: 98 }, b: { alpha: 30, beta: 70 } }, rng) // almost always 'b'
 */
export function thompsonPick(
  arms: readonly string[],
  posteriors: Readonly<Record<string, BetaPosterior>> | undefined,
  rng: () => number,
  options: ThompsonOptions = {},
): string | undefined {
  if (arms.length === 0) return undefined;
  const floor = Math.max(0, options.explorationFloor ?? 0.01);
  if (rng() < Math.min(1, floor * arms.length)) return arms[Math.min(arms.length - 1, Math.floor(rng() * arms.length))];
  let best: string | undefined;
  let bestDraw = -1;
  for (const arm of arms) {
    const p = posteriors?.[arm];
    const alpha = p && p.alpha > 0 ? p.alpha : 1;
    const beta = p && p.beta > 0 ? p.beta : 1;
    const draw = sampleBeta(alpha, beta, rng);
    if (draw > bestDraw) {
      bestDraw = draw;
      best = arm;
    }
  }
  return best;
}

/**
 * The share of traffic each arm would get, estimated from `draws` picks: what the bandit is doing right now,
 * for display and for the expected shares of a sample-ratio check at one config version.
 * @example thompsonShares(['a', 'b'], posteriors, mulberry32(1), { draws: 10_000 }) // { a: 0.03, b: 0.97 }
 */
export function thompsonShares(
  arms: readonly string[],
  posteriors: Readonly<Record<string, BetaPosterior>> | undefined,
  rng: () => number,
  options: ThompsonOptions & { draws?: number } = {},
): Record<string, number> {
  const draws = options.draws ?? 10_000;
  const counts: Record<string, number> = {};
  for (const arm of arms) counts[arm] = 0;
  for (let i = 0; i < draws; i++) {
    const arm = thompsonPick(arms, posteriors, rng, options);
    if (arm !== undefined) counts[arm] = (counts[arm] ?? 0) + 1;
  }
  for (const arm of arms) counts[arm] = (counts[arm] ?? 0) / draws;
  return counts;
}

/** A normal posterior (mean, sd) of an arm's reward. */
export interface NormalPosterior {
  mean: number;
  sd: number;
}

/**
 * Thompson sampling over normal reward posteriors, as shares of traffic: the probability that each arm's draw is
 * the highest, estimated from `draws` draws, with every arm kept at `explorationFloor` at least (a uniform pick with
 * probability K·floor). An arm without a posterior is never picked but by the floor.
 * @example thompsonNormalShares(['a', 'b'], { a: { mean: 1.2, sd: 0.1 }, b: { mean: 2.5, sd: 0.1 } }, rng) // { a: 0.005, b: 0.995 }
 */
export function thompsonNormalShares(
  arms: readonly string[],
  posteriors: Readonly<Record<string, NormalPosterior>>,
  rng: () => number,
  options: ThompsonOptions & { draws?: number } = {},
): Record<string, number> {
  const draws = options.draws ?? 10_000;
  const floor = Math.min(1, Math.max(0, options.explorationFloor ?? 0.01) * arms.length);
  const counts: Record<string, number> = Object.fromEntries(arms.map((arm) => [arm, 0]));
  for (let i = 0; i < draws; i++) {
    let best: string | undefined;
    let bestDraw = -Infinity;
    for (const arm of arms) {
      const p = posteriors[arm];
      if (!p) continue;
      const draw = p.mean + p.sd * sampleNormal(rng);
      if (draw > bestDraw) [best, bestDraw] = [arm, draw];
    }
    if (best !== undefined) counts[best]! += 1;
  }
  const picked = Object.values(counts).reduce((a, b) => a + b, 0);
  return Object.fromEntries(arms.map((arm) => [arm, floor / arms.length + (1 - floor) * (picked ? counts[arm]! / picked : 1 / arms.length)]));
}
