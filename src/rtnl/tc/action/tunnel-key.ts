/** tunnel_key (set or release tunnel metadata): TCA_TUNNEL_KEY_*. Tunnel options stay bytes. */
import { defineEnum, enumOf } from '../../../netlink/enums.js';
import { attrs } from '../../../netlink/schema.js';
import { be16, be32, binary, ipv4, ipv6, s32, u8 } from '../../../netlink/types.js';
import { actionKinds, tcfT } from '../schema.js';
import { tcGenStruct } from './common.js';

/** TCA_TUNNEL_KEY_ACT_* */
export const TUNNEL_KEY_ACT = defineEnum('TCA_TUNNEL_KEY_ACT_', { set: 1, release: 2 });
/** struct tc_tunnel_key */
export const tcTunnelKey = tcGenStruct('tc_tunnel_key', [['tAction', enumOf(s32, TUNNEL_KEY_ACT)]] as const);
/**
 * TCA_TUNNEL_KEY_*: the options of the tunnel_key action, which sets or releases tunnel metadata
 * (`action tunnel_key set id ID src_ip A dst_ip B`).
 */
export const tunnelKeyAttrs = attrs('TCA_TUNNEL_KEY_', {
  tm: [1, 'TM', tcfT],
  parms: [2, 'PARMS', tcTunnelKey],
  encIpv4Src: [3, 'ENC_IPV4_SRC', ipv4],
  encIpv4Dst: [4, 'ENC_IPV4_DST', ipv4],
  encIpv6Src: [5, 'ENC_IPV6_SRC', ipv6],
  encIpv6Dst: [6, 'ENC_IPV6_DST', ipv6],
  // be32 on the wire whatever the uapi comment says (act_tunnel_key.c: nla_get_be32 / nla_put_be32)
  encKeyId: [7, 'ENC_KEY_ID', be32],
  pad: [8, 'PAD', binary],
  encDstPort: [9, 'ENC_DST_PORT', be16],
  noCsum: [10, 'NO_CSUM', u8],
  encOpts: [11, 'ENC_OPTS', binary],
  encTos: [12, 'ENC_TOS', u8],
  encTtl: [13, 'ENC_TTL', u8],
  noFrag: [14, 'NO_FRAG', binary],
});
actionKinds.register('tunnel_key', tunnelKeyAttrs);

declare module '../schema.js' {
  interface ActionKindCodecs {
    tunnel_key: typeof tunnelKeyAttrs;
  }
}
