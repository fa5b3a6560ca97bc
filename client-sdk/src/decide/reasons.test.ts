// The trace keeps codes; the Explanation, the console and the shopper read these words, unchanged from when the
// decision kept the words itself.
import { describe, expect, it } from 'vitest';
import { reasonText } from './reasons.ts';

describe('reasonText', () => {
  it.each([
    ['slot', 'other slot'],
    ['dates', 'outside its validity dates'],
    ['condition', 'eligibility condition not met'],
    ['cap:3:7', 'frequency cap 3 in 7 days reached'],
    ['bought:w-dress-01', 'promotes w-dress-01, bought recently'],
    ['bought:sku:1:red', 'promotes sku:1:red, bought recently'],
    ['page', 'same offer or category already on this page'],
    ['unpublished', 'not in the published config'],
  ])('%s', (code, words) => {
    expect(reasonText(code)).toBe(words);
  });
});
