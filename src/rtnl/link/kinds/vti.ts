/**
 * VTI over IPv4 (IFLA_VTI_* of linux/if_tunnel.h; iproute2 ip/link_vti.c).
 */
import { attrs } from '../../../netlink/schema.js';
import { address, be32, u32 } from '../../../netlink/types.js';
import { defineKind, type DataOptions } from './kind.js';
import { encodeTunnel, parseTunnel, TUNNEL_OPTION_KEYS, type TunnelCommonOptions } from './tunnel.js';
import { dev, endpoint, fwmark, keyText, type TunnelData } from './tunnel-print.js';
import { num, PRINT_ANY, type KindPrinter } from './print.js';
import type { KindPrintContext } from './kind.js';

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

/** vti, vti6 (link_vti.c, link_vti6.c: the same output) */
export function printVti(p: KindPrinter, tb: TunnelData | undefined, ctx: KindPrintContext): void {
  if (!tb) return;
  endpoint(p, 'remote', tb.remote);
  endpoint(p, 'local', tb.local);
  dev(p, ctx, tb.link);
  if (tb.ikey !== undefined && num(tb.ikey)) p.string(PRINT_ANY, 'ikey', 'ikey %s ', keyText(tb.ikey));
  if (tb.okey !== undefined && num(tb.okey)) p.string(PRINT_ANY, 'okey', 'okey %s ', keyText(tb.okey));
  fwmark(p, tb.fwmark);
}

/**
 * The link kind module of vti (IPsec tunnel over IPv4): options to attributes for `link.add()`,
 * the schema of its IFLA_INFO_DATA (IFLA_VTI_*), and how `ip -d link` prints it.
 */
export const vti = defineKind<'vti', VtiOptions, typeof vtiAttrs>({
  kinds: ['vti'],
  data: vtiAttrs,
  optionKeys: TUNNEL_OPTION_KEYS,
  encode: (o, ctx) => encodeTunnel(o, ctx, 'vti'),
  parse: parseTunnel,
  print: printVti,
  usage: (kind) => USAGE[kind],
});

const USAGE: Record<'vti', string> = { vti: "Usage: ... vti \t[ remote ADDR ]\n\t\t[ local ADDR ]\n\t\t[ [i|o]key KEY ]\n\t\t[ dev PHYS_DEV ]\n\t\t[ fwmark MARK ]\n\nWhere:\tADDR := { IP_ADDRESS }\n\tKEY  := { DOTTED_QUAD | NUMBER }\n\tMARK := { 0x0..0xffffffff }\n" };
