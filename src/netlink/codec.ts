/**
 * The codec contract every wire type implements, and the contexts passed through a decode or an
 * encode. Codecs are plain objects with monomorphic `decode`/`encode` methods; attribute sets,
 * structs and messages are codecs too, so they nest freely.
 */
import type { Writer } from './writer.js';

/** One attribute as it was on the wire, kept so a re-encode can repeat it byte for byte. */
export interface LayoutEntry {
  /** nla_type as received, NLA_F_NESTED / NLA_F_NET_BYTEORDER bits included. */
  rawType: number;
  /** Key in the decoded object, or null for an entry of `unknown`. */
  key: string | null;
  /** Index in a multi-valued key's array or in `unknown`; -1 for single values. */
  index: number;
  /** Payload length as received (without header and padding). */
  len: number;
  /** Bytes past the part a struct codec understood (a newer kernel's longer struct). */
  tail?: Uint8Array;
}

/** What a codec may remember about the bytes it decoded, handed back when re-encoding. */
export interface EncodeHint {
  len: number;
  tail?: Uint8Array;
}

/**
 * The state a decode carries through the codecs of one datagram: the bytes, byte order and what
 * the enclosing headers said.
 */
export interface DecodeContext {
  /** The whole input (datagram); offsets are relative to it. */
  readonly buf: Uint8Array;
  /** A DataView over exactly `buf`. */
  readonly view: DataView;
  /** Byte order of host-order integers. */
  readonly le: boolean;
  /** Keep attribute order and exact lengths for byte-exact re-encoding. */
  readonly keepLayout: boolean;
  /** Address family from the enclosing fixed header (ifa_family, rtm_family...), for family-dependent addresses. */
  family: number;
  /** Set by the attribute-set decoder while decoding an attribute whose NLA_F_NET_BYTEORDER bit is set. */
  netOrder: boolean;
  /** A struct codec leaves unread trailing bytes here for the attribute-set decoder to record. */
  tail: Uint8Array | undefined;
  /** Attribute sets being decoded around the current one (bounded by MAX_NESTING). */
  depth?: number;
  /** The message being decoded carries NLM_F_REQUEST (sent by userspace); generic netlink bodies need the direction. */
  requestMessage?: boolean;
  /** nlmsg_flags of the message being decoded: an xfrm GETSA/GETPOLICY with NLM_F_DUMP has no fixed header. */
  messageFlags?: number;
}

/**
 * Deepest nesting of attribute sets a decode accepts. A datagram can hold ~5000 levels of
 * veth-in-veth (IFLA_LINKINFO → IFLA_INFO_DATA → VETH_INFO_PEER → ...) in 64 KiB, enough to
 * overflow the stack of a worker or of deeply nested caller code; real messages stay below 10
 * (the kernel itself validates nested policies at most 10 deep).
 */
export const MAX_NESTING = 64;

/**
 * The state an encode carries through the codecs: byte order and the address family of the
 * enclosing header.
 */
export interface EncodeContext {
  readonly le: boolean;
  family: number;
}

/**
 * What shape a codec has, for the code that walks schemas (the inspector, coverage tables):
 * 'attrs' an AttrSet, 'message' fixed header + attributes, 'struct' a fixed C struct (a longer or
 * shorter payload is its business, not a length error), 'nest' a reference with `target`,
 * 'select' a sub-message chosen by a sibling, 'resolve' a codec chosen at decode time
 * (`resolve(ctx, parent)`), 'indexed'/'array'/'multi' repeated elements, 'enum'/'flags' named
 * numbers. Absent: a scalar leaf.
 */
export type CodecKind = 'attrs' | 'message' | 'struct' | 'nest' | 'select' | 'resolve' | 'indexed' | 'array' | 'multi' | 'enum' | 'flags';

/** A wire type: how one value is laid out in an attribute payload (or a struct field). */
export interface Codec<T> {
  /** Shape tag for schema walkers; absent for scalar leaves. */
  readonly kind?: CodecKind;
  /** Wire type name, for documentation, coverage tables and the decode tree printer (never parsed). */
  readonly wire: string;
  /** Fixed payload size in bytes, when there is one. */
  readonly size?: number;
  /** The payload sizes this type accepts, when it has several (NLA_UINT: 4 or 8). */
  readonly sizes?: readonly number[];
  /** Decoding needs sibling attributes (a sub-message chosen by a selector): decode after the others. */
  readonly deferred?: boolean;
  /** Pad the payload with zeros to the length it had when decoded (strings with trailing NULs). */
  readonly padToHint?: boolean;
  /**
   * Reads the value in `len` bytes at `off` of `ctx.buf`; throws DecodeError when the bytes do not
   * fit the type. `parent` holds the sibling attributes decoded so far.
   */
  decode(ctx: DecodeContext, off: number, len: number, parent: Record<string, unknown> | undefined): T;
  /**
   * For fixed-size scalars: read the value straight from a DataView (host order `le`), with no
   * context. Struct codecs compile their field reads from these.
   */
  readonly read?: (view: DataView, off: number, le: boolean) => T;
  /**
   * Appends `value` to `w`; throws EncodeError for a value the type cannot carry. `hint` is what
   * decoding remembered (for byte-exact re-encoding), `parent` the sibling values.
   */
  encode(w: Writer, value: T, ctx: EncodeContext, hint: EncodeHint | undefined, parent: Record<string, unknown> | undefined): void;
  /**
   * Attribute path (kernel names) of the attribute that starts at or contains `target`, for
   * extended-ACK offsets. Only codecs whose payload holds attributes implement it.
   */
  pathAt?(ctx: DecodeContext, off: number, len: number, target: number, parent: Record<string, unknown> | undefined): string[];
}

/** The decoded type of a codec. */
export type ValueOf<C> = C extends Codec<infer V> ? V : never;

/** An attribute the schema does not know, kept as received. */
export interface UnknownAttr {
  /** nla_type without the NLA_F_* bits. */
  type: number;
  /** Payload (a view into the input when decoded). */
  bytes: Uint8Array;
  /** NLA_F_NESTED was set. */
  nested?: boolean;
  /** NLA_F_NET_BYTEORDER was set. */
  netByteOrder?: boolean;
  /** Why a known type ended up here: 'duplicate' (an earlier copy of a single-valued attribute) or 'length' (payload size not what the type needs). */
  reason?: 'duplicate' | 'length';
}

const layouts = new WeakMap<object, LayoutEntry[]>();

/** The wire layout recorded when `value` was decoded with keepLayout, if any. */
export function getLayout(value: object): LayoutEntry[] | undefined {
  return layouts.get(value);
}
/**
 * Records the wire layout of a decoded value (what `getLayout` returns), so that encoding it again
 * reproduces the same bytes.
 */
export function setLayout(value: object, layout: LayoutEntry[]): void {
  layouts.set(value, layout);
}
const keyOrders = new WeakMap<object, readonly string[]>();

/**
 * Encode these attributes of `value` first, in this order (then the others in schema order):
 * for requests that must match another tool's byte for byte (iproute2 sends some attribute sets
 * in an order of its own). A recorded wire layout (keepLayout) takes precedence.
 */
export function setKeyOrder<T extends object>(value: T, keys: readonly string[]): T {
  keyOrders.set(value, keys);
  return value;
}
/** The attribute order set by {@link setKeyOrder} on `value`, if any. */
export function getKeyOrder(value: object): readonly string[] | undefined {
  return keyOrders.get(value);
}

/** Forget the wire layout: the next encode uses schema order and canonical lengths. */
export function dropLayout(value: object): void {
  layouts.delete(value);
}

/**
 * A fresh DecodeContext over `buf`: byte order `le`, whether to record layouts, and the starting
 * address family.
 */
export function makeDecodeContext(buf: Uint8Array, le: boolean, keepLayout: boolean, family = 0): DecodeContext {
  return {
    buf,
    view: new DataView(buf.buffer, buf.byteOffset, buf.byteLength),
    le,
    keepLayout,
    family,
    netOrder: false,
    tail: undefined,
    depth: 0,
    requestMessage: false,
  };
}
