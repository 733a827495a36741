/**
 * `ip nexthop` (ip/ipnexthop.c): add / replace / del / get / show / flush / bucket show|get.
 */
import type { NexthopOptions } from '../../api/nexthop.js';
import type { RouteEncap } from '../../api/route.js';
import { RTPROT } from '../../rtnl/constants.js';
import type { LinkMessageBody } from '../../rtnl/link/attrs.js';
import { nexthopBucketDump, nexthopDump, type NexthopBucketDumpOptions, type NexthopDumpOptions } from '../../rtnl/nexthop/requests.js';
import type { NexthopMessage } from '../../rtnl/nexthop/schema.js';
import { Args, matches } from '../args.js';
import { CliExit, CommandFailed, invarg } from '../errors.js';
import { formatContext, newPrinter, type ApiHandle, type Env } from '../env.js';
import { enumNum } from '../format/context.js';
import { AF_INET, AF_INET6, AF_UNSPEC, readFamily, rtprotA2n } from '../format/names.js';
import { printNexthop, printNexthopBucket } from '../format/nexthop.js';
import { getUnsigned } from '../format/prefix.js';
import { NEXTHOP_USAGE } from '../usage.js';
import { getAddrOrExit } from './addr-words.js';
import { apiCall, linkDumpRaw, mapApiError, streamDump } from './common.js';
import { parseEncap } from './route-encap.js';

const usage = (): never => {
  throw new CliExit(255, NEXTHOP_USAGE);
};

/** ipnh_parse_id */
function parseId(arg: string): number {
  const id = getUnsigned(arg, 0);
  if (id === undefined) invarg('invalid id value', arg);
  return id;
}

/** The links of the namespace: names for printing, ll_name_to_index and name_is_vrf for parsing. */
async function linkTable(h: ApiHandle): Promise<{ links: LinkMessageBody[]; index(name: string): number; isVrf(name: string): boolean }> {
  const links = await linkDumpRaw(h, AF_UNSPEC);
  const byName = new Map<string, LinkMessageBody>();
  for (const l of links) if (l.attrs.ifname !== undefined) byName.set(l.attrs.ifname, l);
  return {
    links,
    index: (name) => byName.get(name)?.header.index ?? 0,
    isVrf: (name) => byName.get(name)?.attrs.linkinfo?.kind === 'vrf',
  };
}

/** The -4 / -6 of the command line as the API's family, for the requests that carry one. */
function apiFamily(env: Env): 4 | 6 | undefined {
  return env.opts.family === AF_INET ? 4 : env.opts.family === AF_INET6 ? 6 : undefined;
}

/**
 * add_nh_group_attr: `ID[,WEIGHT]/...`. A bad id reports the word as iproute2 does after cutting
 * it in place (up to the first separator).
 */
function parseGroup(arg: string): Array<{ id: number; weight?: number }> {
  const bad = (): never => invarg('"group" value is invalid\n', arg.split(/[/,]/)[0] ?? '');
  if (arg === '') bad();
  return arg.split('/').map((seg) => {
    const comma = seg.indexOf(',');
    const id = getUnsigned(comma < 0 ? seg : seg.slice(0, comma), 0);
    if (id === undefined) bad();
    if (comma < 0) return { id: id! };
    const ws = seg.slice(comma + 1);
    const w = getUnsigned(ws, 0);
    if (w === undefined || w === 0 || w > 256) invarg('"weight" is invalid\n', ws);
    return { id: id!, weight: w };
  });
}

/** ipnh_modify: the options of h.nexthop.add / replace from the command line. */
async function nexthopModify(env: Env, verb: 'add' | 'replace' | 'delete', argv: string[]): Promise<number> {
  const h = await env.handle();
  const t = await linkTable(h);
  let family = env.opts.family;
  const o: NexthopOptions = {};
  const a = new Args(argv);
  while (a.more) {
    const w = a.cur;
    if (w === 'id') {
      a.next();
      o.id = parseId(a.cur);
    } else if (w === 'dev') {
      a.next();
      const idx = t.index(a.cur);
      if (!idx) invarg('Device does not exist\n', a.cur);
      o.dev = idx;
      if (family === AF_UNSPEC) family = AF_INET;
    } else if (w === 'via') {
      a.next();
      let af = readFamily(a.cur);
      if (af === AF_UNSPEC) af = family;
      else a.next();
      const addr = getAddrOrExit(a.cur, af);
      if (family === AF_UNSPEC) family = addr.family;
      else if (family !== addr.family) invarg('address family mismatch\n', a.cur);
      o.gateway = a.cur;
    } else if (w === 'encap') {
      // The seam of the encap words: parseEncap builds one of RouteEncap's variants from words
      // named at run time; the API checks its keys and values again (encapOptions, the codecs).
      o.encap = parseEncap(a) as unknown as RouteEncap;
    } else if (w === 'blackhole') {
      o.blackhole = true;
      if (family === AF_UNSPEC) family = AF_INET;
    } else if (w === 'fdb') o.fdb = true;
    else if (w === 'onlink') o.onlink = true;
    else if (w === 'group') {
      a.next();
      o.group = parseGroup(a.cur);
    } else if (w === 'type') {
      a.next();
      if (a.cur === 'mpath') o.type = 'mpath';
      else if (a.cur === 'resilient') {
        o.type = 'resilient';
        // parse_nh_group_type_res: the NHA_RES_GROUP nest is sent only when a word follows.
        if (a.nextOk()) {
          const r: NonNullable<NexthopOptions['resilient']> = {};
          a.shift();
          while (a.more) {
            const k: string = a.cur;
            if (k === 'buckets') {
              a.next();
              const v = getUnsigned(a.cur, 0, 0xffff);
              if (v === undefined) invarg('invalid buckets value', a.cur);
              r.buckets = v;
            } else if (k === 'idle_timer' || k === 'unbalanced_timer') {
              a.next();
              const v = getUnsigned(a.cur, 0);
              if (v === undefined || v >= Math.floor(0xffffffff / 100)) invarg(k === 'idle_timer' ? 'invalid idle timer value' : 'invalid unbalanced timer value', a.cur);
              r[k === 'idle_timer' ? 'idleTimer' : 'unbalancedTimer'] = v;
            } else break;
            a.shift();
          }
          a.prev();
          o.resilient = r;
        }
      } else invarg('"type" value is invalid\n', a.cur);
    } else if (matches(w, 'protocol')) {
      a.next();
      const p = rtprotA2n(a.cur);
      if (p === undefined) invarg('"protocol" value is invalid\n', a.cur);
      o.protocol = p;
    } else if (w === 'help') usage();
    else invarg('', w);
    a.shift();
  }
  if (family === AF_INET || family === AF_INET6) o.family = family === AF_INET6 ? 6 : 4;
  if (verb === 'delete') {
    const id = o.id;
    if (id === undefined) throw new CommandFailed(-2, 'Error: Nexthop id can not be 0.\n');
    await apiCall(() => h.nexthop.delete(id));
  } else await apiCall(() => h.nexthop[verb](o));
  return 0;
}

/** ipnh_get_id: `get id ID` (also `show id ID`), one nexthop printed as a one-element document. */
async function nexthopGetOne(env: Env, h: ApiHandle, id: number): Promise<number> {
  const t = await linkTable(h);
  const fam = apiFamily(env);
  const nh = await apiCall(() => h.nexthop.get(id, fam !== undefined ? { family: fam } : {}));
  const p = newPrinter(env);
  // new_json_obj / delete_json_obj around one answer: a one-element array with -j.
  p.startDocument();
  printNexthop(p, nh.raw, formatContext(env, t.links));
  p.endDocument();
  env.io.stdout(p.take());
  return 0;
}

/** ipnh_bucket_get_id: `bucket get id ID index N`. */
async function nexthopBucketGetOne(env: Env, h: ApiHandle, id: number, index: number): Promise<number> {
  const b = await apiCall(() => h.nexthop.bucket(id, index));
  const p = newPrinter(env);
  p.startDocument();
  printNexthopBucket(p, b.raw);
  p.endDocument();
  env.io.stdout(p.take());
  return 0;
}

/** ipnh_list_flush: the selector words, then a listing, a flush, or one id. */
async function nexthopListFlush(env: Env, argv: string[], flush: boolean): Promise<number> {
  const h = await env.handle();
  const t = await linkTable(h);
  const f: NexthopDumpOptions = {};
  let proto: number | undefined;
  const all = argv.length === 0;
  const a = new Args(argv);
  while (a.more) {
    const w = a.cur;
    if (matches(w, 'dev')) {
      a.next();
      f.oif = t.index(a.cur);
      if (!f.oif) invarg('Device does not exist\n', a.cur);
    } else if (matches(w, 'groups')) f.groups = true;
    else if (matches(w, 'master')) {
      a.next();
      f.master = t.index(a.cur);
      if (!f.master) invarg('Device does not exist\n', a.cur);
    } else if (matches(w, 'vrf')) {
      a.next();
      if (!t.isVrf(a.cur)) invarg('Invalid VRF\n', a.cur);
      f.master = t.index(a.cur);
    } else if (w === 'id') {
      a.next();
      const id = parseId(a.cur);
      if (!flush) return nexthopGetOne(env, h, id);
      await apiCall(() => h.nexthop.delete(id));
      return 0;
    } else if (matches(w, 'protocol')) {
      a.next();
      proto = getUnsigned(a.cur, 0);
      if (proto === undefined) invarg('invalid protocol value', a.cur);
    } else if (matches(w, 'fdb')) f.fdb = true;
    else if (matches(w, 'help')) usage();
    else invarg('', w);
    a.shift();
  }
  const family = env.opts.family;
  const wanted = (b: NexthopMessage): boolean => !proto || enumNum(RTPROT, b.header.protocol) === proto;
  if (flush) return nexthopFlush(env, h, { ...f, family }, all, wanted);
  const ctx = formatContext(env, t.links);
  const p = newPrinter(env);
  p.startDocument();
  const d = nexthopDump({ ...f, family });
  await streamDump<NexthopMessage>(h, d.request, (b) => {
    if (wanted(b)) printNexthop(p, b, ctx);
  });
  p.endDocument();
  env.io.stdout(p.take());
  return 0;
}

/**
 * ipnh_flush: every nexthop of the dump (groups first when nothing is selected: a group holds its
 * members) deleted one by one; a failed deletion is reported and not counted, as iproute2 does.
 */
async function nexthopFlush(env: Env, h: ApiHandle, f: NexthopDumpOptions, all: boolean, wanted: (b: NexthopMessage) => boolean): Promise<number> {
  let flushed = 0;

  const passes: NexthopDumpOptions[] = all ? [{ ...f, groups: true }, f] : [f];
  for (const pass of passes) {
    const ids: number[] = [];
    await streamDump<NexthopMessage>(h, nexthopDump(pass).request, (b) => {
      const id = b.attrs.id ?? 0;
      if (wanted(b) && id) ids.push(id);
    });
    for (const id of ids) {
      try {
        await h.nexthop.delete(id);
        flushed++;
      } catch (e) {
        const m = mapApiError(e);
        env.io.stderr(m instanceof CommandFailed ? m.stderr : `${m.message}\n`);
      }
    }
  }
  env.io.stdout(flushed ? `Flushed ${flushed} nexthops\n` : 'Nothing to flush\n');
  return 0;
}

/** do_ipnh_bucket: `bucket { list | show | get }`. */
async function nexthopBucket(env: Env, argv: string[]): Promise<number> {
  const w = argv[0];
  if (w === undefined || matches(w, 'list') || matches(w, 'show') || matches(w, 'lst')) {
    const h = await env.handle();
    const t = await linkTable(h);
    const f: NexthopBucketDumpOptions = { family: env.opts.family };
    const a = new Args(argv.slice(1));
    while (a.more) {
      const k = a.cur;
      if (matches(k, 'dev')) {
        a.next();
        f.oif = t.index(a.cur);
        if (!f.oif) invarg('Device does not exist\n', a.cur);
      } else if (matches(k, 'master')) {
        a.next();
        f.master = t.index(a.cur);
        if (!f.master) invarg('Device does not exist\n', a.cur);
      } else if (matches(k, 'vrf')) {
        a.next();
        if (!t.isVrf(a.cur)) invarg('Invalid VRF\n', a.cur);
        f.master = t.index(a.cur);
      } else if (k === 'id') {
        a.next();
        f.id = parseId(a.cur);
      } else if (k === 'nhid') {
        a.next();
        f.nhid = parseId(a.cur);
      } else if (matches(k, 'help')) usage();
      else invarg('', k);
      a.shift();
    }
    const p = newPrinter(env);
    p.startDocument();
    await streamDump<NexthopMessage>(h, nexthopBucketDump(f), (b) => printNexthopBucket(p, b));
    p.endDocument();
    env.io.stdout(p.take());
    return 0;
  }
  if (matches(w, 'get')) {
    let id = 0;
    let index: number | undefined;
    const a = new Args(argv.slice(1));
    while (a.more) {
      if (a.cur === 'id') {
        a.next();
        id = parseId(a.cur);
      } else if (a.cur === 'index') {
        a.next();
        index = getUnsigned(a.cur, 0, 0xffff);
        if (index === undefined) invarg('invalid bucket index value', a.cur);
      } else usage();
      a.shift();
    }
    if (!id || index === undefined) usage();
    return nexthopBucketGetOne(env, await env.handle(), id, index!);
  }
  if (matches(w, 'help')) usage();
  throw new CliExit(255, `Command "${w}" is unknown, try "ip nexthop help".\n`);
}

/** `ip nexthop ...`: the entry of the `nexthop` object (ip/ipnexthop.c do_ipnh). */
export async function doNexthop(env: Env, argv: string[]): Promise<number> {
  if (argv.length < 1) return nexthopListFlush(env, [], false);
  const w = argv[0]!;
  const rest = argv.slice(1);
  if (matches(w, 'add')) return nexthopModify(env, 'add', rest);
  if (matches(w, 'replace')) return nexthopModify(env, 'replace', rest);
  if (matches(w, 'delete')) return nexthopModify(env, 'delete', rest);
  if (matches(w, 'list') || matches(w, 'show') || matches(w, 'lst')) return nexthopListFlush(env, rest, false);
  if (matches(w, 'get')) {
    let id = 0;
    const a = new Args(rest);
    while (a.more) {
      if (a.cur === 'id') {
        a.next();
        id = parseId(a.cur);
      } else usage();
      a.shift();
    }
    if (!id) usage();
    return nexthopGetOne(env, await env.handle(), id);
  }
  if (matches(w, 'flush')) return nexthopListFlush(env, rest, true);
  if (matches(w, 'bucket')) return nexthopBucket(env, rest);
  if (matches(w, 'help')) usage();
  throw new CliExit(255, `Command "${w}" is unknown, try "ip nexthop help".\n`);
}
