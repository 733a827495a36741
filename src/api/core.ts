/**
 * The machinery behind a Handle: one lazily opened NETLINK_ROUTE session in the handle's
 * namespace (re-opened on demand after the helper died), requests, dumps with NLM_F_DUMP_INTR
 * retries, and interface-name resolution. Internal: users see `Handle` and its verb groups.
 */
import { NETLINK_ROUTE } from '../netlink/constants.js';
import { decode } from '../netlink/decode.js';
import { rtnetlink } from '../rtnl/family.js';
import {
  DumpInterruptedError, HelperError, HelperOperationError, NetlinkError, NetnsNotFoundError, NotFoundError, ValidationError,
} from '../netlink/errors.js';
import type { NetlinkMessage, Request } from '../netlink/message.js';
import type { Family } from '../netlink/family.js';
import { LazySession } from './lazy-session.js';
import { Session, type DumpStream, type SessionObserver } from '../netlink/session.js';
import type { HelperProcess } from '../netlink/transport/helper.js';
import type { NetnsSpec, SocketOptions, SocketSink, TransportSocket } from '../netlink/transport/types.js';
import { checkIfname, checkNetnsName, checkPid } from '../rtnl/validate.js';

/** Where a handle works: the current namespace, a name under /run/netns, a path, or a pid's. */
/**
 * A network namespace: a /run/netns name, `{ name }`, `{ path }` (a bind mount or
 * /proc/PID/ns/net), `{ pid }` (that process's namespace) or `{ fd }` (a file descriptor of this
 * Node process open on a namespace file, which the helper reaches as /proc/<our pid>/fd/<fd>).
 */
import type { NetnsTarget } from '../rtnl/link/kinds/kind.js';
export type { NetnsTarget };

/** What a Handle's core needs from its context (the Netlink object). */
export interface CoreContext {
  readonly sandbox: boolean;
  readonly dumpAttempts: number;
  readonly timeoutMs: number;
  readonly observer: SessionObserver | undefined;
  /** The observer for one socket: the tracer's child labelled with its role and namespace. */
  observerFor(role: string, netns: NetnsSpec, family?: Family): SessionObserver | undefined;
  helper(): Promise<HelperProcess>;
  openSocket(options: SocketOptions, sink: SocketSink): Promise<TransportSocket>;
  readonly closed: boolean;
}

export const DEFAULT_RCVBUF = 4 * 1024 * 1024;

/** Messages an iterated dump (`stream()`) queues for a slow reader before the session stops reading. */
export const STREAM_HIGH_WATER = 2048;

/** Turns a user's namespace target into the helper's spec (validating it). */
export function toNetnsSpec(target: NetnsTarget | undefined): NetnsSpec {
  if (target === undefined) return { kind: 'current' };
  if (typeof target === 'string') {
    checkNetnsName(target);
    return { kind: 'name', name: target };
  }
  if (typeof target === 'object' && target !== null) {
    if ('name' in target) {
      checkNetnsName(target.name);
      return { kind: 'name', name: target.name };
    }
    if ('path' in target) {
      if (typeof target.path !== 'string' || !target.path.startsWith('/') || target.path.includes('\0')) {
        throw new ValidationError(`namespace path must be absolute, got ${JSON.stringify(target.path)}`, 'netns.path');
      }
      return { kind: 'path', path: target.path };
    }
    if ('pid' in target) {
      checkPid(target.pid, 'netns.pid');
      return { kind: 'pid', pid: target.pid };
    }
    if ('fd' in target) {
      if (!Number.isInteger(target.fd) || target.fd < 0) throw new ValidationError(`namespace fd must be a file descriptor, got ${JSON.stringify(target.fd)}`, 'netns.fd');
      return { kind: 'path', path: `/proc/${process.pid}/fd/${target.fd}` };
    }
  }
  throw new ValidationError(`namespace must be a name, {name}, {path}, {pid} or {fd}; got ${JSON.stringify(target)}`, 'netns');
}

export function describeSpec(spec: NetnsSpec): string {
  switch (spec.kind) {
    case 'current': return 'the current namespace';
    case 'name': return `namespace ${JSON.stringify(spec.name)}`;
    case 'path': return `namespace at ${spec.path}`;
    case 'pid': return `namespace of pid ${spec.pid}`;
  }
}

/** Maps a helper's "no such namespace" into a ValidationError naming it. */
export function mapNetnsError(e: unknown, spec: NetnsSpec): unknown {
  if (e instanceof HelperOperationError && (e.code === 'ENOENT' || e.code === 'ESRCH') && spec.kind !== 'current') {
    return netnsNotFound(spec, e);
  }
  return e;
}

/** The NetnsNotFoundError for `spec`, caused by the helper's answer `cause`. */
export function netnsNotFound(spec: NetnsSpec, cause?: Error): NetnsNotFoundError {
  const key = spec.kind === 'name' ? spec.name : spec.kind === 'path' ? spec.path : spec.kind === 'pid' ? spec.pid : 'current';
  const err = new NetnsNotFoundError(key, cause?.message);
  if (cause) (err as { cause?: unknown }).cause = cause;
  return err;
}

export interface DumpCallOptions<B> {
  /** Client-side filter (applied when the kernel did not filter). */
  match?: ((body: B) => boolean) | undefined;
  /** Attempts when the kernel flags NLM_F_DUMP_INTR (default: the context's, 5). */
  attempts?: number;
}

/** One handle's session and helpers. */
export class Core {
  readonly spec: NetnsSpec;
  readonly #lazy = new LazySession(() => this.#open(), () => this.closed);
  #closed = false;
  /** Extra resources (monitors) closed with the handle. */
  readonly closers = new Set<() => Promise<void>>();

  constructor(readonly ctx: CoreContext, target: NetnsTarget | undefined) {
    this.spec = toNetnsSpec(target);
  }

  get closed(): boolean {
    return this.#closed || this.ctx.closed;
  }

  /** The namespace name this handle works in, if it was given by name. */
  get netnsName(): string | undefined {
    return this.spec.kind === 'name' ? this.spec.name : undefined;
  }

  /** The open session, opening one (and starting the helper) if needed. */
  session(): Promise<Session> {
    return this.#lazy.get();
  }

  async #open(): Promise<Session> {
    const session = new Session({ family: rtnetlink, timeoutMs: this.ctx.timeoutMs, observer: this.ctx.observerFor('route', this.spec) });
    let socket: TransportSocket;
    try {
      socket = await this.ctx.openSocket(
        { protocol: NETLINK_ROUTE, netns: this.spec, rcvbuf: DEFAULT_RCVBUF, extAck: true, strictCheck: true },
        session.sink,
      );
    } catch (e) {
      throw mapNetnsError(e, this.spec);
    }
    session.attach(socket);
    return session;
  }

  /** Opens another socket in this handle's namespace (monitors). */
  async openSocket(options: Omit<SocketOptions, 'netns'>, sink: SocketSink): Promise<TransportSocket> {
    if (this.closed) throw new HelperError('handle is closed');
    try {
      return await this.ctx.openSocket({ ...options, netns: this.spec }, sink);
    } catch (e) {
      throw mapNetnsError(e, this.spec);
    }
  }

  /** Sends one request; resolves with the reply messages (empty for a plain ACK). */
  async request<B = unknown>(req: Request, options: { ack?: boolean } = {}): Promise<NetlinkMessage<B>[]> {
    const s = await this.session();
    return s.request<B>(req, options);
  }

  /** Sends requests in one write; each resolves or rejects on its own. */
  async batch<B = unknown>(reqs: Request[]): Promise<Array<PromiseSettledResult<NetlinkMessage<B>[]>>> {
    const s = await this.session();
    return Promise.allSettled(s.batch<B>(reqs));
  }

  /**
   * A whole dump as an array, retried while the kernel flags it NLM_F_DUMP_INTR (the state
   * changed under it). Throws DumpInterruptedError when the attempts run out.
   */
  async dump<B = unknown>(req: Request, options: DumpCallOptions<B> = {}): Promise<B[]> {
    return dumpWithRetry<B>(() => this.session(), req, options.match, Math.max(1, options.attempts ?? this.ctx.dumpAttempts));
  }

  /** A dump as it arrives (no retry: an interrupted dump throws DumpInterruptedError at its end). */
  async *stream<B = unknown>(req: Request, match?: (body: B) => boolean): AsyncGenerator<B> {
    const s = await this.session();
    const stream: DumpStream<B> = s.dump<B>(req, match ? { match: (b) => match(b) } : {});
    // A reader slower than the kernel holds at most STREAM_HIGH_WATER messages: past that the
    // session stops reading and the kernel waits (a dump only advances on recvmsg).
    stream.flowControl(STREAM_HIGH_WATER, () => s.pause(), () => s.resume());
    for await (const m of stream) yield m.body;
  }

  /**
   * A dump handed over body by body while its datagrams are received (nothing collected, no
   * retry): an interrupted dump (NLM_F_DUMP_INTR) is read to its end and reported. If `onBody`
   * throws, the rest of the dump is dropped and the error rethrown.
   */
  async dumpEach<B = unknown>(req: Request, onBody: (body: B) => void | PromiseLike<void>, match?: (body: B) => boolean): Promise<{ interrupted: boolean }> {
    const s = await this.session();
    const stream: DumpStream<B> = s.dump<B>(req, { throwOnInterrupt: false, ...(match ? { match: (b: B) => match(b) } : {}) });
    // Backpressure: while a promise onBody returned is pending, the session stops reading its
    // socket (the kernel then stops producing the dump); what the helper already relayed still
    // arrives, a bounded amount (one relay write, docs/helper-protocol.md).
    let waiting = 0;
    let failure: { error: unknown } | undefined;
    const settled = () => {
      if (--waiting === 0) s.resume();
    };
    try {
      await stream.forEach((m) => {
        if (failure) throw failure.error;
        const r = onBody(m.body);
        if (r === undefined) return;
        if (waiting++ === 0) s.pause();
        r.then(settled, (error: unknown) => {
          failure ??= { error };
          settled();
        });
      });
    } finally {
      if (waiting > 0) {
        waiting = 0;
        s.resume();
      }
    }
    if (failure) throw failure.error;
    return { interrupted: stream.interrupted };
  }

  async helper(): Promise<HelperProcess> {
    if (this.closed) throw new HelperError('handle is closed');
    return this.ctx.helper();
  }

  /** Closes the session and every monitor of this handle. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const closers = [...this.closers];
    this.closers.clear();
    await Promise.allSettled(closers.map((c) => c()));
    await this.#lazy.close();
  }
}

/**
 * A whole dump as an array of bodies, retried while the kernel flags it NLM_F_DUMP_INTR;
 * DumpInterruptedError when `attempts` interrupted dumps in a row ran out.
 */
export async function dumpWithRetry<B>(
  session: () => Promise<Session>,
  req: Request,
  match: ((body: B) => boolean) | undefined,
  attempts: number,
): Promise<B[]> {
  for (let attempt = 1; ; attempt++) {
    const s = await session();
    try {
      const out: B[] = [];
      const stream = s.dump<B>(req, match ? { match: (b) => match(b) } : {});
      for await (const m of stream) out.push(m.body);
      return out;
    } catch (e) {
      if (!(e instanceof DumpInterruptedError)) throw e;
      if (attempt >= attempts) {
        throw new DumpInterruptedError(
          `dump interrupted (NLM_F_DUMP_INTR) ${attempt} time${attempt > 1 ? 's' : ''} in a row: the kernel state kept changing during the dump`,
        );
      }
    }
  }
}

/**
 * Interface name → index resolution with a cache, for one API call (`ip` resolves each name
 * once per command too).
 */
export class IfindexResolver {
  readonly #cache = new Map<string, number>();
  constructor(private readonly lookup: (name: string) => Promise<number | undefined>) {}

  async index(dev: string | number, field = 'dev'): Promise<number> {
    if (typeof dev === 'number') {
      if (!Number.isInteger(dev) || dev <= 0 || dev > 0x7fffffff) throw new ValidationError(`${field}: bad ifindex ${dev}`, field);
      return dev;
    }
    checkIfname(dev, field);
    const hit = this.#cache.get(dev);
    if (hit !== undefined) return hit;
    const idx = await this.lookup(dev);
    if (idx === undefined) throw new NotFoundError('link', dev);
    this.#cache.set(dev, idx);
    return idx;
  }

  /** For optional fields. */
  async maybe(dev: string | number | undefined, field = 'dev'): Promise<number | undefined> {
    return dev === undefined ? undefined : this.index(dev, field);
  }
}

/** JSON with bigint and bytes, for traces and comparisons. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => {
    if (typeof v === 'bigint') return v.toString();
    if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
    return v;
  });
}

/** A session observer that prints every datagram decoded. */
export function traceObserver(out: (line: string) => void): SessionObserver {
  const print = (dir: string, d: Uint8Array) => {
    try {
      for (const m of decode(d, rtnetlink, { keepLayout: false })) {
        out(`${dir} ${m.typeName} flags=${m.flagNames.join(',') || 0} seq=${m.seq} ${stableJson(m.body)}`);
      }
    } catch (e) {
      out(`${dir} undecodable datagram (${d.length} bytes): ${(e as Error).message}`);
    }
  };
  return { sent: (d) => print('>', d), received: (d) => print('<', d) };
}


/**
 * The `ensure` verbs: run a create and resolve false instead of failing when the object is
 * already there (EEXIST, from the kernel or the helper).
 */
export async function createUnlessExists(create: () => Promise<unknown>): Promise<boolean> {
  try {
    await create();
    return true;
  } catch (e) {
    if ((e instanceof NetlinkError || e instanceof HelperOperationError) && e.code === 'EEXIST') return false;
    throw e;
  }
}

/**
 * The `flush` verbs: settled results of a batch of deletions → how many the kernel deleted. An
 * object that vanished meanwhile (one of `goneCodes`) is not an error; anything else is thrown.
 */
export function countDeleted(results: PromiseSettledResult<unknown>[], goneCodes: readonly string[]): number {
  let n = 0;
  for (const r of results) {
    if (r.status === 'fulfilled') n++;
    else if (!(r.reason instanceof NetlinkError && goneCodes.includes(r.reason.code))) throw r.reason;
  }
  return n;
}
