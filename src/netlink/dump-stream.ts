/**
 * The messages of one dump as the session receives them: an async iterable, `toArray`, or a
 * synchronous `forEach` that keeps the socket's order (docs/decisions.md, Session).
 */
import { DumpInterruptedError, PureNetlinkError } from './errors.js';
import type { NetlinkMessage } from './message.js';

/**
 * What the session feeds a dump with (a DumpStream of any body type): the messages it decoded
 * (bodies of the type the caller asked for) and the end.
 */
export interface DumpSink {
  interrupted: boolean;
  filteredByKernel: boolean;
  push(m: NetlinkMessage): void;
  end(error?: Error): void;
}

/**
 * The messages of one dump, as they arrive. Iterate it once with `for await`. `interrupted`
 * tells whether the kernel flagged NLM_F_DUMP_INTR (the dump may be inconsistent).
 */
export class DumpStream<B> implements AsyncIterable<NetlinkMessage<B>> {
  interrupted = false;
  /** Whether the kernel filtered (NLM_F_DUMP_FILTERED seen). */
  filteredByKernel = false;
  private queue: NetlinkMessage<B>[] = [];
  private head = 0;
  private done = false;
  private error: Error | undefined;
  private waiter: (() => void) | undefined;
  private iterated = false;
  private finished = false;
  /** forEach's callback once it caught up: later messages go straight to it, as they are received. */
  private consumer: ((m: NetlinkMessage<B>) => void) | undefined;
  private onEnd: (() => void) | undefined;
  private consumerError: unknown;
  /** Flow control of an iterated stream (`flowControl`): a bounded queue instead of the whole dump. */
  private flow: { high: number; low: number; pause: () => void; resume: () => void; paused: boolean } | undefined;
  constructor(private readonly throwOnInterrupt: boolean, private readonly onCancel: () => void) {}

  /**
   * @internal Bound the queue of an iterated stream: once `high` messages wait, `pause()` (the
   * session stops reading its socket, so the kernel stops producing the dump, which only advances
   * on recvmsg); once the reader took them down to `low`, `resume()`. Without it a slow reader
   * lets the whole dump pile up here.
   */
  flowControl(high: number, pause: () => void, resume: () => void): void {
    this.flow = { high, low: high >> 2, pause, resume, paused: false };
  }

  private unpause(): void {
    const f = this.flow;
    if (f?.paused) {
      f.paused = false;
      f.resume();
    }
  }

  /** @internal */ push(m: NetlinkMessage<B>): void {
    const consumer = this.consumer;
    if (consumer) {
      try {
        consumer(m);
      } catch (e) {
        this.consumer = undefined;
        this.onEnd = undefined;
        this.consumerError = e;
        this.finished = true;
        this.onCancel();
        this.wake();
      }
      return;
    }
    this.queue.push(m);
    const f = this.flow;
    if (f && !f.paused && this.queue.length - this.head >= f.high) {
      f.paused = true;
      f.pause();
    }
    this.wake();
  }
  /** @internal Called once when the dump ends, however it ends. */
  onSettled: (() => void) | undefined;
  /** @internal */ end(error?: Error): void {
    if (this.done) return;
    this.done = true;
    this.error = error;
    this.unpause();
    this.onSettled?.();
    this.onSettled = undefined;
    const onEnd = this.onEnd;
    this.consumer = undefined;
    this.onEnd = undefined;
    if (onEnd && !error) {
      try {
        onEnd();
      } catch (e) {
        this.consumerError = e;
      }
    }
    this.wake();
  }
  private wake(): void {
    const w = this.waiter;
    if (w) {
      this.waiter = undefined;
      w();
    }
  }

  /** Collect the whole dump into an array (no per-message promise). */
  async toArray(): Promise<NetlinkMessage<B>[]> {
    if (this.iterated) throw new PureNetlinkError('a dump stream can be iterated only once');
    this.iterated = true;
    while (!this.done) await new Promise<void>((resolve) => (this.waiter = resolve));
    this.finish();
    const out = this.head === 0 ? this.queue : this.queue.slice(this.head);
    this.queue = [];
    return out;
  }

  /**
   * Consume the dump with a synchronous callback (no promise per message, nothing kept):
   * resolves at the end of the dump, rejects like the iterator does. Once it caught up with
   * what was already queued, each message is handed over while its datagram is being received,
   * so that, called right after `dump()`, the callbacks run in the socket's order, interleaved
   * with the session's notifications. `onEnd` runs the same way when the dump ends without an
   * error (NLMSG_DONE), before any later message of the socket. If a callback throws, the rest
   * of the dump is dropped and the error rethrown.
   */
  async forEach(onMessage: (m: NetlinkMessage<B>) => void, onEnd?: () => void): Promise<void> {
    if (this.iterated) throw new PureNetlinkError('a dump stream can be iterated only once');
    this.iterated = true;
    const queue = this.queue;
    const start = this.head;
    this.queue = [];
    this.head = 0;
    for (let i = start; i < queue.length; i++) {
      try {
        onMessage(queue[i]!);
      } catch (e) {
        this.finished = true;
        this.onCancel();
        throw e;
      }
    }
    if (this.done) {
      if (onEnd && !this.error) onEnd();
    } else {
      this.consumer = onMessage;
      this.onEnd = onEnd;
      while (!this.done && this.consumerError === undefined) await new Promise<void>((resolve) => (this.waiter = resolve));
      this.consumer = undefined;
      this.onEnd = undefined;
    }
    if (this.consumerError !== undefined) throw this.consumerError;
    this.finished = true;
    this.finish();
  }

  /** After the end: throw the error, or DumpInterruptedError when asked to. */
  private finish(): void {
    if (this.error) throw this.error;
    if (this.interrupted && this.throwOnInterrupt) {
      throw new DumpInterruptedError('dump interrupted (NLM_F_DUMP_INTR): the kernel state changed during the dump; retry it');
    }
  }

  /**
   * Yields the dump's messages as they arrive; throws its error (NetlinkError,
   * DumpInterruptedError...) at the end. A dump can be iterated once.
   */
  [Symbol.asyncIterator](): AsyncIterator<NetlinkMessage<B>> {
    if (this.iterated) throw new PureNetlinkError('a dump stream can be iterated only once');
    this.iterated = true;
    // A plain iterator object: cheaper than an async generator per message.
    const next = async (): Promise<IteratorResult<NetlinkMessage<B>>> => {
      for (;;) {
        if (this.head < this.queue.length) {
          const value = this.queue[this.head]!;
          this.queue[this.head++] = undefined as never;
          if (this.flow?.paused && this.queue.length - this.head <= this.flow.low) this.unpause();
          if (this.head > 4096 && this.head * 2 > this.queue.length) {
            this.queue = this.queue.slice(this.head);
            this.head = 0;
          }
          return { value, done: false };
        }
        if (this.done) {
          this.finished = true;
          this.finish();
          return { value: undefined, done: true };
        }
        await new Promise<void>((resolve) => (this.waiter = resolve));
      }
    };
    return {
      next,
      return: async () => {
        this.unpause();
        if (!this.finished) {
          this.finished = true;
          this.onCancel();
        }
        return { value: undefined, done: true };
      },
    };
  }
}
