/**
 * Nexthop objects and buckets, as iproute2 6.1 prints them (ip/ipnexthop.c
 * __print_nexthop_entry, print_nexthop_bucket).
 */
import { RTNH_F, RTPROT, RT_SCOPE } from '../../rtnl/constants.js';
import { NEXTHOP_GRP_TYPE, type NexthopMessage } from '../../rtnl/nexthop/schema.js';
import { enumNum, flagsNum, num, type FormatContext } from './context.js';
import { rtprotN2a, rtscopeN2a } from './names.js';
import { PRINT_ANY, PRINT_FP, PRINT_JSON, type Printer } from './printer.js';
import { printEncap } from './route-encap.js';
import { printRtaGateway, printRtaIfidx, printRtFlags } from './rt-common.js';

/** __jiffies_to_tv then print_tv: clock_t (USER_HZ 100) as seconds + microseconds, a double. */
function jiffiesSeconds(jiffies: number | bigint): number {
  const usec = BigInt(jiffies) * 10000n;
  const sec = usec / 1000000n;
  return Number(sec) + Number(usec - sec * 1000000n) / 1000000;
}

/** The group type's name (nh_group_type_name). */
function groupTypeName(t: number): string {
  return t === 0 ? 'mpath' : t === 1 ? 'resilient' : '<unknown type>';
}

/** print_nexthop: one nexthop as an object of the document and a line, `deleted` for RTM_DELNEXTHOP. */
export function printNexthop(p: Printer, msg: NexthopMessage, ctx: FormatContext, deleted = false): void {
  printNexthopEntry(p, msg, ctx, null, deleted);
  p.string(PRINT_FP, null, '%s', '\n');
}

/**
 * print_cache_nexthop_id: `-d ip route`'s `nh_info` of a route's nhid, when the nexthop is known
 * (ctx.nexthops, iproute2's ipnh_cache); the JSON object `nh_info`.
 */
export function printNhInfo(p: Printer, ctx: FormatContext, id: number): void {
  const nh = ctx.nexthops?.get(id);
  if (!nh) return;
  p.string(PRINT_FP, null, '%s', '\n\tnh_info ');
  printNexthopEntry(p, nh, ctx, 'nh_info', false);
}

/** __print_nexthop_entry: the nexthop's words, as the JSON object `key` (null: an array element). */
function printNexthopEntry(p: Printer, msg: NexthopMessage, ctx: FormatContext, key: string | null, deleted: boolean): void {
  const h = msg.header;
  const a = msg.attrs;
  p.openObject(key);
  if (deleted) p.bool(PRINT_ANY, 'deleted', 'Deleted ', true);
  p.uint(PRINT_ANY, 'id', 'id %u ', a.id !== undefined ? num(a.id) : 0);
  if (a.group !== undefined) {
    p.openArray(PRINT_JSON, 'group');
    p.string(PRINT_FP, null, '%s', 'group ');
    a.group.forEach((m, i) => {
      p.openObject(null);
      if (i) p.string(PRINT_FP, null, '%s', '/');
      p.uint(PRINT_ANY, 'id', '%u', num(m.id));
      if (num(m.weight)) p.uint(PRINT_ANY, 'weight', ',%u', num(m.weight) + 1);
      p.closeObject();
    });
    p.string(PRINT_FP, null, '%s', ' ');
    p.closeArray(PRINT_JSON, null);
  }
  // "Do not print type in order not to break existing output" for mpath (and no attribute = 0).
  const gt = a.groupType === undefined ? 0 : enumNum(NEXTHOP_GRP_TYPE, a.groupType);
  if (gt !== 0) p.string(PRINT_ANY, 'type', 'type %s ', groupTypeName(gt));
  if (a.resGroup !== undefined) {
    const r = a.resGroup;
    p.openObject('resilient_args');
    p.uint(PRINT_ANY, 'buckets', 'buckets %u ', num(r.buckets ?? 0));
    p.float(PRINT_ANY, 'idle_timer', 'idle_timer %g ', jiffiesSeconds(r.idleTimer ?? 0));
    p.float(PRINT_ANY, 'unbalanced_timer', 'unbalanced_timer %g ', jiffiesSeconds(r.unbalancedTimer ?? 0));
    p.float(PRINT_ANY, 'unbalanced_time', 'unbalanced_time %g ', jiffiesSeconds(r.unbalancedTime ?? 0n));
    p.closeObject();
  }
  if (a.encap !== undefined) printEncap(p, a, ctx);
  if (a.gateway !== undefined) printRtaGateway(p, a.gateway);
  if (a.oif !== undefined && num(a.oif)) printRtaIfidx(p, ctx, num(a.oif), 'dev');
  const scope = enumNum(RT_SCOPE, h.scope);
  if (scope !== 0 || ctx.details > 0) p.string(PRINT_ANY, 'scope', 'scope %s ', rtscopeN2a(scope));
  if (a.blackhole) p.null(PRINT_ANY, 'blackhole', 'blackhole ', null);
  const proto = enumNum(RTPROT, h.protocol);
  if (proto !== 0 || ctx.details > 0) p.string(PRINT_ANY, 'protocol', 'proto %s ', rtprotN2a(proto));
  printRtFlags(p, flagsNum(RTNH_F, h.flags));
  if (a.fdb) p.null(PRINT_ANY, 'fdb', 'fdb', null);
  p.closeObject();
}

/** print_nexthop_bucket: one bucket of a resilient group. */
export function printNexthopBucket(p: Printer, msg: NexthopMessage): void {
  const a = msg.attrs;
  p.openObject(null);
  if (a.id !== undefined) p.uint(PRINT_ANY, 'id', 'id %u ', num(a.id));
  if (a.resBucket !== undefined) {
    const b = a.resBucket;
    p.openObject('bucket');
    if (b.index !== undefined) p.uint(PRINT_ANY, 'index', 'index %u ', num(b.index));
    if (b.idleTime !== undefined) p.float(PRINT_ANY, 'idle_time', 'idle_time %g ', jiffiesSeconds(b.idleTime));
    if (b.nhId !== undefined) p.uint(PRINT_ANY, 'nhid', 'nhid %u ', num(b.nhId));
    p.closeObject();
  }
  printRtFlags(p, flagsNum(RTNH_F, msg.header.flags));
  p.string(PRINT_FP, null, '%s', '\n');
  p.closeObject();
}
