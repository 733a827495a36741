/**
 * Shared pieces of pure-tc's action parsers (iproute2 tc/tc_util.c): verdicts (`pass`, `drop`,
 * `goto chain N`, `jump N`), and how a parser reports failure (`ParseFail`: what tc printed
 * before its parser returned -1; the caller adds its own lines and picks the exit code).
 */
import type { Args } from '../../args.js';
import {
  TC_ACT_EXT_VAL_MASK, TC_ACT_GOTO_CHAIN, TC_ACT_JUMP, TC_ACT_OK, TC_ACT_PIPE, TC_ACT_RECLASSIFY, TC_ACT_SHOT, TC_ACT_STOLEN,
  TC_ACT_TRAP, TC_ACT_UNSPEC,
} from '../../../rtnl/tc/constants.js';

/** A tc parser returned -1 after printing `stderr`. */
export class ParseFail extends Error {
  constructor(readonly stderr: string) {
    super(stderr.trim());
    this.name = 'ParseFail';
  }
}

const A2N: ReadonlyArray<readonly [string, number]> = [
  ['continue', TC_ACT_UNSPEC], ['drop', TC_ACT_SHOT], ['shot', TC_ACT_SHOT], ['pass', TC_ACT_OK], ['ok', TC_ACT_OK],
  ['reclassify', TC_ACT_RECLASSIFY], ['pipe', TC_ACT_PIPE], ['goto', TC_ACT_GOTO_CHAIN], ['jump', TC_ACT_JUMP], ['trap', TC_ACT_TRAP],
];

/** action_a2n: a verdict word (a prefix matches, as iproute2's matches()), or a number when allowed. */
export function actionA2n(word: string, allowNum: boolean): number | undefined {
  for (const [name, n] of A2N) if (name.startsWith(word)) return n;
  if (allowNum && /^-?\d+$/.test(word)) return Number(word) | 0;
  return undefined;
}

/** action_n2a */
export function actionN2a(action: number): string {
  const op = (action & ~TC_ACT_EXT_VAL_MASK) >>> 0;
  if (op === TC_ACT_GOTO_CHAIN >>> 0) return 'goto';
  if (op === TC_ACT_JUMP >>> 0) return 'jump';
  switch (action) {
    case TC_ACT_UNSPEC: return 'continue';
    case TC_ACT_OK: return 'pass';
    case TC_ACT_SHOT: return 'drop';
    case TC_ACT_RECLASSIFY: return 'reclassify';
    case TC_ACT_PIPE: return 'pipe';
    case TC_ACT_STOLEN: return 'stolen';
    case TC_ACT_TRAP: return 'trap';
    default: return String(action);
  }
}

/**
 * parse_action_control: the verdict at the cursor (with `goto chain N` / `jump N`), leaving the
 * cursor after it. Undefined (having printed nothing) when `quiet` and the word is no verdict.
 */
export function parseActionControl(args: Args, allowNum: boolean, quiet = false): number {
  if (!args.more) throw new ParseFail('');
  let result = actionA2n(args.cur, allowNum);
  if (result === undefined) throw new ParseFail(quiet ? '' : `Bad action type ${args.cur}\n`);
  if (result === TC_ACT_GOTO_CHAIN) {
    args.next();
    if (!'chain'.startsWith(args.cur) || args.cur === '') throw new ParseFail('"chain index" expected\n');
    args.next();
    const n = /^\d+$/.test(args.cur) ? Number(args.cur) : NaN;
    if (!(n <= TC_ACT_EXT_VAL_MASK)) throw new ParseFail('Illegal "chain index"\n');
    result = (result | n) >>> 0;
  } else if (result === TC_ACT_JUMP) {
    args.next();
    const n = /^\d+$/.test(args.cur) ? Number(args.cur) : NaN;
    if (!(n <= TC_ACT_EXT_VAL_MASK)) throw new ParseFail(`Invalid "jump count" (${args.cur})\n`);
    result = (result | n) >>> 0;
  }
  args.shift();
  return result | 0;
}
