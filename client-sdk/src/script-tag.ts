// Script-tag entry (IIFE): reads its options from the tag's data attributes, runs the queued commands, and
// replaces the queue stub with the API while keeping `push` working.
import { METHODS, startEdgewise, type Edgewise } from './sdk/index.ts';
import { consoleLogger, withDefaults } from './sdk/options.ts';

type Command = unknown[] | ((api: Edgewise) => unknown);
type Api = Edgewise & { push: (...commands: Command[]) => number };

const w = window as unknown as { edgewise?: unknown };
const script = document.currentScript as HTMLScriptElement | null;
// Data attributes by quoted name: the build's property mangling (build.mjs) renames dotted accesses of the names
// the SDK also uses internally (flickerMs, renderSlots, slotStyle), never quoted ones.
const data: DOMStringMap = script?.dataset ?? {};
const debug = data['debug'] !== undefined && data['debug'] !== 'false';
const log = (message: string, error?: unknown) => debug && consoleLogger('warn', message, error);

/**
 * QA preview from the page URL: `?edgewise-preview` (past the holdout and arms), `?edgewise-preview=hero:women-15`
 * (that offer in that slot), `?edgewise-preview=off`. Kept for the tab's session, so QA can click through the shop.
 */
function preview(): Record<string, string> | null {
  const KEY = 'edgewise-preview';
  let value = new URLSearchParams(location.search).get(KEY);
  try {
    if (value === null) value = sessionStorage.getItem(KEY);
    else if (value === 'off') sessionStorage.removeItem(KEY);
    else sessionStorage.setItem(KEY, value);
  } catch {
    // Storage blocked: the preview lasts for this page.
  }
  // A pair without a colon (`1`, or none) forces nothing.
  return value === null || value === 'off' ? null : Object.fromEntries(value.split(',').map((p) => p.split(':')));
}

let sdk: Edgewise;
try {
  const flickerMs = Number(data['flickerMs'] ?? 300);
  const dataLayer = data['datalayer'];
  sdk = startEdgewise(withDefaults({
    site: data['site'] ?? '',
    api: data['api'] || (script?.src ? new URL(script.src, location.href).origin : location.origin),
    debug,
    ...(dataLayer !== undefined ? { dataLayer: dataLayer || true } : {}),
    flickerMs: flickerMs >= 0 ? flickerMs : 300,
    renderSlots: data['renderSlots'] !== 'false',
    slotStyle: data['slotStyle'] !== 'none',
    preview: preview() ?? false,
  }));
} catch (error) {
  log('not started', error);
  // A misconfigured tag still gives the page an API whose calls resolve (to null), so the shop never breaks.
  sdk = Object.fromEntries(METHODS.map((m) => [m, () => Promise.resolve(null)])) as unknown as Edgewise;
  sdk.ready = Promise.resolve({ storage: 'memory', configVersion: null });
}

function run(command: Command): void {
  try {
    if (typeof command === 'function') void command(api);
    else if (Array.isArray(command) && typeof command[0] === 'string') {
      const method = (sdk as unknown as Record<string, unknown>)[command[0]];
      if (typeof method === 'function') void Promise.resolve(method(...command.slice(1))).catch(() => {});
      else log(`unknown command "${command[0]}"`);
    }
  } catch (error) {
    log('command failed', error);
  }
}

const queued = Array.isArray(w.edgewise) ? (w.edgewise as Command[]) : [];
const api: Api = {
  ...sdk,
  push: (...commands) => {
    commands.forEach(run);
    return 0;
  },
};
w.edgewise = api;
queued.forEach(run);
