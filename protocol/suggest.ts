// "Did you mean" as one sentence, for the CLI's commands and options, the SDK's options and the console's field
// names; the matching itself is closestNames (profile-paths.ts), the one used for profile paths and model outputs.
import { closestNames } from './profile-paths.ts';

/**
 * ` Did you mean "push"?`, or an empty string when no known name is close.
 * @example `unknown command "pusb".${didYouMean('pusb', names)}`
 */
export function didYouMean(word: string, known: readonly string[], quote = '"'): string {
  const [match] = closestNames(word, known, 1);
  return match === undefined ? '' : ` Did you mean ${quote}${match}${quote}?`;
}
