/** csum (recompute checksums): TCA_CSUM_*. */
import { defineEnum, flagsOf } from '../../../netlink/enums.js';
import { attrs } from '../../../netlink/schema.js';
import { binary, u32 } from '../../../netlink/types.js';
import { actionKinds, tcfT } from '../schema.js';
import { tcGenStruct } from './common.js';

/** TCA_CSUM_UPDATE_FLAG_* (iproute2's spelling) */
export const CSUM_UPDATE = defineEnum('TCA_CSUM_UPDATE_FLAG_', { iph: 1, icmp: 2, igmp: 4, tcp: 8, udp: 16, udplite: 32, sctp: 64 });
/** struct tc_csum */
export const tcCsum = tcGenStruct('tc_csum', [['updateFlags', flagsOf(u32, CSUM_UPDATE)]] as const);
/**
 * TCA_CSUM_*: the options of the csum action, which recomputes checksums (`action csum ip4h tcp
 * ...`).
 */
export const csumAttrs = attrs('TCA_CSUM_', {
  parms: [1, 'PARMS', tcCsum],
  tm: [2, 'TM', tcfT],
  pad: [3, 'PAD', binary],
});
actionKinds.register('csum', csumAttrs);

declare module '../schema.js' {
  interface ActionKindCodecs {
    csum: typeof csumAttrs;
  }
}
