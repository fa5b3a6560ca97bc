// models/README.md lists every profile attribute, as PROFILE_ATTRIBUTES describes it today.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROFILE_ATTRIBUTES } from '../../protocol/index.ts';
import { withAttributesTable } from './attributes-table.ts';

describe("the data scientist's guide", () => {
  it('carries the profile attribute table generated from PROFILE_ATTRIBUTES', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme, 'run `node models/run-ts.mjs models/import/write-attributes-doc.ts` after changing PROFILE_ATTRIBUTES').toBe(withAttributesTable(readme));
    for (const a of PROFILE_ATTRIBUTES) expect(readme).toContain(`\`${a.path}`);
  });
});
