/**
 * `link('x').up().mtu(1400)`: changes to one link (or a device group), accumulated by chained
 * setters and sent as one RTM_NEWLINK when awaited (or `.then`, `.catch`, `.finally`, `send()`).
 * A LinkChange implements Promise<void>, so it can be passed wherever a Promise is expected.
 */
import { ValidationError } from '../../netlink/errors.js';
import { IF_LINK_MODE, IF_OPER, type LinkMode, type OperState } from '../../rtnl/link/constants.js';
import type { LinkSetOptions } from '../../rtnl/link/requests.js';
import { checkIfname, checkInt, checkKeys, checkMac, enumValue } from '../../rtnl/validate.js';
import { toNetnsSpec, type NetnsTarget } from '../core.js';
import type { Link } from '../views.js';
import type { LinkApi } from './api.js';
import { checkCommon, moduleOf } from './encode.js';
import type { KindChangeOptions, PeerInfo } from './options.js';

/** Every link of a device group (`ip link set group N ...`, `ip link delete group N`). */
export interface LinkGroupTarget {
  group: number;
}

/** What a LinkChange accumulates until it is sent (the setters' changes; not exported by the package). */
export interface ChangeSet {
  opts: LinkSetOptions;
  rename?: string;
  master?: string | number | null;
  netns?: NetnsTarget;
  /** `type KIND ARGS`: a kind's own options, encoded by its module when sent. */
  kindChange?: KindChangeOptions;
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
    checkInt(n, 'mtu', 0, 0xffffffff);
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
  linkmode(mode: LinkMode | Lowercase<LinkMode> | number): T {
    const v = enumValue(IF_LINK_MODE, mode, 'linkmode');
    return this.with((c) => (c.opts.linkmode = v));
  }
  /** `ip link set DEV state UP|DOWN|DORMANT|...` (IFLA_OPERSTATE, RFC 2863 state; the kernel takes UP, DORMANT and TESTING from userspace). */
  operstate(state: OperState | number): T {
    const v = enumValue(IF_OPER, state, 'operstate');
    return this.with((c) => (c.opts.operstate = v));
  }
  /** `ip link set DEV carrier on|off` */
  carrier(on: boolean): T {
    return this.with((c) => (c.opts.carrier = on));
  }
  /**
   * `ip link set DEV netns NS [index N]` (a /run/netns name, `{ pid }` or `{ path }`); `index`
   * asks for that ifindex in the new namespace (IFLA_NEW_IFINDEX).
   */
  setNetns(target: NetnsTarget, options: { index?: number } = {}): T {
    toNetnsSpec(target);
    checkKeys(options, ['index'], 'setNetns');
    if (options.index !== undefined) checkInt(options.index, 'index', 1, 0x7fffffff);
    return this.with((c) => {
      c.netns = target;
      if (options.index !== undefined) c.opts.newIfindex = options.index;
    });
  }
  /**
   * `ip link set DEV type KIND ARGS`: a kind's own options, as `link.add` takes them, e.g.
   * `type({ kind: 'bridge', stp: true })`. Only what is given changes.
   */
  type(options: KindChangeOptions): T {
    if (typeof options !== 'object' || options === null) throw new ValidationError('kind options object expected', 'kind');
    moduleOf(options.kind);
    return this.with((c) => (c.kindChange = options));
  }
  /**
   * Raw IFLA_* changes (schema keys): `attrs`, or IFLA_INFO_KIND with IFLA_INFO_DATA /
   * IFLA_INFO_SLAVE_DATA as attributes (`set({ kind: 'bridge_slave', slaveData: { cost: 5 } })`).
   */
  set(opts: Pick<LinkSetOptions, 'kind' | 'data' | 'slaveData' | 'attrs'>): T {
    checkKeys(opts, ['kind', 'data', 'slaveData', 'attrs'], 'link set');
    return this.with((c) => Object.assign(c.opts, opts));
  }
}

/** A set of changes to one link, sent as one RTM_NEWLINK when awaited. Chain more setters first. */
export class LinkChange extends LinkSetters<LinkChange> implements Promise<void> {
  readonly #changes: ChangeSet = { opts: {} };
  readonly [Symbol.toStringTag] = 'Promise';
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

