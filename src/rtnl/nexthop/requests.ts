/**
 * Nexthop request builders: the Requests iproute2 6.1 sends for `ip nexthop add|replace|del|get`,
 * the nexthop dump with its kernel-side filters (NHA_OIF, NHA_GROUPS, NHA_MASTER, NHA_FDB) and
 * the bucket dump / get of resilient groups.
 */
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_REPLACE, NLM_F_REQUEST } from '../../netlink/constants.js';
import { ValidationError } from '../../netlink/errors.js';
import type { Request } from '../../netlink/message.js';
import {
  AF_INET,
  AF_UNSPEC,
  RTM_DELNEXTHOP,
  RTM_GETNEXTHOP,
  RTM_GETNEXTHOPBUCKET,
  RTM_NEWNEXTHOP,
  RTNH_F,
  RTPROT,
} from '../constants.js';
import { familyOf } from '../route/prefix.js';
import { encapPair, type DumpRequest, type RouteEncapOptions } from '../route/requests.js';
import { NEXTHOP_GRP_TYPE, type NexthopAttrs, type NexthopHeader, type NexthopMessage } from './schema.js';

type Named<E extends { name(v: number): unknown }> = Extract<ReturnType<E['name']>, string> | number;
/** A group type (NEXTHOP_GRP_TYPE_*): `mpath` or `resilient`. */
export type NexthopGroupTypeName = Named<typeof NEXTHOP_GRP_TYPE>;
/** The protocol that installed a nexthop (RTPROT_* names, `protocol P`). */
export type NexthopProtocolName = Named<typeof RTPROT>;

/** One member of `group ID[,WEIGHT]/...`: weight 1..256 (sent as weight - 1), default 1. */
export interface NexthopGroupMemberOptions {
  id: number;
  weight?: number;
}

/** `type resilient [buckets N] [idle_timer S] [unbalanced_timer S]`: timers in seconds. */
export interface NexthopResilientOptions {
  buckets?: number;
  idleTimer?: number;
  unbalancedTimer?: number;
}

/**
 * `ip nexthop add|replace id ID { blackhole | [via ADDR] [dev IFINDEX] [onlink] [encap ...] |
 * group GROUP [fdb] [type TYPE [ARGS]] } [fdb] [protocol P]`, with the device as an ifindex.
 */
export interface NexthopOptions {
  /** NHA_ID; 0 or absent lets the kernel choose. */
  id?: number;
  /** nh_family; default: the gateway's, else AF_INET for `dev` / `blackhole`, else AF_UNSPEC. */
  family?: number;
  /** NHA_GATEWAY (`via`). */
  gateway?: string;
  /** NHA_OIF: ifindex (`dev`). */
  oif?: number;
  /** RTNH_F_ONLINK */
  onlink?: boolean;
  /** NHA_BLACKHOLE */
  blackhole?: boolean;
  /** NHA_FDB: a nexthop (or group) for VXLAN FDB entries. */
  fdb?: boolean;
  /** NHA_GROUP */
  group?: NexthopGroupMemberOptions[];
  /** NHA_GROUP_TYPE (sent only when given, as iproute2 does for `type`). */
  groupType?: NexthopGroupTypeName;
  /** NHA_RES_GROUP (with groupType 'resilient'). */
  resilient?: NexthopResilientOptions;
  /** NHA_ENCAP / NHA_ENCAP_TYPE (`encap mpls LABEL`...). */
  encap?: RouteEncapOptions;
  /** nh_protocol */
  protocol?: NexthopProtocolName;
}

/** USER_HZ: the kernel reads NHA_RES_GROUP timers as clock_t, iproute2 multiplies seconds by 100. */
const USER_HZ = 100;

function checkU32(v: number, what: string): number {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new ValidationError(`invalid ${what} ${v}`, what);
  return v;
}

/** The nhmsg family iproute2's ipnh_modify ends up with for these options. */
export function nexthopFamily(opts: NexthopOptions): number {
  if (opts.family !== undefined) return opts.family;
  if (opts.gateway !== undefined) {
    const f = familyOf(opts.gateway);
    if (f === AF_UNSPEC) throw new ValidationError(`invalid gateway address ${JSON.stringify(opts.gateway)}`, 'gateway');
    return f;
  }
  return opts.oif !== undefined || opts.blackhole ? AF_INET : AF_UNSPEC;
}

/** The body of a nexthop add / replace request. */
export function nexthopBody(opts: NexthopOptions): NexthopMessage {
  const attrs: NexthopAttrs = {};
  if (opts.id !== undefined) attrs.id = checkU32(opts.id, 'id');
  // NHA_ENCAP before NHA_ENCAP_TYPE (the schema's order), as lwt_parse_encap sends them.
  if (opts.encap !== undefined) Object.assign(attrs, encapPair(opts.encap));
  if (opts.group !== undefined) {
    if (!Array.isArray(opts.group) || opts.group.length === 0) throw new ValidationError('group needs at least one member', 'group');
    attrs.group = opts.group.map((m) => {
      const w = m.weight ?? 1;
      if (!Number.isInteger(w) || w < 1 || w > 256) throw new ValidationError(`invalid weight ${w} (1..256)`, 'group.weight');
      return { id: checkU32(m.id, 'group.id'), weight: w - 1 };
    });
  }
  if (opts.resilient !== undefined) {
    const r = opts.resilient;
    const res: NonNullable<NexthopAttrs['resGroup']> = {};
    if (r.buckets !== undefined) {
      if (!Number.isInteger(r.buckets) || r.buckets < 0 || r.buckets > 0xffff) throw new ValidationError(`invalid buckets value ${r.buckets}`, 'resilient.buckets');
      res.buckets = r.buckets;
    }
    for (const k of ['idleTimer', 'unbalancedTimer'] as const) {
      const v = r[k];
      if (v === undefined) continue;
      // iproute2 refuses values whose clock_t would not fit a u32 (>= UINT32_MAX / 100).
      if (!Number.isInteger(v) || v < 0 || v >= Math.floor(0xffffffff / USER_HZ)) throw new ValidationError(`invalid ${k} value ${v}`, `resilient.${k}`);
      res[k] = v * USER_HZ;
    }
    attrs.resGroup = res;
  }
  if (opts.groupType !== undefined) attrs.groupType = NEXTHOP_GRP_TYPE.name(NEXTHOP_GRP_TYPE.value(opts.groupType));
  if (opts.blackhole) attrs.blackhole = true;
  if (opts.gateway !== undefined) attrs.gateway = opts.gateway;
  if (opts.oif !== undefined) attrs.oif = checkU32(opts.oif, 'oif');
  if (opts.fdb) attrs.fdb = true;
  const header: NexthopHeader = {
    family: nexthopFamily(opts),
    scope: 'global',
    protocol: opts.protocol === undefined ? 'unspec' : RTPROT.name(RTPROT.value(opts.protocol)),
    flags: opts.onlink ? [RTNH_F.name(RTNH_F.value('onlink'))] : [],
  };
  return { header, attrs };
}

/** `ip nexthop add`: RTM_NEWNEXTHOP, REQUEST|ACK|CREATE|EXCL. */
export function nexthopAdd(opts: NexthopOptions): Request<NexthopMessage> {
  return { type: RTM_NEWNEXTHOP, flags: NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, body: nexthopBody(opts) };
}
/** `ip nexthop replace`: RTM_NEWNEXTHOP, REQUEST|ACK|CREATE|REPLACE. */
export function nexthopReplace(opts: NexthopOptions): Request<NexthopMessage> {
  return { type: RTM_NEWNEXTHOP, flags: NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE, body: nexthopBody(opts) };
}

function idBody(id: number, family = AF_UNSPEC): NexthopMessage {
  return { header: { family, scope: 'global', protocol: 'unspec', flags: [] }, attrs: { id: checkU32(id, 'id') } };
}

/** `ip nexthop del id ID` (and each deletion of `flush`): RTM_DELNEXTHOP, REQUEST|ACK, AF_UNSPEC. */
export function nexthopDelete(id: number): Request<NexthopMessage> {
  return { type: RTM_DELNEXTHOP, flags: NLM_F_REQUEST | NLM_F_ACK, body: idBody(id) };
}

/** `ip nexthop get id ID`: RTM_GETNEXTHOP, REQUEST (the answer is the nexthop). */
export function nexthopGet(id: number, family = AF_UNSPEC): Request<NexthopMessage> {
  return { type: RTM_GETNEXTHOP, flags: NLM_F_REQUEST, body: idBody(id, family) };
}

/** `ip nexthop show [dev IFINDEX] [groups] [master IFINDEX] [fdb] [protocol P]` */
export interface NexthopDumpOptions {
  family?: number;
  /** NHA_OIF: only nexthops through this ifindex (kernel-side). */
  oif?: number;
  /** NHA_GROUPS: only groups (kernel-side). */
  groups?: boolean;
  /** NHA_MASTER: only nexthops whose device has this master ifindex (kernel-side). */
  master?: number;
  /** NHA_FDB: only fdb nexthops (kernel-side). */
  fdb?: boolean;
  /** nh_protocol (client-side, as iproute2 filters it). */
  protocol?: NexthopProtocolName;
}

function filterAttrs(opts: NexthopDumpOptions): NexthopAttrs {
  const attrs: NexthopAttrs = {};
  if (opts.oif) attrs.oif = checkU32(opts.oif, 'oif');
  if (opts.groups) attrs.groups = true;
  if (opts.master) attrs.master = checkU32(opts.master, 'master');
  if (opts.fdb) attrs.fdb = true;
  return attrs;
}

/** Nexthop dump: RTM_GETNEXTHOP, REQUEST|DUMP with nh_dump_filter's attributes. */
export function nexthopDump(opts: NexthopDumpOptions = {}): DumpRequest<NexthopMessage> {
  const family = opts.family ?? AF_UNSPEC;
  const proto = opts.protocol === undefined ? undefined : RTPROT.value(opts.protocol);
  const header: NexthopHeader = { family, scope: 'global', protocol: 'unspec', flags: [] };
  return {
    request: { type: RTM_GETNEXTHOP, flags: NLM_F_REQUEST | NLM_F_DUMP, body: { header, attrs: filterAttrs(opts) } },
    // The kernel applies the filters (and the family); iproute2 checks only the protocol itself.
    match(body) {
      return proto === undefined || RTPROT.value(body.header.protocol) === proto;
    },
  };
}

/** `ip nexthop bucket show [id ID] [nhid ID] [dev IFINDEX] [master IFINDEX]` */
export interface NexthopBucketDumpOptions extends Omit<NexthopDumpOptions, 'groups' | 'fdb' | 'protocol'> {
  /** NHA_ID: the buckets of this group. */
  id?: number;
  /** NHA_RES_BUCKET { NH_ID }: buckets that use this nexthop. */
  nhid?: number;
}

/** Bucket dump: RTM_GETNEXTHOPBUCKET, REQUEST|DUMP with nh_dump_bucket_filter's attributes. */
export function nexthopBucketDump(opts: NexthopBucketDumpOptions = {}): Request<NexthopMessage> {
  const attrs = filterAttrs(opts);
  if (opts.id) attrs.id = checkU32(opts.id, 'id');
  if (opts.nhid) attrs.resBucket = { nhId: checkU32(opts.nhid, 'nhid') };
  const header: NexthopHeader = { family: opts.family ?? AF_UNSPEC, scope: 'global', protocol: 'unspec', flags: [] };
  return { type: RTM_GETNEXTHOPBUCKET, flags: NLM_F_REQUEST | NLM_F_DUMP, body: { header, attrs } };
}

/** `ip nexthop bucket get id ID index N`: RTM_GETNEXTHOPBUCKET, REQUEST. */
export function nexthopBucketGet(id: number, index: number): Request<NexthopMessage> {
  if (!Number.isInteger(index) || index < 0 || index > 0xffff) throw new ValidationError(`invalid bucket index ${index}`, 'index');
  const body = idBody(id);
  body.attrs.resBucket = { index };
  return { type: RTM_GETNEXTHOPBUCKET, flags: NLM_F_REQUEST, body };
}
