/**
 * bonding (IFLA_BOND_*, IFLA_BOND_SLAVE_* of linux/if_link.h; iproute2 ip/iplink_bond.c and
 * ip/iplink_bond_slave.c).
 */
import { enumOf } from '../../../netlink/enums.js';
import { attrs, indexed } from '../../../netlink/schema.js';
import { ipv4, ipv6, mac, s32, u16, u32, u8 } from '../../../netlink/types.js';
import { BOND_AD_LACP_RATE, BOND_AD_SELECT, BOND_ARP_ALL_TARGETS, BOND_ARP_VALIDATE, BOND_FAIL_OVER_MAC, BOND_LINK, BOND_MODE, BOND_PRIMARY_RESELECT, BOND_SLAVE_STATE, BOND_XMIT_HASH_POLICY } from '../constants.js';
import { matches } from './words.js';
import { defineKind, pick, type DataOptions, type KindArgs, type KindParseContext, type KindPrint, type ValueOf } from './kind.js';
import { enumNum, num, PRINT_ANY } from './print.js';

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

/** iplink_bond.c bond_print_opt: the common options (mode, miimon, delays). */
const print: KindPrint<ValueOf<typeof bondAttrs>> = (p, tb) => {
  if (!tb) return;
  if (tb.mode !== undefined) {
    const m = enumNum(BOND_MODE, tb.mode);
    p.string(PRINT_ANY, 'mode', 'mode %s ', MODES[m] ?? String(m));
  }
  if (tb.miimon !== undefined) p.uint(PRINT_ANY, 'miimon', 'miimon %u ', num(tb.miimon));
  if (tb.updelay !== undefined) p.uint(PRINT_ANY, 'updelay', 'updelay %u ', num(tb.updelay));
  if (tb.downdelay !== undefined) p.uint(PRINT_ANY, 'downdelay', 'downdelay %u ', num(tb.downdelay));
};

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
  usage: () => USAGE,
});

const USAGE = "Usage: ... bond [ mode BONDMODE ] [ active_slave SLAVE_DEV ]\n                [ clear_active_slave ] [ miimon MIIMON ]\n                [ updelay UPDELAY ] [ downdelay DOWNDELAY ]\n                [ peer_notify_delay DELAY ]\n                [ use_carrier USE_CARRIER ]\n                [ arp_interval ARP_INTERVAL ]\n                [ arp_validate ARP_VALIDATE ]\n                [ arp_all_targets ARP_ALL_TARGETS ]\n                [ arp_ip_target [ ARP_IP_TARGET, ... ] ]\n                [ ns_ip6_target [ NS_IP6_TARGET, ... ] ]\n                [ primary SLAVE_DEV ]\n                [ primary_reselect PRIMARY_RESELECT ]\n                [ fail_over_mac FAIL_OVER_MAC ]\n                [ xmit_hash_policy XMIT_HASH_POLICY ]\n                [ resend_igmp RESEND_IGMP ]\n                [ num_grat_arp|num_unsol_na NUM_GRAT_ARP|NUM_UNSOL_NA ]\n                [ all_slaves_active ALL_SLAVES_ACTIVE ]\n                [ min_links MIN_LINKS ]\n                [ lp_interval LP_INTERVAL ]\n                [ packets_per_slave PACKETS_PER_SLAVE ]\n                [ tlb_dynamic_lb TLB_DYNAMIC_LB ]\n                [ lacp_rate LACP_RATE ]\n                [ lacp_active LACP_ACTIVE]\n                [ ad_select AD_SELECT ]\n                [ ad_user_port_key PORTKEY ]\n                [ ad_actor_sys_prio SYSPRIO ]\n                [ ad_actor_system LLADDR ]\n                [ arp_missed_max MISSED_MAX ]\n\nBONDMODE := balance-rr|active-backup|balance-xor|broadcast|802.3ad|balance-tlb|balance-alb\nARP_VALIDATE := none|active|backup|all|filter|filter_active|filter_backup\nARP_ALL_TARGETS := any|all\nPRIMARY_RESELECT := always|better|failure\nFAIL_OVER_MAC := none|active|follow\nXMIT_HASH_POLICY := layer2|layer2+3|layer3+4|encap2+3|encap3+4|vlan+srcmac\nLACP_ACTIVE := off|on\nLACP_RATE := slow|fast\nAD_SELECT := stable|bandwidth|count\n";
