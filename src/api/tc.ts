/**
 * `handle.tc`: traffic control (`tc qdisc|class|filter ...`). Objects are named by handles in
 * tc's notation (`'1:'`, `'1:10'`, `'root'`, `'ingress'`, `'clsact'`); options are typed per kind
 * (a discriminated union on `kind`), with rates, sizes and times in tc's units (`'1mbit'`,
 * `'15k'`, `'10ms'`) or as plain numbers (bytes per second, bytes, microseconds). Requests carry
 * the bytes iproute2's `tc` sends for the same command.
 */
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_REPLACE, NLM_F_REQUEST } from '../netlink/constants.js';
import { ValidationError } from '../netlink/errors.js';
import type { Request } from '../netlink/message.js';
import {
  RTM_DELQDISC, RTM_DELTCLASS, RTM_DELTFILTER, RTM_GETQDISC, RTM_GETTCLASS, RTM_GETTFILTER, RTM_NEWQDISC, RTM_NEWTCLASS,
  RTM_NEWTFILTER,
} from '../rtnl/constants.js';
import {
  fifoOptions, fqCodelOptions, htbClassOptions, htbQdiscOptions, netemOptions, tbfOptions,
  type FifoOptions, type FqCodelOptions, type HtbClassOptions, type HtbQdiscOptions, type NetemOptions, type TbfOptions,
} from '../rtnl/tc/builders.js';
import { TC_H_INGRESS, TC_H_MAKE, TC_H_ROOT, TC_H_MIN_EGRESS, TC_H_MIN_INGRESS } from '../rtnl/tc/constants.js';
import type { TcAttrs, TcMessage } from '../rtnl/tc/schema.js';
import type { Core } from './core.js';
import type { LinkApi } from './link.js';

/** A handle or class id in tc's notation: `'1:'`, `'1:10'`, `':10'`, `'root'`, `'none'`, or the 32-bit number. */
export type TcHandle = string | number;

/** iproute2's get_tc_classid: `'root'`, `'none'`, `'MAJ:MIN'` (hex), `'MAJ:'`, `':MIN'`. */
export function parseClassid(s: string): number | undefined {
  if (s === 'root') return TC_H_ROOT;
  if (s === 'none') return 0;
  const m = /^([0-9a-fA-F]*)(?::([0-9a-fA-F]*))?$/.exec(s);
  if (!m || (m[1] === '' && m[2] === undefined)) return undefined;
  const maj = m[1] === '' ? 0 : parseInt(m[1]!, 16);
  if (m[2] === undefined) return maj >>> 0 === maj && maj <= 0xffffffff ? maj : undefined;
  const min = m[2] === '' ? 0 : parseInt(m[2], 16);
  if (maj >= 0x10000 || min >= 0x10000 || (m[2] === '' && m[1] !== '' && false)) return undefined;
  return ((maj << 16) | min) >>> 0;
}
/** iproute2's get_qdisc_handle: `'1:'` or `'1'` (hex major), `'none'`. */
export function parseQdiscHandle(s: string): number | undefined {
  if (s === 'none') return 0;
  const m = /^([0-9a-fA-F]+):?$/.exec(s);
  if (!m) return undefined;
  const maj = parseInt(m[1]!, 16);
  return maj < 0x10000 ? (maj << 16) >>> 0 : undefined;
}
/** print_tc_classid */
export function formatClassid(h: number): string {
  h >>>= 0;
  if (h === TC_H_ROOT) return 'root';
  if (h === 0) return 'none';
  const maj = h >>> 16;
  const min = h & 0xffff;
  if (maj === 0) return `:${min.toString(16)}`;
  if (min === 0) return `${maj.toString(16)}:`;
  return `${maj.toString(16)}:${min.toString(16)}`;
}

function handleOf(v: TcHandle, field: string, qdisc: boolean): number {
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new ValidationError(`${field}: a 32-bit handle expected`, field);
    return v;
  }
  const h = typeof v === 'string' ? (qdisc ? parseQdiscHandle(v) : parseClassid(v)) : undefined;
  if (h === undefined) throw new ValidationError(`${field}: ${qdisc ? "a qdisc handle such as '1:'" : "a class id such as '1:10' or 'root'"} expected, got ${JSON.stringify(v)}`, field);
  return h;
}

/** The device a tc object belongs to (`dev DEV`). */
export interface TcTarget {
  /** The device (name or ifindex). */
  dev: string | number;
}
/** Where a qdisc goes: `parent: 'root' | 'ingress' | 'clsact' | '1:10'`, and its own `handle`. */
export interface QdiscPlace extends TcTarget {
  parent?: TcHandle | 'ingress' | 'clsact';
  handle?: TcHandle;
}
/** Kinds with typed options; `{ kind, options }` with raw TCA_OPTIONS attributes works for any other kind. */
export type QdiscAddOptions = QdiscPlace &
  (
    | ({ kind: 'htb' } & HtbQdiscOptions)
    | ({ kind: 'tbf' } & TbfOptions)
    | ({ kind: 'pfifo' | 'bfifo' | 'pfifo_head_drop' } & FifoOptions)
    | ({ kind: 'netem' } & NetemOptions)
    | ({ kind: 'fq_codel' } & FqCodelOptions)
    | { kind: 'ingress' | 'clsact' | 'mq' | 'noqueue' }
    | { kind: string; options?: unknown; raw: true }
  );
/** `tc qdisc del dev DEV [root | parent P | ingress | clsact] [handle H] [KIND]`. */
export type QdiscDeleteOptions = QdiscPlace & { kind?: string };
/**
 * `tc class add dev DEV parent P classid C KIND OPTIONS...`: htb has typed options; any other kind
 * takes `{ raw: true, options }` (its TCA_OPTIONS attributes).
 */
export type ClassAddOptions = TcTarget & { parent?: TcHandle; classid?: TcHandle } & (({ kind: 'htb' } & HtbClassOptions) | { kind: string; options?: unknown; raw: true });

/** A qdisc, class or filter as the kernel reports it, with tc's names for its place. */
export interface TcObject {
  dev: string | undefined;
  ifindex: number;
  kind: string | undefined;
  handle: string;
  parent: string;
  /** The decoded message (options, statistics, unknown attributes). */
  message: TcMessage;
}

/** Kind-specific TCA_OPTIONS of a qdisc (or undefined: no TCA_OPTIONS at all). */
function qdiscOptions(o: Record<string, unknown>): unknown {
  const { dev: _d, parent: _p, handle: _h, kind, raw, options, ...rest } = o;
  if (raw) return options;
  switch (kind) {
    case 'htb': return htbQdiscOptions(rest as HtbQdiscOptions);
    case 'tbf': return tbfOptions(rest as unknown as TbfOptions);
    case 'pfifo': case 'bfifo': case 'pfifo_head_drop': return fifoOptions(rest as FifoOptions);
    case 'netem': return netemOptions(rest as NetemOptions);
    case 'fq_codel': return fqCodelOptions(rest as FqCodelOptions);
    case 'ingress': case 'clsact': case 'mq': case 'noqueue':
      if (Object.keys(rest).some((k) => rest[k] !== undefined)) throw new ValidationError(`${kind} takes no options (got ${Object.keys(rest).join(', ')})`);
      return undefined;
    default:
      throw new ValidationError(`qdisc kind ${JSON.stringify(kind)} has no typed options here; pass { kind, raw: true, options } with TCA_OPTIONS attributes`, 'kind');
  }
}

/** Queueing disciplines (`handle.tc.qdisc`): `tc qdisc add|replace|change|del|show`. */
export class TcQdiscApi {
  constructor(private readonly tc: TcApi) {}
  /** `tc qdisc add dev DEV [parent P | root | ingress | clsact] [handle H] KIND OPTIONS...` */
  add(o: QdiscAddOptions): Promise<void> {
    return this.tc.modify(RTM_NEWQDISC, NLM_F_CREATE | NLM_F_EXCL, o, 'qdisc');
  }
  /** `tc qdisc replace ...` (create or replace) */
  replace(o: QdiscAddOptions): Promise<void> {
    return this.tc.modify(RTM_NEWQDISC, NLM_F_CREATE | NLM_F_REPLACE, o, 'qdisc');
  }
  /** `tc qdisc change ...` (must exist) */
  change(o: QdiscAddOptions): Promise<void> {
    return this.tc.modify(RTM_NEWQDISC, 0, o, 'qdisc');
  }
  /** `tc qdisc del dev DEV [parent P | root | ingress | clsact] [handle H]` */
  delete(o: QdiscDeleteOptions): Promise<void> {
    return this.tc.modify(RTM_DELQDISC, 0, { ...o, raw: true, kind: o.kind ?? '' } as QdiscAddOptions, 'qdisc');
  }
  /** `tc qdisc show [dev DEV]` */
  list(o: { dev?: string | number; invisible?: boolean } = {}): Promise<TcObject[]> {
    return this.tc.list(RTM_GETQDISC, o.dev, o.invisible ? { dumpInvisible: true } : {});
  }
}

/** Classes of classful qdiscs (`handle.tc.class`): `tc class add|replace|change|del|show`. */
export class TcClassApi {
  constructor(private readonly tc: TcApi) {}
  /** `tc class add dev DEV parent P classid C KIND OPTIONS...` */
  add(o: ClassAddOptions): Promise<void> {
    return this.tc.modify(RTM_NEWTCLASS, NLM_F_CREATE | NLM_F_EXCL, o, 'class');
  }
  /** `tc class replace ...` */
  replace(o: ClassAddOptions): Promise<void> {
    return this.tc.modify(RTM_NEWTCLASS, NLM_F_CREATE, o, 'class');
  }
  /** `tc class change ...` */
  change(o: ClassAddOptions): Promise<void> {
    return this.tc.modify(RTM_NEWTCLASS, 0, o, 'class');
  }
  /** `tc class del dev DEV classid C` */
  delete(o: TcTarget & { parent?: TcHandle; classid: TcHandle }): Promise<void> {
    return this.tc.modify(RTM_DELTCLASS, 0, { ...o, kind: '', raw: true } as ClassAddOptions, 'class');
  }
  /** `tc class show dev DEV` */
  list(o: { dev: string | number }): Promise<TcObject[]> {
    return this.tc.list(RTM_GETTCLASS, o.dev, {});
  }
}

/** Filters (classifiers) with their actions (`handle.tc.filter`): `tc filter add|del|show`. */
export class TcFilterApi {
  constructor(private readonly tc: TcApi) {}
  /**
   * `tc filter add dev DEV [parent P | ingress | egress] [prio N] [protocol P] [handle H] KIND ...`
   * with the kind's TCA_OPTIONS as attributes (`options`), e.g. `{ kind: 'matchall', options: { act: [...] } }`.
   */
  async add(o: TcTarget & { parent?: TcHandle | 'ingress' | 'egress'; prio?: number; protocol?: number; handle?: number; chain?: number; kind: string; options?: unknown }): Promise<void> {
    const ifindex = await this.tc.index(o.dev);
    const parent = o.parent === 'ingress' ? TC_H_MAKE(TC_H_INGRESS, TC_H_MIN_INGRESS) : o.parent === 'egress' ? TC_H_MAKE(TC_H_INGRESS, TC_H_MIN_EGRESS) : o.parent === undefined ? 0 : handleOf(o.parent, 'parent', false);
    const proto = o.protocol ?? 0x0003; // ETH_P_ALL
    const info = (((o.prio ?? 0) << 16) | ((proto >> 8) & 0xff) | ((proto & 0xff) << 8)) >>> 0;
    const attrs: Record<string, unknown> = { kind: o.kind };
    if (o.chain !== undefined) attrs.chain = o.chain;
    if (o.options !== undefined) attrs.options = o.options;
    await this.tc.core.request({
      type: RTM_NEWTFILTER,
      flags: NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL,
      body: { header: { family: 0, ifindex, handle: o.handle ?? 0, parent, info }, attrs },
    });
  }
  /** `tc filter show dev DEV [parent P]` */
  list(o: { dev: string | number; parent?: TcHandle | 'ingress' | 'egress' }): Promise<TcObject[]> {
    const parent = o.parent === 'ingress' ? TC_H_MAKE(TC_H_INGRESS, TC_H_MIN_INGRESS) : o.parent === 'egress' ? TC_H_MAKE(TC_H_INGRESS, TC_H_MIN_EGRESS) : o.parent === undefined ? 0 : handleOf(o.parent, 'parent', false);
    return this.tc.list(RTM_GETTFILTER, o.dev, {}, parent);
  }
  /** `tc filter del dev DEV [parent P] [prio N]` */
  async delete(o: TcTarget & { parent?: TcHandle | 'ingress' | 'egress'; prio?: number }): Promise<void> {
    const ifindex = await this.tc.index(o.dev);
    const parent = o.parent === 'ingress' ? TC_H_MAKE(TC_H_INGRESS, TC_H_MIN_INGRESS) : o.parent === 'egress' ? TC_H_MAKE(TC_H_INGRESS, TC_H_MIN_EGRESS) : o.parent === undefined ? 0 : handleOf(o.parent, 'parent', false);
    await this.tc.core.request({ type: RTM_DELTFILTER, flags: NLM_F_REQUEST | NLM_F_ACK, body: { header: { family: 0, ifindex, handle: 0, parent, info: ((o.prio ?? 0) << 16) >>> 0 }, attrs: {} } });
  }
}

/**
 * Traffic control of a handle's namespace (`handle.tc`): qdiscs, classes and filters, as `tc`
 * manages them. Changes need CAP_NET_ADMIN; the kernel's refusals are NetlinkError with its
 * extended-ACK message.
 */
export class TcApi {
  /** Queueing disciplines: `tc qdisc ...` */
  readonly qdisc = new TcQdiscApi(this);
  /** Classes of classful qdiscs: `tc class ...` */
  readonly class = new TcClassApi(this);
  /** Filters (classifiers): `tc filter ...` */
  readonly filter = new TcFilterApi(this);

  constructor(readonly core: Core, private readonly links: LinkApi) {}

  /** @internal */
  index(dev: string | number): Promise<number> {
    return this.links.resolver().index(dev, 'dev');
  }

  /** @internal The request `tc qdisc|class add|change|replace|delete` sends. */
  async request(type: number, flags: number, o: Record<string, unknown>, what: 'qdisc' | 'class'): Promise<Request<TcMessage>> {
    if (typeof o !== 'object' || o === null) throw new ValidationError(`${what} options expected`);
    if (o.dev === undefined) throw new ValidationError(`${what}: "dev" is required`, 'dev');
    if (typeof o.kind !== 'string') throw new ValidationError(`${what}: "kind" is required`, 'kind');
    const ifindex = await this.index(o.dev as string | number);
    let parent = 0;
    let handle = 0;
    const p = o.parent;
    if (what === 'qdisc' && (p === 'ingress' || p === 'clsact')) {
      parent = TC_H_INGRESS;
      handle = TC_H_MAKE(TC_H_INGRESS, 0);
    } else if (p !== undefined) parent = handleOf(p as TcHandle, 'parent', false);
    const h = what === 'qdisc' ? o.handle : o.classid;
    if (h !== undefined) handle = handleOf(h as TcHandle, what === 'qdisc' ? 'handle' : 'classid', what === 'qdisc');
    const attrs: TcAttrs = {};
    if (o.kind) attrs.kind = o.kind;
    const options = what === 'qdisc'
      ? qdiscOptions(o)
      : o.raw ? o.options : o.kind === 'htb' ? htbClassOptions((({ dev: _d, parent: _p, classid: _c, kind: _k, ...rest }) => rest)(o) as unknown as HtbClassOptions) : undefined;
    if (what === 'class' && !o.raw && o.kind !== 'htb') throw new ValidationError(`class kind ${JSON.stringify(o.kind)} has no typed options here; pass { kind, raw: true, options }`, 'kind');
    // TCA_OPTIONS of a kind named at run time: the codec TCA_KIND selects checks it when encoding.
    if (options !== undefined) Object.assign(attrs, { options });
    return { type, flags: NLM_F_REQUEST | NLM_F_ACK | flags, body: { header: { family: 0, ifindex, handle, parent, info: 0 }, attrs } };
  }

  /** @internal */
  async modify(type: number, flags: number, o: object, what: 'qdisc' | 'class'): Promise<void> {
    await this.core.request(await this.request(type, flags, o as Record<string, unknown>, what));
  }

  /** @internal A dump (qdiscs, classes or filters), filtered to one device when given. */
  async list(type: number, dev: string | number | undefined, attrs: TcAttrs, parent = 0): Promise<TcObject[]> {
    const ifindex = dev === undefined ? 0 : await this.index(dev);
    const bodies = await this.core.dump<TcMessage>({
      type,
      flags: NLM_F_REQUEST | NLM_F_DUMP,
      body: { header: { family: 0, ifindex, handle: 0, parent, info: 0 }, attrs },
    });
    const names = await this.links.names();
    return bodies
      .filter((b) => !ifindex || b.header.ifindex === ifindex)
      .map((b) => ({
        dev: names.get(b.header.ifindex),
        ifindex: b.header.ifindex,
        kind: b.attrs.kind,
        handle: formatClassid(b.header.handle),
        parent: formatClassid(b.header.parent),
        message: b,
      }));
  }
}
