/** lwt_print_encap (ip/iproute_lwtunnel.c): RTA_ENCAP of a route or nexthop, by RTA_ENCAP_TYPE. */
import { LWTUNNEL_ENCAP } from '../../rtnl/constants.js';
import { ILA_CSUM, ILA_HOOK } from '../../rtnl/route/encap.js';
import type { RouteEncapPair } from '../../rtnl/route/schema.js';
import { enumNum, indexToName, num, type FormatContext } from './context.js';
import { printNum } from './link-stats.js';
import { rttableN2a } from './names.js';
import { PRINT_ANY, PRINT_FP, PRINT_JSON, type Printer } from './printer.js';

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

/**
 * lwt_print_encap (ip/iproute_lwtunnel.c) for mpls, ip, ip6, seg6, seg6local and ila; the others
 * (bpf, rpl, ioam6, xfrm: not in Debian's 6.1 kernel, so never checked against ip) print their name only.
 */
export function printEncap(p: Printer, t: RouteEncapPair, ctx: FormatContext): void {
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
      if (!e?.srh) break;
      const srh = e.srh;
      const mode = typeof srh.mode === 'number' ? srh.mode : SEG6_MODES.indexOf(String(srh.mode).replace('_', '.'));
      p.string(PRINT_ANY, 'mode', 'mode %s ', SEG6_MODES[mode] ?? '<unknown>');
      printSrh(p, srh);
      break;
    }
    case 'seg6local':
      printSeg6Local(p, decoded(t.encap), ctx);
      break;
    case 'ila': {
      const e = decoded(t.encap);
      if (!e) break;
      if (e.locator !== undefined) p.string(PRINT_ANY, 'locator', ' %s ', addr64(BigInt(e.locator)));
      if (e.csumMode !== undefined) p.string(PRINT_ANY, 'csum_mode', ' csum-mode %s ', ILA_CSUM_NAMES[enumNum(ILA_CSUM, e.csumMode)] ?? 'unknown');
      if (e.identType !== undefined) p.string(PRINT_ANY, 'ident_type', ' ident-type %s ', ILA_ATYPE_NAMES[num(e.identType)] ?? 'unknown');
      if (e.hookType !== undefined) p.string(PRINT_ANY, 'hook_type', ' hook-type %s ', ILA_HOOK_NAMES[enumNum(ILA_HOOK, e.hookType)] ?? 'unknown');
      break;
    }
  }
}

/** print_srh: the segments, last hop first, and the HMAC key id when the SRH carries one. */
function printSrh(p: Printer, srh: { segments?: string[]; firstSegment?: number; flags?: unknown[]; tlvs?: Uint8Array }): void {
  const segs: string[] = srh.segments ?? [];
  const first = num(srh.firstSegment ?? segs.length - 1);
  if (p.json) p.openArray(PRINT_JSON, 'segs');
  else p.fp('segs %d [ ', first + 1);
  for (let i = first; i >= 0; i--) p.string(PRINT_ANY, null, '%s ', segs[i] ?? '::');
  if (p.json) p.closeArray(PRINT_JSON, null);
  else p.fp('] ');
  const tlvs = srh.tlvs;
  // SR6_FLAG1_HMAC: the HMAC TLV is the SRH's last 40 bytes, its key id at offset 4 (be32)
  if ((srh.flags ?? []).includes('hmac') && tlvs && tlvs.length >= 40) {
    const t = tlvs.subarray(tlvs.length - 40);
    const keyid = ((t[4]! << 24) | (t[5]! << 16) | (t[6]! << 8) | t[7]!) >>> 0;
    p.hex0x(PRINT_ANY, 'hmac', 'hmac %llX ', keyid);
  }
}

/** seg6_action_names: SEG6_LOCAL_ACTION_* as iproute2 names them. */
const SEG6_ACTIONS = ['', 'End', 'End.X', 'End.T', 'End.DX2', 'End.DX6', 'End.DX4', 'End.DT6', 'End.DT4', 'End.B6', 'End.B6.Encaps', 'End.BM', 'End.S', 'End.AS', 'End.AM', 'End.BPF', 'End.DT46'];
const SEG6_LOCAL_ACTION_VALUES: Record<string, number> = Object.fromEntries(
  ['unspec', 'end', 'end_x', 'end_t', 'end_dx2', 'end_dx6', 'end_dx4', 'end_dt6', 'end_dt4', 'end_b6', 'end_b6_encap', 'end_bm', 'end_s', 'end_as', 'end_am', 'end_bpf', 'end_dt46'].map((n, i) => [n, i]),
);
/** seg6_flavor_names: SEG6_LOCAL_FLV_OP_* (bit n of SEG6_LOCAL_FLV_OPERATION = operation n). */
const SEG6_FLAVORS: Record<string, [number, string]> = { psp: [1, 'psp'], usp: [2, 'usp'], usd: [3, 'usd'], next_csid: [4, 'next-csid'] };

interface Seg6Local {
  action?: string | number;
  srh?: { segments?: string[]; firstSegment?: number; flags?: unknown[]; tlvs?: Uint8Array };
  table?: number;
  vrftable?: number;
  nh4?: string;
  nh6?: string;
  iif?: number;
  oif?: number;
  bpf?: { prog?: number; name?: string };
  counters?: { packets?: bigint; bytes?: bigint; errors?: bigint };
  flavors?: { operation?: Array<string | number>; lcblockBits?: number; lcnodeFnBits?: number };
}

/** print_encap_seg6local */
function printSeg6Local(p: Printer, e: Seg6Local | undefined, ctx: FormatContext): void {
  if (e?.action === undefined) return;
  const action = typeof e.action === 'number' ? e.action : (SEG6_LOCAL_ACTION_VALUES[e.action] ?? -1);
  p.string(PRINT_ANY, 'action', 'action %s ', action < 0 || action >= SEG6_ACTIONS.length ? '<invalid>' : SEG6_ACTIONS[action] || '<unknown>');
  if (e.srh) {
    p.openObject('srh');
    printSrh(p, e.srh);
    p.closeObject();
  }
  if (e.table !== undefined) p.string(PRINT_ANY, 'table', 'table %s ', rttableN2a(num(e.table)));
  if (e.vrftable !== undefined) p.string(PRINT_ANY, 'vrftable', 'vrftable %s ', rttableN2a(num(e.vrftable)));
  if (e.nh4 !== undefined) p.string(PRINT_ANY, 'nh4', 'nh4 %s ', String(e.nh4));
  if (e.nh6 !== undefined) p.string(PRINT_ANY, 'nh6', 'nh6 %s ', String(e.nh6));
  if (e.iif !== undefined) p.string(PRINT_ANY, 'iif', 'iif %s ', indexToName(ctx, num(e.iif)));
  if (e.oif !== undefined) p.string(PRINT_ANY, 'oif', 'oif %s ', indexToName(ctx, num(e.oif)));
  if (e.bpf) {
    if (p.json) p.string(PRINT_JSON, 'endpoint', null, e.bpf.name ?? '<unknown>');
    else p.fp(e.bpf.name !== undefined ? `endpoint ${e.bpf.name} ` : 'endpoint ');
  }
  if (e.counters && ctx.stats) {
    const c = e.counters;
    if (p.json) {
      p.openObject('stats64');
      p.u64(PRINT_JSON, 'packets', null, c.packets ?? 0n);
      p.u64(PRINT_JSON, 'bytes', null, c.bytes ?? 0n);
      p.u64(PRINT_JSON, 'errors', null, c.errors ?? 0n);
      p.closeObject();
    } else {
      for (const [name, v] of [['packets', c.packets], ['bytes', c.bytes], ['errors', c.errors]] as const) {
        p.string(PRINT_FP, null, '%s ', name);
        printNum(p, ctx, 1, v ?? 0n);
      }
    }
  }
  if (e.flavors) printSeg6Flavors(p, e.flavors, ctx);
}

/** print_seg6_local_flavors: the operations, then lblen / nflen. */
function printSeg6Flavors(p: Printer, f: NonNullable<Seg6Local['flavors']>, ctx: FormatContext): void {
  if (f.operation !== undefined) {
    const names = f.operation
      .map((o) => (typeof o === 'number' ? undefined : SEG6_FLAVORS[o]))
      .filter((x): x is [number, string] => x !== undefined)
      .sort((a, b) => a[0] - b[0])
      .map((x) => x[1]);
    if (p.json) p.openArray(PRINT_JSON, 'flavors');
    else p.string(PRINT_FP, null, 'flavors ', null);
    names.forEach((n, i) => (p.json ? p.string(PRINT_JSON, null, null, n) : p.string(PRINT_FP, null, i === 0 ? '%s' : ',%s', n)));
    if (p.json) p.closeArray(PRINT_JSON, null);
    else p.string(PRINT_FP, null, ' ', null);
  }
  for (const [key, v] of [['lblen', f.lcblockBits], ['nflen', f.lcnodeFnBits]] as const) {
    if (v === undefined) continue;
    if (p.json) p.u64(PRINT_JSON, key, null, v);
    else {
      p.string(PRINT_FP, null, '%s ', key);
      printNum(p, ctx, 1, BigInt(v));
    }
  }
}

// ILA_CSUM_* and ILA_HOOK_* (linux/ila.h) by value, as ila_common.h names them; ILA_ATYPE_* too
const ILA_CSUM_NAMES = ['adj-transport', 'neutral-map', 'no-action', 'neutral-map-auto'];
const ILA_HOOK_NAMES = ['output', 'input'];
const ILA_ATYPE_NAMES: Record<number, string> = { 0: 'iid', 1: 'luid', 2: 'virt-v4', 3: 'virt-uni-v6', 4: 'virt-multi-v6', 5: 'nonlocal-addr', 32: 'use-format' };

/** addr64_n2a: the 64-bit locator (host-order u64 of the wire bytes) as four hex words. */
function addr64(v: bigint): string {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt.asUintN(64, v));
  return [0, 2, 4, 6].map((i) => b.readUInt16BE(i).toString(16)).join(':');
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
