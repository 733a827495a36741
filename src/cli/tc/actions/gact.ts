/** pure-tc's gact action (iproute2 tc/m_gact.c): `pass`, `drop`, ... with `random determ|netrand ACTION VAL` and `index N`. */
import { CliExit } from '../../errors.js';
import type { Args } from '../../args.js';
import { gactAttrs } from '../../../rtnl/tc/index.js';
import { OrderedAttrs } from '../ordered.js';
import { ParseFail, parseActionControl } from './control.js';
import type { ActionCli } from '../action.js';

const EXPLAIN = `Usage: ... gact <ACTION> [RAND] [INDEX]
Where: \tACTION := reclassify | drop | continue | pass | pipe |
       \t          goto chain <CHAIN_INDEX> | jump <JUMP_COUNT>
\tRAND := random <RANDTYPE> <ACTION> <VAL>
\tRANDTYPE := netrand | determ
\tVAL : = value not exceeding 10000
\tJUMP_COUNT := Absolute jump from start of action list
\tINDEX := index value used

`;
const m = (word: string, full: string) => full.startsWith(word);

export const gactCli: ActionCli = {
  async parse(args: Args, printed: string[]) {
    const p = { index: 0, capab: 0, action: 0, refcnt: 0, bindcnt: 0 };
    let prob: { ptype: number; pval: number; paction: number } | undefined;
    const usage = (): never => {
      throw new CliExit(255, printed.join('') + EXPLAIN);
    };
    const control = (): number => {
      try {
        return parseActionControl(args, false);
      } catch (e) {
        if (e instanceof ParseFail) {
          printed.push(e.stderr);
          usage();
        }
        throw e;
      }
    };
    if (m(args.cur, 'gact')) args.next();
    let skipToIndex = m(args.cur, 'index');
    if (!skipToIndex) {
      p.action = control();
      if (args.more) {
        if (m(args.cur, 'random')) {
          args.next();
          let ptype: number;
          if (m(args.cur, 'netrand')) {
            args.next();
            ptype = 1;
          } else if (m(args.cur, 'determ')) {
            args.next();
            ptype = 2;
          } else throw new ParseFail('Illegal "random type"\n');
          const paction = control();
          const v = args.cur;
          const pval = /^\d+$/.test(v) && Number(v) <= 0xffff ? Number(v) : undefined;
          if (pval === undefined) throw new ParseFail('Illegal probability val 0x0\n');
          if (pval > 10000) throw new ParseFail(`Illegal probability val  0x${pval.toString(16)}\n`);
          prob = { ptype, pval, paction };
          args.shift();
        } else if (m(args.cur, 'help')) usage();
      }
      skipToIndex = args.more && m(args.cur, 'index');
      if (args.more && !skipToIndex && m(args.cur, 'help')) usage();
    }
    if (skipToIndex) {
      args.next();
      if (!/^\d+$/.test(args.cur) || Number(args.cur) > 0xffffffff) throw new ParseFail('Illegal "index"\n');
      p.index = Number(args.cur);
      args.shift();
    }
    const o = new OrderedAttrs(gactAttrs).add('parms', p);
    if (prob) o.add('prob', prob);
    return o.done();
  },
};
