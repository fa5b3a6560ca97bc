// Profile values in words for people ("6 days", "€920.00", "20%"), read from PROFILE_ATTRIBUTES' meanings and
// units: "Why this offer?", "My data" and the console say the same thing about the same attribute.
import { profileAttributeOf as attributeOf } from '../../../protocol/profile-paths.ts';
import { PROFILE_ATTRIBUTES, type ProfileAttribute } from '../../../protocol/profile.ts';

/** One thing the device knows, as a person reads it. */
export interface Fact {
  /** The profile path, e.g. "categoryAffinity.women". */
  attribute: string;
  /** What it is, e.g. "Interest per category (women)". */
  label: string;
  /** Its value in words, e.g. "6.2" or "€920.00". */
  value: string;
}

/** The attribute's name for a shopper, or its meaning's first clause ("Visits; a gap of ..." -> "Visits"). */
const labelOf = (a: ProfileAttribute) => a.label ?? a.meaning.replace(/\s*\(.*?\)/g, '').split(/[.;:]/)[0]!.trim();

const day = (v: unknown) => {
  const t = typeof v === 'number' ? v : Date.parse(String(v));
  return Number.isFinite(t) ? new Date(t).toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric' }) : String(v);
};

const number = (v: number, digits: number) => v.toLocaleString(undefined, { maximumFractionDigits: digits });

/**
 * A profile value in words, by the attribute's unit.
 * @example describeValue('recencyDays', 6, 'EUR') // '6 days'
 */
export function describeValue(path: string, value: unknown, currency = 'EUR'): string {
  const a = attributeOf(path);
  if (value === null || value === undefined) return a?.path === 'recencyDays' ? 'no purchase yet' : 'not known yet';
  if (typeof value === 'number' && a) {
    if (a.unit === 'days') return value === 0 ? 'less than a day' : value === 1 ? '1 day' : `${number(value, 0)} days`;
    if (a.unit === 'currency') {
      try {
        return value.toLocaleString(undefined, { style: 'currency', currency });
      } catch {
        return `${number(value, 2)} ${currency}`;
      }
    }
    if (a.unit.startsWith('share')) return `${number(value * 100, 0)}%`;
    if (a.unit === 'count') return number(value, 0);
    // A map's value (an interest score) or a score.
    return number(value, 1);
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (!entries.length) return 'none yet';
    // Item -> day bought: newest first, as dates. Scores: highest first.
    if (a?.unit.includes('day')) return entries.sort((x, y) => String(y[1]).localeCompare(String(x[1]))).slice(0, 5).map(([k, v]) => `${k} (${day(v)})`).join(', ');
    return entries
      .sort((x, y) => Number(y[1]) - Number(x[1]))
      .slice(0, 5)
      .map(([k, v]) => `${k} ${typeof v === 'number' ? number(v, 1) : String(v)}`)
      .join(', ');
  }
  return String(value);
}

/**
 * One attribute and its value, in words.
 * @example describeFact('categoryAffinity.women', 6.2) // { attribute, label: 'Interest per category (women)', value: '6.2' }
 */
export function describeFact(path: string, value: unknown, currency?: string): Fact {
  const a = attributeOf(path);
  const key = a && path.length > a.path.length ? ` (${path.slice(a.path.length + 1)})` : '';
  return { attribute: path, label: a ? labelOf(a) + key : path, value: describeValue(path, value, currency) };
}

/**
 * A whole profile in words, in the catalogue's order (for "My data").
 * @example describeProfile(profile, 'EUR').map((f) => `${f.label}: ${f.value}`)
 */
export function describeProfile(profile: object, currency?: string): Fact[] {
  return PROFILE_ATTRIBUTES.filter((a) => a.path in profile).map((a) => describeFact(a.path, (profile as Record<string, unknown>)[a.path], currency));
}

/** An epoch-millisecond time as a date and time a person reads. */
export const describeTime = (t: number) => new Date(t).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
