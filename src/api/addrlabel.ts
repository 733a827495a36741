/**
 * `handle.addrlabel`: the IPv6 address label table of RFC 6724 source address selection
 * (`ip addrlabel ...`).
 */
import { NLM_F_ACK, NLM_F_REQUEST } from '../netlink/constants.js';
import { NetlinkError, NotFoundError, ValidationError } from '../netlink/errors.js';
import type { Request } from '../netlink/message.js';
import { RTM_DELADDRLABEL } from '../rtnl/constants.js';
import { addrlabelAdd, addrlabelDelete, addrlabelDump, type AddrlabelOptions as RtnlAddrlabelOptions } from '../rtnl/addrlabel/requests.js';
import type { AddrlabelMessage } from '../rtnl/addrlabel/schema.js';
import { parseCidr } from '../rtnl/validate.js';
import { countDeleted, type Core } from './core.js';
import type { LinkApi } from './link.js';

/** `ip addrlabel add|del prefix PREFIX [dev IF] label LABEL` */
export interface AddrlabelOptions {
  /** An IPv6 prefix: '2001:db8::/32'. */
  prefix: string;
  /** 0 .. 0xfffffffe. */
  label: number;
  /** Only for addresses of this interface. */
  dev?: string | number;
}

/** One entry of the label table, as `ip addrlabel list` shows it. */
export interface Addrlabel {
  /** 'ADDRESS/LEN' */
  prefix: string;
  address: string;
  prefixlen: number;
  label: number;
  dev?: string;
  ifindex?: number;
  raw: AddrlabelMessage;
}

/**
 * The IPv6 address label table of a handle's namespace (`handle.addrlabel`): `ip addrlabel
 * add|del|list|flush`. Changes need CAP_NET_ADMIN.
 */
export class AddrlabelApi {
  constructor(private readonly core: Core, private readonly links: LinkApi) {}

  async #build(o: AddrlabelOptions): Promise<RtnlAddrlabelOptions> {
    if (typeof o !== 'object' || o === null) throw new ValidationError('addrlabel options expected');
    const p = parseCidr(o.prefix, 'prefix');
    if (p.family !== 6) throw new ValidationError(`prefix ${JSON.stringify(o.prefix)}: address labels are IPv6 only`, 'prefix');
    if (!Number.isInteger(o.label) || o.label < 0 || o.label >= 0xffffffff) throw new ValidationError(`label must be 0..0xfffffffe, got ${String(o.label)}`, 'label');
    const r: RtnlAddrlabelOptions = { prefix: o.prefix, label: o.label };
    if (o.dev !== undefined) r.index = await this.links.resolver().index(o.dev, 'dev');
    return r;
  }

  /** `ip addrlabel add prefix PREFIX [dev IF] label LABEL`: EEXIST when the prefix has a label. */
  async add(options: AddrlabelOptions): Promise<void> {
    await this.core.request(addrlabelAdd(await this.#build(options)));
  }

  /** `ip addrlabel del prefix PREFIX [dev IF] label LABEL`: NotFoundError when no entry matches. */
  async delete(options: AddrlabelOptions): Promise<void> {
    try {
      await this.core.request(addrlabelDelete(await this.#build(options)));
    } catch (e) {
      if (e instanceof NetlinkError && e.code === 'ESRCH') {
        const err = new NotFoundError('addrlabel', options.prefix);
        (err as { cause?: unknown }).cause = e;
        throw err;
      }
      throw e;
    }
  }

  /** `ip addrlabel list` */
  async list(): Promise<Addrlabel[]> {
    const names = await this.links.names();
    return (await this.core.dump<AddrlabelMessage>(addrlabelDump())).map((b) => {
      const address = b.attrs.address ?? '::';
      const v: Addrlabel = { prefix: `${address}/${b.header.prefixlen}`, address, prefixlen: b.header.prefixlen, label: b.attrs.label ?? 0, raw: b };
      if (b.header.index) {
        v.ifindex = b.header.index;
        v.dev = names.get(b.header.index) ?? `if${b.header.index}`;
      }
      return v;
    });
  }

  /**
   * `ip addrlabel flush`: deletes every entry (the kernel's defaults too), sending each dumped
   * message back as RTM_DELADDRLABEL as iproute2 does (its header and attributes; iproute2 sends
   * the kernel's bytes, IFAL_ADDRESS first, where a rebuilt body has IFAL_LABEL first). Resolves
   * with the number deleted.
   */
  async flush(): Promise<number> {
    const bodies = (await this.core.dump<AddrlabelMessage>(addrlabelDump())).filter((b) => b.attrs.address !== undefined);
    if (!bodies.length) return 0;
    const reqs = bodies.map((body): Request => ({ type: RTM_DELADDRLABEL, flags: NLM_F_REQUEST | NLM_F_ACK, body }));
    return countDeleted(await this.core.batch(reqs), ['ESRCH']);
  }
}
