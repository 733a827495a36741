/**
 * bonding (IFLA_BOND_*, IFLA_BOND_SLAVE_* of linux/if_link.h; iproute2 ip/iplink_bond.c and
 * ip/iplink_bond_slave.c).
 */
import { enumOf } from '../../../netlink/enums.js';
import { attrs, indexed } from '../../../netlink/schema.js';
import { ipv4, ipv6, mac, s32, u16, u32, u8 } from '../../../netlink/types.js';
import { BOND_AD_LACP_RATE, BOND_AD_SELECT, BOND_ARP_ALL_TARGETS, BOND_ARP_VALIDATE, BOND_FAIL_OVER_MAC, BOND_LINK, BOND_MODE, BOND_PRIMARY_RESELECT, BOND_SLAVE_STATE, BOND_XMIT_HASH_POLICY } from '../constants.js';
import { matches } from './words.js';
import { defineKind, pick, type DataOptions, type KindArgs, type KindParseContext, type KindPrintContext, type ValueOf } from './kind.js';
import { enumNum, num, PRINT_ANY, PRINT_FP, PRINT_JSON, type KindPrinter } from './print.js';

/** IFLA_BOND_AD_INFO_* */
export const bondAdInfoAttrs = attrs('IFLA_BOND_AD_INFO_', {
  aggregator: [1, 'AGGREGATOR', u16],
  numPorts: [2, 'NUM_PORTS', u16],
  actorKey: [3, 'ACTOR_KEY', u16],
  partnerKey: [4, 'PARTNER_KEY', u16],
  partnerMac: [5, 'PARTNER_MAC', mac],
});

/** IFLA_BOND_* */
export const bondAttrs = attrs('IFLA_BOND_', {
  mode: [1, 'MODE', enumOf(u8, BOND_MODE)],
  activeSlave: [2, 'ACTIVE_SLAVE', u32],
  miimon: [3, 'MIIMON', u32],
  updelay: [4, 'UPDELAY', u32],
  downdelay: [5, 'DOWNDELAY', u32],
  useCarrier: [6, 'USE_CARRIER', u8],
  arpInterval: [7, 'ARP_INTERVAL', u32],
  arpIpTarget: [8, 'ARP_IP_TARGET', indexed(ipv4, 0)],
  arpValidate: [9, 'ARP_VALIDATE', enumOf(u32, BOND_ARP_VALIDATE)],
  arpAllTargets: [10, 'ARP_ALL_TARGETS', enumOf(u32, BOND_ARP_ALL_TARGETS)],
  primary: [11, 'PRIMARY', u32],
  primaryReselect: [12, 'PRIMARY_RESELECT', enumOf(u8, BOND_PRIMARY_RESELECT)],
  failOverMac: [13, 'FAIL_OVER_MAC', enumOf(u8, BOND_FAIL_OVER_MAC)],
  xmitHashPolicy: [14, 'XMIT_HASH_POLICY', enumOf(u8, BOND_XMIT_HASH_POLICY)],
  resendIgmp: [15, 'RESEND_IGMP', u32],
  numPeerNotif: [16, 'NUM_PEER_NOTIF', u8],
  allSlavesActive: [17, 'ALL_SLAVES_ACTIVE', u8],
  minLinks: [18, 'MIN_LINKS', u32],
  lpInterval: [19, 'LP_INTERVAL', u32],
  packetsPerSlave: [20, 'PACKETS_PER_SLAVE', u32],
  adLacpRate: [21, 'AD_LACP_RATE', enumOf(u8, BOND_AD_LACP_RATE)],
  adSelect: [22, 'AD_SELECT', enumOf(u8, BOND_AD_SELECT)],
  adInfo: [23, 'AD_INFO', bondAdInfoAttrs],
  adActorSysPrio: [24, 'AD_ACTOR_SYS_PRIO', u16],
  adUserPortKey: [25, 'AD_USER_PORT_KEY', u16],
  adActorSystem: [26, 'AD_ACTOR_SYSTEM', mac],
  tlbDynamicLb: [27, 'TLB_DYNAMIC_LB', u8],
  peerNotifDelay: [28, 'PEER_NOTIF_DELAY', u32],
  adLacpActive: [29, 'AD_LACP_ACTIVE', u8],
  missedMax: [30, 'MISSED_MAX', u8],
  nsIp6Target: [31, 'NS_IP6_TARGET', indexed(ipv6, 0)],
  coupledControl: [32, 'COUPLED_CONTROL', u8],
  broadcastNeigh: [33, 'BROADCAST_NEIGH', u8],
  lacpStrict: [34, 'LACP_STRICT', u8],
});

/** IFLA_BOND_SLAVE_* */
export const bondSlaveAttrs = attrs('IFLA_BOND_SLAVE_', {
  state: [1, 'STATE', enumOf(u8, BOND_SLAVE_STATE)],
  miiStatus: [2, 'MII_STATUS', enumOf(u8, BOND_LINK)],
  linkFailureCount: [3, 'LINK_FAILURE_COUNT', u32],
  permHwaddr: [4, 'PERM_HWADDR', mac],
  queueId: [5, 'QUEUE_ID', u16],
  adAggregatorId: [6, 'AD_AGGREGATOR_ID', u16],
  adActorOperPortState: [7, 'AD_ACTOR_OPER_PORT_STATE', u8],
  adPartnerOperPortState: [8, 'AD_PARTNER_OPER_PORT_STATE', u16],
  prio: [9, 'PRIO', s32],
  actorPortPrio: [10, 'ACTOR_PORT_PRIO', u16],
  adChurnActorState: [11, 'AD_CHURN_ACTOR_STATE', u8],
  adChurnPartnerState: [12, 'AD_CHURN_PARTNER_STATE', u8],
});


/** `ip link add NAME type bond [mode MODE] [miimon N]` */
export interface BondOptions {
  kind: 'bond';
  /** IFLA_BOND_MODE */
  mode?: 'balance-rr' | 'active-backup' | 'balance-xor' | 'broadcast' | '802.3ad' | 'balance-tlb' | 'balance-alb';
  /** IFLA_BOND_MIIMON (ms) */
  miimon?: number;
  /** Any other IFLA_BOND_* attributes. */
  data?: DataOptions<typeof bondAttrs>;
}

const MODES = ['balance-rr', 'active-backup', 'balance-xor', 'broadcast', '802.3ad', 'balance-tlb', 'balance-alb'] as const;

/** iplink_bond.c bond_parse_opt (mode, miimon, updelay, downdelay so far; other words are refused with the usage). */
function parse(a: KindArgs, ctx: KindParseContext): Partial<BondOptions> {
  const out: Partial<BondOptions> = {};
  const data: Record<string, unknown> = {};
  const u = (what: string, v: string): number => ctx.unsigned(v) ?? ctx.invarg(what, v);
  while (a.more) {
    const w = a.cur;
    if (matches(w, 'help')) ctx.usage();
    if (!['mode', 'miimon', 'updelay', 'downdelay'].some((word) => matches(w, word))) ctx.usage(`bond: unknown command "${w}"?\n`);
    a.next();
    if (matches(w, 'mode')) {
      const byName = MODES.find((m) => m === a.cur);
      const byNumber = ctx.unsigned(a.cur);
      const mode = byName ?? (byNumber !== undefined ? MODES[byNumber] : undefined);
      if (mode === undefined) ctx.invarg('invalid mode', a.cur);
      out.mode = mode;
    } else if (matches(w, 'miimon')) out.miimon = u('invalid miimon', a.cur);
    else if (matches(w, 'updelay')) data.updelay = u('invalid updelay', a.cur);
    else if (matches(w, 'downdelay')) data.downdelay = u('invalid downdelay', a.cur);
    a.shift();
  }
  if (Object.keys(data).length) out.data = data as DataOptions<typeof bondAttrs>;
  return out;
}

type Data = Record<string, unknown>;

// iproute2's name tables (get_name: an index past the end prints "UNKNOWN").
const ARP_VALIDATE = ['none', 'active', 'backup', 'all', 'filter', 'filter_active', 'filter_backup'];
const ARP_ALL_TARGETS = ['any', 'all'];
const PRIMARY_RESELECT = ['always', 'better', 'failure'];
const FAIL_OVER_MAC = ['none', 'active', 'follow'];
const XMIT_HASH_POLICY = ['layer2', 'layer3+4', 'layer2+3', 'encap2+3', 'encap3+4', 'vlan+srcmac'];
const LACP_ACTIVE = ['off', 'on'];
const LACP_RATE = ['slow', 'fast'];
const AD_SELECT = ['stable', 'bandwidth', 'count'];
const name = (table: string[], i: number): string => table[i] ?? 'UNKNOWN';

function ifname(p: KindPrinter, ctx: KindPrintContext, key: string, v: unknown): void {
  if (v !== undefined && num(v)) p.string(PRINT_ANY, key, `${key} %s `, ctx.ifname(num(v)));
}

/** The ARP (IPv4) or NS (IPv6) targets: "arp_ip_target A,B " / a JSON array. */
function targets(p: KindPrinter, key: string, list: unknown): void {
  const addrs = (Array.isArray(list) ? list : []).filter((a) => a !== undefined && a !== null).map(String);
  if (!addrs.length) return;
  p.openArray(PRINT_JSON, key);
  p.string(PRINT_FP, null, `${key} `, null);
  addrs.forEach((a, i) => {
    p.string(PRINT_ANY, null, '%s', a);
    if (i < addrs.length - 1) p.fp(',');
  });
  p.string(PRINT_FP, null, ' ', null);
  p.closeArray(PRINT_JSON, null);
}

/** iplink_bond.c bond_print_opt */
const print = (p: KindPrinter, tb: Data | undefined, ctx: KindPrintContext): void => {
  if (!tb) return;
  const u = (key: string, fmt: string, v: unknown) => {
    if (v !== undefined) p.uint(PRINT_ANY, key, fmt, num(v));
  };
  const s = (key: string, fmt: string, v: unknown, table: string[], def: Parameters<typeof enumNum>[0]) => {
    if (v !== undefined) p.string(PRINT_ANY, key, fmt, name(table, enumNum(def, v)));
  };
  s('mode', 'mode %s ', tb.mode, [...MODES], BOND_MODE);
  ifname(p, ctx, 'active_slave', tb.activeSlave);
  u('miimon', 'miimon %u ', tb.miimon);
  u('updelay', 'updelay %u ', tb.updelay);
  u('downdelay', 'downdelay %u ', tb.downdelay);
  u('peer_notify_delay', 'peer_notify_delay %u ', tb.peerNotifDelay);
  u('use_carrier', 'use_carrier %u ', tb.useCarrier);
  u('arp_interval', 'arp_interval %u ', tb.arpInterval);
  u('arp_missed_max', 'arp_missed_max %u ', tb.missedMax);
  if (tb.arpIpTarget !== undefined) targets(p, 'arp_ip_target', tb.arpIpTarget);
  if (tb.nsIp6Target !== undefined) targets(p, 'ns_ip6_target', tb.nsIp6Target);
  if (tb.arpValidate !== undefined) {
    const v = enumNum(BOND_ARP_VALIDATE, tb.arpValidate);
    if (!v && p.json) p.null(PRINT_JSON, 'arp_validate', null, null);
    else p.string(PRINT_ANY, 'arp_validate', 'arp_validate %s ', name(ARP_VALIDATE, v));
  }
  s('arp_all_targets', 'arp_all_targets %s ', tb.arpAllTargets, ARP_ALL_TARGETS, BOND_ARP_ALL_TARGETS);
  ifname(p, ctx, 'primary', tb.primary);
  s('primary_reselect', 'primary_reselect %s ', tb.primaryReselect, PRIMARY_RESELECT, BOND_PRIMARY_RESELECT);
  s('fail_over_mac', 'fail_over_mac %s ', tb.failOverMac, FAIL_OVER_MAC, BOND_FAIL_OVER_MAC);
  s('xmit_hash_policy', 'xmit_hash_policy %s ', tb.xmitHashPolicy, XMIT_HASH_POLICY, BOND_XMIT_HASH_POLICY);
  u('resend_igmp', 'resend_igmp %u ', tb.resendIgmp);
  u('num_peer_notif', 'num_grat_arp %u ', tb.numPeerNotif);
  u('all_slaves_active', 'all_slaves_active %u ', tb.allSlavesActive);
  u('min_links', 'min_links %u ', tb.minLinks);
  u('lp_interval', 'lp_interval %u ', tb.lpInterval);
  u('packets_per_slave', 'packets_per_slave %u ', tb.packetsPerSlave);
  if (tb.adLacpActive !== undefined) p.string(PRINT_ANY, 'ad_lacp_active', 'lacp_active %s ', name(LACP_ACTIVE, num(tb.adLacpActive)));
  s('ad_lacp_rate', 'lacp_rate %s ', tb.adLacpRate, LACP_RATE, BOND_AD_LACP_RATE);
  s('ad_select', 'ad_select %s ', tb.adSelect, AD_SELECT, BOND_AD_SELECT);
  const ad = tb.adInfo as Data | undefined;
  if (ad !== undefined) {
    p.openObject('ad_info');
    if (ad.aggregator !== undefined) p.int(PRINT_ANY, 'aggregator', 'ad_aggregator %d ', num(ad.aggregator));
    if (ad.numPorts !== undefined) p.int(PRINT_ANY, 'num_ports', 'ad_num_ports %d ', num(ad.numPorts));
    if (ad.actorKey !== undefined) p.int(PRINT_ANY, 'actor_key', 'ad_actor_key %d ', num(ad.actorKey));
    if (ad.partnerKey !== undefined) p.int(PRINT_ANY, 'partner_key', 'ad_partner_key %d ', num(ad.partnerKey));
    if (ad.partnerMac !== undefined) p.string(PRINT_ANY, 'partner_mac', 'ad_partner_mac %s ', String(ad.partnerMac));
    p.closeObject();
  }
  u('ad_actor_sys_prio', 'ad_actor_sys_prio %u ', tb.adActorSysPrio);
  u('ad_user_port_key', 'ad_user_port_key %u ', tb.adUserPortKey);
  if (tb.adActorSystem !== undefined) p.string(PRINT_ANY, 'ad_actor_system', 'ad_actor_system %s ', String(tb.adActorSystem));
  u('tlb_dynamic_lb', 'tlb_dynamic_lb %u ', tb.tlbDynamicLb);
};

const SLAVE_STATES = ['ACTIVE', 'BACKUP'];
const MII_STATUS = ['UP', 'GOING_DOWN', 'DOWN', 'GOING_BACK'];
// LACP_STATE_* bits in iproute2's print order.
const LACP_STATE: Array<[bit: number, text: string]> = [
  [0x1, 'active'], [0x2, 'short_timeout'], [0x4, 'aggregating'], [0x8, 'in_sync'],
  [0x10, 'collecting'], [0x20, 'distributing'], [0x40, 'defaulted'], [0x80, 'expired'],
];

function operState(p: KindPrinter, key: string, state: number): void {
  p.openArray(PRINT_ANY, key);
  p.string(PRINT_FP, null, ' <', null);
  for (const [bit, text] of LACP_STATE) {
    if (state & bit) {
      state &= ~bit;
      p.string(PRINT_ANY, null, state ? '%s,' : '%s', text);
    }
  }
  p.closeArray(PRINT_ANY, '> ');
}

/** iplink_bond_slave.c bond_slave_print_opt */
const printSlave = (p: KindPrinter, tb: Data | undefined): void => {
  if (!tb) return;
  if (tb.state !== undefined) {
    const st = enumNum(BOND_SLAVE_STATE, tb.state);
    if (st >= SLAVE_STATES.length) p.int(PRINT_ANY, 'state_index', 'state %d ', st);
    else p.string(PRINT_ANY, 'state', 'state %s ', SLAVE_STATES[st]!);
  }
  if (tb.miiStatus !== undefined) {
    const st = enumNum(BOND_LINK, tb.miiStatus);
    if (st >= MII_STATUS.length) p.int(PRINT_ANY, 'mii_status_index', 'mii_status %d ', st);
    else p.string(PRINT_ANY, 'mii_status', 'mii_status %s ', MII_STATUS[st]!);
  }
  if (tb.linkFailureCount !== undefined) p.int(PRINT_ANY, 'link_failure_count', 'link_failure_count %d ', num(tb.linkFailureCount));
  if (tb.permHwaddr !== undefined) p.string(PRINT_ANY, 'perm_hwaddr', 'perm_hwaddr %s ', String(tb.permHwaddr));
  if (tb.queueId !== undefined) p.int(PRINT_ANY, 'queue_id', 'queue_id %d ', num(tb.queueId));
  if (tb.prio !== undefined) p.int(PRINT_ANY, 'prio', 'prio %d ', num(tb.prio));
  if (tb.adAggregatorId !== undefined) p.int(PRINT_ANY, 'ad_aggregator_id', 'ad_aggregator_id %d ', num(tb.adAggregatorId));
  if (tb.adActorOperPortState !== undefined) {
    const st = num(tb.adActorOperPortState) & 0xff;
    p.int(PRINT_ANY, 'ad_actor_oper_port_state', 'ad_actor_oper_port_state %d ', st);
    operState(p, 'ad_actor_oper_port_state_str', st);
  }
  if (tb.adPartnerOperPortState !== undefined) {
    // iproute2 reads this u16 attribute with rta_getattr_u8: the low byte.
    const st = num(tb.adPartnerOperPortState) & 0xff;
    p.int(PRINT_ANY, 'ad_partner_oper_port_state', 'ad_partner_oper_port_state %d ', st);
    operState(p, 'ad_partner_oper_port_state_str', st);
  }
};


/**
 * The link kind module of bond: options to attributes for `link.add()`, the schema of its
 * IFLA_INFO_DATA (`ip link add NAME type bond ...`: IFLA_BOND_* and the slave's
 * IFLA_BOND_SLAVE_*), and how `ip -d link` prints it.
 */
export const bond = defineKind<'bond', BondOptions, typeof bondAttrs, typeof bondSlaveAttrs>({
  kinds: ['bond'],
  data: bondAttrs,
  slaveData: bondSlaveAttrs,
  optionKeys: ['mode', 'miimon', 'data'],
  encode(b) {
    const d: Record<string, unknown> = { ...pick(b, ['mode', 'miimon']), ...(b.data ?? {}) };
    return Object.keys(d).length ? { data: d } : {};
  },
  parse,
  print,
  printSlave,
  usage: () => USAGE,
});

const USAGE = "Usage: ... bond [ mode BONDMODE ] [ active_slave SLAVE_DEV ]\n                [ clear_active_slave ] [ miimon MIIMON ]\n                [ updelay UPDELAY ] [ downdelay DOWNDELAY ]\n                [ peer_notify_delay DELAY ]\n                [ use_carrier USE_CARRIER ]\n                [ arp_interval ARP_INTERVAL ]\n                [ arp_validate ARP_VALIDATE ]\n                [ arp_all_targets ARP_ALL_TARGETS ]\n                [ arp_ip_target [ ARP_IP_TARGET, ... ] ]\n                [ ns_ip6_target [ NS_IP6_TARGET, ... ] ]\n                [ primary SLAVE_DEV ]\n                [ primary_reselect PRIMARY_RESELECT ]\n                [ fail_over_mac FAIL_OVER_MAC ]\n                [ xmit_hash_policy XMIT_HASH_POLICY ]\n                [ resend_igmp RESEND_IGMP ]\n                [ num_grat_arp|num_unsol_na NUM_GRAT_ARP|NUM_UNSOL_NA ]\n                [ all_slaves_active ALL_SLAVES_ACTIVE ]\n                [ min_links MIN_LINKS ]\n                [ lp_interval LP_INTERVAL ]\n                [ packets_per_slave PACKETS_PER_SLAVE ]\n                [ tlb_dynamic_lb TLB_DYNAMIC_LB ]\n                [ lacp_rate LACP_RATE ]\n                [ lacp_active LACP_ACTIVE]\n                [ ad_select AD_SELECT ]\n                [ ad_user_port_key PORTKEY ]\n                [ ad_actor_sys_prio SYSPRIO ]\n                [ ad_actor_system LLADDR ]\n                [ arp_missed_max MISSED_MAX ]\n\nBONDMODE := balance-rr|active-backup|balance-xor|broadcast|802.3ad|balance-tlb|balance-alb\nARP_VALIDATE := none|active|backup|all|filter|filter_active|filter_backup\nARP_ALL_TARGETS := any|all\nPRIMARY_RESELECT := always|better|failure\nFAIL_OVER_MAC := none|active|follow\nXMIT_HASH_POLICY := layer2|layer2+3|layer3+4|encap2+3|encap3+4|vlan+srcmac\nLACP_ACTIVE := off|on\nLACP_RATE := slow|fast\nAD_SELECT := stable|bandwidth|count\n";
