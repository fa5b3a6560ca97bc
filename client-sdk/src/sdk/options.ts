// Options of createEdgewise, checked when the factory is called so that a typo fails at once, not on first use.
import { didYouMean } from '../../../protocol/suggest.ts';
import type { Decision } from '../decide/index.ts';

/** Where debug messages go; replace it to route them into the page's own logging. */
export type Logger = (level: 'debug' | 'warn' | 'error', message: string, detail?: unknown) => void;

export interface EdgewiseOptions {
  /** Site id, e.g. "acme". */
  site: string;
  /** Origin of the Edgewise edge, e.g. "https://edge.example" (the script tag defaults it to its own origin). */
  api: string;
  /** Log through `logger` (default: the console). Off by default: the SDK is silent in production. */
  debug?: boolean;
  logger?: Logger;
  /** Read GA4 pushes from `window.dataLayer` (true) or from the named array. */
  dataLayer?: boolean | string;
  /** First visit: how long decide() waits for the config before the page keeps its default content. */
  configTimeoutMs?: number;
  /** Consent mode assumed until the site's config says otherwise. Default "required": nothing stored before. */
  consent?: 'required' | 'implied';
  /** Event retention by age (days, default 90) and count (default 5,000). */
  retentionDays?: number;
  maxEvents?: number;
  /** "memory" never touches IndexedDB. */
  storage?: 'auto' | 'memory';
  /**
   * Decide and fill `data-edgewise-slot` elements and `<edgewise-slot name>` elements by themselves (the script
   * tag turns it on unless `data-render-slots="false"`). Off: the page calls decide() and renders.
   */
  renderSlots?: boolean;
  /** The small default look of rendered slots (the `edgewise-*` classes). Default true. */
  slotStyle?: boolean;
  /** Renders an offer in a slot instead of the SDK: for a framework's own components. */
  render?: (element: Element, decision: Decision) => void;
  /** Longest time a slot stays hidden waiting for its decision (anti-flicker), in ms. Default 300. */
  flickerMs?: number;
  /**
   * QA preview: show what a personalised shopper sees, past the global holdout and experiment arms, and store or
   * report nothing about it. `{ hero: 'women-15' }` also forces that offer into the slot. The script tag turns it
   * on with `?edgewise-preview` in the page URL.
   */
  preview?: boolean | Record<string, string>;
  /** For tests and simulation. */
  fetch?: typeof fetch;
  now?: () => number;
  random?: () => number;
}

export type ResolvedOptions = Required<Omit<EdgewiseOptions, 'fetch' | 'logger' | 'preview' | 'render'>> & Pick<EdgewiseOptions, 'fetch' | 'render'> & {
  logger: Logger;
  preview: Record<string, string> | null;
};

/** The default logger: the console, prefixed [edgewise]. */
export const consoleLogger: Logger = (level, message, detail) =>
  // eslint-disable-next-line no-console
  console[level === 'debug' ? 'log' : level]('[edgewise]', message, ...(detail === undefined ? [] : [detail]));

const fail = (field: string, expected: string, received: unknown) => {
  throw new TypeError(`createEdgewise: ${field}: expected ${expected}, received ${JSON.stringify(received) ?? typeof received}`);
};

/**
 * Checks the required fields and fills defaults: all the script tag needs, since it sets the rest itself.
 * @example withDefaults({ site: 'acme', api: 'https://edge.example' })
 */
export function withDefaults(o: EdgewiseOptions): ResolvedOptions {
  if (!o || typeof o !== 'object') fail('options', 'an object', o);
  if (typeof o.site !== 'string' || !/^[a-z0-9][a-z0-9_-]{0,63}$/i.test(o.site)) fail('site', 'a site id such as "acme"', o.site);
  if (typeof o.api !== 'string' || !/^(https?:\/\/[^/\s]+)?\/?$/.test(o.api)) fail('api', 'an origin such as "https://edge.example"', o.api);
  return {
    site: o.site, api: o.api.replace(/\/$/, ''), debug: !!o.debug, logger: o.logger ?? consoleLogger,
    dataLayer: o.dataLayer ?? false, configTimeoutMs: o.configTimeoutMs ?? 1500, consent: o.consent ?? 'required',
    retentionDays: o.retentionDays ?? 90, maxEvents: o.maxEvents ?? 5000, storage: o.storage ?? 'auto',
    renderSlots: !!o.renderSlots, slotStyle: o.slotStyle !== false, render: o.render, flickerMs: o.flickerMs ?? 300, fetch: o.fetch,
    preview: o.preview === true ? {} : o.preview || null,
    now: o.now ?? Date.now, random: o.random ?? Math.random,
  };
}

/**
 * Validates every option and fills defaults. Throws a TypeError naming the field: only the factory throws.
 * @example resolveOptions({ site: 'acme', api: 'https://edge.example', consent: 'implied' })
 */
export function resolveOptions(o: EdgewiseOptions): ResolvedOptions {
  const count: [(v: unknown) => boolean, string] = [(v) => typeof v === 'number' && v >= 0, 'a non-negative number'];
  const checks: Record<string, [(v: unknown) => boolean, string]> = {
    configTimeoutMs: count, retentionDays: count, maxEvents: count, flickerMs: count,
    consent: [(v) => v === 'required' || v === 'implied', '"required" or "implied"'],
    storage: [(v) => v === 'auto' || v === 'memory', '"auto" or "memory"'],
    logger: [(v) => typeof v === 'function', 'a function'],
    render: [(v) => typeof v === 'function', 'a function (element, decision) => void'],
    dataLayer: [(v) => typeof v === 'boolean' || typeof v === 'string', 'a boolean or an array name'],
    preview: [(v) => typeof v === 'boolean' || (!!v && typeof v === 'object' && Object.values(v).every((x) => typeof x === 'string')), 'a boolean or { slot: offerId }'],
  };
  const resolved = withDefaults(o);
  const known = [...Object.keys(resolved), 'logger', 'fetch', 'render', 'preview'];
  for (const key in o) if (!known.includes(key)) throw new TypeError(`createEdgewise: unknown option "${key}".${didYouMean(key, known)}`);
  for (const key in checks) {
    const value = (o as unknown as Record<string, unknown>)[key];
    if (value !== undefined && !checks[key]![0](value)) fail(key, checks[key]![1], value);
  }
  return resolved;
}
