/**
 * A netlink session over one socket: sequence numbers, many requests in flight matched by seq,
 * request → reply/ACK promises, dumps as streaming async iterables, batches in one write,
 * timeouts, multicast notifications and overruns. It only sees datagrams in and out (a
 * TransportSocket and a SocketSink), so it runs the same over the helper, a script or a replay.
 *
 * Over 500 lines because it is one state machine: sending, the receive loop, timeouts and
 * failure all read and change the same pending map and dump queue. What has no part in that
 * lives beside it (dump-stream.ts, session-options.ts, session-pending.ts).
 */
import { HOST_LITTLE_ENDIAN } from './byteorder.js';
import { makeDecodeContext, type DecodeContext } from './codec.js';
import {
  NLMSG_DONE, NLMSG_ERROR, NLMSG_NOOP, NLMSG_OVERRUN, NLM_F_ACK, NLM_F_DUMP, NLM_F_DUMP_FILTERED,
  NLM_F_DUMP_INTR, NLM_F_MULTI, NLM_F_REQUEST, NLMSG_HDRLEN,
} from './constants.js';
import { toExtAck, type DoneBody, type ErrorBody } from './control.js';
import { decodeBody } from './decode.js';
import { DecodeError, HelperError, NetlinkError, PureNetlinkError, TimeoutError } from './errors.js';
import type { Family } from './family.js';
import type { NetlinkMessage, RawMessage, Request } from './message.js';
import { writeMessage } from './decode.js';
import { DumpStream } from './dump-stream.js';
import { PendingMap, reportCallbackError, type DumpPending, type Pending, type RequestPending } from './session-pending.js';
import type { DumpOptions, Notification, NotificationListener, RequestOptions, SessionObserver, SessionOptions } from './session-options.js';
import type { DatagramInfo, SocketSink, TransportSocket } from './transport/types.js';
import { Writer } from './writer.js';

export { DumpStream } from './dump-stream.js';
export type { DumpOptions, Notification, NotificationListener, RequestOptions, SessionObserver, SessionOptions } from './session-options.js';

/**
 * A timer that fires this much later than it was due means the process itself was busy (the
 * event loop blocked: a spawnSync, a long computation): whatever arrived meanwhile waits unread
 * behind the timers phase. Such a timer decides only after the next poll phase (setImmediate),
 * once what waits in the helper's pipe was read. Restarting the count instead (the first fix)
 * never timed out a socket that really was silent while the process was blocked most of the
 * time (a consumer polling `ip -j` with spawnSync under load): the resync waited forever.
 */
const STALL_MS = 50;

/** Runs `decide` now, or after the pending I/O was read when the timer fired late. */
function afterPendingIo(due: number, decide: () => void): void {
  if (Date.now() - due > STALL_MS) setImmediate(decide);
  else decide();
}

/** The helper's SETOPT pseudo-option that stops (0) or resumes (1) reading a socket (docs/helper-protocol.md). */
export const SOCKET_OPTION_READING = 0x10001;

/**
 * One netlink socket speaking one family: requests with their ACK or answer (`request`, `batch`),
 * dumps (`dump`), notifications (`listen`), with sequence numbers, timeouts and NLMSG_ERROR mapped
 * to NetlinkError. The fluent API builds on it; use it directly for raw messages.
 */
export class Session {
  readonly protocol: number;
  readonly le: boolean;
  readonly family: Family;
  private socket: TransportSocket | undefined;
  /** Requests and dumps waiting for answers; while there are any, the socket is held (TransportSocket.hold). */
  private readonly pending = new PendingMap<Pending>();
  /** The dump the kernel is running on this socket, and those waiting for it. */
  private dumping: DumpPending | undefined;
  private readonly dumpQueue: DumpPending[] = [];
  /** When the last datagram arrived (Date.now()): request timeouts count silence, not age. */
  private lastReceive = 0;
  private seq: number;
  private readonly timeoutMs: number;
  private readonly maxDatagram: number;
  private readonly maxBatchMessages: number;
  private readonly keepLayout: boolean;
  private readonly listeners = new Set<NotificationListener>();
  private closedError: Error | undefined;
  private closed = false;
  /** Reading stopped (pause()): silence is ours, not the kernel's, so timeouts wait. */
  private paused = false;
  observer: SessionObserver | undefined;

  constructor(options: SessionOptions) {
    this.family = options.family;
    this.protocol = options.family.protocol;
    this.le = options.littleEndian ?? HOST_LITTLE_ENDIAN;
    this.timeoutMs = options.timeoutMs ?? 60000;
    this.maxDatagram = options.maxDatagram ?? 32 * 1024;
    this.maxBatchMessages = options.maxBatchMessages ?? 64;
    this.keepLayout = options.keepLayout ?? false;
    this.observer = options.observer;
    // Start from a time-based value like iproute2; any u32 works, 0 is avoided (notifications use it).
    this.seq = (Math.floor(Date.now() / 1000) >>> 0) || 1;
  }

  /** The sink to pass to Transport.open(). */
  readonly sink: SocketSink = {
    datagram: (data, info) => this.receive(data, info),
    overrun: () => {
      for (const l of this.listeners) {
        try {
          l.overrun?.();
        } catch (e) {
          reportCallbackError('a notification listener (overrun)', e);
        }
      }
    },
    closed: (error) => this.transportClosed(error),
  };

  /** Attach the socket this session sends on (after Transport.open(..., session.sink)). */
  attach(socket: TransportSocket): void {
    this.socket = socket;
    this.pending.onBusy = () => this.updateHold();
    this.updateHold();
  }

  /** Set by `keepHeld()`: the socket stays held with nothing pending (a monitor listening). */
  private listening = false;

  /**
   * Keep the socket held (TransportSocket.hold: Node stays alive for it) even while no request
   * is pending, as a monitor waiting for notifications needs; false returns to holding it only
   * while requests are in flight.
   */
  keepHeld(on: boolean): void {
    this.listening = on;
    this.updateHold();
  }

  private updateHold(): void {
    this.socket?.hold?.(this.listening || this.pending.size > 0);
  }

  /** The socket's port id (nl_pid) as the kernel assigned it; 0 before the socket is open. */
  get portId(): number {
    return this.socket?.portId ?? 0;
  }

  /** Listen to multicast notifications, overruns and the end of the socket. Returns an unsubscribe function. */
  listen(listener: NotificationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private nextSeq(): number {
    let s = (this.seq + 1) >>> 0;
    if (s === 0) s = 1;
    while (this.pending.has(s)) s = ((s + 1) >>> 0) || 1;
    this.seq = s;
    return s;
  }

  /** Why nothing can be sent now (closed, or no socket yet), or undefined. */
  private notOpen(): Error | undefined {
    if (this.closed) return this.closedError ?? new HelperError('session is closed');
    if (!this.socket) return new HelperError('session has no socket');
    return undefined;
  }

  private checkOpen(): void {
    const e = this.notOpen();
    if (e) throw e;
  }

  /**
   * Send one request and wait for its answer: resolves with the reply messages (empty for a plain
   * ACK). NLM_F_REQUEST is always set; NLM_F_ACK is added unless `ack: false`, in which case the
   * first answer message resolves it.
   */
  request<B = unknown>(req: Request, options: RequestOptions & { ack?: boolean } = {}): Promise<NetlinkMessage<B>[]> {
    return this.batch<B>([req], { ...options, ack: options.ack })[0]!;
  }

  /**
   * Send many requests in one write (packed into as few datagrams as fit `maxDatagram`); each
   * gets its own promise. The kernel processes them in order and answers each.
   */
  batch<B = unknown>(reqs: Request[], options: RequestOptions & { ack?: boolean } = {}): Promise<NetlinkMessage<B>[]>[] {
    // Promise-returning: a closed session rejects rather than throwing synchronously.
    const closed = this.notOpen();
    if (closed) return reqs.map(() => Promise.reject(closed));
    const w = new Writer(Math.min(this.maxDatagram, 256 * reqs.length + 64), this.le);
    const promises: Promise<NetlinkMessage<B>[]>[] = [];
    const group: RequestPending[] = [];
    const flush = () => {
      if (w.pos === 0) return;
      const datagram = w.finish().slice();
      const members = group.splice(0);
      for (const p of members) p.request = datagram;
      this.send(datagram, (err) => {
        for (const p of members) this.fail(p.seq, err);
      });
      w.pos = 0;
    };
    for (const req of reqs) {
      let movedToFreshDatagram = false;
      if (group.length >= this.maxBatchMessages) flush();
      const seq = this.nextSeq();
      const flags = NLM_F_REQUEST | req.flags | (options.ack === false ? 0 : NLM_F_ACK);
      const start = w.pos;
      try {
        writeMessage(w, { type: req.type, flags, seq, pid: 0, body: req.body }, this.family);
      } catch (e) {
        w.pos = start;
        promises.push(Promise.reject(e));
        continue;
      }
      if (w.pos > this.maxDatagram && start > 0) {
        // Move this message to a fresh datagram.
        const bytes = w.buf.slice(start, w.pos);
        w.pos = start;
        flush();
        w.bytes(bytes);
        movedToFreshDatagram = true;
      }
      const promise = new Promise<NetlinkMessage<B>[]>((resolve, reject) => {
        const p: RequestPending = {
          kind: 'request', seq, request: new Uint8Array(0), offsetInDatagram: movedToFreshDatagram ? 0 : start, requestType: req.type, replies: [],
          raw: options.raw ?? false,
          resolve: resolve as (v: NetlinkMessage[]) => void, reject, timer: undefined,
        };
        const timeout = options.timeoutMs ?? this.timeoutMs;
        if (timeout > 0) this.armRequestTimer(p, timeout, Date.now());
        this.pending.set(seq, p);
        group.push(p);
      });
      promises.push(promise);
    }
    flush();
    return promises;
  }

  /**
   * A request times out when the socket has been silent for `timeout` ms while it waited: the
   * kernel answers a socket's requests in order, so as long as answers keep coming (a batch of
   * 1000 link deletions takes seconds), the later requests are still being worked on.
   */
  private armRequestTimer(p: RequestPending, timeout: number, since: number): void {
    const wait = Math.max(1, since + timeout - Date.now());
    const due = Date.now() + wait;
    p.timer = setTimeout(() => {
      afterPendingIo(due, () => {
        if (this.pending.get(p.seq) !== p) return;
        const now = Date.now();
        // Paused: the silence is ours (the consumer's), not the kernel's.
        const quietSince = this.paused ? now : Math.max(since, this.lastReceive);
        if (now - quietSince < timeout) this.armRequestTimer(p, timeout, quietSince);
        else this.fail(p.seq, new TimeoutError(`no answer to request seq ${p.seq}: the socket was silent for ${timeout} ms`));
      });
    }, wait);
  }

  /** Send a request that expects no answer (no NLM_F_ACK), e.g. iproute2's flush deletes. */
  fireAndForget(reqs: Request[]): void {
    this.checkOpen();
    const w = new Writer(256, this.le);
    for (const req of reqs) writeMessage(w, { type: req.type, flags: NLM_F_REQUEST | req.flags, seq: this.nextSeq(), pid: 0, body: req.body }, this.family);
    this.send(w.finish().slice());
  }

  /** Start a dump (NLM_F_DUMP is added) and stream its messages. */
  dump<B = unknown>(req: Request, options: DumpOptions<B> = {}): DumpStream<B> {
    const closed = this.notOpen();
    if (closed) {
      // The stream reports it when iterated, like any other dump failure.
      const stream = new DumpStream<B>(true, () => {});
      stream.end(closed);
      return stream;
    }
    const seq = this.nextSeq();
    const w = new Writer(128, this.le);
    writeMessage(w, { type: req.type, flags: NLM_F_REQUEST | NLM_F_DUMP | req.flags, seq, pid: 0, body: req.body }, this.family);
    const datagram = w.finish().slice();
    const stream = new DumpStream<B>(options.throwOnInterrupt ?? true, () => this.cancelDump(seq));
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const p: DumpPending = {
      kind: 'dump', seq, request: datagram, requestType: req.type, raw: options.raw ?? false,
      match: options.match as DumpPending['match'], stream, timer: undefined, timeoutMs, cancelled: false, active: false,
    };
    this.pending.set(seq, p);
    const signal = options.signal;
    if (signal) {
      // Abandoning a dump frees the socket's turn at once; whatever the kernel still sends for
      // it is dropped (its sequence number is no longer pending).
      const abort = () => this.fail(seq, new PureNetlinkError(`dump seq ${seq} aborted${signal.reason instanceof Error ? `: ${signal.reason.message}` : ''}`));
      if (signal.aborted) {
        abort();
        return stream;
      }
      signal.addEventListener('abort', abort, { once: true });
      stream.onSettled = () => signal.removeEventListener('abort', abort);
    }
    // The kernel runs one dump per socket at a time (a second one gets EBUSY): later dumps wait
    // their turn here, while plain requests keep flowing.
    if (this.dumping) this.dumpQueue.push(p);
    else this.startDump(p);
    return stream;
  }

  /**
   * Stop reading the socket (flow control for a consumer that fell behind): the kernel keeps
   * what arrives in the socket's receive buffer and, once that is full, drops notifications and
   * reports an overrun (ENOBUFS) when reading resumes. Timeouts do not run while paused. A
   * transport that cannot stop reading ignores it.
   */
  pause(): void {
    if (this.paused || this.closed || !this.socket) return;
    this.paused = true;
    this.socket.setOption(SOCKET_OPTION_READING, 0).catch(() => undefined);
  }

  /** Read the socket again after pause(). */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.lastReceive = Date.now();
    for (const p of this.pending.values()) if (p.kind === 'dump') p.active = true;
    if (!this.closed) this.socket?.setOption(SOCKET_OPTION_READING, 1).catch(() => undefined);
  }

  /**
   * Whether reading is paused (`pause()`): the kernel queues, then drops, notifications meanwhile.
   */
  get isPaused(): boolean {
    return this.paused;
  }

  private startDump(p: DumpPending): void {
    this.dumping = p;
    this.armDumpTimer(p);
    this.send(p.request, (err) => this.fail(p.seq, err));
  }

  /** A dump ended (done, failed or abandoned): start the next queued one, if any. */
  private dumpEnded(p: DumpPending): void {
    if (this.dumping === p) {
      this.dumping = undefined;
      const next = this.dumpQueue.shift();
      if (next) this.startDump(next);
    } else {
      const i = this.dumpQueue.indexOf(p);
      if (i >= 0) this.dumpQueue.splice(i, 1);
    }
  }

  private armDumpTimer(p: DumpPending): void {
    if (p.timeoutMs <= 0) return;
    // An idle timeout checked lazily: data marks the dump active, and the timer re-arms itself
    // while there was activity. One timer per period instead of one per message. A timer that
    // fires late (the event loop was blocked) decides after the data that arrived meanwhile
    // was read (afterPendingIo).
    const due = Date.now() + p.timeoutMs;
    p.timer = setTimeout(() => {
      afterPendingIo(due, () => {
        if (this.pending.get(p.seq) !== p) return;
        if (p.active || this.paused) {
          p.active = false;
          this.armDumpTimer(p);
        } else this.fail(p.seq, new TimeoutError(`dump seq ${p.seq}: no data for ${p.timeoutMs} ms`));
      });
    }, p.timeoutMs);
  }

  private cancelDump(seq: number): void {
    // The consumer stopped early. The kernel will still send the rest; drop it quietly.
    const p = this.pending.get(seq);
    if (p?.kind === 'dump') p.cancelled = true;
  }

  private send(datagram: Uint8Array, onError?: (e: Error) => void): void {
    if (this.observer?.sent) {
      try {
        this.observer.sent(datagram);
      } catch (e) {
        reportCallbackError('the session observer (sent)', e);
      }
    }
    this.socket!.send(datagram, onError);
  }

  private fail(seq: number, error: Error): void {
    const p = this.pending.get(seq);
    if (!p) return;
    this.pending.delete(seq);
    if (p.timer) clearTimeout(p.timer);
    if (p.kind === 'request') p.reject(error);
    else {
      this.dumpEnded(p);
      p.stream.end(error);
    }
  }

  /** Feed one received datagram (the SocketSink calls this). */
  receive(data: Uint8Array, info: DatagramInfo = { groups: 0, nsid: -1 }): void {
    this.lastReceive = Date.now();
    if (this.observer?.received) {
      try {
        this.observer.received(data, info);
      } catch (e) {
        reportCallbackError('the session observer (received)', e);
      }
    }
    const ctx = makeDecodeContext(data, this.le, this.keepLayout);
    const view = ctx.view;
    const le = this.le;
    const end = data.length;
    let p = 0;
    // One header record for the whole datagram: every consumer copies what it keeps.
    const raw: RawMessage = { offset: 0, length: 0, type: 0, flags: 0, seq: 0, pid: 0 };
    // Walk the messages in place (the hot loop of every dump); splitMessages' checks, inline.
    while (p < end) {
      if (end - p < NLMSG_HDRLEN) break;
      const length = view.getUint32(p, le);
      if (length < NLMSG_HDRLEN || p + length > end) {
        if (length === 0) break;
        // A malformed datagram from the kernel: it could have answered anything pending.
        this.failAll(new DecodeError(`bad nlmsg_len ${length}`, p));
        return;
      }
      raw.offset = p;
      raw.length = length;
      raw.type = view.getUint16(p + 4, le);
      raw.flags = view.getUint16(p + 6, le);
      raw.seq = view.getUint32(p + 8, le);
      raw.pid = view.getUint32(p + 12, le);
      p += (length + 3) & ~3;
      const pending = info.groups === 0 ? this.pending.get(raw.seq) : undefined;
      if (!pending) {
        if (raw.type === NLMSG_NOOP || raw.type === NLMSG_OVERRUN) continue;
        if (info.groups !== 0 || raw.seq === 0 || raw.pid === 0) this.notify(ctx, raw, info);
        continue;
      }
      if (pending.kind === 'dump') this.onDumpMessage(pending, ctx, raw);
      else this.onRequestMessage(pending, ctx, raw);
    }
  }

  private notify(ctx: DecodeContext, raw: RawMessage, info: DatagramInfo): void {
    if (this.listeners.size === 0) return;
    let body: unknown;
    try {
      body = decodeBody(ctx, raw, this.family);
    } catch (e) {
      body = e instanceof DecodeError ? e : new DecodeError(String(e), raw.offset);
    }
    const msg: Notification = { type: raw.type, flags: raw.flags, seq: raw.seq, pid: raw.pid, body, groups: info.groups, nsid: info.nsid };
    for (const l of this.listeners) {
      try {
        l.message?.(msg);
      } catch (e) {
        reportCallbackError('a notification listener', e);
      }
    }
  }

  private onRequestMessage(p: RequestPending, ctx: DecodeContext, raw: RawMessage): void {
    if (raw.type === NLMSG_ERROR) {
      let body: ErrorBody;
      try {
        body = decodeBody(ctx, raw, this.family) as ErrorBody;
      } catch (e) {
        return this.fail(p.seq, e as Error);
      }
      if (body.error === 0) {
        this.pending.delete(p.seq);
        if (p.timer) clearTimeout(p.timer);
        p.resolve(p.replies);
      } else this.fail(p.seq, this.netlinkError(p, body));
      return;
    }
    let body: unknown;
    try {
      body = p.raw ? ctx.buf.subarray(raw.offset + NLMSG_HDRLEN, raw.offset + raw.length) : decodeBody(ctx, raw, this.family);
    } catch (e) {
      return this.fail(p.seq, e as Error);
    }
    p.replies.push({ type: raw.type, flags: raw.flags, seq: raw.seq, pid: raw.pid, body });
    // Without NLM_F_ACK the (single, non-multipart) answer is the end; with it, wait for the ACK.
    const askedAck = this.requestFlags(p) & NLM_F_ACK;
    if (!askedAck && !(raw.flags & NLM_F_MULTI)) {
      this.pending.delete(p.seq);
      if (p.timer) clearTimeout(p.timer);
      p.resolve(p.replies);
    } else if (!askedAck && raw.type === NLMSG_DONE) {
      this.pending.delete(p.seq);
      if (p.timer) clearTimeout(p.timer);
      p.replies.pop();
      p.resolve(p.replies);
    }
  }

  private requestFlags(p: RequestPending): number {
    const off = p.offsetInDatagram;
    if (p.request.length < off + 8) return NLM_F_ACK;
    return new DataView(p.request.buffer, p.request.byteOffset).getUint16(off + 6, this.le);
  }

  private onDumpMessage(p: DumpPending, ctx: DecodeContext, raw: RawMessage): void {
    p.active = true;
    if (raw.flags & NLM_F_DUMP_INTR) p.stream.interrupted = true;
    if (raw.type === NLMSG_DONE) {
      this.pending.delete(p.seq);
      if (p.timer) clearTimeout(p.timer);
      this.dumpEnded(p);
      let done: DoneBody;
      try {
        done = decodeBody(ctx, raw, this.family) as DoneBody;
      } catch (e) {
        return p.stream.end(e as Error);
      }
      if (done.status < 0) {
        return p.stream.end(new NetlinkError(-done.status, toExtAck(done.extack), p.request));
      }
      return p.stream.end();
    }
    if (raw.type === NLMSG_ERROR) {
      let body: ErrorBody;
      try {
        body = decodeBody(ctx, raw, this.family) as ErrorBody;
      } catch (e) {
        return this.fail(p.seq, e as Error);
      }
      if (body.error === 0) {
        // An ACK ends a dump only if no DONE will follow (a dump request with NLM_F_ACK still gets DONE first).
        this.pending.delete(p.seq);
        if (p.timer) clearTimeout(p.timer);
        this.dumpEnded(p);
        return p.stream.end();
      }
      return this.fail(p.seq, this.netlinkError(p, body));
    }
    if (p.cancelled) return;
    if (raw.flags & NLM_F_DUMP_FILTERED) p.stream.filteredByKernel = true;
    let body: unknown;
    try {
      body = p.raw ? ctx.buf.subarray(raw.offset + NLMSG_HDRLEN, raw.offset + raw.length) : decodeBody(ctx, raw, this.family);
    } catch (e) {
      return this.fail(p.seq, e as Error);
    }
    const m: NetlinkMessage = { type: raw.type, flags: raw.flags, seq: raw.seq, pid: raw.pid, body };
    if (p.match && !(raw.flags & NLM_F_DUMP_FILTERED) && !p.raw) {
      let keep: boolean;
      try {
        keep = p.match(body, m);
      } catch (e) {
        // The filter's own error ends the stream (the consumer sees it). The kernel is still
        // dumping: drop the rest quietly, and keep the dump pending until its DONE so that the
        // next queued dump does not start early (EBUSY).
        p.cancelled = true;
        p.stream.end(e instanceof Error ? e : new Error(String(e)));
        return;
      }
      if (!keep) return;
    }
    p.stream.push(m);
  }

  private netlinkError(p: Pending, body: ErrorBody): NetlinkError {
    const extack = toExtAck(body.extack);
    const err = new NetlinkError(-body.error, extack, this.requestBytes(p, body));
    if (extack.offset !== undefined && err.request) err.attributePath = this.attributePath(err.request, extack.offset);
    if (err.attributePath) err.message += ` (attribute ${err.attributePath})`;
    return err;
  }

  /** The failing request's own bytes (one message out of the datagram it was sent in). */
  private requestBytes(p: Pending, body: ErrorBody): Uint8Array {
    const off = p.kind === 'request' ? p.offsetInDatagram : 0;
    const len = body.request.length;
    if (off + len <= p.request.length) return p.request.subarray(off, off + len);
    return p.request;
  }

  /** Resolve an extack offset (from the start of the request's nlmsghdr) into an attribute path. */
  attributePath(request: Uint8Array, offset: number): string | undefined {
    if (request.length < NLMSG_HDRLEN) return undefined;
    const ctx = makeDecodeContext(request, this.le, false);
    const type = ctx.view.getUint16(4, this.le);
    const len = Math.min(ctx.view.getUint32(0, this.le), request.length);
    const spec = this.family?.get(type);
    if (!spec?.body.pathAt || offset < NLMSG_HDRLEN || offset >= len) return undefined;
    try {
      const path = spec.body.pathAt(ctx, NLMSG_HDRLEN, len - NLMSG_HDRLEN, offset, undefined);
      return path.length ? path.join('.') : undefined;
    } catch {
      return undefined;
    }
  }

  private failAll(error: Error, which: (p: Pending) => boolean = () => true): void {
    for (const [seq, p] of [...this.pending]) if (which(p)) this.fail(seq, error);
  }

  private transportClosed(error?: Error): void {
    this.closed = true;
    this.closedError = error ?? new HelperError('socket closed');
    this.failAll(this.closedError);
    for (const l of this.listeners) {
      try {
        l.closed?.(error);
      } catch (e) {
        reportCallbackError('a notification listener (closed)', e);
      }
    }
  }

  /** Number of requests and dumps waiting for an answer. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** True once the session was closed or its socket died. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Close the socket; pending requests reject. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.closedError = new HelperError('session closed');
    this.failAll(this.closedError);
    await this.socket?.close();
  }
}
