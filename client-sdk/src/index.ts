// The npm entry of the Edgewise browser SDK.
export { createEdgewise } from './sdk/index.ts';
export { evaluateCondition as evalCondition } from './conditions/index.ts';
export { EVENT_TYPES } from './events/index.ts';

export type { Edgewise } from './sdk/index.ts';
export type { EdgewiseOptions, Logger } from './sdk/options.ts';
export type { Outcome, ReadyState } from './sdk/client.ts';
export type { Decision, Explanation, Feature } from './decide/index.ts';
export type { Condition, SavedGroups } from './conditions/index.ts';
export type { EventProps, EventType, Item, StoredEvent } from './events/index.ts';
export type { ExportedData } from './store/index.ts';
export type { Profile } from '../../protocol/profile.ts';
export type { DeviceConfig } from '../../protocol/device-config.ts';
