/**
 * VTI over IPv6 (IFLA_VTI_* of linux/if_tunnel.h; iproute2 ip/link_vti6.c): vti.ts's options,
 * words and printing with IPv6 endpoints.
 */
import { encodeVti, parseVtiWords, printVti, VTI_OPTION_KEYS, vtiAttrs, type VtiKeyOptions } from './vti.js';
import { defineKind, type DataOptions } from './kind.js';
import type { TunnelCommonOptions } from './tunnel.js';



/** `ip link add NAME type vti6 remote R local L [dev IF] [[i|o]key K] [fwmark F]` */
export interface Vti6Options extends TunnelCommonOptions, VtiKeyOptions {
  kind: 'vti6';
  /** Any other attributes of the kind. */
  data?: DataOptions<typeof vtiAttrs>;
}

/**
 * The link kind module of vti6 (IPsec tunnel over IPv6): options to attributes for `link.add()`,
 * the schema of its IFLA_INFO_DATA (IFLA_VTI_*), and how `ip -d link` prints it.
 */
export const vti6 = defineKind<'vti6', Vti6Options, typeof vtiAttrs>({
  kinds: ['vti6'],
  data: vtiAttrs,
  optionKeys: VTI_OPTION_KEYS,
  encode: encodeVti,
  parse: (a, ctx) => parseVtiWords(a, ctx, true),
  readsCurrent: true,
  print: printVti,
  usage: (kind) => USAGE[kind],
});

const USAGE: Record<'vti6', string> = { vti6: "Usage: ... vti6\t[ remote ADDR ]\n\t\t[ local ADDR ]\n\t\t[ [i|o]key KEY ]\n\t\t[ dev PHYS_DEV ]\n\t\t[ fwmark MARK ]\n\nWhere:\tADDR := { IPV6_ADDRESS }\n\tKEY  := { DOTTED_QUAD | NUMBER }\n\tMARK := { 0x0..0xffffffff }\n" };
