/**
 * `handle.tuntap`: persistent tun/tap devices (`ip tuntap ...`), created through the helper's
 * TUNSETIFF / TUNSETPERSIST (netlink cannot create them), listed through a link dump.
 */
import { HelperOperationError, NotFoundError, ValidationError } from '../netlink/errors.js';
import type { LinkMessageBody } from '../rtnl/link/attrs.js';
import { linkDump } from '../rtnl/link/requests.js';
import { netnsNotFound, type Core } from './core.js';
import type { LinkApi } from './link.js';
import { checkIfname, checkInt } from '../rtnl/validate.js';
import { linkView, type Link } from './views.js';
import { tuntapAdd, tuntapDel } from '../system/tuntap.js';

/**
 * `ip tuntap add NAME mode tun|tap [user U] [group G] [multi_queue] [vnet_hdr] [pi]`: a persistent
 * device.
 */
export interface TuntapAddOptions {
  name: string;
  mode: 'tun' | 'tap';
  /** Owner uid (`user`). */
  user?: number;
  /** Owner gid (`group`). */
  group?: number;
  /** IFF_MULTI_QUEUE (`multi_queue`). */
  multiQueue?: boolean;
  /** IFF_VNET_HDR (`vnet_hdr`). */
  vnetHdr?: boolean;
  /** Keep the packet information header (`pi`); default false (IFF_NO_PI, like iproute2). */
  pi?: boolean;
}

/** A tun/tap device as `ip tuntap show` describes it, with its link. */
export interface Tuntap {
  name: string;
  index: number;
  mode: 'tun' | 'tap' | number;
  user?: number;
  group?: number;
  pi: boolean;
  vnetHdr: boolean;
  multiQueue: boolean;
  persist: boolean;
  link: Link;
}

function tuntapView(link: Link): Tuntap {
  const info = (link.info ?? {}) as { owner?: number; group?: number; type?: 'tun' | 'tap' | number; pi?: number; vnetHdr?: number; multiQueue?: number; persist?: number };
  const t: Tuntap = {
    name: link.name,
    index: link.index,
    mode: info.type ?? (link.type === 'none' ? 'tun' : 'tap'),
    pi: !!info.pi,
    vnetHdr: !!info.vnetHdr,
    multiQueue: !!info.multiQueue,
    persist: !!info.persist,
    link,
  };
  if (info.owner !== undefined) t.user = info.owner;
  if (info.group !== undefined) t.group = info.group;
  return t;
}

/**
 * Persistent tun/tap devices (`handle.tuntap`): `ip tuntap add|del|show`. Adding and deleting need
 * CAP_NET_ADMIN and /dev/net/tun.
 */
export class TuntapApi {
  constructor(private readonly core: Core, private readonly links: LinkApi) {}

  /** `ip tuntap add dev NAME mode tun|tap [user U] [group G] [multi_queue] [vnet_hdr] [pi]` */
  async add(options: TuntapAddOptions): Promise<void> {
    checkIfname(options.name, 'name');
    if (options.mode !== 'tun' && options.mode !== 'tap') throw new ValidationError(`mode must be "tun" or "tap", got ${JSON.stringify(options.mode)}`, 'mode');
    if (options.user !== undefined) checkInt(options.user, 'user', 0, 0x7fffffff);
    if (options.group !== undefined) checkInt(options.group, 'group', 0, 0x7fffffff);
    const helper = await this.core.helper();
    try {
      await tuntapAdd(helper, {
        name: options.name,
        mode: options.mode,
        noPi: !options.pi,
        multiQueue: !!options.multiQueue,
        vnetHdr: !!options.vnetHdr,
        ...(options.user !== undefined ? { owner: options.user } : {}),
        ...(options.group !== undefined ? { group: options.group } : {}),
        netns: this.core.spec,
      });
    } catch (e) {
      if (e instanceof HelperOperationError && e.code === 'ENOENT' && this.core.spec.kind !== 'current') {
        throw netnsNotFound(this.core.spec, e);
      }
      throw e;
    }
  }

  /** `ip tuntap del dev NAME mode tun|tap` (mode defaults to the device's own). NotFoundError when absent. */
  async delete(name: string, mode?: 'tun' | 'tap'): Promise<void> {
    checkIfname(name, 'name');
    if (mode !== undefined && mode !== 'tun' && mode !== 'tap') throw new ValidationError(`mode must be "tun" or "tap"`, 'mode');
    // TUNSETIFF must repeat the device's mode and IFF_MULTI_QUEUE, or the kernel says EINVAL.
    const t = (await this.list()).find((x) => x.name === name);
    if (!t) throw new NotFoundError('tuntap', name);
    const m = t.mode === 'tap' ? 'tap' : 'tun';
    if (mode !== undefined && mode !== m) throw new ValidationError(`${name} is a ${m} device, not ${mode}`, 'mode');
    const helper = await this.core.helper();
    try {
      await tuntapDel(helper, { name, mode: m, multiQueue: t.multiQueue, netns: this.core.spec });
    } catch (e) {
      if (e instanceof HelperOperationError && (e.code === 'ENODEV' || e.code === 'ENOENT')) throw new NotFoundError('tuntap', name);
      throw e;
    }
  }

  /** `ip tuntap show`: the tun/tap devices (link dump filtered by kind tun in the kernel). */
  async list(): Promise<Tuntap[]> {
    const dump = linkDump({ kind: 'tun' });
    const bodies = await this.core.dump<LinkMessageBody>(dump.request, { match: (b) => dump.match(b) });
    void this.links;
    return bodies.map(linkView).map(tuntapView).sort((a, b) => a.index - b.index);
  }
}
