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
import { addressFamily } from '../xfrm/requests.js';
import { xaddrBytes } from '../xfrm/address.js';
import {
  NETLINK_XFRM, XFRM_MSG_DELPOLICY, XFRM_MSG_DELSA, XFRM_MSG_FLUSHPOLICY, XFRM_MSG_FLUSHSA, XFRM_MSG_GETPOLICY, XFRM_MSG_GETSA,
  XFRM_MSG_GETSADINFO, XFRM_MSG_GETSPDINFO, XFRM_MSG_NEWPOLICY, XFRM_MSG_NEWSA, XFRM_MSG_UPDPOLICY, XFRM_MSG_UPDSA, XFRM_MODE,
  XFRM_POLICY_DIR, XFRM_POLICY_MAX, XFRM_POLICY_TYPE, XFRM_PROTO, XFRM_STATE, XFRM_POLICY_FLAG,
} from '../xfrm/constants.js';
import { xfrm } from '../xfrm/family.js';
import {
  infoRequestBody, policyBody, policyDeleteOf, policyFlushBody, policyIdBody, stateBody, stateDeleteOf, stateDumpAttrs, stateFlushBody,
  stateIdBody, type XfrmDir, type XfrmIdOptions, type XfrmMarkOptions, type XfrmModeName, type XfrmPolicyFlag, type XfrmPolicyIdOptions,
  type XfrmPolicyOptions, type XfrmProtoName, type XfrmSelectorOptions, type XfrmStateFlag, type XfrmStateOptions,
} from '../xfrm/requests.js';
import type { XfrmAttrs, XfrmSelector, XfrmUsersaInfo, XfrmUserpolicyInfo } from '../xfrm/schema.js';
import { flagWordOf } from '../netlink/enums.js';
import { DEFAULT_RCVBUF, dumpWithRetry, mapNetnsError, type Core } from './core.js';
import { LazySession } from './lazy-session.js';

export type {
  XfrmStateOptions, XfrmPolicyOptions, XfrmPolicyIdOptions, XfrmSelectorOptions, XfrmIdOptions, XfrmMarkOptions, XfrmDir, XfrmProtoName,
  XfrmModeName, XfrmStateFlag, XfrmPolicyFlag,
};

/** A decoded SA message body: xfrm_usersa_info and XFRMA_* attributes. */
export interface XfrmStateMessage {
  header: XfrmUsersaInfo;
  attrs: XfrmAttrs;
}
/** A decoded policy message body: xfrm_userpolicy_info and XFRMA_* attributes. */
export interface XfrmPolicyMessage {
  header: XfrmUserpolicyInfo;
  attrs: XfrmAttrs;
}

/** `SRC/PLEN`: a selector side as text. */
function side(addr: string, plen: number, family: number): string {
  return `${family === 2 ? v4(addr) : addr}/${plen}`;
}
/** An AF_INET address decoded with bytes past the first 4 stays IPv6 text; in a v4 view, the first 4 bytes. */
function v4(addr: string): string {
  if (!addr.includes(':')) return addr;
  const b = xaddrBytes(addr);
  return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
}
const hex = (b: Uint8Array) => '0x' + Buffer.from(b).toString('hex');

/** A selector as the API shows it. */
export interface XfrmSelectorView {
  family: 4 | 6 | 0;
  src: string;
  dst: string;
  proto: number;
  sport: number;
  dport: number;
  ifindex: number;
}

function selectorView(s: XfrmSelector, fallbackFamily: number): XfrmSelectorView {
  const f = s.family || fallbackFamily;
  return {
    family: f === 2 ? 4 : f === 10 ? 6 : 0,
    src: side(s.saddr, s.prefixlenS, f),
    dst: side(s.daddr, s.prefixlenD, f),
    proto: s.proto,
    sport: s.sport,
    dport: s.dport,
    ifindex: s.ifindex,
  };
}

/** An SA (`ip xfrm state` shows one per entry). Keys are hex text as ip prints them. */
export interface XfrmState {
  family: 4 | 6;
  src: string;
  dst: string;
  proto: XfrmProtoName | number;
  spi: number;
  reqid: number;
  mode: XfrmModeName | number;
  replayWindow: number;
  flags: Array<XfrmStateFlag | number>;
  sel: XfrmSelectorView;
  enc?: { name: string; key: string };
  auth?: { name: string; key: string; truncLen?: number };
  aead?: { name: string; key: string; icvLen: number };
  comp?: { name: string };
  encap?: { type: string | number; sport: number; dport: number; oa: string };
  mark?: { value: number; mask: number };
  outputMark?: { value: number; mask?: number };
  ifId?: number;
  /** Bytes and packets so far (xfrm_lifetime_cur). */
  bytes: bigint;
  packets: bigint;
  /** The message as decoded. */
  raw: XfrmStateMessage;
}

/** A policy (`ip xfrm policy` shows one per entry). */
export interface XfrmPolicy {
  sel: XfrmSelectorView;
  dir: XfrmDir | number;
  /** Socket policies (set on a socket, dir >= XFRM_POLICY_MAX) cannot be deleted through here. */
  socket: boolean;
  action: 'allow' | 'block' | number;
  priority: number;
  index: number;
  ptype: 'main' | 'sub' | number;
  flags: Array<XfrmPolicyFlag | number>;
  tmpl: Array<{ family: 4 | 6 | 0; src: string; dst: string; proto: XfrmProtoName | number; spi: number; reqid: number; mode: XfrmModeName | number; level: 'required' | 'use' | number }>;
  mark?: { value: number; mask: number };
  ifId?: number;
  raw: XfrmPolicyMessage;
}

const fam = (f: number): 4 | 6 | 0 => (f === 2 ? 4 : f === 10 ? 6 : 0);
const addrIn = (a: string, f: number) => (f === 2 ? v4(a) : a);

export function stateView(m: XfrmStateMessage): XfrmState {
  const h = m.header;
  const a = m.attrs;
  const f = h.family;
  const v: XfrmState = {
    family: fam(f) === 6 ? 6 : 4,
    src: addrIn(h.saddr, f),
    dst: addrIn(h.id.daddr, f),
    proto: h.id.proto as XfrmProtoName | number,
    spi: h.id.spi,
    reqid: h.reqid,
    mode: h.mode as XfrmModeName | number,
    replayWindow: a.replayEsnVal ? a.replayEsnVal.replayWindow : h.replayWindow,
    flags: h.flags as Array<XfrmStateFlag | number>,
    sel: selectorView(h.sel, f),
    bytes: h.curlft.bytes,
    packets: h.curlft.packets,
    raw: m,
  };
  if (a.algCrypt) v.enc = { name: a.algCrypt.name, key: hex(a.algCrypt.key) };
  if (a.algAuthTrunc) v.auth = { name: a.algAuthTrunc.name, key: hex(a.algAuthTrunc.key), truncLen: a.algAuthTrunc.truncLen };
  else if (a.algAuth) v.auth = { name: a.algAuth.name, key: hex(a.algAuth.key) };
  if (a.algAead) v.aead = { name: a.algAead.name, key: hex(a.algAead.key), icvLen: a.algAead.icvLen };
  if (a.algComp) v.comp = { name: a.algComp.name };
  if (a.encap) v.encap = { type: a.encap.type, sport: a.encap.sport, dport: a.encap.dport, oa: addrIn(a.encap.oa, f) };
  if (a.mark) v.mark = { value: a.mark.v, mask: a.mark.m };
  if (a.setMark !== undefined) v.outputMark = { value: a.setMark, ...(a.setMarkMask !== undefined ? { mask: a.setMarkMask } : {}) };
  if (a.ifId !== undefined) v.ifId = a.ifId;
  return v;
}

export function policyView(m: XfrmPolicyMessage): XfrmPolicy {
  const h = m.header;
  const a = m.attrs;
  const socket = h.dir >= XFRM_POLICY_MAX;
  const dir = socket ? h.dir - XFRM_POLICY_MAX : h.dir;
  const v: XfrmPolicy = {
    sel: selectorView(h.sel, 0),
    dir: XFRM_POLICY_DIR.name(dir) as XfrmDir | number,
    socket,
    action: h.action as 'allow' | 'block' | number,
    priority: h.priority,
    index: h.index,
    ptype: (a.policyType?.type ?? 'main') as 'main' | 'sub' | number,
    flags: h.flags as Array<XfrmPolicyFlag | number>,
    tmpl: (a.tmpl ?? []).map((t) => ({
      family: fam(t.family),
      src: addrIn(t.saddr, t.family),
      dst: addrIn(t.id.daddr, t.family),
      proto: t.id.proto as XfrmProtoName | number,
      spi: t.id.spi,
      reqid: t.reqid,
      mode: t.mode as XfrmModeName | number,
      level: t.optional === 0 ? 'required' : t.optional === 1 ? 'use' : t.optional,
    })),
    raw: m,
  };
  if (a.mark) v.mark = { value: a.mark.v, mask: a.mark.m };
  if (a.ifId !== undefined) v.ifId = a.ifId;
  return v;
}

/** Whether `addr` (text) is in `prefix` (text 'A/PLEN'), comparing the first PLEN bits of the 16-byte forms (ip's xfrm_addr_match). */
function inPrefix(addr: string, prefix: string): boolean {
  const [p, l] = prefix.split('/') as [string, string | undefined];
  const bits = l === undefined ? (addressFamily(p) === 2 ? 32 : 128) : Number(l);
  const a = xaddrBytes(addr);
  const b = xaddrBytes(p);
  for (let i = 0; i < bits; i++) {
    const m = 0x80 >> (i & 7);
    if ((a[i >> 3]! & m) !== (b[i >> 3]! & m)) return false;
  }
  return true;
}

/** Filters of `ip xfrm state list|deleteall` (all optional; matched as ip matches them). */
export interface XfrmStateFilter {
  /** Source address or prefix. */
  src?: string;
  dst?: string;
  proto?: XfrmProtoName | number;
  spi?: number;
  mode?: XfrmModeName;
  reqid?: number;
  /** SAs with any of these flags. */
  flags?: XfrmStateFlag[];
  family?: 4 | 6;
}

/** Filters of `ip xfrm policy list|deleteall`. */
export interface XfrmPolicyFilter {
  sel?: Pick<XfrmSelectorOptions, 'src' | 'dst' | 'proto' | 'sport' | 'dport' | 'ifindex'>;
  dir?: XfrmDir;
  index?: number;
  ptype?: 'main' | 'sub';
  action?: 'allow' | 'block';
  priority?: number;
  flags?: XfrmPolicyFlag[];
  /** Leave out socket policies (`nosock`). */
  nosock?: boolean;
  family?: 4 | 6;
}

const STATE_FILTER_KEYS = ['src', 'dst', 'proto', 'spi', 'mode', 'reqid', 'flags', 'family'] as const;
const POLICY_FILTER_KEYS = ['sel', 'dir', 'index', 'ptype', 'action', 'priority', 'flags', 'nosock', 'family'] as const;

export function stateMatches(m: XfrmStateMessage, f: XfrmStateFilter): boolean {
  const h = m.header;
  if (f.family !== undefined && h.family !== (f.family === 4 ? 2 : 10)) return false;
  if (f.src !== undefined && !inPrefix(h.saddr, f.src)) return false;
  if (f.dst !== undefined && !inPrefix(h.id.daddr, f.dst)) return false;
  if (f.proto !== undefined && XFRM_PROTO.value(h.id.proto) !== XFRM_PROTO.value(f.proto)) return false;
  if (f.spi !== undefined && h.id.spi !== f.spi) return false;
  if (f.mode !== undefined && XFRM_MODE.value(h.mode) !== XFRM_MODE.value(f.mode)) return false;
  if (f.reqid !== undefined && h.reqid !== f.reqid) return false;
  if (f.flags !== undefined && f.flags.length && (flagWordOf(XFRM_STATE, h.flags) & flagWordOf(XFRM_STATE, f.flags)) === 0) return false;
  return true;
}

export function policyMatches(m: XfrmPolicyMessage, f: XfrmPolicyFilter): boolean {
  const h = m.header;
  const s = h.sel;
  if (f.family !== undefined && s.family !== (f.family === 4 ? 2 : 10)) return false;
  if (f.dir !== undefined && h.dir !== XFRM_POLICY_DIR.value(f.dir)) return false;
  if (f.nosock && h.dir >= XFRM_POLICY_MAX) return false;
  if (f.ptype !== undefined && XFRM_POLICY_TYPE.value(m.attrs.policyType?.type ?? 0) !== XFRM_POLICY_TYPE.value(f.ptype)) return false;
  if (f.sel?.src !== undefined && !inPrefix(s.saddr, f.sel.src)) return false;
  if (f.sel?.dst !== undefined && !inPrefix(s.daddr, f.sel.dst)) return false;
  if (f.sel?.ifindex !== undefined && s.ifindex !== f.sel.ifindex) return false;
  if (f.sel?.proto !== undefined && s.proto !== (typeof f.sel.proto === 'number' ? f.sel.proto : Number(f.sel.proto))) return false;
  if (f.sel?.sport !== undefined && s.sport !== f.sel.sport) return false;
  if (f.sel?.dport !== undefined && s.dport !== f.sel.dport) return false;
  if (f.index !== undefined && h.index !== f.index) return false;
  if (f.action !== undefined && h.action !== f.action) return false;
  if (f.priority !== undefined && h.priority !== f.priority) return false;
  if (f.flags !== undefined && f.flags.length && (flagWordOf(XFRM_POLICY_FLAG, h.flags) & flagWordOf(XFRM_POLICY_FLAG, f.flags)) === 0) return false;
  return true;
}

/** SAD size (`ip xfrm state count`). */
export interface XfrmSadInfo {
  count: number;
  hashBuckets?: number;
  maxHashBuckets?: number;
}
/** SPD sizes (`ip xfrm policy count`). */
export interface XfrmSpdInfo {
  in: number;
  out: number;
  fwd: number;
  socketIn: number;
  socketOut: number;
  socketFwd: number;
  hashBuckets?: number;
  maxHashBuckets?: number;
  ipv4Hthresh?: { lbits: number; rbits: number };
  ipv6Hthresh?: { lbits: number; rbits: number };
}

/** The handle's NETLINK_XFRM socket and the two verb groups. */
export class XfrmApi {
  readonly #lazy = new LazySession(() => this.#open(), () => this.core.closed);
  /** SAs: `ip xfrm state ...`. */
  readonly state: XfrmStateApi;
  /** Policies: `ip xfrm policy ...`. */
  readonly policy: XfrmPolicyApi;

  constructor(readonly core: Core, readonly ifindex: (dev: string | number) => Promise<number>) {
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

function options<T extends object>(o: T, keys: readonly string[], what: string): T {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new ValidationError(`${what}: options object expected`);
  checkKeys(o, keys, what);
  return o;
}

/** `h.xfrm.state`: IPsec security associations. */
export class XfrmStateApi {
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
