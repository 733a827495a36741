/** skbedit (set priority, queue, mark, packet type): TCA_SKBEDIT_*. */
import { attrs } from '../../../netlink/schema.js';
import { binary, u16, u32, u64 } from '../../../netlink/types.js';
import { actionKinds, tcfT } from '../schema.js';
import { tcGenStruct } from './common.js';

/** struct tc_skbedit */
export const tcSkbedit = tcGenStruct('tc_skbedit', [] as const);
/**
 * TCA_SKBEDIT_*: the options of the skbedit action, which sets packet metadata (`action skbedit
 * mark M priority P queue_mapping Q`).
 */
export const skbeditAttrs = attrs('TCA_SKBEDIT_', {
  tm: [1, 'TM', tcfT],
  parms: [2, 'PARMS', tcSkbedit],
  priority: [3, 'PRIORITY', u32],
  queueMapping: [4, 'QUEUE_MAPPING', u16],
  mark: [5, 'MARK', u32],
  pad: [6, 'PAD', binary],
  ptype: [7, 'PTYPE', u16],
  mask: [8, 'MASK', u32],
  /** SKBEDIT_F_INHERITDSFIELD (0x20), SKBEDIT_F_TXQ_SKBHASH (0x40) */
  flags: [9, 'FLAGS', u64],
  queueMappingMax: [10, 'QUEUE_MAPPING_MAX', u16],
});
actionKinds.register('skbedit', skbeditAttrs);

declare module '../schema.js' {
  interface ActionKindCodecs {
    skbedit: typeof skbeditAttrs;
  }
}
