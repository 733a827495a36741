/**
 * pure-tc's police action (iproute2 tc/m_police.c act_parse_police and print_police): a token
 * bucket (rate, burst, mtu, peakrate, mpu, overhead, linklayer) or packet-rate (pkts_rate,
 * pkts_burst) or average-rate (avrate) policer, with its exceed verdict (`drop`,
 * `conform-exceed A[/B]`); the rate tables are computed as tc_calc_rtable does.
 */
import { CliExit, duparg, invarg } from '../../errors.js';
import type { Args } from '../../args.js';
import { policeAttrs } from '../../../rtnl/tc/index.js';
import { sizeAndCell } from '../../../rtnl/tc/builders.js';
import { TC_ACT_RECLASSIFY, TC_LINKLAYER_ATM, TC_LINKLAYER_ETHERNET, TC_LINKLAYER_MASK } from '../../../rtnl/tc/constants.js';
import { calcRtable, parseRate, parseSize, xmitsize, xmittime } from '../../../rtnl/tc/units.js';
import { PRINT_ANY, PRINT_FP, PRINT_JSON } from '../../format/printer.js';
import { OrderedAttrs } from '../ordered.js';
import { actionA2n, ParseFail, parseActionControl } from './control.js';
import { printActionControl, printTm, registerActionPrinter, type ActionPrinter } from '../action-print.js';
import { printSize, sprintLinklayer } from '../util.js';
import type { ActionCli } from '../action.js';

const USAGE = `Usage: ... police [ rate BPS burst BYTES[/BYTES] ] [ mtu BYTES[/BYTES] ]
		[ peakrate BPS ] [ avrate BPS ] [ overhead BYTES ]
		[ linklayer TYPE ] [ CONTROL ]
		[ pkts_rate RATE pkts_burst PACKETS ]
Where: CONTROL := conform-exceed <EXCEEDACT>[/NOTEXCEEDACT]
		  Define how to handle packets which exceed or conform the
		  configured bandwidth limit.
       EXCEEDACT/NOTEXCEEDACT := { pipe | ok | reclassify | drop | continue |
				   goto chain <CHAIN_INDEX> }
`;
const VERDICTS = ['reclassify', 'drop', 'shot', 'continue', 'pass', 'ok', 'pipe', 'goto'];
const m = (word: string, full: string) => word !== '' && full.startsWith(word);
/** The host is little-endian for the rate tables' u32s (what tc writes). */
const LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export const policeCli: ActionCli = {
  async parse(args: Args, printed: string[]) {
    args.next(); // the kind's name
    const p = { index: 0, action: TC_ACT_RECLASSIFY, limit: 0, burst: 0, mtu: 0, rate: zeroRate(), peakrate: zeroRate(), refcnt: 0, bindcnt: 0, capab: 0 };
    let ok = 0;
    let buffer = 0;
    let rcell = -1;
    let mtu = 0;
    let pcell = -1;
    let mpu = 0;
    let rate64 = 0;
    let prate64 = 0;
    let avrate = 0;
    let presult = 0;
    let overhead = 0;
    let linklayer = TC_LINKLAYER_ETHERNET;
    let pps64 = 0n;
    let ppsburst64 = 0n;
    const cell = (w: string, a: string) => {
      try {
        return sizeAndCell(w, a);
      } catch {
        return invarg(a === 'mtu' ? 'mtu' : 'buffer', w);
      }
    };
    while (args.more) {
      const a = args.cur;
      if (m(a, 'index')) {
        const w = args.next();
        if (!/^\d+$/.test(w) || Number(w) > 0xffffffff) invarg('index', w);
        p.index = Number(w);
      } else if (m(a, 'burst') || a === 'buffer' || a === 'maxburst') {
        const w = args.next();
        if (buffer) duparg('buffer/burst', w);
        ({ size: buffer, cellLog: rcell } = cell(w, 'buffer'));
      } else if (a === 'mtu' || a === 'minburst') {
        const w = args.next();
        if (mtu) duparg('mtu/minburst', w);
        ({ size: mtu, cellLog: pcell } = cell(w, 'mtu'));
      } else if (a === 'mpu') {
        const w = args.next();
        if (mpu) duparg('mpu', w);
        mpu = parseSize(w) ?? invarg('mpu', w);
      } else if (a === 'rate' || a === 'avrate' || m(a, 'peakrate')) {
        const w = args.next();
        const r = parseRate(w);
        if (a === 'rate') {
          if (rate64) duparg('rate', w);
          rate64 = r ?? invarg('rate', w);
        } else if (a === 'avrate') {
          if (avrate) duparg('avrate', w);
          avrate = r ?? invarg('avrate', w);
        } else {
          if (prate64) duparg('peakrate', w);
          prate64 = r ?? invarg('peakrate', w);
        }
      } else if (VERDICTS.some((v) => m(a, v))) {
        p.action = parseActionControl(args, false);
        ok++;
        continue;
      } else if (a === 'conform-exceed') {
        args.next();
        const [x, y] = args.cur.split('/', 2) as [string, string | undefined];
        if (y !== undefined) {
          const r1 = actionA2n(x, true);
          const r2 = actionA2n(y, true);
          if (r1 === undefined || r2 === undefined) throw new ParseFail('');
          p.action = r1;
          presult = r2;
          args.shift();
        } else {
          p.action = parseActionControl(args, true);
          if (args.more && actionA2n(args.cur, true) !== undefined) presult = parseActionControl(args, true);
        }
        ok++;
        continue;
      } else if (m(a, 'overhead')) {
        const w = args.next();
        if (!/^\d+$/.test(w) || Number(w) > 0xffff) invarg('overhead', w);
        overhead = Number(w);
      } else if (m(a, 'linklayer')) {
        const w = args.next();
        if (w === 'ethernet') linklayer = TC_LINKLAYER_ETHERNET;
        else if (w === 'atm' || w === 'adsl') linklayer = TC_LINKLAYER_ATM;
        else invarg('linklayer', w);
      } else if (m(a, 'pkts_rate') || m(a, 'pkts_burst')) {
        const w = args.next();
        if (!/^\d+$/.test(w)) invarg(m(a, 'pkts_rate') ? 'pkts_rate' : 'pkts_burst', w);
        if (m(a, 'pkts_rate')) {
          if (pps64) duparg('pkts_rate', w);
          pps64 = BigInt(w);
        } else {
          if (ppsburst64) duparg('pkts_burst', w);
          ppsburst64 = BigInt(w);
        }
      } else if (a === 'help') throw new CliExit(255, printed.join('') + USAGE);
      else break;
      args.shift();
      ok++;
    }
    if (!ok) throw new ParseFail('');
    if (rate64 && avrate) throw new ParseFail('');
    if (!rate64 && !avrate && !p.index && !mtu && !pps64) throw new ParseFail("'rate' or 'avrate' or 'mtu' or 'pkts_rate' MUST be specified.\n");
    if (rate64 && !buffer && !avrate) throw new ParseFail("'burst' requires 'rate'.\n");
    if (pps64 && !ppsburst64) throw new ParseFail("'pkts_burst' requires 'pkts_rate'.\n");
    if (pps64 && rate64) throw new ParseFail("'rate' and 'pkts_rate' are not allowed in same action.\n");
    if (prate64 && !rate64) throw new ParseFail("'peakrate' requires 'rate'.\n");
    if (prate64 && !mtu) throw new ParseFail("'mtu' is required, if 'peakrate' is requested.\n");
    let rtab: Uint8Array | undefined;
    let ptab: Uint8Array | undefined;
    if (rate64) {
      const rate = rate64 >= 2 ** 32 ? 0xffffffff : rate64;
      const r = calcRtable(rate64, mpu, rcell, mtu, linklayer, LE);
      p.rate = { cellLog: r.cellLog, linklayer, overhead, cellAlign: -1, mpu, rate };
      rtab = r.table;
      p.burst = xmittime(rate64, buffer);
    }
    p.mtu = mtu;
    if (prate64) {
      const r = calcRtable(prate64, mpu, pcell, mtu, linklayer, LE);
      p.peakrate = { cellLog: r.cellLog, linklayer, overhead, cellAlign: -1, mpu, rate: prate64 >= 2 ** 32 ? 0xffffffff : prate64 };
      ptab = r.table;
    }
    const o = new OrderedAttrs(policeAttrs).add('tbf', p);
    if (rtab) {
      o.add('rate', rtab);
      if (rate64 >= 2 ** 32) o.add('rate64', BigInt(rate64));
    }
    if (ptab) {
      o.add('peakrate', ptab);
      if (prate64 >= 2 ** 32) o.add('peakrate64', BigInt(prate64));
    }
    if (avrate) o.add('avrate', avrate);
    if (presult) o.add('result', presult);
    if (pps64) {
      o.add('pktrate64', pps64);
      o.add('pktburst64', BigInt(xmittime(Number(pps64), Number(ppsburst64))));
    }
    return o.done();
  },
};

function zeroRate() {
  return { cellLog: 0, linklayer: 0, overhead: 0, cellAlign: 0, mpu: 0, rate: 0 };
}

type Ratespec = ReturnType<typeof zeroRate>;

/** print_police */
export const printPolice: ActionPrinter = (p, o, ctx) => {
  p.string(PRINT_JSON, 'kind', '%s', 'police');
  if (!o?.tbf) return;
  const t = o.tbf as { index: number; action: number; burst: number; mtu: number; rate: Ratespec; peakrate: Ratespec; refcnt: number; bindcnt: number };
  const rate64 = o.rate64 !== undefined ? Number(o.rate64) : t.rate.rate;
  p.string(PRINT_FP, null, ' police %s ', `0x${t.index.toString(16)}`);
  p.uint(PRINT_JSON, 'index', null, t.index);
  p.rate(ctx.opts.iec, PRINT_FP, null, 'rate %s ', rate64);
  printSize(p, PRINT_FP, null, 'burst %s ', xmitsize(rate64, t.burst));
  printSize(p, PRINT_FP, null, 'mtu %s ', t.mtu);
  if (ctx.opts.raw) p.string(PRINT_FP, null, '[%s] ', t.burst.toString(16).padStart(8, '0'));
  const prate64 = o.peakrate64 !== undefined ? Number(o.peakrate64) : t.peakrate.rate;
  if (prate64) p.rate(ctx.opts.iec, PRINT_FP, null, 'peakrate %s ', prate64);
  if (o.avrate !== undefined) p.rate(ctx.opts.iec, PRINT_FP, null, 'avrate %s ', Number(o.avrate));
  if (o.pktrate64 !== undefined && o.pktburst64 !== undefined) {
    const pps = Number(o.pktrate64);
    p.u64(PRINT_ANY, 'pkts_rate', 'pkts_rate %llu ', BigInt(pps));
    p.u64(PRINT_ANY, 'pkts_burst', 'pkts_burst %llu ', BigInt(Math.trunc(xmitsize(pps, Number(o.pktburst64)))));
  }
  printActionControl(p, 'action ', t.action, '');
  if (o.result !== undefined) printActionControl(p, '/', Number(o.result), ' ');
  else p.string(PRINT_FP, null, ' ', null);
  printSize(p, PRINT_ANY, 'overhead', 'overhead %s ', t.rate.overhead);
  const ll = t.rate.linklayer & TC_LINKLAYER_MASK;
  if (ll > TC_LINKLAYER_ETHERNET || ctx.opts.details) p.string(PRINT_ANY, 'linklayer', 'linklayer %s ', sprintLinklayer(ll));
  p.nl();
  p.int(PRINT_ANY, 'ref', '\tref %d ', t.refcnt);
  p.int(PRINT_ANY, 'bind', 'bind %d ', t.bindcnt);
  if (ctx.opts.stats) printTm(p, o.tm);
  p.nl();
};

registerActionPrinter('police', printPolice);
