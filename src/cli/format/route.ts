/**
 * Routes, as iproute2 6.1 prints them (ip/iproute.c print_route and helpers); which routes are
 * printed is route-filter.ts.
 */
import { ICMPV6_ROUTER_PREF, RTAX_FEATURE, RTAX_LOCK, RTNH_F } from '../../rtnl/constants.js';
import { enumNum, flagsNum, indexToName, num, type FormatContext } from './context.js';
import type { RouteAttrs, RouteMessage, RouteMetrics } from '../../rtnl/route/schema.js';
import { mplsText, printEncap } from './route-encap.js';
import { printRtaGateway, printRtaIfidx, printRtFlags } from './rt-common.js';
import { printNhInfo } from './nexthop.js';
import { AF_INET, AF_INET6, AF_MPLS, familyName, rtntypeN2a, rtprotN2a, rtrealmN2a, rtscopeN2a, rttableN2a, dsfieldN2a } from './names.js';
import { afBitLen } from './prefix.js';
import { PRINT_ANY, PRINT_FP, PRINT_JSON, Printer } from './printer.js';
import { sprintf } from './printf.js';
import { RT_TABLE_MAIN, RTN_UNICAST, RTN_MULTICAST, RTM_F_CLONED, RTPROT_BOOT } from '../../rtnl/constants.js';

export { RT_TABLE_MAIN, RT_TABLE_LOCAL, RTN_UNICAST, RTN_LOCAL, RTN_MULTICAST, RTN_UNREACHABLE, RTM_F_CLONED, RTPROT_BOOT } from '../../rtnl/constants.js';
export { routeFlags, routeMatches, routeProtocol, routeScope, routeTable, routeType, type RouteDumpState, type RouteFilter } from './route-filter.js';
import { routeFlags, routeMatches, routeProtocol, routeScope, routeTable, routeType, type RouteDumpState, type RouteFilter } from './route-filter.js';

function printRtPref(p: Printer, pref: number): void {
  switch (pref) {
    case 3:
      p.string(PRINT_ANY, 'pref', 'pref %s', 'low');
      break;
    case 0:
      p.string(PRINT_ANY, 'pref', 'pref %s', 'medium');
      break;
    case 1:
      p.string(PRINT_ANY, 'pref', 'pref %s', 'high');
      break;
    default:
      p.uint(PRINT_ANY, 'pref', '%u', pref);
  }
}

const CACHE_FLAGS: Array<[number, string]> = [
  [0x80000000, 'local'], [0x00200000, 'reject'], [0x20000000, 'mc'], [0x10000000, 'brd'], [0x00800000, 'dst-nat'],
  [0x00400000, 'src-nat'], [0x08000000, 'masq'], [0x04000000, 'dst-direct'], [0x00100000, 'src-direct'],
  [0x00040000, 'redirected'], [0x01000000, 'redirect'], [0x00080000, 'fastroute'], [0x00010000, 'notify'],
  [0x00020000, 'proxy'],
];

function printCacheFlags(p: Printer, flags: number): void {
  flags = (flags & ~0xffff) >>> 0;
  if (p.jw) {
    p.jw.name('cache');
    p.jw.startArray();
  } else {
    p.fp('%s    cache ', p.SL);
    if (flags === 0) return;
    p.fp('<');
  }
  for (const [bit, name] of CACHE_FLAGS) {
    if (flags & bit) {
      flags = (flags & ~bit) >>> 0;
      if (p.jw) p.jw.string(name);
      else p.fp('%s%s', name, flags ? ',' : '> ');
    }
  }
  if (flags) p.hex(PRINT_ANY, 'flags', '%x>', flags);
  if (p.jw) p.jw.endArray();
}

function printRtaCacheinfo(p: Printer, ctx: FormatContext, ci: NonNullable<RouteAttrs['cacheinfo']>): void {
  const hz = 100;
  const expires = num(ci.expires) | 0;
  if (expires !== 0) p.int(PRINT_ANY, 'expires', 'expires %dsec ', Math.trunc(expires / hz));
  if (num(ci.error) !== 0) p.uint(PRINT_ANY, 'error', 'error %u ', num(ci.error));
  if (ctx.stats) {
    if (num(ci.clntref)) p.uint(PRINT_ANY, 'users', 'users %u ', num(ci.clntref));
    if (num(ci.used) !== 0) p.uint(PRINT_ANY, 'used', 'used %u ', num(ci.used));
    if (num(ci.lastuse) !== 0) p.uint(PRINT_ANY, 'age', 'age %usec ', Math.trunc(num(ci.lastuse) / hz));
  }
  if (num(ci.id)) p.hex0x(PRINT_ANY, 'ipid', 'ipid 0x%04llx ', num(ci.id));
  if (num(ci.ts) || num(ci.tsage)) {
    p.hex0x(PRINT_ANY, 'ts', 'ts 0x%llx', num(ci.ts));
    p.uint(PRINT_ANY, 'tsage', 'tsage %usec ', num(ci.tsage));
  }
}

function printRtaFlow(p: Printer, flow: number): void {
  let to = flow >>> 0;
  const from = to >>> 16;
  to &= 0xffff;
  if (p.json) {
    p.openObject('flow');
    if (from) p.string(PRINT_JSON, 'from', null, rtrealmN2a(from));
    p.string(PRINT_JSON, 'to', null, rtrealmN2a(to));
    p.closeObject();
  } else {
    p.fp('realm%s ', from ? 's' : '');
    if (from) p.string(PRINT_FP, null, '%s/', rtrealmN2a(from));
    p.string(PRINT_FP, null, '%s ', rtrealmN2a(to));
  }
}


function printRtaNewdst(p: Printer, v: unknown): void {
  const newdst = mplsText(v);
  if (p.json) p.string(PRINT_JSON, 'to', null, newdst);
  else {
    p.fp('as to ');
    p.string(PRINT_FP, null, '%s ', newdst);
  }
}

function printRtaVia(p: Printer, via: NonNullable<RouteAttrs['via']>): void {
  const fam = num(via.family);
  if (p.json) {
    p.openObject('via');
    p.string(PRINT_JSON, 'family', null, familyName(fam));
    p.string(PRINT_JSON, 'host', null, String(via.address));
    p.closeObject();
  } else {
    p.string(PRINT_FP, null, 'via %s ', familyName(fam));
    p.string(PRINT_FP, null, '%s ', String(via.address));
  }
}

const MX_NAMES: Record<number, [keyof RouteMetrics, string]> = {
  2: ['mtu', 'mtu'], 3: ['window', 'window'], 4: ['rtt', 'rtt'], 5: ['rttvar', 'rttvar'], 6: ['ssthresh', 'ssthresh'],
  7: ['cwnd', 'cwnd'], 8: ['advmss', 'advmss'], 9: ['reordering', 'reordering'], 10: ['hoplimit', 'hoplimit'],
  11: ['initcwnd', 'initcwnd'], 12: ['features', 'features'], 13: ['rtoMin', 'rto_min'], 14: ['initrwnd', 'initrwnd'],
  15: ['quickack', 'quickack'], 16: ['ccAlgo', 'congctl'], 17: ['fastopenNoCookie', 'fastopen_no_cookie'],
};

function printRtaMetrics(p: Printer, m: NonNullable<RouteAttrs['metrics']>): void {
  p.openArray(PRINT_JSON, 'metrics');
  p.openObject(null);
  const mxlock = m.lock !== undefined ? flagsNum(RTAX_LOCK, m.lock) : 0;
  for (let i = 2; i <= 17; i++) {
    const [key, name] = MX_NAMES[i]!;
    const present = m[key] !== undefined;
    if (!present && !(mxlock & (1 << i))) continue;
    let val = 0;
    if (present && i !== 16) val = i === 12 ? flagsNum(RTAX_FEATURE, m[key]) : num(m[key]) >>> 0;
    if (i === 10 && (val | 0) === -1) continue;
    if (!p.json) {
      p.fp('%s ', name);
      if (mxlock & (1 << i)) p.fp('lock ');
    }
    switch (i) {
      case 12: {
        let features = val;
        if (features & 1) {
          p.null(PRINT_ANY, 'ecn', 'ecn ', null);
          features &= ~1;
        }
        if (features) p.hex0x(PRINT_ANY, 'features', '%#llx ', val);
        break;
      }
      case 4:
      case 5:
      case 13: {
        if (i === 4) val = Math.trunc(val / 8);
        else if (i === 5) val = Math.trunc(val / 4);
        if (p.json) p.uint(PRINT_JSON, name, null, val);
        else if (val >= 1000) p.fp('%gs ', val / 1e3);
        else p.fp('%ums ', val);
        break;
      }
      case 16:
        p.string(PRINT_ANY, 'congestion', '%s ', String(m[key] ?? ''));
        break;
      default:
        p.uint(PRINT_ANY, name, '%u ', val);
    }
  }
  p.closeObject();
  p.closeArray(PRINT_JSON, null);
}

function printRtaMultipath(p: Printer, ctx: FormatContext, msg: RouteMessage, nhs: NonNullable<RouteAttrs['multipath']>): void {
  const family = num(msg.header.family);
  const cloned = routeFlags(msg) & RTM_F_CLONED;
  const mcast = cloned && routeType(msg) === RTN_MULTICAST;
  let first = true;
  p.openArray(PRINT_JSON, 'nexthops');
  for (const nh of nhs) {
    p.openObject(null);
    if (mcast) {
      if (first) {
        p.string(PRINT_FP, null, 'Oifs: ', null);
        first = false;
      } else p.string(PRINT_FP, null, ' ', null);
    } else p.string(PRINT_FP, null, '%s\tnexthop ', p.SL);
    const t = nh.attrs ?? {};
    if (t.encap !== undefined) printEncap(p, t, ctx);
    if (t.newdst !== undefined) printRtaNewdst(p, t.newdst);
    if (t.gateway !== undefined) printRtaGateway(p, String(t.gateway));
    if (t.via !== undefined) printRtaVia(p, t.via);
    if (t.flow !== undefined) printRtaFlow(p, num(t.flow));
    const ifindex = num(nh.ifindex);
    if (mcast) {
      p.string(PRINT_ANY, 'dev', '%s', indexToName(ctx, ifindex));
      if (num(nh.hops) !== 1) p.int(PRINT_ANY, 'ttl', '(ttl>%d)', num(nh.hops));
      p.string(PRINT_FP, null, ' ', null);
    } else {
      p.string(PRINT_ANY, 'dev', 'dev %s ', indexToName(ctx, ifindex));
      if (family !== AF_MPLS) p.int(PRINT_ANY, 'weight', 'weight %d ', num(nh.hops) + 1);
    }
    printRtFlags(p, flagsNum(RTNH_F, nh.flags));
    p.closeObject();
  }
  p.closeArray(PRINT_JSON, null);
}

export interface RoutePrintOptions {
  deleted?: boolean;
  filter?: RouteFilter;
  state?: RouteDumpState;
}

/** print_route: returns false when filtered out. */
export function printRoute(p: Printer, msg: RouteMessage, ctx: FormatContext, opts: RoutePrintOptions = {}): boolean {
  const filter: RouteFilter = opts.filter ?? { tb: 0 };
  const h = msg.header;
  const a = msg.attrs ?? {};
  const family = num(h.family);
  const hostLen = afBitLen(family);
  const table = routeTable(msg);
  const type = routeType(msg);
  const flags = routeFlags(msg);
  const dstLen = num(h.dstLen);
  const srcLen = num(h.srcLen);
  if (!routeMatches(msg, ctx, filter, opts.state ?? { ip6MultipleTables: false })) return false;

  p.openObject(null);
  if (opts.deleted) p.bool(PRINT_ANY, 'deleted', 'Deleted ', true);
  if ((type !== RTN_UNICAST || ctx.details > 0) && (!filter.typemask || filter.typemask & (1 << type))) {
    p.string(PRINT_ANY, 'type', '%s ', rtntypeN2a(type));
  }
  let b1: string;
  if (a.dst !== undefined) {
    b1 = dstLen !== hostLen ? `${mplsOrAddr(a.dst)}/${dstLen}` : mplsOrAddr(a.dst);
  } else if (dstLen) b1 = sprintf('0/%d ', dstLen);
  else b1 = 'default';
  p.string(PRINT_ANY, 'dst', '%s ', b1);
  if (a.src !== undefined) {
    b1 = srcLen !== hostLen ? `${mplsOrAddr(a.src)}/${srcLen}` : mplsOrAddr(a.src);
    p.string(PRINT_ANY, 'from', 'from %s ', b1);
  } else if (srcLen) {
    p.string(PRINT_ANY, 'src', 'from %s ', sprintf('0/%u', srcLen));
  }
  if (a.nhId !== undefined) p.uint(PRINT_ANY, 'nhid', 'nhid %u ', num(a.nhId));
  if (a.newdst !== undefined) printRtaNewdst(p, a.newdst);
  if (a.encap !== undefined) printEncap(p, a, ctx);
  const tos = num(h.tos);
  if (tos && filter.tosmask !== -1) p.string(PRINT_ANY, 'tos', 'tos %s ', dsfieldN2a(tos));
  if (a.gateway !== undefined && filter.rvia?.bitlen !== hostLen) printRtaGateway(p, String(a.gateway));
  if (a.via !== undefined) printRtaVia(p, a.via);
  if (a.oif !== undefined && filter.oifmask !== -1) printRtaIfidx(p, ctx, num(a.oif), 'dev');
  if (table && (table !== RT_TABLE_MAIN || ctx.details > 0) && !filter.tb) p.string(PRINT_ANY, 'table', 'table %s ', rttableN2a(table));
  if (!(flags & RTM_F_CLONED)) {
    const proto = routeProtocol(msg);
    if ((proto !== RTPROT_BOOT || ctx.details > 0) && filter.protocolmask !== -1) p.string(PRINT_ANY, 'protocol', 'proto %s ', rtprotN2a(proto));
    const scope = routeScope(msg);
    if ((scope !== 0 || ctx.details > 0) && filter.scopemask !== -1) p.string(PRINT_ANY, 'scope', 'scope %s ', rtscopeN2a(scope));
  }
  if (a.prefsrc !== undefined && filter.rprefsrc?.bitlen !== hostLen) {
    const psrc = String(a.prefsrc);
    if (p.json) p.string(PRINT_JSON, 'prefsrc', null, psrc);
    else {
      p.fp('src ');
      p.string(PRINT_FP, null, '%s ', psrc);
    }
  }
  if (a.priority !== undefined && filter.metricmask !== -1) p.uint(PRINT_ANY, 'metric', 'metric %u ', num(a.priority));
  printRtFlags(p, flags);
  if (a.mark !== undefined) {
    const mark = num(a.mark) >>> 0;
    if (mark) {
      if (p.json) p.uint(PRINT_JSON, 'mark', null, mark);
      else if (mark >= 16) p.hex0x(PRINT_FP, null, 'mark 0x%llx ', mark);
      else p.uint(PRINT_FP, null, 'mark %u ', mark);
    }
  }
  if (a.flow !== undefined && filter.realmmask !== 0xffffffff) printRtaFlow(p, num(a.flow));
  if (a.uid !== undefined) p.uint(PRINT_ANY, 'uid', 'uid %u ', num(a.uid));
  if (family === AF_INET) {
    if (flags & RTM_F_CLONED) printCacheFlags(p, flags);
    if (a.cacheinfo !== undefined) printRtaCacheinfo(p, ctx, a.cacheinfo);
  } else if (family === AF_INET6) {
    if (a.cacheinfo !== undefined) printRtaCacheinfo(p, ctx, a.cacheinfo);
  }
  if (a.metrics !== undefined) printRtaMetrics(p, a.metrics);
  if (a.iif !== undefined && filter.iifmask !== -1) printRtaIfidx(p, ctx, num(a.iif), 'iif');
  if (a.pref !== undefined) printRtPref(p, enumNum(ICMPV6_ROUTER_PREF, a.pref));
  if (a.ttlPropagate !== undefined) {
    const propagate = !!num(a.ttlPropagate);
    if (p.json) p.bool(PRINT_JSON, 'ttl-propogate', null, propagate);
    else p.string(PRINT_FP, null, 'ttl-propogate %s', propagate ? 'enabled' : 'disabled');
  }
  // print_cache_nexthop_id: with -d, the nexthop object a route names (ipnh_cache), before the
  // multipath list the kernel expands from it.
  if (a.nhId !== undefined && ctx.details > 0) printNhInfo(p, ctx, num(a.nhId));
  if (a.multipath !== undefined) printRtaMultipath(p, ctx, msg, a.multipath);
  p.string(PRINT_FP, null, '\n', null);
  p.closeObject();
  return true;
}

function mplsOrAddr(v: unknown): string {
  return Array.isArray(v) ? mplsText(v) : String(v);
}

/** One route as iproute2's JSON object. */
export function routeToJson(msg: RouteMessage, ctx: FormatContext, opts: RoutePrintOptions = {}): unknown {
  const p = new Printer({ json: true });
  printRoute(p, msg, ctx, opts);
  return p.jsonValue();
}
export function routeToText(msg: RouteMessage, ctx: FormatContext, opts: RoutePrintOptions = {}): string {
  const p = new Printer({ json: false });
  printRoute(p, msg, ctx, opts);
  return p.take();
}

export { AF_INET6 };
