/**
 * Generic netlink on a handle: `h.genl('ethtool').do('channels-get', { header: { devName: 'eth0' } })`,
 * typed from the kernel's YNL specs (src/genl/generated). The handle keeps one NETLINK_GENERIC
 * socket (opened on first use, re-opened after the helper died) and resolves each family's id,
 * version and multicast groups through nlctrl once (`genl ctrl get name NAME`).
 */
import { NETLINK_GENERIC } from '../netlink/constants.js';
import { HelperError, NetlinkError, NotFoundError, ValidationError } from '../netlink/errors.js';
import type { Request } from '../netlink/message.js';
import { LazySession } from './lazy-session.js';
import { Session } from '../netlink/session.js';
import type { TransportSocket } from '../netlink/transport/types.js';
import { genlFamilies, type GenlFamilyNotifications, type GenlFamilyOps } from '../genl/generated/index.js';
import type { NlctrlCtrlAttrs } from '../genl/generated/nlctrl.js';
import {
  collectPolicy, familyDumpRequest, familyInfo, getFamilyRequest, getPolicyRequest, type GenlFamilyInfo, type GenlPolicy,
} from '../genl/nlctrl.js';
import { GenlRegistry } from '../genl/registry.js';
import type { GenlBody, GenlFamily, GenlHeader, GenlOpDef } from '../genl/spec.js';
import { DEFAULT_RCVBUF, dumpWithRetry, mapNetnsError, type Core } from './core.js';
import { GenlSubscription } from './genl-subscribe.js';

/** Operations of `Ops` that have a `do` (request/reply) mode. */
export type DoOps<Ops> = { [K in keyof Ops]: Ops[K] extends { do: object } ? K : never }[keyof Ops] & string;
/** Operations of `Ops` that can be dumped. */
export type DumpOps<Ops> = { [K in keyof Ops]: Ops[K] extends { dump: object } ? K : never }[keyof Ops] & string;
/** The request attributes of an operation's `do` mode (from the YNL spec). */
export type GenlDoRequest<O> = O extends { do: { request: infer R } } ? R : never;
/** The reply attributes of an operation's `do` mode. */
export type GenlDoReply<O> = O extends { do: { reply: infer R } } ? R : never;
/** The request attributes of an operation's `dump` mode (the dump's filter). */
export type GenlDumpRequest<O> = O extends { dump: { request: infer R } } ? R : never;
/** The attributes of each object an operation's `dump` yields. */
export type GenlDumpReply<O> = O extends { dump: { reply: infer R } } ? R : never;

/** Options of one generic netlink request beyond its attributes. */
export interface GenlCallOptions {
  /** Fields of the family's fixed header after genlmsghdr (ovs_header's `dpIfindex`...). */
  header?: Record<string, number>;
}

/** The typed client of one family on one handle. */
export class GenlClient<Ops = Record<string, unknown>, Ntf = Record<string, unknown>> {
  constructor(readonly api: GenlApi, readonly family: GenlFamily<Ops, Ntf>) {}

  /** What the running kernel says about this family: id, version, operations, groups (`genl ctrl get name NAME`). */
  info(): Promise<GenlFamilyInfo> {
    return this.api.resolve(this.family);
  }

  private operation(name: string, mode: 'do' | 'dump'): GenlOpDef {
    const op = this.family.op(name);
    if (!op || op.request === undefined) {
      const known = this.family.ops.filter((o) => o.request !== undefined).map((o) => o.name);
      throw new ValidationError(`${this.family.name} has no operation ${JSON.stringify(name)} (known: ${known.join(', ')})`, 'op');
    }
    if (!op[mode]) throw new ValidationError(`${this.family.name} ${name} has no ${mode} mode (it has: ${op.do ? 'do' : 'dump'})`, 'op');
    return op;
  }

  private async request(op: GenlOpDef, attrs: object | undefined, options: GenlCallOptions): Promise<Request<GenlBody<object>>> {
    if (attrs !== undefined && (typeof attrs !== 'object' || attrs === null || Array.isArray(attrs))) {
      throw new ValidationError(`${this.family.name} ${op.name}: attributes must be an object`, 'attrs');
    }
    const info = await this.info();
    const header: GenlHeader & Record<string, number> = { ...options.header, cmd: op.request!, version: this.family.version };
    return { type: info.id, flags: 0, body: { header, attrs: attrs ?? {} } };
  }

  /**
   * One request (`ynl --family F --do OP --json ATTRS`): resolves with the reply's attributes, or
   * undefined when the operation answers with a plain ACK.
   */
  async do<K extends DoOps<Ops>>(op: K, attrs: GenlDoRequest<Ops[K]>, options: GenlCallOptions = {}): Promise<GenlDoReply<Ops[K]>> {
    const def = this.operation(op, 'do');
    const req = await this.request(def, attrs as object, options);
    const session = await this.api.session();
    const replies = await session.request<GenlBody<GenlDoReply<Ops[K]>>>(req);
    return replies[0]?.body.attrs as GenlDoReply<Ops[K]>;
  }

  /** A dump (`ynl --family F --dump OP`): every answer's attributes, retried while the kernel flags NLM_F_DUMP_INTR. */
  async dump<K extends DumpOps<Ops>>(op: K, attrs?: GenlDumpRequest<Ops[K]>, options: GenlCallOptions = {}): Promise<Array<GenlDumpReply<Ops[K]>>> {
    const def = this.operation(op, 'dump');
    const req = await this.request(def, attrs as object | undefined, options);
    const bodies = await dumpWithRetry<GenlBody<GenlDumpReply<Ops[K]>>>(() => this.api.session(), req, undefined, this.api.dumpAttempts);
    return bodies.map((b) => b.attrs);
  }

  /**
   * The family's notifications of one multicast group, as an async iterable
   * (`ynl --family F --subscribe GROUP`): `for await (const n of h.genl('ethtool').subscribe('monitor'))`.
   */
  subscribe(group: string): GenlSubscription<Ntf> {
    if (typeof group !== 'string' || group === '') throw new ValidationError('subscribe needs a multicast group name', 'group');
    // Checked against the kernel's groups when the socket opens (an older spec may not list
    // them all: ethtool's "monitor" is missing from 6.12's).
    return new GenlSubscription<Ntf>(this.api, this.family, group);
  }
}

/** The generic netlink side of a handle: its socket, nlctrl cache and family registry. */
export class GenlApi {
  /** Family ids are the kernel's: this handle's registry learns them as nlctrl resolves them. */
  readonly registry = new GenlRegistry();
  readonly #lazy = new LazySession(() => this.#open(), () => this.core.closed);
  readonly #resolved = new Map<string, Promise<GenlFamilyInfo>>();

  constructor(readonly core: Core) {
    core.closers.add(() => this.close());
  }

  /**
   * Attempts for a dump the kernel marks NLM_F_DUMP_INTR (the context's `dumpAttempts`, at least
   * 1).
   */
  get dumpAttempts(): number {
    return Math.max(1, this.core.ctx.dumpAttempts);
  }

  /** The typed client of a family (by its generic netlink name, or a family object). */
  client<N extends keyof GenlFamilyOps>(name: N): GenlClient<GenlFamilyOps[N], GenlFamilyNotifications[N]>;
  client<O, T>(family: GenlFamily<O, T>): GenlClient<O, T>;
  client(family: string | GenlFamily<unknown, unknown>): GenlClient<unknown, unknown> {
    if (typeof family === 'string') {
      const f = (genlFamilies as Record<string, GenlFamily<unknown, unknown>>)[family];
      if (!f) throw new ValidationError(`no spec for generic netlink family ${JSON.stringify(family)} (known: ${Object.keys(genlFamilies).join(', ')})`, 'family');
      return new GenlClient(this, f);
    }
    return new GenlClient(this, family);
  }

  /** This handle's NETLINK_GENERIC session, opened on first use. */
  session(): Promise<Session> {
    return this.#lazy.get();
  }

  async #open(): Promise<Session> {
    const ctx = this.core.ctx;
    const session = new Session({
      family: this.registry, timeoutMs: ctx.timeoutMs, observer: ctx.observerFor('generic', this.core.spec),
    });
    let socket: TransportSocket;
    try {
      socket = await this.core.openSocket({ protocol: NETLINK_GENERIC, rcvbuf: DEFAULT_RCVBUF, extAck: true, strictCheck: true }, session.sink);
    } catch (e) {
      throw mapNetnsError(e, this.core.spec);
    }
    session.attach(socket);
    return session;
  }

  /**
   * Resolve a family through nlctrl (cached per handle) and register it for decoding. A family
   * the kernel lacks is a NotFoundError.
   */
  resolve(family: string | GenlFamily<unknown, unknown>): Promise<GenlFamilyInfo> {
    const name = typeof family === 'string' ? family : family.name;
    let p = this.#resolved.get(name);
    if (!p) {
      p = this.#lookup(name, typeof family === 'string' ? undefined : family);
      this.#resolved.set(name, p);
      // A failure is not cached: the module may be loaded later.
      p.catch(() => this.#resolved.delete(name));
    }
    return p;
  }

  async #lookup(name: string, family: GenlFamily<unknown, unknown> | undefined): Promise<GenlFamilyInfo> {
    const session = await this.session();
    let replies;
    try {
      replies = await session.request<GenlBody<NlctrlCtrlAttrs>>(getFamilyRequest(name));
    } catch (e) {
      if (e instanceof NetlinkError && e.code === 'ENOENT') throw new NotFoundError('generic netlink family', name);
      throw e;
    }
    const reply = replies[0];
    if (!reply) throw new NotFoundError('generic netlink family', name);
    const info = familyInfo(reply.body.attrs);
    const spec = family ?? (genlFamilies as Record<string, GenlFamily<unknown, unknown>>)[info.name];
    if (spec) this.registry.add(spec, info.id);
    return info;
  }

  /** Every family the kernel has registered (`genl ctrl list`); each known one is registered for decoding. */
  async families(): Promise<GenlFamilyInfo[]> {
    const bodies = await dumpWithRetry<GenlBody<NlctrlCtrlAttrs>>(() => this.session(), familyDumpRequest(), undefined, this.dumpAttempts);
    const out = bodies.map((b) => familyInfo(b.attrs));
    for (const info of out) {
      const spec = (genlFamilies as Record<string, GenlFamily<unknown, unknown>>)[info.name];
      if (spec) this.registry.add(spec, info.id);
      if (!this.#resolved.has(info.name)) this.#resolved.set(info.name, Promise.resolve(info));
    }
    return out;
  }

  /** A family's attribute policies (CTRL_CMD_GETPOLICY; `genl ctrl policy name NAME`), for all operations or one command. */
  async policy(family: string | GenlFamily<unknown, unknown>, op?: number): Promise<GenlPolicy> {
    const name = typeof family === 'string' ? family : family.name;
    try {
      const bodies = await dumpWithRetry<GenlBody<NlctrlCtrlAttrs>>(() => this.session(), getPolicyRequest({ name }, op), undefined, this.dumpAttempts);
      return collectPolicy(bodies.map((b) => b.attrs));
    } catch (e) {
      if (e instanceof NetlinkError && e.code === 'ENOENT') throw new NotFoundError('generic netlink family', name);
      throw e;
    }
  }

  /** Opens another NETLINK_GENERIC socket in this handle's namespace (subscriptions). */
  openSocket(groups: number[], sink: Parameters<Core['openSocket']>[1]): Promise<TransportSocket> {
    return this.core.openSocket({ protocol: NETLINK_GENERIC, groups, rcvbuf: DEFAULT_RCVBUF, extAck: true, strictCheck: true }, sink);
  }

  /**
   * Closes this handle's generic netlink socket (the handle closes it too); a later request opens
   * a new one.
   */
  async close(): Promise<void> {
    await this.#lazy.close();
  }
}

/** `h.genl('ethtool')` plus the family-independent verbs (`h.genl.families()`...). */
export type GenlAccessor = GenlApi['client'] & Pick<GenlApi, 'families' | 'resolve' | 'policy'>;

export function genlAccessor(api: GenlApi): GenlAccessor {
  const fn = api.client.bind(api) as GenlAccessor;
  fn.families = api.families.bind(api);
  fn.resolve = api.resolve.bind(api);
  fn.policy = api.policy.bind(api);
  return fn;
}
