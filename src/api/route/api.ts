/**
 * `handle.route`'s verbs (`ip route add|change|replace|append|prepend|del|show|flush|get`): the
 * options checked and resolved into the rtnetlink builders' (src/rtnl/route/requests.ts).
 */
import { NetlinkError, NotFoundError, ValidationError } from '../../netlink/errors.js';
import type { Request } from '../../netlink/message.js';
import { NLM_F_ACK, NLM_F_REQUEST } from '../../netlink/constants.js';
import { RTM_DELROUTE, RT_TABLE } from '../../rtnl/constants.js';
import {
  routeAdd, routeAppend, routePrepend, routeChange, routeDelete, routeDump, routeGet, routeReplace, type RouteOptions as RtnlRouteOptions,
} from '../../rtnl/route/requests.js';
import { routeTable, type RouteMessage } from '../../rtnl/route/schema.js';
import { countDeleted, createUnlessExists, stableJson, type Core, type IfindexResolver } from '../core.js';
import type { LinkApi } from '../link.js';
import { checkInt, checkKeys, parseAddress, parseCidr } from '../../rtnl/validate.js';
import { routeView, type Route } from '../views.js';
import { encapOptions } from './encap.js';
import type { RouteGetOptions, RouteListOptions, RouteNexthop, RouteOptions, TableRef } from './options.js';

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
      for (const r of routes) nameDevices(r, names);
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
      nameDevices(r, names);
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

/** Fills in the interface names of a route's device and of its nexthops' devices. */
function nameDevices(r: Route, names: ReadonlyMap<number, string>): void {
  if (r.dev !== undefined) {
    const n = names.get(r.dev);
    if (n !== undefined) r.devName = n;
  }
  for (const nh of r.nexthops ?? []) {
    const n = names.get(nh.dev);
    if (n !== undefined) nh.devName = n;
  }
}
