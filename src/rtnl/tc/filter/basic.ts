/** basic (ematch-based classifier): TCA_BASIC_*. The ematch tree stays bytes. */
import { attrs, struct } from '../../../netlink/schema.js';
import { binary, u32, u64 } from '../../../netlink/types.js';
import { policeAttrs } from '../action/police.js';
import { actionList, tcKinds } from '../schema.js';

/**
 * TCA_BASIC_*: the options of the basic filter, which matches by ematch expressions (`basic match
 * ...`).
 */
export const basicAttrs = attrs('TCA_BASIC_', {
  classid: [1, 'CLASSID', u32],
  /** TCA_EMATCH_TREE_* (kept as bytes) */
  ematches: [2, 'EMATCHES', binary],
  act: [3, 'ACT', actionList],
  police: [4, 'POLICE', policeAttrs],
  /** struct tc_basic_pcnt */
  pcnt: [5, 'PCNT', struct('tc_basic_pcnt', [['rcnt', u64], ['rhit', u64]] as const)],
  pad: [6, 'PAD', binary],
});
tcKinds.register('basic', basicAttrs);

declare module '../schema.js' {
  interface TcKindCodecs {
    basic: typeof basicAttrs;
  }
}
