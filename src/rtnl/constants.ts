/**
 * rtnetlink constants shared by the address, route, neighbour, rule and nsid schemas (and usable
 * by everything else in src/rtnl): address families, message types, route types/protocols/scopes,
 * flag words, multicast groups. Every table is an EnumDef (name <-> number, see
 * src/netlink/enums.ts); names are the spelling iproute2 prints where it prints one, otherwise the
 * lower-case kernel suffix. Facts from linux/rtnetlink.h, if_addr.h, neighbour.h, fib_rules.h,
 * lwtunnel.h, icmpv6.h, net_namespace.h and /etc/iproute2/rt_protos.
 *
 * Over 500 lines because it is a table of the kernel's values, one section per header; nothing
 * here has behaviour to split.
 */
import { defineEnum } from '../netlink/enums.js';

// ---------------------------------------------------------------------------------------------
// Address families (linux/socket.h AF_*), plus the rtnetlink-only multicast routing families.

export const AF_UNSPEC = 0;
export const AF_UNIX = 1;
export const AF_INET = 2;
export const AF_BRIDGE = 7;
export const AF_INET6 = 10;
export const AF_PACKET = 17;
export const AF_MPLS = 28;
export const RTNL_FAMILY_IPMR = 128;
export const RTNL_FAMILY_IP6MR = 129;

export const AF = defineEnum('AF_', {
  unspec: 0,
  unix: 1,
  local: 1,
  inet: 2,
  ax25: 3,
  ipx: 4,
  appletalk: 5,
  netrom: 6,
  bridge: 7,
  atmpvc: 8,
  x25: 9,
  inet6: 10,
  rose: 11,
  decnet: 12,
  netbeui: 13,
  security: 14,
  key: 15,
  netlink: 16,
  packet: 17,
  ash: 18,
  econet: 19,
  atmsvc: 20,
  rds: 21,
  sna: 22,
  irda: 23,
  pppox: 24,
  wanpipe: 25,
  llc: 26,
  ib: 27,
  mpls: 28,
  can: 29,
  tipc: 30,
  bluetooth: 31,
  iucv: 32,
  rxrpc: 33,
  isdn: 34,
  phonet: 35,
  ieee802154: 36,
  caif: 37,
  alg: 38,
  nfc: 39,
  vsock: 40,
  kcm: 41,
  qipcrtr: 42,
  smc: 43,
  xdp: 44,
  mctp: 45,
  ipmr: 128,
  ip6mr: 129,
});

// ---------------------------------------------------------------------------------------------
// Message types (RTM_*). Names in the enum are the lower-case suffix: RTM.name(24) === 'newroute'.

export const RTM_NEWLINK = 16;
export const RTM_DELLINK = 17;
export const RTM_GETLINK = 18;
export const RTM_SETLINK = 19;
export const RTM_NEWADDR = 20;
export const RTM_DELADDR = 21;
export const RTM_GETADDR = 22;
export const RTM_NEWROUTE = 24;
export const RTM_DELROUTE = 25;
export const RTM_GETROUTE = 26;
export const RTM_NEWNEIGH = 28;
export const RTM_DELNEIGH = 29;
export const RTM_GETNEIGH = 30;
export const RTM_NEWRULE = 32;
export const RTM_DELRULE = 33;
export const RTM_GETRULE = 34;
export const RTM_NEWQDISC = 36;
export const RTM_DELQDISC = 37;
export const RTM_GETQDISC = 38;
export const RTM_NEWTCLASS = 40;
export const RTM_DELTCLASS = 41;
export const RTM_GETTCLASS = 42;
export const RTM_NEWTFILTER = 44;
export const RTM_DELTFILTER = 45;
export const RTM_GETTFILTER = 46;
export const RTM_NEWACTION = 48;
export const RTM_DELACTION = 49;
export const RTM_GETACTION = 50;
export const RTM_NEWPREFIX = 52;
export const RTM_NEWMULTICAST = 56;
export const RTM_DELMULTICAST = 57;
export const RTM_GETMULTICAST = 58;
export const RTM_NEWANYCAST = 60;
export const RTM_DELANYCAST = 61;
export const RTM_GETANYCAST = 62;
export const RTM_NEWNEIGHTBL = 64;
export const RTM_GETNEIGHTBL = 66;
export const RTM_SETNEIGHTBL = 67;
export const RTM_NEWNDUSEROPT = 68;
export const RTM_NEWADDRLABEL = 72;
export const RTM_DELADDRLABEL = 73;
export const RTM_GETADDRLABEL = 74;
export const RTM_GETDCB = 78;
export const RTM_SETDCB = 79;
export const RTM_NEWNETCONF = 80;
export const RTM_DELNETCONF = 81;
export const RTM_GETNETCONF = 82;
export const RTM_NEWMDB = 84;
export const RTM_DELMDB = 85;
export const RTM_GETMDB = 86;
export const RTM_NEWNSID = 88;
export const RTM_DELNSID = 89;
export const RTM_GETNSID = 90;
export const RTM_NEWSTATS = 92;
export const RTM_GETSTATS = 94;
export const RTM_SETSTATS = 95;
export const RTM_NEWCACHEREPORT = 96;
export const RTM_NEWCHAIN = 100;
export const RTM_DELCHAIN = 101;
export const RTM_GETCHAIN = 102;
export const RTM_NEWNEXTHOP = 104;
export const RTM_DELNEXTHOP = 105;
export const RTM_GETNEXTHOP = 106;
export const RTM_NEWLINKPROP = 108;
export const RTM_DELLINKPROP = 109;
export const RTM_GETLINKPROP = 110;
export const RTM_NEWVLAN = 112;
export const RTM_DELVLAN = 113;
export const RTM_GETVLAN = 114;
export const RTM_NEWNEXTHOPBUCKET = 116;
export const RTM_DELNEXTHOPBUCKET = 117;
export const RTM_GETNEXTHOPBUCKET = 118;
export const RTM_NEWTUNNEL = 120;
export const RTM_DELTUNNEL = 121;
export const RTM_GETTUNNEL = 122;

export const RTM = defineEnum('RTM_', {
  newlink: 16,
  dellink: 17,
  getlink: 18,
  setlink: 19,
  newaddr: 20,
  deladdr: 21,
  getaddr: 22,
  newroute: 24,
  delroute: 25,
  getroute: 26,
  newneigh: 28,
  delneigh: 29,
  getneigh: 30,
  newrule: 32,
  delrule: 33,
  getrule: 34,
  newqdisc: 36,
  delqdisc: 37,
  getqdisc: 38,
  newtclass: 40,
  deltclass: 41,
  gettclass: 42,
  newtfilter: 44,
  deltfilter: 45,
  gettfilter: 46,
  newaction: 48,
  delaction: 49,
  getaction: 50,
  newprefix: 52,
  newmulticast: 56,
  delmulticast: 57,
  getmulticast: 58,
  newanycast: 60,
  delanycast: 61,
  getanycast: 62,
  newneightbl: 64,
  getneightbl: 66,
  setneightbl: 67,
  newnduseropt: 68,
  newaddrlabel: 72,
  deladdrlabel: 73,
  getaddrlabel: 74,
  getdcb: 78,
  setdcb: 79,
  newnetconf: 80,
  delnetconf: 81,
  getnetconf: 82,
  newmdb: 84,
  delmdb: 85,
  getmdb: 86,
  newnsid: 88,
  delnsid: 89,
  getnsid: 90,
  newstats: 92,
  getstats: 94,
  setstats: 95,
  newcachereport: 96,
  newchain: 100,
  delchain: 101,
  getchain: 102,
  newnexthop: 104,
  delnexthop: 105,
  getnexthop: 106,
  newlinkprop: 108,
  dellinkprop: 109,
  getlinkprop: 110,
  newvlan: 112,
  delvlan: 113,
  getvlan: 114,
  newnexthopbucket: 116,
  delnexthopbucket: 117,
  getnexthopbucket: 118,
  newtunnel: 120,
  deltunnel: 121,
  gettunnel: 122,
});

// ---------------------------------------------------------------------------------------------
// Routes: rtm_type, rtm_protocol, rtm_scope, rtm_table, rtm_flags / rtnh_flags.

export const RTN_UNSPEC = 0;
export const RTN_UNICAST = 1;
export const RTN_LOCAL = 2;
export const RTN_BROADCAST = 3;
export const RTN_ANYCAST = 4;
export const RTN_MULTICAST = 5;
export const RTN_BLACKHOLE = 6;
export const RTN_UNREACHABLE = 7;
export const RTN_PROHIBIT = 8;
export const RTN_THROW = 9;
export const RTN_NAT = 10;
export const RTN_XRESOLVE = 11;

export const RTN = defineEnum('RTN_', {
  unspec: 0,
  unicast: 1,
  local: 2,
  broadcast: 3,
  anycast: 4,
  multicast: 5,
  blackhole: 6,
  unreachable: 7,
  prohibit: 8,
  throw: 9,
  nat: 10,
  xresolve: 11,
});

export const RTPROT_UNSPEC = 0;
export const RTPROT_REDIRECT = 1;
export const RTPROT_KERNEL = 2;
export const RTPROT_BOOT = 3;
export const RTPROT_STATIC = 4;

/** Route / rule / neighbour originator. Names as in iproute2's rt_protos (mrouted is the kernel's name; iproute2 6.1 prints 17). */
export const RTPROT = defineEnum('RTPROT_', {
  unspec: 0,
  redirect: 1,
  kernel: 2,
  boot: 3,
  static: 4,
  gated: 8,
  ra: 9,
  mrt: 10,
  zebra: 11,
  bird: 12,
  dnrouted: 13,
  xorp: 14,
  ntk: 15,
  dhcp: 16,
  mrouted: 17,
  keepalived: 18,
  babel: 42,
  openr: 99,
  bgp: 186,
  isis: 187,
  ospf: 188,
  rip: 189,
  eigrp: 192,
});

export const RT_SCOPE_UNIVERSE = 0;
export const RT_SCOPE_SITE = 200;
export const RT_SCOPE_LINK = 253;
export const RT_SCOPE_HOST = 254;
export const RT_SCOPE_NOWHERE = 255;

/** RT_SCOPE_*: 0 decodes to 'global' (as iproute2 prints RT_SCOPE_UNIVERSE); 'universe' is accepted. */
export const RT_SCOPE = defineEnum('RT_SCOPE_', {
  global: 0,
  universe: 0,
  site: 200,
  link: 253,
  host: 254,
  nowhere: 255,
});

export const RT_TABLE_UNSPEC = 0;
export const RT_TABLE_COMPAT = 252;
export const RT_TABLE_DEFAULT = 253;
export const RT_TABLE_MAIN = 254;
export const RT_TABLE_LOCAL = 255;

/** Reserved table ids, for printing (route and rule codecs keep tables numeric). */
export const RT_TABLE = defineEnum('RT_TABLE_', {
  unspec: 0,
  compat: 252,
  default: 253,
  main: 254,
  local: 255,
});

export const RTNH_F_DEAD = 1;
export const RTNH_F_PERVASIVE = 2;
export const RTNH_F_ONLINK = 4;
export const RTNH_F_OFFLOAD = 8;
export const RTNH_F_LINKDOWN = 16;
export const RTNH_F_UNRESOLVED = 32;
export const RTNH_F_TRAP = 64;

/** rtnh_flags (struct rtnexthop). */
export const RTNH_F = defineEnum('RTNH_F_', {
  dead: 1,
  pervasive: 2,
  onlink: 4,
  offload: 8,
  linkdown: 16,
  unresolved: 32,
  trap: 64,
});

export const RTM_F_NOTIFY = 0x100;
export const RTM_F_CLONED = 0x200;
export const RTM_F_EQUALIZE = 0x400;
export const RTM_F_PREFIX = 0x800;
export const RTM_F_LOOKUP_TABLE = 0x1000;
export const RTM_F_FIB_MATCH = 0x2000;
export const RTM_F_OFFLOAD = 0x4000;
export const RTM_F_TRAP = 0x8000;
export const RTM_F_OFFLOAD_FAILED = 0x20000000;

/** RTM_F_* alone. */
export const RTM_F = defineEnum('RTM_F_', {
  notify: 0x100,
  cloned: 0x200,
  equalize: 0x400,
  prefix: 0x800,
  lookup_table: 0x1000,
  fib_match: 0x2000,
  offload: 0x4000,
  trap: 0x8000,
  offload_failed: 0x20000000,
});

/**
 * rtm_flags as a whole: the RTNH_F_* bits of the first nexthop in the low byte plus RTM_F_*.
 * Where the names collide, RTM_F_* get iproute2's 'rt_' prefix ('rt_offload', 'rt_trap',
 * 'rt_offload_failed').
 */
export const RTM_FLAGS = defineEnum('RTM_F_', {
  dead: 1,
  pervasive: 2,
  onlink: 4,
  offload: 8,
  linkdown: 16,
  unresolved: 32,
  trap: 64,
  notify: 0x100,
  cloned: 0x200,
  equalize: 0x400,
  prefix: 0x800,
  lookup_table: 0x1000,
  fib_match: 0x2000,
  rt_offload: 0x4000,
  rt_trap: 0x8000,
  rt_offload_failed: 0x20000000,
});

/**
 * RTCF_* (linux/in_route.h): the high 16 bits of rtm_flags in IPv4 answers to `ip route get`
 * (cloned routes), which iproute2 prints as "cache" flags. They overlap RTM_F_OFFLOAD_FAILED, so
 * the route codec leaves them numeric; use this table to name them.
 */
export const RTCF = defineEnum('RTCF_', {
  notify: 0x00010000,
  redirected: 0x00040000,
  doredirect: 0x01000000,
  directsrc: 0x04000000,
  dnat: 0x08000000,
  broadcast: 0x10000000,
  multicast: 0x20000000,
  local: 0x80000000,
});

/** RTAX_* (RTA_METRICS members). */
export const RTAX = defineEnum('RTAX_', {
  unspec: 0,
  lock: 1,
  mtu: 2,
  window: 3,
  rtt: 4,
  rttvar: 5,
  ssthresh: 6,
  cwnd: 7,
  advmss: 8,
  reordering: 9,
  hoplimit: 10,
  initcwnd: 11,
  features: 12,
  rto_min: 13,
  initrwnd: 14,
  quickack: 15,
  cc_algo: 16,
  fastopen_no_cookie: 17,
});

/** RTAX_LOCK: bit (1 << RTAX_x) locks metric x. Decoded to the metric names. */
export const RTAX_LOCK = defineEnum('RTAX_', {
  mtu: 1 << 2,
  window: 1 << 3,
  rtt: 1 << 4,
  rttvar: 1 << 5,
  ssthresh: 1 << 6,
  cwnd: 1 << 7,
  advmss: 1 << 8,
  reordering: 1 << 9,
  hoplimit: 1 << 10,
  initcwnd: 1 << 11,
  features: 1 << 12,
  rto_min: 1 << 13,
  initrwnd: 1 << 14,
  quickack: 1 << 15,
  cc_algo: 1 << 16,
  fastopen_no_cookie: 1 << 17,
});

/** RTAX_FEATURE_* (RTAX_FEATURES bits). */
export const RTAX_FEATURE = defineEnum('RTAX_FEATURE_', {
  ecn: 1,
  sack: 2,
  timestamp: 4,
  allfrag: 8,
  tcp_usec_ts: 16,
});

/** LWTUNNEL_ENCAP_* (RTA_ENCAP_TYPE). 'seg6local' is iproute2's spelling; 'seg6_local' is accepted. */
export const LWTUNNEL_ENCAP = defineEnum('LWTUNNEL_ENCAP_', {
  none: 0,
  mpls: 1,
  ip: 2,
  ila: 3,
  ip6: 4,
  seg6: 5,
  bpf: 6,
  seg6local: 7,
  seg6_local: 7,
  rpl: 8,
  ioam6: 9,
  xfrm: 10,
});

export const ICMPV6_ROUTER_PREF_LOW = 3;
export const ICMPV6_ROUTER_PREF_MEDIUM = 0;
export const ICMPV6_ROUTER_PREF_HIGH = 1;
export const ICMPV6_ROUTER_PREF_INVALID = 2;

/** RTA_PREF (IPv6 router preference). */
export const ICMPV6_ROUTER_PREF = defineEnum('ICMPV6_ROUTER_PREF_', {
  medium: 0,
  high: 1,
  invalid: 2,
  low: 3,
});

// ---------------------------------------------------------------------------------------------
// Addresses.

/** IFA_F_* (ifa_flags holds the low 8 bits; IFA_FLAGS all 32). */
export const IFA_F = defineEnum('IFA_F_', {
  secondary: 0x01,
  temporary: 0x01,
  nodad: 0x02,
  optimistic: 0x04,
  dadfailed: 0x08,
  homeaddress: 0x10,
  deprecated: 0x20,
  tentative: 0x40,
  permanent: 0x80,
  managetempaddr: 0x100,
  noprefixroute: 0x200,
  mcautojoin: 0x400,
  'stable-privacy': 0x800,
  stable_privacy: 0x800,
});

/** IFAPROT_* (IFA_PROTO). */
export const IFAPROT = defineEnum('IFAPROT_', {
  unspec: 0,
  kernel_lo: 1,
  kernel_ra: 2,
  kernel_ll: 3,
});

// ---------------------------------------------------------------------------------------------
// Neighbours.

export const NUD_INCOMPLETE = 0x01;
export const NUD_REACHABLE = 0x02;
export const NUD_STALE = 0x04;
export const NUD_DELAY = 0x08;
export const NUD_PROBE = 0x10;
export const NUD_FAILED = 0x20;
export const NUD_NOARP = 0x40;
export const NUD_PERMANENT = 0x80;
export const NUD_NONE = 0x00;

/** NUD_* states (a flag word in ndm_state), upper case as iproute2 prints them. */
export const NUD = defineEnum('NUD_', {
  NONE: 0,
  INCOMPLETE: 0x01,
  REACHABLE: 0x02,
  STALE: 0x04,
  DELAY: 0x08,
  PROBE: 0x10,
  FAILED: 0x20,
  NOARP: 0x40,
  PERMANENT: 0x80,
});

export const NTF_USE = 1 << 0;
export const NTF_SELF = 1 << 1;
export const NTF_MASTER = 1 << 2;
export const NTF_PROXY = 1 << 3;
export const NTF_EXT_LEARNED = 1 << 4;
export const NTF_OFFLOADED = 1 << 5;
export const NTF_STICKY = 1 << 6;
export const NTF_ROUTER = 1 << 7;

/** NTF_* (ndm_flags), named as iproute2 prints them. */
export const NTF = defineEnum('NTF_', {
  use: 1 << 0,
  self: 1 << 1,
  master: 1 << 2,
  proxy: 1 << 3,
  extern_learn: 1 << 4,
  ext_learned: 1 << 4,
  offload: 1 << 5,
  offloaded: 1 << 5,
  sticky: 1 << 6,
  router: 1 << 7,
});

/** NTF_EXT_* (NDA_FLAGS_EXT). */
export const NTF_EXT = defineEnum('NTF_EXT_', {
  managed: 1 << 0,
  locked: 1 << 1,
  ext_validated: 1 << 2,
});

// ---------------------------------------------------------------------------------------------
// Rules.

/** FR_ACT_* (fib_rule_hdr.action). FR_ACT_TO_TBL is what iproute2 prints as "lookup"/"table" ('table' and 'lookup' accepted). */
export const FR_ACT = defineEnum('FR_ACT_', {
  unspec: 0,
  to_tbl: 1,
  table: 1,
  lookup: 1,
  goto: 2,
  nop: 3,
  res3: 4,
  res4: 5,
  blackhole: 6,
  unreachable: 7,
  prohibit: 8,
});

/** FIB_RULE_* (fib_rule_hdr.flags). */
export const FIB_RULE = defineEnum('FIB_RULE_', {
  permanent: 0x1,
  invert: 0x2,
  unresolved: 0x4,
  iif_detached: 0x8,
  dev_detached: 0x8,
  oif_detached: 0x10,
  find_saddr: 0x10000,
});

// ---------------------------------------------------------------------------------------------
// Network namespace ids.

/** NETNSA_NSID_NOT_ASSIGNED */
export const NETNSA_NSID_NOT_ASSIGNED = -1;

// ---------------------------------------------------------------------------------------------
// Multicast groups (enum rtnetlink_groups). Subscribe with the number; the legacy bind() group bit is 1 << (n - 1).

export const RTNLGRP_NONE = 0;
export const RTNLGRP_LINK = 1;
export const RTNLGRP_NOTIFY = 2;
export const RTNLGRP_NEIGH = 3;
export const RTNLGRP_TC = 4;
export const RTNLGRP_IPV4_IFADDR = 5;
export const RTNLGRP_IPV4_MROUTE = 6;
export const RTNLGRP_IPV4_ROUTE = 7;
export const RTNLGRP_IPV4_RULE = 8;
export const RTNLGRP_IPV6_IFADDR = 9;
export const RTNLGRP_IPV6_MROUTE = 10;
export const RTNLGRP_IPV6_ROUTE = 11;
export const RTNLGRP_IPV6_IFINFO = 12;
export const RTNLGRP_DECNET_IFADDR = 13;
export const RTNLGRP_NOP2 = 14;
export const RTNLGRP_DECNET_ROUTE = 15;
export const RTNLGRP_DECNET_RULE = 16;
export const RTNLGRP_NOP4 = 17;
export const RTNLGRP_IPV6_PREFIX = 18;
export const RTNLGRP_IPV6_RULE = 19;
export const RTNLGRP_ND_USEROPT = 20;
export const RTNLGRP_PHONET_IFADDR = 21;
export const RTNLGRP_PHONET_ROUTE = 22;
export const RTNLGRP_DCB = 23;
export const RTNLGRP_IPV4_NETCONF = 24;
export const RTNLGRP_IPV6_NETCONF = 25;
export const RTNLGRP_MDB = 26;
export const RTNLGRP_MPLS_ROUTE = 27;
export const RTNLGRP_NSID = 28;
export const RTNLGRP_MPLS_NETCONF = 29;
export const RTNLGRP_IPV4_MROUTE_R = 30;
export const RTNLGRP_IPV6_MROUTE_R = 31;
export const RTNLGRP_NEXTHOP = 32;
export const RTNLGRP_BRVLAN = 33;
export const RTNLGRP_MCTP_IFADDR = 34;
export const RTNLGRP_TUNNEL = 35;
export const RTNLGRP_STATS = 36;
export const RTNLGRP_IPV4_MCADDR = 37;
export const RTNLGRP_IPV6_MCADDR = 38;
export const RTNLGRP_IPV6_ACADDR = 39;

export const RTNLGRP = defineEnum('RTNLGRP_', {
  none: 0,
  link: 1,
  notify: 2,
  neigh: 3,
  tc: 4,
  ipv4_ifaddr: 5,
  ipv4_mroute: 6,
  ipv4_route: 7,
  ipv4_rule: 8,
  ipv6_ifaddr: 9,
  ipv6_mroute: 10,
  ipv6_route: 11,
  ipv6_ifinfo: 12,
  decnet_ifaddr: 13,
  nop2: 14,
  decnet_route: 15,
  decnet_rule: 16,
  nop4: 17,
  ipv6_prefix: 18,
  ipv6_rule: 19,
  nd_useropt: 20,
  phonet_ifaddr: 21,
  phonet_route: 22,
  dcb: 23,
  ipv4_netconf: 24,
  ipv6_netconf: 25,
  mdb: 26,
  mpls_route: 27,
  nsid: 28,
  mpls_netconf: 29,
  ipv4_mroute_r: 30,
  ipv6_mroute_r: 31,
  nexthop: 32,
  brvlan: 33,
  mctp_ifaddr: 34,
  tunnel: 35,
  stats: 36,
  ipv4_mcaddr: 37,
  ipv6_mcaddr: 38,
  ipv6_acaddr: 39,
});
