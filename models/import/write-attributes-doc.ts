// Rewrites the profile attribute table of models/README.md from PROFILE_ATTRIBUTES:
// node models/run-ts.mjs models/import/write-attributes-doc.ts
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { withAttributesTable } from './attributes-table.ts';

const file = path.join(process.env.EDGEWISE_ROOT ?? process.cwd(), 'models', 'README.md');
writeFileSync(file, withAttributesTable(readFileSync(file, 'utf8')));
process.stdout.write(`rewrote the profile attribute table of ${file}\n`);
