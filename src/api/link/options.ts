/**
 * The options of `handle.link.add` / `ensure`: the options every kind accepts, joined with each
 * kind's own options from its module (src/rtnl/link/kinds/), plus an explicit raw escape hatch.
 */
import type { LinkCommonOptions } from '../../rtnl/link/requests.js';
import type {
  BondOptions, BridgeOptions, Gre6Options, GreOptions, Ip6tnlOptions, IptnlOptions, IpvlanOptions, Vti6Options, VtiOptions, KindOptions, KindOptionsOf, KnownLinkKind, MacvlanOptions, NetnsTarget,
  NoDataOptions, PeerOptions, VethOptions, VlanOptions, VrfOptions, VxlanOptions,
} from '../../rtnl/link/kinds/index.js';
import type { Link } from '../views.js';


/** Options every kind accepts (`ip link add NAME [options] type KIND`). */
export interface LinkBaseOptions {
  /**
   * Interface name (1..15 bytes). Without one the kernel picks it (`ip link add type bridge` →
   * bridge0); `add` then learns it from the kernel's echo of the new link.
   */
  name?: string;
  /**
   * IFLA_LINK (`link DEV`): the parent or lower device, name or ifindex. Required by the kinds
   * stacked on a device (macvlan, vlan, ipvlan...); any kind may be given one, as in iproute2.
   */
  link?: string | number;
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
  /**
   * The new link's ifindex (`ip link add NAME index N ...`: ifi_index of the request); the kernel
   * answers EBUSY when it is taken. Default: the kernel picks the next free one.
   */
  index?: number;
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


/** Every kind's options with the base options: the union `link.add` takes, discriminated by `kind`. */
export type KnownKindLinkOptions = KindOptions extends infer O ? (O extends unknown ? LinkBaseOptions & O : never) : never;

/**
 * The explicit escape hatch for a kind without a module here (or raw bytes for one with a
 * module): `{ kind: 'raw', infoKind: 'amt', data: bytes }` sends IFLA_INFO_KIND `infoKind` and
 * IFLA_INFO_DATA as given (bytes, or attributes when `infoKind` has a module).
 */
export interface RawLinkOptions extends LinkBaseOptions {
  kind: 'raw';
  /** IFLA_INFO_KIND */
  infoKind: string;
  /** IFLA_INFO_DATA: raw bytes, or attributes in the schema of `infoKind`'s module. */
  data?: Uint8Array | Record<string, unknown>;
}

/** What `link.add` takes: one of the known kinds' options, or the raw escape hatch. */
export type LinkAddOptions = KnownKindLinkOptions | RawLinkOptions;

/** The options of one kind, with the base options (`LinkOptionsOf<'vxlan'>`). */
export type LinkOptionsOf<K extends KnownLinkKind> = LinkBaseOptions & KindOptionsOf<K>;

/** The other end of a veth pair. */
export type VethPeerOptions = PeerOptions;
/**
 * `link.add()` options of veth: the common link options plus the kind's own (`ip link add NAME
 * type veth peer name PEER`).
 */
export type VethLinkOptions = LinkBaseOptions & VethOptions;
/**
 * `link.add()` options of bridge: the common link options plus the kind's own (`ip link add NAME
 * type bridge ...`).
 */
export type BridgeLinkOptions = LinkBaseOptions & BridgeOptions;
/**
 * `link.add()` options of vxlan: the common link options plus the kind's own (`ip link add NAME
 * type vxlan id VNI ...`).
 */
export type VxlanLinkOptions = LinkBaseOptions & VxlanOptions;
/**
 * `link.add()` options of macvlan or macvtap: the common link options plus the kind's own (`ip
 * link add NAME link DEV type macvlan mode M`).
 */
export type MacvlanLinkOptions = LinkBaseOptions & MacvlanOptions;
/**
 * `link.add()` options of ipvlan or ipvtap: the common link options plus the kind's own (`ip link
 * add NAME link DEV type ipvlan mode M`).
 */
export type IpvlanLinkOptions = LinkBaseOptions & IpvlanOptions;
/**
 * `link.add()` options of vlan: the common link options plus the kind's own (`ip link add NAME
 * link DEV type vlan id N`).
 */
export type VlanLinkOptions = LinkBaseOptions & VlanOptions;
/**
 * `link.add()` options of bond: the common link options plus the kind's own (`ip link add NAME
 * type bond mode M ...`).
 */
export type BondLinkOptions = LinkBaseOptions & BondOptions;
/**
 * `link.add()` options of vrf: the common link options plus the kind's own (`ip link add NAME type
 * vrf table T`).
 */
export type VrfLinkOptions = LinkBaseOptions & VrfOptions;
/**
 * `link.add()` options of a kind without options of its own (dummy, ifb, nlmon...): the common
 * link options plus the kind's own (`ip link add NAME type dummy`).
 */
export type SimpleLinkOptions = LinkBaseOptions & NoDataOptions;
/** The IP tunnel kinds (gre, gretap, erspan, ip6gre..., ipip, sit, ip6tnl, vti, vti6). */
export type TunnelLinkOptions = LinkBaseOptions & (GreOptions | Gre6Options | IptnlOptions | Ip6tnlOptions | VtiOptions | Vti6Options);

/**
 * `ip link set DEV type KIND ARGS`: a kind's own options, all optional (what is given changes).
 * The base options are set with the other setters (`mtu()`, `up()`...).
 */
export type KindChangeOptions = KindOptions extends infer O ? (O extends { kind: infer K } ? Partial<Omit<O, 'kind'>> & { kind: K } : never) : never;

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
  /** The peer's name (read from its namespace by nsid: IFLA_TARGET_NETNSID). */
  name: string;
  /** True when the peer is in this handle's namespace. */
  sameNetns: boolean;
  /** The peer namespace's nsid as seen from here; undefined when in the same namespace. */
  nsid?: number;
  /** Name (/run/netns) of the peer's namespace, when it has one. */
  netns?: string;
  /**
   * The peer's namespace as `handle.in()` takes it: its /run/netns name, or `{ pid: 1 }` for the
   * initial namespace (a veth whose other end is on the host); undefined in the same namespace, or
   * for an unnamed namespace of some other process (then `nsid` is what identifies it).
   */
  netnsTarget?: NetnsTarget;
}
