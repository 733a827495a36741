/**
 * Neighbour request builders: the Request iproute2 6.1 sends for `ip neigh add|del|replace|change`
 * and the neighbour dump (`ip neigh show`), plus neighbour table dump/set. Interface indexes, not names.
 */
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_REPLACE, NLM_F_REQUEST } from '../../netlink/constants.js';
import { flagNamesOf, flagWordOf } from '../../netlink/enums.js';
import { ValidationError } from '../../netlink/errors.js';
import type { Request } from '../../netlink/message.js';
import {
  AF_UNSPEC,
  NTF,
  NTF_EXT,
  NUD,
  RTM_DELNEIGH,
  RTM_GETNEIGH,
  RTM_GETNEIGHTBL,
  RTM_NEWNEIGH,
  RTM_SETNEIGHTBL,
  RTPROT,
} from '../constants.js';
import { parsePrefix } from '../route/prefix.js';
import type { DumpRequest } from '../route/requests.js';
import type { NeighAttrs, NeighHeader, NeighMessage, NeighTableAttrs, NeighTableMessage, NeighTableParms } from './schema.js';

type Named<E extends { name(v: number): unknown }> = Extract<ReturnType<E['name']>, string> | number;
/** A neighbour state (NUD_*) as `ip neigh` spells it (`REACHABLE`, `STALE`, `PERMANENT`...). */
export type NudStateName = Named<typeof NUD>;
/** A neighbour flag (NTF_*) as `ip neigh` spells it (`router`, `proxy`, `extern_learn`...). */
export type NeighFlagName = Named<typeof NTF>;
/** An extended neighbour flag (NTF_EXT_*, NDA_FLAGS_EXT). */
export type NeighExtFlagName = Named<typeof NTF_EXT>;
/** The protocol that installed a neighbour entry (RTPROT_* names, `proto P`). */
export type NeighProtocolName = Named<typeof RTPROT>;

/** `ip neigh add|del|replace|change [proxy] ADDR [lladdr LL] [nud STATE] [router] [extern_learn] [managed] [protocol P] dev IF` */
export interface NeighOptions {
  /** Neighbour (or proxied) IP address. */
  dst: string;
  /** Interface index. */
  dev: number;
  family?: number;
  /** Link-layer address. */
  lladdr?: string;
  /** NUD state(s); default ['PERMANENT'] (as iproute2). */
  state?: NudStateName[];
  /** A proxy entry (NTF_PROXY). */
  proxy?: boolean;
  /** NTF_ROUTER */
  router?: boolean;
  /** NTF_EXT_LEARNED */
  externLearn?: boolean;
  /** More NTF_* flags. */
  flags?: NeighFlagName[];
  /** NDA_FLAGS_EXT: 'managed'... */
  extFlags?: NeighExtFlagName[];
  /** NDA_PROTOCOL */
  protocol?: NeighProtocolName;
  /** NDA_VLAN, NDA_PORT, NDA_VNI, NDA_MASTER: bridge / vxlan entries. */
  vlan?: number;
  port?: number;
  vni?: number;
  master?: number;
}

/** The body of a neighbour add/replace/change/delete request. */
export function neighBody(opts: NeighOptions): NeighMessage {
  const dst = parsePrefix(opts.dst, opts.family ?? AF_UNSPEC, 'dst');
  if (dst.address === undefined) throw new ValidationError('dst: an address is required', 'dst');
  const flagWord =
    flagWordOf(NTF, opts.flags ?? []) |
    (opts.proxy ? NTF.value('proxy') : 0) |
    (opts.router ? NTF.value('router') : 0) |
    (opts.externLearn ? NTF.value('extern_learn') : 0);
  const attrs: NeighAttrs = { dst: dst.address };
  if (opts.lladdr !== undefined) attrs.lladdr = opts.lladdr;
  if (opts.protocol !== undefined) attrs.protocol = RTPROT.name(RTPROT.value(opts.protocol));
  if (opts.vlan !== undefined) attrs.vlan = opts.vlan;
  if (opts.port !== undefined) attrs.port = opts.port;
  if (opts.vni !== undefined) attrs.vni = opts.vni;
  if (opts.master !== undefined) attrs.master = opts.master;
  if (opts.extFlags?.length) attrs.flagsExt = flagNamesOf(NTF_EXT, flagWordOf(NTF_EXT, opts.extFlags));
  const header: NeighHeader = {
    family: dst.family,
    ifindex: opts.dev,
    state: flagNamesOf(NUD, flagWordOf(NUD, opts.state ?? ['PERMANENT'])),
    flags: flagNamesOf(NTF, flagWord),
    type: 'unspec',
  };
  return { header, attrs };
}

/** `ip neigh add`: RTM_NEWNEIGH, REQUEST|ACK|EXCL|CREATE. */
export function neighAdd(opts: NeighOptions): Request<NeighMessage> {
  return { type: RTM_NEWNEIGH, flags: NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE, body: neighBody(opts) };
}
/** `ip neigh replace`: RTM_NEWNEIGH, REQUEST|ACK|REPLACE|CREATE. */
export function neighReplace(opts: NeighOptions): Request<NeighMessage> {
  return { type: RTM_NEWNEIGH, flags: NLM_F_REQUEST | NLM_F_ACK | NLM_F_REPLACE | NLM_F_CREATE, body: neighBody(opts) };
}
/** `ip neigh change`: RTM_NEWNEIGH, REQUEST|ACK|REPLACE. */
export function neighChange(opts: NeighOptions): Request<NeighMessage> {
  return { type: RTM_NEWNEIGH, flags: NLM_F_REQUEST | NLM_F_ACK | NLM_F_REPLACE, body: neighBody(opts) };
}
/** `ip neigh del`: RTM_DELNEIGH, REQUEST|ACK (state PERMANENT in the header, as iproute2). */
export function neighDelete(opts: NeighOptions): Request<NeighMessage> {
  return { type: RTM_DELNEIGH, flags: NLM_F_REQUEST | NLM_F_ACK, body: neighBody(opts) };
}

/** `ip neigh show [dev IF] [master IF] [proxy] [nud STATE] [-4|-6]` */
export interface NeighDumpOptions {
  /** Kernel filter: ndm_family. */
  family?: number;
  /** Kernel filter: NDA_IFINDEX. */
  dev?: number;
  /** Kernel filter: NDA_MASTER. */
  master?: number;
  /** Dump proxy entries (NTF_PROXY in ndm_flags). */
  proxy?: boolean;
  /** Client-side only: keep entries in any of these states. */
  state?: NudStateName[];
}

/** Neighbour dump: RTM_GETNEIGH, REQUEST|DUMP, filters NDA_IFINDEX / NDA_MASTER / family. */
export function neighDump(opts: NeighDumpOptions = {}): DumpRequest<NeighMessage> {
  const family = opts.family ?? AF_UNSPEC;
  const attrs: NeighAttrs = {};
  if (opts.dev !== undefined) attrs.ifindex = opts.dev;
  if (opts.master !== undefined) attrs.master = opts.master;
  const header: NeighHeader = { family, ifindex: 0, state: [], flags: opts.proxy ? ['proxy'] : [], type: 'unspec' };
  const states = opts.state ? flagWordOf(NUD, opts.state) : undefined;
  return {
    request: { type: RTM_GETNEIGH, flags: NLM_F_REQUEST | NLM_F_DUMP, body: { header, attrs } },
    match(body) {
      if (family !== AF_UNSPEC && body.header.family !== family) return false;
      if (opts.dev !== undefined && body.header.ifindex !== opts.dev) return false;
      if (opts.master !== undefined && body.attrs.master !== opts.master) return false;
      const proxy = (flagWordOf(NTF, body.header.flags) & NTF.value('proxy')) !== 0;
      if (proxy !== !!opts.proxy) return false;
      if (states !== undefined) {
        const s = flagWordOf(NUD, body.header.state);
        if (s === 0 ? states !== 0 : (s & states) === 0) return false;
      }
      return true;
    },
  };
}

/** `ip ntable show [name N] [dev IF]`: RTM_GETNEIGHTBL dump. */
export function neighTableDump(opts: { family?: number; name?: string; dev?: number } = {}): DumpRequest<NeighTableMessage> {
  const family = opts.family ?? AF_UNSPEC;
  return {
    request: { type: RTM_GETNEIGHTBL, flags: NLM_F_REQUEST | NLM_F_DUMP, body: { header: { family }, attrs: {} } },
    match(body) {
      if (family !== AF_UNSPEC && body.header.family !== family) return false;
      if (opts.name !== undefined && body.attrs.name !== opts.name) return false;
      if (opts.dev !== undefined && (body.attrs.parms?.ifindex ?? 0) !== opts.dev) return false;
      return true;
    },
  };
}

/** `ip ntable change name N [dev IF] [thresh1 ...] [PARMS]`: RTM_SETNEIGHTBL, REQUEST|ACK. */
export function neighTableSet(opts: {
  family?: number;
  name: string;
  thresh1?: number;
  thresh2?: number;
  thresh3?: number;
  gcInterval?: bigint;
  parms?: NeighTableParms;
}): Request<NeighTableMessage> {
  const attrs: NeighTableAttrs = { name: opts.name };
  if (opts.thresh1 !== undefined) attrs.thresh1 = opts.thresh1;
  if (opts.thresh2 !== undefined) attrs.thresh2 = opts.thresh2;
  if (opts.thresh3 !== undefined) attrs.thresh3 = opts.thresh3;
  if (opts.gcInterval !== undefined) attrs.gcInterval = opts.gcInterval;
  if (opts.parms !== undefined) attrs.parms = opts.parms;
  return { type: RTM_SETNEIGHTBL, flags: NLM_F_REQUEST | NLM_F_ACK, body: { header: { family: opts.family ?? AF_UNSPEC }, attrs } };
}
