/** A session's bookkeeping: what a request or dump waiting for answers holds, and the map of them. */
import type { DumpSink } from './dump-stream.js';
import type { NetlinkMessage } from './message.js';

export type Pending = RequestPending | DumpPending;

export interface RequestPending {
  kind: 'request';
  seq: number;
  request: Uint8Array;
  /** Where this request's message starts in `request` (the datagram it was batched in). */
  offsetInDatagram: number;
  requestType: number;
  replies: NetlinkMessage[];
  raw: boolean;
  resolve(v: NetlinkMessage[]): void;
  reject(e: Error): void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export interface DumpPending {
  kind: 'dump';
  seq: number;
  request: Uint8Array;
  requestType: number;
  raw: boolean;
  match: ((body: unknown, m: NetlinkMessage) => boolean) | undefined;
  stream: DumpSink;
  timer: ReturnType<typeof setTimeout> | undefined;
  timeoutMs: number;
  /** The consumer stopped iterating: drop the rest of the dump quietly. */
  cancelled: boolean;
  /** Data arrived since the idle timer last fired. */
  active: boolean;
}


/**
 * An exception thrown by a user callback (observer, notification listener) that has no request
 * to fail: it must not break the session's receive loop nor crash the process, so it becomes a
 * process warning.
 */
export function reportCallbackError(what: string, e: unknown): void {
  const err = e instanceof Error ? e : new Error(String(e));
  try {
    if (typeof process !== 'undefined' && typeof process.emitWarning === 'function') {
      process.emitWarning(`pure-netlink: ${what} threw: ${err.message}`, { type: 'PureNetlinkCallbackWarning', detail: err.stack });
    }
  } catch {
    // nowhere to report
  }
}

/** The pending requests, telling `onBusy` when the first arrives and the last leaves. */
export class PendingMap<V> extends Map<number, V> {
  onBusy: ((busy: boolean) => void) | undefined;
  override set(key: number, value: V): this {
    const wasIdle = this.size === 0;
    super.set(key, value);
    if (wasIdle) this.onBusy?.(true);
    return this;
  }
  override delete(key: number): boolean {
    const removed = super.delete(key);
    if (removed && this.size === 0) this.onBusy?.(false);
    return removed;
  }
  override clear(): void {
    const wasBusy = this.size > 0;
    super.clear();
    if (wasBusy) this.onBusy?.(false);
  }
}
