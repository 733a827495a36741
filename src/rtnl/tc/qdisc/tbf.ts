/** tbf (token bucket filter): TCA_TBF_*. */
import { attrs, struct } from '../../../netlink/schema.js';
import { binary, u32, u64 } from '../../../netlink/types.js';
import { tcRatespec } from '../ratespec.js';
import { tcKinds } from '../schema.js';

/** struct tc_tbf_qopt */
export const tcTbfQopt = struct('tc_tbf_qopt', [
  ['rate', tcRatespec],
  ['peakrate', tcRatespec],
  /** queue limit in bytes */
  ['limit', u32],
  /** ticks to send the burst at `rate` */
  ['buffer', u32],
  /** ticks to send `mtu` at `peakrate` */
  ['mtu', u32],
] as const);

/**
 * TCA_TBF_*: the TCA_OPTIONS of the tbf qdisc: the token bucket filter (`rate R burst B latency
 * L`).
 */
export const tbfAttrs = attrs('TCA_TBF_', {
  parms: [1, 'PARMS', tcTbfQopt],
  burst: [6, 'BURST', u32],
  rate64: [4, 'RATE64', u64],
  rtab: [2, 'RTAB', binary],
  prate64: [5, 'PRATE64', u64],
  pburst: [7, 'PBURST', u32],
  ptab: [3, 'PTAB', binary],
  pad: [8, 'PAD', binary],
});
tcKinds.register('tbf', tbfAttrs);

declare module '../schema.js' {
  interface TcKindCodecs {
    tbf: typeof tbfAttrs;
  }
}
