/**
 * NETLINK_XFRM message bodies (linux/xfrm.h): the fixed structs, with the layout and padding of
 * a 64-bit kernel (u64 fields 8-aligned: xfrm_usersa_info is 224 bytes, xfrm_userpolicy_info
 * 168), and the XFRMA_* attribute set. Addresses are xfrm_address_t (./address.ts).
 */
import type { Codec, ValueOf } from '../netlink/codec.js';
import { enumOf, flagsOf } from '../netlink/enums.js';
import { DecodeError, EncodeError } from '../netlink/errors.js';
import { attrs, struct } from '../netlink/schema.js';
import { arrayOf, be16, be32, binary, describe, pad, s32, u16, u32, u64, u8 } from '../netlink/types.js';
import { familyStruct, xaddr } from './address.js';
import {
  XFRM_ENCAP, XFRM_MODE, XFRM_POLICY_ACTION, XFRM_POLICY_FLAG, XFRM_POLICY_TYPE, XFRM_PROTO, XFRM_SHARE, XFRM_STATE, XFRMA,
} from './constants.js';

/** struct xfrm_selector (56 bytes): the traffic an SA or a policy applies to. */
export const xfrmSelector = familyStruct(
  'xfrm_selector',
  [
    ['daddr', xaddr],
    ['saddr', xaddr],
    ['dport', be16],
    ['dportMask', be16],
    ['sport', be16],
    ['sportMask', be16],
    ['family', u16],
    ['prefixlenD', u8],
    ['prefixlenS', u8],
    ['proto', u8],
    ['_pad', pad(3)],
    ['ifindex', s32],
    ['user', u32],
  ] as const,
  'family',
);
/** A decoded struct xfrm_selector. */
export type XfrmSelector = ValueOf<typeof xfrmSelector>;

/** struct xfrm_id (24 bytes); its address family is the enclosing struct's. */
export const xfrmId = struct('xfrm_id', [
  ['daddr', xaddr],
  ['spi', be32],
  ['proto', enumOf(u8, XFRM_PROTO)],
  ['_pad', pad(3)],
] as const);

/** struct xfrm_lifetime_cfg (64 bytes); XFRM_INF (2^64-1) is "no limit". */
export const xfrmLifetimeCfg = struct('xfrm_lifetime_cfg', [
  ['softByteLimit', u64],
  ['hardByteLimit', u64],
  ['softPacketLimit', u64],
  ['hardPacketLimit', u64],
  ['softAddExpiresSeconds', u64],
  ['hardAddExpiresSeconds', u64],
  ['softUseExpiresSeconds', u64],
  ['hardUseExpiresSeconds', u64],
] as const);
/** A decoded struct xfrm_lifetime_cfg (XFRM_INF: no limit). */
export type XfrmLifetimeCfg = ValueOf<typeof xfrmLifetimeCfg>;

/** struct xfrm_lifetime_cur (32 bytes). */
export const xfrmLifetimeCur = struct('xfrm_lifetime_cur', [
  ['bytes', u64],
  ['packets', u64],
  ['addTime', u64],
  ['useTime', u64],
] as const);

/** struct xfrm_stats (12 bytes). */
export const xfrmStats = struct('xfrm_stats', [
  ['replayWindow', u32],
  ['replay', u32],
  ['integrityFailed', u32],
] as const);

/** struct xfrm_usersa_info (224 bytes: 7 bytes of tail padding after `flags`). */
export const xfrmUsersaInfo = familyStruct(
  'xfrm_usersa_info',
  [
    ['sel', xfrmSelector],
    ['id', xfrmId],
    ['saddr', xaddr],
    ['lft', xfrmLifetimeCfg],
    ['curlft', xfrmLifetimeCur],
    ['stats', xfrmStats],
    ['seq', u32],
    ['reqid', u32],
    ['family', u16],
    ['mode', enumOf(u8, XFRM_MODE)],
    ['replayWindow', u8],
    ['flags', flagsOf(u8, XFRM_STATE)],
    ['_pad', pad(7)],
  ] as const,
  'family',
);
xfrmUsersaInfo.familyField = 'family';
/** A decoded struct xfrm_usersa_info: an SA. */
export type XfrmUsersaInfo = ValueOf<typeof xfrmUsersaInfo>;

/** struct xfrm_usersa_id (24 bytes): the key of an SA (daddr, spi, proto). */
export const xfrmUsersaId = familyStruct(
  'xfrm_usersa_id',
  [
    ['daddr', xaddr],
    ['spi', be32],
    ['family', u16],
    ['proto', enumOf(u8, XFRM_PROTO)],
    ['_pad', pad(1)],
  ] as const,
  'family',
);
xfrmUsersaId.familyField = 'family';

/** struct xfrm_userspi_info (232 bytes): XFRM_MSG_ALLOCSPI. */
export const xfrmUserspiInfo = struct('xfrm_userspi_info', [
  ['info', xfrmUsersaInfo],
  ['min', u32],
  ['max', u32],
] as const);

/** struct xfrm_userpolicy_info (168 bytes). */
export const xfrmUserpolicyInfo = struct('xfrm_userpolicy_info', [
  ['sel', xfrmSelector],
  ['lft', xfrmLifetimeCfg],
  ['curlft', xfrmLifetimeCur],
  ['priority', u32],
  ['index', u32],
  ['dir', u8],
  ['action', enumOf(u8, XFRM_POLICY_ACTION)],
  ['flags', flagsOf(u8, XFRM_POLICY_FLAG)],
  ['share', enumOf(u8, XFRM_SHARE)],
  ['_pad', pad(4)],
] as const);
/** A decoded struct xfrm_userpolicy_info: a policy. */
export type XfrmUserpolicyInfo = ValueOf<typeof xfrmUserpolicyInfo>;

/** struct xfrm_userpolicy_id (64 bytes): a policy by selector or index, and direction. */
export const xfrmUserpolicyId = struct('xfrm_userpolicy_id', [
  ['sel', xfrmSelector],
  ['index', u32],
  ['dir', u8],
  ['_pad', pad(3)],
] as const);

/** struct xfrm_usersa_flush (1 byte): XFRM_MSG_FLUSHSA's protocol (0: all). */
export const xfrmUsersaFlush = struct('xfrm_usersa_flush', [['proto', enumOf(u8, XFRM_PROTO)]] as const);

/** XFRM_MSG_FLUSHPOLICY carries no fixed header (ip sends NLMSG_LENGTH(0)). */
export const xfrmNoHeader = struct('none', [] as const);

/** struct xfrm_user_tmpl (64 bytes): one template of XFRMA_TMPL. */
export const xfrmUserTmpl = familyStruct(
  'xfrm_user_tmpl',
  [
    ['id', xfrmId],
    ['family', u16],
    ['_pad1', pad(2)],
    ['saddr', xaddr],
    ['reqid', u32],
    ['mode', enumOf(u8, XFRM_MODE)],
    ['share', enumOf(u8, XFRM_SHARE)],
    ['optional', u8],
    ['_pad2', pad(1)],
    ['aalgos', u32],
    ['ealgos', u32],
    ['calgos', u32],
  ] as const,
  'family',
);
/** A decoded struct xfrm_user_tmpl: one template of a policy. */
export type XfrmUserTmpl = ValueOf<typeof xfrmUserTmpl>;

/** struct xfrm_encap_tmpl (24 bytes); the original address is in the SA's family. */
export const xfrmEncapTmpl = struct('xfrm_encap_tmpl', [
  ['type', enumOf(u16, XFRM_ENCAP)],
  ['sport', be16],
  ['dport', be16],
  ['_pad', pad(2)],
  ['oa', xaddr],
] as const);

/** struct xfrm_mark (XFRMA_MARK). */
export const xfrmMark = struct('xfrm_mark', [
  ['v', u32],
  ['m', u32],
] as const);

/** struct xfrm_replay_state (XFRMA_REPLAY_VAL). */
export const xfrmReplayState = struct('xfrm_replay_state', [
  ['oseq', u32],
  ['seq', u32],
  ['bitmap', u32],
] as const);

/** struct xfrm_userpolicy_type (6 bytes, XFRMA_POLICY_TYPE). */
export const xfrmUserpolicyType = struct('xfrm_userpolicy_type', [
  ['type', enumOf(u8, XFRM_POLICY_TYPE)],
  ['_pad', pad(1)],
  ['reserved1', u16],
  ['reserved2', u8],
  ['_pad2', pad(1)],
] as const);

/** struct xfrm_user_offload (8 bytes, XFRMA_OFFLOAD_DEV). */
export const xfrmUserOffload = struct('xfrm_user_offload', [
  ['ifindex', s32],
  ['flags', u8],
  ['_pad', pad(3)],
] as const);

/** struct xfrm_address_filter (36 bytes, XFRMA_ADDRESS_FILTER of a GETSA dump). */
export const xfrmAddressFilter = familyStruct(
  'xfrm_address_filter',
  [
    ['saddr', xaddr],
    ['daddr', xaddr],
    ['family', u16],
    ['splen', u8],
    ['dplen', u8],
  ] as const,
  'family',
);

/** struct xfrm_user_expire (232 bytes): XFRM_MSG_EXPIRE. */
export const xfrmUserExpire = struct('xfrm_user_expire', [
  ['state', xfrmUsersaInfo],
  ['hard', u8],
  ['_pad', pad(7)],
] as const);

/** struct xfrm_user_polexpire (176 bytes): XFRM_MSG_POLEXPIRE. */
export const xfrmUserPolexpire = struct('xfrm_user_polexpire', [
  ['pol', xfrmUserpolicyInfo],
  ['hard', u8],
  ['_pad', pad(7)],
] as const);

/** struct xfrm_user_acquire (280 bytes): XFRM_MSG_ACQUIRE; addresses in the policy selector's family. */
export const xfrmUserAcquire = struct('xfrm_user_acquire', [
  ['id', xfrmId],
  ['saddr', xaddr],
  ['sel', xfrmSelector],
  ['policy', xfrmUserpolicyInfo],
  ['aalgos', u32],
  ['ealgos', u32],
  ['calgos', u32],
  ['seq', u32],
] as const);

/** struct xfrm_aevent_id (48 bytes): XFRM_MSG_NEWAE / GETAE. */
export const xfrmAeventId = struct('xfrm_aevent_id', [
  ['saId', xfrmUsersaId],
  ['saddr', xaddr],
  ['flags', u32],
  ['reqid', u32],
] as const);

/** struct xfrm_user_report (60 bytes): XFRM_MSG_REPORT. */
export const xfrmUserReport = struct('xfrm_user_report', [
  ['proto', u8],
  ['_pad', pad(3)],
  ['sel', xfrmSelector],
] as const);

/** struct xfrm_user_mapping (64 bytes): XFRM_MSG_MAPPING. */
export const xfrmUserMapping = struct('xfrm_user_mapping', [
  ['id', xfrmUsersaId],
  ['reqid', u32],
  ['oldSaddr', xaddr],
  ['newSaddr', xaddr],
  ['oldSport', be16],
  ['newSport', be16],
] as const);

/** struct xfrm_userpolicy_default (3 bytes): XFRM_MSG_SETDEFAULT / GETDEFAULT. */
export const xfrmUserpolicyDefault = struct('xfrm_userpolicy_default', [
  ['in', u8],
  ['fwd', u8],
  ['out', u8],
] as const);

/** The u32 flags word that starts XFRM_MSG_{NEW,GET}{SAD,SPD}INFO. */
export const xfrmInfoFlags = struct('xfrm_info_flags', [['flags', u32]] as const);

/** struct xfrm_algo / xfrm_algo_auth / xfrm_algo_aead: a name, a key length in bits, then the key. */
export interface XfrmAlgo {
  /** alg_name, e.g. 'cbc(aes)' (at most 63 bytes). */
  name: string;
  /** alg_key_len in bits (the key's length unless given). */
  keyLen?: number;
  /** alg_key: every byte after the fixed part. */
  key: Uint8Array;
}
export interface XfrmAlgoAuth extends XfrmAlgo {
  /** alg_trunc_len in bits. */
  truncLen: number;
}
export interface XfrmAlgoAead extends XfrmAlgo {
  /** alg_icv_len in bits. */
  icvLen: number;
}

const ALG_NAME = 64;

function algoCodec<T extends XfrmAlgo>(wire: string, extra: 'truncLen' | 'icvLen' | undefined): Codec<T> {
  const fixed = ALG_NAME + 4 + (extra ? 4 : 0);
  return {
    wire,
    decode(ctx, off, len) {
      if (len < fixed) throw new DecodeError(`${wire} needs ${fixed} bytes, has ${len}`, off);
      let end = off;
      while (end < off + ALG_NAME && ctx.buf[end] !== 0) end++;
      const name = new TextDecoder().decode(ctx.buf.subarray(off, end));
      const out: Record<string, unknown> = { name, keyLen: ctx.view.getUint32(off + ALG_NAME, ctx.le) };
      if (extra) out[extra] = ctx.view.getUint32(off + ALG_NAME + 4, ctx.le);
      out.key = ctx.buf.slice(off + fixed, off + len);
      return out as unknown as T;
    },
    encode(w, value, ctx) {
      if (typeof value !== 'object' || value === null) throw new EncodeError(`${wire}: object expected, got ${describe(value)}`);
      const name = new TextEncoder().encode(value.name);
      if (typeof value.name !== 'string' || name.length >= ALG_NAME) throw new EncodeError(`${wire}: algorithm name must be a string of at most ${ALG_NAME - 1} bytes`);
      if (!(value.key instanceof Uint8Array)) throw new EncodeError(`${wire}: key must be bytes`);
      const nameField = new Uint8Array(ALG_NAME);
      nameField.set(name);
      w.bytes(nameField);
      w.u32(value.keyLen ?? value.key.length * 8, ctx.le);
      if (extra) {
        const v = (value as unknown as Record<string, unknown>)[extra];
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new EncodeError(`${wire}: ${extra} must be a u32`);
        w.u32(v, ctx.le);
      }
      w.bytes(value.key);
    },
  };
}

/** struct xfrm_algo (XFRMA_ALG_CRYPT, XFRMA_ALG_AUTH, XFRMA_ALG_COMP). */
export const xfrmAlgo = algoCodec<XfrmAlgo>('xfrm_algo', undefined);
/** struct xfrm_algo_auth (XFRMA_ALG_AUTH_TRUNC). */
export const xfrmAlgoAuth = algoCodec<XfrmAlgoAuth>('xfrm_algo_auth', 'truncLen');
/** struct xfrm_algo_aead (XFRMA_ALG_AEAD). */
export const xfrmAlgoAead = algoCodec<XfrmAlgoAead>('xfrm_algo_aead', 'icvLen');

/** struct xfrm_replay_state_esn (XFRMA_REPLAY_ESN_VAL): 24 bytes then bmp_len u32 words. */
export interface XfrmReplayEsn {
  bmpLen: number;
  oseq: number;
  seq: number;
  oseqHi: number;
  seqHi: number;
  replayWindow: number;
  bmp: number[];
}
/** struct xfrm_replay_state_esn with its bitmap words. */
export const xfrmReplayStateEsn: Codec<XfrmReplayEsn> = {
  wire: 'xfrm_replay_state_esn',
  decode(ctx, off, len) {
    if (len < 24 || len % 4 !== 0) throw new DecodeError(`xfrm_replay_state_esn: bad length ${len}`, off);
    const v = ctx.view;
    const le = ctx.le;
    const bmp: number[] = [];
    for (let p = off + 24; p < off + len; p += 4) bmp.push(v.getUint32(p, le));
    return {
      bmpLen: v.getUint32(off, le), oseq: v.getUint32(off + 4, le), seq: v.getUint32(off + 8, le),
      oseqHi: v.getUint32(off + 12, le), seqHi: v.getUint32(off + 16, le), replayWindow: v.getUint32(off + 20, le), bmp,
    };
  },
  encode(w, value, ctx) {
    if (typeof value !== 'object' || value === null) throw new EncodeError(`xfrm_replay_state_esn: object expected, got ${describe(value)}`);
    for (const k of ['bmpLen', 'oseq', 'seq', 'oseqHi', 'seqHi', 'replayWindow'] as const) w.u32(value[k] ?? 0, ctx.le);
    for (const b of value.bmp ?? []) w.u32(b, ctx.le);
  },
};

/** XFRMA_*: the attributes of SA and policy messages (one set for all, as in the kernel's xfrma_policy). */
export const xfrmAttrs = attrs('XFRMA_', {
  algAuth: [XFRMA.ALG_AUTH, 'ALG_AUTH', xfrmAlgo],
  algCrypt: [XFRMA.ALG_CRYPT, 'ALG_CRYPT', xfrmAlgo],
  algComp: [XFRMA.ALG_COMP, 'ALG_COMP', xfrmAlgo],
  encap: [XFRMA.ENCAP, 'ENCAP', xfrmEncapTmpl],
  tmpl: [XFRMA.TMPL, 'TMPL', arrayOf(xfrmUserTmpl)],
  sa: [XFRMA.SA, 'SA', xfrmUsersaInfo],
  policy: [XFRMA.POLICY, 'POLICY', xfrmUserpolicyInfo],
  secCtx: [XFRMA.SEC_CTX, 'SEC_CTX', binary],
  ltimeVal: [XFRMA.LTIME_VAL, 'LTIME_VAL', xfrmLifetimeCur],
  replayVal: [XFRMA.REPLAY_VAL, 'REPLAY_VAL', xfrmReplayState],
  replayThresh: [XFRMA.REPLAY_THRESH, 'REPLAY_THRESH', u32],
  etimerThresh: [XFRMA.ETIMER_THRESH, 'ETIMER_THRESH', u32],
  srcaddr: [XFRMA.SRCADDR, 'SRCADDR', xaddr],
  coaddr: [XFRMA.COADDR, 'COADDR', xaddr],
  lastused: [XFRMA.LASTUSED, 'LASTUSED', u64],
  policyType: [XFRMA.POLICY_TYPE, 'POLICY_TYPE', xfrmUserpolicyType],
  migrate: [XFRMA.MIGRATE, 'MIGRATE', binary],
  algAead: [XFRMA.ALG_AEAD, 'ALG_AEAD', xfrmAlgoAead],
  kmaddress: [XFRMA.KMADDRESS, 'KMADDRESS', binary],
  algAuthTrunc: [XFRMA.ALG_AUTH_TRUNC, 'ALG_AUTH_TRUNC', xfrmAlgoAuth],
  mark: [XFRMA.MARK, 'MARK', xfrmMark],
  tfcpad: [XFRMA.TFCPAD, 'TFCPAD', u32],
  replayEsnVal: [XFRMA.REPLAY_ESN_VAL, 'REPLAY_ESN_VAL', xfrmReplayStateEsn],
  saExtraFlags: [XFRMA.SA_EXTRA_FLAGS, 'SA_EXTRA_FLAGS', u32],
  proto: [XFRMA.PROTO, 'PROTO', u8],
  addressFilter: [XFRMA.ADDRESS_FILTER, 'ADDRESS_FILTER', xfrmAddressFilter],
  pad: [XFRMA.PAD, 'PAD', binary],
  offloadDev: [XFRMA.OFFLOAD_DEV, 'OFFLOAD_DEV', xfrmUserOffload],
  setMark: [XFRMA.SET_MARK, 'SET_MARK', u32],
  setMarkMask: [XFRMA.SET_MARK_MASK, 'SET_MARK_MASK', u32],
  ifId: [XFRMA.IF_ID, 'IF_ID', u32],
  mtimerThresh: [XFRMA.MTIMER_THRESH, 'MTIMER_THRESH', u32],
  saDir: [XFRMA.SA_DIR, 'SA_DIR', u8],
  natKeepaliveInterval: [XFRMA.NAT_KEEPALIVE_INTERVAL, 'NAT_KEEPALIVE_INTERVAL', u32],
  saPcpu: [XFRMA.SA_PCPU, 'SA_PCPU', u32],
});
/** The decoded XFRMA_* attributes of an SA or policy message. */
export type XfrmAttrs = ValueOf<typeof xfrmAttrs>;

/** XFRMA_SAD_* of XFRM_MSG_NEWSADINFO (`ip xfrm state count`). */
export const xfrmSadAttrs = attrs('XFRMA_SAD_', {
  cnt: [1, 'CNT', u32],
  hinfo: [2, 'HINFO', struct('xfrmu_sadhinfo', [['sadhcnt', u32], ['sadhmcnt', u32]] as const)],
});

/** XFRMA_SPD_* of XFRM_MSG_NEWSPDINFO (`ip xfrm policy count`). */
export const xfrmSpdAttrs = attrs('XFRMA_SPD_', {
  info: [1, 'INFO', struct('xfrmu_spdinfo', [
    ['incnt', u32], ['outcnt', u32], ['fwdcnt', u32], ['inscnt', u32], ['outscnt', u32], ['fwdscnt', u32],
  ] as const)],
  hinfo: [2, 'HINFO', struct('xfrmu_spdhinfo', [['spdhcnt', u32], ['spdhmcnt', u32]] as const)],
  ipv4Hthresh: [3, 'IPV4_HTHRESH', struct('xfrmu_spdhthresh', [['lbits', u8], ['rbits', u8]] as const)],
  ipv6Hthresh: [4, 'IPV6_HTHRESH', struct('xfrmu_spdhthresh', [['lbits', u8], ['rbits', u8]] as const)],
});
