/**
 * Traffic control over rtnetlink: struct tcmsg + TCA_* (qdiscs, classes, filters, chains) and
 * struct tcamsg + TCA_ROOT_* (actions). TCA_OPTIONS is a sub-message chosen by TCA_KIND
 * (`tcKinds`: qdisc, class and filter kinds share one namespace, as in the kernel's YNL tc.yaml);
 * TCA_ACT_OPTIONS likewise by TCA_ACT_KIND (`actionKinds`). Facts from linux/rtnetlink.h,
 * pkt_sched.h, pkt_cls.h and Documentation/netlink/specs/tc.yaml.
 */
import type { ValueOf } from '../../netlink/codec.js';
import { attrs, indexed, message, nest, Registry, select, struct, type MessageBody } from '../../netlink/schema.js';
import { binary, bitfield32, flag, s32, string, u16, u32, u64, u8 } from '../../netlink/types.js';
import type { MessageTypeSpec } from '../route/types.js';
import {
  RTM_DELACTION, RTM_DELCHAIN, RTM_DELQDISC, RTM_DELTCLASS, RTM_DELTFILTER, RTM_GETACTION, RTM_GETCHAIN, RTM_GETQDISC,
  RTM_GETTCLASS, RTM_GETTFILTER, RTM_NEWACTION, RTM_NEWCHAIN, RTM_NEWQDISC, RTM_NEWTCLASS, RTM_NEWTFILTER,
} from '../constants.js';
import { tcaStatsAttrs, tcEstimator, tcStats, xstatsKinds } from './stats.js';

/**
 * The TCA_OPTIONS codec of each kind, for the type checker: every kind file adds its own by
 * declaration merging beside its registration (`declare module '../schema.js' { interface
 * TcKindCodecs { htb: typeof htbAttrs } }`), as link kinds do, so a decoded tc message's
 * (kind, options) pair is a discriminated union by kind.
 */
export interface TcKindCodecs {}
/** The TCA_ACT_OPTIONS codec of each action kind, extended the same way. */
export interface ActionKindCodecs {}

/** TCA_OPTIONS by TCA_KIND: qdisc and class kinds (htb, tbf, netem...) and filter kinds (flower, u32...). */
export const tcKinds = new Registry<string, TcKindCodecs>('tc kinds (TCA_OPTIONS)');
/** TCA_ACT_OPTIONS by TCA_ACT_KIND (gact, mirred, police...). */
export const actionKinds = new Registry<string, ActionKindCodecs>('tc action kinds (TCA_ACT_OPTIONS)');

/**
 * struct tcmsg. `parent` is the block index when `ifindex` is TCM_IFINDEX_MAGIC_BLOCK; for
 * filters `info` is `prio << 16 | protocol` (protocol in network order), for qdiscs the refcount.
 */
export const tcmsg = struct('tcmsg', [
  ['family', u8],
  ['_pad1', u8],
  ['_pad2', u16],
  ['ifindex', s32],
  ['handle', u32],
  ['parent', u32],
  ['info', u32],
] as const, { familyField: 'family' });

/** struct tc_sizespec (TCA_STAB_BASE) */
export const tcSizespec = struct('tc_sizespec', [
  ['cellLog', u8],
  ['sizeLog', u8],
  ['cellAlign', u16],
  ['overhead', s32],
  ['linklayer', u32],
  ['mpu', u32],
  ['mtu', u32],
  ['tsize', u32],
] as const);
/** TCA_STAB_*: the size table of `stab`. */
export const tcaStabAttrs = attrs('TCA_STAB_', {
  base: [1, 'BASE', tcSizespec],
  data: [2, 'DATA', binary],
});

/** TCA_*: the attributes of qdisc, class, filter and chain messages, in the order iproute2 sends them. */
export const tcaAttrs = attrs('TCA_', {
  /** first: iproute2 sends a filter's chain before its kind */
  chain: [11, 'CHAIN', u32],
  kind: [1, 'KIND', string()],
  options: [2, 'OPTIONS', select('kind', tcKinds)],
  stats: [3, 'STATS', tcStats],
  xstats: [4, 'XSTATS', select('kind', xstatsKinds)],
  rate: [5, 'RATE', tcEstimator],
  fcnt: [6, 'FCNT', u32],
  stats2: [7, 'STATS2', tcaStatsAttrs],
  stab: [8, 'STAB', tcaStabAttrs],
  pad: [9, 'PAD', binary],
  dumpInvisible: [10, 'DUMP_INVISIBLE', flag],
  hwOffload: [12, 'HW_OFFLOAD', u8],
  ingressBlock: [13, 'INGRESS_BLOCK', u32],
  egressBlock: [14, 'EGRESS_BLOCK', u32],
  dumpFlags: [15, 'DUMP_FLAGS', bitfield32],
  extWarnMsg: [16, 'EXT_WARN_MSG', string()],
});

/** struct tcmsg, the fixed header of the qdisc, class and filter messages. */
export type TcHeader = ValueOf<typeof tcmsg>;
/** The TCA_* attributes of a qdisc, class or filter message (kind, options, statistics...). */
export type TcAttrs = ValueOf<typeof tcaAttrs>;
/** A qdisc, class, filter or chain message body. */
export type TcMessage = MessageBody<TcHeader, TcAttrs>;
/** The body codec of the qdisc, class and filter messages: tcmsg header and TCA_* attributes. */
export const tcMessage = message(tcmsg, tcaAttrs);

/** struct tcf_t: action timestamps in jiffies (USER_HZ-scaled by the kernel: 100 per second). */
export const tcfT = struct('tcf_t', [
  ['install', u64],
  ['lastuse', u64],
  ['expires', u64],
  ['firstuse', u64],
] as const);

/**
 * TCA_ACT_*: one action (in a filter's action list or an RTM_*ACTION table), in the order
 * iproute2 sends them; TCA_ACT_OPTIONS goes out with NLA_F_NESTED, as iproute2 sends it.
 */
export const actAttrs = attrs('TCA_ACT_', {
  kind: [1, 'KIND', string()],
  options: [2, 'OPTIONS', select('kind', actionKinds), { nestedFlag: true }],
  index: [3, 'INDEX', u32],
  stats: [4, 'STATS', tcaStatsAttrs],
  pad: [5, 'PAD', binary],
  cookie: [6, 'COOKIE', binary],
  hwStats: [8, 'HW_STATS', bitfield32],
  flags: [7, 'FLAGS', bitfield32],
  usedHwStats: [9, 'USED_HW_STATS', bitfield32],
  inHwCount: [10, 'IN_HW_COUNT', u32],
});
/** The TCA_ACT_* attributes of one action (kind, options, index, statistics). */
export type ActionAttrs = ValueOf<typeof actAttrs>;

/**
 * A list of actions: nested attributes whose types are the order (1, 2, ...), each an action
 * (TCA_*_ACT of filters, TCA_ROOT_TAB of action messages).
 */
export const actionList = indexed(nest(() => actAttrs), 1);

/** struct tcamsg */
export const tcamsg = struct('tcamsg', [
  ['family', u8],
  ['_pad1', u8],
  ['_pad2', u16],
] as const, { familyField: 'family' });

/** TCA_ROOT_*: RTM_NEWACTION / RTM_DELACTION / RTM_GETACTION. */
export const tcaRootAttrs = attrs('TCA_ROOT_', {
  tab: [1, 'TAB', actionList],
  flags: [2, 'FLAGS', bitfield32],
  count: [3, 'COUNT', u32],
  timeDelta: [4, 'TIME_DELTA', u32],
  extWarnMsg: [5, 'EXT_WARN_MSG', string()],
});
/** An action message body (RTM_*ACTION, `tc actions`): tcamsg header and TCA_ROOT_* attributes. */
export type ActionMessage = MessageBody<ValueOf<typeof tcamsg>, ValueOf<typeof tcaRootAttrs>>;
/** The body codec of the action messages (RTM_NEWACTION / RTM_DELACTION / RTM_GETACTION). */
export const actionMessage = message(tcamsg, tcaRootAttrs);

/** The message types of traffic control, for registering in the rtnetlink Family. */
export const TC_MESSAGE_TYPES: readonly MessageTypeSpec[] = [
  [RTM_NEWQDISC, 'RTM_NEWQDISC', 'new', tcMessage],
  [RTM_DELQDISC, 'RTM_DELQDISC', 'del', tcMessage],
  [RTM_GETQDISC, 'RTM_GETQDISC', 'get', tcMessage],
  [RTM_NEWTCLASS, 'RTM_NEWTCLASS', 'new', tcMessage],
  [RTM_DELTCLASS, 'RTM_DELTCLASS', 'del', tcMessage],
  [RTM_GETTCLASS, 'RTM_GETTCLASS', 'get', tcMessage],
  [RTM_NEWTFILTER, 'RTM_NEWTFILTER', 'new', tcMessage],
  [RTM_DELTFILTER, 'RTM_DELTFILTER', 'del', tcMessage],
  [RTM_GETTFILTER, 'RTM_GETTFILTER', 'get', tcMessage],
  [RTM_NEWCHAIN, 'RTM_NEWCHAIN', 'new', tcMessage],
  [RTM_DELCHAIN, 'RTM_DELCHAIN', 'del', tcMessage],
  [RTM_GETCHAIN, 'RTM_GETCHAIN', 'get', tcMessage],
  [RTM_NEWACTION, 'RTM_NEWACTION', 'new', actionMessage],
  [RTM_DELACTION, 'RTM_DELACTION', 'del', actionMessage],
  [RTM_GETACTION, 'RTM_GETACTION', 'get', actionMessage],
];
