/** fq_codel (fair queuing with controlled delay): TCA_FQ_CODEL_*, in the order iproute2 sends them. Times in microseconds. */
import { attrs } from '../../../netlink/schema.js';
import { u32, u8 } from '../../../netlink/types.js';
import { tcKinds } from '../schema.js';

/**
 * TCA_FQ_CODEL_*: the TCA_OPTIONS of the fq_codel qdisc: fair queuing with CoDel active queue
 * management.
 */
export const fqCodelAttrs = attrs('TCA_FQ_CODEL_', {
  limit: [2, 'LIMIT', u32],
  flows: [5, 'FLOWS', u32],
  quantum: [6, 'QUANTUM', u32],
  interval: [3, 'INTERVAL', u32],
  target: [1, 'TARGET', u32],
  ecn: [4, 'ECN', u32],
  ceThreshold: [7, 'CE_THRESHOLD', u32],
  ceThresholdMask: [11, 'CE_THRESHOLD_MASK', u8],
  ceThresholdSelector: [10, 'CE_THRESHOLD_SELECTOR', u8],
  memoryLimit: [9, 'MEMORY_LIMIT', u32],
  dropBatchSize: [8, 'DROP_BATCH_SIZE', u32],
});
tcKinds.register('fq_codel', fqCodelAttrs);

declare module '../schema.js' {
  interface TcKindCodecs {
    fq_codel: typeof fqCodelAttrs;
  }
}
