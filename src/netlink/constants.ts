/**
 * Generic netlink constants (linux/netlink.h). rtnetlink's own live in src/rtnl.
 */

/** Netlink protocol numbers (linux/netlink.h NETLINK_*). */
export const NETLINK_ROUTE = 0;
export const NETLINK_SOCK_DIAG = 4;
export const NETLINK_NETFILTER = 12;
export const NETLINK_GENERIC = 16;

export const NETLINK_PROTOCOLS: Readonly<Record<string, number>> = {
  route: 0, unused: 1, usersock: 2, firewall: 3, sock_diag: 4, nflog: 5, xfrm: 6, selinux: 7,
  iscsi: 8, audit: 9, fib_lookup: 10, connector: 11, netfilter: 12, ip6_fw: 13, dnrtmsg: 14,
  kobject_uevent: 15, generic: 16, scsitransport: 18, ecryptfs: 19, rdma: 20, crypto: 21, smc: 22,
};

/** struct nlmsghdr is 16 bytes; messages and attributes align to 4 (NLMSG_ALIGNTO, NLA_ALIGNTO). */
export const NLMSG_HDRLEN = 16;
export const NLA_HDRLEN = 4;

/** Control message types (NLMSG_*). Family types start at NLMSG_MIN_TYPE = 0x10. */
export const NLMSG_NOOP = 1;
export const NLMSG_ERROR = 2;
export const NLMSG_DONE = 3;
export const NLMSG_OVERRUN = 4;
export const NLMSG_MIN_TYPE = 0x10;

/** nlmsg_flags (NLM_F_*). */
export const NLM_F_REQUEST = 0x01;
export const NLM_F_MULTI = 0x02;
export const NLM_F_ACK = 0x04;
export const NLM_F_ECHO = 0x08;
export const NLM_F_DUMP_INTR = 0x10;
export const NLM_F_DUMP_FILTERED = 0x20;
/** Modifiers to GET requests. */
export const NLM_F_ROOT = 0x100;
export const NLM_F_MATCH = 0x200;
export const NLM_F_ATOMIC = 0x400;
export const NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
/** Modifiers to NEW requests. */
export const NLM_F_REPLACE = 0x100;
export const NLM_F_EXCL = 0x200;
export const NLM_F_CREATE = 0x400;
export const NLM_F_APPEND = 0x800;
/** Modifiers to DELETE requests. */
export const NLM_F_NONREC = 0x100;
export const NLM_F_BULK = 0x200;
/** Flags for ACK messages. */
export const NLM_F_CAPPED = 0x100;
export const NLM_F_ACK_TLVS = 0x200;

/** nla_type high bits. */
export const NLA_F_NESTED = 1 << 15;
export const NLA_F_NET_BYTEORDER = 1 << 14;
export const NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;

/** Extended ACK attributes in NLMSG_ERROR (enum nlmsgerr_attrs). */
export const NLMSGERR_ATTR_MSG = 1;
export const NLMSGERR_ATTR_OFFS = 2;
export const NLMSGERR_ATTR_COOKIE = 3;
export const NLMSGERR_ATTR_POLICY = 4;
export const NLMSGERR_ATTR_MISS_TYPE = 5;
export const NLMSGERR_ATTR_MISS_NEST = 6;

/** Socket options at SOL_NETLINK. */
export const NETLINK_ADD_MEMBERSHIP = 1;
export const NETLINK_DROP_MEMBERSHIP = 2;
export const NETLINK_PKTINFO = 3;
export const NETLINK_BROADCAST_ERROR = 4;
export const NETLINK_NO_ENOBUFS = 5;
export const NETLINK_LISTEN_ALL_NSID = 8;
export const NETLINK_CAP_ACK = 10;
export const NETLINK_EXT_ACK = 11;
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

export const CONTROL_MESSAGE_NAMES: Readonly<Record<number, string>> = {
  [NLMSG_NOOP]: 'NLMSG_NOOP',
  [NLMSG_ERROR]: 'NLMSG_ERROR',
  [NLMSG_DONE]: 'NLMSG_DONE',
  [NLMSG_OVERRUN]: 'NLMSG_OVERRUN',
};

export function align4(n: number): number {
  return (n + 3) & ~3;
}
