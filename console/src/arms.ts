// The arms of one experiment as an editable table: id, weight, policy and fixed offer per row.
import type { App } from './app.ts';
import { h } from './dom.ts';
import { ARM_FIELDS, control } from './fields.ts';

type Arm = Record<string, unknown>;

/**
 * @example form.append(armsTable(app, experiment, 0, onChange))
 */
export function armsTable(app: App, experiment: Record<string, unknown>, index: number, onChange: () => void): HTMLElement {
  const arms = (experiment.arms ??= []) as Arm[];
  const offerIds = app.draft.offers.map((o) => o.id);
  const holder = h('fieldset', { class: 'arms', 'data-path': JSON.stringify(['experiments', index, 'arms']), tabindex: '-1' });
  const draw = () => {
    holder.replaceChildren(
      h('legend', {}, 'Arms'),
      h('table', {},
        h('thead', {}, h('tr', {}, ARM_FIELDS.map((f) => h('th', { scope: 'col' }, f.label)), h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Remove')))),
        h('tbody', {}, arms.map((arm, j) =>
          h('tr', {},
            ARM_FIELDS.map((f) => h('td', {}, control(f, arm, ['experiments', index, 'arms', j], onChange, {
              bareLabel: true,
              ...(f.key[0] === 'offerId' ? { options: offerIds } : {}),
            }))),
            h('td', {}, h('button', {
              type: 'button', 'aria-label': `Remove arm ${String(arm.id)}`,
              onclick: () => { arms.splice(j, 1); onChange(); draw(); },
            }, 'Remove')))))),
      h('p', { id: `arms-${index}-err`, class: 'field-error', hidden: true }),
      h('button', { type: 'button', onclick: () => { arms.push({ id: `arm-${arms.length + 1}`, weight: 1, policy: 'personalised' }); onChange(); draw(); } }, 'Add arm'),
    );
  };
  holder.id = `arms-${index}`;
  draw();
  return holder;
}
