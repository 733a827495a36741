/**
 * What the IP tunnel kinds share (gre.ts, gre6.ts, iptnl.ts, ip6tnl.ts, vti.ts, vti6.ts): the
 * common options `remote`, `local`, `ttl`, `tos`, `dev`, `key` and their encoding (each kind parses
 * its own words: gre-shared.ts, iptnl.ts, ip6tnl.ts, vti.ts; helpers in tunnel-words.ts).
 * Not a kind module itself.
 */
import { ValidationError } from '../../../netlink/errors.js';
import { checkInt, parseAddress } from '../../validate.js';
import type { KindEncodeContext, KindRequest } from './kind.js';

/** Options every IP tunnel kind accepts (`ip link add NAME type KIND remote R local L [ttl N] [dev IF] [key K]`). */
export interface TunnelCommonOptions {
  /** Remote endpoint (`remote ADDR`). */
  remote?: string;
  /** Local endpoint (`local ADDR`). */
  local?: string;
  ttl?: number;
  tos?: number;
  /** Underlay device (`dev PHYS_DEV`): name or ifindex. */
  dev?: string | number;
  /** GRE / VTI key, both directions (`key KEY`). */
  key?: number;
}

/**
 * The option keys every tunnel kind accepts (`remote`, `local`, `ttl`, `tos`, `dev`, `key`,
 * `data`).
 */
export const TUNNEL_OPTION_KEYS = ['remote', 'local', 'ttl', 'tos', 'dev', 'key', 'data'] as const;

/** GRE_KEY in IFLA_GRE_IFLAGS / OFLAGS (be16, linux/if_tunnel.h). */
const GRE_KEY = 0x2000;

/** The common options → attributes of IFLA_GRE_* / IFLA_IPTUN_* / IFLA_VTI_* (same key names in all three). */
export async function encodeTunnel(
  t: TunnelCommonOptions & { kind: string; data?: object },
  ctx: KindEncodeContext,
  withKey: 'gre' | 'vti' | 'none',
): Promise<KindRequest> {
  // `data` first, so that its order is kept (the CLI gives every value in ip's order, with a
  // placeholder `link` where `dev` goes); the common options take precedence over it.
  const d: Record<string, unknown> = { ...(t.data ?? {}) };
  if (t.local !== undefined) d.local = parseAddress(t.local, 'local').address;
  if (t.remote !== undefined) d.remote = parseAddress(t.remote, 'remote').address;
  if (t.ttl !== undefined) d.ttl = t.ttl;
  if (t.tos !== undefined) d.tos = t.tos;
  if (t.dev !== undefined) d.link = await ctx.ifindex(t.dev, 'dev');
  if (t.key !== undefined) {
    checkInt(t.key, 'key', 0, 0xffffffff);
    if (withKey === 'none') throw new ValidationError(`${t.kind} has no key`, 'key');
    d.ikey = t.key;
    d.okey = t.key;
    if (withKey === 'gre') {
      d.iflags = GRE_KEY;
      d.oflags = GRE_KEY;
    }
  }
  return Object.keys(d).length ? { data: d } : {};
}
