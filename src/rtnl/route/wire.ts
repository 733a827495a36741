/**
 * Wire types the generic engine lacks, used by the route schema (and the rule/neighbour ones):
 * MPLS label stacks, struct rtvia, and the family-dependent route address (RTA_DST/RTA_SRC are
 * label stacks in AF_MPLS routes).
 */
import type { Codec } from '../../netlink/codec.js';
import { DecodeError, EncodeError } from '../../netlink/errors.js';
import { address, describe } from '../../netlink/types.js';
import { AF_MPLS } from '../constants.js';

/**
 * One MPLS label stack entry. Plain labels decode to numbers; an entry whose TC or TTL is set, or
 * whose bottom-of-stack bit is not where it belongs (last entry only), decodes to an object with
 * every field, so that a re-encode gives the same bytes.
 */
export type MplsLabel = number | { label: number; tc?: number; bos?: boolean; ttl?: number };

const MPLS_LABEL_MAX = 0xfffff;

/** A label stack: 4-byte big-endian entries (label << 12 | tc << 9 | bos << 8 | ttl). */
export const mplsLabels: Codec<MplsLabel[]> = {
  wire: 'mpls-labels',
  decode(ctx, off, len) {
    if (len % 4 !== 0) throw new DecodeError(`MPLS label stack of ${len} bytes is not a multiple of 4`, off);
    const n = len / 4;
    const out: MplsLabel[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const v = ctx.view.getUint32(off + 4 * i, false);
      const label = v >>> 12;
      const tc = (v >>> 9) & 7;
      const bos = ((v >>> 8) & 1) === 1;
      const ttl = v & 0xff;
      out[i] = tc === 0 && ttl === 0 && bos === (i === n - 1) ? label : { label, tc, bos, ttl };
    }
    return out;
  },
  encode(w, value) {
    if (!Array.isArray(value)) throw new EncodeError(`MPLS label stack (array) expected, got ${describe(value)}`);
    for (let i = 0; i < value.length; i++) {
      const e = value[i];
      const last = i === value.length - 1;
      let label: unknown;
      let tc = 0;
      let bos = last;
      let ttl = 0;
      if (typeof e === 'number') label = e;
      else if (typeof e === 'object' && e !== null) {
        label = e.label;
        tc = e.tc ?? 0;
        bos = e.bos ?? last;
        ttl = e.ttl ?? 0;
      }
      if (typeof label !== 'number' || !Number.isInteger(label) || label < 0 || label > MPLS_LABEL_MAX) {
        throw new EncodeError(`MPLS label must be an integer in 0..${MPLS_LABEL_MAX}, got ${describe(label)}`);
      }
      if (!Number.isInteger(tc) || tc < 0 || tc > 7) throw new EncodeError(`MPLS tc must be 0..7, got ${describe(tc)}`);
      if (!Number.isInteger(ttl) || ttl < 0 || ttl > 255) throw new EncodeError(`MPLS ttl must be 0..255, got ${describe(ttl)}`);
      w.u32(((label << 12) | (tc << 9) | (bos ? 0x100 : 0) | ttl) >>> 0, false);
    }
  },
};

/** Parse iproute2's label text '100/200/300' into a label stack. */
export function parseMplsLabels(text: string): number[] {
  const parts = text.split('/');
  return parts.map((p) => {
    if (!/^\d+$/.test(p) || Number(p) > MPLS_LABEL_MAX) throw new EncodeError(`invalid MPLS label stack ${JSON.stringify(text)}`);
    return Number(p);
  });
}

/** An address whose form follows the message family: an MPLS label stack in AF_MPLS messages, else `address`. */
export const routeAddress: Codec<string | MplsLabel[]> = {
  wire: 'route-address',
  decode(ctx, off, len, parent) {
    if (ctx.family === AF_MPLS) return mplsLabels.decode(ctx, off, len, parent);
    return address.decode(ctx, off, len, parent);
  },
  encode(w, value, ctx, hint, parent) {
    if (Array.isArray(value)) mplsLabels.encode(w, value, ctx, hint, parent);
    else address.encode(w, value as string, ctx, hint, parent);
  },
};

/** struct rtvia: a u16 address family (host order) then the address (RTA_VIA). */
export interface RtVia {
  family: number;
  /** Text form: IPv4/IPv6 for 4/16 bytes, colon hex otherwise ('' for none). */
  address: string;
}

/**
 * struct rtvia (RTA_VIA): a gateway of another family than the route's (`via inet6 ADDR` in an
 * IPv4 route).
 */
export const rtvia: Codec<RtVia> = {
  kind: 'struct',
  wire: 'struct rtvia',
  decode(ctx, off, len, parent) {
    if (len < 2) throw new DecodeError(`struct rtvia needs 2 bytes, has ${len}`, off);
    const family = ctx.view.getUint16(off, ctx.le);
    const addr = len > 2 ? address.decode(ctx, off + 2, len - 2, parent) : '';
    return { family, address: addr };
  },
  encode(w, value, ctx, hint, parent) {
    if (typeof value !== 'object' || value === null) throw new EncodeError(`rtvia expects {family, address}, got ${describe(value)}`);
    const family = value.family;
    if (typeof family !== 'number' || !Number.isInteger(family) || family < 0 || family > 0xffff) {
      throw new EncodeError(`rtvia.family must be a u16, got ${describe(family)}`);
    }
    w.u16(family, ctx.le);
    if (value.address !== '' && value.address !== undefined) address.encode(w, value.address, ctx, hint, parent);
  },
};
