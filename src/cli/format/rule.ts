/**
 * Policy rules, as iproute2 6.1 prints them (ip/iprule.c print_rule, filter_nlmsg).
 */
import { FIB_RULE, FR_ACT, RTPROT } from '../../rtnl/constants.js';
import type { RuleMessage } from '../../rtnl/rule/schema.js';
import { enumNum, flagsNum, num, type FormatContext } from './context.js';
import { dsfieldN2a, groupN2a, rtntypeN2a, rtprotN2a, rtrealmN2a, rttableN2a } from './names.js';
import { afBitLen, prefixMatch, type Prefix } from './prefix.js';
import { PRINT_ANY, PRINT_FP, Printer } from './printer.js';

export const FIB_RULE_INVERT = 0x2;
export const FIB_RULE_UNRESOLVED = 0x4;
export const FIB_RULE_IIF_DETACHED = 0x8;
export const FIB_RULE_OIF_DETACHED = 0x10;
export const FR_ACT_TO_TBL = 1;
export const FR_ACT_GOTO = 2;
export const FR_ACT_NOP = 3;

export interface RuleFilter {
  pref?: number;
  prefmask?: number;
  not?: boolean;
  src?: Prefix;
  dst?: Prefix;
  tos?: number;
  tosmask?: number;
  fwmark?: number;
  fwmask?: number;
  iif?: string;
  oif?: string;
  l3mdev?: boolean;
  uidrange?: { start: number; end: number };
  ipproto?: number;
  sport?: { start: number; end: number };
  dport?: { start: number; end: number };
  tunId?: bigint;
  tb?: number;
  /** `protocol P` (flush only, as in iproute2). */
  protocol?: number;
}

export function ruleTable(msg: RuleMessage): number {
  return msg.attrs?.table !== undefined ? num(msg.attrs.table) : num(msg.header.table);
}
export function ruleAction(msg: RuleMessage): number {
  return enumNum(FR_ACT, msg.header.action);
}

export function ruleMatches(msg: RuleMessage, ctx: FormatContext, filter: RuleFilter): boolean {
  const h = msg.header;
  const a = msg.attrs ?? {};
  const family = num(h.family);
  const flags = flagsNum(FIB_RULE, h.flags);
  if (ctx.family !== 0 && family !== ctx.family) return false;
  if (filter.prefmask && (filter.pref ?? 0) !== (a.priority !== undefined ? num(a.priority) : 0)) return false;
  if (filter.not && !(flags & FIB_RULE_INVERT)) return false;
  if (filter.src?.family) {
    if (filter.src.family !== family || filter.src.bitlen > num(h.srcLen)) return false;
    if (!prefixMatch(filter.src, a.src === undefined ? undefined : String(a.src))) return false;
  }
  if (filter.dst?.family) {
    if (filter.dst.family !== family || filter.dst.bitlen > num(h.dstLen)) return false;
    if (!prefixMatch(filter.dst, a.dst === undefined ? undefined : String(a.dst))) return false;
  }
  if (filter.tosmask && (filter.tos ?? 0) !== num(h.tos)) return false;
  if (filter.fwmark && filter.fwmark !== (a.fwmark !== undefined ? num(a.fwmark) : 0)) return false;
  if (filter.fwmask && filter.fwmask !== (a.fwmask !== undefined ? num(a.fwmask) : 0)) return false;
  if (filter.iif !== undefined && (a.iifname === undefined || String(a.iifname) !== filter.iif)) return false;
  if (filter.oif !== undefined && (a.oifname === undefined || String(a.oifname) !== filter.oif)) return false;
  if (filter.l3mdev && !(a.l3mdev !== undefined && num(a.l3mdev))) return false;
  if (filter.uidrange) {
    const r = a.uidRange;
    if (!r || num(r.start) !== filter.uidrange.start || num(r.end) !== filter.uidrange.end) return false;
  }
  if (filter.ipproto && filter.ipproto !== (a.ipProto !== undefined ? num(a.ipProto) : 0)) return false;
  if (filter.sport?.start) {
    const r = a.sportRange;
    if (!r || num(r.start) !== filter.sport.start || num(r.end) !== filter.sport.end) return false;
  }
  if (filter.dport?.start) {
    const r = a.dportRange;
    if (!r || num(r.start) !== filter.dport.start || num(r.end) !== filter.dport.end) return false;
  }
  if (filter.tunId) {
    if (a.tunId === undefined || BigInt(a.tunId) !== filter.tunId) return false;
  }
  const table = ruleTable(msg);
  if (filter.tb && filter.tb > 0 && filter.tb !== table) return false;
  return true;
}

const IPPROTO: Record<number, string> = { 0: 'ip', 1: 'icmp', 2: 'igmp', 6: 'tcp', 17: 'udp', 41: 'ipv6', 47: 'gre', 50: 'esp', 51: 'ah', 58: 'ipv6-icmp', 132: 'sctp', 136: 'udplite', 255: 'raw' };

export interface RulePrintOptions {
  deleted?: boolean;
  filter?: RuleFilter;
}

export function printRule(p: Printer, msg: RuleMessage, ctx: FormatContext, opts: RulePrintOptions = {}): boolean {
  if (!ruleMatches(msg, ctx, opts.filter ?? {})) return false;
  const h = msg.header;
  const a = msg.attrs ?? {};
  const family = num(h.family);
  const hostLen = afBitLen(family);
  const flags = flagsNum(FIB_RULE, h.flags);
  const srcLen = num(h.srcLen);
  const dstLen = num(h.dstLen);
  p.openObject(null);
  if (opts.deleted) p.bool(PRINT_ANY, 'deleted', 'Deleted ', true);
  const prio = a.priority !== undefined ? num(a.priority) : 0;
  p.uint(PRINT_ANY, 'priority', '%u:\t', prio);
  if (flags & FIB_RULE_INVERT) p.null(PRINT_ANY, 'not', 'not ', null);
  if (a.src !== undefined) {
    p.string(PRINT_FP, null, 'from ', null);
    p.string(PRINT_ANY, 'src', '%s', String(a.src));
    if (srcLen !== hostLen) p.uint(PRINT_ANY, 'srclen', '/%u', srcLen);
  } else if (srcLen) {
    p.string(PRINT_ANY, 'src', 'from %s', '0');
    p.uint(PRINT_ANY, 'srclen', '/%u', srcLen);
  } else p.string(PRINT_ANY, 'src', 'from %s', 'all');
  if (a.dst !== undefined) {
    p.string(PRINT_FP, null, ' to ', null);
    p.string(PRINT_ANY, 'dst', '%s', String(a.dst));
    if (dstLen !== hostLen) p.uint(PRINT_ANY, 'dstlen', '/%u', dstLen);
  } else if (dstLen) {
    p.string(PRINT_ANY, 'dst', ' to %s', '0');
    p.uint(PRINT_ANY, 'dstlen', '/%u', dstLen);
  }
  const tos = num(h.tos);
  if (tos) p.string(PRINT_ANY, 'tos', ' tos %s', dsfieldN2a(tos));
  if (a.fwmark !== undefined || a.fwmask !== undefined) {
    const mark = a.fwmark !== undefined ? num(a.fwmark) >>> 0 : 0;
    const mask = a.fwmask !== undefined ? num(a.fwmask) >>> 0 : 0;
    if (a.fwmask !== undefined && mask !== 0xffffffff) {
      p.hex0x(PRINT_ANY, 'fwmark', ' fwmark %#llx', mark);
      p.hex0x(PRINT_ANY, 'fwmask', '/%#llx', mask);
    } else p.hex0x(PRINT_ANY, 'fwmark', ' fwmark %#llx', mark);
  }
  if (a.iifname !== undefined) {
    if (!p.json) p.fp(' iif ');
    p.string(PRINT_ANY, 'iif', '%s', String(a.iifname));
    if (flags & FIB_RULE_IIF_DETACHED) p.null(PRINT_ANY, 'iif_detached', ' [detached]', null);
  }
  if (a.oifname !== undefined) {
    if (!p.json) p.fp(' oif ');
    p.string(PRINT_ANY, 'oif', '%s', String(a.oifname));
    if (flags & FIB_RULE_OIF_DETACHED) p.null(PRINT_ANY, 'oif_detached', ' [detached]', null);
  }
  if (a.l3mdev !== undefined && num(a.l3mdev)) p.null(PRINT_ANY, 'l3mdev', ' lookup [l3mdev-table]', null);
  if (a.uidRange !== undefined) {
    p.uint(PRINT_ANY, 'uid_start', ' uidrange %u', num(a.uidRange.start));
    p.uint(PRINT_ANY, 'uid_end', '-%u', num(a.uidRange.end));
  }
  if (a.ipProto !== undefined) p.string(PRINT_ANY, 'ipproto', ' ipproto %s', IPPROTO[num(a.ipProto)] ?? `ipproto-${num(a.ipProto)}`);
  for (const [key, word] of [['sportRange', 'sport'], ['dportRange', 'dport']] as const) {
    const r = a[key];
    if (r === undefined) continue;
    if (num(r.start) === num(r.end)) p.uint(PRINT_ANY, word, ` ${word} %u`, num(r.start));
    else {
      p.uint(PRINT_ANY, `${word}_start`, ` ${word} %u`, num(r.start));
      p.uint(PRINT_ANY, `${word}_end`, '-%u', num(r.end));
    }
  }
  if (a.tunId !== undefined) p.u64(PRINT_ANY, 'tun_id', ' tun_id %llu', BigInt(a.tunId));
  const table = ruleTable(msg);
  if (table) {
    p.string(PRINT_ANY, 'table', ' lookup %s', rttableN2a(table));
    if (a.suppressPrefixlen !== undefined) {
      const pl = num(a.suppressPrefixlen) | 0;
      if (pl !== -1) p.int(PRINT_ANY, 'suppress_prefixlen', ' suppress_prefixlength %d', pl);
    }
    if (a.suppressIfgroup !== undefined) {
      const g = num(a.suppressIfgroup) | 0;
      if (g !== -1) p.string(PRINT_ANY, 'suppress_ifgroup', ' suppress_ifgroup %s', groupN2a(g));
    }
  }
  if (a.flow !== undefined) {
    let to = num(a.flow) >>> 0;
    const from = to >>> 16;
    to &= 0xffff;
    if (from) p.string(PRINT_ANY, 'flow_from', ' realms %s/', rtrealmN2a(from));
    else p.string(PRINT_FP, null, ' realms ', null);
    p.string(PRINT_ANY, 'flow_to', '%s', rtrealmN2a(to));
  }
  const action = ruleAction(msg);
  if (action === 10) p.null(PRINT_ANY, 'masquerade', ' masquerade', null);
  else if (action === FR_ACT_GOTO) {
    if (a.goto !== undefined) p.uint(PRINT_ANY, 'goto', ' goto %u', num(a.goto));
    else p.string(PRINT_ANY, 'goto', ' goto %s', 'none');
    if (flags & FIB_RULE_UNRESOLVED) p.null(PRINT_ANY, 'unresolved', ' [unresolved]', null);
  } else if (action === FR_ACT_NOP) p.null(PRINT_ANY, 'nop', ' nop', null);
  else if (action !== FR_ACT_TO_TBL) p.string(PRINT_ANY, 'action', ' %s', rtntypeN2a(action));
  if (a.protocol !== undefined) {
    const protocol = enumNum(RTPROT, a.protocol);
    if ((protocol && protocol !== 2) || ctx.details > 0) p.string(PRINT_ANY, 'protocol', ' proto %s', rtprotN2a(protocol));
  }
  p.string(PRINT_FP, null, '\n', '');
  p.closeObject();
  return true;
}

export function ruleToJson(msg: RuleMessage, ctx: FormatContext, opts: RulePrintOptions = {}): unknown {
  const p = new Printer({ json: true });
  printRule(p, msg, ctx, opts);
  return p.jsonValue();
}
export function ruleToText(msg: RuleMessage, ctx: FormatContext, opts: RulePrintOptions = {}): string {
  const p = new Printer({ json: false });
  printRule(p, msg, ctx, opts);
  return p.take();
}
