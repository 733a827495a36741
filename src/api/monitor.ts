/**
 * `handle.monitor()`: rtnetlink notifications as typed events (`ip monitor`), on a socket of
 * their own; optionally the current state first (`existing`) and, after an overrun or a
 * reconnect, a re-dump that emits the differences (`resync`).
 *
 *   const mon = h.monitor({ groups: ['link', 'addr'], existing: true, resync: true });
 *   for await (const ev of mon) if (ev.kind === 'link') console.log(ev.action, ev.object.name);
 *
 * The consistency contract (with `resync`): apply every `new` event to a map under its object's
 * identity and remove it on `del` (as `ip monitor` users do); then, whatever was lost to
 * overruns or a dead helper, the map equals the kernel's state once changes stop and the
 * monitor has emitted `synced` after its last `overrun` / `reconnected`. How:
 *
 * - An overrun (ENOBUFS: the kernel dropped notifications) emits `overrun` and starts a resync.
 *   Events already queued before the overrun still arrive (they are true, just old); the resync
 *   then dumps every group *on the monitor's own socket*, so that the dump and the
 *   notifications come in the kernel's order. A tiny marker dump first gives a point in that
 *   order after everything lost or stale; a notification after the marker is newer than the
 *   dump's copy of its object (the dump entry is skipped), every other dumped object that
 *   differs from what the consumer has is emitted (`replay: 'resync'`), and what the consumer
 *   has but the dump lacks (and no notification since the marker announced) is deleted.
 * - A dump the kernel flagged NLM_F_DUMP_INTR, a dump that failed (ENOBUFS, EBUSY, a timeout)
 *   or another overrun during the resync means another attempt, after a growing delay (up to
 *   1 s): the monitor never gives up because of load. `synced` follows the first clean one.
 * - A consumer that stops reading does not make memory grow: past `queueLimit` waiting events
 *   the monitor stops reading its socket (the kernel keeps what fits in the receive buffer and
 *   drops the rest), and reads again when the queue is half empty; an overrun then resyncs.
 *
 * When the helper process dies, the monitor re-opens its socket on a new helper and emits
 * `{ kind: 'reconnected' }`, then (with `resync`) re-dumps the same way. `reconnect: false`
 * ends it instead. Without `resync`, `overrun` and `reconnected` only say that events were lost.
 *
 * (Over 500 lines with WaitFor and the event types split out: the resync, the flow control and
 * the reconnect share the monitor's state and are one concern.)
 */
import { NETLINK_ROUTE } from '../netlink/constants.js';
import { rtnetlink } from '../rtnl/family.js';
import {
  DecodeError, DumpInterruptedError, HelperError, NetlinkError, TimeoutError, ValidationError,
} from '../netlink/errors.js';
import { Session, type Notification } from '../netlink/session.js';
import { nsidDump } from '../rtnl/nsid/requests.js';
import type { Core } from './core.js';
import {
  EVENT_OF_TYPE, GROUP_NUMBERS, MONITOR_GROUPS, dumpFor, fingerprint, keyOf, makeEvent,
  type MonitorEvent, type MonitorGroup, type ObjectEvent,
} from './monitor-events.js';

export {
  MONITOR_GROUPS, type MonitorGroup, type MonitorEvent, type ObjectEvent, type LinkEvent, type AddrEvent, type RouteEvent,
  type NeighEvent, type RuleEvent, type NsidEvent, type OverrunEvent, type ReconnectedEvent, type SyncedEvent, type EventBase,
} from './monitor-events.js';
export { WaitFor, type WaitOptions } from './wait-for.js';

/** Options of `handle.monitor()` (`ip monitor [all-nsid] GROUPS`). */
export interface MonitorOptions {
  /** Which notifications (default: all of them). */
  groups?: MonitorGroup[];
  /** NETLINK_LISTEN_ALL_NSID: also hear other namespaces that have an nsid here (events carry it). */
  allNsid?: boolean;
  /** Emit the current state first (a dump of each group, as 'new' events with `replay: 'existing'`), then `{ kind: 'synced', reason: 'existing' }`. */
  existing?: boolean;
  /**
   * After an overrun or a reconnect, re-dump (retrying until the kernel gives a consistent
   * dump) and emit the differences ('new' for new or changed objects, 'del' for vanished ones,
   * with `replay: 'resync'`), then `{ kind: 'synced', reason: 'resync' }`.
   */
  resync?: boolean;
  /** Receive buffer of the monitor socket in bytes (default 4 MiB). */
  rcvbuf?: number;
  /**
   * When the helper dies, re-open the socket on a new helper and emit `{ kind: 'reconnected' }`
   * (default true); with `resync`, a re-dump follows. false: the monitor ends with the HelperError.
   */
  reconnect?: boolean;
  /**
   * Most events waiting to be read (default 1000) before the monitor stops reading its socket;
   * it reads again once half of them were read. Memory stays bounded when the consumer stalls:
   * the kernel drops what its receive buffer cannot hold and the monitor reports an `overrun`
   * (and resyncs, with `resync`).
   */
  queueLimit?: number;
}

type SyncReason = 'existing' | 'resync' | 'silent';

/** One resync attempt: what happened on the socket since its marker. */
interface SyncWindow {
  /** The marker dump ended: from here on, notifications are newer than the dump's copies. */
  open: boolean;
  /** Keys announced by a notification since the marker, by group. */
  notified: Map<MonitorGroup, Set<string>>;
  overrun: boolean;
  abort: AbortController;
}

interface Entry {
  fp: string;
  ev: ObjectEvent;
}

/** Delays before each attempt to re-open a monitor's socket after the helper died. */
const RECONNECT_DELAYS_MS = [0, 50, 200, 500, 1000];
/** Delay before the n-th retry of a resync (the last value repeats). */
const RESYNC_DELAYS_MS = [0, 10, 25, 50, 100, 200, 400, 700, 1000];
/** Idle timeout of a resync's dumps at first: a dump whose request the kernel could not even answer (a full socket) is retried soon; it doubles up to the handle's timeout. */
const RESYNC_DUMP_TIMEOUT_MS = 2000;
const DEFAULT_QUEUE_LIMIT = 1000;
/** Dump errors that mean "the kernel is busy or the socket was full": try again. */
const RETRY_CODES = new Set(['ENOBUFS', 'EBUSY', 'EAGAIN', 'EINTR', 'ENOMEM']);

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function mergeReason(a: SyncReason | undefined, b: SyncReason): SyncReason {
  if (a === 'existing' || b === 'existing') return 'existing';
  if (a === 'resync' || b === 'resync') return 'resync';
  return 'silent';
}

/** A stream of rtnetlink events. Iterate it once; `close()` (or leaving the loop) ends it. */
export class Monitor implements AsyncIterable<MonitorEvent> {
  readonly groups: readonly MonitorGroup[];
  readonly #core: Core;
  readonly #options: MonitorOptions;
  readonly #tracking: boolean;
  readonly #queueLimit: number;
  readonly #state = new Map<MonitorGroup, Map<string, Entry>>();
  readonly #names = new Map<number, string>();
  #session: Session | undefined;
  #queue: MonitorEvent[] = [];
  #head = 0;
  #waiter: (() => void) | undefined;
  #error: Error | undefined;
  #ended = false;
  #iterated = false;
  #ready: Promise<void>;
  /** The socket is not read because the consumer fell behind. */
  #paused = false;
  #flowWaiter: (() => void) | undefined;
  /** A resync is wanted (and why); the loop takes it. */
  #syncWanted: SyncReason | undefined;
  #syncLoop: Promise<void> | undefined;
  #window: SyncWindow | undefined;
  #firstSync: { resolve(): void; promise: Promise<void> } | undefined;
  #reconnecting = false;
  readonly #closer = () => this.close();

  /** Not called directly: monitors come from `handle.monitor()`. */
  constructor(core: Core, options: MonitorOptions = {}) {
    const groups = options.groups ?? [...MONITOR_GROUPS];
    if (!Array.isArray(groups) || groups.length === 0) throw new ValidationError('monitor needs at least one group', 'groups');
    for (const g of groups) {
      if (!MONITOR_GROUPS.includes(g)) throw new ValidationError(`unknown monitor group ${JSON.stringify(g)} (one of ${MONITOR_GROUPS.join(', ')})`, 'groups');
    }
    if (options.rcvbuf !== undefined && (!Number.isInteger(options.rcvbuf) || options.rcvbuf < 1024 || options.rcvbuf > 0x7fffffff)) {
      throw new ValidationError('rcvbuf must be an integer >= 1024', 'rcvbuf');
    }
    if (options.queueLimit !== undefined && (!Number.isInteger(options.queueLimit) || options.queueLimit < 2)) {
      throw new ValidationError('queueLimit must be an integer >= 2', 'queueLimit');
    }
    this.groups = [...new Set(groups)];
    this.#core = core;
    this.#options = options;
    this.#tracking = !!(options.existing || options.resync);
    this.#queueLimit = options.queueLimit ?? DEFAULT_QUEUE_LIMIT;
    for (const g of this.groups) this.#state.set(g, new Map());
    core.closers.add(this.#closer);
    this.#ready = this.#start();
    this.#ready.catch((e) => this.#end(e as Error));
  }

  /** Resolves once the socket listens (and, with `existing` or `resync`, the initial dump was taken in). */
  ready(): Promise<void> {
    return this.#ready;
  }

  /** The objects the monitor currently knows (with `existing` or `resync`), by group. Up to date as far as the events were read. */
  snapshot(group: MonitorGroup): ObjectEvent['object'][] {
    return [...(this.#state.get(group)?.values() ?? [])].filter((e) => e.ev.nsid === -1).map((e) => e.ev.object);
  }

  /** Events waiting to be read (about `queueLimit` at most: past it the socket is not read). */
  get queued(): number {
    return this.#queue.length - this.#head;
  }

  async #start(): Promise<void> {
    const session = await this.#open();
    if (this.#ended) {
      await session.close();
      return;
    }
    if (!this.#tracking) return;
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    this.#firstSync = { resolve, promise };
    this.#requestSync(this.#options.existing ? 'existing' : 'silent');
    await promise;
  }

  /** Opens the monitor socket (on the running helper, or a new one) and makes it the current session. */
  async #open(): Promise<Session> {
    const session = new Session({ family: rtnetlink, timeoutMs: this.#core.ctx.timeoutMs, observer: this.#core.ctx.observerFor('monitor', this.#core.spec) });
    session.listen({
      message: (m) => {
        if (session === this.#session) this.#onMessage(m);
      },
      overrun: () => {
        if (session === this.#session) this.#onOverrun();
      },
      closed: (e) => this.#onClosed(session, e),
    });
    const groups = this.groups.flatMap((g) => GROUP_NUMBERS[g]);
    const socket = await this.#core.openSocket(
      {
        protocol: NETLINK_ROUTE,
        groups,
        rcvbuf: this.#options.rcvbuf ?? 4 * 1024 * 1024,
        extAck: true,
        strictCheck: true,
        listenAllNsid: !!this.#options.allNsid,
      },
      session.sink,
    );
    session.attach(socket);
    // A monitor is a live subscription: its socket keeps Node running until it is closed.
    session.keepHeld(true);
    this.#session = session;
    if (this.#paused) session.pause();
    return session;
  }

  /** The socket ended: a clean close ends the monitor; a dead helper means reconnecting (unless disabled). */
  #onClosed(session: Session, error: Error | undefined): void {
    if (this.#ended || session !== this.#session) return;
    if (!error || !(error instanceof HelperError) || this.#options.reconnect === false || this.#core.closed) {
      this.#end(error);
      return;
    }
    void this.#reconnect(error);
  }

  async #reconnect(cause: Error): Promise<void> {
    if (this.#reconnecting) return;
    this.#reconnecting = true;
    try {
      let last: unknown = cause;
      let opened = false;
      for (const delay of RECONNECT_DELAYS_MS) {
        if (this.#ended || this.#core.closed) return;
        if (delay) await sleep(delay);
        if (this.#ended || this.#core.closed) return;
        try {
          const session = await this.#open();
          if (this.#ended) {
            await session.close().catch(() => undefined);
            return;
          }
          opened = true;
          break;
        } catch (e) {
          last = e;
          // Only a helper that failed (again) is worth another attempt; an unknown namespace is not.
          if (!(e instanceof HelperError)) break;
        }
      }
      if (!opened) {
        this.#end(last as Error);
        return;
      }
      this.#push({ kind: 'reconnected', reason: cause.message.split('\n')[0]! });
      this.#reconnecting = false;
      if (this.#options.resync) this.#requestSync('resync');
      else if (this.#tracking) this.#requestSync('silent');
    } finally {
      this.#reconnecting = false;
    }
  }

  #onMessage(m: Notification): void {
    if (this.#ended) return;
    const t = EVENT_OF_TYPE[m.type];
    if (!t || m.body instanceof DecodeError || m.body instanceof Uint8Array) return;
    const [kind, action] = t;
    if (!this.#state.has(kind)) return;
    const ev = makeEvent(kind, action, m.body, m.nsid);
    this.#annotate(ev);
    if (this.#tracking) {
      const map = this.#state.get(kind)!;
      const key = keyOf(ev);
      if (action === 'new') map.set(key, { fp: fingerprint(ev), ev });
      else map.delete(key);
      const w = this.#window;
      if (w?.open && ev.nsid === -1) {
        let set = w.notified.get(kind);
        if (!set) w.notified.set(kind, (set = new Set()));
        set.add(key);
      }
    }
    this.#push(ev);
  }

  /** Fills in interface names known from link events. */
  #annotate(ev: ObjectEvent): void {
    if (ev.nsid !== -1) return;
    switch (ev.kind) {
      case 'link':
        if (ev.action === 'new') this.#names.set(ev.object.index, ev.object.name);
        if (ev.object.master !== undefined) {
          const n = this.#names.get(ev.object.master);
          if (n !== undefined) ev.object.masterName = n;
        }
        break;
      case 'addr':
      case 'neigh': {
        const n = this.#names.get(ev.object.index);
        if (n !== undefined) ev.object.dev = n;
        break;
      }
      case 'route':
        if (ev.object.dev !== undefined) {
          const n = this.#names.get(ev.object.dev);
          if (n !== undefined) ev.object.devName = n;
        }
        break;
    }
  }

  #onOverrun(): void {
    if (this.#ended) return;
    this.#push({ kind: 'overrun' });
    const w = this.#window;
    if (w) {
      // Whatever this attempt does now cannot be trusted (and its dump request may have been
      // dropped with the rest): give it up at once and start over.
      w.overrun = true;
      w.abort.abort();
    }
    if (this.#options.resync) this.#requestSync('resync');
  }

  #requestSync(reason: SyncReason): void {
    this.#syncWanted = mergeReason(this.#syncWanted, reason);
    if (this.#syncLoop || this.#ended) return;
    const loop = this.#runSyncLoop()
      .catch((e) => this.#end(e as Error))
      .finally(() => {
        if (this.#syncLoop === loop) this.#syncLoop = undefined;
        // The loop left a request behind when its socket died: the new socket takes it.
        const s = this.#session;
        if (this.#syncWanted && !this.#ended && !this.#reconnecting && s && !s.isClosed) this.#requestSync(this.#syncWanted);
      });
    this.#syncLoop = loop;
  }

  /** Takes resync requests until none is left, retrying each until a clean attempt. */
  async #runSyncLoop(): Promise<void> {
    let failures = 0;
    let timeoutMs = Math.min(RESYNC_DUMP_TIMEOUT_MS, this.#core.ctx.timeoutMs || RESYNC_DUMP_TIMEOUT_MS);
    while (this.#syncWanted && !this.#ended) {
      if (failures > 0) await sleep(RESYNC_DELAYS_MS[Math.min(failures, RESYNC_DELAYS_MS.length - 1)]!);
      // Nothing can be read while the consumer is behind; dump once it caught up.
      while (this.#paused && !this.#ended) await new Promise<void>((r) => (this.#flowWaiter = r));
      const session = this.#session;
      if (this.#ended || !session || session.isClosed) return;
      const reason = this.#syncWanted!;
      this.#syncWanted = undefined;
      let clean: boolean;
      try {
        clean = await this.#syncOnce(session, reason, timeoutMs);
      } catch (e) {
        this.#syncWanted = mergeReason(this.#syncWanted, reason);
        if (this.#ended || session.isClosed || session !== this.#session) return; // a reconnect takes over
        if (!(e instanceof TimeoutError || e instanceof DumpInterruptedError || (e instanceof NetlinkError && RETRY_CODES.has(e.code)))) throw e;
        if (e instanceof TimeoutError) timeoutMs = Math.min(timeoutMs * 2, Math.max(timeoutMs, this.#core.ctx.timeoutMs));
        failures++;
        continue;
      }
      if (!clean) {
        this.#syncWanted = mergeReason(this.#syncWanted, reason);
        failures++;
        continue;
      }
      failures = 0;
      if (reason !== 'silent') this.#push({ kind: 'synced', reason: reason === 'existing' ? 'existing' : 'resync' });
      this.#firstSync?.resolve();
      this.#firstSync = undefined;
    }
  }

  /**
   * One resync attempt on the monitor's socket: the marker, then each group's dump, applied in
   * the socket's order. True when it was clean (no overrun, no interrupted dump), so that the
   * consumer's view now matches the kernel's.
   */
  async #syncOnce(session: Session, reason: SyncReason, timeoutMs: number): Promise<boolean> {
    const win: SyncWindow = { open: false, notified: new Map(), overrun: false, abort: new AbortController() };
    this.#window = win;
    const options = { timeoutMs, signal: win.abort.signal, throwOnInterrupt: false };
    try {
      // The marker (RTM_GETNSID, a few bytes): everything lost or queued before the overrun
      // comes before its end in the socket; the group dumps that follow are read after it.
      await session.dump(nsidDump().request, options).forEach(() => undefined, () => (win.open = true));
      let interrupted = false;
      // Links first, so that names are known for the others.
      for (const kind of MONITOR_GROUPS) {
        if (!this.#state.has(kind)) continue;
        const { request, match } = dumpFor(kind);
        const seen = new Set<string>();
        const stream = session.dump(request, { ...options, match });
        await stream.forEach((m) => this.#fromDump(kind, m.body, win, seen, reason));
        if (win.overrun) return false;
        // An interrupted dump may have skipped objects: keep what it showed, delete nothing.
        if (stream.interrupted) interrupted = true;
        else this.#removeVanished(kind, seen, win, reason);
      }
      return !interrupted && !win.overrun;
    } catch (e) {
      if (win.overrun) return false;
      throw e;
    } finally {
      if (this.#window === win) this.#window = undefined;
    }
  }

  /** One object of a resync dump: emitted if the consumer has it otherwise (and no newer notification said more). */
  #fromDump(kind: MonitorGroup, body: unknown, win: SyncWindow, seen: Set<string>, reason: SyncReason): void {
    if (this.#ended) return;
    const ev = makeEvent(kind, 'new', body, -1);
    this.#annotate(ev);
    const key = keyOf(ev);
    seen.add(key);
    if (win.notified.get(kind)?.has(key)) return;
    const map = this.#state.get(kind)!;
    const fp = fingerprint(ev);
    const prev = map.get(key);
    if (prev && prev.fp === fp) return;
    map.set(key, { fp, ev });
    if (reason !== 'silent') {
      ev.replay = reason === 'existing' ? 'existing' : 'resync';
      this.#push(ev);
    }
  }

  /** After a clean dump of `kind`: what the consumer has that the dump lacked and no notification announced is gone. */
  #removeVanished(kind: MonitorGroup, seen: Set<string>, win: SyncWindow, reason: SyncReason): void {
    const map = this.#state.get(kind)!;
    const notified = win.notified.get(kind);
    for (const [key, e] of map) {
      if (e.ev.nsid !== -1 || seen.has(key) || notified?.has(key)) continue;
      map.delete(key);
      if (reason !== 'silent') this.#push({ ...e.ev, action: 'del', replay: reason === 'existing' ? 'existing' : 'resync' } as ObjectEvent);
    }
  }

  #push(ev: MonitorEvent): void {
    if (this.#ended) return;
    this.#queue.push(ev);
    this.#wake();
    if (!this.#paused && this.#queue.length - this.#head >= this.#queueLimit) {
      // The consumer is behind: let the kernel hold (and drop) the rest, not this process.
      this.#paused = true;
      this.#session?.pause();
    }
  }

  #wake(): void {
    const w = this.#waiter;
    if (w) {
      this.#waiter = undefined;
      w();
    }
  }

  #resumeReading(): void {
    this.#paused = false;
    this.#session?.resume();
    const f = this.#flowWaiter;
    this.#flowWaiter = undefined;
    f?.();
  }

  #end(error?: Error): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#error = error;
    this.#core.closers.delete(this.#closer);
    this.#window?.abort.abort();
    this.#firstSync?.resolve();
    this.#wake();
    const f = this.#flowWaiter;
    this.#flowWaiter = undefined;
    f?.();
  }

  /** Stops listening (ends `ip monitor`) and closes the socket; a pending `for await` ends. */
  async close(): Promise<void> {
    this.#end();
    this.#queue = [];
    this.#head = 0;
    await this.#ready.catch(() => undefined);
    await this.#session?.close().catch(() => undefined);
  }

  /** `await using m = handle.monitor()`: closes the monitor at the end of the scope. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** The next event, or undefined when the monitor ended (throws its error if it failed). */
  async next(timeoutMs?: number): Promise<MonitorEvent | undefined> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let timedOut = false;
    for (;;) {
      if (this.#head < this.#queue.length) {
        if (timer) clearTimeout(timer);
        const ev = this.#queue[this.#head]!;
        this.#queue[this.#head++] = undefined as never;
        if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
          this.#queue = this.#queue.slice(this.#head);
          this.#head = 0;
        }
        if (this.#paused && !this.#ended && this.#queue.length - this.#head <= this.#queueLimit >> 1) this.#resumeReading();
        return ev;
      }
      if (this.#ended) {
        if (timer) clearTimeout(timer);
        if (this.#error && !(this.#error instanceof HelperError && /closed/.test(this.#error.message))) throw this.#error;
        return undefined;
      }
      if (timedOut) throw new TimeoutError(`no monitor event within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        this.#waiter = resolve;
        if (timeoutMs !== undefined && !timer) {
          timer = setTimeout(() => {
            timedOut = true;
            this.#wake();
          }, timeoutMs);
        }
      });
    }
  }

  /**
   * Yields events in the kernel's order until the monitor is closed; throws what ended it (e.g. a
   * HelperError).
   */
  [Symbol.asyncIterator](): AsyncIterator<MonitorEvent> {
    if (this.#iterated) throw new ValidationError('a monitor can be iterated only once');
    this.#iterated = true;
    return {
      next: async () => {
        const ev = await this.next();
        return ev === undefined ? { done: true, value: undefined } : { done: false, value: ev };
      },
      return: async () => {
        await this.close();
        return { done: true, value: undefined };
      },
    };
  }
}
