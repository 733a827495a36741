/** htb (hierarchical token bucket): TCA_HTB_* for the qdisc (INIT) and its classes (PARMS). */
import { attrs, struct } from '../../../netlink/schema.js';
import { binary, flag, u32, u64 } from '../../../netlink/types.js';
import { tcRatespec } from '../ratespec.js';
import { tcKinds } from '../schema.js';

/** struct tc_htb_opt (a class) */
export const tcHtbOpt = struct('tc_htb_opt', [
  ['rate', tcRatespec],
  ['ceil', tcRatespec],
  /** ticks to send `burst` bytes at `rate` */
  ['buffer', u32],
  ['cbuffer', u32],
  ['quantum', u32],
  /** out only: the class's depth (0 for leaves) */
  ['level', u32],
  ['prio', u32],
] as const);
/** struct tc_htb_glob (the qdisc) */
export const tcHtbGlob = struct('tc_htb_glob', [
  ['version', u32],
  ['rate2quantum', u32],
  ['defcls', u32],
  ['debug', u32],
  ['directPkts', u32],
] as const);

/**
 * TCA_HTB_*: the TCA_OPTIONS of the htb qdisc: the hierarchy token bucket (qdisc and class
 * options).
 */
export const htbAttrs = attrs('TCA_HTB_', {
  rate64: [6, 'RATE64', u64],
  ceil64: [7, 'CEIL64', u64],
  parms: [1, 'PARMS', tcHtbOpt],
  init: [2, 'INIT', tcHtbGlob],
  directQlen: [5, 'DIRECT_QLEN', u32],
  offload: [9, 'OFFLOAD', flag],
  /** rate table: 256 u32 transmit times (iproute2 still sends it; kernels since 3.8 ignore it) */
  rtab: [4, 'RTAB', binary],
  ctab: [3, 'CTAB', binary],
  pad: [8, 'PAD', binary],
});
tcKinds.register('htb', htbAttrs);

declare module '../schema.js' {
  interface TcKindCodecs {
    htb: typeof htbAttrs;
  }
}
