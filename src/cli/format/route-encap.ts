/** lwt_print_encap (ip/iproute_lwtunnel.c): RTA_ENCAP of a route or nexthop, by RTA_ENCAP_TYPE. */
import { LWTUNNEL_ENCAP } from '../../rtnl/constants.js';
import type { RouteEncapPair } from '../../rtnl/route/schema.js';
import { enumNum, num } from './context.js';
import { PRINT_ANY, PRINT_JSON, type Printer } from './printer.js';

/** An MPLS label stack as iproute2 writes it (`100/200`). */
export function mplsText(v: unknown): string {
  if (Array.isArray(v)) return v.map((l) => (typeof l === 'number' ? String(l) : String(l?.label))).join('/');
  return String(v);
}

const ENCAP_NAMES: Record<number, string> = { 1: 'mpls', 2: 'ip', 3: 'ila', 4: 'ip6', 5: 'seg6', 6: 'bpf', 7: 'seg6local', 8: 'rpl', 9: 'ioam6', 10: 'xfrm' };
const SEG6_MODES = ['inline', 'encap', 'l2encap', 'encap.red', 'l2encap.red'];
const TUNNEL_CSUM = 0x01;
const TUNNEL_KEY = 0x04;
const TUNNEL_SEQ = 0x08;

/** lwt_print_encap (ip/iproute_lwtunnel.c) for mpls, ip, ip6 and seg6; other types print their name only. */
export function printEncap(p: Printer, t: RouteEncapPair): void {
  if (t.encapType === undefined) return;
  const et = enumNum(LWTUNNEL_ENCAP, t.encapType);
  p.string(PRINT_ANY, 'encap', ' encap %s ', ENCAP_NAMES[et] ?? 'unknown');
  switch (t.encapType) {
    case 'mpls': {
      const e = decoded(t.encap);
      if (!e) break;
      if (e.dst !== undefined) p.string(PRINT_ANY, 'dst', ' %s ', mplsText(e.dst));
      if (e.ttl !== undefined) p.uint(PRINT_ANY, 'ttl', 'ttl %u ', num(e.ttl));
      break;
    }
    case 'ip': {
      const e = decoded(t.encap);
      if (!e) break;
      printIpEncapAddrs(p, e);
      if (e.ttl !== undefined) p.uint(PRINT_ANY, 'ttl', 'ttl %u ', num(e.ttl));
      if (e.tos !== undefined) p.uint(PRINT_ANY, 'tos', 'tos %d ', num(e.tos));
      printTunnelFlags(p, e.flags);
      break;
    }
    case 'ip6': {
      const e = decoded(t.encap);
      if (!e) break;
      printIpEncapAddrs(p, e);
      if (e.hoplimit !== undefined) p.uint(PRINT_ANY, 'hoplimit', 'hoplimit %u ', num(e.hoplimit));
      if (e.tc !== undefined) p.uint(PRINT_ANY, 'tc', 'tc %u ', num(e.tc));
      printTunnelFlags(p, e.flags);
      break;
    }
    case 'seg6': {
      const e = decoded(t.encap);
      if (!e) break;
      const srh = e.srh;
      if (!srh) break;
      const mode = typeof srh.mode === 'number' ? srh.mode : SEG6_MODES.indexOf(String(srh.mode).replace('_', '.'));
      p.string(PRINT_ANY, 'mode', 'mode %s ', SEG6_MODES[mode] ?? '<unknown>');
      const segs: string[] = srh.segments ?? [];
      const first = num(srh.firstSegment ?? segs.length - 1);
      if (p.json) p.openArray(PRINT_JSON, 'segs');
      else p.fp('segs %d [ ', first + 1);
      for (let i = first; i >= 0; i--) p.string(PRINT_ANY, null, '%s ', segs[i] ?? '::');
      if (p.json) p.closeArray(PRINT_JSON, null);
      else p.fp('] ');
      const tlvs: Uint8Array | undefined = srh.tlvs;
      const flags: unknown[] = srh.flags ?? [];
      if (flags.includes('hmac') && tlvs && tlvs.length >= 40) {
        const t = tlvs.subarray(tlvs.length - 40);
        const keyid = ((t[4]! << 24) | (t[5]! << 16) | (t[6]! << 8) | t[7]!) >>> 0;
        p.hex0x(PRINT_ANY, 'hmac', 'hmac %llX ', keyid);
      }
      break;
    }
  }
}

/** A sub-message's attributes, or undefined when it stayed bytes (no schema) or is absent. */
function decoded<T>(v: T | Uint8Array | undefined): T | undefined {
  return v instanceof Uint8Array ? undefined : v;
}

/** LWTUNNEL_IP{,6}_ID / SRC / DST, common to print_encap_ip and print_encap_ip6. */
function printIpEncapAddrs(p: Printer, e: { id?: bigint; src?: string; dst?: string }): void {
  if (e.id !== undefined) p.u64(PRINT_ANY, 'id', 'id %llu ', BigInt(e.id));
  if (e.src !== undefined) p.string(PRINT_ANY, 'src', 'src %s ', String(e.src));
  if (e.dst !== undefined) p.string(PRINT_ANY, 'dst', 'dst %s ', String(e.dst));
}

/** LWTUNNEL_IP{,6}_FLAGS: the TUNNEL_* word (be16). */
function printTunnelFlags(p: Printer, flags: number | undefined): void {
  if (flags === undefined) return;
  if (flags & TUNNEL_KEY) p.bool(PRINT_ANY, 'key', 'key ', true);
  if (flags & TUNNEL_CSUM) p.bool(PRINT_ANY, 'csum', 'csum ', true);
  if (flags & TUNNEL_SEQ) p.bool(PRINT_ANY, 'seq', 'seq ', true);
}
