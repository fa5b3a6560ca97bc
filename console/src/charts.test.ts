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
    // The two publications are a second apart: spaced by their order, with the axes labelled.
    expect(svg).toContain('<g class="series s0"><path d="M70 116H490V16H490" fill="none"/>');
    expect(svg).toContain('>publication 1</text>');
    expect(svg).toContain('>Publications in order (all within one minute)</text>');
    expect(svg).toContain('stroke-dasharray="6 3"');
    expect(svg).toContain('>a 2.00</text>');
    expect(svg).toContain('>b 0.50</text>');
    expect(svg.match(/<circle/g)).toHaveLength(2);
    expect(svg.match(/<rect/g)).toHaveLength(2);
  });
});

describe('charts read without a legend', () => {
  it('draws the zero line and labels the axes of a lift chart', () => {
    const svg = intervalChart({
      id: 'lift', title: 'Lift', axis: 'Conversion rate minus control\'s, in percentage points (0: no difference)',
      rows: [{ label: 'a', value: 0.02, lo: -0.01, hi: 0.05 }], format: (x) => `${(x * 100).toFixed(1)}`,
    });
    // lo -0.01 .. hi 0.05 over 330 px from x=130: zero at 130 + 330 / 6 = 185.
    expect(svg).toContain('<line x1="185" y1="24" x2="185" y2="68" class="zero"/>');
    expect(svg).toContain('>0.0</text>');
    expect(svg).toContain('class="axis-label" text-anchor="middle">Conversion rate minus control&#39;s, in percentage points (0: no difference)</text>');
  });

  it('puts prices on a time axis when publications are apart, with the y axis named', () => {
    const day = 86_400_000;
    const svg = lineChart({ id: 'p', title: 'Prices', yLabel: 'Price per redemption (EUR)', series: [{ name: 'a', points: [[0, 1], [day, 2]] }] });
    expect(svg).toContain('>1970-01-01 00:00</text>');
    expect(svg).toContain('>Published (UTC)</text>');
    expect(svg).toContain('rotate(-90)" text-anchor="middle" class="axis-label">Price per redemption (EUR)</text>');
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
