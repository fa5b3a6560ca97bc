// Which outcome cells a site accepts: experiment versions (with their arms), segments and offers it has published,
// the current ones and, for a grace period after they were replaced, earlier ones whose devices still report.
// Anything else is junk that would only grow the counter, so it is dropped with a reason.
import { HOLDOUT_ARM, type DeviceConfig } from '../../../protocol/index.ts';
import type { DroppedReport } from '../../../protocol/outcome-answer.ts';
import type { PublishedRecord } from '../storage/published.ts';

/** `until`: the ISO time after which reports stop being accepted; null while the config still has it. */
export interface Accepts {
  experiments: Record<string, Record<string, { arms: string[]; until: string | null }>>;
  segments: Record<string, string | null>;
  offers: Record<string, string | null>;
}

/**
 * Days past the attribution window that reports of a replaced version, segment or offer are still counted: a
 * device reports when its window closes, and may be offline for a while (its batch ids are kept 14 days).
 */
export const ACCEPT_GRACE_DAYS = 14;

const live = (until: string | null, now: Date) => until === null || Date.parse(until) > now.getTime();

/**
 * What the next publication accepts: everything `config` has (until: null), plus whatever `previous` accepted
 * that is not in `config` any more, until the grace period after this publish (entries already past it drop).
 * @example nextAccepts(previousRecord?.accepts ?? null, device, new Date())
 */
export function nextAccepts(previous: Accepts | null, config: DeviceConfig, now: Date): Accepts {
  const until = new Date(now.getTime() + (config.attributionDays + ACCEPT_GRACE_DAYS) * 86_400_000).toISOString();
  const out: Accepts = { experiments: {}, segments: {}, offers: {} };
  for (const [id, versions] of Object.entries(previous?.experiments ?? {}))
    for (const [version, entry] of Object.entries(versions))
      if (live(entry.until, now)) (out.experiments[id] ??= {})[version] = { arms: entry.arms, until: entry.until ?? until };
  for (const kind of ['segments', 'offers'] as const)
    for (const [id, at] of Object.entries(previous?.[kind] ?? {})) if (live(at, now)) out[kind][id] = at ?? until;
  for (const experiment of config.experiments) {
    const versions = (out.experiments[experiment.id] ??= {});
    const arms = new Set([...(versions[experiment.version]?.arms ?? []), ...experiment.arms.map((a) => a.id), HOLDOUT_ARM]);
    versions[experiment.version] = { arms: [...arms], until: null };
  }
  for (const segment of config.segments) out.segments[segment.id] = null;
  for (const offer of config.offers) out.offers[offer.id] = null;
  return out;
}

type Fields = { kind?: unknown; experiment?: unknown; version?: unknown; arm?: unknown; segment?: unknown; offer?: unknown };

/**
 * Why report `index` is not accepted, or null. `retry` is true where the edge may simply not know yet (a config
 * published moments ago, still reaching this location): a newer version, a name it has never seen. Checks the
 * fields a report has, whatever its kind.
 * @example rejectReport(report, 3, accepts, new Date())
 */
export function rejectReport(report: Fields, index: number, accepts: Accepts, now: Date): DroppedReport | null {
  const drop = (field: string, code: DroppedReport['code'], message: string, retry: boolean): DroppedReport => ({
    index, code, message: `reports[${index}].${field}: ${message}`, path: ['reports', index, field], retry,
  });
  if (typeof report.experiment === 'string') {
    const versions = accepts.experiments[report.experiment];
    if (!versions) return drop('experiment', 'unknown_experiment', `unknown experiment "${report.experiment}"`, true);
    const entry = versions[String(report.version)];
    const known = Object.keys(versions).map(Number);
    if (!entry)
      return drop('version', 'unknown_version', `experiment "${report.experiment}" has no published version ${String(report.version)} (accepted: ${known.join(', ')})`, Number(report.version) > Math.max(...known));
    if (!live(entry.until, now))
      return drop('version', 'expired_version', `version ${String(report.version)} of experiment "${report.experiment}" stopped taking reports at ${entry.until}`, false);
    if (typeof report.arm === 'string' && !entry.arms.includes(report.arm))
      return drop('arm', 'unknown_arm', `experiment "${report.experiment}" has no arm "${report.arm}"`, true);
  }
  for (const [field, kind] of [['segment', 'segments'], ['offer', 'offers']] as const) {
    const id = report[field];
    if (typeof id !== 'string') continue;
    if (!(id in accepts[kind])) return drop(field, `unknown_${field}`, `unknown ${field} "${id}"`, true);
    if (!live(accepts[kind][id]!, now)) return drop(field, `expired_${field}`, `${field} "${id}" stopped taking reports at ${accepts[kind][id]}`, false);
  }
  return null;
}

// Parsing the published record for every batch would dominate ingestion cost; it only changes with its ETag.
let cache: { etag: string; accepts: Accepts; config: DeviceConfig } | null = null;

/**
 * What a published record accepts, and its device config, parsed once per ETag. A record written before the
 * bounds carries no accepts: its own config is what it accepts.
 * @example const { accepts, config } = acceptsOf(record)
 */
export function acceptsOf(record: PublishedRecord): { accepts: Accepts; config: DeviceConfig } {
  if (cache?.etag !== record.etag) {
    const config = JSON.parse(record.body) as DeviceConfig;
    cache = { etag: record.etag, config, accepts: record.accepts ?? nextAccepts(null, config, new Date()) };
  }
  return cache;
}
