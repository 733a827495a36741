/**
 * Statistics of qdiscs, classes, filters and actions: TCA_STATS (struct tc_stats), TCA_STATS2
 * (TCA_STATS_*, linux/gen_stats.h) and the per-kind extended statistics (TCA_XSTATS and
 * TCA_STATS_APP), whose layout depends on the kind: `xstatsKinds` holds them by TCA_KIND.
 */
import { attrs, Registry, struct } from '../../netlink/schema.js';
import { binary, pad, s32, s8, u32, u64, u8 } from '../../netlink/types.js';
import type { ValueOf } from '../../netlink/codec.js';

/** struct gnet_stats_basic (padded to 16 bytes by the compiler; older kernels sent 12). */
export const gnetStatsBasic = struct('gnet_stats_basic', [
  ['bytes', u64],
  ['packets', u32],
  ['_pad', pad(4)],
] as const, { minSize: 12 });
/** struct gnet_stats_rate_est */
export const gnetStatsRateEst = struct('gnet_stats_rate_est', [
  ['bps', u32],
  ['pps', u32],
] as const);
/** struct gnet_stats_rate_est64 */
export const gnetStatsRateEst64 = struct('gnet_stats_rate_est64', [
  ['bps', u64],
  ['pps', u64],
] as const);
/** struct gnet_stats_queue */
export const gnetStatsQueue = struct('gnet_stats_queue', [
  ['qlen', u32],
  ['backlog', u32],
  ['drops', u32],
  ['requeues', u32],
  ['overlimits', u32],
] as const);

/** TCA_STATS_* (nested in TCA_STATS2 and TCA_ACT_STATS). TCA_STATS_APP stays bytes: its layout is the kind's. */
export const tcaStatsAttrs = attrs('TCA_STATS_', {
  basic: [1, 'BASIC', gnetStatsBasic],
  rateEst: [2, 'RATE_EST', gnetStatsRateEst],
  queue: [3, 'QUEUE', gnetStatsQueue],
  app: [4, 'APP', binary],
  rateEst64: [5, 'RATE_EST64', gnetStatsRateEst64],
  pad: [6, 'PAD', binary],
  basicHw: [7, 'BASIC_HW', gnetStatsBasic],
  pkt64: [8, 'PKT64', u64],
});
/**
 * The TCA_STATS_* attributes of TCA_STATS2: basic counters (bytes, packets), rate estimates, queue
 * statistics, the kind's own (TCA_STATS_APP).
 */
export type TcStats2 = ValueOf<typeof tcaStatsAttrs>;

/** struct tc_stats (TCA_STATS, the pre-TCA_STATS2 form kernels still send). */
export const tcStats = struct('tc_stats', [
  ['bytes', u64],
  ['packets', u32],
  ['drops', u32],
  ['overlimits', u32],
  ['bps', u32],
  ['pps', u32],
  ['qlen', u32],
  ['backlog', u32],
  ['_pad', pad(4)],
] as const, { minSize: 36 });

/** struct tc_estimator (TCA_RATE): the rate estimator's interval and averaging constant. */
export const tcEstimator = struct('tc_estimator', [
  ['interval', s8],
  ['ewmaLog', u8],
] as const);

/** Extended statistics by TCA_KIND (htb: tc_htb_xstats, fq_codel: tc_fq_codel_xstats...). */
/** The extended-statistics struct of each kind that has one: TCA_XSTATS types as a union by TCA_KIND. */
export interface XstatsKindCodecs {
  htb: typeof htbXstats;
  sfq: typeof sfqXstats;
  fq: typeof fqXstats;
  fq_codel: typeof fqCodelXstats;
  codel: typeof codelXstats;
}
/** Extended statistics (TCA_XSTATS / TCA_STATS_APP) by TCA_KIND. */
export const xstatsKinds = new Registry<string, XstatsKindCodecs>('tc extended statistics (TCA_XSTATS / TCA_STATS_APP)');

/** struct tc_htb_xstats */
export const htbXstats = struct('tc_htb_xstats', [
  ['lends', u32],
  ['borrows', u32],
  ['giants', u32],
  ['tokens', s32],
  ['ctokens', s32],
] as const);
xstatsKinds.register('htb', htbXstats);
/** struct tc_sfq_xstats */
export const sfqXstats = struct('tc_sfq_xstats', [['allot', s32]] as const);
xstatsKinds.register('sfq', sfqXstats);
/** struct tc_fq_qd_stats */
export const fqXstats = struct('tc_fq_qd_stats', [
  ['gcFlows', u64],
  ['highprioPackets', u64],
  ['tcpRetrans', u64],
  ['throttled', u64],
  ['flowsPlimit', u64],
  ['pktsTooLong', u64],
  ['allocationErrors', u64],
  ['timeNextDelayedFlow', u64],
  ['flows', u32],
  ['inactiveFlows', u32],
  ['throttledFlows', u32],
  ['unthrottleLatencyNs', u32],
  ['ceMark', u64],
  ['horizonDrops', u64],
  ['horizonCaps', u64],
] as const, { minSize: 80 });
xstatsKinds.register('fq', fqXstats);
/**
 * struct tc_fq_codel_xstats: `type` (TCA_FQ_CODEL_XSTATS_QDISC 0 / _CLASS 1) then a union of
 * tc_fq_codel_qd_stats and tc_fq_codel_cl_stats. Decoded as the qdisc layout; the printer reads
 * the class fields from the same words when `type` is 1 (deficit = maxpacket's word, ...).
 */
export const fqCodelXstats = struct('tc_fq_codel_xstats', [
  ['type', u32],
  ['maxpacket', u32],
  ['dropOverlimit', u32],
  ['ecnMark', u32],
  ['newFlowCount', u32],
  ['newFlowsLen', u32],
  ['oldFlowsLen', u32],
  ['ceMark', u32],
  ['memoryUsage', u32],
  ['dropOvermemory', u32],
] as const, { minSize: 28 });
xstatsKinds.register('fq_codel', fqCodelXstats);
/** struct tc_codel_xstats */
export const codelXstats = struct('tc_codel_xstats', [
  ['maxpacket', u32],
  ['count', u32],
  ['lastcount', u32],
  ['ldelay', u32],
  ['dropNext', s32],
  ['dropOverlimit', u32],
  ['ecnMark', u32],
  ['dropping', u32],
  ['ceMark', u32],
] as const, { minSize: 32 });
xstatsKinds.register('codel', codelXstats);
