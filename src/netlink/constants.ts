/**
 * Generic netlink constants (linux/netlink.h). rtnetlink's own live in src/rtnl.
 */

/** Netlink protocol numbers (linux/netlink.h NETLINK_*). */
export const NETLINK_ROUTE = 0;
/** `NETLINK_SOCK_DIAG` (4): socket monitoring (`ss`), linux/netlink.h. */
export const NETLINK_SOCK_DIAG = 4;
/** `NETLINK_NETFILTER` (12): nftables, conntrack and the other netfilter subsystems. */
export const NETLINK_NETFILTER = 12;
/**
 * `NETLINK_GENERIC` (16): generic netlink, whose families (ethtool, wireguard, nl80211...) get ids
 * at run time from nlctrl.
 */
export const NETLINK_GENERIC = 16;

/**
 * Every netlink protocol number of linux/netlink.h by its lower-case name (`route` → 0, `generic`
 * → 16), for input that names a protocol.
 */
export const NETLINK_PROTOCOLS: Readonly<Record<string, number>> = {
  route: 0, unused: 1, usersock: 2, firewall: 3, sock_diag: 4, nflog: 5, xfrm: 6, selinux: 7,
  iscsi: 8, audit: 9, fib_lookup: 10, connector: 11, netfilter: 12, ip6_fw: 13, dnrtmsg: 14,
  kobject_uevent: 15, generic: 16, scsitransport: 18, ecryptfs: 19, rdma: 20, crypto: 21, smc: 22,
};

/** struct nlmsghdr is 16 bytes; messages and attributes align to 4 (NLMSG_ALIGNTO, NLA_ALIGNTO). */
export const NLMSG_HDRLEN = 16;
/** `NLA_HDRLEN`: struct nlattr (nla_len, nla_type) is 4 bytes; the payload follows, padded to 4. */
export const NLA_HDRLEN = 4;

/** Control message types (NLMSG_*). Family types start at NLMSG_MIN_TYPE = 0x10. */
export const NLMSG_NOOP = 1;
/**
 * `NLMSG_ERROR` (2): an error or, with error 0, an acknowledgement (struct nlmsgerr: the errno and
 * the request's header).
 */
export const NLMSG_ERROR = 2;
/** `NLMSG_DONE` (3): the end of a dump (its payload is an int, an error on failure). */
export const NLMSG_DONE = 3;
/**
 * `NLMSG_OVERRUN` (4): data lost (reserved by the kernel; a full receive buffer is ENOBUFS on recv
 * instead).
 */
export const NLMSG_OVERRUN = 4;
/**
 * `NLMSG_MIN_TYPE` (0x10): the first message type a family may use; below it are control messages.
 */
export const NLMSG_MIN_TYPE = 0x10;

/** nlmsg_flags (NLM_F_*). */
export const NLM_F_REQUEST = 0x01;
/** `NLM_F_MULTI`: one part of a multi-part answer (a dump), ended by NLMSG_DONE. */
export const NLM_F_MULTI = 0x02;
/** `NLM_F_ACK`: asks the kernel for an acknowledgement (NLMSG_ERROR with error 0) on success. */
export const NLM_F_ACK = 0x04;
/**
 * `NLM_F_ECHO`: asks the kernel to send the request's resulting notification back to this socket
 * too.
 */
export const NLM_F_ECHO = 0x08;
/**
 * `NLM_F_DUMP_INTR`: set on dump parts when the table changed during the dump (its result may be
 * inconsistent: retry).
 */
export const NLM_F_DUMP_INTR = 0x10;
/**
 * `NLM_F_DUMP_FILTERED`: the kernel applied the request's filter attributes to the dump (strict
 * checking).
 */
export const NLM_F_DUMP_FILTERED = 0x20;
/** Modifiers to GET requests. */
export const NLM_F_ROOT = 0x100;
/**
 * `NLM_F_MATCH` (GET modifier): return all entries matching the criteria (with NLM_F_ROOT: a
 * dump).
 */
export const NLM_F_MATCH = 0x200;
/**
 * `NLM_F_ATOMIC` (GET modifier): an atomic snapshot of the table (needs CAP_NET_ADMIN; unused by
 * rtnetlink).
 */
export const NLM_F_ATOMIC = 0x400;
/** `NLM_F_DUMP` = NLM_F_ROOT | NLM_F_MATCH: dump the whole table. */
export const NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
/** Modifiers to NEW requests. */
export const NLM_F_REPLACE = 0x100;
/** `NLM_F_EXCL` (NEW modifier): fail with EEXIST if the object exists (`ip ... add`). */
export const NLM_F_EXCL = 0x200;
/** `NLM_F_CREATE` (NEW modifier): create the object if it does not exist (`add`, `replace`). */
export const NLM_F_CREATE = 0x400;
/** `NLM_F_APPEND` (NEW modifier): add to the end of the list (`ip route append`). */
export const NLM_F_APPEND = 0x800;
/** Modifiers to DELETE requests. */
export const NLM_F_NONREC = 0x100;
/**
 * `NLM_F_BULK` (DELETE modifier): delete every object matching the request (bulk flush, e.g.
 * `bridge fdb flush`).
 */
export const NLM_F_BULK = 0x200;
/** Flags for ACK messages. */
export const NLM_F_CAPPED = 0x100;
/** `NLM_F_ACK_TLVS` (in an ACK): extended-ACK attributes (NLMSGERR_ATTR_*) follow the error. */
export const NLM_F_ACK_TLVS = 0x200;

/** nla_type high bits. */
export const NLA_F_NESTED = 1 << 15;
/** `NLA_F_NET_BYTEORDER` (bit 14 of nla_type): the payload is in network byte order. */
export const NLA_F_NET_BYTEORDER = 1 << 14;
/** `NLA_TYPE_MASK`: the attribute type without the NLA_F_NESTED and NLA_F_NET_BYTEORDER bits. */
export const NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;

/** Extended ACK attributes in NLMSG_ERROR (enum nlmsgerr_attrs). */
export const NLMSGERR_ATTR_MSG = 1;
/** `NLMSGERR_ATTR_OFFS`: the offset in the request of the attribute the error is about. */
export const NLMSGERR_ATTR_OFFS = 2;
/**
 * `NLMSGERR_ATTR_COOKIE`: an opaque cookie the kernel returns on success (e.g. for a new object).
 */
export const NLMSGERR_ATTR_COOKIE = 3;
/** `NLMSGERR_ATTR_POLICY`: the policy of the rejected attribute (nested NL_POLICY_TYPE_ATTR_*). */
export const NLMSGERR_ATTR_POLICY = 4;
/** `NLMSGERR_ATTR_MISS_TYPE`: the type of a missing required attribute. */
export const NLMSGERR_ATTR_MISS_TYPE = 5;
/** `NLMSGERR_ATTR_MISS_NEST`: the offset of the nest where a required attribute is missing. */
export const NLMSGERR_ATTR_MISS_NEST = 6;

/** Socket options at SOL_NETLINK. */
export const NETLINK_ADD_MEMBERSHIP = 1;
/** `NETLINK_DROP_MEMBERSHIP` (SOL_NETLINK): leave a multicast group. */
export const NETLINK_DROP_MEMBERSHIP = 2;
/**
 * `NETLINK_PKTINFO` (SOL_NETLINK): deliver the destination group of each message as ancillary
 * data.
 */
export const NETLINK_PKTINFO = 3;
/**
 * `NETLINK_BROADCAST_ERROR` (SOL_NETLINK): report delivery failures of broadcasts to the sender.
 */
export const NETLINK_BROADCAST_ERROR = 4;
/** `NETLINK_NO_ENOBUFS` (SOL_NETLINK): do not report ENOBUFS when the receive buffer overflows. */
export const NETLINK_NO_ENOBUFS = 5;
/**
 * `NETLINK_LISTEN_ALL_NSID` (SOL_NETLINK): receive notifications of every namespace that has an
 * nsid here.
 */
export const NETLINK_LISTEN_ALL_NSID = 8;
/** `NETLINK_CAP_ACK` (SOL_NETLINK): ACKs carry only the request's header, not its payload. */
export const NETLINK_CAP_ACK = 10;
/**
 * `NETLINK_EXT_ACK` (SOL_NETLINK): errors carry extended-ACK attributes (a message, the offending
 * attribute).
 */
export const NETLINK_EXT_ACK = 11;
/**
 * `NETLINK_GET_STRICT_CHK` (SOL_NETLINK): strict checking of dump requests, so that their filter
 * attributes apply.
 */
export const NETLINK_GET_STRICT_CHK = 12;

/** Names of the flags that mean the same for every message (NLM_F_* low byte). */
const COMMON_FLAGS: ReadonlyArray<readonly [number, string]> = [
  [NLM_F_REQUEST, 'REQUEST'], [NLM_F_MULTI, 'MULTI'], [NLM_F_ACK, 'ACK'], [NLM_F_ECHO, 'ECHO'],
  [NLM_F_DUMP_INTR, 'DUMP_INTR'], [NLM_F_DUMP_FILTERED, 'DUMP_FILTERED'],
];

/** How the high flag bits read depends on the request kind (get / new / del / ack). */
export type FlagContext = 'get' | 'new' | 'del' | 'ack' | 'other';

const CONTEXT_FLAGS: Record<FlagContext, ReadonlyArray<readonly [number, string]>> = {
  get: [[NLM_F_ROOT, 'ROOT'], [NLM_F_MATCH, 'MATCH'], [NLM_F_ATOMIC, 'ATOMIC']],
  new: [[NLM_F_REPLACE, 'REPLACE'], [NLM_F_EXCL, 'EXCL'], [NLM_F_CREATE, 'CREATE'], [NLM_F_APPEND, 'APPEND']],
  del: [[NLM_F_NONREC, 'NONREC'], [NLM_F_BULK, 'BULK']],
  ack: [[NLM_F_CAPPED, 'CAPPED'], [NLM_F_ACK_TLVS, 'ACK_TLVS']],
  other: [],
};

/** Flag names for printing: `0x305` in a get request → ['REQUEST', 'ACK', 'ROOT', 'MATCH']. Unknown bits as hex. */
export function flagNames(flags: number, context: FlagContext): string[] {
  const names: string[] = [];
  let rest = flags;
  for (const [bit, name] of COMMON_FLAGS) if (flags & bit) { names.push(name); rest &= ~bit; }
  for (const [bit, name] of CONTEXT_FLAGS[context]) if (flags & bit) { names.push(name); rest &= ~bit; }
  if (rest) names.push(`0x${rest.toString(16)}`);
  return names;
}

/** The names of the control message types (NLMSG_NOOP ... NLMSG_OVERRUN) by number. */
export const CONTROL_MESSAGE_NAMES: Readonly<Record<number, string>> = {
  [NLMSG_NOOP]: 'NLMSG_NOOP',
  [NLMSG_ERROR]: 'NLMSG_ERROR',
  [NLMSG_DONE]: 'NLMSG_DONE',
  [NLMSG_OVERRUN]: 'NLMSG_OVERRUN',
};

/**
 * `n` rounded up to a multiple of 4 (NLMSG_ALIGN / NLA_ALIGN: messages and attributes align to 4
 * bytes).
 */
export function align4(n: number): number {
  return (n + 3) & ~3;
}
