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

/** `AF_UNSPEC` (linux/socket.h): any address family (a dump of every family). */
export const AF_UNSPEC = 0;
/** `AF_UNIX` (linux/socket.h): Unix domain sockets. */
export const AF_UNIX = 1;
/** `AF_INET` (linux/socket.h): IPv4. */
export const AF_INET = 2;
/** `AF_BRIDGE` (linux/socket.h): the bridge (fdb, mdb, VLAN and bridge port messages). */
export const AF_BRIDGE = 7;
/** `AF_INET6` (linux/socket.h): IPv6. */
export const AF_INET6 = 10;
/** `AF_PACKET` (linux/socket.h): the link layer (`ip link` messages use it or AF_UNSPEC). */
export const AF_PACKET = 17;
/** `AF_MPLS` (linux/socket.h): MPLS. */
export const AF_MPLS = 28;
/** `RTNL_FAMILY_IPMR` (128): IPv4 multicast routes (`ip mroute`), an rtnetlink-only family. */
export const RTNL_FAMILY_IPMR = 128;
/** `RTNL_FAMILY_IP6MR` (129): IPv6 multicast routes, an rtnetlink-only family. */
export const RTNL_FAMILY_IP6MR = 129;

/** Address families by name (AF_*: `inet` ↔ 2, `inet6` ↔ 10), as an EnumDef (name ↔ number). */
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

/**
 * `RTM_NEWLINK` (linux/rtnetlink.h): message type that creates or changes a link (network
 * interface) (request), or announces one (notification).
 */
export const RTM_NEWLINK = 16;
/**
 * `RTM_DELLINK` (linux/rtnetlink.h): message type that deletes a link (network interface), or
 * announces its deletion.
 */
export const RTM_DELLINK = 17;
/**
 * `RTM_GETLINK` (linux/rtnetlink.h): message type that requests a link (network interface) (one,
 * or all with NLM_F_DUMP).
 */
export const RTM_GETLINK = 18;
/** `RTM_SETLINK` (linux/rtnetlink.h): message type that changes a link (network interface). */
export const RTM_SETLINK = 19;
/**
 * `RTM_NEWADDR` (linux/rtnetlink.h): message type that creates or changes an interface address
 * (request), or announces one (notification).
 */
export const RTM_NEWADDR = 20;
/**
 * `RTM_DELADDR` (linux/rtnetlink.h): message type that deletes an interface address, or announces
 * its deletion.
 */
export const RTM_DELADDR = 21;
/**
 * `RTM_GETADDR` (linux/rtnetlink.h): message type that requests an interface address (one, or all
 * with NLM_F_DUMP).
 */
export const RTM_GETADDR = 22;
/**
 * `RTM_NEWROUTE` (linux/rtnetlink.h): message type that creates or changes a route (request), or
 * announces one (notification).
 */
export const RTM_NEWROUTE = 24;
/**
 * `RTM_DELROUTE` (linux/rtnetlink.h): message type that deletes a route, or announces its
 * deletion.
 */
export const RTM_DELROUTE = 25;
/**
 * `RTM_GETROUTE` (linux/rtnetlink.h): message type that requests a route (one, or all with
 * NLM_F_DUMP).
 */
export const RTM_GETROUTE = 26;
/**
 * `RTM_NEWNEIGH` (linux/rtnetlink.h): message type that creates or changes a neighbour (ARP/NDP)
 * entry (request), or announces one (notification).
 */
export const RTM_NEWNEIGH = 28;
/**
 * `RTM_DELNEIGH` (linux/rtnetlink.h): message type that deletes a neighbour (ARP/NDP) entry, or
 * announces its deletion.
 */
export const RTM_DELNEIGH = 29;
/**
 * `RTM_GETNEIGH` (linux/rtnetlink.h): message type that requests a neighbour (ARP/NDP) entry (one,
 * or all with NLM_F_DUMP).
 */
export const RTM_GETNEIGH = 30;
/**
 * `RTM_NEWRULE` (linux/rtnetlink.h): message type that creates or changes a policy routing rule
 * (request), or announces one (notification).
 */
export const RTM_NEWRULE = 32;
/**
 * `RTM_DELRULE` (linux/rtnetlink.h): message type that deletes a policy routing rule, or announces
 * its deletion.
 */
export const RTM_DELRULE = 33;
/**
 * `RTM_GETRULE` (linux/rtnetlink.h): message type that requests a policy routing rule (one, or all
 * with NLM_F_DUMP).
 */
export const RTM_GETRULE = 34;
/**
 * `RTM_NEWQDISC` (linux/rtnetlink.h): message type that creates or changes a queueing discipline
 * (tc qdisc) (request), or announces one (notification).
 */
export const RTM_NEWQDISC = 36;
/**
 * `RTM_DELQDISC` (linux/rtnetlink.h): message type that deletes a queueing discipline (tc qdisc),
 * or announces its deletion.
 */
export const RTM_DELQDISC = 37;
/**
 * `RTM_GETQDISC` (linux/rtnetlink.h): message type that requests a queueing discipline (tc qdisc)
 * (one, or all with NLM_F_DUMP).
 */
export const RTM_GETQDISC = 38;
/**
 * `RTM_NEWTCLASS` (linux/rtnetlink.h): message type that creates or changes a traffic class (tc
 * class) (request), or announces one (notification).
 */
export const RTM_NEWTCLASS = 40;
/**
 * `RTM_DELTCLASS` (linux/rtnetlink.h): message type that deletes a traffic class (tc class), or
 * announces its deletion.
 */
export const RTM_DELTCLASS = 41;
/**
 * `RTM_GETTCLASS` (linux/rtnetlink.h): message type that requests a traffic class (tc class) (one,
 * or all with NLM_F_DUMP).
 */
export const RTM_GETTCLASS = 42;
/**
 * `RTM_NEWTFILTER` (linux/rtnetlink.h): message type that creates or changes a traffic filter (tc
 * filter) (request), or announces one (notification).
 */
export const RTM_NEWTFILTER = 44;
/**
 * `RTM_DELTFILTER` (linux/rtnetlink.h): message type that deletes a traffic filter (tc filter), or
 * announces its deletion.
 */
export const RTM_DELTFILTER = 45;
/**
 * `RTM_GETTFILTER` (linux/rtnetlink.h): message type that requests a traffic filter (tc filter)
 * (one, or all with NLM_F_DUMP).
 */
export const RTM_GETTFILTER = 46;
/**
 * `RTM_NEWACTION` (linux/rtnetlink.h): message type that creates or changes a tc action (request),
 * or announces one (notification).
 */
export const RTM_NEWACTION = 48;
/**
 * `RTM_DELACTION` (linux/rtnetlink.h): message type that deletes a tc action, or announces its
 * deletion.
 */
export const RTM_DELACTION = 49;
/**
 * `RTM_GETACTION` (linux/rtnetlink.h): message type that requests a tc action (one, or all with
 * NLM_F_DUMP).
 */
export const RTM_GETACTION = 50;
/**
 * `RTM_NEWPREFIX` (linux/rtnetlink.h): message type of the kernel's answers and notifications
 * about an IPv6 prefix learned from a router advertisement.
 */
export const RTM_NEWPREFIX = 52;
/**
 * `RTM_NEWMULTICAST` (linux/rtnetlink.h): message type of the kernel's answers and notifications
 * about an IPv6 multicast address.
 */
export const RTM_NEWMULTICAST = 56;
/**
 * `RTM_DELMULTICAST` (linux/rtnetlink.h): message type that deletes an IPv6 multicast address, or
 * announces its deletion.
 */
export const RTM_DELMULTICAST = 57;
/**
 * `RTM_GETMULTICAST` (linux/rtnetlink.h): message type that requests an IPv6 multicast address
 * (one, or all with NLM_F_DUMP).
 */
export const RTM_GETMULTICAST = 58;
/**
 * `RTM_NEWANYCAST` (linux/rtnetlink.h): message type of the kernel's answers and notifications
 * about an IPv6 anycast address.
 */
export const RTM_NEWANYCAST = 60;
/**
 * `RTM_DELANYCAST` (linux/rtnetlink.h): message type that deletes an IPv6 anycast address, or
 * announces its deletion.
 */
export const RTM_DELANYCAST = 61;
/**
 * `RTM_GETANYCAST` (linux/rtnetlink.h): message type that requests an IPv6 anycast address (one,
 * or all with NLM_F_DUMP).
 */
export const RTM_GETANYCAST = 62;
/**
 * `RTM_NEWNEIGHTBL` (linux/rtnetlink.h): message type that creates or changes a neighbour table's
 * parameters (`ip ntable`) (request), or announces one (notification).
 */
export const RTM_NEWNEIGHTBL = 64;
/**
 * `RTM_GETNEIGHTBL` (linux/rtnetlink.h): message type that requests a neighbour table's parameters
 * (`ip ntable`) (one, or all with NLM_F_DUMP).
 */
export const RTM_GETNEIGHTBL = 66;
/**
 * `RTM_SETNEIGHTBL` (linux/rtnetlink.h): message type that changes a neighbour table's parameters
 * (`ip ntable`).
 */
export const RTM_SETNEIGHTBL = 67;
/**
 * `RTM_NEWNDUSEROPT` (linux/rtnetlink.h): message type of the kernel's answers and notifications
 * about an ND user option from a router advertisement.
 */
export const RTM_NEWNDUSEROPT = 68;
/**
 * `RTM_NEWADDRLABEL` (linux/rtnetlink.h): message type that creates or changes an IPv6 address
 * label (`ip addrlabel`) (request), or announces one (notification).
 */
export const RTM_NEWADDRLABEL = 72;
/**
 * `RTM_DELADDRLABEL` (linux/rtnetlink.h): message type that deletes an IPv6 address label (`ip
 * addrlabel`), or announces its deletion.
 */
export const RTM_DELADDRLABEL = 73;
/**
 * `RTM_GETADDRLABEL` (linux/rtnetlink.h): message type that requests an IPv6 address label (`ip
 * addrlabel`) (one, or all with NLM_F_DUMP).
 */
export const RTM_GETADDRLABEL = 74;
/**
 * `RTM_GETDCB` (linux/rtnetlink.h): message type that requests data center bridging settings (one,
 * or all with NLM_F_DUMP).
 */
export const RTM_GETDCB = 78;
/** `RTM_SETDCB` (linux/rtnetlink.h): message type that changes data center bridging settings. */
export const RTM_SETDCB = 79;
/**
 * `RTM_NEWNETCONF` (linux/rtnetlink.h): message type of the kernel's answers and notifications
 * about per-device IP configuration (forwarding, rp_filter...; `ip netconf`).
 */
export const RTM_NEWNETCONF = 80;
/**
 * `RTM_DELNETCONF` (linux/rtnetlink.h): message type that deletes per-device IP configuration
 * (forwarding, rp_filter...; `ip netconf`), or announces its deletion.
 */
export const RTM_DELNETCONF = 81;
/**
 * `RTM_GETNETCONF` (linux/rtnetlink.h): message type that requests per-device IP configuration
 * (forwarding, rp_filter...; `ip netconf`) (one, or all with NLM_F_DUMP).
 */
export const RTM_GETNETCONF = 82;
/**
 * `RTM_NEWMDB` (linux/rtnetlink.h): message type that creates or changes a bridge multicast
 * database entry (`bridge mdb`) (request), or announces one (notification).
 */
export const RTM_NEWMDB = 84;
/**
 * `RTM_DELMDB` (linux/rtnetlink.h): message type that deletes a bridge multicast database entry
 * (`bridge mdb`), or announces its deletion.
 */
export const RTM_DELMDB = 85;
/**
 * `RTM_GETMDB` (linux/rtnetlink.h): message type that requests a bridge multicast database entry
 * (`bridge mdb`) (one, or all with NLM_F_DUMP).
 */
export const RTM_GETMDB = 86;
/**
 * `RTM_NEWNSID` (linux/rtnetlink.h): message type that creates or changes a network namespace id
 * (`ip netns set`) (request), or announces one (notification).
 */
export const RTM_NEWNSID = 88;
/**
 * `RTM_DELNSID` (linux/rtnetlink.h): message type that deletes a network namespace id (`ip netns
 * set`), or announces its deletion.
 */
export const RTM_DELNSID = 89;
/**
 * `RTM_GETNSID` (linux/rtnetlink.h): message type that requests a network namespace id (`ip netns
 * set`) (one, or all with NLM_F_DUMP).
 */
export const RTM_GETNSID = 90;
/**
 * `RTM_NEWSTATS` (linux/rtnetlink.h): message type of the kernel's answers and notifications about
 * link statistics (`ip stats`).
 */
export const RTM_NEWSTATS = 92;
/**
 * `RTM_GETSTATS` (linux/rtnetlink.h): message type that requests link statistics (`ip stats`)
 * (one, or all with NLM_F_DUMP).
 */
export const RTM_GETSTATS = 94;
/** `RTM_SETSTATS` (linux/rtnetlink.h): message type that changes link statistics (`ip stats`). */
export const RTM_SETSTATS = 95;
/**
 * `RTM_NEWCACHEREPORT` (linux/rtnetlink.h): message type of the kernel's answers and notifications
 * about a multicast routing cache report.
 */
export const RTM_NEWCACHEREPORT = 96;
/**
 * `RTM_NEWCHAIN` (linux/rtnetlink.h): message type that creates or changes a tc filter chain
 * (request), or announces one (notification).
 */
export const RTM_NEWCHAIN = 100;
/**
 * `RTM_DELCHAIN` (linux/rtnetlink.h): message type that deletes a tc filter chain, or announces
 * its deletion.
 */
export const RTM_DELCHAIN = 101;
/**
 * `RTM_GETCHAIN` (linux/rtnetlink.h): message type that requests a tc filter chain (one, or all
 * with NLM_F_DUMP).
 */
export const RTM_GETCHAIN = 102;
/**
 * `RTM_NEWNEXTHOP` (linux/rtnetlink.h): message type that creates or changes a nexthop object (`ip
 * nexthop`) (request), or announces one (notification).
 */
export const RTM_NEWNEXTHOP = 104;
/**
 * `RTM_DELNEXTHOP` (linux/rtnetlink.h): message type that deletes a nexthop object (`ip nexthop`),
 * or announces its deletion.
 */
export const RTM_DELNEXTHOP = 105;
/**
 * `RTM_GETNEXTHOP` (linux/rtnetlink.h): message type that requests a nexthop object (`ip nexthop`)
 * (one, or all with NLM_F_DUMP).
 */
export const RTM_GETNEXTHOP = 106;
/**
 * `RTM_NEWLINKPROP` (linux/rtnetlink.h): message type that creates or changes a link property (an
 * alternative name, `ip link property`) (request), or announces one (notification).
 */
export const RTM_NEWLINKPROP = 108;
/**
 * `RTM_DELLINKPROP` (linux/rtnetlink.h): message type that deletes a link property (an alternative
 * name, `ip link property`), or announces its deletion.
 */
export const RTM_DELLINKPROP = 109;
/**
 * `RTM_GETLINKPROP` (linux/rtnetlink.h): message type that requests a link property (an
 * alternative name, `ip link property`) (one, or all with NLM_F_DUMP).
 */
export const RTM_GETLINKPROP = 110;
/**
 * `RTM_NEWVLAN` (linux/rtnetlink.h): message type that creates or changes a bridge port VLAN
 * (`bridge vlan`) (request), or announces one (notification).
 */
export const RTM_NEWVLAN = 112;
/**
 * `RTM_DELVLAN` (linux/rtnetlink.h): message type that deletes a bridge port VLAN (`bridge vlan`),
 * or announces its deletion.
 */
export const RTM_DELVLAN = 113;
/**
 * `RTM_GETVLAN` (linux/rtnetlink.h): message type that requests a bridge port VLAN (`bridge vlan`)
 * (one, or all with NLM_F_DUMP).
 */
export const RTM_GETVLAN = 114;
/**
 * `RTM_NEWNEXTHOPBUCKET` (linux/rtnetlink.h): message type that creates or changes a bucket of a
 * resilient nexthop group (request), or announces one (notification).
 */
export const RTM_NEWNEXTHOPBUCKET = 116;
/**
 * `RTM_DELNEXTHOPBUCKET` (linux/rtnetlink.h): message type that deletes a bucket of a resilient
 * nexthop group, or announces its deletion.
 */
export const RTM_DELNEXTHOPBUCKET = 117;
/**
 * `RTM_GETNEXTHOPBUCKET` (linux/rtnetlink.h): message type that requests a bucket of a resilient
 * nexthop group (one, or all with NLM_F_DUMP).
 */
export const RTM_GETNEXTHOPBUCKET = 118;
/**
 * `RTM_NEWTUNNEL` (linux/rtnetlink.h): message type that creates or changes a VXLAN device's VNI
 * filter (`bridge vni`) (request), or announces one (notification).
 */
export const RTM_NEWTUNNEL = 120;
/**
 * `RTM_DELTUNNEL` (linux/rtnetlink.h): message type that deletes a VXLAN device's VNI filter
 * (`bridge vni`), or announces its deletion.
 */
export const RTM_DELTUNNEL = 121;
/**
 * `RTM_GETTUNNEL` (linux/rtnetlink.h): message type that requests a VXLAN device's VNI filter
 * (`bridge vni`) (one, or all with NLM_F_DUMP).
 */
export const RTM_GETTUNNEL = 122;

/** rtnetlink message types (RTM_*) by their lower-case suffix: `RTM.name(24) === 'newroute'`. */
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

/** `RTN_UNSPEC` (rtm_type): unknown route type. */
export const RTN_UNSPEC = 0;
/** `RTN_UNICAST` (rtm_type): a gateway or direct route. */
export const RTN_UNICAST = 1;
/** `RTN_LOCAL` (rtm_type): a local address: accepted locally. */
export const RTN_LOCAL = 2;
/** `RTN_BROADCAST` (rtm_type): accepted locally as broadcast, sent as broadcast. */
export const RTN_BROADCAST = 3;
/** `RTN_ANYCAST` (rtm_type): accepted locally as broadcast, sent as unicast. */
export const RTN_ANYCAST = 4;
/** `RTN_MULTICAST` (rtm_type): a multicast route. */
export const RTN_MULTICAST = 5;
/** `RTN_BLACKHOLE` (rtm_type): packets are dropped silently. */
export const RTN_BLACKHOLE = 6;
/**
 * `RTN_UNREACHABLE` (rtm_type): the destination is unreachable (EHOSTUNREACH, ICMP host
 * unreachable).
 */
export const RTN_UNREACHABLE = 7;
/**
 * `RTN_PROHIBIT` (rtm_type): administratively prohibited (EACCES, ICMP communication prohibited).
 */
export const RTN_PROHIBIT = 8;
/** `RTN_THROW` (rtm_type): not in this table: the rule lookup continues. */
export const RTN_THROW = 9;
/** `RTN_NAT` (rtm_type): network address translation (no longer implemented for IPv4). */
export const RTN_NAT = 10;
/** `RTN_XRESOLVE` (rtm_type): an external resolver is used (not implemented). */
export const RTN_XRESOLVE = 11;

/**
 * Route types (rtm_type, RTN_*), named as `ip route` prints them (`unicast`, `local`,
 * `blackhole`...).
 */
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

/** `RTPROT_UNSPEC` (rtm_protocol): unknown origin. */
export const RTPROT_UNSPEC = 0;
/** `RTPROT_REDIRECT` (rtm_protocol): installed by an ICMP redirect. */
export const RTPROT_REDIRECT = 1;
/** `RTPROT_KERNEL` (rtm_protocol): installed by the kernel (`proto kernel`). */
export const RTPROT_KERNEL = 2;
/**
 * `RTPROT_BOOT` (rtm_protocol): installed during boot (`proto boot`, the default of `ip route
 * add`).
 */
export const RTPROT_BOOT = 3;
/** `RTPROT_STATIC` (rtm_protocol): installed by the administrator (`proto static`). */
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

/** `RT_SCOPE_UNIVERSE` (rtm_scope): global (`scope global`). */
export const RT_SCOPE_UNIVERSE = 0;
/** `RT_SCOPE_SITE` (rtm_scope): interior route in the local autonomous system. */
export const RT_SCOPE_SITE = 200;
/** `RT_SCOPE_LINK` (rtm_scope): on the attached link (`scope link`). */
export const RT_SCOPE_LINK = 253;
/** `RT_SCOPE_HOST` (rtm_scope): on this host (`scope host`). */
export const RT_SCOPE_HOST = 254;
/** `RT_SCOPE_NOWHERE` (rtm_scope): the destination does not exist. */
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

/** `RT_TABLE_UNSPEC` (0) no table given: the main table for routes. */
export const RT_TABLE_UNSPEC = 0;
/** `RT_TABLE_COMPAT` (252) a table id above 255 in a request that only has the 8-bit rtm_table. */
export const RT_TABLE_COMPAT = 252;
/** `RT_TABLE_DEFAULT` (253) the `default` table. */
export const RT_TABLE_DEFAULT = 253;
/** `RT_TABLE_MAIN` (254) the `main` table, where routes go by default. */
export const RT_TABLE_MAIN = 254;
/** `RT_TABLE_LOCAL` (255) the `local` table of local and broadcast addresses. */
export const RT_TABLE_LOCAL = 255;

/** Reserved table ids, for printing (route and rule codecs keep tables numeric). */
export const RT_TABLE = defineEnum('RT_TABLE_', {
  unspec: 0,
  compat: 252,
  default: 253,
  main: 254,
  local: 255,
});

/** `RTNH_F_DEAD` (rtnh_flags): the nexthop is dead (multipath). */
export const RTNH_F_DEAD = 1;
/** `RTNH_F_PERVASIVE` (rtnh_flags): do a recursive gateway lookup. */
export const RTNH_F_PERVASIVE = 2;
/**
 * `RTNH_F_ONLINK` (rtnh_flags): the gateway is on the link even without a matching prefix
 * (`onlink`).
 */
export const RTNH_F_ONLINK = 4;
/** `RTNH_F_OFFLOAD` (rtnh_flags): the nexthop is offloaded. */
export const RTNH_F_OFFLOAD = 8;
/** `RTNH_F_LINKDOWN` (rtnh_flags): the nexthop's device has no carrier (`linkdown`). */
export const RTNH_F_LINKDOWN = 16;
/** `RTNH_F_UNRESOLVED` (rtnh_flags): the entry is unresolved (multicast routing). */
export const RTNH_F_UNRESOLVED = 32;
/** `RTNH_F_TRAP` (rtnh_flags): the nexthop traps packets to the CPU. */
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

/** `RTM_F_NOTIFY` (rtm_flags): ask for a notification of the route change. */
export const RTM_F_NOTIFY = 0x100;
/** `RTM_F_CLONED` (rtm_flags): the route is a cloned (cache) entry. */
export const RTM_F_CLONED = 0x200;
/** `RTM_F_EQUALIZE` (rtm_flags): multipath equalizer (not implemented by the kernel). */
export const RTM_F_EQUALIZE = 0x400;
/** `RTM_F_PREFIX` (rtm_flags): prefix addresses (IPv6 RA). */
export const RTM_F_PREFIX = 0x800;
/**
 * `RTM_F_LOOKUP_TABLE` (rtm_flags): in `ip route get`: set rtm_table to the table the lookup used.
 */
export const RTM_F_LOOKUP_TABLE = 0x1000;
/**
 * `RTM_F_FIB_MATCH` (rtm_flags): in `ip route get`: return the matching FIB entry instead of the
 * resolved route (`fibmatch`).
 */
export const RTM_F_FIB_MATCH = 0x2000;
/** `RTM_F_OFFLOAD` (rtm_flags): the route is offloaded to hardware. */
export const RTM_F_OFFLOAD = 0x4000;
/** `RTM_F_TRAP` (rtm_flags): the route traps packets to the CPU. */
export const RTM_F_TRAP = 0x8000;
/** `RTM_F_OFFLOAD_FAILED` (rtm_flags): offloading the route failed. */
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

/**
 * `ICMPV6_ROUTER_PREF_LOW`: default router preference low (0x3) of RFC 4191, in RTA_PREF (`pref`).
 */
export const ICMPV6_ROUTER_PREF_LOW = 3;
/**
 * `ICMPV6_ROUTER_PREF_MEDIUM`: default router preference medium (0, the default) of RFC 4191, in
 * RTA_PREF (`pref`).
 */
export const ICMPV6_ROUTER_PREF_MEDIUM = 0;
/**
 * `ICMPV6_ROUTER_PREF_HIGH`: default router preference high (0x1) of RFC 4191, in RTA_PREF
 * (`pref`).
 */
export const ICMPV6_ROUTER_PREF_HIGH = 1;
/**
 * `ICMPV6_ROUTER_PREF_INVALID`: default router preference invalid (0x2) of RFC 4191, in RTA_PREF
 * (`pref`).
 */
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

/** `NUD_INCOMPLETE` (ndm_state): address resolution is in progress. */
export const NUD_INCOMPLETE = 0x01;
/** `NUD_REACHABLE` (ndm_state): confirmed reachable recently. */
export const NUD_REACHABLE = 0x02;
/** `NUD_STALE` (ndm_state): was reachable; confirmed again on the next use. */
export const NUD_STALE = 0x04;
/** `NUD_DELAY` (ndm_state): waiting a moment before probing. */
export const NUD_DELAY = 0x08;
/** `NUD_PROBE` (ndm_state): being probed. */
export const NUD_PROBE = 0x10;
/** `NUD_FAILED` (ndm_state): resolution failed. */
export const NUD_FAILED = 0x20;
/** `NUD_NOARP` (ndm_state): needs no resolution (e.g. point-to-point). */
export const NUD_NOARP = 0x40;
/** `NUD_PERMANENT` (ndm_state): a static entry (`ip neigh add ... nud permanent`). */
export const NUD_PERMANENT = 0x80;
/** `NUD_NONE` (ndm_state): no state. */
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

/** `NTF_USE` (ndm_flags): the entry is in use (refreshes it). */
export const NTF_USE = 1 << 0;
/** `NTF_SELF` (ndm_flags): the entry is in the device's own table (`self`). */
export const NTF_SELF = 1 << 1;
/** `NTF_MASTER` (ndm_flags): the entry is in the master's (bridge's) table (`master`). */
export const NTF_MASTER = 1 << 2;
/** `NTF_PROXY` (ndm_flags): a proxy ARP/NDP entry (`ip neigh add proxy`). */
export const NTF_PROXY = 1 << 3;
/**
 * `NTF_EXT_LEARNED` (ndm_flags): learned by an external entity such as a switch driver
 * (`extern_learn`).
 */
export const NTF_EXT_LEARNED = 1 << 4;
/** `NTF_OFFLOADED` (ndm_flags): the entry is offloaded to hardware. */
export const NTF_OFFLOADED = 1 << 5;
/** `NTF_STICKY` (ndm_flags): a bridge fdb entry that never moves to another port (`sticky`). */
export const NTF_STICKY = 1 << 6;
/** `NTF_ROUTER` (ndm_flags): the neighbour is an IPv6 router (`router`). */
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

/** `RTNLGRP_NONE`: no group. */
export const RTNLGRP_NONE = 0;
/** `RTNLGRP_LINK`: the multicast group of links (`ip monitor link`) notifications. */
export const RTNLGRP_LINK = 1;
/** `RTNLGRP_NOTIFY`: the multicast group of user notifications notifications. */
export const RTNLGRP_NOTIFY = 2;
/** `RTNLGRP_NEIGH`: the multicast group of neighbours (`ip monitor neigh`) notifications. */
export const RTNLGRP_NEIGH = 3;
/** `RTNLGRP_TC`: the multicast group of traffic control notifications. */
export const RTNLGRP_TC = 4;
/** `RTNLGRP_IPV4_IFADDR`: the multicast group of IPv4 addresses notifications. */
export const RTNLGRP_IPV4_IFADDR = 5;
/** `RTNLGRP_IPV4_MROUTE`: the multicast group of IPv4 multicast routes notifications. */
export const RTNLGRP_IPV4_MROUTE = 6;
/** `RTNLGRP_IPV4_ROUTE`: the multicast group of IPv4 routes notifications. */
export const RTNLGRP_IPV4_ROUTE = 7;
/** `RTNLGRP_IPV4_RULE`: the multicast group of IPv4 rules notifications. */
export const RTNLGRP_IPV4_RULE = 8;
/** `RTNLGRP_IPV6_IFADDR`: the multicast group of IPv6 addresses notifications. */
export const RTNLGRP_IPV6_IFADDR = 9;
/** `RTNLGRP_IPV6_MROUTE`: the multicast group of IPv6 multicast routes notifications. */
export const RTNLGRP_IPV6_MROUTE = 10;
/** `RTNLGRP_IPV6_ROUTE`: the multicast group of IPv6 routes notifications. */
export const RTNLGRP_IPV6_ROUTE = 11;
/** `RTNLGRP_IPV6_IFINFO`: the multicast group of IPv6 per-device information notifications. */
export const RTNLGRP_IPV6_IFINFO = 12;
/** `RTNLGRP_DECNET_IFADDR`: the multicast group of DECnet addresses (obsolete) notifications. */
export const RTNLGRP_DECNET_IFADDR = 13;
/** `RTNLGRP_NOP2`: unused. */
export const RTNLGRP_NOP2 = 14;
/** `RTNLGRP_DECNET_ROUTE`: the multicast group of DECnet routes (obsolete) notifications. */
export const RTNLGRP_DECNET_ROUTE = 15;
/** `RTNLGRP_DECNET_RULE`: the multicast group of DECnet rules (obsolete) notifications. */
export const RTNLGRP_DECNET_RULE = 16;
/** `RTNLGRP_NOP4`: unused. */
export const RTNLGRP_NOP4 = 17;
/** `RTNLGRP_IPV6_PREFIX`: the multicast group of IPv6 prefixes notifications. */
export const RTNLGRP_IPV6_PREFIX = 18;
/** `RTNLGRP_IPV6_RULE`: the multicast group of IPv6 rules notifications. */
export const RTNLGRP_IPV6_RULE = 19;
/** `RTNLGRP_ND_USEROPT`: the multicast group of ND user options notifications. */
export const RTNLGRP_ND_USEROPT = 20;
/** `RTNLGRP_PHONET_IFADDR`: the multicast group of Phonet addresses notifications. */
export const RTNLGRP_PHONET_IFADDR = 21;
/** `RTNLGRP_PHONET_ROUTE`: the multicast group of Phonet routes notifications. */
export const RTNLGRP_PHONET_ROUTE = 22;
/** `RTNLGRP_DCB`: the multicast group of data center bridging notifications. */
export const RTNLGRP_DCB = 23;
/**
 * `RTNLGRP_IPV4_NETCONF`: the multicast group of IPv4 netconf (per-device settings) notifications.
 */
export const RTNLGRP_IPV4_NETCONF = 24;
/** `RTNLGRP_IPV6_NETCONF`: the multicast group of IPv6 netconf notifications. */
export const RTNLGRP_IPV6_NETCONF = 25;
/** `RTNLGRP_MDB`: the multicast group of the bridge multicast database notifications. */
export const RTNLGRP_MDB = 26;
/** `RTNLGRP_MPLS_ROUTE`: the multicast group of MPLS routes notifications. */
export const RTNLGRP_MPLS_ROUTE = 27;
/** `RTNLGRP_NSID`: the multicast group of network namespace ids notifications. */
export const RTNLGRP_NSID = 28;
/** `RTNLGRP_MPLS_NETCONF`: the multicast group of MPLS netconf notifications. */
export const RTNLGRP_MPLS_NETCONF = 29;
/**
 * `RTNLGRP_IPV4_MROUTE_R`: the multicast group of IPv4 multicast routing cache reports
 * notifications.
 */
export const RTNLGRP_IPV4_MROUTE_R = 30;
/**
 * `RTNLGRP_IPV6_MROUTE_R`: the multicast group of IPv6 multicast routing cache reports
 * notifications.
 */
export const RTNLGRP_IPV6_MROUTE_R = 31;
/** `RTNLGRP_NEXTHOP`: the multicast group of nexthop objects notifications. */
export const RTNLGRP_NEXTHOP = 32;
/** `RTNLGRP_BRVLAN`: the multicast group of bridge VLANs notifications. */
export const RTNLGRP_BRVLAN = 33;
/** `RTNLGRP_MCTP_IFADDR`: the multicast group of MCTP addresses notifications. */
export const RTNLGRP_MCTP_IFADDR = 34;
/** `RTNLGRP_TUNNEL`: the multicast group of tunnel (VXLAN VNI) changes notifications. */
export const RTNLGRP_TUNNEL = 35;
/** `RTNLGRP_STATS`: the multicast group of link statistics notifications. */
export const RTNLGRP_STATS = 36;
/** `RTNLGRP_IPV4_MCADDR`: the multicast group of IPv4 multicast address notifications. */
export const RTNLGRP_IPV4_MCADDR = 37;
/** `RTNLGRP_IPV6_MCADDR`: the multicast group of IPv6 multicast address notifications. */
export const RTNLGRP_IPV6_MCADDR = 38;
/** `RTNLGRP_IPV6_ACADDR`: the multicast group of IPv6 anycast address notifications. */
export const RTNLGRP_IPV6_ACADDR = 39;

/** rtnetlink multicast groups (enum rtnetlink_groups) by name, what `ip monitor` subscribes to. */
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
