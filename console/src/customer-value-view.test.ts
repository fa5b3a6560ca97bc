// The customer-value view's words for the model in use.
import { describe, expect, it } from 'vitest';
import { customerValueSchema } from '../../protocol/index.ts';
import { modelLines } from './customer-value-view.ts';

describe('modelLines', () => {
  it('says the parameters, how lifetime value is counted, the tier thresholds and where the fit comes from', () => {
    const cv = customerValueSchema.parse({
      timeUnit: 'week', bgnbd: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, gammaGamma: { p: 6.25, q: 3.74, gamma: 15.44 }, margin: 0.3,
      tiers: { value: { medium: 20, high: 80 }, potential: { medium: 40, high: 150 } },
      fitted: { source: 'histogram', at: '2026-11-30T10:00:00Z', customers: 12345 },
    });
    expect(modelLines(cv, 'USD')).toEqual([
      'BG/NBD (weeks): r = 0.243, α = 4.414, a = 0.793, b = 2.426',
      'Gamma-Gamma: p = 6.25, q = 3.74, γ = 15.44; a new shopper\'s expected purchase 35.22 USD',
      'Lifetime value: margin 30% of purchases expected in 365 days, discounted at 10% a year',
      'Value tier (clv): medium from 20 USD, high from 80 USD',
      'Attrition risk (1 − P(alive)): medium from 30%, high from 60%',
      'Potential tier (clv if still active): medium from 40 USD, high from 150 USD',
      'Fitted from devices\' randomised reports of 12,345 shoppers, 2026-11-30.',
    ]);
  });
});
