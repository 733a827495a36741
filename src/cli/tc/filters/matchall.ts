/** pure-tc's matchall filter (iproute2 tc/f_matchall.c). */
import { CommandFailed } from '../../errors.js';
import type { Args } from '../../args.js';
import { matchallAttrs } from '../../../rtnl/tc/index.js';
import { formatClassid, parseClassid } from '../../../api/tc.js';
import { PRINT_ANY, type Printer } from '../../format/printer.js';
import type { ActionAttrs } from '../../../rtnl/tc/schema.js';
import { printActions } from '../action-print.js';
import type { FilterPrinter } from '../filter-show.js';
import { OrderedAttrs } from '../ordered.js';
import { filterActions } from '../action.js';
import type { FilterCli } from '../filter.js';

const EXPLAIN = `Usage: ... matchall [skip_sw | skip_hw]
                 [ action ACTION_SPEC ] [ classid CLASSID ]

Where: SELECTOR := SAMPLE SAMPLE ...
       FILTERID := X:Y:Z
       ACTION_SPEC := ... look at individual actions

NOTE: CLASSID is parsed as hexadecimal input.
`;
const fail = (msg: string): never => {
  throw new CommandFailed(1, msg);
};

export const matchallCli: FilterCli = {
  async parse(args: Args, handle: string | undefined, header, index) {
    if (handle !== undefined) {
      const h = strtolBase0(handle);
      if (h === undefined) fail(`Illegal handle "${handle}", must be numeric.\n`);
      header.handle = h! >>> 0;
    } else header.handle = 0;
    if (!args.more) return undefined;
    const o = new OrderedAttrs(matchallAttrs);
    let flags = 0;
    while (args.more) {
      const a = args.cur;
      if (a !== '' && ('classid'.startsWith(a) || a === 'flowid')) {
        const c = parseClassid(args.next());
        if (c === undefined) fail('Illegal "classid"\n');
        o.add('classid', c);
      } else if (a !== '' && 'action'.startsWith(a)) {
        args.next();
        o.add('act', await filterActions(args, index, fail));
        continue;
      } else if (a === 'skip_hw') {
        args.next();
        flags |= 1;
        continue;
      } else if (a === 'skip_sw') {
        args.next();
        flags |= 2;
        continue;
      } else if (a === 'help') fail(EXPLAIN);
      else fail(`What is "${a}"?\n${EXPLAIN}`);
      args.shift();
    }
    if (flags) {
      if (flags === 3) fail('skip_hw and skip_sw are mutually exclusive\n');
      o.add('flags', flags);
    }
    return o.done();
  },
};

/** strtol(s, NULL, 0) of a whole word (what tc's handle parsers accept); undefined when not a number. */
export function strtolBase0(s: string): number | undefined {
  const m = /^\s*([+-]?)(0x[0-9a-f]+|0[0-7]*|[1-9][0-9]*)/i.exec(s);
  if (!m) return undefined;
  const body = m[2]!;
  const v = /^0x/i.test(body) ? parseInt(body, 16) : body.startsWith('0') ? parseInt(body, 8) : Number(body);
  return m[1] === '-' ? -v : v;
}

// TCA_CLS_FLAGS_* (linux/pkt_cls.h)
const SKIP_HW = 1;
const SKIP_SW = 2;
const IN_HW = 4;
const NOT_IN_HW = 8;

/** The skip_hw / skip_sw / in_hw / not_in_hw words of a classifier's TCA_*_FLAGS (f_matchall.c, f_flower.c). */
export function printClsFlags(p: Printer, flags: number): void {
  if (flags & SKIP_HW) p.bool(PRINT_ANY, 'skip_hw', '\n  skip_hw', true);
  if (flags & SKIP_SW) p.bool(PRINT_ANY, 'skip_sw', '\n  skip_sw', true);
  if (flags & IN_HW) p.bool(PRINT_ANY, 'in_hw', '\n  in_hw', true);
  else if (flags & NOT_IN_HW) p.bool(PRINT_ANY, 'not_in_hw', '\n  not_in_hw', true);
}

/** matchall_print_opt */
export const printMatchall: FilterPrinter = (p, o, handle, ctx) => {
  if (handle) p.uint(PRINT_ANY, 'handle', 'handle 0x%x ', handle);
  if (o.classid !== undefined) p.string(PRINT_ANY, 'flowid', 'flowid %s ', formatClassid(o.classid as number));
  if (o.flags !== undefined) printClsFlags(p, o.flags as number);
  if (ctx.opts.stats && o.pcnt) p.u64(PRINT_ANY, 'rule_hit', ' (rule hit %llu)', (o.pcnt as { rhit: bigint }).rhit);
  printActions(p, o.act as ActionAttrs[] | undefined, ctx);
};
