// The site config as JSON Schema (docs/site-config.schema.json), for editors and for retailers who keep rules in
// git. Generated from the zod schema; this test fails when the committed file is stale.
// Regenerate with: UPDATE_SCHEMA=1 npx vitest run --config vitest.config.ts protocol/json-schema.test.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { siteConfigSchema } from './index.ts';

const file = new URL('../docs/site-config.schema.json', import.meta.url);

describe('site config JSON Schema', () => {
  it('is up to date with protocol/site-config.ts', () => {
    const schema = z.toJSONSchema(siteConfigSchema, { io: 'input', unrepresentable: 'any' });
    const text = `${JSON.stringify({ title: 'Edgewise site config', ...schema }, null, 2)}\n`;
    if (process.env.UPDATE_SCHEMA) writeFileSync(file, text);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});
