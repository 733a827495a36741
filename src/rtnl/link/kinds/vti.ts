/**
 * VTI over IPv4 (IFLA_VTI_* of linux/if_tunnel.h; iproute2 ip/link_vti.c), and what vti6.ts
 * shares: the API options (the common tunnel ones, `ikey`, `okey`, `fwmark`), the
 * `ip link add|set ... type vti|vti6` words as iproute2 6.1's vti_parse_opt / vti6_parse_opt
 * read them, with the request they build (every IFLA_VTI_* value in ip's order, starting from the
 * link's current values on a change), and the `ip -d link` printing.
 */
import { attrs } from '../../../netlink/schema.js';
import { address, be32, u32 } from '../../../netlink/types.js';
import { checkInt } from '../../validate.js';
import { defineKind, type DataOptions, type KindArgs, type KindEncodeContext, type KindParseContext, type KindRequest } from './kind.js';
import { encodeTunnel, TUNNEL_OPTION_KEYS, type TunnelCommonOptions } from './tunnel.js';
import { specified, specifiedAddress, tunnelKey, unsignedIn } from './tunnel-words.js';
import { dev, endpoint, fwmark, keyText, type TunnelData } from './tunnel-print.js';
import { num, PRINT_ANY, type KindPrinter } from './print.js';
import { matches } from './words.js';
import type { KindPrintContext } from './kind.js';

/** IFLA_VTI_* (vti, vti6) */
export const vtiAttrs = attrs('IFLA_VTI_', {
  link: [1, 'LINK', u32],
  ikey: [2, 'IKEY', be32],
  okey: [3, 'OKEY', be32],
  local: [4, 'LOCAL', address],
  remote: [5, 'REMOTE', address],
  fwmark: [6, 'FWMARK', u32],
});


/** The options of vti and vti6 beyond the common tunnel ones. */
export interface VtiKeyOptions {
  /** `ikey KEY`: the input key (IFLA_VTI_IKEY), the mark the policy lookup of received packets uses. */
  ikey?: number;
  /** `okey KEY`: the output key (IFLA_VTI_OKEY), the mark of the policy lookup of sent packets. */
  okey?: number;
  /** `fwmark MARK`: the mark of the encapsulated packets' route lookup (IFLA_VTI_FWMARK). */
  fwmark?: number;
}

/** The option keys of vti / vti6 besides `kind` (unknown-key errors). */
export const VTI_OPTION_KEYS = [...TUNNEL_OPTION_KEYS, 'ikey', 'okey', 'fwmark'] as const;

/** `ip link add NAME type vti remote R local L [dev IF] [[i|o]key K] [fwmark F]` */
export interface VtiOptions extends TunnelCommonOptions, VtiKeyOptions {
  kind: 'vti';
  /** Any other attributes of the kind. */
  data?: DataOptions<typeof vtiAttrs>;
}

/** The options → IFLA_VTI_* (vti, vti6): `data` first, in its order, then the options over it. */
export async function encodeVti(o: TunnelCommonOptions & VtiKeyOptions & { kind: string; data?: object }, ctx: KindEncodeContext): Promise<KindRequest> {
  for (const k of ['ikey', 'okey', 'fwmark'] as const) if (o[k] !== undefined) checkInt(o[k], k, 0, 0xffffffff);
  const r = await encodeTunnel(o, ctx, 'vti');
  const extra: Record<string, number> = {};
  for (const k of ['ikey', 'okey', 'fwmark'] as const) if (o[k] !== undefined) extra[k] = o[k];
  return Object.keys(extra).length ? { ...r, data: { ...(r.data ?? {}), ...extra } } : r;
}

/** IFLA_VTI_* values as the vti / vti6 words give them (parseVtiWords). */
export type VtiData = DataOptions<typeof vtiAttrs>;

/** vti_parse_opt (link_vti.c, v6 false) or vti6_parse_opt (link_vti6.c, v6 true), and the request ip builds. */
export function parseVtiWords(a: KindArgs, ctx: KindParseContext, v6: boolean): { data: VtiData; dev?: string } {
  if (!ctx.create && ctx.current === undefined) ctx.fail('Failed to get existing tunnel info.\n');
  const cur = ctx.current ?? {};
  const n = (v: unknown): number => (typeof v === 'number' ? v : 0);
  let ikey = n(cur.ikey);
  let okey = n(cur.okey);
  let local = specified(cur.local);
  let remote = specified(cur.remote);
  // ip 6.1 reads IFLA_VTI_LINK back with rta_getattr_u8: only its low byte survives a change.
  let link = n(cur.link) & 0xff;
  let mark = n(cur.fwmark);
  let devName: string | undefined;

  while (a.more) {
    const w = a.cur;
    if (matches(w, 'key')) {
      a.next();
      ikey = okey = tunnelKey(ctx, 'key', a.cur);
    } else if (matches(w, 'ikey')) {
      a.next();
      ikey = tunnelKey(ctx, 'ikey', a.cur);
    } else if (matches(w, 'okey')) {
      a.next();
      okey = tunnelKey(ctx, 'okey', a.cur);
    } else if (matches(w, 'remote')) {
      a.next();
      remote = specifiedAddress(ctx, a.cur, v6 ? 6 : 4);
    } else if (matches(w, 'local')) {
      a.next();
      local = specifiedAddress(ctx, a.cur, v6 ? 6 : 4);
    } else if (matches(w, 'dev')) {
      a.next();
      devName = a.cur;
      // A placeholder the encoder replaces by the device's ifindex (never 0), in place.
      link = 0;
    } else if (w === 'fwmark') {
      a.next();
      mark = unsignedIn(a.cur, 0, 0xffffffff) ?? ctx.invarg('invalid fwmark\n', a.cur);
    } else ctx.usage();
    a.shift();
  }

  const d: VtiData = { ikey, okey };
  if (local !== undefined) d.local = local;
  if (remote !== undefined) d.remote = remote;
  d.fwmark = mark;
  if (link || devName !== undefined) d.link = link;
  return { data: d, ...(devName !== undefined ? { dev: devName } : {}) };
}

/** vti, vti6 (link_vti.c, link_vti6.c: the same output) */
export function printVti(p: KindPrinter, tb: TunnelData | undefined, ctx: KindPrintContext): void {
  if (!tb) return;
  endpoint(p, 'remote', tb.remote);
  endpoint(p, 'local', tb.local);
  dev(p, ctx, tb.link);
  if (tb.ikey !== undefined && num(tb.ikey)) p.string(PRINT_ANY, 'ikey', 'ikey %s ', keyText(tb.ikey));
  if (tb.okey !== undefined && num(tb.okey)) p.string(PRINT_ANY, 'okey', 'okey %s ', keyText(tb.okey));
  fwmark(p, tb.fwmark);
}

/**
 * The link kind module of vti (IPsec tunnel over IPv4): options to attributes for `link.add()`,
 * the schema of its IFLA_INFO_DATA (IFLA_VTI_*), and how `ip -d link` prints it.
 */
export const vti = defineKind<'vti', VtiOptions, typeof vtiAttrs>({
  kinds: ['vti'],
  data: vtiAttrs,
  optionKeys: VTI_OPTION_KEYS,
  encode: encodeVti,
  parse: (a, ctx) => parseVtiWords(a, ctx, false),
  readsCurrent: true,
  print: printVti,
  usage: (kind) => USAGE[kind],
});

const USAGE: Record<'vti', string> = { vti: "Usage: ... vti \t[ remote ADDR ]\n\t\t[ local ADDR ]\n\t\t[ [i|o]key KEY ]\n\t\t[ dev PHYS_DEV ]\n\t\t[ fwmark MARK ]\n\nWhere:\tADDR := { IP_ADDRESS }\n\tKEY  := { DOTTED_QUAD | NUMBER }\n\tMARK := { 0x0..0xffffffff }\n" };
