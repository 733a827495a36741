/**
 * Friendly, flat views of decoded rtnetlink messages (what the API returns), each with the
 * decoded message under `raw`.
 */
import { flagWordOf } from '../netlink/enums.js';
import type { AddrMessage } from '../rtnl/addr/schema.js';
import { addrFlags } from '../rtnl/addr/schema.js';
import { IFA_F } from '../rtnl/constants.js';
import type { LinkMessageBody } from '../rtnl/link/attrs.js';
import type { EnumName, IFF, OperState } from '../rtnl/link/constants.js';
import type { KnownLinkKind } from '../rtnl/link/kinds/index.js';
import type { NeighMessage } from '../rtnl/neigh/schema.js';
import type { NsidMessage } from '../rtnl/nsid/schema.js';
import type { RouteMessage } from '../rtnl/route/schema.js';
import { routeTable } from '../rtnl/route/schema.js';
import type { RuleMessage } from '../rtnl/rule/schema.js';
import { ruleTable } from '../rtnl/rule/schema.js';

type Name = string | number;
/** IFF_* flag names as iproute2 prints them ('UP', 'LOWER_UP'...); a number for a bit no name covers. */
export type LinkFlag = EnumName<typeof IFF> | number;
/** IF_OPER_* names ('UP', 'DOWN', 'LOWERLAYERDOWN'...); a number for a state this library does not name. */
export type LinkOperState = OperState | number;
/** A kind this library knows, or the kernel's spelling of one it does not (nothing is lost on reading). */
export type LinkKindName = KnownLinkKind | (string & {});

/** A network interface (`ip -d link show`). */
export interface Link {
  index: number;
  name: string;
  /** IFF_* names: 'UP', 'BROADCAST', 'LOWER_UP', ... */
  flags: LinkFlag[];
  /** IFF_UP is set (administratively up). */
  up: boolean;
  /** IFF_LOWER_UP is set (carrier). */
  lowerUp: boolean;
  /** Link-layer type (ARPHRD_*): 'ether', 'loopback', 'none'... */
  type: Name;
  mtu?: number;
  minMtu?: number;
  maxMtu?: number;
  /** 'UP', 'DOWN', 'UNKNOWN', 'LOWERLAYERDOWN'... */
  operstate?: LinkOperState;
  address?: string;
  broadcast?: string;
  permAddress?: string;
  /** IFLA_INFO_KIND: 'veth', 'bridge', 'vxlan', 'tun'... (absent for physical devices and lo). */
  kind?: LinkKindName;
  /** IFLA_INFO_DATA decoded through the kind's schema. */
  info?: Record<string, unknown>;
  /** IFLA_INFO_SLAVE_KIND: 'bridge' for a bridge port... */
  slaveKind?: string;
  slaveInfo?: Record<string, unknown>;
  /** ifindex of the master (bridge, bond, vrf). */
  master?: number;
  /** Name of the master (filled in by list/get when known). */
  masterName?: string;
  /** IFLA_LINK: parent or peer ifindex (in the namespace of linkNetnsid when present). */
  link?: number;
  /** IFLA_LINK_NETNSID: the namespace (as an nsid seen from here) the link/peer lives in. */
  linkNetnsid?: number;
  txqlen?: number;
  alias?: string;
  group?: number;
  qdisc?: string;
  promiscuity?: number;
  allmulti?: number;
  numTxQueues?: number;
  numRxQueues?: number;
  carrier?: boolean;
  altNames?: string[];
  stats64?: Record<string, bigint>;
  /** The decoded message. */
  raw: LinkMessageBody;
}

export function linkView(body: LinkMessageBody): Link {
  const h = body.header;
  const a = body.attrs;
  const flags = (h.flags ?? []) as LinkFlag[];
  const v: Link = {
    index: h.index,
    name: a.ifname ?? '',
    flags,
    up: flags.includes('UP'),
    lowerUp: flags.includes('LOWER_UP'),
    type: h.type as Name,
    raw: body,
  };
  if (a.mtu !== undefined) v.mtu = a.mtu;
  if (a.minMtu !== undefined) v.minMtu = a.minMtu;
  if (a.maxMtu !== undefined) v.maxMtu = a.maxMtu;
  if (a.operstate !== undefined) v.operstate = a.operstate;
  if (a.address !== undefined) v.address = a.address;
  if (a.broadcast !== undefined) v.broadcast = a.broadcast;
  if (a.permAddress !== undefined) v.permAddress = a.permAddress;
  const li = a.linkinfo;
  if (li?.kind !== undefined) v.kind = li.kind;
  if (li?.data !== undefined && !(li.data instanceof Uint8Array)) v.info = li.data as Record<string, unknown>;
  if (li?.slaveKind !== undefined) v.slaveKind = li.slaveKind;
  if (li?.slaveData !== undefined && !(li.slaveData instanceof Uint8Array)) v.slaveInfo = li.slaveData as Record<string, unknown>;
  if (a.master !== undefined) v.master = a.master;
  if (a.link !== undefined) v.link = a.link;
  if (a.linkNetnsid !== undefined) v.linkNetnsid = a.linkNetnsid;
  if (a.txqlen !== undefined) v.txqlen = a.txqlen;
  if (a.ifalias !== undefined) v.alias = a.ifalias;
  if (a.group !== undefined) v.group = a.group;
  if (a.qdisc !== undefined) v.qdisc = a.qdisc;
  if (a.promiscuity !== undefined) v.promiscuity = a.promiscuity;
  if (a.allmulti !== undefined) v.allmulti = a.allmulti;
  if (a.numTxQueues !== undefined) v.numTxQueues = a.numTxQueues;
  if (a.numRxQueues !== undefined) v.numRxQueues = a.numRxQueues;
  if (a.carrier !== undefined) v.carrier = a.carrier !== 0;
  const alt = a.propList?.altIfname;
  if (alt?.length) v.altNames = alt;
  if (a.stats64 !== undefined) v.stats64 = a.stats64 as unknown as Record<string, bigint>;
  return v;
}

/** An IP address on an interface (`ip addr show`). */
export interface Address {
  family: 4 | 6;
  /** ifindex */
  index: number;
  /** Interface name (filled in by list when known). */
  dev?: string;
  /** The local address (IFA_LOCAL, else IFA_ADDRESS). */
  address: string;
  prefixlen: number;
  /** `address/prefixlen` */
  cidr: string;
  /** The peer of a point-to-point address (IFA_ADDRESS when it differs from IFA_LOCAL). */
  peer?: string;
  broadcast?: string;
  label?: string;
  scope: Name;
  /** IFA_F_* names: 'permanent', 'tentative', 'nodad', 'dadfailed'... */
  flags: Name[];
  /** DAD still in progress (IPv6). */
  tentative: boolean;
  /** Seconds, or 'forever'. */
  validLft?: number | 'forever';
  preferredLft?: number | 'forever';
  metric?: number;
  raw: AddrMessage;
}

const lft = (v: number): number | 'forever' => (v === 0xffffffff ? 'forever' : v);

export function addrView(body: AddrMessage): Address {
  const h = body.header;
  const a = body.attrs;
  const local = a.local ?? a.address ?? '';
  const flags = addrFlags(body) as Name[];
  const v: Address = {
    family: h.family === 10 ? 6 : 4,
    index: h.index,
    address: local,
    prefixlen: h.prefixlen,
    cidr: `${local}/${h.prefixlen}`,
    scope: h.scope as Name,
    flags,
    tentative: (flagWordOf(IFA_F, flags) & 0x40) !== 0,
    raw: body,
  };
  if (a.local !== undefined && a.address !== undefined && a.address !== a.local) v.peer = a.address;
  if (a.broadcast !== undefined) v.broadcast = a.broadcast;
  if (a.label !== undefined) v.label = a.label;
  if (a.cacheinfo) {
    v.validLft = lft(a.cacheinfo.valid);
    v.preferredLft = lft(a.cacheinfo.prefered);
  }
  if (a.rtPriority !== undefined) v.metric = a.rtPriority;
  return v;
}

/** One nexthop of a multipath route. */
export interface RouteNexthopView {
  gateway?: string;
  /** ifindex */
  dev: number;
  devName?: string;
  weight: number;
  flags: Name[];
}

/**
 * The one family convention of the API: 4 and 6 for IPv4 and IPv6 (views, options, filters);
 * any other address family keeps its AF_* number.
 */
export type ViewFamily = 4 | 6 | number;

/** AF_INET → 4, AF_INET6 → 6, anything else unchanged. */
export function viewFamily(af: number): ViewFamily {
  return af === 2 ? 4 : af === 10 ? 6 : af;
}

/** A route (`ip route show table all`). */
export interface Route {
  /** 4 (IPv4) or 6 (IPv6), as every option and filter takes it; another family stays its AF_* number (AF_MPLS 28). */
  family: ViewFamily;
  /** 'default' or 'prefix/len' (the address alone for host routes, as iproute2 prints). */
  dst: string;
  dstLen: number;
  src?: string;
  table: number;
  type: Name;
  protocol: Name;
  scope: Name;
  tos: number;
  metric?: number;
  gateway?: string;
  /** Output ifindex (RTA_OIF). */
  dev?: number;
  devName?: string;
  prefsrc?: string;
  flags: Name[];
  mtu?: number;
  metrics?: Record<string, unknown>;
  nexthops?: RouteNexthopView[];
  raw: RouteMessage;
}

export function routeView(body: RouteMessage): Route {
  const h = body.header;
  const a = body.attrs;
  const max = h.family === 10 ? 128 : 32;
  let dst: string;
  if (a.dst === undefined || (h.dstLen === 0 && (typeof a.dst !== 'string' || /^(0\.0\.0\.0|::)$/.test(a.dst)))) dst = 'default';
  else if (typeof a.dst === 'string') dst = h.dstLen === max ? a.dst : `${a.dst}/${h.dstLen}`;
  else dst = JSON.stringify(a.dst);
  const v: Route = {
    family: viewFamily(h.family),
    dst,
    dstLen: h.dstLen,
    table: routeTable(body),
    type: h.type as Name,
    protocol: h.protocol as Name,
    scope: h.scope as Name,
    tos: h.tos,
    flags: h.flags as Name[],
    raw: body,
  };
  if (typeof a.src === 'string') v.src = h.srcLen === max ? a.src : `${a.src}/${h.srcLen}`;
  if (a.priority !== undefined) v.metric = a.priority;
  if (a.gateway !== undefined) v.gateway = a.gateway;
  if (a.oif !== undefined) v.dev = a.oif;
  if (a.prefsrc !== undefined) v.prefsrc = a.prefsrc;
  if (a.metrics) {
    v.metrics = a.metrics as Record<string, unknown>;
    if (a.metrics.mtu !== undefined) v.mtu = a.metrics.mtu;
  }
  if (a.multipath) {
    v.nexthops = a.multipath.map((nh) => {
      const n: RouteNexthopView = { dev: nh.ifindex, weight: nh.hops + 1, flags: nh.flags as Name[] };
      if (nh.attrs.gateway !== undefined) n.gateway = nh.attrs.gateway;
      return n;
    });
  }
  return v;
}

/** A neighbour (ARP / NDP) entry (`ip neigh show`). */
export interface Neighbour {
  /** 4 (IPv4: ARP) or 6 (IPv6: NDP); another family stays its AF_* number (AF_BRIDGE 7: fdb entries). */
  family: ViewFamily;
  /** ifindex */
  index: number;
  dev?: string;
  /** NDA_DST */
  address?: string;
  lladdr?: string;
  /** NUD_* names: 'PERMANENT', 'REACHABLE', 'STALE'... ([] for NONE) */
  state: Name[];
  flags: Name[];
  router: boolean;
  proxy: boolean;
  /** NTF_EXT_LEARNED (`extern_learn`). */
  externLearn: boolean;
  /** NTF_EXT_MANAGED in NDA_FLAGS_EXT (`managed`). */
  managed: boolean;
  /** NDA_PROTOCOL (`proto`), when set. */
  protocol?: Name;
  raw: NeighMessage;
}

export function neighView(body: NeighMessage): Neighbour {
  const h = body.header;
  const flags = h.flags as Name[];
  const v: Neighbour = {
    family: viewFamily(h.family),
    index: h.ifindex,
    state: h.state as Name[],
    flags,
    router: flags.includes('router'),
    proxy: flags.includes('proxy'),
    externLearn: flags.includes('extern_learn') || flags.includes('ext_learned'),
    managed: ((body.attrs.flagsExt ?? []) as Name[]).includes('managed'),
    raw: body,
  };
  if (body.attrs.protocol !== undefined) v.protocol = body.attrs.protocol as Name;
  if (body.attrs.dst !== undefined) v.address = body.attrs.dst;
  if (body.attrs.lladdr !== undefined) v.lladdr = body.attrs.lladdr;
  return v;
}

/** A policy routing rule (`ip rule show`). */
export interface Rule {
  /** 4 or 6; another family stays its AF_* number. */
  family: ViewFamily;
  priority: number;
  /** 'all' or prefix */
  from: string;
  to: string;
  table: number;
  action: Name;
  not: boolean;
  iif?: string;
  oif?: string;
  fwmark?: number;
  fwmask?: number;
  goto?: number;
  protocol?: Name;
  /** `realms SRC/DST` (FRA_FLOW). */
  realms?: { from: number; to: number };
  /** `tun_id` (FRA_TUN_ID). */
  tunId?: bigint;
  /** `l3mdev` (FRA_L3MDEV). */
  l3mdev?: boolean;
  suppressPrefixlen?: number;
  suppressIfgroup?: number;
  flags: Name[];
  raw: RuleMessage;
}

export function ruleView(body: RuleMessage): Rule {
  const h = body.header;
  const a = body.attrs;
  const flags = h.flags as Name[];
  const v: Rule = {
    family: viewFamily(h.family),
    priority: a.priority ?? 0,
    from: a.src !== undefined ? `${a.src}/${h.srcLen}` : 'all',
    to: a.dst !== undefined ? `${a.dst}/${h.dstLen}` : 'all',
    table: ruleTable(body),
    action: h.action as Name,
    not: flags.includes('invert'),
    flags,
    raw: body,
  };
  if (a.iifname !== undefined) v.iif = a.iifname;
  if (a.oifname !== undefined) v.oif = a.oifname;
  if (a.fwmark !== undefined) v.fwmark = a.fwmark;
  if (a.fwmask !== undefined) v.fwmask = a.fwmask;
  if (a.goto !== undefined) v.goto = a.goto;
  if (a.protocol !== undefined) v.protocol = a.protocol as Name;
  if (a.flow !== undefined) v.realms = { from: a.flow >>> 16, to: a.flow & 0xffff };
  if (a.tunId !== undefined) v.tunId = BigInt(a.tunId);
  if (a.l3mdev !== undefined) v.l3mdev = a.l3mdev !== 0;
  if (a.suppressPrefixlen !== undefined && a.suppressPrefixlen !== 0xffffffff) v.suppressPrefixlen = a.suppressPrefixlen;
  if (a.suppressIfgroup !== undefined && a.suppressIfgroup !== 0xffffffff) v.suppressIfgroup = a.suppressIfgroup;
  return v;
}

/** A namespace id entry (RTM_NEWNSID / RTM_DELNSID). */
export interface NsidEntry {
  nsid: number;
  raw: NsidMessage;
}

export function nsidView(body: NsidMessage): NsidEntry {
  return { nsid: body.attrs.nsid ?? -1, raw: body };
}
