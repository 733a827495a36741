/**
 * `bridge fdb` (iproute2 6.1 bridge/fdb.c): show / add / append / replace / del / get / flush of
 * the forwarding database (AF_BRIDGE neighbours: NDA_LLADDR, NDA_VLAN, and for vxlan devices
 * NDA_DST / NDA_PORT / NDA_VNI / NDA_IFINDEX).
 */
import { readFileSync } from 'node:fs';
import type { Request } from '../../netlink/message.js';
import { fdbAdd, fdbAppend, fdbDelete, fdbDump, fdbFlush, fdbGet, fdbReplace, type FdbOptions } from '../../rtnl/bridge/fdb.js';
import { AF_BRIDGE, NTF, NUD, RTM_DELNEIGH, RTM_NEWNEIGH } from '../../rtnl/constants.js';
import type { NeighMessage } from '../../rtnl/neigh/schema.js';
import { Args, matches } from '../args.js';
import { getAddrOrExit } from '../commands/addr-words.js';
import { streamDump } from '../commands/common.js';
import { CliExit, CommandFailed, duparg, duparg2, invarg, nodev } from '../errors.js';
import { flagsNum, indexToName, num, type FormatContext } from '../format/context.js';
import { getUnsigned, prefixAddrText, strtoulPrefix } from '../format/prefix.js';
import { PRINT_ANY, PRINT_FP, PRINT_JSON, type Printer } from '../format/printer.js';
import { sprintf } from '../format/printf.js';
import { atoi, type BridgeEnv, bridgeError, linkMap, newPrinter } from './env.js';

const FDB_USAGE = `Usage: bridge fdb { add | append | del | replace } ADDR dev DEV
              [ self ] [ master ] [ use ] [ router ] [ extern_learn ]
              [ sticky ] [ local | static | dynamic ] [ vlan VID ]
              { [ dst IPADDR ] [ port PORT] [ vni VNI ] | [ nhid NHID ] }
	       [ via DEV ] [ src_vni VNI ]
       bridge fdb [ show [ br BRDEV ] [ brport DEV ] [ vlan VID ]
              [ state STATE ] [ dynamic ] ]
       bridge fdb get [ to ] LLADDR [ br BRDEV ] { brport | dev } DEV
              [ vlan VID ] [ vni VNI ] [ self ] [ master ] [ dynamic ]
       bridge fdb flush dev DEV [ brport DEV ] [ vlan VID ]
              [ self ] [ master ] [ [no]permanent | [no]static | [no]dynamic ]
              [ [no]added_by_user ] [ [no]extern_learn ] [ [no]sticky ]
              [ [no]offloaded ]
`;

const usage = (): never => {
  throw new CliExit(255, FDB_USAGE);
};

const NUD_REACHABLE = NUD.value('REACHABLE');
const NUD_STALE = NUD.value('STALE');
const NUD_NOARP = NUD.value('NOARP');
const NUD_PERMANENT = NUD.value('PERMANENT');
const NTF_USE = NTF.value('use');
const NTF_SELF = NTF.value('self');
const NTF_MASTER = NTF.value('master');
const NTF_EXT_LEARNED = NTF.value('extern_learn');
const NTF_OFFLOADED = NTF.value('offload');
const NTF_STICKY = NTF.value('sticky');
const NTF_ROUTER = NTF.value('router');
/** sysconf(_SC_CLK_TCK) on Linux: the unit of struct nda_cacheinfo's ages (get_user_hz). */
const USER_HZ = 100;

/** What `bridge fdb show` filters on the client side (print_fdb's filter_*). */
export interface FdbFilter {
  index?: number;
  state?: number;
  vlan?: number;
  dynamic?: boolean;
}

/** state_n2a */
function stateN2a(s: number, json: boolean): string {
  if (s & NUD_PERMANENT) return 'permanent';
  if (s & NUD_NOARP) return 'static';
  if (s & NUD_STALE) return 'stale';
  if (s & NUD_REACHABLE) return '';
  const hex = s === 0 ? '0' : sprintf('%#x', s);
  return json ? hex : `state=${hex}`;
}

/** print_fdb: one entry; false when the filter leaves it out. */
export function printFdb(p: Printer, msg: NeighMessage, ctx: FormatContext, filter: FdbFilter = {}, type = RTM_NEWNEIGH): boolean {
  const h = msg.header;
  if (num(h.family) !== AF_BRIDGE) return false;
  const ifindex = num(h.ifindex);
  const state = flagsNum(NUD, h.state);
  if (filter.index && filter.index !== ifindex) return false;
  if (filter.state && !(state & filter.state)) return false;
  const a = msg.attrs ?? {};
  const vid = a.vlan !== undefined ? num(a.vlan) : 0;
  if (filter.vlan && filter.vlan !== vid) return false;
  if (filter.dynamic && state & NUD_PERMANENT) return false;
  p.openObject(null);
  if (type === RTM_DELNEIGH) p.bool(PRINT_ANY, 'deleted', 'Deleted ', true);
  if (a.lladdr !== undefined) p.string(PRINT_ANY, 'mac', '%s ', String(a.lladdr));
  if (!filter.index && ifindex) {
    p.string(PRINT_FP, null, 'dev ', null);
    p.string(PRINT_ANY, 'ifname', '%s ', indexToName(ctx, ifindex));
  }
  if (a.dst !== undefined) {
    p.string(PRINT_FP, null, 'dst ', null);
    p.string(PRINT_ANY, 'dst', '%s ', String(a.dst));
  }
  if (vid) p.uint(PRINT_ANY, 'vlan', 'vlan %hu ', vid);
  if (a.port !== undefined) p.uint(PRINT_ANY, 'port', 'port %u ', num(a.port));
  if (a.vni !== undefined) p.uint(PRINT_ANY, 'vni', 'vni %u ', num(a.vni));
  if (a.srcVni !== undefined) p.uint(PRINT_ANY, 'src_vni', 'src_vni %u ', num(a.srcVni));
  if (a.ifindex !== undefined) {
    const via = num(a.ifindex);
    if (a.linkNetnsid !== undefined) p.uint(PRINT_ANY, 'viaIfIndex', 'via ifindex %u ', via);
    else p.string(PRINT_ANY, 'viaIf', 'via %s ', indexToName(ctx, via));
  }
  if (a.nhId !== undefined) p.uint(PRINT_ANY, 'nhid', 'nhid %u ', num(a.nhId));
  if (a.linkNetnsid !== undefined) p.uint(PRINT_ANY, 'linkNetNsId', 'link-netnsid %d ', num(a.linkNetnsid) >>> 0);
  if (ctx.stats && a.cacheinfo !== undefined) {
    // fdb_print_stats
    const used = Math.trunc(num(a.cacheinfo.used) / USER_HZ);
    const updated = Math.trunc(num(a.cacheinfo.updated) / USER_HZ);
    if (p.json) {
      p.uint(PRINT_JSON, 'used', null, used);
      p.uint(PRINT_JSON, 'updated', null, updated);
    } else p.fp('used %d/%d ', used | 0, updated | 0);
  }
  // fdb_print_flags
  const flags = flagsNum(NTF, h.flags);
  p.openArray(PRINT_JSON, p.json ? 'flags' : '');
  if (flags & NTF_SELF) p.string(PRINT_ANY, null, '%s ', 'self');
  if (flags & NTF_ROUTER) p.string(PRINT_ANY, null, '%s ', 'router');
  if (flags & NTF_EXT_LEARNED) p.string(PRINT_ANY, null, '%s ', 'extern_learn');
  if (flags & NTF_OFFLOADED) p.string(PRINT_ANY, null, '%s ', 'offload');
  if (flags & NTF_MASTER) p.string(PRINT_ANY, null, '%s ', 'master');
  if (flags & NTF_STICKY) p.string(PRINT_ANY, null, '%s ', 'sticky');
  p.closeArray(PRINT_JSON, null);
  if (a.master !== undefined) p.string(PRINT_ANY, 'master', 'master %s ', indexToName(ctx, num(a.master)));
  p.string(PRINT_ANY, 'state', '%s\n', stateN2a(state, p.json));
  p.closeObject();
  return true;
}

/** state_a2n; undefined for a word it does not know. */
function stateA2n(arg: string): number | undefined {
  if (matches(arg, 'permanent')) return NUD_PERMANENT;
  if (matches(arg, 'static') || matches(arg, 'temp')) return NUD_NOARP;
  if (matches(arg, 'stale')) return NUD_STALE;
  if (matches(arg, 'reachable') || matches(arg, 'dynamic')) return NUD_REACHABLE;
  if (arg === 'all') return 0xffff;
  return getUnsigned(arg, 0);
}

/** fdb_show */
async function fdbShow(env: BridgeEnv, a: Args): Promise<number> {
  let filterDev: string | undefined;
  let br: string | undefined;
  const filter: FdbFilter = {};
  for (; a.more; a.shift()) {
    const w = a.cur;
    if (w === 'brport' || w === 'dev') filterDev = a.next();
    else if (w === 'br') br = a.next();
    else if (w === 'vlan') {
      a.next();
      if (filter.vlan) duparg('vlan', a.cur);
      filter.vlan = atoi(a.cur) >>> 0;
    } else if (w === 'state') {
      a.next();
      const s = stateA2n(a.cur);
      if (s === undefined) invarg('invalid state', a.cur);
      filter.state = ((filter.state ?? 0) | s) >>> 0;
    } else if (w === 'dynamic') filter.dynamic = true;
    else if (matches(w, 'help')) usage();
  }
  const map = await linkMap(env);
  let master: number | undefined;
  if (br !== undefined) {
    master = map.index(br);
    if (!master) throw new CommandFailed(-1, `Cannot find bridge device "${br}"\n`);
  }
  if (filterDev !== undefined) {
    filter.index = map.index(filterDev);
    if (!filter.index) nodev(filterDev);
  }
  const h = await env.handle();
  const p = newPrinter(env);
  const ctx = map.ctx;
  p.startDocument();
  const request = fdbDump({ ...(filter.index ? { dev: filter.index } : {}), ...(master !== undefined ? { master } : {}) });
  await streamDump<NeighMessage>(h, request, (body) => {
    printFdb(p, body, ctx, filter);
  }).catch((e: unknown) => {
    throw bridgeError(e);
  });
  p.endDocument();
  env.io.stdout(p.take());
  return 0;
}

/** sscanf(addr, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx"): six bytes, or undefined when fewer convert. */
export function scanMac(s: string): string | undefined {
  const out: string[] = [];
  let rest = s;
  for (let i = 0; i < 6; i++) {
    if (i > 0) {
      if (rest[0] !== ':') return undefined;
      rest = rest.slice(1);
    }
    // %x skips white space, takes a sign and an optional 0x.
    const m = /^\s*([+-]?)(?:0[xX](?=[0-9a-fA-F]))?([0-9a-fA-F]+)/.exec(rest);
    if (!m) return undefined;
    let v = Number(BigInt.asUintN(8, BigInt('0x' + m[2]!)));
    if (m[1] === '-') v = (256 - v) & 0xff;
    out.push(v.toString(16).padStart(2, '0'));
    rest = rest.slice(m[0].length);
  }
  return out.join(':');
}

/** getservbyname(name, "udp") from /etc/services. */
function udpService(name: string): number | undefined {
  let text: string;
  try {
    text = readFileSync('/etc/services', 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n')) {
    const words = line.replace(/#.*/, '').trim().split(/\s+/);
    const m = /^(\d+)\/udp$/.exec(words[1] ?? '');
    if (m && (words[0] === name || words.slice(2).includes(name))) return Number(m[1]);
  }
  return undefined;
}

/** A VNI word (strtoul base 0, whole, below 2^24), else invarg with `msg`. */
function vniWord(word: string, msg: string): number {
  const r = strtoulPrefix(word, 0);
  if (!r || r.len !== word.length || r.value >= 2 ** 24) invarg(msg, word);
  return r.value;
}

/** fdb_modify */
async function fdbModify(env: BridgeEnv, build: (o: FdbOptions) => Request<NeighMessage>, a: Args): Promise<number> {
  const map = await linkMap(env);
  let flags = 0;
  let state = NUD_NOARP;
  let addr: string | undefined;
  let dev: string | undefined;
  let dst: string | undefined;
  let port = 0;
  let vni: number | undefined;
  let srcVni: number | undefined;
  let via = 0;
  let vid = -1;
  let nhid = 0;
  for (; a.more; a.shift()) {
    const w = a.cur;
    if (w === 'dev') dev = a.next();
    else if (w === 'dst') {
      a.next();
      if (dst !== undefined) duparg2('dst', a.cur);
      dst = prefixAddrText(getAddrOrExit(a.cur, env.opts.family));
    } else if (w === 'nhid') {
      a.next();
      const v = getUnsigned(a.cur, 0);
      if (v === undefined) invarg('"id" value is invalid\n', a.cur);
      nhid = v;
    } else if (w === 'port') {
      a.next();
      const r = strtoulPrefix(a.cur, 0);
      if (!r || r.len !== a.cur.length) {
        const s = udpService(a.cur);
        if (s === undefined) invarg('invalid port\n', a.cur);
        port = s;
      } else if (r.value > 0xffff) invarg('invalid port\n', a.cur);
      else port = r.value;
    } else if (w === 'vni') vni = vniWord(a.next(), 'invalid VNI\n');
    else if (w === 'src_vni') srcVni = vniWord(a.next(), 'invalid src VNI\n');
    else if (w === 'via') {
      a.next();
      via = map.index(a.cur);
      if (!via) throw new CliExit(255, `Cannot find device "${a.cur}"\n`);
    } else if (w === 'self') flags |= NTF_SELF;
    else if (matches(w, 'master')) flags |= NTF_MASTER;
    else if (matches(w, 'router')) flags |= NTF_ROUTER;
    else if (matches(w, 'local') || matches(w, 'permanent')) state |= NUD_PERMANENT;
    else if (matches(w, 'temp') || matches(w, 'static')) state |= NUD_REACHABLE;
    else if (matches(w, 'dynamic')) state = (state | NUD_REACHABLE) & ~NUD_NOARP;
    else if (matches(w, 'vlan')) {
      if (vid >= 0) duparg2('vlan', w);
      vid = (atoi(a.next()) << 16) >> 16;
    } else if (matches(w, 'use')) flags |= NTF_USE;
    else if (matches(w, 'extern_learn')) flags |= NTF_EXT_LEARNED;
    else if (matches(w, 'sticky')) flags |= NTF_STICKY;
    else {
      if (w === 'to') a.next();
      if (matches(a.cur, 'help')) usage();
      if (addr !== undefined) duparg2('to', a.cur);
      addr = a.cur;
    }
  }
  if (dev === undefined || addr === undefined) throw new CommandFailed(-1, 'Device and address are required arguments.\n');
  if (nhid && (dst !== undefined || port || vni !== undefined)) throw new CommandFailed(-1, 'dst, port, vni are mutually exclusive with nhid\n');
  // bridge assumes a permanent entry when neither permanent nor reachable was said.
  if (!(state & (NUD_PERMANENT | NUD_REACHABLE))) state |= NUD_PERMANENT;
  const lladdr = scanMac(addr);
  if (lladdr === undefined) throw new CommandFailed(-1, `Invalid mac address ${addr}\n`);
  const index = map.index(dev);
  if (!index) nodev(dev);
  const o: FdbOptions = {
    lladdr,
    dev: index,
    state: flagNamesOfNud(state),
    ...(flags & NTF_SELF ? { self: true } : {}),
    ...(flags & NTF_MASTER ? { master: true } : {}),
    ...(flags & NTF_ROUTER ? { router: true } : {}),
    ...(flags & NTF_USE ? { use: true } : {}),
    ...(flags & NTF_EXT_LEARNED ? { externLearn: true } : {}),
    ...(flags & NTF_STICKY ? { sticky: true } : {}),
    ...(dst !== undefined ? { dst } : {}),
    ...(vid >= 0 ? { vlan: vid } : {}),
    ...(nhid ? { nhid } : {}),
    ...(port ? { port } : {}),
    ...(vni !== undefined ? { vni } : {}),
    ...(srcVni !== undefined ? { srcVni } : {}),
    ...(via ? { via } : {}),
  };
  const h = await env.handle();
  try {
    await h.request(build(o));
  } catch (e) {
    throw bridgeError(e);
  }
  return 0;
}

function flagNamesOfNud(word: number): NonNullable<Extract<FdbOptions['state'], unknown[]>> {
  const names: Array<string | number> = [];
  for (const [v, n] of NUD.names) if (v && word & v) names.push(n);
  return names as NonNullable<Extract<FdbOptions['state'], unknown[]>>;
}

/** fdb_get */
async function fdbGetCmd(env: BridgeEnv, a: Args): Promise<number> {
  const map = await linkMap(env);
  let d: string | undefined;
  let br: string | undefined;
  let vni: number | undefined;
  let flags = 0;
  let vlan = -1;
  let dynamic = false;
  let addr: string | undefined;
  for (; a.more; a.shift()) {
    const w = a.cur;
    if (w === 'brport' || w === 'dev') d = a.next();
    else if (w === 'br') br = a.next();
    else if (w === 'vni') vni = vniWord(a.next(), 'invalid VNI\n');
    else if (w === 'self') flags |= NTF_SELF;
    else if (matches(w, 'master')) flags |= NTF_MASTER;
    else if (matches(w, 'vlan')) {
      if (vlan >= 0) duparg2('vlan', w);
      vlan = (atoi(a.next()) << 16) >> 16;
    } else if (matches(w, 'dynamic')) dynamic = true;
    else {
      if (w === 'to') a.next();
      if (matches(a.cur, 'help')) usage();
      if (addr !== undefined) duparg2('to', a.cur);
      addr = a.cur;
    }
  }
  if ((d === undefined && br === undefined) || addr === undefined) throw new CommandFailed(-1, 'Device or master and address are required arguments.\n');
  const lladdr = scanMac(addr);
  if (lladdr === undefined) throw new CommandFailed(-1, `Invalid mac address ${addr}\n`);
  let dev: number | undefined;
  if (d !== undefined) {
    dev = map.index(d);
    if (!dev) throw new CommandFailed(-1, `Cannot find device "${d}"\n`);
  }
  let master: number | undefined;
  if (br !== undefined) {
    master = map.index(br);
    if (!master) throw new CommandFailed(-1, `Cannot find bridge device "${br}"\n`);
  }
  const h = await env.handle();
  let answer: NeighMessage | undefined;
  try {
    const replies = await h.request<NeighMessage>(
      fdbGet({
        lladdr,
        ...(dev !== undefined ? { dev } : {}),
        ...(master !== undefined ? { master } : {}),
        ...(vlan >= 0 ? { vlan } : {}),
        ...(vni !== undefined ? { vni } : {}),
        ...(flags & NTF_SELF ? { self: true } : {}),
        ...(flags & NTF_MASTER ? { masterTable: true } : {}),
      }),
    );
    answer = replies.find((m) => m.body !== undefined)?.body;
  } catch (e) {
    throw bridgeError(e, -2);
  }
  const p = newPrinter(env);
  p.startDocument();
  if (answer) printFdb(p, answer, map.ctx, { dynamic });
  p.endDocument();
  env.io.stdout(p.take());
  return 0;
}

/** fdb_flush */
async function fdbFlushCmd(env: BridgeEnv, a: Args): Promise<number> {
  const map = await linkMap(env);
  let stateMask = 0;
  let flagsMask = 0;
  let vid = -1;
  let flags = 0;
  let state = 0;
  let d: string | undefined;
  let port: string | undefined;
  const FLAG_WORDS: Record<string, number> = { added_by_user: NTF_USE, extern_learn: NTF_EXT_LEARNED, sticky: NTF_STICKY, offloaded: NTF_OFFLOADED };
  for (; a.more; a.shift()) {
    const w = a.cur;
    if (w === 'dev') d = a.next();
    else if (w === 'master') flags |= NTF_MASTER;
    else if (w === 'self') flags |= NTF_SELF;
    else if (w === 'permanent') {
      state |= NUD_PERMANENT;
      stateMask |= NUD_PERMANENT;
    } else if (w === 'nopermanent') {
      state &= ~NUD_PERMANENT;
      stateMask |= NUD_PERMANENT;
    } else if (w === 'static') {
      state |= NUD_NOARP;
      stateMask |= NUD_NOARP | NUD_PERMANENT;
    } else if (w === 'nostatic') {
      state &= ~NUD_NOARP;
      stateMask |= NUD_NOARP;
    } else if (w === 'dynamic') {
      state &= ~NUD_NOARP | NUD_PERMANENT;
      stateMask |= NUD_NOARP | NUD_PERMANENT;
    } else if (w === 'nodynamic') {
      state |= NUD_NOARP;
      stateMask |= NUD_NOARP;
    } else if (w in FLAG_WORDS) {
      flags |= FLAG_WORDS[w]!;
      flagsMask |= FLAG_WORDS[w]!;
    } else if (w.startsWith('no') && w.slice(2) in FLAG_WORDS) {
      flags &= ~FLAG_WORDS[w.slice(2)]!;
      flagsMask |= FLAG_WORDS[w.slice(2)]!;
    } else if (w === 'brport') {
      if (port !== undefined) duparg2('brport', w);
      port = a.next();
    } else if (w === 'vlan') {
      if (vid >= 0) duparg2('vlan', w);
      vid = (atoi(a.next()) << 16) >> 16;
    } else if (w === 'help') a.next();
  }
  if (d === undefined) throw new CommandFailed(-1, 'Device is a required argument.\n');
  const dev = map.index(d);
  if (!dev) throw new CommandFailed(-1, `Cannot find bridge device "${d}"\n`);
  let portIndex: number | undefined;
  if (port !== undefined) {
    portIndex = map.index(port);
    if (!portIndex) throw new CommandFailed(-1, `Cannot find bridge port device "${port}"\n`);
  }
  if (vid >= 4096) throw new CommandFailed(-1, `Invalid VLAN ID "${vid}"\n`);
  const h = await env.handle();
  try {
    await h.request(
      fdbFlush({
        dev,
        ...(portIndex !== undefined ? { port: portIndex } : {}),
        ...(vid > -1 ? { vlan: vid } : {}),
        flags: flags & 0xff,
        flagsMask,
        state: state & 0xffff,
        stateMask,
      }),
    );
  } catch (e) {
    throw bridgeError(e);
  }
  return 0;
}

/** do_fdb */
export async function doFdb(env: BridgeEnv, argv: string[]): Promise<number> {
  const a = new Args(argv);
  if (!a.more) return fdbShow(env, a);
  const w = a.cur;
  a.shift();
  if (matches(w, 'add')) return fdbModify(env, fdbAdd, a);
  if (matches(w, 'append')) return fdbModify(env, fdbAppend, a);
  if (matches(w, 'replace')) return fdbModify(env, fdbReplace, a);
  if (matches(w, 'delete')) return fdbModify(env, fdbDelete, a);
  if (matches(w, 'get')) return fdbGetCmd(env, a);
  if (matches(w, 'show') || matches(w, 'lst') || matches(w, 'list')) return fdbShow(env, a);
  if (w === 'flush') return fdbFlushCmd(env, a);
  if (matches(w, 'help')) usage();
  throw new CliExit(255, `Command "${w}" is unknown, try "bridge fdb help".\n`);
}

