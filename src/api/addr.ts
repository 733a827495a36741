/**
 * `handle.addr`: IP addresses (`ip address ...`).
 *
 *   await h.addr.add({ dev: 'veth1', address: '10.0.0.1/24' });
 *   await h.addr.add('veth1', '10.0.0.1/24');          // the same
 */
import { NetlinkError, NotFoundError, ValidationError } from '../netlink/errors.js';
import type { Request } from '../netlink/message.js';
import {
  addrAdd, addrChange, addrDelete, addrDeleteMessage, addrDump, addrReplace,
  type AddrFlagName, type AddrOptions as RtnlAddrOptions, type AddrProtoName, type AddrScopeName, type Lifetime,
} from '../rtnl/addr/requests.js';
import type { AddrMessage } from '../rtnl/addr/schema.js';
import { countDeleted, createUnlessExists, type Core } from './core.js';
import type { LinkApi } from './link.js';
import { notFound } from './link.js';
import { checkIfname, checkInt, checkKeys, normalizeIP, parseAddress, parseCidr } from '../rtnl/validate.js';
import { addrView, type Address } from './views.js';

/** `ip addr add ADDRESS/LEN dev IF [label L] [scope S] [broadcast B] [valid_lft N] [preferred_lft N] [nodad] ...` */
export interface AddrOptions {
  /** Interface name or index. */
  dev: string | number;
  /** '10.0.0.1/24', 'fd00::1/64' (no length: /32 or /128). */
  address: string;
  /** Point-to-point peer ('10.0.0.2/32'). */
  peer?: string;
  /** IPv4 broadcast address, or '+' (derive it from the prefix, as iproute2's `brd +`). */
  broadcast?: string;
  /** `anycast ADDR` (IFA_ANYCAST). */
  anycast?: string;
  label?: string;
  scope?: AddrScopeName;
  /** Seconds or 'forever'. */
  validLft?: Lifetime;
  preferredLft?: Lifetime;
  /** IPv6: skip duplicate address detection (IFA_F_NODAD). */
  noDad?: boolean;
  /** Do not create the prefix route (IFA_F_NOPREFIXROUTE). */
  noPrefixRoute?: boolean;
  /** Metric of the prefix route (IFA_RT_PRIORITY). */
  metric?: number;
  proto?: AddrProtoName;
  /** More IFA_F_* flags. */
  flags?: AddrFlagName[];
}

/**
 * Filters of `handle.addr.list()`, as `ip address show [dev DEV] [scope S] [label L]` and `ip
 * -4`/`-6` take them.
 */
export interface AddrListOptions {
  dev?: string | number;
  family?: 4 | 6;
  scope?: AddrScopeName;
  /** Exact label or a prefix pattern ending in '*'. */
  label?: string;
  /** Only addresses with all these IFA_F_* flags. */
  flags?: AddrFlagName[];
  /** Any other client-side predicate. */
  filter?: (a: Address) => boolean;
}

const AF = { 4: 2, 6: 10 } as const;

const ADDR_KEYS = [
  'dev', 'address', 'peer', 'broadcast', 'anycast', 'label', 'scope', 'validLft', 'preferredLft', 'noDad', 'noPrefixRoute', 'metric', 'proto', 'flags',
] as const satisfies ReadonlyArray<keyof AddrOptions>;

function normalize(o: AddrOptions | string | number, address?: string, extra?: Partial<AddrOptions>): AddrOptions {
  if (typeof o === 'object' && o !== null) return o;
  return { ...(extra ?? {}), dev: o, address: address as string };
}

/**
 * IP addresses of a handle's namespace (`handle.addr`): `ip address add|del|replace|show|flush`.
 * Changes need CAP_NET_ADMIN; errors are ValidationError (bad input), NotFoundError (no such
 * device or address) or NetlinkError (the kernel's errno).
 */
export class AddrApi {
  constructor(private readonly core: Core, private readonly links: LinkApi) {}

  async #request(build: (o: RtnlAddrOptions) => Request, o: AddrOptions): Promise<void> {
    if (typeof o !== 'object' || o === null) throw new ValidationError('address options expected');
    checkKeys(o, ADDR_KEYS, `address ${String(o.address)}`);
    if (typeof o.dev === 'string') checkIfname(o.dev, 'dev');
    parseCidr(o.address, 'address');
    if (o.peer !== undefined) parseCidr(o.peer, 'peer');
    if (o.broadcast !== undefined && o.broadcast !== '+' && o.broadcast !== '-') parseAddress(o.broadcast, 'broadcast');
    if (o.anycast !== undefined) parseAddress(o.anycast, 'anycast');
    if (o.metric !== undefined) checkInt(o.metric, 'metric', 0, 0xffffffff);
    for (const [k, v] of [['validLft', o.validLft], ['preferredLft', o.preferredLft]] as const) {
      if (v !== undefined && v !== 'forever') checkInt(v, k, 0, 0xffffffff);
    }
    const dev = await this.links.resolver().index(o.dev, 'dev');
    const flags: AddrFlagName[] = [...(o.flags ?? [])];
    if (o.noDad) flags.push('nodad');
    if (o.noPrefixRoute) flags.push('noprefixroute');
    const opts: RtnlAddrOptions = { address: o.address, dev };
    if (o.peer !== undefined) opts.peer = o.peer;
    if (o.broadcast !== undefined) opts.broadcast = o.broadcast;
    if (o.anycast !== undefined) opts.anycast = o.anycast;
    if (o.label !== undefined) opts.label = o.label;
    if (o.scope !== undefined) opts.scope = o.scope;
    if (o.validLft !== undefined) opts.validLft = o.validLft;
    if (o.preferredLft !== undefined) opts.preferredLft = o.preferredLft;
    if (o.metric !== undefined) opts.metric = o.metric;
    if (o.proto !== undefined) opts.proto = o.proto;
    if (flags.length) opts.flags = flags;
    const req = build(opts);
    try {
      await this.core.request(req);
    } catch (e) {
      throw notFound(e, o.dev);
    }
  }

  /** `ip addr add ADDRESS dev IF ...`: EEXIST when the address is there already. */
  add(options: AddrOptions): Promise<void>;
  add(dev: string | number, address: string, options?: Omit<AddrOptions, 'dev' | 'address'>): Promise<void>;
  add(o: AddrOptions | string | number, address?: string, extra?: Partial<AddrOptions>): Promise<void> {
    return this.#request(addrAdd, normalize(o, address, extra));
  }

  /** `ip addr replace ADDRESS dev IF ...` (add, or change the existing one). */
  replace(options: AddrOptions): Promise<void>;
  replace(dev: string | number, address: string, options?: Omit<AddrOptions, 'dev' | 'address'>): Promise<void>;
  replace(o: AddrOptions | string | number, address?: string, extra?: Partial<AddrOptions>): Promise<void> {
    return this.#request(addrReplace, normalize(o, address, extra));
  }

  /** `ip addr change ADDRESS dev IF ...` (the address must exist). */
  change(options: AddrOptions): Promise<void> {
    return this.#request(addrChange, options);
  }

  /**
   * Converges: afterwards the address is on the device as asked. `ip addr add ...` when it is
   * not there (resolves true). When it is (same address and prefix length on that device: the
   * kernel's key), resolves false after bringing it to what was asked: a label, broadcast, peer
   * or scope that differs cannot be changed in place (the kernel keeps them), so that is a
   * ValidationError naming the field; lifetimes, metric, proto and flags given are applied with
   * `ip addr replace ...`.
   */
  async ensure(options: AddrOptions): Promise<boolean>;
  async ensure(dev: string | number, address: string, options?: Omit<AddrOptions, 'dev' | 'address'>): Promise<boolean>;
  async ensure(o: AddrOptions | string | number, address?: string, extra?: Partial<AddrOptions>): Promise<boolean> {
    const opts = normalize(o, address, extra);
    if (await createUnlessExists(() => this.#request(addrAdd, opts))) return true;
    const want = parseCidr(opts.address, 'address');
    const existing = (await this.list({ dev: opts.dev, family: want.family })).find(
      (a) => a.address === want.address && a.prefixlen === want.prefixlen,
    );
    if (existing) {
      const fixed: Array<[keyof AddrOptions & keyof Address, unknown]> = [
        ['label', opts.label], ['broadcast', opts.broadcast && opts.broadcast !== '+' && opts.broadcast !== '-' ? normalizeIP(opts.broadcast) : undefined],
        ['scope', opts.scope], ['peer', opts.peer],
      ];
      for (const [field, value] of fixed) {
        if (value !== undefined && existing[field] !== value) {
          throw new ValidationError(`address ${opts.address} exists with ${field} ${JSON.stringify(existing[field])}, not ${JSON.stringify(value)}`, field);
        }
      }
    }
    if (['validLft', 'preferredLft', 'metric', 'proto', 'flags', 'noPrefixRoute'].some((k) => opts[k as keyof AddrOptions] !== undefined)) {
      await this.#request(addrReplace, opts);
    }
    return false;
  }

  /** `ip addr del ADDRESS dev IF`: NotFoundError when the address is not there. */
  delete(options: AddrOptions): Promise<void>;
  delete(dev: string | number, address: string): Promise<void>;
  async delete(o: AddrOptions | string | number, address?: string): Promise<void> {
    const opts = normalize(o, address);
    try {
      await this.#request(addrDelete, opts);
    } catch (e) {
      if (e instanceof NetlinkError && (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOENT')) {
        const err = new NotFoundError('address', opts.address);
        (err as { cause?: unknown }).cause = e;
        throw err;
      }
      throw e;
    }
  }

  /** `ip addr show [dev IF] [-4|-6] [scope S] [label L]` */
  async list(options: AddrListOptions = {}): Promise<Address[]> {
    const bodies = await this.#dump(options);
    const out = bodies.map(addrView).filter((a) => !options.filter || options.filter(a));
    await this.#names(out);
    return out;
  }

  /** `ip addr show to ADDRESS [dev IF]`: the entry equal to ADDRESS (with or without /LEN). NotFoundError when none. */
  async get(address: string, options: { dev?: string | number } = {}): Promise<Address> {
    const c = parseCidr(address, 'address');
    const explicitLen = address.includes('/');
    const list = await this.list({ family: c.family, ...(options.dev !== undefined ? { dev: options.dev } : {}) });
    const hit = list.find((a) => normalizeIP(a.address) === c.address && (!explicitLen || a.prefixlen === c.prefixlen));
    if (!hit) throw new NotFoundError('address', address);
    return hit;
  }

  /** `ip addr flush [dev IF] [-4|-6] [scope S] [label L]`: resolves with the number deleted. */
  async flush(options: AddrListOptions = {}): Promise<number> {
    const bodies = (await this.#dump(options)).filter((b) => !options.filter || options.filter(addrView(b)));
    if (bodies.length === 0) return 0;
    return countDeleted(await this.core.batch(bodies.map((b) => addrDeleteMessage(b, true))), ['EADDRNOTAVAIL', 'ENOENT']);
  }

  /**
   * `ip addr show ...` as the dump arrives (the options of `list()`): nothing collected, a
   * bounded queue when the reader is slower than the kernel. No retry on NLM_F_DUMP_INTR
   * (DumpInterruptedError at the end). Interface names come from one link dump made before.
   */
  async *stream(options: AddrListOptions = {}): AsyncGenerator<Address> {
    const dump = await this.#dumpRequest(options);
    // Before the dump: a link dump asked for meanwhile would queue behind this one (one dump per
    // socket), which waits for this reader: a deadlock.
    const names = await this.links.names();
    for await (const body of this.core.stream<AddrMessage>(dump.request, (b) => dump.match(b))) {
      const a = addrView(body);
      if (options.filter && !options.filter(a)) continue;
      const n = names.get(a.index);
      if (n !== undefined) a.dev = n;
      yield a;
    }
  }

  async #dump(options: AddrListOptions): Promise<AddrMessage[]> {
    const dump = await this.#dumpRequest(options);
    // Scope / label / flags are client-side filters: apply them to every answer.
    return (await this.core.dump<AddrMessage>(dump.request, { match: (b) => dump.match(b) })).filter((b) => dump.match(b));
  }

  async #dumpRequest(options: AddrListOptions) {
    if (options.family !== undefined && options.family !== 4 && options.family !== 6) throw new ValidationError('family must be 4 or 6', 'family');
    const dev = options.dev === undefined ? undefined : await this.links.resolver().index(options.dev, 'dev');
    const dump = addrDump({
      ...(options.family ? { family: AF[options.family] } : {}),
      ...(dev !== undefined ? { dev } : {}),
      ...(options.scope !== undefined ? { scope: options.scope } : {}),
      ...(options.label !== undefined ? { label: options.label } : {}),
      ...(options.flags !== undefined ? { flags: options.flags } : {}),
    });
    return dump;
  }

  async #names(list: Address[]): Promise<void> {
    if (list.length === 0) return;
    const names = await this.links.names();
    for (const a of list) {
      const n = names.get(a.index);
      if (n !== undefined) a.dev = n;
    }
  }
}
