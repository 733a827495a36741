/**
 * iproute2's word matching, for every command-line parser (the kind modules here and src/cli).
 */

/** iproute2's matches(prefix, word) === 0: `prefix` is a prefix of `word` (an empty one matches). */
export function matches(prefix: string, word: string): boolean {
  return word.startsWith(prefix);
}
