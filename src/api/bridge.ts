/**
 * `handle.bridge`: the bridge's own tables (`bridge link|fdb|vlan|mdb ...`): ports, forwarding
 * database, VLANs, multicast database. Options take device names or indexes; the request
 * builders of src/rtnl/bridge/ (shared with pure-bridge) send what `bridge` sends.
 */
import { NetlinkError, NotFoundError, ValidationError } from '../netlink/errors.js';
import { AF_BRIDGE, NTF, NUD, RTPROT } from '../rtnl/constants.js';
import { fdbAdd, fdbAppend, fdbBody, fdbDelete, fdbDump, fdbFlush, fdbGet, fdbReplace, type FdbOptions as RtnlFdbOptions, type FdbState } from '../rtnl/bridge/fdb.js';
import { mdbAdd, mdbDelete, mdbDump } from '../rtnl/bridge/mdb.js';
import { mdbGroupText, MDB_FLAGS, MDB_STATE, type MdbMessage } from '../rtnl/bridge/mdb-schema.js';
import { BRIDGE_PORT_OPTION_KEYS, bridgePortDump, bridgePortSet, type BridgePortOptions, type BridgePortState } from '../rtnl/bridge/port.js';
import { bridgeVlanAdd, bridgeVlanDelete, bridgeVlanDump, type BridgeVlanEntryOptions as RtnlVlanOptions } from '../rtnl/bridge/vlan.js';
import type { LinkMessageBody } from '../rtnl/link/attrs.js';
import { BR_STATE, BRIDGE_VLAN_INFO } from '../rtnl/link/constants.js';
import type { NeighMessage } from '../rtnl/neigh/schema.js';
import { checkKeys } from '../rtnl/validate.js';
import type { Core } from './core.js';
import { notFound, type LinkApi } from './link.js';

const flagWord = (def: { value(n: string | number): number }, v: unknown): number =>
  Array.isArray(v) ? v.reduce<number>((w, n) => (w | def.value(n as string | number)) >>> 0, 0) : typeof v === 'number' ? v : 0;
const enumNumber = (def: { value(n: string | number): number }, v: unknown): number => (typeof v === 'number' ? v : def.value(String(v)));

/** A bridge port as `bridge -d link show` prints it. */
export interface BridgePort {
  index: number;
  name: string;
  /** The bridge (IFLA_MASTER). */
  master?: string;
  /** STP state: 'disabled', 'listening', 'learning', 'forwarding', 'blocking' (a number when unknown). */
  state?: BridgePortState | number;
  priority?: number;
  cost?: number;
  hairpin?: boolean;
  guard?: boolean;
  rootBlock?: boolean;
  fastLeave?: boolean;
  learning?: boolean;
  learningSync?: boolean;
  flood?: boolean;
  mcastFlood?: boolean;
  bcastFlood?: boolean;
  mcastRouter?: number;
  mcastToUnicast?: boolean;
  neighSuppress?: boolean;
  vlanTunnel?: boolean;
  isolated?: boolean;
  locked?: boolean;
  /** The backup port's name. */
  backupPort?: string;
  /** The AF_BRIDGE link message. */
  raw: LinkMessageBody;
}

/** `bridge fdb add|append|replace|del MAC dev DEV [master] [self] [static|dynamic|permanent] [vlan VID] [dst IP] [port P] [vni N] [via DEV] ...` */
export interface FdbEntryOptions {
  /** The MAC address. */
  mac: string;
  /** The port, or the vxlan device. */
  dev: string | number;
  /** The master bridge's table (`master`). */
  master?: boolean;
  /** The device's own table (`self`, the default when neither is given). */
  self?: boolean;
  /** 'permanent' (default), 'static', 'dynamic', or NUD_* states. */
  state?: FdbState;
  vlan?: number;
  /** vxlan: the remote VTEP's IP address. */
  dst?: string;
  /** vxlan: the remote UDP port. */
  port?: number;
  /** vxlan: the remote VNI. */
  vni?: number;
  /** vxlan (collect metadata): the entry's VNI. */
  srcVni?: number;
  /** vxlan: the device that reaches the remote VTEP. */
  via?: string | number;
  /** A nexthop group id instead of dst/port/vni. */
  nhid?: number;
  router?: boolean;
  use?: boolean;
  externLearn?: boolean;
  sticky?: boolean;
}
const FDB_KEYS = ['mac', 'dev', 'master', 'self', 'state', 'vlan', 'dst', 'port', 'vni', 'srcVni', 'via', 'nhid', 'router', 'use', 'externLearn', 'sticky'] as const;

/** An fdb entry as `bridge fdb show` prints it. */
export interface FdbEntry {
  mac: string;
  /** The port (or device). */
  dev: string;
  index: number;
  /** The bridge, for entries of a bridge's table. */
  master?: string;
  vlan?: number;
  dst?: string;
  port?: number;
  vni?: number;
  srcVni?: number;
  /** The device that reaches dst. */
  via?: string;
  nhid?: number;
  /** `bridge fdb show`'s state word: 'permanent', 'static', 'stale', '' (dynamic), or 'state=0x..'. */
  state: string;
  /** NTF_* words: 'self', 'master', 'router', 'extern_learn', 'offload', 'sticky'. */
  flags: string[];
  raw: NeighMessage;
}

/** `bridge vlan add|del vid VID[-END] dev DEV [pvid] [untagged] [self] [master] [tunnel_info id ID[-END]]` */
export interface BridgeVlanOptions {
  dev: string | number;
  vid: number;
  vidEnd?: number;
  pvid?: boolean;
  untagged?: boolean;
  self?: boolean;
  master?: boolean;
  tunnelId?: number;
  tunnelIdEnd?: number;
}
const VLAN_KEYS = ['dev', 'vid', 'vidEnd', 'pvid', 'untagged', 'self', 'master', 'tunnelId', 'tunnelIdEnd'] as const;

/** One port's VLANs (`bridge vlan show`): single VLANs, or ranges with `compressed`. */
export interface BridgePortVlans {
  dev: string;
  index: number;
  vlans: Array<{ vid: number; vidEnd?: number; pvid: boolean; untagged: boolean }>;
  /** VLAN-to-tunnel mappings (`bridge vlan tunnelshow`). */
  tunnels: Array<{ vid: number; vidEnd?: number; tunnelId: number; tunnelIdEnd?: number }>;
}

/** `bridge mdb add|del dev BRIDGE port PORT grp GROUP [src SOURCE] [permanent] [vid VID]` */
export interface MdbEntryOptions {
  /** The bridge. */
  dev: string | number;
  /** The port (the bridge itself for a host-joined group). */
  port: string | number;
  /** IPv4 / IPv6 multicast group, or a multicast MAC address. */
  group: string;
  /** The source of an (S,G) entry. */
  source?: string;
  permanent?: boolean;
  vid?: number;
}
const MDB_KEYS = ['dev', 'port', 'group', 'source', 'permanent', 'vid'] as const;

/** A multicast database entry (`bridge mdb show`). */
export interface MdbEntry {
  bridge: string;
  port: string;
  group: string;
  source?: string;
  permanent: boolean;
  vid: number;
  /** MDB_FLAGS_* words: 'offload', 'fast_leave', 'star_excl', 'blocked'. */
  flags: string[];
  /** Who added it (MDBA_MDB_EATTR_RTPROT): 'static', 'kernel'... */
  protocol?: string | number;
  /** Seconds left for a temporary entry (MDBA_MDB_EATTR_TIMER, in centiseconds). */
  timer?: number;
}

/** Bridge ports (`handle.bridge.port`): `bridge link show|set`. */
export class BridgePortApi {
  constructor(private readonly core: Core, private readonly links: LinkApi) {}

  /** `bridge -d link show [dev DEV]`: the ports of every bridge. */
  async list(options: { dev?: string | number } = {}): Promise<BridgePort[]> {
    checkKeys(options, ['dev'], 'bridge port list');
    const dev = options.dev === undefined ? undefined : await this.links.resolver().index(options.dev, 'dev');
    const bodies = await this.core.dump<LinkMessageBody>(bridgePortDump());
    const names = await this.links.names();
    return bodies.filter((b) => b.header.family === AF_BRIDGE && (dev === undefined || b.header.index === dev)).map((b) => portView(b, names));
  }

  /** `bridge link set dev DEV [cost N] [priority N] [state S] [hairpin on|off] ...` */
  async set(dev: string | number, options: Omit<BridgePortOptions, 'backupPort'> & { backupPort?: string | number | null }): Promise<void> {
    if (typeof options !== 'object' || options === null) throw new ValidationError('bridge port options expected');
    checkKeys(options, BRIDGE_PORT_OPTION_KEYS, 'bridge port');
    const resolve = this.links.resolver();
    const { backupPort, ...rest } = options;
    const o: BridgePortOptions = { ...rest };
    if (backupPort !== undefined) o.backupPort = backupPort === null ? 0 : await resolve.index(backupPort, 'backupPort');
    // The options are checked (with a stand-in index) before the device lookup is sent.
    const request = bridgePortSet(0x7fffffff, o);
    request.body.header.index = await resolve.index(dev, 'dev');
    try {
      await this.core.request(request);
    } catch (e) {
      throw notFound(e, dev);
    }
  }
}

function portView(b: LinkMessageBody, names: Map<number, string>): BridgePort {
  const a = b.attrs;
  const p: BridgePort = { index: b.header.index, name: a.ifname ?? `if${b.header.index}`, raw: b };
  if (a.master !== undefined) p.master = names.get(a.master) ?? `if${a.master}`;
  const pi = a.protinfo;
  if (pi && typeof pi === 'object' && !(pi instanceof Uint8Array) && 'cost' in pi) {
    const port = pi as Record<string, unknown>;
    if (port.state !== undefined) p.state = BR_STATE.name(enumNumber(BR_STATE, port.state)) as BridgePortState | number;
    if (typeof port.priority === 'number') p.priority = port.priority;
    if (typeof port.cost === 'number') p.cost = port.cost;
    const bools: Array<[keyof BridgePort, string]> = [
      ['hairpin', 'mode'], ['guard', 'guard'], ['rootBlock', 'protect'], ['fastLeave', 'fastLeave'], ['learning', 'learning'],
      ['learningSync', 'learningSync'], ['flood', 'unicastFlood'], ['mcastFlood', 'mcastFlood'], ['bcastFlood', 'bcastFlood'],
      ['mcastToUnicast', 'mcastToUcast'], ['neighSuppress', 'neighSuppress'], ['vlanTunnel', 'vlanTunnel'], ['isolated', 'isolated'], ['locked', 'locked'],
    ];
    for (const [key, attr] of bools) if (typeof port[attr] === 'number') Object.assign(p, { [key]: port[attr] !== 0 });
    if (typeof port.multicastRouter === 'number') p.mcastRouter = port.multicastRouter;
    if (typeof port.backupPort === 'number') p.backupPort = names.get(port.backupPort) ?? `if${port.backupPort}`;
  }
  return p;
}

/** The forwarding database (`handle.bridge.fdb`): `bridge fdb show|add|append|replace|del|get|flush`. */
export class FdbApi {
  constructor(private readonly core: Core, private readonly links: LinkApi) {}

  async #options(o: FdbEntryOptions): Promise<RtnlFdbOptions> {
    if (typeof o !== 'object' || o === null) throw new ValidationError('fdb options expected');
    checkKeys(o, FDB_KEYS, 'fdb');
    const { mac, dev, via, ...rest } = o;
    const resolve = this.links.resolver();
    const r: RtnlFdbOptions = { ...rest, lladdr: mac, dev: 1 };
    // Everything but the names is checked (with stand-in indexes) before a lookup is sent.
    fdbBody({ ...r, ...(via !== undefined ? { via: 1 } : {}) });
    r.dev = await resolve.index(dev, 'dev');
    if (via !== undefined) r.via = await resolve.index(via, 'via');
    return r;
  }

  async #send(build: typeof fdbAdd, o: FdbEntryOptions): Promise<void> {
    const r = await this.#options(o);
    try {
      await this.core.request(build(r));
    } catch (e) {
      if (e instanceof NetlinkError && e.code === 'ENOENT' && build === fdbDelete) throw Object.assign(new NotFoundError('fdb entry', o.mac), { cause: e });
      throw notFound(e, o.dev);
    }
  }

  /** `bridge fdb add MAC dev DEV ...` (EEXIST when the entry exists). */
  add(options: FdbEntryOptions): Promise<void> {
    return this.#send(fdbAdd, options);
  }
  /** `bridge fdb append MAC dev VXLAN dst IP ...`: one more remote for a vxlan entry. */
  append(options: FdbEntryOptions): Promise<void> {
    return this.#send(fdbAppend, options);
  }
  /** `bridge fdb replace MAC dev DEV ...` */
  replace(options: FdbEntryOptions): Promise<void> {
    return this.#send(fdbReplace, options);
  }
  /** `bridge fdb del MAC dev DEV ...`: NotFoundError when absent. */
  delete(options: FdbEntryOptions): Promise<void> {
    return this.#send(fdbDelete, options);
  }

  /** `bridge fdb show [br BRIDGE] [brport DEV] [vlan VID]` */
  async list(options: { dev?: string | number; master?: string | number; vlan?: number } = {}): Promise<FdbEntry[]> {
    checkKeys(options, ['dev', 'master', 'vlan'], 'fdb list');
    const resolve = this.links.resolver();
    const dev = options.dev === undefined ? undefined : await resolve.index(options.dev, 'dev');
    const master = options.master === undefined ? undefined : await resolve.index(options.master, 'master');
    const bodies = await this.core.dump<NeighMessage>(fdbDump({ ...(dev !== undefined ? { dev } : {}), ...(master !== undefined ? { master } : {}) }));
    const names = await this.links.names();
    return bodies
      .filter((b) => b.header.family === AF_BRIDGE && (dev === undefined || b.header.ifindex === dev))
      .map((b) => fdbView(b, names))
      .filter((e) => options.vlan === undefined || e.vlan === options.vlan);
  }

  /** `bridge fdb get MAC { br BRIDGE | brport DEV } [vlan VID]`: NotFoundError when absent. */
  async get(mac: string, options: { dev?: string | number; master?: string | number; vlan?: number; vni?: number }): Promise<FdbEntry> {
    checkKeys(options, ['dev', 'master', 'vlan', 'vni'], 'fdb get');
    const resolve = this.links.resolver();
    const dev = options.dev === undefined ? undefined : await resolve.index(options.dev, 'dev');
    const master = options.master === undefined ? undefined : await resolve.index(options.master, 'master');
    const request = fdbGet({ lladdr: mac, ...(dev !== undefined ? { dev } : {}), ...(master !== undefined ? { master } : {}), ...(options.vlan !== undefined ? { vlan: options.vlan } : {}), ...(options.vni !== undefined ? { vni: options.vni } : {}) });
    let body: NeighMessage | undefined;
    try {
      body = (await this.core.request<NeighMessage>(request))[0]?.body;
    } catch (e) {
      if (e instanceof NetlinkError && e.code === 'ENOENT') throw Object.assign(new NotFoundError('fdb entry', mac), { cause: e });
      throw e;
    }
    if (!body) throw new NotFoundError('fdb entry', mac);
    return fdbView(body, await this.links.names());
  }

  /**
   * `bridge fdb flush dev BRIDGE [brport DEV] [vlan VID] [master|self] [static|dynamic|permanent]`:
   * one bulk delete. A bridge flushes its own table with `self` (the default); `master` asks
   * `dev`'s master.
   */
  async flush(options: { dev: string | number; port?: string | number; vlan?: number; master?: boolean; self?: boolean; state?: 'permanent' | 'static' | 'dynamic' }): Promise<void> {
    checkKeys(options, ['dev', 'port', 'vlan', 'master', 'self', 'state'], 'fdb flush');
    const P = NUD.value('PERMANENT');
    const N = NUD.value('NOARP');
    // bridge/fdb.c's words: which NUD bits must be set, among those compared.
    const states = { permanent: [P, P], static: [N, N | P], dynamic: [0, N | P] } as const;
    if (options.state !== undefined && !(options.state in states)) throw new ValidationError('state must be "permanent", "static" or "dynamic"', 'state');
    const [state, stateMask] = options.state ? states[options.state] : [0, 0];
    const resolve = this.links.resolver();
    const dev = await resolve.index(options.dev, 'dev');
    const port = options.port === undefined ? undefined : await resolve.index(options.port, 'port');
    await this.core.request(
      fdbFlush({ dev, ...(port !== undefined ? { port } : {}), ...(options.vlan !== undefined ? { vlan: options.vlan } : {}), master: !!options.master, self: !!options.self, state, stateMask }),
    );
  }
}

function fdbView(b: NeighMessage, names: Map<number, string>): FdbEntry {
  const a = b.attrs;
  const name = (i: number) => names.get(i) ?? `if${i}`;
  const s = flagWord(NUD, b.header.state);
  const state = s & NUD.value('PERMANENT') ? 'permanent' : s & NUD.value('NOARP') ? 'static' : s & NUD.value('STALE') ? 'stale' : s & NUD.value('REACHABLE') ? '' : `state=0x${s.toString(16)}`;
  const f = flagWord(NTF, b.header.flags);
  const flags = (['self', 'router', 'extern_learn', 'offload', 'master', 'sticky'] as const).filter((n) => f & NTF.value(n));
  const e: FdbEntry = { mac: String(a.lladdr ?? ''), dev: name(b.header.ifindex), index: b.header.ifindex, state, flags, raw: b };
  if (a.master !== undefined) e.master = name(a.master);
  if (a.vlan) e.vlan = a.vlan;
  if (a.dst !== undefined) e.dst = a.dst;
  if (a.port !== undefined) e.port = a.port;
  if (a.vni !== undefined) e.vni = a.vni;
  if (a.srcVni !== undefined) e.srcVni = a.srcVni;
  if (a.ifindex !== undefined) e.via = name(a.ifindex);
  if (a.nhId !== undefined) e.nhid = a.nhId;
  return e;
}

/** Bridge VLANs (`handle.bridge.vlan`): `bridge vlan show|tunnelshow|add|del`. Needs a kernel with bridge VLAN filtering. */
export class BridgeVlanApi {
  constructor(private readonly core: Core, private readonly links: LinkApi) {}

  async #send(build: typeof bridgeVlanAdd, o: BridgeVlanOptions): Promise<void> {
    if (typeof o !== 'object' || o === null) throw new ValidationError('bridge vlan options expected');
    checkKeys(o, VLAN_KEYS, 'bridge vlan');
    const { dev, ...rest } = o;
    const r: RtnlVlanOptions = { ...rest, dev: 1 };
    // Checked with a stand-in index before the device lookup is sent.
    build(r);
    r.dev = await this.links.resolver().index(dev, 'dev');
    try {
      await this.core.request(build(r));
    } catch (e) {
      throw notFound(e, dev);
    }
  }

  /** `bridge vlan add vid VID[-END] dev DEV [pvid] [untagged] [self] [master] [tunnel_info id ID]` */
  add(options: BridgeVlanOptions): Promise<void> {
    return this.#send(bridgeVlanAdd, options);
  }
  /** `bridge vlan del vid VID[-END] dev DEV [tunnel_info id ID]` */
  delete(options: BridgeVlanOptions): Promise<void> {
    return this.#send(bridgeVlanDelete, options);
  }

  /** `bridge vlan show [dev DEV]` (`compressed`: `bridge -c vlan show`, ranges) with `tunnelshow`'s mappings. */
  async list(options: { dev?: string | number; compressed?: boolean } = {}): Promise<BridgePortVlans[]> {
    checkKeys(options, ['dev', 'compressed'], 'bridge vlan list');
    const dev = options.dev === undefined ? undefined : await this.links.resolver().index(options.dev, 'dev');
    const d = bridgeVlanDump({ compressed: !!options.compressed });
    const bodies = await this.core.dump<LinkMessageBody>(d.request);
    const names = await this.links.names();
    const out: BridgePortVlans[] = [];
    const RANGE_END = BRIDGE_VLAN_INFO.value('range_end');
    for (const b of bodies) {
      if (b.header.family !== AF_BRIDGE || (dev !== undefined && b.header.index !== dev)) continue;
      const af = b.attrs.afSpec as { vlanInfo?: Array<{ flags: unknown; vid: number }>; vlanTunnelInfo?: Array<{ id?: number; vid?: number; flags?: unknown }> } | undefined;
      if (!af || af instanceof Uint8Array) continue;
      const port: BridgePortVlans = { dev: names.get(b.header.index) ?? `if${b.header.index}`, index: b.header.index, vlans: [], tunnels: [] };
      for (const v of af.vlanInfo ?? []) {
        const f = flagWord(BRIDGE_VLAN_INFO, v.flags);
        const entry = { vid: v.vid, pvid: !!(f & BRIDGE_VLAN_INFO.value('pvid')), untagged: !!(f & BRIDGE_VLAN_INFO.value('untagged')) };
        const last = port.vlans[port.vlans.length - 1];
        if (f & RANGE_END && last) last.vidEnd = v.vid;
        else port.vlans.push(entry);
      }
      for (const t of af.vlanTunnelInfo ?? []) {
        if (t.vid === undefined) continue;
        const f = flagWord(BRIDGE_VLAN_INFO, t.flags);
        const last = port.tunnels[port.tunnels.length - 1];
        if (f & RANGE_END && last) Object.assign(last, { vidEnd: t.vid, tunnelIdEnd: t.id ?? 0 });
        else port.tunnels.push({ vid: t.vid, tunnelId: t.id ?? 0 });
      }
      if (port.vlans.length || port.tunnels.length) out.push(port);
    }
    return out;
  }
}

/** The multicast database (`handle.bridge.mdb`): `bridge mdb show|add|del`. */
export class MdbApi {
  constructor(private readonly core: Core, private readonly links: LinkApi) {}

  async #send(build: typeof mdbAdd, o: MdbEntryOptions): Promise<void> {
    if (typeof o !== 'object' || o === null) throw new ValidationError('mdb options expected');
    checkKeys(o, MDB_KEYS, 'mdb');
    // Checked with stand-in indexes before the device lookups are sent.
    build({ ...o, dev: 1, port: 1 });
    const resolve = this.links.resolver();
    const r = { ...o, dev: await resolve.index(o.dev, 'dev'), port: await resolve.index(o.port, 'port') };
    try {
      await this.core.request(build(r));
    } catch (e) {
      throw notFound(e, o.dev);
    }
  }

  /** `bridge mdb add dev BRIDGE port PORT grp GROUP [src SOURCE] [permanent] [vid VID]` */
  add(options: MdbEntryOptions): Promise<void> {
    return this.#send(mdbAdd, options);
  }
  /** `bridge mdb del dev BRIDGE port PORT grp GROUP [src SOURCE] [vid VID]` (the kernel answers EINVAL when absent). */
  delete(options: MdbEntryOptions): Promise<void> {
    return this.#send(mdbDelete, options);
  }

  /** `bridge -s mdb show [dev BRIDGE]` */
  async list(options: { dev?: string | number } = {}): Promise<MdbEntry[]> {
    checkKeys(options, ['dev'], 'mdb list');
    const dev = options.dev === undefined ? undefined : await this.links.resolver().index(options.dev, 'dev');
    const bodies = await this.core.dump<MdbMessage>(mdbDump());
    const names = await this.links.names();
    const name = (i: number) => names.get(i) ?? `if${i}`;
    const out: MdbEntry[] = [];
    for (const b of bodies) {
      if (dev !== undefined && b.header.ifindex !== dev) continue;
      for (const entry of b.attrs.mdb?.entry ?? []) {
        for (const info of entry.info ?? []) {
          const e = info.header;
          const m: MdbEntry = {
            bridge: name(b.header.ifindex),
            port: name(e.ifindex),
            group: mdbGroupText(e),
            permanent: enumNumber(MDB_STATE, e.state) === MDB_STATE.value('permanent'),
            vid: e.vid,
            flags: (['offload', 'fast_leave', 'star_excl', 'blocked'] as const).filter((n) => flagWord(MDB_FLAGS, e.flags) & MDB_FLAGS.value(n)),
          };
          const t = info.attrs ?? {};
          if (t.source !== undefined) m.source = t.source;
          if (t.rtprot !== undefined) m.protocol = RTPROT.name(enumNumber(RTPROT, t.rtprot));
          if (t.timer !== undefined) m.timer = t.timer / 100;
          out.push(m);
        }
      }
    }
    return out;
  }
}

/** The bridge's tables (`handle.bridge`): `port` (`bridge link`), `fdb`, `vlan`, `mdb`. */
export class BridgeApi {
  /** Bridge ports: `bridge link show|set`. */
  readonly port: BridgePortApi;
  /** The forwarding database: `bridge fdb ...`. */
  readonly fdb: FdbApi;
  /** VLANs: `bridge vlan ...`. */
  readonly vlan: BridgeVlanApi;
  /** The multicast database: `bridge mdb ...`. */
  readonly mdb: MdbApi;

  constructor(core: Core, links: LinkApi) {
    this.port = new BridgePortApi(core, links);
    this.fdb = new FdbApi(core, links);
    this.vlan = new BridgeVlanApi(core, links);
    this.mdb = new MdbApi(core, links);
  }
}
