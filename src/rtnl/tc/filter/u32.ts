/** u32 (the universal 32-bit key classifier): TCA_U32_*. */
import type { Codec } from '../../../netlink/codec.js';
import { DecodeError, EncodeError } from '../../../netlink/errors.js';
import { attrs, struct } from '../../../netlink/schema.js';
import { be16, be32, binary, s16, s32, string, u16, u32, u64, u8 } from '../../../netlink/types.js';
import { actionList, tcKinds } from '../schema.js';
import { policeAttrs } from '../action/police.js';

/** struct tc_u32_key: match (packet word at `off` & mask) == val. */
export const tcU32Key = struct('tc_u32_key', [
  ['mask', be32],
  ['val', be32],
  ['off', s32],
  ['offmask', s32],
] as const);
/** The fixed head of struct tc_u32_sel (16 bytes; `nkeys` keys follow). */
export const tcU32SelHead = struct('tc_u32_sel', [
  ['flags', u8],
  ['offshift', u8],
  ['nkeys', u8],
  ['_pad', u8],
  ['offmask', be16],
  ['off', u16],
  ['offoff', s16],
  ['hoff', s16],
  ['hmask', be32],
] as const);
type U32SelHead = typeof tcU32SelHead extends Codec<infer V> ? V : never;
/** struct tc_u32_key: one 32-bit match (value, mask, offset, offset mask). */
export type U32Key = typeof tcU32Key extends Codec<infer V> ? V : never;
/** struct tc_u32_sel with its keys: `{ ...head, keys: [...] }` (nkeys is the keys' count). */
export type U32Sel = Omit<U32SelHead, 'nkeys'> & { nkeys?: number; keys: U32Key[] };

/** struct tc_u32_sel with its tc_u32_key array (TCA_U32_SEL): flags, offsets, hash and the keys. */
export const tcU32Sel: Codec<U32Sel> = {
  kind: 'struct',
  wire: 'struct tc_u32_sel',
  decode(ctx, off, len) {
    if (len < 16) throw new DecodeError(`struct tc_u32_sel needs 16 bytes, has ${len}`, off);
    const head = tcU32SelHead.decode(ctx, off, 16);
    ctx.tail = undefined;
    const keys: U32Key[] = [];
    for (let p = off + 16; p + 16 <= off + len; p += 16) {
      keys.push(tcU32Key.decode(ctx, p, 16));
      ctx.tail = undefined;
    }
    if ((len - 16) % 16 !== 0) ctx.tail = ctx.buf.subarray(off + 16 + keys.length * 16, off + len);
    return { ...head, keys };
  },
  encode(w, value, ctx) {
    if (typeof value !== 'object' || value === null || !Array.isArray(value.keys)) {
      throw new EncodeError('struct tc_u32_sel: { keys: [...] } expected');
    }
    const { keys, ...head } = value;
    tcU32SelHead.encode(w, { ...head, nkeys: value.nkeys ?? keys.length } as U32SelHead, ctx);
    for (const k of keys) tcU32Key.encode(w, k, ctx);
  },
};
/** struct tc_u32_mark */
export const tcU32Mark = struct('tc_u32_mark', [['val', u32], ['mask', u32], ['success', u32]] as const);
/** struct tc_u32_pcnt (rcnt, rhit, then one counter per key) */
export const tcU32Pcnt = struct('tc_u32_pcnt', [['rcnt', u64], ['rhit', u64]] as const);

/**
 * TCA_U32_*: the options of the u32 filter, which matches 32-bit words at offsets (`u32 match ip
 * dst A/L ...`).
 */
export const u32Attrs = attrs('TCA_U32_', {
  classid: [1, 'CLASSID', u32],
  hash: [2, 'HASH', u32],
  link: [3, 'LINK', u32],
  divisor: [4, 'DIVISOR', u32],
  sel: [5, 'SEL', tcU32Sel],
  police: [6, 'POLICE', policeAttrs],
  act: [7, 'ACT', actionList],
  indev: [8, 'INDEV', string()],
  pcnt: [9, 'PCNT', tcU32Pcnt],
  mark: [10, 'MARK', tcU32Mark],
  flags: [11, 'FLAGS', u32],
  pad: [12, 'PAD', binary],
});
tcKinds.register('u32', u32Attrs);

declare module '../schema.js' {
  interface TcKindCodecs {
    u32: typeof u32Attrs;
  }
}
