/**
 * bareudp (IFLA_BAREUDP_*, linux/if_link.h; iproute2 ip/iplink_bareudp.c).
 */
import { attrs } from '../../../netlink/schema.js';
import { be16, flag, u16 } from '../../../netlink/types.js';
import { schemaKind } from './kind.js';

/** IFLA_BAREUDP_* */
export const bareudpAttrs = attrs('IFLA_BAREUDP_', {
  port: [1, 'PORT', be16],
  ethertype: [2, 'ETHERTYPE', be16],
  srcportMin: [3, 'SRCPORT_MIN', u16],
  multiprotoMode: [4, 'MULTIPROTO_MODE', flag],
});

/** `ip link add NAME type bareudp`: options are the IFLA_INFO_DATA attributes. */
export const bareudp = schemaKind(['bareudp'] as const, bareudpAttrs);
