/**
 * IP over InfiniBand child interfaces (IFLA_IPOIB_*, linux/if_link.h; iproute2 ip/link_iplink_ipoib.c).
 */
import { enumOf } from '../../../netlink/enums.js';
import { attrs } from '../../../netlink/schema.js';
import { u16 } from '../../../netlink/types.js';
import { IPOIB_MODE } from '../constants.js';
import { schemaKind } from './kind.js';

/** IFLA_IPOIB_* */
export const ipoibAttrs = attrs('IFLA_IPOIB_', {
  pkey: [1, 'PKEY', u16],
  mode: [2, 'MODE', enumOf(u16, IPOIB_MODE)],
  umcast: [3, 'UMCAST', u16],
});

/** `ip link add NAME type ipoib`: options are the IFLA_INFO_DATA attributes. */
export const ipoib = schemaKind(['ipoib'] as const, ipoibAttrs);
