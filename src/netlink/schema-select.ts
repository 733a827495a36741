/** Sub-messages: a registry of codecs keyed by a selector value, and the select() codec over it. */
import type { Codec } from './codec.js';
import { EncodeError } from './errors.js';
import { binary, describe } from './types.js';

/**
 * What a typed registry knows at compile time: selector value → codec, as an interface that
 * kind modules extend by declaration merging (see LinkKindCodecs in src/rtnl/link/registry.ts).
 */
export type CodecMap = object;
/** The decoded type of a codec in a registry's map. */
export type CodecValue<C> = C extends Codec<infer V> ? V : never;

/**
 * A registry of sub-message codecs keyed by a selector value (a link kind, an encap type...).
 * `M` names, for the type checker, the codec of each known key: `select()` over a registry with
 * a map decodes to a discriminated union by selector (see SubMessage). A key registered outside
 * `M` still works at run time and types as the fallback (bytes).
 */
export class Registry<K extends string | number = string, M extends CodecMap = {}> {
  private readonly map = new Map<K, Codec<unknown>>();
  constructor(readonly name: string) {}
  /** Registers `codec` for `key`; a key of `M` must come with the codec type `M` names for it. */
  register<N extends K>(key: N, codec: N extends keyof M ? M[N] : Codec<unknown>): this {
    this.map.set(key, codec as Codec<unknown>);
    return this;
  }
  /** The codec registered for `key`, if any. */
  get(key: K): Codec<unknown> | undefined {
    return this.map.get(key);
  }
  /** Whether a codec is registered for `key`. */
  has(key: K): boolean {
    return this.map.has(key);
  }
  /** The registered keys, in registration order. */
  keys(): K[] {
    return [...this.map.keys()];
  }
}

/** The value a select() codec decodes to: one of the registered codecs' values, or bytes for an unknown selector. */
export type SelectValue<M extends CodecMap> = [keyof M] extends [never] ? unknown : { [N in keyof M]: CodecValue<M[N]> }[keyof M] | Uint8Array;

/** A sub-message codec chosen by the sibling attribute `SK` among the codecs of `M`. */
export interface SelectCodec<SK extends string, M extends CodecMap> extends Codec<SelectValue<M>> {
  readonly kind: 'select';
  readonly selectorKey: SK;
  readonly registry: Registry<string | number, M>;
}

/**
 * A sub-message chosen by a sibling attribute (the selector), e.g. IFLA_INFO_DATA by
 * IFLA_INFO_KIND. The selector must be declared before this attribute in the table, so that it is
 * always encoded first. Unknown selector values decode to raw bytes (a Uint8Array). In an
 * attribute table, the pair (selector, sub-message) types as a discriminated union (SubMessage).
 */
export function select<const SK extends string, K extends string | number, M extends CodecMap>(
  selectorKey: SK,
  registry: Registry<K, M>,
): SelectCodec<SK, M> {
  const anyKeyRegistry = registry as unknown as Registry<string | number, M>;
  const pick = (parent: Record<string, unknown> | undefined): Codec<unknown> => {
    const sel = parent?.[selectorKey];
    return (sel !== undefined && anyKeyRegistry.get(sel as string | number)) || binary;
  };
  return {
    kind: 'select',
    wire: `sub-message(${selectorKey})`,
    selectorKey,
    registry: anyKeyRegistry,
    deferred: true,
    decode(ctx, off, len, parent) {
      return pick(parent).decode(ctx, off, len, parent) as SelectValue<M>;
    },
    encode(w, value, ctx, hint, parent) {
      const codec = value instanceof Uint8Array ? binary : pick(parent);
      if (codec === binary && !(value instanceof Uint8Array)) {
        throw new EncodeError(`no sub-message for ${selectorKey} = ${describe(parent?.[selectorKey])} in ${registry.name}; give raw bytes`);
      }
      codec.encode(w, value, ctx, hint, parent);
    },
    pathAt(ctx, off, len, target, parent) {
      return pick(parent).pathAt?.(ctx, off, len, target, parent) ?? [];
    },
  };
}
