/** police (rate limiting): TCA_POLICE_*, as an action and as the legacy TCA_*_POLICE of filters. */
import { attrs, struct } from '../../../netlink/schema.js';
import { binary, s32, u32, u64 } from '../../../netlink/types.js';
import { tcRatespec } from '../ratespec.js';
import { actionKinds, tcfT } from '../schema.js';

/** struct tc_police */
export const tcPolice = struct('tc_police', [
  ['index', u32],
  /** the verdict when over the limit (TC_ACT_*) */
  ['action', s32],
  ['limit', u32],
  /** ticks to send the burst at `rate` */
  ['burst', u32],
  ['mtu', u32],
  ['rate', tcRatespec],
  ['peakrate', tcRatespec],
  ['refcnt', s32],
  ['bindcnt', s32],
  ['capab', u32],
] as const);
/**
 * TCA_POLICE_*: the options of the police action, which rate-limits (`action police rate R burst B
 * conform-exceed A`).
 */
export const policeAttrs = attrs('TCA_POLICE_', {
  tbf: [1, 'TBF', tcPolice],
  rate: [2, 'RATE', binary],
  peakrate: [3, 'PEAKRATE', binary],
  avrate: [4, 'AVRATE', u32],
  /** the verdict when under the limit (TC_ACT_*) */
  result: [5, 'RESULT', s32],
  tm: [6, 'TM', tcfT],
  pad: [7, 'PAD', binary],
  rate64: [8, 'RATE64', u64],
  peakrate64: [9, 'PEAKRATE64', u64],
  pktrate64: [10, 'PKTRATE64', u64],
  pktburst64: [11, 'PKTBURST64', u64],
});
actionKinds.register('police', policeAttrs);

declare module '../schema.js' {
  interface ActionKindCodecs {
    police: typeof policeAttrs;
  }
}
