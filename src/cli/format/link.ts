/**
 * Links, as iproute2 6.1 prints them (ip/ipaddress.c print_linkinfo and helpers; the per-kind
 * details are in link-kinds.ts). The code follows the C function statement by statement so
 * that text and JSON come out as iproute2's.
 */
import { formatIPv6 } from '../../netlink/address.js';
import { IFF, IF_OPER, IF_LINK_MODE, ARPHRD, IN6_ADDR_GEN_MODE, IFLA_EVENT } from '../../rtnl/link/constants.js';
import { enumNum, flagsNum, indexToName, num, type FormatContext } from './context.js';
import type { LinkAttrs, LinkMessageBody } from '../../rtnl/link/attrs.js';
import { readFileSync } from 'node:fs';
import { linkKindModule, slaveKindModule, type KindPrintContext } from '../../rtnl/link/kinds/index.js';
import { AF_PACKET, groupN2a, llTypeN2a } from './names.js';
import { PRINT_ANY, PRINT_FP, PRINT_JSON, Printer } from './printer.js';
import { sprintf } from './printf.js';
import { printLinkStats } from './link-stats.js';

export { printLinkStats, printStats64 } from './link-stats.js';

export const IFF_UP = 0x1;
export const IFF_RUNNING = 0x40;
export const IFF_POINTOPOINT = 0x10;

/** Filters applied inside print_linkinfo (struct filter fields of ip addr/link show). */
export interface LinkFilter {
  ifindex?: number;
  up?: boolean;
  /** > 0: only slaves of that master. */
  master?: number;
  kind?: string;
  slaveKind?: string;
  /** -1 (default): any group. */
  group?: number;
  label?: string;
}

export interface LinkPrintOptions {
  /** ip link (true) or ip addr (false): do_link. */
  doLink: boolean;
  /** RTM_DELLINK: "Deleted " */
  deleted?: boolean;
  filter?: LinkFilter;
  /** filter.showqueue (set by ip link/addr show). Default true. */
  showqueue?: boolean;
  /** filter.family (default ctx.family) */
  filterFamily?: number;
}

export function ifiFlags(msg: LinkMessageBody): number {
  return flagsNum(IFF, msg.header.flags);
}
export function ifiType(msg: LinkMessageBody): number {
  return enumNum(ARPHRD, msg.header.type);
}

const FLAG_ORDER: Array<[string, number]> = [
  ['LOOPBACK', 0x8], ['BROADCAST', 0x2], ['POINTOPOINT', 0x10], ['MULTICAST', 0x1000], ['NOARP', 0x80],
  ['ALLMULTI', 0x200], ['PROMISC', 0x100], ['MASTER', 0x400], ['SLAVE', 0x800], ['DEBUG', 0x4],
  ['DYNAMIC', 0x8000], ['AUTOMEDIA', 0x4000], ['PORTSEL', 0x2000], ['NOTRAILERS', 0x20], ['UP', 0x1],
  ['LOWER_UP', 0x10000], ['DORMANT', 0x20000], ['ECHO', 0x40000],
];

export function printLinkFlags(p: Printer, flags: number, mdown: number): void {
  p.openArray(PRINT_ANY, p.json ? 'flags' : '<');
  if (flags & IFF_UP && !(flags & IFF_RUNNING)) p.string(PRINT_ANY, null, flags ? '%s,' : '%s', 'NO-CARRIER');
  flags &= ~IFF_RUNNING;
  for (const [name, bit] of FLAG_ORDER) {
    if (flags & bit) {
      flags &= ~bit;
      p.string(PRINT_ANY, null, flags ? '%s,' : '%s', name);
    }
  }
  if (flags) p.hex(PRINT_ANY, null, '%x', flags);
  if (mdown) p.string(PRINT_ANY, null, ',%s', 'M-DOWN');
  p.closeArray(PRINT_ANY, '> ');
}

function printOperstate(p: Printer, ctx: FormatContext, state: number): void {
  const name = IF_OPER.name(state);
  if (typeof name === 'number') {
    if (p.json) p.uint(PRINT_JSON, 'operstate_index', null, state);
    else p.hex0x(PRINT_FP, null, 'state %#llx', state);
  } else if (ctx.brief) {
    p.string(PRINT_ANY, 'operstate', '%-14s ', name);
  } else if (p.json) {
    p.string(PRINT_JSON, 'operstate', null, name);
  } else {
    p.fp('state ');
    p.fp('%s ', name);
  }
}

const LINK_MODES = ['DEFAULT', 'DORMANT'];
function printLinkmode(p: Printer, mode: number): void {
  if (mode >= LINK_MODES.length) p.int(PRINT_ANY, 'linkmode_index', 'mode %d ', mode);
  else p.string(PRINT_ANY, 'linkmode', 'mode %s ', LINK_MODES[mode]!);
}

/** ll_addr_n2a on a decoded link-layer address ("aa:bb:..." text). */
export function llAddrN2a(addr: string, type: number): string {
  const parts = addr.split(':');
  const bytes = parts.map((h) => parseInt(h, 16));
  if (bytes.length === 4 && (type === 768 || type === 776 || type === 778)) return bytes.join('.');
  if (bytes.length === 16 && (type === 769 || type === 823)) return formatIPv6(Uint8Array.from(bytes), 0);
  return addr;
}


/** lib/utils.c print_name_and_link: NAME[@LINK] and whether the link is down (M-DOWN). */
export function printNameAndLink(p: Printer, ctx: FormatContext, fmt: string, name: string, attrs: LinkAttrs): number {
  let link: string | undefined;
  let mFlag = 0;
  if (attrs.link !== undefined) {
    const iflink = num(attrs.link);
    if (iflink) {
      if (attrs.linkNetnsid !== undefined) {
        if (p.json) p.int(PRINT_JSON, 'link_index', null, iflink);
        else link = `if${iflink}`;
      } else {
        link = indexToName(ctx, iflink);
        if (p.json) {
          p.string(PRINT_JSON, 'link', null, link);
          link = undefined;
        }
        const f = ctx.linkFlags?.get(iflink) ?? 0;
        mFlag = f & IFF_UP ? 0 : 1;
      }
    } else {
      if (p.json) p.null(PRINT_JSON, 'link', null, null);
      else link = 'NONE';
    }
    if (link) name = `${name}@${link}`;
  }
  p.string(PRINT_ANY, 'ifname', fmt, name);
  return mFlag;
}

/** getpwuid / getgrgid over the files (what tun_print_opt prints as `user NAME`). */
function lookupId(file: string, id: number): string | undefined {
  try {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const f = line.split(':');
      if (f.length >= 3 && Number(f[2]) === id) return f[0];
    }
  } catch {
    /* no database */
  }
  return undefined;
}

function kindPrintContext(ctx: FormatContext): KindPrintContext {
  return {
    ifname: (index) => indexToName(ctx, index),
    userName: (uid) => lookupId('/etc/passwd', uid),
    groupName: (gid) => lookupId('/etc/group', gid),
  };
}

/** Decoded IFLA_INFO_DATA as attributes, or undefined (raw bytes of a kind without a schema). */
function dataOf(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !(v instanceof Uint8Array) ? (v as Record<string, unknown>) : undefined;
}

/** print_linktype: the kind, then its module's print_opt (kinds without one print no info_data). */
function printLinktype(p: Printer, ctx: FormatContext, linkinfo: NonNullable<LinkAttrs['linkinfo']>): void {
  p.openObject('linkinfo');
  if (linkinfo.kind !== undefined) {
    const kind = String(linkinfo.kind);
    p.nl();
    p.string(PRINT_ANY, 'info_kind', '    %s ', kind);
    const module = linkKindModule(kind);
    if (module?.print) {
      p.openObject('info_data');
      module.print(p, dataOf(linkinfo.data), kindPrintContext(ctx));
      p.closeObject();
    }
  }
  if (linkinfo.slaveKind !== undefined) {
    const slaveKind = String(linkinfo.slaveKind);
    p.nl();
    p.string(PRINT_ANY, 'info_slave_kind', '    %s_slave ', slaveKind);
    const module = slaveKindModule(slaveKind);
    if (module?.printSlave) {
      p.openObject('info_slave_data');
      module.printSlave(p, dataOf(linkinfo.slaveData), kindPrintContext(ctx));
      p.closeObject();
    }
  }
  p.closeObject();
}

function printAfSpec(p: Printer, afSpec: NonNullable<LinkAttrs['afSpec']>): void {
  // AF_UNSPEC links: IFLA_AF_SPEC holds one nest per address family (AF_BRIDGE's is another schema).
  const inet6 = 'inet6' in afSpec ? afSpec.inet6 : undefined;
  if (!inet6 || inet6.addrGenMode === undefined) return;
  const mode = enumNum(IN6_ADDR_GEN_MODE, inet6.addrGenMode);
  const names: Record<number, string> = { 0: 'eui64', 1: 'none', 2: 'stable_secret', 3: 'random' };
  p.string(PRINT_ANY, 'inet6_addr_gen_mode', 'addrgenmode %s ', names[mode] ?? sprintf('%#.2hhx', mode));
}

const LINK_EVENTS = ['NONE', 'REBOOT', 'FEATURE CHANGE', 'BONDING FAILOVER', 'NOTIFY PEERS', 'RESEND IGMP', 'BONDING OPTION'];
function printLinkEvent(p: Printer, event: number): void {
  if (event >= LINK_EVENTS.length) p.int(PRINT_ANY, 'event', 'event %d ', event);
  else if (event) p.string(PRINT_ANY, 'event', 'event %s ', LINK_EVENTS[event]!);
}

function printLinkinfoBrief(p: Printer, ctx: FormatContext, name: string, msg: LinkMessageBody, filterFamily: number): number {
  const attrs = msg.attrs;
  const mFlag = printNameAndLink(p, ctx, '%-16s ', name, attrs);
  if (attrs.operstate !== undefined) printOperstate(p, ctx, enumNum(IF_OPER, attrs.operstate));
  if (filterFamily === AF_PACKET) {
    if (attrs.address !== undefined) p.string(PRINT_ANY, 'address', '%s ', llAddrN2a(String(attrs.address), ifiType(msg)));
  }
  if (filterFamily === AF_PACKET) {
    printLinkFlags(p, ifiFlags(msg), mFlag);
    p.string(PRINT_FP, null, '%s', '\n');
  }
  return 0;
}

/**
 * print_linkinfo: returns -1 when filtered out, 0 for the label filter / brief, 1 when printed.
 * The caller opens/closes the JSON object around it (as iproute2's callers do).
 */
export function printLink(p: Printer, msg: LinkMessageBody, ctx: FormatContext, opts: LinkPrintOptions): number {
  const attrs = msg.attrs ?? {};
  const index = num(msg.header.index);
  const flags = ifiFlags(msg);
  const filter = opts.filter ?? {};
  const filterFamily = opts.filterFamily ?? ctx.family;
  const doLink = opts.doLink;
  if (filter.ifindex && index !== filter.ifindex) return -1;
  if (filter.up && !(flags & IFF_UP)) return -1;
  const name: string | undefined = attrs.ifname ?? ctx.linkNames.get(index);
  if (name === undefined) return -1;
  if (filter.label) return 0;
  if (attrs.group !== undefined) {
    const group = num(attrs.group);
    if (filter.group !== undefined && filter.group !== -1 && group !== filter.group) return -1;
  }
  if (attrs.master !== undefined) {
    const master = num(attrs.master);
    if (filter.master !== undefined && filter.master > 0 && master !== filter.master) return -1;
  } else if (filter.master !== undefined && filter.master > 0) return -1;
  if (filter.kind && (attrs.linkinfo?.kind ?? '') !== filter.kind) return -1;
  if (filter.slaveKind && (attrs.linkinfo?.slaveKind ?? '') !== filter.slaveKind) return -1;

  if (opts.deleted) p.bool(PRINT_ANY, 'deleted', 'Deleted ', true);
  if (ctx.brief) return printLinkinfoBrief(p, ctx, name, msg, filterFamily);

  p.int(PRINT_ANY, 'ifindex', '%d: ', index);
  const mFlag = printNameAndLink(p, ctx, '%s: ', name, attrs);
  printLinkFlags(p, flags, mFlag);

  if (attrs.mtu !== undefined) p.int(PRINT_ANY, 'mtu', 'mtu %u ', num(attrs.mtu));
  if (attrs.qdisc !== undefined) p.string(PRINT_ANY, 'qdisc', 'qdisc %s ', String(attrs.qdisc));
  if (attrs.master !== undefined) p.string(PRINT_ANY, 'master', 'master %s ', indexToName(ctx, num(attrs.master)));
  if (attrs.operstate !== undefined) printOperstate(p, ctx, enumNum(IF_OPER, attrs.operstate));
  if (doLink && attrs.linkmode !== undefined) printLinkmode(p, enumNum(IF_LINK_MODE, attrs.linkmode));
  if (attrs.group !== undefined) p.string(PRINT_ANY, 'group', 'group %s ', groupN2a(num(attrs.group)));
  if (opts.showqueue ?? true) {
    const qlen = attrs.txqlen !== undefined ? num(attrs.txqlen) : ctx.txqlen?.get(index);
    if (qlen) p.int(PRINT_ANY, 'txqlen', 'qlen %d', qlen);
  }
  if (attrs.event !== undefined) printLinkEvent(p, enumNum(IFLA_EVENT, attrs.event));

  if (!filterFamily || filterFamily === AF_PACKET || ctx.details) {
    const type = ifiType(msg);
    p.nl();
    p.string(PRINT_ANY, 'link_type', '    link/%s ', llTypeN2a(type));
    if (attrs.address !== undefined) p.string(PRINT_ANY, 'address', '%s', llAddrN2a(String(attrs.address), type));
    if (attrs.broadcast !== undefined) {
      if (flags & IFF_POINTOPOINT) {
        p.string(PRINT_FP, null, ' peer ', null);
        p.bool(PRINT_JSON, 'link_pointtopoint', null, true);
      } else p.string(PRINT_FP, null, ' brd ', null);
      p.string(PRINT_ANY, 'broadcast', '%s', llAddrN2a(String(attrs.broadcast), type));
    }
    if (attrs.permAddress !== undefined) {
      if (attrs.address === undefined || String(attrs.permAddress) !== String(attrs.address)) {
        p.string(PRINT_FP, null, ' permaddr ', null);
        p.string(PRINT_ANY, 'permaddr', '%s', llAddrN2a(String(attrs.permAddress), type));
      }
    }
  }

  if (attrs.linkNetnsid !== undefined) {
    const id = num(attrs.linkNetnsid) | 0;
    if (p.json) p.int(PRINT_JSON, 'link_netnsid', null, id);
    else if (id >= 0) {
      const nsName = ctx.nsidNames?.get(id);
      if (nsName) p.string(PRINT_FP, null, ' link-netns %s', nsName);
      else p.int(PRINT_FP, null, ' link-netnsid %d', id);
    } else p.string(PRINT_FP, null, ' link-netnsid %s', 'unknown');
  }
  if (attrs.newNetnsid !== undefined) {
    const id = num(attrs.newNetnsid) | 0;
    const nsName = ctx.nsidNames?.get(id);
    if (nsName) p.string(PRINT_FP, null, ' new-netns %s', nsName);
    else p.int(PRINT_FP, null, ' new-netnsid %d', id);
  }
  if (attrs.newIfindex !== undefined) p.int(PRINT_FP, null, ' new-ifindex %d', num(attrs.newIfindex));

  if (attrs.protoDown !== undefined && num(attrs.protoDown)) p.bool(PRINT_ANY, 'proto_down', ' protodown on ', true);

  if (ctx.details) {
    if (attrs.promiscuity !== undefined) p.uint(PRINT_ANY, 'promiscuity', ' promiscuity %u ', num(attrs.promiscuity));
    if (attrs.allmulti !== undefined) p.uint(PRINT_ANY, 'allmulti', ' allmulti %u ', num(attrs.allmulti));
    if (attrs.minMtu !== undefined) p.uint(PRINT_ANY, 'min_mtu', 'minmtu %u ', num(attrs.minMtu));
    if (attrs.maxMtu !== undefined) p.uint(PRINT_ANY, 'max_mtu', 'maxmtu %u ', num(attrs.maxMtu));
    if (attrs.linkinfo !== undefined) printLinktype(p, ctx, attrs.linkinfo);
    if (doLink && attrs.afSpec !== undefined) printAfSpec(p, attrs.afSpec);
    if (attrs.numTxQueues !== undefined) p.uint(PRINT_ANY, 'num_tx_queues', 'numtxqueues %u ', num(attrs.numTxQueues));
    if (attrs.numRxQueues !== undefined) p.uint(PRINT_ANY, 'num_rx_queues', 'numrxqueues %u ', num(attrs.numRxQueues));
    if (attrs.gsoMaxSize !== undefined) p.uint(PRINT_ANY, 'gso_max_size', 'gso_max_size %u ', num(attrs.gsoMaxSize));
    if (attrs.gsoMaxSegs !== undefined) p.uint(PRINT_ANY, 'gso_max_segs', 'gso_max_segs %u ', num(attrs.gsoMaxSegs));
    if (attrs.tsoMaxSize !== undefined) p.uint(PRINT_ANY, 'tso_max_size', 'tso_max_size %u ', num(attrs.tsoMaxSize));
    if (attrs.tsoMaxSegs !== undefined) p.uint(PRINT_ANY, 'tso_max_segs', 'tso_max_segs %u ', num(attrs.tsoMaxSegs));
    if (attrs.groMaxSize !== undefined) p.uint(PRINT_ANY, 'gro_max_size', 'gro_max_size %u ', num(attrs.groMaxSize));
    if (attrs.physPortName !== undefined) p.string(PRINT_ANY, 'phys_port_name', 'portname %s ', String(attrs.physPortName));
    if (attrs.physPortId !== undefined) p.string(PRINT_ANY, 'phys_port_id', 'portid %s ', hexstring(attrs.physPortId));
    if (attrs.physSwitchId !== undefined) p.string(PRINT_ANY, 'phys_switch_id', 'switchid %s ', hexstring(attrs.physSwitchId));
    if (attrs.parentDevBusName !== undefined) p.string(PRINT_ANY, 'parentbus', 'parentbus %s ', String(attrs.parentDevBusName));
    if (attrs.parentDevName !== undefined) p.string(PRINT_ANY, 'parentdev', 'parentdev %s ', String(attrs.parentDevName));
  }

  if ((doLink || ctx.details) && attrs.ifalias !== undefined) {
    p.string(PRINT_FP, null, '%s    ', p.SL);
    p.string(PRINT_ANY, 'ifalias', 'alias %s', String(attrs.ifalias));
  }

  if (doLink && ctx.stats) {
    p.nl();
    printLinkStats(p, ctx, attrs);
  }

  const alt: string[] | undefined = attrs.propList?.altIfname;
  if (attrs.propList !== undefined) {
    p.openArray(PRINT_JSON, 'altnames');
    for (const a of alt ?? []) {
      p.string(PRINT_FP, null, '%s    altname ', p.SL);
      p.string(PRINT_ANY, null, '%s', a);
    }
    p.closeArray(PRINT_JSON, null);
  }

  p.string(PRINT_FP, null, '%s', '\n');
  return 1;
}

function hexstring(v: unknown): string {
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  if (typeof v === 'string') return v.replace(/:/g, '');
  return String(v);
}

/** One link as iproute2's JSON object (`ip -j [-d] link show`). */
export function linkToJson(msg: LinkMessageBody, ctx: FormatContext, opts: Partial<LinkPrintOptions> = {}): unknown {
  const p = new Printer({ json: true });
  p.openObject(null);
  printLink(p, msg, ctx, { doLink: true, ...opts });
  p.closeObject();
  return p.jsonValue();
}

/** One link as iproute2's text (`ip [-d] link show`), lines with their newline. */
export function linkToText(msg: LinkMessageBody, ctx: FormatContext, opts: Partial<LinkPrintOptions> = {}): string {
  const p = new Printer({ json: false });
  printLink(p, msg, ctx, { doLink: true, ...opts });
  return p.take();
}
