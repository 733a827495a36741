/**
 * A generic netlink multicast subscription: its own socket joined to one group of one family
 * (the group id resolved through nlctrl), its notifications as an async iterable.
 *
 *   const sub = h.genl('ethtool').subscribe('monitor');
 *   await sub.ready();
 *   for await (const n of sub) if (n.op === 'channels-ntf') console.log(n.attrs.header?.devName);
 */
import { NotFoundError } from '../netlink/errors.js';
import { DecodeError } from '../netlink/errors.js';
import { Session, type Notification } from '../netlink/session.js';
import type { GenlBody, GenlFamily, GenlHeader } from '../genl/spec.js';
import type { GenlApi } from './genl.js';

/** One notification: the operation it belongs to (spec spelling), its attributes and header. */
export type GenlNotification<Ntf> = {
  [K in keyof Ntf & string]: { op: K; attrs: Ntf[K]; header: GenlHeader; nsid: number };
}[keyof Ntf & string];

/**
 * The notifications of one generic netlink multicast group, on a socket of its own
 * (`client.subscribe(group)`); iterate it with `for await`, end it with `close()`. Like `ynl
 * --subscribe GROUP`.
 */
export class GenlSubscription<Ntf> implements AsyncIterable<GenlNotification<Ntf>> {
  /** Notifications the kernel dropped because we read too slowly (ENOBUFS). */
  overruns = 0;
  #queue: Array<GenlNotification<Ntf>> = [];
  #waiter: (() => void) | undefined;
  #done = false;
  #error: Error | undefined;
  #session: Session | undefined;
  readonly #started: Promise<void>;
  readonly #closer = () => this.close();

  constructor(readonly api: GenlApi, readonly family: GenlFamily<unknown, Ntf>, readonly group: string) {
    api.core.closers.add(this.#closer);
    this.#started = this.#start();
    // Reported through ready() or the iterator; never an unhandled rejection.
    this.#started.catch(() => undefined);
  }

  async #start(): Promise<void> {
    try {
      const info = await this.api.resolve(this.family);
      const id = info.groups[this.group];
      if (id === undefined) {
        const known = Object.keys(info.groups);
        const err = new NotFoundError(`multicast group of ${this.family.name}`, this.group);
        err.message += ` (the kernel has: ${known.join(', ') || 'none'})`;
        throw err;
      }
      const session = new Session({ family: this.api.registry, timeoutMs: 0 });
      session.listen({
        message: (m) => this.#push(m),
        overrun: () => this.overruns++,
        closed: (error) => this.#end(error),
      });
      const socket = await this.api.openSocket([id], session.sink);
      session.attach(socket);
      this.#session = session;
      if (this.#done) await session.close();
    } catch (e) {
      this.#end(e as Error);
      throw e;
    }
  }

  #push(m: Notification): void {
    if (this.#done) return;
    const body = m.body;
    if (body instanceof DecodeError) return this.#end(body);
    if (body instanceof Uint8Array) return; // another family's message on this socket
    const b = body as GenlBody;
    this.#queue.push({ op: b.op ?? b.header.cmd, attrs: b.attrs, header: b.header, nsid: m.nsid } as unknown as GenlNotification<Ntf>);
    this.#wake();
  }

  #end(error?: Error): void {
    if (this.#done) return;
    this.#done = true;
    this.#error = error;
    this.api.core.closers.delete(this.#closer);
    this.#wake();
  }

  #wake(): void {
    const w = this.#waiter;
    this.#waiter = undefined;
    w?.();
  }

  /** Resolves once the socket has joined the group (later notifications are not missed). */
  async ready(): Promise<this> {
    await this.#started;
    return this;
  }

  /** Stops the subscription: the iteration ends. */
  async close(): Promise<void> {
    this.#end();
    await this.#started.catch(() => undefined);
    await this.#session?.close();
  }

  /**
   * Yields the notifications as they arrive; ends when the subscription is closed, throws what
   * ended its socket.
   */
  [Symbol.asyncIterator](): AsyncIterator<GenlNotification<Ntf>> {
    return {
      next: async () => {
        for (;;) {
          const value = this.#queue.shift();
          if (value !== undefined) return { value, done: false };
          if (this.#done) {
            if (this.#error) throw this.#error;
            return { value: undefined, done: true };
          }
          await new Promise<void>((resolve) => (this.#waiter = resolve));
        }
      },
      return: async () => {
        await this.close();
        return { value: undefined, done: true };
      },
    };
  }
}
