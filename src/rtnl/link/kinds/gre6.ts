/**
 * GRE over IPv6: ip6gre, ip6gretap and ip6erspan (IFLA_GRE_* of linux/if_tunnel.h; iproute2
 * ip/link_gre6.c).
 */
import { greAttrs } from './gre.js';
import { defineKind, type DataOptions } from './kind.js';
import { TUNNEL_OPTION_KEYS, type TunnelCommonOptions } from './tunnel.js';
import { encodeGre, GRE_FLAG_OPTION_KEYS, parseGreWords, type GreFlagOptions } from './gre-shared.js';
import { dev, endpoint, greKeysAndErspan, ip6Flow, ttl, type TunnelData } from './tunnel-print.js';
import { num, PRINT_ANY, type KindPrinter } from './print.js';
import type { KindPrintContext } from './kind.js';



/** `ip link add NAME type ip6gre|ip6gretap|ip6erspan remote R local L [ttl N] [dev IF] [key K]` */
export interface Gre6Options extends TunnelCommonOptions, GreFlagOptions {
  kind: 'ip6gre' | 'ip6gretap' | 'ip6erspan';
  /** Any other attributes of the kind. */
  data?: DataOptions<typeof greAttrs>;
}

/** ip6gre, ip6gretap, ip6erspan (link_gre6.c) */
function printGre6(p: KindPrinter, tb: TunnelData | undefined, ctx: KindPrintContext): void {
  if (!tb) return;
  if (tb.collectMetadata !== undefined) p.bool(PRINT_ANY, 'external', 'external ', true);
  const flags = num(tb.flags);
  endpoint(p, 'remote', tb.remote);
  endpoint(p, 'local', tb.local);
  dev(p, ctx, tb.link);
  ttl(p, 'hoplimit', tb.ttl);
  ip6Flow(p, flags, tb.encapLimit, tb.flowinfo);
  greKeysAndErspan(p, tb, flags);
}

/**
 * The link kind module of ip6gre, ip6gretap and ip6erspan: options to attributes for `link.add()`,
 * the schema of its IFLA_INFO_DATA (IFLA_GRE_* over IPv6), and how `ip -d link` prints it.
 */
export const gre6 = defineKind<'ip6gre' | 'ip6gretap' | 'ip6erspan', Gre6Options, typeof greAttrs>({
  kinds: ['ip6gre', 'ip6gretap', 'ip6erspan'],
  data: greAttrs,
  optionKeys: [...TUNNEL_OPTION_KEYS, ...GRE_FLAG_OPTION_KEYS],
  encode: encodeGre,
  parse: (a, ctx) => parseGreWords(a, ctx, true),
  readsCurrent: true,
  print: printGre6,
  usage: (kind) => USAGE[kind],
});

const USAGE: Record<'ip6gre' | 'ip6gretap' | 'ip6erspan', string> = { ip6gre: "Usage: ... ip6gre   \t[ remote ADDR ]\n\t\t\t[ local ADDR ]\n\t\t\t[ [no][i|o]seq ]\n\t\t\t[ [i|o]key KEY | no[i|o]key ]\n\t\t\t[ [no][i|o]csum ]\n\t\t\t[ hoplimit TTL ]\n\t\t\t[ encaplimit ELIM ]\n\t\t\t[ tclass TCLASS ]\n\t\t\t[ flowlabel FLOWLABEL ]\n\t\t\t[ dscp inherit ]\n\t\t\t[ dev PHYS_DEV ]\n\t\t\t[ fwmark MARK ]\n\t\t\t[ [no]allow-localremote ]\n\t\t\t[ external ]\n\t\t\t[ noencap ]\n\t\t\t[ encap { fou | gue | none } ]\n\t\t\t[ encap-sport PORT ]\n\t\t\t[ encap-dport PORT ]\n\t\t\t[ [no]encap-csum ]\n\t\t\t[ [no]encap-csum6 ]\n\t\t\t[ [no]encap-remcsum ]\n\t\t\t[ erspan_ver version ]\n\t\t\t[ erspan IDX ]\n\t\t\t[ erspan_dir { ingress | egress } ]\n\t\t\t[ erspan_hwid hwid ]\n\nWhere:\tADDR\t  := IPV6_ADDRESS\n\tTTL\t  := { 0..255 } (default=64)\n\tKEY\t  := { DOTTED_QUAD | NUMBER }\n\tELIM\t  := { none | 0..255 }(default=4)\n\tTCLASS\t  := { 0x0..0xff | inherit }\n\tFLOWLABEL := { 0x0..0xfffff | inherit }\n\tMARK\t  := { 0x0..0xffffffff | inherit }\n", ip6gretap: "Usage: ... ip6gretap\t[ remote ADDR ]\n\t\t\t[ local ADDR ]\n\t\t\t[ [no][i|o]seq ]\n\t\t\t[ [i|o]key KEY | no[i|o]key ]\n\t\t\t[ [no][i|o]csum ]\n\t\t\t[ hoplimit TTL ]\n\t\t\t[ encaplimit ELIM ]\n\t\t\t[ tclass TCLASS ]\n\t\t\t[ flowlabel FLOWLABEL ]\n\t\t\t[ dscp inherit ]\n\t\t\t[ dev PHYS_DEV ]\n\t\t\t[ fwmark MARK ]\n\t\t\t[ [no]allow-localremote ]\n\t\t\t[ external ]\n\t\t\t[ noencap ]\n\t\t\t[ encap { fou | gue | none } ]\n\t\t\t[ encap-sport PORT ]\n\t\t\t[ encap-dport PORT ]\n\t\t\t[ [no]encap-csum ]\n\t\t\t[ [no]encap-csum6 ]\n\t\t\t[ [no]encap-remcsum ]\n\t\t\t[ erspan_ver version ]\n\t\t\t[ erspan IDX ]\n\t\t\t[ erspan_dir { ingress | egress } ]\n\t\t\t[ erspan_hwid hwid ]\n\nWhere:\tADDR\t  := IPV6_ADDRESS\n\tTTL\t  := { 0..255 } (default=64)\n\tKEY\t  := { DOTTED_QUAD | NUMBER }\n\tELIM\t  := { none | 0..255 }(default=4)\n\tTCLASS\t  := { 0x0..0xff | inherit }\n\tFLOWLABEL := { 0x0..0xfffff | inherit }\n\tMARK\t  := { 0x0..0xffffffff | inherit }\n", ip6erspan: "Usage: ... ip6erspan\t[ remote ADDR ]\n\t\t\t[ local ADDR ]\n\t\t\t[ [no][i|o]seq ]\n\t\t\t[ [i|o]key KEY | no[i|o]key ]\n\t\t\t[ [no][i|o]csum ]\n\t\t\t[ hoplimit TTL ]\n\t\t\t[ encaplimit ELIM ]\n\t\t\t[ tclass TCLASS ]\n\t\t\t[ flowlabel FLOWLABEL ]\n\t\t\t[ dscp inherit ]\n\t\t\t[ dev PHYS_DEV ]\n\t\t\t[ fwmark MARK ]\n\t\t\t[ [no]allow-localremote ]\n\t\t\t[ external ]\n\t\t\t[ noencap ]\n\t\t\t[ encap { fou | gue | none } ]\n\t\t\t[ encap-sport PORT ]\n\t\t\t[ encap-dport PORT ]\n\t\t\t[ [no]encap-csum ]\n\t\t\t[ [no]encap-csum6 ]\n\t\t\t[ [no]encap-remcsum ]\n\t\t\t[ erspan_ver version ]\n\t\t\t[ erspan IDX ]\n\t\t\t[ erspan_dir { ingress | egress } ]\n\t\t\t[ erspan_hwid hwid ]\n\nWhere:\tADDR\t  := IPV6_ADDRESS\n\tTTL\t  := { 0..255 } (default=64)\n\tKEY\t  := { DOTTED_QUAD | NUMBER }\n\tELIM\t  := { none | 0..255 }(default=4)\n\tTCLASS\t  := { 0x0..0xff | inherit }\n\tFLOWLABEL := { 0x0..0xfffff | inherit }\n\tMARK\t  := { 0x0..0xffffffff | inherit }\n" };
