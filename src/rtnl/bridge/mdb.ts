/**
 * Multicast database entries: the requests of `bridge mdb add|del|show` (iproute2 6.1
 * bridge/mdb.c). An entry is a struct br_mdb_entry (port, group, VLAN, permanence) in
 * MDBA_SET_ENTRY, an (S,G) source in MDBA_SET_ENTRY_ATTRS / MDBE_ATTR_SOURCE. Interface indexes,
 * not names.
 */
import { parseIPv4, parseIPv6, parseMac } from '../../netlink/address.js';
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_REQUEST } from '../../netlink/constants.js';
import { ValidationError } from '../../netlink/errors.js';
import type { Request } from '../../netlink/message.js';
import { AF_BRIDGE, RTM_DELMDB, RTM_GETMDB, RTM_NEWMDB } from '../constants.js';
import { checkInt, checkKeys } from '../validate.js';
import type { BrMdbEntry, MdbMessage, MdbSetAttrs, MdbSetMessage } from './mdb-schema.js';

/** ETH_P_IP, ETH_P_IPV6 (linux/if_ether.h). */
const ETH_P_IP = 0x0800;
const ETH_P_IPV6 = 0x86dd;

/** `bridge mdb { add | del } dev DEV port PORT grp GROUP [src SOURCE] [permanent | temp] [vid VID]` */
export interface MdbOptions {
  /** br_port_msg.ifindex: the bridge. */
  dev: number;
  /** br_mdb_entry.ifindex: the port (the bridge itself for host-joined groups). */
  port: number;
  /** The group: an IPv4 or IPv6 multicast address, or a multicast MAC address. */
  group: string;
  /** MDBE_ATTR_SOURCE: the source of an (S,G) entry (same family as the group). */
  source?: string;
  /** MDB_PERMANENT (`permanent`); otherwise a temporary entry that ages out. */
  permanent?: boolean;
  /** br_mdb_entry.vid (`vid VID`) */
  vid?: number;
}

/** The option keys of MdbOptions. */
export const MDB_OPTION_KEYS = ['dev', 'port', 'group', 'source', 'permanent', 'vid'] as const satisfies ReadonlyArray<keyof MdbOptions>;

/**
 * The group's bytes and protocol (mdb_parse_grp: IPv4, then IPv6, then a MAC address), or
 * undefined when the text is none of them.
 */
export function mdbGroupOf(text: string): Pick<BrMdbEntry, 'addr' | 'proto'> | undefined {
  const addr = new Uint8Array(16);
  for (const [parse, proto] of [[parseIPv4, ETH_P_IP], [parseIPv6, ETH_P_IPV6], [parseMac, 0]] as const) {
    let b: Uint8Array;
    try {
      b = parse(text);
    } catch {
      continue;
    }
    if (proto === 0 && b.length !== 6) return undefined;
    addr.set(b);
    return { addr, proto };
  }
  return undefined;
}

function checkIndex(v: unknown, field: string): number {
  checkInt(v, field, 1, 0x7fffffff);
  return v;
}

/** The body of an MDB add / delete request. */
export function mdbBody(opts: MdbOptions, add: boolean): MdbSetMessage {
  checkKeys(opts, MDB_OPTION_KEYS, 'mdb');
  const dev = checkIndex(opts.dev, 'dev');
  const port = checkIndex(opts.port, 'port');
  if (typeof opts.group !== 'string') throw new ValidationError('group: an address string is required', 'group');
  const group = mdbGroupOf(opts.group);
  if (!group) throw new ValidationError(`group: invalid address ${JSON.stringify(opts.group)}`, 'group');
  const vid = opts.vid ?? 0;
  checkInt(vid, 'vid', 0, 0xffff);
  const entry: BrMdbEntry = {
    ifindex: port,
    // bridge/mdb.c: `permanent` only counts when adding.
    state: add && opts.permanent ? 'permanent' : 'temporary',
    flags: [],
    vid,
    addr: group.addr,
    proto: group.proto,
  };
  const attrs: MdbSetAttrs = { entry };
  if (opts.source !== undefined) {
    let source: string;
    try {
      parseIPv4(opts.source);
      source = opts.source;
    } catch {
      try {
        parseIPv6(opts.source);
        source = opts.source;
      } catch {
        throw new ValidationError(`source: invalid address ${JSON.stringify(opts.source)}`, 'source');
      }
    }
    attrs.entryAttrs = { source };
  }
  return { header: { family: AF_BRIDGE, ifindex: dev }, attrs };
}

/** `bridge mdb add`: RTM_NEWMDB, CREATE|EXCL. */
export function mdbAdd(opts: MdbOptions): Request<MdbSetMessage> {
  return { type: RTM_NEWMDB, flags: NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, body: mdbBody(opts, true) };
}
/** `bridge mdb del`: RTM_DELMDB. */
export function mdbDelete(opts: MdbOptions): Request<MdbSetMessage> {
  return { type: RTM_DELMDB, flags: NLM_F_REQUEST | NLM_F_ACK, body: mdbBody(opts, false) };
}
/** `bridge mdb show`: RTM_GETMDB dump (rtnl_mdbdump_req: AF_BRIDGE, no filter; one answer per bridge). */
export function mdbDump(): Request<MdbMessage> {
  return { type: RTM_GETMDB, flags: NLM_F_REQUEST | NLM_F_DUMP, body: { header: { family: AF_BRIDGE, ifindex: 0 }, attrs: {} } };
}
