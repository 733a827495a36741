/**
 * ipip and sit (IFLA_IPTUN_* of linux/if_tunnel.h; iproute2 ip/link_iptnl.c).
 */
import { enumOf } from '../../../netlink/enums.js';
import { attrs } from '../../../netlink/schema.js';
import { address, be16, be32, flag, ipv4, ipv6, u16, u32, u8 } from '../../../netlink/types.js';
import { TUNNEL_ENCAP } from '../constants.js';
import { defineKind, type DataOptions } from './kind.js';
import { encodeTunnel, parseTunnel, TUNNEL_OPTION_KEYS, type TunnelCommonOptions } from './tunnel.js';
import { dev, encap, endpoint, fwmark, SIT_ISATAP, tos, ttl, type TunnelData } from './tunnel-print.js';
import { num, PRINT_ANY, PRINT_JSON, type KindPrinter } from './print.js';
import type { KindPrintContext } from './kind.js';

/**
 * The IFLA_IPTUN_* attributes shared by the ipip, sit and ip6tnl kinds (local, remote, ttl, tos,
 * encapsulation...).
 */
export const iptunCommon = {
  link: [1, 'LINK', u32],
  local: [2, 'LOCAL', address],
  remote: [3, 'REMOTE', address],
  ttl: [4, 'TTL', u8],
  tos: [5, 'TOS', u8],
  encapLimit: [6, 'ENCAP_LIMIT', u8],
  flowinfo: [7, 'FLOWINFO', be32],
  proto: [9, 'PROTO', u8],
  pmtudisc: [10, 'PMTUDISC', u8],
  '6rdPrefix': [11, '6RD_PREFIX', ipv6],
  '6rdRelayPrefix': [12, '6RD_RELAY_PREFIX', ipv4],
  '6rdPrefixlen': [13, '6RD_PREFIXLEN', u16],
  '6rdRelayPrefixlen': [14, '6RD_RELAY_PREFIXLEN', u16],
  encapType: [15, 'ENCAP_TYPE', enumOf(u16, TUNNEL_ENCAP)],
  encapFlags: [16, 'ENCAP_FLAGS', u16],
  encapSport: [17, 'ENCAP_SPORT', be16],
  encapDport: [18, 'ENCAP_DPORT', be16],
  collectMetadata: [19, 'COLLECT_METADATA', flag],
  fwmark: [20, 'FWMARK', u32],
} as const;

/** IFLA_IPTUN_* for ipip and sit (IFLA_IPTUN_FLAGS is 16 bits: SIT_ISATAP...). */
export const iptunAttrs = attrs('IFLA_IPTUN_', {
  ...iptunCommon,
  flags: [8, 'FLAGS', u16],
});


/** `ip link add NAME type ipip|sit remote R local L [ttl N] [dev IF]` */
export interface IptnlOptions extends TunnelCommonOptions {
  kind: 'ipip' | 'sit';
  /** Any other attributes of the kind. */
  data?: DataOptions<typeof iptunAttrs>;
}

/** ipip, sit (link_iptnl.c) */
function printIptun(p: KindPrinter, tb: TunnelData | undefined, ctx: KindPrintContext): void {
  if (!tb) return;
  if (tb.collectMetadata !== undefined) p.bool(PRINT_ANY, 'external', 'external ', true);
  if (tb.proto !== undefined) {
    const proto = ({ 4: 'ipip', 41: 'ip6ip', 137: 'mplsip', 0: 'any' } as Record<number, string>)[num(tb.proto)];
    if (proto) p.string(PRINT_ANY, 'proto', '%s ', proto);
  }
  endpoint(p, 'remote', tb.remote);
  endpoint(p, 'local', tb.local);
  dev(p, ctx, tb.link);
  ttl(p, 'ttl', tb.ttl);
  tos(p, tb.tos);
  if (tb.pmtudisc !== undefined && num(tb.pmtudisc)) p.bool(PRINT_ANY, 'pmtudisc', 'pmtudisc ', true);
  else p.bool(PRINT_ANY, 'pmtudisc', 'nopmtudisc ', false);
  if (tb.flags !== undefined && num(tb.flags) & SIT_ISATAP) p.bool(PRINT_ANY, 'isatap', 'isatap ', true);
  const prefixlen = tb['6rdPrefixlen'] === undefined ? 0 : num(tb['6rdPrefixlen']);
  if (prefixlen) {
    const relay = String(tb['6rdRelayPrefix'] ?? '0.0.0.0');
    const relayLen = num(tb['6rdRelayPrefixlen']);
    const prefix = String(tb['6rdPrefix'] ?? '::');
    if (p.json) {
      p.string(PRINT_JSON, 'prefix', null, prefix);
      p.int(PRINT_JSON, 'prefixlen', null, prefixlen);
      if (relay !== '0.0.0.0') {
        p.string(PRINT_JSON, 'relay_prefix', null, relay);
        p.int(PRINT_JSON, 'relay_prefixlen', null, relayLen);
      }
    } else {
      p.fp('6rd-prefix %s/%u ', prefix, prefixlen);
      if (relay !== '0.0.0.0') p.fp('6rd-relay_prefix %s/%u ', relay, relayLen);
    }
  }
  fwmark(p, tb.fwmark);
  encap(p, tb);
}

/**
 * The link kind module of ipip and sit: options to attributes for `link.add()`, the schema of its
 * IFLA_INFO_DATA (IFLA_IPTUN_*), and how `ip -d link` prints it.
 */
export const iptnl = defineKind<'ipip' | 'sit', IptnlOptions, typeof iptunAttrs>({
  kinds: ['ipip', 'sit'],
  data: iptunAttrs,
  optionKeys: TUNNEL_OPTION_KEYS,
  encode: (o, ctx) => encodeTunnel(o, ctx, 'none'),
  parse: parseTunnel,
  print: printIptun,
  usage: (kind) => USAGE[kind],
});

const USAGE: Record<'ipip' | 'sit', string> = { ipip: "Usage: ... ipip  \t[ remote ADDR ]\n\t\t\t[ local ADDR ]\n\t\t\t[ ttl TTL ]\n\t\t\t[ tos TOS ]\n\t\t\t[ [no]pmtudisc ]\n\t\t\t[ 6rd-prefix ADDR ]\n\t\t\t[ 6rd-relay_prefix ADDR ]\n\t\t\t[ 6rd-reset ]\n\t\t\t[ dev PHYS_DEV ]\n\t\t\t[ fwmark MARK ]\n\t\t\t[ external ]\n\t\t\t[ noencap ]\n\t\t\t[ encap { fou | gue | none } ]\n\t\t\t[ encap-sport PORT ]\n\t\t\t[ encap-dport PORT ]\n\t\t\t[ [no]encap-csum ]\n\t\t\t[ [no]encap-csum6 ]\n\t\t\t[ [no]encap-remcsum ]\n\t\t\t[ mode { ipip | mplsip | any } ]\n\nWhere:\tADDR := { IP_ADDRESS | any }\n\tTOS  := { NUMBER | inherit }\n\tTTL  := { 1..255 | inherit }\n\tMARK := { 0x0..0xffffffff }\n", sit: "Usage: ... sit   \t[ remote ADDR ]\n\t\t\t[ local ADDR ]\n\t\t\t[ ttl TTL ]\n\t\t\t[ tos TOS ]\n\t\t\t[ [no]pmtudisc ]\n\t\t\t[ 6rd-prefix ADDR ]\n\t\t\t[ 6rd-relay_prefix ADDR ]\n\t\t\t[ 6rd-reset ]\n\t\t\t[ dev PHYS_DEV ]\n\t\t\t[ fwmark MARK ]\n\t\t\t[ external ]\n\t\t\t[ noencap ]\n\t\t\t[ encap { fou | gue | none } ]\n\t\t\t[ encap-sport PORT ]\n\t\t\t[ encap-dport PORT ]\n\t\t\t[ [no]encap-csum ]\n\t\t\t[ [no]encap-csum6 ]\n\t\t\t[ [no]encap-remcsum ]\n\t\t\t[ mode { ip6ip | ipip | mplsip | any } ]\n\t\t\t[ isatap ]\n\nWhere:\tADDR := { IP_ADDRESS | any }\n\tTOS  := { NUMBER | inherit }\n\tTTL  := { 1..255 | inherit }\n\tMARK := { 0x0..0xffffffff }\n" };
