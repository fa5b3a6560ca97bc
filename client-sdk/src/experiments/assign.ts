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

/** Whether the device falls in the experiment's namespace range (always, without a namespace). */
function inNamespace(experiment: Experiment, deviceKey: string): boolean {
  const ns = experiment.namespace;
  const u = ns ? bucket(`ns:${ns.id}`, deviceKey) : 0;
  return !ns || (u >= ns.range[0] && u < ns.range[1]);
}

/**
 * The running experiment that decides `slot` for this device: the first whose namespace range holds it. Several
 * experiments on one slot split its traffic by namespace ranges (the edge fills in "auto:<slot>" ones), so each
 * device lands in at most one and every experiment gets its share.
 * @example experimentFor(config, 'hero', deviceKey)?.id
 */
export function experimentFor(config: DeviceConfig, slot: string, deviceKey: string): Experiment | undefined {
  return config.experiments.find((e) => e.slot === slot && e.status === 'running' && inNamespace(e, deviceKey));
}

export interface AssignInput {
  config: DeviceConfig;
  experiment: Experiment;
  deviceKey: string;
  segment: string | null;
  previous: Assignment | undefined;
  now: number;
}

/**
 * The device's arm in a running experiment, or null when the experiment is not running or its namespace range
 * excludes the device. Sticky: the previous assignment is kept while the experiment version is unchanged.
 * @example assignArm({ config, experiment, deviceKey, segment: 'vip', previous, now: Date.now() })
 */
export function assignArm(input: AssignInput): Assignment | null {
  const { config, experiment, deviceKey, previous, now } = input;
  // Out of its range (say a second experiment now shares the slot): no longer this experiment's, sticky or not.
  if (experiment.status !== 'running' || !inNamespace(experiment, deviceKey)) return null;
  if (previous && previous.version === experiment.version) return previous;
  const fresh = (arm: string): Assignment => ({
    experiment: experiment.id, version: experiment.version, arm, assignedAt: now, exposedAt: null,
    exposureReported: false, ...(input.segment ? { segment: input.segment } : {}),
  });
  if (inGlobalHoldout(config, deviceKey)) return fresh(HOLDOUT_ARM);
  const seed = `${experiment.seed ?? experiment.id}:v${experiment.version}`;
  return fresh(weightedArm(banditArms(config, experiment, input.segment), bucket(seed, deviceKey)).id);
}

/**
 * The arms a new device is assigned among. A bandit's edge-published shares (Thompson sampling over the Beta
 * posteriors, with the exploration floor) replace the arm weights: the shopper's segment's shares, else the
 * experiment-wide ones ("*"), else the configured weights. An arm missing from the shares gets none. Only new
 * assignments follow them: a device keeps its arm for the experiment version, so a publish with new shares
 * moves the devices assigned after it.
 * @example weightedArm(banditArms(config, experiment, 'vip'), u)
 */
export function banditArms(config: DeviceConfig, experiment: Experiment, segment: string | null): readonly Arm[] {
  const byExperiment = experiment.bandit ? config.banditShares?.[experiment.id] : undefined;
  const shares = byExperiment && ((segment !== null ? byExperiment[segment] : undefined) ?? byExperiment['*']);
  if (!shares) return experiment.arms;
  const arms = experiment.arms.map((arm) => ({ ...arm, weight: shares[arm.id] ?? 0 }));
  // Shares that give no arm anything (a malformed publish) must not send every device to the first arm.
  return arms.some((arm) => arm.weight > 0) ? arms : experiment.arms;
}
