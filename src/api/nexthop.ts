/**
 * `handle.nexthop`: nexthop objects and groups (`ip nexthop ...`), which routes use with `nhid`.
 */
import { NetlinkError, NotFoundError, ValidationError } from '../netlink/errors.js';
import type { Request } from '../netlink/message.js';
import { AF_INET, AF_INET6, AF_UNSPEC, LWTUNNEL_ENCAP } from '../rtnl/constants.js';
import {
  nexthopAdd, nexthopBucketDump, nexthopBucketGet, nexthopDelete, nexthopDump, nexthopGet, nexthopReplace,
  type NexthopGroupTypeName, type NexthopOptions as RtnlNexthopOptions, type NexthopProtocolName,
} from '../rtnl/nexthop/requests.js';
import type { NexthopMessage } from '../rtnl/nexthop/schema.js';
import type { RouteEncapPair } from '../rtnl/route/schema.js';
import { parseAddress } from '../rtnl/validate.js';
import { countDeleted, type Core } from './core.js';
import { encapOptions, type RouteEncap } from './route.js';
import type { LinkApi } from './link.js';
import { viewFamily, type ViewFamily } from './views.js';

/**
 * `ip nexthop add|replace id ID { blackhole | [via ADDR] [dev IF] [onlink] [encap ...] | group
 * ID[,W]/... [type mpath | type resilient [buckets N] [idle_timer S] [unbalanced_timer S]] }
 * [fdb] [protocol P]`
 */
export interface NexthopOptions {
  /** NHA_ID; absent lets the kernel choose one. */
  id?: number;
  family?: 4 | 6;
  /** `via ADDR` */
  gateway?: string;
  /** `dev IF` */
  dev?: string | number;
  onlink?: boolean;
  blackhole?: boolean;
  /** `fdb`: for VXLAN FDB entries (gateway only, or a group of fdb nexthops). */
  fdb?: boolean;
  /** `group ID[,WEIGHT]/...`: ids, or { id, weight (1..256) }. */
  group?: Array<number | { id: number; weight?: number }>;
  /** `type mpath|resilient` */
  type?: NexthopGroupTypeName;
  /** `type resilient buckets N idle_timer S unbalanced_timer S` (timers in seconds). */
  resilient?: { buckets?: number; idleTimer?: number; unbalancedTimer?: number };
  /** `encap mpls LABEL...` and the other lightweight tunnels routes take (`route.add({ encap })`). */
  encap?: RouteEncap;
  /** `protocol P` */
  protocol?: NexthopProtocolName;
}

/** A nexthop object as `ip nexthop show` describes it. */
export interface NexthopObject {
  id: number;
  family: ViewFamily;
  protocol: string | number;
  scope: string | number;
  /** RTNH_F_* names (`onlink`, `dead`, `linkdown`...). */
  flags: Array<string | number>;
  gateway?: string;
  dev?: string;
  ifindex?: number;
  blackhole?: boolean;
  fdb?: boolean;
  /** Members of a group, weights 1..256. */
  group?: Array<{ id: number; weight: number }>;
  /** A group's type ('mpath' when the kernel says nothing). */
  type?: string | number;
  /** A resilient group's table (timers and unbalanced time in seconds). */
  resilient?: { buckets: number; idleTimer: number; unbalancedTimer: number; unbalancedTime: number };
  /** NHA_ENCAP_TYPE with its NHA_ENCAP: `{ encapType: 'mpls', encap: { dst: [{ label: 100, ... }] } }`. */
  encap?: RouteEncapPair;
  /** The kernel's message. */
  raw: NexthopMessage;
}

/** Filters of `handle.nexthop.list()`: `ip nexthop show [dev IF] [master IF] [groups] [fdb] [protocol P]`. */
export interface NexthopListOptions {
  family?: 4 | 6;
  dev?: string | number;
  master?: string | number;
  groups?: boolean;
  fdb?: boolean;
  protocol?: NexthopProtocolName;
  /** Any other client-side predicate. */
  filter?: (n: NexthopObject) => boolean;
}

/** One bucket of a resilient group (`ip nexthop bucket show`). */
export interface NexthopBucket {
  /** The group's id. */
  id: number;
  index: number;
  /** Seconds since the bucket was last used. */
  idleTime: number;
  /** The nexthop the bucket sends to. */
  nhid: number;
  flags: Array<string | number>;
  /** The kernel's message. */
  raw: NexthopMessage;
}

/** Filters of `handle.nexthop.buckets()`: `ip nexthop bucket show [id ID] [nhid ID] [dev IF] [master IF]`. */
export interface NexthopBucketListOptions {
  /** The buckets of this group. */
  id?: number;
  /** Buckets that send to this nexthop. */
  nhid?: number;
  /** Buckets whose nexthop goes through this device. */
  dev?: string | number;
  /** Buckets whose nexthop's device has this master (a VRF). */
  master?: string | number;
}

function bucketView(b: NexthopMessage): NexthopBucket {
  const rb = b.attrs.resBucket ?? {};
  return {
    id: b.attrs.id ?? 0,
    index: rb.index ?? 0,
    idleTime: Number(rb.idleTime ?? 0n) / USER_HZ,
    nhid: rb.nhId ?? 0,
    flags: b.header.flags,
    raw: b,
  };
}

const AF = { 4: AF_INET, 6: AF_INET6 } as const;
/** The kernel reports NHA_RES_GROUP and bucket times in clock_t (USER_HZ = 100). */
const USER_HZ = 100;

/** ENOENT ("Nexthop id does not exist") as a NotFoundError carrying the kernel's answer. */
function missing(e: unknown, id: number): unknown {
  if (!(e instanceof NetlinkError && e.code === 'ENOENT')) return e;
  const err = new NotFoundError('nexthop', id);
  (err as { cause?: unknown }).cause = e;
  return err;
}

function family(f: 4 | 6 | undefined): number | undefined {
  if (f === undefined) return undefined;
  if (AF[f] === undefined) throw new ValidationError('family must be 4 or 6', 'family');
  return AF[f];
}

function view(body: NexthopMessage, names: Map<number, string>): NexthopObject {
  const h = body.header;
  const a = body.attrs;
  const v: NexthopObject = { id: a.id ?? 0, family: viewFamily(h.family), protocol: h.protocol, scope: h.scope, flags: h.flags, raw: body };
  if (a.gateway !== undefined) v.gateway = a.gateway;
  if (a.oif !== undefined) {
    v.ifindex = a.oif;
    v.dev = names.get(a.oif) ?? `if${a.oif}`;
  }
  if (a.blackhole) v.blackhole = true;
  if (a.fdb) v.fdb = true;
  if (a.group) {
    v.group = a.group.map((m) => ({ id: m.id, weight: m.weight + 1 }));
    v.type = a.groupType ?? 'mpath';
  }
  if (a.resGroup) {
    const r = a.resGroup;
    v.resilient = {
      buckets: r.buckets ?? 0,
      idleTimer: (r.idleTimer ?? 0) / USER_HZ,
      unbalancedTimer: (r.unbalancedTimer ?? 0) / USER_HZ,
      unbalancedTime: Number(r.unbalancedTime ?? 0n) / USER_HZ,
    };
  }
  // The selector and payload of one decoded message belong together (one variant of the union).
  if (a.encapType !== undefined) v.encap = { encapType: a.encapType, encap: a.encap } as RouteEncapPair;
  return v;
}

/**
 * NexthopObject objects of a handle's namespace (`handle.nexthop`): `ip nexthop
 * add|replace|del|get|show|flush|bucket show`. Changes need CAP_NET_ADMIN.
 */
export class NexthopApi {
  constructor(private readonly core: Core, private readonly links: LinkApi) {}

  async #build(o: NexthopOptions): Promise<RtnlNexthopOptions> {
    if (typeof o !== 'object' || o === null) throw new ValidationError('nexthop options expected');
    const r: RtnlNexthopOptions = {};
    if (o.id !== undefined) r.id = o.id;
    const af = family(o.family);
    if (af !== undefined) r.family = af;
    if (o.gateway !== undefined) {
      const g = parseAddress(o.gateway, 'gateway');
      if (af !== undefined && AF[g.family] !== af) throw new ValidationError(`gateway ${o.gateway}: address family mismatch`, 'gateway');
      r.gateway = o.gateway;
    }
    if (o.dev !== undefined) r.oif = await this.links.resolver().index(o.dev, 'dev');
    if (o.blackhole) {
      if (o.gateway !== undefined || o.dev !== undefined || o.encap !== undefined || o.group !== undefined) {
        throw new ValidationError('blackhole takes no gateway, dev, encap or group', 'blackhole');
      }
      r.blackhole = true;
    }
    if (o.onlink) r.onlink = true;
    if (o.fdb) r.fdb = true;
    if (o.group !== undefined) {
      if (!Array.isArray(o.group)) throw new ValidationError('group must be an array of ids or { id, weight }', 'group');
      r.group = o.group.map((m) => (typeof m === 'number' ? { id: m } : m));
    }
    if (o.type !== undefined) r.groupType = o.type;
    if (o.resilient !== undefined) {
      if (o.type !== 'resilient') throw new ValidationError('resilient needs type "resilient"', 'resilient');
      r.resilient = o.resilient;
    }
    if (o.encap !== undefined) {
      const lookups: Array<() => Promise<void>> = [];
      const resolver = this.links.resolver();
      r.encap = encapOptions(o.encap, 'encap', (lookup) => lookups.push(() => lookup(resolver)));
      try {
        LWTUNNEL_ENCAP.value(r.encap.type);
      } catch {
        throw new ValidationError(`unknown encap type ${JSON.stringify(r.encap.type)}`, 'encap.type');
      }
      for (const l of lookups) await l();
    }
    if (o.protocol !== undefined) r.protocol = o.protocol;
    return r;
  }

  /** `ip nexthop add id ID ...`: EEXIST when the id is taken. */
  async add(options: NexthopOptions): Promise<void> {
    await this.core.request(nexthopAdd(await this.#build(options)));
  }

  /** `ip nexthop replace id ID ...`: creates or replaces the nexthop. */
  async replace(options: NexthopOptions): Promise<void> {
    await this.core.request(nexthopReplace(await this.#build(options)));
  }

  /** `ip nexthop del id ID`: NotFoundError when there is no such nexthop. */
  async delete(id: number): Promise<void> {
    try {
      await this.core.request(nexthopDelete(id));
    } catch (e) {
      throw missing(e, id);
    }
  }

  /**
   * `ip nexthop get id ID` (`ip -6 nexthop get ...` with `family: 6`, which the kernel checks
   * against the nexthop's): NotFoundError when there is no such nexthop.
   */
  async get(id: number, options: { family?: 4 | 6 } = {}): Promise<NexthopObject> {
    let answer: NexthopMessage | undefined;
    try {
      const msgs = await this.core.request<NexthopMessage>(nexthopGet(id, family(options.family) ?? AF_UNSPEC), { ack: false });
      answer = msgs.find((m) => m.body !== undefined)?.body;
    } catch (e) {
      throw missing(e, id);
    }
    if (!answer) throw new NotFoundError('nexthop', String(id));
    return view(answer, await this.links.names());
  }

  /** `ip nexthop show [dev IF] [master IF] [groups] [fdb] [protocol P]` */
  async list(options: NexthopListOptions = {}): Promise<NexthopObject[]> {
    const names = await this.links.names();
    return (await this.#dump(options)).map((b) => view(b, names)).filter((n) => !options.filter || options.filter(n));
  }

  /**
   * `ip nexthop flush [dev IF] [groups] [fdb] [protocol P]`: deletes every matching nexthop, groups
   * first when nothing is filtered (a group holds its members), as iproute2 does. Resolves with the
   * number deleted.
   */
  async flush(options: NexthopListOptions = {}): Promise<number> {
    const all = options.dev === undefined && options.master === undefined && !options.groups && !options.fdb;
    let deleted = 0;
    for (const pass of all ? [{ ...options, groups: true }, options] : [options]) {
      const ids = (await this.list(pass)).map((n) => n.id).filter((id) => id !== 0);
      if (!ids.length) continue;
      const reqs: Request[] = ids.map((id) => nexthopDelete(id));
      deleted += countDeleted(await this.core.batch(reqs), ['ENOENT']);
    }
    return deleted;
  }

  /** `ip nexthop bucket show [id ID] [nhid ID] [dev IF] [master IF]`: the buckets of resilient groups. */
  async buckets(options: NexthopBucketListOptions = {}): Promise<NexthopBucket[]> {
    const resolver = this.links.resolver();
    const oif = await resolver.maybe(options.dev, 'dev');
    const master = await resolver.maybe(options.master, 'master');
    const req = nexthopBucketDump({
      ...(options.id !== undefined ? { id: options.id } : {}),
      ...(options.nhid !== undefined ? { nhid: options.nhid } : {}),
      ...(oif !== undefined ? { oif } : {}),
      ...(master !== undefined ? { master } : {}),
    });
    return (await this.core.dump<NexthopMessage>(req)).map(bucketView);
  }

  /**
   * `ip nexthop bucket get id ID index N`: one bucket of a resilient group. NotFoundError when
   * the group does not exist; the kernel's error (EINVAL, ENOENT...) for a group that is not
   * resilient or an index out of its table.
   */
  async bucket(id: number, index: number): Promise<NexthopBucket> {
    let answer: NexthopMessage | undefined;
    try {
      const msgs = await this.core.request<NexthopMessage>(nexthopBucketGet(id, index), { ack: false });
      answer = msgs.find((m) => m.body !== undefined)?.body;
    } catch (e) {
      throw missing(e, id);
    }
    if (!answer) throw new NotFoundError('nexthop bucket', `${id}/${index}`);
    return bucketView(answer);
  }

  async #dump(options: NexthopListOptions): Promise<NexthopMessage[]> {
    const resolver = this.links.resolver();
    const af = family(options.family);
    const oif = await resolver.maybe(options.dev, 'dev');
    const master = await resolver.maybe(options.master, 'master');
    const dump = nexthopDump({
      family: af ?? AF_UNSPEC,
      ...(oif !== undefined ? { oif } : {}),
      ...(master !== undefined ? { master } : {}),
      ...(options.groups ? { groups: true } : {}),
      ...(options.fdb ? { fdb: true } : {}),
      ...(options.protocol !== undefined ? { protocol: options.protocol } : {}),
    });
    // Checked here too: a kernel may ignore a filter attribute it does not know (NHA_FDB).
    return (await this.core.dump<NexthopMessage>(dump.request, { match: (b) => dump.match(b) })).filter(
      (b) => dump.match(b) && (!options.fdb || b.attrs.fdb === true) && (!options.groups || b.attrs.group !== undefined) && (oif === undefined || b.attrs.oif === oif),
    );
  }
}
