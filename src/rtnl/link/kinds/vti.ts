/**
 * VTI over IPv4 (IFLA_VTI_* of linux/if_tunnel.h; iproute2 ip/link_vti.c).
 */
import { attrs } from '../../../netlink/schema.js';
import { address, be32, u32 } from '../../../netlink/types.js';
import { defineKind, type DataOptions } from './kind.js';
import { encodeTunnel, parseTunnel, TUNNEL_OPTION_KEYS, type TunnelCommonOptions } from './tunnel.js';

/** IFLA_VTI_* (vti, vti6) */
export const vtiAttrs = attrs('IFLA_VTI_', {
  link: [1, 'LINK', u32],
  ikey: [2, 'IKEY', be32],
  okey: [3, 'OKEY', be32],
  local: [4, 'LOCAL', address],
  remote: [5, 'REMOTE', address],
  fwmark: [6, 'FWMARK', u32],
});


/** `ip link add NAME type vti remote R local L [ttl N] [dev IF] [key K]` */
export interface VtiOptions extends TunnelCommonOptions {
  kind: 'vti';
  /** Any other attributes of the kind. */
  data?: DataOptions<typeof vtiAttrs>;
}

export const vti = defineKind<'vti', VtiOptions, typeof vtiAttrs>({
  kinds: ['vti'],
  data: vtiAttrs,
  optionKeys: TUNNEL_OPTION_KEYS,
  encode: (o, ctx) => encodeTunnel(o, ctx, 'vti'),
  parse: parseTunnel,
  usage: (kind) => USAGE[kind],
});

const USAGE: Record<'vti', string> = { vti: "Usage: ... vti \t[ remote ADDR ]\n\t\t[ local ADDR ]\n\t\t[ [i|o]key KEY ]\n\t\t[ dev PHYS_DEV ]\n\t\t[ fwmark MARK ]\n\nWhere:\tADDR := { IP_ADDRESS }\n\tKEY  := { DOTTED_QUAD | NUMBER }\n\tMARK := { 0x0..0xffffffff }\n" };
