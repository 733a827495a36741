/**
 * Rule request builders: the Request iproute2 6.1 sends for `ip rule add|del` and the rule dump.
 */
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_REQUEST } from '../../netlink/constants.js';
import { ValidationError } from '../../netlink/errors.js';
import type { Request } from '../../netlink/message.js';
import { AF_INET, AF_UNSPEC, FIB_RULE, FR_ACT, RTM_DELRULE, RTM_GETRULE, RTM_NEWRULE, RTPROT, RT_TABLE_MAIN } from '../constants.js';
import { familyOf, parsePrefix } from '../route/prefix.js';
import type { DumpRequest } from '../route/requests.js';
import type { RuleAttrs, RuleHeader, RuleMessage } from './schema.js';
import { ruleTable } from './schema.js';

type Named<E extends { name(v: number): unknown }> = Extract<ReturnType<E['name']>, string> | number;
/**
 * A rule action (FR_ACT_*) as `ip rule` spells it (`to_tbl`/lookup, `goto`, `blackhole`,
 * `unreachable`, `prohibit`, `nop`).
 */
export type RuleActionName = Named<typeof FR_ACT>;
/** A rule flag (FIB_RULE_*), e.g. `invert` (`not`). */
export type RuleFlagName = Named<typeof FIB_RULE>;
/** The protocol that installed a rule (RTPROT_* names, `protocol P`). */
export type RuleProtocolName = Named<typeof RTPROT>;

/** struct fib_rule_port_range (FRA_SPORT_RANGE / FRA_DPORT_RANGE): `sport|dport START[-END]`. */
export interface PortRange {
  start: number;
  end: number;
}

/** `ip rule add|del [not] [from P] [to P] [tos T] [fwmark M[/MASK]] [iif NAME] [oif NAME] [pref N] [ACTION]...` */
export interface RuleOptions {
  family?: number;
  /** Source prefix, or 'all'. */
  from?: string;
  /** Destination prefix, or 'all'. */
  to?: string;
  /** FIB_RULE_INVERT */
  not?: boolean;
  tos?: number;
  /** FRA_PRIORITY (`pref`). */
  priority?: number;
  /** `lookup`/`table`: < 256 in the header, larger ids in FRA_TABLE. Default main for add. */
  table?: number;
  fwmark?: number;
  fwmask?: number;
  /** FRA_FLOW (`realms`). */
  realm?: number;
  /** FRA_IIFNAME / FRA_OIFNAME: interface names (the kernel matches by name). */
  iif?: string;
  oif?: string;
  /** `goto N`: FRA_GOTO and action goto. */
  goto?: number;
  /** 'to_tbl' (default for add), 'nop', 'blackhole', 'unreachable', 'prohibit'. */
  action?: RuleActionName;
  suppressPrefixlen?: number;
  suppressIfgroup?: number;
  uidRange?: PortRange;
  ipProto?: number;
  sportRange?: PortRange;
  dportRange?: PortRange;
  protocol?: RuleProtocolName;
  /** FRA_L3MDEV = 1 (`l3mdev`). */
  l3mdev?: boolean;
  tunId?: bigint;
  dscp?: number;
  flowlabel?: number;
  flowlabelMask?: number;
  /** More FIB_RULE_* flags. */
  flags?: RuleFlagName[];
}

/** The body of a rule add/delete request. */
export function ruleBody(opts: RuleOptions, del = false): RuleMessage {
  let family = opts.family ?? AF_UNSPEC;
  if (family === AF_UNSPEC) family = familyOf(opts.from) || familyOf(opts.to) || AF_INET;
  const attrs: RuleAttrs = {};
  let srcLen = 0;
  let dstLen = 0;
  if (opts.from !== undefined) {
    const p = parsePrefix(opts.from, family, 'from');
    srcLen = p.len;
    if (p.address !== undefined) attrs.src = p.address;
  }
  if (opts.to !== undefined) {
    const p = parsePrefix(opts.to, family, 'to');
    dstLen = p.len;
    if (p.address !== undefined) attrs.dst = p.address;
  }
  if (opts.priority !== undefined) attrs.priority = opts.priority;
  if (opts.fwmark !== undefined) attrs.fwmark = opts.fwmark;
  if (opts.fwmask !== undefined) attrs.fwmask = opts.fwmask;
  if (opts.realm !== undefined) attrs.flow = opts.realm;
  let action = FR_ACT.value(opts.action ?? (opts.goto !== undefined ? 'goto' : del ? 'unspec' : 'to_tbl'));
  if (opts.goto !== undefined) {
    attrs.goto = opts.goto;
    action = FR_ACT.value('goto');
  }
  let headerTable = 0;
  const table = opts.table ?? (!del && action === FR_ACT.value('to_tbl') && !opts.l3mdev ? RT_TABLE_MAIN : undefined);
  if (table !== undefined) {
    if (!Number.isInteger(table) || table < 0 || table > 0xffffffff) throw new ValidationError(`invalid table id ${table}`, 'table');
    if (table < 256) headerTable = table;
    else attrs.table = table;
  }
  if (opts.iif !== undefined) attrs.iifname = opts.iif;
  if (opts.oif !== undefined) attrs.oifname = opts.oif;
  if (opts.tunId !== undefined) attrs.tunId = opts.tunId;
  if (opts.suppressPrefixlen !== undefined) attrs.suppressPrefixlen = opts.suppressPrefixlen;
  if (opts.suppressIfgroup !== undefined) attrs.suppressIfgroup = opts.suppressIfgroup;
  if (opts.l3mdev) attrs.l3mdev = 1;
  if (opts.uidRange !== undefined) attrs.uidRange = { start: opts.uidRange.start, end: opts.uidRange.end };
  if (opts.protocol !== undefined) attrs.protocol = RTPROT.name(RTPROT.value(opts.protocol));
  if (opts.ipProto !== undefined) attrs.ipProto = opts.ipProto;
  if (opts.sportRange !== undefined) attrs.sportRange = { start: opts.sportRange.start, end: opts.sportRange.end };
  if (opts.dportRange !== undefined) attrs.dportRange = { start: opts.dportRange.start, end: opts.dportRange.end };
  if (opts.dscp !== undefined) attrs.dscp = opts.dscp;
  if (opts.flowlabel !== undefined) attrs.flowlabel = opts.flowlabel;
  if (opts.flowlabelMask !== undefined) attrs.flowlabelMask = opts.flowlabelMask;
  const flags: RuleFlagName[] = [...(opts.not ? (['invert'] as RuleFlagName[]) : []), ...(opts.flags ?? [])];
  const header: RuleHeader = {
    family,
    dstLen,
    srcLen,
    tos: opts.tos ?? 0,
    table: headerTable,
    action: FR_ACT.name(action),
    flags: flags.map((f) => FIB_RULE.name(FIB_RULE.value(f))),
  };
  return { header, attrs };
}

/** `ip rule add`: RTM_NEWRULE, REQUEST|ACK|EXCL|CREATE. */
export function ruleAdd(opts: RuleOptions): Request<RuleMessage> {
  return { type: RTM_NEWRULE, flags: NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE, body: ruleBody(opts) };
}
/** `ip rule del`: RTM_DELRULE, REQUEST|ACK. */
export function ruleDelete(opts: RuleOptions): Request<RuleMessage> {
  return { type: RTM_DELRULE, flags: NLM_F_REQUEST | NLM_F_ACK, body: ruleBody(opts, true) };
}

/** `ip rule show [-4|-6] [table T] [pref N]` */
export interface RuleDumpOptions {
  family?: number;
  /** Client-side only. */
  table?: number;
  /** Client-side only. */
  priority?: number;
}

/** Rule dump: RTM_GETRULE, REQUEST|DUMP (fib_rule_hdr with the family only). */
export function ruleDump(opts: RuleDumpOptions = {}): DumpRequest<RuleMessage> {
  const family = opts.family ?? AF_UNSPEC;
  const header: RuleHeader = { family, dstLen: 0, srcLen: 0, tos: 0, table: 0, action: 'unspec', flags: [] };
  return {
    request: { type: RTM_GETRULE, flags: NLM_F_REQUEST | NLM_F_DUMP, body: { header, attrs: {} } },
    match(body) {
      if (family !== AF_UNSPEC && body.header.family !== family) return false;
      if (opts.table !== undefined && ruleTable(body) !== opts.table) return false;
      if (opts.priority !== undefined && (body.attrs.priority ?? 0) !== opts.priority) return false;
      return true;
    },
  };
}
