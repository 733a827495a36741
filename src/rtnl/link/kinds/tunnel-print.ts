/**
 * What the IP tunnel kinds print alike (gre.ts, gre6.ts, iptnl.ts, ip6tnl.ts, vti.ts, vti6.ts):
 * iproute2 6.1's ip/tunnel.c helpers (tnl_print_endpoint, tnl_print_encap) and the fields their
 * print_opt functions share. Not a kind module itself.
 */
import { TUNNEL_ENCAP } from '../constants.js';
import type { KindPrintContext } from './kind.js';
import { enumNum, num, PRINT_ANY, PRINT_FP, PRINT_JSON, type KindPrinter } from './print.js';

export type TunnelData = Record<string, unknown>;
type Data = TunnelData;
type Printer = KindPrinter;

// GRE_* bits of IFLA_GRE_IFLAGS / OFLAGS (linux/if_tunnel.h), as the be16 value decodes.
const GRE_CSUM = 0x8000;
const GRE_KEY = 0x2000;
const GRE_SEQ = 0x1000;
// IP6_TNL_F_* (linux/ip6_tunnel.h) in IFLA_GRE_FLAGS / IFLA_IPTUN_FLAGS of IPv6 tunnels.
const IP6_TNL_F_IGN_ENCAP_LIMIT = 0x1;
const IP6_TNL_F_USE_ORIG_TCLASS = 0x2;
const IP6_TNL_F_USE_ORIG_FLOWLABEL = 0x4;
export const IP6_TNL_F_MIP6_DEV = 0x8;
const IP6_TNL_F_RCV_DSCP_COPY = 0x10;
export const IP6_TNL_F_USE_ORIG_FWMARK = 0x20;
export const IP6_TNL_F_ALLOW_LOCAL_REMOTE = 0x40;
// SIT_ISATAP (linux/if_tunnel.h) in IFLA_IPTUN_FLAGS of sit.
export const SIT_ISATAP = 0x1;
// TUNNEL_ENCAP_FLAG_* (linux/if_tunnel.h)
const TUNNEL_ENCAP_FLAG_CSUM = 0x1;
const TUNNEL_ENCAP_FLAG_CSUM6 = 0x2;
const TUNNEL_ENCAP_FLAG_REMCSUM = 0x4;

/** tnl_print_endpoint: "remote ADDR " / "local ADDR ", "any" for an absent or unspecified address. */
export function endpoint(p: Printer, name: string, v: unknown): void {
  const a = v === undefined ? 'any' : String(v);
  p.string(PRINT_ANY, name, `${name} %s`, a === '0.0.0.0' || a === '::' ? 'any' : a);
  p.fp(' ');
}

export function dev(p: Printer, ctx: KindPrintContext, link: unknown): void {
  if (link !== undefined && num(link)) p.string(PRINT_ANY, 'link', 'dev %s ', ctx.ifname(num(link)));
}

/** ttl / hoplimit: 0 is "inherit" in text. */
export function ttl(p: Printer, word: string, v: unknown): void {
  const t = v === undefined ? 0 : num(v);
  if (p.json || t) p.uint(PRINT_ANY, 'ttl', `${word} %u `, t);
  else p.string(PRINT_FP, null, `${word} %s `, 'inherit');
}

export function tos(p: Printer, v: unknown): void {
  const t = v === undefined ? 0 : num(v);
  if (!t) return;
  if (p.json || t !== 1) p.hex0x(PRINT_ANY, 'tos', 'tos %#llx ', t);
  else p.string(PRINT_FP, null, 'tos %s ', 'inherit');
}

export function fwmark(p: Printer, v: unknown): void {
  if (v !== undefined && num(v)) p.hex0x(PRINT_ANY, 'fwmark', 'fwmark %#llx ', num(v));
}

/** A GRE / VTI key as inet_ntop prints its four bytes. */
export const keyText = (v: unknown): string => {
  const k = num(v) >>> 0;
  return `${k >>> 24}.${(k >>> 16) & 0xff}.${(k >>> 8) & 0xff}.${k & 0xff}`;
};

/** tnl_encap_str */
function encapWord(name: string, enabled: boolean, port: number): string {
  const val = port === 0 ? 'auto ' : port < 0 ? '' : `${port - 1} `;
  return `${enabled ? '' : 'no'}encap-${name} ${val}`;
}

/** tnl_print_encap */
export function encap(p: Printer, tb: Data): void {
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
export function greKeysAndErspan(p: Printer, tb: Data, v6flags: number | undefined): void {
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
export function ip6Flow(p: Printer, flags: number, encapLimit: unknown, flowinfo: unknown): void {
  if (flags & IP6_TNL_F_IGN_ENCAP_LIMIT) p.bool(PRINT_ANY, 'ip6_tnl_f_ign_encap_limit', 'encaplimit none ', true);
  else if (encapLimit !== undefined) p.uint(PRINT_ANY, 'encap_limit', 'encaplimit %u ', num(encapLimit));
  const fi = num(flowinfo) >>> 0;
  if (flags & IP6_TNL_F_USE_ORIG_TCLASS) p.bool(PRINT_ANY, 'ip6_tnl_f_use_orig_tclass', 'tclass inherit ', true);
  else if (flowinfo !== undefined) p.string(PRINT_ANY, 'tclass', 'tclass %s ', `0x${((fi & 0x0ff00000) >>> 20).toString(16).padStart(2, '0')}`);
  if (flags & IP6_TNL_F_USE_ORIG_FLOWLABEL) p.bool(PRINT_ANY, 'ip6_tnl_f_use_orig_flowlabel', 'flowlabel inherit ', true);
  else if (flowinfo !== undefined) p.string(PRINT_ANY, 'flowlabel', 'flowlabel %s ', `0x${(fi & 0x000fffff).toString(16).padStart(5, '0')}`);
  if (flags & IP6_TNL_F_RCV_DSCP_COPY) p.bool(PRINT_ANY, 'ip6_tnl_f_rcv_dscp_copy', 'dscp inherit ', true);
}
