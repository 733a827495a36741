/**
 * The RTA_ENCAP attributes of a route's `encap` option, checked and built as iproute2's
 * parse_encap_mpls / seg6 / ip / ip6 / xfrm build them.
 */
import { ValidationError } from '../../netlink/errors.js';
import { setKeyOrder } from '../../netlink/codec.js';
import type { RouteEncapOptions } from '../../rtnl/route/requests.js';
import { checkInt, checkKeys, parseAddress } from '../../rtnl/validate.js';
import type { IfindexResolver } from '../core.js';
import type { Ip6Encap, IpEncap, RouteEncap } from './options.js';

const SEG6_MODES = ['inline', 'encap', 'l2encap', 'encap.red', 'l2encap.red'];

/** The RTA_ENCAP attributes iproute2 sends for an encap (parse_encap_mpls / parse_encap_seg6). */
export function encapOptions(e: RouteEncap, field: string, defer: (lookup: (resolve: IfindexResolver) => Promise<void>) => void): RouteEncapOptions {
  if (typeof e !== 'object' || e === null) throw new ValidationError(`${field}: encap options expected`, field);
  if ('data' in e) return e;
  if (e.type === 'mpls') {
    if (!Array.isArray(e.labels) || e.labels.length === 0) throw new ValidationError(`${field}.labels: a non-empty label stack expected`, `${field}.labels`);
    for (const l of e.labels) checkInt(l, `${field}.labels`, 0, 0xfffff);
    const data: Record<string, unknown> = { dst: [...e.labels] };
    if (e.ttl !== undefined) {
      checkInt(e.ttl, `${field}.ttl`, 0, 255);
      data.ttl = e.ttl;
    }
    return { type: 'mpls', data };
  }
  if (e.type === 'seg6') {
    const mode = SEG6_MODES.indexOf(e.mode);
    if (mode < 0) throw new ValidationError(`${field}.mode: one of ${SEG6_MODES.join(', ')}`, `${field}.mode`);
    if (!Array.isArray(e.segs) || e.segs.length === 0) throw new ValidationError(`${field}.segs: a non-empty segment list expected`, `${field}.segs`);
    const segs = e.segs.map((x) => {
      const a = parseAddress(x, `${field}.segs`);
      if (a.family !== 6) throw new ValidationError(`${field}.segs: IPv6 addresses expected, got ${JSON.stringify(x)}`, `${field}.segs`);
      return a.address;
    });
    const srh: Record<string, unknown> = { mode: SEG6_MODES[mode], segments: wireSegments(segs, mode === 0) };
    if (e.hmac !== undefined && e.hmac !== 0) {
      checkInt(e.hmac, `${field}.hmac`, 0, 0xffffffff);
      const tlv = new Uint8Array(40);
      tlv[0] = 5; // SR6_TLV_HMAC
      tlv[1] = 38;
      new DataView(tlv.buffer).setUint32(4, e.hmac >>> 0, false);
      srh.flags = ['hmac'];
      srh.tlvs = tlv;
    }
    return { type: 'seg6', data: { srh } };
  }
  if (e.type === 'ip' || e.type === 'ip6') return ipEncapOptions(e, field);
  if (e.type === 'xfrm') {
    checkKeys(e, ['type', 'ifId', 'linkDev'], 'route encap xfrm', `${field}.`);
    checkInt(e.ifId, `${field}.ifId`, 1, 0xffffffff);
    const data: Record<string, unknown> = { ifId: e.ifId };
    if (e.linkDev !== undefined) {
      const dev = e.linkDev;
      data.link = 0;
      defer(async (resolve) => void (data.link = await resolve.index(dev, `${field}.linkDev`)));
    }
    return { type: 'xfrm', data };
  }
  throw new ValidationError(`${field}.type: 'mpls', 'seg6', 'ip', 'ip6', 'xfrm', or { type, data } for others`, `${field}.type`);
}

/** TUNNEL_KEY, TUNNEL_CSUM, TUNNEL_SEQ (linux/if_tunnel.h, be16 on the wire) by option name. */
const TUNNEL_FLAG = { csum: 0x01, key: 0x04, seq: 0x08 } as const;

/** parse_encap_ip / parse_encap_ip6: attributes in the order of the keys given, the flags last. */
function ipEncapOptions(e: IpEncap | Ip6Encap, field: string): RouteEncapOptions {
  const v6 = e.type === 'ip6';
  const byte = v6 ? (['hoplimit', 'tc'] as const) : (['ttl', 'tos'] as const);
  checkKeys(e, ['type', 'id', 'dst', 'src', ...byte, 'key', 'csum', 'seq'], `route encap ${e.type}`, `${field}.`);
  const data: Record<string, unknown> = {};
  let flags = 0;
  for (const [key, value] of Object.entries(e)) {
    if (value === undefined || key === 'type') continue;
    const at = `${field}.${key}`;
    if (key === 'id') {
      const id = typeof value === 'bigint' ? value : typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? BigInt(value) : -1n;
      if (id < 0n || id > 0xffffffffffffffffn) throw new ValidationError(`${at}: an unsigned 64-bit integer expected, got ${String(value)}`, at);
      data.id = id;
    } else if (key === 'dst' || key === 'src') {
      const a = parseAddress(value as string, at);
      if (a.family !== (v6 ? 6 : 4)) throw new ValidationError(`${at}: an IPv${v6 ? 6 : 4} address expected, got ${JSON.stringify(value)}`, at);
      data[key] = a.address;
    } else if (key === 'key' || key === 'csum' || key === 'seq') {
      if (typeof value !== 'boolean') throw new ValidationError(`${at}: true or false expected`, at);
      if (value) flags |= TUNNEL_FLAG[key];
    } else {
      checkInt(value, at, 0, 255);
      data[key] = value;
    }
  }
  if (flags) data.flags = flags;
  return { type: e.type, data: setKeyOrder(data, Object.keys(data)) };
}

/** parse_srh: segments[first_segment] is the first hop; inline mode leaves segments[0] zero. */
function wireSegments(segs: string[], inline: boolean): string[] {
  return [...(inline ? ['::'] : []), ...[...segs].reverse()];
}

