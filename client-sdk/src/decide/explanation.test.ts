// What makes an offer show is one text: explain() ends with WHAT_MAKES_AN_OFFER_SHOW, and both READMEs quote it
// word for word, so a change to the rule changes them all or fails here. And the rule holds: an offer a model
// scores shows without any upliftPrior; without the model, the same offer never does.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { demoModel } from '../../../models/demo/folders.ts';
import type { DeviceModel } from '../../../protocol/index.ts';
import { applyEvent, emptyState, refresh } from '../profile/index.ts';
import { clearModels } from '../scoring/index.ts';
import { demoConfig } from '../testing/fixtures.ts';
import { WHAT_MAKES_AN_OFFER_SHOW } from './explanation.ts';
import { compileOffers, decideSlot } from './index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** A Markdown file's prose as one line: block-quote markers and line breaks become single spaces. */
const prose = (file: string) => readFileSync(path.join(root, file), 'utf8').replace(/^\s*> ?/gm, '').replace(/\s+/g, ' ');

describe('WHAT_MAKES_AN_OFFER_SHOW', () => {
  it.each(['README.md', 'client-sdk/README.md'])('is quoted word for word in %s', (file) => {
    expect(prose(file).includes(WHAT_MAKES_AN_OFFER_SHOW), `${file} does not quote WHAT_MAKES_AN_OFFER_SHOW as it is now`).toBe(true);
  });

});

describe('the rule, as decisions follow it', () => {
  const NOW = Date.parse('2026-11-20T12:00:00Z');
  const pooled = demoModel('demo-pooled');
  const model: DeviceModel = { ...pooled.manifest, url: `/v1/models/${pooled.manifest.sha256}` };
  beforeEach(() => clearModels());

  /** A first visit that viewed three womenswear items, decided with no upliftPrior on any offer and no edge price. */
  async function decideWith(models: DeviceModel[]) {
    const config = demoConfig({ globalHoldout: 0, experiments: [], models });
    config.offers = config.offers.map((o) => ({ ...o, upliftPrior: {} }));
    const state = emptyState(NOW - 3_600_000);
    for (let i = 0; i < 3; i++) applyEvent(state, { t: NOW - 60_000 * (3 - i), type: 'view_item', items: [{ item_id: `w${i}`, item_category: 'women', price: 60 }] });
    return decideSlot({
      config, offers: compileOffers(config), state, profile: refresh(state, NOW), slot: 'hero', deviceKey: 'device-1',
      assignments: new Map(), page: { offers: new Set(), categories: new Set() }, now: NOW, random: () => 0.5,
      models: { fetchBytes: async () => pooled.bytes },
    });
  }

  it('shows an offer the model scores, with no upliftPrior for any segment', async () => {
    const { decision, explanation } = await decideWith([model]);
    expect(decision).not.toBeNull();
    expect(explanation.source).toBe('demo-pooled');
    expect(explanation.value!).toBeGreaterThan(0);
  });

  it('shows nothing without the model, and says why with the rule', async () => {
    const { decision, explanation } = await decideWith([]);
    expect(decision).toBeNull();
    expect(explanation.developer).toMatch(/no upliftPrior for segment "[a-z-]+" and nothing learnt yet, so its uplift is 0/);
    expect(explanation.developer.endsWith(WHAT_MAKES_AN_OFFER_SHOW)).toBe(true);
  });
});
