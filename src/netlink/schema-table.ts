/**
 * An attribute table (key → [type number, kernel name, codec, options]) and the TypeScript type
 * an AttrSet built from it decodes to: plain attributes as optional values, each selector and its
 * sub-message as a discriminated union (docs/decisions.md "Data model").
 */
import type { Codec, UnknownAttr } from './codec.js';
import type { CodecMap, CodecValue, SelectCodec } from './schema-select.js';

/** Per-attribute encoding options (the fourth element of an AttrEntry). */
export interface AttrOptions {
  /** Set NLA_F_NESTED on encode (the kernel requires it for some newer nests, e.g. IFLA_PROP_LIST). */
  nestedFlag?: boolean;
  /** Set NLA_F_NET_BYTEORDER on encode. */
  netByteOrderFlag?: boolean;
}

/**
 * One row of an attribute table: the kernel's attribute number, its name (`IFLA_MTU`), its codec
 * and options.
 */
export type AttrEntry = readonly [type: number, name: string, codec: Codec<unknown>, options?: AttrOptions];
/**
 * An attribute table: camelCase keys (docs/decisions.md "Keys") to AttrEntry rows, what `attrs()`
 * builds an AttrSet from.
 */
export type AttrTable = Record<string, AttrEntry>;

type EntryValue<E> = E extends readonly [number, string, Codec<infer V>, ...unknown[]] ? V : never;
type SelectOf<E> = E extends readonly [number, string, infer C, ...unknown[]] ? (C extends SelectCodec<infer SK, infer M> ? { sk: SK; map: M } : never) : never;
/** Keys of the table's sub-messages (select codecs over a typed registry). */
type SelectKeys<T extends AttrTable> = { [K in keyof T]: SelectOf<T[K]> extends { map: infer M } ? (HasKeys<M> extends true ? K : never) : never }[keyof T];
/** Keys of the selectors those sub-messages follow. */
type SelectorKeys<T extends AttrTable> = { [K in SelectKeys<T>]: SelectOf<T[K]> extends { sk: infer SK } ? SK : never }[SelectKeys<T>];
type HasKeys<M> = [keyof M] extends [never] ? false : true;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/**
 * The selector and its sub-message as a discriminated union: one variant per codec the registry's
 * map names (`{ kind: 'vxlan'; data?: vxlan's attributes }`), and one for selector values without
 * a schema (`{ kind?: string; data?: Uint8Array }`, the bytes kept as they came).
 */
export type SubMessage<SK extends string, DK extends PropertyKey, M extends CodecMap> =
  | { [N in keyof M & string]: { [P in SK]: N } & { [P in DK]?: CodecValue<M[N]> } }[keyof M & string]
  | ({ [P in SK]?: string } & { [P in DK]?: Uint8Array });

/** Each sub-message's union boxed (so that several of them intersect as unions, not variant by variant), then unboxed. */
type SubMessagesOf<T extends AttrTable> = Unbox<UnionToIntersection<
  { [K in SelectKeys<T>]: SelectOf<T[K]> extends { sk: infer SK extends string; map: infer M extends CodecMap } ? { box: SubMessage<SK, K, M> } : never }[SelectKeys<T>]
>>;
type Unbox<B> = B extends { box: unknown } ? B['box'] : never;

/** The decoded object type of an attribute table (sub-messages as discriminated unions by their selector). */
export type AttrsOf<T extends AttrTable> = {
  -readonly [K in Exclude<keyof T, SelectKeys<T> | SelectorKeys<T>>]?: EntryValue<T[K]>;
} & ([SelectKeys<T>] extends [never] ? unknown : SubMessagesOf<T>) & { unknown?: UnknownAttr[] };
