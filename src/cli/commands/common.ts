/**
 * Glue between iproute2's semantics and the API: error mapping (NetlinkError → "RTNETLINK
 * answers: ..." / "Error: ...." and status -2, as rtnl_talk does) and the raw-message fetches the
 * printers need.
 */
import { CliExit, CommandFailed } from '../errors.js';
import type { RtMsg } from '../format/context.js';
import { AF_INET6, AF_PACKET } from '../format/names.js';
import { linkDump } from '../../rtnl/link/requests.js';

export interface LinkData {
  links: RtMsg[];
}

function errName(e: unknown): string {
  return (e as { name?: string })?.name ?? '';
}

/** Map an API error to what iproute2 prints; rethrow CLI exits unchanged. */
export function mapApiError(e: unknown): Error {
  if (e instanceof CliExit || e instanceof CommandFailed) return e;
  const name = errName(e);
  const err = e as { iproute2Message?: string; message?: string; cause?: unknown; what?: string; key?: unknown; code?: string };
  if (name === 'NetlinkError' && typeof err.iproute2Message === 'string') return new CommandFailed(-2, err.iproute2Message + '\n');
  if (err.cause && errName(err.cause) === 'NetlinkError' && name !== 'NotFoundError') return mapApiError(err.cause);
  if (name === 'NotFoundError') {
    if (err.cause && errName(err.cause) === 'NetlinkError') {
      // The kernel's answer, as iproute2 prints it.
      return mapApiError(err.cause);
    }
    if (err.what === 'link') return new CommandFailed(-1, `Cannot find device "${String(err.key)}"\n`);
    return new CommandFailed(-2, `RTNETLINK answers: ${err.what === 'address' ? 'Cannot assign requested address' : 'No such file or directory'}\n`);
  }
  if (name === 'HelperOperationError') return new CommandFailed(-1, `${err.message}\n`);
  if (name === 'ValidationError') return new CommandFailed(-1, `Error: ${err.message}\n`);
  if (name === 'HelperError') return new CliExit(1, `Cannot open netlink socket: ${err.message}\n`);
  if (e instanceof Error) return new CommandFailed(-1, `${e.message}\n`);
  return new CommandFailed(-1, `${String(e)}\n`);
}

export async function apiCall<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw mapApiError(e);
  }
}

/**
 * A link dump as raw messages. AF_INET6 (what `ip -6 addr show` asks for: IPv6's own per-link
 * answer) and dumps without IFLA_EXT_MASK go through the raw `handle.dump()`, which the verbs
 * cannot express; the others through `handle.link.list()`.
 */
export async function linkDumpRaw(h: any, family: number, opts: { master?: number; kind?: string; extMask?: number | false } = {}): Promise<RtMsg[]> {
  if (family === AF_INET6 || opts.extMask === false || (family !== 0 && family !== AF_PACKET)) {
    const d = linkDump({ family, ...(opts.master !== undefined ? { master: opts.master } : {}), ...(opts.kind !== undefined ? { kind: opts.kind } : {}), ...(opts.extMask !== undefined ? { extMask: opts.extMask } : {}) });
    const bodies = (await apiCall(() => h.dump(d.request, (b: any) => d.match(b)))) as RtMsg[];
    return bodies;
  }
  const list = (await apiCall(() => h.link.list({ ...(opts.kind !== undefined ? { kind: opts.kind } : {}), ...(opts.master !== undefined ? { master: opts.master } : {}) }))) as Array<{ raw: RtMsg }>;
  return list.map((l) => l.raw);
}

/** One link (RTM_GETLINK) as a raw message. */
export async function linkGetRaw(h: any, dev: string | number): Promise<RtMsg> {
  const l = (await apiCall(() => h.link.get(dev))) as { raw: RtMsg };
  return l.raw;
}
