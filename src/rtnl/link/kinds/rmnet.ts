/**
 * rmnet (IFLA_RMNET_*, linux/if_link.h; iproute2 ip/iplink_rmnet.c).
 */
import { attrs, struct } from '../../../netlink/schema.js';
import { u16, u32 } from '../../../netlink/types.js';
import { schemaKind } from './kind.js';

/** struct ifla_rmnet_flags */
export const rmnetFlags = struct('ifla_rmnet_flags', [
  ['flags', u32],
  ['mask', u32],
]);

/** IFLA_RMNET_* */
export const rmnetAttrs = attrs('IFLA_RMNET_', {
  muxId: [1, 'MUX_ID', u16],
  flags: [2, 'FLAGS', rmnetFlags],
});

/** `ip link add NAME type rmnet`: options are the IFLA_INFO_DATA attributes. */
export const rmnet = schemaKind(['rmnet'] as const, rmnetAttrs);
