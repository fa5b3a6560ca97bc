// The SDK keeps its own copies of a few protocol constants so the browser bundle never imports zod; this holds
// them equal to the protocol's.
import { describe, expect, it } from 'vitest';
import { HOLDOUT_ARM as PROTOCOL_HOLDOUT } from '../../protocol/experiments.ts';
import {
  BATCH_PAD_BYTES, MAX_REPORTS_PER_BATCH as PROTOCOL_MAX, OUTCOME_SCHEMA_VERSION as PROTOCOL_OUTCOMES, UNIT_KINDS,
} from '../../protocol/outcomes.ts';
import { SCHEMA_VERSION } from '../../protocol/site-config.ts';
import { SUPPORTED_SCHEMA_VERSION } from './config/index.ts';
import { HOLDOUT_ARM } from './experiments/index.ts';
import { CLOSES, MAX_REPORTS_PER_BATCH, PAD_BYTES } from './sync/index.ts';
import { OUTCOME_SCHEMA_VERSION } from './sync/deliver.ts';

describe('protocol constants copied into the SDK', () => {
  it('match the protocol', () => {
    expect(HOLDOUT_ARM).toBe(PROTOCOL_HOLDOUT);
    expect(OUTCOME_SCHEMA_VERSION).toBe(PROTOCOL_OUTCOMES);
    expect(PAD_BYTES).toBe(BATCH_PAD_BYTES);
    expect(CLOSES).toEqual(Object.fromEntries(Object.values(UNIT_KINDS).map((k) => [k.opens, k.closes])));
    expect(MAX_REPORTS_PER_BATCH).toBe(PROTOCOL_MAX);
    expect(SUPPORTED_SCHEMA_VERSION).toBe(SCHEMA_VERSION);
  });
});
