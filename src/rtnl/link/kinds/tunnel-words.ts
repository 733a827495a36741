/**
 * Word helpers the IP tunnel parsers share (gre-shared.ts, iptnl.ts, ip6tnl.ts, vti.ts), as
 * iproute2 6.1 reads them: get_u8/get_u16/get_u32 with a base, tnl_parse_key (ip/tunnel.c), the
 * FOU/GUE encapsulation words of link_gre.c / link_iptnl.c / link_ip6tnl.c, and the
 * "unspecified address" test of is_addrtype_inet_not_unspec. Not a kind module itself.
 */
import { TUNNEL_ENCAP } from '../constants.js';
import type { KindArgs, KindParseContext } from './kind.js';

/** strtoul(word, base) over the whole word, at most `max` (get_u8 / get_u16 / get_u32 with a base). */
export function unsignedIn(word: string, base: 0 | 16, max: number): number | undefined {
  const w = word.trim() === word ? word : '';
  let digits = w;
  let radix = base === 0 ? 10 : 16;
  if (/^0[xX]/.test(w)) {
    digits = w.slice(2);
    radix = 16;
  } else if (base === 0 && /^0[0-7]/.test(w)) {
    digits = w.slice(1);
    radix = 8;
  }
  const valid = radix === 16 ? /^[0-9a-fA-F]+$/ : radix === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  if (!valid.test(digits)) return w === '0' ? 0 : undefined;
  const v = parseInt(digits, radix);
  return v <= max ? v : undefined;
}

/**
 * tnl_parse_key() (ip/tunnel.c): a word with a dot is an IPv4 address (get_addr32, its bytes as
 * the key), anything else a number (host order → be32); a bad number ends ip with status 255.
 */
export function tunnelKey(ctx: KindParseContext, what: string, word: string): number {
  if (word.includes('.')) return ctx.addr32(word);
  const v = ctx.unsigned(word, 0xffffffff);
  return v ?? ctx.exit(`invalid value for "${what}": "${word}"; it should be an unsigned integer\n`);
}

/**
 * get_addr(word, family) kept only when ip would send it: `any`, `all`, `default` and the zero
 * address are ADDRTYPE_INET_UNSPEC, which is_addrtype_inet_not_unspec() leaves out (undefined).
 */
export function specifiedAddress(ctx: KindParseContext, word: string, family: 4 | 6): string | undefined {
  return specified(ctx.address(word, family));
}

/** A current (decoded) address as get_addr_rta() reads it: undefined when absent or unspecified. */
export function specified(address: unknown): string | undefined {
  return typeof address === 'string' && address !== '0.0.0.0' && address !== '::' ? address : undefined;
}

/** TUNNEL_ENCAP_FLAG_* (linux/if_tunnel.h: IFLA_*_ENCAP_FLAGS). */
const ENCAP_CSUM = 1;
const ENCAP_CSUM6 = 2;
const ENCAP_REMCSUM = 4;

/** The FOU/GUE encapsulation of a tunnel: IFLA_*_ENCAP_TYPE, _FLAGS, _SPORT, _DPORT. */
export interface EncapWords {
  /** TUNNEL_ENCAP_* */
  type: number;
  flags: number;
  sport: number;
  dport: number;
}

/** The encapsulation as the link's current data holds it (a tunnel reading it back), or ip's defaults. */
export function currentEncap(cur: Record<string, unknown>, defaultFlags: number): EncapWords {
  const n = (v: unknown, dflt: number): number => (typeof v === 'number' ? v : dflt);
  return {
    type: cur.encapType === undefined ? 0 : TUNNEL_ENCAP.value(cur.encapType as string | number),
    flags: n(cur.encapFlags, defaultFlags),
    sport: n(cur.encapSport, 0),
    dport: n(cur.encapDport, 0),
  };
}

/** The default encapsulation flags of the IPv6 tunnels (TUNNEL_ENCAP_FLAG_CSUM6). */
export const ENCAP_FLAGS_V6_DEFAULT = ENCAP_CSUM6;

/**
 * One of the encap words at the cursor (`noencap`, `encap fou|gue|none`, `encap-sport PORT|auto`,
 * `encap-dport PORT`, `[no]encap-csum`, `[no]encap-udp6-csum`, `[no]encap-remcsum`), into `e`;
 * false when the word is none of them.
 */
export function encapWord(a: KindArgs, ctx: KindParseContext, e: EncapWords): boolean {
  const w = a.cur;
  if (w === 'noencap') e.type = 0;
  else if (w === 'encap') {
    a.next();
    if (a.cur === 'fou' || a.cur === 'gue' || a.cur === 'none') e.type = TUNNEL_ENCAP.value(a.cur);
    else ctx.invarg('Invalid encap type.', a.cur);
  } else if (w === 'encap-sport') {
    a.next();
    e.sport = a.cur === 'auto' ? 0 : (unsignedIn(a.cur, 0, 0xffff) ?? ctx.invarg('Invalid source port.', a.cur));
  } else if (w === 'encap-dport') {
    a.next();
    e.dport = unsignedIn(a.cur, 0, 0xffff) ?? ctx.invarg('Invalid destination port.', a.cur);
  } else if (w === 'encap-csum') e.flags |= ENCAP_CSUM;
  else if (w === 'noencap-csum') e.flags &= ~ENCAP_CSUM;
  else if (w === 'encap-udp6-csum') e.flags |= ENCAP_CSUM6;
  else if (w === 'noencap-udp6-csum') e.flags &= ~ENCAP_CSUM6;
  else if (w === 'encap-remcsum') e.flags |= ENCAP_REMCSUM;
  else if (w === 'noencap-remcsum') e.flags &= ~ENCAP_REMCSUM;
  else return false;
  return true;
}

/** The four encap attributes, in ip's order (ENCAP_TYPE, _FLAGS, _SPORT, _DPORT). */
export function encapData(e: EncapWords): { encapType: ReturnType<typeof TUNNEL_ENCAP.name>; encapFlags: number; encapSport: number; encapDport: number } {
  return { encapType: TUNNEL_ENCAP.name(e.type), encapFlags: e.flags, encapSport: e.sport, encapDport: e.dport };
}
