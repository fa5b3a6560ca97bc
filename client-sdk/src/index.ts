// The npm entry of the Edgewise browser SDK: explicit named exports and one block of types.
import type { Condition, SavedGroups } from './conditions/index.ts';
import type { Decision, Explanation, Feature } from './decide/index.ts';
import type { EventProps, EventType, Item, StoredEvent } from './events/index.ts';
import type { Failure, Outcome, ReadyState } from './sdk/client.ts';
import type { Edgewise } from './sdk/index.ts';
import type { EdgewiseOptions, Logger } from './sdk/options.ts';
import type { ExportedData } from './store/index.ts';
import type { DeviceConfig } from '../../protocol/device-config.ts';
import type { Profile } from '../../protocol/profile.ts';

export { createEdgewise } from './sdk/index.ts';
export { evaluateCondition as evalCondition } from './conditions/index.ts';
export { EVENT_TYPES } from './events/index.ts';

export type {
  Condition, Decision, DeviceConfig, Edgewise, EdgewiseOptions, EventProps, EventType, Explanation, ExportedData, Feature,
  Failure, Item, Logger, Outcome, Profile, ReadyState, SavedGroups, StoredEvent,
};
