/**
 * `Netlink`: the context that owns one helper process (started lazily, restarted after it died)
 * and the handles that work through it.
 *
 *   await using nl = await Netlink.open({ sandbox: true });
 *   await nl.netns.add('ns1');
 *   await nl.in('ns1').link('lo').up();
 */
import { HelperError } from '../netlink/errors.js';
import type { SessionObserver } from '../netlink/session.js';
import { HelperProcess, HelperTransport } from '../netlink/transport/helper.js';
import type { NetnsSpec, SocketOptions, SocketSink, TransportSocket } from '../netlink/transport/types.js';
import type { Family } from '../netlink/family.js';
import { createTracer, tracerFromEnv, type Tracer, type TracerOptions } from '../netlink/inspect/trace.js';
import { toNetnsSpec, traceObserver, type CoreContext, type NetnsTarget } from './core.js';
import { rtnetlink } from '../rtnl/family.js';
import { Handle } from './handle.js';

/** Options of `Netlink.open()` and `new Netlink()`. */
export interface NetlinkOptions {
  /**
   * Run everything in a private, unprivileged user + network + mount namespace with its own
   * /run/netns (the helper's `--sandbox`): nothing touches the host, and no root is needed.
   */
  sandbox?: boolean;
  /** Namespace of the first handle: a /run/netns name, `{ path }` or `{ pid }`. Default: current. */
  netns?: NetnsTarget;
  /**
   * Print every netlink message sent and received, decoded, with direction, socket, namespace
   * and timing: `true` for stderr (tree format), tracer options (`{ output: 'trace.log',
   * format: 'mnl' }`), or a function that gets one compact line per message. Default: what
   * $PURE_NETLINK_TRACE / $PURE_NETLINK_TRACE_FORMAT ask for (off when unset); `false` turns it off.
   */
  trace?: boolean | TracerOptions | ((line: string) => void);
  /** Helper executable (default: the prebuilt one, or $PURE_NETLINK_HELPER). */
  helperPath?: string;
  /** Attempts for a dump the kernel flags NLM_F_DUMP_INTR before DumpInterruptedError. Default 5. */
  dumpAttempts?: number;
  /** A request fails when its socket was silent this long (ms; 0: never). Default 60000 (the kernel may hold the RTNL lock for long). */
  timeoutMs?: number;
}

/**
 * The library's context: one helper process (the AF_NETLINK sockets) shared by its handles.
 * `Netlink.open()` starts one and returns its first Handle; closing that handle closes the
 * context.
 */
export class Netlink implements CoreContext {
  readonly sandbox: boolean;
  readonly dumpAttempts: number;
  readonly timeoutMs: number;
  readonly observer: SessionObserver | undefined;
  readonly #transport: HelperTransport;
  #tracer: Tracer | undefined;
  #sockets = 0;
  readonly #handles = new Set<Handle>();
  readonly #shared = new Map<string, Handle>();
  #closed = false;
  #closing: Promise<void> | undefined;
  /** @internal The handle Netlink.open() returned: closing it closes the whole context. */
  _owner: Handle | undefined;

  /**
   * Opens a context and returns its first handle (in `options.netns`, default the current
   * namespace). The helper is started and the handle's socket opened before this resolves, so
   * an unusable helper or an unknown namespace fails here.
   */
  static async open(options: NetlinkOptions = {}): Promise<Handle> {
    const ctx = new Netlink(options);
    const handle = ctx.handle(options.netns);
    ctx._owner = handle;
    try {
      await handle.ready();
    } catch (e) {
      await ctx.close();
      throw e;
    }
    return handle;
  }

  /** A context; nothing starts until the first request. */
  constructor(options: NetlinkOptions = {}) {
    this.sandbox = options.sandbox ?? false;
    this.dumpAttempts = options.dumpAttempts ?? 5;
    this.timeoutMs = options.timeoutMs ?? 60000;
    const trace = options.trace;
    if (typeof trace === 'function') this.observer = traceObserver(trace);
    else if (trace === true) this.#tracer = createTracer({ output: 'stderr', family: rtnetlink });
    else if (trace && typeof trace === 'object') this.#tracer = createTracer({ family: rtnetlink, ...trace });
    else if (trace === undefined) this.#tracer = tracerFromEnv(process.env, { family: rtnetlink });
    this.observer ??= this.#tracer;
    this.#transport = new HelperTransport({ sandbox: this.sandbox, ...(options.helperPath ? { path: options.helperPath } : {}) });
  }

  /** The observer for one socket: with a tracer, its child labelled `route#2@ns1` and the like. */
  observerFor(role: string, netns: NetnsSpec, family?: Family): SessionObserver | undefined {
    if (!this.#tracer) return this.observer;
    const where = netns.kind === 'current' ? undefined : netns.kind === 'name' ? netns.name : netns.kind === 'path' ? netns.path : `pid ${netns.pid}`;
    return this.#tracer.child({ socketLabel: `${role}#${++this.#sockets}`, ...(where ? { netns: where } : {}), ...(family ? { family } : {}) });
  }

  /** A handle working in `netns` (default: the helper's current namespace). */
  handle(netns?: NetnsTarget): Handle {
    if (this.#closed) throw new HelperError('netlink context is closed');
    const h = new Handle(this, netns);
    this.#handles.add(h);
    return h;
  }

  /**
   * The shared handle of a namespace (what `handle.in(netns)` returns): one per namespace
   * while it is open, so that `h.in('ns1').link('x').up()` in a loop does not open a socket
   * each time. Closing it closes it for every holder; the next `in()` makes a new one.
   */
  shared(netns: NetnsTarget): Handle {
    const key = JSON.stringify(toNetnsSpec(netns));
    const h = this.#shared.get(key);
    if (h && !h.closed) return h;
    const fresh = this.handle(netns);
    this.#shared.set(key, fresh);
    return fresh;
  }

  /** True once `close()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** The running helper (a new one if the previous one died). */
  helper(): Promise<HelperProcess> {
    if (this.#closed) return Promise.reject(new HelperError('netlink context is closed'));
    return this.#transport.helper();
  }

  /**
   * Opens a netlink socket through this context's helper (what each handle's sessions use);
   * rejects with HelperError once the context is closed.
   */
  openSocket(options: SocketOptions, sink: SocketSink): Promise<TransportSocket> {
    if (this.#closed) return Promise.reject(new HelperError('netlink context is closed'));
    return this.#transport.open(options, sink);
  }

  /** @internal A handle closed: the context ends with its last handle. */
  async _release(handle: Handle): Promise<void> {
    this.#handles.delete(handle);
    if (this.#handles.size === 0) await this.close();
  }

  /** Closes every handle, socket and the helper. */
  close(): Promise<void> {
    if (this.#closing) return this.#closing;
    this.#closing = (async () => {
      this.#closed = true;
      const handles = [...this.#handles];
      this.#handles.clear();
      await Promise.allSettled(handles.map((h) => h._closeCore()));
      await this.#transport.close().catch(() => undefined);
      this.#tracer?.close();
    })();
    return this.#closing;
  }

  /** `await using nl = new Netlink()`: closes the context at the end of the scope. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
