// Cheap shape checks for records read back from storage: a corrupt record is skipped, never fatal.

/** True when `v` is an object whose listed fields have the listed typeof. */
export function hasShape(v: unknown, shape: Record<string, string>): boolean {
  if (!v || typeof v !== 'object') return false;
  for (const key in shape) {
    const field = (v as Record<string, unknown>)[key];
    if (typeof field !== shape[key] || field === null) return false;
  }
  return true;
}

export const PROFILE_STATE = { profile: 'object', firstSeen: 'number', cart: 'object', exposures: 'object' };
export const ASSIGNMENT = { experiment: 'string', version: 'number', arm: 'string' };
export const OUTBOX_BATCH = { batchId: 'string', reports: 'object', day: 'string' };
export const CACHED_CONFIG = { site: 'string', config: 'object' };
export const META = { droppedReports: 'number' };
export const UNIT = { opened: 'object', at: 'number', until: 'number' };
export const BUDGET = { day: 'string', spent: 'number' };
