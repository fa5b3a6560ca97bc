// The forms follow the site config's schema: every field it has is in a form (a new one under "More"), with the
// schema's description as help; errors are put in words; an offer's uplift is turned into what it is worth.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { messageInWords, pathInWords } from './error-words.ts';
import { LAYOUTS, fieldsOf, sectionsOf } from './schema-fields.ts';
import { worthFor } from './widgets.ts';

const schema = JSON.parse(readFileSync(new URL('../../docs/site-config.schema.json', import.meta.url), 'utf8')).oneOf[0];
const demo = JSON.parse(readFileSync(new URL('../../demo/site-config.json', import.meta.url), 'utf8'));

/** Dotted leaf keys of an object schema, as the forms walk it. */
function leafKeys(s: { properties?: Record<string, { properties?: unknown }> }, prefix = ''): string[] {
  return Object.entries(s.properties ?? {}).flatMap(([k, v]) =>
    v.properties && !['eligibility', 'condition', 'upliftPrior', 'savedGroups'].includes(k) ? leafKeys(v as never, `${prefix}${k}.`) : [`${prefix}${k}`]);
}

describe('forms from the schema', () => {
  it.each(['offers', 'segments', 'experiments'] as const)('the %s form has every field of the schema (arms aside, in their table)', (form) => {
    const keys = fieldsOf(form).map((f) => f.key.join('.'));
    const expected = leafKeys(schema.properties[form].items).filter((k) => k !== 'arms');
    expect(new Set(keys)).toEqual(new Set(expected));
  });

  it('puts a field no layout names under "More", and takes help from the schema', () => {
    const laidOut = new Set(Object.values(LAYOUTS).flatMap((l) => l.flatMap((s) => s.keys)));
    const offerSections = sectionsOf('offers');
    const more = offerSections.find((s) => s.title === 'More');
    const unplaced = leafKeys(schema.properties.offers.items).filter((k) => !laidOut.has(k));
    expect((more?.fields ?? []).map((f) => f.key.join('.'))).toEqual(unplaced);
    const margin = fieldsOf('offers').find((f) => f.key.join('.') === 'margin')!;
    expect(margin.help).toBe(schema.properties.offers.items.properties.margin.description);
    expect(offerSections.map((s) => s.title).slice(0, 5)).toEqual(['What the shopper sees', 'The offer', 'Discount and economics', 'When and how often', 'Who gets it']);
  });

  it('says what an ε means for privacy, and gives amounts their currency', () => {
    const epsilon = fieldsOf('settings').find((f) => f.key.join('.') === 'privacy.epsilon')!;
    expect(epsilon.note!(Math.log(3), demo)).toBe('Each device tells the truth about "bought or not" with probability 75%, else the opposite: strong privacy. Lower ε: more privacy, noisier results.');
    expect(epsilon.note!(0.5, demo)).toMatch(/62\.2%.*very strong privacy/);
    const margin = fieldsOf('offers').find((f) => f.key.join('.') === 'margin')!;
    expect(margin.note!(20, demo)).toBe('20.00 EUR');
    const holdout = fieldsOf('settings').find((f) => f.key.join('.') === 'globalHoldout')!;
    expect(holdout.note!(0.05, demo)).toMatch(/^5% of shoppers never see a personalised offer/);
  });
});

describe('errors in words', () => {
  it('names the item and the field instead of a path', () => {
    expect(pathInWords(['offers', 0, 'upliftPrior', 'shoe-fans'], demo)).toBe(`Offer "${demo.offers[0].name}" (${demo.offers[0].id}) › Expected uplift per segment › shoe-fans`);
    expect(pathInWords(['offers', 3, 'margin'], demo)).toBe(`Offer "${demo.offers[3].name}" (${demo.offers[3].id}) › Profit of one purchase before the discount`);
    expect(pathInWords(['segments', 1, 'condition', 'frequency'], demo)).toBe(`Segment "${demo.segments[1].name}" (${demo.segments[1].id}) › Condition: who is in it › frequency`);
    expect(pathInWords(['privacy', 'epsilon'], demo)).toBe('Privacy of the purchase report (ε)');
    expect(pathInWords(['experiments', 0, 'arms', 1, 'weight'], demo)).toBe(`Experiment "${demo.experiments[0].name}" (${demo.experiments[0].id}) › arm 2 › weight`);
  });

  it('rewrites zod\'s phrasing and keeps the edge\'s own words', () => {
    expect(messageInWords('Invalid input: expected number, received string')).toBe('must be a number (it is text now)');
    expect(messageInWords('Too big: expected number to be <=0.5')).toBe('must be at most 0.5');
    expect(messageInWords('Too small: expected number to be >=0')).toBe('must be at least 0');
    expect(messageInWords('Too small: expected string to have >=1 characters')).toBe('must not be empty');
    expect(messageInWords('Invalid option: expected one of "percent"|"amount"')).toBe('must be one of percent, amount');
    expect(messageInWords('Unrecognized key: "colour"')).toBe('"colour" is not a setting here (a typo?)');
    expect(messageInWords('unknown segment "shoe-fans"')).toBe('unknown segment "shoe-fans"');
  });
});

describe('what an uplift makes an offer worth', () => {
  it('uses the one value formula: (pT − pC)·margin − pT·redemptionCost', () => {
    const offer = { margin: 20, discount: { kind: 'amount', value: 5 } };
    // pC 0.05, pT 0.10: 0.05 · 20 − 0.10 · 5 = 0.5.
    expect(worthFor(offer, { id: 'everyone', baseline: 0.05 }, 0.05, {})).toBeCloseTo(0.5, 10);
    // A loyal segment (pC 0.3) at the same uplift: 1 − 0.35 · 5 = −0.75, so the offer never shows there.
    expect(worthFor(offer, { id: 'vip', baseline: 0.3 }, 0.05, {})).toBeCloseTo(-0.75, 10);
    // A percent discount needs the average order value.
    expect(worthFor({ margin: 20, discount: { kind: 'percent', value: 10 } }, { id: 'x' }, 0.02, {})).toBeNull();
  });
});
