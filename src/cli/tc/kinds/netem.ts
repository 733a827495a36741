/**
 * pure-tc's netem (iproute2 tc/q_netem.c). The argument parser follows tc's own semantics
 * (which differ from the API's netemOptions in details: a duplicate correlation alone sends no
 * TCA_NETEM_CORR, percentages are tc's strings), so that the bytes sent are tc's. Delay
 * distribution tables (`distribution`, `slot distribution`) read files under /usr/lib/tc, which
 * pure-tc does not: those arguments are refused with a message saying so.
 */
import { CommandFailed } from '../../errors.js';
import { PRINT_ANY, PRINT_FP, PRINT_JSON, type Printer } from '../../format/printer.js';
import { sprintf } from '../../format/printf.js';
import type { Args } from '../../args.js';
import { parseRate, parseSize, parseTime, tick2time, time2tick, TICK_IN_USEC } from '../../../rtnl/tc/units.js';
import { sprintTime, type TcKindCli } from '../util.js';
import { cUnsigned } from './fq-codel.js';

const EXPLAIN = `Usage: ... netem [ limit PACKETS ]
                 [ delay TIME [ JITTER [CORRELATION]]]
                 [ distribution {uniform|normal|pareto|paretonormal} ]
                 [ corrupt PERCENT [CORRELATION]]
                 [ duplicate PERCENT [CORRELATION]]
                 [ loss random PERCENT [CORRELATION]]
                 [ loss state P13 [P31 [P32 [P23 P14]]]
                 [ loss gemodel PERCENT [R [1-H [1-K]]]
                 [ ecn ]
                 [ reorder PERCENT [CORRELATION] [ gap DISTANCE ]]
                 [ rate RATE [PACKETOVERHEAD] [CELLSIZE] [CELLOVERHEAD]]
                 [ slot MIN_DELAY [MAX_DELAY] [packets MAX_PACKETS] [bytes MAX_BYTES]]
                 [ slot distribution {uniform|normal|pareto|paretonormal|custom}
                   DELAY JITTER [packets MAX_PACKETS] [bytes MAX_BYTES]]
`;
const U32_MAX = 0xffffffff;
const fail = (msg: string): never => {
  throw new CommandFailed(1, msg);
};
const illegal = (what: string): never => fail(`Illegal "${what}"\n`);

/** parse_percent: a number of percent (`1`, `1%`, `0.5%`) as a fraction; undefined if malformed or out of 0..100. */
function percent(s: string): number | undefined {
  const m = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(.*)$/.exec(s);
  if (!m) return undefined;
  const v = Number(m[1]) / 100;
  if (v > 1 || v < 0) return undefined;
  if (m[2] && m[2] !== '%') return undefined;
  return v;
}
/** set_percent: rint(fraction * UINT32_MAX) */
const scaled = (f: number): number => {
  const x = f * U32_MAX;
  const r = Math.round(x);
  // rint rounds halves to even
  return (Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0 ? r - 1 : r) >>> 0;
};
const isNumber = (s: string | undefined) => s !== undefined && /^[0-9]/.test(s);
const isSignedNumber = (s: string | undefined) => s !== undefined && /^[0-9-]/.test(s);
function ticks(s: string, what: string): number {
  const t = parseTime(s);
  if (t === undefined) illegal(what);
  if (t! * TICK_IN_USEC >= 2 ** 32) fail(`Illegal ${t} time (too large)\n`);
  return time2tick(t!);
}
function s32(s: string): number | undefined {
  const v = /^-?(0x[0-9a-f]+|\d+)$/i.test(s) ? Number(s.startsWith('-') ? -Number(s.slice(1)) : Number(s)) : NaN;
  return Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31 ? v : undefined;
}
/** get_time64: nanoseconds */
function time64(s: string): bigint | undefined {
  const m = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(.*)$/.exec(s);
  if (!m) return undefined;
  let v = Number(m[1]);
  const u = m[2]!.toLowerCase();
  if (u === 's' || u === 'sec' || u === 'secs') v *= 1e9;
  else if (u === 'ms' || u === 'msec' || u === 'msecs') v *= 1e6;
  else if (u === 'us' || u === 'usec' || u === 'usecs') v *= 1e3;
  else if (u !== '' && u !== 'ns' && u !== 'nsec' && u !== 'nsecs') return undefined;
  return BigInt(Math.trunc(v));
}

export const netemCli: TcKindCli<'netem'> = {
  parseQdisc(args: Args) {
    const opt = { latency: 0, limit: 1000, loss: 0, gap: 0, duplicate: 0, jitter: 0 };
    const cor = { delayCorr: 0, lossCorr: 0, dupCorr: 0 };
    const reorder = { probability: 0, correlation: 0 };
    const corrupt = { probability: 0, correlation: 0 };
    const rate = { rate: 0, packetOverhead: 0, cellSize: 0, cellOverhead: 0 };
    const slot = { minDelay: 0n, maxDelay: 0n, maxPackets: 0, maxBytes: 0, distDelay: 0n, distJitter: 0n };
    let gi: Record<string, number> | undefined;
    let ge: Record<string, number> | undefined;
    let rate64 = 0;
    const present = { corr: 0, reorder: false, ecn: false, corrupt: false, rate: false, slot: false };
    const pct = (s: string, what: string) => scaled(percent(s) ?? illegal(what));
    for (; args.more; args.shift()) {
      const a = args.cur;
      const m = (w: string) => a !== '' && w.startsWith(a);
      const peek = () => args.peek();
      if (m('limit')) opt.limit = parseSize(args.next()) ?? illegal('limit');
      else if (m('latency') || m('delay')) {
        opt.latency = ticks(args.next(), 'latency');
        if (isNumber(peek())) {
          opt.jitter = ticks(args.next(), 'latency');
          if (isNumber(peek())) {
            present.corr++;
            cor.delayCorr = pct(args.next(), 'latency');
          }
        }
      } else if (m('loss') || m('drop')) {
        if (opt.loss > 0 || gi || ge) illegal('duplicate loss argument\n');
        let v = args.next();
        if (/^[0-9]/.test(v) || v === 'random') {
          if (v === 'random') v = args.next();
          opt.loss = pct(v, 'loss percent');
          if (isNumber(peek())) {
            present.corr++;
            cor.lossCorr = pct(args.next(), 'loss correlation');
          }
        } else if (v === 'state') {
          const p13 = percent(args.next()) ?? illegal('loss p13');
          gi = { p13: scaled(p13), p31: scaled(1 - p13), p32: 0, p14: 0, p23: scaled(1) };
          for (const k of ['p31', 'p32', 'p23', 'p14']) {
            if (!isNumber(peek())) break;
            gi[k] = pct(args.next(), `loss ${k}`);
          }
        } else if (v === 'gemodel') {
          const p = percent(args.next()) ?? illegal('loss gemodel p');
          ge = { p: scaled(p), r: scaled(1 - p), h: 0, k1: 0 };
          if (isNumber(peek())) {
            ge.r = pct(args.next(), 'loss gemodel r');
            if (isNumber(peek())) {
              // the option is 1-h, the kernel wants h
              ge.h = (U32_MAX - pct(args.next(), 'loss gemodel h')) >>> 0;
              if (isNumber(peek())) ge.k1 = pct(args.next(), 'loss gemodel k');
            }
          }
        } else fail(`Unknown loss parameter: ${v}\n`);
      } else if (m('ecn')) present.ecn = true;
      else if (m('reorder')) {
        present.reorder = true;
        reorder.probability = pct(args.next(), 'reorder');
        if (isNumber(peek())) {
          present.corr++;
          reorder.correlation = pct(args.next(), 'reorder');
        }
      } else if (m('corrupt')) {
        present.corrupt = true;
        corrupt.probability = pct(args.next(), 'corrupt');
        if (isNumber(peek())) {
          present.corr++;
          corrupt.correlation = pct(args.next(), 'corrupt');
        }
      } else if (m('gap')) opt.gap = cUnsigned(args.next(), U32_MAX) ?? illegal('gap');
      else if (m('duplicate')) {
        opt.duplicate = pct(args.next(), 'duplicate');
        // tc sets the correlation without marking TCA_NETEM_CORR present
        if (isNumber(peek())) cor.dupCorr = pct(args.next(), 'duplicate');
      } else if (m('distribution')) {
        args.next();
        fail('pure-tc: delay distribution tables (/usr/lib/tc/*.dist) are not supported\n');
      } else if (m('rate')) {
        present.rate = true;
        const v = args.next();
        if (v.includes('%')) fail('pure-tc: a rate in percent of the link speed is not supported\n');
        rate64 = parseRate(v) ?? illegal('rate');
        if (isSignedNumber(peek())) rate.packetOverhead = s32(args.next()) ?? illegal('rate');
        if (isNumber(peek())) rate.cellSize = cUnsigned(args.next(), U32_MAX) ?? illegal('rate');
        if (isSignedNumber(peek())) rate.cellOverhead = s32(args.next()) ?? illegal('rate');
      } else if (m('slot')) {
        if (!isNumber(peek())) {
          args.next();
          if (args.cur === 'distribution') fail('pure-tc: slot distribution tables (/usr/lib/tc/*.dist) are not supported\n');
          fail(`Unknown slot parameter: ${args.cur}\n`);
        }
        present.slot = true;
        slot.minDelay = time64(args.next()) ?? illegal('slot min_delay');
        if (isNumber(peek())) {
          const max = time64(args.next());
          if (max === undefined || max < slot.minDelay) illegal('slot max_delay');
          slot.maxDelay = max!;
        } else slot.maxDelay = slot.minDelay;
        if (args.peek() !== undefined && 'packets'.startsWith(args.peek()!)) {
          args.next();
          const v = args.peek();
          const n = v === undefined ? undefined : s32(v);
          if (n === undefined) illegal('slot packets');
          slot.maxPackets = n!;
          args.next();
        }
        if (args.peek() !== undefined && 'bytes'.startsWith(args.peek()!)) {
          args.next();
          const v = args.peek();
          const n = v === undefined ? undefined : parseSize(v);
          if (n === undefined) illegal('slot bytes');
          slot.maxBytes = n! | 0;
          args.next();
        }
      } else {
        if (a !== 'help') fail(`What is "${a}"?\n${EXPLAIN}`);
        fail(EXPLAIN);
      }
    }
    if (reorder.probability) {
      if (opt.latency === 0) fail(`reordering not possible without specifying some delay\n${EXPLAIN}`);
      if (opt.gap === 0) opt.gap = 1;
    } else if (opt.gap > 0) fail(`gap specified without reorder probability\n${EXPLAIN}`);
    if (present.ecn && opt.loss <= 0 && !gi && !ge) fail(`ecn requested without loss model\n${EXPLAIN}`);
    const attrs: Record<string, unknown> = {};
    if (present.corr) attrs.corr = cor;
    if (present.reorder) attrs.reorder = reorder;
    if (present.ecn) attrs.ecn = 1;
    if (present.corrupt) attrs.corrupt = corrupt;
    if (present.slot) attrs.slot = slot;
    if (gi) attrs.loss = { gi };
    else if (ge) attrs.loss = { ge };
    if (present.rate) {
      if (rate64 >= 2 ** 32) {
        attrs.rate64 = BigInt(rate64);
        rate.rate = U32_MAX;
      } else rate.rate = rate64;
      attrs.rate = rate;
    }
    return { header: opt, attrs };
  },
  print(p: Printer, o, opts) {
    if (!o || typeof o !== 'object' || !o.header) return;
    const q = o.header;
    const a = o.attrs ?? {};
    const cor = a.corr;
    const pctOut = (jsonKey: string, fpLabel: string, per: number) => {
      p.float(PRINT_FP, null, `${fpLabel} %g%%`, (100 * per) / U32_MAX);
      p.float(PRINT_JSON, jsonKey, null, per / U32_MAX);
    };
    const corr = (present: boolean, v: number) => {
      if (present) pctOut('correlation', '', v);
      else p.float(PRINT_JSON, 'correlation', null, v / U32_MAX);
    };
    p.uint(PRINT_ANY, 'limit', 'limit %d', q.limit);
    if (q.latency) {
      p.openObject('delay');
      if (!p.json) {
        p.string(PRINT_FP, null, ' delay %s', sprintTime(tick2time(q.latency)));
        if (q.jitter) p.string(PRINT_FP, null, '  %s', sprintTime(tick2time(q.jitter)));
      } else {
        p.float(PRINT_JSON, 'delay', null, tick2time(q.latency) / 1e6);
        p.float(PRINT_JSON, 'jitter', null, tick2time(q.jitter) / 1e6);
      }
      corr(!!(q.jitter && cor && cor.delayCorr), cor ? cor.delayCorr : 0);
      p.closeObject();
    }
    if (q.loss) {
      p.openObject('loss-random');
      pctOut('loss', ' loss', q.loss);
      corr(!!(cor && cor.lossCorr), cor ? cor.lossCorr : 0);
      p.closeObject();
    }
    const gi = a.loss?.gi;
    if (gi) {
      p.openObject('loss-state');
      pctOut('p13', ' loss state p13', gi.p13);
      pctOut('p31', ' p31', gi.p31);
      pctOut('p32', ' p32', gi.p32);
      pctOut('p23', ' p23', gi.p23);
      pctOut('p14', ' p14', gi.p14);
      p.closeObject();
    }
    const ge = a.loss?.ge;
    if (ge) {
      p.openObject('loss-gemodel');
      pctOut('p', ' loss gemodel p', ge.p);
      pctOut('r', ' r', ge.r);
      pctOut('1-h', ' 1-h', (U32_MAX - ge.h) >>> 0);
      pctOut('1-k', ' 1-k', ge.k1);
      p.closeObject();
    }
    if (q.duplicate) {
      p.openObject('duplicate');
      pctOut('duplicate', ' duplicate', q.duplicate);
      corr(!!(cor && cor.dupCorr), cor ? cor.dupCorr : 0);
      p.closeObject();
    }
    if (a.reorder?.probability) {
      p.openObject('reorder');
      pctOut('reorder', ' reorder', a.reorder.probability);
      corr(!!a.reorder.correlation, a.reorder.correlation);
      p.closeObject();
    }
    if (a.corrupt?.probability) {
      p.openObject('corrupt');
      pctOut('corrupt', ' corrupt', a.corrupt.probability);
      corr(!!a.corrupt.correlation, a.corrupt.correlation);
      p.closeObject();
    }
    const intOpt = (label: string, v: number) => {
      p.int(PRINT_JSON, label, null, v);
      if (v !== 0) p.int(PRINT_FP, null, ` ${label} %d`, v);
    };
    if (a.rate?.rate) {
      p.openObject('rate');
      const r64 = a.rate64 !== undefined && a.rate64 !== 0n ? Number(a.rate64) : a.rate.rate;
      p.rate(opts.iec, PRINT_ANY, 'rate', ' rate %s', r64);
      intOpt('packetoverhead', a.rate.packetOverhead);
      p.uint(PRINT_JSON, 'cellsize', null, a.rate.cellSize);
      if (a.rate.cellSize) p.uint(PRINT_FP, null, ' cellsize %u', a.rate.cellSize);
      intOpt('celloverhead', a.rate.cellOverhead);
      p.closeObject();
    }
    if (a.slot) {
      const s = a.slot;
      const t64 = (jsonKey: string, fpLabel: string, v: bigint) => {
        p.string(PRINT_FP, null, `${fpLabel} %s`, sprintTime64(v));
        p.float(PRINT_JSON, jsonKey, null, Number(v) / 1e9);
      };
      p.openObject('slot');
      if (s.distJitter > 0n) {
        t64('distribution', ' slot distribution', s.distDelay);
        t64('jitter', '', s.distJitter);
      } else {
        t64('min-delay', ' slot', s.minDelay);
        t64('max-delay', '', s.maxDelay);
      }
      intOpt('packets', s.maxPackets);
      intOpt('bytes', s.maxBytes);
      p.closeObject();
    }
    p.bool(PRINT_JSON, 'ecn', null, a.ecn !== undefined);
    if (a.ecn !== undefined) p.bool(PRINT_FP, null, ' ecn ', true);
    p.u64(PRINT_JSON, 'gap', null, q.gap);
    if (q.gap) p.u64(PRINT_FP, null, ' gap %lu', q.gap);
  },
};

/** sprint_time64 (nanoseconds) */
function sprintTime64(ns: bigint): string {
  const v = Number(ns);
  if (ns >= 1_000_000_000n) return sprintf('%.3gs', v / 1e9);
  if (ns >= 1_000_000n) return sprintf('%.3gms', v / 1e6);
  if (ns >= 1_000n) return sprintf('%.3gus', v / 1e3);
  return `${ns}ns`;
}
