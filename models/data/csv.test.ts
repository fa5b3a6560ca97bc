// CSV reading and writing: line ends, quoting, missing cells, and errors that name the row.
import { describe, expect, it } from 'vitest';
import { columnIndex, formatCsv, parseCsv } from './csv.ts';

describe('parseCsv', () => {
  it('reads CRLF and LF alike, without a final newline', () => {
    const lf = parseCsv('a,b\n1,2\n3,4');
    const crlf = parseCsv('a,b\r\n1,2\r\n3,4\r\n');
    expect(lf).toEqual({ columns: ['a', 'b'], rows: [['1', '2'], ['3', '4']] });
    expect(crlf).toEqual(lf);
  });

  it('handles quoted fields with commas, quotes and newlines, and empty cells as missing', () => {
    const t = parseCsv('name,note,n\r\n"Smith, J","said ""hi""\nthen left",\r\n"",x,5');
    expect(t.rows).toEqual([['Smith, J', 'said "hi"\nthen left', null], ['', 'x', '5']]);
  });

  it('strips a byte-order mark and names blank headers', () => {
    expect(parseCsv('\ufeffa,\n1,2').columns).toEqual(['a', 'column_2']);
  });

  it('names the row whose field count is wrong, and an unclosed quote', () => {
    expect(() => parseCsv('a,b\n1,2\n3')).toThrow('data row 2 has 1 fields; expected 2');
    expect(() => parseCsv('a\n"open')).toThrow('quoted field is not closed');
    expect(() => parseCsv('')).toThrow('empty');
  });

  it('lists the columns when one is unknown', () => {
    expect(() => columnIndex(parseCsv('a,b\n1,2'), 'c', 'outcome column')).toThrow('unknown outcome column "c"; the data has columns: a, b');
  });
});

describe('formatCsv', () => {
  it('round-trips through parseCsv', () => {
    const rows = [['x, y', 'say "no"', null], ['1', '', 'line\nbreak']];
    expect(parseCsv(formatCsv(['a', 'b', 'c'], rows)).rows).toEqual([['x, y', 'say "no"', null], ['1', null, 'line\nbreak']]);
  });
});
