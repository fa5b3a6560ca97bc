import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SiteConfig } from '../../protocol/index.ts';
import { SAMPLE_PROFILES, completeProfile, previewConfig, previewProfile, slotsOf } from './preview.ts';

const draft = (): SiteConfig => JSON.parse(readFileSync(new URL('../../demo/site-config.json', import.meta.url), 'utf8'));
const NOW = Date.parse('2026-11-20T12:00:00Z');

describe('previewProfile', () => {
  it('puts a VIP in the VIP segment and shows, per arm, what the hero slot gets and why', async () => {
    const config = previewConfig(draft(), { version: 3, prices: { 'vip-early': 0.5 }, posteriors: {} });
    const preview = await previewProfile(config, completeProfile(SAMPLE_PROFILES['VIP, loves womenswear']!), { now: NOW });
    expect(preview.segments[0]).toEqual({ id: 'vip', name: 'VIP customers' });
    expect(preview.segments.map((s) => s.id)).toContain('womenswear');
    const hero = preview.slots.find((s) => s.slot === 'hero')!;
    expect(hero.experiment).toBe('hero-personalisation');
    expect(hero.arms.map((a) => a.arm)).toEqual(['personalised', 'control', 'holdout']);
    const personalised = hero.arms[0]!.explanation;
    const best = hero.candidates[0]!;
    // The chosen offer is the eligible candidate with the best value minus price, and its numbers agree.
    expect(personalised.offerId).toBe(best.offerId);
    expect(personalised.price).toBeCloseTo(best.price ?? 0, 3);
    expect(personalised.value).toBeCloseTo(best.value!, 3);
    expect(personalised.segment).toBe('vip');
    expect(hero.arms[1]!.explanation.offerId).toBeNull();
    expect(hero.arms[1]!.explanation.developer).toMatch(/control arm/);
    expect(hero.arms[2]!.explanation.offerId).toBeNull();
    // welcome-10 is for shoppers with no purchase: excluded, with the reason the device gives.
    expect(hero.candidates.find((c) => c.offerId === 'welcome-10')).toMatchObject({ excluded: 'eligibility condition not met', net: null });
  });

  it('uses the draft, not the published offers: an offer priced out of reach is never chosen', async () => {
    const config = previewConfig(draft(), { version: 1, prices: { 'vip-early': 1e9 }, posteriors: {} });
    const preview = await previewProfile(config, completeProfile(SAMPLE_PROFILES['VIP, loves womenswear']!), { now: NOW });
    const hero = preview.slots[0]!;
    expect(hero.arms[0]!.explanation.offerId).not.toBe('vip-early');
    expect(hero.candidates.find((c) => c.offerId === 'vip-early')!.net).toBeLessThan(0);
  });

  it('shows one row per slot without an experiment and lists every slot', async () => {
    const d = draft();
    d.experiments = [];
    d.offers[0]!.slots = ['hero', 'sidebar'];
    const config = previewConfig(d, null);
    expect(slotsOf(config)).toEqual(['hero', 'sidebar']);
    const preview = await previewProfile(config, completeProfile(SAMPLE_PROFILES['New visitor']!), { now: NOW });
    expect(preview.segments[0]!.id).toBe('new-visitors');
    const sidebar = preview.slots[1]!;
    expect(sidebar.arms).toHaveLength(1);
    expect(sidebar.arms[0]!.arm).toBeNull();
    expect(sidebar.candidates.map((c) => c.offerId)).toEqual(['women-15']);
  });
});
