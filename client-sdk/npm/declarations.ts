// The npm package's type declarations without zod: tsc's declarations of the SDK, with every protocol type that
// zod infers (`export type Offer = z.infer<typeof offerSchema>`) written out as a plain type generated from the
// schema itself (through its JSON Schema), and the schemas left out. The shapes stay defined once, in protocol/;
// a test holds the generated types equal to zod's. Run at build time by npm/build.mjs.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import * as protocol from '../../protocol/index.ts';

type JsonSchema = {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema | false;
  prefixItems?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  $ref?: string;
};

const indent = (text: string, by: string) => text.replace(/\n/g, `\n${by}`);
const doc = (text: string | undefined, by: string) => (text ? `/** ${text.replace(/\*\//g, '*\\/')} */\n${by}` : '');
const key = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name));

/**
 * A TypeScript type for a JSON Schema as `z.toJSONSchema` writes one (inline, no `$ref`), with descriptions as
 * JSDoc on properties.
 * @example typeFromJsonSchema({ type: 'object', properties: { a: { type: 'number' } }, required: ['a'] }) // '{\n  a: number;\n}'
 */
export function typeFromJsonSchema(schema: JsonSchema | boolean): string {
  if (schema === true || (typeof schema === 'object' && Object.keys(schema).filter((k) => k !== 'description' && k !== 'default').length === 0)) return 'unknown';
  if (schema === false) return 'never';
  if (schema.$ref) throw new Error(`declarations: $ref ${schema.$ref} is not supported; keep the schema inline`);
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return [...new Set(union.map((s) => typeFromJsonSchema(s)))].map((t) => (t.includes('\n') || !t.includes('|') ? t : `(${t})`)).join(' | ');
  if (Array.isArray(schema.type)) return schema.type.map((type) => typeFromJsonSchema({ ...schema, type })).join(' | ');
  switch (schema.type) {
    case 'string': return 'string';
    case 'number':
    case 'integer': return 'number';
    case 'boolean': return 'boolean';
    case 'null': return 'null';
    case 'array':
      if (schema.prefixItems) return `[${schema.prefixItems.map((s) => typeFromJsonSchema(s)).join(', ')}]`;
      return `Array<${schema.items ? typeFromJsonSchema(schema.items) : 'unknown'}>`;
    case 'object': {
      const required = new Set(schema.required ?? []);
      const lines = Object.entries(schema.properties ?? {}).map(
        ([name, s]) => `${doc(s.description, '  ')}${key(name)}${required.has(name) ? '' : '?'}: ${indent(typeFromJsonSchema(s), '  ')};`,
      );
      const extra = schema.additionalProperties;
      if (extra && typeof extra === 'object') lines.push(`[key: string]: ${indent(typeFromJsonSchema(extra), '  ')};`);
      else if (extra === true || (extra === undefined && !schema.properties)) lines.push('[key: string]: unknown;');
      return lines.length ? `{\n  ${lines.join('\n  ')}\n}` : '{}';
    }
    default:
      throw new Error(`declarations: JSON Schema type ${JSON.stringify(schema.type)} is not supported`);
  }
}

/** The type text of `z.infer|output|input<typeof schema>`, for a schema exported from protocol/index.ts. */
export function protocolType(schemaName: string, io: 'input' | 'output'): string {
  const schema = (protocol as Record<string, unknown>)[schemaName];
  if (!(schema instanceof z.ZodType)) throw new Error(`declarations: ${schemaName} is not a zod schema exported from protocol/index.ts`);
  return typeFromJsonSchema(z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema);
}

/**
 * A declaration file's top-level statements, each with the comments before it. Strings, comments and brackets
 * are skipped over; a statement ends at a `;` outside brackets, or at the `}` that closes an interface, class,
 * namespace or enum.
 */
export function statements(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '/' && text[i + 1] === '/') i = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
    else if (c === '/' && text[i + 1] === '*') i = text.indexOf('*/', i + 2) + 1;
    else if (c === '"' || c === "'" || c === '`') {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
    } else if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') {
      depth--;
      // The block of an interface, class, namespace or enum ends its statement; any other statement ends at `;`.
      const head = text.slice(start, i).replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '').trimStart();
      if (depth === 0 && c === '}' && /^(export\s+)?(declare\s+)?(abstract\s+)?(interface|class|namespace|module|enum)\b/.test(head)) {
        out.push(text.slice(start, i + 1));
        start = i + 1;
      }
    } else if (c === ';' && depth === 0) {
      out.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (text.slice(start).trim()) out.push(text.slice(start));
  return out;
}

const ZOD_ALIAS = /export type (\w+) = z\.(infer|output|input)<typeof (\w+)>;/;

/**
 * One protocol declaration file without zod: inferred types written out, schemas and zod-typed functions left out.
 * @example withoutZod(readFileSync('dist/types/protocol/offers.d.ts', 'utf8'))
 */
export function withoutZod(text: string): string {
  const kept: string[] = [];
  for (const statement of statements(text)) {
    const alias = ZOD_ALIAS.exec(statement);
    if (alias) {
      const [, name, io, schema] = alias;
      const comment = statement.slice(0, statement.indexOf('export type')).trimEnd();
      kept.push(`${comment}\nexport type ${name} = ${protocolType(schema!, io === 'input' ? 'input' : 'output')};`);
    } else if (!/\bz\.|from ['"]zod['"]/.test(statement)) kept.push(statement);
  }
  return `${kept.join('').trim()}\n`;
}

const SPECIFIER = /(from\s+|import\()(['"])(\.{1,2}\/[^'"]+?)\.ts\2/g;

/** Names a declaration file exports (declared or re-exported). */
function exportedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/export\s+(?:declare\s+)?(?:abstract\s+)?(?:const|let|function|class|interface|type|enum|namespace)\s+(\w+)/g)) names.add(m[1]!);
  for (const m of text.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g))
    for (const part of m[1]!.split(',')) {
      const name = part.trim().replace(/^type\s+/, '').split(/\s+as\s+/).pop();
      if (name) names.add(name);
    }
  return names;
}

/**
 * The package's declarations: every file `entry` reaches, zod-free, with `.ts` specifiers as `.js` (what
 * resolution in `bundler`, `node16` and `nodenext` mode maps to the `.d.ts` beside it). Re-exports of what was
 * left out (the schemas) are dropped. Returns the files written.
 * @example writePackageDeclarations('tmp/types', 'client-sdk/src/index.d.ts', 'client-sdk/dist/types')
 */
export function writePackageDeclarations(emitted: string, entry: string, outDir: string): string[] {
  const texts = new Map<string, string>();
  const queue = [path.join(emitted, entry)];
  rmSync(outDir, { recursive: true, force: true });
  while (queue.length) {
    const file = queue.shift()!;
    if (texts.has(file)) continue;
    if (!existsSync(file)) throw new Error(`declarations: ${file} is imported but was not emitted`);
    let text = readFileSync(file, 'utf8');
    if (/from ['"]zod['"]/.test(text)) text = withoutZod(text);
    if (/\bzod\b|\bz\.Zod/.test(text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''))) throw new Error(`declarations: ${file} still refers to zod`);
    for (const match of text.matchAll(/from\s+['"]([^.'"][^'"]*)['"]/g)) throw new Error(`declarations: ${file} imports the package "${match[1]}"`);
    texts.set(file, text);
    for (const match of text.matchAll(SPECIFIER)) queue.push(path.resolve(path.dirname(file), `${match[3]}.d.ts`));
  }
  const names = new Map([...texts].map(([file, text]) => [file, exportedNames(text)]));
  for (const [file, text] of texts) {
    // `export { offerSchema, type Offer } from './offers.ts'`: keep only what the file still exports.
    let out = text.replace(/export\s+(type\s+)?\{([^}]*)\}\s+from\s+(['"])(\.{1,2}\/[^'"]+?)\.ts\3;?/g, (_all, type: string | undefined, list: string, q: string, spec: string) => {
      const target = names.get(path.resolve(path.dirname(file), `${spec}.d.ts`))!;
      const kept = list.split(',').map((p) => p.trim()).filter((p) => p && target.has(p.replace(/^type\s+/, '').split(/\s+as\s+/)[0]!));
      return kept.length ? `export ${type ?? ''}{ ${kept.join(', ')} } from ${q}${spec}.ts${q};` : '';
    });
    if (!/^\s*(export|import)\b/m.test(out)) out += '\nexport {};\n';
    const target = path.join(outDir, path.relative(emitted, file));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, out.replace(SPECIFIER, '$1$2$3.js$2'));
  }
  return [...texts.keys()].map((file) => path.relative(emitted, file));
}
