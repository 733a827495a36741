/**
 * The bridge multicast database (linux/if_bridge.h): struct br_port_msg + MDBA_* for
 * RTM_GETMDB / RTM_NEWMDB / RTM_DELMDB. Dumps and notifications carry MDBA_MDB / MDBA_ROUTER;
 * requests carry MDBA_SET_ENTRY / MDBA_SET_ENTRY_ATTRS under the same attribute numbers, so a
 * RTM_NEWMDB / RTM_DELMDB body is read by its direction (NLM_F_REQUEST).
 */
import type { Codec, DecodeContext, EncodeContext, ValueOf } from '../../netlink/codec.js';
import { formatIPv4, formatIPv6, formatMac } from '../../netlink/address.js';
import { flagsOf, enumOf, defineEnum } from '../../netlink/enums.js';
import { EncodeError } from '../../netlink/errors.js';
import type { MessageBody } from '../../netlink/schema.js';
import { attrs, message, multi, struct } from '../../netlink/schema.js';
import { address, binary, bytesOf, be16, pad, u16, u32, u8 } from '../../netlink/types.js';
import type { Writer } from '../../netlink/writer.js';
import { RTM_DELMDB, RTM_GETMDB, RTM_NEWMDB, RTPROT } from '../constants.js';
import type { MessageTypeSpec } from '../route/types.js';

/** struct br_port_msg: the bridge's ifindex. */
export const brPortMsg = struct('br_port_msg', [
  ['family', u8],
  ['_pad', pad(3)],
  ['ifindex', u32],
] as const, { familyField: 'family' });

/** MDB_TEMPORARY / MDB_PERMANENT (br_mdb_entry.state). */
export const MDB_STATE = defineEnum('MDB_', { temporary: 0, permanent: 1 });
/** MDB_FLAGS_* (br_mdb_entry.flags). */
export const MDB_FLAGS = defineEnum('MDB_FLAGS_', { offload: 1 << 0, fast_leave: 1 << 1, star_excl: 1 << 2, blocked: 1 << 3 });
/** MDB_RTR_TYPE_* (MDBA_ROUTER_PATTR_TYPE). */
export const MDB_RTR_TYPE = defineEnum('MDB_RTR_TYPE_', { disabled: 0, temp_query: 1, perm: 2, temp: 3 });

/**
 * struct br_mdb_entry. `addr` is the group's 16-byte union (an IPv4 address in its first 4 bytes,
 * a MAC address in its first 6, or an IPv6 address) and `proto` says which (ETH_P_IP 0x0800,
 * ETH_P_IPV6 0x86dd, 0 for a MAC group): mdbGroupText / mdbGroupOf convert.
 */
export const brMdbEntry = struct('br_mdb_entry', [
  ['ifindex', u32],
  ['state', enumOf(u8, MDB_STATE)],
  ['flags', flagsOf(u8, MDB_FLAGS)],
  ['vid', u16],
  ['addr', bytesOf(16)],
  ['proto', be16],
  ['_pad', pad(2)],
] as const);

/** MDBA_MDB_SRCATTR_* (one source of a group's source list). */
export const mdbSrcAttrs = attrs('MDBA_MDB_SRCATTR_', {
  address: [1, 'ADDRESS', address],
  timer: [2, 'TIMER', u32],
});
/** MDBA_MDB_SRCLIST_* */
export const mdbSrcListAttrs = attrs('MDBA_MDB_SRCLIST_', {
  entry: [1, 'ENTRY', multi(mdbSrcAttrs)],
});

/** MDBA_MDB_EATTR_* (after the br_mdb_entry of an MDBA_MDB_ENTRY_INFO). Times in centiseconds (USER_HZ). */
export const mdbEntryAttrs = attrs('MDBA_MDB_EATTR_', {
  timer: [1, 'TIMER', u32],
  srcList: [2, 'SRC_LIST', mdbSrcListAttrs],
  groupMode: [3, 'GROUP_MODE', u8],
  source: [4, 'SOURCE', address],
  rtprot: [5, 'RTPROT', enumOf(u8, RTPROT)],
  dst: [6, 'DST', address],
  dstPort: [7, 'DST_PORT', u16],
  vni: [8, 'VNI', u32],
  ifindex: [9, 'IFINDEX', u32],
  srcVni: [10, 'SRC_VNI', u32],
});

/** MDBA_MDB_ENTRY_*: each MDBA_MDB_ENTRY_INFO is a br_mdb_entry followed by MDBA_MDB_EATTR_*. */
export const mdbEntryInfoAttrs = attrs('MDBA_MDB_ENTRY_', {
  info: [1, 'INFO', multi(message(brMdbEntry, mdbEntryAttrs))],
});
/** MDBA_MDB_*: the groups of one bridge. */
export const mdbMdbAttrs = attrs('MDBA_MDB_', {
  entry: [1, 'ENTRY', multi(mdbEntryInfoAttrs)],
});

/** The ifindex that starts an MDBA_ROUTER_PORT. */
export const mdbRouterPortIndex = struct('mdba_router_port', [['ifindex', u32]] as const);
/** MDBA_ROUTER_PATTR_* (after the port's ifindex). Times in centiseconds. */
export const mdbRouterPortAttrs = attrs('MDBA_ROUTER_PATTR_', {
  timer: [1, 'TIMER', u32],
  type: [2, 'TYPE', enumOf(u8, MDB_RTR_TYPE)],
  inetTimer: [3, 'INET_TIMER', u32],
  inet6Timer: [4, 'INET6_TIMER', u32],
  vid: [5, 'VID', u16],
});
/** MDBA_ROUTER_*: the bridge's multicast router ports. */
export const mdbRouterAttrs = attrs('MDBA_ROUTER_', {
  port: [1, 'PORT', multi(message(mdbRouterPortIndex, mdbRouterPortAttrs))],
});

/** MDBA_* of dumps (RTM_GETMDB answers) and notifications. */
export const mdbAttrs = attrs('MDBA_', {
  mdb: [1, 'MDB', mdbMdbAttrs],
  router: [2, 'ROUTER', mdbRouterAttrs],
});

/** MDBE_ATTR_* (MDBA_SET_ENTRY_ATTRS of requests). */
export const mdbSetEntryAttrs = attrs('MDBE_ATTR_', {
  source: [1, 'SOURCE', address],
  srcList: [2, 'SRC_LIST', binary],
  groupMode: [3, 'GROUP_MODE', u8],
  rtprot: [4, 'RTPROT', enumOf(u8, RTPROT)],
  dst: [5, 'DST', address],
  dstPort: [6, 'DST_PORT', u16],
  vni: [7, 'VNI', u32],
  ifindex: [8, 'IFINDEX', u32],
  srcVni: [9, 'SRC_VNI', u32],
});

/** MDBA_SET_* of RTM_NEWMDB / RTM_DELMDB requests. */
export const mdbSetAttrs = attrs('MDBA_SET_', {
  entry: [1, 'ENTRY', brMdbEntry],
  // NLA_F_NESTED: br_mdb_parse validates MDBA_SET_ENTRY_ATTRS with nla_parse_nested (strict).
  entryAttrs: [2, 'ENTRY_ATTRS', mdbSetEntryAttrs, { nestedFlag: true }],
});

/** struct br_port_msg */
export type BrPortMsg = ValueOf<typeof brPortMsg>;
/** struct br_mdb_entry */
export type BrMdbEntry = ValueOf<typeof brMdbEntry>;
/** MDBA_* of an MDB dump answer or notification. */
export type MdbAttrs = ValueOf<typeof mdbAttrs>;
/** MDBA_SET_* of an MDB request. */
export type MdbSetAttrs = ValueOf<typeof mdbSetAttrs>;
/** An MDB dump answer or notification: br_port_msg and MDBA_MDB / MDBA_ROUTER. */
export type MdbMessage = MessageBody<BrPortMsg, MdbAttrs>;
/** An MDB add / delete request: br_port_msg and MDBA_SET_ENTRY (+ MDBA_SET_ENTRY_ATTRS). */
export type MdbSetMessage = MessageBody<BrPortMsg, MdbSetAttrs>;

const dumpBody = message(brPortMsg, mdbAttrs);
const setBody = message(brPortMsg, mdbSetAttrs);

/** RTM_NEWMDB / RTM_DELMDB: a request's MDBA_SET_*, else (notifications) MDBA_MDB / MDBA_ROUTER. */
export const mdbModifyMessage: Codec<MdbMessage | MdbSetMessage> = {
  wire: 'br_port_msg + MDBA_SET_* (requests) | MDBA_* (notifications)',
  decode(ctx: DecodeContext, off: number, len: number) {
    return ctx.requestMessage ? setBody.decode(ctx, off, len) : dumpBody.decode(ctx, off, len);
  },
  encode(w: Writer, value: MdbMessage | MdbSetMessage, ctx: EncodeContext) {
    if (typeof value !== 'object' || value === null) throw new EncodeError(`${this.wire}: {header, attrs} expected`);
    const a = (value.attrs ?? {}) as Record<string, unknown>;
    if ('mdb' in a || 'router' in a) dumpBody.encode(w, value as MdbMessage, ctx);
    else setBody.encode(w, value as MdbSetMessage, ctx);
  },
  pathAt(ctx, off, len, target) {
    return (ctx.requestMessage ? setBody : dumpBody).pathAt(ctx, off, len, target);
  },
};

/** ETH_P_IP, ETH_P_IPV6 (linux/if_ether.h): br_mdb_entry.addr.proto. */
const ETH_P_IP = 0x0800;
const ETH_P_IPV6 = 0x86dd;

/** A group's text (iproute2's rt_addr_n2a: dotted IPv4, IPv6, or a MAC for proto 0). */
export function mdbGroupText(e: Pick<BrMdbEntry, 'addr' | 'proto'>): string {
  if (e.proto === ETH_P_IP) return formatIPv4(e.addr, 0);
  if (e.proto === ETH_P_IPV6) return formatIPv6(e.addr, 0);
  return formatMac(e.addr, 0, 6);
}

/** The MDB message types of rtnetlink, for the family table. */
export const MDB_MESSAGE_TYPES: MessageTypeSpec[] = [
  [RTM_NEWMDB, 'RTM_NEWMDB', 'new', mdbModifyMessage],
  [RTM_DELMDB, 'RTM_DELMDB', 'del', mdbModifyMessage],
  [RTM_GETMDB, 'RTM_GETMDB', 'get', dumpBody],
];
