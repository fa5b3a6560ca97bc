// Cheap shape checks for records read back from storage: a corrupt record is skipped, never fatal.
import type { Assignment, CachedConfig, Meta, OutboxBatch } from './schema.ts';
import type { ProfileState } from '../profile/index.ts';

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

export function isProfileState(v: unknown): v is ProfileState {
  return isObject(v) && isObject(v.profile) && typeof v.firstSeen === 'number' && isObject(v.cart) && isObject(v.exposures)
    && typeof (v.profile as Record<string, unknown>).frequency === 'number';
}

export function isAssignment(v: unknown): v is Assignment {
  return isObject(v) && typeof v.experiment === 'string' && typeof v.version === 'number' && typeof v.arm === 'string';
}

export function isOutboxBatch(v: unknown): v is OutboxBatch {
  return isObject(v) && typeof v.batchId === 'string' && Array.isArray(v.reports) && typeof v.day === 'string';
}

export function isCachedConfig(v: unknown): v is CachedConfig {
  return isObject(v) && isObject(v.config) && typeof v.site === 'string';
}

export function isMeta(v: unknown): v is Meta {
  return isObject(v) && typeof v.droppedReports === 'number';
}
