// Arms, outcomes and splits: ignored rows counted, unknown columns and single arms named.
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../data/csv.ts';
import { parseArm, selectArms, split } from './dataset.ts';

const table = parseCsv('arm,x,y\nA,1,1\nB,2,0\nC,3,1\nA,4,\nB,5,yes\nA,6,false');

describe('selectArms', () => {
  it('keeps treatment and control rows, ignoring other arms and missing outcomes', () => {
    const r = selectArms(table, parseArm('arm=A', '--treatment'), parseArm('arm=B', '--control'), 'y');
    expect(r.table.rows.map((row) => row[1])).toEqual(['1', '2', '5', '6']);
    expect(Array.from(r.treated)).toEqual([1, 0, 0, 1]);
    expect(Array.from(r.y)).toEqual([1, 0, 1, 0]);
    expect(r.ignored).toEqual({ neitherArm: 1, missingOutcome: 1 });
  });

  it('names unknown columns and a data set with one arm only', () => {
    expect(() => selectArms(table, { column: 'group', value: 'A' }, { column: 'arm', value: 'B' }, 'y')).toThrow('unknown treatment column "group"');
    expect(() => selectArms(table, { column: 'arm', value: 'A' }, { column: 'arm', value: 'B' }, 'outcome')).toThrow('unknown outcome column "outcome"');
    expect(() => selectArms(table, { column: 'arm', value: 'A' }, { column: 'arm', value: 'Z' }, 'y')).toThrow(
      'one arm only: 2 rows match --treatment arm=A and 0 match --control arm=Z',
    );
  });

  it('rejects a non-binary outcome by row', () => {
    expect(() => selectArms(parseCsv('arm,y\nA,1\nB,maybe'), { column: 'arm', value: 'A' }, { column: 'arm', value: 'B' }, 'y')).toThrow(
      'outcome column "y", data row 2: expected a number, true/false or yes/no, received "maybe"',
    );
  });
});

describe('parseArm and split', () => {
  it('parses COL=VALUE with "=" in the value, and rejects a bare name', () => {
    expect(parseArm('segment=a=b', '--treatment')).toEqual({ column: 'segment', value: 'a=b' });
    expect(() => parseArm('segment', '--control')).toThrow('--control: expected COLUMN=VALUE, received "segment"');
  });

  it('splits reproducibly and disjointly', () => {
    const a = split(100, 0.3, 5);
    expect(a).toEqual(split(100, 0.3, 5));
    expect(a.test).toHaveLength(30);
    expect(new Set([...a.train, ...a.test]).size).toBe(100);
    expect(split(100, 0.3, 6).test).not.toEqual(a.test);
  });
});
