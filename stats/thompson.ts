// Thompson sampling with an exploration floor: pure, no imports, so the SDK can bundle the Beta sampler (thompsonPick,
// a few hundred bytes) without the rest; the edge turns normal profit posteriors into shares (thompsonNormalShares).

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

export interface NormalThompsonOptions extends ThompsonOptions {
  /** Draws per estimate of the probability that an arm is best (default 10,000). */
  draws?: number;
  /**
   * The probability, before any data, that each arm is the best: a marketer's configured weights (normalised here;
   * default uniform). See thompsonNormalShares.
   */
  prior?: Readonly<Record<string, number>>;
}

/**
 * Thompson sampling over normal reward posteriors, as shares of traffic: the posterior probability that each arm is
 * the best. The probability p_a that an arm's draw is the highest (estimated from `draws` draws) is that posterior
 * under a prior that holds every arm equally likely to be best; under a `prior` that holds arm a the best with
 * probability π_a (the configured weights) it is π_a·p_a / Σ π·p (Bayes' rule). So while the data cannot tell the arms
 * apart the shares are the configured weights, and they move only as far as the evidence does; with equal weights
 * this is plain Thompson sampling. Every arm then keeps at least `explorationFloor` (or its prior share, if that is
 * lower): arms below it are raised to it and the others scaled down. An arm without a posterior is never picked but
 * by the floor.
 * @example thompsonNormalShares(['a', 'b'], { a: { mean: 1.2, sd: 0.1 }, b: { mean: 2.5, sd: 0.1 } }, rng) // { a: 0.01, b: 0.99 }
 */
export function thompsonNormalShares(
  arms: readonly string[],
  posteriors: Readonly<Record<string, NormalPosterior>>,
  rng: () => number,
  options: NormalThompsonOptions = {},
): Record<string, number> {
  if (!arms.length) return {};
  const draws = options.draws ?? 10_000;
  // Flat arrays and both of Box-Muller's normals: the edge runs this per experiment and segment on every publish.
  const index = arms.map((_, i) => i).filter((i) => posteriors[arms[i]!]);
  const means = index.map((i) => posteriors[arms[i]!]!.mean);
  const sds = index.map((i) => posteriors[arms[i]!]!.sd);
  const wins = new Array<number>(arms.length).fill(0);
  let spare = NaN;
  for (let d = 0; index.length && d < draws; d++) {
    let best = -1;
    let bestDraw = -Infinity;
    for (let k = 0; k < index.length; k++) {
      let z = spare;
      if (Number.isNaN(z)) {
        const radius = Math.sqrt(-2 * Math.log(1 - rng()));
        const angle = 2 * Math.PI * rng();
        z = radius * Math.cos(angle);
        spare = radius * Math.sin(angle);
      } else spare = NaN;
      const draw = means[k]! + sds[k]! * z;
      if (draw > bestDraw) {
        best = k;
        bestDraw = draw;
      }
    }
    wins[index[best]!]! += 1;
  }
  const counts: Record<string, number> = Object.fromEntries(arms.map((arm, i) => [arm, wins[i]!]));
  const prior = normalise(arms, (arm) => Math.max(0, options.prior?.[arm] ?? 1));
  const picked = Object.values(counts).reduce((a, b) => a + b, 0);
  // No arm has a posterior, or none the prior allows: the prior as it is.
  const posterior = picked && arms.some((arm) => prior[arm]! * counts[arm]! > 0) ? normalise(arms, (arm) => prior[arm]! * counts[arm]!) : prior;
  const floor = Math.max(0, options.explorationFloor ?? 0.01);
  return withFloor(posterior, Object.fromEntries(arms.map((arm) => [arm, Math.min(floor, prior[arm]!)])));
}

/**
 * Each arm's weight over the weights' sum; equal shares when they sum to 0.
 * @example normalise(['a', 'b'], (arm) => (arm === 'a' ? 3 : 1)) // { a: 0.75, b: 0.25 }
 */
export function normalise(arms: readonly string[], weight: (arm: string) => number): Record<string, number> {
  const total = arms.reduce((s, arm) => s + weight(arm), 0);
  return Object.fromEntries(arms.map((arm) => [arm, total > 0 ? weight(arm) / total : 1 / arms.length]));
}

/**
 * Shares with each arm raised to its minimum, the rest scaled down in proportion to keep the sum at 1. Raising arms
 * can push others below theirs, so it repeats until none is; the minimums sum to 1 at most (each is at most its
 * arm's prior share).
 */
function withFloor(shares: Record<string, number>, minimum: Record<string, number>): Record<string, number> {
  const arms = Object.keys(shares);
  const fixed = new Set<string>();
  for (;;) {
    const floorMass = [...fixed].reduce((s, arm) => s + minimum[arm]!, 0);
    const freeMass = arms.filter((arm) => !fixed.has(arm)).reduce((s, arm) => s + shares[arm]!, 0);
    if (freeMass <= 0) return normalise(arms, (arm) => (fixed.has(arm) ? minimum[arm]! : 0));
    const scale = (1 - floorMass) / freeMass;
    const below = arms.filter((arm) => !fixed.has(arm) && shares[arm]! * scale < minimum[arm]!);
    if (!below.length) return Object.fromEntries(arms.map((arm) => [arm, fixed.has(arm) ? minimum[arm]! : shares[arm]! * scale]));
    for (const arm of below) fixed.add(arm);
  }
}
