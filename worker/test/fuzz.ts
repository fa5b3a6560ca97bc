// Arbitraries for the fuzz suite: request bodies generated from the protocol's zod schemas (through their JSON
// Schema, as docs/site-config.schema.json is made), valid ones, near-valid ones with one part replaced, and hostile
// JSON. fast-check shrinks a failure to the smallest body that still fails.
import fc from 'fast-check';
import { z } from 'zod';

type Schema = Record<string, any>;

/** Arrays and records are kept short: the work per request, not the body size, is what the fuzz explores. */
const MAX_ITEMS = 3;

function stringArbitrary(schema: Schema): fc.Arbitrary<string> {
  if (schema.format === 'date') return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (schema.format === 'date-time') return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
  return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 40) });
}

function numberArbitrary(schema: Schema, integer: boolean): fc.Arbitrary<number> {
  const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum : -1e6);
  const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum : 1e6);
  if (integer) return fc.integer({ min: Math.max(Math.ceil(min), -1e9), max: Math.min(Math.floor(max), 1e9) });
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true, minExcluded: schema.exclusiveMinimum !== undefined, maxExcluded: schema.exclusiveMaximum !== undefined });
}

/**
 * Values a JSON Schema (as z.toJSONSchema writes it) accepts. Refinements JSON Schema cannot say (an offer id an
 * experiment arm names, validFrom before validTo) are left to chance: such bodies are the near-misses the edge must
 * refuse with a 400.
 * @example fromJsonSchema(z.toJSONSchema(outcomeBatchSchema, { io: 'input' }))
 */
export function fromJsonSchema(schema: Schema, root: Schema = schema): fc.Arbitrary<unknown> {
  if (schema.$ref) return fromJsonSchema(root.$defs?.[String(schema.$ref).split('/').pop()!] ?? {}, root);
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  for (const key of ['anyOf', 'oneOf'] as const) if (schema[key]) return fc.oneof(...schema[key].map((s: Schema) => fromJsonSchema(s, root)));
  if (schema.allOf) return fromJsonSchema(schema.allOf[0], root);
  const type = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (type.length > 1) return fc.oneof(...type.map((t: string) => fromJsonSchema({ ...schema, type: t }, root)));
  switch (type[0]) {
    case 'string': return stringArbitrary(schema);
    case 'number': return numberArbitrary(schema, false);
    case 'integer': return numberArbitrary(schema, true);
    case 'boolean': return fc.boolean();
    case 'null': return fc.constant(null);
    case 'array': {
      if (schema.prefixItems) return fc.tuple(...schema.prefixItems.map((s: Schema) => fromJsonSchema(s, root)));
      const minLength = schema.minItems ?? 0;
      return fc.array(fromJsonSchema(schema.items ?? {}, root), { minLength, maxLength: Math.max(minLength, Math.min(schema.maxItems ?? MAX_ITEMS, MAX_ITEMS)) });
    }
    case 'object': {
      const properties: Record<string, Schema> = schema.properties ?? {};
      if (Object.keys(properties).length === 0 && schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        const keys = schema.propertyNames ? (stringArbitrary(schema.propertyNames) as fc.Arbitrary<string>) : fc.string({ maxLength: 12 });
        return fc.dictionary(keys, fromJsonSchema(schema.additionalProperties, root), { maxKeys: MAX_ITEMS });
      }
      const required = new Set<string>(schema.required ?? []);
      const record = Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, fromJsonSchema(s, root)]));
      return fc.record(record, { requiredKeys: [...required].filter((k) => k in record) });
    }
    default:
      return json();
  }
}

/** Any JSON value, a little deep. */
export const json = () => fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<unknown>;

/** Values that broke, or could break, an edge that trusts its input. */
export const hostile = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constantFrom(null, true, 0, -1, 1e308, -1e308, 2 ** 53 + 1, '', '2026-13-45', '0x1', '1e0', '__proto__', 'constructor', '../../etc', '\u0000', '\ud800', '💥'.repeat(50), [], {}),
    fc.constant('x'.repeat(5000)),
    fc.constant(JSON.parse('{"__proto__": {"polluted": true}}')),
    // Far past both bounds (32 for conditions, 64 for bodies); deeper values overflow fast-check's own printing in workerd.
    fc.integer({ min: 20, max: 300 }).map((depth) => {
      let v: unknown = 1;
      for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { $and: [v] };
      return v;
    }),
    fc.constantFrom({ $regex: '^(a+)+$' }, { $where: 'sleep(1)' }, { $gtee: 1 }),
    json(),
  );

/** `value` with the node at one random path replaced by `replacement`, or with one key added. */
function replaceAt(value: unknown, picks: number[], replacement: unknown, addKey: string | null): unknown {
  const copy = structuredClone(value) as any;
  let node = copy;
  for (const pick of picks) {
    if (node === null || typeof node !== 'object') break;
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[pick % keys.length]!;
    const child = node[key];
    if (child !== null && typeof child === 'object' && pick % 3 !== 0) {
      node = child;
      continue;
    }
    if (addKey !== null && !Array.isArray(node)) Object.defineProperty(node, addKey, { value: replacement, enumerable: true, configurable: true, writable: true });
    else node[key] = replacement;
    break;
  }
  return copy;
}

/**
 * A body: valid by the schema, a near-valid one (`base` with one part replaced by something valid elsewhere or
 * hostile, or a key added), or hostile JSON outright.
 * @example bodies(outcomeBatchSchema, validBatch)
 */
export function bodies(schema: z.ZodType, base: unknown): fc.Arbitrary<unknown> {
  const generated = fromJsonSchema(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Schema);
  const mutated = fc
    .tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), fc.oneof(hostile(), generated), fc.option(fc.constantFrom('__proto__', 'extra', 'constructor', '$where')))
    .map(([picks, replacement, addKey]) => replaceAt(base, picks, replacement, addKey));
  return fc.oneof({ arbitrary: generated, weight: 3 }, { arbitrary: mutated, weight: 4 }, { arbitrary: hostile(), weight: 1 });
}
