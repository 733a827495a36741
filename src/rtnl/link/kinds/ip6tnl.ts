/**
 * ip6tnl: IPv4/IPv6 over IPv6 (IFLA_IPTUN_* of linux/if_tunnel.h with 32-bit IFLA_IPTUN_FLAGS;
 * iproute2 ip/link_ip6tnl.c).
 */
import { attrs } from '../../../netlink/schema.js';
import { u32 } from '../../../netlink/types.js';
import { iptunCommon } from './iptnl.js';
import { defineKind, type DataOptions } from './kind.js';
import { encodeTunnel, parseTunnel, TUNNEL_OPTION_KEYS, type TunnelCommonOptions } from './tunnel.js';
import { dev, encap, endpoint, fwmark, ip6Flow, IP6_TNL_F_ALLOW_LOCAL_REMOTE, IP6_TNL_F_MIP6_DEV, IP6_TNL_F_USE_ORIG_FWMARK, ttl, type TunnelData } from './tunnel-print.js';
import { num, PRINT_ANY, type KindPrinter } from './print.js';
import type { KindPrintContext } from './kind.js';

/** IFLA_IPTUN_* for ip6tnl (IFLA_IPTUN_FLAGS is 32 bits: IP6_TNL_F_*). */
export const ip6tnlAttrs = attrs('IFLA_IPTUN_', {
  ...iptunCommon,
  flags: [8, 'FLAGS', u32],
}, 'ifla_iptun (ip6tnl)');


/** `ip link add NAME type ip6tnl remote R local L [ttl N] [dev IF]` */
export interface Ip6tnlOptions extends TunnelCommonOptions {
  kind: 'ip6tnl';
  /** Any other attributes of the kind. */
  data?: DataOptions<typeof ip6tnlAttrs>;
}

/** ip6tnl (link_ip6tnl.c) */
function printIp6tnl(p: KindPrinter, tb: TunnelData | undefined, ctx: KindPrintContext): void {
  if (!tb) return;
  if (tb.collectMetadata !== undefined) p.bool(PRINT_ANY, 'external', 'external ', true);
  const flags = num(tb.flags);
  if (tb.proto !== undefined) {
    const proto = ({ 4: 'ipip6', 41: 'ip6ip6', 0: 'any' } as Record<number, string>)[num(tb.proto)];
    if (proto) p.string(PRINT_ANY, 'proto', '%s ', proto);
  }
  endpoint(p, 'remote', tb.remote);
  endpoint(p, 'local', tb.local);
  dev(p, ctx, tb.link);
  ttl(p, 'hoplimit', tb.ttl);
  ip6Flow(p, flags, tb.encapLimit, tb.flowinfo);
  if (flags & IP6_TNL_F_MIP6_DEV) p.bool(PRINT_ANY, 'ip6_tnl_f_mip6_dev', 'mip6 ', true);
  if (flags & IP6_TNL_F_ALLOW_LOCAL_REMOTE) p.bool(PRINT_ANY, 'ip6_tnl_f_allow_local_remote', 'allow-localremote ', true);
  if (flags & IP6_TNL_F_USE_ORIG_FWMARK) p.bool(PRINT_ANY, 'ip6_tnl_f_use_orig_fwmark', 'fwmark inherit ', true);
  else fwmark(p, tb.fwmark);
  encap(p, tb);
}

/**
 * The link kind module of ip6tnl (IPv4/IPv6 over IPv6): options to attributes for `link.add()`,
 * the schema of its IFLA_INFO_DATA (IFLA_IPTUN_*), and how `ip -d link` prints it.
 */
export const ip6tnl = defineKind<'ip6tnl', Ip6tnlOptions, typeof ip6tnlAttrs>({
  kinds: ['ip6tnl'],
  data: ip6tnlAttrs,
  optionKeys: TUNNEL_OPTION_KEYS,
  encode: (o, ctx) => encodeTunnel(o, ctx, 'none'),
  parse: parseTunnel,
  print: printIp6tnl,
  usage: (kind) => USAGE[kind],
});

const USAGE: Record<'ip6tnl', string> = { ip6tnl: "Usage: ... ip6tnl\t[ remote ADDR ]\n\t\t\t[ local ADDR ]\n\t\t\t[ encaplimit ELIM ]\n\t\t\t[ hoplimit HLIM ]\n\t\t\t[ tclass TCLASS ]\n\t\t\t[ flowlabel FLOWLABEL ]\n\t\t\t[ dscp inherit ]\n\t\t\t[ [no]allow-localremote ]\n\t\t\t[ dev PHYS_DEV ]\n\t\t\t[ fwmark MARK ]\n\t\t\t[ external ]\n\t\t\t[ noencap ]\n\t\t\t[ encap { fou | gue | none } ]\n\t\t\t[ encap-sport PORT ]\n\t\t\t[ encap-dport PORT ]\n\t\t\t[ [no]encap-csum ]\n\t\t\t[ [no]encap-csum6 ]\n\t\t\t[ [no]encap-remcsum ]\n\t\t\t[ mode { ip6ip6 | ipip6 | any } ]\n\nWhere:\tADDR\t  := IPV6_ADDRESS\n\tELIM\t  := { none | 0..255 }(default=4)\n\tHLIM\t  := 0..255 (default=64)\n\tTCLASS    := { 0x0..0xff | inherit }\n\tFLOWLABEL := { 0x0..0xfffff | inherit }\n\tMARK\t  := { 0x0..0xffffffff | inherit }\n" };
