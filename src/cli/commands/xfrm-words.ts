/**
 * The words `ip xfrm state` and `ip xfrm policy` share (ip/ipxfrm.c): ID, SELECTOR and UPSPEC,
 * LIMIT, MARK, MODE, flag lists, with iproute2's error texts and exits; and the print options.
 */
import { Args, matches } from '../args.js';
import { CliExit, invarg, missarg } from '../errors.js';
import type { Env } from '../env.js';
import { AF_INET, AF_UNSPEC } from '../format/names.js';
import { getUnsigned, prefixAddrText, type Prefix } from '../format/prefix.js';
import { xfrmJson, type XfrmPrintOptions } from '../format/xfrm.js';
import { getPrefixOrExit } from './addr-words.js';
import { apiCall, getU64 } from './common.js';
import type { XfrmPolicyMessage, XfrmStateMessage } from '../../api/index.js';
import { IP_PROTOCOLS, type XfrmIdOptions, type XfrmLimits, type XfrmSelectorOptions, type XfrmStateOptions } from '../../xfrm/requests.js';

export const fail = (code: number, msg: string): never => {
  throw new CliExit(code, msg);
};

export const XPROTO: Record<string, number> = { esp: 50, ah: 51, comp: 108, route2: 43, hao: 60, 'ipsec-any': 255 };
export const XPROTO_NAME: Record<number, string> = { 50: 'esp', 51: 'ah', 108: 'comp', 43: 'route2', 60: 'hao', 255: 'ipsec-any' };
export const xprotoName = (p: number) => XPROTO_NAME[p] ?? String(p);
export type Mode = NonNullable<XfrmStateOptions['mode']>;
export const MODE_NUM: Record<Mode, number> = { transport: 0, tunnel: 1, ro: 2, in_trigger: 3, beet: 4 };

/** Parse state: the family ip's preferred_family holds while it reads the words. */
export interface Ctx {
  family: number;
}

/** ip's `src`/`dst` words: get_prefix with the family so far (an address, or ADDR/PLEN for selectors). */
export function prefixWord(arg: string, ctx: Ctx, what: string): Prefix & { plen: number } {
  const p = getPrefixOrExit(arg, ctx.family);
  if (p.family === AF_UNSPEC) invarg(`value after "${what}" has an unrecognized address family`, arg);
  const max = p.family === AF_INET ? 32 : 128;
  return { ...p, plen: p.bitlen < 0 ? (p.special ? 0 : max) : p.bitlen };
}

/** xfrm_mode_parse (matches() on each name). */
export function modeWord(w: string): Mode {
  for (const m of ['transport', 'tunnel', 'ro', 'in_trigger', 'beet'] as const) if (matches(w, m)) return m;
  return invarg('MODE value is invalid', w);
}

/** get_u32 (base 0) or the invarg. */
export function u32Word(w: string, msg: string): number {
  const v = getUnsigned(w, 0);
  if (v === undefined) invarg(msg, w);
  return v!;
}

/** xfrm_parse_mark: `mark V [mask M]` (a mark without mask is 0xffffffff). */
export function markWords(a: Args): { value: number; mask: number } {
  const value = u32Word(a.next(), 'MARK value is invalid\n');
  if (a.count > 1) {
    if (a.peek() === 'mask') {
      a.shift();
      return { value, mask: u32Word(a.next(), 'MASK value is invalid\n') };
    }
  }
  return { value, mask: 0xffffffff };
}

/** xfrm_id_parse: `[src A] [dst A] [proto P] [spi N]` starting at a.cur; leaves a.cur on its last word. */
export function idWords(a: Args, ctx: Ctx, out: XfrmIdOptions, loose: boolean): number {
  const start = a.count;
  let sf = 0;
  let df = 0;
  let family = 0;
  for (;;) {
    const w = a.cur;
    if (w === 'src') {
      const p = prefixWord(a.next(), ctx, 'src');
      out.src = prefixAddrText(p);
      family = sf = p.family;
      (out as { srcPlen?: number }).srcPlen = p.bitlen < 0 ? undefined : p.bitlen;
    } else if (w === 'dst') {
      const p = prefixWord(a.next(), ctx, 'dst');
      out.dst = prefixAddrText(p);
      family = df = p.family;
      (out as { dstPlen?: number }).dstPlen = p.bitlen < 0 ? undefined : p.bitlen;
    } else if (w === 'proto') {
      const v = XPROTO[a.next()];
      if (v === undefined) invarg('XFRM-PROTO value is invalid', a.cur);
      out.proto = v as number;
    } else if (w === 'spi') {
      const v = getUnsigned(a.next(), 0);
      if (v === undefined) invarg('SPI value is invalid', a.cur);
      out.spi = v;
    } else {
      a.prev();
      break;
    }
    if (!a.nextOk()) break;
    a.shift();
  }
  if (sf && df && sf !== df) invarg('the same address family is required between values after "src" and "dst"', a.cur);
  const proto = typeof out.proto === 'number' ? out.proto : 0;
  if (out.spi && proto) {
    if (proto === 43 || proto === 60) fail(1, `"spi" is invalid with XFRM-PROTO value "${xprotoName(proto)}"\n`);
    if (proto === 108 && out.spi >= 0x10000) fail(1, `SPI value is too large with XFRM-PROTO value "${xprotoName(proto)}"\n`);
  }
  if (!loose && !proto) missarg('XFRM-PROTO');
  if (a.count === start) missarg('ID');
  return family;
}

/** xfrm_selector_parse (+ upspec): `[src P] [dst P] [dev D] [UPSPEC]`; leaves a.cur on its last word. */
export function selectorWords(a: Args, ctx: Ctx): XfrmSelectorOptions & { dev?: string; family: number } {
  const sel: XfrmSelectorOptions & { dev?: string; family: number } = { family: 0 };
  let sf = 0;
  let df = 0;
  let upspec = false;
  const start = a.count;
  for (;;) {
    const w = a.cur;
    if (w === 'src' || w === 'dst') {
      const p = prefixWord(a.next(), ctx, w);
      const text = `${prefixAddrText(p)}/${p.plen}`;
      if (w === 'src') {
        sel.src = text;
        sf = p.family;
      } else {
        sel.dst = text;
        df = p.family;
      }
      sel.family = p.family;
    } else if (w === 'dev') {
      sel.dev = a.next();
    } else if (upspec) {
      a.prev();
      break;
    } else {
      upspec = true;
      upspecWords(a, sel);
    }
    if (!a.nextOk()) break;
    a.shift();
  }
  if (sf && df && sf !== df) invarg('the same address family is required between values after "src" and "dst"', a.cur);
  if (a.count === start) missarg('SELECTOR');
  return sel;
}

export function upspecWords(a: Args, sel: XfrmSelectorOptions): void {
  const start = a.count;
  let ports = false;
  let typecode = false;
  let grekey = false;
  for (;;) {
    const w = a.cur;
    if (w === 'proto') {
      const v = a.next();
      if (v === 'any') sel.proto = 0;
      else if (IP_PROTOCOLS[v] !== undefined) sel.proto = IP_PROTOCOLS[v]!;
      else {
        const n = getUnsigned(v, 0, 255);
        if (n === undefined) invarg('PROTO value is invalid', v);
        sel.proto = n!;
      }
    } else if (w === 'sport' || w === 'dport') {
      ports = true;
      const n = getUnsigned(a.next(), 0, 0xffff);
      if (n === undefined) invarg(`value after "${w}" is invalid`, a.cur);
      sel[w] = n!;
    } else if (w === 'type' || w === 'code') {
      typecode = true;
      const n = getUnsigned(a.next(), 0, 0xffff);
      if (n === undefined || n > 0xff) invarg(`value after "${w}" is invalid`, a.cur);
      sel[w] = n!;
    } else if (w === 'key') {
      grekey = true;
      const v = a.next();
      if (v.includes('.')) sel.key = v;
      else {
        const n = getUnsigned(v, 0);
        if (n === undefined) fail(255, 'value after "key" is invalid\n');
        sel.key = n!;
      }
    } else {
      a.prev();
      break;
    }
    if (!a.nextOk()) break;
    a.shift();
  }
  if (a.count === start) missarg('UPSPEC');
  const p = typeof sel.proto === 'number' ? sel.proto : 0;
  const pname = protoText(p);
  if (ports && ![6, 17, 132, 33, 0].includes(p)) fail(1, `"sport" and "dport" are invalid with PROTO value "${pname}"\n`);
  if (typecode && ![1, 58, 135].includes(p)) fail(1, `"type" and "code" are invalid with PROTO value "${pname}"\n`);
  if (grekey && p !== 47) fail(1, `"key" is invalid with PROTO value "${pname}"\n`);
}

export function protoText(p: number): string {
  for (const [k, v] of Object.entries(IP_PROTOCOLS)) if (v === p) return k;
  return String(p);
}

/** xfrm_lifetime_cfg_parse: one LIMIT word and its value. */
export function limitWords(a: Args, l: XfrmLimits): void {
  const keys: Record<string, keyof XfrmLimits> = {
    'time-soft': 'timeSoft', 'time-hard': 'timeHard', 'time-use-soft': 'timeUseSoft', 'time-use-hard': 'timeUseHard',
    'byte-soft': 'byteSoft', 'byte-hard': 'byteHard', 'packet-soft': 'packetSoft', 'packet-hard': 'packetHard',
  };
  const w = a.cur;
  const k = keys[w];
  if (!k) invarg('LIMIT value is invalid', w);
  const v = getU64(a.next());
  if (v === undefined) invarg(`value after "${w}" is invalid`, a.cur);
  l[k!] = v!;
}

/**
 * A FLAG-LIST as ip's xfrm parsers read it: one hex word (`0x...`, at most `max`), or the names
 * of `known` for as long as they come (the word after them is left for the caller).
 */
export function flagListWords<N extends string>(a: Args, known: readonly N[], max: number, invalid: string): Array<N | number> {
  const w = a.cur;
  if (w.length > 2 && w.startsWith('0x')) {
    const v = getUnsigned(w, 16, max);
    if (v === undefined) invarg(invalid, w);
    return [v!];
  }
  const out: N[] = [];
  for (;;) {
    const name = known.find((k) => k === a.cur);
    if (name !== undefined) out.push(name);
    else {
      a.prev();
      break;
    }
    if (!a.nextOk()) break;
    a.shift();
  }
  return out;
}

/** `flag FLAG-LIST` / `extra-flag EXTRA-FLAG-LIST` of `ip xfrm state`. */
export function stateFlagWords(a: Args, field: 'flag' | 'extra-flag'): Array<string | number> {
  return field === 'flag'
    ? flagListWords(a, ['noecn', 'decap-dscp', 'nopmtudisc', 'wildrecv', 'icmp', 'af-unspec', 'align4', 'esn'], 0xff, 'FLAG value is invalid')
    : flagListWords(a, ['dont-encap-dscp', 'oseq-may-wrap'], 0xffffffff, '"EXTRA-FLAG" is invalid');
}

/** The print options; interface names are looked up (one link dump) only when a message names an ifindex. */
export async function printOptions(env: Env, msgs: ReadonlyArray<XfrmStateMessage | XfrmPolicyMessage>, nokeys = false): Promise<XfrmPrintOptions> {
  let names = new Map<number, string>();
  if (msgs.some((m) => m.header.sel?.ifindex > 0 || m.attrs.offloadDev)) {
    const h = await env.handle();
    const links = (await apiCall(() => h.link.list())) as Array<{ index: number; name: string }>;
    names = new Map(links.map((l) => [l.index, l.name]));
  }
  return {
    stats: env.opts.stats,
    oneline: env.opts.oneline,
    family: env.opts.family,
    nokeys,
    ifname: (i) => names.get(i) ?? `if${i}`,
  };
}

/** `-j` output: the API's views (iproute2 has no JSON for xfrm), `-p` indented. */
export function printJson(env: Env, value: unknown): number {
  env.io.stdout(JSON.stringify(xfrmJson(value), null, env.opts.pretty ? 4 : undefined) + '\n');
  return 0;
}
