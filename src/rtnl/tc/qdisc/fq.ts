/** fq (fair queue packet scheduler): TCA_FQ_*. */
import { attrs, struct } from '../../../netlink/schema.js';
import { binary, bytesOf, s32, u32, u8 } from '../../../netlink/types.js';
import { tcKinds } from '../schema.js';

/** struct tc_prio_qopt as TCA_FQ_PRIOMAP uses it (bands, priomap[16]) */
const fqPriomap = struct('tc_prio_qopt', [['bands', s32], ['priomap', bytesOf(16)]] as const);

/** TCA_FQ_*: the TCA_OPTIONS of the fq qdisc: fair queuing with pacing. */
export const fqAttrs = attrs('TCA_FQ_', {
  plimit: [1, 'PLIMIT', u32],
  flowPlimit: [2, 'FLOW_PLIMIT', u32],
  quantum: [3, 'QUANTUM', u32],
  initialQuantum: [4, 'INITIAL_QUANTUM', u32],
  rateEnable: [5, 'RATE_ENABLE', u32],
  flowDefaultRate: [6, 'FLOW_DEFAULT_RATE', u32],
  flowMaxRate: [7, 'FLOW_MAX_RATE', u32],
  /** log2 of the flow hash table's size */
  bucketsLog: [8, 'BUCKETS_LOG', u32],
  flowRefillDelay: [9, 'FLOW_REFILL_DELAY', u32],
  orphanMask: [10, 'ORPHAN_MASK', u32],
  lowRateThreshold: [11, 'LOW_RATE_THRESHOLD', u32],
  ceThreshold: [12, 'CE_THRESHOLD', u32],
  timerSlack: [13, 'TIMER_SLACK', u32],
  horizon: [14, 'HORIZON', u32],
  horizonDrop: [15, 'HORIZON_DROP', u8],
  priomap: [16, 'PRIOMAP', fqPriomap],
  /** FQ_BANDS (3) s32 weights */
  weights: [17, 'WEIGHTS', binary],
  offloadHorizon: [18, 'OFFLOAD_HORIZON', u32],
});
tcKinds.register('fq', fqAttrs);

declare module '../schema.js' {
  interface TcKindCodecs {
    fq: typeof fqAttrs;
  }
}
