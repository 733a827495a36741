/**
 * `handle.rule`: policy routing rules (`ip rule ...`).
 */
import { NLM_F_ACK, NLM_F_REQUEST } from '../netlink/constants.js';
import { NetlinkError, NotFoundError, ValidationError } from '../netlink/errors.js';
import type { Request } from '../netlink/message.js';
import { RTM_DELRULE, RTN_NAT, RTPROT } from '../rtnl/constants.js';
import { ruleAdd, ruleDelete, ruleDump, type RuleOptions as RtnlRuleOptions, type RuleActionName, type RuleProtocolName } from '../rtnl/rule/requests.js';
import { ruleTable as ruleTableOf, type RuleMessage } from '../rtnl/rule/schema.js';
import { countDeleted, createUnlessExists, type Core } from './core.js';
import { tableId, type TableRef } from './route.js';
import { checkIfname, checkInt, parseAddress, parseCidr } from '../rtnl/validate.js';
import { ruleView, type Rule } from './views.js';

/**
 * `ip rule add|del [not] [from P] [to P] [fwmark M[/MASK]] [iif IF] [oif IF] [pref N] [realms [SRC/]DST]
 * [tun_id ID] [suppress_ifgroup G] [l3mdev] [nat ADDR] [table T | ACTION]`
 */
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
  /** `realms [SRC/]DST` (FRA_FLOW): the raw 32-bit value (`SRC << 16 | DST`) or both halves. */
  realms?: number | { from?: number; to: number };
  /** `tun_id ID` (FRA_TUN_ID): the tunnel id of metadata-mode (collect_md) tunnels. */
  tunId?: bigint | number;
  /** `suppress_ifgroup G` (FRA_SUPPRESS_IFGROUP): reject lookups whose result goes through a device of group G. */
  suppressIfgroup?: number;
  /** `l3mdev` (FRA_L3MDEV): look up the table of the VRF the packet came through (no `table` then). */
  l3mdev?: boolean;
  /**
   * `nat ADDR` (deprecated route NAT, action RTN_NAT: the kernel shows it as `masquerade`).
   * iproute2 also sends the address in attribute 5, which kernels ignore (FRA_UNUSED2); this sends the action only.
   */
  nat?: string;
}

/**
 * Filters of `handle.rule.list()`, as `ip rule show [table T] [priority P]` and `-4`/`-6` take
 * them.
 */
export interface RuleListOptions {
  family?: 4 | 6;
  table?: TableRef;
  priority?: number;
  /** Any other client-side predicate. */
  filter?: (r: Rule) => boolean;
}

/** `ip rule flush [-4|-6] [table T] [pref N] [protocol P]` */
export interface RuleFlushOptions extends RuleListOptions {
  /** Only rules of this protocol (FRA_PROTOCOL), e.g. 'static' (iproute2's `protocol`). */
  protocol?: RuleProtocolName;
  /**
   * Spare the `main` (32766) and `default` (32767) rules the kernel starts with. `ip rule flush`
   * deletes them too (it deletes every rule with a priority, i.e. all but `0: lookup local`).
   */
  keepDefaults?: boolean;
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
  if (o.realms !== undefined) {
    const v = o.realms;
    if (typeof v === 'number') {
      checkInt(v, 'realms', 0, 0xffffffff);
      r.realm = v;
    } else if (typeof v === 'object' && v !== null) {
      checkInt(v.to, 'realms.to', 0, 0xffff);
      if (v.from !== undefined) checkInt(v.from, 'realms.from', 0, 0xffff);
      r.realm = (((v.from ?? 0) << 16) | v.to) >>> 0;
    } else throw new ValidationError('realms must be a number or { from?, to }', 'realms');
  }
  if (o.tunId !== undefined) {
    const v = typeof o.tunId === 'number' && Number.isSafeInteger(o.tunId) && o.tunId >= 0 ? BigInt(o.tunId) : o.tunId;
    if (typeof v !== 'bigint' || v < 0n || v > 0xffffffffffffffffn) throw new ValidationError('tunId must be an unsigned 64-bit integer', 'tunId');
    r.tunId = v;
  }
  if (o.suppressIfgroup !== undefined) {
    checkInt(o.suppressIfgroup, 'suppressIfgroup', 0, 0xffffffff);
    r.suppressIfgroup = o.suppressIfgroup;
  }
  if (o.l3mdev) {
    if (o.table !== undefined && tableId(o.table) !== 0) throw new ValidationError('table can not be specified for l3mdev rules', 'table');
    r.l3mdev = true;
  }
  if (o.nat !== undefined) {
    const a = parseAddress(o.nat, 'nat');
    if (a.family !== 4) throw new ValidationError(`nat needs an IPv4 address, got ${JSON.stringify(o.nat)}`, 'nat');
    r.action = RTN_NAT;
    r.table ??= 254; // what iproute2 sends (no table word given: main)
  }
  return r;
}

/**
 * Policy routing rules of a handle's namespace (`handle.rule`): `ip rule add|del|show|flush`.
 * Changes need CAP_NET_ADMIN.
 */
export class RuleApi {
  constructor(private readonly core: Core) {}

  /** `ip rule add ...` */
  async add(options: RuleOptions): Promise<void> {
    await this.core.request(ruleAdd(build(options)));
  }

  /** `ip rule add ...` unless an equal rule exists (EEXIST). Resolves true when added. */
  async ensure(options: RuleOptions): Promise<boolean> {
    return createUnlessExists(() => this.add(options));
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

  /**
   * `ip rule flush [-4|-6] [table T] [pref N] [protocol P]`: deletes every matching rule that
   * has a priority (everything but `0: from all lookup local`; `main` and `default` too unless
   * `keepDefaults`), sending each rule back as RTM_DELRULE as iproute2 does. Both families
   * (IPv4 and IPv6; never the ipmr/ip6mr rules) unless `family`. Resolves with the number deleted.
   */
  async flush(options: RuleFlushOptions = {}): Promise<number> {
    let proto: number | undefined;
    try {
      proto = options.protocol === undefined ? undefined : RTPROT.value(options.protocol);
    } catch {
      throw new ValidationError(`unknown protocol ${JSON.stringify(options.protocol)}`, 'protocol');
    }
    const { filter, ...listOptions } = options;
    const bodies = (await this.#dump(listOptions)).filter((b) => {
      if (b.header.family !== 2 && b.header.family !== 10) return false; // not the multicast routing rules (families 128/129)
      const prio = b.attrs.priority;
      if (prio === undefined || prio === 0) return false;
      if (proto !== undefined && (b.attrs.protocol === undefined ? 0 : RTPROT.value(b.attrs.protocol)) !== proto) return false;
      if (options.keepDefaults && b.attrs.protocol === 'kernel' && ((prio === 32766 && ruleTableOf(b) === 254) || (prio === 32767 && ruleTableOf(b) === 253))) return false;
      return !filter || filter(ruleView(b));
    });
    if (!bodies.length) return 0;
    const reqs = bodies.map((body): Request => ({ type: RTM_DELRULE, flags: NLM_F_REQUEST | NLM_F_ACK, body }));
    return countDeleted(await this.core.batch(reqs), ['ENOENT']);
  }

  /** `ip rule show [-4|-6] [table T] [pref N]` */
  async list(options: RuleListOptions = {}): Promise<Rule[]> {
    return (await this.#dump(options)).map(ruleView).filter((r) => !options.filter || options.filter(r));
  }

  async #dump(options: RuleListOptions): Promise<RuleMessage[]> {
    if (options.family !== undefined && AF[options.family] === undefined) throw new ValidationError('family must be 4 or 6', 'family');
    const dump = ruleDump({
      ...(options.family ? { family: AF[options.family] } : {}),
      ...(options.table !== undefined ? { table: tableId(options.table) } : {}),
      ...(options.priority !== undefined ? { priority: options.priority } : {}),
    });
    return (await this.core.dump<RuleMessage>(dump.request, { match: (b) => dump.match(b) })).filter((b) => dump.match(b));
  }
}
