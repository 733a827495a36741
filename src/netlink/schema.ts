/**
 * The declarative schema engine. An attribute set is a compact table:
 *
 *   const linkInfo = attrs('IFLA_INFO_', {
 *     kind: [1, 'KIND', string({ nul: false })],
 *     data: [2, 'DATA', select('kind', linkKinds)],
 *   });
 *
 * key → [type number, kernel name without the prefix, wire type, options]. One table drives
 * encode and decode, and the TypeScript type of a decoded set is inferred from it. Unknown
 * attributes decode to `{ type, bytes }` in `unknown` and re-encode byte for byte; the wire
 * order of every attribute is remembered (when decoding with keepLayout) so that a re-encode of
 * what was decoded gives the same bytes. The table's types (and the decoded type inferred from
 * them) are in schema-table.ts.
 */
import type { Codec, DecodeContext, EncodeContext, EncodeHint, LayoutEntry, UnknownAttr } from './codec.js';
import { MAX_NESTING, getKeyOrder, getLayout, setLayout } from './codec.js';
import { NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLA_TYPE_MASK, align4 } from './constants.js';
import { DecodeError, EncodeError } from './errors.js';
import { describe } from './types.js';
import type { Writer } from './writer.js';
import type { AttrTable, AttrsOf } from './schema-table.js';
import { joinPath, withPath } from './schema-path.js';

export { withPath } from './schema-path.js';
export { attrPathAt, eachAttr, indexed, nest } from './schema-nest.js';

export { Registry, select, type CodecMap, type SelectCodec, type SelectValue } from './schema-select.js';
export { MessageCodec, StructCodec, message, struct, type MessageBody, type StructFields, type StructOf } from './schema-struct.js';

export type { AttrEntry, AttrOptions, AttrTable, AttrsOf, SubMessage } from './schema-table.js';

/**
 * One attribute of an AttrSet as the engine uses it: number, kernel and path names, key, codec,
 * and how it encodes.
 */
export interface AttrSpec {
  readonly type: number;
  /** Full kernel name, e.g. 'IFLA_MTU'. */
  readonly kernelName: string;
  /** Name used in attribute paths (kernel name without prefix, lower case), e.g. 'mtu'. */
  readonly pathName: string;
  readonly key: string;
  readonly codec: Codec<unknown>;
  readonly multi: boolean;
  readonly encodeFlags: number;
  /** Exact payload size the codec needs, or -1 (variable, or a struct that tolerates other sizes). */
  readonly exactSize: number;
  /** Payload sizes the codec accepts when it has several (NLA_UINT), else undefined. */
  readonly sizes: readonly number[] | undefined;
}

/** A multi-valued attribute: every occurrence is kept, in order, as an array. */
export interface MultiCodec<T> extends Codec<T[]> {
  readonly multi: true;
  readonly element: Codec<T>;
}

/** Repeat an attribute (IFLA_ALT_IFNAME in IFLA_PROP_LIST, ...): decodes to an array of all occurrences. */
export function multi<T>(element: Codec<T>): MultiCodec<T> {
  return {
    kind: 'multi',
    wire: `${element.wire}*`,
    multi: true,
    element,
    // The attribute-set engine handles multi codecs itself; these run only if used elsewhere.
    decode(ctx, off, len, parent) {
      return [element.decode(ctx, off, len, parent)];
    },
    encode(w, value, ctx, hint, parent) {
      for (const v of value) element.encode(w, v, ctx, hint, parent);
    },
    ...(element.pathAt ? { pathAt: element.pathAt.bind(element) } : {}),
  };
}

function isMulti(codec: Codec<unknown>): codec is MultiCodec<unknown> {
  return (codec as MultiCodec<unknown>).multi === true;
}

/** An attribute set: a codec whose payload is a sequence of attributes. */
export class AttrSet<T extends object> implements Codec<T> {
  readonly kind = 'attrs';
  readonly wire = 'nest';
  readonly byType: Array<AttrSpec | undefined> = [];
  readonly byKey = new Map<string, AttrSpec>();
  readonly specs: AttrSpec[] = [];

  constructor(
    /** Kernel prefix, e.g. 'IFLA_'. */
    readonly prefix: string,
    table: AttrTable,
    /** Name of this set for documentation (e.g. 'link-attrs'). */
    readonly name: string,
  ) {
    for (const [key, entry] of Object.entries(table)) {
      const [type, suffix, codec, options] = entry;
      if (this.byType[type]) throw new Error(`${name}: duplicate attribute type ${type}`);
      const multi = isMulti(codec);
      const spec: AttrSpec = {
        type,
        kernelName: prefix + suffix,
        pathName: suffix.toLowerCase(),
        key,
        codec: multi ? (codec as MultiCodec<unknown>).element : codec,
        multi,
        encodeFlags: (options?.nestedFlag ? NLA_F_NESTED : 0) | (options?.netByteOrderFlag ? NLA_F_NET_BYTEORDER : 0),
        exactSize: 0,
        sizes: (multi ? (codec as MultiCodec<unknown>).element : codec).sizes,
      };
      const c = spec.codec;
      (spec as { exactSize: number }).exactSize = c.size !== undefined && c.kind !== 'struct' ? c.size : -1;
      this.byType[type] = spec;
      this.byKey.set(key, spec);
      this.specs.push(spec);
    }
  }

  /**
   * Decodes the attributes in `len` bytes at `off` into an object keyed by the table's keys;
   * unknown attributes go to `unknown`. Throws DecodeError for a malformed attribute header.
   */
  decode(ctx: DecodeContext, off: number, len: number): T {
    // An explicit bound instead of a stack overflow: a deeper input is a DecodeError, always,
    // whatever stack the caller has left. (On a throw the counter is reset per message body.)
    const depth = (ctx.depth ?? 0) + 1;
    if (depth > MAX_NESTING) throw new DecodeError(`attributes nested deeper than ${MAX_NESTING} levels`, off);
    ctx.depth = depth;
    const obj: Record<string, unknown> = {};
    const view = ctx.view;
    const le = ctx.le;
    const end = off + len;
    const layout: LayoutEntry[] | undefined = ctx.keepLayout ? [] : undefined;
    let deferred: Deferred[] | undefined;
    // Where each single-valued attribute last occurred: built at the first duplicate only, then
    // kept up to date, so that repeated attributes cost O(1) each (a datagram of 1 MiB of
    // repeated IFLA_MTU from an untrusted capture must not be quadratic).
    let last: Map<AttrSpec, Occurrence> | undefined;
    let p = off;
    while (p < end) {
      if (end - p < 4) throw new DecodeError(`truncated attribute header (${end - p} bytes left)`, p);
      const nlaLen = view.getUint16(p, le);
      const rawType = view.getUint16(p + 2, le);
      if (nlaLen < 4) throw new DecodeError(`attribute length ${nlaLen} < 4`, p);
      if (p + nlaLen > end) {
        throw new DecodeError(
          `attribute type ${rawType & NLA_TYPE_MASK} of length ${nlaLen} overruns its container (${end - p} bytes left)`,
          p,
        );
      }
      const spec = this.byType[rawType & NLA_TYPE_MASK];
      const payload = p + 4;
      const plen = nlaLen - 4;
      p += align4(nlaLen);
      if (spec === undefined) {
        pushUnknown(obj, ctx, rawType, payload, plen, undefined, layout);
        continue;
      }
      const codec = spec.codec;
      if ((spec.exactSize >= 0 && plen !== spec.exactSize) || (spec.sizes !== undefined && !spec.sizes.includes(plen))) {
        // A fixed-size type with the wrong length: keep the bytes, never guess.
        pushUnknown(obj, ctx, rawType, payload, plen, 'length', layout);
        continue;
      }
      const entry: LayoutEntry | undefined = layout ? { rawType, key: spec.key, index: -1, len: plen } : undefined;
      if (!spec.multi && obj[spec.key] !== undefined) {
        last ??= this.lastOccurrences(ctx, off, payload - 4, layout, deferred);
        demoteDuplicate(obj, ctx, spec, last, layout);
      }
      if (codec.deferred) {
        let index = -1;
        if (spec.multi) {
          const list = (obj[spec.key] ??= []) as unknown[];
          index = list.push(undefined) - 1;
          if (entry) entry.index = index;
        } else obj[spec.key] = null; // placeholder so that a duplicate is noticed
        const d: Deferred = { spec, payload, plen, rawType, entry, index };
        (deferred ??= []).push(d);
        if (last && !spec.multi) last.set(spec, { payload, plen, rawType, entry, deferred: d });
      } else {
        const value = decodeOne(spec, ctx, payload, plen, rawType, obj);
        if (entry && ctx.tail !== undefined) entry.tail = ctx.tail;
        ctx.tail = undefined;
        if (spec.multi) {
          const list = (obj[spec.key] ??= []) as unknown[];
          const index = list.push(value) - 1;
          if (entry) entry.index = index;
        } else {
          obj[spec.key] = value;
          if (last) last.set(spec, { payload, plen, rawType, entry, deferred: undefined });
        }
      }
      if (layout && entry) layout.push(entry);
    }
    if (deferred) {
      for (const d of deferred) {
        if (d.dropped) continue;
        const value = decodeOne(d.spec, ctx, d.payload, d.plen, d.rawType, obj);
        if (d.entry && ctx.tail !== undefined) d.entry.tail = ctx.tail;
        ctx.tail = undefined;
        if (d.spec.multi) (obj[d.spec.key] as unknown[])[d.index] = value;
        else obj[d.spec.key] = value;
      }
    }
    if (layout) setLayout(obj, layout);
    ctx.depth = depth - 1;
    return obj as T;
  }

  /**
   * The last occurrence of every single-valued attribute stored so far in this set (from
   * `setStart` up to `before`): one pass, run at the first duplicate of a set only.
   */
  private lastOccurrences(
    ctx: DecodeContext,
    setStart: number,
    before: number,
    layout: LayoutEntry[] | undefined,
    deferred: Deferred[] | undefined,
  ): Map<AttrSpec, Occurrence> {
    const last = new Map<AttrSpec, Occurrence>();
    // The layout entries and deferred decodes of stored values, in wire order.
    let li = 0;
    let di = 0;
    for (let q = setStart; q + 4 <= before; ) {
      const l = ctx.view.getUint16(q, ctx.le);
      const t = ctx.view.getUint16(q + 2, ctx.le);
      const spec = this.byType[t & NLA_TYPE_MASK];
      const plen = l - 4;
      const stored = spec !== undefined && !(spec.exactSize >= 0 && plen !== spec.exactSize) && !(spec.sizes !== undefined && !spec.sizes.includes(plen));
      let entry: LayoutEntry | undefined;
      if (layout) {
        // Every attribute has one layout entry, stored or not, in wire order.
        entry = layout[li++];
      }
      if (stored) {
        let d: Deferred | undefined;
        if (spec.codec.deferred) d = deferred?.[di++];
        if (!spec.multi) last.set(spec, { payload: q + 4, plen, rawType: t, entry: entry?.key === spec.key ? entry : undefined, deferred: d });
      }
      q += align4(l);
    }
    return last;
  }

  /**
   * Appends the object's attributes in schema order (or in the decoded layout, when one was
   * recorded); throws EncodeError for an unknown key or a value the codec cannot carry.
   */
  encode(w: Writer, value: T, ctx: EncodeContext): void {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new EncodeError(`${this.name}: object expected, got ${describe(value)}`);
    }
    const obj = value as Record<string, unknown>;
    const layout = getLayout(obj);
    let done: Set<string> | undefined;
    let multiDone: Map<string, Set<number>> | undefined;
    let unknownDone: Set<number> | undefined;
    if (layout) {
      done = new Set();
      for (const entry of layout) {
        if (entry.key === null) {
          const u = (obj.unknown as UnknownAttr[] | undefined)?.[entry.index];
          if (!u) continue;
          (unknownDone ??= new Set()).add(entry.index);
          writeUnknown(w, u, entry.rawType);
          continue;
        }
        const spec = this.byKey.get(entry.key);
        if (!spec) continue;
        let v: unknown;
        if (spec.multi) {
          v = (obj[spec.key] as unknown[] | undefined)?.[entry.index];
          if (v !== undefined) {
            let s = (multiDone ??= new Map()).get(spec.key);
            if (!s) multiDone.set(spec.key, (s = new Set<number>()));
            s.add(entry.index);
          }
        } else {
          v = obj[spec.key];
          done.add(spec.key);
        }
        if (v === undefined) continue;
        this.writeAttr(w, spec, entry.rawType, v, ctx, entry, obj);
      }
    } else {
      const order = getKeyOrder(obj);
      if (order) {
        done = new Set();
        for (const key of order) {
          const spec = this.byKey.get(key);
          if (!spec || spec.multi || done.has(key)) continue;
          done.add(key);
          const v = obj[key];
          if (v !== undefined) this.writeAttr(w, spec, spec.type | spec.encodeFlags, v, ctx, undefined, obj);
        }
      }
    }
    for (const spec of this.specs) {
      const v = obj[spec.key];
      if (v === undefined || done?.has(spec.key)) continue;
      if (spec.multi) {
        if (!Array.isArray(v)) throw new EncodeError(`array expected, got ${describe(v)}`, `${this.name}.${spec.key}`);
        const seen = multiDone?.get(spec.key);
        for (let i = 0; i < v.length; i++) {
          if (seen?.has(i) || v[i] === undefined) continue;
          this.writeAttr(w, spec, spec.type | spec.encodeFlags, v[i], ctx, undefined, obj);
        }
      } else {
        this.writeAttr(w, spec, spec.type | spec.encodeFlags, v, ctx, undefined, obj);
      }
    }
    const unknown = obj.unknown as UnknownAttr[] | undefined;
    if (unknown) {
      for (let i = 0; i < unknown.length; i++) {
        if (unknownDone?.has(i)) continue;
        const u = unknown[i]!;
        writeUnknown(w, u, u.type | (u.nested ? NLA_F_NESTED : 0) | (u.netByteOrder ? NLA_F_NET_BYTEORDER : 0));
      }
    }
    for (const key of Object.keys(obj)) {
      if (key !== 'unknown' && !this.byKey.has(key) && obj[key] !== undefined) {
        throw new EncodeError(`unknown attribute key ${JSON.stringify(key)}`, this.name);
      }
    }
  }

  private writeAttr(
    w: Writer,
    spec: AttrSpec,
    rawType: number,
    value: unknown,
    ctx: EncodeContext,
    hint: EncodeHint | undefined,
    parent: Record<string, unknown>,
  ): void {
    const start = w.beginAttr(rawType);
    try {
      spec.codec.encode(w, value, ctx, hint, parent);
    } catch (e) {
      if (e instanceof EncodeError) throw new EncodeError(e.message.replace(/^[^:]*: /, ''), joinPath(spec.key, e.path));
      throw new EncodeError(String((e as Error)?.message ?? e), spec.key);
    }
    if (hint && spec.codec.padToHint) {
      const written = w.pos - start - 4;
      if (hint.len > written) w.zeros(hint.len - written);
    }
    w.endAttr(start);
  }

  pathAt(ctx: DecodeContext, off: number, len: number, target: number): string[] {
    const view = ctx.view;
    const end = off + len;
    let parent: Record<string, unknown> | undefined;
    let p = off;
    while (p + 4 <= end) {
      const nlaLen = view.getUint16(p, ctx.le);
      if (nlaLen < 4 || p + nlaLen > end) return [];
      const type = view.getUint16(p + 2, ctx.le) & NLA_TYPE_MASK;
      if (target >= p && target < p + align4(nlaLen)) {
        const spec = this.byType[type];
        if (!spec) return [`${this.prefix}${type}`];
        if (target === p || !spec.codec.pathAt) return [spec.pathName];
        if (spec.codec.deferred) {
          try {
            parent = this.decode({ ...ctx, keepLayout: false }, off, len) as Record<string, unknown>;
          } catch {
            parent = undefined;
          }
        }
        return [spec.pathName, ...spec.codec.pathAt(ctx, p + 4, nlaLen - 4, target, parent)];
      }
      p += align4(nlaLen);
    }
    return [];
  }
}

/** Where a single-valued attribute last occurred in the set being decoded. */
interface Occurrence {
  payload: number;
  plen: number;
  rawType: number;
  /** Its layout entry (decoding with keepLayout). */
  entry: LayoutEntry | undefined;
  /** Its pending decode, for deferred codecs. */
  deferred: Deferred | undefined;
}

/**
 * A second occurrence of a single-valued attribute: the last one wins (as in the kernel's
 * nla_parse) and the earlier copy moves to `unknown` with reason 'duplicate', keeping its
 * place in the layout.
 */
function demoteDuplicate(obj: Record<string, unknown>, ctx: DecodeContext, spec: AttrSpec, last: Map<AttrSpec, Occurrence>, layout: LayoutEntry[] | undefined): void {
  const prev = last.get(spec);
  if (!prev) return;
  last.delete(spec);
  const unknown = (obj.unknown ??= []) as UnknownAttr[];
  const index = unknown.push(makeUnknown(prev.rawType, ctx.buf.subarray(prev.payload, prev.payload + prev.plen), 'duplicate')) - 1;
  if (layout && prev.entry) {
    prev.entry.key = null;
    prev.entry.index = index;
  }
  if (prev.deferred) prev.deferred.dropped = true;
}

interface Deferred {
  spec: AttrSpec;
  payload: number;
  plen: number;
  rawType: number;
  entry: LayoutEntry | undefined;
  index: number;
  dropped?: boolean;
}

function decodeOne(
  spec: AttrSpec,
  ctx: DecodeContext,
  payload: number,
  plen: number,
  rawType: number,
  parent: Record<string, unknown>,
): unknown {
  ctx.netOrder = (rawType & NLA_F_NET_BYTEORDER) !== 0;
  try {
    return spec.codec.decode(ctx, payload, plen, parent);
  } catch (e) {
    throw withPath(e, spec.pathName, payload);
  } finally {
    ctx.netOrder = false;
  }
}

function pushUnknown(
  obj: Record<string, unknown>,
  ctx: DecodeContext,
  rawType: number,
  payload: number,
  plen: number,
  reason: UnknownAttr['reason'],
  layout: LayoutEntry[] | undefined,
): void {
  const unknown = (obj.unknown ??= []) as UnknownAttr[];
  const index = unknown.push(makeUnknown(rawType, ctx.buf.subarray(payload, payload + plen), reason)) - 1;
  if (layout) layout.push({ rawType, key: null, index, len: plen });
}

function makeUnknown(rawType: number, bytes: Uint8Array, reason: UnknownAttr['reason']): UnknownAttr {
  const u: UnknownAttr = { type: rawType & NLA_TYPE_MASK, bytes };
  if (rawType & NLA_F_NESTED) u.nested = true;
  if (rawType & NLA_F_NET_BYTEORDER) u.netByteOrder = true;
  if (reason) u.reason = reason;
  return u;
}

function writeUnknown(w: Writer, u: UnknownAttr, rawType: number): void {
  if (!(u.bytes instanceof Uint8Array)) throw new EncodeError(`unknown attribute ${u.type}: bytes must be a Uint8Array`);
  const start = w.beginAttr(rawType);
  w.bytes(u.bytes);
  w.endAttr(start);
}

/** Define an attribute set from a table. */
export function attrs<T extends AttrTable>(prefix: string, table: T, name = prefix.toLowerCase().replace(/_$/, '')): AttrSet<AttrsOf<T>> {
  return new AttrSet<AttrsOf<T>>(prefix, table, name);
}
