/**
 * bridge and bridge ports (IFLA_BR_*, IFLA_BRPORT_* of linux/if_link.h; iproute2
 * ip/iplink_bridge.c and ip/iplink_bridge_slave.c).
 */
import { enumOf } from '../../../netlink/enums.js';
import { attrs, struct } from '../../../netlink/schema.js';
import { be16, binary, flag, ipv4, ipv6, mac, u16, u32, u64, u8 } from '../../../netlink/types.js';
import { macOf } from '../codecs.js';
import { BR_STATE, BR_STP_MODE, VLAN_PROTOCOL } from '../constants.js';
import { matches } from './words.js';
import { defineKind, pick, type DataOptions, type KindArgs, type KindParseContext, type KindPrint, type ValueOf } from './kind.js';
import { big, enumNum, hex2, num, PRINT_ANY, PRINT_FP, type KindPrinter } from './print.js';

/** struct ifla_bridge_id { u8 prio[2]; u8 addr[6]; } — prio in network order. */
export const bridgeId = struct('ifla_bridge_id', [
  ['prio', be16],
  ['addr', macOf(6)],
]);

/** struct br_boolopt_multi */
export const brBoolOptMulti = struct('br_boolopt_multi', [
  ['optval', u32],
  ['optmask', u32],
]);

/** BRIDGE_QUERIER_* (IFLA_BR_MCAST_QUERIER_STATE) */
export const bridgeQuerierAttrs = attrs('BRIDGE_QUERIER_', {
  ipAddress: [1, 'IP_ADDRESS', ipv4],
  ipPort: [2, 'IP_PORT', u32],
  ipOtherTimer: [3, 'IP_OTHER_TIMER', u64],
  pad: [4, 'PAD', binary],
  ipv6Address: [5, 'IPV6_ADDRESS', ipv6],
  ipv6Port: [6, 'IPV6_PORT', u32],
  ipv6OtherTimer: [7, 'IPV6_OTHER_TIMER', u64],
});

/** IFLA_BR_* */
export const bridgeAttrs = attrs('IFLA_BR_', {
  forwardDelay: [1, 'FORWARD_DELAY', u32],
  helloTime: [2, 'HELLO_TIME', u32],
  maxAge: [3, 'MAX_AGE', u32],
  ageingTime: [4, 'AGEING_TIME', u32],
  stpState: [5, 'STP_STATE', u32],
  priority: [6, 'PRIORITY', u16],
  vlanFiltering: [7, 'VLAN_FILTERING', u8],
  vlanProtocol: [8, 'VLAN_PROTOCOL', enumOf(be16, VLAN_PROTOCOL)],
  groupFwdMask: [9, 'GROUP_FWD_MASK', u16],
  rootId: [10, 'ROOT_ID', bridgeId],
  bridgeId: [11, 'BRIDGE_ID', bridgeId],
  rootPort: [12, 'ROOT_PORT', u16],
  rootPathCost: [13, 'ROOT_PATH_COST', u32],
  topologyChange: [14, 'TOPOLOGY_CHANGE', u8],
  topologyChangeDetected: [15, 'TOPOLOGY_CHANGE_DETECTED', u8],
  helloTimer: [16, 'HELLO_TIMER', u64],
  tcnTimer: [17, 'TCN_TIMER', u64],
  topologyChangeTimer: [18, 'TOPOLOGY_CHANGE_TIMER', u64],
  gcTimer: [19, 'GC_TIMER', u64],
  groupAddr: [20, 'GROUP_ADDR', mac],
  fdbFlush: [21, 'FDB_FLUSH', flag],
  mcastRouter: [22, 'MCAST_ROUTER', u8],
  mcastSnooping: [23, 'MCAST_SNOOPING', u8],
  mcastQueryUseIfaddr: [24, 'MCAST_QUERY_USE_IFADDR', u8],
  mcastQuerier: [25, 'MCAST_QUERIER', u8],
  mcastHashElasticity: [26, 'MCAST_HASH_ELASTICITY', u32],
  mcastHashMax: [27, 'MCAST_HASH_MAX', u32],
  mcastLastMemberCnt: [28, 'MCAST_LAST_MEMBER_CNT', u32],
  mcastStartupQueryCnt: [29, 'MCAST_STARTUP_QUERY_CNT', u32],
  mcastLastMemberIntvl: [30, 'MCAST_LAST_MEMBER_INTVL', u64],
  mcastMembershipIntvl: [31, 'MCAST_MEMBERSHIP_INTVL', u64],
  mcastQuerierIntvl: [32, 'MCAST_QUERIER_INTVL', u64],
  mcastQueryIntvl: [33, 'MCAST_QUERY_INTVL', u64],
  mcastQueryResponseIntvl: [34, 'MCAST_QUERY_RESPONSE_INTVL', u64],
  mcastStartupQueryIntvl: [35, 'MCAST_STARTUP_QUERY_INTVL', u64],
  nfCallIptables: [36, 'NF_CALL_IPTABLES', u8],
  nfCallIp6tables: [37, 'NF_CALL_IP6TABLES', u8],
  nfCallArptables: [38, 'NF_CALL_ARPTABLES', u8],
  vlanDefaultPvid: [39, 'VLAN_DEFAULT_PVID', u16],
  pad: [40, 'PAD', binary],
  vlanStatsEnabled: [41, 'VLAN_STATS_ENABLED', u8],
  mcastStatsEnabled: [42, 'MCAST_STATS_ENABLED', u8],
  mcastIgmpVersion: [43, 'MCAST_IGMP_VERSION', u8],
  mcastMldVersion: [44, 'MCAST_MLD_VERSION', u8],
  vlanStatsPerPort: [45, 'VLAN_STATS_PER_PORT', u8],
  multiBoolopt: [46, 'MULTI_BOOLOPT', brBoolOptMulti],
  mcastQuerierState: [47, 'MCAST_QUERIER_STATE', bridgeQuerierAttrs],
  fdbNLearned: [48, 'FDB_N_LEARNED', u32],
  fdbMaxLearned: [49, 'FDB_MAX_LEARNED', u32],
  stpMode: [50, 'STP_MODE', enumOf(u32, BR_STP_MODE)],
});

/** IFLA_BRPORT_* (bridge_slave data, and IFLA_PROTINFO of AF_BRIDGE link messages). */
export const bridgePortAttrs = attrs('IFLA_BRPORT_', {
  state: [1, 'STATE', enumOf(u8, BR_STATE)],
  priority: [2, 'PRIORITY', u16],
  cost: [3, 'COST', u32],
  mode: [4, 'MODE', u8],
  guard: [5, 'GUARD', u8],
  protect: [6, 'PROTECT', u8],
  fastLeave: [7, 'FAST_LEAVE', u8],
  learning: [8, 'LEARNING', u8],
  unicastFlood: [9, 'UNICAST_FLOOD', u8],
  proxyarp: [10, 'PROXYARP', u8],
  learningSync: [11, 'LEARNING_SYNC', u8],
  proxyarpWifi: [12, 'PROXYARP_WIFI', u8],
  rootId: [13, 'ROOT_ID', bridgeId],
  bridgeId: [14, 'BRIDGE_ID', bridgeId],
  designatedPort: [15, 'DESIGNATED_PORT', u16],
  designatedCost: [16, 'DESIGNATED_COST', u16],
  id: [17, 'ID', u16],
  no: [18, 'NO', u16],
  topologyChangeAck: [19, 'TOPOLOGY_CHANGE_ACK', u8],
  configPending: [20, 'CONFIG_PENDING', u8],
  messageAgeTimer: [21, 'MESSAGE_AGE_TIMER', u64],
  forwardDelayTimer: [22, 'FORWARD_DELAY_TIMER', u64],
  holdTimer: [23, 'HOLD_TIMER', u64],
  flush: [24, 'FLUSH', flag],
  multicastRouter: [25, 'MULTICAST_ROUTER', u8],
  pad: [26, 'PAD', binary],
  mcastFlood: [27, 'MCAST_FLOOD', u8],
  mcastToUcast: [28, 'MCAST_TO_UCAST', u8],
  vlanTunnel: [29, 'VLAN_TUNNEL', u8],
  bcastFlood: [30, 'BCAST_FLOOD', u8],
  groupFwdMask: [31, 'GROUP_FWD_MASK', u16],
  neighSuppress: [32, 'NEIGH_SUPPRESS', u8],
  isolated: [33, 'ISOLATED', u8],
  backupPort: [34, 'BACKUP_PORT', u32],
  mrpRingOpen: [35, 'MRP_RING_OPEN', u8],
  mrpInOpen: [36, 'MRP_IN_OPEN', u8],
  mcastEhtHostsLimit: [37, 'MCAST_EHT_HOSTS_LIMIT', u32],
  mcastEhtHostsCnt: [38, 'MCAST_EHT_HOSTS_CNT', u32],
  locked: [39, 'LOCKED', u8],
  mab: [40, 'MAB', u8],
  mcastNGroups: [41, 'MCAST_N_GROUPS', u32],
  mcastMaxGroups: [42, 'MCAST_MAX_GROUPS', u32],
  neighVlanSuppress: [43, 'NEIGH_VLAN_SUPPRESS', u8],
  backupNhid: [44, 'BACKUP_NHID', u32],
  neighForwardGrat: [45, 'NEIGH_FORWARD_GRAT', u8],
});


/** `ip link add NAME type bridge [stp_state 1] [vlan_filtering 1] ...` */
export interface BridgeOptions {
  kind: 'bridge';
  /** IFLA_BR_STP_STATE */
  stp?: boolean;
  /** IFLA_BR_FORWARD_DELAY, in centiseconds like the kernel's IFLA_BR_* (iproute2 takes seconds*100 too). */
  forwardDelay?: number;
  helloTime?: number;
  maxAge?: number;
  ageingTime?: number;
  priority?: number;
  vlanFiltering?: boolean;
  vlanDefaultPvid?: number;
  mcastSnooping?: boolean;
  /** Any other IFLA_BR_* attributes. */
  data?: DataOptions<typeof bridgeAttrs>;
}

const u8bool = (v: boolean | undefined): number | undefined => (v === undefined ? undefined : v ? 1 : 0);

/** iplink_bridge.c bridge_parse_opt: words → IFLA_BR_* (u32 unless noted). */
const WORDS: Record<string, [keyof BridgeData, number?]> = {
  forward_delay: ['forwardDelay'], hello_time: ['helloTime'], max_age: ['maxAge'], ageing_time: ['ageingTime'],
  stp_state: ['stpState'], priority: ['priority', 0xffff], vlan_filtering: ['vlanFiltering', 255],
  vlan_default_pvid: ['vlanDefaultPvid', 0xffff], vlan_stats_enabled: ['vlanStatsEnabled', 255],
  vlan_stats_per_port: ['vlanStatsPerPort', 255], mcast_snooping: ['mcastSnooping', 255], mcast_router: ['mcastRouter', 255],
  mcast_query_use_ifaddr: ['mcastQueryUseIfaddr', 255], mcast_querier: ['mcastQuerier', 255],
  mcast_hash_elasticity: ['mcastHashElasticity'], mcast_hash_max: ['mcastHashMax'],
  mcast_last_member_count: ['mcastLastMemberCnt'], mcast_startup_query_count: ['mcastStartupQueryCnt'],
  mcast_stats_enabled: ['mcastStatsEnabled', 255], mcast_igmp_version: ['mcastIgmpVersion', 255],
  mcast_mld_version: ['mcastMldVersion', 255], nf_call_iptables: ['nfCallIptables', 255],
  nf_call_ip6tables: ['nfCallIp6tables', 255], nf_call_arptables: ['nfCallArptables', 255],
  group_fwd_mask: ['groupFwdMask', 0xffff],
};
/** The u64 intervals (IFLA_BR_MCAST_*_INTVL). */
const WORDS64: Record<string, keyof BridgeData> = {
  mcast_last_member_interval: 'mcastLastMemberIntvl', mcast_membership_interval: 'mcastMembershipIntvl',
  mcast_querier_interval: 'mcastQuerierIntvl', mcast_query_interval: 'mcastQueryIntvl',
  mcast_query_response_interval: 'mcastQueryResponseIntvl', mcast_startup_query_interval: 'mcastStartupQueryIntvl',
};

type BridgeData = DataOptions<typeof bridgeAttrs>;

function parse(a: KindArgs, ctx: KindParseContext): Partial<BridgeOptions> {
  const data: Record<string, unknown> = {};
  while (a.more) {
    const w = a.cur;
    const k = Object.keys(WORDS).find((x) => matches(w, x));
    const b = Object.keys(WORDS64).find((x) => matches(w, x));
    if (k) {
      a.next();
      const [key, max] = WORDS[k]!;
      const v = ctx.unsigned(a.cur, max);
      if (v === undefined) ctx.invarg(`invalid ${k}`, a.cur);
      data[key] = v;
    } else if (b) {
      a.next();
      const v = ctx.unsigned(a.cur);
      if (v === undefined) ctx.invarg(`invalid ${b}`, a.cur);
      data[WORDS64[b]!] = BigInt(v);
    } else if (matches(w, 'vlan_protocol')) {
      a.next();
      if (a.cur !== '802.1Q' && a.cur !== '802.1ad') ctx.invarg('invalid vlan_protocol', a.cur);
      data.vlanProtocol = a.cur;
    } else if (matches(w, 'help')) ctx.usage();
    else ctx.usage(`bridge: unknown command "${w}"?\n`);
    a.shift();
  }
  return Object.keys(data).length ? { data: data as BridgeData } : {};
}

/** br_dump_bridge_id: "8000.12:60:20:16:83:c2" (ether_ntoa: no leading zeros). */
function bridgeIdText(id: { prio?: unknown; addr?: unknown } | undefined): string {
  const prio = num(id?.prio);
  const mac = String(id?.addr ?? '0:0:0:0:0:0')
    .split(':')
    .map((h) => parseInt(h, 16).toString(16))
    .join(':');
  return `${hex2(prio >> 8)}${hex2(prio)}.${mac}`;
}

/** _bridge_print_timer / _print_timer: jiffies (1/100 s) as "%4i.%.2i". */
function printTimer(p: KindPrinter, attr: string, jiffies: unknown): void {
  const tvusec = big(jiffies) * 10000n;
  const sec = Number(tvusec / 1000000n);
  const cs = Math.trunc(Number(tvusec - 1000000n * BigInt(sec)) / 10000);
  if (p.json) p.numberText(attr, `${sec}.${String(cs).padStart(2, '0')}`);
  else p.fp('%s %4i.%.2i ', attr, sec, cs);
}

/** ll_proto_n2a for the two VLAN protocols a bridge or vlan reports. */
export function vlanProtoText(v: unknown): string {
  if (typeof v === 'string') return v;
  const n = num(v);
  if (n === 0x8100) return '802.1Q';
  if (n === 0x88a8) return '802.1ad';
  return `[${n}]`;
}

/** iplink_bridge.c bridge_print_opt */
const print: KindPrint<ValueOf<typeof bridgeAttrs>> = (p, tb) => {
  if (!tb) return;
  if (tb.forwardDelay !== undefined) p.uint(PRINT_ANY, 'forward_delay', 'forward_delay %u ', num(tb.forwardDelay));
  if (tb.helloTime !== undefined) p.uint(PRINT_ANY, 'hello_time', 'hello_time %u ', num(tb.helloTime));
  if (tb.maxAge !== undefined) p.uint(PRINT_ANY, 'max_age', 'max_age %u ', num(tb.maxAge));
  if (tb.ageingTime !== undefined) p.uint(PRINT_ANY, 'ageing_time', 'ageing_time %u ', num(tb.ageingTime));
  if (tb.stpState !== undefined) p.uint(PRINT_ANY, 'stp_state', 'stp_state %u ', num(tb.stpState));
  if (tb.priority !== undefined) p.uint(PRINT_ANY, 'priority', 'priority %u ', num(tb.priority));
  if (tb.vlanFiltering !== undefined) p.uint(PRINT_ANY, 'vlan_filtering', 'vlan_filtering %u ', num(tb.vlanFiltering));
  if (tb.vlanProtocol !== undefined) p.string(PRINT_ANY, 'vlan_protocol', 'vlan_protocol %s ', vlanProtoText(tb.vlanProtocol));
  if (tb.bridgeId !== undefined) p.string(PRINT_ANY, 'bridge_id', 'bridge_id %s ', bridgeIdText(tb.bridgeId));
  // iproute2 6.1 prints IFLA_BR_BRIDGE_ID here (a known bug), and so do we.
  if (tb.rootId !== undefined) p.string(PRINT_ANY, 'root_id', 'designated_root %s ', bridgeIdText(tb.bridgeId));
  if (tb.rootPort !== undefined) p.uint(PRINT_ANY, 'root_port', 'root_port %u ', num(tb.rootPort));
  if (tb.rootPathCost !== undefined) p.uint(PRINT_ANY, 'root_path_cost', 'root_path_cost %u ', num(tb.rootPathCost));
  if (tb.topologyChange !== undefined) p.uint(PRINT_ANY, 'topology_change', 'topology_change %u ', num(tb.topologyChange));
  if (tb.topologyChangeDetected !== undefined) p.uint(PRINT_ANY, 'topology_change_detected', 'topology_change_detected %u ', num(tb.topologyChangeDetected));
  if (tb.helloTimer !== undefined) printTimer(p, 'hello_timer', tb.helloTimer);
  if (tb.tcnTimer !== undefined) printTimer(p, 'tcn_timer', tb.tcnTimer);
  if (tb.topologyChangeTimer !== undefined) printTimer(p, 'topology_change_timer', tb.topologyChangeTimer);
  if (tb.gcTimer !== undefined) printTimer(p, 'gc_timer', tb.gcTimer);
  if (tb.vlanDefaultPvid !== undefined) p.uint(PRINT_ANY, 'vlan_default_pvid', 'vlan_default_pvid %u ', num(tb.vlanDefaultPvid));
  if (tb.vlanStatsEnabled !== undefined) p.uint(PRINT_ANY, 'vlan_stats_enabled', 'vlan_stats_enabled %u ', num(tb.vlanStatsEnabled));
  if (tb.vlanStatsPerPort !== undefined) p.uint(PRINT_ANY, 'vlan_stats_per_port', 'vlan_stats_per_port %u ', num(tb.vlanStatsPerPort));
  if (tb.groupFwdMask !== undefined) p.hex0x(PRINT_ANY, 'group_fwd_mask', 'group_fwd_mask %#llx ', num(tb.groupFwdMask));
  if (tb.groupAddr !== undefined) p.string(PRINT_ANY, 'group_addr', 'group_address %s ', String(tb.groupAddr));
  if (tb.mcastSnooping !== undefined) p.uint(PRINT_ANY, 'mcast_snooping', 'mcast_snooping %u ', num(tb.mcastSnooping));
  if (tb.multiBoolopt !== undefined) {
    const mcvl = 1 << 1; // BR_BOOLOPT_MCAST_VLAN_SNOOPING
    const noLl = 1 << 0; // BR_BOOLOPT_NO_LL_LEARN
    const optmask = num(tb.multiBoolopt.optmask);
    const optval = num(tb.multiBoolopt.optval);
    if (optmask & noLl) p.uint(PRINT_ANY, 'no_linklocal_learn', 'no_linklocal_learn %u ', optval & noLl ? 1 : 0);
    if (optmask & mcvl) p.uint(PRINT_ANY, 'mcast_vlan_snooping', 'mcast_vlan_snooping %u ', optval & mcvl ? 1 : 0);
  }
  if (tb.mcastRouter !== undefined) p.uint(PRINT_ANY, 'mcast_router', 'mcast_router %u ', num(tb.mcastRouter));
  if (tb.mcastQueryUseIfaddr !== undefined) p.uint(PRINT_ANY, 'mcast_query_use_ifaddr', 'mcast_query_use_ifaddr %u ', num(tb.mcastQueryUseIfaddr));
  if (tb.mcastQuerier !== undefined) p.uint(PRINT_ANY, 'mcast_querier', 'mcast_querier %u ', num(tb.mcastQuerier));
  if (tb.mcastHashElasticity !== undefined) p.uint(PRINT_ANY, 'mcast_hash_elasticity', 'mcast_hash_elasticity %u ', num(tb.mcastHashElasticity));
  if (tb.mcastHashMax !== undefined) p.uint(PRINT_ANY, 'mcast_hash_max', 'mcast_hash_max %u ', num(tb.mcastHashMax));
  if (tb.mcastLastMemberCnt !== undefined) p.uint(PRINT_ANY, 'mcast_last_member_cnt', 'mcast_last_member_count %u ', num(tb.mcastLastMemberCnt));
  if (tb.mcastStartupQueryCnt !== undefined) p.uint(PRINT_ANY, 'mcast_startup_query_cnt', 'mcast_startup_query_count %u ', num(tb.mcastStartupQueryCnt));
  if (tb.mcastLastMemberIntvl !== undefined) p.u64(PRINT_ANY, 'mcast_last_member_intvl', 'mcast_last_member_interval %llu ', big(tb.mcastLastMemberIntvl));
  if (tb.mcastMembershipIntvl !== undefined) p.u64(PRINT_ANY, 'mcast_membership_intvl', 'mcast_membership_interval %llu ', big(tb.mcastMembershipIntvl));
  if (tb.mcastQuerierIntvl !== undefined) p.u64(PRINT_ANY, 'mcast_querier_intvl', 'mcast_querier_interval %llu ', big(tb.mcastQuerierIntvl));
  if (tb.mcastQueryIntvl !== undefined) p.u64(PRINT_ANY, 'mcast_query_intvl', 'mcast_query_interval %llu ', big(tb.mcastQueryIntvl));
  if (tb.mcastQueryResponseIntvl !== undefined) p.u64(PRINT_ANY, 'mcast_query_response_intvl', 'mcast_query_response_interval %llu ', big(tb.mcastQueryResponseIntvl));
  if (tb.mcastStartupQueryIntvl !== undefined) p.u64(PRINT_ANY, 'mcast_startup_query_intvl', 'mcast_startup_query_interval %llu ', big(tb.mcastStartupQueryIntvl));
  if (tb.mcastStatsEnabled !== undefined) p.uint(PRINT_ANY, 'mcast_stats_enabled', 'mcast_stats_enabled %u ', num(tb.mcastStatsEnabled));
  if (tb.mcastIgmpVersion !== undefined) p.uint(PRINT_ANY, 'mcast_igmp_version', 'mcast_igmp_version %u ', num(tb.mcastIgmpVersion));
  if (tb.mcastMldVersion !== undefined) p.uint(PRINT_ANY, 'mcast_mld_version', 'mcast_mld_version %u ', num(tb.mcastMldVersion));
  if (tb.nfCallIptables !== undefined) p.uint(PRINT_ANY, 'nf_call_iptables', 'nf_call_iptables %u ', num(tb.nfCallIptables));
  if (tb.nfCallIp6tables !== undefined) p.uint(PRINT_ANY, 'nf_call_ip6tables', 'nf_call_ip6tables %u ', num(tb.nfCallIp6tables));
  if (tb.nfCallArptables !== undefined) p.uint(PRINT_ANY, 'nf_call_arptables', 'nf_call_arptables %u ', num(tb.nfCallArptables));
};

const PORT_STATES = ['disabled', 'listening', 'learning', 'forwarding', 'blocking'];
const FWD_MASK_TBL: Record<number, string> = { 0: 'stp', 2: 'lacp', 14: 'lldp' };
function bitmask2str(mask: number): string {
  const parts: string[] = [];
  for (let i = 0; mask; i++, mask >>= 1) if (mask & 1) parts.push(FWD_MASK_TBL[i] ?? `0x${(1 << i).toString(16)}`);
  return parts.length ? parts.join(',') : '0x0';
}

const onOff = (p: KindPrinter, key: string, fmt: string, v: unknown): void => p.onOff(PRINT_ANY, key, fmt, !!num(v));

/** iplink_bridge_slave.c bridge_slave_print_opt */
const printSlave: KindPrint<ValueOf<typeof bridgePortAttrs>> = (p, tb, ctx) => {
  if (!tb) return;
  if (tb.state !== undefined) {
    const state = enumNum(BR_STATE, tb.state);
    if (state <= 4) p.string(PRINT_ANY, 'state', 'state %s ', PORT_STATES[state]!);
    else p.int(PRINT_ANY, 'state_index', 'state (%d) ', state);
  }
  if (tb.priority !== undefined) p.int(PRINT_ANY, 'priority', 'priority %d ', num(tb.priority));
  if (tb.cost !== undefined) p.int(PRINT_ANY, 'cost', 'cost %d ', num(tb.cost));
  if (tb.mode !== undefined) onOff(p, 'hairpin', 'hairpin %s ', tb.mode);
  if (tb.guard !== undefined) onOff(p, 'guard', 'guard %s ', tb.guard);
  if (tb.protect !== undefined) onOff(p, 'root_block', 'root_block %s ', tb.protect);
  if (tb.fastLeave !== undefined) onOff(p, 'fastleave', 'fastleave %s ', tb.fastLeave);
  if (tb.learning !== undefined) onOff(p, 'learning', 'learning %s ', tb.learning);
  if (tb.unicastFlood !== undefined) onOff(p, 'flood', 'flood %s ', tb.unicastFlood);
  if (tb.id !== undefined) p.hex0x(PRINT_ANY, 'id', 'port_id %#llx ', num(tb.id));
  if (tb.no !== undefined) p.hex0x(PRINT_ANY, 'no', 'port_no %#llx ', num(tb.no));
  if (tb.designatedPort !== undefined) p.uint(PRINT_ANY, 'designated_port', 'designated_port %u ', num(tb.designatedPort));
  if (tb.designatedCost !== undefined) p.uint(PRINT_ANY, 'designated_cost', 'designated_cost %u ', num(tb.designatedCost));
  if (tb.bridgeId !== undefined) p.string(PRINT_ANY, 'bridge_id', 'designated_bridge %s ', bridgeIdText(tb.bridgeId));
  if (tb.rootId !== undefined) p.string(PRINT_ANY, 'root_id', 'designated_root %s ', bridgeIdText(tb.rootId));
  if (tb.holdTimer !== undefined) printTimer(p, 'hold_timer', tb.holdTimer);
  if (tb.messageAgeTimer !== undefined) printTimer(p, 'message_age_timer', tb.messageAgeTimer);
  if (tb.forwardDelayTimer !== undefined) printTimer(p, 'forward_delay_timer', tb.forwardDelayTimer);
  if (tb.topologyChangeAck !== undefined) p.uint(PRINT_ANY, 'topology_change_ack', 'topology_change_ack %u ', num(tb.topologyChangeAck));
  if (tb.configPending !== undefined) p.uint(PRINT_ANY, 'config_pending', 'config_pending %u ', num(tb.configPending));
  if (tb.proxyarp !== undefined) onOff(p, 'proxy_arp', 'proxy_arp %s ', tb.proxyarp);
  if (tb.proxyarpWifi !== undefined) onOff(p, 'proxy_arp_wifi', 'proxy_arp_wifi %s ', tb.proxyarpWifi);
  if (tb.multicastRouter !== undefined) p.uint(PRINT_ANY, 'multicast_router', 'mcast_router %u ', num(tb.multicastRouter));
  if (tb.fastLeave !== undefined) p.string(PRINT_FP, null, 'mcast_fast_leave %s ', num(tb.fastLeave) ? 'on' : 'off');
  if (tb.mcastFlood !== undefined) onOff(p, 'mcast_flood', 'mcast_flood %s ', tb.mcastFlood);
  if (tb.bcastFlood !== undefined) onOff(p, 'bcast_flood', 'bcast_flood %s ', tb.bcastFlood);
  if (tb.mcastToUcast !== undefined) onOff(p, 'mcast_to_unicast', 'mcast_to_unicast %s ', tb.mcastToUcast);
  if (tb.neighSuppress !== undefined) onOff(p, 'neigh_suppress', 'neigh_suppress %s ', tb.neighSuppress);
  if (tb.groupFwdMask !== undefined) {
    const m = num(tb.groupFwdMask);
    p.hex0x(PRINT_ANY, 'group_fwd_mask', 'group_fwd_mask %#llx ', m);
    p.string(PRINT_ANY, 'group_fwd_mask_str', 'group_fwd_mask_str %s ', bitmask2str(m));
  }
  if (tb.vlanTunnel !== undefined) onOff(p, 'vlan_tunnel', 'vlan_tunnel %s ', tb.vlanTunnel);
  if (tb.isolated !== undefined) onOff(p, 'isolated', 'isolated %s ', tb.isolated);
  if (tb.locked !== undefined) onOff(p, 'locked', 'locked %s ', tb.locked);
  if (tb.backupPort !== undefined) p.string(PRINT_ANY, 'backup_port', 'backup_port %s ', ctx.ifname(num(tb.backupPort)));
};

/**
 * The link kind module of bridge: options to attributes for `link.add()`, the schema of its
 * IFLA_INFO_DATA (`ip link add NAME type bridge ...`: IFLA_BR_* and the port's IFLA_BRPORT_*), and
 * how `ip -d link` prints it.
 */
export const bridge = defineKind<'bridge', BridgeOptions, typeof bridgeAttrs, typeof bridgePortAttrs>({
  kinds: ['bridge'],
  data: bridgeAttrs,
  slaveData: bridgePortAttrs,
  optionKeys: ['stp', 'forwardDelay', 'helloTime', 'maxAge', 'ageingTime', 'priority', 'vlanFiltering', 'vlanDefaultPvid', 'mcastSnooping', 'data'],
  encode(o) {
    const d: Record<string, unknown> = {
      ...pick(o, ['forwardDelay', 'helloTime', 'maxAge', 'ageingTime']),
      ...(o.stp !== undefined ? { stpState: u8bool(o.stp) } : {}),
      ...pick(o, ['priority']),
      ...(o.vlanFiltering !== undefined ? { vlanFiltering: u8bool(o.vlanFiltering) } : {}),
      ...pick(o, ['vlanDefaultPvid']),
      ...(o.mcastSnooping !== undefined ? { mcastSnooping: u8bool(o.mcastSnooping) } : {}),
      ...(o.data ?? {}),
    };
    return Object.keys(d).length ? { data: d } : {};
  },
  parse,
  print,
  printSlave,
  usage: () => USAGE,
});

const USAGE = "Usage: ... bridge [ fdb_flush ]\n\t\t  [ forward_delay FORWARD_DELAY ]\n\t\t  [ hello_time HELLO_TIME ]\n\t\t  [ max_age MAX_AGE ]\n\t\t  [ ageing_time AGEING_TIME ]\n\t\t  [ stp_state STP_STATE ]\n\t\t  [ priority PRIORITY ]\n\t\t  [ group_fwd_mask MASK ]\n\t\t  [ group_address ADDRESS ]\n\t\t  [ no_linklocal_learn NO_LINKLOCAL_LEARN ]\n\t\t  [ vlan_filtering VLAN_FILTERING ]\n\t\t  [ vlan_protocol VLAN_PROTOCOL ]\n\t\t  [ vlan_default_pvid VLAN_DEFAULT_PVID ]\n\t\t  [ vlan_stats_enabled VLAN_STATS_ENABLED ]\n\t\t  [ vlan_stats_per_port VLAN_STATS_PER_PORT ]\n\t\t  [ mcast_snooping MULTICAST_SNOOPING ]\n\t\t  [ mcast_vlan_snooping MULTICAST_VLAN_SNOOPING ]\n\t\t  [ mcast_router MULTICAST_ROUTER ]\n\t\t  [ mcast_query_use_ifaddr MCAST_QUERY_USE_IFADDR ]\n\t\t  [ mcast_querier MULTICAST_QUERIER ]\n\t\t  [ mcast_hash_elasticity HASH_ELASTICITY ]\n\t\t  [ mcast_hash_max HASH_MAX ]\n\t\t  [ mcast_last_member_count LAST_MEMBER_COUNT ]\n\t\t  [ mcast_startup_query_count STARTUP_QUERY_COUNT ]\n\t\t  [ mcast_last_member_interval LAST_MEMBER_INTERVAL ]\n\t\t  [ mcast_membership_interval MEMBERSHIP_INTERVAL ]\n\t\t  [ mcast_querier_interval QUERIER_INTERVAL ]\n\t\t  [ mcast_query_interval QUERY_INTERVAL ]\n\t\t  [ mcast_query_response_interval QUERY_RESPONSE_INTERVAL ]\n\t\t  [ mcast_startup_query_interval STARTUP_QUERY_INTERVAL ]\n\t\t  [ mcast_stats_enabled MCAST_STATS_ENABLED ]\n\t\t  [ mcast_igmp_version IGMP_VERSION ]\n\t\t  [ mcast_mld_version MLD_VERSION ]\n\t\t  [ nf_call_iptables NF_CALL_IPTABLES ]\n\t\t  [ nf_call_ip6tables NF_CALL_IP6TABLES ]\n\t\t  [ nf_call_arptables NF_CALL_ARPTABLES ]\n\nWhere: VLAN_PROTOCOL := { 802.1Q | 802.1ad }\n";
