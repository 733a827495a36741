/**
 * GRE over IPv4: gre, gretap and erspan (IFLA_GRE_* of linux/if_tunnel.h; iproute2
 * ip/link_gre.c). IFLA_GRE_LOCAL / REMOTE are 4 or 16 bytes (gre6.ts shares the set).
 */
import { enumOf } from '../../../netlink/enums.js';
import { attrs } from '../../../netlink/schema.js';
import { address, be16, be32, flag, u16, u32, u8 } from '../../../netlink/types.js';
import { TUNNEL_ENCAP } from '../constants.js';
import { defineKind, type DataOptions } from './kind.js';
import { TUNNEL_OPTION_KEYS, type TunnelCommonOptions } from './tunnel.js';
import { encodeGre, GRE_FLAG_OPTION_KEYS, parseGreWords, type GreFlagOptions } from './gre-shared.js';
import { dev, endpoint, greKeysAndErspan, tos, ttl, type TunnelData } from './tunnel-print.js';
import { num, PRINT_ANY, PRINT_JSON, type KindPrinter } from './print.js';
import type { KindPrintContext } from './kind.js';

/** IFLA_GRE_* (gre, gretap, erspan, ip6gre, ip6gretap, ip6erspan). local/remote are 4 or 16 bytes. */
export const greAttrs = attrs('IFLA_GRE_', {
  link: [1, 'LINK', u32],
  iflags: [2, 'IFLAGS', be16],
  oflags: [3, 'OFLAGS', be16],
  ikey: [4, 'IKEY', be32],
  okey: [5, 'OKEY', be32],
  local: [6, 'LOCAL', address],
  remote: [7, 'REMOTE', address],
  ttl: [8, 'TTL', u8],
  tos: [9, 'TOS', u8],
  pmtudisc: [10, 'PMTUDISC', u8],
  encapLimit: [11, 'ENCAP_LIMIT', u8],
  flowinfo: [12, 'FLOWINFO', be32],
  flags: [13, 'FLAGS', u32],
  encapType: [14, 'ENCAP_TYPE', enumOf(u16, TUNNEL_ENCAP)],
  encapFlags: [15, 'ENCAP_FLAGS', u16],
  encapSport: [16, 'ENCAP_SPORT', be16],
  encapDport: [17, 'ENCAP_DPORT', be16],
  collectMetadata: [18, 'COLLECT_METADATA', flag],
  ignoreDf: [19, 'IGNORE_DF', u8],
  fwmark: [20, 'FWMARK', u32],
  erspanIndex: [21, 'ERSPAN_INDEX', u32],
  erspanVer: [22, 'ERSPAN_VER', u8],
  erspanDir: [23, 'ERSPAN_DIR', u8],
  erspanHwid: [24, 'ERSPAN_HWID', u16],
});


/** `ip link add NAME type gre|gretap|erspan remote R local L [ttl N] [dev IF] [key K] [seq] [csum] [external]` */
export interface GreOptions extends TunnelCommonOptions, GreFlagOptions {
  kind: 'gre' | 'gretap' | 'erspan';
  /** Any other attributes of the kind. */
  data?: DataOptions<typeof greAttrs>;
}

/** gre, gretap, erspan (link_gre.c) */
function printGre(p: KindPrinter, tb: TunnelData | undefined, ctx: KindPrintContext): void {
  if (!tb) return;
  if (tb.collectMetadata !== undefined) p.bool(PRINT_ANY, 'external', 'external ', true);
  endpoint(p, 'remote', tb.remote);
  endpoint(p, 'local', tb.local);
  dev(p, ctx, tb.link);
  ttl(p, 'ttl', tb.ttl);
  tos(p, tb.tos);
  if (tb.pmtudisc !== undefined) {
    if (!num(tb.pmtudisc)) p.bool(PRINT_ANY, 'pmtudisc', 'nopmtudisc ', false);
    else p.bool(PRINT_JSON, 'pmtudisc', null, true);
  }
  if (tb.ignoreDf !== undefined && num(tb.ignoreDf)) p.bool(PRINT_ANY, 'ignore_df', 'ignore-df ', true);
  greKeysAndErspan(p, tb, undefined);
}

/**
 * The link kind module of gre, gretap and erspan: options to attributes for `link.add()`, the
 * schema of its IFLA_INFO_DATA (IFLA_GRE_* over IPv4), and how `ip -d link` prints it.
 */
export const gre = defineKind<'gre' | 'gretap' | 'erspan', GreOptions, typeof greAttrs>({
  kinds: ['gre', 'gretap', 'erspan'],
  data: greAttrs,
  optionKeys: [...TUNNEL_OPTION_KEYS, ...GRE_FLAG_OPTION_KEYS],
  encode: encodeGre,
  parse: (a, ctx) => parseGreWords(a, ctx, false),
  readsCurrent: true,
  print: printGre,
  usage: (kind) => USAGE[kind],
});

const USAGE: Record<'gre' | 'gretap' | 'erspan', string> = { gre: "Usage: ... gre      \t[ remote ADDR ]\n\t\t\t[ local ADDR ]\n\t\t\t[ [no][i|o]seq ]\n\t\t\t[ [i|o]key KEY | no[i|o]key ]\n\t\t\t[ [no][i|o]csum ]\n\t\t\t[ ttl TTL ]\n\t\t\t[ tos TOS ]\n\t\t\t[ [no]pmtudisc ]\n\t\t\t[ [no]ignore-df ]\n\t\t\t[ dev PHYS_DEV ]\n\t\t\t[ fwmark MARK ]\n\t\t\t[ external ]\n\t\t\t[ noencap ]\n\t\t\t[ encap { fou | gue | none } ]\n\t\t\t[ encap-sport PORT ]\n\t\t\t[ encap-dport PORT ]\n\t\t\t[ [no]encap-csum ]\n\t\t\t[ [no]encap-csum6 ]\n\t\t\t[ [no]encap-remcsum ]\n\nWhere:\tADDR := { IP_ADDRESS | any }\n\tTOS  := { NUMBER | inherit }\n\tTTL  := { 1..255 | inherit }\n\tKEY  := { DOTTED_QUAD | NUMBER }\n\tMARK := { 0x0..0xffffffff }\n", gretap: "Usage: ... gretap   \t[ remote ADDR ]\n\t\t\t[ local ADDR ]\n\t\t\t[ [no][i|o]seq ]\n\t\t\t[ [i|o]key KEY | no[i|o]key ]\n\t\t\t[ [no][i|o]csum ]\n\t\t\t[ ttl TTL ]\n\t\t\t[ tos TOS ]\n\t\t\t[ [no]pmtudisc ]\n\t\t\t[ [no]ignore-df ]\n\t\t\t[ dev PHYS_DEV ]\n\t\t\t[ fwmark MARK ]\n\t\t\t[ external ]\n\t\t\t[ noencap ]\n\t\t\t[ encap { fou | gue | none } ]\n\t\t\t[ encap-sport PORT ]\n\t\t\t[ encap-dport PORT ]\n\t\t\t[ [no]encap-csum ]\n\t\t\t[ [no]encap-csum6 ]\n\t\t\t[ [no]encap-remcsum ]\n\nWhere:\tADDR := { IP_ADDRESS | any }\n\tTOS  := { NUMBER | inherit }\n\tTTL  := { 1..255 | inherit }\n\tKEY  := { DOTTED_QUAD | NUMBER }\n\tMARK := { 0x0..0xffffffff }\n", erspan: "Usage: ... erspan   \t[ remote ADDR ]\n\t\t\t[ local ADDR ]\n\t\t\t[ [no][i|o]seq ]\n\t\t\t[ [i|o]key KEY | no[i|o]key ]\n\t\t\t[ [no][i|o]csum ]\n\t\t\t[ ttl TTL ]\n\t\t\t[ tos TOS ]\n\t\t\t[ [no]pmtudisc ]\n\t\t\t[ [no]ignore-df ]\n\t\t\t[ dev PHYS_DEV ]\n\t\t\t[ fwmark MARK ]\n\t\t\t[ external ]\n\t\t\t[ noencap ]\n\t\t\t[ encap { fou | gue | none } ]\n\t\t\t[ encap-sport PORT ]\n\t\t\t[ encap-dport PORT ]\n\t\t\t[ [no]encap-csum ]\n\t\t\t[ [no]encap-csum6 ]\n\t\t\t[ [no]encap-remcsum ]\n\t\t\t[ erspan_ver version ]\n\t\t\t[ erspan IDX ]\n\t\t\t[ erspan_dir { ingress | egress } ]\n\t\t\t[ erspan_hwid hwid ]\n\nWhere:\tADDR := { IP_ADDRESS | any }\n\tTOS  := { NUMBER | inherit }\n\tTTL  := { 1..255 | inherit }\n\tKEY  := { DOTTED_QUAD | NUMBER }\n\tMARK := { 0x0..0xffffffff }\n" };
