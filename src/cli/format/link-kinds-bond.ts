/**
 * `ip -d` printers of bond and bond_slave data (iproute2 6.1's iplink_bond.c and
 * iplink_bond_slave.c print_opt), and of macsec (ipmacsec.c).
 */
import {
  BOND_AD_LACP_RATE, BOND_AD_SELECT, BOND_ARP_ALL_TARGETS, BOND_ARP_VALIDATE, BOND_FAIL_OVER_MAC, BOND_LINK, BOND_MODE,
  BOND_PRIMARY_RESELECT, BOND_SLAVE_STATE, BOND_XMIT_HASH_POLICY, MACSEC_OFFLOAD, MACSEC_VALIDATE,
} from '../../rtnl/link/constants.js';
import { big, enumNum, indexToName, num, type FormatContext } from './context.js';
import { PRINT_ANY, PRINT_FP, PRINT_JSON, type Printer } from './printer.js';
import { sprintf } from './printf.js';

type Data = Record<string, unknown>;

// iproute2's name tables (get_name: an index past the end prints "UNKNOWN").
const MODE = ['balance-rr', 'active-backup', 'balance-xor', 'broadcast', '802.3ad', 'balance-tlb', 'balance-alb'];
const ARP_VALIDATE = ['none', 'active', 'backup', 'all', 'filter', 'filter_active', 'filter_backup'];
const ARP_ALL_TARGETS = ['any', 'all'];
const PRIMARY_RESELECT = ['always', 'better', 'failure'];
const FAIL_OVER_MAC = ['none', 'active', 'follow'];
const XMIT_HASH_POLICY = ['layer2', 'layer3+4', 'layer2+3', 'encap2+3', 'encap3+4', 'vlan+srcmac'];
const LACP_ACTIVE = ['off', 'on'];
const LACP_RATE = ['slow', 'fast'];
const AD_SELECT = ['stable', 'bandwidth', 'count'];
const name = (table: string[], i: number): string => table[i] ?? 'UNKNOWN';

function ifname(p: Printer, ctx: FormatContext, key: string, v: unknown): void {
  if (v !== undefined && num(v)) p.string(PRINT_ANY, key, `${key} %s `, indexToName(ctx, num(v)));
}

/** The ARP (IPv4) or NS (IPv6) targets: "arp_ip_target A,B " / a JSON array. */
function targets(p: Printer, key: string, list: unknown): void {
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

/** bond (iplink_bond.c) */
export function printBond(p: Printer, ctx: FormatContext, tb: Data | undefined): void {
  if (!tb) return;
  const u = (key: string, fmt: string, v: unknown) => {
    if (v !== undefined) p.uint(PRINT_ANY, key, fmt, num(v));
  };
  const s = (key: string, fmt: string, v: unknown, table: string[], def: Parameters<typeof enumNum>[0]) => {
    if (v !== undefined) p.string(PRINT_ANY, key, fmt, name(table, enumNum(def, v)));
  };
  s('mode', 'mode %s ', tb.mode, MODE, BOND_MODE);
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
}

const SLAVE_STATES = ['ACTIVE', 'BACKUP'];
const MII_STATUS = ['UP', 'GOING_DOWN', 'DOWN', 'GOING_BACK'];
// LACP_STATE_* bits in iproute2's print order.
const LACP_STATE: Array<[bit: number, text: string]> = [
  [0x1, 'active'], [0x2, 'short_timeout'], [0x4, 'aggregating'], [0x8, 'in_sync'],
  [0x10, 'collecting'], [0x20, 'distributing'], [0x40, 'defaulted'], [0x80, 'expired'],
];

function operState(p: Printer, key: string, state: number): void {
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

/** bond_slave (iplink_bond_slave.c) */
export function printBondSlave(p: Printer, _ctx: FormatContext, tb: Data | undefined): void {
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
}

// MACSEC_CIPHER_ID_* (linux/if_macsec.h)
const CIPHERS = new Map<bigint, string>([
  [0x0080020001000001n, 'GCM-AES-128'], // MACSEC_DEFAULT_CIPHER_ID
  [0x0080c20001000001n, 'GCM-AES-128'],
  [0x0080c20001000002n, 'GCM-AES-256'],
  [0x0080c20001000003n, 'GCM-AES-XPN-128'],
  [0x0080c20001000004n, 'GCM-AES-XPN-256'],
]);
const VALIDATE = ['disabled', 'check', 'strict'];
const OFFLOAD = ['off', 'phy', 'mac'];

/** macsec (ipmacsec.c) */
export function printMacsec(p: Printer, _ctx: FormatContext, tb: Data | undefined): void {
  if (!tb) return;
  const flag = (desc: string, v: unknown) => {
    if (v === undefined) return;
    if (p.json) p.bool(PRINT_JSON, desc, null, num(v) !== 0);
    else p.fp('%s %s ', desc, num(v) ? 'on' : 'off');
  };
  if (tb.sci !== undefined) {
    const sci = sprintf('%016llx', BigInt.asUintN(64, big(tb.sci)));
    if (p.json) p.string(PRINT_JSON, 'sci', null, sci);
    else p.fp('sci %s ', sci);
  }
  flag('protect', tb.protect);
  if (tb.cipherSuite !== undefined) p.string(PRINT_ANY, 'cipher_suite', 'cipher %s ', CIPHERS.get(BigInt.asUintN(64, big(tb.cipherSuite))) ?? '(unknown)');
  if (tb.icvLen !== undefined) {
    if (p.json) p.uint(PRINT_JSON, 'icv_len', null, num(tb.icvLen) & 0xff);
    else p.fp('icvlen %u ', num(tb.icvLen) & 0xff);
  }
  if (tb.encodingSa !== undefined) {
    if (p.json) p.uint(PRINT_JSON, 'encoding_sa', null, num(tb.encodingSa) & 0xff);
    else p.fp('encodingsa %u ', num(tb.encodingSa) & 0xff);
  }
  if (tb.validation !== undefined) p.string(PRINT_ANY, 'validation', 'validate %s ', VALIDATE[enumNum(MACSEC_VALIDATE, tb.validation)] ?? '(unknown)');
  if (tb.offload !== undefined) p.string(PRINT_ANY, 'offload', 'offload %s ', OFFLOAD[enumNum(MACSEC_OFFLOAD, tb.offload)] ?? '(unknown)');
  flag('encrypt', tb.encrypt);
  flag(p.json ? 'inc_sci' : 'send_sci', tb.incSci);
  flag(p.json ? 'es' : 'end_station', tb.es);
  flag('scb', tb.scb);
  flag(p.json ? 'replay_protect' : 'replay', tb.replayProtect);
  if (tb.window !== undefined) p.int(PRINT_ANY, 'window', 'window %d ', num(tb.window));
}
