/**
 * ipip and sit (IFLA_IPTUN_* of linux/if_tunnel.h; iproute2 ip/link_iptnl.c): the schema, the
 * API options (the common tunnel ones, `mode`, `external`, `isatap`, `fwmark`), the
 * `ip link add|set ... type ipip|sit` words as iproute2 6.1's iptunnel_parse_opt reads them, with
 * the request it builds (every IFLA_IPTUN_* value in ip's order, starting from the link's current
 * values on a change: ip reads the link first and sends the whole set back, so
 * `link set t0 type ipip ttl 9` keeps remote and local), and the `ip -d link` printing.
 */
import { enumOf } from '../../../netlink/enums.js';
import { attrs } from '../../../netlink/schema.js';
import { address, be16, be32, flag, ipv4, ipv6, u16, u32, u8 } from '../../../netlink/types.js';
import { ValidationError } from '../../../netlink/errors.js';
import { checkInt } from '../../validate.js';
import { TUNNEL_ENCAP } from '../constants.js';
import { defineKind, type DataOptions, type KindArgs, type KindEncodeContext, type KindParseContext, type KindRequest } from './kind.js';
import { encodeTunnel, TUNNEL_OPTION_KEYS, type TunnelCommonOptions } from './tunnel.js';
import { currentEncap, encapData, encapWord, specified, specifiedAddress, unsignedIn } from './tunnel-words.js';
import { dev, encap, endpoint, fwmark, SIT_ISATAP, tos, ttl, type TunnelData } from './tunnel-print.js';
import { num, PRINT_ANY, PRINT_JSON, type KindPrinter } from './print.js';
import { matches } from './words.js';
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


/** `ip link add NAME type ipip|sit remote R local L [ttl N] [dev IF] [mode M] [external] [isatap] [fwmark F]` */
export interface IptnlOptions extends TunnelCommonOptions {
  kind: 'ipip' | 'sit';
  /**
   * `mode`: the inner protocol (IFLA_IPTUN_PROTO): `ipip` (IPPROTO_IPIP), `mplsip`
   * (IPPROTO_MPLS), `any` (0, every protocol the driver knows) and, for sit only, `ip6ip`
   * (IPPROTO_IPV6, the default of sit).
   */
  mode?: 'ipip' | 'ip6ip' | 'mplsip' | 'any';
  /** `external`: a collect-metadata (flow-based) device, IFLA_IPTUN_COLLECT_METADATA; no endpoints, ttl, tos, dev. */
  external?: boolean;
  /** `isatap` (sit only): an ISATAP router interface (SIT_ISATAP in IFLA_IPTUN_FLAGS). */
  isatap?: boolean;
  /** `fwmark MARK`: the mark of the encapsulated packets' route lookup (IFLA_IPTUN_FWMARK). */
  fwmark?: number;
  /** Any other attributes of the kind. */
  data?: DataOptions<typeof iptunAttrs>;
}

/** The option keys of ipip / sit besides `kind` (unknown-key errors). */
export const IPTNL_OPTION_KEYS = [...TUNNEL_OPTION_KEYS, 'mode', 'external', 'isatap', 'fwmark'] as const;

/** IPPROTO_* of each `mode` word (IFLA_IPTUN_PROTO). */
const IPPROTO_IPIP = 4;
const IPPROTO_IPV6 = 41;
const IPPROTO_MPLS = 137;
const MODE_PROTO: Record<NonNullable<IptnlOptions['mode']>, number> = { ipip: IPPROTO_IPIP, ip6ip: IPPROTO_IPV6, mplsip: IPPROTO_MPLS, any: 0 };

/** The options → IFLA_IPTUN_* (ipip, sit): `data` first, in its order, then the options over it. */
async function encodeIptnl(o: IptnlOptions, ctx: KindEncodeContext): Promise<KindRequest> {
  if (o.mode !== undefined && (!(o.mode in MODE_PROTO) || (o.mode === 'ip6ip' && o.kind !== 'sit'))) {
    throw new ValidationError(`${o.kind}: mode must be one of ${o.kind === 'sit' ? 'ip6ip, ' : ''}ipip, mplsip, any`, 'mode');
  }
  if (o.isatap && o.kind !== 'sit') throw new ValidationError('isatap: sit only', 'isatap');
  if (o.fwmark !== undefined) checkInt(o.fwmark, 'fwmark', 0, 0xffffffff);
  const proto = o.mode !== undefined ? { proto: MODE_PROTO[o.mode] } : {};
  if (o.external) {
    const others = (['remote', 'local', 'ttl', 'tos', 'dev', 'key', 'isatap', 'fwmark'] as const).filter((k) => o[k] !== undefined);
    if (others.length) throw new ValidationError(`${o.kind}: external (collect metadata) takes no ${others.join(', ')}`, others[0]);
    return { data: { ...proto, ...(o.data ?? {}), collectMetadata: true } };
  }
  const r = await encodeTunnel({ ...o, data: { ...proto, ...(o.data ?? {}) } }, ctx, 'none');
  const d: Record<string, unknown> = { ...(r.data ?? {}) };
  if (o.fwmark !== undefined) d.fwmark = o.fwmark;
  if (o.isatap) d.flags = ((typeof d.flags === 'number' ? d.flags : 0) | SIT_ISATAP) & 0xffff;
  return Object.keys(d).length ? { ...r, data: d } : r;
}

type IptunData = DataOptions<typeof iptunAttrs>;

/** iptunnel_parse_opt (link_iptnl.c): the words of ipip and sit, and the request ip builds. */
function parseIptnl(a: KindArgs, ctx: KindParseContext): { data: IptunData; dev?: string } {
  const sit = ctx.kind === 'sit';
  if (!ctx.create && ctx.current === undefined) ctx.fail('Failed to get existing tunnel info.\n');
  const cur = ctx.current ?? {};
  const n = (v: unknown, dflt: number): number => (typeof v === 'number' ? v : dflt);
  let local = specified(cur.local);
  let remote = specified(cur.remote);
  // The 6rd prefixes: once read back or given, ip sends them (is_addrtype_inet), even all-zero.
  let prefix6rd = cur['6rdPrefix'] !== undefined ? { address: String(cur['6rdPrefix']), len: n(cur['6rdPrefixlen'], 0) } : undefined;
  let relay6rd = cur['6rdRelayPrefix'] !== undefined ? { address: String(cur['6rdRelayPrefix']), len: n(cur['6rdRelayPrefixlen'], 0) } : undefined;
  let ttl = n(cur.ttl, 0);
  let pmtudisc = n(cur.pmtudisc, 1);
  let tos = n(cur.tos, 0);
  let iflags = n(cur.flags, 0);
  let link = n(cur.link, 0);
  let proto = n(cur.proto, 0);
  const e = currentEncap(cur, 0);
  let metadata = cur.collectMetadata !== undefined;
  let mark = n(cur.fwmark, 0);
  let devName: string | undefined;

  while (a.more) {
    const w = a.cur;
    if (w === 'mode') {
      a.next();
      const m = a.cur;
      if (sit && (m === 'ipv6/ipv4' || m === 'ip6ip')) proto = IPPROTO_IPV6;
      else if (m === 'ipv4/ipv4' || m === 'ipip' || m === 'ip4ip4') proto = IPPROTO_IPIP;
      else if (m === 'mpls/ipv4' || m === 'mplsip') proto = IPPROTO_MPLS;
      else if (m === 'any/ipv4' || m === 'any') proto = 0;
      else ctx.invarg('Cannot guess tunnel mode.', m);
    } else if (w === 'remote') {
      a.next();
      remote = specifiedAddress(ctx, a.cur, 4);
    } else if (w === 'local') {
      a.next();
      local = specifiedAddress(ctx, a.cur, 4);
    } else if (matches(w, 'dev')) {
      a.next();
      devName = a.cur;
      link = 0;
    } else if (w === 'ttl' || w === 'hoplimit' || w === 'hlim') {
      a.next();
      ttl = a.cur === 'inherit' ? 0 : (unsignedIn(a.cur, 0, 255) ?? ctx.invarg('invalid TTL\n', a.cur));
    } else if (w === 'tos' || w === 'tclass' || w === 'tc' || matches(w, 'dsfield')) {
      a.next();
      tos = a.cur === 'inherit' ? 1 : (ctx.dsfield(a.cur) ?? ctx.invarg('bad TOS value', a.cur));
    } else if (w === 'nopmtudisc') pmtudisc = 0;
    else if (w === 'pmtudisc') pmtudisc = 1;
    else if (sit && w === 'isatap') iflags |= SIT_ISATAP;
    else if (encapWord(a, ctx, e)) {
      // noencap, encap TYPE, encap-sport / -dport, [no]encap-csum / -udp6-csum / -remcsum
    } else if (w === 'external') metadata = true;
    else if (w === '6rd-prefix') {
      a.next();
      prefix6rd = ctx.prefix(a.cur, 6);
    } else if (w === '6rd-relay_prefix') {
      a.next();
      relay6rd = ctx.prefix(a.cur, 4);
    } else if (w === '6rd-reset') {
      prefix6rd = { address: '2002::', len: 16 };
      relay6rd = undefined;
    } else if (w === 'fwmark') {
      a.next();
      mark = unsignedIn(a.cur, 0, 0xffffffff) ?? ctx.invarg('invalid fwmark\n', a.cur);
    } else ctx.usage();
    a.shift();
  }

  if (ttl && pmtudisc === 0) ctx.exit('ttl != 0 and nopmtudisc are incompatible\n');

  if (metadata) return { data: { proto, collectMetadata: true } };
  const d: IptunData = { proto };
  if (local !== undefined) d.local = local;
  if (remote !== undefined) d.remote = remote;
  d.pmtudisc = pmtudisc;
  d.tos = tos;
  d.ttl = ttl;
  // With `dev`, a placeholder the encoder replaces by the device's ifindex, in place.
  d.link = link;
  d.fwmark = mark;
  Object.assign(d, encapData(e));
  if (sit) {
    d.flags = iflags;
    if (prefix6rd) {
      d['6rdPrefix'] = prefix6rd.address;
      d['6rdPrefixlen'] = prefix6rd.len;
    }
    if (relay6rd) {
      d['6rdRelayPrefix'] = relay6rd.address;
      d['6rdRelayPrefixlen'] = relay6rd.len;
    }
  }
  return { data: d, ...(devName !== undefined ? { dev: devName } : {}) };
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
  optionKeys: IPTNL_OPTION_KEYS,
  encode: encodeIptnl,
  parse: parseIptnl,
  readsCurrent: true,
  print: printIptun,
  usage: (kind) => USAGE[kind],
});

const USAGE: Record<'ipip' | 'sit', string> = { ipip: "Usage: ... ipip  \t[ remote ADDR ]\n\t\t\t[ local ADDR ]\n\t\t\t[ ttl TTL ]\n\t\t\t[ tos TOS ]\n\t\t\t[ [no]pmtudisc ]\n\t\t\t[ 6rd-prefix ADDR ]\n\t\t\t[ 6rd-relay_prefix ADDR ]\n\t\t\t[ 6rd-reset ]\n\t\t\t[ dev PHYS_DEV ]\n\t\t\t[ fwmark MARK ]\n\t\t\t[ external ]\n\t\t\t[ noencap ]\n\t\t\t[ encap { fou | gue | none } ]\n\t\t\t[ encap-sport PORT ]\n\t\t\t[ encap-dport PORT ]\n\t\t\t[ [no]encap-csum ]\n\t\t\t[ [no]encap-csum6 ]\n\t\t\t[ [no]encap-remcsum ]\n\t\t\t[ mode { ipip | mplsip | any } ]\n\nWhere:\tADDR := { IP_ADDRESS | any }\n\tTOS  := { NUMBER | inherit }\n\tTTL  := { 1..255 | inherit }\n\tMARK := { 0x0..0xffffffff }\n", sit: "Usage: ... sit   \t[ remote ADDR ]\n\t\t\t[ local ADDR ]\n\t\t\t[ ttl TTL ]\n\t\t\t[ tos TOS ]\n\t\t\t[ [no]pmtudisc ]\n\t\t\t[ 6rd-prefix ADDR ]\n\t\t\t[ 6rd-relay_prefix ADDR ]\n\t\t\t[ 6rd-reset ]\n\t\t\t[ dev PHYS_DEV ]\n\t\t\t[ fwmark MARK ]\n\t\t\t[ external ]\n\t\t\t[ noencap ]\n\t\t\t[ encap { fou | gue | none } ]\n\t\t\t[ encap-sport PORT ]\n\t\t\t[ encap-dport PORT ]\n\t\t\t[ [no]encap-csum ]\n\t\t\t[ [no]encap-csum6 ]\n\t\t\t[ [no]encap-remcsum ]\n\t\t\t[ mode { ip6ip | ipip | mplsip | any } ]\n\t\t\t[ isatap ]\n\nWhere:\tADDR := { IP_ADDRESS | any }\n\tTOS  := { NUMBER | inherit }\n\tTTL  := { 1..255 | inherit }\n\tMARK := { 0x0..0xffffffff }\n" };
