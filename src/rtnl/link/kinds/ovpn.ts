/**
 * ovpn (IFLA_OVPN_*, linux/if_link.h).
 */
import { enumOf } from '../../../netlink/enums.js';
import { attrs } from '../../../netlink/schema.js';
import { u8 } from '../../../netlink/types.js';
import { OVPN_MODE } from '../constants.js';
import { schemaKind } from './kind.js';

/** IFLA_OVPN_* */
export const ovpnAttrs = attrs('IFLA_OVPN_', {
  mode: [1, 'MODE', enumOf(u8, OVPN_MODE)],
});

/** `ip link add NAME type ovpn`: options are the IFLA_INFO_DATA attributes. */
export const ovpn = schemaKind(['ovpn'] as const, ovpnAttrs);
