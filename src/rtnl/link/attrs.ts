/**
 * The link message: struct ifinfomsg + IFLA_* attributes (RTM_NEWLINK / DELLINK / GETLINK /
 * SETLINK bodies), with every nested set: IFLA_LINKINFO (per-kind data from kinds.ts),
 * IFLA_AF_SPEC (inet, inet6, bridge, mpls, mctp), IFLA_PROTINFO, VF info, XDP, stats structs.
 *
 * Table order is the order a fresh encode writes attributes in. It follows iproute2's requests:
 * IFLA_EXT_MASK first (GETLINK), the other options by type number, then IFLA_NEW_IFINDEX,
 * IFLA_LINK, IFLA_IFNAME and IFLA_LINKINFO last. Decoding accepts any order, and a decoded
 * message (keepLayout) re-encodes in its own wire order.
 */
import { enumOf, flagsOf } from '../../netlink/enums.js';
import { attrs, message, multi, select, struct } from '../../netlink/schema.js';
import type { MessageBody, StructCodec } from '../../netlink/schema.js';
import type { ValueOf } from '../../netlink/codec.js';
import {
  be16, binary, bytesOf, ipv6, mac, namedArray, pad, s32, string, u16, u32, u64, u8, uint,
} from '../../netlink/types.js';
import { byFamily, slaveSelect } from './codecs.js';
import {
  AF_BRIDGE, AF_INET6, ARPHRD, BR_STATE, BRIDGE_FLAGS, BRIDGE_MODE, BRIDGE_VLAN_INFO, ICMP6_MIB_NAMES, IF_LINK_MODE,
  IF_OPER, IFF, IFLA_EVENT, IN6_ADDR_GEN_MODE, INET6_IF_FLAGS, IPSTATS_MIB_NAMES, IPV4_DEVCONF_NAMES,
  IPV6_DEVCONF_NAMES, RTEXT_FILTER, VF_LINK_STATE, VLAN_PROTOCOL, XDP_ATTACHED, XDP_FLAGS,
} from './constants.js';
import { bridgePortAttrs } from './kinds/bridge.js';
import './kinds/index.js'; // registers every kind's IFLA_INFO_DATA codec
import { linkKinds, setPeerMessageCodec, slaveKinds } from './registry.js';

// ---------------------------------------------------------------------------------------------
// Fixed header and structs

/** struct ifinfomsg */
export const ifinfomsg = struct('ifinfomsg', [
  ['family', u8],
  ['_pad', u8],
  ['type', enumOf(u16, ARPHRD)],
  ['index', s32],
  ['flags', flagsOf(u32, IFF)],
  ['change', u32],
], { familyField: 'family' });

const STATS_FIELDS = [
  'rxPackets', 'txPackets', 'rxBytes', 'txBytes', 'rxErrors', 'txErrors', 'rxDropped', 'txDropped', 'multicast',
  'collisions', 'rxLengthErrors', 'rxOverErrors', 'rxCrcErrors', 'rxFrameErrors', 'rxFifoErrors',
  'rxMissedErrors', 'txAbortedErrors', 'txCarrierErrors', 'txFifoErrors', 'txHeartbeatErrors',
  'txWindowErrors', 'rxCompressed', 'txCompressed', 'rxNohandler',
] as const;
type StatsKey = (typeof STATS_FIELDS)[number];

/** struct rtnl_link_stats (u32 counters; older kernels send 23 fields, without rx_nohandler). */
export const rtnlLinkStats = struct(
  'rtnl_link_stats',
  STATS_FIELDS.map((k) => [k, u32] as const),
  { minSize: 23 * 4 },
) as unknown as StructCodec<{ [K in StatsKey]: number }>;

/** struct rtnl_link_stats64 (u64 counters, up to rx_otherhost_dropped; shorter older versions decode). */
export const rtnlLinkStats64 = struct(
  'rtnl_link_stats64',
  [...STATS_FIELDS, 'rxOtherhostDropped'].map((k) => [k, u64] as const),
  { minSize: 23 * 8 },
) as unknown as StructCodec<{ [K in StatsKey | 'rxOtherhostDropped']: bigint }>;

/** struct rtnl_link_ifmap (28 bytes of fields, padded to 32). */
export const rtnlLinkIfmap = struct('rtnl_link_ifmap', [
  ['memStart', u64],
  ['memEnd', u64],
  ['baseAddr', u64],
  ['irq', u16],
  ['dma', u8],
  ['port', u8],
  ['_pad', pad(4)],
], { minSize: 28 });

/** struct ifla_cacheinfo (IFLA_INET6_CACHEINFO) */
export const iflaCacheinfo = struct('ifla_cacheinfo', [
  ['maxReasmLen', u32],
  ['tstamp', u32],
  ['reachableTime', u32],
  ['retransTime', u32],
]);

/** struct mpls_link_stats (MPLS_STATS_LINK) */
export const mplsLinkStats = struct('mpls_link_stats', [
  ['rxPackets', u64],
  ['txPackets', u64],
  ['rxBytes', u64],
  ['txBytes', u64],
  ['rxErrors', u64],
  ['txErrors', u64],
  ['rxDropped', u64],
  ['txDropped', u64],
  ['rxNoroute', u64],
]);

/** struct bridge_vlan_info */
export const bridgeVlanInfo = struct('bridge_vlan_info', [
  ['flags', flagsOf(u16, BRIDGE_VLAN_INFO)],
  ['vid', u16],
]);

// SR-IOV VF structs (linux/if_link.h)
/**
 * struct ifla_vf_mac (IFLA_VF_MAC): a virtual function's MAC address (`ip link set DEV vf N mac
 * M`).
 */
export const iflaVfMac = struct('ifla_vf_mac', [['vf', u32], ['mac', bytesOf(32)]]);
/** struct ifla_vf_vlan (IFLA_VF_VLAN): a virtual function's VLAN and QoS (`vf N vlan V qos Q`). */
export const iflaVfVlan = struct('ifla_vf_vlan', [['vf', u32], ['vlan', u32], ['qos', u32]]);
/**
 * struct ifla_vf_tx_rate (IFLA_VF_TX_RATE): a virtual function's legacy maximum rate in Mbit/s
 * (`vf N rate R`).
 */
export const iflaVfTxRate = struct('ifla_vf_tx_rate', [['vf', u32], ['rate', u32]]);
/**
 * struct ifla_vf_spoofchk (IFLA_VF_SPOOFCHK): spoof checking on or off (`vf N spoofchk on|off`).
 */
export const iflaVfSpoofchk = struct('ifla_vf_spoofchk', [['vf', u32], ['setting', u32]]);
/**
 * struct ifla_vf_link_state (IFLA_VF_LINK_STATE): `auto`, `enable` or `disable` (`vf N state S`).
 */
export const iflaVfLinkState = struct('ifla_vf_link_state', [['vf', u32], ['linkState', enumOf(u32, VF_LINK_STATE)]]);
/**
 * struct ifla_vf_rate (IFLA_VF_RATE): minimum and maximum transmit rates in Mbit/s (`vf N
 * min_tx_rate A max_tx_rate B`).
 */
export const iflaVfRate = struct('ifla_vf_rate', [['vf', u32], ['minTxRate', u32], ['maxTxRate', u32]]);
/**
 * struct ifla_vf_rss_query_en (IFLA_VF_RSS_QUERY_EN): whether the VF may query the RSS
 * configuration (`vf N query_rss on|off`).
 */
export const iflaVfRssQueryEn = struct('ifla_vf_rss_query_en', [['vf', u32], ['setting', u32]]);
/** struct ifla_vf_trust (IFLA_VF_TRUST): trusted VF (`vf N trust on|off`). */
export const iflaVfTrust = struct('ifla_vf_trust', [['vf', u32], ['setting', u32]]);
/** struct ifla_vf_guid (IFLA_VF_IB_NODE_GUID / IFLA_VF_IB_PORT_GUID): an InfiniBand VF's GUID. */
export const iflaVfGuid = struct('ifla_vf_guid', [['vf', u32], ['_pad', pad(4)], ['guid', u64]]);
/**
 * struct ifla_vf_vlan_info (IFLA_VF_VLAN_LIST entries): VLAN, QoS and protocol (802.1Q or 802.1ad)
 * of a virtual function.
 */
export const iflaVfVlanInfo = struct('ifla_vf_vlan_info', [
  ['vf', u32],
  ['vlan', u32],
  ['qos', u32],
  ['vlanProto', enumOf(be16, VLAN_PROTOCOL)],
  ['_pad', pad(2)],
]);
/** struct ifla_port_vsi */
export const iflaPortVsi = struct('ifla_port_vsi', [
  ['vsiMgrId', u8],
  ['vsiTypeId', bytesOf(3)],
  ['vsiTypeVersion', u8],
  ['_pad', pad(3)],
]);

// ---------------------------------------------------------------------------------------------
// Nested sets

/** IFLA_VF_STATS_* (types start at 0) */
export const vfStatsAttrs = attrs('IFLA_VF_STATS_', {
  rxPackets: [0, 'RX_PACKETS', u64],
  txPackets: [1, 'TX_PACKETS', u64],
  rxBytes: [2, 'RX_BYTES', u64],
  txBytes: [3, 'TX_BYTES', u64],
  broadcast: [4, 'BROADCAST', u64],
  multicast: [5, 'MULTICAST', u64],
  pad: [6, 'PAD', binary],
  rxDropped: [7, 'RX_DROPPED', u64],
  txDropped: [8, 'TX_DROPPED', u64],
});

/** IFLA_VF_VLAN_* (IFLA_VF_VLAN_LIST) */
export const vfVlanListAttrs = attrs('IFLA_VF_VLAN_', {
  info: [1, 'INFO', multi(iflaVfVlanInfo)],
});

/** IFLA_VF_* (one IFLA_VF_INFO) */
export const vfInfoAttrs = attrs('IFLA_VF_', {
  mac: [1, 'MAC', iflaVfMac],
  vlan: [2, 'VLAN', iflaVfVlan],
  txRate: [3, 'TX_RATE', iflaVfTxRate],
  spoofchk: [4, 'SPOOFCHK', iflaVfSpoofchk],
  linkState: [5, 'LINK_STATE', iflaVfLinkState],
  rate: [6, 'RATE', iflaVfRate],
  rssQueryEn: [7, 'RSS_QUERY_EN', iflaVfRssQueryEn],
  stats: [8, 'STATS', vfStatsAttrs],
  trust: [9, 'TRUST', iflaVfTrust],
  ibNodeGuid: [10, 'IB_NODE_GUID', iflaVfGuid],
  ibPortGuid: [11, 'IB_PORT_GUID', iflaVfGuid],
  vlanList: [12, 'VLAN_LIST', vfVlanListAttrs],
  broadcast: [13, 'BROADCAST', bytesOf(32)],
});

/** IFLA_VFINFO_LIST: IFLA_VF_INFO, repeated */
export const vfInfoListAttrs = attrs('IFLA_VF_', {
  info: [1, 'INFO', multi(vfInfoAttrs)],
}, 'ifla_vfinfo_list');

/** IFLA_PORT_* (IFLA_PORT_SELF, each IFLA_VF_PORT) */
export const portAttrs = attrs('IFLA_PORT_', {
  vf: [1, 'VF', u32],
  profile: [2, 'PROFILE', string()],
  vsiType: [3, 'VSI_TYPE', iflaPortVsi],
  instanceUuid: [4, 'INSTANCE_UUID', bytesOf(16)],
  hostUuid: [5, 'HOST_UUID', bytesOf(16)],
  request: [6, 'REQUEST', u8],
  response: [7, 'RESPONSE', u16],
});

/** IFLA_VF_PORTS: IFLA_VF_PORT, repeated */
export const vfPortsAttrs = attrs('IFLA_VF_', {
  port: [1, 'PORT', multi(portAttrs)],
}, 'ifla_vf_ports');

/** IFLA_XDP_* */
export const xdpAttrs = attrs('IFLA_XDP_', {
  fd: [1, 'FD', s32],
  attached: [2, 'ATTACHED', enumOf(u8, XDP_ATTACHED)],
  flags: [3, 'FLAGS', flagsOf(u32, XDP_FLAGS)],
  progId: [4, 'PROG_ID', u32],
  drvProgId: [5, 'DRV_PROG_ID', u32],
  skbProgId: [6, 'SKB_PROG_ID', u32],
  hwProgId: [7, 'HW_PROG_ID', u32],
  expectedFd: [8, 'EXPECTED_FD', s32],
});

/** IFLA_PROTO_DOWN_REASON_* */
export const protoDownReasonAttrs = attrs('IFLA_PROTO_DOWN_REASON_', {
  mask: [1, 'MASK', u32],
  value: [2, 'VALUE', u32],
});

/** IFLA_PROP_LIST: alternative names (IFLA_ALT_IFNAME, repeated) */
export const propListAttrs = attrs('IFLA_', {
  altIfname: [53, 'ALT_IFNAME', multi(string())],
}, 'ifla_prop_list');

/** IFLA_DPLL_PIN: DPLL_A_PIN_* */
export const dpllPinAttrs = attrs('DPLL_A_PIN_', {
  id: [1, 'ID', u32],
});

/** IFLA_INET_* (IFLA_AF_SPEC / AF_INET) */
export const inetAttrs = attrs('IFLA_INET_', {
  conf: [1, 'CONF', namedArray(u32, IPV4_DEVCONF_NAMES)],
});

/** IFLA_INET6_* (IFLA_AF_SPEC / AF_INET6, and IFLA_PROTINFO of AF_INET6 link messages) */
export const inet6Attrs = attrs('IFLA_INET6_', {
  flags: [1, 'FLAGS', flagsOf(u32, INET6_IF_FLAGS)],
  conf: [2, 'CONF', namedArray(s32, IPV6_DEVCONF_NAMES)],
  stats: [3, 'STATS', namedArray(u64, IPSTATS_MIB_NAMES)],
  mcast: [4, 'MCAST', binary],
  cacheinfo: [5, 'CACHEINFO', iflaCacheinfo],
  icmp6stats: [6, 'ICMP6STATS', namedArray(u64, ICMP6_MIB_NAMES)],
  token: [7, 'TOKEN', ipv6],
  addrGenMode: [8, 'ADDR_GEN_MODE', enumOf(u8, IN6_ADDR_GEN_MODE)],
  raMtu: [9, 'RA_MTU', u32],
});

/** IFLA_BRIDGE_VLAN_TUNNEL_* */
export const bridgeVlanTunnelAttrs = attrs('IFLA_BRIDGE_VLAN_TUNNEL_', {
  id: [1, 'ID', u32],
  vid: [2, 'VID', u16],
  flags: [3, 'FLAGS', flagsOf(u16, BRIDGE_VLAN_INFO)],
});

/** IFLA_BRIDGE_MST_ENTRY_* */
export const bridgeMstEntryAttrs = attrs('IFLA_BRIDGE_MST_ENTRY_', {
  msti: [1, 'MSTI', u16],
  state: [2, 'STATE', enumOf(u8, BR_STATE)],
});
/** IFLA_BRIDGE_MST_* */
export const bridgeMstAttrs = attrs('IFLA_BRIDGE_MST_', {
  entry: [1, 'ENTRY', multi(bridgeMstEntryAttrs)],
});

/**
 * IFLA_BRIDGE_* (linux/if_bridge.h): the IFLA_AF_SPEC of AF_BRIDGE link messages (bridge vlan,
 * bridge link), and the AF_BRIDGE entry of a family-keyed IFLA_AF_SPEC. Types start at 0.
 * MRP and CFM nests are kept as bytes.
 */
export const bridgeAfAttrs = attrs('IFLA_BRIDGE_', {
  flags: [0, 'FLAGS', flagsOf(u16, BRIDGE_FLAGS)],
  mode: [1, 'MODE', enumOf(u16, BRIDGE_MODE)],
  vlanInfo: [2, 'VLAN_INFO', multi(bridgeVlanInfo)],
  vlanTunnelInfo: [3, 'VLAN_TUNNEL_INFO', multi(bridgeVlanTunnelAttrs)],
  mrp: [4, 'MRP', binary],
  cfm: [5, 'CFM', binary],
  mst: [6, 'MST', bridgeMstAttrs],
});

/** MPLS_STATS_* (IFLA_AF_SPEC / AF_MPLS) */
export const mplsAfAttrs = attrs('MPLS_STATS_', {
  link: [1, 'LINK', mplsLinkStats],
});

/** IFLA_MCTP_* (IFLA_AF_SPEC / AF_MCTP) */
export const mctpAfAttrs = attrs('IFLA_MCTP_', {
  net: [1, 'NET', u32],
  physBinding: [2, 'PHYS_BINDING', u8],
});

/** IFLA_AF_SPEC keyed by address family (link messages of every family but AF_BRIDGE). */
export const afSpecAttrs = attrs('AF_', {
  inet: [2, 'INET', inetAttrs],
  bridge: [7, 'BRIDGE', bridgeAfAttrs],
  inet6: [10, 'INET6', inet6Attrs],
  mpls: [28, 'MPLS', mplsAfAttrs],
  mctp: [45, 'MCTP', mctpAfAttrs],
}, 'af_spec');

/** IFLA_AF_SPEC decoded: per address family (inet, inet6, bridge...) its own attributes. */
export type AfSpecByFamily = ValueOf<typeof afSpecAttrs>;
/** IFLA_AF_SPEC of AF_BRIDGE messages: bridge flags, mode and VLAN information. */
export type BridgeAfSpec = ValueOf<typeof bridgeAfAttrs>;

/** IFLA_AF_SPEC: IFLA_BRIDGE_* directly for AF_BRIDGE messages, else keyed by family. */
export const afSpec = byFamily('af_spec', { [AF_BRIDGE]: bridgeAfAttrs }, afSpecAttrs);

/** IFLA_PROTINFO: IFLA_BRPORT_* (AF_BRIDGE), IFLA_INET6_* (AF_INET6), else bytes. */
export const protinfo = byFamily('protinfo', { [AF_BRIDGE]: bridgePortAttrs, [AF_INET6]: inet6Attrs }, binary);

/** IFLA_INFO_* */
export const linkInfoAttrs = attrs('IFLA_INFO_', {
  kind: [1, 'KIND', string({ nul: false })],
  data: [2, 'DATA', select('kind', linkKinds)],
  xstats: [3, 'XSTATS', binary],
  slaveKind: [4, 'SLAVE_KIND', string({ nul: false })],
  slaveData: [5, 'SLAVE_DATA', slaveSelect(slaveKinds)],
});

// ---------------------------------------------------------------------------------------------
// IFLA_*

/** Every IFLA_* attribute (linux/if_link.h, 1..69). */
export const linkAttrs = attrs('IFLA_', {
  extMask: [29, 'EXT_MASK', flagsOf(u32, RTEXT_FILTER)],
  address: [1, 'ADDRESS', mac],
  broadcast: [2, 'BROADCAST', mac],
  mtu: [4, 'MTU', u32],
  qdisc: [6, 'QDISC', string()],
  stats: [7, 'STATS', rtnlLinkStats],
  cost: [8, 'COST', binary],
  priority: [9, 'PRIORITY', binary],
  master: [10, 'MASTER', u32],
  wireless: [11, 'WIRELESS', binary],
  // NLA_F_NESTED: br_setlink reads an IFLA_PROTINFO without it as a bare BR_STATE_* byte.
  protinfo: [12, 'PROTINFO', protinfo, { nestedFlag: true }],
  txqlen: [13, 'TXQLEN', u32],
  map: [14, 'MAP', rtnlLinkIfmap],
  weight: [15, 'WEIGHT', u32],
  operstate: [16, 'OPERSTATE', enumOf(u8, IF_OPER)],
  linkmode: [17, 'LINKMODE', enumOf(u8, IF_LINK_MODE)],
  netNsPid: [19, 'NET_NS_PID', u32],
  ifalias: [20, 'IFALIAS', string({ nul: false })],
  numVf: [21, 'NUM_VF', u32],
  vfinfoList: [22, 'VFINFO_LIST', vfInfoListAttrs],
  stats64: [23, 'STATS64', rtnlLinkStats64],
  vfPorts: [24, 'VF_PORTS', vfPortsAttrs],
  portSelf: [25, 'PORT_SELF', portAttrs],
  afSpec: [26, 'AF_SPEC', afSpec],
  group: [27, 'GROUP', u32],
  netNsFd: [28, 'NET_NS_FD', u32],
  promiscuity: [30, 'PROMISCUITY', u32],
  numTxQueues: [31, 'NUM_TX_QUEUES', u32],
  numRxQueues: [32, 'NUM_RX_QUEUES', u32],
  carrier: [33, 'CARRIER', u8],
  physPortId: [34, 'PHYS_PORT_ID', binary],
  carrierChanges: [35, 'CARRIER_CHANGES', u32],
  physSwitchId: [36, 'PHYS_SWITCH_ID', binary],
  linkNetnsid: [37, 'LINK_NETNSID', s32],
  physPortName: [38, 'PHYS_PORT_NAME', string()],
  protoDown: [39, 'PROTO_DOWN', u8],
  gsoMaxSegs: [40, 'GSO_MAX_SEGS', u32],
  gsoMaxSize: [41, 'GSO_MAX_SIZE', u32],
  pad: [42, 'PAD', binary],
  xdp: [43, 'XDP', xdpAttrs],
  event: [44, 'EVENT', enumOf(u32, IFLA_EVENT)],
  newNetnsid: [45, 'NEW_NETNSID', s32],
  targetNetnsid: [46, 'TARGET_NETNSID', s32],
  carrierUpCount: [47, 'CARRIER_UP_COUNT', u32],
  carrierDownCount: [48, 'CARRIER_DOWN_COUNT', u32],
  minMtu: [50, 'MIN_MTU', u32],
  maxMtu: [51, 'MAX_MTU', u32],
  propList: [52, 'PROP_LIST', propListAttrs, { nestedFlag: true }],
  altIfname: [53, 'ALT_IFNAME', string()],
  permAddress: [54, 'PERM_ADDRESS', mac],
  protoDownReason: [55, 'PROTO_DOWN_REASON', protoDownReasonAttrs],
  parentDevName: [56, 'PARENT_DEV_NAME', string()],
  parentDevBusName: [57, 'PARENT_DEV_BUS_NAME', string()],
  groMaxSize: [58, 'GRO_MAX_SIZE', u32],
  tsoMaxSize: [59, 'TSO_MAX_SIZE', u32],
  tsoMaxSegs: [60, 'TSO_MAX_SEGS', u32],
  allmulti: [61, 'ALLMULTI', u32],
  devlinkPort: [62, 'DEVLINK_PORT', binary, { nestedFlag: true }],
  gsoIpv4MaxSize: [63, 'GSO_IPV4_MAX_SIZE', u32],
  groIpv4MaxSize: [64, 'GRO_IPV4_MAX_SIZE', u32],
  dpllPin: [65, 'DPLL_PIN', dpllPinAttrs, { nestedFlag: true }],
  maxPacingOffloadHorizon: [66, 'MAX_PACING_OFFLOAD_HORIZON', uint],
  netnsImmutable: [67, 'NETNS_IMMUTABLE', u8],
  headroom: [68, 'HEADROOM', u16],
  tailroom: [69, 'TAILROOM', u16],
  newIfindex: [49, 'NEW_IFINDEX', s32],
  link: [5, 'LINK', u32],
  ifname: [3, 'IFNAME', string()],
  linkinfo: [18, 'LINKINFO', linkInfoAttrs],
}, 'link_attrs');

/** RTM_NEWLINK / DELLINK / GETLINK / SETLINK body: `{ header: ifinfomsg, attrs: IFLA_* }`. */
export const linkMessage = message(ifinfomsg, linkAttrs);
setPeerMessageCodec(linkMessage);

/**
 * struct ifinfomsg, the fixed header of RTM_NEWLINK / RTM_DELLINK / RTM_GETLINK: family, type
 * (ARPHRD_*), index, flags and change mask.
 */
export type IfInfoMsg = ValueOf<typeof ifinfomsg>;
/** The IFLA_* attributes of a link message. */
export type LinkAttrs = ValueOf<typeof linkAttrs>;
/** IFLA_LINKINFO: the kind and its IFLA_INFO_DATA / IFLA_INFO_SLAVE_DATA. */
export type LinkInfo = ValueOf<typeof linkInfoAttrs>;
/** A link message body: ifinfomsg header and IFLA_* attributes. */
export type LinkMessageBody = MessageBody<IfInfoMsg, LinkAttrs>;
