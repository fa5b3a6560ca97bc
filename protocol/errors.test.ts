// The one error shape lists every problem of a body, not only the first.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { siteConfigSchema, zodErrorBody } from './index.ts';

const demo = () => JSON.parse(readFileSync(new URL('../demo/site-config.json', import.meta.url), 'utf8'));

describe('zodErrorBody', () => {
  it('names the first problem and lists all of them with their paths', () => {
    const bad = demo();
    bad.offers[3].margin = 'high';
    bad.attributionDays = 200;
    bad.globalHoldout = 2;
    const body = zodErrorBody('invalid_config', siteConfigSchema.safeParse(bad).error!);
    expect(body.error.message).toMatch(/ \(and 2 more\)$/);
    expect(body.error.issues!.map((i) => i.path)).toEqual(expect.arrayContaining([['offers', 3, 'margin'], ['globalHoldout'], ['attributionDays']]));
    expect(body.error.issues).toHaveLength(3);
    expect(body.error.path).toEqual(body.error.issues![0]!.path);
  });

  it('leaves issues out for a single problem', () => {
    const bad = demo();
    bad.globalHoldout = 2;
    expect(zodErrorBody('invalid_config', siteConfigSchema.safeParse(bad).error!).error.issues).toBeUndefined();
  });
});
