// The site config's customerValue section: defaults, and errors that name the field a marketer must fix.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { customerValueSchema, siteConfigSchema, zodErrorBody } from './index.ts';

const demo = JSON.parse(readFileSync(new URL('../demo/site-config.json', import.meta.url), 'utf8'));
const section = {
  timeUnit: 'week',
  bgnbd: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
  gammaGamma: { p: 6.25, q: 3.74, gamma: 15.44 },
  margin: 0.3,
  tiers: { value: { medium: 20, high: 80 }, potential: { medium: 40, high: 150 } },
};

describe('customerValueSchema', () => {
  it('fills the horizon, discount rate and attrition thresholds', () => {
    const parsed = customerValueSchema.parse(section);
    expect(parsed).toMatchObject({ horizonDays: 365, annualDiscountRate: 0.1, tiers: { attrition: { medium: 0.3, high: 0.6 } } });
  });

  it('is optional in a site config and validated there, with the path of the bad field', () => {
    expect(siteConfigSchema.parse(demo).customerValue).toEqual(demo.customerValue === undefined ? undefined : expect.anything());
    const bad = { ...structuredClone(demo), customerValue: { ...section, gammaGamma: { p: 6.25, q: 0.9, gamma: 15 } } };
    const body = zodErrorBody('invalid_config', siteConfigSchema.safeParse(bad).error!);
    expect(body.error.path).toEqual(['customerValue', 'gammaGamma', 'q']);
    expect(body.error.message).toContain('expected q > 1');
  });

  it('refuses a report whose ε the daily budget can never allow, at its path', () => {
    const bad = { ...structuredClone(demo), customerValue: { ...section, report: { epsilon: 9 } } };
    const body = zodErrorBody('invalid_config', siteConfigSchema.safeParse(bad).error!);
    expect(body.error.path).toEqual(['customerValue', 'report', 'epsilon']);
    expect(body.error.message).toContain('privacy.dailyEpsilon (7) would never allow it');
    expect(siteConfigSchema.parse({ ...bad, customerValue: { ...section, report: {} } }).customerValue!.report).toMatchObject({ epsilon: 3, periodDays: 28 });
  });

  it.each([
    [{ tiers: { ...section.tiers, value: { medium: 90, high: 80 } } }, ['tiers', 'value', 'high'], 'expected medium <= high'],
    [{ tiers: { ...section.tiers, attrition: { medium: 0.5, high: 1.5 } } }, ['tiers', 'attrition', 'high'], 'between 0 and 1'],
    [{ bgnbd: { ...section.bgnbd, alpha: -1 } }, ['bgnbd', 'alpha'], 'expected number to be >0'],
    [{ margin: 1.2 }, ['margin'], 'expected number to be <=1'],
    [{ timeUnit: 'month' }, ['timeUnit'], 'expected one of "day"|"week"'],
  ])('rejects %j at its path', (change, path, message) => {
    const result = customerValueSchema.safeParse({ ...section, ...change });
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0]!;
    expect(issue.path).toEqual(path);
    expect(issue.message).toContain(message);
  });
});
