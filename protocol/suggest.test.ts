// "Did you mean" picks a typo's intended name and stays quiet for words that are not close to any.
import { describe, expect, it } from 'vitest';
import { closest, didYouMean, editDistance } from './suggest.ts';

const COMMANDS = ['pull', 'push', 'publish', 'rollback', 'results', 'versions', 'simulate', 'stats', 'score', 'evaluate', 'optimize'];

describe('closest', () => {
  it('counts insertions, deletions, substitutions and swapped neighbours as one edit each', () => {
    expect(editDistance('push', 'push')).toBe(0);
    expect(editDistance('pusb', 'push')).toBe(1);
    expect(editDistance('psuh', 'push')).toBe(1);
    expect(editDistance('publsh', 'publish')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests the intended command for common typos', () => {
    expect(closest('pusb', COMMANDS)).toBe('push');
    expect(closest('rolback', COMMANDS)).toBe('rollback');
    expect(closest('version', COMMANDS)).toBe('versions');
    expect(closest('optimise', COMMANDS)).toBe('optimize');
    expect(closest('simul', COMMANDS)).toBe('simulate');
    expect(closest('RESULT', COMMANDS)).toBe('results');
  });

  it('suggests nothing for a word far from every name', () => {
    expect(closest('deploy', COMMANDS)).toBeUndefined();
    expect(closest('x', COMMANDS)).toBeUndefined();
    expect(didYouMean('deploy', COMMANDS)).toBe('');
    expect(didYouMean('pusb', COMMANDS)).toBe(' Did you mean "push"?');
  });
});
