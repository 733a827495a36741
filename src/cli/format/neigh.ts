/**
 * Neighbours, as iproute2 6.1 prints them (ip/ipneigh.c print_neigh).
 */
import { NTF, NTF_EXT, NUD, RTPROT } from '../../rtnl/constants.js';
import { enumNum, flagsNum, indexToName, num, type FormatContext } from './context.js';
import type { NeighMessage } from '../../rtnl/neigh/schema.js';
import { llAddrN2a } from './link.js';
import { rtprotN2a } from './names.js';
import { prefixMatch, type Prefix } from './prefix.js';
import { PRINT_ANY, PRINT_FP, PRINT_JSON, Printer } from './printer.js';
import { NUD_NOARP, NTF_PROXY, NTF_EXT_LEARNED, NTF_ROUTER, NTF_OFFLOADED } from '../../rtnl/constants.js';

export { NUD_PERMANENT, NUD_NOARP, NTF_PROXY, NTF_EXT_LEARNED, NTF_ROUTER, NTF_OFFLOADED } from '../../rtnl/constants.js';


export interface NeighFilter {
  family?: number;
  index?: number;
  /** NUD bits to show; 0x100 = also NUD_NONE. Default: everything but NOARP (iproute2's ~NUD_NOARP). */
  state?: number;
  pfx?: Prefix;
  protocol?: number;
  unusedOnly?: boolean;
}

export function neighState(msg: NeighMessage): number {
  return flagsNum(NUD, msg.header.state);
}
export function neighFlags(msg: NeighMessage): number {
  return flagsNum(NTF, msg.header.flags);
}

export function neighMatches(msg: NeighMessage, filter: NeighFilter): boolean {
  const h = msg.header;
  const a = msg.attrs ?? {};
  const state = neighState(msg);
  const flags = neighFlags(msg);
  const fstate = filter.state ?? ~NUD_NOARP;
  if (filter.family && filter.family !== num(h.family)) return false;
  if (filter.index && filter.index !== num(h.ifindex)) return false;
  if (!(fstate & state) && !(flags & NTF_PROXY) && !(flags & NTF_EXT_LEARNED) && (state || !(fstate & 0x100))) return false;
  if (!prefixMatch(filter.pfx, a.dst === undefined ? undefined : String(a.dst))) return false;
  const protocol = a.protocol !== undefined ? enumNum(RTPROT, a.protocol) : 0;
  if (filter.protocol && filter.protocol !== protocol) return false;
  if (filter.unusedOnly && a.cacheinfo && num(a.cacheinfo.refcnt)) return false;
  return true;
}

const STATES: Array<[number, string]> = [
  [0x01, 'INCOMPLETE'], [0x02, 'REACHABLE'], [0x04, 'STALE'], [0x08, 'DELAY'], [0x10, 'PROBE'], [0x20, 'FAILED'],
  [0x40, 'NOARP'], [0x80, 'PERMANENT'],
];

export interface NeighPrintOptions {
  deleted?: boolean;
  miss?: boolean;
  filter?: NeighFilter;
  /** ifindex -> ARPHRD type (ll_index_to_type), for lladdr formatting. */
  linkTypes?: Map<number, number>;
}

export function printNeigh(p: Printer, msg: NeighMessage, ctx: FormatContext, opts: NeighPrintOptions = {}): boolean {
  const filter = opts.filter ?? {};
  if (!neighMatches(msg, filter)) return false;
  const h = msg.header;
  const a = msg.attrs ?? {};
  const flags = neighFlags(msg);
  const extFlags = a.flagsExt !== undefined ? flagsNum(NTF_EXT, a.flagsExt) : 0;
  const protocol = a.protocol !== undefined ? enumNum(RTPROT, a.protocol) : 0;
  const ifindex = num(h.ifindex);
  p.openObject(null);
  if (opts.deleted) p.bool(PRINT_ANY, 'deleted', 'Deleted ', true);
  else if (opts.miss) p.null(PRINT_ANY, 'miss', '%s ', 'miss');
  if (ctx.brief) {
    // print_neigh_brief
    if (a.dst !== undefined) p.string(PRINT_ANY, 'dst', '%-39s ', String(a.dst));
    if (!filter.index && ifindex) p.string(PRINT_ANY, 'dev', '%-16s ', indexToName(ctx, ifindex));
    if (a.lladdr !== undefined) p.string(PRINT_ANY, 'lladdr', '%s', llAddrN2a(String(a.lladdr), opts.linkTypes?.get(ifindex) ?? 1));
    p.string(PRINT_FP, null, '%s', '\n');
    p.closeObject();
    return true;
  }
  if (a.dst !== undefined) p.string(PRINT_ANY, 'dst', '%s ', String(a.dst));
  if (!filter.index && ifindex) {
    if (!p.json) p.fp('dev ');
    p.string(PRINT_ANY, 'dev', '%s ', indexToName(ctx, ifindex));
  }
  if (a.lladdr !== undefined) {
    if (!p.json) p.fp('lladdr ');
    p.string(PRINT_ANY, 'lladdr', '%s ', llAddrN2a(String(a.lladdr), opts.linkTypes?.get(ifindex) ?? 1));
  }
  if (flags & NTF_ROUTER) p.null(PRINT_ANY, 'router', '%s ', 'router');
  if (flags & NTF_PROXY) p.null(PRINT_ANY, 'proxy', '%s ', 'proxy');
  if (extFlags & 1) p.null(PRINT_ANY, 'managed', '%s ', 'managed');
  if (flags & NTF_EXT_LEARNED) p.null(PRINT_ANY, 'extern_learn', '%s ', 'extern_learn');
  if (flags & NTF_OFFLOADED) p.null(PRINT_ANY, 'offload', '%s ', 'offload');
  if (ctx.stats) {
    if (a.cacheinfo !== undefined) {
      const ci = a.cacheinfo;
      const hz = 100;
      if (num(ci.refcnt)) p.uint(PRINT_ANY, 'refcnt', ' ref %u', num(ci.refcnt));
      p.uint(PRINT_ANY, 'used', ' used %u', Math.trunc(num(ci.used) / hz));
      p.uint(PRINT_ANY, 'confirmed', '/%u', Math.trunc(num(ci.confirmed) / hz));
      p.uint(PRINT_ANY, 'updated', '/%u', Math.trunc(num(ci.updated) / hz));
    }
    if (a.probes !== undefined) p.uint(PRINT_ANY, 'probes', 'probes %u ', num(a.probes));
  }
  let nud = neighState(msg);
  if (nud) {
    p.openArray(PRINT_JSON, p.json ? 'state' : '');
    for (const [bit, name] of STATES) {
      if (nud & bit) {
        nud &= ~bit;
        p.string(PRINT_ANY, null, '%s ', name);
      }
    }
    p.closeArray(PRINT_JSON, null);
  }
  if (protocol) p.string(PRINT_ANY, 'protocol', 'proto %s ', rtprotN2a(protocol));
  p.string(PRINT_FP, null, '\n', '');
  p.closeObject();
  return true;
}

export function neighToJson(msg: NeighMessage, ctx: FormatContext, opts: NeighPrintOptions = {}): unknown {
  const p = new Printer({ json: true });
  printNeigh(p, msg, ctx, opts);
  return p.jsonValue();
}
export function neighToText(msg: NeighMessage, ctx: FormatContext, opts: NeighPrintOptions = {}): string {
  const p = new Printer({ json: false });
  printNeigh(p, msg, ctx, opts);
  return p.take();
}
