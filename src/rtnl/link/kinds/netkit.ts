/**
 * netkit (IFLA_NETKIT_*, linux/if_link.h): a BPF-programmable device pair; the peer is
 * a whole ifinfomsg + IFLA_* in IFLA_NETKIT_PEER_INFO.
 */
import { enumOf } from '../../../netlink/enums.js';
import { attrs } from '../../../netlink/schema.js';
import { u16, u32, u8 } from '../../../netlink/types.js';
import { NETKIT_MODE, NETKIT_PAIRING, NETKIT_POLICY, NETKIT_SCRUB } from '../constants.js';
import { peerMessage } from '../registry.js';
import { schemaKind } from './kind.js';

/** IFLA_NETKIT_* */
export const netkitAttrs = attrs('IFLA_NETKIT_', {
  peerInfo: [1, 'PEER_INFO', peerMessage],
  primary: [2, 'PRIMARY', u8],
  policy: [3, 'POLICY', enumOf(u32, NETKIT_POLICY)],
  peerPolicy: [4, 'PEER_POLICY', enumOf(u32, NETKIT_POLICY)],
  mode: [5, 'MODE', enumOf(u32, NETKIT_MODE)],
  scrub: [6, 'SCRUB', enumOf(u32, NETKIT_SCRUB)],
  peerScrub: [7, 'PEER_SCRUB', enumOf(u32, NETKIT_SCRUB)],
  headroom: [8, 'HEADROOM', u16],
  tailroom: [9, 'TAILROOM', u16],
  pairing: [10, 'PAIRING', enumOf(u32, NETKIT_PAIRING)],
});

/** `ip link add NAME type netkit`: options are the IFLA_INFO_DATA attributes. */
export const netkit = schemaKind(['netkit'] as const, netkitAttrs, { pair: true });
