/**
 * `handle.monitor()`: rtnetlink notifications as typed events (`ip monitor`), on a socket of
 * their own; optionally the current state first (`existing`) and a re-dump after an overrun
 * that emits the differences (`resync`), so that a consumer always ends consistent.
 *
 *   const mon = h.monitor({ groups: ['link', 'addr'], resync: true });
 *   await mon.ready();
 *   for await (const ev of mon) if (ev.kind === 'link') console.log(ev.action, ev.object.name);
 *
 * When the helper process dies, the monitor re-opens its socket on a new helper and emits
 * `{ kind: 'reconnected' }`; with `resync` it re-dumps and emits the differences (as after an
 * overrun), so that a consumer still ends consistent. `reconnect: false` ends it instead.
 */
import { NETLINK_ROUTE } from '../netlink/constants.js';
import { rtnetlink } from '../rtnl/family.js';
import { DecodeError, HelperError, TimeoutError, ValidationError } from '../netlink/errors.js';
import type { Request } from '../netlink/message.js';
import { Session, type Notification } from '../netlink/session.js';
import { addrDump } from '../rtnl/addr/requests.js';
import type { AddrMessage } from '../rtnl/addr/schema.js';
import {
  RTM_DELADDR, RTM_DELLINK, RTM_DELNEIGH, RTM_DELNSID, RTM_DELROUTE, RTM_DELRULE, RTM_NEWADDR, RTM_NEWLINK,
  RTM_NEWNEIGH, RTM_NEWNSID, RTM_NEWROUTE, RTM_NEWRULE, RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV4_RULE,
  RTNLGRP_IPV6_IFADDR, RTNLGRP_IPV6_ROUTE, RTNLGRP_IPV6_RULE, RTNLGRP_LINK, RTNLGRP_NEIGH, RTNLGRP_NSID,
} from '../rtnl/constants.js';
import type { LinkMessageBody } from '../rtnl/link/attrs.js';
import { linkDump } from '../rtnl/link/requests.js';
import { neighDump } from '../rtnl/neigh/requests.js';
import type { NeighMessage } from '../rtnl/neigh/schema.js';
import { nsidDump } from '../rtnl/nsid/requests.js';
import type { NsidMessage } from '../rtnl/nsid/schema.js';
import { routeDump } from '../rtnl/route/requests.js';
import type { RouteMessage } from '../rtnl/route/schema.js';
import { routeTable } from '../rtnl/route/schema.js';
import { ruleDump } from '../rtnl/rule/requests.js';
import type { RuleMessage } from '../rtnl/rule/schema.js';
import { dumpWithRetry, stableJson, type Core } from './core.js';
import type { Handle } from './handle.js';
import { normalizeIP } from './validate.js';
import {
  addrView, linkView, neighView, nsidView, routeView, ruleView,
  type Address, type Link, type Neighbour, type NsidEntry, type Route, type Rule,
} from './views.js';

export type MonitorGroup = 'link' | 'addr' | 'route' | 'neigh' | 'rule' | 'nsid';

export const MONITOR_GROUPS: readonly MonitorGroup[] = ['link', 'addr', 'route', 'neigh', 'rule', 'nsid'];

const GROUP_NUMBERS: Record<MonitorGroup, number[]> = {
  link: [RTNLGRP_LINK],
  addr: [RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR],
  route: [RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE],
  neigh: [RTNLGRP_NEIGH],
  rule: [RTNLGRP_IPV4_RULE, RTNLGRP_IPV6_RULE],
  nsid: [RTNLGRP_NSID],
};

export interface MonitorOptions {
  /** Which notifications (default: all of them). */
  groups?: MonitorGroup[];
  /** NETLINK_LISTEN_ALL_NSID: also hear other namespaces that have an nsid here (events carry it). */
  allNsid?: boolean;
  /** Emit the current state first (a dump of each group, as 'new' events with `existing: true`), then `{ kind: 'synced' }`. */
  existing?: boolean;
  /** After an overrun, re-dump and emit the differences ('new' for new/changed, 'del' for vanished), then `{ kind: 'synced' }`. */
  resync?: boolean;
  /** Receive buffer of the monitor socket in bytes (default 4 MiB). */
  rcvbuf?: number;
  /**
   * When the helper dies, re-open the socket on a new helper and emit `{ kind: 'reconnected' }`
   * (default true); with `resync`, a re-dump follows. false: the monitor ends with the HelperError.
   */
  reconnect?: boolean;
}

interface EventBase<K extends MonitorGroup, O, B> {
  kind: K;
  action: 'new' | 'del';
  object: O;
  /** Namespace id the event came from (NETLINK_LISTEN_ALL_NSID), or -1 for this namespace. */
  nsid: number;
  /** Set on events from the initial dump ('existing') or an overrun re-dump ('resync'). */
  replay?: 'existing' | 'resync';
  /** The decoded message body. */
  raw: B;
}

export type LinkEvent = EventBase<'link', Link, LinkMessageBody>;
export type AddrEvent = EventBase<'addr', Address, AddrMessage>;
export type RouteEvent = EventBase<'route', Route, RouteMessage>;
export type NeighEvent = EventBase<'neigh', Neighbour, NeighMessage>;
export type RuleEvent = EventBase<'rule', Rule, RuleMessage>;
export type NsidEvent = EventBase<'nsid', NsidEntry, NsidMessage>;
/** The socket overran (ENOBUFS): notifications were lost. With `resync`, a re-dump follows. */
export interface OverrunEvent {
  kind: 'overrun';
}
/**
 * The helper died and the monitor re-opened its socket on a new one: notifications in between
 * were lost. With `resync`, a re-dump (its differences, then `synced`) follows.
 */
export interface ReconnectedEvent {
  kind: 'reconnected';
  /** What ended the previous socket (the helper's exit). */
  reason: string;
}
/** The initial dump (`existing`) or a resync finished: the events so far describe the whole state. */
export interface SyncedEvent {
  kind: 'synced';
  reason: 'existing' | 'resync';
}

export type ObjectEvent = LinkEvent | AddrEvent | RouteEvent | NeighEvent | RuleEvent | NsidEvent;
export type MonitorEvent = ObjectEvent | OverrunEvent | ReconnectedEvent | SyncedEvent;

/** Delays before each attempt to re-open a monitor's socket after the helper died. */
const RECONNECT_DELAYS_MS = [0, 50, 200, 500, 1000];

const TYPES: Record<number, [MonitorGroup, 'new' | 'del']> = {
  [RTM_NEWLINK]: ['link', 'new'], [RTM_DELLINK]: ['link', 'del'],
  [RTM_NEWADDR]: ['addr', 'new'], [RTM_DELADDR]: ['addr', 'del'],
  [RTM_NEWROUTE]: ['route', 'new'], [RTM_DELROUTE]: ['route', 'del'],
  [RTM_NEWNEIGH]: ['neigh', 'new'], [RTM_DELNEIGH]: ['neigh', 'del'],
  [RTM_NEWRULE]: ['rule', 'new'], [RTM_DELRULE]: ['rule', 'del'],
  [RTM_NEWNSID]: ['nsid', 'new'], [RTM_DELNSID]: ['nsid', 'del'],
};

/** Builds a typed event from a decoded body. */
function makeEvent(kind: MonitorGroup, action: 'new' | 'del', body: unknown, nsid: number): ObjectEvent {
  switch (kind) {
    case 'link': return { kind, action, object: linkView(body as LinkMessageBody), nsid, raw: body as LinkMessageBody };
    case 'addr': return { kind, action, object: addrView(body as AddrMessage), nsid, raw: body as AddrMessage };
    case 'route': return { kind, action, object: routeView(body as RouteMessage), nsid, raw: body as RouteMessage };
    case 'neigh': return { kind, action, object: neighView(body as NeighMessage), nsid, raw: body as NeighMessage };
    case 'rule': return { kind, action, object: ruleView(body as RuleMessage), nsid, raw: body as RuleMessage };
    case 'nsid': return { kind, action, object: nsidView(body as NsidMessage), nsid, raw: body as NsidMessage };
  }
}

const omit = (o: Record<string, unknown>, keys: readonly string[]) => {
  const c: Record<string, unknown> = { ...o };
  for (const k of keys) delete c[k];
  return c;
};

/** Identity of an object (what a 'del' refers to). */
function keyOf(ev: ObjectEvent): string {
  const n = ev.nsid;
  switch (ev.kind) {
    case 'link': return `${n}|${ev.raw.header.index}`;
    case 'addr': {
      const h = ev.raw.header;
      return `${n}|${h.family}|${h.index}|${ev.raw.attrs.local ?? ev.raw.attrs.address}|${h.prefixlen}|${ev.raw.attrs.address}`;
    }
    case 'route': {
      const h = ev.raw.header;
      const a = ev.raw.attrs;
      return `${n}|${h.family}|${routeTable(ev.raw)}|${stableJson(a.dst)}/${h.dstLen}|${stableJson(a.src)}/${h.srcLen}|${h.tos}|${a.priority ?? 0}|${h.type}` +
        (h.family === 10 ? `|${stableJson(a.gateway)}|${a.oif}` : '');
    }
    case 'neigh': {
      const h = ev.raw.header;
      return `${n}|${h.family}|${h.ifindex}|${ev.raw.attrs.dst}|${(h.flags as unknown[]).includes('proxy')}`;
    }
    case 'rule': return `${n}|${stableJson({ ...ev.raw.header, ...omit(ev.raw.attrs as Record<string, unknown>, []) })}`;
    case 'nsid': return `${n}|${ev.raw.attrs.nsid}`;
  }
}

/** Content of an object without volatile parts (counters, timers), to tell changes apart. */
function fingerprint(ev: ObjectEvent): string {
  const attrs = ev.raw.attrs as Record<string, unknown>;
  switch (ev.kind) {
    case 'link':
      return stableJson([ev.raw.header, omit(attrs, ['stats', 'stats64', 'afSpec', 'carrierChanges', 'carrierUpCount', 'carrierDownCount', 'xdp', 'vfinfoList'])]);
    case 'addr':
    case 'neigh':
    case 'route':
      return stableJson([ev.raw.header, omit(attrs, ['cacheinfo', 'probes', 'expires'])]);
    default:
      return stableJson([ev.raw.header, attrs]);
  }
}

interface Entry {
  fp: string;
  ev: ObjectEvent;
}

/** A stream of rtnetlink events. Iterate it once; `close()` (or leaving the loop) ends it. */
export class Monitor implements AsyncIterable<MonitorEvent> {
  readonly groups: readonly MonitorGroup[];
  readonly #core: Core;
  readonly #options: MonitorOptions;
  readonly #tracking: boolean;
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
  #buffer: Notification[] | undefined;
  #resyncing = false;
  #resyncAgain = false;
  #syncing: Promise<void> | undefined;
  #reconnecting = false;
  readonly #closer = () => this.close();

  /** @internal Use `handle.monitor()`. */
  constructor(core: Core, options: MonitorOptions = {}) {
    const groups = options.groups ?? [...MONITOR_GROUPS];
    if (!Array.isArray(groups) || groups.length === 0) throw new ValidationError('monitor needs at least one group', 'groups');
    for (const g of groups) {
      if (!MONITOR_GROUPS.includes(g)) throw new ValidationError(`unknown monitor group ${JSON.stringify(g)} (one of ${MONITOR_GROUPS.join(', ')})`, 'groups');
    }
    if (options.rcvbuf !== undefined && (!Number.isInteger(options.rcvbuf) || options.rcvbuf < 1024 || options.rcvbuf > 0x7fffffff)) {
      throw new ValidationError('rcvbuf must be an integer >= 1024', 'rcvbuf');
    }
    this.groups = [...new Set(groups)];
    this.#core = core;
    this.#options = options;
    this.#tracking = !!(options.existing || options.resync);
    for (const g of this.groups) this.#state.set(g, new Map());
    core.closers.add(this.#closer);
    this.#ready = this.#start();
    this.#ready.catch((e) => this.#end(e as Error));
  }

  /** Resolves once the socket listens (and, with `existing`, the initial dump was queued). */
  ready(): Promise<void> {
    return this.#ready;
  }

  /** The objects the monitor currently knows (with `existing` or `resync`), by group. */
  snapshot(group: MonitorGroup): ObjectEvent['object'][] {
    return [...(this.#state.get(group)?.values() ?? [])].filter((e) => e.ev.nsid === -1).map((e) => e.ev.object);
  }

  async #start(): Promise<void> {
    const session = await this.#open();
    if (this.#ended) {
      await session.close();
      return;
    }
    if (this.#tracking) await this.#runSync(this.#options.existing ? 'existing' : undefined);
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
    this.#session = session;
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
      // A resync that was running on the dead socket fails; let it finish before dumping again.
      await this.#syncing?.catch(() => undefined);
      let last: unknown = cause;
      let opened = false;
      for (const delay of RECONNECT_DELAYS_MS) {
        if (this.#ended || this.#core.closed) return;
        if (delay) await new Promise((r) => setTimeout(r, delay));
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
      if (this.#options.resync) await this.#runSync('resync');
      else if (this.#tracking) await this.#runSync(undefined);
    } catch (e) {
      this.#syncFailed(e);
    } finally {
      this.#reconnecting = false;
    }
  }

  /** Runs #sync, remembering it so that a reconnect can wait for it. */
  #runSync(reason: 'existing' | 'resync' | undefined): Promise<void> {
    if (this.#resyncing) return this.#sync(reason); // folds into the running one
    const p = this.#sync(reason);
    this.#syncing = p;
    const clear = () => {
      if (this.#syncing === p) this.#syncing = undefined;
    };
    p.then(clear, clear);
    return p;
  }

  /** A background (re)sync failed: the end of the monitor, unless its socket died and a reconnect takes over. */
  #syncFailed(e: unknown): void {
    if (e instanceof HelperError && !this.#ended && this.#options.reconnect !== false && (this.#reconnecting || this.#session?.isClosed)) return;
    this.#end(e as Error);
  }

  #onMessage(m: Notification): void {
    if (this.#ended) return;
    if (this.#buffer) {
      this.#buffer.push(m);
      return;
    }
    this.#handle(m);
  }

  #handle(m: Notification): void {
    const t = TYPES[m.type];
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
    if (this.#options.resync) void this.#runSync('resync').catch((e) => this.#syncFailed(e));
  }

  /** Dumps every group, emits the differences from the known state, then replays what arrived meanwhile. */
  async #sync(reason: 'existing' | 'resync' | undefined): Promise<void> {
    if (this.#resyncing) {
      this.#resyncAgain = true;
      return;
    }
    this.#resyncing = true;
    try {
      do {
        this.#resyncAgain = false;
        this.#buffer = [];
        const fresh = await this.#dumpAll();
        if (this.#ended) return;
        for (const [kind, entries] of fresh) {
          const old = this.#state.get(kind)!;
          for (const [key, e] of entries) {
            const prev = old.get(key);
            if (reason && (!prev || prev.fp !== e.fp)) {
              e.ev.replay = reason === 'existing' ? 'existing' : 'resync';
              this.#push(e.ev);
            }
          }
          for (const [key, e] of old) {
            if (e.ev.nsid !== -1) {
              entries.set(key, e);
              continue;
            }
            if (!entries.has(key) && reason) {
              const del = { ...e.ev, action: 'del', replay: 'resync' } as ObjectEvent;
              this.#push(del);
            }
          }
          this.#state.set(kind, entries);
        }
        // Notifications that arrived during the dump go on top of it (replayed in order).
        const buffered = this.#buffer;
        this.#buffer = undefined;
        if (!this.#resyncAgain) for (const m of buffered) this.#handle(m);
      } while (this.#resyncAgain && !this.#ended);
      if (reason) this.#push({ kind: 'synced', reason });
    } finally {
      this.#buffer = undefined;
      this.#resyncing = false;
    }
  }

  async #dumpAll(): Promise<Map<MonitorGroup, Map<string, Entry>>> {
    const session = this.#session!;
    const out = new Map<MonitorGroup, Map<string, Entry>>();
    // Links first, so that names are known for the others.
    const order = MONITOR_GROUPS.filter((g) => this.#state.has(g));
    for (const kind of order) {
      const { request, match } = dumpFor(kind);
      const bodies = await dumpWithRetry<unknown>(async () => session, request, match, Math.max(this.#core.ctx.dumpAttempts, 5));
      const entries = new Map<string, Entry>();
      for (const body of bodies) {
        const ev = makeEvent(kind, 'new', body, -1);
        this.#annotate(ev);
        entries.set(keyOf(ev), { fp: fingerprint(ev), ev });
      }
      out.set(kind, entries);
    }
    return out;
  }

  #push(ev: MonitorEvent): void {
    if (this.#ended) return;
    this.#queue.push(ev);
    this.#wake();
  }

  #wake(): void {
    const w = this.#waiter;
    if (w) {
      this.#waiter = undefined;
      w();
    }
  }

  #end(error?: Error): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#error = error;
    this.#core.closers.delete(this.#closer);
    this.#wake();
  }

  /** Stops listening (ends `ip monitor`) and closes the socket; a pending `for await` ends. */
  async close(): Promise<void> {
    this.#end();
    this.#queue = [];
    this.#head = 0;
    await this.#ready.catch(() => undefined);
    await this.#session?.close().catch(() => undefined);
  }

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

function dumpFor(kind: MonitorGroup): { request: Request; match: (b: unknown) => boolean } {
  const d = (() => {
    switch (kind) {
      case 'link': return linkDump({ family: 0 });
      case 'addr': return addrDump();
      case 'route': return routeDump({ table: 'all' });
      case 'neigh': return neighDump();
      case 'rule': return ruleDump();
      case 'nsid': return nsidDump();
    }
  })();
  return { request: d.request, match: (b) => (d.match as (x: unknown) => boolean)(b) };
}

export interface WaitOptions {
  /** Default 10000 ms. */
  timeoutMs?: number;
}

/** `handle.waitFor`: resolve when an object reaches a state (checked against the current state first). */
export class WaitFor {
  constructor(private readonly handle: Handle) {}

  async #wait<T>(group: MonitorGroup, pick: (ev: ObjectEvent) => T | undefined, what: string, options: WaitOptions): Promise<T> {
    const timeoutMs = options.timeoutMs ?? 10000;
    const mon = this.handle.monitor({ groups: [group], existing: true });
    const deadline = Date.now() + timeoutMs;
    try {
      for (;;) {
        const left = deadline - Date.now();
        if (left <= 0) throw new TimeoutError(`timed out after ${timeoutMs} ms waiting for ${what}`);
        let ev: MonitorEvent | undefined;
        try {
          ev = await mon.next(left);
        } catch (e) {
          if (e instanceof TimeoutError) throw new TimeoutError(`timed out after ${timeoutMs} ms waiting for ${what}`);
          throw e;
        }
        if (ev === undefined) throw new HelperError(`monitor ended while waiting for ${what}`);
        if (ev.kind === 'overrun' || ev.kind === 'synced' || ev.kind === 'reconnected') continue;
        const hit = pick(ev);
        if (hit !== undefined) return hit;
      }
    } finally {
      await mon.close();
    }
  }

  /** `ip monitor link` until DEV exists and `predicate` holds (e.g. `(l) => l.operstate === 'UP'`); resolves with the link. */
  link(name: string, predicate: (link: Link) => boolean = () => true, options: WaitOptions = {}): Promise<Link> {
    return this.#wait('link', (ev) => (ev.kind === 'link' && ev.action === 'new' && ev.nsid === -1 && ev.object.name === name && predicate(ev.object) ? ev.object : undefined), `link ${name}`, options);
  }

  /** `ip monitor link` until there is no link of that name. */
  async linkGone(name: string, options: WaitOptions = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? 10000;
    const deadline = Date.now() + timeoutMs;
    const mon = this.handle.monitor({ groups: ['link'], existing: true });
    try {
      let synced = false;
      for (;;) {
        const left = deadline - Date.now();
        if (left <= 0) throw new TimeoutError(`timed out after ${timeoutMs} ms waiting for link ${name} to go`);
        const ev = await mon.next(left).catch((e) => {
          throw e instanceof TimeoutError ? new TimeoutError(`timed out after ${timeoutMs} ms waiting for link ${name} to go`) : e;
        });
        if (ev === undefined) throw new HelperError('monitor ended');
        if (ev.kind === 'synced') synced = true;
        if (synced && !mon.snapshot('link').some((l) => (l as Link).name === name)) return;
      }
    } finally {
      await mon.close();
    }
  }

  /**
   * `ip monitor address` until the address exists and `predicate` holds; by default until it
   * is out of DAD (not tentative). `address` is 'fd00::1' or 'fd00::1/64'.
   */
  addr(address: string, predicate: (a: Address) => boolean = (a) => !a.tentative, options: WaitOptions = {}): Promise<Address> {
    const slash = address.indexOf('/');
    const want = normalizeIP(slash < 0 ? address : address.slice(0, slash));
    const len = slash < 0 ? undefined : Number(address.slice(slash + 1));
    return this.#wait(
      'addr',
      (ev) => (ev.kind === 'addr' && ev.action === 'new' && ev.nsid === -1 && ev.object.address === want &&
        (len === undefined || ev.object.prefixlen === len) && predicate(ev.object) ? ev.object : undefined),
      `address ${address}`,
      options,
    );
  }
}
