/**
 * `ip link` (ip/iplink.c): add / set / change / replace / delete (iplink_modify,
 * iplink_parse and the per-kind parse_opt), show (ipaddr_list_link).
 */
import { accessSync, constants as fsConstants } from 'node:fs';
import { linkKindModule, isKnownLinkKind, type AnyLinkKind, type KindParseContext } from '../../rtnl/link/kinds/index.js';
import { isValidIfname } from '../../netlink/ifname.js';
import { IF_OPER, IN6_ADDR_GEN_MODE } from '../../rtnl/link/constants.js';
import type { KindChangeOptions, LinkAddOptions, LinkChange, LinkRef } from '../../api/link.js';
import { Args, matches } from '../args.js';
import { CliExit, CommandFailed, duparg, duparg2, invarg, nodev } from '../errors.js';
import type { ApiHandle, Env } from '../env.js';
import { groupA2n } from '../format/names.js';
import { AF_INET, AF_INET6, dsfieldA2n } from '../format/names.js';
import { getAddr1, getUnsigned, prefixAddrText } from '../format/prefix.js';
import { addrList, getAddrOrExit, getPrefixOrExit } from './address.js';
import { apiCall, linkDumpRaw, linkGetRaw } from './common.js';
import { LINK_USAGE } from '../usage.js';
export { LINK_USAGE };


const usage = (): never => {
  throw new CliExit(255, LINK_USAGE);
};

/** What iplink_parse collects. */
/** The IN6_ADDR_GEN_MODE names `ip link set ... addrgenmode` accepts (not the alias stable_privacy). */
const ADDRGENMODE_WORDS = ['eui64', 'none', 'stable_secret', 'random'] as const satisfies ReadonlyArray<Extract<ReturnType<typeof IN6_ADDR_GEN_MODE.name>, string>>;
type AddrGenWord = (typeof ADDRGENMODE_WORDS)[number];

export interface LinkParse {
  name?: string;
  dev?: string;
  link?: string;
  up?: boolean;
  flags: Record<string, boolean>;
  address?: string;
  broadcast?: string;
  txqlen?: number;
  mtu?: number;
  netns?: string;
  master?: string | null;
  alias?: string;
  group?: number;
  numTxQueues?: number;
  numRxQueues?: number;
  carrier?: boolean;
  protodown?: boolean;
  addrgenmode?: AddrGenWord;
  index?: number;
  type?: string;
  linkmode?: number;
  operstate?: number;
  /** `link-netns NAME` (resolved to its nsid, one assigned if needed) */
  linkNetns?: string;
  linkNetnsid?: number;
  /** words after `type KIND` */
  typeArgs: string[];
  unsupported?: string;
}

function onOff(key: string, v: string): boolean {
  if (v === 'on') return true;
  if (v === 'off') return false;
  throw new CommandFailed(-1, `Error: argument of "${key}" must be "on" or "off", not "${v}"\n`);
}

/**
 * iproute2's check_ifname (lib/utils.c): what `ip` refuses itself ("not a valid ifname"). It is
 * looser than the kernel's rule (isValidIfname): `.`, `..` and `:` pass it and the kernel answers
 * EINVAL (kernelRejectsName), which pure-ip reproduces.
 */
function checkIfnameArg(v: string): boolean {
  return !(v === '' || Buffer.byteLength(v) >= 16 || /[/\s]/.test(v));
}

function llAddr(arg: string): string {
  if (arg.includes('.')) {
    const p = getAddrOrExit(arg, 2);
    return Array.from(p.data.subarray(0, 4)).map((b) => b.toString(16).padStart(2, '0')).join(':');
  }
  const parts = arg.split(':');
  const bytes: number[] = [];
  for (const part of parts) {
    if (!/^[0-9a-fA-F]{1,2}$/.test(part)) throw new CommandFailed(-1, `"${arg}" is invalid lladdr.\n`);
    bytes.push(parseInt(part, 16));
  }
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** iplink_parse over `a` (stops after `type KIND`). */
export function iplinkParse(a: Args, create: boolean, sandbox = false): LinkParse {
  const r: LinkParse = { flags: {}, typeArgs: [] };
  let qlenSet = false;
  let mtuSet = false;
  let netnsSet = false;
  while (a.more) {
    const w = a.cur;
    if (w === 'up') r.up = true;
    else if (w === 'down') r.up = false;
    else if (w === 'name') {
      a.next();
      if (r.name !== undefined) duparg('name', a.cur);
      if (!checkIfnameArg(a.cur)) invarg('"name" not a valid ifname', a.cur);
      r.name = a.cur;
      if (r.dev === undefined) r.dev = r.name;
    } else if (w === 'index') {
      a.next();
      if (r.index) duparg('index', a.cur);
      const idx = parseInt(a.cur, 10) || 0;
      if (idx <= 0) invarg('Invalid "index" value', a.cur);
      r.index = idx;
    } else if (matches(w, 'link')) {
      a.next();
      r.link = a.cur;
    } else if (matches(w, 'address')) {
      a.next();
      r.address = llAddr(a.cur);
    } else if (matches(w, 'broadcast') || w === 'brd') {
      a.next();
      r.broadcast = llAddr(a.cur);
    } else if (matches(w, 'txqueuelen') || w === 'qlen' || matches(w, 'txqlen')) {
      a.next();
      if (qlenSet) duparg('txqueuelen', a.cur);
      const v = getInteger(a.cur);
      if (v === undefined) invarg('Invalid "txqueuelen" value\n', a.cur);
      r.txqlen = v >>> 0;
      qlenSet = true;
    } else if (w === 'mtu') {
      a.next();
      if (mtuSet) duparg('mtu', a.cur);
      const v = getInteger(a.cur);
      if (v === undefined) invarg('Invalid "mtu" value\n', a.cur);
      r.mtu = v >>> 0;
      mtuSet = true;
    } else if (w === 'netns') {
      a.next();
      if (netnsSet) duparg('netns', a.cur);
      netnsWord(a.cur, sandbox);
      r.netns = a.cur;
      netnsSet = true;
    } else if (w === 'multicast' || w === 'allmulticast' || w === 'promisc' || w === 'trailers' || w === 'arp' || matches(w, 'dynamic')) {
      const key = matches(w, 'dynamic') && w !== 'multicast' && w !== 'allmulticast' && w !== 'promisc' && w !== 'trailers' && w !== 'arp' ? 'dynamic' : w;
      a.next();
      r.flags[key] = onOff(key, a.cur);
    } else if (w === 'carrier') {
      a.next();
      r.carrier = onOff('carrier', a.cur);
    } else if (w === 'mode') {
      a.next();
      const m = a.cur.toLowerCase() === 'default' ? 0 : a.cur.toLowerCase() === 'dormant' ? 1 : -1;
      if (m < 0) invarg('Invalid link mode\n', a.cur);
      r.linkmode = m;
    } else if (w === 'state') {
      a.next();
      // iproute2 takes the IF_OPER_* suffix in any case (not the prefixed kernel spelling).
      const st = [...IF_OPER.names].find(([, n]) => n === a.cur.toUpperCase())?.[0];
      if (st === undefined) invarg('Invalid operstate\n', a.cur);
      r.operstate = st;
    } else if (matches(w, 'link-netns')) {
      a.next();
      if (r.linkNetns !== undefined || r.linkNetnsid !== undefined) duparg('link-netns/link-netnsid', a.cur);
      r.linkNetns = a.cur;
    } else if (matches(w, 'link-netnsid')) {
      a.next();
      if (r.linkNetns !== undefined || r.linkNetnsid !== undefined) duparg('link-netns/link-netnsid', a.cur);
      const v = getInteger(a.cur);
      if (v === undefined) invarg('Invalid "link-netnsid" value\n', a.cur);
      r.linkNetnsid = v;
    } else if (w === 'vf' || w === 'xdp' || w === 'xdpgeneric' || w === 'xdpdrv' || w === 'xdpoffload' || w === 'protodown_reason' || w === 'gso_max_size' || w === 'gso_max_segs' || w === 'gro_max_size' || w === 'parentdev') {
      r.unsupported ??= w;
      if (a.nextOk()) a.next();
    } else if (matches(w, 'master')) {
      a.next();
      r.master = a.cur;
    } else if (w === 'vrf') {
      a.next();
      r.master = a.cur;
    } else if (matches(w, 'nomaster')) {
      r.master = null;
    } else if (matches(w, 'type')) {
      a.next();
      r.type = a.cur;
      a.shift();
      break;
    } else if (matches(w, 'alias')) {
      a.next();
      if (Buffer.byteLength(a.cur) >= 256) invarg('alias too long\n', a.cur);
      r.alias = a.cur;
    } else if (w === 'group') {
      a.next();
      if (r.group !== undefined) duparg('group', a.cur);
      const g = groupA2n(a.cur);
      if (g === undefined) invarg('Invalid "group" value\n', a.cur);
      r.group = g;
    } else if (matches(w, 'numtxqueues')) {
      a.next();
      if (r.numTxQueues !== undefined) duparg('numtxqueues', a.cur);
      const v = getInteger(a.cur);
      if (v === undefined) invarg('Invalid "numtxqueues" value\n', a.cur);
      r.numTxQueues = v;
    } else if (matches(w, 'numrxqueues')) {
      a.next();
      if (r.numRxQueues !== undefined) duparg('numrxqueues', a.cur);
      const v = getInteger(a.cur);
      if (v === undefined) invarg('Invalid "numrxqueues" value\n', a.cur);
      r.numRxQueues = v;
    } else if (matches(w, 'addrgenmode')) {
      a.next();
      const mode = ADDRGENMODE_WORDS.find((m) => m === a.cur);
      if (mode === undefined) invarg('Invalid address generation mode\n', a.cur);
      r.addrgenmode = mode;
    } else if (w === 'protodown') {
      a.next();
      r.protodown = onOff('protodown', a.cur);
    } else {
      if (matches(w, 'help')) usage();
      if (w === 'dev') a.next();
      if (r.dev !== r.name) duparg2('dev', a.cur);
      if (!checkIfnameArg(a.cur) && Buffer.byteLength(a.cur) < 128) invarg('"dev" not a valid ifname', a.cur);
      r.dev = a.cur;
    }
    a.shift();
  }
  if (r.type !== undefined) r.typeArgs = a.rest;
  if (r.name === undefined) r.name = r.dev;
  else if (r.dev === undefined) r.dev = r.name;
  if (r.index && !create && r.netns === undefined) {
    throw new CliExit(255, 'index can be used only when creating devices or when moving device to another netns.\n');
  }
  if (r.group !== undefined && r.dev === undefined) {
    if (create) throw new CliExit(255, 'group cannot be used when creating devices.\n');
  }
  if (!create) {
    if (r.dev === undefined && r.group === undefined) throw new CliExit(255, 'Not enough information: "dev" argument is required.\n');
  } else if (r.name !== r.dev) {
    throw new CliExit(255, 'both "name" and "dev" cannot be used when creating devices.\n');
  }
  return r;
}

function getInteger(s: string): number | undefined {
  if (!/^[-+]?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)$/.test(s)) return undefined;
  const neg = s.startsWith('-');
  const t = s.replace(/^[-+]/, '');
  const v = t.startsWith('0x') || t.startsWith('0X') ? parseInt(t, 16) : t.length > 1 && t.startsWith('0') ? parseInt(t, 8) : Number(t);
  if (v > 0x7fffffff + (neg ? 1 : 0)) return undefined;
  return neg ? -v : v;
}

/** The kernel's dev_valid_name(): names iproute2 passes but the kernel refuses with EINVAL. */
/** A name iproute2 sends and the kernel's dev_valid_name() refuses (EINVAL). */
function kernelRejectsName(n: string | undefined): boolean {
  return n !== undefined && checkIfnameArg(n) && !isValidIfname(n);
}
const EINVAL = (): never => {
  throw new CommandFailed(-2, 'RTNETLINK answers: Invalid argument\n');
};

/** What a kind module's parser may ask of the command line (src/rtnl/link/kinds/kind.ts). */
function kindParseContext(env: Env, module: AnyLinkKind, kind: string, create: boolean, link: string | undefined, current: Record<string, unknown> | undefined): KindParseContext {
  const sandbox = !!env.opts.sandbox;
  return {
    create,
    kind,
    ...(link !== undefined ? { link } : {}),
    invarg,
    duparg,
    duparg2,
    fail: (message) => {
      throw new CommandFailed(-1, message);
    },
    exit: (message) => {
      throw new CliExit(255, message);
    },
    addr32: (word) => {
      const p = getAddr1(word, AF_INET);
      if (!p) throw new CliExit(1, `Error: an IP address is expected rather than "${word}"\n`);
      return ((p.data[0]! << 24) | (p.data[1]! << 16) | (p.data[2]! << 8) | p.data[3]!) >>> 0;
    },
    usage: (message = '') => {
      const text = module.usage?.(kind);
      if (text === undefined) return usage();
      throw module.usageOnStdout ? new CommandFailed(-1, message, text) : new CommandFailed(-1, message + text);
    },
    warn: (message) => env.io.stderr(message),
    unsigned: (word, max) => getUnsigned(word, 0, max),
    addressFamily: (word) => (getAddrOrExit(word, 0).family === AF_INET ? 4 : 6),
    address: (word, family) => prefixAddrText(getAddrOrExit(word, family === 4 ? AF_INET : AF_INET6)),
    prefix: (word, family) => {
      const p = getPrefixOrExit(word, family === 4 ? AF_INET : AF_INET6);
      return { address: prefixAddrText(p), len: p.bitlen };
    },
    dsfield: (word) => dsfieldA2n(word),
    ...(current !== undefined ? { current } : {}),
    parsePeer: (args) => {
      if (!(args instanceof Args)) throw new TypeError('parsePeer: the arguments of this command expected');
      const p = iplinkParse(args, true, sandbox);
      if (p.type !== undefined) duparg('type', p.type);
      if (kernelRejectsName(p.name)) EINVAL();
      return {
        ...(p.name !== undefined ? { name: p.name } : {}),
        ...(p.netns !== undefined ? { netns: netnsWord(p.netns, sandbox) } : {}),
        ...(p.mtu !== undefined ? { mtu: p.mtu } : {}),
        ...(p.address !== undefined ? { address: p.address } : {}),
        ...(p.txqlen !== undefined ? { txqlen: p.txqlen } : {}),
        ...(p.alias !== undefined ? { alias: p.alias } : {}),
        ...(p.group !== undefined ? { devGroup: p.group } : {}),
        ...(p.up ? { up: true } : {}),
        ...(p.index !== undefined ? { index: p.index } : {}),
      };
    },
  };
}

/**
 * The device a kind's words name (`dev` of vxlan, the GRE family, ipip/sit, ip6tnl, vti, xfrm),
 * resolved to its ifindex as iproute2's parsers do: `exit(nodev(*argv))`, status 255.
 */
async function resolveKindDev(h: Parameters<typeof devIndex>[0], opts: Record<string, unknown>): Promise<void> {
  const dev = opts.dev;
  if (typeof dev !== 'string') return;
  const idx = await devIndex(h, dev);
  if (!idx) throw new CliExit(255, `Cannot find device "${dev}"\n`);
  opts.dev = idx;
}

/** The link's decoded IFLA_INFO_DATA (RTM_GETLINK), or undefined when it has none. */
async function currentKindData(h: Parameters<typeof linkGetRaw>[0], index: number): Promise<Record<string, unknown> | undefined> {
  const raw = await linkGetRaw(h, index);
  const data: unknown = raw.attrs?.linkinfo?.data;
  return data !== undefined && !(data instanceof Uint8Array) && typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : undefined;
}

/**
 * `netns NAME|PATH|PID` as iproute2 reads it (netns_get_fd, then get_integer): a namespace file
 * that can be opened (/run/netns/NAME, or a path when the word has a '/') wins; otherwise a
 * process id; otherwise `Invalid "netns" value` (exit 255) before anything is sent. (In the
 * sandbox, whose namespace files this process cannot see, a name is taken as a name.)
 */
function netnsWord(w: string, sandbox: boolean): string | { pid: number } | { path: string } {
  // In the sandbox the namespace files live in the helper's own mount namespace: a name is a name.
  if (sandbox) return /^\d+$/.test(w) ? { pid: Number(w) } : w;
  const path = w.includes('/') ? w : `/run/netns/${w}`;
  let file = false;
  try {
    accessSync(path, fsConstants.R_OK);
    file = true;
  } catch {
    file = false;
  }
  if (file) return w.includes('/') ? { path: w } : w;
  const pid = getInteger(w);
  if (pid === undefined) invarg('Invalid "netns" value\n', w);
  return { pid };
}

/**
 * The words after `type KIND`: parsed by the kind's module into its API options; a kind without
 * a parser takes no words (iproute2: "Garbage instead of arguments").
 */
function kindWords(env: Env, kind: string, words: string[], create: boolean, link: string | undefined, current?: Record<string, unknown>): Record<string, unknown> {
  const module = linkKindModule(kind);
  if (module?.parse) return module.parse(new Args(words), kindParseContext(env, module, kind, create, link, current));
  if (words.length) {
    if (matches(words[0]!, 'help')) usage();
    throw new CommandFailed(-1, `Garbage instead of arguments "${words[0]} ...". Try "ip link help".\n`);
  }
  return {};
}

async function devIndex(h: ApiHandle, dev: string): Promise<number | undefined> {
  try {
    const l = await h.link.find(dev);
    return l?.index;
  } catch {
    return undefined;
  }
}

/** `link-netns NAME`: its nsid here, assigning one when it has none (as iproute2 does); `link-netnsid N` as given. */
async function resolveLinkNetns(h: ApiHandle, p: LinkParse): Promise<number | undefined> {
  if (p.linkNetnsid !== undefined) return p.linkNetnsid;
  if (p.linkNetns === undefined) return undefined;
  const bad = (): never => invarg('Invalid "link-netns" value\n', p.linkNetns!);
  let id: number | undefined;
  try {
    id = await h.netns.getId(p.linkNetns);
    if (id === undefined || id < 0) {
      await h.netns.setId(p.linkNetns, 'auto').catch(() => undefined);
      id = await h.netns.getId(p.linkNetns);
    }
  } catch {
    bad();
  }
  if (id === undefined || id < 0) bad();
  return id;
}

/** iplink_modify for add / replace. */
async function linkAdd(env: Env, argv: string[], replace: boolean): Promise<number> {
  const a = new Args(argv);
  const p = iplinkParse(a, true, !!env.opts.sandbox);
  if (p.type === undefined) throw new CommandFailed(-1, 'Not enough information: "type" argument is required\n');
  if (p.unsupported) throw new CommandFailed(-1, `pure-ip: "${p.unsupported}" is not supported\n`);
  const h = await env.handle();
  // A kind without a module here goes through the API's raw escape hatch.
  const opts: Record<string, unknown> = isKnownLinkKind(p.type) ? { kind: p.type } : { kind: 'raw', infoKind: p.type };
  if (p.name !== undefined) opts.name = p.name;
  if (p.link !== undefined) {
    const idx = await devIndex(h, p.link);
    if (!idx) nodev(p.link);
    opts.link = idx;
  }
  if (p.master !== undefined && p.master !== null) {
    const idx = await devIndex(h, p.master);
    if (!idx) invarg('Device does not exist\n', p.master);
    opts.master = idx;
  }
  Object.assign(opts, kindWords(env, p.type, p.typeArgs, true, p.link));
  if (kernelRejectsName(p.name)) EINVAL();
  // No name: the kernel picks one (bridge0, veth0...).
  const linkNetnsid = await resolveLinkNetns(h, p);
  if (linkNetnsid !== undefined) opts.linkNetnsid = linkNetnsid;
  if (p.linkmode !== undefined || p.operstate !== undefined) {
    opts.attrs = { ...(p.linkmode !== undefined ? { linkmode: p.linkmode } : {}), ...(p.operstate !== undefined ? { operstate: p.operstate } : {}) };
  }
  if (p.mtu !== undefined) opts.mtu = p.mtu;
  if (p.address !== undefined) opts.address = p.address;
  if (p.broadcast !== undefined) opts.broadcast = p.broadcast;
  if (p.txqlen !== undefined) opts.txqlen = p.txqlen;
  if (p.alias !== undefined) opts.alias = p.alias;
  if (p.group !== undefined) opts.devGroup = p.group;
  if (p.numTxQueues !== undefined) opts.numTxQueues = p.numTxQueues;
  if (p.numRxQueues !== undefined) opts.numRxQueues = p.numRxQueues;
  if (p.up) opts.up = true;
  if (p.netns !== undefined) opts.netns = netnsWord(p.netns, !!env.opts.sandbox);
  if (p.index !== undefined) opts.index = p.index;
  if (replace) opts.replace = true;
  await resolveKindDev(h, opts);
  // The options come from a kind module chosen by the `type` word at run time; link.add checks
  // every key and value again (checkKeys, the kind's encoder), so a bad combination is a
  // ValidationError, not a malformed request.
  const add = opts as unknown as LinkAddOptions;
  await apiCall(() => h.link.add(add));
  return 0;
}

/** iplink_modify for set / change. */
async function linkSet(env: Env, argv: string[]): Promise<number> {
  const a = new Args(argv);
  const p = iplinkParse(a, false, !!env.opts.sandbox);
  if (p.unsupported) throw new CommandFailed(-1, `pure-ip: "${p.unsupported}" is not supported\n`);
  const h = await env.handle();
  // `ip link set group N ...`: ifi_index 0 and IFLA_GROUP N, the kernel changes every link of the group.
  const byGroup = p.dev === undefined && p.group !== undefined;
  let idx = 0;
  if (!byGroup) {
    const i = await devIndex(h, p.dev!);
    if (!i) nodev(p.dev!);
    idx = i;
  }
  const rename = p.name !== p.dev ? p.name : undefined;
  const start: LinkRef | LinkChange = byGroup ? h.link.group(p.group!) : h.link(idx);
  let change: LinkChange | undefined;
  const cur = (): LinkRef | LinkChange => change ?? start;
  const mark = (next: LinkChange): void => {
    change = next;
  };
  if (p.up === true) mark(cur().up());
  if (p.up === false) mark(cur().down());
  if (p.mtu !== undefined) mark(cur().mtu(p.mtu));
  if (p.address !== undefined) mark(cur().address(p.address));
  if (p.broadcast !== undefined) mark(cur().broadcast(p.broadcast));
  if (rename !== undefined) {
    if (kernelRejectsName(rename)) EINVAL();
    mark(cur().rename(rename));
  }
  if (p.alias !== undefined) mark(cur().alias(p.alias));
  if (p.txqlen !== undefined) mark(cur().txqlen(p.txqlen));
  if (p.group !== undefined && !byGroup) mark(cur().group(p.group));
  if (p.linkmode !== undefined) mark(cur().linkmode(p.linkmode));
  if (p.operstate !== undefined) mark(cur().operstate(p.operstate));
  const linkNetnsid = await resolveLinkNetns(h, p);
  if (linkNetnsid !== undefined) mark(cur().set({ attrs: { linkNetnsid } }));
  if (p.master !== undefined) {
    if (p.master === null) mark(cur().nomaster());
    else {
      const m = await devIndex(h, p.master);
      if (!m) invarg('Device does not exist\n', p.master);
      mark(cur().master(m));
    }
  }
  for (const [k, v] of Object.entries(p.flags)) {
    if (k === 'promisc') mark(cur().promisc(v));
    else if (k === 'arp') mark(cur().arp(v));
    else if (k === 'allmulticast') mark(cur().allmulticast(v));
    else if (k === 'multicast') mark(cur().multicast(v));
    else throw new CommandFailed(-1, `pure-ip: "${k}" is not supported\n`);
  }
  if (p.carrier !== undefined) mark(cur().carrier(p.carrier));
  if (p.netns !== undefined) mark(cur().setNetns(netnsWord(p.netns, !!env.opts.sandbox), p.index !== undefined ? { index: p.index } : {}));
  if (p.addrgenmode !== undefined) mark(cur().set({ attrs: { afSpec: { inet6: { addrGenMode: p.addrgenmode } } } }));
  if (p.protodown !== undefined) mark(cur().set({ attrs: { protoDown: p.protodown ? 1 : 0 } }));
  if (p.numTxQueues !== undefined || p.numRxQueues !== undefined) {
    mark(cur().set({ attrs: { ...(p.numTxQueues !== undefined ? { numTxQueues: p.numTxQueues } : {}), ...(p.numRxQueues !== undefined ? { numRxQueues: p.numRxQueues } : {}) } }));
  }
  if (p.type !== undefined) {
    const kind = p.type;
    // Tunnels: ip reads the link's current values first and sends them all back with the change.
    const current = linkKindModule(kind)?.readsCurrent ? await currentKindData(h, idx) : undefined;
    const o = kindWords(env, kind, p.typeArgs, false, p.link, current);
    await resolveKindDev(h, o);
    if (kind.endsWith('_slave')) mark(cur().set({ slaveData: {} }));
    else if (isKnownLinkKind(kind)) {
      // Options a kind module parsed from words named at run time; type() checks them again.
      mark(cur().type({ ...o, kind } as KindChangeOptions));
    } else mark(cur().set({ kind }));
  }
  // Nothing to change: iproute2 still sends an (empty) RTM_NEWLINK.
  const final = change ?? start.set({});
  await apiCall(() => final.send());
  return 0;
}

async function linkDelete(env: Env, argv: string[]): Promise<number> {
  const a = new Args(argv);
  const p = iplinkParse(a, false);
  const h = await env.handle();
  const group = p.group;
  if (p.dev === undefined && group !== undefined) {
    await apiCall(() => h.link.deleteGroup(group));
    return 0;
  }
  if (p.dev === undefined) throw new CliExit(255, 'Not enough information: "dev" argument is required.\n');
  const idx = await devIndex(h, p.dev);
  if (!idx) nodev(p.dev);
  await apiCall(() => h.link.delete(idx));
  return 0;
}

export async function doLink(env: Env, argv: string[]): Promise<number> {
  if (argv.length < 1) return addrList(env, [], true, 'list');
  const w = argv[0]!;
  const rest = argv.slice(1);
  if (matches(w, 'add')) return linkAdd(env, rest, false);
  if (matches(w, 'set') || matches(w, 'change')) return linkSet(env, rest);
  if (matches(w, 'replace')) return linkAdd(env, rest, true);
  if (matches(w, 'delete')) return linkDelete(env, rest);
  if (matches(w, 'show') || matches(w, 'lst') || matches(w, 'list')) return addrList(env, rest, true, 'list');
  if (matches(w, 'xstats') && rest.length === 0) throw new CommandFailed(-1, 'xstats: missing argument\n');
  if (matches(w, 'xstats') || matches(w, 'afstats') || matches(w, 'property')) throw new CommandFailed(-1, `pure-ip: "ip link ${w}" is not supported\n`);
  if (matches(w, 'help')) return linkHelp(env, rest);
  throw new CliExit(255, `Command "${w}" is unknown, try "ip link help".\n`);
}

/** `ip link help [TYPE]` (do_help): the kind's own usage on stdout (exit 0), else ip link's usage. */
function linkHelp(env: Env, rest: string[]): number {
  const kind = rest[0];
  const text = kind !== undefined ? linkKindModule(kind)?.usage?.(kind) : undefined;
  if (text === undefined) return usage();
  env.io.stdout(text);
  return 0;
}

export { linkDumpRaw };
