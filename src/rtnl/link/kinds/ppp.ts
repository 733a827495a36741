/**
 * ppp (IFLA_PPP_*, linux/if_link.h).
 */
import { attrs } from '../../../netlink/schema.js';
import { s32 } from '../../../netlink/types.js';
import { schemaKind } from './kind.js';

/** IFLA_PPP_* */
export const pppAttrs = attrs('IFLA_PPP_', {
  devFd: [1, 'DEV_FD', s32],
});

/** `ip link add NAME type ppp`: options are the IFLA_INFO_DATA attributes. */
export const ppp = schemaKind(['ppp'] as const, pppAttrs);
