/**
 * iproute2's number <-> name tables (lib/rt_names.c, ip/rtm_map.c, lib/ll_types.c): route
 * types, protocols, scopes, realms, tables, dsfield, link groups, ARPHRD types, address
 * families. The databases under /etc/iproute2 are read the way iproute2 reads them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CONFDIR = process.env.PURE_IP_CONFDIR ?? '/etc/iproute2';

/** `-N` (numeric) switches every n2a to numbers. */
export const nameOptions = { numeric: false };

function readDb(file: string): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return out;
  }
  for (const raw of text.split('\n')) {
    const line = raw.replace(/^[ \t]+/, '');
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(0x[0-9a-fA-F]+|-?\d+)\s+(\S+)/.exec(line);
    if (!m) break; // "Database is corrupted": iproute2 stops reading
    const id = m[1]!.startsWith('0x') ? parseInt(m[1]!, 16) : parseInt(m[1]!, 10);
    if (id < 0) continue;
    out.push([id, m[2]!]);
  }
  return out;
}

function readDbDir(dir: string): Array<[number, string]> {
  if (!existsSync(dir)) return [];
  const out: Array<[number, string]> = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names) {
    if (n.startsWith('.') || n.length <= 5 || !n.endsWith('.conf')) continue;
    out.push(...readDb(join(dir, n)));
  }
  return out;
}

class Tab {
  private tab: Array<string | undefined>;
  private loaded = false;
  constructor(
    defaults: Record<number, string>,
    private readonly files: () => Array<[number, string]>,
  ) {
    this.tab = new Array(256);
    for (const [k, v] of Object.entries(defaults)) this.tab[Number(k)] = v;
  }
  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    for (const [id, name] of this.files()) if (id <= 255) this.tab[id] = name;
  }
  get(id: number): string | undefined {
    if (id < 0 || id >= 256) return undefined;
    if (this.tab[id] === undefined) this.load();
    return this.tab[id];
  }
  lookup(name: string): number | undefined {
    this.load();
    for (let i = 0; i < 256; i++) if (this.tab[i] === name) return i;
    return undefined;
  }
}

const protoTab = new Tab(
  {
    0: 'unspec', 1: 'redirect', 2: 'kernel', 3: 'boot', 4: 'static', 8: 'gated', 9: 'ra', 10: 'mrt', 11: 'zebra',
    12: 'bird', 42: 'babel', 13: 'dnrouted', 14: 'xorp', 15: 'ntk', 16: 'dhcp', 18: 'keepalived', 186: 'bgp',
    187: 'isis', 188: 'ospf', 189: 'rip', 192: 'eigrp',
  },
  () => [...readDb(join(CONFDIR, 'rt_protos')), ...readDbDir(join(CONFDIR, 'rt_protos.d'))],
);
const scopeTab = new Tab({ 0: 'global', 255: 'nowhere', 254: 'host', 253: 'link', 200: 'site' }, () => readDb(join(CONFDIR, 'rt_scopes')));
const realmTab = new Tab({ 0: 'unknown' }, () => readDb(join(CONFDIR, 'rt_realms')));
const dsfieldTab = new Tab({ 0: '0' }, () => readDb(join(CONFDIR, 'rt_dsfield')));

let tables: Map<number, string> | undefined;
function tableMap(): Map<number, string> {
  if (!tables) {
    tables = new Map([
      [253, 'default'],
      [254, 'main'],
      [255, 'local'],
    ]);
    for (const [id, name] of [...readDb(join(CONFDIR, 'rt_tables')), ...readDbDir(join(CONFDIR, 'rt_tables.d'))]) tables.set(id, name);
  }
  return tables;
}
let groups: Map<number, string> | undefined;
function groupMap(): Map<number, string> {
  if (!groups) {
    groups = new Map([[0, 'default']]);
    for (const [id, name] of readDb(join(CONFDIR, 'group'))) groups.set(id, name);
  }
  return groups;
}

export function rtprotN2a(id: number): string {
  if (id < 0 || id >= 256 || nameOptions.numeric) return String(id >>> 0);
  return protoTab.get(id) ?? String(id);
}
export function rtprotA2n(arg: string): number | undefined {
  const v = protoTab.lookup(arg);
  if (v !== undefined) return v;
  const n = strtoul(arg);
  return n === undefined || n > 255 ? undefined : n;
}
export function rtscopeN2a(id: number): string {
  if (id < 0 || id >= 256 || nameOptions.numeric) return String(id);
  return scopeTab.get(id) ?? String(id);
}
export function rtscopeA2n(arg: string): number | undefined {
  const v = scopeTab.lookup(arg);
  if (v !== undefined) return v;
  const n = strtoul(arg);
  return n === undefined || n > 255 ? undefined : n;
}
export function rtrealmN2a(id: number): string {
  if (id < 0 || id >= 256 || nameOptions.numeric) return String(id);
  return realmTab.get(id) ?? String(id);
}
export function rtrealmA2n(arg: string): number | undefined {
  const v = realmTab.lookup(arg);
  if (v !== undefined) return v;
  const n = strtoul(arg);
  return n === undefined || n > 255 ? undefined : n;
}
export function rttableN2a(id: number): string {
  const name = tableMap().get(id >>> 0);
  if (!nameOptions.numeric && name !== undefined) return name;
  return String(id >>> 0);
}
export function rttableA2n(arg: string): number | undefined {
  for (const [id, name] of tableMap()) if (name === arg) return id;
  const n = strtoul(arg);
  return n === undefined || n > 0xffffffff ? undefined : n;
}
export function dsfieldN2a(id: number): string {
  if (id < 0 || id >= 256) return String(id);
  if (!nameOptions.numeric) {
    const n = dsfieldTab.get(id);
    if (n !== undefined) return n;
  }
  return '0x' + id.toString(16).padStart(2, '0');
}
export function dsfieldA2n(arg: string): number | undefined {
  const v = dsfieldTab.lookup(arg);
  if (v !== undefined) return v;
  if (!/^(0x)?[0-9a-fA-F]+$/.test(arg)) return undefined;
  const n = parseInt(arg, 16);
  return n > 255 ? undefined : n;
}
export function groupN2a(id: number): string {
  if (!nameOptions.numeric) {
    const n = groupMap().get(id);
    if (n !== undefined) return n;
  }
  return String(id | 0);
}
export function groupA2n(arg: string): number | undefined {
  for (const [id, name] of groupMap()) if (name === arg) return id;
  const n = strtol(arg);
  return n === undefined || n < 0 ? undefined : n;
}

const RTN_NAMES = ['none', 'unicast', 'local', 'broadcast', 'anycast', 'multicast', 'blackhole', 'unreachable', 'prohibit', 'throw', 'nat', 'xresolve'];
export function rtntypeN2a(id: number): string {
  if (nameOptions.numeric) return String(id);
  return RTN_NAMES[id] ?? String(id);
}
/** ip/rtm_map.c rtnl_rtntype_a2n */
export function rtntypeA2n(arg: string): number | undefined {
  if (arg === 'local') return 2;
  if (arg === 'nat') return 10;
  if (matches(arg, 'broadcast') || arg === 'brd') return 3;
  if (matches(arg, 'anycast')) return 4;
  if (matches(arg, 'multicast')) return 5;
  if (matches(arg, 'prohibit')) return 8;
  if (matches(arg, 'unreachable')) return 7;
  if (matches(arg, 'blackhole')) return 6;
  if (matches(arg, 'xresolve')) return 11;
  if (matches(arg, 'unicast')) return 1;
  if (matches(arg, 'throw')) return 9;
  const n = strtoul(arg);
  return n === undefined || n > 255 ? undefined : n;
}

/** iproute2's matches(): one definition for every parser (src/rtnl/link/kinds/words.ts). */
import { matches } from '../../rtnl/link/kinds/words.js';
import { AF_UNSPEC, AF_INET, AF_BRIDGE, AF_INET6, AF_PACKET, AF_MPLS } from '../../rtnl/constants.js';

export { AF_UNSPEC, AF_INET, AF_BRIDGE, AF_INET6, AF_PACKET, AF_MPLS } from '../../rtnl/constants.js';

export { matches };

/** strtoul(arg, &end, 0) that must consume everything. */
export function strtoul(arg: string): number | undefined {
  const s = arg.trim() === arg ? arg : '';
  let m: RegExpExecArray | null;
  if ((m = /^\+?0[xX]([0-9a-fA-F]+)$/.exec(s))) return parseInt(m[1]!, 16);
  if ((m = /^\+?0([0-7]*)$/.exec(s))) return m[1] ? parseInt(m[1], 8) : 0;
  if ((m = /^\+?([1-9]\d*)$/.exec(s))) return Number(m[1]);
  return undefined;
}
export function strtol(arg: string): number | undefined {
  if (arg.startsWith('-')) {
    const v = strtoul(arg.slice(1));
    return v === undefined ? undefined : -v;
  }
  return strtoul(arg);
}

const ARPHRD: Array<[number, string]> = [
  [0, 'netrom'], [1, 'ether'], [2, 'eether'], [3, 'ax25'], [4, 'pronet'], [5, 'chaos'], [6, 'ieee802'], [7, 'arcnet'],
  [8, 'atalk'], [15, 'dlci'], [19, 'atm'], [23, 'metricom'], [24, 'ieee1394'], [32, 'infiniband'], [256, 'slip'],
  [257, 'cslip'], [258, 'slip6'], [259, 'cslip6'], [260, 'rsrvd'], [264, 'adapt'], [270, 'rose'], [271, 'x25'],
  [272, 'hwx25'], [280, 'can'], [512, 'ppp'], [513, 'hdlc'], [516, 'lapb'], [517, 'ddcmp'], [518, 'rawhdlc'],
  [768, 'ipip'], [769, 'tunnel6'], [770, 'frad'], [771, 'skip'], [772, 'loopback'], [773, 'ltalk'], [774, 'fddi'],
  [775, 'bif'], [776, 'sit'], [777, 'ip/ddp'], [778, 'gre'], [779, 'pimreg'], [780, 'hippi'], [781, 'ash'],
  [782, 'econet'], [783, 'irda'], [784, 'fcpp'], [785, 'fcal'], [786, 'fcpl'], [787, 'fcfb0'], [788, 'fcfb1'],
  [789, 'fcfb2'], [790, 'fcfb3'], [791, 'fcfb4'], [792, 'fcfb5'], [793, 'fcfb6'], [794, 'fcfb7'], [795, 'fcfb8'],
  [796, 'fcfb9'], [797, 'fcfb10'], [798, 'fcfb11'], [799, 'fcfb12'], [800, 'tr'], [801, 'ieee802.11'],
  [802, 'ieee802.11/prism'], [803, 'ieee802.11/radiotap'], [804, 'ieee802.15.4'], [805, 'ieee802.15.4/monitor'],
  [820, 'phonet'], [821, 'phonet_pipe'], [822, 'caif'], [823, 'gre6'], [824, 'netlink'], [825, '6lowpan'],
  [0xfffe, 'none'], [0xffff, 'void'],
];
const ARPHRD_BY_NUM = new Map(ARPHRD);
export function llTypeN2a(type: number): string {
  if (!nameOptions.numeric) {
    const n = ARPHRD_BY_NUM.get(type);
    if (n !== undefined) return n;
  }
  return `[${type}]`;
}


export function familyName(family: number): string {
  switch (family) {
    case AF_INET: return 'inet';
    case AF_INET6: return 'inet6';
    case AF_PACKET: return 'link';
    case AF_MPLS: return 'mpls';
    case AF_BRIDGE: return 'bridge';
  }
  return '???';
}
export function familyNameVerbose(family: number): string {
  return family === AF_UNSPEC ? 'any valid' : familyName(family);
}
/** read_family */
export function readFamily(name: string): number {
  if (name === 'inet') return AF_INET;
  if (name === 'inet6') return AF_INET6;
  if (name === 'link') return AF_PACKET;
  if (name === 'ipx') return 4;
  if (name === 'dnet') return 12;
  if (name === 'mpls') return AF_MPLS;
  if (name === 'bridge') return AF_BRIDGE;
  return AF_UNSPEC;
}
