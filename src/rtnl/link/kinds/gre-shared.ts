/**
 * What gre.ts and gre6.ts share: the GRE options beyond the common tunnel ones (`external`,
 * `seq`, `csum`), and the `ip link add|set ... type gre|gretap|erspan|ip6gre|ip6gretap|ip6erspan` words, as
 * iproute2's gre_parse_opt (ip/link_gre.c, ip/link_gre6.c) reads them and with the request it
 * builds: every IFLA_GRE_* value in ip's order, starting from the link's current values on a
 * change (ip reads the link first and sends the whole set back, so `link set g0 type gre ttl 9`
 * keeps remote, local and keys). `external` sends IFLA_GRE_COLLECT_METADATA alone.
 * Not a kind module itself.
 */
import type { DataOptions, KindArgs, KindEncodeContext, KindParseContext, KindRequest } from './kind.js';
import type { greAttrs } from './gre.js';
import { encodeTunnel, type TunnelCommonOptions } from './tunnel.js';
import { matches } from './words.js';
import { currentEncap, encapData, encapWord, ENCAP_FLAGS_V6_DEFAULT, tunnelKey, unsignedIn } from './tunnel-words.js';
import { ValidationError } from '../../../netlink/errors.js';

/** The GRE options of every gre kind besides the common tunnel options. */
export interface GreFlagOptions {
  /** `external`: a collect-metadata (flow-based) device, IFLA_GRE_COLLECT_METADATA; nothing else may be given. */
  external?: boolean;
  /** `seq`: sequence numbers in both directions (GRE_SEQ in IFLA_GRE_IFLAGS and OFLAGS). */
  seq?: boolean;
  /** `csum`: checksums in both directions (GRE_CSUM in IFLA_GRE_IFLAGS and OFLAGS). */
  csum?: boolean;
}

export const GRE_FLAG_OPTION_KEYS = ['external', 'seq', 'csum'] as const;

/**
 * The common tunnel options, then `external`, `seq`, `csum` (into the flags words). The
 * attributes go on the wire in the order of the keys (`data`'s first; the API's keepDataOrder
 * records it for every kind): the CLI gives them in iproute2's order, so that its requests are
 * ip's byte for byte.
 */
export async function encodeGre(o: TunnelCommonOptions & GreFlagOptions & { kind: string; data?: GreData }, ctx: KindEncodeContext): Promise<KindRequest> {
  if (o.external) {
    const others = (['remote', 'local', 'ttl', 'tos', 'dev', 'key', 'seq', 'csum'] as const).filter((k) => o[k] !== undefined);
    if (others.length) throw new ValidationError(`${o.kind}: external (collect metadata) takes no ${others.join(', ')}`, others[0]);
    return { data: { ...(o.data ?? {}), collectMetadata: true } };
  }
  const r = await encodeTunnel(o, ctx, 'gre');
  if (!o.seq && !o.csum) return r;
  const d: Record<string, unknown> = { ...(r.data ?? {}) };
  const bits = (o.seq ? GRE_SEQ : 0) | (o.csum ? GRE_CSUM : 0);
  d.iflags = ((typeof d.iflags === 'number' ? d.iflags : 0) | bits) & 0xffff;
  d.oflags = ((typeof d.oflags === 'number' ? d.oflags : 0) | bits) & 0xffff;
  return { ...r, data: d };
}

/** GRE_CSUM, GRE_KEY, GRE_SEQ of IFLA_GRE_IFLAGS / OFLAGS (be16, linux/if_tunnel.h). */
const GRE_CSUM = 0x8000;
const GRE_KEY = 0x2000;
const GRE_SEQ = 0x1000;
/** IP6_TNL_F_* (IFLA_GRE_FLAGS, linux/ip6_tunnel.h). */
const IGN_ENCAP_LIMIT = 0x1;
const USE_ORIG_TCLASS = 0x2;
const USE_ORIG_FLOWLABEL = 0x4;
const RCV_DSCP_COPY = 0x10;
const USE_ORIG_FWMARK = 0x20;
const ALLOW_LOCAL_REMOTE = 0x40;
/** IP6_FLOWINFO_TCLASS / IP6_FLOWINFO_FLOWLABEL of the be32 flowinfo. */
const FLOWINFO_TCLASS = 0x0ff00000;
const FLOWINFO_FLOWLABEL = 0x000fffff;

export type GreData = DataOptions<typeof greAttrs>;

/** gre_parse_opt of link_gre.c (v6 false) or link_gre6.c (v6 true). */
export function parseGreWords(a: KindArgs, ctx: KindParseContext, v6: boolean): { data: GreData; dev?: string } {
  const erspanKind = ctx.kind === 'erspan' || ctx.kind === 'ip6erspan';
  const cur = (ctx.current ?? {}) as Partial<Record<keyof GreData, unknown>>;
  if (!ctx.create && ctx.current === undefined) ctx.fail('Failed to get existing tunnel info.\n');
  const n = (v: unknown, dflt: number): number => (typeof v === 'number' ? v : dflt);
  let iflags = n(cur.iflags, 0);
  let oflags = n(cur.oflags, 0);
  let ikey = n(cur.ikey, 0);
  let okey = n(cur.okey, 0);
  let local = typeof cur.local === 'string' ? cur.local : undefined;
  let remote = typeof cur.remote === 'string' ? cur.remote : undefined;
  let pmtudisc = n(cur.pmtudisc, 1);
  let ignoreDf = cur.ignoreDf === undefined ? 0 : n(cur.ignoreDf, 0) ? 1 : 0;
  let tos = n(cur.tos, 0);
  let ttl = n(cur.ttl, v6 ? 64 : 0);
  let link = n(cur.link, 0);
  let dev: string | undefined;
  const encap = currentEncap(cur, v6 ? ENCAP_FLAGS_V6_DEFAULT : 0);
  let metadata = cur.collectMetadata !== undefined;
  let fwmark = n(cur.fwmark, 0);
  let encapLimit = n(cur.encapLimit, 4);
  let flowinfo = n(cur.flowinfo, 0);
  let flags = n(cur.flags, 0);
  let erspanIndex = n(cur.erspanIndex, 0);
  let erspanVer = n(cur.erspanVer, 1);
  let erspanDir = n(cur.erspanDir, 0);
  let erspanHwid = n(cur.erspanHwid, 0);

  const address = (word: string): string | undefined => (word === 'any' || word === 'all' || word === 'default' ? undefined : ctx.address(word, v6 ? 6 : 4));
  while (a.more) {
    const w = a.cur;
    if (matches(w, 'key')) {
      a.next();
      iflags |= GRE_KEY;
      oflags |= GRE_KEY;
      ikey = okey = tunnelKey(ctx, 'key', a.cur);
    } else if (matches(w, 'nokey')) {
      iflags &= ~GRE_KEY;
      oflags &= ~GRE_KEY;
      ikey = okey = 0;
    } else if (matches(w, 'ikey')) {
      a.next();
      iflags |= GRE_KEY;
      ikey = tunnelKey(ctx, 'ikey', a.cur);
    } else if (matches(w, 'noikey')) {
      iflags &= ~GRE_KEY;
      ikey = 0;
    } else if (matches(w, 'okey')) {
      a.next();
      oflags |= GRE_KEY;
      okey = tunnelKey(ctx, 'okey', a.cur);
    } else if (matches(w, 'nookey')) {
      oflags &= ~GRE_KEY;
      okey = 0;
    } else if (matches(w, 'seq')) {
      iflags |= GRE_SEQ;
      oflags |= GRE_SEQ;
    } else if (matches(w, 'noseq')) {
      iflags &= ~GRE_SEQ;
      oflags &= ~GRE_SEQ;
    } else if (matches(w, 'iseq')) iflags |= GRE_SEQ;
    else if (matches(w, 'noiseq')) iflags &= ~GRE_SEQ;
    else if (matches(w, 'oseq')) oflags |= GRE_SEQ;
    else if (matches(w, 'nooseq')) oflags &= ~GRE_SEQ;
    else if (matches(w, 'csum')) {
      iflags |= GRE_CSUM;
      oflags |= GRE_CSUM;
    } else if (matches(w, 'nocsum')) {
      iflags &= ~GRE_CSUM;
      oflags &= ~GRE_CSUM;
    } else if (matches(w, 'icsum')) iflags |= GRE_CSUM;
    else if (matches(w, 'noicsum')) iflags &= ~GRE_CSUM;
    else if (matches(w, 'ocsum')) oflags |= GRE_CSUM;
    else if (matches(w, 'noocsum')) oflags &= ~GRE_CSUM;
    else if (!v6 && matches(w, 'nopmtudisc')) pmtudisc = 0;
    else if (!v6 && matches(w, 'pmtudisc')) pmtudisc = 1;
    else if (matches(w, 'remote')) {
      a.next();
      remote = address(a.cur);
    } else if (matches(w, 'local')) {
      a.next();
      local = address(a.cur);
    } else if (matches(w, 'dev')) {
      a.next();
      dev = a.cur;
      link = 0;
    } else if (matches(w, 'ttl') || matches(w, 'hoplimit') || matches(w, 'hlim')) {
      a.next();
      ttl = a.cur === 'inherit' ? 0 : (unsignedIn(a.cur, 0, 255) ?? ctx.invarg(v6 ? 'invalid HLIM\n' : 'invalid TTL\n', a.cur));
    } else if (matches(w, 'tos') || matches(w, 'tclass') || matches(w, 'dsfield')) {
      a.next();
      if (!v6) tos = a.cur === 'inherit' ? 1 : (ctx.dsfield(a.cur) ?? ctx.invarg('bad TOS value', a.cur));
      else {
        flowinfo &= ~FLOWINFO_TCLASS;
        if (a.cur === 'inherit') flags |= USE_ORIG_TCLASS;
        else {
          const tc = unsignedIn(a.cur, 16, 255) ?? ctx.invarg('invalid TClass', a.cur);
          flowinfo = (flowinfo | ((tc << 20) & FLOWINFO_TCLASS)) >>> 0;
          flags &= ~USE_ORIG_TCLASS;
        }
      }
    } else if (v6 && (w === 'flowlabel' || w === 'fl')) {
      a.next();
      flowinfo &= ~FLOWINFO_FLOWLABEL;
      if (a.cur === 'inherit') flags |= USE_ORIG_FLOWLABEL;
      else {
        const label = unsignedIn(a.cur, 16, 0xfffff) ?? ctx.invarg('invalid Flowlabel', a.cur);
        flowinfo = (flowinfo | label) >>> 0;
        flags &= ~USE_ORIG_FLOWLABEL;
      }
    } else if (v6 && w === 'dscp') {
      a.next();
      if (a.cur !== 'inherit') ctx.invarg('not inherit', a.cur);
      flags |= RCV_DSCP_COPY;
    } else if (encapWord(a, ctx, encap)) {
      // noencap, encap TYPE, encap-sport / -dport, [no]encap-csum / -udp6-csum / -remcsum
    } else if (w === 'external') metadata = true;
    else if (!v6 && w === 'ignore-df') ignoreDf = 1;
    // "only the lsb is significant, use 2 for presence" (link_gre.c): sends 0.
    else if (!v6 && w === 'noignore-df') ignoreDf = 2;
    else if (w === 'fwmark') {
      a.next();
      if (v6 && a.cur === 'inherit') {
        flags |= USE_ORIG_FWMARK;
        fwmark = 0;
      } else {
        fwmark = unsignedIn(a.cur, 0, 0xffffffff) ?? ctx.invarg('invalid fwmark\n', a.cur);
        flags &= ~USE_ORIG_FWMARK;
      }
    } else if (v6 && w === 'allow-localremote') flags |= ALLOW_LOCAL_REMOTE;
    else if (v6 && w === 'noallow-localremote') flags &= ~ALLOW_LOCAL_REMOTE;
    else if (v6 && w === 'encaplimit') {
      a.next();
      if (a.cur === 'none') flags |= IGN_ENCAP_LIMIT;
      else {
        encapLimit = unsignedIn(a.cur, 0, 255) ?? ctx.invarg('invalid ELIM', a.cur);
        flags &= ~IGN_ENCAP_LIMIT;
      }
    } else if ((v6 || erspanKind) && w === 'erspan') {
      a.next();
      const idx = unsignedIn(a.cur, 0, 0xffffffff) ?? ctx.invarg('invalid erspan index\n', a.cur);
      if (idx === 0 || idx >= 1 << 20) ctx.invarg('erspan index must be > 0 and <= 20-bit\n', a.cur);
      erspanIndex = idx;
    } else if ((v6 || erspanKind) && w === 'erspan_ver') {
      a.next();
      erspanVer = unsignedIn(a.cur, 0, 255) ?? ctx.invarg('invalid erspan version\n', a.cur);
      if (erspanVer > 2) ctx.invarg('erspan version must be 0/1/2\n', a.cur);
    } else if ((v6 || erspanKind) && w === 'erspan_dir') {
      a.next();
      if (matches(a.cur, 'ingress')) erspanDir = 0;
      else if (matches(a.cur, 'egress')) erspanDir = 1;
      else ctx.invarg('Invalid erspan direction.', a.cur);
    } else if ((v6 || erspanKind) && w === 'erspan_hwid') {
      a.next();
      erspanHwid = unsignedIn(a.cur, 0, 0xffff) ?? ctx.invarg('invalid erspan hwid\n', a.cur);
    } else ctx.usage();
    a.shift();
  }

  if (!v6 && remote !== undefined && isMulticast4(remote)) {
    // A multicast remote: the group's first byte as key unless given (link_gre.c).
    const first = Number(remote.split('.')[0]);
    if (!ikey) {
      ikey = first * 0x1000000;
      iflags |= GRE_KEY;
    }
    if (!okey) {
      okey = first * 0x1000000;
      oflags |= GRE_KEY;
    }
    if (local === undefined) ctx.fail('A broadcast tunnel requires a source address.\n');
  }

  if (metadata) return { data: { collectMetadata: true } };
  const d: GreData = { ikey, okey, iflags, oflags };
  if (local !== undefined) d.local = local;
  if (remote !== undefined) d.remote = remote;
  if (v6) {
    if (dev !== undefined || link) d.link = link;
    d.ttl = ttl;
    d.encapLimit = encapLimit;
    d.flowinfo = flowinfo;
    d.flags = flags;
    d.fwmark = fwmark;
  } else {
    d.pmtudisc = pmtudisc;
    if (ignoreDf) d.ignoreDf = ignoreDf & 1;
    d.tos = tos;
    if (dev !== undefined || link) d.link = link;
    d.ttl = ttl;
    d.fwmark = fwmark;
  }
  // link_gre6.c sends the erspan version for every ip6gre kind; link_gre.c for erspan only.
  if (v6 || erspanKind) {
    d.erspanVer = erspanVer;
    if (erspanVer === 1 && erspanIndex !== 0) d.erspanIndex = erspanIndex;
    else if (erspanVer === 2) {
      d.erspanDir = erspanDir;
      d.erspanHwid = erspanHwid;
    }
  }
  Object.assign(d, encapData(encap));
  return { data: d, ...(dev !== undefined ? { dev } : {}) };
}

function isMulticast4(address: string): boolean {
  const first = Number(address.split('.')[0]);
  return first >= 224 && first <= 239;
}
