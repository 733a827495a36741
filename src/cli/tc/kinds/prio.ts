/** pure-tc's prio (iproute2 tc/q_prio.c): bands, priomap, multiqueue; also prints pfifo_fast. */
import { CommandFailed } from '../../errors.js';
import { PRINT_ANY, PRINT_FP, PRINT_JSON, type Printer } from '../../format/printer.js';
import type { Args } from '../../args.js';
import type { TcKindCli } from '../util.js';

const EXPLAIN = 'Usage: ... prio bands NUMBER priomap P1 P2...[multiqueue]\n';
/** TC_PRIO_MAX (linux/pkt_sched.h): priomap has TC_PRIO_MAX + 1 entries. */
const TC_PRIO_MAX = 15;
const fail = (msg: string): never => {
  throw new CommandFailed(1, msg);
};

export const prioCli: TcKindCli<'prio' | 'pfifo_fast'> = {
  parseQdisc(args: Args) {
    let bands = 3;
    const priomap = [1, 2, 2, 2, 1, 2, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1];
    let pmap = false;
    let idx = 0;
    let mq = false;
    for (; args.more; args.shift()) {
      const a = args.cur;
      if (a === 'bands') {
        if (pmap) fail(EXPLAIN);
        const v = args.next();
        // get_integer base 10
        if (!/^[+-]?\d+$/.test(v) || Math.abs(Number(v)) > 0x7fffffff) fail('Illegal "bands"\n');
        bands = Number(v);
      } else if (a === 'priomap') {
        if (pmap) fail('Error: duplicate priomap\n');
        pmap = true;
      } else if (a === 'multiqueue') mq = true;
      else if (a === 'help') fail(EXPLAIN);
      else {
        if (!pmap) fail(`What is "${a}"?\n${EXPLAIN}`);
        if (!/^\d+$/.test(a) || Number(a) > 0xffffffff) fail('Illegal "priomap" element\n');
        if (Number(a) >= bands) fail('"priomap" element is out of bands\n');
        if (idx > TC_PRIO_MAX) fail(`"priomap" index > TC_PRIO_MAX=${TC_PRIO_MAX}\n`);
        priomap[idx++] = Number(a);
      }
    }
    // addattr_nest_compat: the struct, then the nested TCA_PRIO_* (TCA_PRIO_MQ) after it
    return { header: { bands, priomap: Uint8Array.from(priomap) }, attrs: mq ? { mq: true } : {} };
  },
  print(p: Printer, opt) {
    const q = opt.header;
    p.uint(PRINT_ANY, 'bands', 'bands %u ', q.bands);
    p.openArray(PRINT_ANY, 'priomap');
    for (let i = 0; i <= TC_PRIO_MAX; i++) p.uint(PRINT_ANY, null, ' %d', q.priomap[i]!);
    p.closeArray(PRINT_ANY, '');
    // TCA_PRIO_MQ: tc reads a u8 from it; the kernel sends it as a flag (present means on)
    const mq = opt.attrs.mq !== undefined;
    if (mq) p.string(PRINT_FP, null, ' multiqueue: %s ', 'on');
    p.bool(PRINT_JSON, 'multiqueue', null, mq);
  },
};
