/**
 * The options of `handle.route`: a route to add / change / delete (`ip route add ...`), its
 * nexthops and encapsulations, the filters of `list` and the lookup of `get`.
 */
import type {
  RouteEncapOptions, RouteFlagName, RouteMetricOptions, RoutePrefName, RouteProtocolName, RouteScopeName, RouteTypeName,
} from '../../rtnl/route/requests.js';
import type { Route } from '../views.js';

/** A table id, or a reserved name: 'main' (254), 'local' (255), 'default' (253). */
export type TableRef = number | 'main' | 'local' | 'default';

/** One nexthop of a multipath route (`ip route add P nexthop via G dev D weight W ...`). */
export interface RouteNexthop {
  /** Gateway address (`via`); one of the other family goes in RTA_VIA (`via inet6 ADDR` in an IPv4 route). Same name as the view's. */
  gateway?: string;
  /** iproute2's word for `gateway`. */
  via?: string;
  dev?: string | number;
  /** 1..256 */
  weight?: number;
  onlink?: boolean;
  /** `realms [SRC/]DST` of this nexthop (RTA_FLOW): raw `SRC << 16 | DST`. */
  realm?: number;
  /** This nexthop's lightweight tunnel encapsulation. */
  encap?: RouteEncap;
}

/**
 * The tunnel metadata of `encap ip ...` (LWTUNNEL_ENCAP_IP): what a collect-metadata
 * (`external`) tunnel device uses for the packets routed here. Attributes are sent in the order
 * the keys are given (as `ip` sends them in command-line order); the flags last.
 */
export interface IpEncap {
  type: 'ip';
  /** `id ID`: the tunnel key (VNI, GRE key...), LWTUNNEL_IP_ID (be64). */
  id?: number | bigint;
  /** `dst ADDR`: the outer destination (IPv4). */
  dst?: string;
  /** `src ADDR`: the outer source (IPv4). */
  src?: string;
  /** `ttl N`: outer TTL, 0..255. */
  ttl?: number;
  /** `tos N`: outer TOS, 0..255. */
  tos?: number;
  /** `key`: TUNNEL_KEY. */
  key?: boolean;
  /** `csum`: TUNNEL_CSUM. */
  csum?: boolean;
  /** `seq`: TUNNEL_SEQ. */
  seq?: boolean;
}

/** `encap ip6 ...` (LWTUNNEL_ENCAP_IP6): the IPv6 form of {@link IpEncap}. */
export interface Ip6Encap {
  type: 'ip6';
  /** `id ID`: the tunnel key, LWTUNNEL_IP6_ID (be64). */
  id?: number | bigint;
  /** `dst ADDR`: the outer destination (IPv6). */
  dst?: string;
  /** `src ADDR`: the outer source (IPv6). */
  src?: string;
  /** `hoplimit N`: outer hop limit, 0..255. */
  hoplimit?: number;
  /** `tc N`: outer traffic class, 0..255. */
  tc?: number;
  /** `key`: TUNNEL_KEY. */
  key?: boolean;
  /** `csum`: TUNNEL_CSUM. */
  csum?: boolean;
  /** `seq`: TUNNEL_SEQ. */
  seq?: boolean;
}

/** `encap xfrm if_id N [link_dev DEV]` (LWTUNNEL_ENCAP_XFRM, an xfrm interface in collect-md mode). */
export interface XfrmEncap {
  type: 'xfrm';
  /** `if_id N`: the xfrm interface id (LWT_XFRM_IF_ID), 1..2^32-1. */
  ifId: number;
  /** `link_dev DEV`: the underlying device (LWT_XFRM_LINK), name or ifindex. */
  linkDev?: string | number;
}

/**
 * A lightweight tunnel encapsulation (`encap mpls 100/200 [ttl N]`, `encap seg6 mode encap segs
 * A,B [hmac K]`, `encap ip id 5 dst A`, `encap ip6 ...`, `encap xfrm if_id N`), or any type as
 * raw RTA_ENCAP attributes (`{ type, data }`, see src/rtnl/route/encap.ts). Whether the kernel
 * takes it depends on its config (MPLS_IPTUNNEL, IPV6_SEG6_LWTUNNEL, XFRM_INTERFACE...).
 */
export type RouteEncap =
  | { type: 'mpls'; labels: number[]; ttl?: number }
  | { type: 'seg6'; mode: 'inline' | 'encap' | 'l2encap' | 'encap.red' | 'l2encap.red'; segs: string[]; hmac?: number }
  | IpEncap
  | Ip6Encap
  | XfrmEncap
  | RouteEncapOptions;

/** `ip route add|replace|change|append|del [TYPE] PREFIX [via GW] [dev IF] [table T] [metric N] ...` */
export interface RouteOptions extends RouteMetricOptions {
  /** 'default', '10.0.0.0/24', '2001:db8::/64', or a host address. */
  dst: string;
  /** Gateway (RTA_GATEWAY, `via GW`): the same name as `Route.gateway`. */
  gateway?: string;
  /** iproute2's word for `gateway` (give one of the two). */
  via?: string;
  /** Output device (name or ifindex). */
  dev?: string | number;
  /** Preferred source address (RTA_PREFSRC, `src ADDR`): the same name as `Route.prefsrc`. */
  prefsrc?: string;
  /** iproute2's word for `prefsrc` (give one of the two). */
  src?: string;
  /** Source prefix (`from`, IPv6 source routing). */
  from?: string;
  table?: TableRef;
  metric?: number;
  protocol?: RouteProtocolName;
  scope?: RouteScopeName;
  /** 'unicast' (default), 'blackhole', 'unreachable', 'prohibit', 'local', 'throw'... */
  type?: RouteTypeName;
  onlink?: boolean;
  tos?: number;
  pref?: RoutePrefName;
  realm?: number;
  expires?: number;
  encap?: RouteEncap;
  /** `nhid ID`: use nexthop object ID (`ip nexthop`) instead of via/dev/nexthops. */
  nhid?: number;
  /** `ttl-propagate enabled|disabled` (RTA_TTL_PROPAGATE; MPLS routes). */
  ttlPropagate?: boolean;
  flags?: RouteFlagName[];
  /** Multipath (`nexthop via A dev X weight 1 nexthop via B ...`). */
  nexthops?: RouteNexthop[];
  /** 4 or 6 when `dst` is 'default' (default 4, or the family of `via`). */
  family?: 4 | 6;
}

/**
 * Filters of `handle.route.list()`, as `ip route show [table T] [proto P] [type T] [dev D]` takes
 * them.
 */
export interface RouteListOptions {
  /** Default 'main' (like `ip route show`); 'all' for every table. */
  table?: TableRef | 'all';
  /** Default 4, like `ip route show` (IPv4); 6 for `ip -6 route show`; 'all' for both (`ip -0`). */
  family?: 4 | 6 | 'all';
  protocol?: RouteProtocolName;
  type?: RouteTypeName;
  dev?: string | number;
  /** Any other client-side predicate. */
  filter?: (r: Route) => boolean;
}

/**
 * The lookup `ip route get ADDRESS [from S] [iif D] [oif D] [mark M] [uid U] [fibmatch] ...`
 * describes.
 */
export interface RouteGetOptions {
  from?: string;
  iif?: string | number;
  oif?: string | number;
  mark?: number;
  uid?: number;
  fibmatch?: boolean;
  /** `tos T` / `dsfield T`: the rtm_tos of the lookup. */
  tos?: number;
  /** `ipproto P` (RTA_IP_PROTO), a protocol number: what policy rules with ipproto / sport / dport match on. */
  ipProto?: number;
  /** `sport N` (RTA_SPORT). */
  sport?: number;
  /** `dport N` (RTA_DPORT). */
  dport?: number;
}
