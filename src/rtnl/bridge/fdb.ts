/**
 * Forwarding database entries: the requests of `bridge fdb add|append|replace|del|get|flush|show`
 * (iproute2 6.1 bridge/fdb.c). An entry is an AF_BRIDGE neighbour (struct ndmsg + NDA_* of
 * linux/neighbour.h): NDA_LLADDR the MAC, ndm_ifindex the port (or vxlan device), NTF_MASTER /
 * NTF_SELF which table, NUD_* how it ages. Interface indexes, not names.
 */
import { NLM_F_ACK, NLM_F_APPEND, NLM_F_BULK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_REPLACE, NLM_F_REQUEST } from '../../netlink/constants.js';
import { flagNamesOf, flagWordOf } from '../../netlink/enums.js';
import { ValidationError } from '../../netlink/errors.js';
import type { Request } from '../../netlink/message.js';
import { AF_BRIDGE, NTF, NUD, RTM_DELNEIGH, RTM_GETNEIGH, RTM_NEWNEIGH } from '../constants.js';
import type { NudStateName } from '../neigh/requests.js';
import type { NeighAttrs, NeighHeader, NeighMessage } from '../neigh/schema.js';
import { checkInt, checkKeys, checkMac, parseAddress } from '../validate.js';

/**
 * How an entry ages, as `bridge fdb add` spells it: `permanent` (NUD_PERMANENT: a local
 * address, the default), `static` (NUD_NOARP: never ages), `dynamic` (NUD_REACHABLE: ages like a
 * learned one); or the NUD_* states themselves.
 */
export type FdbState = 'permanent' | 'static' | 'dynamic' | NudStateName[];

/** `bridge fdb { add | append | replace | del } LLADDR dev DEV [master] [self] [static] [vlan VID] [dst IP] ...` */
export interface FdbOptions {
  /** NDA_LLADDR: the MAC address. */
  lladdr: string;
  /** ndm_ifindex: the bridge port, or the vxlan device. */
  dev: number;
  /** NTF_MASTER (`master`): the entry of the master bridge's table. */
  master?: boolean;
  /** NTF_SELF (`self`): the device's own table (the default when neither is given). */
  self?: boolean;
  /** ndm_state; default `permanent`. */
  state?: FdbState;
  /** NDA_VLAN (`vlan VID`): 1..4094 (the kernel answers EINVAL for others). */
  vlan?: number;
  /** NDA_DST (`dst IP`): the remote VTEP of a vxlan entry. */
  dst?: string;
  /** NDA_PORT (`port PORT`): the remote UDP port of a vxlan entry. */
  port?: number;
  /** NDA_VNI (`vni VNI`): the remote VNI of a vxlan entry. */
  vni?: number;
  /** NDA_SRC_VNI (`src_vni VNI`): the entry's VNI on a collect-metadata vxlan device. */
  srcVni?: number;
  /** NDA_IFINDEX (`via DEV`): the device (ifindex) that reaches the remote VTEP. */
  via?: number;
  /** NDA_NH_ID (`nhid ID`): a nexthop group instead of dst/port/vni. */
  nhid?: number;
  /** NTF_ROUTER (`router`) */
  router?: boolean;
  /** NTF_USE (`use`): refresh the entry as if a packet used it. */
  use?: boolean;
  /** NTF_EXT_LEARNED (`extern_learn`) */
  externLearn?: boolean;
  /** NTF_STICKY (`sticky`): the entry never moves to another port. */
  sticky?: boolean;
}

/** The option keys of FdbOptions. */
export const FDB_OPTION_KEYS = [
  'lladdr', 'dev', 'master', 'self', 'state', 'vlan', 'dst', 'port', 'vni', 'srcVni', 'via', 'nhid', 'router', 'use',
  'externLearn', 'sticky',
] as const satisfies ReadonlyArray<keyof FdbOptions>;

/** The NUD_* word of an FdbState. */
export function fdbStateWord(state: FdbState | undefined): number {
  if (state === undefined || state === 'permanent') return NUD.value('NOARP') | NUD.value('PERMANENT');
  // bridge/fdb.c: `static` keeps the NUD_NOARP it starts with and adds NUD_REACHABLE.
  if (state === 'static') return NUD.value('NOARP') | NUD.value('REACHABLE');
  if (state === 'dynamic') return NUD.value('REACHABLE');
  if (Array.isArray(state)) {
    try {
      return flagWordOf(NUD, state);
    } catch {
      throw new ValidationError(`state: unknown NUD state in ${JSON.stringify(state)}`, 'state');
    }
  }
  throw new ValidationError(`state must be "permanent", "static", "dynamic" or a list of NUD states, got ${JSON.stringify(state)}`, 'state');
}

function checkIndex(v: unknown, field: string): number {
  checkInt(v, field, 1, 0x7fffffff);
  return v;
}

/** The body of an fdb add / append / replace / delete request, in bridge/fdb.c's attribute order. */
export function fdbBody(opts: FdbOptions): NeighMessage {
  checkKeys(opts, FDB_OPTION_KEYS, 'fdb');
  const lladdr = checkMac(opts.lladdr, 'lladdr');
  if (lladdr.split(':').length !== 6) throw new ValidationError(`lladdr: a MAC address has 6 bytes, got ${JSON.stringify(opts.lladdr)}`, 'lladdr');
  const dev = checkIndex(opts.dev, 'dev');
  if (opts.nhid !== undefined && (opts.dst !== undefined || opts.port !== undefined || opts.vni !== undefined)) {
    throw new ValidationError('nhid: dst, port and vni are mutually exclusive with nhid', 'nhid');
  }
  let flags =
    (opts.self ? NTF.value('self') : 0) |
    (opts.master ? NTF.value('master') : 0) |
    (opts.router ? NTF.value('router') : 0) |
    (opts.use ? NTF.value('use') : 0) |
    (opts.externLearn ? NTF.value('extern_learn') : 0) |
    (opts.sticky ? NTF.value('sticky') : 0);
  // Neither table named: the device's own, as bridge assumes.
  if (!(flags & (NTF.value('self') | NTF.value('master')))) flags |= NTF.value('self');
  const attrs: NeighAttrs = { lladdr };
  if (opts.dst !== undefined) attrs.dst = parseAddress(opts.dst, 'dst').address;
  if (opts.vlan !== undefined) {
    // The field's width: the kernel itself refuses VLAN 0 and ids from 4095 (EINVAL).
    checkInt(opts.vlan, 'vlan', 0, 0xffff);
    attrs.vlan = opts.vlan;
  }
  if (opts.nhid !== undefined) {
    checkInt(opts.nhid, 'nhid', 1, 0xffffffff);
    attrs.nhId = opts.nhid;
  }
  if (opts.port !== undefined) {
    checkInt(opts.port, 'port', 0, 0xffff);
    attrs.port = opts.port;
  }
  if (opts.vni !== undefined) {
    checkInt(opts.vni, 'vni', 0, 0xffffff);
    attrs.vni = opts.vni;
  }
  if (opts.srcVni !== undefined) {
    checkInt(opts.srcVni, 'srcVni', 0, 0xffffff);
    attrs.srcVni = opts.srcVni;
  }
  if (opts.via !== undefined) attrs.ifindex = checkIndex(opts.via, 'via');
  const header: NeighHeader = {
    family: AF_BRIDGE,
    ifindex: dev,
    state: flagNamesOf(NUD, fdbStateWord(opts.state)),
    flags: flagNamesOf(NTF, flags),
    type: 'unspec',
  };
  return { header, attrs };
}

/** `bridge fdb add`: RTM_NEWNEIGH, CREATE|EXCL. */
export function fdbAdd(opts: FdbOptions): Request<NeighMessage> {
  return { type: RTM_NEWNEIGH, flags: NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, body: fdbBody(opts) };
}
/** `bridge fdb append`: RTM_NEWNEIGH, CREATE|APPEND (one more remote of a vxlan entry). */
export function fdbAppend(opts: FdbOptions): Request<NeighMessage> {
  return { type: RTM_NEWNEIGH, flags: NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_APPEND, body: fdbBody(opts) };
}
/** `bridge fdb replace`: RTM_NEWNEIGH, CREATE|REPLACE. */
export function fdbReplace(opts: FdbOptions): Request<NeighMessage> {
  return { type: RTM_NEWNEIGH, flags: NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE, body: fdbBody(opts) };
}
/** `bridge fdb del`: RTM_DELNEIGH. */
export function fdbDelete(opts: FdbOptions): Request<NeighMessage> {
  return { type: RTM_DELNEIGH, flags: NLM_F_REQUEST | NLM_F_ACK, body: fdbBody(opts) };
}

/** `bridge fdb show [br BRDEV] [brport DEV]`: the kernel-side filters. */
export interface FdbDumpOptions {
  /** ndm_ifindex: entries of this port (or device) only. */
  dev?: number;
  /** NDA_MASTER: entries of this bridge's ports only. */
  master?: number;
}

/** `bridge fdb show`: RTM_GETNEIGH dump of AF_BRIDGE (rtnl_neighdump_req with bridge's strict filter). */
export function fdbDump(opts: FdbDumpOptions = {}): Request<NeighMessage> {
  checkKeys(opts, ['dev', 'master'], 'fdb dump');
  const attrs: NeighAttrs = {};
  if (opts.master !== undefined) attrs.master = checkIndex(opts.master, 'master');
  const header: NeighHeader = { family: AF_BRIDGE, ifindex: opts.dev === undefined ? 0 : checkIndex(opts.dev, 'dev'), state: [], flags: [], type: 'unspec' };
  return { type: RTM_GETNEIGH, flags: NLM_F_REQUEST | NLM_F_DUMP, body: { header, attrs } };
}

/** `bridge fdb get LLADDR { br BRDEV | brport DEV } [vlan VID] [vni VNI] [self] [master]` */
export interface FdbGetOptions {
  /** NDA_LLADDR */
  lladdr: string;
  /** ndm_ifindex: the port. */
  dev?: number;
  /** NDA_MASTER: the bridge. */
  master?: number;
  /** NDA_VLAN */
  vlan?: number;
  /** NDA_VNI */
  vni?: number;
  /** NTF_SELF */
  self?: boolean;
  /** NTF_MASTER (the flag, not the bridge) */
  masterTable?: boolean;
}

/** `bridge fdb get`: RTM_GETNEIGH for one entry (answered with it, or ENOENT). */
export function fdbGet(opts: FdbGetOptions): Request<NeighMessage> {
  checkKeys(opts, ['lladdr', 'dev', 'master', 'vlan', 'vni', 'self', 'masterTable'], 'fdb get');
  if (opts.dev === undefined && opts.master === undefined) throw new ValidationError('dev: a port (dev) or a bridge (master) is required', 'dev');
  const attrs: NeighAttrs = { lladdr: checkMac(opts.lladdr, 'lladdr') };
  if (opts.vlan !== undefined) {
    checkInt(opts.vlan, 'vlan', 0, 4095);
    attrs.vlan = opts.vlan;
  }
  if (opts.vni !== undefined) {
    checkInt(opts.vni, 'vni', 0, 0xffffff);
    attrs.vni = opts.vni;
  }
  if (opts.master !== undefined) attrs.master = checkIndex(opts.master, 'master');
  const flags = (opts.self ? NTF.value('self') : 0) | (opts.masterTable ? NTF.value('master') : 0);
  const header: NeighHeader = {
    family: AF_BRIDGE,
    ifindex: opts.dev === undefined ? 0 : checkIndex(opts.dev, 'dev'),
    state: [],
    flags: flagNamesOf(NTF, flags),
    type: 'unspec',
  };
  return { type: RTM_GETNEIGH, flags: NLM_F_REQUEST, body: { header, attrs } };
}

/**
 * `bridge fdb flush dev DEV [brport DEV] [vlan VID] [self] [master] [[no]permanent | [no]static |
 * [no]dynamic] ...`: one RTM_DELNEIGH with NLM_F_BULK; the kernel deletes the entries whose
 * state and flags, under NDA_NDM_STATE_MASK / NDA_NDM_FLAGS_MASK, equal ndm_state / ndm_flags.
 */
export interface FdbFlushOptions {
  /** ndm_ifindex: the bridge (or device) whose table is flushed. */
  dev: number;
  /** NDA_IFINDEX: entries of this port only. */
  port?: number;
  /** NDA_VLAN */
  vlan?: number;
  /** NTF_SELF / NTF_MASTER: which table (self when neither). */
  self?: boolean;
  master?: boolean;
  /** ndm_state and NDA_NDM_STATE_MASK: the NUD_* bits that must be set (state) among those compared (mask). */
  state?: number;
  stateMask?: number;
  /** ndm_flags and NDA_NDM_FLAGS_MASK: the NTF_* bits that must be set among those compared. */
  flags?: number;
  flagsMask?: number;
}

/** `bridge fdb flush`: RTM_DELNEIGH with NLM_F_BULK. */
export function fdbFlush(opts: FdbFlushOptions): Request<NeighMessage> {
  checkKeys(opts, ['dev', 'port', 'vlan', 'self', 'master', 'state', 'stateMask', 'flags', 'flagsMask'], 'fdb flush');
  let flags = (opts.flags ?? 0) | (opts.self ? NTF.value('self') : 0) | (opts.master ? NTF.value('master') : 0);
  if (!(flags & (NTF.value('self') | NTF.value('master')))) flags |= NTF.value('self');
  checkInt(flags, 'flags', 0, 0xff);
  const attrs: NeighAttrs = {};
  if (opts.port !== undefined) attrs.ifindex = checkIndex(opts.port, 'port');
  if (opts.vlan !== undefined) {
    checkInt(opts.vlan, 'vlan', 0, 4095);
    attrs.vlan = opts.vlan;
  }
  if (opts.flagsMask) {
    checkInt(opts.flagsMask, 'flagsMask', 0, 0xff);
    attrs.ndmFlagsMask = flagNamesOf(NTF, opts.flagsMask);
  }
  if (opts.stateMask) {
    checkInt(opts.stateMask, 'stateMask', 0, 0xffff);
    attrs.ndmStateMask = flagNamesOf(NUD, opts.stateMask);
  }
  const state = opts.state ?? 0;
  checkInt(state, 'state', 0, 0xffff);
  const header: NeighHeader = { family: AF_BRIDGE, ifindex: checkIndex(opts.dev, 'dev'), state: flagNamesOf(NUD, state), flags: flagNamesOf(NTF, flags), type: 'unspec' };
  return { type: RTM_DELNEIGH, flags: NLM_F_REQUEST | NLM_F_ACK | NLM_F_BULK, body: { header, attrs } };
}
