/**
 * Neighbours: struct ndmsg + NDA_* (RTM_NEWNEIGH / RTM_DELNEIGH / RTM_GETNEIGH), and neighbour
 * tables: struct ndtmsg + NDTA_* / NDTPA_* (RTM_NEWNEIGHTBL / RTM_GETNEIGHTBL /
 * RTM_SETNEIGHTBL). Facts from linux/neighbour.h and the kernel's rt-neigh.yaml.
 */
import type { ValueOf } from '../../netlink/codec.js';
import { enumOf, flagsOf } from '../../netlink/enums.js';
import type { MessageBody } from '../../netlink/schema.js';
import type { MessageTypeSpec } from '../route/types.js';
import { attrs, message, nest, struct } from '../../netlink/schema.js';
import { address, be16, binary, flag, mac, s32, string, u16, u32, u64, u8 } from '../../netlink/types.js';
import { NTF, NTF_EXT, NUD, RTM_DELNEIGH, RTM_GETNEIGH, RTM_GETNEIGHTBL, RTM_NEWNEIGH, RTM_NEWNEIGHTBL, RTM_SETNEIGHTBL, RTN, RTPROT } from '../constants.js';

/** struct ndmsg. `state` is the NUD_* word as names ([] for NUD_NONE). */
export const ndmsg = struct(
  'ndmsg',
  [
    ['family', u8],
    ['_pad1', u8],
    ['_pad2', u16],
    ['ifindex', s32],
    ['state', flagsOf(u16, NUD)],
    ['flags', flagsOf(u8, NTF)],
    ['type', enumOf(u8, RTN)],
  ] as const,
  { familyField: 'family' },
);

/** struct nda_cacheinfo: ages in clock ticks (USER_HZ). */
export const ndaCacheinfo = struct('nda_cacheinfo', [
  ['confirmed', u32],
  ['used', u32],
  ['updated', u32],
  ['refcnt', u32],
] as const);

/** NFEA_* (NDA_FDB_EXT_ATTRS). */
export const fdbExtAttrs = attrs('NFEA_', {
  activityNotify: [1, 'ACTIVITY_NOTIFY', u8],
  dontRefresh: [2, 'DONT_REFRESH', flag],
});

/** NDA_*; listed in the order iproute2 emits them. */
export const neighAttrs = attrs('NDA_', {
  dst: [1, 'DST', address],
  lladdr: [2, 'LLADDR', mac],
  protocol: [12, 'PROTOCOL', enumOf(u8, RTPROT)],
  cacheinfo: [3, 'CACHEINFO', ndaCacheinfo],
  probes: [4, 'PROBES', u32],
  vlan: [5, 'VLAN', u16],
  port: [6, 'PORT', be16],
  vni: [7, 'VNI', u32],
  ifindex: [8, 'IFINDEX', u32],
  master: [9, 'MASTER', u32],
  linkNetnsid: [10, 'LINK_NETNSID', s32],
  srcVni: [11, 'SRC_VNI', u32],
  nhId: [13, 'NH_ID', u32],
  fdbExtAttrs: [14, 'FDB_EXT_ATTRS', nest(() => fdbExtAttrs)],
  flagsExt: [15, 'FLAGS_EXT', flagsOf(u32, NTF_EXT)],
  ndmStateMask: [16, 'NDM_STATE_MASK', flagsOf(u16, NUD)],
  ndmFlagsMask: [17, 'NDM_FLAGS_MASK', flagsOf(u8, NTF)],
});

/** struct ndmsg, the fixed header of RTM_NEWNEIGH / RTM_DELNEIGH / RTM_GETNEIGH. */
export type NeighHeader = ValueOf<typeof ndmsg>;
/** The NDA_* attributes of a neighbour message. */
export type NeighAttrs = ValueOf<typeof neighAttrs>;
/** A neighbour message body: ndmsg header and NDA_* attributes. */
export type NeighMessage = MessageBody<NeighHeader, NeighAttrs>;

/** Body codec of RTM_NEWNEIGH / RTM_DELNEIGH / RTM_GETNEIGH. */
export const neighMessage = message(ndmsg, neighAttrs);

// ---------------------------------------------------------------------------------------------
// Neighbour tables.

/** struct ndtmsg: the family and 3 bytes of padding. */
export const ndtmsg = struct('ndtmsg', [['family', u8], ['_pad1', u8], ['_pad2', u16]] as const, { familyField: 'family' });

/** struct ndt_config (NDTA_CONFIG). */
export const ndtConfig = struct('ndt_config', [
  ['keyLen', u16],
  ['entrySize', u16],
  ['entries', u32],
  ['lastFlush', u32],
  ['lastRand', u32],
  ['hashRnd', u32],
  ['hashMask', u32],
  ['hashChainGc', u32],
  ['proxyQlen', u32],
] as const);

/** struct ndt_stats (NDTA_STATS). */
export const ndtStats = struct('ndt_stats', [
  ['allocs', u64],
  ['destroys', u64],
  ['hashGrows', u64],
  ['resFailed', u64],
  ['lookups', u64],
  ['hits', u64],
  ['rcvProbesMcast', u64],
  ['rcvProbesUcast', u64],
  ['periodicGcRuns', u64],
  ['forcedGcRuns', u64],
  ['tableFulls', u64],
] as const);

/** NDTPA_* (NDTA_PARMS): times in milliseconds. */
export const neighTableParms = attrs('NDTPA_', {
  ifindex: [1, 'IFINDEX', u32],
  refcnt: [2, 'REFCNT', u32],
  reachableTime: [3, 'REACHABLE_TIME', u64],
  baseReachableTime: [4, 'BASE_REACHABLE_TIME', u64],
  retransTime: [5, 'RETRANS_TIME', u64],
  gcStaletime: [6, 'GC_STALETIME', u64],
  delayProbeTime: [7, 'DELAY_PROBE_TIME', u64],
  queueLen: [8, 'QUEUE_LEN', u32],
  appProbes: [9, 'APP_PROBES', u32],
  ucastProbes: [10, 'UCAST_PROBES', u32],
  mcastProbes: [11, 'MCAST_PROBES', u32],
  anycastDelay: [12, 'ANYCAST_DELAY', u64],
  proxyDelay: [13, 'PROXY_DELAY', u64],
  proxyQlen: [14, 'PROXY_QLEN', u32],
  locktime: [15, 'LOCKTIME', u64],
  queueLenbytes: [16, 'QUEUE_LENBYTES', u32],
  mcastReprobes: [17, 'MCAST_REPROBES', u32],
  pad: [18, 'PAD', binary],
  intervalProbeTimeMs: [19, 'INTERVAL_PROBE_TIME_MS', u64],
});

/** NDTA_*. */
export const neighTableAttrs = attrs('NDTA_', {
  name: [1, 'NAME', string()],
  thresh1: [2, 'THRESH1', u32],
  thresh2: [3, 'THRESH2', u32],
  thresh3: [4, 'THRESH3', u32],
  config: [5, 'CONFIG', ndtConfig],
  parms: [6, 'PARMS', nest(() => neighTableParms)],
  stats: [7, 'STATS', ndtStats],
  gcInterval: [8, 'GC_INTERVAL', u64],
  pad: [9, 'PAD', binary],
});

/** struct ndtmsg, the fixed header of the neighbour table messages (RTM_*NEIGHTBL, `ip ntable`). */
export type NeighTableHeader = ValueOf<typeof ndtmsg>;
/** The NDTA_* attributes of a neighbour table message. */
export type NeighTableAttrs = ValueOf<typeof neighTableAttrs>;
/**
 * The NDTPA_* parameters of a neighbour table (NDTA_PARMS): timers in milliseconds, queue lengths,
 * probes.
 */
export type NeighTableParms = ValueOf<typeof neighTableParms>;
/** A neighbour table message body: ndtmsg header and NDTA_* attributes. */
export type NeighTableMessage = MessageBody<NeighTableHeader, NeighTableAttrs>;

/** Body codec of RTM_NEWNEIGHTBL / RTM_GETNEIGHTBL / RTM_SETNEIGHTBL. */
export const neighTableMessage = message(ndtmsg, neighTableAttrs);


/** The message types of this part of rtnetlink, for registering in a Family: [type, name, op, body codec]. */
export const NEIGH_MESSAGE_TYPES: readonly MessageTypeSpec[] = [
  [RTM_NEWNEIGH, 'RTM_NEWNEIGH', 'new', neighMessage],
  [RTM_DELNEIGH, 'RTM_DELNEIGH', 'del', neighMessage],
  [RTM_GETNEIGH, 'RTM_GETNEIGH', 'get', neighMessage],
  [RTM_NEWNEIGHTBL, 'RTM_NEWNEIGHTBL', 'new', neighTableMessage],
  [RTM_GETNEIGHTBL, 'RTM_GETNEIGHTBL', 'get', neighTableMessage],
  [RTM_SETNEIGHTBL, 'RTM_SETNEIGHTBL', 'new', neighTableMessage],
];
