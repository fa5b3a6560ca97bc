// The list of profile attributes in models/README.md, rendered from PROFILE_ATTRIBUTES (never typed by hand):
// a test holds the README to it, and write-attributes-doc.ts rewrites it.
import { PROFILE_ATTRIBUTES } from '../../protocol/index.ts';

export const START = '<!-- profile-attributes:start (generated from PROFILE_ATTRIBUTES by models/import/write-attributes-doc.ts) -->';
export const END = '<!-- profile-attributes:end -->';

/**
 * The Markdown table of every profile attribute: path, type, unit, meaning, whether it can be missing.
 * @example attributesTable().split('\n')[0] // '| attribute | type | unit | meaning | missing |'
 */
function attributesTable(): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  return [
    '| attribute | type | unit | meaning | can be missing |',
    '|---|---|---|---|---|',
    ...PROFILE_ATTRIBUTES.map((a) => {
      const missing = a.type === 'map' ? 'a key not yet seen' : a.nullable ? 'yes (null)' : 'no';
      const path = a.type === 'map' ? `\`${a.path}.KEY\`` : `\`${a.path}\``;
      return `| ${path} | ${a.type} | ${cell(a.unit)} | ${cell(a.meaning)} | ${missing} |`;
    }),
  ].join('\n');
}

/** The README with its generated block replaced by the current table. */
export function withAttributesTable(readme: string): string {
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from < 0 || to < from) throw new Error(`models/README.md lacks the ${START} ... ${END} block`);
  return `${readme.slice(0, from + START.length)}\n${attributesTable()}\n${readme.slice(to)}`;
}
