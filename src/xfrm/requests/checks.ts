/**
 * The checks of xfrm option values (integers, enum and flag names, addresses, prefixes, keys):
 * each returns the wire value or throws a ValidationError naming the field.
 */
import { isIPv4, isIPv6 } from '../../netlink/address.js';
import type { EnumDef } from '../../netlink/enums.js';
import { ValidationError } from '../../netlink/errors.js';
import { AF_INET, AF_INET6 } from '../address.js';
import { XFRM_INF } from '../constants.js';
import type { XfrmKey } from '../options.js';

export function u32(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffffffff) {
    throw new ValidationError(`${field} must be an integer in 0..4294967295, got ${JSON.stringify(v)}`, field);
  }
  return v;
}

export function uint(v: unknown, field: string, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) {
    throw new ValidationError(`${field} must be an integer in 0..${max}, got ${JSON.stringify(v)}`, field);
  }
  return v;
}

export function u64(v: unknown, field: string): bigint {
  const b = typeof v === 'bigint' ? v : typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : undefined;
  if (b === undefined || b < 0n || b > XFRM_INF) throw new ValidationError(`${field} must be an integer in 0..2^64-1, got ${String(v)}`, field);
  return b;
}

export function named(def: EnumDef, v: unknown, field: string, max: number): number {
  if (typeof v === 'number') return uint(v, field, max);
  if (typeof v === 'string' && def.values.has(v)) return def.values.get(v)!;
  throw new ValidationError(`${field}: unknown value ${JSON.stringify(v)} (known: ${[...def.names.values()].join(', ')})`, field);
}

export function flagWord(def: EnumDef, list: ReadonlyArray<string | number> | undefined, field: string, max: number): number {
  if (list === undefined) return 0;
  if (!Array.isArray(list)) throw new ValidationError(`${field} must be a list of flag names`, field);
  let w = 0;
  for (const f of list) w |= named(def, f, field, max);
  return w >>> 0;
}

/** Address family number of an address text, or 0. */
export function addressFamily(text: string): number {
  if (isIPv4(text)) return AF_INET;
  if (text.includes(':') && isIPv6(text)) return AF_INET6;
  return 0;
}

export function address(text: unknown, field: string): { family: number; address: string } {
  const family = typeof text === 'string' ? addressFamily(text) : 0;
  if (!family) throw new ValidationError(`${field}: invalid address ${JSON.stringify(text)}`, field);
  return { family, address: text as string };
}

export function prefix(text: unknown, field: string): { family: number; address: string; plen: number } {
  if (typeof text !== 'string') throw new ValidationError(`${field}: prefix expected, got ${JSON.stringify(text)}`, field);
  const [addr, plen] = text.split('/', 2) as [string, string | undefined];
  const a = address(addr, field);
  const max = a.family === AF_INET ? 32 : 128;
  if (plen !== undefined && (!/^\d{1,3}$/.test(plen) || Number(plen) > max)) {
    throw new ValidationError(`${field}: invalid prefix length in ${JSON.stringify(text)} (0..${max})`, field);
  }
  return { ...a, plen: plen === undefined ? max : Number(plen) };
}

/** The bytes of a key: '0x' + hex (an odd digit count gets a leading 0, as ip does), other text as is, or bytes. */
export function keyBytes(key: XfrmKey, field = 'key'): Uint8Array {
  if (key instanceof Uint8Array) return key;
  if (typeof key !== 'string') throw new ValidationError(`${field}: hex string or bytes expected`, field);
  if (key.length > 2 && key.startsWith('0x')) {
    let hex = key.slice(2);
    if (!/^[0-9a-fA-F]+$/.test(hex)) throw new ValidationError(`${field}: invalid hex key ${JSON.stringify(key)}`, field);
    if (hex.length % 2) hex = '0' + hex;
    return Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16)));
  }
  return new TextEncoder().encode(key);
}
