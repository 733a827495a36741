/**
 * The request bodies of `ip xfrm state` and `ip xfrm policy`, built from typed options the way
 * iproute2 builds them (ip/xfrm_state.c, ip/xfrm_policy.c): the same defaults (XFRM_INF byte and
 * packet limits, all algorithms allowed in a template, AF_INET when no address says otherwise)
 * and the same attribute order (algorithms, encap and coa as given, then offload, replay state,
 * extra flags, mark, if_id, tfcpad, output mark), so that the API and pure-ip send ip's bytes.
 * Names and numbers are checked here; interface names are resolved by the caller (ifindex).
 */
import { setLayout, type LayoutEntry } from '../netlink/codec.js';
import { isIPv4, isIPv6 } from '../netlink/address.js';
import type { EnumDef } from '../netlink/enums.js';
import { ValidationError } from '../netlink/errors.js';
import { Writer } from '../netlink/writer.js';
import { AF_INET, AF_INET6 } from './address.js';
import {
  IPPROTO_AH, IPPROTO_COMP, IPPROTO_DSTOPTS, IPPROTO_ESP, IPPROTO_ROUTING, XFRM_ENCAP, XFRM_INF, XFRM_MODE, XFRM_POLICY_ACTION,
  XFRM_POLICY_DIR, XFRM_POLICY_FLAG, XFRM_POLICY_TYPE, XFRM_PROTO, XFRM_SA_XFLAG, XFRM_STATE, XFRMA_REPLAY_ESN_MAX,
} from './constants.js';
import type {
  XfrmIdOptions, XfrmKey, XfrmLimits, XfrmMarkOptions, XfrmPolicyIdOptions, XfrmPolicyOptions, XfrmProtoName, XfrmSelectorOptions,
  XfrmStateOptions, XfrmTmplOptions,
} from './options.js';
import { xfrmAttrs, type XfrmAttrs, type XfrmLifetimeCfg, type XfrmSelector, type XfrmUserTmpl } from './schema.js';

export type * from './options.js';

function u32(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffffffff) {
    throw new ValidationError(`${field} must be an integer in 0..4294967295, got ${JSON.stringify(v)}`, field);
  }
  return v;
}

function uint(v: unknown, field: string, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) {
    throw new ValidationError(`${field} must be an integer in 0..${max}, got ${JSON.stringify(v)}`, field);
  }
  return v;
}

function u64(v: unknown, field: string): bigint {
  const b = typeof v === 'bigint' ? v : typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : undefined;
  if (b === undefined || b < 0n || b > XFRM_INF) throw new ValidationError(`${field} must be an integer in 0..2^64-1, got ${String(v)}`, field);
  return b;
}

function named(def: EnumDef, v: unknown, field: string, max: number): number {
  if (typeof v === 'number') return uint(v, field, max);
  if (typeof v === 'string' && def.values.has(v)) return def.values.get(v)!;
  throw new ValidationError(`${field}: unknown value ${JSON.stringify(v)} (known: ${[...def.names.values()].join(', ')})`, field);
}

function flagWord(def: EnumDef, list: ReadonlyArray<string | number> | undefined, field: string, max: number): number {
  if (list === undefined) return 0;
  if (!Array.isArray(list)) throw new ValidationError(`${field} must be a list of flag names`, field);
  let w = 0;
  for (const f of list) w |= named(def, f, field, max);
  return w >>> 0;
}

/** Address family number of an address text, or 0. */
export function addressFamily(text: string): number {
  if (isIPv4(text)) return AF_INET;
  if (text.includes(':') && isIPv6(text)) return AF_INET6;
  return 0;
}

function address(text: unknown, field: string): { family: number; address: string } {
  const family = typeof text === 'string' ? addressFamily(text) : 0;
  if (!family) throw new ValidationError(`${field}: invalid address ${JSON.stringify(text)}`, field);
  return { family, address: text as string };
}

function prefix(text: unknown, field: string): { family: number; address: string; plen: number } {
  if (typeof text !== 'string') throw new ValidationError(`${field}: prefix expected, got ${JSON.stringify(text)}`, field);
  const [addr, plen] = text.split('/', 2) as [string, string | undefined];
  const a = address(addr, field);
  const max = a.family === AF_INET ? 32 : 128;
  if (plen !== undefined && (!/^\d{1,3}$/.test(plen) || Number(plen) > max)) {
    throw new ValidationError(`${field}: invalid prefix length in ${JSON.stringify(text)} (0..${max})`, field);
  }
  return { ...a, plen: plen === undefined ? max : Number(plen) };
}

/** The bytes of a key: '0x' + hex (an odd digit count gets a leading 0, as ip does), other text as is, or bytes. */
export function keyBytes(key: XfrmKey, field = 'key'): Uint8Array {
  if (key instanceof Uint8Array) return key;
  if (typeof key !== 'string') throw new ValidationError(`${field}: hex string or bytes expected`, field);
  if (key.length > 2 && key.startsWith('0x')) {
    let hex = key.slice(2);
    if (!/^[0-9a-fA-F]+$/.test(hex)) throw new ValidationError(`${field}: invalid hex key ${JSON.stringify(key)}`, field);
    if (hex.length % 2) hex = '0' + hex;
    return Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16)));
  }
  return new TextEncoder().encode(key);
}

/** A few /etc/protocols names, for selectors (ip uses getprotobyname). */
export const IP_PROTOCOLS: Readonly<Record<string, number>> = {
  ip: 0, icmp: 1, igmp: 2, ipencap: 4, tcp: 6, udp: 17, ipv6: 41, 'ipv6-route': 43, 'ipv6-frag': 44, gre: 47, esp: 50, ah: 51,
  'ipv6-icmp': 58, 'ipv6-nonxt': 59, 'ipv6-opts': 60, ipcomp: 108, sctp: 132, 'mobility-header': 135, udplite: 136, mpls: 137, dccp: 33,
  l2tp: 115, ipip: 94, etherip: 97, pim: 103, vrrp: 112, ethernet: 143,
};

/** Selector: struct xfrm_selector from options (ip's xfrm_selector_parse and upspec checks). */
export function selector(o: XfrmSelectorOptions | undefined, field = 'sel'): XfrmSelector {
  const sel: XfrmSelector = {
    daddr: '0.0.0.0', saddr: '0.0.0.0', dport: 0, dportMask: 0, sport: 0, sportMask: 0, family: 0, prefixlenD: 0, prefixlenS: 0, proto: 0,
    ifindex: 0, user: 0,
  };
  if (!o) return sel;
  let sf = 0;
  let df = 0;
  if (o.src !== undefined) {
    const p = prefix(o.src, `${field}.src`);
    sel.saddr = p.address;
    sel.prefixlenS = p.plen;
    sel.family = sf = p.family;
  }
  if (o.dst !== undefined) {
    const p = prefix(o.dst, `${field}.dst`);
    sel.daddr = p.address;
    sel.prefixlenD = p.plen;
    sel.family = df = p.family;
  }
  if (sf && df && sf !== df) throw new ValidationError(`${field}: src and dst must be of the same address family`, field);
  if (o.ifindex !== undefined) sel.ifindex = uint(o.ifindex, `${field}.ifindex`, 0x7fffffff);
  if (o.proto !== undefined) {
    if (typeof o.proto === 'number') sel.proto = uint(o.proto, `${field}.proto`, 255);
    else if (o.proto === 'any') sel.proto = 0;
    else if (IP_PROTOCOLS[o.proto] !== undefined) sel.proto = IP_PROTOCOLS[o.proto]!;
    else if (/^\d+$/.test(o.proto)) sel.proto = uint(Number(o.proto), `${field}.proto`, 255);
    else throw new ValidationError(`${field}.proto: unknown protocol ${JSON.stringify(o.proto)}`, `${field}.proto`);
  }
  const p = sel.proto;
  if (o.sport !== undefined || o.dport !== undefined) {
    // IPPROTO_IP (0) too: an SA shared by several protocols.
    if (![6, 17, 132, 33, 0].includes(p)) throw new ValidationError(`${field}: sport and dport need proto tcp, udp, sctp or dccp`, field);
    if (o.sport !== undefined) {
      sel.sport = uint(o.sport, `${field}.sport`, 0xffff);
      if (sel.sport) sel.sportMask = 0xffff;
    }
    if (o.dport !== undefined) {
      sel.dport = uint(o.dport, `${field}.dport`, 0xffff);
      if (sel.dport) sel.dportMask = 0xffff;
    }
  }
  if (o.type !== undefined || o.code !== undefined) {
    if (![1, 58, 135].includes(p)) throw new ValidationError(`${field}: type and code need proto icmp, ipv6-icmp or mobility-header`, field);
    if (o.type !== undefined) {
      sel.sport = uint(o.type, `${field}.type`, 255);
      sel.sportMask = 0xffff;
    }
    if (o.code !== undefined) {
      sel.dport = uint(o.code, `${field}.code`, 255);
      sel.dportMask = 0xffff;
    }
  }
  if (o.key !== undefined) {
    if (p !== 47) throw new ValidationError(`${field}: key needs proto gre`, field);
    let k: number;
    if (typeof o.key === 'string' && o.key.includes('.')) {
      if (!isIPv4(o.key)) throw new ValidationError(`${field}.key: invalid ${JSON.stringify(o.key)}`, `${field}.key`);
      k = o.key.split('.').reduce((acc, b) => acc * 256 + Number(b), 0);
    } else k = u32(typeof o.key === 'string' ? Number(o.key) : o.key, `${field}.key`);
    sel.sport = k >>> 16;
    sel.dport = k & 0xffff;
    sel.sportMask = 0xffff;
    sel.dportMask = 0xffff;
  }
  return sel;
}

/** xfrm_lifetime_cfg with ip's defaults (XFRM_INF byte and packet limits). */
export function lifetime(l: XfrmLimits | undefined): XfrmLifetimeCfg {
  const v = (x: number | bigint | undefined, dflt: bigint, f: string) => (x === undefined ? dflt : u64(x, `limits.${f}`));
  return {
    softByteLimit: v(l?.byteSoft, XFRM_INF, 'byteSoft'),
    hardByteLimit: v(l?.byteHard, XFRM_INF, 'byteHard'),
    softPacketLimit: v(l?.packetSoft, XFRM_INF, 'packetSoft'),
    hardPacketLimit: v(l?.packetHard, XFRM_INF, 'packetHard'),
    softAddExpiresSeconds: v(l?.timeSoft, 0n, 'timeSoft'),
    hardAddExpiresSeconds: v(l?.timeHard, 0n, 'timeHard'),
    softUseExpiresSeconds: v(l?.timeUseSoft, 0n, 'timeUseSoft'),
    hardUseExpiresSeconds: v(l?.timeUseHard, 0n, 'timeUseHard'),
  };
}

const ZERO_CUR = { bytes: 0n, packets: 0n, addTime: 0n, useTime: 0n };

/** Attributes in a given order (iproute2 appends them as it goes): the object carries the layout the encoder follows. */
class Ordered {
  readonly obj: Record<string, unknown> = {};
  readonly #layout: LayoutEntry[] = [];
  add(key: keyof XfrmAttrs & string, value: unknown): void {
    const spec = xfrmAttrs.byKey.get(key)!;
    if (!(key in this.obj)) this.#layout.push({ rawType: spec.type, key, index: -1, len: 0 });
    this.obj[key] = value;
  }
  done(family: number): XfrmAttrs {
    for (const e of this.#layout) {
      const w = new Writer(128);
      xfrmAttrs.byKey.get(e.key!)!.codec.encode(w, this.obj[e.key!], { le: w.le, family }, undefined, this.obj);
      e.len = w.pos;
    }
    setLayout(this.obj, this.#layout);
    return this.obj as XfrmAttrs;
  }
}

function familyOf(f: 4 | 6 | undefined): number {
  if (f === undefined) return 0;
  if (f !== 4 && f !== 6) throw new ValidationError(`family must be 4 or 6, got ${JSON.stringify(f)}`, 'family');
  return f === 4 ? AF_INET : AF_INET6;
}

const ZERO4 = '0.0.0.0';

/** The ID part (ip's xfrm_id_parse): addresses, protocol, spi, and the family they give. */
function idOf(o: XfrmIdOptions, family: number, field: string, needProto = true): { saddr: string; daddr: string; proto: number; spi: number; family: number } {
  let f = family;
  let sf = 0;
  let df = 0;
  let saddr = ZERO4;
  let daddr = ZERO4;
  if (o.src !== undefined) {
    const a = address(o.src, `${field}src`);
    saddr = a.address;
    f = sf = a.family;
  }
  if (o.dst !== undefined) {
    const a = address(o.dst, `${field}dst`);
    daddr = a.address;
    f = df = a.family;
  }
  if (sf && df && sf !== df) throw new ValidationError(`${field || 'id'}: src and dst must be of the same address family`, `${field}src`);
  const proto = o.proto === undefined ? 0 : named(XFRM_PROTO, o.proto, `${field}proto`, 255);
  if (needProto && !proto) throw new ValidationError(`${field}proto is required (esp, ah, comp, route2 or hao)`, `${field}proto`);
  const spi = o.spi === undefined ? 0 : u32(o.spi, `${field}spi`);
  if (spi && proto) {
    if (proto === IPPROTO_ROUTING || proto === IPPROTO_DSTOPTS) throw new ValidationError(`${field}spi is invalid with proto ${XFRM_PROTO.name(proto)}`, `${field}spi`);
    if (proto === IPPROTO_COMP && spi >= 0x10000) throw new ValidationError(`${field}spi is too large for proto comp (16 bits)`, `${field}spi`);
  }
  return { saddr, daddr, proto, spi, family: f };
}

function markOf(m: XfrmMarkOptions | undefined, field: string): { v: number; m: number } | undefined {
  if (m === undefined) return undefined;
  if (typeof m !== 'object' || m === null) throw new ValidationError(`${field} must be { value, mask? }`, field);
  return { v: u32(m.value, `${field}.value`), m: m.mask === undefined ? 0xffffffff : u32(m.mask, `${field}.mask`) };
}

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

function tmplOf(t: XfrmTmplOptions, preferred: number, i: number): XfrmUserTmpl {
  const field = `tmpl[${i}].`;
  if (typeof t !== 'object' || t === null) throw new ValidationError(`tmpl[${i}] must be an object`, `tmpl[${i}]`);
  const id = idOf(t, 0, field);
  const level = t.level === undefined ? 0 : t.level === 'required' ? 0 : t.level === 'use' ? 1 : -1;
  if (level < 0) throw new ValidationError(`${field}level must be required or use`, `${field}level`);
  return {
    id: { daddr: id.daddr, spi: id.spi, proto: id.proto },
    family: id.family || preferred,
    saddr: id.saddr,
    reqid: t.reqid === undefined ? 0 : u32(t.reqid, `${field}reqid`),
    mode: t.mode === undefined ? 0 : named(XFRM_MODE, t.mode, `${field}mode`, 255),
    share: 0,
    optional: level,
    aalgos: 0xffffffff,
    ealgos: 0xffffffff,
    calgos: 0xffffffff,
  };
}

/** XFRM_MSG_NEWPOLICY / UPDPOLICY body (ip's xfrm_policy_modify). */
export function policyBody(o: XfrmPolicyOptions): { header: Record<string, unknown>; attrs: XfrmAttrs } {
  if (typeof o !== 'object' || o === null) throw new ValidationError('policy options must be an object');
  const dir = named(XFRM_POLICY_DIR, o.dir, 'dir', 255);
  const sel = selector(o.sel);
  let preferred = familyOf(o.family);
  // ip takes the family of the selector for templates given after it; a template's own addresses win.
  if (!preferred) preferred = sel.family;
  const at = new Ordered();
  if (o.ptype !== undefined) at.add('policyType', { type: named(XFRM_POLICY_TYPE, o.ptype, 'ptype', 255), reserved1: 0, reserved2: 0 });
  if (o.tmpl !== undefined) {
    if (!Array.isArray(o.tmpl)) throw new ValidationError('tmpl must be a list of templates', 'tmpl');
    if (o.tmpl.length) at.add('tmpl', o.tmpl.map((t, i) => tmplOf(t, preferred, i)));
  }
  const mark = markOf(o.mark, 'mark');
  if (mark && mark.m) at.add('mark', mark);
  if (o.ifId !== undefined) at.add('ifId', u32(o.ifId, 'ifId'));
  if (!sel.family) sel.family = preferred || AF_INET;
  const header = {
    sel,
    lft: lifetime(o.limits),
    curlft: ZERO_CUR,
    priority: o.priority === undefined ? 0 : u32(o.priority, 'priority'),
    index: o.index === undefined ? 0 : u32(o.index, 'index'),
    dir,
    action: o.action === undefined ? 0 : named(XFRM_POLICY_ACTION, o.action, 'action', 255),
    flags: flagWord(XFRM_POLICY_FLAG, o.flags, 'flags', 255),
    share: 0,
  };
  return { header, attrs: at.done(sel.family) };
}

/** XFRM_MSG_GETPOLICY / DELPOLICY body (ip's xfrm_policy_get_or_delete). */
export function policyIdBody(o: XfrmPolicyIdOptions): { header: Record<string, unknown>; attrs: XfrmAttrs } {
  if (typeof o !== 'object' || o === null) throw new ValidationError('policy id options must be an object');
  const dir = named(XFRM_POLICY_DIR, o.dir, 'dir', 255);
  if (o.sel === undefined && o.index === undefined) throw new ValidationError('a selector (sel) or an index is required', 'sel');
  if (o.sel !== undefined && o.index !== undefined) throw new ValidationError('give a selector (sel) or an index, not both', 'index');
  const sel = selector(o.sel);
  if (!sel.family) sel.family = familyOf(o.family) || AF_INET;
  const at = new Ordered();
  if (o.ptype !== undefined) at.add('policyType', { type: named(XFRM_POLICY_TYPE, o.ptype, 'ptype', 255), reserved1: 0, reserved2: 0 });
  const mark = markOf(o.mark, 'mark');
  if (mark && mark.m & mark.v) at.add('mark', mark);
  if (o.ifId !== undefined) at.add('ifId', u32(o.ifId, 'ifId'));
  return { header: { sel, index: o.index === undefined ? 0 : u32(o.index, 'index'), dir }, attrs: at.done(sel.family) };
}

/** XFRM_MSG_DELPOLICY of a dumped policy (ip's xfrm_policy_keep, for deleteall): selector, index, dir, mark, if_id. */
export function policyDeleteOf(info: { sel: XfrmSelector; index: number; dir: number }, attrs: XfrmAttrs): { header: Record<string, unknown>; attrs: XfrmAttrs } {
  const at = new Ordered();
  if (attrs.mark) at.add('mark', attrs.mark);
  if (attrs.ifId !== undefined) at.add('ifId', attrs.ifId);
  return { header: { sel: info.sel, index: info.index, dir: info.dir }, attrs: at.done(info.sel.family) };
}

/** XFRM_MSG_FLUSHPOLICY body: XFRMA_POLICY_TYPE when a ptype is given. */
export function policyFlushBody(ptype?: 'main' | 'sub'): { header: Record<string, never>; attrs: XfrmAttrs } {
  const at = new Ordered();
  if (ptype !== undefined) at.add('policyType', { type: named(XFRM_POLICY_TYPE, ptype, 'ptype', 255), reserved1: 0, reserved2: 0 });
  return { header: {}, attrs: at.done(0) };
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
