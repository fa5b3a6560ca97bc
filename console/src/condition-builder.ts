// The visual condition builder: rules over the profile attributes (PROFILE_ATTRIBUTES, with their meanings and
// units), the condition language's operators in words, "all / any / none of" groups, a live count of the sample
// shoppers who match, and the JSON as an advanced view that stays in step.
import type { Condition } from '../../protocol/index.ts';
import { evaluateCondition } from '../../client-sdk/src/conditions/index.ts';
import { ATTRIBUTES, JSON_ONLY_OPERATORS, OPERATORS, attributeFor, operatorsFor, toCondition, toGroup, type Group, type Rule } from './conditions.ts';
import { h, replace, uid } from './dom.ts';
import type { Path } from './fields.ts';
import { SAMPLE_SIZE } from './sample-shoppers.ts';
import type { Profile } from '../../protocol/index.ts';

export interface ConditionEditorOptions {
  label: string;
  help?: string | undefined;
  value: Condition;
  /** Config path of the condition (for errors, e.g. ["segments", 2, "condition"]). */
  path: Path;
  onChange(condition: Condition): void;
  savedGroups(): Record<string, readonly (string | number)[]>;
  /** Category names the shop uses, offered for map keys and topCategory. */
  categories: readonly string[];
  /** The sample shoppers to count (and, for a segment, who else claims them first). */
  sample(): Profile[];
  /** Extra words after the count, e.g. how many a segment of higher priority takes first. */
  countNote?: ((matching: Profile[]) => string) | undefined;
}

const MODES: [Group['mode'], string][] = [['all', 'all'], ['any', 'any'], ['none', 'none']];

/** The number a text means, or the text itself (the edge then names what it expected). */
const numberOr = (text: string) => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text);

/**
 * A labelled condition editor bound to one condition of the draft.
 * @example form.append(conditionEditor({ label: 'Who is in it', value: segment.condition, path, onChange, ... }))
 */
export function conditionEditor(o: ConditionEditorOptions): HTMLElement {
  const id = uid('cond');
  let condition: Condition = o.value ?? {};
  let group = toGroup(condition);
  const rules = h('div', { class: 'cond-body' });
  const count = h('p', { class: 'cond-count', 'aria-live': 'polite', id: `${id}-count` });
  const json = h('textarea', { class: 'code', rows: 5, spellcheck: 'false', id: `${id}-json`, 'aria-describedby': `${id}-json-help ${id}-json-err` });
  const jsonError = h('p', { id: `${id}-json-err`, class: 'field-error', hidden: true });
  const details = h('details', { class: 'cond-json' },
    h('summary', {}, 'JSON (advanced)'),
    h('label', { for: `${id}-json`, class: 'sr-only' }, `${o.label} as JSON`),
    json,
    h('p', { id: `${id}-json-help`, class: 'help' },
      `The condition language: ${OPERATORS.map((x) => x.op.split(':')[0]).filter((x, i, a) => a.indexOf(x) === i).join(' ')} $and $or $nor, `,
      `and in JSON only ${JSON_ONLY_OPERATORS.join(' ')} (GrowthBook's semantics). {} is everyone.`),
    jsonError);

  const changed = (redraw: boolean) => {
    if (group) condition = toCondition(group);
    json.value = JSON.stringify(condition, null, 2);
    o.onChange(condition);
    showCount();
    if (redraw) draw();
  };

  function showCount() {
    const sample = o.sample();
    let matching: Profile[];
    try {
      matching = sample.filter((p) => evaluateCondition(p, condition, o.savedGroups()));
    } catch {
      matching = [];
    }
    const share = Math.round((matching.length / Math.max(1, sample.length)) * 100);
    count.textContent = `Matches ${matching.length} of ${sample.length} sample shoppers (${share}%)${o.countNote ? o.countNote(matching) : ''}.`;
  }

  function ruleRow(rule: Rule, parent: Group): HTMLElement {
    const attribute = attributeFor(rule.path);
    const base = attribute?.path ?? rule.path;
    const key = attribute && rule.path !== base ? rule.path.slice(base.length + 1) : '';
    const rowId = uid('rule');
    const attrSelect = h('select', { id: `${rowId}-attr`, 'aria-label': 'Attribute' },
      ATTRIBUTES.map((a) => h('option', { value: a.path }, `${a.path} (${a.unit})`)),
      attribute ? null : h('option', { value: rule.path }, rule.path));
    attrSelect.value = base;
    const keyInput = h('input', { type: 'text', 'aria-label': `${attribute?.unit.split(' ')[0] ?? 'key'} name`, value: key, placeholder: attribute?.unit.split(' ')[0] ?? 'key', list: `${id}-cats` });
    const ops = operatorsFor(attribute, rule.path);
    const opSelect = h('select', { 'aria-label': 'Operator' }, ops.map((x) => h('option', { value: x.op }, x.words)));
    opSelect.value = rule.op;
    const words = OPERATORS.find((x) => x.op === rule.op);
    let valueInput: HTMLElement | null = null;
    if (words?.value === 'group') {
      const groups = Object.keys(o.savedGroups());
      valueInput = h('select', { 'aria-label': 'Saved group' }, h('option', { value: '' }, groups.length ? 'choose a group' : 'no saved groups yet'), groups.map((g) => h('option', { value: g }, g)));
      (valueInput as HTMLSelectElement).value = String(rule.value ?? '');
    } else if (words && words.value !== 'none') {
      const text = Array.isArray(rule.value) ? rule.value.join(', ') : rule.value === undefined || rule.value === null ? '' : String(rule.value);
      valueInput = h('input', {
        type: 'text', 'aria-label': words.value === 'list' ? 'Values, comma-separated' : 'Value', value: text,
        inputmode: words.value === 'number' ? 'decimal' : undefined, list: attribute?.unit === 'category' ? `${id}-cats` : undefined,
      });
    }
    const numeric = attribute?.type === 'number' || (attribute?.type === 'map' && !attribute.unit.includes('day'));
    const readValue = () => {
      if (!valueInput) return undefined;
      const text = (valueInput as HTMLInputElement).value;
      if (words?.value === 'list') return text.split(',').map((s) => s.trim()).filter(Boolean).map((s) => (numeric ? numberOr(s) : s));
      return numeric && words?.value !== 'group' ? numberOr(text) : text;
    };
    const unit = attribute?.unit && attribute.type === 'number' ? h('span', { class: 'unit' }, attribute.unit) : null;
    attrSelect.addEventListener('change', () => {
      const next = attributeFor(attrSelect.value);
      rule.path = attrSelect.value;
      if (!operatorsFor(next, rule.path).some((x) => x.op === rule.op)) rule.op = operatorsFor(next, rule.path)[0]!.op;
      changed(true);
    });
    keyInput.addEventListener('input', () => {
      rule.path = keyInput.value.trim() ? `${base}.${keyInput.value.trim()}` : base;
      changed(false);
    });
    opSelect.addEventListener('change', () => {
      rule.op = opSelect.value;
      changed(true);
    });
    valueInput?.addEventListener(valueInput instanceof HTMLSelectElement ? 'change' : 'input', () => {
      rule.value = readValue();
      changed(false);
    });
    const remove = h('button', { type: 'button', class: 'link', 'aria-label': `Remove the rule on ${rule.path}`, onclick: () => {
      parent.items.splice(parent.items.indexOf(rule), 1);
      changed(true);
    } }, 'Remove');
    return h('div', { class: 'rule', role: 'group', 'aria-label': `Rule on ${rule.path}` },
      attrSelect, attribute?.type === 'map' ? keyInput : null, opSelect, valueInput, unit, remove,
      h('p', { class: 'help' }, attribute ? attribute.meaning : `"${rule.path}" is not a profile attribute: no shopper has it.`));
  }

  function groupBlock(g: Group, parent: Group | null): HTMLElement {
    const mode = h('select', { 'aria-label': 'How the rules combine' }, MODES.map(([m, w]) => h('option', { value: m }, w)));
    mode.value = g.mode;
    mode.addEventListener('change', () => {
      g.mode = mode.value as Group['mode'];
      changed(true);
    });
    const add = () => {
      g.items.push({ kind: 'rule', path: 'frequency', op: '$gte', value: 1 });
      changed(true);
    };
    const addGroup = () => {
      g.items.push({ kind: 'group', mode: 'any', items: [{ kind: 'rule', path: 'frequency', op: '$gte', value: 1 }] });
      changed(true);
    };
    return h('div', { class: parent ? 'cond-group nested' : 'cond-group' },
      h('p', { class: 'cond-mode' }, parent ? 'Shoppers who match ' : g.items.length ? 'Shoppers who match ' : 'Everyone (no rules yet). Shoppers who match ', mode, ' of these:'),
      g.items.map((item) => (item.kind === 'rule' ? ruleRow(item, g) : groupBlock(item, g))),
      h('div', { class: 'row' },
        h('button', { type: 'button', onclick: add }, 'Add a rule'),
        parent ? h('button', { type: 'button', class: 'link', onclick: () => { parent.items.splice(parent.items.indexOf(g), 1); changed(true); } }, 'Remove this group')
          : h('button', { type: 'button', onclick: addGroup }, 'Add a group')));
  }

  function draw() {
    if (group) replace(rules, groupBlock(group, null));
    else {
      replace(rules, h('p', { class: 'warning' }, 'This condition uses what the form cannot show; edit it as JSON below.'));
      details.open = true;
    }
  }

  json.addEventListener('input', () => {
    try {
      const parsed = JSON.parse(json.value || '{}') as unknown;
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('expected an object such as {"frequency": {"$gte": 3}}');
      condition = parsed as Condition;
      jsonError.hidden = true;
      json.removeAttribute('aria-invalid');
      group = toGroup(condition);
      o.onChange(condition);
      showCount();
      draw();
    } catch (error) {
      jsonError.textContent = `not valid JSON: ${(error as Error).message}`;
      jsonError.hidden = false;
      json.setAttribute('aria-invalid', 'true');
    }
  });

  json.value = JSON.stringify(condition, null, 2);
  draw();
  showCount();
  return h('fieldset', { class: 'condition', 'data-path': JSON.stringify(o.path), id, tabindex: '-1', 'aria-describedby': `${id}-count ${id}-err` },
    h('legend', {}, o.label),
    o.help ? h('p', { class: 'help' }, o.help) : null,
    h('datalist', { id: `${id}-cats` }, o.categories.map((c) => h('option', { value: c }))),
    rules, count, h('p', { class: 'help' }, `Counted over ${SAMPLE_SIZE} made-up sample shoppers (browsing and buying histories run through the SDK's profile), not your shop's data.`),
    h('p', { id: `${id}-err`, class: 'field-error', hidden: true }),
    details);
}
