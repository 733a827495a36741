/** matchall: TCA_MATCHALL_* (every packet matches; the actions do the work). */
import { attrs, struct } from '../../../netlink/schema.js';
import { binary, u32, u64 } from '../../../netlink/types.js';
import { actionList, tcKinds } from '../schema.js';

/**
 * TCA_MATCHALL_*: the options of the matchall filter, which matches every packet (`matchall action
 * ...`).
 */
export const matchallAttrs = attrs('TCA_MATCHALL_', {
  classid: [1, 'CLASSID', u32],
  act: [2, 'ACT', actionList],
  flags: [3, 'FLAGS', u32],
  /** struct tc_matchall_pcnt */
  pcnt: [4, 'PCNT', struct('tc_matchall_pcnt', [['rhit', u64]] as const)],
  pad: [5, 'PAD', binary],
});
tcKinds.register('matchall', matchallAttrs);

declare module '../schema.js' {
  interface TcKindCodecs {
    matchall: typeof matchallAttrs;
  }
}
