/** fw (firewall mark classifier): TCA_FW_*. */
import { attrs } from '../../../netlink/schema.js';
import { string, u32 } from '../../../netlink/types.js';
import { policeAttrs } from '../action/police.js';
import { actionList, tcKinds } from '../schema.js';

/** TCA_FW_*: the options of the fw filter, which matches the firewall mark (`handle M fw`). */
export const fwAttrs = attrs('TCA_FW_', {
  classid: [1, 'CLASSID', u32],
  police: [2, 'POLICE', policeAttrs],
  indev: [3, 'INDEV', string()],
  act: [4, 'ACT', actionList],
  mask: [5, 'MASK', u32],
});
tcKinds.register('fw', fwAttrs);

declare module '../schema.js' {
  interface TcKindCodecs {
    fw: typeof fwAttrs;
  }
}
