/**
 * The SA requests of `ip xfrm state` (ip/xfrm_state.c): add / update, get / delete, the dump
 * filter, flush, allocspi, and the SAD / SPD info requests.
 */
import { ValidationError } from '../../netlink/errors.js';
import { AF_INET } from '../address.js';
import {
  IPPROTO_AH, IPPROTO_COMP, IPPROTO_DSTOPTS, IPPROTO_ESP, IPPROTO_ROUTING, XFRM_ENCAP, XFRM_MODE, XFRM_PROTO, XFRM_SA_XFLAG, XFRM_STATE,
  XFRMA_REPLAY_ESN_MAX,
} from '../constants.js';
import type { XfrmIdOptions, XfrmKey, XfrmMarkOptions, XfrmProtoName, XfrmStateOptions } from '../options.js';
import type { XfrmAttrs } from '../schema.js';
import { address, flagWord, keyBytes, named, prefix, u32, uint } from './checks.js';
import { Ordered, ZERO4, ZERO_CUR, familyOf, idOf, lifetime, markOf, selector } from './parts.js';

const isIpsec = (p: number) => p === IPPROTO_ESP || p === IPPROTO_AH || p === IPPROTO_COMP;
const isRo = (p: number) => p === IPPROTO_ROUTING || p === IPPROTO_DSTOPTS;

/** XFRM_MSG_NEWSA / UPDSA body (ip's xfrm_state_modify). */
export function stateBody(o: XfrmStateOptions): { header: Record<string, unknown>; attrs: XfrmAttrs } {
  if (typeof o !== 'object' || o === null) throw new ValidationError('state options must be an object');
  const id = idOf(o, familyOf(o.family), '');
  const mode = o.mode === undefined ? 0 : named(XFRM_MODE, o.mode, 'mode', 255);
  const flags = flagWord(XFRM_STATE, o.flags, 'flags', 255);
  const extra = flagWord(XFRM_SA_XFLAG, o.extraFlags, 'extraFlags', 0xffffffff);
  const replayWindow = o.replayWindow === undefined ? 0 : u32(o.replayWindow, 'replayWindow');
  const at = new Ordered();
  const has = { enc: false, auth: false, aead: false, comp: false };
  for (const key of Object.keys(o) as Array<keyof XfrmStateOptions>) {
    const v = o[key];
    if (v === undefined) continue;
    switch (key) {
      case 'enc':
      case 'auth': {
        const a = v as { name: string; key: XfrmKey };
        at.add(key === 'enc' ? 'algCrypt' : 'algAuth', { name: algName(a.name, key), key: keyBytes(a.key, `${key}.key`) });
        has[key] = true;
        break;
      }
      case 'authTrunc': {
        const a = v as { name: string; key: XfrmKey; truncLen: number };
        at.add('algAuthTrunc', { name: algName(a.name, key), key: keyBytes(a.key, 'authTrunc.key'), truncLen: u32(a.truncLen, 'authTrunc.truncLen') });
        has.auth = true;
        break;
      }
      case 'aead': {
        const a = v as { name: string; key: XfrmKey; icvLen: number };
        at.add('algAead', { name: algName(a.name, key), key: keyBytes(a.key, 'aead.key'), icvLen: u32(a.icvLen, 'aead.icvLen') });
        has.aead = true;
        break;
      }
      case 'comp': {
        const a = v as { name: string };
        at.add('algComp', { name: algName(a.name, key), key: new Uint8Array(0) });
        has.comp = true;
        break;
      }
      case 'encap': {
        const e = v as NonNullable<XfrmStateOptions['encap']>;
        at.add('encap', {
          type: named(XFRM_ENCAP, e.type, 'encap.type', 0xffff), sport: uint(e.sport, 'encap.sport', 0xffff), dport: uint(e.dport, 'encap.dport', 0xffff),
          oa: address(e.oa, 'encap.oa').address,
        });
        break;
      }
      case 'coa':
        at.add('coaddr', address(v, 'coa').address);
        break;
    }
  }
  if (has.enc && has.aead) throw new ValidationError('enc and aead cannot be used together', 'aead');
  if (has.auth && has.aead) throw new ValidationError('auth and aead cannot be used together', 'aead');
  if (flags & 128 && replayWindow === 0) throw new ValidationError('the esn flag needs a replayWindow', 'replayWindow');
  if (replayWindow > XFRMA_REPLAY_ESN_MAX) throw new ValidationError(`replayWindow (${replayWindow}) > XFRMA_REPLAY_ESN_MAX (${XFRMA_REPLAY_ESN_MAX})`, 'replayWindow');
  const seq = o.replaySeq === undefined ? 0 : u32(o.replaySeq, 'replaySeq');
  const oseq = o.replayOseq === undefined ? 0 : u32(o.replayOseq, 'replayOseq');
  const seqHi = o.replaySeqHi === undefined ? 0 : u32(o.replaySeqHi, 'replaySeqHi');
  const oseqHi = o.replayOseqHi === undefined ? 0 : u32(o.replayOseqHi, 'replayOseqHi');
  let headerWindow = 0;
  if (flags & 128 || replayWindow > 32) {
    at.add('replayEsnVal', { bmpLen: Math.ceil(replayWindow / 32), oseq, seq, oseqHi, seqHi, replayWindow, bmp: [] });
  } else {
    if (seq || oseq) at.add('replayVal', { oseq, seq, bitmap: 0 });
    headerWindow = replayWindow;
  }
  if (extra) at.add('saExtraFlags', extra);
  const mark = markOf(o.mark, 'mark');
  if (mark && mark.m) at.add('mark', mark);
  if (o.ifId !== undefined) at.add('ifId', u32(o.ifId, 'ifId'));
  if (o.tfcpad) at.add('tfcpad', u32(o.tfcpad, 'tfcpad'));
  const p = id.proto;
  if (isIpsec(p)) {
    if (!(mode === 0 || mode === 1 || (mode === 4 && p === IPPROTO_ESP))) throw new ValidationError(`mode ${XFRM_MODE.name(mode)} is invalid with proto ${XFRM_PROTO.name(p)}`, 'mode');
    if (p === IPPROTO_ESP) {
      if (has.comp) throw new ValidationError('comp is invalid with proto esp', 'comp');
      if (!has.enc && !has.aead) throw new ValidationError('proto esp needs enc or aead', 'enc');
    } else if (p === IPPROTO_AH) {
      if (has.enc || has.aead || has.comp) throw new ValidationError('enc, aead and comp are invalid with proto ah', 'proto');
      if (!has.auth) throw new ValidationError('proto ah needs auth or authTrunc', 'auth');
    } else {
      if (has.enc || has.auth || has.aead) throw new ValidationError('enc, auth, authTrunc and aead are invalid with proto comp', 'proto');
      if (!has.comp) throw new ValidationError('proto comp needs comp', 'comp');
    }
  } else if (has.enc || has.auth || has.aead || has.comp) {
    throw new ValidationError(`algorithms are invalid with proto ${XFRM_PROTO.name(p)}`, 'proto');
  }
  if (isRo(p)) {
    if (mode !== 2 && mode !== 3) throw new ValidationError(`proto ${XFRM_PROTO.name(p)} needs mode ro or in_trigger`, 'mode');
    if (o.coa === undefined) throw new ValidationError(`proto ${XFRM_PROTO.name(p)} needs coa`, 'coa');
  } else if (o.coa !== undefined) throw new ValidationError(`coa is invalid with proto ${XFRM_PROTO.name(p)}`, 'coa');
  if (o.outputMark !== undefined) {
    const om = o.outputMark;
    if (om.value) at.add('setMark', u32(om.value, 'outputMark.value'));
    if (om.mask) at.add('setMarkMask', u32(om.mask, 'outputMark.mask'));
  }
  const family = id.family || AF_INET;
  const header = {
    sel: selector(o.sel),
    id: { daddr: id.daddr, spi: id.spi, proto: p },
    saddr: id.saddr,
    lft: lifetime(o.limits),
    curlft: ZERO_CUR,
    stats: { replayWindow: 0, replay: 0, integrityFailed: 0 },
    seq: o.seq === undefined ? 0 : u32(o.seq, 'seq'),
    reqid: o.reqid === undefined ? 0 : u32(o.reqid, 'reqid'),
    family,
    mode,
    replayWindow: headerWindow,
    flags,
  };
  return { header, attrs: at.done(family) };
}

function algName(name: unknown, field: string): string {
  if (typeof name !== 'string' || name === '' || new TextEncoder().encode(name).length > 63) {
    throw new ValidationError(`${field}.name must be an algorithm name of 1..63 bytes`, `${field}.name`);
  }
  return name;
}

/** XFRM_MSG_GETSA / DELSA body (ip's xfrm_state_get_or_delete): xfrm_usersa_id, XFRMA_SRCADDR, mark when value & mask. */
export function stateIdBody(o: XfrmIdOptions & { mark?: XfrmMarkOptions; family?: 4 | 6 }): { header: Record<string, unknown>; attrs: XfrmAttrs } {
  if (typeof o !== 'object' || o === null) throw new ValidationError('state id options must be an object');
  const id = idOf(o, familyOf(o.family), '');
  const at = new Ordered();
  at.add('srcaddr', id.saddr);
  const mark = markOf(o.mark, 'mark');
  if (mark && mark.m & mark.v) at.add('mark', mark);
  const family = id.family || AF_INET;
  return { header: { daddr: id.daddr, spi: id.spi, family, proto: id.proto }, attrs: at.done(family) };
}

/** XFRM_MSG_DELSA of a dumped SA (ip's xfrm_state_keep, for deleteall): its id, source address and mark. */
export function stateDeleteOf(info: { id: { daddr: string; spi: number; proto: string | number }; saddr: string; family: number }, mark?: { v: number; m: number }): { header: Record<string, unknown>; attrs: XfrmAttrs } {
  const at = new Ordered();
  at.add('srcaddr', info.saddr);
  if (mark) at.add('mark', mark);
  return { header: { daddr: info.id.daddr, spi: info.id.spi, family: info.family, proto: info.id.proto }, attrs: at.done(info.family) };
}

/** The attributes of a GETSA dump (ip's state list): XFRMA_PROTO when given, XFRMA_ADDRESS_FILTER always. */
export function stateDumpAttrs(f: { src?: string; dst?: string; proto?: XfrmProtoName | number; family?: 4 | 6 } = {}): XfrmAttrs {
  const at = new Ordered();
  let family = familyOf(f.family);
  let saddr = '::';
  let daddr = '::';
  let splen = 0;
  let dplen = 0;
  if (f.src !== undefined) {
    const p = prefix(f.src, 'src');
    saddr = p.address;
    splen = p.plen;
    family = p.family;
  }
  if (f.dst !== undefined) {
    const p = prefix(f.dst, 'dst');
    daddr = p.address;
    dplen = p.plen;
    family = p.family;
  }
  if (family === AF_INET) {
    if (saddr === '::') saddr = ZERO4;
    if (daddr === '::') daddr = ZERO4;
  }
  const proto = f.proto === undefined ? 0 : named(XFRM_PROTO, f.proto, 'proto', 255);
  if (proto) at.add('proto', proto);
  at.add('addressFilter', { saddr, daddr, family, splen, dplen });
  return at.done(family);
}

/** XFRM_MSG_FLUSHSA body. */
export function stateFlushBody(proto?: XfrmProtoName | number): { header: { proto: number }; attrs: XfrmAttrs } {
  return { header: { proto: proto === undefined ? 0 : named(XFRM_PROTO, proto, 'proto', 255) }, attrs: {} };
}

/** XFRM_MSG_GETSADINFO / GETSPDINFO body: ip sends flags 0xffffffff. */
export function infoRequestBody(): { header: { flags: number }; attrs: Record<string, never> } {
  return { header: { flags: 0xffffffff }, attrs: {} };
}

/** `ip xfrm state allocspi ID [mode M] [mark M [mask M]] [reqid R] [seq S] [min SPI max SPI]` */
export interface XfrmAllocSpiOptions extends Omit<XfrmIdOptions, 'spi'> {
  mode?: XfrmStateOptions['mode'];
  reqid?: number;
  seq?: number;
  /** The SPI range (both or neither; default 0x100..0x0fffffff, 0x100..0xffff for comp as in PF_KEY). */
  min?: number;
  max?: number;
  mark?: XfrmMarkOptions;
  family?: 4 | 6;
}

/** XFRM_MSG_ALLOCSPI body (ip's xfrm_state_allocspi): xfrm_userspi_info, the mark when value & mask. */
export function allocSpiBody(o: XfrmAllocSpiOptions): { header: Record<string, unknown>; attrs: XfrmAttrs } {
  if (typeof o !== 'object' || o === null) throw new ValidationError('allocspi options must be an object');
  if ((o as XfrmIdOptions).spi !== undefined) throw new ValidationError('spi is chosen by the kernel: give min and max instead', 'spi');
  const id = idOf(o, familyOf(o.family), '');
  if ((o.min === undefined) !== (o.max === undefined)) throw new ValidationError('min and max go together', o.min === undefined ? 'min' : 'max');
  let min = 0x100;
  let max = id.proto === IPPROTO_COMP ? 0xffff : 0x0fffffff;
  if (o.min !== undefined && o.max !== undefined) {
    min = u32(o.min, 'min');
    max = u32(o.max, 'max');
    if (min > max) throw new ValidationError('min is larger than max', 'min');
  }
  const at = new Ordered();
  const mark = markOf(o.mark, 'mark');
  if (mark && mark.m & mark.v) at.add('mark', mark);
  const family = id.family || AF_INET;
  const info = {
    sel: selector(undefined),
    id: { daddr: id.daddr, spi: 0, proto: id.proto },
    saddr: id.saddr,
    lft: lifetime({ byteSoft: 0, byteHard: 0, packetSoft: 0, packetHard: 0 }),
    curlft: ZERO_CUR,
    stats: { replayWindow: 0, replay: 0, integrityFailed: 0 },
    seq: o.seq === undefined ? 0 : u32(o.seq, 'seq'),
    reqid: o.reqid === undefined ? 0 : u32(o.reqid, 'reqid'),
    family,
    mode: o.mode === undefined ? 0 : named(XFRM_MODE, o.mode, 'mode', 255),
    replayWindow: 0,
    flags: 0,
  };
  return { header: { info, min, max }, attrs: at.done(family) };
}
