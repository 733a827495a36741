/**
 * `handle.link`: network interfaces (`ip link ...`).
 *
 *   await h.link.add({ kind: 'veth', name: 'vethX', peer: { name: 'vethY' } });
 *   await h.link('vethY').setNetns('ns1').up();        // one RTM_NEWLINK
 *   const l = await h.link.get('vethX');
 */
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_ECHO, NLM_F_EXCL, NLM_F_REQUEST } from '../../netlink/constants.js';
import { HelperOperationError, NetlinkError, NotFoundError, ValidationError } from '../../netlink/errors.js';
import type { Request } from '../../netlink/message.js';
import type { NetnsSpec } from '../../netlink/transport/types.js';
import { RTM_DELLINK, RTM_NEWLINK } from '../../rtnl/constants.js';
import type { LinkMessageBody } from '../../rtnl/link/attrs.js';
import {
  linkAdd, linkDelete, linkDump, linkGet, linkSet,
  type LinkAddOptions as RtnlLinkAddOptions, type LinkPeerOptions, type LinkSetOptions,
} from '../../rtnl/link/requests.js';
import { checkIfname, checkInt } from '../../rtnl/validate.js';
import { Core, IfindexResolver, netnsNotFound, stableJson, toNetnsSpec, type NetnsTarget } from '../core.js';
import { nsFdClose, nsFdOpen } from '../../system/netns.js';
import { linkView, type Link } from '../views.js';
import { LinkChange, LinkRef, type ChangeSet, type LinkGroupTarget } from './change.js';
import { commonFrom, encodeKind, encodeKindChange, validateAdd } from './encode.js';
import type { LinkAddOptions, LinkListOptions, PeerInfo } from './options.js';

/** Maps the kernel's "no such device" to NotFoundError. */
export function notFound(e: unknown, dev: string | number): unknown {
  if (e instanceof NetlinkError && e.code === 'ENODEV') {
    const err = new NotFoundError('link', dev);
    (err as { cause?: unknown }).cause = e;
    return err;
  }
  return e;
}

/** The verbs of `handle.link` (also callable: `handle.link('dev')` → LinkRef). */
export class LinkApi {
  constructor(
    private readonly core: Core,
    private readonly netnsNames: () => Promise<Map<number, string>>,
    private readonly nsidOf: (target: NetnsTarget) => Promise<number | undefined> = async () => undefined,
  ) {}

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
    const { infoKind, data, link } = await encodeKind(options, resolve);
    const master = options.master === undefined ? undefined : await resolve.index(options.master, 'master');
    const peerOptions = 'peer' in options ? options.peer : undefined;
    let created: string | undefined = options.name;
    await this.#withNetns([options.netns, peerOptions?.netns], async ([fd, peerFd, pid, peerPid]) => {
      const req: RtnlLinkAddOptions = {
        ifname: options.name ?? 'x', // replaced below when the kernel is to choose
        kind: infoKind,
        ...commonFrom(options),
      };
      if (options.linkNetnsid !== undefined) req.attrs = { ...(req.attrs ?? {}), linkNetnsid: options.linkNetnsid };
      if (master !== undefined) req.master = master;
      if (link !== undefined) req.link = link;
      if (data !== undefined) req.data = data;
      if (options.index !== undefined) req.index = options.index;
      if (fd !== undefined) req.netnsFd = fd;
      if (pid !== undefined) req.netnsPid = pid;
      if (peerOptions !== undefined) {
        const peer: LinkPeerOptions = { ...(peerOptions.name !== undefined ? { ifname: peerOptions.name } : {}), ...commonFrom(peerOptions) };
        if (peerOptions.index !== undefined) peer.index = peerOptions.index;
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
        aliases.push([req.peer.ifname, req.peer.alias, peerOptions?.netns]);
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
   * Converges: afterwards a link of this name exists as asked. `ip link add ...` when there is
   * none (resolves true). When one exists (resolves false): another kind, another parent
   * (`link`), or a kind option the existing link holds with another value (a vxlan's `id`...) is a
   * ValidationError naming that field (`field`), since those cannot be changed in place; the base
   * options that differ (mtu, master, address, txqlen, alias, devGroup, up) are changed in one
   * RTM_NEWLINK (`ip link set ...`).
   */
  async ensure(options: LinkAddOptions): Promise<boolean> {
    validateAdd(options);
    const name = options.name;
    if (name === undefined) throw new ValidationError('ensure needs a name', 'name');
    if (options.netns !== undefined) {
      // Another namespace: create it there unless it exists (not compared).
      try {
        await this.add({ ...options, exclusive: true, replace: false });
        return true;
      } catch (e) {
        if (e instanceof NetlinkError && e.code === 'EEXIST') return false;
        throw e;
      }
    }
    let existing = await this.find(name);
    if (!existing) {
      try {
        await this.add({ ...options, exclusive: true, replace: false });
        return true;
      } catch (e) {
        existing = e instanceof NetlinkError && e.code === 'EEXIST' ? await this.find(name) : undefined;
        if (!existing) throw e;
      }
    }
    await this.#converge(existing, options);
    return false;
  }

  /** Brings an existing link to `o` (see ensure). */
  async #converge(existing: Link, o: LinkAddOptions): Promise<void> {
    const infoKind = o.kind === 'raw' ? o.infoKind : o.kind;
    const name = existing.name;
    const differs = (field: string, have: unknown, want: unknown): never => {
      throw new ValidationError(`link ${name} exists with ${field} ${stableJson(have)}, not ${stableJson(want)}`, field);
    };
    if (existing.kind !== infoKind) differs('kind', existing.kind ?? '(none)', infoKind);
    const resolve = this.resolver();
    const { data, link } = await encodeKind(o, resolve);
    if (link !== undefined && existing.link !== link) differs('link', existing.link, link);
    if (data !== undefined && !(data instanceof Uint8Array) && existing.info) {
      for (const [key, want] of Object.entries(data)) {
        const have = existing.info[key];
        if (key === 'peer' || have === undefined) continue;
        if (stableJson(have) !== stableJson(want)) differs(key, have, want);
      }
    }
    const c: ChangeSet = { opts: {} };
    if (o.mtu !== undefined && existing.mtu !== o.mtu) c.opts.mtu = o.mtu;
    if (o.address !== undefined && existing.address?.toLowerCase() !== o.address.toLowerCase()) c.opts.address = o.address;
    if (o.txqlen !== undefined && existing.txqlen !== o.txqlen) c.opts.txqlen = o.txqlen;
    if (o.alias !== undefined && (existing.alias ?? '') !== o.alias) c.opts.alias = o.alias;
    if (o.devGroup !== undefined && (existing.group ?? 0) !== o.devGroup) c.opts.group = o.devGroup;
    if (o.up === true && !existing.up) c.opts.up = true;
    if (o.master !== undefined) {
      const master = await resolve.index(o.master, 'master');
      if (existing.master !== master) c.master = master;
    }
    if (Object.keys(c.opts).length || c.master !== undefined) await this._apply(existing.index, c);
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
      const peer = await this.get(link.link);
      return { index: link.link, name: peer.name, sameNetns: true };
    }
    const nsid = link.linkNetnsid;
    // RTM_GETLINK with IFLA_TARGET_NETNSID: the peer's link message from its namespace, by nsid.
    const req = linkGet(link.link);
    req.body.attrs.targetNetnsid = nsid;
    const [m] = await this.core.request<LinkMessageBody>(req);
    const info: PeerInfo = { index: link.link, name: m?.body.attrs.ifname ?? '', nsid, sameNetns: false };
    const netns = (await this.netnsNames()).get(nsid);
    if (netns !== undefined) {
      info.netns = netns;
      info.netnsTarget = netns;
    } else if ((await this.nsidOf({ pid: 1 }).catch(() => undefined)) === nsid) {
      info.netnsTarget = { pid: 1 };
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
    if (c.kindChange !== undefined) {
      const { data, link } = await encodeKindChange(c.kindChange, resolve);
      opts.kind = c.kindChange.kind;
      if (data !== undefined) opts.data = data;
      if (link !== undefined) opts.link = link;
    }
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
    const resolve = this.resolver();
    if (c.master === null) opts.master = 0;
    else if (c.master !== undefined) opts.master = await resolve.index(c.master, 'master');
    if (c.kindChange !== undefined) {
      const { data } = await encodeKindChange(c.kindChange, resolve);
      opts.kind = c.kindChange.kind;
      if (data !== undefined) opts.data = data;
    }
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
  if (e instanceof HelperOperationError && (e.code === 'ENOENT' || e.code === 'ESRCH')) return netnsNotFound(s, e);
  return e;
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
