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
  flowRefillDelay: [8, 'FLOW_REFILL_DELAY', u32],
  orphanMask: [9, 'ORPHAN_MASK', u32],
  lowRateThreshold: [10, 'LOW_RATE_THRESHOLD', u32],
  ceThreshold: [11, 'CE_THRESHOLD', u32],
  timerSlack: [12, 'TIMER_SLACK', u32],
  horizon: [13, 'HORIZON', u32],
  horizonDrop: [14, 'HORIZON_DROP', u8],
  priomap: [15, 'PRIOMAP', fqPriomap],
  weights: [16, 'WEIGHTS', binary],
  offloadHorizon: [17, 'OFFLOAD_HORIZON', u32],
});
tcKinds.register('fq', fqAttrs);

declare module '../schema.js' {
  interface TcKindCodecs {
    fq: typeof fqAttrs;
  }
}
