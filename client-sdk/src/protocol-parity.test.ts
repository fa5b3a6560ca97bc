// The SDK keeps its own copies of a few protocol constants so the browser bundle never imports zod; this holds
// them equal to the protocol's.
import { describe, expect, it } from 'vitest';
import { HOLDOUT_ARM as PROTOCOL_HOLDOUT } from '../../protocol/experiments.ts';
import { MAX_REPORTS_PER_BATCH as PROTOCOL_MAX, REVENUE_BUCKET_EDGES as PROTOCOL_EDGES } from '../../protocol/outcomes.ts';
import { SCHEMA_VERSION } from '../../protocol/site-config.ts';
import { SUPPORTED_SCHEMA_VERSION } from './config/index.ts';
import { HOLDOUT_ARM } from './experiments/index.ts';
import { MAX_REPORTS_PER_BATCH, REVENUE_BUCKET_EDGES } from './sync/index.ts';

describe('protocol constants copied into the SDK', () => {
  it('match the protocol', () => {
    expect(HOLDOUT_ARM).toBe(PROTOCOL_HOLDOUT);
    expect([...REVENUE_BUCKET_EDGES]).toEqual([...PROTOCOL_EDGES]);
    expect(MAX_REPORTS_PER_BATCH).toBe(PROTOCOL_MAX);
    expect(SUPPORTED_SCHEMA_VERSION).toBe(SCHEMA_VERSION);
  });
});
