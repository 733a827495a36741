/** pure-tc's tbf (iproute2 tc/q_tbf.c). */
import { CommandFailed } from '../../errors.js';
import { PRINT_ANY, PRINT_FP, PRINT_JSON, type Printer } from '../../format/printer.js';
import { sprintf } from '../../format/printf.js';
import type { Args } from '../../args.js';
import { tbfOptions, type TbfOptions } from '../../../rtnl/tc/builders.js';
import { TC_LINKLAYER_ETHERNET, TC_LINKLAYER_MASK } from '../../../rtnl/tc/constants.js';
import { parseRate, parseSize, parseTime, tick2time, TIME_UNITS_PER_SEC, xmitsize } from '../../../rtnl/tc/units.js';
import { printSize, sprintLinklayer, sprintSize, sprintTime, type TcKindCli, type TcOptions } from '../util.js';

const EXPLAIN = `Usage: ... tbf limit BYTES burst BYTES[/BYTES] rate KBPS [ mtu BYTES[/BYTES] ]
	[ peakrate KBPS ] [ latency TIME ] [ overhead BYTES ] [ linklayer TYPE ]
`;
const fail = (msg: string): never => {
  throw new CommandFailed(1, msg);
};

export const tbfCli: TcKindCli<'tbf'> = {
  parseQdisc(args: Args) {
    const o: Record<string, unknown> = {};
    const bad = (a: string, v: string): never => fail(`tbf: illegal value for "${a}": "${v}"\n`);
    const dup = (what: string) => fail(`tbf: duplicate "${what}" specification\n`);
    for (; args.more; args.shift()) {
      const a = args.cur;
      const m = (w: string) => a !== '' && w.startsWith(a);
      if (m('limit')) {
        const v = args.next();
        if (o.limit !== undefined) dup('limit');
        if (o.latency !== undefined) fail('tbf: specifying both "latency" and "limit" is not allowed\n');
        o.limit = parseSize(v) ?? bad('limit', v);
      } else if (m('latency')) {
        const v = args.next();
        if (o.latency !== undefined) dup('latency');
        if (o.limit !== undefined) fail('tbf: specifying both "limit" and "/latency" is not allowed\n');
        o.latency = parseTime(v) ?? bad('latency', v);
      } else if (m('burst') || a === 'buffer' || a === 'maxburst') {
        const v = args.next();
        if (o.burst !== undefined) dup('buffer/burst/maxburst');
        if (parseSize(v.split('/')[0]!) === undefined) bad(a, v);
        o.burst = v;
      } else if (a === 'mtu' || a === 'minburst') {
        const v = args.next();
        if (o.mtu !== undefined) dup('mtu/minburst');
        if (parseSize(v.split('/')[0]!) === undefined) bad(a, v);
        o.mtu = v;
      } else if (a === 'mpu') {
        const v = args.next();
        o.mpu = parseSize(v) ?? bad('mpu', v);
      } else if (a === 'rate' || m('peakrate')) {
        const key = a === 'rate' ? 'rate' : 'peakrate';
        const v = args.next();
        if (o[key] !== undefined) dup(key);
        o[key] = parseRate(v) ?? bad(key, v);
      } else if (m('overhead')) {
        const v = args.next();
        o.overhead = /^\d+$/.test(v) && Number(v) <= 0xffff ? Number(v) : bad('overhead', v);
      } else if (m('linklayer')) {
        const v = args.next();
        o.linklayer = 'ethernet'.startsWith(v) ? 'ethernet' : 'atm'.startsWith(v) ? 'atm' : 'adsl'.startsWith(v) ? 'adsl' : bad('linklayer', v);
      } else if (a === 'help') fail(EXPLAIN);
      else fail(`tbf: unknown parameter "${a}"\n${EXPLAIN}`);
    }
    let msg = '';
    if (!o.rate) msg += 'tbf: the "rate" parameter is mandatory.\n';
    if (!o.burst) msg += 'tbf: the "burst" parameter is mandatory.\n';
    if (o.peakrate && !o.mtu) msg += 'tbf: when "peakrate" is specified, "mtu" must also be specified.\n';
    if (!o.limit && !o.latency) msg += 'tbf: either "limit" or "latency" is required.\n';
    if (msg) fail(msg + EXPLAIN);
    return tbfOptions(o as unknown as TbfOptions);
  },
  print(p: Printer, opt, o: TcOptions) {
    const q = opt?.parms;
    if (!q) return;
    const rate64 = opt.rate64 !== undefined ? Number(opt.rate64) : q.rate.rate;
    p.rate(o.iec, PRINT_ANY, 'rate', 'rate %s ', rate64);
    const buffer = xmitsize(rate64, q.buffer);
    if (o.details) {
      p.string(PRINT_ANY, 'burst', 'burst %s ', `${sprintSize(buffer)}/${2 ** q.rate.cellLog}`);
      printSize(p, PRINT_ANY, 'mpu', 'mpu %s ', q.rate.mpu);
    } else printSize(p, PRINT_ANY, 'burst', 'burst %s ', buffer);
    if (o.raw) p.hex(PRINT_ANY, 'burst_raw', '[%08x] ', q.buffer);
    const prate64 = opt.prate64 !== undefined ? Number(opt.prate64) : q.peakrate.rate;
    if (prate64) {
      p.rate(o.iec, PRINT_FP, 'peakrate', 'peakrate %s ', prate64);
      if (q.mtu || q.peakrate.mpu) {
        const mtu = xmitsize(prate64, q.mtu);
        if (o.details) {
          p.string(PRINT_ANY, 'mtu', 'mtu %s ', `${sprintSize(mtu)}/${2 ** q.peakrate.cellLog}`);
          printSize(p, PRINT_ANY, 'mpu', 'mpu %s ', q.peakrate.mpu);
        } else printSize(p, PRINT_ANY, 'minburst', 'minburst %s ', mtu);
        if (o.raw) p.hex(PRINT_ANY, 'mtu_raw', '[%08x] ', q.mtu);
      }
    }
    let latency = TIME_UNITS_PER_SEC * (q.limit / rate64) - tick2time(q.buffer);
    if (prate64) {
      const lat2 = TIME_UNITS_PER_SEC * (q.limit / prate64) - tick2time(q.mtu);
      if (lat2 > latency) latency = lat2;
    }
    if (latency >= 0) {
      p.u64(PRINT_JSON, 'lat', null, Math.trunc(latency));
      p.string(PRINT_FP, null, 'lat %s ', sprintTime(latency));
    }
    if (o.raw || latency < 0) printSize(p, PRINT_ANY, 'limit', 'limit %s ', q.limit);
    if (q.rate.overhead) p.int(PRINT_ANY, 'overhead', 'overhead %d ', q.rate.overhead);
    const ll = q.rate.linklayer & TC_LINKLAYER_MASK;
    if (ll > TC_LINKLAYER_ETHERNET || o.details) p.string(PRINT_ANY, 'linklayer', 'linklayer %s ', sprintLinklayer(ll));
    void sprintf;
  },
};
