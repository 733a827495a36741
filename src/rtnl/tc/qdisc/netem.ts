/** netem (network emulator): struct tc_netem_qopt followed by nested TCA_NETEM_* (nla_parse_nested_compat). */
import { attrs, message, struct } from '../../../netlink/schema.js';
import { binary, s32, s64, u32, u64 } from '../../../netlink/types.js';
import { tcKinds } from '../schema.js';

/** struct tc_netem_qopt. Probabilities are fractions of 2^32-1 (0 none, ~0 always). */
export const tcNetemQopt = struct('tc_netem_qopt', [
  /** added delay in psched ticks (64 ns) */
  ['latency', u32],
  /** fifo limit in packets */
  ['limit', u32],
  ['loss', u32],
  /** re-ordering gap (0 for none) */
  ['gap', u32],
  ['duplicate', u32],
  ['jitter', u32],
] as const);
const probCorr = (name: string) => struct(name, [['probability', u32], ['correlation', u32]] as const);
/** struct tc_netem_corr */
export const tcNetemCorr = struct('tc_netem_corr', [
  ['delayCorr', u32],
  ['lossCorr', u32],
  ['dupCorr', u32],
] as const);
/** struct tc_netem_rate */
export const tcNetemRate = struct('tc_netem_rate', [
  ['rate', u32],
  ['packetOverhead', s32],
  ['cellSize', u32],
  ['cellOverhead', s32],
] as const);
/** struct tc_netem_slot */
export const tcNetemSlot = struct('tc_netem_slot', [
  ['minDelay', s64],
  ['maxDelay', s64],
  ['maxPackets', s32],
  ['maxBytes', s32],
  ['distDelay', s64],
  ['distJitter', s64],
] as const);
/** NETEM_LOSS_*: the Gilbert-Intuitive (4-state) and Gilbert-Elliot loss models. */
export const netemLossAttrs = attrs('NETEM_LOSS_', {
  gi: [1, 'GI', struct('tc_netem_gimodel', [['p13', u32], ['p31', u32], ['p32', u32], ['p14', u32], ['p23', u32]] as const)],
  ge: [2, 'GE', struct('tc_netem_gemodel', [['p', u32], ['r', u32], ['h', u32], ['k1', u32]] as const)],
});
/** TCA_NETEM_*, in the order iproute2 sends them. */
export const netemAttrs = attrs('TCA_NETEM_', {
  corr: [1, 'CORR', tcNetemCorr],
  reorder: [3, 'REORDER', probCorr('tc_netem_reorder')],
  ecn: [7, 'ECN', u32],
  corrupt: [4, 'CORRUPT', probCorr('tc_netem_corrupt')],
  slot: [12, 'SLOT', tcNetemSlot],
  loss: [5, 'LOSS', netemLossAttrs, { nestedFlag: true }],
  rate64: [8, 'RATE64', u64],
  rate: [6, 'RATE', tcNetemRate],
  delayDist: [2, 'DELAY_DIST', binary],
  slotDist: [13, 'SLOT_DIST', binary],
  /** delay in ns (overrides the 32-bit tick value) */
  latency64: [10, 'LATENCY64', s64],
  jitter64: [11, 'JITTER64', s64],
  prngSeed: [14, 'PRNG_SEED', u64],
  pad: [9, 'PAD', binary],
});
/** `{ header: tc_netem_qopt, attrs: TCA_NETEM_* }` */
export const netemMessage = message(tcNetemQopt, netemAttrs);
tcKinds.register('netem', netemMessage);

declare module '../schema.js' {
  interface TcKindCodecs {
    netem: typeof netemMessage;
  }
}
