/** gact (generic actions: pass, drop, ...; optionally random): TCA_GACT_*. */
import { attrs, struct } from '../../../netlink/schema.js';
import { binary, s32, u16 } from '../../../netlink/types.js';
import { actionKinds, tcfT } from '../schema.js';
import { tcGenStruct } from './common.js';

/** struct tc_gact */
export const tcGact = tcGenStruct('tc_gact', [] as const);
/** struct tc_gact_p: PGACT_NETRAND (1) / PGACT_DETERM (2), the value, the other verdict. */
export const tcGactP = struct('tc_gact_p', [
  ['ptype', u16],
  ['pval', u16],
  ['paction', s32],
] as const);
/**
 * TCA_GACT_*: the options of the gact action, which a generic verdict (`action drop|pass|...`,
 * with `random` for a probabilistic one).
 */
export const gactAttrs = attrs('TCA_GACT_', {
  tm: [1, 'TM', tcfT],
  parms: [2, 'PARMS', tcGact],
  prob: [3, 'PROB', tcGactP],
  pad: [4, 'PAD', binary],
});
actionKinds.register('gact', gactAttrs);

declare module '../schema.js' {
  interface ActionKindCodecs {
    gact: typeof gactAttrs;
  }
}
