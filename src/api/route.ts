/**
 * `handle.route`: routes (`ip route ...`).
 *
 *   await h.route.add({ dst: '10.1.0.0/16', via: '10.0.0.254' });
 *   await h.route.add({ dst: 'default', dev: 'veth1', table: 100, metric: 10 });
 *   await h.route.add({ dst: '192.0.2.0/24', type: 'blackhole' });
 */
import { NetlinkError, NotFoundError, ValidationError } from '../netlink/errors.js';
import { setKeyOrder } from '../netlink/codec.js';
import type { Request } from '../netlink/message.js';
import { NLM_F_ACK, NLM_F_REQUEST } from '../netlink/constants.js';
import { RTM_DELROUTE, RT_TABLE } from '../rtnl/constants.js';
import {
  routeAdd, routeAppend, routePrepend, routeChange, routeDelete, routeDump, routeGet, routeReplace,
  type RouteMetricOptions, type RouteOptions as RtnlRouteOptions, type RouteProtocolName, type RouteScopeName,
  type RouteTypeName, type RouteEncapOptions, type RouteFlagName, type RoutePrefName,
} from '../rtnl/route/requests.js';
import { routeTable, type RouteMessage } from '../rtnl/route/schema.js';
import { countDeleted, createUnlessExists, stableJson, type Core, type IfindexResolver } from './core.js';
import type { LinkApi } from './link.js';
import { checkInt, checkKeys, parseAddress, parseCidr } from '../rtnl/validate.js';
import { routeView, type Route } from './views.js';

/** A table id, or a reserved name: 'main' (254), 'local' (255), 'default' (253). */
export type TableRef = number | 'main' | 'local' | 'default';

/** One nexthop of a multipath route (`ip route add P nexthop via G dev D weight W ...`). */
export interface RouteNexthop {
  /** Gateway address (`via`); one of the other family goes in RTA_VIA (`via inet6 ADDR` in an IPv4 route). Same name as the view's. */
  gateway?: string;
  /** iproute2's word for `gateway`. */
  via?: string;
  dev?: string | number;
  /** 1..256 */
  weight?: number;
  onlink?: boolean;
  /** `realms [SRC/]DST` of this nexthop (RTA_FLOW): raw `SRC << 16 | DST`. */
  realm?: number;
  /** This nexthop's lightweight tunnel encapsulation. */
  encap?: RouteEncap;
}

/**
 * The tunnel metadata of `encap ip ...` (LWTUNNEL_ENCAP_IP): what a collect-metadata
 * (`external`) tunnel device uses for the packets routed here. Attributes are sent in the order
 * the keys are given (as `ip` sends them in command-line order); the flags last.
 */
export interface IpEncap {
  type: 'ip';
  /** `id ID`: the tunnel key (VNI, GRE key...), LWTUNNEL_IP_ID (be64). */
  id?: number | bigint;
  /** `dst ADDR`: the outer destination (IPv4). */
  dst?: string;
  /** `src ADDR`: the outer source (IPv4). */
  src?: string;
  /** `ttl N`: outer TTL, 0..255. */
  ttl?: number;
  /** `tos N`: outer TOS, 0..255. */
  tos?: number;
  /** `key`: TUNNEL_KEY. */
  key?: boolean;
  /** `csum`: TUNNEL_CSUM. */
  csum?: boolean;
  /** `seq`: TUNNEL_SEQ. */
  seq?: boolean;
}

/** `encap ip6 ...` (LWTUNNEL_ENCAP_IP6): the IPv6 form of {@link IpEncap}. */
export interface Ip6Encap {
  type: 'ip6';
  /** `id ID`: the tunnel key, LWTUNNEL_IP6_ID (be64). */
  id?: number | bigint;
  /** `dst ADDR`: the outer destination (IPv6). */
  dst?: string;
  /** `src ADDR`: the outer source (IPv6). */
  src?: string;
  /** `hoplimit N`: outer hop limit, 0..255. */
  hoplimit?: number;
  /** `tc N`: outer traffic class, 0..255. */
  tc?: number;
  /** `key`: TUNNEL_KEY. */
  key?: boolean;
  /** `csum`: TUNNEL_CSUM. */
  csum?: boolean;
  /** `seq`: TUNNEL_SEQ. */
  seq?: boolean;
}

/** `encap xfrm if_id N [link_dev DEV]` (LWTUNNEL_ENCAP_XFRM, an xfrm interface in collect-md mode). */
export interface XfrmEncap {
  type: 'xfrm';
  /** `if_id N`: the xfrm interface id (LWT_XFRM_IF_ID), 1..2^32-1. */
  ifId: number;
  /** `link_dev DEV`: the underlying device (LWT_XFRM_LINK), name or ifindex. */
  linkDev?: string | number;
}

/**
 * A lightweight tunnel encapsulation (`encap mpls 100/200 [ttl N]`, `encap seg6 mode encap segs
 * A,B [hmac K]`, `encap ip id 5 dst A`, `encap ip6 ...`, `encap xfrm if_id N`), or any type as
 * raw RTA_ENCAP attributes (`{ type, data }`, see src/rtnl/route/encap.ts). Whether the kernel
 * takes it depends on its config (MPLS_IPTUNNEL, IPV6_SEG6_LWTUNNEL, XFRM_INTERFACE...).
 */
export type RouteEncap =
  | { type: 'mpls'; labels: number[]; ttl?: number }
  | { type: 'seg6'; mode: 'inline' | 'encap' | 'l2encap' | 'encap.red' | 'l2encap.red'; segs: string[]; hmac?: number }
  | IpEncap
  | Ip6Encap
  | XfrmEncap
  | RouteEncapOptions;

/** `ip route add|replace|change|append|del [TYPE] PREFIX [via GW] [dev IF] [table T] [metric N] ...` */
export interface RouteOptions extends RouteMetricOptions {
  /** 'default', '10.0.0.0/24', '2001:db8::/64', or a host address. */
  dst: string;
  /** Gateway (RTA_GATEWAY, `via GW`): the same name as `Route.gateway`. */
  gateway?: string;
  /** iproute2's word for `gateway` (give one of the two). */
  via?: string;
  /** Output device (name or ifindex). */
  dev?: string | number;
  /** Preferred source address (RTA_PREFSRC, `src ADDR`): the same name as `Route.prefsrc`. */
  prefsrc?: string;
  /** iproute2's word for `prefsrc` (give one of the two). */
  src?: string;
  /** Source prefix (`from`, IPv6 source routing). */
  from?: string;
  table?: TableRef;
  metric?: number;
  protocol?: RouteProtocolName;
  scope?: RouteScopeName;
  /** 'unicast' (default), 'blackhole', 'unreachable', 'prohibit', 'local', 'throw'... */
  type?: RouteTypeName;
  onlink?: boolean;
  tos?: number;
  pref?: RoutePrefName;
  realm?: number;
  expires?: number;
  encap?: RouteEncap;
  /** `nhid ID`: use nexthop object ID (`ip nexthop`) instead of via/dev/nexthops. */
  nhid?: number;
  /** `ttl-propagate enabled|disabled` (RTA_TTL_PROPAGATE; MPLS routes). */
  ttlPropagate?: boolean;
  flags?: RouteFlagName[];
  /** Multipath (`nexthop via A dev X weight 1 nexthop via B ...`). */
  nexthops?: RouteNexthop[];
  /** 4 or 6 when `dst` is 'default' (default 4, or the family of `via`). */
  family?: 4 | 6;
}

/**
 * Filters of `handle.route.list()`, as `ip route show [table T] [proto P] [type T] [dev D]` takes
 * them.
 */
export interface RouteListOptions {
  /** Default 'main' (like `ip route show`); 'all' for every table. */
  table?: TableRef | 'all';
  /** Default 4, like `ip route show` (IPv4); 6 for `ip -6 route show`; 'all' for both (`ip -0`). */
  family?: 4 | 6 | 'all';
  protocol?: RouteProtocolName;
  type?: RouteTypeName;
  dev?: string | number;
  /** Any other client-side predicate. */
  filter?: (r: Route) => boolean;
}

/**
 * The lookup `ip route get ADDRESS [from S] [iif D] [oif D] [mark M] [uid U] [fibmatch] ...`
 * describes.
 */
export interface RouteGetOptions {
  from?: string;
  iif?: string | number;
  oif?: string | number;
  mark?: number;
  uid?: number;
  fibmatch?: boolean;
  /** `tos T` / `dsfield T`: the rtm_tos of the lookup. */
  tos?: number;
  /** `ipproto P` (RTA_IP_PROTO), a protocol number: what policy rules with ipproto / sport / dport match on. */
  ipProto?: number;
  /** `sport N` (RTA_SPORT). */
  sport?: number;
  /** `dport N` (RTA_DPORT). */
  dport?: number;
}

/**
 * The number of a routing table: a number (0..2^32-1) as is, `main` 254, `local` 255, `default`
 * 253; ValidationError (naming `field`) for anything else.
 */
export function tableId(t: TableRef, field = 'table'): number {
  if (typeof t === 'number') {
    checkInt(t, field, 0, 0xffffffff);
    return t;
  }
  if (t === 'main' || t === 'local' || t === 'default') return RT_TABLE.value(t);
  throw new ValidationError(`${field}: table id or 'main' / 'local' / 'default' expected, got ${JSON.stringify(t)}`, field);
}

const AF = { 4: 2, 6: 10 } as const;

const SEG6_MODES = ['inline', 'encap', 'l2encap', 'encap.red', 'l2encap.red'];

/** The RTA_ENCAP attributes iproute2 sends for an encap (parse_encap_mpls / parse_encap_seg6). */
export function encapOptions(e: RouteEncap, field: string, defer: (lookup: (resolve: IfindexResolver) => Promise<void>) => void): RouteEncapOptions {
  if (typeof e !== 'object' || e === null) throw new ValidationError(`${field}: encap options expected`, field);
  if ('data' in e) return e;
  if (e.type === 'mpls') {
    if (!Array.isArray(e.labels) || e.labels.length === 0) throw new ValidationError(`${field}.labels: a non-empty label stack expected`, `${field}.labels`);
    for (const l of e.labels) checkInt(l, `${field}.labels`, 0, 0xfffff);
    const data: Record<string, unknown> = { dst: [...e.labels] };
    if (e.ttl !== undefined) {
      checkInt(e.ttl, `${field}.ttl`, 0, 255);
      data.ttl = e.ttl;
    }
    return { type: 'mpls', data };
  }
  if (e.type === 'seg6') {
    const mode = SEG6_MODES.indexOf(e.mode);
    if (mode < 0) throw new ValidationError(`${field}.mode: one of ${SEG6_MODES.join(', ')}`, `${field}.mode`);
    if (!Array.isArray(e.segs) || e.segs.length === 0) throw new ValidationError(`${field}.segs: a non-empty segment list expected`, `${field}.segs`);
    const segs = e.segs.map((x) => {
      const a = parseAddress(x, `${field}.segs`);
      if (a.family !== 6) throw new ValidationError(`${field}.segs: IPv6 addresses expected, got ${JSON.stringify(x)}`, `${field}.segs`);
      return a.address;
    });
    const srh: Record<string, unknown> = { mode: SEG6_MODES[mode], segments: wireSegments(segs, mode === 0) };
    if (e.hmac !== undefined && e.hmac !== 0) {
      checkInt(e.hmac, `${field}.hmac`, 0, 0xffffffff);
      const tlv = new Uint8Array(40);
      tlv[0] = 5; // SR6_TLV_HMAC
      tlv[1] = 38;
      new DataView(tlv.buffer).setUint32(4, e.hmac >>> 0, false);
      srh.flags = ['hmac'];
      srh.tlvs = tlv;
    }
    return { type: 'seg6', data: { srh } };
  }
  if (e.type === 'ip' || e.type === 'ip6') return ipEncapOptions(e, field);
  if (e.type === 'xfrm') {
    checkKeys(e, ['type', 'ifId', 'linkDev'], 'route encap xfrm', `${field}.`);
    checkInt(e.ifId, `${field}.ifId`, 1, 0xffffffff);
    const data: Record<string, unknown> = { ifId: e.ifId };
    if (e.linkDev !== undefined) {
      const dev = e.linkDev;
      data.link = 0;
      defer(async (resolve) => void (data.link = await resolve.index(dev, `${field}.linkDev`)));
    }
    return { type: 'xfrm', data };
  }
  throw new ValidationError(`${field}.type: 'mpls', 'seg6', 'ip', 'ip6', 'xfrm', or { type, data } for others`, `${field}.type`);
}

/** TUNNEL_KEY, TUNNEL_CSUM, TUNNEL_SEQ (linux/if_tunnel.h, be16 on the wire) by option name. */
const TUNNEL_FLAG = { csum: 0x01, key: 0x04, seq: 0x08 } as const;

/** parse_encap_ip / parse_encap_ip6: attributes in the order of the keys given, the flags last. */
function ipEncapOptions(e: IpEncap | Ip6Encap, field: string): RouteEncapOptions {
  const v6 = e.type === 'ip6';
  const byte = v6 ? (['hoplimit', 'tc'] as const) : (['ttl', 'tos'] as const);
  checkKeys(e, ['type', 'id', 'dst', 'src', ...byte, 'key', 'csum', 'seq'], `route encap ${e.type}`, `${field}.`);
  const data: Record<string, unknown> = {};
  let flags = 0;
  for (const [key, value] of Object.entries(e)) {
    if (value === undefined || key === 'type') continue;
    const at = `${field}.${key}`;
    if (key === 'id') {
      const id = typeof value === 'bigint' ? value : typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? BigInt(value) : -1n;
      if (id < 0n || id > 0xffffffffffffffffn) throw new ValidationError(`${at}: an unsigned 64-bit integer expected, got ${String(value)}`, at);
      data.id = id;
    } else if (key === 'dst' || key === 'src') {
      const a = parseAddress(value as string, at);
      if (a.family !== (v6 ? 6 : 4)) throw new ValidationError(`${at}: an IPv${v6 ? 6 : 4} address expected, got ${JSON.stringify(value)}`, at);
      data[key] = a.address;
    } else if (key === 'key' || key === 'csum' || key === 'seq') {
      if (typeof value !== 'boolean') throw new ValidationError(`${at}: true or false expected`, at);
      if (value) flags |= TUNNEL_FLAG[key];
    } else {
      checkInt(value, at, 0, 255);
      data[key] = value;
    }
  }
  if (flags) data.flags = flags;
  return { type: e.type, data: setKeyOrder(data, Object.keys(data)) };
}

/** parse_srh: segments[first_segment] is the first hop; inline mode leaves segments[0] zero. */
function wireSegments(segs: string[], inline: boolean): string[] {
  return [...(inline ? ['::'] : []), ...[...segs].reverse()];
}

/** Every key of RouteOptions (unknown keys are a ValidationError naming the closest). */
const ROUTE_KEYS = [
  'dst', 'gateway', 'via', 'dev', 'prefsrc', 'src', 'from', 'table', 'metric', 'protocol', 'scope', 'type', 'onlink', 'tos', 'pref',
  'realm', 'expires', 'encap', 'nhid', 'ttlPropagate', 'flags', 'nexthops', 'family', 'mtu', 'advmss', 'hoplimit', 'window', 'rtt',
  'rttvar', 'ssthresh', 'cwnd', 'reordering', 'initcwnd', 'initrwnd', 'rtoMin', 'quickack', 'features', 'ccAlgo', 'fastopenNoCookie', 'lock',
] as const satisfies ReadonlyArray<keyof RouteOptions>;
const NEXTHOP_KEYS = ['gateway', 'via', 'dev', 'weight', 'onlink', 'realm', 'encap'] as const satisfies ReadonlyArray<keyof RouteNexthop>;

/** One name for each field: `gateway` / `via` and `prefsrc` / `src` are the same option. */
function normalizeRoute(o: RouteOptions): RouteOptions & { via?: string; src?: string } {
  if (typeof o !== 'object' || o === null) throw new ValidationError('route options expected');
  checkKeys(o, ROUTE_KEYS, `route ${String(o.dst)}`);
  const out = { ...o };
  if (o.gateway !== undefined) {
    if (o.via !== undefined && o.via !== o.gateway) throw new ValidationError('gateway and via name the same field; give one', 'via');
    out.via = o.gateway;
  }
  if (o.prefsrc !== undefined) {
    if (o.src !== undefined && o.src !== o.prefsrc) throw new ValidationError('prefsrc and src name the same field; give one', 'src');
    out.src = o.prefsrc;
  }
  return out;
}

function normalizeNexthop(nh: RouteNexthop, i: number): RouteNexthop {
  if (typeof nh !== 'object' || nh === null) throw new ValidationError(`nexthops[${i}]: nexthop options expected`, `nexthops[${i}]`);
  checkKeys(nh, NEXTHOP_KEYS, 'nexthop', `nexthops[${i}].`);
  if (nh.gateway === undefined) return nh;
  if (nh.via !== undefined && nh.via !== nh.gateway) throw new ValidationError('gateway and via name the same field; give one', `nexthops[${i}].via`);
  return { ...nh, via: nh.gateway };
}

/**
 * Routes of a handle's namespace (`handle.route`): `ip route
 * add|change|replace|append|del|show|flush|get`. Changes need CAP_NET_ADMIN; errors are
 * ValidationError, NotFoundError or NetlinkError (e.g. EEXIST for an existing route, ESRCH for a
 * missing one).
 */
export class RouteApi {
  constructor(private readonly core: Core, private readonly links: LinkApi) {}

  async #build(options: RouteOptions, resolve: IfindexResolver): Promise<RtnlRouteOptions> {
    const o = normalizeRoute(options);
    let family: number | undefined = o.family !== undefined ? AF[o.family] : undefined;
    if (o.family !== undefined && family === undefined) throw new ValidationError('family must be 4 or 6', 'family');
    if (o.dst !== 'default') {
      const c = parseCidr(o.dst, 'dst');
      family ??= AF[c.family];
      if (AF[c.family] !== family) throw new ValidationError(`dst ${o.dst} is not IPv${o.family}`, 'dst');
    }
    if (o.via !== undefined) {
      const v = parseAddress(o.via, 'via');
      family ??= AF[v.family];
    }
    if (o.src !== undefined) parseAddress(o.src, 'src');
    if (o.from !== undefined) parseCidr(o.from, 'from');
    if (o.metric !== undefined) checkInt(o.metric, 'metric', 0, 0xffffffff);
    const r: RtnlRouteOptions = { dst: o.dst };
    // Device names are looked up (a request to the kernel) only after every other field has been
    // validated: bad input is a ValidationError before anything is sent. The placeholders keep
    // the fields' order.
    const lookups: Array<() => Promise<void>> = [];
    if (family !== undefined) r.family = family;
    if (o.via !== undefined) {
      const v = parseAddress(o.via, 'via');
      if (family !== undefined && AF[v.family] !== family) r.via = { family: AF[v.family], address: v.address };
      else r.gateway = v.address;
    }
    if (o.dev !== undefined) {
      const dev = o.dev;
      r.dev = 0;
      lookups.push(async () => void (r.dev = await resolve.index(dev, 'dev')));
    }
    if (o.src !== undefined) r.prefsrc = o.src;
    if (o.from !== undefined) r.src = o.from;
    if (o.table !== undefined) r.table = tableId(o.table);
    if (o.metric !== undefined) r.metric = o.metric;
    if (o.protocol !== undefined) r.protocol = o.protocol;
    if (o.scope !== undefined) r.scope = o.scope;
    if (o.type !== undefined) r.type = o.type;
    if (o.onlink !== undefined) r.onlink = o.onlink;
    if (o.tos !== undefined) r.tos = o.tos;
    if (o.pref !== undefined) r.pref = o.pref;
    if (o.realm !== undefined) r.realm = o.realm;
    if (o.expires !== undefined) r.expires = o.expires;
    if (o.encap !== undefined) r.encap = encapOptions(o.encap, 'encap', (lookup) => lookups.push(() => lookup(resolve)));
    if (o.nhid !== undefined) {
      checkInt(o.nhid, 'nhid', 1, 0xffffffff);
      r.nhId = o.nhid;
    }
    if (o.ttlPropagate !== undefined) r.ttlPropagate = !!o.ttlPropagate;
    if (o.flags !== undefined) r.flags = o.flags;
    for (const k of ['mtu', 'advmss', 'hoplimit', 'window', 'rtt', 'rttvar', 'ssthresh', 'cwnd', 'reordering', 'initcwnd', 'initrwnd', 'rtoMin', 'quickack', 'features', 'ccAlgo', 'fastopenNoCookie', 'lock'] as const) {
      if (o[k] !== undefined) (r as Record<string, unknown>)[k] = o[k];
    }
    if (o.nexthops !== undefined) {
      if (!Array.isArray(o.nexthops) || o.nexthops.length === 0) throw new ValidationError('nexthops must be a non-empty array', 'nexthops');
      r.nexthops = [];
      for (const [i, given] of o.nexthops.entries()) {
        const nh = normalizeNexthop(given, i);
        const n: NonNullable<RtnlRouteOptions['nexthops']>[number] = {};
        if (nh.via !== undefined) {
          const v = parseAddress(nh.via, `nexthops[${i}].via`);
          r.family ??= AF[v.family];
          if (AF[v.family] !== r.family) n.via = { family: AF[v.family], address: v.address };
          else n.gateway = v.address;
        }
        if (nh.realm !== undefined) {
          checkInt(nh.realm, `nexthops[${i}].realm`, 0, 0xffffffff);
          n.realm = nh.realm;
        }
        if (nh.encap !== undefined) n.encap = encapOptions(nh.encap, `nexthops[${i}].encap`, (lookup) => lookups.push(() => lookup(resolve)));
        if (nh.dev !== undefined) {
          const dev = nh.dev;
          n.dev = 0;
          lookups.push(async () => void (n.dev = await resolve.index(dev, `nexthops[${i}].dev`)));
        }
        if (nh.weight !== undefined) {
          checkInt(nh.weight, `nexthops[${i}].weight`, 1, 256);
          n.weight = nh.weight;
        }
        if (nh.onlink) n.onlink = true;
        r.nexthops.push(n);
      }
    }
    for (const lookup of lookups) await lookup();
    return r;
  }

  async #send(build: (o: RtnlRouteOptions) => Request, o: RouteOptions): Promise<void> {
    const r = await this.#build(o, this.links.resolver());
    await this.core.request(build(r));
  }

  /** `ip route add ...`: EEXIST when an equal route exists. */
  add(options: RouteOptions): Promise<void> {
    return this.#send(routeAdd, options);
  }
  /** `ip route replace ...` (add or replace). */
  replace(options: RouteOptions): Promise<void> {
    return this.#send(routeReplace, options);
  }
  /** `ip route change ...` (the route must exist). */
  change(options: RouteOptions): Promise<void> {
    return this.#send(routeChange, options);
  }
  /** `ip route append ...` (another route with the same key, e.g. an IPv6 nexthop). */
  append(options: RouteOptions): Promise<void> {
    return this.#send(routeAppend, options);
  }
  /**
   * `ip route prepend ...`: NLM_F_CREATE without EXCL: an IPv4 route goes before the others with
   * the same key (dst, table, tos, metric); for IPv6 the kernel adds it as another nexthop.
   */
  prepend(options: RouteOptions): Promise<void> {
    return this.#send(routePrepend, options);
  }
  /**
   * Converges: afterwards the route with this key (dst, table, metric, tos) is the one asked for.
   * `ip route add ...` when there is none; when one exists and differs (another gateway, device,
   * type, source...), `ip route replace ...`; when it is already as asked, nothing is sent.
   * Resolves true when something was changed. (A retried CNI ADD with a new gateway ends with
   * the new gateway.)
   */
  async ensure(options: RouteOptions): Promise<boolean> {
    if (await createUnlessExists(() => this.add(options))) return true;
    const wanted = await this.#build(options, this.links.resolver());
    const existing = await this.#sameKey(wanted);
    if (existing.length === 1 && routeMatches(existing[0]!, wanted)) return false;
    await this.replace(options);
    return true;
  }

  /** The routes with the key of `r` (family, dst, table, metric, tos), as the kernel holds them. */
  async #sameKey(r: RtnlRouteOptions): Promise<RouteMessage[]> {
    const probe = routeAdd(r).body as RouteMessage;
    const h = probe.header;
    const dump = routeDump({ table: routeTable(probe), family: h.family });
    const bodies = await this.core.dump<RouteMessage>(dump.request, { match: (b) => dump.match(b) });
    return bodies.filter(
      (b) =>
        b.header.dstLen === h.dstLen && b.header.tos === h.tos && routeTable(b) === routeTable(probe) &&
        stableJson(b.attrs.dst ?? null) === stableJson(probe.attrs.dst ?? null) && (b.attrs.priority ?? 0) === (probe.attrs.priority ?? 0),
    );
  }
  /** `ip route del ...`: NotFoundError when no route matches. */
  async delete(options: RouteOptions): Promise<void> {
    try {
      await this.#send(routeDelete, options);
    } catch (e) {
      if (e instanceof NetlinkError && e.code === 'ESRCH') {
        const err = new NotFoundError('route', options.dst);
        (err as { cause?: unknown }).cause = e;
        throw err;
      }
      throw e;
    }
  }

  /** `ip route show [table T|all] [-4|-6|-0] [proto P] [type T] [dev IF]` (default, like ip: IPv4, the main table). */
  async list(options: RouteListOptions = {}): Promise<Route[]> {
    const bodies = await this.#dump(options);
    const routes = bodies.map(routeView).filter((r) => !options.filter || options.filter(r));
    if (routes.length) {
      const names = await this.links.names();
      for (const r of routes) {
        if (r.dev !== undefined) {
          const n = names.get(r.dev);
          if (n !== undefined) r.devName = n;
        }
        for (const nh of r.nexthops ?? []) {
          const n = names.get(nh.dev);
          if (n !== undefined) nh.devName = n;
        }
      }
    }
    return routes;
  }

  /**
   * `ip route show ...` as the dump arrives (the options of `list()`): nothing collected, a
   * bounded queue when the reader is slower than the kernel (the session stops reading and the
   * kernel waits), so a million routes take no more memory than a few thousand. No retry on
   * NLM_F_DUMP_INTR (DumpInterruptedError at the end). Interface names come from one link dump
   * made before the first route.
   */
  async *stream(options: RouteListOptions = {}): AsyncGenerator<Route> {
    const dump = await this.#dumpRequest(options);
    // Before the dump: a link dump asked for meanwhile would queue behind this one (one dump per
    // socket), which waits for this reader: a deadlock.
    const names = await this.links.names();
    for await (const body of this.core.stream<RouteMessage>(dump.request, (b) => dump.match(b))) {
      const r = routeView(body);
      if (options.filter && !options.filter(r)) continue;
      if (r.dev !== undefined) {
        const n = names.get(r.dev);
        if (n !== undefined) r.devName = n;
      }
      for (const nh of r.nexthops ?? []) {
        const n = names.get(nh.dev);
        if (n !== undefined) nh.devName = n;
      }
      yield r;
    }
  }

  async #dump(options: RouteListOptions): Promise<RouteMessage[]> {
    const dump = await this.#dumpRequest(options);
    // The kernel filters some of these (table, protocol, type, oif); apply the rest here.
    return (await this.core.dump<RouteMessage>(dump.request, { match: (b) => dump.match(b) })).filter((b) => dump.match(b));
  }

  async #dumpRequest(options: RouteListOptions) {
    const family = options.family ?? 4;
    if (family !== 'all' && AF[family] === undefined) throw new ValidationError("family must be 4, 6 or 'all'", 'family');
    const table = options.table === 'all' ? 'all' : tableId(options.table ?? 'main');
    const dev = options.dev === undefined ? undefined : await this.links.resolver().index(options.dev, 'dev');
    const dump = routeDump({
      table,
      ...(family !== 'all' ? { family: AF[family] } : {}),
      ...(options.protocol !== undefined ? { protocol: options.protocol } : {}),
      ...(options.type !== undefined ? { type: options.type } : {}),
      ...(dev !== undefined ? { dev } : {}),
    });
    return dump;
  }

  /** `ip route flush [table T] [-4|-6] [proto P] [dev IF]`: resolves with the number deleted. */
  async flush(options: RouteListOptions = {}): Promise<number> {
    const bodies = (await this.#dump(options)).filter((b) => !options.filter || options.filter(routeView(b)));
    if (!bodies.length) return 0;
    const reqs = bodies.map((body): Request => ({ type: RTM_DELROUTE, flags: NLM_F_REQUEST | NLM_F_ACK, body }));
    return countDeleted(await this.core.batch(reqs), ['ESRCH']);
  }

  /** `ip route get ADDRESS [from SRC] [iif IF] [oif IF] [mark M] [fibmatch]` */
  async get(address: string, options: RouteGetOptions = {}): Promise<Route> {
    const a = parseCidr(address, 'address');
    for (const [k, max] of [['tos', 255], ['ipProto', 255], ['sport', 0xffff], ['dport', 0xffff]] as const) {
      if (options[k] !== undefined) checkInt(options[k], k, 0, max);
    }
    const resolve = this.links.resolver();
    const req = routeGet({
      dst: address,
      family: AF[a.family],
      ...(options.from !== undefined ? { src: parseAddress(options.from, 'from').address } : {}),
      ...(options.iif !== undefined ? { iif: await resolve.index(options.iif, 'iif') } : {}),
      ...(options.oif !== undefined ? { oif: await resolve.index(options.oif, 'oif') } : {}),
      ...(options.mark !== undefined ? { mark: options.mark } : {}),
      ...(options.uid !== undefined ? { uid: options.uid } : {}),
      ...(options.fibmatch ? { fibmatch: true } : {}),
      ...(options.tos !== undefined ? { tos: options.tos } : {}),
      ...(options.ipProto !== undefined ? { ipProto: options.ipProto } : {}),
      ...(options.sport !== undefined ? { sport: options.sport } : {}),
      ...(options.dport !== undefined ? { dport: options.dport } : {}),
    });
    let replies;
    try {
      replies = await this.core.request<RouteMessage>(req);
    } catch (e) {
      if (e instanceof NetlinkError && (e.code === 'ENETUNREACH' || e.code === 'EHOSTUNREACH' || e.code === 'ESRCH')) {
        const err = new NotFoundError('route to', address);
        (err as { cause?: unknown }).cause = e;
        throw err;
      }
      throw e;
    }
    const body = replies[0]?.body;
    if (!body) throw new NotFoundError('route to', address);
    const r = routeView(body);
    if (r.dev !== undefined) {
      const l = await this.links.find(r.dev);
      if (l) r.devName = l.name;
    }
    return r;
  }
}

/** Whether an existing route is what `wanted` asks for (the attributes given; the kernel's defaults aside). */
function routeMatches(existing: RouteMessage, wanted: RtnlRouteOptions): boolean {
  const probe = routeAdd(wanted).body as RouteMessage;
  const h = probe.header;
  const e = existing.header;
  if (e.type !== h.type) return false;
  if (wanted.protocol !== undefined && e.protocol !== h.protocol) return false;
  if (wanted.scope !== undefined && e.scope !== h.scope) return false;
  for (const key of ['gateway', 'via', 'oif', 'prefsrc', 'src', 'multipath', 'encap', 'nhId', 'flow', 'metrics', 'pref'] as const) {
    const want = probe.attrs[key];
    if (want === undefined) continue;
    if (key === 'multipath') {
      // Compare what was asked: gateway, device, weight per nexthop.
      const shape = (m: RouteMessage['attrs']['multipath']) =>
        stableJson((m ?? []).map((nh) => [nh.ifindex, nh.hops, nh.attrs.gateway ?? null, nh.attrs.via ?? null]));
      if (shape(existing.attrs.multipath) !== shape(probe.attrs.multipath)) return false;
    } else if (key === 'metrics') {
      const have = (existing.attrs.metrics ?? {}) as Record<string, unknown>;
      for (const [k, v] of Object.entries(want as Record<string, unknown>)) if (stableJson(have[k]) !== stableJson(v)) return false;
    } else if (stableJson(existing.attrs[key]) !== stableJson(want)) return false;
  }
  return true;
}
