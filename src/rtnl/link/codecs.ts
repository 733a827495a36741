/**
 * Wire types the link schemas need beyond the generic engine: a fixed-size MAC for structs,
 * lazy references (the veth peer is a whole link message), codecs chosen by the address family
 * of the enclosing ifinfomsg (IFLA_PROTINFO, IFLA_AF_SPEC), and the IFLA_INFO_SLAVE_DATA
 * selector (by IFLA_INFO_SLAVE_KIND, or by an IFLA_INFO_KIND 'X_slave' as iproute2 sends it).
 */
import type { Codec, ValueOf } from '../../netlink/codec.js';
import { DecodeError, EncodeError } from '../../netlink/errors.js';
import { formatMac, parseMac } from '../../netlink/address.js';
import type { CodecMap, Registry, SelectValue } from '../../netlink/schema.js';
import { binary, describe } from '../../netlink/types.js';

/** A link-layer address of exactly `size` bytes (for struct fields: ifla_bridge_id.addr...). */
export function macOf(size: number): Codec<string> {
  return {
    wire: `mac[${size}]`,
    size,
    decode(ctx, off) {
      return formatMac(ctx.buf, off, size);
    },
    encode(w, value) {
      if (typeof value !== 'string') throw new EncodeError(`MAC address string expected, got ${describe(value)}`);
      const b = parseMac(value);
      if (b.length !== size) throw new EncodeError(`MAC address of ${size} bytes expected, got ${b.length}`);
      w.bytes(b);
    },
  };
}

/** A codec resolved on first use (breaks cycles such as linkAttrs → veth → peer message → linkAttrs). */
export function lazy<T>(get: () => Codec<T>, wire = 'lazy'): Codec<T> & { readonly target: Codec<T> } {
  let c: Codec<T> | undefined;
  const r = () => (c ??= get());
  return {
    kind: 'nest',
    wire,
    /** The referenced codec (for introspection: tree printers, coverage tables). */
    get target() {
      return r();
    },
    decode(ctx, off, len, parent) {
      return r().decode(ctx, off, len, parent);
    },
    encode(w, value, ctx, hint, parent) {
      r().encode(w, value, ctx, hint, parent);
    },
    pathAt(ctx, off, len, target, parent) {
      return r().pathAt?.(ctx, off, len, target, parent) ?? [];
    },
  };
}

/** A codec chosen by the address family of the enclosing header (what byFamily returns). */
export interface FamilyCodec<T = unknown> extends Codec<T> {
  /** The codecs by address family (AF_*). */
  readonly map: Readonly<Record<number, Codec<unknown>>>;
  /** The codec of families without an entry. */
  readonly fallback: Codec<unknown>;
  /** The codec for the address family of `ctx` (the fallback for a family without one). */
  resolve(ctx: { family: number }): Codec<unknown>;
}

/**
 * A payload whose layout depends on the address family of the enclosing fixed header
 * (ifi_family): e.g. IFLA_PROTINFO holds IFLA_BRPORT_* for AF_BRIDGE and IFLA_INET6_* for
 * AF_INET6. Families without an entry use `fallback`.
 */
export function byFamily<M extends Readonly<Record<number, Codec<unknown>>>, F extends Codec<unknown> = typeof binary>(
  wire: string,
  map: M,
  fallback: F = binary as Codec<unknown> as F,
): FamilyCodec<ValueOf<M[keyof M]> | ValueOf<F>> {
  const pick = (family: number): Codec<unknown> => map[family] ?? fallback;
  return {
    kind: 'resolve',
    wire,
    /** Introspection (tree printers, coverage tables): the codecs by family, and the one for a context. */
    map,
    fallback,
    /** The codec for the address family of `ctx` (the fallback for a family without one). */
    resolve(ctx: { family: number }) {
      return pick(ctx.family);
    },
    decode(ctx, off, len, parent) {
      // The codec the family names decodes to its own member of the union.
      return pick(ctx.family).decode(ctx, off, len, parent) as ValueOf<M[keyof M]> | ValueOf<F>;
    },
    encode(w, value, ctx, hint, parent) {
      const c = value instanceof Uint8Array ? binary : pick(ctx.family);
      c.encode(w, value, ctx, hint, parent);
    },
    pathAt(ctx, off, len, target, parent) {
      return pick(ctx.family).pathAt?.(ctx, off, len, target, parent) ?? [];
    },
  };
}

/** The IFLA_INFO_SLAVE_DATA codec slaveSelect returns. */
export interface SlaveSelectCodec<M extends CodecMap> extends Codec<SelectValue<M>> {
  /** The slave kinds' codecs (bridge_slave's IFLA_BRPORT_*, bond_slave's IFLA_BOND_SLAVE_*...). */
  readonly registry: Registry<string, M>;
  /** The codec for the slave kind the sibling attributes name (bytes when unknown). */
  resolve(ctx: unknown, parent: Record<string, unknown> | undefined): Codec<unknown>;
}

/**
 * IFLA_INFO_SLAVE_DATA: chosen by the sibling IFLA_INFO_SLAVE_KIND (kernel answers), or by
 * IFLA_INFO_KIND 'bridge_slave' / 'bond_slave' (iproute2's `ip link set X type bridge_slave ...`
 * requests carry no SLAVE_KIND). Unknown kinds stay raw bytes.
 */
export function slaveSelect<M extends CodecMap>(
  registry: Registry<string, M>,
): SlaveSelectCodec<M> {
  const pick = (parent: Record<string, unknown> | undefined): Codec<unknown> => {
    let kind = parent?.slaveKind;
    if (kind === undefined && typeof parent?.kind === 'string' && parent.kind.endsWith('_slave')) {
      kind = parent.kind.slice(0, -'_slave'.length);
    }
    return (typeof kind === 'string' && registry.get(kind)) || binary;
  };
  return {
    kind: 'resolve',
    wire: 'sub-message(slaveKind)',
    deferred: true,
    /** Introspection (tree printers, coverage tables): the registry, and the codec for given siblings. */
    registry,
    resolve(_ctx: unknown, parent: Record<string, unknown> | undefined) {
      return pick(parent);
    },
    decode(ctx, off, len, parent) {
      return pick(parent).decode(ctx, off, len, parent) as SelectValue<M>;
    },
    encode(w, value, ctx, hint, parent) {
      const codec = value instanceof Uint8Array ? binary : pick(parent);
      if (codec === binary && !(value instanceof Uint8Array)) {
        throw new EncodeError(`no slave data schema for ${describe(parent?.slaveKind ?? parent?.kind)}; give raw bytes`);
      }
      codec.encode(w, value, ctx, hint, parent);
    },
    pathAt(ctx, off, len, target, parent) {
      return pick(parent).pathAt?.(ctx, off, len, target, parent) ?? [];
    },
  };
}

/**
 * An attribute the kernel accepts as NLA_FLAG but reports as a u8 (IFLA_VXLAN_TTL_INHERIT):
 * an empty payload decodes to `true`, one byte to its number; `true` encodes as a flag, a
 * number as a u8.
 */
export const flagOrU8: Codec<true | number> = {
  wire: 'flag|u8',
  decode(ctx, off, len) {
    if (len === 0) return true;
    if (len === 1) return ctx.view.getUint8(off);
    throw new DecodeError(`flag or u8 expected, got ${len} bytes`, off);
  },
  encode(w, value) {
    if (value === true) return;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 255) {
      throw new EncodeError(`true or a u8 expected, got ${describe(value)}`);
    }
    w.u8(value);
  },
};
