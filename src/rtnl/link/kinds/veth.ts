/**
 * veth and vxcan pairs (VETH_INFO_* of linux/veth.h, VXCAN_INFO_* of linux/can/vxcan.h;
 * iproute2 ip/link_veth.c): IFLA_INFO_DATA holds the peer, a whole ifinfomsg + IFLA_*.
 */
import { attrs } from '../../../netlink/schema.js';
import { peerMessage } from '../registry.js';
import { defineKind, type KindArgs, type KindParseContext, type NetnsTarget } from './kind.js';

/** VETH_INFO_* (linux/veth.h) */
export const vethAttrs = attrs('VETH_INFO_', {
  peer: [1, 'PEER', peerMessage],
});

/** VXCAN_INFO_* (linux/can/vxcan.h) */
export const vxcanAttrs = attrs('VXCAN_INFO_', {
  peer: [1, 'PEER', peerMessage],
});


/** The other end of a veth / vxcan pair. */
export interface PeerOptions {
  /** The peer's name; without one the kernel picks it (veth0...). */
  name?: string;
  /** Create the peer directly in this namespace. */
  netns?: NetnsTarget;
  mtu?: number;
  address?: string;
  txqlen?: number;
  alias?: string;
  devGroup?: number;
  up?: boolean;
  /** The peer's ifindex (`peer ... index N`, ifi_index of the peer's ifinfomsg); the kernel picks one otherwise. */
  index?: number;
}

/** `ip link add NAME type veth peer name PEER [netns NS]` */
export interface VethOptions {
  kind: 'veth';
  /** Without `peer` (or its name) the kernel names the peer (`ip link add v0 type veth`). */
  peer?: PeerOptions;
}

/** `ip link add NAME type vxcan peer name PEER` (virtual CAN tunnel pair). */
export interface VxcanOptions {
  kind: 'vxcan';
  peer?: PeerOptions;
}

/** link_veth.c veth_parse_opt: `peer` then iplink_parse of the peer's words. */
function parsePeer(args: KindArgs, ctx: KindParseContext): { peer?: PeerOptions } {
  if (!args.more) return {};
  if (args.cur === 'help') ctx.usage();
  if (args.cur !== 'peer') ctx.usage();
  args.shift();
  const w = ctx.parsePeer(args);
  const peer: PeerOptions = {};
  if (w.name !== undefined) peer.name = w.name;
  if (w.netns !== undefined) peer.netns = w.netns;
  if (w.mtu !== undefined) peer.mtu = w.mtu;
  if (w.address !== undefined) peer.address = w.address;
  if (w.txqlen !== undefined) peer.txqlen = w.txqlen;
  if (w.alias !== undefined) peer.alias = w.alias;
  if (w.devGroup !== undefined) peer.devGroup = w.devGroup;
  if (w.up) peer.up = true;
  if (w.index !== undefined) peer.index = w.index;
  return { peer };
}

const usage = (kind: string): string => `Usage: ip link <options> type ${kind} [peer <options>]\nTo get <options> type 'ip link add help'\n`;

/**
 * veth: the peer is encoded by the API (it may be created in another namespace, which needs a
 * namespace file descriptor), so `encode` adds nothing here.
 */
export const veth = defineKind<'veth', VethOptions, typeof vethAttrs>({
  kinds: ['veth'],
  data: vethAttrs,
  optionKeys: ['peer'],
  pair: true,
  encode: () => ({}),
  parse: parsePeer,
  usage,
  usageOnStdout: true,
});

/**
 * The link kind module of vxcan (a CAN tunnel pair): options to attributes for `link.add()`, the
 * schema of its IFLA_INFO_DATA (VXCAN_INFO_PEER), and how `ip -d link` prints it.
 */
export const vxcan = defineKind<'vxcan', VxcanOptions, typeof vxcanAttrs>({
  kinds: ['vxcan'],
  data: vxcanAttrs,
  optionKeys: ['peer'],
  pair: true,
  encode: () => ({}),
  parse: parsePeer,
  usage,
  usageOnStdout: true,
});
