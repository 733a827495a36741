/**
 * inet_prefix as iproute2 parses and compares it (lib/utils.c get_addr_1, get_prefix_1,
 * get_netmask, inet_addr_match).
 */
import { formatIPv6 } from '../../netlink/address.js';
import { isIPv6, parseIPv6 } from '../../netlink/address.js';
import { AF_INET, AF_INET6, AF_MPLS, AF_PACKET, AF_UNSPEC } from './names.js';

export const PREFIXLEN_SPECIFIED = 1;

export interface Prefix {
  family: number;
  bytelen: number;
  /** -1: host (no length given), -2: default/any/all. */
  bitlen: number;
  flags: number;
  data: Uint8Array;
  /** "default", "all" or "any" */
  special?: 'default' | 'all' | 'any';
}

/** strtoul(cp, &end, base) that reports the consumed length (C semantics, base 0/10/16). */
export function strtoulPrefix(s: string, base = 0): { value: number; len: number } | undefined {
  let i = 0;
  while (i < s.length && /\s/.test(s[i]!)) i++;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') {
    neg = s[i] === '-';
    i++;
  }
  let b = base;
  if ((b === 0 || b === 16) && s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && /[0-9a-fA-F]/.test(s[i + 2] ?? '')) {
    i += 2;
    b = 16;
  } else if (b === 0 && s[i] === '0') b = 8;
  else if (b === 0) b = 10;
  const start = i;
  let v = 0;
  const digits = b === 16 ? /[0-9a-fA-F]/ : b === 8 ? /[0-7]/ : /[0-9]/;
  while (i < s.length && digits.test(s[i]!)) {
    v = v * b + parseInt(s[i]!, b);
    i++;
  }
  if (i === start) {
    // "0" alone in base 8 was consumed as prefix: handle
    if (b === 8 && s[start - 1] === '0') return { value: 0, len: start };
    return undefined;
  }
  if (neg) v = v === 0 ? 0 : 2 ** 64 - v; // wraps like C unsigned long
  return { value: v, len: i };
}

/** get_unsigned / get_u32 (whole string, <= max). */
export function getUnsigned(arg: string | undefined, base = 0, max = 0xffffffff): number | undefined {
  if (!arg) return undefined;
  const r = strtoulPrefix(arg, base);
  if (!r || r.len !== arg.length) return undefined;
  if (r.value > max) return undefined;
  return r.value;
}

function getAddrIPv4(cp: string): Uint8Array | undefined {
  const out = new Uint8Array(4);
  let rest = cp;
  for (let i = 0; i < 4; i++) {
    const r = strtoulPrefix(rest, 0);
    if (!r) return undefined;
    if (r.value > 255) return undefined;
    out[i] = r.value;
    const after = rest.slice(r.len);
    if (after === '') return out;
    if (i === 3 || after[0] !== '.') return undefined;
    rest = after.slice(1);
  }
  return out;
}

export function afByteLen(af: number): number {
  return af === AF_INET ? 4 : af === AF_INET6 ? 16 : af === AF_MPLS ? 4 : 0;
}
export function afBitLen(af: number): number {
  return af === AF_INET6 ? 128 : af === AF_INET ? 32 : af === AF_MPLS ? 20 : 0;
}

/** __get_addr_1; undefined on error. */
export function getAddr1(name: string, family: number): Prefix | undefined {
  if (name === 'default') {
    if (family === AF_MPLS) return undefined;
    return { family, bytelen: afByteLen(family), bitlen: -2, flags: PREFIXLEN_SPECIFIED, data: new Uint8Array(16), special: 'default' };
  }
  if (name === 'all' || name === 'any') {
    if (family === AF_MPLS) return undefined;
    return { family, bytelen: 0, bitlen: -2, flags: 0, data: new Uint8Array(16), special: name };
  }
  if (family === AF_PACKET) {
    const parts = name.split(':');
    if (!parts.every((h) => /^[0-9a-fA-F]{1,2}$/.test(h))) return undefined;
    const data = new Uint8Array(parts.map((h) => parseInt(h, 16)));
    return { family: AF_PACKET, bytelen: data.length, bitlen: data.length * 8, flags: 0, data };
  }
  if (name.includes(':')) {
    if (family !== AF_UNSPEC && family !== AF_INET6) return undefined;
    if (!isIPv6(name)) return undefined;
    let data: Uint8Array;
    try {
      data = parseIPv6(name);
    } catch {
      return undefined;
    }
    return { family: AF_INET6, bytelen: 16, bitlen: -1, flags: 0, data };
  }
  if (family === AF_MPLS) return undefined;
  if (family !== AF_UNSPEC && family !== AF_INET) return undefined;
  const data = getAddrIPv4(name);
  if (!data) return undefined;
  return { family: AF_INET, bytelen: 4, bitlen: -1, flags: 0, data };
}

/** get_netmask: a length or a dotted mask. */
function getNetmask(arg: string): number | undefined {
  const v = getUnsigned(arg, 0);
  if (v !== undefined) return v;
  const a = getAddr1(arg, AF_UNSPEC);
  if (!a || a.family !== AF_INET) return undefined;
  // mask2bits
  const m = ((a.data[0]! << 24) | (a.data[1]! << 16) | (a.data[2]! << 8) | a.data[3]!) >>> 0;
  const host = ~m >>> 0;
  if ((host & (host + 1)) !== 0) return undefined;
  let bits = 0;
  for (let x = m; x; x = (x << 1) >>> 0) bits++;
  return bits;
}

/** get_prefix_1; undefined on error. */
export function getPrefix1(arg: string, family: number): Prefix | undefined {
  const slash = arg.indexOf('/');
  const dst = getAddr1(slash >= 0 ? arg.slice(0, slash) : arg, family);
  if (!dst) return undefined;
  let bitlen = afBitLen(dst.family);
  let flags = 0;
  if (slash >= 0) {
    if (dst.bitlen === -2) return undefined;
    const plen = getNetmask(arg.slice(slash + 1));
    if (plen === undefined || plen > bitlen) return undefined;
    flags |= PREFIXLEN_SPECIFIED;
    bitlen = plen;
  } else if (dst.bitlen === -2) bitlen = 0;
  dst.flags |= flags;
  dst.bitlen = bitlen;
  return dst;
}

/** The address bytes as text (inet_ntop), or the special word. */
export function prefixAddrText(p: Prefix): string {
  if (p.family === AF_INET) return Array.from(p.data.subarray(0, 4)).join('.');
  if (p.family === AF_INET6) return formatIPv6(p.data, 0);
  return Array.from(p.data.subarray(0, p.bytelen)).map((b) => b.toString(16).padStart(2, '0')).join(':');
}


function bytesOfText(text: string): Uint8Array | undefined {
  if (text.includes(':')) {
    try {
      return parseIPv6(text);
    } catch {
      return undefined;
    }
  }
  const a = getAddrIPv4(text);
  return a;
}

/** inet_addr_match(a, b, bits) === 0 */
export function addrBitsEqual(a: Uint8Array, b: Uint8Array, bits: number): boolean {
  const bytes = bits >> 3;
  for (let i = 0; i < bytes; i++) if (a[i] !== b[i]) return false;
  const rem = bits & 7;
  if (rem) {
    const mask = (0xff << (8 - rem)) & 0xff;
    if (((a[bytes] ?? 0) ^ (b[bytes] ?? 0)) & mask) return false;
  }
  return true;
}

/**
 * inet_addr_match_rta(m, rta) === 0: true when the filter prefix is unset (family 0) or when
 * the address matches it on its bitlen.
 */
export function prefixMatch(m: Prefix | undefined, addr: string | undefined): boolean {
  if (!m || !m.family || m.bitlen <= 0 || addr === undefined) return true;
  const data = bytesOfText(addr);
  if (!data) return false;
  const family = data.length === 4 ? AF_INET : AF_INET6;
  if (m.family !== family) return false;
  return addrBitsEqual(data, m.data, Math.max(0, m.bitlen));
}
