/**
 * Which routes `ip route show|flush` prints: the route part of iproute2's `struct filter` and
 * filter_nlmsg (ip/iproute.c), and the accessors of the header words it compares.
 */
import { RTM_FLAGS, RTN, RTPROT, RT_SCOPE } from '../../rtnl/constants.js';
import { enumNum, flagsNum, num, type FormatContext } from './context.js';
import type { RouteMessage } from '../../rtnl/route/schema.js';
import type { MplsLabel } from '../../rtnl/route/wire.js';
import { AF_INET6 } from './names.js';
import { addrBitsEqual, PREFIXLEN_SPECIFIED, type Prefix } from './prefix.js';
import { isIPv6, parseIPv6 } from '../../netlink/address.js';
import { RT_TABLE_MAIN, RT_TABLE_LOCAL, RTN_LOCAL, RTN_UNREACHABLE, RTM_F_CLONED } from '../../rtnl/constants.js';

export { RT_TABLE_MAIN, RT_TABLE_LOCAL, RTN_UNICAST, RTN_LOCAL, RTN_MULTICAST, RTN_UNREACHABLE, RTM_F_CLONED, RTPROT_BOOT } from '../../rtnl/constants.js';

/** The route part of `struct filter` (ip route show/flush). Masks: -1 = all bits. */
export interface RouteFilter {
  tb: number;
  /** 0: not cloned, 1: cloned only, 2: any (route get). */
  cloned?: number;
  flushing?: boolean;
  protocol?: number;
  protocolmask?: number;
  scope?: number;
  scopemask?: number;
  typemask?: number;
  tos?: number;
  tosmask?: number;
  rdst?: Prefix;
  mdst?: Prefix;
  rsrc?: Prefix;
  msrc?: Prefix;
  rvia?: Prefix;
  rprefsrc?: Prefix;
  realm?: number;
  realmmask?: number;
  iif?: number;
  iifmask?: number;
  oif?: number;
  oifmask?: number;
  mark?: number;
  markmask?: number;
  metric?: number;
  metricmask?: number;
}

/** State that iproute2 keeps in statics across one dump. */
export interface RouteDumpState {
  ip6MultipleTables: boolean;
}

export function routeType(msg: RouteMessage): number {
  return enumNum(RTN, msg.header.type);
}
export function routeFlags(msg: RouteMessage): number {
  return flagsNum(RTM_FLAGS, msg.header.flags);
}
export function routeTable(msg: RouteMessage): number {
  return msg.attrs?.table !== undefined ? num(msg.attrs.table) : num(msg.header.table);
}
export function routeProtocol(msg: RouteMessage): number {
  return enumNum(RTPROT, msg.header.protocol);
}
export function routeScope(msg: RouteMessage): number {
  return enumNum(RT_SCOPE, msg.header.scope);
}

function addrBytes(text: string | MplsLabel[] | undefined, len: number): Uint8Array {
  const out = new Uint8Array(16);
  // MPLS label stacks (AF_MPLS dst) have no IP bytes to compare.
  if (typeof text !== 'string') return out;
  if (text.includes(':') && isIPv6(text)) {
    try {
      out.set(parseIPv6(text));
    } catch {
      /* keep zeros */
    }
  } else if (/^\d+\.\d+\.\d+\.\d+$/.test(text)) out.set(text.split('.').map(Number));
  // Like memcpy of (len+7)/8 bytes: bits beyond the length stay as sent.
  void len;
  return out;
}

function pfxSet(p: Prefix | undefined): p is Prefix {
  return !!p && (p.family !== 0 || (p.flags & PREFIXLEN_SPECIFIED) !== 0);
}

/** filter_nlmsg: does the route pass? */
export function routeMatches(msg: RouteMessage, ctx: FormatContext, filter: RouteFilter, state: RouteDumpState): boolean {
  const h = msg.header;
  const a = msg.attrs ?? {};
  const family = num(h.family);
  const table = routeTable(msg);
  const type = routeType(msg);
  const flags = routeFlags(msg);
  const dstLen = num(h.dstLen);
  const srcLen = num(h.srcLen);
  if (ctx.family !== 0 && family !== ctx.family) return false;
  if (family === AF_INET6 && table !== RT_TABLE_MAIN) state.ip6MultipleTables = true;
  if ((filter.cloned ?? 0) === (flags & RTM_F_CLONED ? 0 : 1)) return false;
  if (family === AF_INET6 && !state.ip6MultipleTables) {
    if (filter.tb) {
      if (filter.tb === RT_TABLE_LOCAL) {
        if (type !== RTN_LOCAL) return false;
      } else if (filter.tb === RT_TABLE_MAIN) {
        if (type === RTN_LOCAL) return false;
      } else return false;
    }
  } else if (filter.tb > 0 && filter.tb !== table) return false;
  if (((filter.protocol ?? 0) ^ routeProtocol(msg)) & (filter.protocolmask ?? 0)) return false;
  if (((filter.scope ?? 0) ^ routeScope(msg)) & (filter.scopemask ?? 0)) return false;
  if (filter.typemask && !(filter.typemask & (1 << type))) return false;
  if (((filter.tos ?? 0) ^ num(h.tos)) & (filter.tosmask ?? 0)) return false;
  const rdst = filter.rdst;
  if (rdst?.family) {
    if (family !== rdst.family || rdst.bitlen > dstLen) return false;
  } else if (rdst && rdst.flags & PREFIXLEN_SPECIFIED) {
    if (rdst.bitlen > dstLen) return false;
  }
  const mdst = filter.mdst;
  if (mdst?.family) {
    if (family !== mdst.family || (mdst.bitlen >= 0 && mdst.bitlen < dstLen)) return false;
  } else if (mdst && mdst.flags & PREFIXLEN_SPECIFIED) {
    if (mdst.bitlen >= 0 && mdst.bitlen < dstLen) return false;
  }
  const rsrc = filter.rsrc;
  if (rsrc?.family) {
    if (family !== rsrc.family || rsrc.bitlen > srcLen) return false;
  } else if (rsrc && rsrc.flags & PREFIXLEN_SPECIFIED) {
    if (rsrc.bitlen > srcLen) return false;
  }
  const msrc = filter.msrc;
  if (msrc?.family) {
    if (family !== msrc.family || (msrc.bitlen >= 0 && msrc.bitlen < srcLen)) return false;
  } else if (msrc && msrc.flags & PREFIXLEN_SPECIFIED) {
    if (msrc.bitlen >= 0 && msrc.bitlen < srcLen) return false;
  }
  if (filter.rvia?.family) {
    let fam = family;
    if (a.via) fam = num(a.via.family);
    if (fam !== filter.rvia.family) return false;
  }
  if (filter.rprefsrc?.family && family !== filter.rprefsrc.family) return false;
  // Address bytes only when a prefix filter needs them (the common unfiltered show skips this).
  if (pfxSet(rdst) || pfxSet(mdst)) {
    const dst = addrBytes(a.dst, dstLen);
    if (pfxSet(rdst) && !addrBitsEqual(dst, rdst.data, Math.max(0, rdst.bitlen))) return false;
    if (pfxSet(mdst) && !addrBitsEqual(dst, mdst.data, dstLen)) return false;
  }
  if (pfxSet(rsrc) || pfxSet(msrc)) {
    const src = addrBytes(a.src, srcLen);
    if (pfxSet(rsrc) && !addrBitsEqual(src, rsrc.data, Math.max(0, rsrc.bitlen))) return false;
    if (pfxSet(msrc) && msrc.bitlen >= 0 && !addrBitsEqual(src, msrc.data, srcLen)) return false;
  }
  if (filter.rvia?.family) {
    const via = addrBytes(a.gateway ?? a.via?.address, 0);
    if (filter.rvia.bitlen > 0 && !addrBitsEqual(via, filter.rvia.data, filter.rvia.bitlen)) return false;
  }
  if (filter.rprefsrc?.family) {
    const ps = addrBytes(a.prefsrc, 0);
    if (filter.rprefsrc.bitlen > 0 && !addrBitsEqual(ps, filter.rprefsrc.data, filter.rprefsrc.bitlen)) return false;
  }
  if (filter.realmmask) {
    const realms = a.flow !== undefined ? num(a.flow) : 0;
    if (((realms ^ (filter.realm ?? 0)) & filter.realmmask) >>> 0) return false;
  }
  if (filter.iifmask) {
    const iif = a.iif !== undefined ? num(a.iif) : 0;
    if ((iif ^ (filter.iif ?? 0)) & filter.iifmask) return false;
  }
  if (filter.oifmask) {
    const oif = a.oif !== undefined ? num(a.oif) : 0;
    if ((oif ^ (filter.oif ?? 0)) & filter.oifmask) return false;
  }
  if (filter.markmask) {
    const mark = a.mark !== undefined ? num(a.mark) : 0;
    if ((mark ^ (filter.mark ?? 0)) & filter.markmask) return false;
  }
  if (filter.metricmask) {
    const metric = a.priority !== undefined ? num(a.priority) : 0;
    if (((metric ^ (filter.metric ?? 0)) & filter.metricmask) >>> 0) return false;
  }
  if (filter.flushing && family === AF_INET6 && dstLen === 0 && type === RTN_UNREACHABLE && a.priority !== undefined && num(a.priority) >>> 0 === 0xffffffff) return false;
  return true;
}
