/**
 * Wire types YNL specs use that rtnetlink's schemas did not need: NLA_SINT (`sint`) and
 * `nest-type-value` (a nest whose children's types are values, e.g. nlctrl's
 * CTRL_ATTR_POLICY: policy index → attribute type → policy attributes).
 */
import type { Codec, LayoutEntry } from '../netlink/codec.js';
import { getLayout, setLayout } from '../netlink/codec.js';
import { NLA_TYPE_MASK } from '../netlink/constants.js';
import { DecodeError, EncodeError } from '../netlink/errors.js';
import { attrPathAt, eachAttr, withPath } from '../netlink/schema.js';
import type { EnumDef } from '../netlink/enums.js';
import { describe, mapped } from '../netlink/types.js';

/** NLA_SINT: a signed integer of 4 or 8 bytes (the kernel picks the smaller that fits); a number when safe, else a bigint. */
export const sint: Codec<number | bigint> = {
  wire: 'sint',
  sizes: [4, 8],
  decode(ctx, off, len) {
    const le = ctx.netOrder ? false : ctx.le;
    if (len === 4) return ctx.view.getInt32(off, le);
    if (len === 8) {
      const v = ctx.view.getBigInt64(off, le);
      return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
    }
    throw new DecodeError(`sint needs 4 or 8 bytes, has ${len}`, off);
  },
  encode(w, value, ctx, hint) {
    let v: bigint;
    if (typeof value === 'bigint') v = value;
    else if (typeof value === 'number' && Number.isInteger(value)) v = BigInt(value);
    else throw new EncodeError(`sint expects a bigint or integer, got ${describe(value)}`);
    if (v < -(2n ** 63n) || v >= 2n ** 63n) throw new EncodeError(`sint out of range: ${v}`);
    if (v < -(2n ** 31n) || v >= 2n ** 31n || hint?.len === 8) w.i64(v, ctx.le);
    else w.i32(Number(v), ctx.le);
  },
};

/**
 * One level of a `nest-type-value` attribute: each child attribute's type is a value named by
 * `key` (e.g. `policyId`), its payload the next level (or the innermost attribute set).
 */
export type TypeValueEntry<K extends string, V> = { [P in K]: number } & { value: V };

/**
 * `nest-type-value` with one level per name in `keys`: decodes to arrays of
 * `{ [key]: type, value }` in wire order (types and order kept for byte-exact re-encoding).
 */
export function typeValue<V>(
  keys: readonly string[],
  inner: Codec<V>,
): Codec<Array<Record<string, unknown>>> & { readonly levels: readonly string[]; readonly inner: Codec<V> } {
  if (keys.length === 0) throw new Error('typeValue needs at least one level');
  const key = keys[0]!;
  const next: Codec<unknown> = keys.length > 1 ? typeValue(keys.slice(1), inner) : inner;
  return {
    wire: `type-value(${keys.join(', ')})`,
    /** The level names and the innermost codec (for introspection: JSON conversion, tree printers). */
    levels: keys,
    inner,
    decode(ctx, off, len, parent) {
      const out: Array<Record<string, unknown>> = [];
      const layout: LayoutEntry[] | undefined = ctx.keepLayout ? [] : undefined;
      eachAttr(ctx, off, len, (rawType, payload, plen) => {
        let value: unknown;
        try {
          value = next.decode(ctx, payload, plen, parent);
        } catch (e) {
          throw withPath(e, String(rawType & NLA_TYPE_MASK), payload);
        }
        out.push({ [key]: rawType & NLA_TYPE_MASK, value });
        if (layout) layout.push({ rawType, key: null, index: out.length - 1, len: plen });
      });
      if (layout) setLayout(out, layout);
      return out;
    },
    encode(w, value, ctx, _hint, parent) {
      if (!Array.isArray(value)) throw new EncodeError(`array of { ${key}, value } expected, got ${describe(value)}`);
      const layout = getLayout(value);
      for (let i = 0; i < value.length; i++) {
        const entry = value[i] as Record<string, unknown> | undefined;
        const type = entry?.[key];
        if (typeof type !== 'number' || !Number.isInteger(type) || type < 0 || type > NLA_TYPE_MASK) {
          throw new EncodeError(`${key} must be an attribute type (0..${NLA_TYPE_MASK}), got ${describe(type)}`, String(i));
        }
        const l = layout?.[i];
        const start = w.beginAttr(l && (l.rawType & NLA_TYPE_MASK) === type ? l.rawType : type);
        next.encode(w, entry!.value, ctx, undefined, parent);
        w.endAttr(start);
      }
    },
    pathAt(ctx, off, len, target, parent) {
      return attrPathAt(ctx, off, len, target, (_i, rawType, payload, plen, atHeader) => {
        const seg = String(rawType & NLA_TYPE_MASK);
        return atHeader || !next.pathAt ? [seg] : [seg, ...next.pathAt(ctx, payload, plen, target, parent)];
      });
    },
  };
}

/**
 * Little-endian integers whatever the host (`byte-order: little-endian` in a spec: nl80211's
 * IEEE 802.11 structs are little-endian on the air and in the attribute).
 */
function littleEndian(size: 2 | 4, signed: boolean): Codec<number> {
  const wire = `${signed ? 's' : 'u'}${size * 8}le`;
  const min = signed ? -(2 ** (size * 8 - 1)) : 0;
  const max = signed ? 2 ** (size * 8 - 1) - 1 : 2 ** (size * 8) - 1;
  const read =
    size === 2
      ? signed ? (v: DataView, o: number) => v.getInt16(o, true) : (v: DataView, o: number) => v.getUint16(o, true)
      : signed ? (v: DataView, o: number) => v.getInt32(o, true) : (v: DataView, o: number) => v.getUint32(o, true);
  return {
    wire,
    size,
    read,
    decode(ctx, off, len) {
      if (len < size) throw new DecodeError(`${wire} needs ${size} bytes, has ${len}`, off);
      return read(ctx.view, off);
    },
    encode(w, value) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
        throw new EncodeError(`${wire} expects an integer in ${min}..${max}, got ${describe(value)}`);
      }
      if (size === 2) signed ? w.i16(value, true) : w.u16(value, true);
      else signed ? w.i32(value, true) : w.u32(value, true);
    },
  };
}
/**
 * A 16-bit unsigned integer in little-endian order whatever the host (fields YNL specs declare
 * `byte-order: little-endian`).
 */
export const u16le = littleEndian(2, false);
/** A 32-bit unsigned integer in little-endian order whatever the host. */
export const u32le = littleEndian(4, false);
/** A 16-bit signed integer in little-endian order whatever the host. */
export const s16le = littleEndian(2, true);
/** A 32-bit signed integer in little-endian order whatever the host. */
export const s32le = littleEndian(4, true);

/** A 64-bit (u64 / uint) flag word as names; bits without a name stay numbers. */
export function flagsOfWide<N extends string>(base: Codec<bigint> | Codec<number | bigint>, def: EnumDef<N>): Codec<Array<N | number>> {
  const codec = mapped<number | bigint, Array<N | number>>(
    base as Codec<number | bigint>,
    `flags ${def.prefix}`,
    (word) => {
      const out: Array<N | number> = [];
      let v = BigInt(word);
      for (let i = 0; v !== 0n && i < 64; i++) {
        const bit = 1n << BigInt(i);
        if (v & bit) {
          out.push(def.names.get(Number(bit)) ?? Number(bit));
          v &= ~bit;
        }
      }
      return out;
    },
    (names) => {
      if (typeof names === 'number' || typeof names === 'bigint') return names;
      if (!Array.isArray(names)) throw new EncodeError(`flag list expected, got ${describe(names)}`);
      let word = 0n;
      for (const n of names) word |= BigInt(def.value(n as string | number));
      return word;
    },
  );
  return base.sizes ? { ...codec, sizes: base.sizes } : codec;
}

/** A 64-bit (u64 / uint) enum value as its name; unknown values stay numbers (bigints past 2^53). */
export function enumOfWide<N extends string>(base: Codec<bigint> | Codec<number | bigint>, def: EnumDef<N>): Codec<N | number | bigint> {
  const codec = mapped<number | bigint, N | number | bigint>(
    base as Codec<number | bigint>,
    `enum ${def.prefix}`,
    (v) => (typeof v === 'bigint' && v > BigInt(Number.MAX_SAFE_INTEGER) ? v : def.name(Number(v))),
    (v) => (typeof v === 'bigint' ? v : BigInt(def.value(v))),
  );
  return base.sizes ? { ...codec, sizes: base.sizes } : codec;
}
