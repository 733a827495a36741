/**
 * The printer a link-kind module writes to: the part of iproute2's json_print API
 * (lib/json_print.c) that the per-kind `print_opt` functions use. src/cli's Printer implements
 * it; kind modules never import the CLI. Also the helpers that read decoded values the way the
 * C code reads attributes (an enum decodes to its name, or stays a number when unknown).
 */
import { flagWordOf, type EnumDef } from '../../../netlink/enums.js';

/** print_*() output types: text only, JSON only, or both. */
export const PRINT_FP = 1;
/** PRINT_JSON: the value goes to the JSON output only (`-j`). */
export const PRINT_JSON = 2;
/** PRINT_ANY: the value goes to both the text and the JSON output. */
export const PRINT_ANY = 4;
/** Where a print_*() call writes: PRINT_FP (text only), PRINT_JSON or PRINT_ANY. */
export type OutputType = typeof PRINT_FP | typeof PRINT_JSON | typeof PRINT_ANY;

/** The JSON key of a printed value (null: text only). */
type Key = string | null | undefined;
/** The printf-style text format of a printed value (null: JSON only). */
type Fmt = string | null | undefined;

/**
 * The printer a kind's `print` writes to (iproute2's json_print API): each call writes `v` under
 * `key` in JSON and through `fmt` in text, as `t` says.
 */
export interface KindPrinter {
  /** `-j`: JSON output. */
  readonly json: boolean;
  /** fprintf(fp, ...): text mode only. */
  fp(fmt: string, ...args: Array<string | number | bigint>): void;
  /** print_int(): a signed integer. */
  int(t: OutputType, key: Key, fmt: Fmt, v: number): void;
  /** print_uint(): an unsigned integer. */
  uint(t: OutputType, key: Key, fmt: Fmt, v: number): void;
  /** print_u64(): a 64-bit unsigned integer. */
  u64(t: OutputType, key: Key, fmt: Fmt, v: number | bigint): void;
  /** print_string(): a string (nothing for undefined). */
  string(t: OutputType, key: Key, fmt: Fmt, v: string | null | undefined): void;
  /** print_bool(): true/false in JSON, the format's text when true. */
  bool(t: OutputType, key: Key, fmt: Fmt, v: boolean): void;
  /** print_on_off(): `on`/`off` in text, a boolean in JSON. */
  onOff(t: OutputType, key: Key, fmt: Fmt, v: boolean): void;
  /** print_null(): a JSON null (text: the format with `v`). */
  null(t: OutputType, key: Key, fmt: Fmt, v?: string | null): void;
  /** print_hex(): an integer as hex without 0x. */
  hex(t: OutputType, key: Key, fmt: Fmt, v: number): void;
  /** print_0xhex(): an integer as 0x-prefixed hex. */
  hex0x(t: OutputType, key: Key, fmt: Fmt, v: number | bigint): void;
  /** A JSON number written as given (`"hello_timer": 0.00`), for iproute2's "%i.%.2i" timers. */
  numberText(key: string, text: string): void;
  /** open_json_object(): starts a JSON object (under `key`, or anonymous). */
  openObject(key?: string | null): void;
  /** close_json_object(). */
  closeObject(): void;
  /** open_json_array(): starts a JSON array under `str` (text: prints `str`). */
  openArray(t: OutputType, str: string | null): void;
  /** close_json_array(): ends the array (text: prints `str`). */
  closeArray(t: OutputType, str: string | null): void;
  /** print_nl(): the line separator in text mode. */
  nl(): void;
}

/** A decoded number (number, bigint or boolean) as a number; `dflt` for anything else. */
export function num(v: unknown, dflt = 0): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return dflt;
}

/** A decoded number as a bigint (u64 counters and timers). */
export function big(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  return 0n;
}

/** A decoded enum value (name or number) back to its number. */
export function enumNum(def: EnumDef, v: unknown, dflt = 0): number {
  if (v === undefined || v === null) return dflt;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  try {
    return def.value(v as string);
  } catch {
    return dflt;
  }
}

/** A decoded flag list (names/numbers) or number back to the flag word. */
export function flagsNum(def: EnumDef, v: unknown): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return v >>> 0;
  try {
    return flagWordOf(def, v as Array<string | number>);
  } catch {
    return 0;
  }
}

/** `%02x%02x` of two bytes, `%x` of one: the small printf cases kind printers need. */
export function hex2(n: number): string {
  return (n & 0xff).toString(16).padStart(2, '0');
}
