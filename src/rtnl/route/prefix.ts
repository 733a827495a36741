/**
 * Prefix text as iproute2 takes it ('10.0.0.0/24', '2001:db8::1', 'default'), for the builders
 * of routes, addresses, neighbours and rules.
 */
import { isIPv4, isIPv6 } from '../../netlink/address.js';
import { ValidationError } from '../../netlink/errors.js';
import { AF_INET, AF_INET6, AF_UNSPEC } from '../constants.js';

/** A parsed route prefix (`10.0.0.0/24`, `default`): family, address text and length. */
export interface Prefix {
  /** AF_INET / AF_INET6, or AF_UNSPEC for 'default'/'any'/'all' without a family hint. */
  family: number;
  /** The address text without the length; undefined for 'default'/'any'/'all'. */
  address: string | undefined;
  /** Prefix length (32/128 when the text has none, 0 for 'default'). */
  len: number;
  /** The text had an explicit '/len' (or was 'default'). */
  explicitLen: boolean;
}

/**
 * Parse 'a.b.c.d[/len]', 'x::y[/len]' or (with `words`) 'default'/'any'/'all'. Throws
 * ValidationError. The one parser of address text: the API's parseCidr (src/rtnl/validate.ts)
 * is this with families 4 / 6.
 */
export function parsePrefix(text: string, familyHint: number = AF_UNSPEC, what = 'prefix', words = true): Prefix {
  if (typeof text !== 'string') throw new ValidationError(`${what}: string expected`, what);
  if (words && (text === 'default' || text === 'any' || text === 'all')) {
    return { family: familyHint, address: undefined, len: 0, explicitLen: true };
  }
  const slash = text.indexOf('/');
  const addr = slash < 0 ? text : text.slice(0, slash);
  let family: number;
  if (isIPv4(addr)) family = AF_INET;
  else if (addr.includes(':') && isIPv6(addr)) family = AF_INET6;
  else throw new ValidationError(`${what}: invalid address ${JSON.stringify(text)}`, what);
  if (familyHint !== AF_UNSPEC && familyHint !== family) {
    throw new ValidationError(`${what}: ${JSON.stringify(text)} is not an address of family ${familyHint}`, what);
  }
  const max = family === AF_INET ? 32 : 128;
  let len = max;
  if (slash >= 0) {
    const l = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(l) || Number(l) > max) throw new ValidationError(`${what}: invalid prefix length in ${JSON.stringify(text)} (0..${max})`, what);
    len = Number(l);
  }
  return { family, address: addr, len, explicitLen: slash >= 0 };
}

/** Family of an address text (AF_INET / AF_INET6), or AF_UNSPEC when it is neither. */
export function familyOf(text: string | undefined): number {
  if (text === undefined) return AF_UNSPEC;
  const addr = text.split('/')[0] ?? '';
  if (isIPv4(addr)) return AF_INET;
  if (addr.includes(':') && isIPv6(addr)) return AF_INET6;
  return AF_UNSPEC;
}

/** The all-zero address of a family ('0.0.0.0' / '::'). */
export function anyAddress(family: number): string {
  return family === AF_INET6 ? '::' : '0.0.0.0';
}
