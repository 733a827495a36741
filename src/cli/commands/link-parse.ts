/**
 * `ip link` arguments (ip/iplink.c iplink_parse): the words before `type KIND` into a LinkParse,
 * with iproute2's checks of names, addresses, numbers and `netns` targets.
 */
import { accessSync, constants as fsConstants } from 'node:fs';
import { isValidIfname } from '../../netlink/ifname.js';
import { IF_OPER, IN6_ADDR_GEN_MODE } from '../../rtnl/link/constants.js';
import { Args, matches } from '../args.js';
import { CliExit, CommandFailed, duparg, duparg2, invarg } from '../errors.js';
import { groupA2n } from '../format/names.js';
import { LINK_USAGE } from '../usage.js';
import { getAddrOrExit } from './addr-words.js';

/** `ip link` usage on stderr, exit 255. */
export const usage = (): never => {
  throw new CliExit(255, LINK_USAGE);
};

/** The IN6_ADDR_GEN_MODE names `ip link set ... addrgenmode` accepts (not the alias stable_privacy). */
const ADDRGENMODE_WORDS = ['eui64', 'none', 'stable_secret', 'random'] as const satisfies ReadonlyArray<Extract<ReturnType<typeof IN6_ADDR_GEN_MODE.name>, string>>;
type AddrGenWord = (typeof ADDRGENMODE_WORDS)[number];

/** What iplink_parse collects. */
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

/** A name iproute2 sends and the kernel's dev_valid_name() refuses (EINVAL). */
export function kernelRejectsName(n: string | undefined): boolean {
  return n !== undefined && checkIfnameArg(n) && !isValidIfname(n);
}
/** The kernel's answer to such a name, as ip prints it. */
export const EINVAL = (): never => {
  throw new CommandFailed(-2, 'RTNETLINK answers: Invalid argument\n');
};

/**
 * `netns NAME|PATH|PID` as iproute2 reads it (netns_get_fd, then get_integer): a namespace file
 * that can be opened (/run/netns/NAME, or a path when the word has a '/') wins; otherwise a
 * process id; otherwise `Invalid "netns" value` (exit 255) before anything is sent. (In the
 * sandbox, whose namespace files this process cannot see, a name is taken as a name.)
 */
export function netnsWord(w: string, sandbox: boolean): string | { pid: number } | { path: string } {
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
