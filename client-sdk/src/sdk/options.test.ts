// Options: checked when the factory is called, with messages that name the field.
import { describe, expect, it } from 'vitest';
import { resolveOptions, withDefaults } from './options.ts';

describe('options', () => {
  it('fills defaults', () => {
    expect(withDefaults({ site: 'acme', api: 'https://edge.example/' })).toMatchObject({
      site: 'acme', api: 'https://edge.example', debug: false, consent: 'required', retentionDays: 90, maxEvents: 5000,
      flickerMs: 300, configTimeoutMs: 1500, storage: 'auto', dataLayer: false,
    });
    expect(withDefaults({ site: 'acme', api: '' }).api).toBe('');
  });

  it('names the field, what was expected and what was received', () => {
    expect(() => resolveOptions({ site: 'acme', api: 'https://e.x', consent: 'maybe' as never })).toThrow(
      'createEdgewise: consent: expected "required" or "implied", received "maybe"');
    expect(() => resolveOptions({ site: 'acme', api: 'https://e.x', maxEvents: '5' as never })).toThrow(
      'createEdgewise: maxEvents: expected a non-negative number, received "5"');
    expect(() => resolveOptions({ site: 'acme', api: 'https://e.x', logger: 1 as never })).toThrow('logger: expected a function');
    expect(() => resolveOptions(undefined as never)).toThrow('options: expected an object');
    expect(() => withDefaults({ site: '', api: '' })).toThrow('site: expected a site id such as "acme", received ""');
  });

  it('refuses an unknown option, suggesting the one meant', () => {
    expect(() => resolveOptions({ site: 'acme', api: 'https://e.x', rendrSlots: true } as never)).toThrow(
      'createEdgewise: unknown option "rendrSlots". Did you mean "renderSlots"?');
    expect(() => resolveOptions({ site: 'acme', api: 'https://e.x', colour: 'red' } as never)).toThrow(/unknown option "colour"\.$/);
    expect(resolveOptions({ site: 'acme', api: 'https://e.x', preview: { hero: 'women-15' }, slotStyle: false, render: () => {} })).toMatchObject({
      preview: { hero: 'women-15' }, slotStyle: false,
    });
  });
});
