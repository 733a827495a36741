/**
 * Routes: struct rtmsg + RTA_* (RTM_NEWROUTE / RTM_DELROUTE / RTM_GETROUTE). Facts from
 * linux/rtnetlink.h and the kernel's rt-route.yaml.
 */
import type { Codec, ValueOf } from '../../netlink/codec.js';
import { enumOf, flagsOf } from '../../netlink/enums.js';
import type { AttrSet, AttrTable, AttrsOf, MessageBody, SubMessage } from '../../netlink/schema.js';
import type { MessageTypeSpec } from './types.js';
import { attrs, message, nest, select, struct } from '../../netlink/schema.js';
import { address, be16, be32, binary, s32, string, u16, u32, u64, u8, uint } from '../../netlink/types.js';
import { ICMPV6_ROUTER_PREF, LWTUNNEL_ENCAP, RTAX_FEATURE, RTAX_LOCK, RTM_DELROUTE, RTM_FLAGS, RTM_GETROUTE, RTM_NEWROUTE, RTN, RTPROT, RT_SCOPE } from '../constants.js';
import { encapRegistry, type EncapCodecs } from './encap.js';
import type { Nexthop } from './multipath.js';
import { multipathOf } from './multipath.js';
import { mplsLabels, routeAddress, rtvia } from './wire.js';

/** struct rtmsg. `table` is rtm_table (8 bits; 252 = RT_TABLE_COMPAT when RTA_TABLE holds the real id). */
export const rtmsg = struct(
  'rtmsg',
  [
    ['family', u8],
    ['dstLen', u8],
    ['srcLen', u8],
    ['tos', u8],
    ['table', u8],
    ['protocol', enumOf(u8, RTPROT)],
    ['scope', enumOf(u8, RT_SCOPE)],
    ['type', enumOf(u8, RTN)],
    ['flags', flagsOf(u32, RTM_FLAGS)],
  ] as const,
  { familyField: 'family' },
);

/** struct rta_cacheinfo (RTA_CACHEINFO); older kernels send the first five fields only. */
export const rtaCacheinfo = struct(
  'rta_cacheinfo',
  [
    ['clntref', u32],
    ['lastuse', u32],
    ['expires', s32],
    ['error', u32],
    ['used', u32],
    ['id', u32],
    ['ts', u32],
    ['tsage', u32],
  ] as const,
  { minSize: 20 },
);

/** struct rta_mfc_stats (RTA_MFC_STATS). */
export const rtaMfcStats = struct('rta_mfc_stats', [
  ['packets', u64],
  ['bytes', u64],
  ['wrongIf', u64],
] as const);

/** RTA_METRICS: RTAX_* attributes. `lock` lists the locked metrics by name (iproute2 sends it last). */
export const routeMetrics = attrs('RTAX_', {
  mtu: [2, 'MTU', u32],
  window: [3, 'WINDOW', u32],
  rtt: [4, 'RTT', u32],
  rttvar: [5, 'RTTVAR', u32],
  ssthresh: [6, 'SSTHRESH', u32],
  cwnd: [7, 'CWND', u32],
  advmss: [8, 'ADVMSS', u32],
  reordering: [9, 'REORDERING', u32],
  hoplimit: [10, 'HOPLIMIT', u32],
  initcwnd: [11, 'INITCWND', u32],
  features: [12, 'FEATURES', flagsOf(u32, RTAX_FEATURE)],
  rtoMin: [13, 'RTO_MIN', u32],
  initrwnd: [14, 'INITRWND', u32],
  quickack: [15, 'QUICKACK', u32],
  ccAlgo: [16, 'CC_ALGO', string({ nul: false })],
  fastopenNoCookie: [17, 'FASTOPEN_NO_COOKIE', u32],
  lock: [1, 'LOCK', flagsOf(u32, RTAX_LOCK)],
});

/** The RTAX_* metrics of a route (RTA_METRICS: mtu, window, rtt..., with `lock` bits). */
export type RouteMetrics = ValueOf<typeof routeMetrics>;

/** A nexthop of RTA_MULTIPATH: rtnexthop fields plus its own RTA_* attributes. */
export type RouteNexthop = Nexthop<RouteAttrs>;

/**
 * RTA_* entries except RTA_MULTIPATH (which refers back to the whole set). Listed in the order
 * iproute2 emits them, which is the order a fresh (builder-made) message is encoded in.
 */
const routeAttrTable = {
  dst: [1, 'DST', routeAddress],
  src: [2, 'SRC', routeAddress],
  gateway: [5, 'GATEWAY', address],
  via: [18, 'VIA', rtvia],
  prefsrc: [7, 'PREFSRC', address],
  priority: [6, 'PRIORITY', u32],
  table: [15, 'TABLE', u32],
  pref: [20, 'PREF', enumOf(u8, ICMPV6_ROUTER_PREF)],
  flow: [11, 'FLOW', u32],
  expires: [23, 'EXPIRES', uint],
  // RTA_ENCAP before its selector RTA_ENCAP_TYPE, with NLA_F_NESTED: the order and flag
  // iproute2's lwt_parse_encap sends (decoding defers the sub-message until the selector is read).
  encap: [22, 'ENCAP', select('encapType', encapRegistry), { nestedFlag: true }],
  encapType: [21, 'ENCAP_TYPE', enumOf(u16, LWTUNNEL_ENCAP)],
  newdst: [19, 'NEWDST', mplsLabels],
  ttlPropagate: [26, 'TTL_PROPAGATE', u8],
  nhId: [30, 'NH_ID', u32],
  mark: [16, 'MARK', u32],
  uid: [25, 'UID', u32],
  ipProto: [27, 'IP_PROTO', u8],
  sport: [28, 'SPORT', be16],
  dport: [29, 'DPORT', be16],
  flowlabel: [31, 'FLOWLABEL', be32],
  iif: [3, 'IIF', u32],
  oif: [4, 'OIF', u32],
  metrics: [8, 'METRICS', nest(() => routeMetrics)],
  protoinfo: [10, 'PROTOINFO', binary],
  cacheinfo: [12, 'CACHEINFO', rtaCacheinfo],
  session: [13, 'SESSION', binary],
  mpAlgo: [14, 'MP_ALGO', binary],
  mfcStats: [17, 'MFC_STATS', rtaMfcStats],
  pad: [24, 'PAD', binary],
} as const satisfies AttrTable;

/** Decoded RTA_* attributes. */
export type RouteAttrs = AttrsOf<typeof routeAttrTable> & {
  /** RTA_MULTIPATH */
  multipath?: RouteNexthop[];
};

const multipath: Codec<RouteNexthop[]> = multipathOf<RouteAttrs>(() => routeAttrs);

/** RTA_* (all of rtattr_type_t up to RTA_FLOWLABEL). */
export const routeAttrs: AttrSet<RouteAttrs> = attrs('RTA_', {
  ...routeAttrTable,
  multipath: [9, 'MULTIPATH', multipath],
}) as AttrSet<RouteAttrs>;

/** struct rtmsg, the fixed header of RTM_NEWROUTE / RTM_DELROUTE / RTM_GETROUTE. */
export type RouteHeader = ValueOf<typeof rtmsg>;
/** RTA_ENCAP_TYPE with its RTA_ENCAP, a discriminated union by the type's name. */
export type RouteEncapPair = SubMessage<'encapType', 'encap', EncapCodecs>;
/** A route message body: rtmsg header and RTA_* attributes. */
export type RouteMessage = MessageBody<RouteHeader, RouteAttrs>;

/** Body codec of RTM_NEWROUTE / RTM_DELROUTE / RTM_GETROUTE. */
export const routeMessage = message(rtmsg, routeAttrs);

/** The route's table id: RTA_TABLE when present, else rtm_table. */
export function routeTable(body: RouteMessage): number {
  return body.attrs.table ?? body.header.table;
}

/** The message types of this part of rtnetlink, for registering in a Family: [type, name, op, body codec]. */
export const ROUTE_MESSAGE_TYPES: readonly MessageTypeSpec[] = [
  [RTM_NEWROUTE, 'RTM_NEWROUTE', 'new', routeMessage],
  [RTM_DELROUTE, 'RTM_DELROUTE', 'del', routeMessage],
  [RTM_GETROUTE, 'RTM_GETROUTE', 'get', routeMessage],
];
