/** struct tc_ratespec, shared by htb, tbf and police (linux/pkt_sched.h). */
import { struct } from '../../netlink/schema.js';
import { s16, u16, u32, u8 } from '../../netlink/types.js';

/**
 * struct tc_ratespec (linux/pkt_sched.h): a rate (bytes per second, the 32-bit part), cell size,
 * link layer, overhead and mpu, as htb, tbf and police carry it.
 */
export const tcRatespec = struct('tc_ratespec', [
  ['cellLog', u8],
  /** low 4 bits: TC_LINKLAYER_* */
  ['linklayer', u8],
  ['overhead', u16],
  ['cellAlign', s16],
  ['mpu', u16],
  /** bytes per second (saturated at 2^32-1; the 64-bit rate then goes in a *_RATE64 attribute) */
  ['rate', u32],
] as const);
