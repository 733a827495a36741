/**
 * Link request builders: pure functions returning `Request` objects ({ type, flags, body }) laid
 * out as iproute2 6.1 sends them (the session fills in seq and pid):
 *
 * - `linkAdd`    RTM_NEWLINK, REQUEST|ACK|EXCL|CREATE: options, IFLA_LINK, IFLA_IFNAME, IFLA_LINKINFO.
 * - `linkSet`    RTM_NEWLINK, REQUEST|ACK, ifi_index set, ifi_flags/ifi_change for up/down/promisc...
 * - `linkDelete` RTM_DELLINK, REQUEST|ACK.
 * - `linkGet`    RTM_GETLINK, REQUEST: IFLA_EXT_MASK (VF|SKIP_STATS) then IFLA_IFNAME.
 * - `linkDump`   RTM_GETLINK, REQUEST|DUMP: IFLA_EXT_MASK (VF), kernel-side filters IFLA_MASTER and
 *                IFLA_LINKINFO{kind}, plus a client-side `match` for answers not marked
 *                NLM_F_DUMP_FILTERED.
 */
import { ValidationError } from '../../netlink/errors.js';
import { checkIfname, IFNAME_MAX } from '../../netlink/ifname.js';
import type { Request } from '../../netlink/message.js';
import {
  NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_DUMP_FILTERED, NLM_F_EXCL, NLM_F_REQUEST,
} from '../../netlink/constants.js';
import { flagNamesOf } from '../../netlink/enums.js';
import type { IfInfoMsg, LinkAttrs, LinkMessageBody } from './attrs.js';
import {
  AF_PACKET, AF_UNSPEC, IFF, RTEXT_FILTER, RTEXT_FILTER_SKIP_STATS, RTEXT_FILTER_VF, RTM_DELLINK, RTM_GETLINK,
  RTM_NEWLINK, type LinkMode, type OperState,
} from './constants.js';

/** IFNAMSIZ - 1: the longest interface name. */
export { IFNAME_MAX };

/** Interface flags a request can switch (ifi_flags / ifi_change), as iproute2's `ip link set`. */
export interface LinkFlagOptions {
  /** `up` / `down` (IFF_UP). */
  up?: boolean;
  /** `promisc on|off` (IFF_PROMISC). */
  promisc?: boolean;
  /** `allmulticast on|off` (IFF_ALLMULTI). */
  allmulticast?: boolean;
  /** `multicast on|off` (IFF_MULTICAST). */
  multicast?: boolean;
  /** `arp on|off` (clears / sets IFF_NOARP). */
  arp?: boolean;
  /** `trailers on|off` (clears / sets IFF_NOTRAILERS). */
  trailers?: boolean;
  /** `dynamic on|off` (IFF_DYNAMIC). */
  dynamic?: boolean;
}

/** Attributes shared by add, set and a veth peer. */
export interface LinkCommonOptions extends LinkFlagOptions {
  /** Address family of the ifinfomsg (default AF_UNSPEC). */
  family?: number;
  /** IFLA_ADDRESS (`address`). */
  address?: string;
  /** IFLA_BROADCAST (`broadcast`). */
  broadcast?: string;
  /** IFLA_MTU */
  mtu?: number;
  /** IFLA_TXQLEN (`txqueuelen`). */
  txqlen?: number;
  /** IFLA_NET_NS_PID (`netns PID`). */
  netnsPid?: number;
  /** IFLA_NET_NS_FD (`netns NAME`: a file descriptor of the namespace). */
  netnsFd?: number;
  /** IFLA_MASTER (ifindex; 0 = `nomaster`). */
  master?: number;
  /** IFLA_IFALIAS (`alias`). */
  alias?: string;
  /** IFLA_GROUP */
  group?: number;
  /** IFLA_LINKMODE (`mode`). */
  linkmode?: LinkMode | number;
  /** IFLA_OPERSTATE (`state`). */
  operstate?: OperState | number;
  /** IFLA_NUM_TX_QUEUES */
  numTxQueues?: number;
  /** IFLA_NUM_RX_QUEUES */
  numRxQueues?: number;
  /** IFLA_LINK_NETNSID (`link-netnsid`). */
  linkNetnsid?: number;
  /** IFLA_CARRIER */
  carrier?: boolean;
  /** IFLA_PROTO_DOWN */
  protoDown?: boolean;
  /** IFLA_GSO_MAX_SIZE / SEGS, IFLA_GRO_MAX_SIZE, IFLA_GSO/GRO_IPV4_MAX_SIZE */
  gsoMaxSize?: number;
  gsoMaxSegs?: number;
  groMaxSize?: number;
  gsoIpv4MaxSize?: number;
  groIpv4MaxSize?: number;
  /** IFLA_AF_SPEC / AF_INET6 / IFLA_INET6_ADDR_GEN_MODE (`addrgenmode`). */
  addrGenMode?: 'eui64' | 'none' | 'stable_secret' | 'random' | number;
  /** IFLA_LINK (parent ifindex: `link DEV`). */
  link?: number;
  /** Any other IFLA_* attributes (schema keys), merged last. */
  attrs?: Partial<LinkAttrs>;
}

/** The other end of a veth / vxcan pair (VETH_INFO_PEER): an ifinfomsg and IFLA_* attributes. */
export interface LinkPeerOptions extends LinkCommonOptions {
  ifname?: string;
  /** ifi_index requested for the peer. */
  index?: number;
}

export interface LinkAddOptions extends LinkCommonOptions {
  /** IFLA_IFNAME */
  ifname: string;
  /** IFLA_INFO_KIND ('veth', 'bridge', 'vxlan'...). */
  kind: string;
  /** IFLA_INFO_DATA, in the kind's schema (see kinds.ts), or raw bytes. */
  data?: Record<string, unknown> | Uint8Array;
  /** veth / vxcan: the peer (goes to IFLA_INFO_DATA.peer). */
  peer?: LinkPeerOptions;
  /** ifi_index requested for the new link (`index N`). */
  index?: number;
}

export interface LinkSetOptions extends LinkCommonOptions {
  /** New name (`name NEW`): needs the link given by index. */
  name?: string;
  /** IFLA_NEW_IFINDEX (`index N`, when moving to another netns). */
  newIfindex?: number;
  /** IFLA_INFO_KIND for kind-specific changes (`type bridge_slave ...` → 'bridge_slave'). */
  kind?: string;
  /** IFLA_INFO_DATA */
  data?: Record<string, unknown> | Uint8Array;
  /** IFLA_INFO_SLAVE_DATA (with kind 'X_slave', as iproute2 sends it). */
  slaveData?: Record<string, unknown> | Uint8Array;
}

/** Options of `getLink()` (RTM_GETLINK for one link, `ip link show dev X`). */
export interface LinkGetOptions {
  /** ifinfomsg family (default AF_UNSPEC, as iproute2's name lookups; `ip link show dev X` uses AF_PACKET). */
  family?: number;
  /** IFLA_EXT_MASK (default RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS = 9); false: leave it out. */
  extMask?: number | false;
}

/** Options of `dumpLinks()` (the RTM_GETLINK dump of `ip link show [master M] [type K]`). */
export interface LinkDumpOptions {
  /** ifinfomsg family (default AF_PACKET, as `ip link show`; `ip addr` uses AF_UNSPEC). */
  family?: number;
  /** Only links enslaved to this ifindex (IFLA_MASTER). */
  master?: number;
  /** Only links of this kind (IFLA_LINKINFO / IFLA_INFO_KIND). */
  kind?: string;
  /** IFLA_EXT_MASK (default RTEXT_FILTER_VF = 1); false: leave it out (as `ip tuntap show`). */
  extMask?: number | false;
}

/**
 * A link dump request with its client-side filter, for kernels that ignore the filter attributes.
 */
export interface LinkDump {
  request: Request<LinkMessageBody>;
  /** Client-side filter: true when a dumped link matches (always true for NLM_F_DUMP_FILTERED answers). */
  match(body: LinkMessageBody, nlmsgFlags?: number): boolean;
}

function ifname(name: unknown, field: string): string {
  checkIfname(name, field);
  return name;
}

function checkIndex(index: unknown, field: string): number {
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index > 0x7fffffff) {
    throw new ValidationError(`${field}: interface index expected`, field);
  }
  return index;
}

/** ifi_flags / ifi_change from the flag options. */
function headerFlags(o: LinkFlagOptions): { flags: number; change: number } {
  let flags = 0;
  let change = 0;
  const set = (bit: number, on: boolean | undefined) => {
    if (on === undefined) return;
    change |= bit;
    if (on) flags |= bit;
  };
  set(IFF.value('UP'), o.up);
  set(IFF.value('PROMISC'), o.promisc);
  set(IFF.value('ALLMULTI'), o.allmulticast);
  set(IFF.value('MULTICAST'), o.multicast);
  set(IFF.value('NOARP'), o.arp === undefined ? undefined : !o.arp);
  set(IFF.value('NOTRAILERS'), o.trailers === undefined ? undefined : !o.trailers);
  set(IFF.value('DYNAMIC'), o.dynamic);
  return { flags: flags >>> 0, change: change >>> 0 };
}

function header(family: number, index: number, o: LinkFlagOptions): IfInfoMsg {
  const { flags, change } = headerFlags(o);
  return { family, type: 0, index, flags: flagNamesOf(IFF, flags), change } as IfInfoMsg;
}

/** IFLA_* from the common options, in iproute2's emission order (the attribute table's order). */
function commonAttrs(o: LinkCommonOptions): LinkAttrs {
  const a: LinkAttrs = {};
  if (o.address !== undefined) a.address = o.address;
  if (o.broadcast !== undefined) a.broadcast = o.broadcast;
  if (o.mtu !== undefined) a.mtu = o.mtu;
  if (o.txqlen !== undefined) a.txqlen = o.txqlen;
  if (o.netnsPid !== undefined) a.netNsPid = o.netnsPid;
  if (o.netnsFd !== undefined) a.netNsFd = o.netnsFd;
  if (o.master !== undefined) a.master = checkIndex(o.master, 'master');
  if (o.alias !== undefined) a.ifalias = o.alias;
  if (o.group !== undefined) a.group = o.group;
  if (o.linkmode !== undefined) a.linkmode = o.linkmode;
  if (o.operstate !== undefined) a.operstate = o.operstate;
  if (o.numTxQueues !== undefined) a.numTxQueues = o.numTxQueues;
  if (o.numRxQueues !== undefined) a.numRxQueues = o.numRxQueues;
  if (o.linkNetnsid !== undefined) a.linkNetnsid = o.linkNetnsid;
  if (o.carrier !== undefined) a.carrier = o.carrier ? 1 : 0;
  if (o.protoDown !== undefined) a.protoDown = o.protoDown ? 1 : 0;
  if (o.gsoMaxSize !== undefined) a.gsoMaxSize = o.gsoMaxSize;
  if (o.gsoMaxSegs !== undefined) a.gsoMaxSegs = o.gsoMaxSegs;
  if (o.groMaxSize !== undefined) a.groMaxSize = o.groMaxSize;
  if (o.gsoIpv4MaxSize !== undefined) a.gsoIpv4MaxSize = o.gsoIpv4MaxSize;
  if (o.groIpv4MaxSize !== undefined) a.groIpv4MaxSize = o.groIpv4MaxSize;
  if (o.addrGenMode !== undefined) a.afSpec = { inet6: { addrGenMode: o.addrGenMode } };
  if (o.link !== undefined) a.link = checkIndex(o.link, 'link');
  if (o.attrs) Object.assign(a, o.attrs);
  return a;
}

function peerMessage(p: LinkPeerOptions): LinkMessageBody {
  const attrs = commonAttrs(p);
  if (p.ifname !== undefined) attrs.ifname = ifname(p.ifname, 'peer.ifname');
  return { header: header(p.family ?? AF_UNSPEC, p.index ?? 0, p), attrs };
}

/**
 * IFLA_LINKINFO from a kind given as a string and its data as a plain object: the builders' raw
 * escape hatch (the typed form is LinkInfo, a union by kind). The encoder still checks the data
 * against the kind's schema at run time (unknown keys, wrong types, unknown kinds without bytes).
 */
function rawLinkInfo(kind: string, data: Record<string, unknown> | Uint8Array | undefined, slaveData: unknown): NonNullable<LinkAttrs['linkinfo']> {
  const info: Record<string, unknown> = { kind };
  if (data !== undefined) info.data = data;
  if (slaveData !== undefined) info.slaveData = slaveData;
  return info as NonNullable<LinkAttrs['linkinfo']>;
}

/** `ip link add NAME [options] type KIND [data]`: RTM_NEWLINK with REQUEST|ACK|EXCL|CREATE. */
export function linkAdd(opts: LinkAddOptions): Request<LinkMessageBody> {
  const attrs = commonAttrs(opts);
  attrs.ifname = ifname(opts.ifname, 'ifname');
  if (typeof opts.kind !== 'string' || opts.kind === '') throw new ValidationError('kind: link kind expected', 'kind');
  let data = opts.data;
  if (opts.peer !== undefined) {
    if (data instanceof Uint8Array) throw new ValidationError('peer cannot be combined with raw data bytes', 'peer');
    data = { ...(data ?? {}), peer: peerMessage(opts.peer) };
  }
  attrs.linkinfo = rawLinkInfo(opts.kind, data, undefined);
  return {
    type: RTM_NEWLINK,
    flags: NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE,
    body: { header: header(opts.family ?? AF_UNSPEC, opts.index ?? 0, opts), attrs },
  };
}

/**
 * `ip link set DEV [options]`: RTM_NEWLINK with REQUEST|ACK. A numeric `dev` goes to ifi_index
 * (iproute2 resolves names first); a name is looked up by the kernel through IFLA_IFNAME.
 */
export function linkSet(dev: string | number, opts: LinkSetOptions = {}): Request<LinkMessageBody> {
  const attrs = commonAttrs(opts);
  let index = 0;
  if (typeof dev === 'number') index = checkIndex(dev, 'dev');
  else attrs.ifname = ifname(dev, 'dev');
  if (opts.name !== undefined) {
    if (typeof dev !== 'number') throw new ValidationError('renaming needs the link given by index', 'name');
    attrs.ifname = ifname(opts.name, 'name');
  }
  if (opts.newIfindex !== undefined) attrs.newIfindex = opts.newIfindex;
  if (opts.kind !== undefined || opts.data !== undefined || opts.slaveData !== undefined) {
    if (typeof opts.kind !== 'string') throw new ValidationError('kind is needed with data / slaveData', 'kind');
    attrs.linkinfo = rawLinkInfo(opts.kind, opts.data, opts.slaveData);
  }
  return {
    type: RTM_NEWLINK,
    flags: NLM_F_REQUEST | NLM_F_ACK,
    body: { header: header(opts.family ?? AF_UNSPEC, index, opts), attrs },
  };
}

/** `ip link del DEV`: RTM_DELLINK with REQUEST|ACK, by ifi_index (number) or IFLA_IFNAME (name). */
export function linkDelete(dev: string | number, opts: { family?: number } = {}): Request<LinkMessageBody> {
  const attrs: LinkAttrs = {};
  let index = 0;
  if (typeof dev === 'number') index = checkIndex(dev, 'dev');
  else attrs.ifname = ifname(dev, 'dev');
  return {
    type: RTM_DELLINK,
    flags: NLM_F_REQUEST | NLM_F_ACK,
    body: { header: header(opts.family ?? AF_UNSPEC, index, {}), attrs },
  };
}

/**
 * One link (non-dump RTM_GETLINK, flags REQUEST): IFLA_EXT_MASK then IFLA_IFNAME (names longer
 * than IFNAMSIZ-1 go to IFLA_ALT_IFNAME), or ifi_index for a number. The kernel answers with one
 * RTM_NEWLINK.
 */
export function linkGet(dev: string | number, opts: LinkGetOptions = {}): Request<LinkMessageBody> {
  const attrs: LinkAttrs = {};
  const mask = opts.extMask ?? RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS;
  if (mask !== false) attrs.extMask = flagNamesOf(RTEXT_FILTER, mask);
  let index = 0;
  if (typeof dev === 'number') index = checkIndex(dev, 'dev');
  else if (typeof dev === 'string' && dev.length > 0 && Buffer.byteLength(dev, 'utf8') > IFNAME_MAX) {
    if (Buffer.byteLength(dev, 'utf8') > 127) throw new ValidationError('dev: alternative name too long', 'dev');
    attrs.altIfname = dev;
  } else attrs.ifname = ifname(dev, 'dev');
  return {
    type: RTM_GETLINK,
    flags: NLM_F_REQUEST,
    body: { header: header(opts.family ?? AF_UNSPEC, index, {}), attrs },
  };
}

/** Dump links (RTM_GETLINK, REQUEST|DUMP = 0x301), with kernel-side filters and a client-side `match`. */
export function linkDump(opts: LinkDumpOptions = {}): LinkDump {
  const attrs: LinkAttrs = {};
  const mask = opts.extMask ?? RTEXT_FILTER_VF;
  if (mask !== false) attrs.extMask = flagNamesOf(RTEXT_FILTER, mask);
  if (opts.master !== undefined) attrs.master = checkIndex(opts.master, 'master');
  if (opts.kind !== undefined) attrs.linkinfo = { kind: opts.kind };
  const master = opts.master;
  const kind = opts.kind;
  return {
    request: {
      type: RTM_GETLINK,
      flags: NLM_F_REQUEST | NLM_F_DUMP,
      body: { header: header(opts.family ?? AF_PACKET, 0, {}), attrs },
    },
    match(body, nlmsgFlags = 0) {
      if (nlmsgFlags & NLM_F_DUMP_FILTERED) return true;
      if (master !== undefined && body.attrs.master !== master) return false;
      if (kind !== undefined && body.attrs.linkinfo?.kind !== kind) return false;
      return true;
    },
  };
}
