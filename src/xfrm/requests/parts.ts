/**
 * The parts SA and policy messages share, as ip's xfrm_*_parse build them: the selector, the
 * lifetime, the ID, the mark, and attributes kept in the order ip appends them.
 */
import { setLayout, type LayoutEntry } from '../../netlink/codec.js';
import { isIPv4 } from '../../netlink/address.js';
import { ValidationError } from '../../netlink/errors.js';
import { Writer } from '../../netlink/writer.js';
import { AF_INET, AF_INET6 } from '../address.js';
import { IPPROTO_COMP, IPPROTO_DSTOPTS, IPPROTO_ROUTING, XFRM_INF, XFRM_PROTO } from '../constants.js';
import type { XfrmIdOptions, XfrmLimits, XfrmMarkOptions, XfrmSelectorOptions } from '../options.js';
import { xfrmAttrs, type XfrmAttrs, type XfrmLifetimeCfg, type XfrmSelector } from '../schema.js';
import { address, named, prefix, u32, u64, uint } from './checks.js';

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

export const ZERO_CUR = { bytes: 0n, packets: 0n, addTime: 0n, useTime: 0n };

/** Attributes in a given order (iproute2 appends them as it goes): the object carries the layout the encoder follows. */
export class Ordered {
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

export function familyOf(f: 4 | 6 | undefined): number {
  if (f === undefined) return 0;
  if (f !== 4 && f !== 6) throw new ValidationError(`family must be 4 or 6, got ${JSON.stringify(f)}`, 'family');
  return f === 4 ? AF_INET : AF_INET6;
}

export const ZERO4 = '0.0.0.0';

/** The ID part (ip's xfrm_id_parse): addresses, protocol, spi, and the family they give. */
export function idOf(o: XfrmIdOptions, family: number, field: string, needProto = true): { saddr: string; daddr: string; proto: number; spi: number; family: number } {
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

export function markOf(m: XfrmMarkOptions | undefined, field: string): { v: number; m: number } | undefined {
  if (m === undefined) return undefined;
  if (typeof m !== 'object' || m === null) throw new ValidationError(`${field} must be { value, mask? }`, field);
  return { v: u32(m.value, `${field}.value`), m: m.mask === undefined ? 0xffffffff : u32(m.mask, `${field}.mask`) };
}
