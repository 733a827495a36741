/**
 * RTA_MULTIPATH: a sequence of struct rtnexthop { u16 rtnh_len; u8 rtnh_flags; u8 rtnh_hops;
 * s32 rtnh_ifindex; } each followed by its own RTA_* attributes, rtnh_len covering both. Decodes
 * to an array of { flags, hops, ifindex, attrs }; hops is iproute2's "weight" minus one.
 */
import type { Codec, DecodeContext } from '../../netlink/codec.js';
import { align4 } from '../../netlink/constants.js';
import { flagNamesOf, flagWordOf, type EnumDef } from '../../netlink/enums.js';
import { DecodeError, EncodeError } from '../../netlink/errors.js';
import type { AttrSet } from '../../netlink/schema.js';
import { withPath } from '../../netlink/schema.js';
import { describe } from '../../netlink/types.js';
import { RTNH_F } from '../constants.js';

/** A nexthop flag (RTNH_F_*) as `ip route` prints it (`dead`, `onlink`, `linkdown`...). */
export type RtnhFlag = typeof RTNH_F extends EnumDef<infer N> ? N | number : never;

/**
 * One struct rtnexthop of RTA_MULTIPATH: flags, weight, device and the nexthop's own attributes.
 */
export interface Nexthop<A> {
  /** rtnh_flags (RTNH_F_*). */
  flags: RtnhFlag[];
  /** rtnh_hops: weight - 1. */
  hops: number;
  /** rtnh_ifindex */
  ifindex: number;
  /** The nexthop's own RTA_* attributes (gateway, via, newdst, encap, flow...). */
  attrs: A;
}

const RTNH_SIZE = 8;

/** The multipath codec over an attribute set given lazily (the route set contains this codec). */
export function multipathOf<A extends object>(getAttrs: () => AttrSet<A>): Codec<Nexthop<A>[]> {
  const decodeOne = (ctx: DecodeContext, p: number, end: number, i: number): { nh: Nexthop<A>; len: number } => {
    if (end - p < RTNH_SIZE) throw new DecodeError(`truncated rtnexthop (${end - p} bytes left)`, p);
    const len = ctx.view.getUint16(p, ctx.le);
    if (len < RTNH_SIZE) throw new DecodeError(`rtnh_len ${len} < ${RTNH_SIZE}`, p);
    if (p + len > end) throw new DecodeError(`rtnh_len ${len} overruns RTA_MULTIPATH (${end - p} bytes left)`, p);
    const flags = flagNamesOf(RTNH_F, ctx.view.getUint8(p + 2));
    const hops = ctx.view.getUint8(p + 3);
    const ifindex = ctx.view.getInt32(p + 4, ctx.le);
    let attrs: A;
    try {
      attrs = getAttrs().decode(ctx, p + RTNH_SIZE, len - RTNH_SIZE);
    } catch (e) {
      throw withPath(e, String(i), p);
    }
    return { nh: { flags, hops, ifindex, attrs }, len };
  };
  return {
    wire: 'rtnexthop[]',
    decode(ctx, off, len) {
      const out: Nexthop<A>[] = [];
      const end = off + len;
      let p = off;
      while (p < end) {
        const r = decodeOne(ctx, p, end, out.length);
        out.push(r.nh);
        p += align4(r.len);
      }
      return out;
    },
    encode(w, value, ctx) {
      if (!Array.isArray(value)) throw new EncodeError(`array of nexthops expected, got ${describe(value)}`);
      const set = getAttrs();
      value.forEach((nh, i) => {
        if (typeof nh !== 'object' || nh === null) throw new EncodeError(`nexthop object expected, got ${describe(nh)}`, String(i));
        const start = w.pos;
        w.u16(0, ctx.le);
        try {
          w.u8(flagWordOf(RTNH_F, nh.flags ?? []) & 0xff);
          const hops = nh.hops ?? 0;
          if (!Number.isInteger(hops) || hops < 0 || hops > 255) throw new EncodeError(`hops must be 0..255, got ${describe(hops)}`);
          w.u8(hops);
          const ifindex = nh.ifindex ?? 0;
          if (!Number.isInteger(ifindex) || ifindex < -0x80000000 || ifindex > 0x7fffffff) {
            throw new EncodeError(`ifindex must be an s32, got ${describe(ifindex)}`);
          }
          w.i32(ifindex, ctx.le);
          if (nh.attrs !== undefined) set.encode(w, nh.attrs, ctx);
        } catch (e) {
          if (e instanceof EncodeError) throw new EncodeError(e.message.replace(/^[^:]*: /, ''), e.path ? `${i}.${e.path}` : String(i));
          throw e;
        }
        const len = w.pos - start;
        if (len > 0xffff) throw new EncodeError('rtnexthop too long', String(i));
        w.view.setUint16(start, len, ctx.le);
        w.align();
      });
    },
    pathAt(ctx, off, len, target) {
      const end = off + len;
      let p = off;
      let i = 0;
      while (p + RTNH_SIZE <= end) {
        const l = ctx.view.getUint16(p, ctx.le);
        if (l < RTNH_SIZE || p + l > end) return [];
        if (target >= p && target < p + align4(l)) {
          if (target < p + RTNH_SIZE) return [String(i)];
          return [String(i), ...getAttrs().pathAt(ctx, p + RTNH_SIZE, l - RTNH_SIZE, target)];
        }
        p += align4(l);
        i++;
      }
      return [];
    },
  };
}
