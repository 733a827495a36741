/**
 * Bridge ports: the requests of `bridge link set` and `bridge link show` (iproute2 6.1
 * bridge/link.c). A port's settings travel as IFLA_BRPORT_* inside IFLA_PROTINFO of an AF_BRIDGE
 * RTM_SETLINK (linux/if_link.h); IFLA_AF_SPEC carries IFLA_BRIDGE_FLAGS (self / master) and
 * IFLA_BRIDGE_MODE (hwmode) of linux/if_bridge.h. Interface indexes, not names.
 */
import { NLM_F_ACK, NLM_F_DUMP, NLM_F_REQUEST } from '../../netlink/constants.js';
import { flagNamesOf } from '../../netlink/enums.js';
import { ValidationError } from '../../netlink/errors.js';
import type { Request } from '../../netlink/message.js';
import { AF_BRIDGE, RTM_GETLINK, RTM_SETLINK } from '../constants.js';
import type { IfInfoMsg, LinkAttrs, LinkMessageBody } from '../link/attrs.js';
import { BR_STATE, BRIDGE_FLAGS, BRIDGE_MODE, IFF } from '../link/constants.js';
import type { bridgePortAttrs } from '../link/kinds/bridge.js';
import type { ValueOf } from '../../netlink/codec.js';
import { checkInt, checkKeys } from '../validate.js';

/** A spanning-tree port state (BR_STATE_*), as `bridge link` prints it. */
export type BridgePortState = 'disabled' | 'listening' | 'learning' | 'forwarding' | 'blocking';

/**
 * `bridge link set dev DEV [cost N] [priority N] [state S] [guard on|off] [hairpin on|off] ...`:
 * the settings of one bridge port. Booleans are iproute2's `on` / `off`.
 */
export interface BridgePortOptions {
  /** IFLA_BRPORT_COST (`cost`): the STP path cost, 1..2^32-1. */
  cost?: number;
  /** IFLA_BRPORT_PRIORITY (`priority`): the STP port priority, 0..65535. */
  priority?: number;
  /** IFLA_BRPORT_STATE (`state`): by name or BR_STATE_* number. */
  state?: BridgePortState | number;
  /** IFLA_BRPORT_GUARD (`guard`): BPDU guard. */
  guard?: boolean;
  /** IFLA_BRPORT_MODE (`hairpin`): send frames back out of the port they came in on. */
  hairpin?: boolean;
  /** IFLA_BRPORT_FAST_LEAVE (`fastleave`) */
  fastLeave?: boolean;
  /** IFLA_BRPORT_PROTECT (`root_block`) */
  rootBlock?: boolean;
  /** IFLA_BRPORT_UNICAST_FLOOD (`flood`) */
  flood?: boolean;
  /** IFLA_BRPORT_MULTICAST_ROUTER (`mcast_router`): 0 disabled, 1 temporary (default), 2 permanent, 3 temporary without timer. */
  mcastRouter?: number;
  /** IFLA_BRPORT_MCAST_FLOOD (`mcast_flood`) */
  mcastFlood?: boolean;
  /** IFLA_BRPORT_BCAST_FLOOD (`bcast_flood`) */
  bcastFlood?: boolean;
  /** IFLA_BRPORT_MCAST_TO_UCAST (`mcast_to_unicast`) */
  mcastToUnicast?: boolean;
  /** IFLA_BRPORT_LEARNING (`learning`) */
  learning?: boolean;
  /** IFLA_BRPORT_LEARNING_SYNC (`learning_sync`) */
  learningSync?: boolean;
  /** IFLA_BRPORT_NEIGH_SUPPRESS (`neigh_suppress`) */
  neighSuppress?: boolean;
  /** IFLA_BRPORT_VLAN_TUNNEL (`vlan_tunnel`) */
  vlanTunnel?: boolean;
  /** IFLA_BRPORT_ISOLATED (`isolated`) */
  isolated?: boolean;
  /** IFLA_BRPORT_LOCKED (`locked`) */
  locked?: boolean;
  /** IFLA_BRPORT_BACKUP_PORT (`backup_port DEV`): the backup port's ifindex; 0 removes it (`nobackup_port`). */
  backupPort?: number;
  /** IFLA_BRIDGE_MODE (`hwmode veb|vepa`); implies `self`. */
  hwmode?: 'veb' | 'vepa';
  /** BRIDGE_FLAGS_SELF (`self`): the device's own (hardware) bridge. */
  self?: boolean;
  /** BRIDGE_FLAGS_MASTER (`master`): the master bridge (the kernel's default). */
  master?: boolean;
}

/** The option keys of BridgePortOptions. */
export const BRIDGE_PORT_OPTION_KEYS = [
  'cost', 'priority', 'state', 'guard', 'hairpin', 'fastLeave', 'rootBlock', 'flood', 'mcastRouter', 'mcastFlood',
  'bcastFlood', 'mcastToUnicast', 'learning', 'learningSync', 'neighSuppress', 'vlanTunnel', 'isolated', 'locked',
  'backupPort', 'hwmode', 'self', 'master',
] as const satisfies ReadonlyArray<keyof BridgePortOptions>;

type PortAttrs = ValueOf<typeof bridgePortAttrs>;

/** The on/off settings: option key → IFLA_BRPORT_* key (each a u8 0/1). */
const SWITCHES: ReadonlyArray<readonly [keyof BridgePortOptions, keyof PortAttrs]> = [
  ['guard', 'guard'], ['hairpin', 'mode'], ['fastLeave', 'fastLeave'], ['rootBlock', 'protect'], ['flood', 'unicastFlood'],
  ['mcastFlood', 'mcastFlood'], ['bcastFlood', 'bcastFlood'], ['mcastToUnicast', 'mcastToUcast'], ['learning', 'learning'],
  ['learningSync', 'learningSync'], ['neighSuppress', 'neighSuppress'], ['vlanTunnel', 'vlanTunnel'], ['isolated', 'isolated'],
  ['locked', 'locked'],
];

/** BR_STATE_* of a name or number (a ValidationError for anything else). */
export function bridgePortStateValue(v: unknown, field = 'state'): number {
  if (typeof v === 'number') {
    checkInt(v, field, 0, 255);
    return v;
  }
  if (typeof v === 'string') {
    const n = BR_STATE.values.get(v);
    if (n !== undefined) return n;
  }
  throw new ValidationError(`${field} must be one of disabled, listening, learning, forwarding, blocking or a number, got ${JSON.stringify(v)}`, field);
}

/**
 * `bridge link set dev DEV ...`: RTM_SETLINK for AF_BRIDGE with the port's IFLA_BRPORT_* in
 * IFLA_PROTINFO (sent with NLA_F_NESTED, without which br_setlink reads the attribute as a bare
 * state byte), and IFLA_AF_SPEC when `self`, `master` or `hwmode` is given.
 */
export function bridgePortSet(index: number, opts: BridgePortOptions): Request<LinkMessageBody> {
  checkKeys(opts, BRIDGE_PORT_OPTION_KEYS, 'bridge port');
  checkInt(index, 'dev', 1, 0x7fffffff);
  const port: PortAttrs = {};
  for (const [key, attr] of SWITCHES) {
    const v = opts[key];
    if (v === undefined) continue;
    if (typeof v !== 'boolean') throw new ValidationError(`${key} must be a boolean, got ${JSON.stringify(v)}`, key);
    Object.assign(port, { [attr]: v ? 1 : 0 });
  }
  if (opts.mcastRouter !== undefined) {
    checkInt(opts.mcastRouter, 'mcastRouter', 0, 255);
    port.multicastRouter = opts.mcastRouter;
  }
  if (opts.cost !== undefined) {
    checkInt(opts.cost, 'cost', 1, 0xffffffff);
    port.cost = opts.cost;
  }
  if (opts.priority !== undefined) {
    checkInt(opts.priority, 'priority', 0, 0xffff);
    port.priority = opts.priority;
  }
  if (opts.state !== undefined) port.state = BR_STATE.name(bridgePortStateValue(opts.state));
  if (opts.backupPort !== undefined) {
    checkInt(opts.backupPort, 'backupPort', 0, 0x7fffffff);
    port.backupPort = opts.backupPort;
  }
  const attrs: LinkAttrs = { protinfo: port };
  let flags = (opts.self ? BRIDGE_FLAGS.value('self') : 0) | (opts.master ? BRIDGE_FLAGS.value('master') : 0);
  if (opts.hwmode !== undefined) {
    if (opts.hwmode !== 'veb' && opts.hwmode !== 'vepa') throw new ValidationError(`hwmode must be "veb" or "vepa", got ${JSON.stringify(opts.hwmode)}`, 'hwmode');
    // bridge/link.c: a hardware mode is always a request to the device itself.
    flags |= BRIDGE_FLAGS.value('self');
  }
  if (flags || opts.hwmode !== undefined) {
    attrs.afSpec = {
      ...(flags ? { flags: flagNamesOf(BRIDGE_FLAGS, flags) } : {}),
      ...(opts.hwmode !== undefined ? { mode: BRIDGE_MODE.name(BRIDGE_MODE.value(opts.hwmode)) } : {}),
    };
  }
  const header = { family: AF_BRIDGE, type: 0, index, flags: flagNamesOf(IFF, 0), change: 0 } as IfInfoMsg;
  return { type: RTM_SETLINK, flags: NLM_F_REQUEST | NLM_F_ACK, body: { header, attrs } };
}

/**
 * `bridge link show`: the AF_BRIDGE link dump (rtnl_linkdump_req with PF_BRIDGE: no
 * IFLA_EXT_MASK), which the bridge answers with one message per port.
 */
export function bridgePortDump(): Request<LinkMessageBody> {
  const header = { family: AF_BRIDGE, type: 0, index: 0, flags: flagNamesOf(IFF, 0), change: 0 } as IfInfoMsg;
  return { type: RTM_GETLINK, flags: NLM_F_REQUEST | NLM_F_DUMP, body: { header, attrs: {} } };
}
