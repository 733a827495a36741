/**
 * The IFLA_INFO_DATA / IFLA_INFO_SLAVE_DATA registries (by link kind), and a late-bound
 * reference to the link message codec for nested peers (veth, vxcan, netkit). Kept apart from
 * the schemas so that modules can register kinds without import cycles.
 */
import type { Codec } from '../../netlink/codec.js';
import { Registry } from '../../netlink/schema.js';
import { lazy } from './codecs.js';

/**
 * The IFLA_INFO_DATA codec of each link kind, for the type checker. A kind module adds its entry
 * by declaration merging next to its runtime registration, so that IFLA_LINKINFO decodes to a
 * discriminated union (`{ kind: 'vxlan'; data?: vxlan's attributes } | ...`):
 *
 *   declare module './registry.js' { interface LinkKindCodecs { vxlan: typeof vxlanAttrs } }
 *   linkKinds.register('vxlan', vxlanAttrs); // the codec must be the type named above
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface LinkKindCodecs {}
/** The IFLA_INFO_SLAVE_DATA codec of each slave kind, extended the same way. */
export interface SlaveKindCodecs {}

/** IFLA_INFO_DATA schemas by IFLA_INFO_KIND ('veth', 'bridge', 'vxlan'...). */
export const linkKinds = new Registry<string, LinkKindCodecs>('link kinds (IFLA_INFO_DATA)');
/** IFLA_INFO_SLAVE_DATA schemas by IFLA_INFO_SLAVE_KIND ('bridge', 'bond', 'vrf'). */
export const slaveKinds = new Registry<string, SlaveKindCodecs>('slave kinds (IFLA_INFO_SLAVE_DATA)');

let peerMessageCodec: Codec<unknown> | undefined;
/** Called once by attrs.ts with the link message codec (ifinfomsg + IFLA_*). */
export function setPeerMessageCodec(codec: Codec<unknown>): void {
  peerMessageCodec = codec;
}
/** ifinfomsg + IFLA_* nested in an attribute (VETH_INFO_PEER, IFLA_NETKIT_PEER_INFO...). */
export const peerMessage: Codec<unknown> = lazy(() => {
  if (!peerMessageCodec) throw new Error('link message codec not initialised (import src/rtnl/link/index.js)');
  return peerMessageCodec;
}, 'ifinfomsg + link-attrs');
