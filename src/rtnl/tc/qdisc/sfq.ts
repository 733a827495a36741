/** sfq (stochastic fairness queueing): TCA_OPTIONS is struct tc_sfq_qopt_v1 (or the older tc_sfq_qopt). */
import { struct } from '../../../netlink/schema.js';
import { s32, u32, u8 } from '../../../netlink/types.js';
import { tcKinds } from '../schema.js';

/** struct tc_sfq_qopt_v1 (v0 fields first; a 20-byte tc_sfq_qopt decodes too) */
export const tcSfqQopt = struct('tc_sfq_qopt_v1', [
  ['quantum', u32],
  ['perturbPeriod', s32],
  ['limit', u32],
  ['divisor', u32],
  ['flows', u32],
  ['depth', u32],
  ['headdrop', u32],
  /** hard per-flow limit in bytes (RED) */
  ['redLimit', u32],
  ['qthMin', u32],
  ['qthMax', u32],
  ['wlog', u8],
  ['plog', u8],
  ['scellLog', u8],
  ['flags', u8],
  ['maxP', u32],
  ['probDrop', u32],
  ['forcedDrop', u32],
  ['probMark', u32],
  ['forcedMark', u32],
  ['probMarkHead', u32],
  ['forcedMarkHead', u32],
] as const, { minSize: 20 });
tcKinds.register('sfq', tcSfqQopt);

declare module '../schema.js' {
  interface TcKindCodecs {
    sfq: typeof tcSfqQopt;
  }
}
