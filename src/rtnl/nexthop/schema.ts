/**
 * Nexthop objects: struct nhmsg + NHA_* (RTM_NEWNEXTHOP / RTM_DELNEXTHOP / RTM_GETNEXTHOP) and
 * the buckets of resilient groups (RTM_*NEXTHOPBUCKET). Facts from linux/nexthop.h and the
 * kernel's rt-nexthop.yaml.
 */
import type { ValueOf } from '../../netlink/codec.js';
import { defineEnum, enumOf, flagsOf } from '../../netlink/enums.js';
import type { MessageBody } from '../../netlink/schema.js';
import type { MessageTypeSpec } from '../route/types.js';
import { attrs, message, multi, nest, select, struct } from '../../netlink/schema.js';
import { address, arrayOf, binary, flag, u16, u32, u64, u8, uint } from '../../netlink/types.js';
import {
  LWTUNNEL_ENCAP,
  RTM_DELNEXTHOP,
  RTM_DELNEXTHOPBUCKET,
  RTM_GETNEXTHOP,
  RTM_GETNEXTHOPBUCKET,
  RTM_NEWNEXTHOP,
  RTM_NEWNEXTHOPBUCKET,
  RTNH_F,
  RTPROT,
  RT_SCOPE,
} from '../constants.js';
import { encapRegistry } from '../route/encap.js';

/** NEXTHOP_GRP_TYPE_*: how a group spreads flows (NHA_GROUP_TYPE). */
export const NEXTHOP_GRP_TYPE = defineEnum('NEXTHOP_GRP_TYPE_', {
  /** NEXTHOP_GRP_TYPE_MPATH: hash-threshold multipath (the default). */
  mpath: 0,
  /** NEXTHOP_GRP_TYPE_RES: resilient hashing over a table of buckets. */
  resilient: 1,
});

/** struct nhmsg. `scope` is returned by the kernel only; `flags` are RTNH_F_* (`onlink`). */
export const nhmsg = struct(
  'nhmsg',
  [
    ['family', u8],
    ['scope', enumOf(u8, RT_SCOPE)],
    ['protocol', enumOf(u8, RTPROT)],
    ['_resvd', u8],
    ['flags', flagsOf(u32, RTNH_F)],
  ] as const,
  { familyField: 'family' },
);

/** struct nexthop_grp: one member of NHA_GROUP; `weight` is the weight minus one (0..255). */
export const nexthopGrp = struct('nexthop_grp', [
  ['id', u32],
  ['weight', u8],
  ['_resvd1', u8],
  ['_resvd2', u16],
] as const);

/** NHA_RES_GROUP_*: parameters of a resilient group (timers in clock_t, USER_HZ = 100). */
export const nhResGroupAttrs = attrs('NHA_RES_GROUP_', {
  buckets: [1, 'BUCKETS', u16],
  idleTimer: [2, 'IDLE_TIMER', u32],
  unbalancedTimer: [3, 'UNBALANCED_TIMER', u32],
  unbalancedTime: [4, 'UNBALANCED_TIME', u64],
  pad: [0, 'PAD', binary],
});

/** NHA_RES_BUCKET_*: one bucket of a resilient group (RTM_*NEXTHOPBUCKET, dump filter). */
export const nhResBucketAttrs = attrs('NHA_RES_BUCKET_', {
  index: [1, 'INDEX', u16],
  idleTime: [2, 'IDLE_TIME', u64],
  nhId: [3, 'NH_ID', u32],
  pad: [0, 'PAD', binary],
});

/** NHA_GROUP_STATS_ENTRY_*: per-member packet counters (NHA_OP_FLAGS asked for them). */
export const nhGroupStatsEntryAttrs = attrs('NHA_GROUP_STATS_ENTRY_', {
  id: [1, 'ID', u32],
  packets: [2, 'PACKETS', uint],
  packetsHw: [3, 'PACKETS_HW', uint],
});

/** NHA_GROUP_STATS_*: one ENTRY nest per group member. */
export const nhGroupStatsAttrs = attrs('NHA_GROUP_STATS_', {
  entry: [1, 'ENTRY', multi(nhGroupStatsEntryAttrs)],
});

/**
 * NHA_*; listed in the order iproute2 emits them for its usual argument order (`id N encap ...
 * via A dev D`, `id N group ... type resilient ...`: the NHA_RES_GROUP nest before
 * NHA_GROUP_TYPE, and NHA_ENCAP before its selector NHA_ENCAP_TYPE, as lwt_parse_encap sends).
 */
export const nexthopAttrs = attrs('NHA_', {
  id: [1, 'ID', u32],
  encap: [8, 'ENCAP', select('encapType', encapRegistry), { nestedFlag: true }],
  encapType: [7, 'ENCAP_TYPE', enumOf(u16, LWTUNNEL_ENCAP)],
  group: [2, 'GROUP', arrayOf(nexthopGrp)],
  resGroup: [12, 'RES_GROUP', nest(() => nhResGroupAttrs), { nestedFlag: true }],
  groupType: [3, 'GROUP_TYPE', enumOf(u16, NEXTHOP_GRP_TYPE)],
  blackhole: [4, 'BLACKHOLE', flag],
  gateway: [6, 'GATEWAY', address],
  oif: [5, 'OIF', u32],
  groups: [9, 'GROUPS', flag],
  master: [10, 'MASTER', u32],
  fdb: [11, 'FDB', flag],
  resBucket: [13, 'RES_BUCKET', nest(() => nhResBucketAttrs), { nestedFlag: true }],
  opFlags: [14, 'OP_FLAGS', u32],
  groupStats: [15, 'GROUP_STATS', nest(() => nhGroupStatsAttrs), { nestedFlag: true }],
  hwStatsEnable: [16, 'HW_STATS_ENABLE', u32],
  hwStatsUsed: [17, 'HW_STATS_USED', u32],
});

/** struct nhmsg, the fixed header of the nexthop and nexthop bucket messages. */
export type NexthopHeader = ValueOf<typeof nhmsg>;
/** The NHA_* attributes of a nexthop message. */
export type NexthopAttrs = ValueOf<typeof nexthopAttrs>;
/** A nexthop message body: nhmsg header and NHA_* attributes. */
export type NexthopMessage = MessageBody<NexthopHeader, NexthopAttrs>;
/** One member of a group (struct nexthop_grp). */
export type NexthopGroupMember = ValueOf<typeof nexthopGrp>;

/** Body codec of RTM_*NEXTHOP and RTM_*NEXTHOPBUCKET. */
export const nexthopMessage = message(nhmsg, nexthopAttrs);

/** The message types of this part of rtnetlink, for registering in a Family: [type, name, op, body codec]. */
export const NEXTHOP_MESSAGE_TYPES: readonly MessageTypeSpec[] = [
  [RTM_NEWNEXTHOP, 'RTM_NEWNEXTHOP', 'new', nexthopMessage],
  [RTM_DELNEXTHOP, 'RTM_DELNEXTHOP', 'del', nexthopMessage],
  [RTM_GETNEXTHOP, 'RTM_GETNEXTHOP', 'get', nexthopMessage],
  [RTM_NEWNEXTHOPBUCKET, 'RTM_NEWNEXTHOPBUCKET', 'new', nexthopMessage],
  [RTM_DELNEXTHOPBUCKET, 'RTM_DELNEXTHOPBUCKET', 'del', nexthopMessage],
  [RTM_GETNEXTHOPBUCKET, 'RTM_GETNEXTHOPBUCKET', 'get', nexthopMessage],
];
