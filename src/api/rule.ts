/**
 * `handle.rule`: policy routing rules (`ip rule ...`).
 */
import { NetlinkError, NotFoundError, ValidationError } from '../netlink/errors.js';
import { ruleAdd, ruleDelete, ruleDump, type RuleOptions as RtnlRuleOptions, type RuleActionName, type RuleProtocolName } from '../rtnl/rule/requests.js';
import type { RuleMessage } from '../rtnl/rule/schema.js';
import type { Core } from './core.js';
import { tableId, type TableRef } from './route.js';
import { checkIfname, checkInt, parseCidr } from './validate.js';
import { ruleView, type Rule } from './views.js';

/** `ip rule add|del [not] [from P] [to P] [fwmark M[/MASK]] [iif IF] [oif IF] [pref N] [table T | ACTION]` */
export interface RuleOptions {
  family?: 4 | 6;
  /** Source prefix or 'all'. */
  from?: string;
  to?: string;
  not?: boolean;
  /** `pref` / `priority` */
  priority?: number;
  /** `lookup` table (default main for add). */
  table?: TableRef;
  fwmark?: number;
  fwmask?: number;
  iif?: string;
  oif?: string;
  tos?: number;
  /** 'nop', 'blackhole', 'unreachable', 'prohibit' (default: lookup the table). */
  action?: RuleActionName;
  goto?: number;
  protocol?: RuleProtocolName;
  suppressPrefixlen?: number;
  uidRange?: { start: number; end: number };
  ipProto?: number;
  sportRange?: { start: number; end: number };
  dportRange?: { start: number; end: number };
}

export interface RuleListOptions {
  family?: 4 | 6;
  table?: TableRef;
  priority?: number;
  filter?: (r: Rule) => boolean;
}

const AF = { 4: 2, 6: 10 } as const;

function build(o: RuleOptions): RtnlRuleOptions {
  if (typeof o !== 'object' || o === null) throw new ValidationError('rule options expected');
  const r: RtnlRuleOptions = {};
  if (o.family !== undefined) {
    if (AF[o.family] === undefined) throw new ValidationError('family must be 4 or 6', 'family');
    r.family = AF[o.family];
  }
  for (const k of ['from', 'to'] as const) {
    const v = o[k];
    if (v !== undefined && v !== 'all') parseCidr(v, k);
    if (v !== undefined) r[k] = v;
  }
  if (o.priority !== undefined) {
    checkInt(o.priority, 'priority', 0, 0xffffffff);
    r.priority = o.priority;
  }
  if (o.table !== undefined) r.table = tableId(o.table);
  if (o.iif !== undefined) {
    checkIfname(o.iif, 'iif');
    r.iif = o.iif;
  }
  if (o.oif !== undefined) {
    checkIfname(o.oif, 'oif');
    r.oif = o.oif;
  }
  if (o.not) r.not = true;
  for (const k of ['fwmark', 'fwmask', 'tos', 'action', 'goto', 'protocol', 'suppressPrefixlen', 'uidRange', 'ipProto', 'sportRange', 'dportRange'] as const) {
    if (o[k] !== undefined) (r as Record<string, unknown>)[k] = o[k];
  }
  return r;
}

export class RuleApi {
  constructor(private readonly core: Core) {}

  /** `ip rule add ...` */
  async add(options: RuleOptions): Promise<void> {
    await this.core.request(ruleAdd(build(options)));
  }

  /** `ip rule add ...` unless an equal rule exists (EEXIST). Resolves true when added. */
  async ensure(options: RuleOptions): Promise<boolean> {
    try {
      await this.add(options);
      return true;
    } catch (e) {
      if (e instanceof NetlinkError && e.code === 'EEXIST') return false;
      throw e;
    }
  }

  /** `ip rule del ...`: NotFoundError when no rule matches. */
  async delete(options: RuleOptions): Promise<void> {
    try {
      await this.core.request(ruleDelete(build(options)));
    } catch (e) {
      if (e instanceof NetlinkError && e.code === 'ENOENT') throw new NotFoundError('rule', JSON.stringify(options));
      throw e;
    }
  }

  /** `ip rule show [-4|-6] [table T] [pref N]` */
  async list(options: RuleListOptions = {}): Promise<Rule[]> {
    if (options.family !== undefined && AF[options.family] === undefined) throw new ValidationError('family must be 4 or 6', 'family');
    const dump = ruleDump({
      ...(options.family ? { family: AF[options.family] } : {}),
      ...(options.table !== undefined ? { table: tableId(options.table) } : {}),
      ...(options.priority !== undefined ? { priority: options.priority } : {}),
    });
    const bodies = (await this.core.dump<RuleMessage>(dump.request, { match: (b) => dump.match(b) })).filter((b) => dump.match(b));
    return bodies.map(ruleView).filter((r) => !options.filter || options.filter(r));
  }
}
