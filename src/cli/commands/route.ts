/**
 * `ip route` (ip/iproute.c): show / flush / get / add / del / change / replace / append /
 * prepend / test.
 */
import { Args, matches } from '../args.js';
import { CliExit, CommandFailed, duparg2, invarg, nodev } from '../errors.js';
import { formatContext, newPrinter, type Env } from '../env.js';
import type { FormatContext } from '../format/context.js';
import type { ApiHandle } from '../env.js';
import type { LinkMessageBody } from '../../rtnl/link/attrs.js';
import type { RouteMessage } from '../../rtnl/route/schema.js';
import {
  AF_INET, AF_INET6, AF_MPLS, AF_UNSPEC, dsfieldA2n, readFamily, rtntypeA2n, rtprotA2n, rtrealmA2n, rtscopeA2n, rttableA2n,
} from '../format/names.js';
import { getUnsigned, prefixAddrText, type Prefix } from '../format/prefix.js';
import { printRoute, RT_TABLE_MAIN, type RouteDumpState, type RouteFilter } from '../format/route.js';
import { getAddrOrExit, getPrefixOrExit, resolveDev } from './address.js';
import { apiCall, DUMP_INTR_MESSAGE, flushComplete, getU64, ipprotoA2n, linkDumpRaw, parseRealms, streamDump, writeChunk } from './common.js';
import type { RouteOptions } from '../../api/route.js';
import { Printer } from '../format/printer.js';
import { routeDump } from '../../rtnl/route/requests.js';
import { ROUTE_USAGE } from '../usage.js';
import { NotFoundError } from '../../netlink/errors.js';
export { ROUTE_USAGE };


const usage = (): never => {
  throw new CliExit(255, ROUTE_USAGE);
};

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

/**
 * lwt_parse_encap for the types the API builds (mpls, seg6); leaves `a` on the last word used.
 * Others are reported as unsupported.
 */
function parseEncap(a: Args): Record<string, unknown> {
  a.next();
  const TYPES = ['mpls', 'ip', 'ila', 'ip6', 'seg6', 'bpf', 'seg6local', 'rpl', 'ioam6', 'xfrm'];
  const type = a.cur;
  if (!TYPES.includes(type)) invarg('"encap type" value is invalid\n', type);
  a.next();
  if (a.count <= 1) throw new CliExit(255, 'Error: unexpected end of line after "encap"\n');
  if (type === 'mpls') {
    const labels = parseMplsStack(a.cur);
    if (!labels) throw new CliExit(1, `Error: mpls address is expected rather than "${a.cur}".\n`);
    const e: Record<string, unknown> = { type: 'mpls', labels };
    let ttlOk = false;
    while (a.peek() === 'ttl') {
      a.shift();
      a.next();
      if (ttlOk) duparg2('ttl', a.cur);
      ttlOk = true;
      const t = getUnsigned(a.cur, 0, 255);
      if (t === undefined) invarg('"ttl" value is invalid\n', a.cur);
      e.ttl = t;
    }
    return e;
  }
  if (type === 'seg6') {
    const MODES = ['inline', 'encap', 'l2encap', 'encap.red', 'l2encap.red'];
    let mode = -1;
    let modeOk = false;
    let segsOk = false;
    let hmacOk = false;
    let segs = '';
    let hmac = 0;
    for (;;) {
      const w = a.cur;
      if (w === 'mode') {
        a.next();
        if (modeOk) duparg2('mode', a.cur);
        modeOk = true;
        mode = MODES.indexOf(a.cur);
        if (mode < 0) invarg('"mode" value is invalid\n', a.cur);
      } else if (w === 'segs') {
        a.next();
        if (segsOk) duparg2('segs', a.cur);
        segsOk = true;
        if (mode === -1) invarg('"segs" provided before "mode"\n', a.cur);
        segs = a.cur;
      } else if (w === 'hmac') {
        a.next();
        if (hmacOk) duparg2('hmac', a.cur);
        hmacOk = true;
        hmac = getUnsigned(a.cur, 0) ?? 0;
      } else {
        a.prev();
        break;
      }
      if (!a.nextOk()) break;
      a.shift();
    }
    const list = segs.split(',').map((x) => prefixAddrText(getAddrOrExit(x, AF_INET6)));
    return { type: 'seg6', mode: MODES[mode] ?? 'inline', segs: list, ...(hmac ? { hmac } : {}) };
  }
  if (type === 'ip' || type === 'ip6') return parseEncapIp(a, type);
  if (type === 'xfrm') return parseEncapXfrm(a);
  throw new CommandFailed(-1, `pure-ip: "encap ${type}" is not supported\n`);
}

/**
 * parse_encap_ip / parse_encap_ip6: id, dst, src, ttl|hoplimit, tos|tc in command-line order
 * (ip sends the attributes in that order), then key/csum/seq as one flags word. ip's geneve_opts,
 * vxlan_opts and erspan_opts are refused rather than ignored.
 */
function parseEncapIp(a: Args, type: 'ip' | 'ip6'): Record<string, unknown> {
  const v6 = type === 'ip6';
  const e: Record<string, unknown> = { type };
  const seen = new Set<string>();
  const once = (word: string, key: string): void => {
    if (seen.has(key)) duparg2(word, a.cur);
    seen.add(key);
  };
  for (;;) {
    const w = a.cur;
    if (w === 'id') {
      a.next();
      once('id', 'id');
      const id = getU64(a.cur);
      if (id === undefined) invarg('"id" value is invalid\n', a.cur);
      e.id = id;
    } else if (w === 'dst' || w === 'src') {
      a.next();
      once(w, w);
      e[w] = prefixAddrText(getAddrOrExit(a.cur, v6 ? AF_INET6 : AF_INET));
    } else if (w === (v6 ? 'tc' : 'tos')) {
      a.next();
      once(w, 'tos');
      const tos = dsfieldA2n(a.cur);
      if (tos === undefined) invarg(`"${w}" value is invalid\n`, a.cur);
      e[v6 ? 'tc' : 'tos'] = tos;
    } else if (w === (v6 ? 'hoplimit' : 'ttl')) {
      a.next();
      once(w, 'ttl');
      const ttl = getUnsigned(a.cur, 0, 255);
      if (ttl === undefined) invarg(`"${w}" value is invalid\n`, a.cur);
      e[v6 ? 'hoplimit' : 'ttl'] = ttl;
    } else if (w === 'key' || w === 'csum' || w === 'seq') {
      once(w, w);
      e[w] = true;
    } else if (w === 'geneve_opts' || w === 'vxlan_opts' || w === 'erspan_opts') {
      throw new CommandFailed(-1, `pure-ip: "encap ${type} ${w}" is not supported\n`);
    } else {
      a.prev();
      break;
    }
    if (!a.nextOk()) break;
    a.shift();
  }
  return e;
}

/** parse_encap_xfrm: `if_id N` (required, not 0) and `link_dev DEV`. */
function parseEncapXfrm(a: Args): Record<string, unknown> {
  const e: Record<string, unknown> = { type: 'xfrm' };
  for (;;) {
    const w = a.cur;
    if (w === 'if_id') {
      a.next();
      if (e.ifId !== undefined) duparg2('if_id', a.cur);
      const id = getUnsigned(a.cur, 0);
      if (id === undefined || id === 0) invarg('"if_id" value is invalid\n', a.cur);
      e.ifId = id;
    } else if (w === 'link_dev') {
      a.next();
      if (e.linkDev !== undefined) duparg2('link_dev', a.cur);
      e.linkDev = a.cur;
    } else if (w === 'help') {
      throw new CliExit(255, XFRM_ENCAP_USAGE);
    } else {
      a.prev();
      break;
    }
    if (!a.nextOk()) break;
    a.shift();
  }
  if (e.ifId === undefined) throw new CliExit(255, XFRM_ENCAP_USAGE);
  return e;
}

/** lwt_xfrm_usage(): on stderr, exit 255 (ip's exit(-1)). */
const XFRM_ENCAP_USAGE = 'Usage: ip route ... encap xfrm if_id IF_ID [ link_dev LINK ]\n';

/** An MPLS label stack "100/200" (get_addr for AF_MPLS). */
function parseMplsStack(s: string): number[] | undefined {
  const parts = s.split('/');
  const out: number[] = [];
  for (const p of parts) {
    const v = getUnsigned(p, 0);
    if (v === undefined || v > 0xfffff) return undefined;
    out.push(v);
  }
  return out.length ? out : undefined;
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
  const ctx = formatContext(env, links);
  if (action === 'flush') return routeFlush(env, plan, ctx);
  // Streamed like iproute2: each route is printed as it arrives and the text written in chunks.
  const f = plan.filter;
  const dump = routeDump({ table: f.tb ? f.tb : 'all', ...(plan.dumpFamily === AF_INET || plan.dumpFamily === AF_INET6 ? { family: plan.dumpFamily } : {}) });
  const p = new Printer({ json: env.opts.json, pretty: env.opts.pretty, oneline: env.opts.oneline, tree: false });
  const state: RouteDumpState = { ip6MultipleTables: false };
  const c = { ...ctx, family: env.opts.family };
  const opts = { filter: f, state };
  const match = dump.match;
  const out = env.io;
  p.startDocument();
  const interrupted = await streamDump<RouteMessage>(h, dump.request, (body) => {
    if (!match(body)) return;
    printRoute(p, body, c, opts);
    return writeChunk(out, p);
  });
  if (interrupted) {
    out.stdout(p.take());
    out.stderr(DUMP_INTR_MESSAGE);
  }
  p.endDocument();
  out.stdout(p.take());
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

/** iproute_modify */
export async function routeModify(env: Env, verb: 'add' | 'change' | 'replace' | 'prepend' | 'append' | 'test' | 'delete', argv: readonly string[]): Promise<number> {
  let family = env.opts.family;
  const o: Record<string, unknown> = {};
  let dev: string | undefined;
  let gwOk = false;
  let dstOk = false;
  let nhsOk = false;
  let tableOk = false;
  const lock: string[] = [];
  const a = new Args(argv);
  const metricArg = (key: string, name: string, opts: { lockable?: boolean; max?: number; mult?: number; time?: boolean } = {}): void => {
    a.next();
    if (opts.lockable !== false && a.cur === 'lock') {
      lock.push(key === 'rtoMin' ? 'rto_min' : key);
      a.next();
    }
    let v: number | undefined;
    if (opts.time) {
      const m = /^(\d+)(s|ms|msec|secs?)?$/.exec(a.cur);
      if (!m) invarg(`"${name}" value is invalid\n`, a.cur);
      v = Number(m[1]) * (m[2] && m[2].startsWith('s') ? 1000 : 1);
      if (!m[2]) v = Number(m[1]);
      v *= opts.mult ?? 1;
    } else {
      v = getUnsigned(a.cur, 0);
      if (v === undefined || (opts.max !== undefined && v > opts.max)) invarg(`"${name}" value is invalid\n`, a.cur);
    }
    o[key] = v;
  };
  while (a.more) {
    const w = a.cur;
    if (w === 'src') {
      a.next();
      const p = getAddrOrExit(a.cur, family);
      if (family === AF_UNSPEC) family = p.family;
      o.src = prefixAddrText(p);
    } else if (w === 'as') {
      a.next();
      if (a.cur === 'to') a.next();
      getAddrOrExit(a.cur, family);
      throw new CommandFailed(-1, 'pure-ip: "as" (MPLS) is not supported\n');
    } else if (w === 'via') {
      if (gwOk) invarg('use nexthop syntax to specify multiple via\n', a.cur);
      gwOk = true;
      a.next();
      let fam = readFamily(a.cur);
      if (fam === AF_UNSPEC) fam = family;
      else a.next();
      const p = getAddrOrExit(a.cur, fam);
      if (family === AF_UNSPEC) family = p.family;
      o.via = prefixAddrText(p);
    } else if (w === 'from') {
      a.next();
      const p = getPrefixOrExit(a.cur, family);
      if (family === AF_UNSPEC) family = p.family;
      o.from = `${prefixAddrText(p)}/${p.bitlen}`;
    } else if (w === 'tos' || matches(w, 'dsfield')) {
      a.next();
      const tos = dsfieldA2n(a.cur);
      if (tos === undefined) invarg('"tos" value is invalid\n', a.cur);
      o.tos = tos;
    } else if (w === 'expires') {
      a.next();
      const v = getUnsigned(a.cur, 0);
      if (v === undefined) invarg('"expires" value is invalid\n', a.cur);
      o.expires = v;
    } else if (matches(w, 'metric') || matches(w, 'priority') || w === 'preference') {
      a.next();
      const v = getUnsigned(a.cur, 0);
      if (v === undefined) invarg('"metric" value is invalid\n', a.cur);
      o.metric = v;
    } else if (w === 'scope') {
      a.next();
      const s = rtscopeA2n(a.cur);
      if (s === undefined) invarg('invalid "scope" value\n', a.cur);
      o.scope = s;
    } else if (w === 'mtu') metricArg('mtu', 'mtu');
    else if (w === 'hoplimit') metricArg('hoplimit', 'hoplimit', { max: 255 });
    else if (w === 'advmss') metricArg('advmss', 'mss');
    else if (matches(w, 'reordering')) metricArg('reordering', 'reordering');
    else if (w === 'rtt') metricArg('rtt', 'rtt', { time: true, mult: 8 });
    else if (w === 'rto_min') {
      lock.push('rto_min');
      metricArg('rtoMin', 'rto_min', { time: true, lockable: false });
    } else if (matches(w, 'window')) metricArg('window', 'window');
    else if (matches(w, 'cwnd')) metricArg('cwnd', 'cwnd');
    else if (matches(w, 'initcwnd')) metricArg('initcwnd', 'initcwnd');
    else if (matches(w, 'initrwnd')) metricArg('initrwnd', 'initrwnd');
    else if (matches(w, 'features')) {
      a.next();
      if (a.cur !== 'ecn') invarg('"features" value not valid\n', a.cur);
      o.features = ['ecn'];
    } else if (matches(w, 'quickack')) {
      a.next();
      const v = getUnsigned(a.cur, 0);
      if (v === undefined) invarg('"quickack" value is invalid\n', a.cur);
      if (v !== 0 && v !== 1) invarg('"quickack" value should be 0 or 1\n', a.cur);
      o.quickack = v;
    } else if (matches(w, 'congctl')) {
      a.next();
      if (a.cur === 'lock') {
        lock.push('cc_algo');
        a.next();
      }
      o.ccAlgo = a.cur;
    } else if (matches(w, 'rttvar')) metricArg('rttvar', 'rttvar', { time: true, mult: 4 });
    else if (matches(w, 'ssthresh')) metricArg('ssthresh', 'ssthresh');
    else if (matches(w, 'realms')) {
      a.next();
      const r = parseRealms(a.cur);
      if (r === undefined) invarg('"realm" value is invalid\n', a.cur);
      o.realm = r;
    } else if (w === 'onlink') o.onlink = true;
    else if (w === 'nexthop') {
      nhsOk = true;
      break;
    } else if (w === 'nhid') {
      a.next();
      const v = getUnsigned(a.cur, 0);
      if (v === undefined) invarg('"id" value is invalid\n', a.cur);
      o.nhid = v;
    } else if (matches(w, 'protocol')) {
      a.next();
      const pr = rtprotA2n(a.cur);
      if (pr === undefined) invarg('"protocol" value is invalid\n', a.cur);
      o.protocol = pr;
    } else if (matches(w, 'table')) {
      a.next();
      const t = rttableA2n(a.cur);
      if (t === undefined) invarg('"table" value is invalid\n', a.cur);
      o.table = t;
      tableOk = true;
    } else if (matches(w, 'vrf')) {
      a.next();
      invarg('Invalid VRF\n', a.cur);
    } else if (w === 'dev' || w === 'oif') {
      a.next();
      dev = a.cur;
    } else if (matches(w, 'pref')) {
      a.next();
      const pref = a.cur === 'low' ? 3 : a.cur === 'medium' ? 0 : a.cur === 'high' ? 1 : getUnsigned(a.cur, 0, 255);
      if (pref === undefined) invarg('"pref" value is invalid\n', a.cur);
      o.pref = pref;
    } else if (w === 'encap') {
      o.encap = parseEncap(a);
    } else if (w === 'ttl-propagate') {
      a.next();
      if (matches(a.cur, 'enabled')) o.ttlPropagate = true;
      else if (matches(a.cur, 'disabled')) o.ttlPropagate = false;
      else invarg('"ttl-propagate" value is invalid\n', a.cur);
    } else if (matches(w, 'fastopen_no_cookie')) {
      a.next();
      const v = getUnsigned(a.cur, 0);
      if (v === undefined) invarg('"fastopen_no_cookie" value is invalid\n', a.cur);
      if (v !== 0 && v !== 1) invarg('"fastopen_no_cookie" value should be 0 or 1\n', a.cur);
      o.fastopenNoCookie = v;
    } else {
      if (a.cur === 'to') a.next();
      const c0 = a.cur.charCodeAt(0);
      if (!(c0 >= 48 && c0 <= 57)) {
        const t = rtntypeA2n(a.cur);
        if (t !== undefined) {
          a.next();
          o.type = t;
        }
      }
      if (matches(a.cur, 'help')) usage();
      if (dstOk) duparg2('to', a.cur);
      const p = getPrefixOrExit(a.cur, family);
      if (family === AF_UNSPEC) family = p.family;
      o.dst = p.special === 'default' || p.bitlen === 0 && p.special ? 'default' : `${prefixAddrText(p)}/${p.bitlen}`;
      if (p.special && p.bitlen === 0) o.dst = 'default';
      dstOk = true;
    }
    a.shift();
  }
  if (!dstOk) usage();
  const h = await env.handle();
  if (dev !== undefined) {
    const idx = await resolveDev(h, dev);
    if (!idx) nodev(dev);
    o.dev = idx;
  }
  if (lock.length) o.lock = lock;
  if (nhsOk) {
    const nhs = await parseNexthops(env, h, a, family, (f) => (family = family === AF_UNSPEC ? f : family));
    o.nexthops = nhs;
  }
  if (family === AF_INET6) o.family = 6;
  else if (family === AF_INET || family === AF_UNSPEC) o.family = 4;
  else if (family === AF_MPLS) throw new CommandFailed(-1, 'pure-ip: MPLS routes are not supported\n');
  void tableOk;
  const call = verb === 'test' ? 'add' : verb;
  if (verb === 'test') throw new CommandFailed(-1, `pure-ip: "ip route ${verb}" is not supported\n`);
  // Keys and values collected from the words above; route.add checks them again at run time
  // (checkKeys, the encoders), so a bad combination is a ValidationError.
  const req = o as unknown as RouteOptions;
  await apiCall(() => h.route[call](req));
  return 0;
}

/** parse_nexthops / parse_one_nh */
async function parseNexthops(env: Env, h: ApiHandle, a: Args, family: number, setFamily: (f: number) => void): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  while (a.more) {
    if (a.cur !== 'nexthop') usage();
    a.shift();
    if (!a.more) usage();
    const nh: Record<string, unknown> = {};
    while (a.more && a.cur !== 'nexthop') {
      const w = a.cur;
      if (w === 'via') {
        a.next();
        let fam = readFamily(a.cur);
        if (fam === AF_UNSPEC) fam = family;
        else a.next();
        const p = getAddrOrExit(a.cur, fam);
        if (family === AF_UNSPEC) {
          family = p.family;
          setFamily(p.family);
        }
        nh.via = prefixAddrText(p);
      } else if (w === 'dev') {
        a.next();
        const idx = await resolveDev(h, a.cur);
        if (!idx) nodev(a.cur);
        nh.dev = idx;
      } else if (w === 'weight') {
        a.next();
        const v = getUnsigned(a.cur, 0);
        if (v === undefined || v === 0 || v > 256) invarg('"weight" is invalid\n', a.cur);
        nh.weight = v;
      } else if (w === 'onlink') nh.onlink = true;
      else if (w === 'pervasive') throw new CommandFailed(-1, 'pure-ip: "pervasive" is not supported\n');
      else if (matches(w, 'realms')) {
        a.next();
        const r = parseRealms(a.cur);
        if (r === undefined) invarg('"realm" value is invalid\n', a.cur);
        nh.realm = r;
      } else if (w === 'encap') nh.encap = parseEncap(a);
      else if (w === 'as') {
        a.next();
        if (a.cur === 'to') a.next();
        getAddrOrExit(a.cur, family);
        throw new CommandFailed(-1, 'pure-ip: nexthop "as" (RTA_NEWDST, MPLS) is not supported\n');
      }
      else invarg('"nexthop" or end of line is expected instead of\n', w);
      a.shift();
    }
    out.push(nh);
  }
  void env;
  return out;
}

/** iproute_get */
export async function routeGet(env: Env, argv: readonly string[]): Promise<number> {
  let family = env.opts.family;
  const o: Record<string, unknown> = {};
  let dst: Prefix | undefined;
  let idev: string | undefined;
  let odev: string | undefined;
  let connected = false;
  const a = new Args(argv);
  while (a.more) {
    const w = a.cur;
    if (w === 'tos' || matches(w, 'dsfield')) {
      a.next();
      const t = dsfieldA2n(a.cur);
      if (t === undefined) invarg('TOS value is invalid\n', a.cur);
      o.tos = t;
    } else if (matches(w, 'from')) {
      a.next();
      if (matches(a.cur, 'help')) usage();
      const p = getPrefixOrExit(a.cur, family);
      if (family === AF_UNSPEC) family = p.family;
      o.from = prefixAddrText(p);
    } else if (matches(w, 'iif')) {
      a.next();
      idev = a.cur;
    } else if (matches(w, 'mark')) {
      a.next();
      const m = getUnsigned(a.cur, 0);
      if (m === undefined) invarg('invalid mark value', a.cur);
      if (m) o.mark = m;
    } else if (matches(w, 'oif') || w === 'dev') {
      a.next();
      odev = a.cur;
    } else if (matches(w, 'notify')) {
      // RTM_F_NOTIFY: nothing visible
    } else if (matches(w, 'connected')) {
      connected = true;
    } else if (matches(w, 'vrf')) {
      a.next();
      invarg('Invalid VRF\n', a.cur);
    } else if (matches(w, 'uid')) {
      a.next();
      const u = getUnsigned(a.cur, 0);
      if (u === undefined) invarg('invalid UID\n', a.cur);
      o.uid = u;
    } else if (matches(w, 'fibmatch')) {
      o.fibmatch = true;
    } else if (w === 'as') {
      a.next();
      throw new CommandFailed(-1, 'pure-ip: route get "as" (RTA_NEWDST, MPLS) is not supported\n');
    } else if (matches(w, 'sport') || matches(w, 'dport')) {
      const which = matches(w, 'sport') ? 'sport' : 'dport';
      a.next();
      const v = getUnsigned(a.cur, 0, 0xffff);
      if (v === undefined) invarg(`invalid ${which}\n`, a.cur);
      o[which] = v;
    } else if (matches(w, 'ipproto')) {
      a.next();
      const v = ipprotoA2n(a.cur);
      if (v === undefined) invarg('Invalid "ipproto" value\n', a.cur);
      o.ipProto = v;
    } else {
      if (w === 'to') a.next();
      if (matches(a.cur, 'help')) usage();
      const p = getPrefixOrExit(a.cur, family);
      if (family === AF_UNSPEC) family = p.family;
      if (family === AF_INET && p.bitlen !== 32) env.io.stderr(`Warning: /${p.bitlen} as prefix is invalid, only /32 (or none) is supported.\n`);
      else if (family === AF_INET6 && p.bitlen !== 128) env.io.stderr(`Warning: /${p.bitlen} as prefix is invalid, only /128 (or none) is supported.\n`);
      dst = p;
    }
    a.shift();
  }
  if (!dst) throw new CommandFailed(-1, 'need at least a destination address\n');
  const h = await env.handle();
  if (idev !== undefined) {
    const i = await resolveDev(h, idev);
    if (!i) nodev(idev);
    o.iif = i;
  }
  if (odev !== undefined) {
    const i = await resolveDev(h, odev);
    if (!i) nodev(odev);
    o.oif = i;
  }
  void connected;
  const route = await apiCall(() => h.route.get(prefixAddrText(dst!), o).catch((e: unknown) => {
    throw e instanceof NotFoundError && e.cause ? e.cause : e;
  }));
  const links = await linkDumpRaw(h, AF_UNSPEC);
  const ctx = formatContext(env, links);
  const p = newPrinter(env);
  p.startDocument();
  printRoute(p, route.raw, ctx, { filter: { tb: 0, cloned: 2 } });
  p.endDocument();
  env.io.stdout(p.take());
  return 0;
}

export async function doRoute(env: Env, argv: string[]): Promise<number> {
  if (argv.length < 1) return routeList(env, [], 'list');
  const w = argv[0]!;
  const rest = argv.slice(1);
  if (matches(w, 'add')) return routeModify(env, 'add', rest);
  if (matches(w, 'change') || w === 'chg') return routeModify(env, 'change', rest);
  if (matches(w, 'replace')) return routeModify(env, 'replace', rest);
  if (matches(w, 'prepend')) return routeModify(env, 'prepend', rest);
  if (matches(w, 'append')) return routeModify(env, 'append', rest);
  if (matches(w, 'test')) return routeModify(env, 'test', rest);
  if (matches(w, 'delete')) return routeModify(env, 'delete', rest);
  if (matches(w, 'list') || matches(w, 'show') || matches(w, 'lst')) return routeList(env, rest, 'list');
  if (matches(w, 'get')) return routeGet(env, rest);
  if (matches(w, 'flush')) return routeList(env, rest, 'flush');
  if (matches(w, 'save') || matches(w, 'restore') || matches(w, 'showdump')) throw new CommandFailed(-1, `pure-ip: "ip route ${w}" is not supported\n`);
  if (matches(w, 'help')) usage();
  throw new CliExit(255, `Command "${w}" is unknown, try "ip route help".\n`);
}
