import { describe, expect, it } from 'vitest';
import { esc, intervalChart, lineChart, pacingChart } from './charts.ts';

describe('intervalChart', () => {
  const svg = intervalChart({
    id: 'e1',
    title: 'Conversion <rate>',
    rows: [
      { label: 'control', value: 0.1, lo: 0.08, hi: 0.12, control: true },
      { label: 'personalised', value: 0.15, lo: 0.12, hi: 0.18 },
      { label: 'holdout', value: null, lo: null, hi: null, note: 'hidden: fewer than 20 reports' },
    ],
  });
  it('has a text alternative with every number, escaped', () => {
    expect(svg).toContain('<title id="e1-t">Conversion &lt;rate&gt;</title>');
    expect(svg).toContain('control (control): 10.0%, interval 8.0% to 12.0%; personalised: 15.0%, interval 12.0% to 18.0%; holdout: hidden');
    expect(svg).toContain('aria-labelledby="e1-t e1-d"');
  });
  it('tells control apart by shape and label, not colour', () => {
    expect(svg.match(/<rect [^>]*class="point control"/g)).toHaveLength(1);
    expect(svg.match(/<circle [^>]*class="point"/g)).toHaveLength(1);
    expect(svg).toContain('15.0% [12.0%, 18.0%]');
    expect(svg).toContain('hidden: fewer than 20 reports');
  });
});

describe('lineChart', () => {
  it('gives each series its own dash and marker and labels its last value', () => {
    const svg = lineChart({
      id: 'p',
      title: 'Prices',
      series: [
        { name: 'a', points: [[0, 1], [1000, 2]] },
        { name: 'b', points: [[0, 0.5], [1000, 0.5]] },
      ],
    });
    expect(svg).toContain('<g class="series s0"><path d="M56 116H476V16H476" fill="none"/>');
    expect(svg).toContain('stroke-dasharray="6 3"');
    expect(svg).toContain('>a 2.00</text>');
    expect(svg).toContain('>b 0.50</text>');
    expect(svg.match(/<circle/g)).toHaveLength(2);
    expect(svg.match(/<rect/g)).toHaveLength(2);
  });
});

describe('pacingChart', () => {
  it('says whether spend is ahead of, on or behind plan', () => {
    expect(pacingChart({ id: 'x', budget: 1000, spent: 600, expectedShare: 0.4, currency: 'EUR' })).toContain('ahead of plan');
    expect(pacingChart({ id: 'x', budget: 1000, spent: 410, expectedShare: 0.4, currency: 'EUR' })).toContain('(on plan)');
    expect(pacingChart({ id: 'x', budget: 1000, spent: 100, expectedShare: 0.4, currency: 'EUR' })).toContain('Spent about 100 EUR of 1000 EUR; by now the plan expects 400 EUR (behind plan)');
  });
});

it('esc escapes markup', () => expect(esc(`<a href="x">'&`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;'));
