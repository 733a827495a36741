/** pure-tc's htb: `tc qdisc|class ... htb ...` arguments and printing (iproute2 tc/q_htb.c). */
import { CommandFailed } from '../../errors.js';
import { PRINT_ANY, PRINT_FP, type Printer } from '../../format/printer.js';
import { sprintf } from '../../format/printf.js';
import type { Args } from '../../args.js';
import { htbClassOptions, htbQdiscOptions, type HtbClassOptions } from '../../../rtnl/tc/builders.js';
import { parseRate, parseSize, xmitsize } from '../../../rtnl/tc/units.js';
import { TC_LINKLAYER_ETHERNET, TC_LINKLAYER_MASK } from '../../../rtnl/tc/constants.js';
import { printSize, sprintLinklayer, type TcKindCli, type TcOptions, xstatsOf } from '../util.js';

const EXPLAIN = `Usage: ... qdisc add ... htb [default N] [r2q N]
                      [direct_qlen P] [offload]
 default  minor id of class to which unclassified packets are sent {0}
 r2q      DRR quantums are computed as rate in Bps/r2q {10}
 debug    string of 16 numbers each 0-3 {0}

 direct_qlen  Limit of the direct queue {in packets}
 offload  enable hardware offload
... class add ... htb rate R1 [burst B1] [mpu B] [overhead O]
                      [prio P] [slot S] [pslot PS]
                      [ceil R2] [cburst B2] [mtu MTU] [quantum Q]
 rate     rate allocated to this class (class can still borrow)
 burst    max bytes burst which can be accumulated during idle period {computed}
 mpu      minimum packet size used in rate computations
 overhead per-packet size overhead used in rate computations
 linklay  adapting to a linklayer e.g. atm
 ceil     definite upper class rate (no borrows) {rate}
 cburst   burst but for ceil {computed}
 mtu      max packet size we create rate map for {1600}
 prio     priority of leaf; lower are served first {0}
 quantum  how much bytes to serve from leaf at once {use r2q}

TC HTB version 3.3
`;
const fail = (msg: string): never => {
  throw new CommandFailed(1, msg);
};
const illegal = (what: string): never => fail(`Illegal "${what}"\n${EXPLAIN}`);
function u32Arg(s: string, base: number): number | undefined {
  const re = base === 16 ? /^(0x)?[0-9a-f]+$/i : /^(0x[0-9a-f]+|0[0-7]*|[1-9][0-9]*)$/i;
  if (!re.test(s)) return undefined;
  const v = base === 16 ? parseInt(s, 16) : Number(s.startsWith('0') && !s.startsWith('0x') && s.length > 1 ? parseInt(s, 8) : s);
  return Number.isInteger(v) && v <= 0xffffffff ? v : undefined;
}

export const htbCli: TcKindCli<'htb'> = {
  parseQdisc(args: Args) {
    const o: { default?: number; r2q?: number; directQlen?: number; offload?: boolean } = {};
    for (; args.more; args.shift()) {
      const a = args.cur;
      if ('r2q'.startsWith(a) && a) o.r2q = u32Arg(args.next(), 10) ?? illegal('r2q');
      else if ('default'.startsWith(a) && a) o.default = u32Arg(args.next(), 16) ?? illegal('default');
      else if ('direct_qlen'.startsWith(a) && a) o.directQlen = u32Arg(args.next(), 10) ?? illegal('direct_qlen');
      else if ('offload'.startsWith(a) && a) o.offload = true;
      else if ('debug'.startsWith(a) && a) args.next();
      else fail(`What is "${a}"?\n${EXPLAIN}`);
    }
    return htbQdiscOptions(o);
  },
  parseClass(args: Args) {
    const o: Record<string, unknown> = {};
    for (; args.more; args.shift()) {
      const a = args.cur;
      const m = (w: string) => a !== '' && w.startsWith(a);
      if (m('prio')) o.prio = u32Arg(args.next(), 10) ?? illegal('prio');
      else if (m('mtu')) o.mtu = u32Arg(args.next(), 10) ?? illegal('mtu');
      else if (m('mpu')) o.mpu = u32Arg(args.next(), 10) ?? illegal('mpu');
      else if (m('overhead')) o.overhead = u32Arg(args.next(), 10) ?? illegal('overhead');
      else if (m('linklayer')) {
        const v = args.next();
        o.linklayer = 'ethernet'.startsWith(v) ? 'ethernet' : 'atm'.startsWith(v) ? 'atm' : 'adsl'.startsWith(v) ? 'adsl' : illegal('linklayer');
      } else if (m('quantum')) o.quantum = u32Arg(args.next(), 10) ?? illegal('quantum');
      else if (m('burst') || a === 'buffer' || a === 'maxburst') {
        const v = args.next();
        if (parseSize(v.split('/')[0]!) === undefined) illegal(a);
        o.burst = v;
      } else if (m('cburst') || a === 'cbuffer' || a === 'cmaxburst') {
        const v = args.next();
        if (parseSize(v.split('/')[0]!) === undefined) illegal(a);
        o.cburst = v;
      } else if (a === 'ceil' || a === 'rate') {
        const v = args.next();
        if (o[a] !== undefined) fail(`Double "${a}" spec\n`);
        const r = parseRate(v);
        if (r === undefined) illegal(a);
        o[a] = r;
      } else if (a === 'help') fail(EXPLAIN);
      else fail(`What is "${a}"?\n${EXPLAIN}`);
    }
    if (!o.rate) fail('"rate" is required.\n');
    return htbClassOptions(o as unknown as HtbClassOptions);
  },
  print(p: Printer, opt, o: TcOptions) {
    const parms = opt.parms;
    if (parms) {
      if (!parms.level) {
        p.int(PRINT_ANY, 'prio', 'prio %d ', parms.prio | 0);
        if (o.details) p.int(PRINT_ANY, 'quantum', 'quantum %d ', parms.quantum | 0);
      }
      const rate64 = opt.rate64 !== undefined ? Number(opt.rate64) : parms.rate.rate;
      const ceil64 = opt.ceil64 !== undefined ? Number(opt.ceil64) : parms.ceil.rate;
      p.rate(o.iec, PRINT_FP, null, 'rate %s ', rate64);
      if (parms.rate.overhead) p.rawOut(`overhead ${parms.rate.overhead} `);
      const buffer = xmitsize(rate64, parms.buffer);
      p.rate(o.iec, PRINT_FP, null, 'ceil %s ', ceil64);
      const cbuffer = xmitsize(ceil64, parms.cbuffer);
      const ll = parms.rate.linklayer & TC_LINKLAYER_MASK;
      if (ll > TC_LINKLAYER_ETHERNET || o.details) p.rawOut(`linklayer ${sprintLinklayer(ll)} `);
      if (o.details) {
        printSize(p, PRINT_FP, null, 'burst %s/', buffer);
        p.rawOut(`${2 ** parms.rate.cellLog} `);
        printSize(p, PRINT_FP, null, 'mpu %s ', parms.rate.mpu);
        printSize(p, PRINT_FP, null, 'cburst %s/', cbuffer);
        p.rawOut(`${2 ** parms.ceil.cellLog} `);
        printSize(p, PRINT_FP, null, 'mpu %s ', parms.ceil.mpu);
        p.rawOut(`level ${parms.level | 0} `);
      } else {
        printSize(p, PRINT_FP, null, 'burst %s ', buffer);
        printSize(p, PRINT_FP, null, 'cburst %s ', cbuffer);
      }
      if (o.raw) p.rawOut(sprintf('buffer [%08x] cbuffer [%08x] ', parms.buffer, parms.cbuffer));
    }
    const g = opt.init;
    if (g) {
      p.int(PRINT_ANY, 'r2q', 'r2q %d', g.rate2quantum | 0);
      p.hex0x(PRINT_ANY, 'default', ' default %#llx', g.defcls);
      p.uint(PRINT_ANY, 'direct_packets_stat', ' direct_packets_stat %u', g.directPkts);
      if (o.details) p.string(PRINT_ANY, 'ver', ' ver %s', `${g.version >>> 16}.${g.version & 0xffff}`);
    }
    if (opt.directQlen !== undefined) p.uint(PRINT_ANY, 'direct_qlen', ' direct_qlen %u', opt.directQlen);
    if (opt.offload) p.null(PRINT_ANY, 'offload', ' offload', null);
  },
  printXstats(p: Printer, xstats) {
    const x = xstatsOf(xstats, 'htb');
    if (!x) return;
    p.rawOut(` lended: ${x.lends} borrowed: ${x.borrows} giants: ${x.giants}\n tokens: ${x.tokens} ctokens: ${x.ctokens}\n`);
  },
};
