// Experiment assignment on the device: global holdout, namespaces, weighted or bandit arms, sticky per version.
import type { DeviceConfig } from '../../../protocol/device-config.ts';
import type { Arm, Experiment } from '../../../protocol/experiments.ts';
import type { Assignment } from '../store/index.ts';
import { bucket } from './hash.ts';

/** The arm the global holdout is reported as; equal to HOLDOUT_ARM in protocol (kept here: no zod in the bundle). */
export const HOLDOUT_ARM = 'holdout';

/**
 * True when the device is in the site's global holdout: never personalised, reported as arm "holdout".
 * @example inGlobalHoldout(config, deviceKey)
 */
export function inGlobalHoldout(config: DeviceConfig, deviceKey: string): boolean {
  return bucket(`holdout:${config.site}`, deviceKey) < config.globalHoldout;
}

/** Picks an arm by weight from a uniform number u in [0, 1). */
export function weightedArm(arms: readonly Arm[], u: number): Arm {
  const total = arms.reduce((sum, arm) => sum + Math.max(0, arm.weight), 0);
  let point = u * total;
  for (const arm of arms) {
    point -= Math.max(0, arm.weight);
    if (point < 0) return arm;
  }
  return arms.filter((a) => a.weight > 0).pop() ?? arms[0]!;
}

// Marsaglia and Tsang's gamma sampler; shape < 1 is boosted (Gamma(a) = Gamma(a+1)·U^(1/a)).
function gamma(shape: number, random: () => number): number {
  if (shape < 1) return gamma(shape + 1, random) * Math.pow(random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do {
      // Box-Muller normal; 1 - random() avoids log(0).
      x = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** A Beta(alpha, beta) draw. */
export function betaSample(alpha: number, beta: number, random: () => number): number {
  const x = gamma(alpha, random);
  return x / (x + gamma(beta, random));
}

/** Thompson sampling over the arms' Beta posteriors, with a uniform pick at rate floor·arms (the exploration floor). */
export function banditArm(config: DeviceConfig, experiment: Experiment, segment: string | null, random: () => number): Arm {
  const arms = experiment.arms.filter((arm) => arm.weight > 0);
  if (random() < experiment.explorationFloor * arms.length) return arms[Math.floor(random() * arms.length)]!;
  const bySegment = config.posteriors[experiment.id];
  const posteriors = (segment !== null ? bySegment?.[segment] : undefined) ?? bySegment?.['*'] ?? {};
  let best = arms[0]!;
  let bestDraw = -1;
  for (const arm of arms) {
    const p = posteriors[arm.id];
    const draw = betaSample(p?.alpha ?? 1, p?.beta ?? 1, random);
    if (draw > bestDraw) [best, bestDraw] = [arm, draw];
  }
  return best;
}

export interface AssignInput {
  config: DeviceConfig;
  experiment: Experiment;
  deviceKey: string;
  segment: string | null;
  previous: Assignment | undefined;
  now: number;
  random: () => number;
}

/**
 * The device's arm in a running experiment, or null when the experiment is not running or its namespace range
 * excludes the device. Sticky: the previous assignment is kept while the experiment version is unchanged.
 * @example assignArm({ config, experiment, deviceKey, segment: 'vip', previous, now: Date.now(), random: Math.random })
 */
export function assignArm(input: AssignInput): Assignment | null {
  const { config, experiment, deviceKey, previous, now } = input;
  if (experiment.status !== 'running') return null;
  if (previous && previous.version === experiment.version) return previous;
  const fresh = (arm: string): Assignment => ({
    experiment: experiment.id, version: experiment.version, arm, assignedAt: now, exposedAt: null,
    exposureReported: false, conversionReported: false, ...(input.segment ? { segment: input.segment } : {}),
  });
  if (inGlobalHoldout(config, deviceKey)) return fresh(HOLDOUT_ARM);
  if (experiment.namespace) {
    const u = bucket(`ns:${experiment.namespace.id}`, deviceKey);
    const [from, to] = experiment.namespace.range;
    if (u < from || u >= to) return null;
  }
  const seed = `${experiment.seed ?? experiment.id}:v${experiment.version}`;
  const arm = experiment.bandit
    ? banditArm(config, experiment, input.segment, input.random)
    : weightedArm(experiment.arms, bucket(seed, deviceKey));
  return fresh(arm.id);
}
