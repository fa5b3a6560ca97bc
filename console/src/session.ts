// Sign-in and site memory: the token lives in sessionStorage (gone when the tab closes, never in a URL); the
// sites opened before live in localStorage (ids only, no secret).

const TOKEN_KEY = 'edgewise.admin.token';
const SITES_KEY = 'edgewise.admin.sites';
const MAX_SITES = 10;

/** Browser storage, or null where it is blocked (privacy modes throw on access). */
function store(kind: 'sessionStorage' | 'localStorage'): Storage | null {
  try {
    return globalThis[kind] ?? null;
  } catch {
    return null;
  }
}

export function readToken(): string | null {
  return store('sessionStorage')?.getItem(TOKEN_KEY) ?? null;
}

export function saveToken(token: string): void {
  store('sessionStorage')?.setItem(TOKEN_KEY, token);
}

export function forgetToken(): void {
  store('sessionStorage')?.removeItem(TOKEN_KEY);
}

/** Sites opened before, most recent first. */
export function recentSites(): string[] {
  try {
    const list = JSON.parse(store('localStorage')?.getItem(SITES_KEY) ?? '[]') as unknown;
    return Array.isArray(list) ? list.filter((s): s is string => typeof s === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * Moves `site` to the front of the recent list.
 * @example rememberSite('demo')
 */
export function rememberSite(site: string): void {
  const list = [site, ...recentSites().filter((s) => s !== site)].slice(0, MAX_SITES);
  store('localStorage')?.setItem(SITES_KEY, JSON.stringify(list));
}
