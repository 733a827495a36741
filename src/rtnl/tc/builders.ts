/**
 * Typed options of the qdisc and class kinds → their TCA_OPTIONS, built the way iproute2's `tc`
 * builds them (same defaults, rate tables, attribute order), so that a request from the API or
 * from pure-tc carries the bytes `tc` would send. One function per kind; each validates its
 * input and names the offending key.
 */
import { ValidationError } from '../../netlink/errors.js';
import { TC_LINKLAYER_ATM, TC_LINKLAYER_ETHERNET } from './constants.js';
import {
  calcRtable, parseTime, PSCHED_HZ, rateOf, sizeOf, time2tick, timeOf, TIME_UNITS_PER_SEC, xmittime,
  type RateInput, type SizeInput, type TimeInput,
} from './units.js';

const U32_MAX = 0xffffffff;
const LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function checkKeys(o: object, allowed: readonly string[], kind: string): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k) && (o as Record<string, unknown>)[k] !== undefined) {
      throw new ValidationError(`${kind}: unknown option ${JSON.stringify(k)} (known: ${allowed.join(', ')})`, k);
    }
  }
}
function intIn(v: unknown, field: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new ValidationError(`${field} must be an integer in ${min}..${max}, got ${JSON.stringify(v)}`, field);
  return v;
}
function linklayerOf(v: 'ethernet' | 'atm' | 'adsl' | undefined, field: string): number {
  if (v === undefined || v === 'ethernet') return TC_LINKLAYER_ETHERNET;
  if (v === 'atm' || v === 'adsl') return TC_LINKLAYER_ATM;
  throw new ValidationError(`${field} must be 'ethernet', 'atm' or 'adsl'`, field);
}
/** A size with an optional cell (`'15k/8'`): iproute2's get_size_and_cell. */
export function sizeAndCell(v: SizeInput, field: string): { size: number; cellLog: number } {
  if (typeof v === 'string' && v.includes('/')) {
    const [a, b] = v.split('/', 2) as [string, string];
    const cell = Number(b);
    const log = Math.log2(cell);
    if (!Number.isInteger(log) || log < 0 || log > 31) throw new ValidationError(`${field}: cell size must be a power of two, got ${JSON.stringify(b)}`, field);
    return { size: sizeOf(a, field), cellLog: log };
  }
  return { size: sizeOf(v, field), cellLog: -1 };
}

/** `tc qdisc add ... htb [default N] [r2q N] [direct_qlen P] [offload]` */
export interface HtbQdiscOptions {
  /** Minor id of the class unclassified traffic goes to (`default 10` means class :10; hex in tc). */
  default?: number;
  /** DRR quantum = rate in bytes/s / r2q (default 10). */
  r2q?: number;
  directQlen?: number;
  offload?: boolean;
}
/**
 * The TCA_OPTIONS of `tc qdisc add ... htb [default C] [r2q N] [direct_qlen N] [offload]`;
 * ValidationError for unknown or bad options.
 */
export function htbQdiscOptions(o: HtbQdiscOptions): Record<string, unknown> {
  checkKeys(o, ['default', 'r2q', 'directQlen', 'offload'], 'htb');
  const init = {
    version: 3,
    rate2quantum: o.r2q === undefined ? 10 : intIn(o.r2q, 'r2q', 0, U32_MAX),
    defcls: o.default === undefined ? 0 : intIn(o.default, 'default', 0, U32_MAX),
    debug: 0,
    directPkts: 0,
  };
  const attrs: Record<string, unknown> = { init };
  if (o.directQlen !== undefined) attrs.directQlen = intIn(o.directQlen, 'directQlen', 0, U32_MAX - 1);
  if (o.offload) attrs.offload = true;
  return attrs;
}

/** `tc class add ... htb rate R [burst B] [ceil R2] [cburst B2] [prio P] [quantum Q] [mtu M] [mpu B] [overhead O] [linklayer L]` */
export interface HtbClassOptions {
  rate: RateInput;
  ceil?: RateInput;
  /** Bytes (or `'15k'`, `'15k/8'` with a cell size); default rate / HZ + mtu. */
  burst?: SizeInput;
  cburst?: SizeInput;
  prio?: number;
  quantum?: number;
  /** Rate table's biggest packet (default 1600). */
  mtu?: number;
  mpu?: number;
  overhead?: number;
  linklayer?: 'ethernet' | 'atm' | 'adsl';
}
/**
 * The TCA_OPTIONS of `tc class add ... htb rate R [ceil C] [burst B] [cburst B] [prio P] [quantum
 * Q] ...`: rates in bytes per second (64-bit attributes above 2^32), burst in bytes converted to
 * ticks as tc does; ValidationError without `rate`.
 */
export function htbClassOptions(o: HtbClassOptions): Record<string, unknown> {
  checkKeys(o, ['rate', 'ceil', 'burst', 'cburst', 'prio', 'quantum', 'mtu', 'mpu', 'overhead', 'linklayer'], 'htb class');
  if (o.rate === undefined) throw new ValidationError('htb class: "rate" is required', 'rate');
  const rate64 = rateOf(o.rate, 'rate');
  if (rate64 === 0) throw new ValidationError('htb class: "rate" is required (non-zero)', 'rate');
  const ceil64 = o.ceil === undefined ? rate64 : rateOf(o.ceil, 'ceil') || rate64;
  const mtu = o.mtu === undefined ? 1600 : intIn(o.mtu, 'mtu', 0, U32_MAX);
  const mpu = o.mpu === undefined ? 0 : intIn(o.mpu, 'mpu', 0, 0xffff);
  const overhead = o.overhead === undefined ? 0 : intIn(o.overhead, 'overhead', 0, 0xffff);
  const linklayer = linklayerOf(o.linklayer, 'linklayer');
  let { size: buffer, cellLog } = o.burst === undefined ? { size: 0, cellLog: -1 } : sizeAndCell(o.burst, 'burst');
  let { size: cbuffer, cellLog: ccellLog } = o.cburst === undefined ? { size: 0, cellLog: -1 } : sizeAndCell(o.cburst, 'cburst');
  if (!buffer) buffer = Math.trunc(rate64 / PSCHED_HZ + mtu);
  if (!cbuffer) cbuffer = Math.trunc(ceil64 / PSCHED_HZ + mtu);
  const r = calcRtable(rate64 >= 2 ** 32 ? U32_MAX : rate64, mpu, cellLog, mtu, linklayer, LE);
  const c = calcRtable(ceil64 >= 2 ** 32 ? U32_MAX : ceil64, mpu, ccellLog, mtu, linklayer, LE);
  const spec = (rate: number, log: number) => ({ cellLog: log, linklayer, overhead, cellAlign: -1, mpu, rate: rate >= 2 ** 32 ? U32_MAX : rate });
  const attrs: Record<string, unknown> = {};
  if (rate64 >= 2 ** 32) attrs.rate64 = BigInt(rate64);
  if (ceil64 >= 2 ** 32) attrs.ceil64 = BigInt(ceil64);
  attrs.parms = {
    rate: spec(rate64, r.cellLog),
    ceil: spec(ceil64, c.cellLog),
    buffer: xmittime(rate64, buffer),
    cbuffer: xmittime(ceil64, cbuffer),
    quantum: o.quantum === undefined ? 0 : intIn(o.quantum, 'quantum', 0, U32_MAX),
    level: 0,
    prio: o.prio === undefined ? 0 : intIn(o.prio, 'prio', 0, U32_MAX),
  };
  attrs.rtab = r.table;
  attrs.ctab = c.table;
  return attrs;
}

/** `tc qdisc add ... tbf rate R burst B (latency T | limit L) [peakrate R mtu M] [mpu B] [overhead O] [linklayer L]` */
export interface TbfOptions {
  rate: RateInput;
  /** Bytes (or `'32kbit'`, `'4k/8'`). */
  burst: SizeInput;
  /** Queue limit in bytes; or give `latency`. */
  limit?: SizeInput;
  latency?: TimeInput;
  peakrate?: RateInput;
  /** Needed with `peakrate` (also `minburst` in tc). */
  mtu?: SizeInput;
  mpu?: SizeInput;
  overhead?: number;
  linklayer?: 'ethernet' | 'atm' | 'adsl';
}
/**
 * The TCA_OPTIONS of `tc qdisc add ... tbf rate R burst B (latency L | limit N) [peakrate P mtu
 * M]`; ValidationError when tc would refuse the combination.
 */
export function tbfOptions(o: TbfOptions): Record<string, unknown> {
  checkKeys(o, ['rate', 'burst', 'limit', 'latency', 'peakrate', 'mtu', 'mpu', 'overhead', 'linklayer'], 'tbf');
  const problems: string[] = [];
  const rate64 = o.rate === undefined ? 0 : rateOf(o.rate, 'rate');
  if (!rate64) problems.push('the "rate" parameter is mandatory');
  const b = o.burst === undefined ? { size: 0, cellLog: -1 } : sizeAndCell(o.burst, 'burst');
  if (!b.size) problems.push('the "burst" parameter is mandatory');
  const prate64 = o.peakrate === undefined ? 0 : rateOf(o.peakrate, 'peakrate');
  const m = o.mtu === undefined ? { size: 0, cellLog: -1 } : sizeAndCell(o.mtu, 'mtu');
  if (prate64 && !m.size) problems.push('when "peakrate" is specified, "mtu" must also be specified');
  if (o.limit !== undefined && o.latency !== undefined) problems.push('specifying both "latency" and "limit" is not allowed');
  let limit = o.limit === undefined ? 0 : sizeOf(o.limit, 'limit');
  const latency = o.latency === undefined ? 0 : timeOf(o.latency, 'latency');
  if (!limit && !latency) problems.push('either "limit" or "latency" is required');
  if (problems.length) throw new ValidationError(`tbf: ${problems.join('; ')}`, problems.length === 1 ? undefined : undefined);
  const mpu = o.mpu === undefined ? 0 : sizeOf(o.mpu, 'mpu');
  const overhead = o.overhead === undefined ? 0 : intIn(o.overhead, 'overhead', 0, 0xffff);
  const linklayer = linklayerOf(o.linklayer, 'linklayer');
  if (!limit) {
    let lim = (rate64 * latency) / TIME_UNITS_PER_SEC + b.size;
    if (prate64) {
      const lim2 = (prate64 * latency) / TIME_UNITS_PER_SEC + m.size;
      if (lim2 < lim) lim = lim2;
    }
    limit = Math.trunc(lim) >>> 0;
  }
  const rate = rate64 >= 2 ** 32 ? U32_MAX : rate64;
  const prate = prate64 >= 2 ** 32 ? U32_MAX : prate64;
  const r = calcRtable(rate, mpu, b.cellLog, m.size, linklayer, LE);
  const zero = { cellLog: 0, linklayer: 0, overhead: 0, cellAlign: 0, mpu: 0, rate: 0 };
  const parms = {
    rate: { cellLog: r.cellLog, linklayer, overhead, cellAlign: -1, mpu, rate },
    peakrate: { ...zero, rate: prate },
    limit,
    buffer: xmittime(rate, b.size),
    mtu: 0,
  };
  const attrs: Record<string, unknown> = { parms, burst: b.size };
  if (rate64 >= 2 ** 32) attrs.rate64 = BigInt(rate64);
  attrs.rtab = r.table;
  if (prate) {
    const p = calcRtable(prate, mpu, m.cellLog, m.size, linklayer, LE);
    parms.peakrate = { cellLog: p.cellLog, linklayer, overhead, cellAlign: -1, mpu, rate: prate };
    parms.mtu = xmittime(prate, m.size);
    if (prate64 >= 2 ** 32) attrs.prate64 = BigInt(prate64);
    attrs.pburst = m.size;
    attrs.ptab = p.table;
  }
  return attrs;
}

/** `tc qdisc add ... pfifo|bfifo|pfifo_head_drop [limit N]` (packets for pfifo, bytes for bfifo) */
export interface FifoOptions {
  limit?: SizeInput;
}
/** The fifo option struct, or undefined when no limit is given (tc then sends no TCA_OPTIONS). */
export function fifoOptions(o: FifoOptions): Record<string, unknown> | undefined {
  checkKeys(o, ['limit'], 'fifo');
  return o.limit === undefined ? undefined : { limit: sizeOf(o.limit, 'limit') };
}

/** A probability: `'1%'`, `'0.5%'`, or a fraction 0..1. */
export type Percent = string | number;
function percentOf(v: Percent, field: string): number {
  let f: number | undefined;
  if (typeof v === 'number') f = v;
  else if (typeof v === 'string') {
    const m = /^\s*([0-9.eE+-]+)(%?)$/.exec(v);
    if (m) f = Number(m[1]) / 100;
  }
  if (f === undefined || !(f >= 0 && f <= 1)) throw new ValidationError(`${field}: a percentage such as '1%' (or a fraction 0..1) expected, got ${JSON.stringify(v)}`, field);
  return Math.round(f * U32_MAX) >>> 0;
}
function ticksOf(v: TimeInput, field: string): number {
  const us = typeof v === 'string' ? parseTime(v) : v;
  if (us === undefined || !Number.isInteger(us) || us < 0) throw new ValidationError(`${field}: a time such as '10ms' expected, got ${JSON.stringify(v)}`, field);
  if (us * (1000 / 64) >= 2 ** 32) throw new ValidationError(`${field}: time too large`, field);
  return time2tick(us);
}

/** `tc qdisc add ... netem [limit P] [delay T [JITTER [CORR]]] [loss P [CORR]] [duplicate P [CORR]] [reorder P [CORR]] [gap N] [corrupt P [CORR]] [rate R]` */
export interface NetemOptions {
  /** Packets queued at most (default 1000). */
  limit?: number;
  delay?: TimeInput;
  jitter?: TimeInput;
  delayCorrelation?: Percent;
  loss?: Percent;
  lossCorrelation?: Percent;
  duplicate?: Percent;
  duplicateCorrelation?: Percent;
  reorder?: Percent;
  reorderCorrelation?: Percent;
  gap?: number;
  corrupt?: Percent;
  corruptCorrelation?: Percent;
  /** Bandwidth limit. */
  rate?: RateInput;
  /** Mark with ECN instead of dropping (needs `loss`). */
  ecn?: boolean;
}
/**
 * The tc_netem_qopt header and TCA_NETEM_* attributes of `tc qdisc add ... netem [delay D [J [C]]]
 * [loss P] [duplicate P] [reorder P] [corrupt P] [rate R] ...`: times in microseconds, percentages
 * scaled to 2^32 as tc does.
 */
export function netemOptions(o: NetemOptions): { header: Record<string, number>; attrs: Record<string, unknown> } {
  checkKeys(o, ['limit', 'delay', 'jitter', 'delayCorrelation', 'loss', 'lossCorrelation', 'duplicate', 'duplicateCorrelation', 'reorder', 'reorderCorrelation', 'gap', 'corrupt', 'corruptCorrelation', 'rate', 'ecn'], 'netem');
  const header = {
    latency: o.delay === undefined ? 0 : ticksOf(o.delay, 'delay'),
    limit: o.limit === undefined ? 1000 : intIn(o.limit, 'limit', 0, U32_MAX),
    loss: o.loss === undefined ? 0 : percentOf(o.loss, 'loss'),
    gap: o.gap === undefined ? 0 : intIn(o.gap, 'gap', 0, U32_MAX),
    duplicate: o.duplicate === undefined ? 0 : percentOf(o.duplicate, 'duplicate'),
    jitter: o.jitter === undefined ? 0 : ticksOf(o.jitter, 'jitter'),
  };
  if (o.jitter !== undefined && o.delay === undefined) throw new ValidationError('netem: jitter needs a delay', 'jitter');
  const attrs: Record<string, unknown> = {};
  const corr = {
    delayCorr: o.delayCorrelation === undefined ? 0 : percentOf(o.delayCorrelation, 'delayCorrelation'),
    lossCorr: o.lossCorrelation === undefined ? 0 : percentOf(o.lossCorrelation, 'lossCorrelation'),
    dupCorr: o.duplicateCorrelation === undefined ? 0 : percentOf(o.duplicateCorrelation, 'duplicateCorrelation'),
  };
  if (o.delayCorrelation !== undefined || o.lossCorrelation !== undefined || o.duplicateCorrelation !== undefined || o.reorderCorrelation !== undefined || o.corruptCorrelation !== undefined) attrs.corr = corr;
  if (o.reorder !== undefined) {
    const probability = percentOf(o.reorder, 'reorder');
    if (probability) {
      if (!header.latency) throw new ValidationError('netem: reordering not possible without specifying some delay', 'reorder');
      if (!header.gap) header.gap = 1;
    }
    attrs.reorder = { probability, correlation: o.reorderCorrelation === undefined ? 0 : percentOf(o.reorderCorrelation, 'reorderCorrelation') };
  } else if (header.gap > 0) throw new ValidationError('netem: gap specified without reorder probability', 'gap');
  if (o.ecn) {
    if (!header.loss) throw new ValidationError('netem: ecn requested without loss model', 'ecn');
    attrs.ecn = 1;
  }
  if (o.corrupt !== undefined) attrs.corrupt = { probability: percentOf(o.corrupt, 'corrupt'), correlation: o.corruptCorrelation === undefined ? 0 : percentOf(o.corruptCorrelation, 'corruptCorrelation') };
  if (o.rate !== undefined) {
    const rate64 = rateOf(o.rate, 'rate');
    if (rate64 >= 2 ** 32) attrs.rate64 = BigInt(rate64);
    attrs.rate = { rate: rate64 >= 2 ** 32 ? U32_MAX : rate64, packetOverhead: 0, cellSize: 0, cellOverhead: 0 };
  }
  return { header, attrs };
}

/** `tc qdisc add ... fq_codel [limit P] [flows N] [target T] [interval T] [quantum B] [ce_threshold T] [memory_limit B] [ecn|noecn] [drop_batch N]` */
export interface FqCodelOptions {
  limit?: number;
  flows?: number;
  target?: TimeInput;
  interval?: TimeInput;
  quantum?: number;
  ceThreshold?: TimeInput;
  memoryLimit?: SizeInput;
  ecn?: boolean;
  dropBatch?: number;
}
/**
 * The TCA_OPTIONS of `tc qdisc add ... fq_codel [limit N] [flows N] [target T] [interval T]
 * [quantum B] [ce_threshold T] [memory_limit B] [ecn|noecn] [drop_batch N]`, in the order tc sends
 * them.
 */
export function fqCodelOptions(o: FqCodelOptions): Record<string, unknown> {
  checkKeys(o, ['limit', 'flows', 'target', 'interval', 'quantum', 'ceThreshold', 'memoryLimit', 'ecn', 'dropBatch'], 'fq_codel');
  // iproute2 sends each given option once, in this order (q_fq_codel.c).
  const a: Record<string, unknown> = {};
  if (o.limit !== undefined) a.limit = intIn(o.limit, 'limit', 0, U32_MAX);
  if (o.flows !== undefined) a.flows = intIn(o.flows, 'flows', 0, U32_MAX);
  if (o.quantum !== undefined) a.quantum = intIn(o.quantum, 'quantum', 0, U32_MAX);
  if (o.interval !== undefined) a.interval = timeOf(o.interval, 'interval');
  if (o.target !== undefined) a.target = timeOf(o.target, 'target');
  if (o.ecn !== undefined) a.ecn = o.ecn ? 1 : 0;
  if (o.ceThreshold !== undefined) a.ceThreshold = timeOf(o.ceThreshold, 'ceThreshold');
  if (o.memoryLimit !== undefined) a.memoryLimit = sizeOf(o.memoryLimit, 'memoryLimit');
  if (o.dropBatch !== undefined) a.dropBatchSize = intIn(o.dropBatch, 'dropBatch', 0, U32_MAX);
  return a;
}
