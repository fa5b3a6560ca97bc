import { describe, expect, it } from 'vitest';
import { outcomeShadows } from './leakage.ts';

describe('outcomeShadows', () => {
  const rows: (string | null)[][] = [];
  const y: number[] = [];
  for (let i = 0; i < 200; i++) {
    const visited = i % 3 === 0 ? 1 : 0;
    const converted = visited && i % 2 === 0 ? 1 : 0;
    rows.push([String(i % 7), String(converted), converted ? String(20 + i) : '0', i % 5 ? 'Web' : 'Phone', String(visited)]);
    y.push(visited);
  }
  const table = { columns: ['recency', 'conversion', 'spend', 'channel', 'visit'], rows };

  it('finds columns only ever non-zero when the outcome is 1', () => {
    expect(outcomeShadows(table, ['recency', 'conversion', 'spend', 'channel'], y)).toEqual(['conversion', 'spend']);
  });

  it('needs 20 non-zero rows of evidence and ignores columns non-zero everywhere', () => {
    const few = { columns: ['rare'], rows: rows.map((_, i) => [i === 0 ? '1' : '0']) };
    expect(outcomeShadows(few, ['rare'], y)).toEqual([]);
    const all = { columns: ['always'], rows: rows.map(() => ['1']) };
    expect(outcomeShadows(all, ['always'], y.map(() => 1))).toEqual([]);
  });
});
