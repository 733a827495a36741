/**
 * `handle.mptcp`: the MPTCP path manager's endpoints and limits as `ip mptcp` shows them (the
 * mptcp_pm generic netlink family). The 6.12 spec carries addresses as a big-endian u32 / 16
 * bytes and the flags as a plain word; here they are strings and names.
 */
import { ValidationError } from '../netlink/errors.js';
import { formatIPv6, isIPv4, isIPv6, parseIPv4, parseIPv6 } from '../netlink/address.js';
import type { MptcpPmAddress } from '../genl/generated/mptcp-pm.js';
import type { GenlAccessor } from './genl.js';

/** An endpoint flag as `ip mptcp endpoint` spells it (linux/mptcp.h MPTCP_PM_ADDR_FLAG_*). */
export type MptcpEndpointFlag = 'signal' | 'subflow' | 'backup' | 'fullmesh' | 'implicit' | 'laminar';
/** linux/mptcp.h MPTCP_PM_ADDR_FLAG_*, in the words `ip mptcp` uses. */
const FLAGS: Readonly<Record<MptcpEndpointFlag, number>> = { signal: 1, subflow: 2, backup: 4, fullmesh: 8, implicit: 16, laminar: 32 };

/**
 * An MPTCP endpoint as `ip mptcp endpoint show` lists it: its id, address, optional port, flags
 * and device.
 */
export interface MptcpEndpoint {
  id: number;
  address: string;
  port?: number;
  flags: Array<MptcpEndpointFlag | number>;
  /** Interface index the endpoint is bound to. */
  dev?: number;
}

/** `ip mptcp endpoint add ADDRESS [id ID] [port PORT] [dev IFINDEX] [FLAGS]`. */
export interface MptcpEndpointOptions {
  address: string;
  id?: number;
  port?: number;
  flags?: MptcpEndpointFlag[];
  /** Interface index. */
  dev?: number;
}

/** `ip mptcp limits`: the per-connection limits of the in-kernel path manager. */
export interface MptcpLimits {
  /** `subflows`: extra subflows per connection. */
  subflows: number;
  /** `add_addr_accepted`: ADD_ADDR announcements accepted per connection. */
  addAddrAccepted: number;
}

function flagWord(flags: readonly string[] | undefined, field: string): number {
  let word = 0;
  for (const f of flags ?? []) {
    const bit = FLAGS[f as MptcpEndpointFlag];
    if (bit === undefined) throw new ValidationError(`${field}: unknown flag ${JSON.stringify(f)} (${Object.keys(FLAGS).join(', ')})`, field);
    word |= bit;
  }
  return word;
}

function flagNames(word: number): Array<MptcpEndpointFlag | number> {
  const out: Array<MptcpEndpointFlag | number> = [];
  for (const [name, bit] of Object.entries(FLAGS)) if (word & bit) out.push(name as MptcpEndpointFlag);
  const rest = word & ~Object.values(FLAGS).reduce((a, b) => a | b, 0);
  for (let bit = 1; rest && bit <= 0x80000000 && bit > 0; bit *= 2) if (rest & bit) out.push(bit);
  return out;
}

function addressAttrs(address: string, field: string): MptcpPmAddress {
  if (isIPv4(address)) return { family: 2, addr4: new DataView(parseIPv4(address).buffer).getUint32(0, false) };
  if (isIPv6(address)) return { family: 10, addr6: parseIPv6(address) };
  throw new ValidationError(`${field}: not an IP address: ${JSON.stringify(address)}`, field);
}

function endpointView(a: MptcpPmAddress): MptcpEndpoint {
  let address = '';
  if (a.addr4 !== undefined) address = [24, 16, 8, 0].map((s) => (a.addr4! >>> s) & 0xff).join('.');
  else if (a.addr6) address = formatIPv6(a.addr6, 0);
  const out: MptcpEndpoint = { id: a.id ?? 0, address, flags: flagNames(a.flags ?? 0) };
  if (a.port) out.port = a.port;
  if (a.ifIdx) out.dev = a.ifIdx;
  return out;
}

/**
 * MPTCP path manager endpoints and limits through the mptcp_pm generic netlink family
 * (`handle.mptcp`): `ip mptcp endpoint add|delete|show|flush`, `ip mptcp limits set|show`. Changes
 * need CAP_NET_ADMIN.
 */
export class MptcpApi {
  constructor(private readonly genl: GenlAccessor) {}

  private get pm() {
    return this.genl('mptcp_pm');
  }

  /** `ip mptcp endpoint show`. */
  async endpoints(): Promise<MptcpEndpoint[]> {
    return (await this.pm.dump('get-addr')).map((e) => endpointView(e.addr ?? {}));
  }

  /** `ip mptcp endpoint add ADDRESS [id ID] [port PORT] [dev IFINDEX] [signal|subflow|backup|fullmesh]`. */
  async addEndpoint(options: MptcpEndpointOptions): Promise<void> {
    if (typeof options !== 'object' || options === null) throw new ValidationError('addEndpoint needs { address, ... }', 'options');
    const addr = addressAttrs(options.address, 'address');
    if (options.id !== undefined) addr.id = options.id;
    if (options.port !== undefined) addr.port = options.port;
    if (options.dev !== undefined) addr.ifIdx = options.dev;
    const flags = flagWord(options.flags, 'flags');
    if (flags) addr.flags = flags;
    await this.pm.do('add-addr', { addr });
  }

  /** `ip mptcp endpoint delete id ID`. */
  async deleteEndpoint(id: number): Promise<void> {
    if (!Number.isInteger(id) || id < 0 || id > 255) throw new ValidationError(`endpoint id must be 0..255, got ${JSON.stringify(id)}`, 'id');
    await this.pm.do('del-addr', { addr: { id } });
  }

  /** `ip mptcp endpoint change id ID [backup|nobackup] [fullmesh|nofullmesh]`: set-flags. */
  async setEndpointFlags(id: number, flags: MptcpEndpointFlag[]): Promise<void> {
    await this.pm.do('set-flags', { addr: { id, flags: flagWord(flags, 'flags') } });
  }

  /** `ip mptcp endpoint flush`. */
  async flushEndpoints(): Promise<void> {
    await this.pm.do('flush-addrs', {});
  }

  /** `ip mptcp limits show`. */
  async limits(): Promise<MptcpLimits> {
    const r = (await this.pm.do('get-limits', {})) ?? {};
    return { subflows: r.subflows ?? 0, addAddrAccepted: r.rcvAddAddrs ?? 0 };
  }

  /** `ip mptcp limits set [subflows N] [add_addr_accepted N]`. */
  async setLimits(limits: Partial<MptcpLimits>): Promise<void> {
    const attrs: { subflows?: number; rcvAddAddrs?: number } = {};
    if (limits.subflows !== undefined) attrs.subflows = limits.subflows;
    if (limits.addAddrAccepted !== undefined) attrs.rcvAddAddrs = limits.addAddrAccepted;
    await this.pm.do('set-limits', attrs);
  }
}
