/**
 * xfrm_address_t: a 16-byte union whose family is not in it but in the struct around it
 * (xfrm_selector.family, xfrm_usersa_info.family, xfrm_user_tmpl.family...). `FamilyStruct`
 * sets the decode/encode context's family from its own family field before its addresses are
 * read, and `xaddr` reads the address with it:
 *
 * - AF_INET: 'a.b.c.d' from the first 4 bytes, when the other 12 are zero;
 * - anything else (AF_INET6, AF_UNSPEC, an AF_INET address with bytes past the first 4): the
 *   IPv6 text of all 16 bytes, so that nothing is lost and a re-encode gives the same bytes.
 *
 * Encoding takes either text whatever the family ('a.b.c.d' fills the first 4 bytes).
 */
import type { Codec, DecodeContext, EncodeContext, EncodeHint } from '../netlink/codec.js';
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from '../netlink/address.js';
import { DecodeError, EncodeError } from '../netlink/errors.js';
import { StructCodec, type StructFields } from '../netlink/schema.js';
import { describe } from '../netlink/types.js';
import type { Writer } from '../netlink/writer.js';

export const AF_INET = 2;
export const AF_INET6 = 10;

/** The 16 bytes of an xfrm_address_t from its text ('a.b.c.d' or IPv6). */
export function xaddrBytes(text: string): Uint8Array {
  if (typeof text !== 'string') throw new EncodeError(`address string expected, got ${describe(text)}`);
  const out = new Uint8Array(16);
  out.set(text.includes(':') ? parseIPv6(text) : parseIPv4(text));
  return out;
}

/** The text of an xfrm_address_t's bytes for a family (see the file comment). */
export function xaddrText(buf: Uint8Array, off: number, family: number): string {
  if (family === AF_INET) {
    let rest = 0;
    for (let i = 4; i < 16; i++) rest |= buf[off + i]!;
    if (rest === 0) return formatIPv4(buf, off);
  }
  return formatIPv6(buf, off);
}

/** xfrm_address_t read with the family of the enclosing struct (ctx.family). */
export const xaddr: Codec<string> = {
  wire: 'xfrm_address_t',
  size: 16,
  decode(ctx, off, len) {
    if (len < 16) throw new DecodeError(`xfrm_address_t needs 16 bytes, has ${len}`, off);
    return xaddrText(ctx.buf, off, ctx.family);
  },
  encode(w, value) {
    w.bytes(xaddrBytes(value));
  },
};

/**
 * A struct holding xfrm_address_t fields and the family they are in (`familyField`, read first
 * at its offset so that addresses before it decode with it).
 */
export class FamilyStruct<T extends object> extends StructCodec<T> {
  readonly #familyKey: string;
  readonly #familyOffset: number;

  constructor(name: string, fields: StructFields, familyKey: string, options: { minSize?: number } = {}) {
    super(name, fields, options);
    const i = fields.findIndex(([k]) => k === familyKey);
    if (i < 0) throw new Error(`${name}: no field ${familyKey}`);
    this.#familyKey = familyKey;
    this.#familyOffset = this.offsets[i]!;
  }

  override contextFamily(ctx: DecodeContext, off: number, len: number): number | undefined {
    return len >= this.#familyOffset + 2 ? ctx.view.getUint16(off + this.#familyOffset, ctx.le) : undefined;
  }

  override decode(ctx: DecodeContext, off: number, len: number): T {
    const saved = ctx.family;
    const family = this.contextFamily(ctx, off, len);
    if (family !== undefined) ctx.family = family;
    try {
      return super.decode(ctx, off, len);
    } finally {
      ctx.family = saved;
    }
  }

  override encode(w: Writer, value: T, ctx: EncodeContext, hint?: EncodeHint): void {
    const saved = ctx.family;
    const f = (value as Record<string, unknown> | null)?.[this.#familyKey];
    if (typeof f === 'number') ctx.family = f;
    try {
      super.encode(w, value, ctx, hint);
    } finally {
      ctx.family = saved;
    }
  }
}

/** A `FamilyStruct` from a field list (the `struct()` of structs holding xfrm_address_t and their family). */
export function familyStruct<const F extends StructFields>(
  name: string,
  fields: F,
  familyKey: string,
): FamilyStruct<import('../netlink/schema.js').StructOf<F>> {
  return new FamilyStruct(name, fields, familyKey);
}
