/** Fixed C structs (struct()) and message bodies: a fixed header followed by attributes (message()). */
import type { Codec, DecodeContext, EncodeContext, EncodeHint } from './codec.js';
import { getLayout } from './codec.js';
import { align4 } from './constants.js';
import { DecodeError, EncodeError } from './errors.js';
import type { AttrSet } from './schema.js';
import { joinPath } from './schema-path.js';
import { describe } from './types.js';
import type { Writer } from './writer.js';

/** Field list of a fixed struct: [key, codec] pairs, codecs of fixed size. */
export type StructFields = ReadonlyArray<readonly [string, Codec<unknown>]>;

/**
 * The decoded object of a struct's field list (padding fields, whose key starts with `_`, left
 * out).
 */
export type StructOf<F extends StructFields> = {
  -readonly [E in F[number] as E[0] extends `_${string}` ? never : E[0]]: E[1] extends Codec<infer V> ? V : never;
};

/**
 * A fixed C struct (ifinfomsg, rta_cacheinfo, rtnl_link_stats64...). Fields whose key starts
 * with '_' are padding and not part of the decoded object. A longer payload (a newer kernel's
 * bigger struct) keeps its extra bytes for re-encoding; a shorter one decodes the fields that fit
 * when `minSize` allows it.
 */
export class StructCodec<T extends object> implements Codec<T> {
  readonly kind = 'struct';
  readonly wire: string;
  readonly size: number;
  readonly offsets: number[] = [];
  readonly minSize: number;
  /** Set by a message codec using this struct as its header: the address family field, if any. */
  familyField: string | undefined;
  /**
   * The address family this struct's own fields are read in, when it holds it itself (xfrm's
   * structs: the family field comes after the addresses). Schema walkers set ctx.family with it.
   */
  contextFamily?(ctx: DecodeContext, off: number, len: number): number | undefined;

  constructor(readonly name: string, readonly fields: StructFields, options: { minSize?: number; familyField?: string } = {}) {
    let size = 0;
    for (const [key, codec] of fields) {
      if (codec.size === undefined) throw new Error(`${name}.${key}: struct fields need a fixed size`);
      this.offsets.push(size);
      size += codec.size;
    }
    this.size = size;
    this.minSize = options.minSize ?? size;
    this.familyField = options.familyField;
    this.wire = `struct ${name}`;
    this.fast = this.compile();
  }

  /** Compiled whole-struct reader (all fields have `read`), or undefined. */
  private readonly fast: ((view: DataView, off: number, le: boolean) => T) | undefined;

  /**
   * Build one function that reads every field into an object literal of constant shape: the
   * struct decode of every dumped message (rtmsg, ifaddrmsg...) becomes a single monomorphic
   * call instead of a loop over field codecs.
   */
  private compile(): ((view: DataView, off: number, le: boolean) => T) | undefined {
    const readers: Array<(v: DataView, o: number, le: boolean) => unknown> = [];
    const props: string[] = [];
    for (let i = 0; i < this.fields.length; i++) {
      const [key, codec] = this.fields[i]!;
      if (key.charCodeAt(0) === 95) continue;
      if (!codec.read || !/^[A-Za-z$][\w$]*$/.test(key)) return undefined;
      props.push(`${key}: r[${readers.length}](v, o + ${this.offsets[i]}, le)`);
      readers.push(codec.read);
    }
    // Field names are checked identifiers and offsets are numbers: nothing user-controlled is compiled.
    return new Function('r', `return function (v, o, le) { return { ${props.join(', ')} }; };`)(readers) as (v: DataView, o: number, le: boolean) => T;
  }

  /**
   * Reads the struct's fields from `len` bytes at `off`; a shorter payload is a DecodeError unless
   * `minSize` allows it, a longer one keeps its tail for re-encoding.
   */
  decode(ctx: DecodeContext, off: number, len: number): T {
    if (len < this.minSize) throw new DecodeError(`struct ${this.name} needs ${this.minSize} bytes, has ${len}`, off);
    if (this.fast && len >= this.size && !ctx.netOrder) {
      if (len > this.size) ctx.tail = ctx.buf.subarray(off + this.size, off + len);
      return this.fast(ctx.view, off, ctx.le);
    }
    const out: Record<string, unknown> = {};
    const fields = this.fields;
    for (let i = 0; i < fields.length; i++) {
      const [key, codec] = fields[i]!;
      const at = this.offsets[i]!;
      if (at + codec.size! > len) break;
      const v = codec.decode(ctx, off + at, codec.size!, out);
      if (key.charCodeAt(0) !== 95 /* _ */) out[key] = v;
    }
    if (len > this.size) ctx.tail = ctx.buf.subarray(off + this.size, off + len);
    return out as T;
  }

  /**
   * Appends the struct's fields (zeros for padding, the remembered tail when re-encoding a decoded
   * value).
   */
  encode(w: Writer, value: T, ctx: EncodeContext, hint?: EncodeHint): void {
    if (typeof value !== 'object' || value === null) throw new EncodeError(`struct ${this.name}: object expected, got ${describe(value)}`);
    const obj = value as Record<string, unknown>;
    const limit = hint && hint.len < this.size ? hint.len : this.size;
    for (let i = 0; i < this.fields.length; i++) {
      const [key, codec] = this.fields[i]!;
      if (this.offsets[i]! + codec.size! > limit) break;
      let v = obj[key];
      if (key.charCodeAt(0) === 95) v = undefined;
      try {
        if (v === undefined) w.zeros(codec.size!);
        else codec.encode(w, v, ctx, undefined, obj);
      } catch (e) {
        if (e instanceof EncodeError) throw new EncodeError(e.message, joinPath(`${this.name}.${key}`, e.path));
        throw e;
      }
    }
    if (hint?.tail) w.bytes(hint.tail);
    for (const key of Object.keys(obj)) {
      if (!this.fields.some(([k]) => k === key) && obj[key] !== undefined) {
        throw new EncodeError(`struct ${this.name} has no field ${JSON.stringify(key)}`);
      }
    }
  }
}

/**
 * A fixed C struct codec from its name and [key, codec] field list (`struct('ifinfomsg',
 * [['family', u8], ...])`).
 */
export function struct<const F extends StructFields>(
  name: string,
  fields: F,
  options?: { minSize?: number; familyField?: string },
): StructCodec<StructOf<F>> {
  return new StructCodec<StructOf<F>>(name, fields, options);
}

/** A family message body: a fixed header then attributes (ifinfomsg + IFLA_*, rtmsg + RTA_*...). */
export interface MessageBody<H, A> {
  header: H;
  attrs: A;
}

/**
 * A fixed header followed by an attribute set. The header's family field (if named) sets the
 * decode context's family for family-dependent attributes. Used for message bodies and for
 * nested messages such as the veth peer (VETH_INFO_PEER: ifinfomsg + IFLA_*).
 */
export class MessageCodec<H extends object, A extends object> implements Codec<MessageBody<H, A>> {
  readonly kind = 'message';
  readonly wire: string;
  constructor(readonly header: StructCodec<H>, readonly attributes: AttrSet<A>) {
    this.wire = `${header.name} + ${attributes.name}`;
  }

  /** Decodes the fixed header, then the attributes after it (aligned to 4). */
  decode(ctx: DecodeContext, off: number, len: number): MessageBody<H, A> {
    const header = this.header.decode(ctx, off, Math.min(len, this.header.size));
    ctx.tail = undefined;
    const savedFamily = ctx.family;
    const ff = this.header.familyField;
    if (ff !== undefined) ctx.family = familyOf(header, ff) ?? ctx.family;
    const start = align4(this.header.size);
    let attrs: A;
    try {
      attrs = len > start ? this.attributes.decode(ctx, off + start, len - start) : ({} as A);
    } finally {
      ctx.family = savedFamily;
    }
    return { header, attrs };
  }

  /** Appends the fixed header, then the attributes. */
  encode(w: Writer, value: MessageBody<H, A>, ctx: EncodeContext): void {
    if (typeof value !== 'object' || value === null) throw new EncodeError(`${this.wire}: {header, attrs} expected`);
    const savedFamily = ctx.family;
    const ff = this.header.familyField;
    const header = value.header ?? ({} as H);
    if (ff !== undefined) ctx.family = familyOf(header, ff) ?? ctx.family;
    this.header.encode(w, header, ctx);
    const attrs = value.attrs;
    if (attrs && (Object.keys(attrs).length > 0 || getLayout(attrs)?.length)) {
      w.align();
      this.attributes.encode(w, attrs, ctx);
    }
    ctx.family = savedFamily;
  }

  pathAt(ctx: DecodeContext, off: number, len: number, target: number): string[] {
    const start = off + align4(this.header.size);
    if (target < start) return ['header'];
    const savedFamily = ctx.family;
    const ff = this.header.familyField;
    if (ff !== undefined && len >= this.header.size) {
      ctx.family = familyOf(this.header.decode(ctx, off, this.header.size), ff) ?? ctx.family;
      ctx.tail = undefined;
    }
    try {
      return this.attributes.pathAt(ctx, start, off + len - start, target);
    } finally {
      ctx.family = savedFamily;
    }
  }
}

/** The header's address family field (ifinfomsg.ifi_family...), read for family-dependent attributes. */
function familyOf(header: object, field: string): number | undefined {
  const v: unknown = (header as Record<string, unknown>)[field];
  return typeof v === 'number' ? v : undefined;
}

/** The body codec of a message type: a fixed header struct followed by an attribute set. */
export function message<H extends object, A extends object>(
  header: StructCodec<H>,
  attributes: AttrSet<A>,
): MessageCodec<H, A> {
  return new MessageCodec(header, attributes);
}
