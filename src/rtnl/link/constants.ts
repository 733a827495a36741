/**
 * Link constants both ways (name ↔ number): message types, IFF_* flags, ARPHRD_* types,
 * operational states, link modes, RTEXT_FILTER_* and the enums used inside link attributes.
 *
 * Names follow iproute2's spelling where iproute2 prints one ('UP', 'ether', 'DORMANT',
 * 'active-backup', '802.1Q'...), else the lower-case kernel suffix.
 * Facts from the kernel's uapi headers (linux/if.h, if_arp.h, if_link.h, if_bridge.h,
 * rtnetlink.h, ipv6.h, ip.h, snmp.h) as of Linux 6.18.
 */
import { defineEnum, type EnumDef } from '../../netlink/enums.js';

// Message types and address families are shared with the other rtnetlink schemas: the same
// bindings, re-exported, so that `export *` of several modules does not clash.
export {
  RTM_NEWLINK, RTM_DELLINK, RTM_GETLINK, RTM_SETLINK,
  AF_UNSPEC, AF_INET, AF_BRIDGE, AF_INET6, AF_PACKET, AF_MPLS,
} from '../constants.js';
/** AF_MCTP (linux/socket.h) */
export const AF_MCTP = 45;

/** net_device_flags (linux/if.h), named as iproute2 prints them. */
export const IFF = defineEnum('IFF_', {
  UP: 0x1,
  BROADCAST: 0x2,
  DEBUG: 0x4,
  LOOPBACK: 0x8,
  POINTOPOINT: 0x10,
  NOTRAILERS: 0x20,
  RUNNING: 0x40,
  NOARP: 0x80,
  PROMISC: 0x100,
  ALLMULTI: 0x200,
  MASTER: 0x400,
  SLAVE: 0x800,
  MULTICAST: 0x1000,
  PORTSEL: 0x2000,
  AUTOMEDIA: 0x4000,
  DYNAMIC: 0x8000,
  LOWER_UP: 0x10000,
  DORMANT: 0x20000,
  ECHO: 0x40000,
});

/** ARPHRD_* (linux/if_arp.h), named like iproute2's lib/ll_types.c (else lower-case suffix). */
export const ARPHRD = defineEnum('ARPHRD_', {
  netrom: 0,
  ether: 1,
  eether: 2,
  ax25: 3,
  pronet: 4,
  chaos: 5,
  ieee802: 6,
  arcnet: 7,
  atalk: 8,
  dlci: 15,
  atm: 19,
  metricom: 23,
  ieee1394: 24,
  eui64: 27,
  infiniband: 32,
  slip: 256,
  cslip: 257,
  slip6: 258,
  cslip6: 259,
  rsrvd: 260,
  adapt: 264,
  rose: 270,
  x25: 271,
  hwx25: 272,
  can: 280,
  mctp: 290,
  ppp: 512,
  hdlc: 513,
  cisco: 513,
  lapb: 516,
  ddcmp: 517,
  rawhdlc: 518,
  rawip: 519,
  ipip: 768,
  tunnel: 768,
  tunnel6: 769,
  frad: 770,
  skip: 771,
  loopback: 772,
  ltalk: 773,
  localtlk: 773,
  fddi: 774,
  bif: 775,
  sit: 776,
  'ip/ddp': 777,
  ipddp: 777,
  gre: 778,
  ipgre: 778,
  pimreg: 779,
  hippi: 780,
  ash: 781,
  econet: 782,
  irda: 783,
  fcpp: 784,
  fcal: 785,
  fcpl: 786,
  fcfb0: 787,
  fcfb1: 788,
  fcfb2: 789,
  fcfb3: 790,
  fcfb4: 791,
  fcfb5: 792,
  fcfb6: 793,
  fcfb7: 794,
  fcfb8: 795,
  fcfb9: 796,
  fcfb10: 797,
  fcfb11: 798,
  fcfb12: 799,
  tr: 800,
  'ieee802.11': 801,
  'ieee802.11/prism': 802,
  'ieee802.11/radiotap': 803,
  'ieee802.15.4': 804,
  'ieee802.15.4/monitor': 805,
  phonet: 820,
  phonet_pipe: 821,
  caif: 822,
  gre6: 823,
  ip6gre: 823,
  netlink: 824,
  '6lowpan': 825,
  vsockmon: 826,
  none: 0xfffe,
  void: 0xffff,
});

/** IF_OPER_* (RFC 2863 operational states). */
export const IF_OPER = defineEnum('IF_OPER_', {
  UNKNOWN: 0,
  NOTPRESENT: 1,
  DOWN: 2,
  LOWERLAYERDOWN: 3,
  TESTING: 4,
  DORMANT: 5,
  UP: 6,
});

/** The names of an enum (`'UP' | 'DOWN' | ...`). */
export type EnumName<E> = E extends EnumDef<infer N> ? N : never;
/** RFC 2863 operational state names (IF_OPER_*), as iproute2 prints them. */
export type OperState = EnumName<typeof IF_OPER>;

/** IF_LINK_MODE_* */
export const IF_LINK_MODE = defineEnum('IF_LINK_MODE_', {
  DEFAULT: 0,
  DORMANT: 1,
  TESTING: 2,
});
/** IFLA_LINKMODE names (IF_LINK_MODE_*). */
export type LinkMode = EnumName<typeof IF_LINK_MODE>;

/** RTEXT_FILTER_* bits for IFLA_EXT_MASK. */
export const RTEXT_FILTER = defineEnum('RTEXT_FILTER_', {
  vf: 1 << 0,
  brvlan: 1 << 1,
  brvlan_compressed: 1 << 2,
  skip_stats: 1 << 3,
  mrp: 1 << 4,
  cfm_config: 1 << 5,
  cfm_status: 1 << 6,
  mst: 1 << 7,
  name_only: 1 << 8,
});
/**
 * `RTEXT_FILTER_VF` (IFLA_EXT_MASK): include SR-IOV virtual function information in link dumps
 * (`ip link show` with VFs).
 */
export const RTEXT_FILTER_VF = 1;
/**
 * `RTEXT_FILTER_BRVLAN` (IFLA_EXT_MASK): include a bridge port's VLANs, one entry per VLAN
 * (`bridge vlan show`).
 */
export const RTEXT_FILTER_BRVLAN = 2;
/** `RTEXT_FILTER_BRVLAN_COMPRESSED` (IFLA_EXT_MASK): include bridge VLANs as ranges. */
export const RTEXT_FILTER_BRVLAN_COMPRESSED = 4;
/**
 * `RTEXT_FILTER_SKIP_STATS` (IFLA_EXT_MASK): leave the statistics out of link dumps (smaller,
 * faster).
 */
export const RTEXT_FILTER_SKIP_STATS = 8;

/** IN6_ADDR_GEN_MODE_* (iproute2 prints 'stable_secret' for STABLE_PRIVACY). */
export const IN6_ADDR_GEN_MODE = defineEnum('IN6_ADDR_GEN_MODE_', {
  eui64: 0,
  none: 1,
  stable_secret: 2,
  stable_privacy: 2,
  random: 3,
});

/** IF_RA_* / IF_READY bits of IFLA_INET6_FLAGS. */
export const INET6_IF_FLAGS = defineEnum('IF_', {
  rs_sent: 0x10,
  ra_rcvd: 0x20,
  ra_managed: 0x40,
  ra_otherconf: 0x80,
  ready: 0x80000000,
});

/** MACVLAN_MODE_* */
export const MACVLAN_MODE = defineEnum('MACVLAN_MODE_', {
  private: 1,
  vepa: 2,
  bridge: 4,
  passthru: 8,
  source: 16,
});
/** MACVLAN_MACADDR_* (IFLA_MACVLAN_MACADDR_MODE) */
export const MACVLAN_MACADDR = defineEnum('MACVLAN_MACADDR_', { add: 0, del: 1, flush: 2, set: 3 });
/** MACVLAN_FLAG_* */
export const MACVLAN_FLAG = defineEnum('MACVLAN_FLAG_', { nopromisc: 1, nodst: 2 });

/** IPVLAN_MODE_* */
export const IPVLAN_MODE = defineEnum('IPVLAN_MODE_', { l2: 0, l3: 1, l3s: 2 });
/** IPVLAN_F_* */
export const IPVLAN_F = defineEnum('IPVLAN_F_', { private: 1, vepa: 2 });

/** VLAN protocols (ETH_P_8021Q / ETH_P_8021AD), as iproute2 prints them. */
export const VLAN_PROTOCOL = defineEnum('ETH_P_', { '802.1Q': 0x8100, '802.1ad': 0x88a8, '8021Q': 0x8100, '8021AD': 0x88a8 });
/** VLAN_FLAG_* (struct ifla_vlan_flags) */
export const VLAN_FLAG = defineEnum('VLAN_FLAG_', {
  reorder_hdr: 0x1,
  gvrp: 0x2,
  loose_binding: 0x4,
  mvrp: 0x8,
  bridge_binding: 0x10,
});

/** BOND_MODE_* as iproute2 prints them. */
export const BOND_MODE = defineEnum('BOND_MODE_', {
  'balance-rr': 0,
  'active-backup': 1,
  'balance-xor': 2,
  broadcast: 3,
  '802.3ad': 4,
  'balance-tlb': 5,
  'balance-alb': 6,
});
/**
 * Bond `arp_validate` values (BOND_ARP_VALIDATE_*): which ARP replies/probes count as link proof.
 */
export const BOND_ARP_VALIDATE = defineEnum('BOND_ARP_VALIDATE_', {
  none: 0,
  active: 1,
  backup: 2,
  all: 3,
  filter: 4,
  filter_active: 5,
  filter_backup: 6,
});
/** Bond `arp_all_targets`: `any` or `all` ARP targets must answer for the slave to be up. */
export const BOND_ARP_ALL_TARGETS = defineEnum('BOND_ARP_TARGETS_', { any: 0, all: 1 });
/** Bond `primary_reselect` (BOND_PRI_RESELECT_*): when the primary slave becomes active again. */
export const BOND_PRIMARY_RESELECT = defineEnum('BOND_PRI_RESELECT_', { always: 0, better: 1, failure: 2 });
/**
 * Bond `fail_over_mac` (BOND_FOM_*): how the bond's MAC follows the active slave in active-backup
 * mode.
 */
export const BOND_FAIL_OVER_MAC = defineEnum('BOND_FOM_', { none: 0, active: 1, follow: 2 });
/** Bond `xmit_hash_policy` (BOND_XMIT_POLICY_*): which headers choose the transmit slave. */
export const BOND_XMIT_HASH_POLICY = defineEnum('BOND_XMIT_POLICY_', {
  layer2: 0,
  'layer3+4': 1,
  'layer2+3': 2,
  'encap2+3': 3,
  'encap3+4': 4,
  'vlan+srcmac': 5,
});
/** Bond `lacp_rate` (802.3ad): LACPDUs every 30 s (`slow`) or every second (`fast`). */
export const BOND_AD_LACP_RATE = defineEnum('AD_LACP_', { slow: 0, fast: 1 });
/** Bond `ad_select` (802.3ad): how the active aggregator is chosen. */
export const BOND_AD_SELECT = defineEnum('BOND_AD_', { stable: 0, bandwidth: 1, count: 2, actor_port_prio: 3 });
/** A bond slave's state (BOND_STATE_*: `ACTIVE` or `BACKUP`), as `ip -d link` prints it. */
export const BOND_SLAVE_STATE = defineEnum('BOND_STATE_', { ACTIVE: 0, BACKUP: 1 });
/** A bond slave's MII status (BOND_LINK_*), as `ip -d link` prints it. */
export const BOND_LINK = defineEnum('BOND_LINK_', { UP: 0, GOING_DOWN: 1, DOWN: 2, GOING_BACK: 3 });

/** BR_STATE_* (bridge port STP state), as iproute2 prints them. */
export const BR_STATE = defineEnum('BR_STATE_', {
  disabled: 0,
  listening: 1,
  learning: 2,
  forwarding: 3,
  blocking: 4,
});
/** BR_STP_MODE_* */
export const BR_STP_MODE = defineEnum('BR_STP_MODE_', { auto: 0, user: 1, kernel: 2 });
/** BRIDGE_VLAN_INFO_* flags of struct bridge_vlan_info. */
export const BRIDGE_VLAN_INFO = defineEnum('BRIDGE_VLAN_INFO_', {
  master: 0x1,
  pvid: 0x2,
  untagged: 0x4,
  range_begin: 0x8,
  range_end: 0x10,
  brentry: 0x20,
  onlink: 0x40,
});
/** BRIDGE_FLAGS_* (IFLA_BRIDGE_FLAGS) */
export const BRIDGE_FLAGS = defineEnum('BRIDGE_FLAGS_', { master: 1, self: 2 });
/** BRIDGE_MODE_* (IFLA_BRIDGE_MODE) */
export const BRIDGE_MODE = defineEnum('BRIDGE_MODE_', { veb: 0, vepa: 1 });

/** tun device type (IFF_TUN / IFF_TAP). */
export const TUN_TYPE = defineEnum('IFF_', { tun: 1, tap: 2 });

/** XDP_ATTACHED_* */
export const XDP_ATTACHED = defineEnum('XDP_ATTACHED_', { none: 0, drv: 1, skb: 2, hw: 3, multi: 4 });
/** XDP_FLAGS_* */
export const XDP_FLAGS = defineEnum('XDP_FLAGS_', {
  update_if_noexist: 1,
  skb_mode: 2,
  drv_mode: 4,
  hw_mode: 8,
  replace: 16,
});

/** IFLA_EVENT_* */
export const IFLA_EVENT = defineEnum('IFLA_EVENT_', {
  none: 0,
  reboot: 1,
  features: 2,
  bonding_failover: 3,
  notify_peers: 4,
  igmp_resend: 5,
  bonding_options: 6,
});

/** IFLA_VF_LINK_STATE_* */
export const VF_LINK_STATE = defineEnum('IFLA_VF_LINK_STATE_', { auto: 0, enable: 1, disable: 2 });

/** netkit enums. */
export const NETKIT_POLICY = defineEnum('NETKIT_', { forward: 0, pass: 0, blackhole: 2, drop: 2, redirect: 7 });
/**
 * netkit `mode` (NETKIT_L2 / NETKIT_L3): whether the device carries Ethernet frames or IP packets.
 */
export const NETKIT_MODE = defineEnum('NETKIT_', { l2: 0, l3: 1 });
/** netkit `scrub` (NETKIT_SCRUB_*): whether packet metadata is cleared when crossing the pair. */
export const NETKIT_SCRUB = defineEnum('NETKIT_SCRUB_', { none: 0, default: 1 });
/** netkit pairing (NETKIT_DEVICE_*): a `pair` of devices or a `single` device. */
export const NETKIT_PAIRING = defineEnum('NETKIT_DEVICE_', { pair: 0, single: 1 });

/** VXLAN_DF_* / GENEVE_DF_* */
export const TUNNEL_DF = defineEnum('VXLAN_DF_', { unset: 0, set: 1, inherit: 2 });
/** VXLAN_LABEL_* */
export const VXLAN_LABEL_POLICY = defineEnum('VXLAN_LABEL_', { fixed: 0, inherit: 1 });
/** TUNNEL_ENCAP_* */
export const TUNNEL_ENCAP = defineEnum('TUNNEL_ENCAP_', { none: 0, fou: 1, gue: 2, mpls: 3 });

/** MACSEC_VALIDATE_* / MACSEC_OFFLOAD_* */
export const MACSEC_VALIDATE = defineEnum('MACSEC_VALIDATE_', { disabled: 0, check: 1, strict: 2 });
/** MACsec `offload` (MACSEC_OFFLOAD_*): in software (`off`), in the PHY or in the MAC. */
export const MACSEC_OFFLOAD = defineEnum('MACSEC_OFFLOAD_', { off: 0, phy: 1, mac: 2 });

/** HSR_PROTOCOL_* */
export const HSR_PROTOCOL = defineEnum('HSR_PROTOCOL_', { hsr: 0, prp: 1 });
/** GTP_ROLE_* */
export const GTP_ROLE = defineEnum('GTP_ROLE_', { ggsn: 0, sgsn: 1 });
/** OVPN_MODE_* */
export const OVPN_MODE = defineEnum('OVPN_MODE_', { p2p: 0, mp: 1 });
/** IPOIB_MODE_* */
export const IPOIB_MODE = defineEnum('IPOIB_MODE_', { datagram: 0, connected: 1 });

/** Top-level IFLA_* attribute numbers (linux/if_link.h). */
export const IFLA = defineEnum('IFLA_', {
  ADDRESS: 1,
  BROADCAST: 2,
  IFNAME: 3,
  MTU: 4,
  LINK: 5,
  QDISC: 6,
  STATS: 7,
  COST: 8,
  PRIORITY: 9,
  MASTER: 10,
  WIRELESS: 11,
  PROTINFO: 12,
  TXQLEN: 13,
  MAP: 14,
  WEIGHT: 15,
  OPERSTATE: 16,
  LINKMODE: 17,
  LINKINFO: 18,
  NET_NS_PID: 19,
  IFALIAS: 20,
  NUM_VF: 21,
  VFINFO_LIST: 22,
  STATS64: 23,
  VF_PORTS: 24,
  PORT_SELF: 25,
  AF_SPEC: 26,
  GROUP: 27,
  NET_NS_FD: 28,
  EXT_MASK: 29,
  PROMISCUITY: 30,
  NUM_TX_QUEUES: 31,
  NUM_RX_QUEUES: 32,
  CARRIER: 33,
  PHYS_PORT_ID: 34,
  CARRIER_CHANGES: 35,
  PHYS_SWITCH_ID: 36,
  LINK_NETNSID: 37,
  PHYS_PORT_NAME: 38,
  PROTO_DOWN: 39,
  GSO_MAX_SEGS: 40,
  GSO_MAX_SIZE: 41,
  PAD: 42,
  XDP: 43,
  EVENT: 44,
  NEW_NETNSID: 45,
  IF_NETNSID: 46,
  TARGET_NETNSID: 46,
  CARRIER_UP_COUNT: 47,
  CARRIER_DOWN_COUNT: 48,
  NEW_IFINDEX: 49,
  MIN_MTU: 50,
  MAX_MTU: 51,
  PROP_LIST: 52,
  ALT_IFNAME: 53,
  PERM_ADDRESS: 54,
  PROTO_DOWN_REASON: 55,
  PARENT_DEV_NAME: 56,
  PARENT_DEV_BUS_NAME: 57,
  GRO_MAX_SIZE: 58,
  TSO_MAX_SIZE: 59,
  TSO_MAX_SEGS: 60,
  ALLMULTI: 61,
  DEVLINK_PORT: 62,
  GSO_IPV4_MAX_SIZE: 63,
  GRO_IPV4_MAX_SIZE: 64,
  DPLL_PIN: 65,
  MAX_PACING_OFFLOAD_HORIZON: 66,
  NETNS_IMMUTABLE: 67,
  HEADROOM: 68,
  TAILROOM: 69,
});

/** IFLA_INFO_* */
export const IFLA_INFO = defineEnum('IFLA_INFO_', { KIND: 1, DATA: 2, XSTATS: 3, SLAVE_KIND: 4, SLAVE_DATA: 5 });

/** 'MC_FORWARDING' → 'mcForwarding' (the project's key convention). */
export function camelKey(suffix: string): string {
  return suffix.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** IPV4_DEVCONF_* in order, from index 1 (linux/ip.h): the names of IFLA_INET_CONF's positions. */
export const IPV4_DEVCONF_NAMES: readonly string[] = [
  'FORWARDING', 'MC_FORWARDING', 'PROXY_ARP', 'ACCEPT_REDIRECTS', 'SECURE_REDIRECTS', 'SEND_REDIRECTS',
  'SHARED_MEDIA', 'RP_FILTER', 'ACCEPT_SOURCE_ROUTE', 'BOOTP_RELAY', 'LOG_MARTIANS', 'TAG', 'ARPFILTER',
  'MEDIUM_ID', 'NOXFRM', 'NOPOLICY', 'FORCE_IGMP_VERSION', 'ARP_ANNOUNCE', 'ARP_IGNORE', 'PROMOTE_SECONDARIES',
  'ARP_ACCEPT', 'ARP_NOTIFY', 'ACCEPT_LOCAL', 'SRC_VMARK', 'PROXY_ARP_PVLAN', 'ROUTE_LOCALNET',
  'IGMPV2_UNSOLICITED_REPORT_INTERVAL', 'IGMPV3_UNSOLICITED_REPORT_INTERVAL', 'IGNORE_ROUTES_WITH_LINKDOWN',
  'DROP_UNICAST_IN_L2_MULTICAST', 'DROP_GRATUITOUS_ARP', 'BC_FORWARDING', 'ARP_EVICT_NOCARRIER',
].map(camelKey);

/** DEVCONF_* in order, from index 0 (linux/ipv6.h): the names of IFLA_INET6_CONF's positions. */
export const IPV6_DEVCONF_NAMES: readonly string[] = [
  'FORWARDING', 'HOPLIMIT', 'MTU6', 'ACCEPT_RA', 'ACCEPT_REDIRECTS', 'AUTOCONF', 'DAD_TRANSMITS',
  'RTR_SOLICITS', 'RTR_SOLICIT_INTERVAL', 'RTR_SOLICIT_DELAY', 'USE_TEMPADDR', 'TEMP_VALID_LFT',
  'TEMP_PREFERED_LFT', 'REGEN_MAX_RETRY', 'MAX_DESYNC_FACTOR', 'MAX_ADDRESSES', 'FORCE_MLD_VERSION',
  'ACCEPT_RA_DEFRTR', 'ACCEPT_RA_PINFO', 'ACCEPT_RA_RTR_PREF', 'RTR_PROBE_INTERVAL',
  'ACCEPT_RA_RT_INFO_MAX_PLEN', 'PROXY_NDP', 'OPTIMISTIC_DAD', 'ACCEPT_SOURCE_ROUTE', 'MC_FORWARDING',
  'DISABLE_IPV6', 'ACCEPT_DAD', 'FORCE_TLLAO', 'NDISC_NOTIFY', 'MLDV1_UNSOLICITED_REPORT_INTERVAL',
  'MLDV2_UNSOLICITED_REPORT_INTERVAL', 'SUPPRESS_FRAG_NDISC', 'ACCEPT_RA_FROM_LOCAL', 'USE_OPTIMISTIC',
  'ACCEPT_RA_MTU', 'STABLE_SECRET', 'USE_OIF_ADDRS_ONLY', 'ACCEPT_RA_MIN_HOP_LIMIT',
  'IGNORE_ROUTES_WITH_LINKDOWN', 'DROP_UNICAST_IN_L2_MULTICAST', 'DROP_UNSOLICITED_NA', 'KEEP_ADDR_ON_DOWN',
  'RTR_SOLICIT_MAX_INTERVAL', 'SEG6_ENABLED', 'SEG6_REQUIRE_HMAC', 'ENHANCED_DAD', 'ADDR_GEN_MODE',
  'DISABLE_POLICY', 'ACCEPT_RA_RT_INFO_MIN_PLEN', 'NDISC_TCLASS', 'RPL_SEG_ENABLED', 'RA_DEFRTR_METRIC',
  'IOAM6_ENABLED', 'IOAM6_ID', 'IOAM6_ID_WIDE', 'NDISC_EVICT_NOCARRIER', 'ACCEPT_UNTRACKED_NA',
  'ACCEPT_RA_MIN_LFT', 'FORCE_FORWARDING',
].map(camelKey);

/** IPSTATS_MIB_* in order from 0 (linux/snmp.h, Linux ≥ 6.15 order): positions of IFLA_INET6_STATS. */
export const IPSTATS_MIB_NAMES: readonly string[] = [
  'NUM', 'INPKTS', 'INOCTETS', 'INDELIVERS', 'NOECTPKTS', 'ECT1PKTS', 'ECT0PKTS', 'CEPKTS', 'OUTREQUESTS',
  'OUTPKTS', 'OUTOCTETS', 'OUTFORWDATAGRAMS', 'INHDRERRORS', 'INTOOBIGERRORS', 'INNOROUTES', 'INADDRERRORS',
  'INUNKNOWNPROTOS', 'INTRUNCATEDPKTS', 'INDISCARDS', 'OUTDISCARDS', 'OUTNOROUTES', 'REASMTIMEOUT',
  'REASMREQDS', 'REASMOKS', 'REASMFAILS', 'FRAGOKS', 'FRAGFAILS', 'FRAGCREATES', 'INMCASTPKTS',
  'OUTMCASTPKTS', 'INBCASTPKTS', 'OUTBCASTPKTS', 'INMCASTOCTETS', 'OUTMCASTOCTETS', 'INBCASTOCTETS',
  'OUTBCASTOCTETS', 'CSUMERRORS', 'REASM_OVERLAPS',
].map(camelKey);

/** ICMP6_MIB_* in order from 0 (linux/snmp.h): positions of IFLA_INET6_ICMP6STATS. */
export const ICMP6_MIB_NAMES: readonly string[] = [
  'NUM', 'INMSGS', 'INERRORS', 'OUTMSGS', 'OUTERRORS', 'CSUMERRORS', 'RATELIMITHOST',
].map(camelKey);
