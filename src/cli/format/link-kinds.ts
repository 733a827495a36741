/**
 * Per-kind IFLA_INFO_DATA / IFLA_INFO_SLAVE_DATA printers: iproute2 6.1's `print_opt` of
 * iplink_bridge.c, iplink_bridge_slave.c, iplink_vxlan.c, iplink_macvlan.c, iptuntap.c,
 * iplink_vlan.c, iplink_vrf.c, iplink_ipvlan.c; bond, bond_slave and macsec are in link-kinds-bond.ts,
 * the IP tunnels, geneve and xfrm in link-kinds-tunnel.ts. Kinds that iproute2 knows without a print_opt (veth, ifb, dummy...) print no info_data at all.
 */
import { readFileSync } from 'node:fs';
import { IPVLAN_F, IPVLAN_MODE, MACVLAN_FLAG, MACVLAN_MODE, TUN_TYPE, VLAN_FLAG, BR_STATE } from '../../rtnl/link/constants.js';
import { enumNum, flagsNum, indexToName, num, big, type FormatContext } from './context.js';
import { PRINT_ANY, PRINT_FP, PRINT_JSON, type Printer } from './printer.js';
import { sprintf } from './printf.js';
import { printBond, printBondSlave, printMacsec } from './link-kinds-bond.js';
import { printGeneve, printGre, printGre6, printIp6tnl, printIptun, printVti, printXfrm } from './link-kinds-tunnel.js';

export type KindPrinter = (p: Printer, ctx: FormatContext, data: any | undefined) => void;

/** br_dump_bridge_id: "8000.12:60:20:16:83:c2" (ether_ntoa: no leading zeros). */
function bridgeId(id: any): string {
  const prio = num(id?.prio);
  const mac = String(id?.addr ?? '0:0:0:0:0:0')
    .split(':')
    .map((h) => parseInt(h, 16).toString(16))
    .join(':');
  return sprintf('%.2x%.2x.%s', (prio >> 8) & 0xff, prio & 0xff, mac);
}

/** _bridge_print_timer / _print_timer: jiffies (1/100 s) as "%4i.%.2i". */
function printTimer(p: Printer, attr: string, jiffies: unknown): void {
  const tvusec = big(jiffies) * 10000n;
  const sec = Number(tvusec / 1000000n);
  const usec = Number(tvusec - 1000000n * BigInt(sec));
  if (p.jw) {
    p.jw.name(attr);
    const text = sprintf('%i.%.2i', sec, Math.trunc(usec / 10000));
    p.jw.raw(text, Number(text));
  } else p.fp('%s %4i.%.2i ', attr, sec, Math.trunc(usec / 10000));
}

const bridge: KindPrinter = (p, _ctx, tb) => {
  if (!tb) return;
  if (tb.forwardDelay !== undefined) p.uint(PRINT_ANY, 'forward_delay', 'forward_delay %u ', num(tb.forwardDelay));
  if (tb.helloTime !== undefined) p.uint(PRINT_ANY, 'hello_time', 'hello_time %u ', num(tb.helloTime));
  if (tb.maxAge !== undefined) p.uint(PRINT_ANY, 'max_age', 'max_age %u ', num(tb.maxAge));
  if (tb.ageingTime !== undefined) p.uint(PRINT_ANY, 'ageing_time', 'ageing_time %u ', num(tb.ageingTime));
  if (tb.stpState !== undefined) p.uint(PRINT_ANY, 'stp_state', 'stp_state %u ', num(tb.stpState));
  if (tb.priority !== undefined) p.uint(PRINT_ANY, 'priority', 'priority %u ', num(tb.priority));
  if (tb.vlanFiltering !== undefined) p.uint(PRINT_ANY, 'vlan_filtering', 'vlan_filtering %u ', num(tb.vlanFiltering));
  if (tb.vlanProtocol !== undefined) p.string(PRINT_ANY, 'vlan_protocol', 'vlan_protocol %s ', llProtoN2a(tb.vlanProtocol));
  if (tb.bridgeId !== undefined) p.string(PRINT_ANY, 'bridge_id', 'bridge_id %s ', bridgeId(tb.bridgeId));
  // iproute2 6.1 prints IFLA_BR_BRIDGE_ID here (a known bug), and so do we.
  if (tb.rootId !== undefined) p.string(PRINT_ANY, 'root_id', 'designated_root %s ', bridgeId(tb.bridgeId));
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

function llProtoN2a(v: unknown): string {
  if (typeof v === 'string') return v;
  const n = num(v);
  if (n === 0x8100) return '802.1Q';
  if (n === 0x88a8) return '802.1ad';
  return sprintf('[%d]', n);
}

const PORT_STATES = ['disabled', 'listening', 'learning', 'forwarding', 'blocking'];
const FWD_MASK_TBL: Record<number, string> = { 0: 'stp', 2: 'lacp', 14: 'lldp' };
function bitmask2str(mask: number): string {
  const parts: string[] = [];
  for (let i = 0; mask; i++, mask >>= 1) if (mask & 1) parts.push(FWD_MASK_TBL[i] ?? sprintf('0x%x', 1 << i));
  return parts.length ? parts.join(',') : '0x0';
}

const onOff = (p: Printer, key: string, fmt: string, v: unknown): void => p.onOff(PRINT_ANY, key, fmt, !!num(v));

const bridgeSlave: KindPrinter = (p, ctx, tb) => {
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
  if (tb.bridgeId !== undefined) p.string(PRINT_ANY, 'bridge_id', 'designated_bridge %s ', bridgeId(tb.bridgeId));
  if (tb.rootId !== undefined) p.string(PRINT_ANY, 'root_id', 'designated_root %s ', bridgeId(tb.rootId));
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
  if (tb.backupPort !== undefined) p.string(PRINT_ANY, 'backup_port', 'backup_port %s ', indexToName(ctx, num(tb.backupPort)));
};

function isV4Multicast(a: string): boolean {
  const first = Number(a.split('.')[0]);
  return first >= 224 && first <= 239;
}

const vxlan: KindPrinter = (p, ctx, tb) => {
  if (!tb) return;
  if (tb.collectMetadata !== undefined && num(tb.collectMetadata)) p.bool(PRINT_ANY, 'external', 'external ', true);
  if (tb.vnifilter !== undefined && num(tb.vnifilter)) p.bool(PRINT_ANY, 'vnifilter', 'vnifilter', true);
  if (tb.id !== undefined) p.uint(PRINT_ANY, 'id', 'id %u ', num(tb.id));
  if (tb.group !== undefined) {
    const a = String(tb.group);
    if (a !== '0.0.0.0') {
      if (isV4Multicast(a)) p.string(PRINT_ANY, 'group', 'group %s ', a);
      else p.string(PRINT_ANY, 'remote', 'remote %s ', a);
    }
  } else if (tb.group6 !== undefined) {
    const a = String(tb.group6);
    if (a !== '::') {
      if (a.toLowerCase().startsWith('ff')) p.string(PRINT_ANY, 'group6', 'group %s ', a);
      else p.string(PRINT_ANY, 'remote6', 'remote %s ', a);
    }
  }
  if (tb.local !== undefined) {
    const a = String(tb.local);
    if (a !== '0.0.0.0') p.string(PRINT_ANY, 'local', 'local %s ', a);
  } else if (tb.local6 !== undefined) {
    const a = String(tb.local6);
    if (a !== '::') p.string(PRINT_ANY, 'local6', 'local %s ', a);
  }
  if (tb.link !== undefined) {
    const link = num(tb.link);
    if (link) p.string(PRINT_ANY, 'link', 'dev %s ', indexToName(ctx, link));
  }
  if (tb.portRange !== undefined) {
    const low = num(tb.portRange.low);
    const high = num(tb.portRange.high);
    if (p.json) {
      p.openObject('port_range');
      p.uint(PRINT_JSON, 'low', null, low);
      p.uint(PRINT_JSON, 'high', null, high);
      p.closeObject();
    } else p.fp('srcport %u %u ', low, high);
  }
  if (tb.port !== undefined) p.uint(PRINT_ANY, 'port', 'dstport %u ', num(tb.port));
  if (tb.learning !== undefined) {
    const learning = num(tb.learning);
    p.bool(PRINT_JSON, 'learning', null, !!learning);
    if (!learning) p.bool(PRINT_FP, null, 'nolearning ', true);
  }
  if (tb.proxy !== undefined && num(tb.proxy)) p.bool(PRINT_ANY, 'proxy', 'proxy ', true);
  if (tb.rsc !== undefined && num(tb.rsc)) p.bool(PRINT_ANY, 'rsc', 'rsc ', true);
  if (tb.l2miss !== undefined && num(tb.l2miss)) p.bool(PRINT_ANY, 'l2miss', 'l2miss ', true);
  if (tb.l3miss !== undefined && num(tb.l3miss)) p.bool(PRINT_ANY, 'l3miss', 'l3miss ', true);
  const tos = tb.tos !== undefined ? num(tb.tos) : 0;
  if (tos) {
    if (p.json || tos !== 1) p.hex0x(PRINT_ANY, 'tos', 'tos %#llx ', tos);
    else p.string(PRINT_FP, null, 'tos %s ', 'inherit');
  }
  if (tb.ttlInherit !== undefined && num(tb.ttlInherit, 1)) {
    p.string(PRINT_FP, null, 'ttl %s ', 'inherit');
  } else if (tb.ttl !== undefined) {
    const ttl = num(tb.ttl);
    if (p.json || ttl) p.uint(PRINT_ANY, 'ttl', 'ttl %u ', ttl);
    else p.string(PRINT_FP, null, 'ttl %s ', 'auto');
  }
  if (tb.df !== undefined) {
    const df = typeof tb.df === 'number' ? tb.df : ({ unset: 0, set: 1, inherit: 2 } as Record<string, number>)[String(tb.df)] ?? -1;
    if (df === 0) p.string(PRINT_JSON, 'df', 'df %s ', 'unset');
    else if (df === 1) p.string(PRINT_ANY, 'df', 'df %s ', 'set');
    else if (df === 2) p.string(PRINT_ANY, 'df', 'df %s ', 'inherit');
  }
  if (tb.label !== undefined) {
    const label = num(tb.label);
    if (label) p.hex0x(PRINT_ANY, 'label', 'flowlabel %#llx ', label);
  }
  if (tb.ageing !== undefined) {
    const age = num(tb.ageing);
    if (age === 0) p.uint(PRINT_ANY, 'ageing', 'ageing none ', 0);
    else p.uint(PRINT_ANY, 'ageing', 'ageing %u ', age);
  }
  if (tb.limit !== undefined && num(tb.limit) !== 0) p.uint(PRINT_ANY, 'limit', 'maxaddr %u ', num(tb.limit));
  const csum = (key: string, v: unknown, word: string): void => {
    const on = !!num(v);
    if (p.json) p.bool(PRINT_ANY, key, null, on);
    else {
      if (!on) p.fp('no');
      p.fp(word + ' ');
    }
  };
  if (tb.udpCsum !== undefined) csum('udp_csum', tb.udpCsum, 'udpcsum');
  if (tb.udpZeroCsum6Tx !== undefined) csum('udp_zero_csum6_tx', tb.udpZeroCsum6Tx, 'udp6zerocsumtx');
  if (tb.udpZeroCsum6Rx !== undefined) csum('udp_zero_csum6_rx', tb.udpZeroCsum6Rx, 'udp6zerocsumrx');
  if (tb.remcsumTx !== undefined && num(tb.remcsumTx)) p.bool(PRINT_ANY, 'remcsum_tx', 'remcsumtx ', true);
  if (tb.remcsumRx !== undefined && num(tb.remcsumRx)) p.bool(PRINT_ANY, 'remcsum_rx', 'remcsumrx ', true);
  if (tb.gbp !== undefined) p.bool(PRINT_ANY, 'gbp', 'gbp ', true);
  if (tb.gpe !== undefined) p.bool(PRINT_ANY, 'gpe', 'gpe ', true);
};

const macvlan: KindPrinter = (p, _ctx, tb) => {
  if (!tb || tb.mode === undefined) return;
  const mode = enumNum(MACVLAN_MODE, tb.mode);
  const names: Record<number, string> = { 1: 'private', 2: 'vepa', 4: 'bridge', 8: 'passthru', 16: 'source' };
  p.string(PRINT_ANY, 'mode', 'mode %s ', names[mode] ?? 'unknown');
  const flags = tb.flags !== undefined ? flagsNum(MACVLAN_FLAG, tb.flags) : 0;
  if (flags & 1) p.bool(PRINT_ANY, 'nopromisc', 'nopromisc ', true);
  if (flags & 2) p.bool(PRINT_ANY, 'nodst', 'nodst ', true);
  if (tb.bcQueueLen !== undefined) p.u64(PRINT_ANY, 'bcqueuelen', 'bcqueuelen %lu ', num(tb.bcQueueLen));
  if (tb.bcQueueLenUsed !== undefined) p.u64(PRINT_ANY, 'usedbcqueuelen', 'usedbcqueuelen %lu ', num(tb.bcQueueLenUsed));
  if (mode !== 16) return;
  if (tb.macaddrCount === undefined) return;
  p.int(PRINT_ANY, 'macaddr_count', 'remotes (%d) ', num(tb.macaddrCount));
  if (tb.macaddrData === undefined) return;
  p.openArray(PRINT_JSON, 'macaddr_data');
  for (const a of (tb.macaddrData.macaddr ?? []) as string[]) {
    if (p.json) p.string(PRINT_JSON, null, null, a);
    else p.fp('%s ', a);
  }
  p.closeArray(PRINT_JSON, null);
};

const tun: KindPrinter = (p, _ctx, tb) => {
  if (!tb) return;
  if (tb.type !== undefined) {
    const type = enumNum(TUN_TYPE, tb.type);
    p.string(PRINT_ANY, 'type', 'type %s ', type === 1 ? 'tun' : type === 2 ? 'tap' : sprintf('UNKNOWN:%hhu', type));
  }
  if (tb.pi !== undefined) onOff(p, 'pi', 'pi %s ', tb.pi);
  if (tb.vnetHdr !== undefined) onOff(p, 'vnet_hdr', 'vnet_hdr %s ', tb.vnetHdr);
  if (tb.multiQueue === undefined || !num(tb.multiQueue)) {
    if (p.json) p.bool(PRINT_JSON, 'multi_queue', null, false);
  } else {
    p.bool(PRINT_ANY, 'multi_queue', 'multi_queue ', true);
    if (tb.numQueues !== undefined) p.uint(PRINT_ANY, 'numqueues', 'numqueues %u ', num(tb.numQueues));
    if (tb.numDisabledQueues !== undefined) p.uint(PRINT_ANY, 'numdisabled', 'numdisabled %u ', num(tb.numDisabledQueues));
  }
  if (tb.persist !== undefined) onOff(p, 'persist', 'persist %s ', tb.persist);
  if (tb.owner !== undefined) printOwner(p, 'user', num(tb.owner), '/etc/passwd');
  if (tb.group !== undefined) printOwner(p, 'group', num(tb.group), '/etc/group');
};

function printOwner(p: Printer, key: string, id: number, db: string): void {
  const name = lookupId(db, id);
  if (name !== undefined) p.string(PRINT_ANY, key, `${key} %s `, name);
  else p.uint(PRINT_ANY, key, `${key} %u `, id);
}

function lookupId(file: string, id: number): string | undefined {
  try {
    const text = readFileSync(file, 'utf8');
    for (const line of text.split('\n')) {
      const f = line.split(':');
      if (f.length >= 3 && Number(f[2]) === id) return f[0];
    }
  } catch {
    /* no database */
  }
  return undefined;
}


const vlan: KindPrinter = (p, _ctx, tb) => {
  if (!tb || tb.id === undefined) return;
  if (tb.protocol !== undefined) p.string(PRINT_ANY, 'protocol', 'protocol %s ', llProtoN2a(tb.protocol));
  else p.string(PRINT_ANY, 'protocol', 'protocol %s ', '802.1q');
  p.uint(PRINT_ANY, 'id', 'id %u ', num(tb.id));
  if (tb.flags !== undefined) {
    let flags = flagsNum(VLAN_FLAG, tb.flags.flags);
    p.openArray(PRINT_ANY, p.json ? 'flags' : '<');
    // iproute2's order: REORDER_HDR, GVRP, MVRP, LOOSE_BINDING, BRIDGE_BINDING
    for (const [name, bit] of [['REORDER_HDR', 1], ['GVRP', 2], ['MVRP', 8], ['LOOSE_BINDING', 4], ['BRIDGE_BINDING', 16]] as Array<[string, number]>) {
      if (flags & bit) {
        flags &= ~bit;
        p.string(PRINT_ANY, null, flags ? '%s,' : '%s', name);
      }
    }
    if (flags) p.hex(PRINT_ANY, null, '%x', flags);
    p.closeArray(PRINT_ANY, '> ');
  }
  const map = (jsonName: string, fpName: string, q: any): void => {
    p.openArray(PRINT_JSON, jsonName);
    p.nl();
    p.string(PRINT_FP, null, '      %s { ', fpName);
    for (const m of (q?.mapping ?? []) as Array<{ from: number; to: number }>) {
      if (p.json) {
        p.openObject(null);
        p.uint(PRINT_JSON, 'from', null, num(m.from));
        p.uint(PRINT_JSON, 'to', null, num(m.to));
        p.closeObject();
      } else p.fp('%u:%u ', num(m.from), num(m.to));
    }
    p.closeArray(PRINT_JSON, null);
    p.string(PRINT_FP, null, '%s ', '}');
  };
  if (tb.ingressQos !== undefined) map('ingress_qos', 'ingress-qos-map', tb.ingressQos);
  if (tb.egressQos !== undefined) map('egress_qos', 'egress-qos-map', tb.egressQos);
};

const vrf: KindPrinter = (p, _ctx, tb) => {
  if (tb?.table !== undefined) p.uint(PRINT_ANY, 'table', 'table %u ', num(tb.table));
};

const ipvlan: KindPrinter = (p, _ctx, tb) => {
  if (!tb) return;
  if (tb.mode !== undefined) {
    const mode = enumNum(IPVLAN_MODE, tb.mode);
    p.string(PRINT_ANY, 'mode', ' mode %s ', mode === 0 ? 'l2' : mode === 1 ? 'l3' : mode === 2 ? 'l3s' : 'unknown');
  }
  if (tb.flags !== undefined) {
    const flags = flagsNum(IPVLAN_F, tb.flags);
    if (flags & 1) p.bool(PRINT_ANY, 'private', 'private ', true);
    else if (flags & 2) p.bool(PRINT_ANY, 'vepa', 'vepa ', true);
    else p.bool(PRINT_ANY, 'bridge', 'bridge ', true);
  }
};

const KINDS: Record<string, KindPrinter | null> = {
  bridge,
  vxlan,
  macvlan,
  macvtap: macvlan,
  tun,
  vlan,
  vrf,
  ipvlan,
  ipvtap: ipvlan,
  bond: printBond,
  gre: printGre,
  gretap: printGre,
  erspan: printGre,
  ip6gre: printGre6,
  ip6gretap: printGre6,
  ip6erspan: printGre6,
  ipip: printIptun,
  sit: printIptun,
  ip6tnl: printIp6tnl,
  vti: printVti,
  vti6: printVti,
  geneve: printGeneve,
  xfrm: printXfrm,
  macsec: printMacsec,
};
const SLAVE_KINDS: Record<string, KindPrinter> = {
  bridge: bridgeSlave,
  bond: printBondSlave,
  vrf,
};

export function kindPrinter(kind: string): KindPrinter | undefined {
  return KINDS[kind] ?? undefined;
}
export function slaveKindPrinter(kind: string): KindPrinter | undefined {
  return SLAVE_KINDS[kind];
}
