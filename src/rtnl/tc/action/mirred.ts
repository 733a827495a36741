/** mirred (mirror or redirect to a device): TCA_MIRRED_*. */
import { defineEnum, enumOf } from '../../../netlink/enums.js';
import { attrs } from '../../../netlink/schema.js';
import { binary, s32, u32 } from '../../../netlink/types.js';
import { actionKinds, tcfT } from '../schema.js';
import { tcGenStruct } from './common.js';

/** TCA_EGRESS_REDIR ... TCA_INGRESS_MIRROR */
export const MIRRED_EACTION = defineEnum('TCA_', { egress_redir: 1, egress_mirror: 2, ingress_redir: 3, ingress_mirror: 4 });
/** struct tc_mirred */
export const tcMirred = tcGenStruct('tc_mirred', [
  ['eaction', enumOf(s32, MIRRED_EACTION)],
  ['ifindex', u32],
] as const);
/**
 * TCA_MIRRED_*: the options of the mirred action, which mirrors or redirects to a device (`action
 * mirred egress redirect dev D`).
 */
export const mirredAttrs = attrs('TCA_MIRRED_', {
  tm: [1, 'TM', tcfT],
  parms: [2, 'PARMS', tcMirred],
  pad: [3, 'PAD', binary],
  blockid: [4, 'BLOCKID', u32],
});
actionKinds.register('mirred', mirredAttrs);

declare module '../schema.js' {
  interface ActionKindCodecs {
    mirred: typeof mirredAttrs;
  }
}
