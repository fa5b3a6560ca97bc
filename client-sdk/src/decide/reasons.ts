// Why an offer was left out, in words. A decision keeps short codes in its trace (eligibility.ts); only explain()
// and the console's preview read the words, so in the script tag they are in sdk-explain.js (~0.1 KB gzip off
// sdk.js). Nothing the decision runs imports this file, or the npm package's first load would carry it too.
import { ineligible } from './eligibility.ts';

/**
 * The words for a left-out code: `slot`, `dates`, `condition`, `cap:<count>:<days>`, `bought:<item id>`, `page`
 * (same offer or category on the page), `unpublished` (a previewed offer the config lacks).
 * @example reasonText('cap:3:7') === 'frequency cap 3 in 7 days reached'
 */
export function reasonText(why: string): string {
  const [kind, ...rest] = why.split(':');
  switch (kind) {
    case 'slot': return 'other slot';
    case 'dates': return 'outside its validity dates';
    case 'condition': return 'eligibility condition not met';
    case 'cap': return `frequency cap ${rest[0]} in ${rest[1]} days reached`;
    // An item id may hold a colon itself.
    case 'bought': return `promotes ${rest.join(':')}, bought recently`;
    case 'page': return 'same offer or category already on this page';
    case 'unpublished': return 'not in the published config';
    default: return why;
  }
}

/**
 * Why an offer was left out, in words (the console's preview); null when eligible.
 * @example ineligibility(compiled, 'hero', profile, state, config, Date.now()) // 'frequency cap 3 in 7 days reached'
 */
export function ineligibility(...args: Parameters<typeof ineligible>): string | null {
  const why = ineligible(...args);
  return why && reasonText(why);
}
