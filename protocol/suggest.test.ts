// "Did you mean" picks a typo's intended name and stays quiet for words that are not close to any.
import { describe, expect, it } from 'vitest';
import { didYouMean, didYouMeanAny } from './suggest.ts';

const COMMANDS = ['pull', 'push', 'publish', 'rollback', 'results', 'versions', 'simulate', 'stats', 'score', 'evaluate', 'optimize'];

describe('didYouMean', () => {
  it('suggests the intended command for common typos', () => {
    expect(didYouMean('pusb', COMMANDS)).toBe(' Did you mean "push"?');
    expect(didYouMean('psuh', COMMANDS)).toBe(' Did you mean "push"?');
    expect(didYouMean('rolback', COMMANDS)).toBe(' Did you mean "rollback"?');
    expect(didYouMean('version', COMMANDS)).toBe(' Did you mean "versions"?');
    expect(didYouMean('optimise', COMMANDS)).toBe(' Did you mean "optimize"?');
    expect(didYouMean('simul', COMMANDS)).toBe(' Did you mean "simulate"?');
    expect(didYouMean('--sit', ['--site', '--url'], '')).toBe(' Did you mean --site?');
  });

  it('suggests nothing for a word far from every name', () => {
    expect(didYouMean('deploy', COMMANDS)).toBe('');
    expect(didYouMean('colour', ['site', 'api', 'debug', 'renderSlots'])).toBe('');
  });
});

describe('didYouMeanAny', () => {
  it('names every close name after a semicolon, or nothing', () => {
    expect(didYouMeanAny('probabilty', ['probabilities', 'probability', 'label'])).toBe('; did you mean probability, probabilities?');
    expect(didYouMeanAny('uplift', ['label', 'scores'])).toBe('');
  });
});
