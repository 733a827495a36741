/**
 * `ip route show` and `ip route flush` (iproute_list_flush_or_save): the argument loop, the
 * streamed dump (printed as it arrives, reading paused while stdout is full) and the flush
 * rounds.
 */
import { Args, matches } from '../args.js';
import { CliExit, CommandFailed, invarg, nodev } from '../errors.js';
import { formatContext, newPrinter, type Env } from '../env.js';
import type { FormatContext } from '../format/context.js';
import type { ApiHandle } from '../env.js';
import type { LinkMessageBody } from '../../rtnl/link/attrs.js';
import type { RouteMessage } from '../../rtnl/route/schema.js';
import { AF_INET, AF_INET6, AF_UNSPEC, dsfieldA2n, readFamily, rtntypeA2n, rtprotA2n, rtscopeA2n, rttableA2n } from '../format/names.js';
import { getUnsigned } from '../format/prefix.js';
import { printRoute, RT_TABLE_MAIN, type RouteDumpState, type RouteFilter } from '../format/route.js';
import { getPrefixOrExit } from './addr-words.js';
import { apiCall, flushComplete, linkDumpRaw, nexthopCache, parseRealms, printStreamed } from './common.js';
import type { RouteOptions } from '../../api/route.js';
import { Printer } from '../format/printer.js';
import { routeDump } from '../../rtnl/route/requests.js';
import { ROUTE_USAGE } from '../usage.js';

const usage = (): never => {
  throw new CliExit(255, ROUTE_USAGE);
};

/** What `ip route show|flush ARGS` asks for: the filter and the family to dump. */
export interface RouteListPlan {
  filter: RouteFilter;
  dumpFamily: number;
  iifName?: string;
  oifName?: string;
}

/** The argument loop of iproute_list_flush_or_save. */
export function parseRouteList(argv: readonly string[], action: 'list' | 'flush', family: number, resolve: (name: string) => number | undefined): RouteListPlan {
  let dumpFamily = family;
  const f: RouteFilter = { tb: RT_TABLE_MAIN, cloned: 0 };
  if (action === 'flush' && argv.length === 0) throw new CommandFailed(-1, '"ip route flush" requires arguments.\n');
  const a = new Args(argv);
  let id: string | undefined;
  let od: string | undefined;
  let mark = 0;
  while (a.more) {
    const w = a.cur;
    if (matches(w, 'table')) {
      a.next();
      const tid = rttableA2n(a.cur);
      if (tid === undefined) {
        if (a.cur === 'all') f.tb = 0;
        else if (a.cur === 'cache') f.cloned = 1;
        else if (a.cur === 'help') usage();
        else invarg('table id value is invalid\n', a.cur);
      } else f.tb = tid;
    } else if (matches(w, 'vrf')) {
      a.next();
      invarg('Invalid VRF\n', a.cur);
    } else if (matches(w, 'cached') || matches(w, 'cloned')) {
      f.cloned = 1;
    } else if (w === 'tos' || matches(w, 'dsfield')) {
      a.next();
      const tos = dsfieldA2n(a.cur);
      if (tos === undefined) invarg('TOS value is invalid\n', a.cur);
      f.tos = tos;
      f.tosmask = -1;
    } else if (matches(w, 'protocol')) {
      a.next();
      f.protocolmask = -1;
      let prot = rtprotA2n(a.cur);
      if (prot === undefined) {
        if (a.cur !== 'all') invarg('invalid "protocol"\n', a.cur);
        prot = 0;
        f.protocolmask = 0;
      }
      f.protocol = prot;
    } else if (matches(w, 'scope')) {
      a.next();
      f.scopemask = -1;
      let scope = rtscopeA2n(a.cur);
      if (scope === undefined) {
        if (a.cur !== 'all') invarg('invalid "scope"\n', a.cur);
        scope = 255;
        f.scopemask = 0;
      }
      f.scope = scope;
    } else if (matches(w, 'type')) {
      a.next();
      const t = rtntypeA2n(a.cur);
      if (t === undefined) invarg('node type value is invalid\n', a.cur);
      f.typemask = 1 << t;
    } else if (w === 'dev' || w === 'oif') {
      a.next();
      od = a.cur;
    } else if (w === 'iif') {
      a.next();
      id = a.cur;
    } else if (w === 'mark') {
      a.next();
      const m = getUnsigned(a.cur, 0);
      if (m === undefined) invarg('invalid mark value', a.cur);
      mark = m;
      f.markmask = -1;
    } else if (matches(w, 'metric') || matches(w, 'priority') || w === 'preference') {
      a.next();
      const m = getUnsigned(a.cur, 0);
      if (m === undefined) invarg('"metric" value is invalid\n', a.cur);
      f.metric = m;
      f.metricmask = -1;
    } else if (w === 'via') {
      a.next();
      let fam = readFamily(a.cur);
      if (fam === AF_UNSPEC) fam = dumpFamily;
      else a.next();
      f.rvia = getPrefixOrExit(a.cur, fam);
    } else if (w === 'src') {
      a.next();
      f.rprefsrc = getPrefixOrExit(a.cur, dumpFamily);
    } else if (matches(w, 'realms')) {
      a.next();
      const r = parseRealms(a.cur);
      if (r === undefined) invarg('invalid realms\n', a.cur);
      f.realm = r;
      f.realmmask = 0xffffffff;
      if ((r & 0xffff) === 0 && a.cur.endsWith('/')) f.realmmask = (f.realmmask & ~0xffff) >>> 0;
      if ((r & 0xffff0000) === 0 && (!a.cur.includes('/') || a.cur.startsWith('/'))) f.realmmask = (f.realmmask & ~0xffff0000) >>> 0;
    } else if (matches(w, 'from')) {
      a.next();
      if (matches(a.cur, 'root')) {
        a.next();
        f.rsrc = getPrefixOrExit(a.cur, dumpFamily);
      } else if (matches(a.cur, 'match')) {
        a.next();
        f.msrc = getPrefixOrExit(a.cur, dumpFamily);
      } else {
        if (matches(a.cur, 'exact')) a.next();
        f.msrc = getPrefixOrExit(a.cur, dumpFamily);
        f.rsrc = f.msrc;
      }
    } else {
      if (matches(w, 'to')) a.next();
      if (matches(a.cur, 'root')) {
        a.next();
        f.rdst = getPrefixOrExit(a.cur, dumpFamily);
      } else if (matches(a.cur, 'match')) {
        a.next();
        f.mdst = getPrefixOrExit(a.cur, dumpFamily);
      } else {
        if (matches(a.cur, 'exact')) a.next();
        f.mdst = getPrefixOrExit(a.cur, dumpFamily);
        f.rdst = f.mdst;
      }
    }
    a.shift();
  }
  if (dumpFamily === AF_UNSPEC && f.tb) dumpFamily = AF_INET;
  const plan: RouteListPlan = { filter: f, dumpFamily };
  if (id !== undefined) {
    const idx = resolve(id);
    if (!idx) nodev(id);
    f.iif = idx;
    f.iifmask = -1;
    plan.iifName = id;
  }
  if (od !== undefined) {
    const idx = resolve(od);
    if (!idx) nodev(od);
    f.oif = idx;
    f.oifmask = -1;
    plan.oifName = od;
  }
  f.mark = mark;
  return plan;
}


/** The printing loop of a route dump. */
export function renderRoutes(p: Printer, routes: RouteMessage[], ctx: FormatContext, filter: RouteFilter, family: number): void {
  const state: RouteDumpState = { ip6MultipleTables: false };
  const c = { ...ctx, family };
  p.startDocument();
  for (const r of routes) printRoute(p, r, c, { filter, state });
  p.endDocument();
}

async function nameResolver(env: Env): Promise<{ links: LinkMessageBody[]; resolve: (n: string) => number | undefined }> {
  const h = await env.handle();
  const links = await linkDumpRaw(h, AF_UNSPEC);
  const byName = new Map<string, number>();
  for (const l of links) if (l.attrs?.ifname !== undefined) byName.set(String(l.attrs.ifname), Number(l.header.index));
  return { links, resolve: (n) => byName.get(n) };
}

async function routeDumpRaw(h: ApiHandle, plan: RouteListPlan): Promise<RouteMessage[]> {
  const f = plan.filter;
  const family = plan.dumpFamily === AF_INET ? 4 : plan.dumpFamily === AF_INET6 ? 6 : 'all';
  const list = await apiCall(() => h.route.list({ table: f.tb ? f.tb : 'all', family }));
  return list.map((r) => r.raw);
}

export async function routeList(env: Env, argv: readonly string[], action: 'list' | 'flush'): Promise<number> {
  const { links, resolve } = await nameResolver(env);
  const plan = parseRouteList(argv, action, env.opts.family, resolve);
  const h = await env.handle();
  if (action === 'flush') return routeFlush(env, plan, formatContext(env, links));
  const ctx = formatContext(env, links, { nexthops: await nexthopCache(h, env.opts.details) });
  // Streamed like iproute2: each route is printed as it arrives and the text written in chunks.
  const f = plan.filter;
  const dump = routeDump({ table: f.tb ? f.tb : 'all', ...(plan.dumpFamily === AF_INET || plan.dumpFamily === AF_INET6 ? { family: plan.dumpFamily } : {}) });
  const p = new Printer({ json: env.opts.json, pretty: env.opts.pretty, oneline: env.opts.oneline, tree: false });
  const state: RouteDumpState = { ip6MultipleTables: false };
  const c = { ...ctx, family: env.opts.family };
  const opts = { filter: f, state };
  const match = dump.match;
  await printStreamed<RouteMessage>(env.io, h, dump.request, p, (body) => {
    if (match(body)) printRoute(p, body, c, opts);
  });
  return 0;
}

async function routeFlush(env: Env, plan: RouteListPlan, ctx: FormatContext): Promise<number> {
  const h = await env.handle();
  const f = { ...plan.filter, flushing: true };
  let round = 0;
  const out: string[] = [];
  const start = Date.now();
  for (;;) {
    const routes = await routeDumpRaw(h, plan);
    const state: RouteDumpState = { ip6MultipleTables: false };
    const c = { ...ctx, family: env.opts.family };
    const { routeMatches } = await import('../format/route.js');
    const victims = routes.filter((r) => routeMatches(r, c, f, state));
    if (victims.length === 0) return flushComplete(env, out, round);
    round++;
    if (env.opts.stats > 1) {
      const p = newPrinter(env);
      for (const v of victims) printRoute(p, v, c, { filter: f, state: { ip6MultipleTables: false } });
      out.push(p.take());
    }
    await Promise.all(victims.map((m) => apiCall(() => h.route.delete(routeOptionsOf(m, ctx))).catch((e) => {
      if (e instanceof CommandFailed && /No such process/.test(e.stderr)) return;
      throw e;
    })));
    if (Date.now() - start > 30000) {
      out.push(`\n*** Flush not completed after ${Math.round((Date.now() - start) / 1000)} seconds, ${victims.length} entries remain ***\n`);
      env.io.stdout(out.join(''));
      return 1;
    }
    if (env.opts.stats) out.push(`\n*** Round ${round}, deleting ${victims.length} entries ***\n`);
  }
}

/** API options that delete exactly this route. */
function routeOptionsOf(m: RouteMessage, _ctx: FormatContext): RouteOptions {
  const h = m.header;
  const a = m.attrs ?? {};
  const family = Number(h.family);
  const dst = a.dst !== undefined ? `${a.dst}/${h.dstLen}` : family === AF_INET6 ? `::/${h.dstLen}` : `0.0.0.0/${h.dstLen}`;
  const o: RouteOptions = { dst, family: family === AF_INET6 ? 6 : 4 };
  o.table = a.table !== undefined ? Number(a.table) : Number(h.table);
  if (a.priority !== undefined) o.metric = Number(a.priority);
  if (a.oif !== undefined) o.dev = Number(a.oif);
  if (a.gateway !== undefined) o.via = String(a.gateway);
  o.type = h.type;
  o.protocol = h.protocol;
  o.scope = h.scope;
  if (Number(h.tos)) o.tos = Number(h.tos);
  return o;
}

