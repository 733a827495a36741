/**
 * tc's units: rates (`1mbit`, `10MBps`), sizes (`15k`, `32kbit`), times (`10ms`), and the
 * psched clock that tc's rate tables and kernel times are expressed in. Parsing follows
 * iproute2's get_rate64 / get_size / get_time (suffixes case-insensitive); the conversions follow
 * tc_core.c with the clock every high-resolution kernel reports in /proc/net/psched
 * (`000003e8 00000040 000f4240 3b9aca00`: NSEC_PER_USEC, PSCHED_TICKS... i.e. one psched tick is
 * 64 ns, and the clock resolution is 1 MHz), which the library cannot read without I/O.
 */
import { ValidationError } from '../../netlink/errors.js';
import { TC_LINKLAYER_ATM } from './constants.js';

/** TIME_UNITS_PER_SEC: tc's times are microseconds. */
export const TIME_UNITS_PER_SEC = 1_000_000;
/** tick_in_usec = t2us / us2t * clock_factor = 1000 / 64 * 1: psched ticks are 64 ns (PSCHED_SHIFT 6). */
export const TICK_IN_USEC = 1000 / 64;
/**
 * get_hz(): /proc/net/psched's fourth word (1e9) when its third is 1e6, which it always is on a
 * high-resolution kernel. htb's default burst is rate / hz + mtu.
 */
export const PSCHED_HZ = 1_000_000_000;
/** USER_HZ: action timestamps (struct tcf_t) are in these. */
export const USER_HZ = 100;

const RATE_SUFFIXES: ReadonlyArray<readonly [string, number]> = [
  ['bit', 1], ['kibit', 1024], ['kbit', 1000], ['mibit', 1024 * 1024], ['mbit', 1e6], ['gibit', 1024 ** 3], ['gbit', 1e9],
  ['tibit', 1024 ** 4], ['tbit', 1e12], ['bps', 8], ['kibps', 8 * 1024], ['kbps', 8000], ['mibps', 8 * 1024 * 1024],
  ['mbps', 8e6], ['gibps', 8 * 1024 ** 3], ['gbps', 8e9], ['tibps', 8 * 1024 ** 4], ['tbps', 8e12],
];

/** strtod's prefix of `s`: the number and the rest, or undefined when no number starts it. */
function strtod(s: string): [number, string] | undefined {
  const m = /^\s*([+-]?(?:0[xX][0-9a-fA-F]*\.?[0-9a-fA-F]*(?:[pP][+-]?\d+)?|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan))/i.exec(s);
  if (!m || m[1] === undefined) return undefined;
  const t = m[1];
  const v = /^[+-]?0x/i.test(t) ? parseHexFloat(t) : Number(t.replace(/^([+-]?)inf(inity)?$/i, '$1Infinity'));
  return [v, s.slice(m[0].length)];
}
function parseHexFloat(t: string): number {
  const neg = t.startsWith('-');
  const m = /0x([0-9a-f]*)\.?([0-9a-f]*)(?:p([+-]?\d+))?/i.exec(t)!;
  let v = parseInt(m[1] || '0', 16);
  const frac = m[2] ?? '';
  for (let i = 0; i < frac.length; i++) v += parseInt(frac[i]!, 16) / 16 ** (i + 1);
  if (m[3]) v *= 2 ** Number(m[3]);
  return neg ? -v : v;
}

/** get_rate64: a rate (`1mbit`, `100kbps`, a bare number is bits per second) in bytes per second; undefined if malformed. */
export function parseRate(str: string): number | undefined {
  const r = strtod(str);
  if (!r) return undefined;
  let [bps, rest] = r;
  if (rest) {
    const s = RATE_SUFFIXES.find(([name]) => name === rest.toLowerCase());
    if (!s) return undefined;
    bps *= s[1];
  }
  bps /= 8;
  if (!(bps >= 0) || !Number.isFinite(bps)) return undefined;
  return Math.trunc(bps);
}

/** get_size: a size in bytes (`15k`, `1mb`, `32kbit`, `100b`); undefined if malformed or not a u32. */
export function parseSize(str: string): number | undefined {
  const r = strtod(str);
  if (!r) return undefined;
  let [sz, rest] = r;
  if (rest) {
    const p = rest.toLowerCase();
    if (p === 'kb' || p === 'k') sz *= 1024;
    else if (p === 'gb' || p === 'g') sz *= 1024 * 1024 * 1024;
    else if (p === 'gbit') sz *= (1024 * 1024 * 1024) / 8;
    else if (p === 'mb' || p === 'm') sz *= 1024 * 1024;
    else if (p === 'mbit') sz *= (1024 * 1024) / 8;
    else if (p === 'kbit') sz *= 1024 / 8;
    else if (p !== 'b') return undefined;
  }
  const v = Math.trunc(sz);
  if (!(v >= 0 && v <= 0xffffffff) || v !== Math.floor(sz)) return undefined;
  return v;
}

/** get_time: a time in microseconds (`10ms`, `1s`, `500us`, a bare number is microseconds). */
export function parseTime(str: string): number | undefined {
  const r = strtod(str);
  if (!r) return undefined;
  let [t, rest] = r;
  if (rest) {
    const p = rest.toLowerCase();
    if (p === 's' || p === 'sec' || p === 'secs') t *= TIME_UNITS_PER_SEC;
    else if (p === 'ms' || p === 'msec' || p === 'msecs') t *= TIME_UNITS_PER_SEC / 1000;
    else if (p === 'us' || p === 'usec' || p === 'usecs') t *= TIME_UNITS_PER_SEC / 1_000_000;
    else return undefined;
  }
  return Math.trunc(t) >>> 0;
}

/** tc_core_time2tick */
export function time2tick(time: number): number {
  return Math.trunc(time * TICK_IN_USEC) >>> 0;
}
/** tc_core_tick2time */
export function tick2time(tick: number): number {
  return Math.trunc(tick / TICK_IN_USEC) >>> 0;
}
/** tc_calc_xmittime: ticks to send `size` bytes at `rate` bytes per second. */
export function xmittime(rate: number, size: number): number {
  return time2tick(Math.trunc(TIME_UNITS_PER_SEC * (size / rate)) >>> 0);
}
/** tc_calc_xmitsize: bytes sent in `ticks` at `rate`. */
export function xmitsize(rate: number, ticks: number): number {
  return (rate * tick2time(ticks)) / TIME_UNITS_PER_SEC;
}

/** ATM cells: 48 payload bytes in 53 (the SAR alignment of `linklayer atm`). */
function adjustSize(sz: number, mpu: number, linklayer: number): number {
  if (sz < mpu) sz = mpu;
  if (linklayer === TC_LINKLAYER_ATM) return Math.ceil(sz / 48) * 53;
  return sz;
}

/**
 * tc_calc_rtable: the 256-entry rate table (transmit time of each size class) iproute2 still
 * sends with htb, tbf and police; returns the table's bytes (host order) and the cell_log used.
 */
export function calcRtable(rate: number, mpu: number, cellLog: number, mtu: number, linklayer: number, le: boolean): { table: Uint8Array; cellLog: number } {
  if (mtu === 0) mtu = 2047;
  if (cellLog < 0) {
    cellLog = 0;
    while (mtu >> cellLog > 255) cellLog++;
  }
  const table = new Uint8Array(1024);
  const view = new DataView(table.buffer);
  for (let i = 0; i < 256; i++) view.setUint32(i * 4, xmittime(rate, adjustSize((i + 1) << cellLog, mpu, linklayer)), le);
  return { table, cellLog };
}

/** A rate for the API: a string in tc's units (`'1mbit'`) or a number of bytes per second. */
export type RateInput = string | number;
/** A size for the API: a string in tc's units (`'15k'`) or a number of bytes. */
export type SizeInput = string | number;
/** A time for the API: a string in tc's units (`'10ms'`) or a number of microseconds. */
export type TimeInput = string | number;

/**
 * A rate in bytes per second from tc's text (`1mbit`, `100kbps`) or a number of bytes per second;
 * ValidationError naming `field` otherwise.
 */
export function rateOf(v: RateInput, field: string): number {
  const r = typeof v === 'number' ? v : typeof v === 'string' ? parseRate(v) : undefined;
  if (r === undefined || !Number.isSafeInteger(r) || r < 0) throw new ValidationError(`${field}: a rate such as '1mbit' or a number of bytes per second expected, got ${JSON.stringify(v)}`, field);
  return r;
}
/**
 * A size in bytes from tc's text (`15k`, `1mb`) or a number of bytes (0..2^32-1); ValidationError
 * naming `field` otherwise.
 */
export function sizeOf(v: SizeInput, field: string): number {
  const r = typeof v === 'number' ? v : typeof v === 'string' ? parseSize(v) : undefined;
  if (r === undefined || !Number.isInteger(r) || r < 0 || r > 0xffffffff) throw new ValidationError(`${field}: a size such as '15k' or a number of bytes expected, got ${JSON.stringify(v)}`, field);
  return r;
}
/**
 * A time in microseconds from tc's text (`10ms`, `1s`) or a number of microseconds (0..2^32-1);
 * ValidationError naming `field` otherwise.
 */
export function timeOf(v: TimeInput, field: string): number {
  const r = typeof v === 'number' ? v : typeof v === 'string' ? parseTime(v) : undefined;
  if (r === undefined || !Number.isInteger(r) || r < 0 || r > 0xffffffff) throw new ValidationError(`${field}: a time such as '10ms' or a number of microseconds expected, got ${JSON.stringify(v)}`, field);
  return r;
}
