/**
 * Lightweight tunnel encapsulations (RTA_ENCAP, chosen by RTA_ENCAP_TYPE): MPLS, IP, IP6, SEG6,
 * SEG6_LOCAL, BPF, ILA, IOAM6, RPL, XFRM. Facts from linux/lwtunnel.h, mpls_iptunnel.h,
 * seg6_iptunnel.h, seg6.h, seg6_local.h, ila.h, ioam6_iptunnel.h, rpl_iptunnel.h.
 */
import type { Codec } from '../../netlink/codec.js';
import { defineEnum, enumOf, flagNamesOf, flagWordOf, flagsOf } from '../../netlink/enums.js';
import { DecodeError, EncodeError } from '../../netlink/errors.js';
import { Registry, attrs, nest } from '../../netlink/schema.js';
import { be16, be64, binary, describe, ipv4, ipv6, s32, string, u32, u64, u8 } from '../../netlink/types.js';
import { formatIPv6, parseIPv6 } from '../../netlink/address.js';
import type { Writer } from '../../netlink/writer.js';
import { LWTUNNEL_ENCAP } from '../constants.js';
import { mplsLabels } from './wire.js';

// ---------------------------------------------------------------------------------------------
// SRv6 segment routing header (struct ipv6_sr_hdr) and the seg6 tunnel encap (int mode + SRH).

/**
 * SEG6_IPTUN_MODE_* (linux/seg6_iptunnel.h): how a seg6 route adds the segment routing header
 * (`encap seg6 mode inline|encap|l2encap|encap.red|l2encap.red`).
 */
export const SEG6_IPTUN_MODE = defineEnum('SEG6_IPTUN_MODE_', {
  inline: 0,
  encap: 1,
  l2encap: 2,
  'encap.red': 3,
  encap_red: 3,
  'l2encap.red': 4,
  l2encap_red: 4,
});

/** SR6_FLAG1_* (ipv6_sr_hdr.flags). */
export const SR6_FLAG1 = defineEnum('SR6_FLAG1_', {
  hmac: 1 << 3,
  alert: 1 << 4,
  oam: 1 << 5,
  protected: 1 << 6,
});

/** struct ipv6_sr_hdr (linux/seg6.h): an IPv6 segment routing header with its segment list. */
export interface Ipv6SrHdr {
  nexthdr?: number;
  /** Header length in 8-octet units, not counting the first 8 octets (computed when absent). */
  hdrlen?: number;
  /** Routing type (4 for SRH; default 4). */
  type?: number;
  /** Default: segments.length - 1. */
  segmentsLeft?: number;
  /** Index of the last segment (default segments.length - 1). */
  firstSegment?: number;
  flags?: Array<ReturnType<typeof SR6_FLAG1.name>>;
  tag?: number;
  /** Segment list as on the wire (segments[0] is the last hop). */
  segments: string[];
  /** TLVs after the segment list (HMAC, padding...), raw. */
  tlvs?: Uint8Array;
}

const SRH_FIXED = 8;

function decodeSrh(view: DataView, buf: Uint8Array, off: number, len: number): Ipv6SrHdr {
  if (len < SRH_FIXED) throw new DecodeError(`ipv6_sr_hdr needs ${SRH_FIXED} bytes, has ${len}`, off);
  const hdrlen = view.getUint8(off + 1);
  const total = SRH_FIXED + hdrlen * 8;
  if (total !== len) throw new DecodeError(`ipv6_sr_hdr length ${total} (hdrlen ${hdrlen}) differs from payload ${len}`, off);
  const firstSegment = view.getUint8(off + 4);
  const nseg = Math.min(firstSegment + 1, Math.floor((len - SRH_FIXED) / 16));
  const segments: string[] = [];
  for (let i = 0; i < nseg; i++) segments.push(formatIPv6(buf, off + SRH_FIXED + 16 * i));
  const out: Ipv6SrHdr = {
    nexthdr: view.getUint8(off),
    hdrlen,
    type: view.getUint8(off + 2),
    segmentsLeft: view.getUint8(off + 3),
    firstSegment,
    flags: flagNamesOf(SR6_FLAG1, view.getUint8(off + 5)),
    tag: view.getUint16(off + 6, false),
    segments,
  };
  const rest = SRH_FIXED + 16 * nseg;
  if (rest < len) out.tlvs = buf.subarray(off + rest, off + len);
  return out;
}

function checkByte(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 255) throw new EncodeError(`${what} must be 0..255, got ${describe(v)}`);
  return v;
}

function encodeSrh(w: Writer, v: Ipv6SrHdr): void {
  if (typeof v !== 'object' || v === null || !Array.isArray(v.segments)) throw new EncodeError('ipv6_sr_hdr expects {segments: [...]}');
  const n = v.segments.length;
  const tlvLen = v.tlvs?.length ?? 0;
  if ((n * 16 + tlvLen) % 8 !== 0) throw new EncodeError('SRH TLVs must pad the header to a multiple of 8 bytes');
  w.u8(checkByte(v.nexthdr ?? 0, 'nexthdr'));
  w.u8(checkByte(v.hdrlen ?? (n * 16 + tlvLen) / 8, 'hdrlen'));
  w.u8(checkByte(v.type ?? 4, 'type'));
  w.u8(checkByte(v.segmentsLeft ?? Math.max(n - 1, 0), 'segmentsLeft'));
  w.u8(checkByte(v.firstSegment ?? Math.max(n - 1, 0), 'firstSegment'));
  w.u8(checkByte(flagWordOf(SR6_FLAG1, v.flags ?? []), 'flags'));
  const tag = v.tag ?? 0;
  if (!Number.isInteger(tag) || tag < 0 || tag > 0xffff) throw new EncodeError(`tag must be a u16, got ${describe(tag)}`);
  w.u16(tag, false);
  for (const s of v.segments) w.bytes(parseIPv6(s));
  if (v.tlvs) w.bytes(v.tlvs);
}

/** struct ipv6_sr_hdr with its segments (SEG6_LOCAL_SRH). */
export const ipv6SrHdr: Codec<Ipv6SrHdr> = {
  kind: 'struct',
  wire: 'struct ipv6_sr_hdr',
  decode(ctx, off, len) {
    return decodeSrh(ctx.view, ctx.buf, off, len);
  },
  encode(w, value) {
    encodeSrh(w, value);
  },
};

/**
 * struct seg6_iptunnel_encap (SEG6_IPTUNNEL_SRH): the mode and the segment routing header of an
 * `encap seg6` route.
 */
export interface Seg6Encap extends Ipv6SrHdr {
  mode: ReturnType<typeof SEG6_IPTUN_MODE.name>;
}

/** struct seg6_iptunnel_encap: int mode (host order) then the SRH (SEG6_IPTUNNEL_SRH). */
export const seg6IptunnelEncap: Codec<Seg6Encap> = {
  kind: 'struct',
  wire: 'struct seg6_iptunnel_encap',
  decode(ctx, off, len) {
    if (len < 4) throw new DecodeError(`seg6_iptunnel_encap needs 4 bytes, has ${len}`, off);
    const mode = SEG6_IPTUN_MODE.name(ctx.view.getInt32(off, ctx.le));
    return { mode, ...decodeSrh(ctx.view, ctx.buf, off + 4, len - 4) };
  },
  encode(w, value, ctx) {
    if (typeof value !== 'object' || value === null) throw new EncodeError(`seg6 encap object expected, got ${describe(value)}`);
    w.i32(SEG6_IPTUN_MODE.value(value.mode ?? 'encap'), ctx.le);
    encodeSrh(w, value);
  },
};

// ---------------------------------------------------------------------------------------------
// Attribute sets per encap type.

/** MPLS_IPTUNNEL_* (LWTUNNEL_ENCAP_MPLS): the labels and TTL of `encap mpls L1/L2 [ttl T]`. */
export const mplsEncapAttrs = attrs('MPLS_IPTUNNEL_', {
  dst: [1, 'DST', mplsLabels],
  ttl: [2, 'TTL', u8],
});

/** TUNNEL_* flags in LWTUNNEL_IP_FLAGS / LWTUNNEL_IP6_FLAGS are kept as the raw be16 word. */
export const ipEncapAttrs = attrs('LWTUNNEL_IP_', {
  id: [1, 'ID', be64],
  dst: [2, 'DST', ipv4],
  src: [3, 'SRC', ipv4],
  ttl: [4, 'TTL', u8],
  tos: [5, 'TOS', u8],
  flags: [6, 'FLAGS', be16],
  pad: [7, 'PAD', binary],
  opts: [8, 'OPTS', binary],
});

/** LWTUNNEL_IP6_* (LWTUNNEL_ENCAP_IP6): `encap ip6 id ID dst ADDR ...` (collect_md tunnels). */
export const ip6EncapAttrs = attrs('LWTUNNEL_IP6_', {
  id: [1, 'ID', be64],
  dst: [2, 'DST', ipv6],
  src: [3, 'SRC', ipv6],
  hoplimit: [4, 'HOPLIMIT', u8],
  tc: [5, 'TC', u8],
  flags: [6, 'FLAGS', be16],
  pad: [7, 'PAD', binary],
  opts: [8, 'OPTS', binary],
});

/** SEG6_IPTUNNEL_* (LWTUNNEL_ENCAP_SEG6): `encap seg6 mode M segs S1,S2`. */
export const seg6EncapAttrs = attrs('SEG6_IPTUNNEL_', {
  srh: [1, 'SRH', seg6IptunnelEncap],
});

/**
 * SEG6_LOCAL_ACTION_* (linux/seg6_local.h): the behaviours of `encap seg6local action A` (End,
 * End.X, End.DT4...).
 */
export const SEG6_LOCAL_ACTION = defineEnum('SEG6_LOCAL_ACTION_', {
  unspec: 0,
  end: 1,
  end_x: 2,
  end_t: 3,
  end_dx2: 4,
  end_dx6: 5,
  end_dx4: 6,
  end_dt6: 7,
  end_dt4: 8,
  end_b6: 9,
  end_b6_encap: 10,
  end_bm: 11,
  end_s: 12,
  end_as: 13,
  end_am: 14,
  end_bpf: 15,
  end_dt46: 16,
});

/** SEG6_LOCAL_FLV_OP_* bits of SEG6_LOCAL_FLV_OPERATION (bit n = operation n). */
export const SEG6_LOCAL_FLV_OP = defineEnum('SEG6_LOCAL_FLV_OP_', {
  psp: 1 << 1,
  usp: 1 << 2,
  usd: 1 << 3,
  next_csid: 1 << 4,
});

const seg6LocalBpfAttrs = attrs('SEG6_LOCAL_BPF_PROG_', {
  prog: [1, 'PROG', u32],
  name: [2, 'NAME', string()],
});

const seg6LocalCounterAttrs = attrs('SEG6_LOCAL_CNT_', {
  pad: [1, 'PAD', binary],
  packets: [2, 'PACKETS', u64],
  bytes: [3, 'BYTES', u64],
  errors: [4, 'ERRORS', u64],
});

const seg6LocalFlavorAttrs = attrs('SEG6_LOCAL_FLV_', {
  operation: [1, 'OPERATION', flagsOf(u32, SEG6_LOCAL_FLV_OP)],
  lcblockBits: [2, 'LCBLOCK_BITS', u8],
  lcnodeFnBits: [3, 'LCNODE_FN_BITS', u8],
});

/**
 * SEG6_LOCAL_* (LWTUNNEL_ENCAP_SEG6_LOCAL): `encap seg6local action A [table T] [nh4 A] [nh6 A]
 * [oif D] ...`.
 */
export const seg6LocalAttrs = attrs('SEG6_LOCAL_', {
  action: [1, 'ACTION', enumOf(u32, SEG6_LOCAL_ACTION)],
  srh: [2, 'SRH', ipv6SrHdr],
  table: [3, 'TABLE', u32],
  nh4: [4, 'NH4', ipv4],
  nh6: [5, 'NH6', ipv6],
  iif: [6, 'IIF', u32],
  oif: [7, 'OIF', u32],
  bpf: [8, 'BPF', seg6LocalBpfAttrs],
  vrftable: [9, 'VRFTABLE', u32],
  counters: [10, 'COUNTERS', seg6LocalCounterAttrs],
  flavors: [11, 'FLAVORS', seg6LocalFlavorAttrs],
});

const bpfProgAttrs = attrs('LWT_BPF_PROG_', {
  fd: [1, 'FD', u32],
  name: [2, 'NAME', string()],
});

/** LWT_BPF_* (LWTUNNEL_ENCAP_BPF): `encap bpf in|out|xmit PROG [headroom N]`. */
export const bpfEncapAttrs = attrs('LWT_BPF_', {
  in: [1, 'IN', nest(() => bpfProgAttrs)],
  out: [2, 'OUT', nest(() => bpfProgAttrs)],
  xmit: [3, 'XMIT', nest(() => bpfProgAttrs)],
  xmitHeadroom: [4, 'XMIT_HEADROOM', u32],
});

/** ILA_CSUM_* (linux/ila.h): how an ILA route adjusts the checksum (`csum-mode`). */
export const ILA_CSUM = defineEnum('ILA_CSUM_', {
  adj_transport: 0,
  neutral_map: 1,
  no_action: 2,
  neutral_map_auto: 3,
});

/** ILA_HOOK_* (linux/ila.h): where an ILA route translates (`hook-type input|output`). */
export const ILA_HOOK = defineEnum('ILA_HOOK_', {
  output: 0,
  input: 1,
});

/** ILA_ATTR_*; the locator is the raw 64 bits read in host order, as the kernel puts it. */
export const ilaEncapAttrs = attrs('ILA_ATTR_', {
  locator: [1, 'LOCATOR', u64],
  identifier: [2, 'IDENTIFIER', u64],
  locatorMatch: [3, 'LOCATOR_MATCH', u64],
  ifindex: [4, 'IFINDEX', s32],
  dir: [5, 'DIR', u32],
  pad: [6, 'PAD', binary],
  csumMode: [7, 'CSUM_MODE', enumOf(u8, ILA_CSUM)],
  identType: [8, 'IDENT_TYPE', u8],
  hookType: [9, 'HOOK_TYPE', enumOf(u8, ILA_HOOK)],
});

/**
 * IOAM6_IPTUNNEL_MODE_* (linux/ioam6_iptunnel.h): how `encap ioam6` inserts its trace (`mode
 * inline|encap|auto`).
 */
export const IOAM6_IPTUNNEL_MODE = defineEnum('IOAM6_IPTUNNEL_MODE_', {
  inline: 1,
  encap: 2,
  auto: 3,
});

/** IOAM6_IPTUNNEL_*; the trace header (struct ioam6_trace_hdr) stays raw. */
export const ioam6EncapAttrs = attrs('IOAM6_IPTUNNEL_', {
  mode: [1, 'MODE', enumOf(u8, IOAM6_IPTUNNEL_MODE)],
  dst: [2, 'DST', ipv6],
  trace: [3, 'TRACE', binary],
  freqK: [4, 'FREQ_K', u32],
  freqN: [5, 'FREQ_N', u32],
  src: [6, 'SRC', ipv6],
});

/** RPL_IPTUNNEL_SRH stays raw (struct ipv6_rpl_sr_hdr with compressed addresses). */
export const rplEncapAttrs = attrs('RPL_IPTUNNEL_', {
  srh: [1, 'SRH', binary],
});

/** LWT_XFRM_* (LWTUNNEL_ENCAP_XFRM): `encap xfrm if_id N [link_dev D]`. */
export const xfrmEncapAttrs = attrs('LWT_XFRM_', {
  ifId: [1, 'IF_ID', u32],
  link: [2, 'LINK', u32],
});

/** The RTA_ENCAP codec of each RTA_ENCAP_TYPE name: the decoded route's (encapType, encap) pair is a discriminated union by it. */
export interface EncapCodecs {
  mpls: typeof mplsEncapAttrs;
  ip: typeof ipEncapAttrs;
  ila: typeof ilaEncapAttrs;
  ip6: typeof ip6EncapAttrs;
  seg6: typeof seg6EncapAttrs;
  bpf: typeof bpfEncapAttrs;
  seg6local: typeof seg6LocalAttrs;
  rpl: typeof rplEncapAttrs;
  ioam6: typeof ioam6EncapAttrs;
  xfrm: typeof xfrmEncapAttrs;
}

/** RTA_ENCAP payloads by RTA_ENCAP_TYPE (registered by name and by number). */
export const encapRegistry = new Registry<string | number, EncapCodecs>('lwtunnel encaps');
for (const [name, codec] of [
  ['mpls', mplsEncapAttrs],
  ['ip', ipEncapAttrs],
  ['ila', ilaEncapAttrs],
  ['ip6', ip6EncapAttrs],
  ['seg6', seg6EncapAttrs],
  ['bpf', bpfEncapAttrs],
  ['seg6local', seg6LocalAttrs],
  ['rpl', rplEncapAttrs],
  ['ioam6', ioam6EncapAttrs],
  ['xfrm', xfrmEncapAttrs],
] as const) {
  encapRegistry.register(name, codec);
  encapRegistry.register(LWTUNNEL_ENCAP.value(name), codec);
}
encapRegistry.register('seg6_local', seg6LocalAttrs);

