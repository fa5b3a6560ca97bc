// Browser tests must fail loudly, with the fix, when no Chromium is installed: never skip silently.
import { describe, expect, it } from 'vitest';
import { chromiumPath } from '../browser/chromium.ts';

describe('chromiumPath', () => {
  it('names how to install Chromium when none is found', () => {
    expect(() => chromiumPath(['/nonexistent/chromium'])).toThrow(/apt-get install -y chromium.*CHROME_PATH/s);
  });

  it('returns the first candidate that exists', () => {
    expect(chromiumPath(['/nonexistent/chromium', process.execPath])).toBe(process.execPath);
  });
});
