/**
 * Named constants both ways (name ↔ number), and the codecs that decode enum values to names
 * and flag words to arrays of names. Unknown numbers stay numbers, so nothing is lost.
 */
import type { Codec } from './codec.js';
import { EncodeError } from './errors.js';
import { describe, mapped } from './types.js';

/**
 * A table of named kernel numbers (made by `defineEnum`): name ↔ value both ways, the spelling
 * iproute2 prints.
 */
export interface EnumDef<N extends string = string> {
  /** Kernel prefix, e.g. 'RTN_'. */
  readonly prefix: string;
  readonly names: ReadonlyMap<number, N>;
  readonly values: ReadonlyMap<string, number>;
  /** 1 → 'unicast' (or the number itself when unknown). */
  name(value: number): N | number;
  /** 'unicast' (or 'RTN_UNICAST', or a number, or a numeric string) → 1. Throws EncodeError when unknown. */
  value(name: string | number): number;
}

/**
 * Define an enum from `{ name: number }`. Lookups by name also accept the kernel spelling
 * (prefix + upper case) and are case-insensitive.
 */
export function defineEnum<const T extends Record<string, number>>(prefix: string, table: T): EnumDef<Extract<keyof T, string>> {
  type N = Extract<keyof T, string>;
  const names = new Map<number, N>();
  const values = new Map<string, number>();
  for (const [name, value] of Object.entries(table)) {
    if (!names.has(value)) names.set(value, name as N);
    values.set(name, value);
    values.set(name.toLowerCase(), value);
    values.set((prefix + name).toUpperCase(), value);
  }
  return {
    prefix,
    names,
    values,
    name(value: number) {
      return names.get(value) ?? value;
    },
    value(name: string | number) {
      if (typeof name === 'number') return name;
      const v = values.get(name) ?? values.get(name.toLowerCase()) ?? values.get(name.toUpperCase());
      if (v !== undefined) return v;
      if (/^(0x[0-9a-f]+|\d+)$/i.test(name)) return Number(name);
      throw new EncodeError(`unknown ${prefix}* name ${JSON.stringify(name)}`);
    },
  };
}

/** Decode a numeric field to its enum name (unknown numbers stay numbers). */
export function enumOf<N extends string>(base: Codec<number>, def: EnumDef<N>): Codec<N | number> {
  return mapped<number, N | number>(base, `enum ${def.prefix}`, (v) => def.name(v), (v) => def.value(v), 'enum');
}

/** A flag word as the list of its bit names (bits without a name stay as numbers). */
export function flagNamesOf<N extends string>(def: EnumDef<N>, word: number): Array<N | number> {
  const out: Array<N | number> = [];
  for (let bit = 1, i = 0; i < 32 && word; i++, bit = 2 ** i) {
    if (word & bit) {
      out.push(def.names.get(bit) ?? bit);
      word -= bit;
    }
  }
  return out;
}

/** Names (or numbers, or a plain number) → the flag word. */
export function flagWordOf(def: EnumDef, value: unknown): number {
  if (typeof value === 'number') return value >>> 0;
  if (!Array.isArray(value)) throw new EncodeError(`flag list expected, got ${describe(value)}`);
  let word = 0;
  for (const v of value) word = (word | def.value(v as string | number)) >>> 0;
  return word;
}

/** A flag word decoded to an array of names. */
export function flagsOf<N extends string>(base: Codec<number>, def: EnumDef<N>): Codec<Array<N | number>> {
  return mapped<number, Array<N | number>>(
    base,
    `flags ${def.prefix}`,
    (w) => flagNamesOf(def, w),
    (v) => flagWordOf(def, v),
    'flags',
  );
}
