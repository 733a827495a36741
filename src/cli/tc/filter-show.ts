/**
 * `pure-tc filter show` (iproute2 tc/tc_filter.c tc_filter_list and print_filter): the dump
 * request with tc's selectors (dev/block, root/ingress/egress/parent, pref, protocol, chain), and
 * each filter printed as tc prints it, its options by the kind's printer (FILTER_PRINTERS).
 */
import { NLM_F_DUMP, NLM_F_REQUEST } from '../../netlink/constants.js';
import { Args, matches } from '../args.js';
import { CommandFailed, duparg, invarg } from '../errors.js';
import { PRINT_ANY, PRINT_FP, Printer } from '../format/printer.js';
import { RTM_GETTFILTER } from '../../rtnl/constants.js';
import { TC_H_CLSACT, TC_H_MAKE, TC_H_MIN_EGRESS, TC_H_MIN_INGRESS, TC_H_ROOT } from '../../rtnl/tc/constants.js';
import type { TcAttrs, TcMessage } from '../../rtnl/tc/schema.js';
import { formatClassid, parseClassid } from '../../api/tc.js';
import { cUnsigned } from './kinds/fq-codel.js';
import { llProtoA2n, llProtoN2a } from './proto.js';
import { tcError } from './qdisc.js';
import { printStats } from './util.js';
import type { ActionPrintContext } from './action-print.js';
import { printMatchall } from './filters/matchall.js';
import { printFlower } from './filters/flower-print.js';
import { printU32 } from './filters/u32.js';
import { printFw } from './filters/fw.js';
import { printBasic } from './filters/basic.js';
import { linkIndex, type TcEnv } from './env.js';
import { devIfindex } from './request.js';

/** What print_filter filters out of its lines: the selectors the dump was asked with. */
export interface FilterSelectors {
  ifindex: number;
  block: number;
  parent: number;
  prio: number;
  protocol: number;
  chain?: number;
}
/** One filter kind's print_fopt. */
export type FilterPrinter = (p: Printer, options: Record<string, unknown>, handle: number, ctx: ActionPrintContext) => void;

const FILTER_PRINTERS: Record<string, FilterPrinter> = { matchall: printMatchall, flower: printFlower, u32: printU32, fw: printFw, basic: printBasic };

/** TCM_IFINDEX_MAGIC_BLOCK: the ifindex of a shared block's filters (tcm_parent is the block). */
const TCM_IFINDEX_MAGIC_BLOCK = -1;

/** tc_filter_list */
export async function listFilters(env: TcEnv, argv: string[]): Promise<number> {
  const args = new Args(argv);
  const sel: FilterSelectors = { ifindex: 0, block: 0, parent: 0, prio: 0, protocol: 0 };
  let dev = '';
  const dupParent = (w: string) => {
    if (sel.parent) throw new CommandFailed(255, `Error: "${w}" is duplicate parent ID\n`);
  };
  for (; args.more; args.shift()) {
    const a = args.cur;
    if (a === 'dev') {
      args.next();
      if (dev) duparg('dev', args.cur);
      if (sel.block) throw new CommandFailed(255, 'Error: "dev" cannot be used in the same time as "block"\n');
      dev = args.cur;
    } else if (matches(a, 'block')) {
      args.next();
      if (sel.block) duparg('block', args.cur);
      if (dev) throw new CommandFailed(255, 'Error: "block" cannot be used in the same time as "dev"\n');
      const b = cUnsigned(args.cur, 0xffffffff);
      if (!b) invarg('invalid block index value', args.cur);
      sel.block = b!;
    } else if (a === 'root') {
      dupParent(a);
      sel.parent = TC_H_ROOT;
    } else if (a === 'ingress' || a === 'egress') {
      dupParent(a);
      sel.parent = TC_H_MAKE(TC_H_CLSACT, a === 'ingress' ? TC_H_MIN_INGRESS : TC_H_MIN_EGRESS);
    } else if (a === 'parent') {
      args.next();
      if (sel.parent) duparg('parent', args.cur);
      const h = parseClassid(args.cur);
      if (h === undefined) invarg('invalid parent ID', args.cur);
      sel.parent = h!;
    } else if (a === 'handle') {
      // tc reads it and sends nothing for it
      args.next();
    } else if (matches(a, 'preference') || matches(a, 'priority')) {
      args.next();
      if (sel.prio) duparg('priority', args.cur);
      const v = cUnsigned(args.cur, 0xffffffff);
      if (v === undefined) invarg('invalid preference', args.cur);
      sel.prio = v!;
    } else if (matches(a, 'protocol')) {
      args.next();
      if (sel.protocol) duparg('protocol', args.cur);
      const id = llProtoA2n(args.cur);
      if (id === undefined) invarg('invalid protocol', args.cur);
      sel.protocol = ((id! & 0xff) << 8) | (id! >>> 8);
    } else if (matches(a, 'chain')) {
      args.next();
      if (sel.chain !== undefined) duparg('chain', args.cur);
      const c = cUnsigned(args.cur, 0xffffffff);
      if (c === undefined) invarg('invalid chain index value', args.cur);
      sel.chain = c;
    } else if (matches(a, 'help')) {
      throw new CommandFailed(255, 'pure-tc: see "tc filter help"\n');
    } else throw new CommandFailed(255, ` What is "${a}"? Try "tc filter help"\n`);
  }
  const h = await env.handle();
  let ifindex = 0;
  let parent = sel.parent;
  if (dev) {
    ifindex = await devIfindex(dev, (d) => linkIndex(h, d));
    sel.ifindex = ifindex;
  } else if (sel.block) {
    ifindex = TCM_IFINDEX_MAGIC_BLOCK;
    parent = sel.block;
  }
  const attrs: TcAttrs = {};
  if (sel.chain !== undefined) attrs.chain = sel.chain;
  let bodies: TcMessage[];
  try {
    bodies = await h.dump({
      type: RTM_GETTFILTER,
      flags: NLM_F_REQUEST | NLM_F_DUMP,
      body: { header: { family: 0, ifindex, handle: 0, parent, info: ((sel.prio << 16) | sel.protocol) >>> 0 }, attrs },
    });
  } catch (e) {
    throw tcError(e);
  }
  const names: Map<number, string> = await h.link.names();
  const p = new Printer({ json: env.opts.json, pretty: env.opts.pretty });
  p.startDocument();
  for (const b of bodies) printFilter(p, b, sel, { opts: env.opts, names });
  p.endDocument();
  env.io.stdout(p.take());
  return 0;
}

/** print_filter (RTM_NEWTFILTER from a dump: no added/replaced/deleted word). */
export function printFilter(p: Printer, b: TcMessage, sel: FilterSelectors, ctx: ActionPrintContext): void {
  const t = b.header;
  const a = b.attrs;
  if (a.kind === undefined) return; // tc: "print_filter: NULL kind"
  p.openObject(null);
  p.string(PRINT_FP, null, 'filter ', null);
  if (t.ifindex === TCM_IFINDEX_MAGIC_BLOCK) {
    if (!sel.block || sel.block !== t.parent) p.uint(PRINT_ANY, 'block', 'block %u ', t.parent);
  } else {
    if (!sel.ifindex || sel.ifindex !== t.ifindex) {
      if (!p.json) p.string(PRINT_FP, null, 'dev ', null);
      p.string(PRINT_ANY, 'dev', '%s ', ctx.names.get(t.ifindex) ?? `if${t.ifindex}`);
    }
    if (!sel.parent || sel.parent !== t.parent) {
      if (t.parent === TC_H_ROOT) p.bool(PRINT_ANY, 'root', 'root ', true);
      else if (t.parent === TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_INGRESS)) p.bool(PRINT_ANY, 'ingress', 'ingress ', true);
      else if (t.parent === TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_EGRESS)) p.bool(PRINT_ANY, 'egress', 'egress ', true);
      else p.string(PRINT_ANY, 'parent', 'parent %s ', formatClassid(t.parent));
    }
  }
  if (t.info) {
    // tcm_info: prio in the high 16 bits, the protocol (network order) in the low
    const proto = t.info & 0xffff;
    const prio = t.info >>> 16;
    if ((!sel.protocol || sel.protocol !== proto) && proto) p.string(PRINT_ANY, 'protocol', 'protocol %s ', llProtoN2a(((proto & 0xff) << 8) | (proto >>> 8)));
    if ((!sel.prio || sel.prio !== prio) && prio) p.uint(PRINT_ANY, 'pref', 'pref %u ', prio);
  }
  p.string(PRINT_ANY, 'kind', '%s ', a.kind);
  if (a.chain !== undefined && (sel.chain === undefined || sel.chain !== a.chain)) p.uint(PRINT_ANY, 'chain', 'chain %u ', a.chain);
  if (a.options !== undefined) {
    p.openObject('options');
    const print = Object.hasOwn(FILTER_PRINTERS, a.kind) ? FILTER_PRINTERS[a.kind] : undefined;
    if (print) print(p, a.options as Record<string, unknown>, t.handle >>> 0, ctx);
    // tc writes "[cannot parse parameters]" to stderr for a kind it does not know
    p.closeObject();
  }
  p.nl();
  if (ctx.opts.stats && (a.stats || a.stats2)) {
    printStats(p, a, ' ', ctx.opts.iec);
    p.nl();
  }
  p.closeObject();
}
