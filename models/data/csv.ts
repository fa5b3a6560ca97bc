// CSV reading for training data: RFC 4180 quoting, CRLF or LF (or a missing final newline), empty = missing.

export interface Table {
  columns: string[];
  /** Row-major cells; an empty cell is null (missing). */
  rows: (string | null)[][];
}

/**
 * Parses CSV text with a header row. Errors name the line and the column count expected and received.
 * @example parseCsv('a,b\r\n1,"x, y"\r\n2,') // { columns: ['a', 'b'], rows: [['1', 'x, y'], ['2', null]] }
 */
export function parseCsv(text: string): Table {
  const records: (string | null)[][] = [];
  let record: (string | null)[] = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // byte-order mark from spreadsheet exports
  const endField = () => {
    record.push(field === '' && !wasQuoted ? null : field);
    field = '';
    wasQuoted = false;
  };
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') (field += '"'), i++;
        else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === '') quoted = wasQuoted = true;
    else if (ch === ',') endField();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endField();
      records.push(record);
      record = [];
    } else field += ch;
  }
  if (quoted) throw new Error('CSV: a quoted field is not closed before the end of the file');
  if (field !== '' || wasQuoted || record.length > 0) {
    endField();
    records.push(record);
  }
  const nonEmpty = records.filter((r) => !(r.length === 1 && r[0] === null));
  const header = nonEmpty.shift();
  if (!header) throw new Error('CSV: the file is empty; expected a header row');
  const columns = header.map((c, j) => (c ?? '').trim() || `column_${j + 1}`);
  nonEmpty.forEach((r, n) => {
    if (r.length !== columns.length)
      throw new Error(`CSV: data row ${n + 1} has ${r.length} fields; expected ${columns.length} (as in the header)`);
  });
  return { columns, rows: nonEmpty };
}

/** Index of a column, or an error listing the columns that exist. */
export function columnIndex(table: Table, name: string, role = 'column'): number {
  const j = table.columns.indexOf(name);
  if (j < 0) throw new Error(`unknown ${role} "${name}"; the data has columns: ${table.columns.join(', ')}`);
  return j;
}

/**
 * Writes rows back as CSV, quoting only where needed.
 * @example formatCsv(['a', 'b'], [['1', 'x, y']]) // 'a,b\n1,"x, y"\n'
 */
export function formatCsv(columns: string[], rows: (string | number | null)[][]): string {
  const cell = (v: string | number | null) => {
    const s = v === null ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}
