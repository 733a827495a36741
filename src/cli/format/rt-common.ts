/**
 * The printing helpers iproute2's route and nexthop printers share (ip/iproute.c print_rt_flags,
 * print_rta_ifidx, print_rta_gateway; ip/ipnexthop.c calls them too).
 */
import { indexToName, type FormatContext } from './context.js';
import { PRINT_ANY, PRINT_FP, PRINT_JSON, type Printer } from './printer.js';

/** RTNH_F_* and RTM_F_* bits print_rt_flags names, in its order. */
const RT_FLAG_NAMES: Array<[number, string]> = [
  [1, 'dead'], [4, 'onlink'], [2, 'pervasive'], [8, 'offload'], [64, 'trap'], [0x100, 'notify'], [16, 'linkdown'],
  [32, 'unresolved'], [0x4000, 'rt_offload'], [0x8000, 'rt_trap'], [0x20000000, 'rt_offload_failed'],
];

const RT_FLAG_BITS = RT_FLAG_NAMES.reduce((m, [bit]) => m | bit, 0);

/** print_rt_flags: the `flags` array (JSON) or the flag words (text). */
export function printRtFlags(p: Printer, flags: number): void {
  p.openArray(PRINT_JSON, p.json ? 'flags' : '');
  if (flags & RT_FLAG_BITS) for (const [bit, name] of RT_FLAG_NAMES) if (flags & bit) p.string(PRINT_ANY, null, '%s ', name);
  p.closeArray(PRINT_JSON, null);
}

/** print_rta_ifidx: `dev NAME` / `iif NAME` by ifindex. */
export function printRtaIfidx(p: Printer, ctx: FormatContext, ifidx: number, prefix: string): void {
  const ifname = indexToName(ctx, ifidx);
  if (p.json) p.string(PRINT_JSON, prefix, null, ifname);
  else {
    p.fp('%s ', prefix);
    p.fp('%s ', ifname);
  }
}

/** print_rta_gateway: `via ADDR`. */
export function printRtaGateway(p: Printer, gateway: string): void {
  if (p.json) p.string(PRINT_JSON, 'gateway', null, gateway);
  else {
    p.fp('via ');
    p.string(PRINT_FP, null, '%s ', gateway);
  }
}
