/**
 * The printer a link-kind module writes to: the part of iproute2's json_print API
 * (lib/json_print.c) that the per-kind `print_opt` functions use. src/cli's Printer implements
 * it; kind modules never import the CLI. Also the helpers that read decoded values the way the
 * C code reads attributes (an enum decodes to its name, or stays a number when unknown).
 */
import { flagWordOf, type EnumDef } from '../../../netlink/enums.js';

/** print_*() output types: text only, JSON only, or both. */
export const PRINT_FP = 1;
export const PRINT_JSON = 2;
export const PRINT_ANY = 4;
export type OutputType = typeof PRINT_FP | typeof PRINT_JSON | typeof PRINT_ANY;

type Key = string | null | undefined;
type Fmt = string | null | undefined;

export interface KindPrinter {
  /** `-j`: JSON output. */
  readonly json: boolean;
  /** fprintf(fp, ...): text mode only. */
  fp(fmt: string, ...args: Array<string | number | bigint>): void;
  int(t: OutputType, key: Key, fmt: Fmt, v: number): void;
  uint(t: OutputType, key: Key, fmt: Fmt, v: number): void;
  u64(t: OutputType, key: Key, fmt: Fmt, v: number | bigint): void;
  string(t: OutputType, key: Key, fmt: Fmt, v: string | null | undefined): void;
  bool(t: OutputType, key: Key, fmt: Fmt, v: boolean): void;
  onOff(t: OutputType, key: Key, fmt: Fmt, v: boolean): void;
  null(t: OutputType, key: Key, fmt: Fmt, v?: string | null): void;
  hex(t: OutputType, key: Key, fmt: Fmt, v: number): void;
  hex0x(t: OutputType, key: Key, fmt: Fmt, v: number | bigint): void;
  /** A JSON number written as given (`"hello_timer": 0.00`), for iproute2's "%i.%.2i" timers. */
  numberText(key: string, text: string): void;
  openObject(key?: string | null): void;
  closeObject(): void;
  openArray(t: OutputType, str: string | null): void;
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
