/** print_stats64 / __print_link_stats (ip/ipaddress.c): a link's counters, `-s` and `-s -s`. */
import type { LinkAttrs } from '../../rtnl/link/attrs.js';
import { big, num, type FormatContext } from './context.js';
import { PRINT_JSON, type Printer } from './printer.js';
import { sprintf } from './printf.js';

interface Stats64 {
  rxPackets: bigint; txPackets: bigint; rxBytes: bigint; txBytes: bigint; rxErrors: bigint; txErrors: bigint;
  rxDropped: bigint; txDropped: bigint; multicast: bigint; collisions: bigint; rxLengthErrors: bigint;
  rxOverErrors: bigint; rxCrcErrors: bigint; rxFrameErrors: bigint; rxFifoErrors: bigint; rxMissedErrors: bigint;
  txAbortedErrors: bigint; txCarrierErrors: bigint; txFifoErrors: bigint; txHeartbeatErrors: bigint;
  txWindowErrors: bigint; rxCompressed: bigint; txCompressed: bigint; rxNohandler: bigint; rxOtherhostDropped: bigint;
}
const STAT_KEYS: Array<keyof Stats64> = [
  'rxPackets', 'txPackets', 'rxBytes', 'txBytes', 'rxErrors', 'txErrors', 'rxDropped', 'txDropped', 'multicast',
  'collisions', 'rxLengthErrors', 'rxOverErrors', 'rxCrcErrors', 'rxFrameErrors', 'rxFifoErrors', 'rxMissedErrors',
  'txAbortedErrors', 'txCarrierErrors', 'txFifoErrors', 'txHeartbeatErrors', 'txWindowErrors', 'rxCompressed',
  'txCompressed', 'rxNohandler', 'rxOtherhostDropped',
];

function statsOf(attrs: LinkAttrs): { s: Stats64; what: string } | undefined {
  // rtnl_link_stats64 (u64 counters) or the older rtnl_link_stats (u32, fewer fields at its end).
  const src: Partial<Record<keyof Stats64, number | bigint>> | undefined = attrs.stats64 ?? attrs.stats;
  if (!src || typeof src !== 'object') return undefined;
  const s = {} as Stats64;
  for (const k of STAT_KEYS) s[k] = big(src[k]);
  return { s, what: attrs.stats64 ? 'stats64' : 'stats' };
}

function sizeColumns(cols: number[], human: boolean, ...vals: bigint[]): void {
  vals.forEach((v, i) => {
    if (human) return;
    const len = v.toString().length;
    if (len > cols[i]!) cols[i] = len;
  });
}

export function printNum(p: Printer, ctx: FormatContext, width: number, count: bigint): void {
  const base = ctx.iec ? 1024n : 1000n;
  if (!ctx.human || count < base) {
    p.fp('%*llu ', width, count);
    return;
  }
  const prefix = 'kMGTPE';
  let pi = 0;
  let powi = 1n;
  for (;;) {
    powi *= base;
    if (count / base < powi) break;
    if (pi + 1 >= prefix.length) break;
    ++pi;
  }
  let precision = 2;
  let powj = 1n;
  for (; precision > 0; precision--) {
    powj *= 10n;
    if (count / powi < powj) break;
  }
  const buf = sprintf('%.*f%c%s', precision, Number(count) / Number(powi), prefix[pi]!, ctx.iec ? 'i' : '');
  p.fp('%*s ', width, buf);
}

/** print_stats64 */
export function printStats64(p: Printer, ctx: FormatContext, s: Stats64, carrierChanges: number | undefined, what: string | null): void {
  const cols = ['*X errors:'.length, 'packets'.length, 'errors'.length, 'dropped'.length, 'heartbt'.length, 'overrun'.length, 'compressed'.length, 'otherhost'.length];
  const showStats = ctx.stats;
  if (p.json) {
    if (what) p.openObject(what);
    p.openObject('rx');
    p.u64(PRINT_JSON, 'bytes', null, s.rxBytes);
    p.u64(PRINT_JSON, 'packets', null, s.rxPackets);
    p.u64(PRINT_JSON, 'errors', null, s.rxErrors);
    p.u64(PRINT_JSON, 'dropped', null, s.rxDropped);
    p.u64(PRINT_JSON, 'over_errors', null, s.rxOverErrors);
    p.u64(PRINT_JSON, 'multicast', null, s.multicast);
    if (s.rxCompressed) p.u64(PRINT_JSON, 'compressed', null, s.rxCompressed);
    if (showStats > 1) {
      p.u64(PRINT_JSON, 'length_errors', null, s.rxLengthErrors);
      p.u64(PRINT_JSON, 'crc_errors', null, s.rxCrcErrors);
      p.u64(PRINT_JSON, 'frame_errors', null, s.rxFrameErrors);
      p.u64(PRINT_JSON, 'fifo_errors', null, s.rxFifoErrors);
      p.u64(PRINT_JSON, 'missed_errors', null, s.rxMissedErrors);
      if (s.rxNohandler) p.u64(PRINT_JSON, 'nohandler', null, s.rxNohandler);
      if (s.rxOtherhostDropped) p.u64(PRINT_JSON, 'otherhost', null, s.rxOtherhostDropped);
    }
    p.closeObject();
    p.openObject('tx');
    p.u64(PRINT_JSON, 'bytes', null, s.txBytes);
    p.u64(PRINT_JSON, 'packets', null, s.txPackets);
    p.u64(PRINT_JSON, 'errors', null, s.txErrors);
    p.u64(PRINT_JSON, 'dropped', null, s.txDropped);
    p.u64(PRINT_JSON, 'carrier_errors', null, s.txCarrierErrors);
    p.u64(PRINT_JSON, 'collisions', null, s.collisions);
    if (s.txCompressed) p.u64(PRINT_JSON, 'compressed', null, s.txCompressed);
    if (showStats > 1) {
      p.u64(PRINT_JSON, 'aborted_errors', null, s.txAbortedErrors);
      p.u64(PRINT_JSON, 'fifo_errors', null, s.txFifoErrors);
      p.u64(PRINT_JSON, 'window_errors', null, s.txWindowErrors);
      p.u64(PRINT_JSON, 'heartbeat_errors', null, s.txHeartbeatErrors);
      if (carrierChanges !== undefined) p.u64(PRINT_JSON, 'carrier_changes', null, carrierChanges);
    }
    p.closeObject();
    if (what) p.closeObject();
    return;
  }
  const human = !!ctx.human;
  sizeColumns(cols, human, s.rxBytes, s.rxPackets, s.rxErrors, s.rxDropped, s.rxMissedErrors, s.multicast, s.rxCompressed, 0n);
  if (showStats > 1) {
    sizeColumns(cols, human, 0n, s.rxLengthErrors, s.rxCrcErrors, s.rxFrameErrors, s.rxFifoErrors, s.rxOverErrors, s.rxNohandler, s.rxOtherhostDropped);
  }
  sizeColumns(cols, human, s.txBytes, s.txPackets, s.txErrors, s.txDropped, s.txCarrierErrors, s.collisions, s.txCompressed, 0n);
  if (showStats > 1) {
    const cc = BigInt(carrierChanges ?? 0);
    sizeColumns(cols, human, 0n, 0n, s.txAbortedErrors, s.txFifoErrors, s.txWindowErrors, s.txHeartbeatErrors, cc, 0n);
  }
  const c = cols as [number, number, number, number, number, number, number, number];
  p.fp('    RX: %*s %*s %*s %*s %*s %*s %*s%s', c[0] - 4, 'bytes', c[1], 'packets', c[2], 'errors', c[3], 'dropped', c[4], 'missed', c[5], 'mcast', c[6], s.rxCompressed ? 'compressed' : '', p.SL);
  p.fp('    ');
  printNum(p, ctx, c[0], s.rxBytes);
  printNum(p, ctx, c[1], s.rxPackets);
  printNum(p, ctx, c[2], s.rxErrors);
  printNum(p, ctx, c[3], s.rxDropped);
  printNum(p, ctx, c[4], s.rxMissedErrors);
  printNum(p, ctx, c[5], s.multicast);
  if (s.rxCompressed) printNum(p, ctx, c[6], s.rxCompressed);
  if (showStats > 1) {
    p.fp('%s', p.SL);
    p.fp('    RX errors:%*s %*s %*s %*s %*s %*s%*s%*s%s', c[0] - 10, '', c[1], 'length', c[2], 'crc', c[3], 'frame', c[4], 'fifo', c[5], 'overrun',
      s.rxNohandler ? c[6] + 1 : 0, s.rxNohandler ? ' nohandler' : '', s.rxOtherhostDropped ? c[7] + 1 : 0, s.rxOtherhostDropped ? ' otherhost' : '', p.SL);
    p.fp('%*s', c[0] + 5, '');
    printNum(p, ctx, c[1], s.rxLengthErrors);
    printNum(p, ctx, c[2], s.rxCrcErrors);
    printNum(p, ctx, c[3], s.rxFrameErrors);
    printNum(p, ctx, c[4], s.rxFifoErrors);
    printNum(p, ctx, c[5], s.rxOverErrors);
    if (s.rxNohandler) printNum(p, ctx, c[6], s.rxNohandler);
    if (s.rxOtherhostDropped) printNum(p, ctx, c[7], s.rxOtherhostDropped);
  }
  p.fp('%s', p.SL);
  p.fp('    TX: %*s %*s %*s %*s %*s %*s %*s%s', c[0] - 4, 'bytes', c[1], 'packets', c[2], 'errors', c[3], 'dropped', c[4], 'carrier', c[5], 'collsns', c[6], s.txCompressed ? 'compressed' : '', p.SL);
  p.fp('    ');
  printNum(p, ctx, c[0], s.txBytes);
  printNum(p, ctx, c[1], s.txPackets);
  printNum(p, ctx, c[2], s.txErrors);
  printNum(p, ctx, c[3], s.txDropped);
  printNum(p, ctx, c[4], s.txCarrierErrors);
  printNum(p, ctx, c[5], s.collisions);
  if (s.txCompressed) printNum(p, ctx, c[6], s.txCompressed);
  if (showStats > 1) {
    p.fp('%s', p.SL);
    p.fp('    TX errors:%*s %*s %*s %*s %*s %*s%s', c[0] - 10, '', c[1], 'aborted', c[2], 'fifo', c[3], 'window', c[4], 'heartbt', c[5], carrierChanges !== undefined ? 'transns' : '', p.SL);
    p.fp('%*s', c[0] + 5, '');
    printNum(p, ctx, c[1], s.txAbortedErrors);
    printNum(p, ctx, c[2], s.txFifoErrors);
    printNum(p, ctx, c[3], s.txWindowErrors);
    printNum(p, ctx, c[4], s.txHeartbeatErrors);
    if (carrierChanges !== undefined) printNum(p, ctx, c[5], BigInt(carrierChanges));
  }
}

/** __print_link_stats */
export function printLinkStats(p: Printer, ctx: FormatContext, attrs: LinkAttrs): void {
  const st = statsOf(attrs);
  if (!st) return;
  printStats64(p, ctx, st.s, attrs.carrierChanges !== undefined ? num(attrs.carrierChanges) : undefined, st.what);
}
