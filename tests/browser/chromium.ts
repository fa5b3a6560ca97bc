// Launches the system Chromium through playwright-core. Never downloads a browser: a missing one is an error
// that says how to install it, so browser tests are never silently skipped.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];

/** The Chromium executable: $CHROME_PATH, else /usr/bin/chromium. */
export function chromiumPath(
  candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[],
): string {
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found)
    throw new Error(
      'No Chromium found for the browser tests. Install one with `apt-get install -y chromium` ' +
        '(or your system package manager), or set CHROME_PATH to a Chromium or Chrome executable.',
    );
  return found;
}

/** A headless Chromium; close it in afterAll. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
}

/**
 * One Chromium for a test file: launched before its tests, closed after them.
 * @example const browser = useChromium(); const page = await browser().newPage();
 */
export function useChromium(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('Chromium is not running: call useChromium() at the top of a describe block');
    return browser;
  };
}
