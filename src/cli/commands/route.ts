/**
 * `ip route` (ip/iproute.c): add / del / change / replace / append / prepend / test and get;
 * show and flush are route-list.ts, the encap words route-encap.ts.
 */
import { Args, matches } from '../args.js';
import { CliExit, CommandFailed, duparg2, invarg, nodev } from '../errors.js';
import { formatContext, newPrinter, type Env } from '../env.js';
import type { ApiHandle } from '../env.js';
import { AF_INET, AF_INET6, AF_MPLS, AF_UNSPEC, dsfieldA2n, readFamily, rtntypeA2n, rtprotA2n, rtscopeA2n, rttableA2n } from '../format/names.js';
import { getUnsigned, prefixAddrText, type Prefix } from '../format/prefix.js';
import { printRoute } from '../format/route.js';
import { getAddrOrExit, getPrefixOrExit, resolveDev } from './addr-words.js';
import { apiCall, ipprotoA2n, linkDumpRaw, nexthopCache, parseRealms } from './common.js';
import type { RouteOptions } from '../../api/route.js';
import { ROUTE_USAGE } from '../usage.js';
import { NotFoundError } from '../../netlink/errors.js';
export { ROUTE_USAGE };
export { parseRouteList, renderRoutes, routeList, type RouteListPlan } from './route-list.js';
import { routeList } from './route-list.js';
import { parseEncap } from './route-encap.js';


const usage = (): never => {
  throw new CliExit(255, ROUTE_USAGE);
};
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
  const ctx = formatContext(env, links, { nexthops: await nexthopCache(h, env.opts.details) });
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
