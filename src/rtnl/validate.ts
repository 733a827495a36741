/**
 * Input validation for the fluent API. Everything here throws ValidationError before anything
 * is sent to the kernel or the helper.
 */
import { formatIPv6, parseIP, parseMac } from '../netlink/address.js';
import type { EnumDef } from '../netlink/enums.js';
import { ValidationError } from '../netlink/errors.js';
import { AF_INET, AF_UNSPEC } from './constants.js';
import { parsePrefix } from './route/prefix.js';

export { IFNAME_MAX, checkIfname, isValidIfname } from '../netlink/ifname.js';

const NETNS_RE = /^[A-Za-z0-9_.-]{1,255}$/;

/** Throws unless `name` is a valid /run/netns name: `[A-Za-z0-9_.-]{1,255}`, without `..`. */
export function checkNetnsName(name: unknown, field = 'netns'): asserts name is string {
  if (typeof name !== 'string' || !NETNS_RE.test(name) || name === '.' || name.includes('..')) {
    throw new ValidationError(
      `invalid network namespace name ${JSON.stringify(name)}: must match [A-Za-z0-9_.-]{1,255} and not contain ".."`,
      field,
    );
  }
}

export function checkInt(v: unknown, field: string, min: number, max: number): asserts v is number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new ValidationError(`${field} must be an integer in ${min}..${max}, got ${JSON.stringify(v)}`, field);
  }
}

export function checkPid(pid: unknown, field = 'pid'): asserts pid is number {
  checkInt(pid, field, 1, 0x3fffffff);
}

/** An IP prefix parsed from `'10.0.0.1/24'` (or a bare address: /32, /128). */
export interface Cidr {
  family: 4 | 6;
  address: string;
  prefixlen: number;
}

/** Address family number (AF_INET 2 / AF_INET6 10) of a Cidr. */
export function afOf(family: 4 | 6): number {
  return family === 4 ? 2 : 10;
}

/** Parses `'10.0.0.1/24'`, `'fd00::1/64'`, or a bare address. Throws ValidationError when malformed. */
export function parseCidr(text: unknown, field = 'address', defaultPrefix?: number): Cidr {
  if (typeof text !== 'string') throw new ValidationError(`${field}: CIDR string expected, got ${JSON.stringify(text)}`, field);
  // The one address parser (parsePrefix), without iproute2's words (default/any/all) and with
  // the API's family numbers (4 / 6).
  const p = parsePrefix(text, AF_UNSPEC, field, false);
  if (p.address === undefined) throw new ValidationError(`${field}: invalid address ${JSON.stringify(text)}`, field);
  return { family: p.family === AF_INET ? 4 : 6, address: normalizeIP(p.address), prefixlen: p.explicitLen ? p.len : defaultPrefix ?? p.len };
}

/** Parses a bare IP address (no prefix). */
export function parseAddress(text: unknown, field = 'address'): { family: 4 | 6; address: string } {
  if (typeof text !== 'string' || text.includes('/')) {
    throw new ValidationError(`${field}: IP address expected, got ${JSON.stringify(text)}`, field);
  }
  const c = parseCidr(text, field);
  return { family: c.family, address: c.address };
}

/** The network part of a prefix: `'10.0.0.1/24'` → `'10.0.0.0'`. */
export function networkOf(c: Cidr): string {
  const b = parseIP(c.address);
  for (let bit = c.prefixlen; bit < b.length * 8; bit++) b[bit >> 3]! &= ~(0x80 >> (bit & 7));
  return formatIP(b);
}

/** Normalised text form (IPv6 compressed as inet_ntop writes it). */
export function normalizeIP(text: string): string {
  return formatIP(parseIP(text));
}

function formatIP(b: Uint8Array): string {
  return b.length === 4 ? `${b[0]}.${b[1]}.${b[2]}.${b[3]}` : formatIPv6(b, 0);
}

/** Validates a link-layer address text ('aa:bb:cc:dd:ee:ff'); returns it lower-cased. */
export function checkMac(text: unknown, field = 'address'): string {
  try {
    const b = parseMac(text);
    return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(':');
  } catch {
    throw new ValidationError(`${field}: invalid link-layer address ${JSON.stringify(text)}`, field);
  }
}

/** Levenshtein distance (small strings: option keys). */
function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The known word closest to `word` (edit distance, case-insensitive; a prefix wins). */
export function closestKey(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const k of known) {
    const score = k.toLowerCase().startsWith(word.toLowerCase()) || word.toLowerCase().startsWith(k.toLowerCase()) ? 0.5 : editDistance(word, k);
    if (score < bestScore) {
      best = k;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Throws a ValidationError naming the first key of `options` that is not in `known` (and the
 * closest known key): an option the API does not know is a mistake, never silently dropped.
 * Keys whose value is undefined are ignored (`{ ...a, x: undefined }` spreads).
 */
export function checkKeys(options: object, known: readonly string[], what: string, prefix = ''): void {
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || known.includes(key)) continue;
    const near = closestKey(key, known);
    throw new ValidationError(
      `${what}: unknown option ${JSON.stringify(prefix + key)}${near !== undefined ? ` (did you mean ${JSON.stringify(prefix + near)}?)` : ''}`,
      prefix + key,
    );
  }
}

/**
 * A value of a kernel enum given by name (any case, with or without the kernel prefix) or
 * number (0..max): its number, or a ValidationError listing the names.
 */
export function enumValue(def: EnumDef, v: unknown, field: string, max = 255): number {
  if (typeof v === 'number') {
    checkInt(v, field, 0, max);
    return v;
  }
  if (typeof v === 'string' && !/^\d+$/.test(v)) {
    try {
      return def.value(v);
    } catch {
      // fall through to the error below
    }
  }
  throw new ValidationError(`${field} must be one of ${[...def.names.values()].join(', ')}, got ${JSON.stringify(v)}`, field);
}
