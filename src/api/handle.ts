/**
 * `Handle`: the API users hold. It works in one network namespace (the current one, or one
 * given by name / path / pid), shares its context's helper with the other handles, and opens
 * its own netlink socket on first use.
 */
import type { HelperProcess } from '../netlink/transport/helper.js';
import type { NetlinkMessage, Request } from '../netlink/message.js';
import { AddrApi } from './addr.js';
import { BridgeApi } from './bridge.js';
import { Core, type NetnsTarget } from './core.js';
import { EthtoolApi } from './ethtool.js';
import { GenlApi, genlAccessor, type GenlAccessor } from './genl.js';
import { MptcpApi } from './mptcp.js';
import { WireguardApi } from './wireguard.js';
import { linkAccessor, LinkApi, type LinkAccessor } from './link.js';
import { Monitor, WaitFor, type MonitorOptions } from './monitor.js';
import type { Netlink } from './netlink.js';
import { NetnsApi } from './netns.js';
import { NeighApi } from './neigh.js';
import { RouteApi } from './route.js';
import { RuleApi } from './rule.js';
import { NexthopApi } from './nexthop.js';
import { AddrlabelApi } from './addrlabel.js';
import { TuntapApi } from './tuntap.js';
import { TcApi } from './tc.js';
import { XfrmApi } from './xfrm.js';

/**
 * A working context in one network namespace: the verb groups `link`, `addr`, `route`, `neigh`,
 * `rule`, `nexthop`, `addrlabel`, `netns`, `tuntap`, `tc`, `bridge`, `genl`, `ethtool`,
 * `wireguard`, `mptcp`, `xfrm`, plus `monitor()`, `waitFor` and `in(netns)`. Get one from
 * `Netlink.open()`; close it with `close()` or `await using`.
 */
export class Handle {
  /** @internal */
  readonly core: Core;
  /** Named network namespaces, nsids, `ip netns exec`. */
  readonly netns: NetnsApi;
  /** Interfaces: `handle.link('eth0').up()`, `handle.link.add({...})`, `handle.link.list()`. */
  readonly link: LinkAccessor;
  /** Persistent tun/tap devices. */
  readonly tuntap: TuntapApi;
  /** IP addresses. */
  readonly addr: AddrApi;
  /** Routes. */
  readonly route: RouteApi;
  /** Neighbours (ARP / NDP). */
  readonly neigh: NeighApi;
  /** Policy routing rules. */
  readonly rule: RuleApi;
  /** Nexthop objects and groups (`ip nexthop ...`), for routes' `nhid`. */
  readonly nexthop: NexthopApi;
  /** The IPv6 address label table (`ip addrlabel ...`). */
  readonly addrlabel: AddrlabelApi;
  /** The bridge's tables: `handle.bridge.fdb.add({ mac, dev, master: true })` (`bridge link|fdb|vlan|mdb ...`). */
  readonly bridge: BridgeApi;
  /** Traffic control: `handle.tc.qdisc.add({ dev: 'eth0', parent: 'root', kind: 'netem', delay: '10ms' })` (`tc ...`). */
  readonly tc: TcApi;
  /** Wait until a link or address reaches a state. */
  readonly waitFor: WaitFor;
  /** Generic netlink families typed from the kernel's YNL specs: `handle.genl('ethtool').do('channels-get', {...})` (`ynl`). */
  readonly genl: GenlAccessor;
  /** Network device settings through the ethtool family (`ethtool DEV`, `-k`, `-g`, `-l`, `-c`, `-a`...). */
  readonly ethtool: EthtoolApi;
  /** WireGuard devices with base64 keys (`wg show DEV`, `wg set DEV ...`). */
  readonly wireguard: WireguardApi;
  /** MPTCP endpoints and limits (`ip mptcp endpoint ...`, `ip mptcp limits ...`). */
  readonly mptcp: MptcpApi;
  /** IPsec SAs and policies over NETLINK_XFRM (`ip xfrm state ...`, `ip xfrm policy ...`). */
  readonly xfrm: XfrmApi;
  #closed = false;

  /** Not called directly: handles come from `Netlink.open()`, `netlink.handle()` or `handle.in()`. */
  constructor(readonly context: Netlink, netns?: NetnsTarget) {
    this.core = new Core(context, netns);
    this.netns = new NetnsApi(this.core);
    const linkApi = new LinkApi(this.core, () => this.netns.idNames(), (target) => this.netns.getId(target));
    this.link = linkAccessor(linkApi);
    this.tuntap = new TuntapApi(this.core, linkApi);
    this.addr = new AddrApi(this.core, linkApi);
    this.route = new RouteApi(this.core, linkApi);
    this.neigh = new NeighApi(this.core, linkApi);
    this.rule = new RuleApi(this.core);
    this.nexthop = new NexthopApi(this.core, linkApi);
    this.addrlabel = new AddrlabelApi(this.core, linkApi);
    this.tc = new TcApi(this.core, linkApi);
    this.bridge = new BridgeApi(this.core, linkApi);
    this.waitFor = new WaitFor(this);
    this.genl = genlAccessor(new GenlApi(this.core));
    this.ethtool = new EthtoolApi(this.genl);
    this.wireguard = new WireguardApi(this.genl);
    this.mptcp = new MptcpApi(this.genl);
    this.xfrm = new XfrmApi(this.core, (dev) => linkApi.resolver().index(dev, 'sel.dev'));
  }

  /** The /run/netns name this handle works in, when it was given by name. */
  get netnsName(): string | undefined {
    return this.core.netnsName;
  }

  /** Whether the context runs in a private sandbox. */
  get sandbox(): boolean {
    return this.context.sandbox;
  }

  /**
   * `ip -n NS ...`: a handle on the same helper working in another namespace: `handle.in('ns1')`. Handles
   * from `in()` are shared per namespace (the same object while it is open); use
   * `handle.context.handle(netns)` for a private one.
   */
  in(netns: NetnsTarget): Handle {
    return this.context.shared(netns);
  }

  /** Whether close() was called (or the context closed). */
  get closed(): boolean {
    return this.#closed || this.context.closed;
  }

  /** Opens this handle's socket now (otherwise it opens on first use). Fails for an unknown namespace. */
  async ready(): Promise<this> {
    await this.core.session();
    return this;
  }

  /** The running helper process (started if needed). */
  helper(): Promise<HelperProcess> {
    return this.core.helper();
  }

  /** Events: `for await (const ev of handle.monitor({ groups: ['link'] })) ...` (`ip monitor`). */
  monitor(options: MonitorOptions = {}): Monitor {
    return new Monitor(this.core, options);
  }

  /** Sends a raw request built with src/rtnl (escape hatch); resolves with the replies. */
  request<B = unknown>(req: Request): Promise<NetlinkMessage<B>[]> {
    return this.core.request<B>(req);
  }

  /** Runs a raw dump (with NLM_F_DUMP_INTR retries); resolves with the bodies. */
  dump<B = unknown>(req: Request, match?: (body: B) => boolean): Promise<B[]> {
    return this.core.dump<B>(req, match ? { match } : {});
  }

  /**
   * Runs a raw dump handing each body to `onBody` as its datagram arrives (nothing is collected:
   * print as the kernel answers, as iproute2 does). No retry: a dump the kernel flags
   * NLM_F_DUMP_INTR is read to its end and resolves with `interrupted: true`. If `onBody` throws,
   * the rest of the dump is dropped and the error rethrown. If it returns a promise, reading
   * stops until the promise settles (backpressure: a writer waiting for 'drain'); a rejection
   * ends the dump with that error.
   */
  dumpEach<B = unknown>(req: Request, onBody: (body: B) => void | PromiseLike<void>, match?: (body: B) => boolean): Promise<{ interrupted: boolean }> {
    return this.core.dumpEach<B>(req, onBody, match);
  }

  /**
   * Closes this handle's sockets and monitors. The handle `Netlink.open()` returned owns its
   * context: closing it (or leaving its `await using` scope) closes every handle derived from it
   * (`in()`, `context.handle()`), their monitors and the helper. Other handles close alone; a
   * context created with `new Netlink()` ends with its last handle.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.context._owner === this) return this.context.close();
    await this.core.close();
    await this.context._release(this);
  }

  /** @internal Called by the context when it closes. */
  async _closeCore(): Promise<void> {
    this.#closed = true;
    await this.core.close();
  }

  /** `await using h = await Netlink.open()`: closes the handle at the end of the scope. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
