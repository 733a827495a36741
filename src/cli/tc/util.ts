/**
 * Shared pieces of pure-tc (iproute2's tc/tc_util.c and lib/*_math.c): size and time printing,
 * the statistics block of `-s`, and the kind registry the object commands dispatch through.
 */
import type { ValueOf } from '../../netlink/codec.js';
import type { TcKindCodecs } from '../../rtnl/tc/schema.js';
import type { XstatsKindCodecs } from '../../rtnl/tc/stats.js';
import { sprintf } from '../format/printf.js';
import { PRINT_ANY, PRINT_FP, PRINT_JSON, type Printer } from '../format/printer.js';
import { TIME_UNITS_PER_SEC } from '../../rtnl/tc/units.js';
import type { TcAttrs } from '../../rtnl/tc/schema.js';
import { xstatsKinds } from '../../rtnl/tc/stats.js';
import type { Args } from '../args.js';

/** What a pure-tc command runs with. */
export interface TcOptions {
  stats: number;
  details: number;
  raw: number;
  json: boolean;
  pretty: boolean;
  iec: boolean;
}

/** sprint_size: 1600b, 15Kb, 2Mb. */
export function sprintSize(sz: number): string {
  sz = Math.trunc(sz) >>> 0;
  const kilo = 1024;
  const mega = kilo * kilo;
  if (sz >= mega && Math.abs(mega * Math.round(sz / mega) - sz) < 1024) return sprintf('%gMb', Math.round(sz / mega));
  if (sz >= kilo && Math.abs(kilo * Math.round(sz / kilo) - sz) < 16) return sprintf('%gKb', Math.round(sz / kilo));
  return `${sz}b`;
}
/** print_size: bytes in JSON, sprint_size in text. */
export function printSize(p: Printer, t: number, key: string | null, fmt: string, sz: number): void {
  if (p.json && t !== PRINT_FP) p.uint(t as typeof PRINT_ANY, key, '%u', Math.trunc(sz) >>> 0);
  else p.string(t as typeof PRINT_ANY, key, fmt, sprintSize(sz));
}
/** sprint_time (microseconds): 400ms, 1.5s, 20us. */
export function sprintTime(time: number): string {
  time = Math.trunc(time) >>> 0;
  if (time >= TIME_UNITS_PER_SEC) return sprintf('%.3gs', time / TIME_UNITS_PER_SEC);
  if (time >= TIME_UNITS_PER_SEC / 1000) return sprintf('%.3gms', time / (TIME_UNITS_PER_SEC / 1000));
  return `${time}us`;
}
/** sprint_linklayer */
export function sprintLinklayer(l: number): string {
  return l === 0 ? 'unspec' : l === 1 ? 'ethernet' : l === 2 ? 'atm' : 'unknown';
}

/**
 * print_tcstats_attr: the `-s` block (TCA_STATS2, else the old TCA_STATS); returns the
 * extended statistics (TCA_STATS_APP, else TCA_XSTATS) for the kind's printer.
 */
export function printStats(p: Printer, attrs: TcAttrs, prefix: string, iec: boolean): unknown {
  const s2 = attrs.stats2;
  if (s2) {
    if (s2.basic) {
      p.string(PRINT_FP, null, '%s', prefix);
      p.u64(PRINT_ANY, 'bytes', 'Sent %llu bytes', s2.basic.bytes);
      if (s2.pkt64) p.u64(PRINT_ANY, 'packets', ' %llu pkt', s2.pkt64);
      else p.uint(PRINT_ANY, 'packets', ' %u pkt', s2.basic.packets);
    }
    if (s2.queue) {
      p.uint(PRINT_ANY, 'drops', ' (dropped %u', s2.queue.drops);
      p.uint(PRINT_ANY, 'overlimits', ', overlimits %u', s2.queue.overlimits);
      p.uint(PRINT_ANY, 'requeues', ' requeues %u) ', s2.queue.requeues);
    }
    if (s2.basicHw && (s2.basicHw.bytes !== 0n || s2.basicHw.packets !== 0)) {
      const bs = s2.basic;
      if (bs && bs.bytes >= s2.basicHw.bytes && bs.packets >= s2.basicHw.packets) {
        p.nl();
        p.string(PRINT_FP, null, '%s', prefix);
        p.u64(PRINT_ANY, 'sw_bytes', 'Sent software %llu bytes', bs.bytes - s2.basicHw.bytes);
        p.uint(PRINT_ANY, 'sw_packets', ' %u pkt', bs.packets - s2.basicHw.packets);
      }
      p.nl();
      p.string(PRINT_FP, null, '%s', prefix);
      p.u64(PRINT_ANY, 'hw_bytes', 'Sent hardware %llu bytes', s2.basicHw.bytes);
      p.uint(PRINT_ANY, 'hw_packets', ' %u pkt', s2.basicHw.packets);
    }
    if (s2.rateEst64) {
      p.string(PRINT_FP, null, '\n%s', prefix);
      p.u64(PRINT_JSON, 'rate', null, s2.rateEst64.bps);
      p.rate(iec, PRINT_FP, null, 'rate %s', s2.rateEst64.bps);
      p.u64(PRINT_ANY, 'pps', ' %llupps', s2.rateEst64.pps);
    } else if (s2.rateEst) {
      p.string(PRINT_FP, null, '\n%s', prefix);
      p.uint(PRINT_JSON, 'rate', null, s2.rateEst.bps);
      p.rate(iec, PRINT_FP, null, 'rate %s', s2.rateEst.bps);
      p.uint(PRINT_ANY, 'pps', ' %upps', s2.rateEst.pps);
    }
    if (s2.queue) {
      if (!s2.rateEst) p.nl();
      p.string(PRINT_FP, null, '%s', prefix);
      printSize(p, PRINT_ANY, 'backlog', 'backlog %s', s2.queue.backlog);
      p.uint(PRINT_ANY, 'qlen', ' %up', s2.queue.qlen);
      p.uint(PRINT_FP, null, ' requeues %u', s2.queue.requeues);
    }
    if (s2.app !== undefined) return decodeXstats(attrs.kind, s2.app);
  } else if (attrs.stats) {
    const st = attrs.stats;
    p.rawOut(`${prefix}Sent ${st.bytes} bytes ${st.packets} pkts (dropped ${st.drops}, overlimits ${st.overlimits}) `);
    if (st.bps || st.pps || st.qlen || st.backlog) {
      let t = `\n${prefix}`;
      if (st.bps || st.pps) {
        t += 'rate ';
        if (st.bps) t += `${rateText(st.bps, iec)} `;
        if (st.pps) t += `${st.pps}pps `;
      }
      if (st.qlen || st.backlog) {
        t += 'backlog ';
        if (st.backlog) t += `${sprintSize(st.backlog)} `;
        if (st.qlen) t += `${st.qlen}p `;
      }
      p.rawOut(t);
    }
  }
  return attrs.xstats;
}

function rateText(bps: number, iec: boolean): string {
  const kilo = iec ? 1024n : 1000n;
  const units = ['', 'K', 'M', 'G', 'T'];
  let r = BigInt(bps) << 3n;
  let i = 0;
  for (; i < units.length - 1; i++) {
    if (r < kilo) break;
    if (r % kilo !== 0n && r < 1000n * kilo) break;
    r /= kilo;
  }
  return `${r}${units[i]}${i > 0 && iec ? 'i' : ''}bit`;
}

/**
 * One qdisc/class kind of pure-tc: parses its tc arguments into TCA_OPTIONS (a thrown CliExit /
 * CommandFailed carries tc's message) and prints decoded options like tc's q_*.c.
 */
export interface TcKindCli<K extends keyof TcKindCodecs = keyof TcKindCodecs> {
  /** `tc qdisc add ... KIND args`: TCA_OPTIONS, or undefined for none. */
  parseQdisc?(args: Args, kind: string, dev: string): unknown;
  /** `tc class add ... KIND args` */
  parseClass?(args: Args, kind: string, dev: string): unknown;
  /** q->print_qopt / print_copt */
  print?(p: Printer, options: ValueOf<TcKindCodecs[K]>, o: TcOptions, kind: string): void;
  /** q->print_xstats */
  printXstats?(p: Printer, xstats: unknown, o: TcOptions): void;
}

/**
 * The extended statistics of kind `K` as decoded by its struct (xstatsKinds), or undefined when
 * they stayed bytes (a kind without a struct, or a payload shorter than the struct's minimum).
 */
export function xstatsOf<K extends keyof XstatsKindCodecs>(x: unknown, _kind: K): ValueOf<XstatsKindCodecs[K]> | undefined {
  return x && typeof x === 'object' && !(x instanceof Uint8Array) ? (x as ValueOf<XstatsKindCodecs[K]>) : undefined;
}

/** TCA_STATS_APP bytes decoded with the kind's extended-statistics struct (bytes when unknown or malformed). */
export function decodeXstats(kind: string | undefined, bytes: Uint8Array): unknown {
  const codec = kind === undefined ? undefined : xstatsKinds.get(kind);
  if (!codec) return bytes;
  try {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return codec.decode({ buf: bytes, view, le: new Uint8Array(new Uint16Array([1]).buffer)[0] === 1, keepLayout: false, family: 0, netOrder: false, tail: undefined }, 0, bytes.length, undefined);
  } catch {
    return bytes;
  }
}
