/**
 * xfrm interfaces (IFLA_XFRM_*, linux/if_link.h; iproute2 ip/link_xfrm.c).
 */
import { attrs } from '../../../netlink/schema.js';
import { flag, u32 } from '../../../netlink/types.js';
import { schemaKind } from './kind.js';

/** IFLA_XFRM_* */
export const xfrmAttrs = attrs('IFLA_XFRM_', {
  link: [1, 'LINK', u32],
  ifId: [2, 'IF_ID', u32],
  collectMetadata: [3, 'COLLECT_METADATA', flag],
});

/** `ip link add NAME type xfrm`: options are the IFLA_INFO_DATA attributes. */
export const xfrm = schemaKind(['xfrm'] as const, xfrmAttrs);
