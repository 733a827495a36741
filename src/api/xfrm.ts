/**
 * IPsec SAs and policies (`ip xfrm state ...`, `ip xfrm policy ...`) over NETLINK_XFRM: one
 * socket per handle, opened on first use (LazySession). The request bodies are src/xfrm's
 * builders, the ones pure-ip uses, so both send ip's bytes. Lists come back as views (`XfrmState`,
 * `XfrmPolicy`) that keep the decoded message in `raw`.
 */
import { NetlinkError, NotFoundError, ValidationError } from '../netlink/errors.js';
import type { Request } from '../netlink/message.js';
import { Session } from '../netlink/session.js';
import type { TransportSocket } from '../netlink/transport/types.js';
import { checkKeys } from '../rtnl/validate.js';
import {
  NETLINK_XFRM, XFRM_MSG_ALLOCSPI, XFRM_MSG_DELPOLICY, XFRM_MSG_DELSA, XFRM_MSG_FLUSHPOLICY, XFRM_MSG_FLUSHSA, XFRM_MSG_GETPOLICY, XFRM_MSG_GETSA,
  XFRM_MSG_GETSADINFO, XFRM_MSG_GETSPDINFO, XFRM_MSG_NEWPOLICY, XFRM_MSG_NEWSA, XFRM_MSG_UPDPOLICY, XFRM_MSG_UPDSA, XFRM_POLICY_MAX,
} from '../xfrm/constants.js';
import { xfrm } from '../xfrm/family.js';
import {
  allocSpiBody, infoRequestBody, policyBody, policyDeleteOf, policyFlushBody, policyIdBody, stateBody, stateDeleteOf, stateDumpAttrs, stateFlushBody,
  stateIdBody, type XfrmDir, type XfrmIdOptions, type XfrmMarkOptions, type XfrmModeName, type XfrmPolicyFlag, type XfrmPolicyIdOptions,
  type XfrmPolicyOptions, type XfrmProtoName, type XfrmAllocSpiOptions, type XfrmSelectorOptions, type XfrmStateFlag, type XfrmStateOptions,
} from '../xfrm/requests.js';
import { DEFAULT_RCVBUF, dumpWithRetry, mapNetnsError, type Core } from './core.js';
import { LazySession } from './lazy-session.js';
import {
  POLICY_FILTER_KEYS, STATE_FILTER_KEYS, policyMatches, policyView, stateMatches, stateView, type XfrmPolicy, type XfrmPolicyFilter,
  type XfrmPolicyMessage, type XfrmSadInfo, type XfrmSpdInfo, type XfrmState, type XfrmStateFilter, type XfrmStateMessage,
} from './xfrm-views.js';

export * from './xfrm-views.js';

export type {
  XfrmAllocSpiOptions, XfrmStateOptions, XfrmPolicyOptions, XfrmPolicyIdOptions, XfrmSelectorOptions, XfrmIdOptions, XfrmMarkOptions, XfrmDir, XfrmProtoName,
  XfrmModeName, XfrmStateFlag, XfrmPolicyFlag,
};

/** The handle's NETLINK_XFRM socket and the two verb groups. */
export class XfrmApi {
  readonly #lazy = new LazySession(() => this.#open(), () => this.core.closed);
  /** SAs: `ip xfrm state ...`. */
  readonly state: XfrmStateApi;
  /** Policies: `ip xfrm policy ...`. */
  readonly policy: XfrmPolicyApi;

  /** @internal */
  readonly core: Core;
  /** @internal Resolves a selector's `dev` (a name or an index) to its ifindex. */
  readonly ifindex: (dev: string | number) => Promise<number>;

  /** @internal Made by the Handle (`h.xfrm`). */
  constructor(core: Core, ifindex: (dev: string | number) => Promise<number>) {
    this.core = core;
    this.ifindex = ifindex;
    core.closers.add(() => this.#lazy.close());
    this.state = new XfrmStateApi(this);
    this.policy = new XfrmPolicyApi(this);
  }

  /** This handle's NETLINK_XFRM session, opened on first use. */
  session(): Promise<Session> {
    return this.#lazy.get();
  }

  async #open(): Promise<Session> {
    const ctx = this.core.ctx;
    const session = new Session({ family: xfrm, timeoutMs: ctx.timeoutMs, observer: ctx.observerFor('xfrm', this.core.spec, xfrm) });
    let socket: TransportSocket;
    try {
      socket = await this.core.openSocket({ protocol: NETLINK_XFRM, rcvbuf: DEFAULT_RCVBUF, extAck: true, strictCheck: true }, session.sink);
    } catch (e) {
      throw mapNetnsError(e, this.core.spec);
    }
    session.attach(socket);
    return session;
  }

  /**
   * @internal One request. A request that wants an answer goes without NLM_F_ACK (`ack: false`),
   * as ip's rtnl_talk sends it: the answer (or the error) ends it.
   */
  async request<B>(req: Request, ack = true): Promise<B | undefined> {
    const s = await this.session();
    const replies = await s.request<B>(req, { ack });
    return replies[0]?.body;
  }

  /** @internal */
  dump<B>(req: Request): Promise<B[]> {
    return dumpWithRetry<B>(() => this.session(), req, undefined, Math.max(1, this.core.ctx.dumpAttempts));
  }

  /** @internal A selector's `dev` name resolved to its ifindex. */
  async selectorWithDev<T extends { sel?: XfrmSelectorOptions & { dev?: string | number } }>(o: T): Promise<T> {
    const dev = o.sel?.dev;
    if (dev === undefined) return o;
    const { dev: _dev, ...rest } = o.sel!;
    return { ...o, sel: { ...rest, ifindex: dev === 'none' ? 0 : await this.ifindex(dev) } };
  }
}

/** Selector options with an interface by name (`sel ... dev eth0`). */
export type XfrmSelectorInput = XfrmSelectorOptions & { dev?: string | number };

const STATE_KEYS = [
  'src', 'dst', 'proto', 'spi', 'mode', 'reqid', 'seq', 'replayWindow', 'replaySeq', 'replayOseq', 'replaySeqHi', 'replayOseqHi', 'flags',
  'extraFlags', 'sel', 'limits', 'enc', 'auth', 'authTrunc', 'aead', 'comp', 'encap', 'coa', 'mark', 'outputMark', 'ifId', 'tfcpad', 'family',
] as const;
const STATE_ID_KEYS = ['src', 'dst', 'proto', 'spi', 'mark', 'family'] as const;
const POLICY_KEYS = ['sel', 'dir', 'index', 'ptype', 'action', 'priority', 'flags', 'limits', 'tmpl', 'mark', 'ifId', 'family'] as const;
const POLICY_ID_KEYS = ['sel', 'index', 'dir', 'ptype', 'mark', 'ifId', 'family'] as const;

/** The keys of the nested option objects (a misspelled one is an error, as at the top level). */
const NESTED_KEYS: Record<string, readonly string[]> = {
  sel: ['src', 'dst', 'proto', 'sport', 'dport', 'type', 'code', 'key', 'ifindex', 'dev'],
  limits: ['timeSoft', 'timeHard', 'timeUseSoft', 'timeUseHard', 'byteSoft', 'byteHard', 'packetSoft', 'packetHard'],
  mark: ['value', 'mask'],
  outputMark: ['value', 'mask'],
  enc: ['name', 'key'],
  auth: ['name', 'key'],
  authTrunc: ['name', 'key', 'truncLen'],
  aead: ['name', 'key', 'icvLen'],
  comp: ['name'],
  encap: ['type', 'sport', 'dport', 'oa'],
};
const TMPL_KEYS = ['src', 'dst', 'proto', 'spi', 'mode', 'reqid', 'level'];

function options<T extends object>(o: T, keys: readonly string[], what: string): T {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new ValidationError(`${what}: options object expected`);
  checkKeys(o, keys, what);
  for (const [key, value] of Object.entries(o)) {
    const nested = NESTED_KEYS[key];
    if (nested && value !== null && typeof value === 'object' && !Array.isArray(value)) checkKeys(value, nested, what, `${key}.`);
    if (key === 'tmpl' && Array.isArray(value)) {
      value.forEach((t, i) => {
        if (t !== null && typeof t === 'object') checkKeys(t, TMPL_KEYS, what, `tmpl[${i}].`);
      });
    }
  }
  return o;
}

/** `h.xfrm.state`: IPsec security associations. */
export class XfrmStateApi {
  /** @internal Made by XfrmApi (`h.xfrm.state`, `h.xfrm.policy`). */
  constructor(private readonly api: XfrmApi) {}

  /** Adds an SA (`ip xfrm state add ...`); the kernel refuses an existing one (EEXIST). */
  async add(o: XfrmStateOptions & { sel?: XfrmSelectorInput }): Promise<void> {
    const body = stateBody(await this.api.selectorWithDev(options(o, STATE_KEYS, 'xfrm.state.add')));
    await this.api.request({ type: XFRM_MSG_NEWSA, flags: 0, body });
  }

  /** Changes an existing SA (`ip xfrm state update ...`). */
  async update(o: XfrmStateOptions & { sel?: XfrmSelectorInput }): Promise<void> {
    const body = stateBody(await this.api.selectorWithDev(options(o, STATE_KEYS, 'xfrm.state.update')));
    await this.api.request({ type: XFRM_MSG_UPDSA, flags: 0, body });
  }

  /** Deletes an SA by its ID (`ip xfrm state delete src S dst D proto P spi N [mark M]`). */
  async delete(id: XfrmIdOptions & { mark?: XfrmMarkOptions; family?: 4 | 6 }): Promise<void> {
    await this.api.request({ type: XFRM_MSG_DELSA, flags: 0, body: stateIdBody(options(id, STATE_ID_KEYS, 'xfrm.state.delete')) });
  }

  /** One SA by its ID (`ip xfrm state get ...`); NotFoundError when the kernel has none (ESRCH). */
  async get(id: XfrmIdOptions & { mark?: XfrmMarkOptions; family?: 4 | 6 }): Promise<XfrmState> {
    const body = stateIdBody(options(id, STATE_ID_KEYS, 'xfrm.state.get'));
    let reply: XfrmStateMessage | undefined;
    try {
      reply = await this.api.request<XfrmStateMessage>({ type: XFRM_MSG_GETSA, flags: 0, body }, false);
    } catch (e) {
      if (e instanceof NetlinkError && e.code === 'ESRCH') throw Object.assign(new NotFoundError('xfrm state', `${id.dst ?? ''} ${String(id.proto ?? '')} spi ${id.spi ?? 0}`), { cause: e });
      throw e;
    }
    if (!reply) throw new NotFoundError('xfrm state', `${id.dst ?? ''} spi ${id.spi ?? 0}`);
    return stateView(reply);
  }

  /**
   * Asks the kernel for a free SPI (`ip xfrm state allocspi ID ...`): it makes a larval SA (proto,
   * addresses, reqid, mode; it expires in 30 s unless an add/update completes it) and resolves
   * with it, its `spi` chosen in [min, max].
   */
  async allocSpi(o: XfrmAllocSpiOptions): Promise<XfrmState> {
    const body = allocSpiBody(options(o, ['src', 'dst', 'proto', 'mode', 'reqid', 'seq', 'min', 'max', 'mark', 'family'], 'xfrm.state.allocSpi'));
    const reply = await this.api.request<XfrmStateMessage>({ type: XFRM_MSG_ALLOCSPI, flags: 0, body }, false);
    if (!reply) throw new NotFoundError('xfrm state', 'allocspi answer');
    return stateView(reply);
  }

  /** The raw SA messages (`ip xfrm state list`'s dump: XFRMA_PROTO and XFRMA_ADDRESS_FILTER go to the kernel, the rest is matched here as ip does). */
  async messages(filter: XfrmStateFilter = {}): Promise<XfrmStateMessage[]> {
    options(filter, STATE_FILTER_KEYS, 'xfrm.state.list');
    const attrs = stateDumpAttrs({ ...(filter.src !== undefined ? { src: filter.src } : {}), ...(filter.dst !== undefined ? { dst: filter.dst } : {}), ...(filter.proto !== undefined ? { proto: filter.proto } : {}), ...(filter.family !== undefined ? { family: filter.family } : {}) });
    const all = await this.api.dump<XfrmStateMessage>({ type: XFRM_MSG_GETSA, flags: 0, body: { attrs } });
    return all.filter((m) => stateMatches(m, filter));
  }

  /** The SAs (`ip xfrm state list [ID] [mode M] [reqid R] [flag F]`). */
  async list(filter: XfrmStateFilter = {}): Promise<XfrmState[]> {
    return (await this.messages(filter)).map(stateView);
  }

  /**
   * Deletes every SA matching the filter (`ip xfrm state deleteall ...`), in rounds of dump then
   * delete until none is left, as ip does; SAs of proto ipip / ipv6 (the kernel's own tunnel SAs)
   * are left alone. Resolves with the number deleted.
   */
  async deleteAll(filter: XfrmStateFilter = {}): Promise<number> {
    options(filter, STATE_FILTER_KEYS, 'xfrm.state.deleteall');
    let n = 0;
    for (;;) {
      const all = await this.api.dump<XfrmStateMessage>({ type: XFRM_MSG_GETSA, flags: 0, body: { attrs: {} } });
      const doomed = all.filter((m) => stateMatches(m, filter) && m.header.id.proto !== 4 && m.header.id.proto !== 41);
      if (doomed.length === 0) return n;
      const s = await this.api.session();
      const results = await Promise.allSettled(s.batch(doomed.map((m) => ({ type: XFRM_MSG_DELSA, flags: 0, body: stateDeleteOf(m.header, m.attrs.mark) }))));
      let progress = 0;
      for (const r of results) {
        if (r.status === 'fulfilled') progress++;
        else if (!(r.reason instanceof NetlinkError && r.reason.code === 'ESRCH')) throw r.reason;
      }
      n += progress;
      if (progress === 0) return n;
    }
  }

  /** Flushes the SAD, or the SAs of one protocol (`ip xfrm state flush [proto P]`). */
  async flush(proto?: XfrmProtoName | number): Promise<void> {
    await this.api.request({ type: XFRM_MSG_FLUSHSA, flags: 0, body: stateFlushBody(proto) });
  }

  /** The number of SAs and the hash table size (`ip xfrm state count`, `-s`). */
  async count(): Promise<XfrmSadInfo> {
    const r = await this.api.request<{ attrs: { cnt?: number; hinfo?: { sadhcnt: number; sadhmcnt: number } } }>({ type: XFRM_MSG_GETSADINFO, flags: 0, body: infoRequestBody() }, false);
    const a = r?.attrs ?? {};
    return { count: a.cnt ?? 0, ...(a.hinfo ? { hashBuckets: a.hinfo.sadhcnt, maxHashBuckets: a.hinfo.sadhmcnt } : {}) };
  }
}

/** `h.xfrm.policy`: IPsec security policies. */
export class XfrmPolicyApi {
  /** @internal Made by XfrmApi (`h.xfrm.state`, `h.xfrm.policy`). */
  constructor(private readonly api: XfrmApi) {}

  /** Adds a policy (`ip xfrm policy add SELECTOR dir DIR [tmpl ...] ...`). */
  async add(o: XfrmPolicyOptions & { sel?: XfrmSelectorInput }): Promise<void> {
    const body = policyBody(await this.api.selectorWithDev(options(o, POLICY_KEYS, 'xfrm.policy.add')));
    await this.api.request({ type: XFRM_MSG_NEWPOLICY, flags: 0, body });
  }

  /** Adds or changes a policy (`ip xfrm policy update ...`). */
  async update(o: XfrmPolicyOptions & { sel?: XfrmSelectorInput }): Promise<void> {
    const body = policyBody(await this.api.selectorWithDev(options(o, POLICY_KEYS, 'xfrm.policy.update')));
    await this.api.request({ type: XFRM_MSG_UPDPOLICY, flags: 0, body });
  }

  /** Deletes a policy by selector or index and direction (`ip xfrm policy delete ...`). */
  async delete(o: XfrmPolicyIdOptions & { sel?: XfrmSelectorInput }): Promise<void> {
    const body = policyIdBody(await this.api.selectorWithDev(options(o, POLICY_ID_KEYS, 'xfrm.policy.delete')));
    await this.api.request({ type: XFRM_MSG_DELPOLICY, flags: 0, body });
  }

  /** One policy (`ip xfrm policy get ...`); NotFoundError when there is none (ENOENT). */
  async get(o: XfrmPolicyIdOptions & { sel?: XfrmSelectorInput }): Promise<XfrmPolicy> {
    const body = policyIdBody(await this.api.selectorWithDev(options(o, POLICY_ID_KEYS, 'xfrm.policy.get')));
    let reply: XfrmPolicyMessage | undefined;
    try {
      reply = await this.api.request<XfrmPolicyMessage>({ type: XFRM_MSG_GETPOLICY, flags: 0, body }, false);
    } catch (e) {
      if (e instanceof NetlinkError && e.code === 'ENOENT') throw Object.assign(new NotFoundError('xfrm policy', `dir ${o.dir}${o.index !== undefined ? ` index ${o.index}` : ''}`), { cause: e });
      throw e;
    }
    if (!reply) throw new NotFoundError('xfrm policy', `dir ${o.dir}`);
    return policyView(reply);
  }

  /** The raw policy messages (`ip xfrm policy list`'s dump, filtered here as ip filters). */
  async messages(filter: XfrmPolicyFilter = {}): Promise<XfrmPolicyMessage[]> {
    options(filter, POLICY_FILTER_KEYS, 'xfrm.policy.list');
    const all = await this.api.dump<XfrmPolicyMessage>({ type: XFRM_MSG_GETPOLICY, flags: 0, body: { attrs: {} } });
    return all.filter((m) => policyMatches(m, filter));
  }

  /** The policies (`ip xfrm policy list [SELECTOR] [dir DIR] ...`). */
  async list(filter: XfrmPolicyFilter = {}): Promise<XfrmPolicy[]> {
    return (await this.messages(filter)).map(policyView);
  }

  /** Deletes every matching policy but socket policies (`ip xfrm policy deleteall ...`); resolves with the number deleted. */
  async deleteAll(filter: XfrmPolicyFilter = {}): Promise<number> {
    options(filter, POLICY_FILTER_KEYS, 'xfrm.policy.deleteall');
    let n = 0;
    for (;;) {
      const all = await this.api.dump<XfrmPolicyMessage>({ type: XFRM_MSG_GETPOLICY, flags: 0, body: { attrs: {} } });
      const doomed = all.filter((m) => policyMatches(m, filter) && m.header.dir < XFRM_POLICY_MAX);
      if (doomed.length === 0) return n;
      const s = await this.api.session();
      const results = await Promise.allSettled(s.batch(doomed.map((m) => ({ type: XFRM_MSG_DELPOLICY, flags: 0, body: policyDeleteOf(m.header, m.attrs) }))));
      let progress = 0;
      for (const r of results) {
        if (r.status === 'fulfilled') progress++;
        else if (!(r.reason instanceof NetlinkError && r.reason.code === 'ENOENT')) throw r.reason;
      }
      n += progress;
      if (progress === 0) return n;
    }
  }

  /** Flushes the SPD, or its sub policies (`ip xfrm policy flush [ptype main|sub]`). */
  async flush(ptype?: 'main' | 'sub'): Promise<void> {
    await this.api.request({ type: XFRM_MSG_FLUSHPOLICY, flags: 0, body: policyFlushBody(ptype) });
  }

  /** Policy counts per direction (`ip xfrm policy count`, `-s`, `-s -s`). */
  async count(): Promise<XfrmSpdInfo> {
    type SpdAttrs = {
      info?: { incnt: number; outcnt: number; fwdcnt: number; inscnt: number; outscnt: number; fwdscnt: number };
      hinfo?: { spdhcnt: number; spdhmcnt: number };
      ipv4Hthresh?: { lbits: number; rbits: number };
      ipv6Hthresh?: { lbits: number; rbits: number };
    };
    const r = await this.api.request<{ attrs: SpdAttrs }>({ type: XFRM_MSG_GETSPDINFO, flags: 0, body: infoRequestBody() }, false);
    const a = r?.attrs ?? {};
    const i = a.info;
    return {
      in: i?.incnt ?? 0, out: i?.outcnt ?? 0, fwd: i?.fwdcnt ?? 0, socketIn: i?.inscnt ?? 0, socketOut: i?.outscnt ?? 0, socketFwd: i?.fwdscnt ?? 0,
      ...(a.hinfo ? { hashBuckets: a.hinfo.spdhcnt, maxHashBuckets: a.hinfo.spdhmcnt } : {}),
      ...(a.ipv4Hthresh ? { ipv4Hthresh: { lbits: a.ipv4Hthresh.lbits, rbits: a.ipv4Hthresh.rbits } } : {}),
      ...(a.ipv6Hthresh ? { ipv6Hthresh: { lbits: a.ipv6Hthresh.lbits, rbits: a.ipv6Hthresh.rbits } } : {}),
    };
  }
}
