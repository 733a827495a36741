/**
 * Glue between iproute2's semantics and the API: error mapping (NetlinkError → "RTNETLINK
 * answers: ..." / "Error: ...." and status -2, as rtnl_talk does) and the raw-message fetches the
 * printers need.
 */
import { CliExit, CommandFailed } from '../errors.js';
import type { Env } from '../env.js';
import type { ApiHandle } from '../env.js';
import type { LinkMessageBody } from '../../rtnl/link/attrs.js';
import { AF_INET6, AF_PACKET, rtrealmA2n } from '../format/names.js';
import { getUnsigned } from '../format/prefix.js';
import { linkDump } from '../../rtnl/link/requests.js';
import { nexthopDump } from '../../rtnl/nexthop/requests.js';
import type { NexthopMessage } from '../../rtnl/nexthop/schema.js';
import type { Request } from '../../netlink/message.js';

export interface LinkData {
  links: LinkMessageBody[];
}

export { mapApiError } from '../api-errors.js';
import { mapApiError } from '../api-errors.js';

/** What iproute2's rtnl_dump_filter_l prints at the end of a dump the kernel flagged NLM_F_DUMP_INTR. */
export const DUMP_INTR_MESSAGE = 'Dump was interrupted and may be inconsistent.\n';

/** Size of the chunks a streaming command writes to stdout. */
export const OUTPUT_CHUNK = 64 * 1024;

/**
 * Writes a streaming printer's text once a chunk is ready: the promise of `io.drain()` when
 * stdout is full (return it from a dumpEach callback: reading waits for the reader), else
 * undefined.
 */
export function writeChunk(io: Env['io'], p: { pendingLength: number; take(): string }): Promise<void> | undefined {
  if (p.pendingLength < OUTPUT_CHUNK) return undefined;
  io.stdout(p.take());
  return io.drain?.();
}

/**
 * A dump handed to `onBody` message by message as the datagrams arrive, as iproute2's
 * rtnl_dump_filter does: nothing is collected, so a printer can render and write as it goes.
 * Like iproute2 (and unlike the API's dumps, which retry), an interrupted dump (NLM_F_DUMP_INTR)
 * is read to its end; resolves with whether it was interrupted (print DUMP_INTR_MESSAGE then).
 */
export async function streamDump<B>(h: ApiHandle, request: Request, onBody: (body: B) => void | Promise<void>): Promise<boolean> {
  let failure: { error: unknown } | undefined;
  try {
    const { interrupted } = await h.dumpEach<B>(request, (body) => {
      try {
        return onBody(body);
      } catch (error) {
        failure = { error };
        throw error;
      }
    });
    return interrupted;
  } catch (e) {
    if (failure) throw failure.error;
    throw mapApiError(e);
  }
}

/**
 * Prints a dump as it streams (`ip route show`, `ip neigh show`): each message through `print`,
 * the text handed to stdout in chunks that wait for the reader (writeChunk), iproute2's note
 * after an interrupted dump, then the end of the document.
 */
export async function printStreamed<B>(
  io: Env['io'],
  h: ApiHandle,
  request: Request,
  p: { pendingLength: number; take(): string; startDocument(): void; endDocument(): void },
  print: (body: B) => void,
): Promise<void> {
  p.startDocument();
  const interrupted = await streamDump<B>(h, request, (body) => {
    print(body);
    return writeChunk(io, p);
  });
  if (interrupted) {
    io.stdout(p.take());
    io.stderr(DUMP_INTR_MESSAGE);
  }
  p.endDocument();
  io.stdout(p.take());
}

export async function apiCall<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw mapApiError(e);
  }
}

/**
 * A link dump as raw messages (`handle.dump()`, retried on NLM_F_DUMP_INTR). AF_INET6 (what
 * `ip -6 addr show` asks for: IPv6's own per-link answer) and dumps without IFLA_EXT_MASK ask
 * with that family; the others send the request of `handle.link.list()`.
 */
export async function linkDumpRaw(h: ApiHandle, family: number, opts: { master?: number; kind?: string; extMask?: number | false } = {}): Promise<LinkMessageBody[]> {
  if (family === AF_INET6 || opts.extMask === false || (family !== 0 && family !== AF_PACKET)) {
    const d = linkDump({ family, ...(opts.master !== undefined ? { master: opts.master } : {}), ...(opts.kind !== undefined ? { kind: opts.kind } : {}), ...(opts.extMask !== undefined ? { extMask: opts.extMask } : {}) });
    return apiCall(() => h.dump<LinkMessageBody>(d.request, (b) => d.match(b)));
  }
  // The request handle.link.list() sends, without its friendly views (the printers read the
  // messages), in dump order as iproute2 prints them.
  const d = linkDump({ ...(opts.kind !== undefined ? { kind: opts.kind } : {}), ...(opts.master !== undefined ? { master: opts.master } : {}) });
  return apiCall(() => h.dump<LinkMessageBody>(d.request, (b) => d.match(b)));
}

/**
 * iproute2's ipnh_cache for `-d ip route` (nh_info): the nexthop objects by id, from one dump
 * (ip asks RTM_GETNEXTHOP per id as it meets them; the printed text is the same). Empty when
 * not printing details, or when the kernel has no nexthop objects (the dump fails, and ip's
 * lookup would have too).
 */
export async function nexthopCache(h: ApiHandle, details: number): Promise<Map<number, NexthopMessage>> {
  const cache = new Map<number, NexthopMessage>();
  if (details <= 0) return cache;
  try {
    for (const b of await h.dump<NexthopMessage>(nexthopDump().request)) if (b.attrs.id !== undefined) cache.set(b.attrs.id, b);
  } catch {
    // No nexthop objects here (EOPNOTSUPP / EINVAL from an old kernel): routes carry no nhid then.
  }
  return cache;
}

/** One link (RTM_GETLINK) as a raw message. */
export async function linkGetRaw(h: ApiHandle, dev: string | number): Promise<LinkMessageBody> {
  const l = await apiCall(() => h.link.get(dev));
  return l.raw;
}

/** get_rt_realms_or_raw (ip/rtm_map.c): `[SRC/]DST` by name or number, else a raw 32-bit number. */
export function parseRealms(arg: string): number | undefined {
  const slash = arg.indexOf('/');
  let from = 0;
  if (slash >= 0) {
    const v = rtrealmA2n(arg.slice(0, slash));
    if (v === undefined) return getUnsigned(arg, 0);
    from = v;
  }
  const rest = slash >= 0 ? arg.slice(slash + 1) : arg;
  const to = rest ? rtrealmA2n(rest) : 0;
  if (to === undefined) return getUnsigned(arg, 0);
  return (((from & 0xffff) << 16) | to) >>> 0;
}

const IPPROTO: Record<string, number> = { ip: 0, icmp: 1, igmp: 2, tcp: 6, udp: 17, ipv6: 41, gre: 47, esp: 50, ah: 51, 'ipv6-icmp': 58, icmpv6: 58, sctp: 132, udplite: 136, raw: 255 };
/** inet_proto_a2n: a decimal number or a protocol name. */
export function ipprotoA2n(s: string): number | undefined {
  if (s in IPPROTO) return IPPROTO[s];
  return getUnsigned(s, 10, 255);
}
/** get_u64 (base 0): decimal, 0x hex or 0 octal. */
export function getU64(s: string): bigint | undefined {
  if (!/^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)$/.test(s)) return undefined;
  const v = /^0[0-7]+$/.test(s) ? BigInt('0o' + s.slice(1)) : BigInt(s);
  return v <= 0xffffffffffffffffn ? v : undefined;
}


/** The end of an `ip ... flush` that found nothing (more) to delete, as iproute2 reports it with -s. */
export function flushComplete(env: Env, out: string[], round: number): number {
  if (env.opts.stats) out.push(round === 0 ? 'Nothing to flush.\n' : `*** Flush is complete after ${round} round${round > 1 ? 's' : ''} ***\n`);
  env.io.stdout(out.join(''));
  return 0;
}
