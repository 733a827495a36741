/**
 * ip6tnl: IPv4/IPv6 over IPv6 (IFLA_IPTUN_* of linux/if_tunnel.h with 32-bit IFLA_IPTUN_FLAGS;
 * iproute2 ip/link_ip6tnl.c): the schema, the API options (the common tunnel ones, `mode`,
 * `external`, `fwmark`), the `ip link add|set ... type ip6tnl` words as iproute2 6.1's
 * ip6tunnel_parse_opt reads them, with the request it builds (every IFLA_IPTUN_* value in ip's
 * order, starting from the link's current values on a change), and the `ip -d link` printing.
 */
import { attrs } from '../../../netlink/schema.js';
import { u32 } from '../../../netlink/types.js';
import { ValidationError } from '../../../netlink/errors.js';
import { checkInt } from '../../validate.js';
import { iptunCommon } from './iptnl.js';
import { defineKind, type DataOptions, type KindArgs, type KindEncodeContext, type KindParseContext, type KindRequest } from './kind.js';
import { encodeTunnel, TUNNEL_OPTION_KEYS, type TunnelCommonOptions } from './tunnel.js';
import { currentEncap, encapData, encapWord, ENCAP_FLAGS_V6_DEFAULT, specified, specifiedAddress, unsignedIn } from './tunnel-words.js';
import { dev, encap, endpoint, fwmark, ip6Flow, IP6_TNL_F_ALLOW_LOCAL_REMOTE, IP6_TNL_F_MIP6_DEV, IP6_TNL_F_USE_ORIG_FWMARK, ttl, type TunnelData } from './tunnel-print.js';
import { num, PRINT_ANY, type KindPrinter } from './print.js';
import { matches } from './words.js';
import type { KindPrintContext } from './kind.js';

/** IFLA_IPTUN_* for ip6tnl (IFLA_IPTUN_FLAGS is 32 bits: IP6_TNL_F_*). */
export const ip6tnlAttrs = attrs('IFLA_IPTUN_', {
  ...iptunCommon,
  flags: [8, 'FLAGS', u32],
}, 'ifla_iptun (ip6tnl)');


/** `ip link add NAME type ip6tnl remote R local L [ttl N] [dev IF] [mode M] [external] [fwmark F]` */
export interface Ip6tnlOptions extends TunnelCommonOptions {
  kind: 'ip6tnl';
  /** `mode`: the inner protocol (IFLA_IPTUN_PROTO): `ip6ip6` (IPPROTO_IPV6), `ipip6` (IPPROTO_IPIP), `any` (0, both). */
  mode?: 'ip6ip6' | 'ipip6' | 'any';
  /** `external`: a collect-metadata (flow-based) device, IFLA_IPTUN_COLLECT_METADATA; no endpoints, ttl, tos, dev. */
  external?: boolean;
  /** `fwmark MARK`: the mark of the encapsulated packets' route lookup (IFLA_IPTUN_FWMARK). */
  fwmark?: number;
  /** Any other attributes of the kind. */
  data?: DataOptions<typeof ip6tnlAttrs>;
}

/** The option keys of ip6tnl besides `kind` (unknown-key errors). */
export const IP6TNL_OPTION_KEYS = [...TUNNEL_OPTION_KEYS, 'mode', 'external', 'fwmark'] as const;

/** IPPROTO_* of each `mode` word (IFLA_IPTUN_PROTO). */
const IPPROTO_IPIP = 4;
const IPPROTO_IPV6 = 41;
const MODE_PROTO: Record<NonNullable<Ip6tnlOptions['mode']>, number> = { ip6ip6: IPPROTO_IPV6, ipip6: IPPROTO_IPIP, any: 0 };

/** IP6_TNL_F_* (linux/ip6_tunnel.h, IFLA_IPTUN_FLAGS) the words set. */
const IGN_ENCAP_LIMIT = 0x1;
const USE_ORIG_TCLASS = 0x2;
const USE_ORIG_FLOWLABEL = 0x4;
const RCV_DSCP_COPY = 0x10;
/** IP6_FLOWINFO_TCLASS / IP6_FLOWINFO_FLOWLABEL of the be32 flowinfo. */
const FLOWINFO_TCLASS = 0x0ff00000;
const FLOWINFO_FLOWLABEL = 0x000fffff;
/** DEFAULT_TNL_HOP_LIMIT and IPV6_DEFAULT_TNL_ENCAP_LIMIT (linux/ip6_tunnel.h): ip's values on add. */
const DEFAULT_HOP_LIMIT = 64;
const DEFAULT_ENCAP_LIMIT = 4;

/** The options → IFLA_IPTUN_* (ip6tnl): `data` first, in its order, then the options over it. */
async function encodeIp6tnl(o: Ip6tnlOptions, ctx: KindEncodeContext): Promise<KindRequest> {
  if (o.mode !== undefined && !(o.mode in MODE_PROTO)) throw new ValidationError('ip6tnl: mode must be one of ip6ip6, ipip6, any', 'mode');
  if (o.fwmark !== undefined) checkInt(o.fwmark, 'fwmark', 0, 0xffffffff);
  const proto = o.mode !== undefined ? { proto: MODE_PROTO[o.mode] } : {};
  if (o.external) {
    const others = (['remote', 'local', 'ttl', 'tos', 'dev', 'key', 'fwmark'] as const).filter((k) => o[k] !== undefined);
    if (others.length) throw new ValidationError(`ip6tnl: external (collect metadata) takes no ${others.join(', ')}`, others[0]);
    return { data: { ...proto, ...(o.data ?? {}), collectMetadata: true } };
  }
  const r = await encodeTunnel({ ...o, data: { ...proto, ...(o.data ?? {}) } }, ctx, 'none');
  if (o.fwmark === undefined) return r;
  return { ...r, data: { ...(r.data ?? {}), fwmark: o.fwmark } };
}

type Ip6tnlData = DataOptions<typeof ip6tnlAttrs>;

/**
 * ip6tunnel_parse_opt (link_ip6tnl.c): the words of ip6tnl, and the request ip builds. ip reads
 * back everything but the encapsulation, which a change resets to the defaults.
 */
function parseIp6tnl(a: KindArgs, ctx: KindParseContext): { data: Ip6tnlData; dev?: string } {
  if (!ctx.create && ctx.current === undefined) ctx.fail('Failed to get existing tunnel info.\n');
  const cur = ctx.current ?? {};
  const n = (v: unknown, dflt: number): number => (typeof v === 'number' ? v : dflt);
  let local = specified(cur.local);
  let remote = specified(cur.remote);
  let hopLimit = n(cur.ttl, DEFAULT_HOP_LIMIT);
  let encapLimit = n(cur.encapLimit, DEFAULT_ENCAP_LIMIT);
  let flowinfo = n(cur.flowinfo, 0);
  let flags = n(cur.flags, 0);
  let link = n(cur.link, 0);
  let proto = n(cur.proto, 0);
  const e = currentEncap({}, ENCAP_FLAGS_V6_DEFAULT);
  let metadata = cur.collectMetadata !== undefined;
  let mark = n(cur.fwmark, 0);
  let devName: string | undefined;

  while (a.more) {
    const w = a.cur;
    if (w === 'mode') {
      a.next();
      const m = a.cur;
      if (m === 'ipv6/ipv6' || m === 'ip6ip6') proto = IPPROTO_IPV6;
      else if (m === 'ip/ipv6' || m === 'ipv4/ipv6' || m === 'ipip6' || m === 'ip4ip6') proto = IPPROTO_IPIP;
      else if (m === 'any/ipv6' || m === 'any') proto = 0;
      else ctx.invarg('Cannot guess tunnel mode.', m);
    } else if (w === 'remote') {
      a.next();
      remote = specifiedAddress(ctx, a.cur, 6);
    } else if (w === 'local') {
      a.next();
      local = specifiedAddress(ctx, a.cur, 6);
    } else if (matches(w, 'dev')) {
      a.next();
      devName = a.cur;
      link = 0;
    } else if (w === 'ttl' || w === 'hoplimit' || w === 'hlim') {
      a.next();
      hopLimit = a.cur === 'inherit' ? 0 : (unsignedIn(a.cur, 0, 255) ?? ctx.invarg('invalid HLIM\n', a.cur));
    } else if (w === 'encaplimit') {
      a.next();
      if (a.cur === 'none') flags |= IGN_ENCAP_LIMIT;
      else {
        // ip 6.1 tests get_u8() < -1, never true: a bad number goes out as whatever its stack
        // held. An error is the only answer that means something.
        encapLimit = unsignedIn(a.cur, 0, 255) ?? ctx.invarg('invalid ELIM', a.cur);
        flags &= ~IGN_ENCAP_LIMIT;
      }
    } else if (w === 'tos' || w === 'tclass' || w === 'tc' || matches(w, 'dsfield')) {
      a.next();
      flowinfo &= ~FLOWINFO_TCLASS;
      if (a.cur === 'inherit') flags |= USE_ORIG_TCLASS;
      else {
        const tc = unsignedIn(a.cur, 16, 255) ?? ctx.invarg('invalid TClass', a.cur);
        flowinfo = (flowinfo | ((tc << 20) & FLOWINFO_TCLASS)) >>> 0;
        flags &= ~USE_ORIG_TCLASS;
      }
    } else if (w === 'flowlabel' || w === 'fl') {
      a.next();
      flowinfo &= ~FLOWINFO_FLOWLABEL;
      if (a.cur === 'inherit') flags |= USE_ORIG_FLOWLABEL;
      else {
        const label = unsignedIn(a.cur, 16, 0xfffff) ?? ctx.invarg('invalid Flowlabel', a.cur);
        flowinfo = (flowinfo | label) >>> 0;
        flags &= ~USE_ORIG_FLOWLABEL;
      }
    } else if (w === 'dscp') {
      a.next();
      if (a.cur !== 'inherit') ctx.invarg('not inherit', a.cur);
      flags |= RCV_DSCP_COPY;
    } else if (w === 'fwmark') {
      a.next();
      if (a.cur === 'inherit') {
        flags |= IP6_TNL_F_USE_ORIG_FWMARK;
        mark = 0;
      } else {
        mark = unsignedIn(a.cur, 0, 0xffffffff) ?? ctx.invarg('invalid fwmark\n', a.cur);
        flags &= ~IP6_TNL_F_USE_ORIG_FWMARK;
      }
    } else if (w === 'allow-localremote') flags |= IP6_TNL_F_ALLOW_LOCAL_REMOTE;
    else if (w === 'noallow-localremote') flags &= ~IP6_TNL_F_ALLOW_LOCAL_REMOTE;
    else if (encapWord(a, ctx, e)) {
      // noencap, encap TYPE, encap-sport / -dport, [no]encap-csum / -udp6-csum / -remcsum
    } else if (w === 'external') metadata = true;
    else ctx.usage();
    a.shift();
  }

  if (metadata) return { data: { proto, collectMetadata: true } };
  const d: Ip6tnlData = { proto };
  if (local !== undefined) d.local = local;
  if (remote !== undefined) d.remote = remote;
  d.ttl = hopLimit;
  d.encapLimit = encapLimit;
  d.flowinfo = flowinfo;
  d.flags = flags >>> 0;
  // With `dev`, a placeholder the encoder replaces by the device's ifindex, in place.
  d.link = link;
  d.fwmark = mark;
  Object.assign(d, encapData(e));
  return { data: d, ...(devName !== undefined ? { dev: devName } : {}) };
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
  optionKeys: IP6TNL_OPTION_KEYS,
  encode: encodeIp6tnl,
  parse: parseIp6tnl,
  readsCurrent: true,
  print: printIp6tnl,
  usage: (kind) => USAGE[kind],
});

const USAGE: Record<'ip6tnl', string> = { ip6tnl: "Usage: ... ip6tnl\t[ remote ADDR ]\n\t\t\t[ local ADDR ]\n\t\t\t[ encaplimit ELIM ]\n\t\t\t[ hoplimit HLIM ]\n\t\t\t[ tclass TCLASS ]\n\t\t\t[ flowlabel FLOWLABEL ]\n\t\t\t[ dscp inherit ]\n\t\t\t[ [no]allow-localremote ]\n\t\t\t[ dev PHYS_DEV ]\n\t\t\t[ fwmark MARK ]\n\t\t\t[ external ]\n\t\t\t[ noencap ]\n\t\t\t[ encap { fou | gue | none } ]\n\t\t\t[ encap-sport PORT ]\n\t\t\t[ encap-dport PORT ]\n\t\t\t[ [no]encap-csum ]\n\t\t\t[ [no]encap-csum6 ]\n\t\t\t[ [no]encap-remcsum ]\n\t\t\t[ mode { ip6ip6 | ipip6 | any } ]\n\nWhere:\tADDR\t  := IPV6_ADDRESS\n\tELIM\t  := { none | 0..255 }(default=4)\n\tHLIM\t  := 0..255 (default=64)\n\tTCLASS    := { 0x0..0xff | inherit }\n\tFLOWLABEL := { 0x0..0xfffff | inherit }\n\tMARK\t  := { 0x0..0xffffffff | inherit }\n" };
