/** pedit (packet editor): TCA_PEDIT_*. struct tc_pedit_sel carries its keys after the head. */
import type { Codec } from '../../../netlink/codec.js';
import { DecodeError, EncodeError } from '../../../netlink/errors.js';
import { attrs, indexed, nest, struct } from '../../../netlink/schema.js';
import { binary, u16, u32, u8 } from '../../../netlink/types.js';
import { actionKinds, tcfT } from '../schema.js';

/** struct tc_pedit_key: (word at off) = (word & mask) ^ val */
export const tcPeditKey = struct('tc_pedit_key', [
  ['mask', u32],
  ['val', u32],
  ['off', u32],
  ['at', u32],
  ['offmask', u32],
  ['shift', u32],
] as const);
/** The 24-byte head of struct tc_pedit_sel (tc_gen, nkeys, flags, padding). */
export const tcPeditSelHead = struct('tc_pedit_sel', [
  ['index', u32],
  ['capab', u32],
  ['action', u32],
  ['refcnt', u32],
  ['bindcnt', u32],
  ['nkeys', u8],
  ['flags', u8],
  ['_pad', u16],
] as const);
/** struct tc_pedit_key: one 32-bit edit (mask, value, offset, at, offmask, shift). */
export type PeditKey = typeof tcPeditKey extends Codec<infer V> ? V : never;
type PeditHead = typeof tcPeditSelHead extends Codec<infer V> ? V : never;
/**
 * struct tc_pedit_sel with its keys (TCA_PEDIT_PARMS): the action's parameters and the list of
 * edits.
 */
export type PeditSel = Omit<PeditHead, 'nkeys'> & { nkeys?: number; keys: PeditKey[] };

/** struct tc_pedit_sel with its keys */
export const tcPeditSel: Codec<PeditSel> = {
  kind: 'struct',
  wire: 'struct tc_pedit_sel',
  decode(ctx, off, len) {
    if (len < 24) throw new DecodeError(`struct tc_pedit_sel needs 24 bytes, has ${len}`, off);
    const head = tcPeditSelHead.decode(ctx, off, 24);
    ctx.tail = undefined;
    const keys: PeditKey[] = [];
    for (let p = off + 24; p + 24 <= off + len; p += 24) {
      keys.push(tcPeditKey.decode(ctx, p, 24));
      ctx.tail = undefined;
    }
    if ((len - 24) % 24 !== 0) ctx.tail = ctx.buf.subarray(off + 24 + keys.length * 24, off + len);
    return { ...head, keys };
  },
  encode(w, value, ctx) {
    if (typeof value !== 'object' || value === null || !Array.isArray(value.keys)) throw new EncodeError('struct tc_pedit_sel: { keys: [...] } expected');
    const { keys, ...head } = value;
    tcPeditSelHead.encode(w, { ...head, nkeys: value.nkeys ?? keys.length } as PeditHead, ctx);
    for (const k of keys) tcPeditKey.encode(w, k, ctx);
  },
};
/** TCA_PEDIT_KEY_EX_*: the header type and command of one key. */
export const peditKeyExAttrs = attrs('TCA_PEDIT_KEY_EX_', {
  htype: [1, 'HTYPE', u16],
  cmd: [2, 'CMD', u16],
});
/**
 * TCA_PEDIT_*: the options of the pedit action, which edits packet bytes (`action pedit ex munge
 * ...`).
 */
export const peditAttrs = attrs('TCA_PEDIT_', {
  tm: [1, 'TM', tcfT],
  parms: [2, 'PARMS', tcPeditSel],
  pad: [3, 'PAD', binary],
  parmsEx: [4, 'PARMS_EX', tcPeditSel],
  /** TCA_PEDIT_KEY_EX entries, one per key */
  keysEx: [5, 'KEYS_EX', indexed(nest(() => peditKeyExAttrs), 6)],
});
actionKinds.register('pedit', peditAttrs);

declare module '../schema.js' {
  interface ActionKindCodecs {
    pedit: typeof peditAttrs;
  }
}
