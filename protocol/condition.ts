// Targeting conditions: the MongoDB-style language GrowthBook uses, validated at the edge so that a marketer
// learns about a misspelt operator when saving a rule, not when shoppers silently stop matching it.
import { z } from 'zod';
import { CONDITION_OPERATORS } from './condition-operators.ts';
import { unsafePattern } from './regex-safety.ts';

export { CONDITION_OPERATORS, type ConditionOperator } from './condition-operators.ts';

/**
 * A condition: `{ "profile.frequency": { "$gte": 3 }, "$or": [...] }`. Kept as a plain JSON object type
 * because its grammar is recursive and open over attribute names.
 */
export type Condition = { [key: string]: unknown };

const known = new Set<string>(CONDITION_OPERATORS);

/**
 * Deepest nesting of objects and arrays a condition may have. Real rules are a few levels deep; the bound keeps
 * every walk over a condition (here, on the device, in the console) far from the stack's limit.
 */
export const MAX_CONDITION_DEPTH = 32;

/** What is wrong with a condition, and where (relative to the condition). */
export interface ConditionProblem {
  path: (string | number)[];
  message: string;
}

function problemAt(key: string | number, child: unknown): string | null {
  if (typeof key !== 'string' || !key.startsWith('$')) return null;
  if (!known.has(key)) return `unknown operator "${key}"; expected one of ${CONDITION_OPERATORS.join(' ')}`;
  if (key === '$regex' || key === '$regexi') {
    if (typeof child !== 'string') return `expected a regular expression as a string, received ${child === null ? 'null' : typeof child}`;
    const unsafe = unsafePattern(child);
    if (unsafe) return `regular expression refused: ${unsafe}`;
  }
  return null;
}

/**
 * The first problem of a condition, in document order: an operator outside the language, nesting deeper than
 * MAX_CONDITION_DEPTH, or a $regex that is not a string or may backtrack catastrophically (regex-safety.ts).
 * Iterative, so any input is walked without exhausting the stack.
 * @example conditionProblem({ topCategory: { $regex: '^(a+)+$' } })?.path // ['topCategory', '$regex']
 */
export function conditionProblem(condition: unknown): ConditionProblem | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: condition, path: [] }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= MAX_CONDITION_DEPTH)
      return { path, message: `nested deeper than ${MAX_CONDITION_DEPTH} levels; split the rule into simpler conditions or saved groups` };
    const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    for (const [key, child] of entries) {
      const message = problemAt(key, child);
      if (message) return { path: [...path, key], message };
    }
    // Pushed in reverse, so children are visited in document order.
    for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], path: [...path, entries[i]![0]] });
  }
  return null;
}

/** Walks a condition and reports the path of its first problem (see conditionProblem). */
export function findUnknownOperator(value: unknown): (string | number)[] | null {
  return conditionProblem(value)?.path ?? null;
}

/**
 * Schema for a condition object.
 * @example conditionSchema.parse({ 'profile.monetary': { $gt: 100 } })
 */
export const conditionSchema = z
  .record(z.string(), z.unknown())
  .superRefine((condition, ctx) => {
    const problem = conditionProblem(condition);
    if (problem) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
  }) as unknown as z.ZodType<Condition>;
