/**
 * Nests: an attribute set referenced lazily (nest()), arrays of elements as attributes 1..n
 * (indexed()), and the walk over a payload of attributes without a schema (eachAttr, attrPathAt)
 * that such lists (indexed, generic netlink's type-value nests) share.
 */
import type { Codec, DecodeContext, LayoutEntry } from './codec.js';
import { getLayout, setLayout } from './codec.js';
import { NLA_F_NESTED, align4 } from './constants.js';
import { DecodeError, EncodeError } from './errors.js';
import type { AttrSet } from './schema.js';
import { withPath } from './schema-path.js';
import { describe } from './types.js';

/** A nested attribute set referenced lazily (for sets that refer to each other). */
export function nest<T extends object>(get: () => AttrSet<T>): Codec<T> & { readonly target: AttrSet<T> } {
  let set: AttrSet<T> | undefined;
  const resolve = () => (set ??= get());
  return {
    kind: 'nest',
    wire: 'nest',
    /** The nested set (for introspection: tree printers, coverage tables). */
    get target() {
      return resolve();
    },
    decode(ctx, off, len) {
      return resolve().decode(ctx, off, len);
    },
    encode(w, value, ctx) {
      resolve().encode(w, value, ctx);
    },
    pathAt(ctx, off, len, target) {
      return resolve().pathAt(ctx, off, len, target);
    },
  };
}

/**
 * A nest whose children are an array: each child's type is its index (start at `first`), as in
 * the kernel's "indexed-array" (IFLA_BOND_ARP_IP_TARGET, IFLA_VFINFO_LIST...). The children's
 * types are remembered for re-encoding.
 *
 * `nestedFlag` sets NLA_F_NESTED on each child: a kernel that parses a child with
 * nla_parse_nested() (strict) refuses it without the flag, with EINVAL and no extended ACK when
 * it passes no extack (wireguard's WGDEVICE_A_PEERS / WGPEER_A_ALLOWEDIPS children in 6.1).
 */
export function indexed<T>(
  element: Codec<T>,
  first = 1,
  options?: { nestedFlag?: boolean },
): Codec<T[]> & { readonly element: Codec<T>; readonly indexed: true } {
  const childFlags = options?.nestedFlag ? NLA_F_NESTED : 0;
  return {
    kind: 'indexed',
    wire: `indexed ${element.wire}`,
    element,
    indexed: true,
    decode(ctx, off, len, parent) {
      const out: T[] = [];
      const layout: LayoutEntry[] | undefined = ctx.keepLayout ? [] : undefined;
      eachAttr(ctx, off, len, (rawType, payload, plen) => {
        try {
          out.push(element.decode(ctx, payload, plen, parent));
        } catch (e) {
          throw withPath(e, String(out.length), payload);
        }
        if (layout) {
          const entry: LayoutEntry = { rawType, key: null, index: out.length - 1, len: plen };
          if (ctx.tail) entry.tail = ctx.tail;
          layout.push(entry);
        }
        ctx.tail = undefined;
      });
      if (layout) setLayout(out, layout);
      return out;
    },
    encode(w, value, ctx, _hint, parent) {
      if (!Array.isArray(value)) throw new EncodeError(`array expected, got ${describe(value)}`);
      const layout = getLayout(value);
      for (let i = 0; i < value.length; i++) {
        const entry = layout?.[i];
        const start = w.beginAttr(entry ? entry.rawType : (i + first) | childFlags);
        element.encode(w, value[i] as T, ctx, entry, parent);
        w.endAttr(start);
      }
    },
    pathAt(ctx, off, len, target, parent) {
      return attrPathAt(ctx, off, len, target, (i, _rawType, payload, plen, atHeader) =>
        atHeader || !element.pathAt ? [String(i)] : [String(i), ...element.pathAt(ctx, payload, plen, target, parent)],
      );
    },
  };
}

/**
 * Calls `each(rawType, payload, plen)` for every attribute in `len` bytes at `off`, in wire order
 * (NLA_ALIGNTO steps); a truncated header or a length past the end is a DecodeError. `rawType`
 * keeps the NLA_F_* bits.
 */
export function eachAttr(ctx: DecodeContext, off: number, len: number, each: (rawType: number, payload: number, plen: number) => void): void {
  const end = off + len;
  let p = off;
  while (p < end) {
    if (end - p < 4) throw new DecodeError('truncated attribute header', p);
    const nlaLen = ctx.view.getUint16(p, ctx.le);
    const rawType = ctx.view.getUint16(p + 2, ctx.le);
    if (nlaLen < 4 || p + nlaLen > end) throw new DecodeError(`bad attribute length ${nlaLen}`, p);
    each(rawType, p + 4, nlaLen - 4);
    p += align4(nlaLen);
  }
}

/**
 * The attribute path of `target` in a payload of attributes (extended-ACK offsets): `inner` is
 * given the attribute that holds it (its position, raw type and payload) and returns the path; []
 * when no attribute holds it.
 */
export function attrPathAt(
  ctx: DecodeContext,
  off: number,
  len: number,
  target: number,
  inner: (index: number, rawType: number, payload: number, plen: number, atHeader: boolean) => string[],
): string[] {
  let p = off;
  let i = 0;
  while (p + 4 <= off + len) {
    const nlaLen = ctx.view.getUint16(p, ctx.le);
    if (nlaLen < 4) return [];
    if (target >= p && target < p + align4(nlaLen)) return inner(i, ctx.view.getUint16(p + 2, ctx.le), p + 4, nlaLen - 4, target === p);
    p += align4(nlaLen);
    i++;
  }
  return [];
}
