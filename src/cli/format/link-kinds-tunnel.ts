/**
 * `ip -d` printers of the IP tunnels: iproute2 6.1's print_opt of link_gre.c (gre, gretap,
 * erspan), link_gre6.c (ip6gre, ip6gretap, ip6erspan), link_iptnl.c (ipip, sit), link_ip6tnl.c,
 * link_vti.c, link_vti6.c, iplink_geneve.c and link_xfrm.c, with tunnel.c's endpoint and encap
 * helpers.
 */
import { TUNNEL_DF, TUNNEL_ENCAP } from '../../rtnl/link/constants.js';
import { enumNum, indexToName, num, type FormatContext } from './context.js';
import { PRINT_ANY, PRINT_FP, PRINT_JSON, type Printer } from './printer.js';
import { sprintf } from './printf.js';

type Data = Record<string, unknown>;

// GRE_* bits of IFLA_GRE_IFLAGS / OFLAGS (linux/if_tunnel.h), as the be16 value decodes.
const GRE_CSUM = 0x8000;
const GRE_KEY = 0x2000;
const GRE_SEQ = 0x1000;
// IP6_TNL_F_* (linux/ip6_tunnel.h) in IFLA_GRE_FLAGS / IFLA_IPTUN_FLAGS of IPv6 tunnels.
const IP6_TNL_F_IGN_ENCAP_LIMIT = 0x1;
const IP6_TNL_F_USE_ORIG_TCLASS = 0x2;
const IP6_TNL_F_USE_ORIG_FLOWLABEL = 0x4;
const IP6_TNL_F_MIP6_DEV = 0x8;
const IP6_TNL_F_RCV_DSCP_COPY = 0x10;
const IP6_TNL_F_USE_ORIG_FWMARK = 0x20;
const IP6_TNL_F_ALLOW_LOCAL_REMOTE = 0x40;
// SIT_ISATAP (linux/if_tunnel.h) in IFLA_IPTUN_FLAGS of sit.
const SIT_ISATAP = 0x1;
// TUNNEL_ENCAP_FLAG_* (linux/if_tunnel.h)
const TUNNEL_ENCAP_FLAG_CSUM = 0x1;
const TUNNEL_ENCAP_FLAG_CSUM6 = 0x2;
const TUNNEL_ENCAP_FLAG_REMCSUM = 0x4;

/** tnl_print_endpoint: "remote ADDR " / "local ADDR ", "any" for an absent or unspecified address. */
function endpoint(p: Printer, name: string, v: unknown): void {
  const a = v === undefined ? 'any' : String(v);
  p.string(PRINT_ANY, name, `${name} %s`, a === '0.0.0.0' || a === '::' ? 'any' : a);
  p.fp(' ');
}

function dev(p: Printer, ctx: FormatContext, link: unknown): void {
  if (link !== undefined && num(link)) p.string(PRINT_ANY, 'link', 'dev %s ', indexToName(ctx, num(link)));
}

/** ttl / hoplimit: 0 is "inherit" in text. */
function ttl(p: Printer, word: string, v: unknown): void {
  const t = v === undefined ? 0 : num(v);
  if (p.json || t) p.uint(PRINT_ANY, 'ttl', `${word} %u `, t);
  else p.string(PRINT_FP, null, `${word} %s `, 'inherit');
}

function tos(p: Printer, v: unknown): void {
  const t = v === undefined ? 0 : num(v);
  if (!t) return;
  if (p.json || t !== 1) p.hex0x(PRINT_ANY, 'tos', 'tos %#llx ', t);
  else p.string(PRINT_FP, null, 'tos %s ', 'inherit');
}

function fwmark(p: Printer, v: unknown): void {
  if (v !== undefined && num(v)) p.hex0x(PRINT_ANY, 'fwmark', 'fwmark %#llx ', num(v));
}

/** A GRE / VTI key as inet_ntop prints its four bytes. */
const keyText = (v: unknown): string => {
  const k = num(v) >>> 0;
  return `${k >>> 24}.${(k >>> 16) & 0xff}.${(k >>> 8) & 0xff}.${k & 0xff}`;
};

/** tnl_encap_str */
function encapWord(name: string, enabled: boolean, port: number): string {
  const val = port === 0 ? 'auto ' : port < 0 ? '' : `${port - 1} `;
  return `${enabled ? '' : 'no'}encap-${name} ${val}`;
}

/** tnl_print_encap */
function encap(p: Printer, tb: Data): void {
  if (tb.encapType === undefined) return;
  const type = enumNum(TUNNEL_ENCAP, tb.encapType);
  if (type === 0) return;
  const flags = num(tb.encapFlags);
  const sport = num(tb.encapSport);
  const dport = num(tb.encapDport);
  p.openObject('encap');
  p.fp('encap ');
  if (type === 1) p.string(PRINT_ANY, 'type', '%s ', 'fou');
  else if (type === 2) p.string(PRINT_ANY, 'type', '%s ', 'gue');
  else p.null(PRINT_ANY, 'type', '%s ', 'unknown');
  if (p.json) {
    p.uint(PRINT_JSON, 'sport', null, sport);
    p.uint(PRINT_JSON, 'dport', null, dport);
    p.bool(PRINT_JSON, 'csum', null, (flags & TUNNEL_ENCAP_FLAG_CSUM) !== 0);
    p.bool(PRINT_JSON, 'csum6', null, (flags & TUNNEL_ENCAP_FLAG_CSUM6) !== 0);
    p.bool(PRINT_JSON, 'remcsum', null, (flags & TUNNEL_ENCAP_FLAG_REMCSUM) !== 0);
    p.closeObject();
  } else {
    p.fp(encapWord('sport', true, sport ? sport + 1 : 0));
    p.fp(encapWord('dport', true, dport + 1));
    p.fp(encapWord('csum', (flags & TUNNEL_ENCAP_FLAG_CSUM) !== 0, -1));
    p.fp(encapWord('csum6', (flags & TUNNEL_ENCAP_FLAG_CSUM6) !== 0, -1));
    p.fp(encapWord('remcsum', (flags & TUNNEL_ENCAP_FLAG_REMCSUM) !== 0, -1));
  }
}

/** The GRE keys, sequence and checksum flags, fwmark and ERSPAN fields shared by both GRE printers. */
function greKeysAndErspan(p: Printer, tb: Data, v6flags: number | undefined): void {
  const iflags = num(tb.iflags);
  const oflags = num(tb.oflags);
  if (iflags & GRE_KEY && tb.ikey !== undefined) p.string(PRINT_ANY, 'ikey', 'ikey %s ', keyText(tb.ikey));
  if (oflags & GRE_KEY && tb.okey !== undefined) p.string(PRINT_ANY, 'okey', 'okey %s ', keyText(tb.okey));
  if (iflags & GRE_SEQ) p.bool(PRINT_ANY, 'iseq', 'iseq ', true);
  if (oflags & GRE_SEQ) p.bool(PRINT_ANY, 'oseq', 'oseq ', true);
  if (iflags & GRE_CSUM) p.bool(PRINT_ANY, 'icsum', 'icsum ', true);
  if (oflags & GRE_CSUM) p.bool(PRINT_ANY, 'ocsum', 'ocsum ', true);
  if (v6flags !== undefined) {
    if (v6flags & IP6_TNL_F_ALLOW_LOCAL_REMOTE) p.bool(PRINT_ANY, 'ip6_tnl_f_allow_local_remote', 'allow-localremote ', true);
    if (v6flags & IP6_TNL_F_USE_ORIG_FWMARK) p.bool(PRINT_ANY, 'ip6_tnl_f_use_orig_fwmark', 'fwmark inherit ', true);
    else fwmark(p, tb.fwmark);
  } else fwmark(p, tb.fwmark);
  if (tb.erspanIndex !== undefined) p.uint(PRINT_ANY, 'erspan_index', 'erspan_index %u ', num(tb.erspanIndex));
  if (tb.erspanVer !== undefined) p.uint(PRINT_ANY, 'erspan_ver', 'erspan_ver %u ', num(tb.erspanVer));
  if (tb.erspanDir !== undefined) p.string(PRINT_ANY, 'erspan_dir', 'erspan_dir %s ', num(tb.erspanDir) === 0 ? 'ingress' : 'egress');
  if (tb.erspanHwid !== undefined) p.hex0x(PRINT_ANY, 'erspan_hwid', 'erspan_hwid %#llx ', num(tb.erspanHwid));
  encap(p, tb);
}

/** encaplimit, tclass, flowlabel and dscp of the IPv6 tunnels (IP6_TNL_F_* and the be32 flowinfo). */
function ip6Flow(p: Printer, flags: number, encapLimit: unknown, flowinfo: unknown): void {
  if (flags & IP6_TNL_F_IGN_ENCAP_LIMIT) p.bool(PRINT_ANY, 'ip6_tnl_f_ign_encap_limit', 'encaplimit none ', true);
  else if (encapLimit !== undefined) p.uint(PRINT_ANY, 'encap_limit', 'encaplimit %u ', num(encapLimit));
  const fi = num(flowinfo) >>> 0;
  if (flags & IP6_TNL_F_USE_ORIG_TCLASS) p.bool(PRINT_ANY, 'ip6_tnl_f_use_orig_tclass', 'tclass inherit ', true);
  else if (flowinfo !== undefined) p.string(PRINT_ANY, 'tclass', 'tclass %s ', sprintf('0x%02x', (fi & 0x0ff00000) >>> 20));
  if (flags & IP6_TNL_F_USE_ORIG_FLOWLABEL) p.bool(PRINT_ANY, 'ip6_tnl_f_use_orig_flowlabel', 'flowlabel inherit ', true);
  else if (flowinfo !== undefined) p.string(PRINT_ANY, 'flowlabel', 'flowlabel %s ', sprintf('0x%05x', fi & 0x000fffff));
  if (flags & IP6_TNL_F_RCV_DSCP_COPY) p.bool(PRINT_ANY, 'ip6_tnl_f_rcv_dscp_copy', 'dscp inherit ', true);
}

/** gre, gretap, erspan (link_gre.c) */
export function printGre(p: Printer, ctx: FormatContext, tb: Data | undefined): void {
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

/** ip6gre, ip6gretap, ip6erspan (link_gre6.c) */
export function printGre6(p: Printer, ctx: FormatContext, tb: Data | undefined): void {
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

/** ipip, sit (link_iptnl.c) */
export function printIptun(p: Printer, ctx: FormatContext, tb: Data | undefined): void {
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

/** ip6tnl (link_ip6tnl.c) */
export function printIp6tnl(p: Printer, ctx: FormatContext, tb: Data | undefined): void {
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

/** vti, vti6 (link_vti.c, link_vti6.c: the same output) */
export function printVti(p: Printer, ctx: FormatContext, tb: Data | undefined): void {
  if (!tb) return;
  endpoint(p, 'remote', tb.remote);
  endpoint(p, 'local', tb.local);
  dev(p, ctx, tb.link);
  if (tb.ikey !== undefined && num(tb.ikey)) p.string(PRINT_ANY, 'ikey', 'ikey %s ', keyText(tb.ikey));
  if (tb.okey !== undefined && num(tb.okey)) p.string(PRINT_ANY, 'okey', 'okey %s ', keyText(tb.okey));
  fwmark(p, tb.fwmark);
}

/** geneve (iplink_geneve.c) */
export function printGeneve(p: Printer, _ctx: FormatContext, tb: Data | undefined): void {
  if (!tb) return;
  if (tb.collectMetadata !== undefined) p.bool(PRINT_ANY, 'external', 'external ', true);
  if (tb.id !== undefined) p.uint(PRINT_ANY, 'id', 'id %u ', num(tb.id));
  if (tb.remote !== undefined) {
    if (String(tb.remote) !== '0.0.0.0') p.string(PRINT_ANY, 'remote', 'remote %s ', String(tb.remote));
  } else if (tb.remote6 !== undefined) {
    const a = String(tb.remote6);
    if (a !== '::' && !a.toLowerCase().startsWith('ff')) p.string(PRINT_ANY, 'remote6', 'remote %s ', a);
  }
  if (tb.ttlInherit !== undefined && num(tb.ttlInherit)) p.string(PRINT_FP, null, 'ttl %s ', 'inherit');
  else if (tb.ttl !== undefined) {
    const t = num(tb.ttl);
    if (p.json || t) p.uint(PRINT_ANY, 'ttl', 'ttl %u ', t);
    else p.string(PRINT_FP, null, 'ttl %s ', 'auto');
  }
  tos(p, tb.tos);
  if (tb.df !== undefined) {
    const df = enumNum(TUNNEL_DF, tb.df);
    if (df === 0) p.string(PRINT_JSON, 'df', 'df %s ', 'unset');
    else if (df === 1) p.string(PRINT_ANY, 'df', 'df %s ', 'set');
    else if (df === 2) p.string(PRINT_ANY, 'df', 'df %s ', 'inherit');
  }
  if (tb.label !== undefined && num(tb.label)) p.hex0x(PRINT_ANY, 'label', 'flowlabel %#llx ', num(tb.label) >>> 0);
  if (tb.port !== undefined) p.uint(PRINT_ANY, 'port', 'dstport %u ', num(tb.port));
  const csum = (key: string, v: unknown, word: string): void => {
    if (v === undefined) return;
    if (p.json) p.bool(PRINT_JSON, key, null, num(v) !== 0);
    else p.fp(`${num(v) ? '' : 'no'}${word} `);
  };
  csum('udp_csum', tb.udpCsum, 'udpcsum');
  csum('udp_zero_csum6_tx', tb.udpZeroCsum6Tx, 'udp6zerocsumtx');
  csum('udp_zero_csum6_rx', tb.udpZeroCsum6Rx, 'udp6zerocsumrx');
  if (tb.innerProtoInherit !== undefined) p.bool(PRINT_ANY, 'inner_proto_inherit', 'innerprotoinherit ', true);
}

/** xfrm (link_xfrm.c) */
export function printXfrm(p: Printer, _ctx: FormatContext, tb: Data | undefined): void {
  if (!tb) return;
  if (tb.collectMetadata !== undefined) {
    p.bool(PRINT_ANY, 'external', 'external ', true);
    return;
  }
  if (tb.ifId !== undefined) p.hex0x(PRINT_ANY, 'if_id', 'if_id %#llx ', num(tb.ifId));
}
