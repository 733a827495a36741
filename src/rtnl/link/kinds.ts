/**
 * IFLA_INFO_DATA and IFLA_INFO_SLAVE_DATA schemas of every link kind, registered in
 * `linkKinds` / `slaveKinds`. Type numbers from linux/if_link.h, if_tunnel.h, veth.h (Linux 6.18+).
 */
import { enumOf, flagsOf } from '../../netlink/enums.js';
import { attrs, indexed, multi, struct } from '../../netlink/schema.js';
import {
  address, be16, be32, be64, binary, flag, ipv4, ipv6, mac, s32, u16, u32, u64, u8,
} from '../../netlink/types.js';
import { flagOrU8, macOf } from './codecs.js';
import {
  BOND_AD_LACP_RATE, BOND_AD_SELECT, BOND_ARP_ALL_TARGETS, BOND_ARP_VALIDATE, BOND_FAIL_OVER_MAC, BOND_LINK, BOND_MODE,
  BOND_PRIMARY_RESELECT, BOND_SLAVE_STATE, BOND_XMIT_HASH_POLICY, BR_STATE, BR_STP_MODE, GTP_ROLE, HSR_PROTOCOL,
  IPOIB_MODE, IPVLAN_F, IPVLAN_MODE, MACSEC_OFFLOAD, MACSEC_VALIDATE, MACVLAN_FLAG, MACVLAN_MACADDR, MACVLAN_MODE,
  NETKIT_MODE, NETKIT_PAIRING, NETKIT_POLICY, NETKIT_SCRUB, OVPN_MODE, TUN_TYPE, TUNNEL_DF, TUNNEL_ENCAP, VLAN_FLAG,
  VLAN_PROTOCOL, VXLAN_LABEL_POLICY,
} from './constants.js';
import { linkKinds, peerMessage, slaveKinds } from './registry.js';

// ---------------------------------------------------------------------------------------------
// Structs

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
/** struct ifla_vxlan_port_range / ifla_geneve_port_range */
export const portRange = struct('ifla_vxlan_port_range', [
  ['low', be16],
  ['high', be16],
]);
/** struct ifla_vlan_flags */
export const vlanFlags = struct('ifla_vlan_flags', [
  ['flags', flagsOf(u32, VLAN_FLAG)],
  ['mask', u32],
]);
/** struct ifla_vlan_qos_mapping */
export const vlanQosMapping = struct('ifla_vlan_qos_mapping', [
  ['from', u32],
  ['to', u32],
]);
/** struct ifla_rmnet_flags */
export const rmnetFlags = struct('ifla_rmnet_flags', [
  ['flags', u32],
  ['mask', u32],
]);

// ---------------------------------------------------------------------------------------------
// Peers: veth, vxcan, netkit carry a whole ifinfomsg + IFLA_* for the other end.

/** VETH_INFO_* (linux/veth.h) */
export const vethAttrs = attrs('VETH_INFO_', {
  peer: [1, 'PEER', peerMessage],
});
/** VXCAN_INFO_* (linux/can/vxcan.h) */
export const vxcanAttrs = attrs('VXCAN_INFO_', {
  peer: [1, 'PEER', peerMessage],
});
/** IFLA_NETKIT_* */
export const netkitAttrs = attrs('IFLA_NETKIT_', {
  peerInfo: [1, 'PEER_INFO', peerMessage],
  primary: [2, 'PRIMARY', u8],
  policy: [3, 'POLICY', enumOf(u32, NETKIT_POLICY)],
  peerPolicy: [4, 'PEER_POLICY', enumOf(u32, NETKIT_POLICY)],
  mode: [5, 'MODE', enumOf(u32, NETKIT_MODE)],
  scrub: [6, 'SCRUB', enumOf(u32, NETKIT_SCRUB)],
  peerScrub: [7, 'PEER_SCRUB', enumOf(u32, NETKIT_SCRUB)],
  headroom: [8, 'HEADROOM', u16],
  tailroom: [9, 'TAILROOM', u16],
  pairing: [10, 'PAIRING', enumOf(u32, NETKIT_PAIRING)],
});

// ---------------------------------------------------------------------------------------------
// Bridge and bridge ports

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

// ---------------------------------------------------------------------------------------------
// VXLAN, GENEVE, bareudp

/** IFLA_VXLAN_* */
export const vxlanAttrs = attrs('IFLA_VXLAN_', {
  id: [1, 'ID', u32],
  group: [2, 'GROUP', ipv4],
  link: [3, 'LINK', u32],
  local: [4, 'LOCAL', ipv4],
  ttl: [5, 'TTL', u8],
  tos: [6, 'TOS', u8],
  learning: [7, 'LEARNING', u8],
  ageing: [8, 'AGEING', u32],
  limit: [9, 'LIMIT', u32],
  portRange: [10, 'PORT_RANGE', portRange],
  proxy: [11, 'PROXY', u8],
  rsc: [12, 'RSC', u8],
  l2miss: [13, 'L2MISS', u8],
  l3miss: [14, 'L3MISS', u8],
  port: [15, 'PORT', be16],
  group6: [16, 'GROUP6', ipv6],
  local6: [17, 'LOCAL6', ipv6],
  udpCsum: [18, 'UDP_CSUM', u8],
  udpZeroCsum6Tx: [19, 'UDP_ZERO_CSUM6_TX', u8],
  udpZeroCsum6Rx: [20, 'UDP_ZERO_CSUM6_RX', u8],
  remcsumTx: [21, 'REMCSUM_TX', u8],
  remcsumRx: [22, 'REMCSUM_RX', u8],
  gbp: [23, 'GBP', flag],
  remcsumNopartial: [24, 'REMCSUM_NOPARTIAL', flag],
  collectMetadata: [25, 'COLLECT_METADATA', u8],
  label: [26, 'LABEL', be32],
  gpe: [27, 'GPE', flag],
  ttlInherit: [28, 'TTL_INHERIT', flagOrU8],
  df: [29, 'DF', enumOf(u8, TUNNEL_DF)],
  vnifilter: [30, 'VNIFILTER', u8],
  localbypass: [31, 'LOCALBYPASS', u8],
  labelPolicy: [32, 'LABEL_POLICY', enumOf(u32, VXLAN_LABEL_POLICY)],
  reservedBits: [33, 'RESERVED_BITS', binary],
  mcRoute: [34, 'MC_ROUTE', u8],
});

/** IFLA_GENEVE_* */
export const geneveAttrs = attrs('IFLA_GENEVE_', {
  id: [1, 'ID', u32],
  remote: [2, 'REMOTE', ipv4],
  ttl: [3, 'TTL', u8],
  tos: [4, 'TOS', u8],
  port: [5, 'PORT', be16],
  collectMetadata: [6, 'COLLECT_METADATA', flag],
  remote6: [7, 'REMOTE6', ipv6],
  udpCsum: [8, 'UDP_CSUM', u8],
  udpZeroCsum6Tx: [9, 'UDP_ZERO_CSUM6_TX', u8],
  udpZeroCsum6Rx: [10, 'UDP_ZERO_CSUM6_RX', u8],
  label: [11, 'LABEL', be32],
  ttlInherit: [12, 'TTL_INHERIT', u8],
  df: [13, 'DF', enumOf(u8, TUNNEL_DF)],
  innerProtoInherit: [14, 'INNER_PROTO_INHERIT', flag],
  portRange: [15, 'PORT_RANGE', portRange],
  groHint: [16, 'GRO_HINT', flag],
  local: [17, 'LOCAL', ipv4],
  local6: [18, 'LOCAL6', ipv6],
});

/** IFLA_BAREUDP_* */
export const bareudpAttrs = attrs('IFLA_BAREUDP_', {
  port: [1, 'PORT', be16],
  ethertype: [2, 'ETHERTYPE', be16],
  srcportMin: [3, 'SRCPORT_MIN', u16],
  multiprotoMode: [4, 'MULTIPROTO_MODE', flag],
});

// ---------------------------------------------------------------------------------------------
// macvlan / macvtap, ipvlan / ipvtap, vlan, vrf

/** IFLA_MACVLAN_MACADDR_DATA: a list of IFLA_MACVLAN_MACADDR */
export const macvlanMacaddrData = attrs('IFLA_MACVLAN_', {
  macaddr: [4, 'MACADDR', multi(mac)],
}, 'ifla_macvlan_macaddr_data');

/** IFLA_MACVLAN_* */
export const macvlanAttrs = attrs('IFLA_MACVLAN_', {
  mode: [1, 'MODE', enumOf(u32, MACVLAN_MODE)],
  flags: [2, 'FLAGS', flagsOf(u16, MACVLAN_FLAG)],
  macaddrMode: [3, 'MACADDR_MODE', enumOf(u32, MACVLAN_MACADDR)],
  macaddr: [4, 'MACADDR', mac],
  macaddrData: [5, 'MACADDR_DATA', macvlanMacaddrData],
  macaddrCount: [6, 'MACADDR_COUNT', u32],
  bcQueueLen: [7, 'BC_QUEUE_LEN', u32],
  bcQueueLenUsed: [8, 'BC_QUEUE_LEN_USED', u32],
  bcCutoff: [9, 'BC_CUTOFF', s32],
});

/** IFLA_IPVLAN_* */
export const ipvlanAttrs = attrs('IFLA_IPVLAN_', {
  mode: [1, 'MODE', enumOf(u16, IPVLAN_MODE)],
  flags: [2, 'FLAGS', flagsOf(u16, IPVLAN_F)],
});

/** IFLA_VLAN_QOS_* (egress / ingress priority maps) */
export const vlanQosAttrs = attrs('IFLA_VLAN_QOS_', {
  mapping: [1, 'MAPPING', multi(vlanQosMapping)],
});

/** IFLA_VLAN_* */
export const vlanAttrs = attrs('IFLA_VLAN_', {
  id: [1, 'ID', u16],
  flags: [2, 'FLAGS', vlanFlags],
  egressQos: [3, 'EGRESS_QOS', vlanQosAttrs],
  ingressQos: [4, 'INGRESS_QOS', vlanQosAttrs],
  protocol: [5, 'PROTOCOL', enumOf(be16, VLAN_PROTOCOL)],
});

/** IFLA_VRF_* */
export const vrfAttrs = attrs('IFLA_VRF_', {
  table: [1, 'TABLE', u32],
});
/** IFLA_VRF_PORT_* (vrf slave data) */
export const vrfPortAttrs = attrs('IFLA_VRF_PORT_', {
  table: [1, 'TABLE', u32],
});

// ---------------------------------------------------------------------------------------------
// Bonding

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

// ---------------------------------------------------------------------------------------------
// IP tunnels (linux/if_tunnel.h)

/** IFLA_GRE_* (gre, gretap, erspan, ip6gre, ip6gretap, ip6erspan). local/remote are 4 or 16 bytes. */
export const greAttrs = attrs('IFLA_GRE_', {
  link: [1, 'LINK', u32],
  iflags: [2, 'IFLAGS', be16],
  oflags: [3, 'OFLAGS', be16],
  ikey: [4, 'IKEY', be32],
  okey: [5, 'OKEY', be32],
  local: [6, 'LOCAL', address],
  remote: [7, 'REMOTE', address],
  ttl: [8, 'TTL', u8],
  tos: [9, 'TOS', u8],
  pmtudisc: [10, 'PMTUDISC', u8],
  encapLimit: [11, 'ENCAP_LIMIT', u8],
  flowinfo: [12, 'FLOWINFO', be32],
  flags: [13, 'FLAGS', u32],
  encapType: [14, 'ENCAP_TYPE', enumOf(u16, TUNNEL_ENCAP)],
  encapFlags: [15, 'ENCAP_FLAGS', u16],
  encapSport: [16, 'ENCAP_SPORT', be16],
  encapDport: [17, 'ENCAP_DPORT', be16],
  collectMetadata: [18, 'COLLECT_METADATA', flag],
  ignoreDf: [19, 'IGNORE_DF', u8],
  fwmark: [20, 'FWMARK', u32],
  erspanIndex: [21, 'ERSPAN_INDEX', u32],
  erspanVer: [22, 'ERSPAN_VER', u8],
  erspanDir: [23, 'ERSPAN_DIR', u8],
  erspanHwid: [24, 'ERSPAN_HWID', u16],
});

/** IFLA_VTI_* (vti, vti6) */
export const vtiAttrs = attrs('IFLA_VTI_', {
  link: [1, 'LINK', u32],
  ikey: [2, 'IKEY', be32],
  okey: [3, 'OKEY', be32],
  local: [4, 'LOCAL', address],
  remote: [5, 'REMOTE', address],
  fwmark: [6, 'FWMARK', u32],
});

const iptunCommon = {
  link: [1, 'LINK', u32],
  local: [2, 'LOCAL', address],
  remote: [3, 'REMOTE', address],
  ttl: [4, 'TTL', u8],
  tos: [5, 'TOS', u8],
  encapLimit: [6, 'ENCAP_LIMIT', u8],
  flowinfo: [7, 'FLOWINFO', be32],
  proto: [9, 'PROTO', u8],
  pmtudisc: [10, 'PMTUDISC', u8],
  '6rdPrefix': [11, '6RD_PREFIX', ipv6],
  '6rdRelayPrefix': [12, '6RD_RELAY_PREFIX', ipv4],
  '6rdPrefixlen': [13, '6RD_PREFIXLEN', u16],
  '6rdRelayPrefixlen': [14, '6RD_RELAY_PREFIXLEN', u16],
  encapType: [15, 'ENCAP_TYPE', enumOf(u16, TUNNEL_ENCAP)],
  encapFlags: [16, 'ENCAP_FLAGS', u16],
  encapSport: [17, 'ENCAP_SPORT', be16],
  encapDport: [18, 'ENCAP_DPORT', be16],
  collectMetadata: [19, 'COLLECT_METADATA', flag],
  fwmark: [20, 'FWMARK', u32],
} as const;

/** IFLA_IPTUN_* for ipip and sit (IFLA_IPTUN_FLAGS is 16 bits: SIT_ISATAP...). */
export const iptunAttrs = attrs('IFLA_IPTUN_', {
  ...iptunCommon,
  flags: [8, 'FLAGS', u16],
});
/** IFLA_IPTUN_* for ip6tnl (IFLA_IPTUN_FLAGS is 32 bits: IP6_TNL_F_*). */
export const ip6tnlAttrs = attrs('IFLA_IPTUN_', {
  ...iptunCommon,
  flags: [8, 'FLAGS', u32],
}, 'ifla_iptun (ip6tnl)');

/** IFLA_XFRM_* */
export const xfrmAttrs = attrs('IFLA_XFRM_', {
  link: [1, 'LINK', u32],
  ifId: [2, 'IF_ID', u32],
  collectMetadata: [3, 'COLLECT_METADATA', flag],
});

// ---------------------------------------------------------------------------------------------
// Other kinds

/** IFLA_TUN_* (tun and tap devices; kind 'tun') */
export const tunAttrs = attrs('IFLA_TUN_', {
  owner: [1, 'OWNER', u32],
  group: [2, 'GROUP', u32],
  type: [3, 'TYPE', enumOf(u8, TUN_TYPE)],
  pi: [4, 'PI', u8],
  vnetHdr: [5, 'VNET_HDR', u8],
  persist: [6, 'PERSIST', u8],
  multiQueue: [7, 'MULTI_QUEUE', u8],
  numQueues: [8, 'NUM_QUEUES', u32],
  numDisabledQueues: [9, 'NUM_DISABLED_QUEUES', u32],
});

/** IFLA_MACSEC_* */
export const macsecAttrs = attrs('IFLA_MACSEC_', {
  sci: [1, 'SCI', be64],
  port: [2, 'PORT', be16],
  icvLen: [3, 'ICV_LEN', u8],
  cipherSuite: [4, 'CIPHER_SUITE', u64],
  window: [5, 'WINDOW', u32],
  encodingSa: [6, 'ENCODING_SA', u8],
  encrypt: [7, 'ENCRYPT', u8],
  protect: [8, 'PROTECT', u8],
  incSci: [9, 'INC_SCI', u8],
  es: [10, 'ES', u8],
  scb: [11, 'SCB', u8],
  replayProtect: [12, 'REPLAY_PROTECT', u8],
  validation: [13, 'VALIDATION', enumOf(u8, MACSEC_VALIDATE)],
  pad: [14, 'PAD', binary],
  offload: [15, 'OFFLOAD', enumOf(u8, MACSEC_OFFLOAD)],
});

/** IFLA_HSR_* (hsr, prp) */
export const hsrAttrs = attrs('IFLA_HSR_', {
  slave1: [1, 'SLAVE1', u32],
  slave2: [2, 'SLAVE2', u32],
  multicastSpec: [3, 'MULTICAST_SPEC', u8],
  supervisionAddr: [4, 'SUPERVISION_ADDR', mac],
  seqNr: [5, 'SEQ_NR', u16],
  version: [6, 'VERSION', u8],
  protocol: [7, 'PROTOCOL', enumOf(u8, HSR_PROTOCOL)],
  interlink: [8, 'INTERLINK', u32],
});

/** IFLA_IPOIB_* */
export const ipoibAttrs = attrs('IFLA_IPOIB_', {
  pkey: [1, 'PKEY', u16],
  mode: [2, 'MODE', enumOf(u16, IPOIB_MODE)],
  umcast: [3, 'UMCAST', u16],
});

/** IFLA_RMNET_* */
export const rmnetAttrs = attrs('IFLA_RMNET_', {
  muxId: [1, 'MUX_ID', u16],
  flags: [2, 'FLAGS', rmnetFlags],
});

/** IFLA_GTP_* */
export const gtpAttrs = attrs('IFLA_GTP_', {
  fd0: [1, 'FD0', u32],
  fd1: [2, 'FD1', u32],
  pdpHashsize: [3, 'PDP_HASHSIZE', u32],
  role: [4, 'ROLE', enumOf(u32, GTP_ROLE)],
  createSockets: [5, 'CREATE_SOCKETS', u8],
  restartCount: [6, 'RESTART_COUNT', u8],
  local: [7, 'LOCAL', ipv4],
  local6: [8, 'LOCAL6', ipv6],
});

/** IFLA_PPP_* */
export const pppAttrs = attrs('IFLA_PPP_', {
  devFd: [1, 'DEV_FD', s32],
});

/** IFLA_DSA_* */
export const dsaAttrs = attrs('IFLA_DSA_', {
  conduit: [1, 'CONDUIT', u32],
});

/** IFLA_OVPN_* */
export const ovpnAttrs = attrs('IFLA_OVPN_', {
  mode: [1, 'MODE', enumOf(u8, OVPN_MODE)],
});

/** IFLA_WWAN_* */
export const wwanAttrs = attrs('IFLA_WWAN_', {
  linkId: [1, 'LINK_ID', u32],
});

/** Kinds without IFLA_INFO_DATA (dummy, ifb, wireguard...): an empty attribute set. */
export const noDataAttrs = attrs('IFLA_INFO_DATA_', {}, 'no-data');

// ---------------------------------------------------------------------------------------------
// Registration

linkKinds
  .register('veth', vethAttrs)
  .register('vxcan', vxcanAttrs)
  .register('netkit', netkitAttrs)
  .register('bridge', bridgeAttrs)
  .register('vxlan', vxlanAttrs)
  .register('geneve', geneveAttrs)
  .register('bareudp', bareudpAttrs)
  .register('macvlan', macvlanAttrs)
  .register('macvtap', macvlanAttrs)
  .register('ipvlan', ipvlanAttrs)
  .register('ipvtap', ipvlanAttrs)
  .register('vlan', vlanAttrs)
  .register('vrf', vrfAttrs)
  .register('bond', bondAttrs)
  .register('gre', greAttrs)
  .register('gretap', greAttrs)
  .register('erspan', greAttrs)
  .register('ip6gre', greAttrs)
  .register('ip6gretap', greAttrs)
  .register('ip6erspan', greAttrs)
  .register('vti', vtiAttrs)
  .register('vti6', vtiAttrs)
  .register('ipip', iptunAttrs)
  .register('sit', iptunAttrs)
  .register('ip6tnl', ip6tnlAttrs)
  .register('xfrm', xfrmAttrs)
  .register('tun', tunAttrs)
  .register('macsec', macsecAttrs)
  .register('hsr', hsrAttrs)
  .register('ipoib', ipoibAttrs)
  .register('rmnet', rmnetAttrs)
  .register('gtp', gtpAttrs)
  .register('ppp', pppAttrs)
  .register('dsa', dsaAttrs)
  .register('ovpn', ovpnAttrs)
  .register('wwan', wwanAttrs);
for (const kind of ['dummy', 'ifb', 'wireguard', 'nlmon', 'vcan', 'team', 'virt_wifi']) {
  linkKinds.register(kind, noDataAttrs);
}

slaveKinds
  .register('bridge', bridgePortAttrs)
  .register('bond', bondSlaveAttrs)
  .register('vrf', vrfPortAttrs);
