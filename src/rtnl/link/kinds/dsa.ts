/**
 * DSA user ports (IFLA_DSA_*, linux/if_link.h; iproute2 ip/iplink_dsa.c).
 */
import { attrs } from '../../../netlink/schema.js';
import { u32 } from '../../../netlink/types.js';
import { schemaKind } from './kind.js';

/** IFLA_DSA_* */
export const dsaAttrs = attrs('IFLA_DSA_', {
  conduit: [1, 'CONDUIT', u32],
});

/** `ip link add NAME type dsa`: options are the IFLA_INFO_DATA attributes. */
export const dsa = schemaKind(['dsa'] as const, dsaAttrs);
