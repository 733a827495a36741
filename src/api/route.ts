/**
 * `handle.route`: routes (`ip route ...`).
 *
 *   await h.route.add({ dst: '10.1.0.0/16', via: '10.0.0.254' });
 *   await h.route.add({ dst: 'default', dev: 'veth1', table: 100, metric: 10 });
 *   await h.route.add({ dst: '192.0.2.0/24', type: 'blackhole' });
 */
import { NetlinkError, NotFoundError, ValidationError } from '../netlink/errors.js';
import type { Request } from '../netlink/message.js';
import { NLM_F_ACK, NLM_F_REQUEST } from '../netlink/constants.js';
import { RTM_DELROUTE, RT_TABLE } from '../rtnl/constants.js';
import {
  routeAdd, routeAppend, routeChange, routeDelete, routeDump, routeGet, routeReplace,
  type RouteMetricOptions, type RouteOptions as RtnlRouteOptions, type RouteProtocolName, type RouteScopeName,
  type RouteTypeName, type RouteEncapOptions, type RouteFlagName, type RoutePrefName,
} from '../rtnl/route/requests.js';
import type { RouteMessage } from '../rtnl/route/schema.js';
import type { Core, IfindexResolver } from './core.js';
import type { LinkApi } from './link.js';
import { checkInt, parseAddress, parseCidr } from './validate.js';
import { routeView, type Route } from './views.js';

/** A table id, or a reserved name: 'main' (254), 'local' (255), 'default' (253). */
export type TableRef = number | 'main' | 'local' | 'default';

export interface RouteNexthop {
  /** Gateway address (`via`). */
  via?: string;
  dev?: string | number;
  /** 1..256 */
  weight?: number;
  onlink?: boolean;
}

/** `ip route add|replace|change|append|del [TYPE] PREFIX [via GW] [dev IF] [table T] [metric N] ...` */
export interface RouteOptions extends RouteMetricOptions {
  /** 'default', '10.0.0.0/24', '2001:db8::/64', or a host address. */
  dst: string;
  /** Gateway (`via`). */
  via?: string;
  /** Output device (name or ifindex). */
  dev?: string | number;
  /** Preferred source address (`src`). */
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
  encap?: RouteEncapOptions;
  flags?: RouteFlagName[];
  /** Multipath (`nexthop via A dev X weight 1 nexthop via B ...`). */
  nexthops?: RouteNexthop[];
  /** 4 or 6 when `dst` is 'default' (default 4, or the family of `via`). */
  family?: 4 | 6;
}

export interface RouteListOptions {
  /** Default 'main' (like `ip route show`); 'all' for every table. */
  table?: TableRef | 'all';
  family?: 4 | 6;
  protocol?: RouteProtocolName;
  type?: RouteTypeName;
  dev?: string | number;
  /** Any other client-side predicate. */
  filter?: (r: Route) => boolean;
}

export interface RouteGetOptions {
  from?: string;
  iif?: string | number;
  oif?: string | number;
  mark?: number;
  uid?: number;
  fibmatch?: boolean;
}

export function tableId(t: TableRef, field = 'table'): number {
  if (typeof t === 'number') {
    checkInt(t, field, 0, 0xffffffff);
    return t;
  }
  if (t === 'main' || t === 'local' || t === 'default') return RT_TABLE.value(t);
  throw new ValidationError(`${field}: table id or 'main' / 'local' / 'default' expected, got ${JSON.stringify(t)}`, field);
}

const AF = { 4: 2, 6: 10 } as const;

export class RouteApi {
  constructor(private readonly core: Core, private readonly links: LinkApi) {}

  async #build(o: RouteOptions, resolve: IfindexResolver): Promise<RtnlRouteOptions> {
    if (typeof o !== 'object' || o === null) throw new ValidationError('route options expected');
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
    if (family !== undefined) r.family = family;
    if (o.via !== undefined) r.gateway = o.via;
    if (o.dev !== undefined) r.dev = await resolve.index(o.dev, 'dev');
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
    if (o.encap !== undefined) r.encap = o.encap;
    if (o.flags !== undefined) r.flags = o.flags;
    for (const k of ['mtu', 'advmss', 'hoplimit', 'window', 'rtt', 'rttvar', 'ssthresh', 'cwnd', 'reordering', 'initcwnd', 'initrwnd', 'rtoMin', 'quickack', 'features', 'ccAlgo', 'fastopenNoCookie', 'lock'] as const) {
      if (o[k] !== undefined) (r as Record<string, unknown>)[k] = o[k];
    }
    if (o.nexthops !== undefined) {
      if (!Array.isArray(o.nexthops) || o.nexthops.length === 0) throw new ValidationError('nexthops must be a non-empty array', 'nexthops');
      r.nexthops = [];
      for (const [i, nh] of o.nexthops.entries()) {
        const n: NonNullable<RtnlRouteOptions['nexthops']>[number] = {};
        if (nh.via !== undefined) {
          n.gateway = parseAddress(nh.via, `nexthops[${i}].via`).address;
          r.family ??= AF[parseAddress(nh.via).family];
        }
        if (nh.dev !== undefined) n.dev = await resolve.index(nh.dev, `nexthops[${i}].dev`);
        if (nh.weight !== undefined) {
          checkInt(nh.weight, `nexthops[${i}].weight`, 1, 256);
          n.weight = nh.weight;
        }
        if (nh.onlink) n.onlink = true;
        r.nexthops.push(n);
      }
    }
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
  /** `ip route add ...` unless an equal route exists. Resolves true when it was added. */
  async ensure(options: RouteOptions): Promise<boolean> {
    try {
      await this.add(options);
      return true;
    } catch (e) {
      if (e instanceof NetlinkError && e.code === 'EEXIST') return false;
      throw e;
    }
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

  /** `ip route show [table T|all] [-4|-6] [proto P] [type T] [dev IF]` (default: the main table). */
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

  async #dump(options: RouteListOptions): Promise<RouteMessage[]> {
    if (options.family !== undefined && AF[options.family] === undefined) throw new ValidationError('family must be 4 or 6', 'family');
    const table = options.table === 'all' ? 'all' : tableId(options.table ?? 'main');
    const dev = options.dev === undefined ? undefined : await this.links.resolver().index(options.dev, 'dev');
    const dump = routeDump({
      table,
      ...(options.family ? { family: AF[options.family] } : {}),
      ...(options.protocol !== undefined ? { protocol: options.protocol } : {}),
      ...(options.type !== undefined ? { type: options.type } : {}),
      ...(dev !== undefined ? { dev } : {}),
    });
    // The kernel filters some of these (table, protocol, type, oif); apply the rest here.
    return (await this.core.dump<RouteMessage>(dump.request, { match: (b) => dump.match(b) })).filter((b) => dump.match(b));
  }

  /** `ip route flush [table T] [-4|-6] [proto P] [dev IF]`: resolves with the number deleted. */
  async flush(options: RouteListOptions = {}): Promise<number> {
    const bodies = (await this.#dump(options)).filter((b) => !options.filter || options.filter(routeView(b)));
    if (!bodies.length) return 0;
    const reqs = bodies.map((body): Request => ({ type: RTM_DELROUTE, flags: NLM_F_REQUEST | NLM_F_ACK, body }));
    const results = await this.core.batch(reqs);
    let n = 0;
    for (const r of results) {
      if (r.status === 'fulfilled') n++;
      else if (!(r.reason instanceof NetlinkError && r.reason.code === 'ESRCH')) throw r.reason;
    }
    return n;
  }

  /** `ip route get ADDRESS [from SRC] [iif IF] [oif IF] [mark M] [fibmatch]` */
  async get(address: string, options: RouteGetOptions = {}): Promise<Route> {
    const a = parseCidr(address, 'address');
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
