/**
 * `ip address` (ip/ipaddress.c): show / flush (ipaddr_list_flush_or_save, shared with
 * `ip link show`), add / change / replace / delete (ipaddr_modify).
 */
import { Args, matches } from '../args.js';
import { CliExit, CommandFailed, duparg, duparg2, invarg, nodev } from '../errors.js';
import { newPrinter, formatContext, type Env } from '../env.js';
import type { FormatContext } from '../format/context.js';
import type { ApiHandle } from '../env.js';
import type { AddrMessage } from '../../rtnl/addr/schema.js';
import type { LinkMessageBody } from '../../rtnl/link/attrs.js';
import { num } from '../format/context.js';
import { IFA_FLAG_DATA, linkKeptByAddrFilter, printAddr, printSelectedAddrs, addrMatches, type AddrFilter } from '../format/addr.js';
import { printLink, type LinkFilter } from '../format/link.js';
import { AF_INET, AF_INET6, AF_PACKET, AF_UNSPEC, groupA2n, rtscopeA2n } from '../format/names.js';
import { getUnsigned, prefixAddrText, type Prefix, PREFIXLEN_SPECIFIED } from '../format/prefix.js';
import { Printer } from '../format/printer.js';
import { addrDump } from '../../rtnl/addr/requests.js';
import type { AddrOptions } from '../../api/addr.js';
import { apiCall, flushComplete, linkDumpRaw, linkGetRaw, type LinkData } from './common.js';
import { nsidNameMap } from './netns.js';
import { getAddrOrExit, getPrefixOrExit, resolveDev } from './addr-words.js';

/** The filter and options of ipaddr_list_flush_or_save after parsing. */
export interface AddrListPlan {
  doLink: boolean;
  action: 'list' | 'flush';
  family: number;
  filter: AddrFilter & LinkFilter & { master?: number; group: number };
  filterDev?: string;
  /** `master X` given by name (resolved by the caller) */
  masterName?: string;
  nomaster?: boolean;
}

/**
 * The argument loop of ipaddr_list_flush_or_save. Names (dev, master) are resolved with
 * `resolve`; `master` to an unknown device exits like iproute2.
 */
export function parseAddrList(argv: readonly string[], doLink: boolean, action: 'list' | 'flush', preferredFamily: number, resolve: (name: string) => number | undefined): AddrListPlan {
  const family = doLink ? AF_PACKET : preferredFamily;
  const plan: AddrListPlan = { doLink, action, family, filter: { family, group: -1, scopemask: 0, flags: 0, flagmask: 0 } };
  const f = plan.filter;
  if (action === 'flush') {
    if (argv.length === 0) throw new CommandFailed(-1, 'Flush requires arguments.\n');
    if (f.family === AF_PACKET) throw new CommandFailed(-1, 'Cannot flush link addresses.\n');
  }
  const a = new Args(argv);
  while (a.more) {
    const w = a.cur;
    if (w === 'to') {
      a.next();
      // get_prefix() exits on its own (ip never reaches its invarg "invalid \"to\"").
      const p = getPrefixOrExit(a.cur, f.family ?? 0);
      f.pfx = p;
      if (f.family === AF_UNSPEC) f.family = p.family;
    } else if (w === 'scope') {
      a.next();
      f.scopemask = -1;
      let scope = rtscopeA2n(a.cur);
      if (scope === undefined) {
        if (a.cur !== 'all') invarg('invalid "scope"\n', a.cur);
        scope = 255;
        f.scopemask = 0;
      }
      f.scope = scope;
    } else if (w === 'up') {
      f.up = true;
    } else if (getFilterFlag(f, w)) {
      // flag filter
    } else if (w === 'label') {
      a.next();
      f.label = a.cur;
    } else if (w === 'group') {
      a.next();
      const g = groupA2n(a.cur);
      if (g === undefined) invarg('Invalid "group" value\n', a.cur);
      f.group = g;
    } else if (w === 'master') {
      a.next();
      const idx = resolve(a.cur);
      if (!idx) invarg('Device does not exist\n', a.cur);
      f.master = idx;
      plan.masterName = a.cur;
    } else if (w === 'vrf') {
      a.next();
      const idx = resolve(a.cur);
      if (!idx) invarg('Not a valid VRF name\n', a.cur);
      f.master = idx;
    } else if (w === 'nomaster') {
      f.master = -1;
    } else if (w === 'type') {
      a.next();
      const t = a.cur;
      if (t.length >= 6 && t.endsWith('_slave')) f.slaveKind = t.slice(0, -6);
      else f.kind = t;
    } else {
      if (w === 'dev') a.next();
      else if (matches(w, 'help')) throw new CliExit(255, ADDR_USAGE);
      if (plan.filterDev !== undefined) duparg2('dev', a.cur);
      plan.filterDev = a.cur;
    }
    a.shift();
  }
  if (plan.filterDev !== undefined) {
    const idx = resolve(plan.filterDev);
    if (!idx || idx <= 0) throw new CommandFailed(-1, `Device "${plan.filterDev}" does not exist.\n`);
    f.ifindex = idx;
  }
  return plan;
}

/** get_filter(): FLAG-LIST words. */
function getFilterFlag(f: AddrFilter, arg: string): boolean {
  let inv = false;
  if (arg.startsWith('-')) {
    inv = true;
    arg = arg.slice(1);
  }
  if (arg === 'dynamic') {
    inv = !inv;
    arg = 'permanent';
  } else if (arg === 'primary') {
    inv = !inv;
    arg = 'secondary';
  }
  const fd = IFA_FLAG_DATA.find((d) => d.name === arg);
  if (!fd) return false;
  if (inv) f.flags = (f.flags ?? 0) & ~fd.mask;
  else f.flags = (f.flags ?? 0) | fd.mask;
  f.flagmask = (f.flagmask ?? 0) | fd.mask;
  return true;
}

/**
 * The printing part of ipaddr_list_flush_or_save for `list`: links (already filtered by the
 * kernel for master/kind) and addresses → text / JSON.
 */
export function renderAddrList(p: Printer, plan: AddrListPlan, links: LinkMessageBody[], addrs: AddrMessage[] | undefined, ctx: FormatContext, single = false): void {
  const f = plan.filter;
  const linkFilter: LinkFilter = { ...(f.ifindex ? { ifindex: f.ifindex } : {}), ...(f.up ? { up: true } : {}), group: f.group };
  if (f.master !== undefined) linkFilter.master = f.master;
  if (f.kind) linkFilter.kind = f.kind;
  if (f.slaveKind) linkFilter.slaveKind = f.slaveKind;
  if (f.label) linkFilter.label = f.label;
  p.startDocument();
  if (single) {
    // iplink_get: one RTM_GETLINK answer, printed whatever the other filters say.
    for (const l of links) {
      p.openObject(null);
      printLink(p, l, ctx, { doLink: plan.doLink, filter: linkFilter, filterFamily: f.family ?? 0 });
      p.closeObject();
    }
    p.endDocument();
    return;
  }
  let list = links;
  if (f.family !== AF_PACKET && addrs) list = links.filter((l) => linkKeptByAddrFilter(l, addrs, ctx, f));
  for (const l of list) {
    p.openObject(null);
    let res = 0;
    if (ctx.brief || !(ctx.oneline && f.family !== AF_PACKET)) res = printLink(p, l, ctx, { doLink: plan.doLink, filter: linkFilter, filterFamily: f.family ?? 0 });
    if (res >= 0 && f.family !== AF_PACKET && addrs) printSelectedAddrs(p, l, addrs, ctx, { ...f, showIndex: ctx.oneline });
    if (res > 0 && !plan.doLink && ctx.stats) {
      // print_link_stats
      printLinkStatsOnly(p, l, ctx);
    }
    p.closeObject();
  }
  p.endDocument();
}

import { printLinkStats } from '../format/link.js';
import { ADDR_USAGE } from '../usage.js';
import { NotFoundError } from '../../netlink/errors.js';
export { ADDR_USAGE };
function printLinkStatsOnly(p: Printer, l: LinkMessageBody, ctx: FormatContext): void {
  printLinkStats(p, ctx, l.attrs ?? {});
  p.nl();
}

/**
 * `ip link show DEV` as iproute2 runs it: one RTM_GETLINK by name, no dump. It needs other
 * links' names only for `master X` and `@peer` (and the kinds' own devices with -d): then
 * undefined, and the caller dumps them (ip asks for each such index by RTM_GETLINK instead).
 */
async function linkShowOne(env: Env, h: ApiHandle, argv: readonly string[]): Promise<number | undefined> {
  const asked: string[] = [];
  let plan = parseAddrList(argv, true, 'list', env.opts.family, (name) => {
    asked.push(name);
    return 1;
  });
  if (plan.filterDev === undefined || plan.filter.group !== -1 || asked.length !== 1 || asked[0] !== plan.filterDev) return undefined;
  // find(), not get(): get() would also ask for the master's name.
  const found = await apiCall(() => h.link.find(plan.filterDev!));
  // No such name (or `ifN`): the general path says what iproute2 says.
  if (!found) return undefined;
  const l = found.raw;
  const a = l.attrs ?? {};
  if (a.master !== undefined || (a.link !== undefined && Number(a.link) !== 0) || (env.opts.details && a.linkinfo !== undefined)) return undefined;
  const index = Number(l.header.index);
  plan = parseAddrList(argv, true, 'list', env.opts.family, (name) => (name === plan.filterDev ? index : undefined));
  const ctx = formatContext(env, [l]);
  if (!env.opts.json && (a.linkNetnsid !== undefined || a.newNetnsid !== undefined)) ctx.nsidNames = await nsidNameMap(h);
  const p = new Printer({ json: env.opts.json, pretty: env.opts.pretty, oneline: env.opts.oneline, tree: false });
  renderAddrList(p, plan, [l], undefined, ctx, true);
  env.io.stdout(p.take());
  return 0;
}

/** Runs `ip addr show` / `ip link show` with the API. */
export async function addrList(env: Env, argv: readonly string[], doLink: boolean, action: 'list' | 'flush'): Promise<number> {
  const h = await env.handle();
  if (doLink && action === 'list') {
    const done = await linkShowOne(env, h, argv);
    if (done !== undefined) return done;
  }
  const all = await linkDumpRaw(h, AF_UNSPEC);
  const byName = new Map<string, number>();
  for (const l of all) if (l.attrs?.ifname !== undefined) byName.set(String(l.attrs.ifname), Number(l.header.index));
  const resolve = (name: string): number | undefined => byName.get(name) ?? (/^if\d+$/.test(name) ? Number(name.slice(2)) : undefined);
  const plan = parseAddrList(argv, doLink, action, env.opts.family, resolve);
  const f = plan.filter;
  const ctx = formatContext(env, all);
  if (action === 'flush') return addrFlush(env, plan, ctx);
  // `link-netns NAME`: names of the peer namespaces (text only; JSON prints the nsid)
  if (!env.opts.json && all.some((l) => l.attrs?.linkNetnsid !== undefined || l.attrs?.newNetnsid !== undefined)) {
    ctx.nsidNames = await nsidNameMap(h);
  }
  const p = new Printer({ json: env.opts.json, pretty: env.opts.pretty, oneline: env.opts.oneline, tree: false });
  let links: LinkMessageBody[];
  let single = false;
  if (plan.filterDev !== undefined && f.group === -1 && doLink) {
    links = [await linkGetRaw(h, plan.filterDev)];
    single = true;
  } else if (f.ifindex) {
    links = [await linkGetRaw(h, f.ifindex)];
  } else if (f.family === AF_INET6 && !doLink) {
    links = await linkDumpRaw(h, AF_INET6, { extMask: false });
    // iproute2 reads the txqlen these messages lack with SIOCGIFTXQLEN; the regular dump has it
    ctx.txqlen = new Map(all.filter((l) => l.attrs?.txqlen !== undefined).map((l) => [Number(l.header.index), Number(l.attrs.txqlen)] as const));
  } else if ((doLink || !f.family) && !(f.master && f.master > 0) && !f.kind) {
    // The very dump made above for the names (the same request): no second round trip.
    links = all;
  } else {
    links = await linkDumpRaw(h, doLink ? AF_PACKET : f.family ?? 0, {
      ...(f.master && f.master > 0 ? { master: f.master } : {}),
      ...(f.kind ? { kind: f.kind } : {}),
    });
  }
  let addrs: AddrMessage[] | undefined;
  if (f.family !== AF_PACKET && !single) {
    addrs = await addrDumpRaw(h, f.family ?? 0, f.ifindex);
  }
  renderAddrList(p, plan, links, addrs, ctx, single);
  env.io.stdout(p.take());
  return 0;
}

export async function addrDumpRaw(h: ApiHandle, family: number, ifindex?: number): Promise<AddrMessage[]> {
  // The request of handle.addr.list(), without its friendly views and interface-name lookup.
  const d = addrDump({ ...(family === AF_INET || family === AF_INET6 ? { family } : {}), ...(ifindex ? { dev: ifindex } : {}) });
  const bodies = await apiCall(() => h.dump<AddrMessage>(d.request, (b) => d.match(b)));
  return bodies.filter((b) => d.match(b));
}

/** ipaddr_flush: dump, delete what matches, until nothing matches (max `-loops` rounds). */
async function addrFlush(env: Env, plan: AddrListPlan, ctx: FormatContext): Promise<number> {
  const h = await env.handle();
  const f = plan.filter;
  const maxLoops = env.opts.loops;
  let round = 0;
  const out: string[] = [];
  while (maxLoops === 0 || round < maxLoops) {
    const addrs = await addrDumpRaw(h, f.family ?? 0, f.ifindex);
    const victims = addrs.filter((m) => addrMatches(m, ctx, f));
    if (victims.length === 0) return flushComplete(env, out, round);
    round++;
    if (env.opts.stats > 1) {
      const p = newPrinter(env);
      for (const v of victims) printAddr(p, v, ctx, { filter: { ...f, showIndex: true } });
      out.push(p.take());
    }
    await Promise.all(
      victims.map(async (m) => {
        try {
          await h.addr.delete(addrOptionsOf(m));
        } catch (e) {
          const code = (e as { code?: string; cause?: { code?: string } }).code;
          if (code === 'EADDRNOTAVAIL' || (e as { cause?: { code?: string } }).cause?.code === 'EADDRNOTAVAIL') return;
          if (e instanceof NotFoundError) return;
          throw e;
        }
      }),
    ).catch((e) => {
      throw new CommandFailed(-2, `Failed to send flush request: ${(e as Error).message}\n`);
    });
    if (env.opts.stats) out.push(`\n*** Round ${round}, deleting ${victims.length} addresses ***\n`);
    if (!((f.flags ?? 0) & 1) && (f.flagmask ?? 0) & 1) {
      if (env.opts.stats) out.push(`*** Flush is complete after ${round} round${round > 1 ? 's' : ''} ***\n`);
      env.io.stdout(out.join(''));
      return 0;
    }
  }
  env.io.stdout(out.join(''));
  env.io.stderr(`*** Flush remains incomplete after ${maxLoops} rounds. ***\n`);
  return 1;
}

/** The API options that delete exactly this address. */
function addrOptionsOf(m: AddrMessage): AddrOptions {
  const a = m.attrs ?? {};
  const local = String(a.local ?? a.address);
  const o: AddrOptions = { dev: num(m.header.index), address: `${local}/${num(m.header.prefixlen)}` };
  if (a.address !== undefined && a.local !== undefined && String(a.address) !== String(a.local)) o.peer = `${a.address}/${num(m.header.prefixlen)}`;
  return o;
}

/** ipaddr_modify: add / change / replace / delete. */
export async function addrModify(env: Env, verb: 'add' | 'change' | 'replace' | 'delete', argv: readonly string[]): Promise<number> {
  let family = env.opts.family;
  let dev: string | undefined;
  let label: string | undefined;
  let lcl: Prefix | undefined;
  let lclArg: string | undefined;
  let peer: Prefix | undefined;
  let brd: string | undefined;
  let brdLen = 0;
  let anycast: string | undefined;
  let scope: number | undefined;
  let metric: number | undefined;
  let validLftp: string | undefined;
  let preferredLftp: string | undefined;
  let validLft = 0xffffffff;
  let preferredLft = 0xffffffff;
  let ifaFlags = 0;
  const warnings: string[] = [];
  const a = new Args(argv);
  while (a.more) {
    const w = a.cur;
    if (w === 'peer' || w === 'remote') {
      a.next();
      if (peer) duparg('peer', a.cur);
      peer = getPrefixOrExit(a.cur, family);
      if (family === AF_UNSPEC) family = peer.family;
    } else if (matches(w, 'broadcast') || w === 'brd') {
      a.next();
      if (brdLen) duparg('broadcast', a.cur);
      if (a.cur === '+') brdLen = -1;
      else if (a.cur === '-') brdLen = -2;
      else {
        const ad = getAddrOrExit(a.cur, family);
        if (family === AF_UNSPEC) family = ad.family;
        brd = prefixAddrText(ad);
        brdLen = ad.bytelen;
      }
    } else if (w === 'anycast') {
      a.next();
      if (anycast) duparg('anycast', a.cur);
      const ad = getAddrOrExit(a.cur, family);
      if (family === AF_UNSPEC) family = ad.family;
      anycast = prefixAddrText(ad);
    } else if (w === 'scope') {
      a.next();
      const s = rtscopeA2n(a.cur);
      if (s === undefined) invarg('invalid scope value.', a.cur);
      scope = s;
    } else if (w === 'dev') {
      a.next();
      dev = a.cur;
    } else if (w === 'label') {
      a.next();
      label = a.cur;
    } else if (matches(w, 'metric') || matches(w, 'priority') || matches(w, 'preference')) {
      a.next();
      const m = getUnsigned(a.cur, 0);
      if (m === undefined) invarg('"metric" value is invalid\n', a.cur);
      metric = m;
    } else if (matches(w, 'valid_lft')) {
      if (validLftp) duparg('valid_lft', a.cur);
      a.next();
      validLftp = a.cur;
      const v = a.cur === 'forever' ? 0xffffffff : getUnsigned(a.cur, 0);
      if (v === undefined) invarg('valid_lft value', a.cur);
      validLft = v;
    } else if (matches(w, 'preferred_lft')) {
      if (preferredLftp) duparg('preferred_lft', a.cur);
      a.next();
      preferredLftp = a.cur;
      const v = a.cur === 'forever' ? 0xffffffff : getUnsigned(a.cur, 0);
      if (v === undefined) invarg('preferred_lft value', a.cur);
      preferredLft = v;
    } else if (IFA_FLAG_DATA.some((d) => d.name === w)) {
      const fd = IFA_FLAG_DATA.find((d) => d.name === w)!;
      if (fd.readonly) warnings.push(`Warning: ${fd.name} option is not mutable from userspace\n`);
      else if (fd.v6only && family !== AF_INET6) warnings.push(`Warning: ${fd.name} option can be set only for IPv6 addresses\n`);
      else ifaFlags |= fd.mask;
    } else {
      if (w === 'local') a.next();
      if (matches(a.cur, 'help')) throw new CliExit(255, ADDR_USAGE);
      if (lcl) duparg2('local', a.cur);
      lclArg = a.cur;
      lcl = getPrefixOrExit(a.cur, family);
      if (family === AF_UNSPEC) family = lcl.family;
    }
    a.shift();
  }
  if (warnings.length) env.io.stderr(warnings.join(''));
  if (dev === undefined) throw new CommandFailed(-1, 'Not enough information: "dev" argument is required.\n');
  let wildcard = false;
  if (!peer && lcl) {
    if (verb === 'delete' && lcl.family === AF_INET && !(lcl.flags & PREFIXLEN_SPECIFIED)) {
      env.io.stderr(
        `Warning: Executing wildcard deletion to stay compatible with old scripts.\n         Explicitly specify the prefix length (${lclArg}/${lcl.bytelen * 8}) to avoid this warning.\n         This special behaviour is likely to disappear in further releases,\n         fix your scripts!\n`,
      );
      wildcard = true;
    }
  }
  const prefixlen = peer ? peer.bitlen : lcl ? lcl.bitlen : 0;
  if (brdLen < 0 && verb !== 'delete') {
    if (family !== AF_INET) throw new CommandFailed(-1, 'Broadcast can be set only for IPv4 addresses\n');
    const base = peer ?? lcl;
    if (base && base.bitlen <= 30) {
      const d = new Uint8Array(base.data.subarray(0, 4));
      let v = ((d[0]! << 24) | (d[1]! << 16) | (d[2]! << 8) | d[3]!) >>> 0;
      for (let i = 31; i >= base.bitlen; i--) {
        if (brdLen === -1) v = (v | (1 << (31 - i))) >>> 0;
        else v = (v & ~(1 << (31 - i))) >>> 0;
      }
      brd = `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
    }
  }
  const h = await env.handle();
  const ifindex = await resolveDev(h, dev);
  if (!ifindex) nodev(dev);
  if (validLftp || preferredLftp) {
    if (!validLft) throw new CommandFailed(-1, 'valid_lft is zero\n');
    if (validLft < preferredLft) throw new CommandFailed(-1, 'preferred_lft is greater than valid_lft\n');
  }
  if (ifaFlags & 0x400) {
    const mc = lcl && (lcl.family === AF_INET ? lcl.data[0]! >= 224 && lcl.data[0]! <= 239 : lcl.data[0] === 0xff);
    if (!mc) throw new CommandFailed(-1, 'autojoin needs multicast address\n');
  }
  const opts: Omit<AddrOptions, 'address'> & { address?: string } = { dev: ifindex };
  if (lcl) opts.address = `${prefixAddrText(lcl)}/${prefixlen}`;
  if (peer) opts.peer = `${prefixAddrText(peer)}/${peer.bitlen}`;
  if (brd !== undefined) opts.broadcast = brd;
  if (anycast !== undefined) opts.anycast = anycast;
  if (label !== undefined) opts.label = label;
  if (scope !== undefined) opts.scope = scope;
  else if (verb !== 'delete' && lcl && lcl.family === AF_INET && lcl.data[0] === 127) opts.scope = 254;
  if (metric !== undefined) opts.metric = metric;
  if (validLftp || preferredLftp) {
    opts.validLft = validLft === 0xffffffff ? 'forever' : validLft;
    opts.preferredLft = preferredLft === 0xffffffff ? 'forever' : preferredLft;
  }
  const flags: number[] = [];
  for (let bit = 1; bit <= 0x800; bit <<= 1) if (ifaFlags & bit) flags.push(bit);
  if (flags.length) opts.flags = flags;
  if (wildcard && lcl) {
    // The kernel deletes the first address with that local address, whatever its length.
    const addrs = await addrDumpRaw(h, AF_INET, ifindex);
    const want = prefixAddrText(lcl);
    const hit = addrs.find((m) => String(m.attrs?.local ?? m.attrs?.address) === want && (label === undefined || m.attrs?.label === label));
    if (!hit) throw new CommandFailed(-2, 'Error: ipv4: Address not found.\n');
    opts.address = `${want}/${num(hit.header.prefixlen)}`;
    if (hit.attrs?.address !== undefined && String(hit.attrs.address) !== want) opts.peer = `${hit.attrs.address}/${num(hit.header.prefixlen)}`;
  }
  if (!lcl || opts.address === undefined) throw new CommandFailed(-1, 'Not enough information: address is required.\n');
  const req: AddrOptions = { ...opts, address: opts.address };
  await apiCall(() => {
    switch (verb) {
      case 'add':
        return h.addr.add(req);
      case 'change':
        return h.addr.change(req);
      case 'replace':
        return h.addr.replace(req);
      case 'delete':
        return h.addr.delete(req);
    }
  });
  return 0;
}

export async function doAddress(env: Env, argv: string[]): Promise<number> {
  if (argv.length < 1) return addrList(env, [], false, 'list');
  const w = argv[0]!;
  const rest = argv.slice(1);
  if (matches(w, 'add')) return addrModify(env, 'add', rest);
  if (matches(w, 'change') || w === 'chg') return addrModify(env, 'change', rest);
  if (matches(w, 'replace')) return addrModify(env, 'replace', rest);
  if (matches(w, 'delete')) return addrModify(env, 'delete', rest);
  if (matches(w, 'list') || matches(w, 'show') || matches(w, 'lst')) return addrList(env, rest, false, 'list');
  if (matches(w, 'flush')) return addrList(env, rest, false, 'flush');
  if (matches(w, 'save') || matches(w, 'showdump') || matches(w, 'restore')) {
    throw new CommandFailed(-1, `pure-ip: "ip address ${w}" is not supported\n`);
  }
  if (matches(w, 'help')) throw new CliExit(255, ADDR_USAGE);
  throw new CliExit(255, `Command "${w}" is unknown, try "ip address help".\n`);
}

export type { LinkData };
