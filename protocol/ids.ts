// Identifier and small value schemas shared by every part of the contract.
import { z } from 'zod';

/** Ids appear in URLs, experiment hashes and report cells, so they are kept to a safe, short alphabet. */
export const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'expected an id of letters, digits, "_" or "-" (1 to 64 characters)')
  // Devices key plain objects by ids (exposures per offer, shares per arm): "constructor" or "toString" would
  // read the object's own machinery instead of a missing entry.
  .refine((id) => !(id in Object.prototype), { message: 'expected an id that is not a name JavaScript objects already have ("constructor", "toString", ...)' });

/** A calendar day, the finest time unit that ever leaves a device. A real one: "2026-13-45" is refused. */
export const daySchema = z.iso.date({ error: 'expected a calendar day as YYYY-MM-DD' });

/** ISO 8601 date-time, used only in edge-side config (validity windows, budget periods). */
export const isoDateTimeSchema = z.iso.datetime({ offset: true }).or(daySchema);

export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase hex sha256');
