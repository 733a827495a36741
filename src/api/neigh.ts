/**
 * `handle.neigh`: the neighbour (ARP / NDP) table (`ip neigh ...`).
 */
import { NetlinkError, NotFoundError, ValidationError } from '../netlink/errors.js';
import type { Request } from '../netlink/message.js';
import { NLM_F_ACK, NLM_F_REQUEST } from '../netlink/constants.js';
import { RTM_DELNEIGH, RTM_GETNEIGH, RTPROT } from '../rtnl/constants.js';
import {
  neighAdd, neighChange, neighDelete, neighDump, neighReplace,
  type NeighOptions as RtnlNeighOptions, type NeighProtocolName, type NudStateName,
} from '../rtnl/neigh/requests.js';
import type { NeighMessage } from '../rtnl/neigh/schema.js';
import { countDeleted, type Core } from './core.js';
import type { LinkApi } from './link.js';
import { notFound } from './link.js';
import { checkMac, parseAddress } from '../rtnl/validate.js';
import { neighView, type Neighbour } from './views.js';

/**
 * `ip neigh add|replace|change|del ADDRESS [lladdr MAC] [nud STATE] [router] [use] [managed]
 * [extern_learn] [protocol PROTO] [proxy] dev IF`
 */
export interface NeighOptions {
  /** The neighbour's IP address. */
  address: string;
  dev: string | number;
  lladdr?: string;
  /** Default 'PERMANENT'. */
  state?: NudStateName | NudStateName[];
  router?: boolean;
  proxy?: boolean;
  /**
   * `use` (NTF_USE): the kernel only "uses" the entry (creating it if needed and starting
   * resolution) instead of setting lladdr and state.
   */
  use?: boolean;
  /**
   * `managed` (NTF_EXT_MANAGED): the kernel keeps the entry resolved. As in iproute2 the state
   * defaults to NONE then (the kernel picks INCOMPLETE/REACHABLE itself).
   */
  managed?: boolean;
  /** `extern_learn` (NTF_EXT_LEARNED): learned by something outside the kernel; not garbage collected. */
  externLearn?: boolean;
  /** `protocol PROTO` (NDA_PROTOCOL): who installed the entry, e.g. 'static' or a number. */
  protocol?: NeighProtocolName;
}

/**
 * Filters of `handle.neigh.list()`, as `ip neigh show [dev DEV] [proxy] [nud STATE]` and `-4`/`-6`
 * take them.
 */
export interface NeighListOptions {
  dev?: string | number;
  family?: 4 | 6;
  /** Proxy entries instead of ordinary ones. */
  proxy?: boolean;
  state?: NudStateName[];
  /** Any other client-side predicate. */
  filter?: (n: Neighbour) => boolean;
}

const AF = { 4: 2, 6: 10 } as const;

/**
 * Neighbour (ARP / NDP) entries of a handle's namespace (`handle.neigh`): `ip neigh
 * add|change|replace|del|show|flush|get`. Changes need CAP_NET_ADMIN.
 */
export class NeighApi {
  constructor(private readonly core: Core, private readonly links: LinkApi) {}

  async #send(build: (o: RtnlNeighOptions) => Request, o: NeighOptions): Promise<void> {
    if (typeof o !== 'object' || o === null) throw new ValidationError('neighbour options expected');
    parseAddress(o.address, 'address');
    const lladdr = o.lladdr === undefined ? undefined : checkMac(o.lladdr, 'lladdr');
    if (o.protocol !== undefined) {
      try {
        RTPROT.value(o.protocol);
      } catch {
        throw new ValidationError(`unknown protocol ${JSON.stringify(o.protocol)}`, 'protocol');
      }
    }
    // The device lookup is the first thing sent: everything else is validated above.
    const dev = await this.links.resolver().index(o.dev, 'dev');
    const r: RtnlNeighOptions = { dst: o.address, dev };
    if (lladdr !== undefined) r.lladdr = lladdr;
    if (o.state !== undefined) r.state = Array.isArray(o.state) ? o.state : [o.state];
    else if (o.managed) r.state = ['NONE'];
    if (o.router) r.router = true;
    if (o.proxy) r.proxy = true;
    if (o.use) r.flags = ['use'];
    if (o.managed) r.extFlags = ['managed'];
    if (o.externLearn) r.externLearn = true;
    if (o.protocol !== undefined) r.protocol = o.protocol;
    try {
      await this.core.request(build(r));
    } catch (e) {
      throw notFound(e, o.dev);
    }
  }

  /** `ip neigh add ADDRESS lladdr MAC dev IF [nud STATE]` */
  add(options: NeighOptions): Promise<void> {
    return this.#send(neighAdd, options);
  }
  /** `ip neigh replace ...` */
  replace(options: NeighOptions): Promise<void> {
    return this.#send(neighReplace, options);
  }
  /** `ip neigh change ...` */
  change(options: NeighOptions): Promise<void> {
    return this.#send(neighChange, options);
  }
  /** `ip neigh del ADDRESS dev IF`: NotFoundError when absent. */
  async delete(options: Pick<NeighOptions, 'address' | 'dev' | 'proxy'>): Promise<void> {
    try {
      await this.#send(neighDelete, options);
    } catch (e) {
      if (e instanceof NetlinkError && e.code === 'ENOENT') throw new NotFoundError('neighbour', options.address);
      throw e;
    }
  }

  /** `ip neigh show [dev IF] [-4|-6] [proxy] [nud STATE]` */
  async list(options: NeighListOptions = {}): Promise<Neighbour[]> {
    const bodies = await this.#dump(options);
    const out = bodies.map(neighView).filter((n) => !options.filter || options.filter(n));
    if (out.length) {
      const names = await this.links.names();
      for (const n of out) {
        const name = names.get(n.index);
        if (name !== undefined) n.dev = name;
      }
    }
    return out;
  }

  /**
   * `ip neigh show ...` as the dump arrives (the options of `list()`): nothing collected, a
   * bounded queue when the reader is slower than the kernel. No retry on NLM_F_DUMP_INTR
   * (DumpInterruptedError at the end). Interface names come from one link dump made before.
   */
  async *stream(options: NeighListOptions = {}): AsyncGenerator<Neighbour> {
    const dump = await this.#dumpRequest(options);
    // Before the dump: a link dump asked for meanwhile would queue behind this one (one dump per
    // socket), which waits for this reader: a deadlock.
    const names = await this.links.names();
    for await (const body of this.core.stream<NeighMessage>(dump.request, (b) => dump.match(b))) {
      const n = neighView(body);
      if (options.filter && !options.filter(n)) continue;
      const name = names.get(n.index);
      if (name !== undefined) n.dev = name;
      yield n;
    }
  }

  async #dump(options: NeighListOptions): Promise<NeighMessage[]> {
    const dump = await this.#dumpRequest(options);
    return (await this.core.dump<NeighMessage>(dump.request, { match: (b) => dump.match(b) })).filter((b) => dump.match(b));
  }

  async #dumpRequest(options: NeighListOptions) {
    if (options.family !== undefined && AF[options.family] === undefined) throw new ValidationError('family must be 4 or 6', 'family');
    const dev = options.dev === undefined ? undefined : await this.links.resolver().index(options.dev, 'dev');
    const dump = neighDump({
      ...(options.family ? { family: AF[options.family] } : {}),
      ...(dev !== undefined ? { dev } : {}),
      ...(options.proxy ? { proxy: true } : {}),
      ...(options.state ? { state: options.state } : {}),
    });
    return dump;
  }

  /**
   * `ip neigh get ADDRESS dev IF [proxy]`: the entry for ADDRESS, asked from the kernel (RTM_GETNEIGH
   * without NLM_F_DUMP). Without `dev` (and not `proxy`), found in a dump instead (`ip neigh show to
   * ADDRESS`). NotFoundError when there is none.
   */
  async get(address: string, options: { dev?: string | number; proxy?: boolean } = {}): Promise<Neighbour> {
    const a = parseAddress(address, 'address');
    if (options.dev !== undefined || options.proxy) {
      const dev = options.dev === undefined ? 0 : await this.links.resolver().index(options.dev, 'dev');
      const req: Request<NeighMessage> = {
        type: RTM_GETNEIGH,
        flags: NLM_F_REQUEST,
        body: {
          header: { family: a.family === 4 ? 2 : 10, ifindex: dev, state: [], flags: options.proxy ? ['proxy'] : [], type: 'unspec' },
          attrs: { dst: a.address },
        },
      };
      let replies;
      try {
        replies = await this.core.request<NeighMessage>(req);
      } catch (e) {
        if (e instanceof NetlinkError && e.code === 'ENOENT') {
          const err = new NotFoundError('neighbour', address);
          (err as { cause?: unknown }).cause = e;
          throw err;
        }
        throw notFound(e, options.dev ?? 0);
      }
      const body = replies[0]?.body;
      if (!body) throw new NotFoundError('neighbour', address);
      const n = neighView(body);
      const name = (await this.links.names()).get(n.index);
      if (name !== undefined) n.dev = name;
      return n;
    }
    const list = await this.list({ family: a.family, ...(options.dev !== undefined ? { dev: options.dev } : {}) });
    const hit = list.find((n) => n.address === a.address);
    if (!hit) throw new NotFoundError('neighbour', address);
    return hit;
  }

  /** `ip neigh flush [dev IF] [-4|-6] [nud STATE]` (default: every non-NOARP entry): resolves with the number deleted. */
  async flush(options: NeighListOptions = {}): Promise<number> {
    const bodies = (await this.#dump(options))
      .filter((b) => !(b.header.state as unknown[]).includes('NOARP'))
      .filter((b) => !options.filter || options.filter(neighView(b)));
    if (!bodies.length) return 0;
    const reqs = bodies.map((body): Request => ({ type: RTM_DELNEIGH, flags: NLM_F_REQUEST | NLM_F_ACK, body }));
    return countDeleted(await this.core.batch(reqs), ['ENOENT']);
  }
}
