/**
 * WWAN links (IFLA_WWAN_*, linux/if_link.h).
 */
import { attrs } from '../../../netlink/schema.js';
import { u32 } from '../../../netlink/types.js';
import { schemaKind } from './kind.js';

/** IFLA_WWAN_* */
export const wwanAttrs = attrs('IFLA_WWAN_', {
  linkId: [1, 'LINK_ID', u32],
});

/** `ip link add NAME type wwan`: options are the IFLA_INFO_DATA attributes. */
export const wwan = schemaKind(['wwan'] as const, wwanAttrs);
