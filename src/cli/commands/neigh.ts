/**
 * `ip neighbour` (ip/ipneigh.c): add / change / replace / delete / show / flush / get.
 */
import type { NeighOptions } from '../../api/neigh.js';
import { NUD } from '../../rtnl/constants.js';
import { Args, matches } from '../args.js';
import { CliExit, CommandFailed, duparg, duparg2, invarg, nodev } from '../errors.js';
import { formatContext, newPrinter, type Env } from '../env.js';
import type { ApiHandle } from '../env.js';
import type { NeighMessage } from '../../rtnl/neigh/schema.js';
import { AF_INET, AF_INET6, AF_UNSPEC, rtprotA2n } from '../format/names.js';
import { neighMatches, printNeigh, type NeighFilter } from '../format/neigh.js';
import { getUnsigned, prefixAddrText } from '../format/prefix.js';
import { getAddrOrExit, getPrefixOrExit, resolveDev } from './addr-words.js';
import { apiCall, linkDumpRaw, mapApiError, printStreamed } from './common.js';
import { neighDump as neighDumpRequest } from '../../rtnl/neigh/requests.js';
import { Printer } from '../format/printer.js';
import type { FormatContext } from '../format/context.js';
import { NEIGH_USAGE } from '../usage.js';
export { NEIGH_USAGE };


const usage = (): never => {
  throw new CliExit(255, NEIGH_USAGE);
};

export function nudStateA2n(arg: string): number | undefined {
  if (matches(arg, 'permanent')) return 0x80;
  if (matches(arg, 'reachable')) return 0x02;
  if (arg === 'noarp') return 0x40;
  if (arg === 'none') return 0;
  if (arg === 'stale') return 0x04;
  if (arg === 'incomplete') return 0x01;
  if (arg === 'delay') return 0x08;
  if (arg === 'probe') return 0x10;
  if (matches(arg, 'failed')) return 0x20;
  const v = getUnsigned(arg, 0);
  if (v === undefined || v >= 0x100 || (v & (v - 1)) !== 0) return undefined;
  return v;
}

async function neighModify(env: Env, verb: 'add' | 'change' | 'replace' | 'delete', argv: string[]): Promise<number> {
  const a = new Args(argv);
  let dev: string | undefined;
  let dstOk = false;
  let devOk = false;
  let lla: string | undefined;
  let state = 0x80;
  let dstText: string | undefined;
  let dstFamily = AF_UNSPEC;
  let proxy = false;
  let router = false;
  let use = false;
  let managed = false;
  let externLearn = false;
  let protocol: number | undefined;
  while (a.more) {
    const w = a.cur;
    if (matches(w, 'lladdr')) {
      a.next();
      if (lla !== undefined) duparg('lladdr', a.cur);
      lla = a.cur;
    } else if (w === 'nud') {
      a.next();
      const s = nudStateA2n(a.cur);
      if (s === undefined) invarg('nud state is bad', a.cur);
      state = s;
    } else if (matches(w, 'proxy')) {
      a.next();
      if (matches(a.cur, 'help')) usage();
      if (dstOk) duparg('address', a.cur);
      const p = getAddrOrExit(a.cur, env.opts.family);
      dstText = prefixAddrText(p);
      dstFamily = p.family;
      dstOk = true;
      devOk = true;
      proxy = true;
    } else if (w === 'router') router = true;
    else if (w === 'use') use = true;
    else if (w === 'managed') {
      managed = true;
      state = 0; // NUD_NONE, as iproute2 (a later "nud" wins)
    } else if (matches(w, 'extern_learn')) externLearn = true;
    else if (w === 'dev') {
      a.next();
      dev = a.cur;
      devOk = true;
    } else if (matches(w, 'protocol')) {
      a.next();
      const pr = rtprotA2n(a.cur);
      if (pr === undefined) invarg('"protocol" value is invalid\n', a.cur);
      protocol = pr;
    } else {
      if (w === 'to') a.next();
      if (matches(a.cur, 'help')) a.next();
      if (dstOk) duparg2('to', a.cur);
      const p = getAddrOrExit(a.cur, env.opts.family);
      dstText = prefixAddrText(p);
      dstFamily = p.family;
      dstOk = true;
    }
    a.shift();
  }
  if (!devOk || !dstOk || dstText === undefined || dstFamily === AF_UNSPEC) throw new CliExit(255, 'Device and destination are required arguments.\n');
  const h = await env.handle();
  const o: Omit<NeighOptions, 'dev'> & { dev?: number } = { address: dstText };
  if (lla !== undefined && lla !== 'null') {
    if (lla.includes('.')) o.lladdr = Array.from(getAddrOrExit(lla, 2).data.subarray(0, 4)).map((b) => b.toString(16).padStart(2, '0')).join(':');
    else {
      if (!lla.split(':').every((x) => /^[0-9a-fA-F]{1,2}$/.test(x))) throw new CommandFailed(-1, `"${lla}" is invalid lladdr.\n`);
      o.lladdr = lla;
    }
  }
  if (dev !== undefined) {
    const idx = await resolveDev(h, dev);
    if (!idx) nodev(dev);
    o.dev = idx;
  } else throw new CommandFailed(-1, 'pure-ip: proxy entries need "dev"\n');
  if (verb !== 'delete') o.state = NUD.name(state);
  if (router) o.router = true;
  if (proxy) o.proxy = true;
  if (use) o.use = true;
  if (managed) o.managed = true;
  if (externLearn) o.externLearn = true;
  if (protocol !== undefined) o.protocol = protocol;
  try {
    if (o.dev === undefined) throw new CommandFailed(-1, 'pure-ip: proxy entries need "dev"\n');
    const req: NeighOptions = { ...o, dev: o.dev };
    if (verb === 'delete') await h.neigh.delete({ address: req.address, dev: req.dev, ...(proxy ? { proxy: true } : {}) });
    else await h.neigh[verb](req);
  } catch (e) {
    const m = mapApiError(e);
    // rtnl_talk failed: ipneigh_modify exit(2)s
    if (m instanceof CommandFailed && m.status === -2) throw new CliExit(2, m.stderr);
    throw m;
  }
  return 0;
}

interface NeighPlan {
  filter: NeighFilter;
  flush: boolean;
  proxy: boolean;
  dev?: string;
  master?: number;
}

export function parseNeighList(argv: readonly string[], flush: boolean, family: number, resolve: (n: string) => number | undefined): NeighPlan {
  const f: NeighFilter = { family, state: flush ? ~(0x80 | 0x40) : 0xff & ~0x40 };
  if (flush && argv.length === 0) throw new CommandFailed(-1, 'Flush requires arguments.\n');
  const plan: NeighPlan = { filter: f, flush, proxy: false };
  let stateGiven = false;
  const a = new Args(argv);
  while (a.more) {
    const w = a.cur;
    if (w === 'dev') {
      a.next();
      if (plan.dev !== undefined) duparg('dev', a.cur);
      plan.dev = a.cur;
    } else if (w === 'master' || w === 'vrf') {
      a.next();
      const idx = resolve(a.cur);
      if (!idx) invarg(w === 'vrf' ? 'Not a valid VRF name\n' : 'Device does not exist\n', a.cur);
      plan.master = idx;
    } else if (w === 'nomaster') plan.master = -1;
    else if (w === 'unused') f.unusedOnly = true;
    else if (w === 'nud') {
      a.next();
      if (!stateGiven) {
        stateGiven = true;
        f.state = 0;
      }
      let s = nudStateA2n(a.cur);
      if (s === undefined) {
        if (a.cur !== 'all') invarg('nud state is bad', a.cur);
        s = ~0;
        if (flush) s &= ~0x40;
      }
      if (s === 0) s = 0x100;
      f.state = (f.state ?? 0) | s;
    } else if (w === 'proxy') plan.proxy = true;
    else if (matches(w, 'protocol')) {
      a.next();
      let pr = rtprotA2n(a.cur);
      if (pr === undefined) {
        if (a.cur !== 'all') invarg('invalid "protocol"\n', a.cur);
        pr = 0;
      }
      f.protocol = pr;
    } else {
      if (w === 'to') a.next();
      if (matches(a.cur, 'help')) usage();
      const p = getPrefixOrExit(a.cur, f.family ?? 0);
      f.pfx = p;
      if (!f.family) f.family = p.family;
    }
    a.shift();
  }
  if (plan.dev !== undefined) {
    const idx = resolve(plan.dev);
    if (!idx) nodev(plan.dev);
    f.index = idx;
  }
  return plan;
}

async function neighDump(h: ApiHandle, plan: NeighPlan): Promise<NeighMessage[]> {
  const fam = plan.filter.family === 2 ? 4 : plan.filter.family === AF_INET6 ? 6 : undefined;
  const list = (await apiCall(() => h.neigh.list({ ...(fam ? { family: fam } : {}), ...(plan.filter.index ? { dev: plan.filter.index } : {}), ...(plan.proxy ? { proxy: true } : {}) })));
  let msgs = list.map((n) => n.raw);
  if (plan.master !== undefined) {
    msgs = msgs.filter((m) => (plan.master === -1 ? m.attrs?.master === undefined : Number(m.attrs?.master) === plan.master));
  }
  return msgs;
}

/**
 * `ip neigh show`, streamed like iproute2's rtnl_dump_filter: each entry printed as it arrives,
 * the text written in chunks, reading paused while stdout is full.
 */
async function neighShow(env: Env, h: ApiHandle, plan: NeighPlan, ctx: FormatContext, linkTypes: Map<number, number>): Promise<number> {
  const fam = plan.filter.family === AF_INET || plan.filter.family === AF_INET6 ? plan.filter.family : undefined;
  // The request of handle.neigh.list(), without its friendly views.
  const d = neighDumpRequest({ ...(fam ? { family: fam } : {}), ...(plan.filter.index ? { dev: plan.filter.index } : {}), ...(plan.proxy ? { proxy: true } : {}) });
  const p = new Printer({ json: env.opts.json, pretty: env.opts.pretty, oneline: env.opts.oneline, tree: false });
  const opts = { filter: plan.filter, linkTypes };
  const master = plan.master;
  await printStreamed<NeighMessage>(env.io, h, d.request, p, (m) => {
    if (!d.match(m)) return;
    if (master !== undefined && (master === -1 ? m.attrs?.master !== undefined : Number(m.attrs?.master) !== master)) return;
    printNeigh(p, m, ctx, opts);
  });
  return 0;
}

async function neighList(env: Env, argv: string[], flush: boolean): Promise<number> {
  const h = await env.handle();
  const links = await linkDumpRaw(h, AF_UNSPEC);
  const byName = new Map(links.map((l) => [String(l.attrs?.ifname), Number(l.header.index)] as const));
  const plan = parseNeighList(argv, flush, env.opts.family, (n) => byName.get(n));
  const ctx = formatContext(env, links);
  const linkTypes = new Map(links.map((l) => [Number(l.header.index), typeof l.header.type === 'number' ? l.header.type : l.header.type === 'ether' ? 1 : 0] as const));
  if (!flush) return neighShow(env, h, plan, ctx, linkTypes);
  const out: string[] = [];
  for (let round = 0; round < 256; ) {
    const victims = (await neighDump(h, plan)).filter((m) => neighMatches(m, plan.filter));
    if (victims.length === 0) {
      if (env.opts.stats) out.push(round === 0 ? 'Nothing to flush.\n' : `*** Flush is complete after ${round} round${round > 1 ? 's' : ''} ***\n`);
      env.io.stdout(out.join(''));
      return 0;
    }
    round++;
    await Promise.all(
      victims.map((m) =>
        h.neigh.delete({ address: String(m.attrs.dst), dev: Number(m.header.ifindex), ...(plan.proxy ? { proxy: true } : {}) }).catch((e: unknown) => {
          const c = mapApiError(e);
          if (c instanceof CommandFailed && /No such file|not found/.test(c.stderr)) return;
          throw c;
        }),
      ),
    );
    if (env.opts.stats) out.push(`\n*** Round ${round}, deleting ${victims.length} entries ***\n`);
    plan.filter.state = (plan.filter.state ?? 0) & ~0x20;
  }
  out.push('*** Flush not complete bailing out after 256 rounds\n');
  env.io.stdout(out.join(''));
  return 1;
}

/** ipneigh_get: RTM_GETNEIGH for one entry, printed as text (iproute2 opens no JSON object here, so even -j prints text). */
async function neighGet(env: Env, argv: string[]): Promise<number> {
  let dev: string | undefined;
  let dstOk = false;
  let devOk = false;
  let proxy = false;
  let dst: string | undefined;
  let dstFamily = AF_UNSPEC;
  const a = new Args(argv);
  while (a.more) {
    const w = a.cur;
    if (w === 'dev') {
      a.next();
      dev = a.cur;
      devOk = true;
    } else if (matches(w, 'proxy')) {
      a.next();
      if (matches(a.cur, 'help')) usage();
      if (dstOk) duparg('address', a.cur);
      const p = getAddrOrExit(a.cur, env.opts.family);
      dst = prefixAddrText(p);
      dstFamily = p.family;
      dstOk = true;
      devOk = true;
      proxy = true;
    } else {
      if (w === 'to') a.next();
      if (matches(a.cur, 'help')) usage();
      if (dstOk) duparg2('to', a.cur);
      const p = getAddrOrExit(a.cur, env.opts.family);
      dst = prefixAddrText(p);
      dstFamily = p.family;
      dstOk = true;
    }
    a.shift();
  }
  if (!devOk || !dstOk || dstFamily === AF_UNSPEC) throw new CommandFailed(-1, 'Device and address are required arguments.\n');
  const h = await env.handle();
  const links = await linkDumpRaw(h, AF_UNSPEC);
  let index: number | undefined;
  if (dev !== undefined) {
    index = links.find((l) => String(l.attrs?.ifname) === dev)?.header.index as number | undefined;
    if (!index) throw new CommandFailed(-1, `Cannot find device "${dev}"\n`);
  }
  let n: { raw: NeighMessage };
  try {
    n = await h.neigh.get(dst!, { ...(index !== undefined ? { dev: Number(index) } : {}), ...(proxy ? { proxy: true } : {}) });
  } catch (e) {
    throw mapApiError(e);
  }
  const ctx = formatContext(env, links);
  const linkTypes = new Map(links.map((l) => [Number(l.header.index), typeof l.header.type === 'number' ? l.header.type : l.header.type === 'ether' ? 1 : 0] as const));
  const p = newPrinter({ ...env, opts: { ...env.opts, json: false } });
  printNeigh(p, n.raw, ctx, { filter: { state: ~0 }, linkTypes });
  env.io.stdout(p.take());
  return 0;
}

export async function doNeigh(env: Env, argv: string[]): Promise<number> {
  if (argv.length === 0) return neighList(env, [], false);
  const w = argv[0]!;
  const rest = argv.slice(1);
  if (matches(w, 'add')) return neighModify(env, 'add', rest);
  if (matches(w, 'change') || w === 'chg') return neighModify(env, 'change', rest);
  if (matches(w, 'replace')) return neighModify(env, 'replace', rest);
  if (matches(w, 'delete')) return neighModify(env, 'delete', rest);
  if (matches(w, 'get')) return neighGet(env, rest);
  if (matches(w, 'show') || matches(w, 'lst') || matches(w, 'list')) return neighList(env, rest, false);
  if (matches(w, 'flush')) return neighList(env, rest, true);
  if (matches(w, 'help')) usage();
  throw new CliExit(255, `Command "${w}" is unknown, try "ip neigh help".\n`);
}
