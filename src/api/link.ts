/**
 * `handle.link`: network interfaces (`ip link ...`).
 *
 *   await h.link.add({ kind: 'veth', name: 'vethX', peer: { name: 'vethY' } });
 *   await h.link('vethY').setNetns('ns1').up();        // one RTM_NEWLINK
 *   const l = await h.link.get('vethX');
 */
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_ECHO, NLM_F_EXCL, NLM_F_REQUEST } from '../netlink/constants.js';
import { RTM_DELLINK, RTM_NEWLINK } from '../rtnl/constants.js';
import { HelperOperationError, NetlinkError, NotFoundError, ValidationError } from '../netlink/errors.js';
import type { Request } from '../netlink/message.js';
import type { NetnsSpec } from '../netlink/transport/types.js';
import type { LinkMessageBody } from '../rtnl/link/attrs.js';
import {
  linkAdd, linkDelete, linkDump, linkGet, linkSet,
  type LinkAddOptions as RtnlLinkAddOptions, type LinkCommonOptions, type LinkPeerOptions, type LinkSetOptions,
} from '../rtnl/link/requests.js';
import { Core, IfindexResolver, toNetnsSpec, type NetnsTarget } from './core.js';
import { checkIfname, checkInt, checkMac, parseAddress } from './validate.js';
import { linkView, type Link } from './views.js';
import { nsFdClose, nsFdOpen } from '../system/netns.js';

// ---------------------------------------------------------------------------------------------
// Options

/** Options every kind accepts (`ip link add NAME [options] type KIND`). */
export interface LinkBaseOptions {
  /**
   * Interface name (1..15 bytes). Without one the kernel picks it (`ip link add type bridge` →
   * bridge0); `add` then learns it from the kernel's echo of the new link.
   */
  name?: string;
  /** IFLA_LINK_NETNSID (`link-netnsid ID`): the namespace, by its nsid here, of the `link` device (tunnels, macvlan...). */
  linkNetnsid?: number;
  mtu?: number;
  /** MAC address 'aa:bb:cc:dd:ee:ff'. */
  address?: string;
  broadcast?: string;
  /** `txqueuelen` */
  txqlen?: number;
  alias?: string;
  /** Device group (`ip link add ... group N`; named devGroup here because vxlan's `group` is its multicast group). */
  devGroup?: number;
  /** Enslave to this bridge / bond / vrf (name or ifindex). */
  master?: string | number;
  /** Bring it up in the same request. */
  up?: boolean;
  /** Create it directly in another namespace (`ip link add ... netns NS`). */
  netns?: NetnsTarget;
  numTxQueues?: number;
  numRxQueues?: number;
  /**
   * Create semantics. Default `exclusive: true`: NLM_F_CREATE|NLM_F_EXCL, EEXIST when a link of
   * that name exists. `replace: true` (or `exclusive: false`): NLM_F_CREATE only, so an existing
   * link of the same kind is changed instead (the kernel has no NLM_F_REPLACE for links).
   */
  exclusive?: boolean;
  replace?: boolean;
  /** More IFLA_* attributes (schema keys) merged into the request. */
  attrs?: LinkCommonOptions['attrs'];
}

/** The other end of a veth pair. */
export interface VethPeerOptions {
  /** The peer's name; without one the kernel picks it (veth0...). */
  name?: string;
  /** Create the peer directly in this namespace. */
  netns?: NetnsTarget;
  mtu?: number;
  address?: string;
  txqlen?: number;
  alias?: string;
  devGroup?: number;
  up?: boolean;
}

/** `ip link add NAME type veth peer name PEER [netns NS]` */
export interface VethLinkOptions extends LinkBaseOptions {
  kind: 'veth';
  /** Without `peer` (or its name) the kernel names the peer (`ip link add v0 type veth`). */
  peer?: VethPeerOptions;
}

/** `ip link add NAME type bridge [stp_state 1] [vlan_filtering 1] ...` */
export interface BridgeLinkOptions extends LinkBaseOptions {
  kind: 'bridge';
  stp?: boolean;
  /** In centiseconds like the kernel's IFLA_BR_* (iproute2 takes seconds*100 too). */
  forwardDelay?: number;
  helloTime?: number;
  maxAge?: number;
  ageingTime?: number;
  priority?: number;
  vlanFiltering?: boolean;
  vlanDefaultPvid?: number;
  mcastSnooping?: boolean;
  /** Any other IFLA_BR_* attributes (schema keys). */
  data?: Record<string, unknown>;
}

/** `ip link add NAME type vxlan id VNI [dstport P] [local A] [group G | remote R] [dev IF] ...` */
export interface VxlanLinkOptions extends LinkBaseOptions {
  kind: 'vxlan';
  /** VNI */
  id: number;
  dstport?: number;
  local?: string;
  /** Multicast group. */
  group?: string;
  /** Unicast remote (mutually exclusive with group). */
  remote?: string;
  /** Underlay device (name or ifindex). */
  dev?: string | number;
  ttl?: number;
  tos?: number;
  learning?: boolean;
  data?: Record<string, unknown>;
}

/** `ip link add NAME link PARENT type macvlan|macvtap mode MODE` */
export interface MacvlanLinkOptions extends LinkBaseOptions {
  kind: 'macvlan' | 'macvtap';
  /** Parent device. */
  link: string | number;
  mode?: 'private' | 'vepa' | 'bridge' | 'passthru' | 'source';
  data?: Record<string, unknown>;
}

/** `ip link add NAME link PARENT type vlan id ID [protocol 802.1Q|802.1ad]` */
export interface VlanLinkOptions extends LinkBaseOptions {
  kind: 'vlan';
  link: string | number;
  id: number;
  protocol?: '802.1Q' | '802.1ad';
  data?: Record<string, unknown>;
}

/** `ip link add NAME type bond [mode MODE] [miimon N]` */
export interface BondLinkOptions extends LinkBaseOptions {
  kind: 'bond';
  mode?: 'balance-rr' | 'active-backup' | 'balance-xor' | 'broadcast' | '802.3ad' | 'balance-tlb' | 'balance-alb';
  miimon?: number;
  data?: Record<string, unknown>;
}

/** `ip link add NAME type vrf table N` */
export interface VrfLinkOptions extends LinkBaseOptions {
  kind: 'vrf';
  table: number;
}

/** `ip link add NAME type gre|gretap|ipip|sit|ip6gre|ip6tnl|vti remote R local L [ttl N] [dev IF] [key K]` */
export interface TunnelLinkOptions extends LinkBaseOptions {
  kind: 'gre' | 'gretap' | 'ip6gre' | 'ip6gretap' | 'ipip' | 'sit' | 'ip6tnl' | 'vti' | 'vti6';
  remote?: string;
  local?: string;
  ttl?: number;
  tos?: number;
  /** Underlay device. */
  dev?: string | number;
  /** GRE / VTI key (both directions). */
  key?: number;
  data?: Record<string, unknown>;
}

/** Kinds without options: `ip link add NAME type dummy|ifb|nlmon|...` */
export interface SimpleLinkOptions extends LinkBaseOptions {
  kind: 'dummy' | 'ifb' | 'nlmon' | 'wireguard';
}

/** Any other kind: IFLA_INFO_DATA given in the kind's schema (src/rtnl/link/kinds.ts). */
export interface OtherLinkOptions extends LinkBaseOptions {
  kind: string;
  /** Parent device (IFLA_LINK). */
  link?: string | number;
  data?: Record<string, unknown> | Uint8Array;
}

export type LinkAddOptions =
  | VethLinkOptions
  | BridgeLinkOptions
  | VxlanLinkOptions
  | MacvlanLinkOptions
  | VlanLinkOptions
  | BondLinkOptions
  | VrfLinkOptions
  | TunnelLinkOptions
  | SimpleLinkOptions
  | OtherLinkOptions;

/** Filters of `link.list` / `link.stream`. */
export interface LinkListOptions {
  /** Only links of this kind (kernel-side filter). */
  kind?: string;
  /** Only ports of this master (kernel-side filter). */
  master?: string | number;
  /** Only links administratively up (true) or down (false) (client-side). */
  up?: boolean;
  /** Only links of this device group (`ip link show group N`, client-side). */
  group?: number;
  /** Any other client-side predicate. */
  filter?: (link: Link) => boolean;
}

/** What `link('veth').peer()` answers: where the other end of a veth pair is. */
export interface PeerInfo {
  /** The peer's ifindex (in its own namespace). */
  index: number;
  /** The peer's name, when its namespace could be reached. */
  name?: string;
  /** Name (/run/netns) of the peer's namespace; undefined when it is this handle's namespace (or has no name). */
  netns?: string;
  /** The peer namespace's nsid as seen from here; undefined when in the same namespace. */
  nsid?: number;
  /** True when the peer is in this handle's namespace. */
  sameNetns: boolean;
}

// ---------------------------------------------------------------------------------------------

const KNOWN_NEEDS_LINK = new Set(['macvlan', 'macvtap', 'vlan', 'ipvlan', 'ipvtap']);

function u32opt(v: unknown, field: string, max = 0xffffffff): void {
  if (v !== undefined) checkInt(v, field, 0, max);
}

/** Builds IFLA_INFO_DATA for the kind-specific options. */
async function kindData(o: LinkAddOptions, resolve: IfindexResolver): Promise<{ data?: Record<string, unknown> | Uint8Array; link?: number }> {
  switch (o.kind) {
    case 'veth':
      return {};
    case 'bridge': {
      const b = o as BridgeLinkOptions;
      const d: Record<string, unknown> = {};
      if (b.forwardDelay !== undefined) d.forwardDelay = b.forwardDelay;
      if (b.helloTime !== undefined) d.helloTime = b.helloTime;
      if (b.maxAge !== undefined) d.maxAge = b.maxAge;
      if (b.ageingTime !== undefined) d.ageingTime = b.ageingTime;
      if (b.stp !== undefined) d.stpState = b.stp ? 1 : 0;
      if (b.priority !== undefined) d.priority = b.priority;
      if (b.vlanFiltering !== undefined) d.vlanFiltering = b.vlanFiltering ? 1 : 0;
      if (b.vlanDefaultPvid !== undefined) d.vlanDefaultPvid = b.vlanDefaultPvid;
      if (b.mcastSnooping !== undefined) d.mcastSnooping = b.mcastSnooping ? 1 : 0;
      Object.assign(d, b.data ?? {});
      return Object.keys(d).length ? { data: d } : {};
    }
    case 'vxlan': {
      const v = o as VxlanLinkOptions;
      checkInt(v.id, 'id', 0, 0xffffff);
      const d: Record<string, unknown> = { id: v.id };
      if (v.group !== undefined && v.remote !== undefined) throw new ValidationError('vxlan: group and remote are mutually exclusive', 'remote');
      const peer = v.group ?? v.remote;
      if (peer !== undefined) {
        const p = parseAddress(peer, v.group !== undefined ? 'group' : 'remote');
        d[p.family === 4 ? 'group' : 'group6'] = p.address;
      }
      if (v.local !== undefined) {
        const p = parseAddress(v.local, 'local');
        d[p.family === 4 ? 'local' : 'local6'] = p.address;
      }
      if (v.dev !== undefined) d.link = await resolve.index(v.dev, 'dev');
      if (v.ttl !== undefined) d.ttl = v.ttl;
      if (v.tos !== undefined) d.tos = v.tos;
      if (v.learning !== undefined) d.learning = v.learning ? 1 : 0;
      if (v.dstport !== undefined) {
        checkInt(v.dstport, 'dstport', 0, 65535);
        d.port = v.dstport;
      }
      Object.assign(d, v.data ?? {});
      return { data: d };
    }
    case 'macvlan':
    case 'macvtap': {
      const m = o as MacvlanLinkOptions;
      const d: Record<string, unknown> = {};
      if (m.mode !== undefined) d.mode = m.mode;
      Object.assign(d, m.data ?? {});
      return { ...(Object.keys(d).length ? { data: d } : {}), link: await resolve.index(m.link, 'link') };
    }
    case 'vlan': {
      const v = o as VlanLinkOptions;
      checkInt(v.id, 'id', 0, 4095);
      const d: Record<string, unknown> = { id: v.id };
      if (v.protocol !== undefined) d.protocol = v.protocol;
      Object.assign(d, v.data ?? {});
      return { data: d, link: await resolve.index(v.link, 'link') };
    }
    case 'bond': {
      const b = o as BondLinkOptions;
      const d: Record<string, unknown> = {};
      if (b.mode !== undefined) d.mode = b.mode;
      if (b.miimon !== undefined) d.miimon = b.miimon;
      Object.assign(d, b.data ?? {});
      return Object.keys(d).length ? { data: d } : {};
    }
    case 'vrf': {
      const v = o as VrfLinkOptions;
      checkInt(v.table, 'table', 1, 0xffffffff);
      return { data: { table: v.table } };
    }
    case 'gre': case 'gretap': case 'ip6gre': case 'ip6gretap': case 'ipip': case 'sit': case 'ip6tnl': case 'vti': case 'vti6': {
      const t = o as TunnelLinkOptions;
      const d: Record<string, unknown> = {};
      if (t.local !== undefined) d.local = parseAddress(t.local, 'local').address;
      if (t.remote !== undefined) d.remote = parseAddress(t.remote, 'remote').address;
      if (t.ttl !== undefined) d.ttl = t.ttl;
      if (t.tos !== undefined) d.tos = t.tos;
      if (t.dev !== undefined) d.link = await resolve.index(t.dev, 'dev');
      if (t.key !== undefined) {
        u32opt(t.key, 'key');
        d.ikey = t.key;
        d.okey = t.key;
        if (t.kind.includes('gre')) {
          d.iflags = 0x2000; // GRE_KEY
          d.oflags = 0x2000;
        }
      }
      Object.assign(d, t.data ?? {});
      return Object.keys(d).length ? { data: d } : {};
    }
    default: {
      const g = o as OtherLinkOptions;
      const out: { data?: Record<string, unknown> | Uint8Array; link?: number } = {};
      if (g.data !== undefined) out.data = g.data;
      if (g.link !== undefined) out.link = await resolve.index(g.link, 'link');
      return out;
    }
  }
}

/** Checks a whole add request's user input (synchronously, before anything is sent). */
function validateAdd(o: LinkAddOptions): void {
  if (typeof o !== 'object' || o === null) throw new ValidationError('link options object expected');
  if (o.name !== undefined) checkIfname(o.name, 'name');
  if (o.linkNetnsid !== undefined) checkInt(o.linkNetnsid, 'linkNetnsid', -1, 0x7fffffff);
  if (typeof o.kind !== 'string' || !/^[a-z0-9_.-]{1,32}$/i.test(o.kind)) throw new ValidationError(`invalid link kind ${JSON.stringify(o.kind)}`, 'kind');
  checkCommon(o, '');
  if (o.kind === 'veth' || o.kind === 'vxcan') {
    const peer = (o as VethLinkOptions).peer ?? {};
    if (typeof peer !== 'object' || peer === null) throw new ValidationError(`${o.kind} ${o.name ?? ''}: peer options object expected`, 'peer');
    if (peer.name !== undefined) checkIfname(peer.name, 'peer.name');
    checkCommon(peer, 'peer.');
    if (peer.name !== undefined && peer.name === o.name && peer.netns === undefined && o.netns === undefined) {
      throw new ValidationError(`veth ${o.name}: the peer cannot have the same name in the same namespace`, 'peer.name');
    }
    if (peer.netns !== undefined) toNetnsSpec(peer.netns);
  } else if ((o as Partial<VethLinkOptions>).peer !== undefined) {
    throw new ValidationError(`kind ${o.kind} has no peer`, 'peer');
  }
  if (KNOWN_NEEDS_LINK.has(o.kind) && (o as MacvlanLinkOptions).link === undefined) {
    throw new ValidationError(`${o.kind} ${o.name} needs a parent device (link)`, 'link');
  }
  if (o.netns !== undefined) toNetnsSpec(o.netns);
}

function checkCommon(o: { mtu?: unknown; address?: unknown; txqlen?: unknown; devGroup?: unknown; alias?: unknown }, prefix: string): void {
  if (o.mtu !== undefined) checkInt(o.mtu, `${prefix}mtu`, 0, 0x7fffffff);
  if (o.address !== undefined) checkMac(o.address, `${prefix}address`);
  if (o.txqlen !== undefined) checkInt(o.txqlen, `${prefix}txqlen`, 0, 0xffffffff);
  if (o.devGroup !== undefined) checkInt(o.devGroup, `${prefix}devGroup`, 0, 0xffffffff);
  if (o.alias !== undefined && (typeof o.alias !== 'string' || Buffer.byteLength(o.alias) > 255)) {
    throw new ValidationError(`${prefix}alias must be a string of at most 255 bytes`, `${prefix}alias`);
  }
}

/** Maps the kernel's "no such device" to NotFoundError. */
export function notFound(e: unknown, dev: string | number): unknown {
  if (e instanceof NetlinkError && e.code === 'ENODEV') {
    const err = new NotFoundError('link', dev);
    (err as { cause?: unknown }).cause = e;
    return err;
  }
  return e;
}

// ---------------------------------------------------------------------------------------------
// Pending changes: `link('x').up().mtu(1400)` → one RTM_NEWLINK when awaited.

/** Every link of a device group (`ip link set group N ...`, `ip link delete group N`). */
export interface LinkGroupTarget {
  group: number;
}

interface ChangeSet {
  opts: LinkSetOptions;
  rename?: string;
  master?: string | number | null;
  netns?: NetnsTarget;
}

/** The setters shared by LinkRef (which starts a change) and LinkChange (which accumulates). */
abstract class LinkSetters<T> {
  protected abstract with(apply: (c: ChangeSet) => void): T;

  /** `ip link set DEV up` */
  up(): T {
    return this.with((c) => (c.opts.up = true));
  }
  /** `ip link set DEV down` */
  down(): T {
    return this.with((c) => (c.opts.up = false));
  }
  /** `ip link set DEV mtu N` */
  mtu(n: number): T {
    checkInt(n, 'mtu', 0, 0x7fffffff);
    return this.with((c) => (c.opts.mtu = n));
  }
  /** `ip link set DEV address MAC` */
  address(mac: string): T {
    const m = checkMac(mac, 'address');
    return this.with((c) => (c.opts.address = m));
  }
  /** `ip link set DEV broadcast MAC` */
  broadcast(mac: string): T {
    const m = checkMac(mac, 'broadcast');
    return this.with((c) => (c.opts.broadcast = m));
  }
  /** `ip link set DEV name NEW` */
  rename(name: string): T {
    checkIfname(name, 'name');
    return this.with((c) => (c.rename = name));
  }
  /** `ip link set DEV alias TEXT` */
  alias(text: string): T {
    checkCommon({ alias: text }, '');
    return this.with((c) => (c.opts.alias = text));
  }
  /** `ip link set DEV txqueuelen N` */
  txqlen(n: number): T {
    checkInt(n, 'txqlen', 0, 0xffffffff);
    return this.with((c) => (c.opts.txqlen = n));
  }
  /** `ip link set DEV master BRIDGE` */
  master(dev: string | number): T {
    if (typeof dev === 'string') checkIfname(dev, 'master');
    else checkInt(dev, 'master', 1, 0x7fffffff);
    return this.with((c) => (c.master = dev));
  }
  /** `ip link set DEV nomaster` */
  nomaster(): T {
    return this.with((c) => (c.master = null));
  }
  /** `ip link set DEV promisc on|off` */
  promisc(on = true): T {
    return this.with((c) => (c.opts.promisc = on));
  }
  /** `ip link set DEV arp on|off` */
  arp(on = true): T {
    return this.with((c) => (c.opts.arp = on));
  }
  /** `ip link set DEV allmulticast on|off` */
  allmulticast(on = true): T {
    return this.with((c) => (c.opts.allmulticast = on));
  }
  /** `ip link set DEV multicast on|off` */
  multicast(on = true): T {
    return this.with((c) => (c.opts.multicast = on));
  }
  /** `ip link set DEV group N` */
  group(n: number): T {
    checkInt(n, 'group', 0, 0xffffffff);
    return this.with((c) => (c.opts.group = n));
  }
  /** `ip link set DEV mode default|dormant` (IFLA_LINKMODE: with dormant, userspace moves operstate out of DORMANT). */
  linkmode(mode: 'default' | 'dormant' | 'testing' | number): T {
    const v = typeof mode === 'number' ? mode : ({ default: 0, dormant: 1, testing: 2 } as Record<string, number>)[mode];
    if (v === undefined) throw new ValidationError(`linkmode must be default, dormant or testing, got ${JSON.stringify(mode)}`, 'linkmode');
    checkInt(v, 'linkmode', 0, 255);
    return this.with((c) => (c.opts.linkmode = v));
  }
  /** `ip link set DEV state UP|DOWN|DORMANT|...` (IFLA_OPERSTATE, RFC 2863 state; the kernel takes UP, DORMANT and TESTING from userspace). */
  operstate(state: 'UNKNOWN' | 'NOTPRESENT' | 'DOWN' | 'LOWERLAYERDOWN' | 'TESTING' | 'DORMANT' | 'UP' | number): T {
    const names = ['UNKNOWN', 'NOTPRESENT', 'DOWN', 'LOWERLAYERDOWN', 'TESTING', 'DORMANT', 'UP'];
    const v = typeof state === 'number' ? state : names.indexOf(String(state).toUpperCase());
    if (v < 0) throw new ValidationError(`operstate must be one of ${names.join(', ')}, got ${JSON.stringify(state)}`, 'operstate');
    checkInt(v, 'operstate', 0, 255);
    return this.with((c) => (c.opts.operstate = v));
  }
  /** `ip link set DEV carrier on|off` */
  carrier(on: boolean): T {
    return this.with((c) => (c.opts.carrier = on));
  }
  /** `ip link set DEV netns NS` (a /run/netns name, `{ pid }` or `{ path }`) */
  setNetns(target: NetnsTarget): T {
    toNetnsSpec(target);
    return this.with((c) => (c.netns = target));
  }
  /** `ip link set DEV type KIND ...`: kind-specific changes, e.g. `set({ kind: 'bridge', data: { stpState: 1 } })`. */
  set(opts: Pick<LinkSetOptions, 'kind' | 'data' | 'slaveData' | 'attrs'>): T {
    return this.with((c) => Object.assign(c.opts, opts));
  }
}

/** A set of changes to one link, sent as one RTM_NEWLINK when awaited. Chain more setters first. */
export class LinkChange extends LinkSetters<LinkChange> implements PromiseLike<void> {
  readonly #changes: ChangeSet = { opts: {} };
  #promise: Promise<void> | undefined;

  constructor(private readonly api: LinkApi, readonly dev: string | number | LinkGroupTarget) {
    super();
  }

  /** @internal */
  _add(apply: (c: ChangeSet) => void): LinkChange {
    return this.with(apply);
  }

  protected with(apply: (c: ChangeSet) => void): LinkChange {
    if (this.#promise) throw new ValidationError('this link change was already sent; start a new one with link(dev)');
    apply(this.#changes);
    return this;
  }

  /** Sends the change (once). */
  send(): Promise<void> {
    return (this.#promise ??= this.api._apply(this.dev, this.#changes));
  }

  then<A = void, B = never>(onfulfilled?: ((value: void) => A | PromiseLike<A>) | null, onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    return this.send().then(onfulfilled, onrejected);
  }

  catch<B = never>(onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<void | B> {
    return this.send().catch(onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<void> {
    return this.send().finally(onfinally);
  }
}

/** A reference to one link by name or index: `handle.link('vethX')`. */
export class LinkRef extends LinkSetters<LinkChange> {
  constructor(private readonly api: LinkApi, readonly dev: string | number) {
    super();
    if (typeof dev === 'number') checkInt(dev, 'index', 1, 0x7fffffff);
    else checkIfname(dev, 'dev');
  }

  protected with(apply: (c: ChangeSet) => void): LinkChange {
    return new LinkChange(this.api, this.dev)._add(apply);
  }

  /** `ip -d link show DEV` */
  get(): Promise<Link> {
    return this.api.get(this.dev);
  }

  /** Whether it exists (`ip link show DEV` succeeds). */
  exists(): Promise<boolean> {
    return this.api.exists(this.dev);
  }

  /** `ip link del DEV` */
  delete(): Promise<void> {
    return this.api.delete(this.dev);
  }

  /** Where the other end of this veth is: `ethtool -S DEV | grep peer_ifindex` plus the link-netns of `ip -d link show DEV`. */
  peer(): Promise<PeerInfo> {
    return this.api.peer(this.dev);
  }
}

/** The verbs of `handle.link` (also callable: `handle.link('dev')` → LinkRef). */
export class LinkApi {
  constructor(private readonly core: Core, private readonly netnsNames: () => Promise<Map<number, string>>) {}

  /** A reference to one link: `link('vethX').up()` is `ip link set vethX up`. */
  ref(dev: string | number): LinkRef {
    return new LinkRef(this, dev);
  }

  /** A resolver of names to ifindexes in this handle's namespace, cached for one call (`ip link show DEV` → index). */
  resolver(): IfindexResolver {
    return new IfindexResolver(async (name) => {
      try {
        const [m] = await this.core.request<LinkMessageBody>(linkGet(name));
        return m?.body.header.index;
      } catch (e) {
        if (e instanceof NetlinkError && e.code === 'ENODEV') return undefined;
        throw e;
      }
    });
  }

  /** `ip -d link show DEV`: throws NotFoundError when there is no such link. */
  async get(dev: string | number): Promise<Link> {
    if (typeof dev === 'string') checkIfname(dev, 'dev');
    else checkInt(dev, 'index', 1, 0x7fffffff);
    let replies;
    try {
      replies = await this.core.request<LinkMessageBody>(linkGet(dev, { extMask: 1 }));
    } catch (e) {
      throw notFound(e, dev);
    }
    const body = replies[0]?.body;
    if (!body) throw new NotFoundError('link', dev);
    const link = linkView(body);
    if (link.master !== undefined) {
      const m = await this.find(link.master);
      if (m) link.masterName = m.name;
    }
    return link;
  }

  /** `ip -d link show DEV`, but undefined when there is no such link. */
  async find(dev: string | number): Promise<Link | undefined> {
    try {
      const [m] = await this.core.request<LinkMessageBody>(linkGet(dev, { extMask: 1 }));
      return m ? linkView(m.body) : undefined;
    } catch (e) {
      if (e instanceof NetlinkError && e.code === 'ENODEV') return undefined;
      throw e;
    }
  }

  /** Whether a link of that name (or index) exists (`ip link show DEV` succeeds). */
  async exists(dev: string | number): Promise<boolean> {
    return (await this.find(dev)) !== undefined;
  }

  /** ifindex → name of every link in this handle's namespace (one dump without statistics). */
  async names(): Promise<Map<number, string>> {
    const dump = linkDump({ extMask: 8 /* RTEXT_FILTER_SKIP_STATS */ });
    const bodies = await this.core.dump<LinkMessageBody>(dump.request);
    return new Map(bodies.map((b) => [b.header.index, b.attrs.ifname ?? ''] as const));
  }

  /** `ip -d link show [type KIND] [master DEV] [up]` */
  async list(options: LinkListOptions = {}): Promise<Link[]> {
    const { dump, match } = await this.#dumpRequest(options);
    const bodies = await this.core.dump<LinkMessageBody>(dump.request, { match: (b) => dump.match(b) });
    let links = bodies.map(linkView).filter(match);
    const byIndex = new Map<number, string>();
    const filtered = options.kind !== undefined || options.master !== undefined;
    if (!filtered) for (const l of links) byIndex.set(l.index, l.name);
    for (const l of links) {
      if (l.master === undefined) continue;
      let name = byIndex.get(l.master);
      if (name === undefined) {
        name = (await this.find(l.master))?.name;
        if (name !== undefined) byIndex.set(l.master, name);
      }
      if (name !== undefined) l.masterName = name;
    }
    links = links.sort((a, b) => a.index - b.index);
    return links;
  }

  /** `ip -d link show`, streamed as the dump arrives (no masterName, no retry on NLM_F_DUMP_INTR). */
  async *stream(options: LinkListOptions = {}): AsyncGenerator<Link> {
    const { dump, match } = await this.#dumpRequest(options);
    for await (const body of this.core.stream<LinkMessageBody>(dump.request, (b) => dump.match(b))) {
      const l = linkView(body);
      if (match(l)) yield l;
    }
  }

  async #dumpRequest(options: LinkListOptions) {
    const master = options.master === undefined ? undefined : await this.resolver().index(options.master, 'master');
    const dump = linkDump({ ...(options.kind !== undefined ? { kind: options.kind } : {}), ...(master !== undefined ? { master } : {}) });
    const match = (l: Link) =>
      (options.up === undefined || l.up === options.up) && (options.group === undefined || (l.group ?? 0) === options.group) &&
      (options.filter === undefined || options.filter(l));
    return { dump, match };
  }

  /**
   * `ip link add NAME [options] type KIND [kind options]` (veth: `peer name PEER [netns NS]`).
   * Exclusive by default: EEXIST (NetlinkError code 'EEXIST') when the name is taken.
   * Resolves with a reference to the new link in this handle's namespace (with `netns`, use
   * `handle.in(netns).link(name)` instead).
   */
  async add(options: LinkAddOptions): Promise<LinkRef> {
    validateAdd(options);
    const exclusive = options.replace ? false : (options.exclusive ?? true);
    const resolve = this.resolver();
    const { data, link } = await kindData(options, resolve);
    const master = options.master === undefined ? undefined : await resolve.index(options.master, 'master');
    let created: string | undefined = options.name;
    await this.#withNetns([options.netns, options.kind === 'veth' || options.kind === 'vxcan' ? (options as VethLinkOptions).peer?.netns : undefined], async ([fd, peerFd, pid, peerPid]) => {
      const req: RtnlLinkAddOptions = {
        ifname: options.name ?? 'x', // replaced below when the kernel is to choose
        kind: options.kind,
        ...commonFrom(options),
      };
      if (options.linkNetnsid !== undefined) req.attrs = { ...(req.attrs ?? {}), linkNetnsid: options.linkNetnsid };
      if (master !== undefined) req.master = master;
      if (link !== undefined) req.link = link;
      if (data !== undefined) req.data = data;
      if (fd !== undefined) req.netnsFd = fd;
      if (pid !== undefined) req.netnsPid = pid;
      const p = (options as VethLinkOptions).peer;
      if ((options.kind === 'veth' || options.kind === 'vxcan') && p !== undefined) {
        const peer: LinkPeerOptions = { ...(p.name !== undefined ? { ifname: p.name } : {}), ...commonFrom(p) };
        if (peerFd !== undefined) peer.netnsFd = peerFd;
        if (peerPid !== undefined) peer.netnsPid = peerPid;
        req.peer = peer;
      }
      // The kernel ignores IFLA_IFALIAS when creating a link: aliases are set right after.
      const aliases: Array<[string, string, NetnsTarget | undefined]> = [];
      const aliasOf = req.alias;
      delete req.alias;
      if (req.peer?.alias !== undefined) {
        if (req.peer.ifname === undefined) throw new ValidationError('peer.alias needs peer.name', 'peer.alias');
        aliases.push([req.peer.ifname, req.peer.alias, (options as VethLinkOptions).peer?.netns]);
        delete req.peer.alias;
      }
      const r = linkAdd(req);
      if (options.name === undefined) delete r.body.attrs.ifname;
      // Without a name, NLM_F_ECHO brings back the new link (and the name the kernel chose).
      const echo = options.name === undefined && options.netns === undefined;
      const flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | (exclusive ? NLM_F_EXCL : 0) | (echo ? NLM_F_ECHO : 0);
      if (echo) {
        // The kernel sends the echo on the skb it also multicasts, so it arrives flagged with the
        // link group: the session hands it to listeners, not to the request. Catch it there.
        const session = await this.core.session();
        let echoed: string | undefined;
        const stop = session.listen({
          message: (m) => {
            if (m.type === RTM_NEWLINK && m.pid === session.portId && echoed === undefined) echoed = (m.body as LinkMessageBody).attrs?.ifname;
          },
        });
        try {
          const replies = await session.request<LinkMessageBody>({ ...r, flags });
          created = replies.find((m) => m.type === RTM_NEWLINK)?.body.attrs.ifname ?? echoed;
        } finally {
          stop();
        }
      } else await this.core.request({ ...r, flags });
      if (aliasOf !== undefined) {
        if (created === undefined) throw new ValidationError('alias needs a name for a link created in another namespace', 'alias');
        aliases.unshift([created, aliasOf, options.netns]);
      }
      for (const [name, alias, netns] of aliases) {
        if (netns === undefined) {
          await this.core.request(linkSet(name, { alias }));
          continue;
        }
        const there = new Core(this.core.ctx, netns);
        try {
          await there.request(linkSet(name, { alias }));
        } finally {
          await there.close();
        }
      }
    });
    if (created === undefined) throw new ValidationError('the link was created, but its kernel-chosen name is unknown (no NLM_F_ECHO answer; give a name)', 'name');
    return new LinkRef(this, created);
  }

  /**
   * `ip link add ...` unless it exists. Idempotent add: when a link of that name exists with the same kind, nothing is sent (and
   * no options are changed); a link of another kind is a ValidationError. Resolves true when it
   * was created.
   */
  async ensure(options: LinkAddOptions): Promise<boolean> {
    validateAdd(options);
    const name = options.name;
    if (name === undefined) throw new ValidationError('ensure needs a name', 'name');
    const check = async (): Promise<boolean> => {
      const existing = await this.find(name);
      if (!existing) return false;
      if (existing.kind !== options.kind) {
        throw new ValidationError(`link ${options.name} exists with kind ${existing.kind ?? '(none)'}, not ${options.kind}`, 'kind');
      }
      return true;
    };
    if (options.netns === undefined && (await check())) return false;
    try {
      await this.add({ ...options, exclusive: true, replace: false } as LinkAddOptions);
      return true;
    } catch (e) {
      if (e instanceof NetlinkError && e.code === 'EEXIST' && options.netns === undefined && (await check())) return false;
      throw e;
    }
  }

  /** `ip link del DEV` (deleting one end of a veth removes both). NotFoundError when absent. */
  async delete(dev: string | number): Promise<void> {
    try {
      await this.core.request(linkDelete(dev));
    } catch (e) {
      throw notFound(e, dev);
    }
  }

  /** `ip link del DEV 2>/dev/null`: resolves false instead of throwing when there is no such link. */
  async deleteIfExists(dev: string | number): Promise<boolean> {
    try {
      await this.delete(dev);
      return true;
    } catch (e) {
      if (e instanceof NotFoundError) return false;
      throw e;
    }
  }

  /** Where the other end of a veth pair is: ifindex, name, namespace name and nsid (`ethtool -S DEV | grep peer_ifindex`, `ip -d link show DEV`). */
  async peer(dev: string | number): Promise<PeerInfo> {
    const link = await this.get(dev);
    if (link.link === undefined || link.kind !== 'veth') {
      throw new ValidationError(`${link.name} is not a veth (no peer)`, 'dev');
    }
    if (link.linkNetnsid === undefined) {
      const peer = await this.find(link.link);
      return { index: link.link, ...(peer ? { name: peer.name } : {}), sameNetns: true };
    }
    const names = await this.netnsNames();
    const netns = names.get(link.linkNetnsid);
    const info: PeerInfo = { index: link.link, nsid: link.linkNetnsid, sameNetns: false };
    if (netns !== undefined) {
      info.netns = netns;
      const other = new Core(this.core.ctx, netns);
      try {
        const [m] = await other.request<LinkMessageBody>(linkGet(link.link));
        if (m) info.name = m.body.attrs.ifname ?? '';
      } catch {
        // the peer namespace went away meanwhile
      } finally {
        await other.close();
      }
    }
    return info;
  }

  /** @internal Sends the accumulated changes of a LinkChange. */
  async _apply(dev: string | number | LinkGroupTarget, c: ChangeSet): Promise<void> {
    if (typeof dev === 'object') return this.#applyGroup(dev.group, c);
    const resolve = this.resolver();
    let target: string | number = dev;
    const opts: LinkSetOptions = { ...c.opts };
    if (c.rename !== undefined) {
      target = await resolve.index(dev, 'dev');
      opts.name = c.rename;
    }
    if (c.master === null) opts.master = 0;
    else if (c.master !== undefined) opts.master = await resolve.index(c.master, 'master');
    await this.#withNetns([c.netns], async ([fd, , pid]) => {
      if (fd !== undefined) opts.netnsFd = fd;
      if (pid !== undefined) opts.netnsPid = pid;
      const req: Request = linkSet(target, opts);
      try {
        await this.core.request(req);
      } catch (e) {
        throw notFound(e, dev);
      }
    });
  }

  /** One RTM_NEWLINK with ifi_index 0 and IFLA_GROUP: the kernel applies it to every link of the group. */
  async #applyGroup(group: number, c: ChangeSet): Promise<void> {
    if (c.rename !== undefined) throw new ValidationError('a group of links cannot be renamed', 'name');
    if (c.opts.group !== undefined) throw new ValidationError('group: the group selects the links; move them one by one', 'group');
    const opts: LinkSetOptions = { ...c.opts };
    if (c.master === null) opts.master = 0;
    else if (c.master !== undefined) opts.master = await this.resolver().index(c.master, 'master');
    await this.#withNetns([c.netns], async ([fd, , pid]) => {
      if (fd !== undefined) opts.netnsFd = fd;
      if (pid !== undefined) opts.netnsPid = pid;
      const req = linkSet(1, opts);
      req.body.header.index = 0;
      req.body.attrs.group = group;
      await this.core.request(req);
    });
  }

  /** `ip link set group N ...`: changes every link of device group N in one request (`link.group(5).up()`). */
  group(group: number): LinkChange {
    checkInt(group, 'group', 0, 0xffffffff);
    return new LinkChange(this, { group });
  }

  /** `ip link delete group N`: deletes every link of device group N (the kernel refuses groups holding links it cannot delete, e.g. lo). */
  async deleteGroup(group: number): Promise<void> {
    checkInt(group, 'group', 0, 0xffffffff);
    const req = linkDelete(1);
    req.body.header.index = 0;
    req.body.attrs.group = group;
    await this.core.request({ ...req, type: RTM_DELLINK });
  }

  /**
   * Opens namespace fds (names and paths) in the helper for the duration of fn; pids are
   * passed as they are. Unknown namespaces are a ValidationError before anything is sent.
   */
  async #withNetns(
    targets: Array<NetnsTarget | undefined>,
    fn: (v: [number | undefined, number | undefined, number | undefined, number | undefined]) => Promise<void>,
  ): Promise<void> {
    const specs = targets.map((t) => (t === undefined ? undefined : toNetnsSpec(t)));
    const fds: Array<number | undefined> = [];
    const pids: Array<number | undefined> = [];
    const helper = specs.some((s) => s && s.kind !== 'pid') ? await this.core.helper() : undefined;
    try {
      for (const s of specs) {
        if (!s || s.kind === 'current') {
          fds.push(undefined);
          pids.push(undefined);
        } else if (s.kind === 'pid') {
          fds.push(undefined);
          pids.push(s.pid);
        } else {
          try {
            fds.push(await nsFdOpen(helper!, s));
          } catch (e) {
            throw unknownNetns(e, s);
          }
          pids.push(undefined);
        }
      }
      await fn([fds[0], fds[1], pids[0], pids[1]]);
    } finally {
      for (const fd of fds) if (fd !== undefined) await nsFdClose(helper!, fd).catch(() => undefined);
    }
  }
}

function unknownNetns(e: unknown, s: NetnsSpec): unknown {
  if (e instanceof HelperOperationError && (e.code === 'ENOENT' || e.code === 'ESRCH')) {
    const what = s.kind === 'name' ? JSON.stringify(s.name) : s.kind === 'path' ? s.path : JSON.stringify(s);
    const err = new ValidationError(`unknown network namespace ${what}`, 'netns');
    (err as { cause?: unknown }).cause = e;
    return err;
  }
  return e;
}

function commonFrom(o: { mtu?: number; address?: string; broadcast?: string; txqlen?: number; alias?: string; devGroup?: number; up?: boolean; numTxQueues?: number; numRxQueues?: number; attrs?: LinkCommonOptions['attrs'] }): LinkCommonOptions {
  const c: LinkCommonOptions = {};
  if (o.mtu !== undefined) c.mtu = o.mtu;
  if (o.address !== undefined) c.address = o.address;
  if (o.broadcast !== undefined) c.broadcast = o.broadcast;
  if (o.txqlen !== undefined) c.txqlen = o.txqlen;
  if (o.alias !== undefined) c.alias = o.alias;
  if (o.devGroup !== undefined) c.group = o.devGroup;
  if (o.up !== undefined) c.up = o.up;
  if (o.numTxQueues !== undefined) c.numTxQueues = o.numTxQueues;
  if (o.numRxQueues !== undefined) c.numRxQueues = o.numRxQueues;
  if (o.attrs !== undefined) c.attrs = o.attrs;
  return c;
}

/** `handle.link`: call it for a LinkRef, or use its verbs. */
export type LinkAccessor = ((dev: string | number) => LinkRef) & Pick<
  LinkApi,
  'get' | 'find' | 'exists' | 'list' | 'stream' | 'add' | 'ensure' | 'delete' | 'deleteIfExists' | 'peer' | 'ref' | 'names' | 'group' | 'deleteGroup'
>;

export function linkAccessor(api: LinkApi): LinkAccessor {
  const fn = ((dev: string | number) => api.ref(dev)) as LinkAccessor;
  const verbs = ['get', 'find', 'exists', 'list', 'stream', 'add', 'ensure', 'delete', 'deleteIfExists', 'peer', 'ref', 'names', 'group', 'deleteGroup'] as const;
  for (const v of verbs) (fn as unknown as Record<string, unknown>)[v] = (api[v] as (...a: unknown[]) => unknown).bind(api);
  return fn;
}
