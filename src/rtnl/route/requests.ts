/**
 * Route request builders: pure functions returning the Request iproute2 6.1 sends for the same
 * `ip route` command (header defaults, flags, attributes). They take interface indexes, not
 * names. Metric values are the kernel's units (iproute2 converts rtt/rttvar/rto_min from ms).
 */
import type { Request } from '../../netlink/message.js';
import { NLM_F_ACK, NLM_F_APPEND, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_REPLACE, NLM_F_REQUEST } from '../../netlink/constants.js';
import { ValidationError } from '../../netlink/errors.js';
import {
  AF_INET,
  AF_INET6,
  AF_MPLS,
  AF_UNSPEC,
  ICMPV6_ROUTER_PREF,
  LWTUNNEL_ENCAP,
  RTAX_LOCK,
  RTM_DELROUTE,
  RTM_FLAGS,
  RTM_GETROUTE,
  RTM_NEWROUTE,
  RTN,
  RTPROT,
  RT_SCOPE,
  RT_TABLE_LOCAL,
  RT_TABLE_MAIN,
} from '../constants.js';
import type { RtnhFlag } from './multipath.js';
import { anyAddress, familyOf, parsePrefix } from './prefix.js';
import type { RouteAttrs, RouteEncapPair, RouteHeader, RouteMessage, RouteMetrics, RouteNexthop } from './schema.js';
import { routeTable } from './schema.js';
import type { MplsLabel, RtVia } from './wire.js';

type Named<E extends { name(v: number): unknown }> = Extract<ReturnType<E['name']>, string> | number;

/**
 * A route type (RTN_*) as `ip route` spells it (`unicast`, `local`, `blackhole`,
 * `unreachable`...).
 */
export type RouteTypeName = Named<typeof RTN>;
/** A route protocol (RTPROT_*) as `ip route` spells it (`kernel`, `boot`, `static`, `dhcp`...). */
export type RouteProtocolName = Named<typeof RTPROT>;
/** A route scope (RT_SCOPE_*) as `ip route` spells it (`global`, `link`, `host`...). */
export type RouteScopeName = Named<typeof RT_SCOPE>;
/** A route flag (RTM_F_* / RTNH_F_*) as `ip route` prints it (`onlink`, `offload`...). */
export type RouteFlagName = Named<typeof RTM_FLAGS>;
/** An IPv6 router preference (`pref low|medium|high`). */
export type RoutePrefName = Named<typeof ICMPV6_ROUTER_PREF>;
/**
 * A lightweight tunnel encapsulation (LWTUNNEL_ENCAP_*): `mpls`, `ip`, `ip6`, `seg6`, `seg6local`,
 * `bpf`, `ioam6`, `xfrm`...
 */
export type EncapTypeName = Named<typeof LWTUNNEL_ENCAP>;
/** A route metric (RTAX_*) that `lock` can apply to (`mtu`, `window`, `rtt`...). */
export type MetricName = Named<typeof RTAX_LOCK>;

/** A lightweight tunnel encapsulation: RTA_ENCAP_TYPE and the RTA_ENCAP payload (see encap.ts). */
export interface RouteEncapOptions {
  type: EncapTypeName;
  /** The encap's attributes, e.g. { dst: [100, 200] } for mpls, { srh: { mode: 'encap', segments } } for seg6. */
  data: Record<string, unknown> | Uint8Array;
}

/** One nexthop of a multipath route (`nexthop via GW dev IF weight W onlink`). */
export interface RouteNexthopOptions {
  gateway?: string;
  via?: RtVia;
  /** ifindex */
  dev?: number;
  /** 1..256 (rtnh_hops = weight - 1); default 1. */
  weight?: number;
  onlink?: boolean;
  /** More RTNH_F_* flags. */
  flags?: RtnhFlag[];
  /** RTA_FLOW (`realms`). */
  realm?: number;
  /** RTA_NEWDST (`as`, MPLS). */
  newdst?: MplsLabel[];
  encap?: RouteEncapOptions;
}

/** Route metrics (RTA_METRICS) as options; each is the raw RTAX_* value. */
export interface RouteMetricOptions {
  mtu?: number;
  advmss?: number;
  hoplimit?: number;
  window?: number;
  rtt?: number;
  rttvar?: number;
  ssthresh?: number;
  cwnd?: number;
  reordering?: number;
  initcwnd?: number;
  initrwnd?: number;
  rtoMin?: number;
  quickack?: number;
  features?: RouteMetrics['features'];
  ccAlgo?: string;
  fastopenNoCookie?: number;
  /** Metrics to lock (`mtu lock 1300` → lock: ['mtu']). */
  lock?: MetricName[];
}

/** `ip route add|del|replace|change|append ...` */
export interface RouteOptions extends RouteMetricOptions {
  /** AF_INET / AF_INET6 / AF_MPLS; default: from dst, gateway or the nexthops, else AF_INET. */
  family?: number;
  /** '10.0.0.0/24', '2001:db8::/64', 'default' (the default), or an MPLS label stack. */
  dst?: string | MplsLabel[];
  /** Source prefix (`from`): RTA_SRC + rtm_src_len. */
  src?: string;
  tos?: number;
  /** `via` */
  gateway?: string;
  /** RTA_VIA (gateway of another family, or MPLS). */
  via?: RtVia;
  /** Output interface index (RTA_OIF). */
  dev?: number;
  /** Input interface index (RTA_IIF). */
  iif?: number;
  /** Preferred source address (`src`): RTA_PREFSRC. */
  prefsrc?: string;
  /** Table id; < 256 goes in rtm_table, larger ids in RTA_TABLE with rtm_table 0. Default main (local for local/broadcast/anycast/nat). */
  table?: number;
  /** RTA_PRIORITY */
  metric?: number;
  /** Default 'boot' for add/replace/change/append, 'unspec' for delete. */
  protocol?: RouteProtocolName;
  /** Default as iproute2 decides it (link for a direct v4 unicast route, host for local...). */
  scope?: RouteScopeName;
  /** Default 'unicast' (add) / 'unspec' (delete). */
  type?: RouteTypeName;
  /** RTNH_F_ONLINK in rtm_flags. */
  onlink?: boolean;
  /** More rtm_flags. */
  flags?: RouteFlagName[];
  /** RTA_PREF (IPv6). */
  pref?: RoutePrefName;
  /** RTA_FLOW (`realm`). */
  realm?: number;
  /** RTA_EXPIRES (seconds, IPv6). */
  expires?: number;
  /** RTA_NH_ID */
  nhId?: number;
  /** RTA_NEWDST (`as`, MPLS). */
  newdst?: MplsLabel[];
  /** RTA_TTL_PROPAGATE (MPLS). */
  ttlPropagate?: boolean;
  encap?: RouteEncapOptions;
  /** Extra RTA_METRICS entries, merged with the metric options. */
  metrics?: RouteMetrics;
  /** Multipath nexthops (RTA_MULTIPATH). */
  nexthops?: RouteNexthopOptions[];
}

const ADD_FLAGS = NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE;
const REPLACE_FLAGS = NLM_F_REQUEST | NLM_F_ACK | NLM_F_REPLACE | NLM_F_CREATE;
const CHANGE_FLAGS = NLM_F_REQUEST | NLM_F_ACK | NLM_F_REPLACE;
const APPEND_FLAGS = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_APPEND;
const DELETE_FLAGS = NLM_F_REQUEST | NLM_F_ACK;
const DUMP_FLAGS = NLM_F_REQUEST | NLM_F_DUMP;

const METRIC_KEYS = [
  'mtu', 'advmss', 'hoplimit', 'window', 'rtt', 'rttvar', 'ssthresh', 'cwnd', 'reordering', 'initcwnd', 'initrwnd',
  'rtoMin', 'quickack', 'features', 'ccAlgo', 'fastopenNoCookie',
] as const;

function routeFamily(opts: RouteOptions): number {
  if (opts.family !== undefined) return opts.family;
  if (Array.isArray(opts.dst)) return AF_MPLS;
  for (const text of [opts.dst, opts.gateway, opts.prefsrc, opts.src, ...(opts.nexthops ?? []).map((n) => n.gateway)]) {
    const f = familyOf(text as string | undefined);
    if (f !== AF_UNSPEC) return f;
  }
  return AF_INET;
}

function tableSplit(table: number): { header: number; attr: number | undefined } {
  if (!Number.isInteger(table) || table < 0 || table > 0xffffffff) throw new ValidationError(`invalid table id ${table}`, 'table');
  return table < 256 ? { header: table, attr: undefined } : { header: 0, attr: table };
}

/**
 * The (encap, encapType) pair of a route's RTA_ENCAP / RTA_ENCAP_TYPE or a nexthop's NHA_ENCAP /
 * NHA_ENCAP_TYPE: the same LWTUNNEL_ENCAP_* selector and payloads (lwtunnel_build_state).
 */
export function encapPair(encap: RouteEncapOptions): RouteEncapPair {
  // `data` is checked by the encap's codec (chosen by the type when encoding), not here.
  return { encap: encap.data, encapType: LWTUNNEL_ENCAP.name(LWTUNNEL_ENCAP.value(encap.type)) } as RouteEncapPair;
}

/** RTA_ENCAP, then RTA_ENCAP_TYPE: the order lwt_parse_encap sends them in. */
function encapAttrs(encap: RouteEncapOptions | undefined, attrs: RouteAttrs): void {
  if (!encap) return;
  Object.assign(attrs, encapPair(encap));
}

function buildMetrics(opts: RouteOptions): RouteMetrics | undefined {
  const m: RouteMetrics = { ...(opts.metrics ?? {}) };
  for (const k of METRIC_KEYS) {
    const v = opts[k];
    if (v !== undefined) (m as Record<string, unknown>)[k] = v;
  }
  if (opts.lock?.length) m.lock = opts.lock;
  return Object.keys(m).length ? m : undefined;
}

function buildNexthops(nexthops: RouteNexthopOptions[]): RouteNexthop[] {
  return nexthops.map((nh, i) => {
    const weight = nh.weight ?? 1;
    if (!Number.isInteger(weight) || weight < 1 || weight > 256) throw new ValidationError(`nexthop ${i}: weight must be 1..256`, 'weight');
    const flags: RtnhFlag[] = [...(nh.onlink ? (['onlink'] as RtnhFlag[]) : []), ...(nh.flags ?? [])];
    const attrs: RouteAttrs = {};
    if (nh.gateway !== undefined) attrs.gateway = nh.gateway;
    if (nh.via !== undefined) attrs.via = nh.via;
    if (nh.realm !== undefined) attrs.flow = nh.realm;
    if (nh.newdst !== undefined) attrs.newdst = nh.newdst;
    encapAttrs(nh.encap, attrs);
    return { flags, hops: weight - 1, ifindex: nh.dev ?? 0, attrs };
  });
}

function canonicalName<N>(def: { name(v: number): N | number; value(n: string | number): number }, v: string | number): N | number {
  return def.name(def.value(v));
}

function defaultScope(family: number, type: number, del: boolean, direct: boolean): RouteScopeName {
  if (family === AF_INET6 || family === AF_MPLS) return 'global';
  if (type === RTN.value('local') || type === RTN.value('nat')) return 'host';
  if (type === RTN.value('broadcast') || type === RTN.value('multicast') || type === RTN.value('anycast')) return 'link';
  if (type === RTN.value('unicast') || type === RTN.value('unspec')) {
    if (del) return 'nowhere';
    return direct ? 'link' : 'global';
  }
  return del ? 'nowhere' : 'global';
}

/** The body of an add/replace/change/append/delete request. */
export function routeBody(opts: RouteOptions, del = false): RouteMessage {
  const family = routeFamily(opts);
  const type = RTN.value(opts.type ?? (del ? 'unspec' : 'unicast'));
  const attrs: RouteAttrs = {};
  let dstLen = 0;
  if (Array.isArray(opts.dst)) {
    attrs.dst = opts.dst;
    dstLen = 20;
  } else {
    const dst = parsePrefix(opts.dst ?? 'default', family === AF_MPLS ? AF_UNSPEC : family, 'dst');
    dstLen = dst.len;
    if (dst.address !== undefined) attrs.dst = dst.address;
    else if (family === AF_INET6) attrs.dst = anyAddress(family); // iproute2 -6 sends `default` as ::/0
  }
  let srcLen = 0;
  if (opts.src !== undefined) {
    const src = parsePrefix(opts.src, family, 'src');
    srcLen = src.len;
    if (src.address !== undefined) attrs.src = src.address;
  }
  if (opts.gateway !== undefined) attrs.gateway = opts.gateway;
  if (opts.via !== undefined) attrs.via = opts.via;
  if (opts.prefsrc !== undefined) attrs.prefsrc = opts.prefsrc;
  if (opts.metric !== undefined) attrs.priority = opts.metric;
  const localTable = type === RTN.value('local') || type === RTN.value('broadcast') || type === RTN.value('nat') || type === RTN.value('anycast');
  const table = tableSplit(opts.table ?? (localTable ? RT_TABLE_LOCAL : RT_TABLE_MAIN));
  if (table.attr !== undefined) attrs.table = table.attr;
  if (opts.pref !== undefined) attrs.pref = canonicalName(ICMPV6_ROUTER_PREF, opts.pref);
  if (opts.realm !== undefined) attrs.flow = opts.realm;
  if (opts.expires !== undefined) attrs.expires = opts.expires;
  encapAttrs(opts.encap, attrs);
  if (opts.newdst !== undefined) attrs.newdst = opts.newdst;
  if (opts.ttlPropagate !== undefined) attrs.ttlPropagate = opts.ttlPropagate ? 1 : 0;
  if (opts.nhId !== undefined) attrs.nhId = opts.nhId;
  if (opts.iif !== undefined) attrs.iif = opts.iif;
  if (opts.dev !== undefined) attrs.oif = opts.dev;
  const metrics = buildMetrics(opts);
  if (metrics) attrs.metrics = metrics;
  if (opts.nexthops?.length) attrs.multipath = buildNexthops(opts.nexthops);

  const direct = opts.gateway === undefined && opts.via === undefined && !opts.nexthops?.length && opts.nhId === undefined;
  const flags: RouteFlagName[] = [...(opts.onlink ? (['onlink'] as RouteFlagName[]) : []), ...(opts.flags ?? [])];
  const header: RouteHeader = {
    family,
    dstLen,
    srcLen,
    tos: opts.tos ?? 0,
    table: table.header,
    protocol: canonicalName(RTPROT, opts.protocol ?? (del ? 'unspec' : 'boot')),
    scope: canonicalName(RT_SCOPE, opts.scope ?? defaultScope(family, type, del, direct)),
    type: RTN.name(type),
    flags: flags.map((f) => canonicalName(RTM_FLAGS, f)),
  };
  return { header, attrs };
}

/** `ip route add`: RTM_NEWROUTE, REQUEST|ACK|EXCL|CREATE. */
export function routeAdd(opts: RouteOptions): Request<RouteMessage> {
  return { type: RTM_NEWROUTE, flags: ADD_FLAGS, body: routeBody(opts) };
}
/** `ip route replace`: RTM_NEWROUTE, REQUEST|ACK|REPLACE|CREATE. */
export function routeReplace(opts: RouteOptions): Request<RouteMessage> {
  return { type: RTM_NEWROUTE, flags: REPLACE_FLAGS, body: routeBody(opts) };
}
/** `ip route change`: RTM_NEWROUTE, REQUEST|ACK|REPLACE. */
export function routeChange(opts: RouteOptions): Request<RouteMessage> {
  return { type: RTM_NEWROUTE, flags: CHANGE_FLAGS, body: routeBody(opts) };
}
/** `ip route append`: RTM_NEWROUTE, REQUEST|ACK|CREATE|APPEND. */
export function routeAppend(opts: RouteOptions): Request<RouteMessage> {
  return { type: RTM_NEWROUTE, flags: APPEND_FLAGS, body: routeBody(opts) };
}
/**
 * `ip route prepend`: RTM_NEWROUTE, REQUEST|ACK|CREATE (neither EXCL nor APPEND nor REPLACE): IPv4
 * puts the new route before the others with the same key; IPv6 adds a nexthop to the route.
 */
export function routePrepend(opts: RouteOptions): Request<RouteMessage> {
  return { type: RTM_NEWROUTE, flags: NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE, body: routeBody(opts) };
}
/** `ip route del`: RTM_DELROUTE, REQUEST|ACK (protocol and type unspec, v4 scope nowhere, unless given). */
export function routeDelete(opts: RouteOptions): Request<RouteMessage> {
  return { type: RTM_DELROUTE, flags: DELETE_FLAGS, body: routeBody(opts, true) };
}

/** `ip route get ADDRESS [from SRC] [iif IF] [oif IF] [mark M] [uid U] [ipproto P] [sport N] [dport N] [fibmatch]` */
export interface RouteGetOptions {
  family?: number;
  /** Destination address (a prefix length, if any, becomes rtm_dst_len). */
  dst: string;
  /** `from` */
  src?: string;
  iif?: number;
  oif?: number;
  mark?: number;
  uid?: number;
  ipProto?: number;
  sport?: number;
  dport?: number;
  tos?: number;
  /** RTA_TABLE (lookup in a VRF's table). */
  table?: number;
  /** RTM_F_FIB_MATCH: return the matching FIB entry instead of the resolved route. */
  fibmatch?: boolean;
  /** RTM_F_LOOKUP_TABLE; iproute2 6.1 sets it for IPv4 lookups (the default here too). */
  lookupTable?: boolean;
}

/** `ip route get`: RTM_GETROUTE with flags REQUEST only; the kernel answers with one RTM_NEWROUTE. */
export function routeGet(opts: RouteGetOptions): Request<RouteMessage> {
  const family = opts.family ?? (familyOf(opts.dst) || AF_INET);
  const dst = parsePrefix(opts.dst, family, 'dst');
  const attrs: RouteAttrs = {};
  if (dst.address !== undefined) attrs.dst = dst.address;
  let srcLen = 0;
  if (opts.src !== undefined) {
    const src = parsePrefix(opts.src, family, 'src');
    srcLen = src.len;
    if (src.address !== undefined) attrs.src = src.address;
  }
  if (opts.table !== undefined) attrs.table = opts.table;
  if (opts.mark !== undefined) attrs.mark = opts.mark;
  if (opts.uid !== undefined) attrs.uid = opts.uid;
  if (opts.ipProto !== undefined) attrs.ipProto = opts.ipProto;
  if (opts.sport !== undefined) attrs.sport = opts.sport;
  if (opts.dport !== undefined) attrs.dport = opts.dport;
  if (opts.iif !== undefined) attrs.iif = opts.iif;
  if (opts.oif !== undefined) attrs.oif = opts.oif;
  const flags: RouteFlagName[] = [];
  if (opts.lookupTable ?? family === AF_INET) flags.push('lookup_table');
  if (opts.fibmatch) flags.push('fib_match');
  const header: RouteHeader = {
    family,
    dstLen: dst.len,
    srcLen,
    tos: opts.tos ?? 0,
    table: 0,
    protocol: 'unspec',
    scope: 'global',
    type: 'unspec',
    flags,
  };
  return { type: RTM_GETROUTE, flags: NLM_F_REQUEST, body: { header, attrs } };
}

/** `ip route show [table T] [proto P] [type T] [dev IF]` */
export interface RouteDumpOptions {
  /** AF_UNSPEC (default) for all families. */
  family?: number;
  /** Table id, or 'all'. iproute2 shows the main table by default; here no table means all. */
  table?: number | 'all';
  protocol?: RouteProtocolName;
  type?: RouteTypeName;
  /** RTA_OIF filter (ifindex). */
  dev?: number;
}

/** A dump request with its client-side filter (for answers the kernel did not filter). */
export interface DumpRequest<B> {
  request: Request<B>;
  /** Apply the filter client-side (for answers the kernel did not mark NLM_F_DUMP_FILTERED). */
  match(body: B): boolean;
}

/** Route dump (`ip route show`): RTM_GETROUTE, REQUEST|DUMP, with the kernel-side filters iproute2 sets. */
export function routeDump(opts: RouteDumpOptions = {}): DumpRequest<RouteMessage> {
  const family = opts.family ?? AF_UNSPEC;
  const table = opts.table === 'all' ? undefined : opts.table;
  const protocol = opts.protocol === undefined ? undefined : RTPROT.value(opts.protocol);
  const type = opts.type === undefined ? undefined : RTN.value(opts.type);
  const attrs: RouteAttrs = {};
  if (table !== undefined) attrs.table = table;
  if (opts.dev !== undefined) attrs.oif = opts.dev;
  const header: RouteHeader = {
    family,
    dstLen: 0,
    srcLen: 0,
    tos: 0,
    table: 0,
    protocol: RTPROT.name(protocol ?? 0),
    scope: 'global',
    type: RTN.name(type ?? 0),
    flags: [],
  };
  return {
    request: { type: RTM_GETROUTE, flags: DUMP_FLAGS, body: { header, attrs } },
    match(body) {
      if (family !== AF_UNSPEC && body.header.family !== family) return false;
      if (table !== undefined && routeTable(body) !== table) return false;
      if (protocol !== undefined && RTPROT.value(body.header.protocol) !== protocol) return false;
      if (type !== undefined && RTN.value(body.header.type) !== type) return false;
      if (opts.dev !== undefined) {
        const oif = body.attrs.oif;
        const viaNexthop = body.attrs.multipath?.some((nh) => nh.ifindex === opts.dev) ?? false;
        if (oif !== opts.dev && !viaNexthop) return false;
      }
      return true;
    },
  };
}

