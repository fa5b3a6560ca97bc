// Segments: every segment whose condition the profile meets, highest priority first.
import type { DeviceConfig } from '../../../protocol/device-config.ts';
import type { Profile } from '../../../protocol/profile.ts';
import type { Segment } from '../../../protocol/segments.ts';
import { evaluateCondition } from '../conditions/index.ts';

/**
 * The segments the shopper belongs to, by descending priority (ties keep config order); the first is the one
 * the shopper is priced and reported in.
 * @example const [primary] = matchSegments(config, profile)
 */
export function matchSegments(config: Pick<DeviceConfig, 'segments' | 'savedGroups'>, profile: Profile): Segment[] {
  return config.segments
    .filter((segment) => evaluateCondition(profile, segment.condition, config.savedGroups))
    .sort((a, b) => b.priority - a.priority);
}
