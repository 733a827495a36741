/** vlan (push, pop or modify a VLAN tag): TCA_VLAN_*. */
import { defineEnum, enumOf } from '../../../netlink/enums.js';
import { attrs } from '../../../netlink/schema.js';
import { be16, binary, mac, s32, u16, u8 } from '../../../netlink/types.js';
import { actionKinds, tcfT } from '../schema.js';
import { tcGenStruct } from './common.js';

/** TCA_VLAN_ACT_* */
export const VLAN_ACT = defineEnum('TCA_VLAN_ACT_', { pop: 1, push: 2, modify: 3, pop_eth: 4, push_eth: 5 });
/** struct tc_vlan */
export const tcVlan = tcGenStruct('tc_vlan', [['vAction', enumOf(s32, VLAN_ACT)]] as const);
/**
 * TCA_VLAN_*: the options of the vlan action, which pushes, pops or modifies a VLAN tag (`action
 * vlan push id N`).
 */
export const vlanActAttrs = attrs('TCA_VLAN_', {
  tm: [1, 'TM', tcfT],
  parms: [2, 'PARMS', tcVlan],
  pushVlanId: [3, 'PUSH_VLAN_ID', u16],
  pushVlanProtocol: [4, 'PUSH_VLAN_PROTOCOL', be16],
  pad: [5, 'PAD', binary],
  pushVlanPriority: [6, 'PUSH_VLAN_PRIORITY', u8],
  pushEthDst: [7, 'PUSH_ETH_DST', mac],
  pushEthSrc: [8, 'PUSH_ETH_SRC', mac],
});
actionKinds.register('vlan', vlanActAttrs);

declare module '../schema.js' {
  interface ActionKindCodecs {
    vlan: typeof vlanActAttrs;
  }
}
