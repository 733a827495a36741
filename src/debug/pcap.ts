/**
 * pcap and pcapng captures of netlink traffic.
 *
 * LINKTYPE_NETLINK (253, https://www.tcpdump.org/linktypes/LINKTYPE_NETLINK.html): every packet
 * starts with a 16-byte Linux "cooked" header — packet type (2 bytes, big-endian; libpcap fills
 * it like LINKTYPE_LINUX_SLL's), ARPHRD_ type (2, BE, = ARPHRD_NETLINK 824), 10 bytes of link
 * address length/address (unused), netlink protocol (2, BE: NETLINK_ROUTE...) — followed by the
 * netlink messages in the capturing host's byte order. nlmon sets the packet type to
 * PACKET_KERNEL (7) for messages going to the kernel and PACKET_USER (6) for messages going to a
 * user socket. LINKTYPE_LINUX_SLL (113) and LINUX_SLL2 (276) packets with ARPHRD_NETLINK are
 * accepted too.
 */

import { InputError, type InputDatagram, type ParsedInput } from './input-types.js';

/**
 * pcap link type 253 (LINKTYPE_NETLINK): netlink packets captured on an nlmon interface, with a
 * cooked header.
 */
export const LINKTYPE_NETLINK = 253;
/**
 * pcap link type 113 (LINKTYPE_LINUX_SLL): Linux cooked capture v1, as `tcpdump -i any` writes it.
 */
export const LINKTYPE_LINUX_SLL = 113;
/** pcap link type 276 (LINKTYPE_LINUX_SLL2): Linux cooked capture v2. */
export const LINKTYPE_LINUX_SLL2 = 276;
/** ARPHRD_NETLINK (824, linux/if_arp.h): the hardware type of nlmon devices, in a cooked header. */
export const ARPHRD_NETLINK = 824;
/** PACKET_HOST (0, linux/if_packet.h): a packet addressed to this host. */
export const PACKET_HOST = 0;
/** PACKET_OUTGOING (4): a packet this host sent; on nlmon, a message to the kernel. */
export const PACKET_OUTGOING = 4;
/** PACKET_USER (6): on nlmon, a message to user space. */
export const PACKET_USER = 6;
/** PACKET_KERNEL (7): on nlmon, a message to the kernel. */
export const PACKET_KERNEL = 7;

/** The pcap magic numbers: byte order of the file and timestamp resolution. */
export const PCAP_MAGICS: ReadonlyArray<readonly [number, boolean, boolean]> = [
  // [magic as read big-endian, file little-endian, nanosecond timestamps]
  [0xd4c3b2a1, true, false],
  [0xa1b2c3d4, false, false],
  [0x4d3cb2a1, true, true],
  [0xa1b23c4d, false, true],
];
/** pcapng Section Header Block type, which also starts the file. */
export const PCAPNG_SHB = 0x0a0d0d0a;

function netlinkPacket(linktype: number, pkt: Uint8Array, source: string, warnings: string[], fileLe: boolean): InputDatagram | undefined {
  const v = new DataView(pkt.buffer, pkt.byteOffset, pkt.byteLength);
  let pkttype: number;
  let protocol: number;
  let payload: Uint8Array;
  if (linktype === LINKTYPE_NETLINK || linktype === LINKTYPE_LINUX_SLL) {
    if (pkt.length < 16) {
      warnings.push(`${source}: ${pkt.length} bytes, shorter than the 16-byte cooked header`);
      return undefined;
    }
    pkttype = v.getUint16(0, false);
    const hatype = v.getUint16(2, false);
    if (hatype !== ARPHRD_NETLINK) {
      if (linktype === LINKTYPE_LINUX_SLL) {
        warnings.push(`${source}: ARPHRD type ${hatype} is not netlink (824); skipped`);
        return undefined;
      }
      warnings.push(`${source}: ARPHRD type ${hatype}, expected ARPHRD_NETLINK (824)`);
    }
    protocol = v.getUint16(14, false);
    payload = pkt.subarray(16);
  } else if (linktype === LINKTYPE_LINUX_SLL2) {
    if (pkt.length < 20) {
      warnings.push(`${source}: ${pkt.length} bytes, shorter than the 20-byte SLL2 header`);
      return undefined;
    }
    protocol = v.getUint16(0, false);
    const hatype = v.getUint16(8, false);
    pkttype = v.getUint8(10);
    if (hatype !== ARPHRD_NETLINK) {
      warnings.push(`${source}: ARPHRD type ${hatype} is not netlink (824); skipped`);
      return undefined;
    }
    payload = pkt.subarray(20);
  } else {
    return undefined;
  }
  const d: InputDatagram = { bytes: payload, source, pkttype, protocol, littleEndian: guessByteOrder(payload, fileLe) };
  const dir = directionOf(pkttype);
  if (dir) d.direction = dir;
  return d;
}

function directionOf(pkttype: number): 'request' | 'response' | undefined {
  if (pkttype === PACKET_KERNEL || pkttype === PACKET_OUTGOING) return 'request';
  if (pkttype === PACKET_USER || pkttype === PACKET_HOST) return 'response';
  return undefined;
}

/**
 * Netlink headers are in the capturing host's byte order. Guess it from the first nlmsg_len
 * (it must fit the packet); fall back to the pcap file's byte order.
 */
export function guessByteOrder(payload: Uint8Array, fallback: boolean): boolean {
  if (payload.length < 16) return fallback;
  const v = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const fits = (le: boolean) => {
    const n = v.getUint32(0, le);
    return n >= 16 && n <= payload.length;
  };
  const l = fits(true);
  const b = fits(false);
  if (l && !b) return true;
  if (b && !l) return false;
  return fallback;
}

/**
 * The netlink datagrams of a classic pcap file (LINKTYPE_NETLINK or Linux cooked captures of
 * nlmon); InputError for a malformed file.
 */
export function parsePcap(data: Uint8Array): ParsedInput {
  const warnings: string[] = [];
  if (data.length < 24) throw new InputError(`pcap file of ${data.length} bytes has no global header`, 0);
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const magic = v.getUint32(0, false);
  const m = PCAP_MAGICS.find(([x]) => x === magic);
  if (!m) throw new InputError(`not a pcap file (magic 0x${magic.toString(16)})`, 0);
  const [, le, nano] = m;
  const linktype = v.getUint32(20, le) & 0xffff;
  const supported = linktype === LINKTYPE_NETLINK || linktype === LINKTYPE_LINUX_SLL || linktype === LINKTYPE_LINUX_SLL2;
  if (!supported) warnings.push(`link type ${linktype} is not LINKTYPE_NETLINK (253); no packet decoded`);
  const datagrams: InputDatagram[] = [];
  let p = 24;
  let n = 0;
  while (p < data.length) {
    if (data.length - p < 16) {
      warnings.push(`truncated packet record header at byte ${p}`);
      break;
    }
    const sec = v.getUint32(p, le);
    const frac = v.getUint32(p + 4, le);
    const incl = v.getUint32(p + 8, le);
    const orig = v.getUint32(p + 12, le);
    n++;
    if (p + 16 + incl > data.length) {
      warnings.push(`packet ${n} at byte ${p}: ${incl} bytes announced, ${data.length - p - 16} left`);
      break;
    }
    const pkt = data.subarray(p + 16, p + 16 + incl);
    if (supported) {
      const d = netlinkPacket(linktype, pkt, `packet ${n}`, warnings, le);
      if (d) {
        d.timestamp = sec + frac / (nano ? 1e9 : 1e6);
        if (incl < orig) d.truncated = true;
        datagrams.push(d);
      }
    }
    p += 16 + incl;
  }
  return { format: 'pcap', datagrams, warnings };
}

// ---------------------------------------------------------------------------------------------
// pcapng

interface Iface {
  linktype: number;
  snaplen: number;
  /** Seconds per timestamp unit. */
  unit: number;
}

/**
 * The netlink datagrams of a pcapng file (every interface block of a netlink link type);
 * InputError for a malformed file.
 */
export function parsePcapng(data: Uint8Array): ParsedInput {
  const warnings: string[] = [];
  const datagrams: InputDatagram[] = [];
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let le = true;
  let ifaces: Iface[] = [];
  let p = 0;
  let n = 0;
  while (p + 12 <= data.length) {
    const typeBE = v.getUint32(p, false);
    if (typeBE === PCAPNG_SHB) {
      const bom = v.getUint32(p + 8, true);
      if (bom === 0x1a2b3c4d) le = true;
      else if (bom === 0x4d3c2b1a) le = false;
      else throw new InputError(`pcapng section header with bad byte-order magic 0x${bom.toString(16)}`, p + 8);
      ifaces = [];
    }
    const type = v.getUint32(p, le);
    const total = v.getUint32(p + 4, le);
    if (total < 12 || total % 4 !== 0 || p + total > data.length) {
      warnings.push(`pcapng block at byte ${p}: bad length ${total}`);
      break;
    }
    const body = p + 8;
    const bodyEnd = p + total - 4;
    if (type === 1) {
      // Interface Description Block
      const iface: Iface = { linktype: v.getUint16(body, le), snaplen: v.getUint32(body + 4, le), unit: 1e-6 };
      for (const [code, off, len] of options(v, body + 8, bodyEnd, le)) {
        if (code === 9 && len >= 1) {
          const r = data[off]!;
          iface.unit = r & 0x80 ? 2 ** -(r & 0x7f) : 10 ** -(r & 0x7f);
        }
      }
      ifaces.push(iface);
      if (![LINKTYPE_NETLINK, LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2].includes(iface.linktype)) {
        warnings.push(`interface ${ifaces.length - 1}: link type ${iface.linktype} is not LINKTYPE_NETLINK (253); its packets are skipped`);
      }
    } else if (type === 6 || type === 2) {
      // Enhanced Packet Block / obsolete Packet Block
      n++;
      const ifId = type === 6 ? v.getUint32(body, le) : v.getUint16(body, le);
      const tsHigh = v.getUint32(body + 4, le);
      const tsLow = v.getUint32(body + 8, le);
      const caplen = v.getUint32(body + 12, le);
      const orig = v.getUint32(body + 16, le);
      const iface = ifaces[ifId];
      if (!iface) warnings.push(`packet ${n}: unknown interface ${ifId}`);
      else if (body + 20 + caplen > bodyEnd) warnings.push(`packet ${n} at byte ${p}: captured length ${caplen} overruns its block`);
      else {
        const d = netlinkPacket(iface.linktype, data.subarray(body + 20, body + 20 + caplen), `packet ${n}`, warnings, le);
        if (d) {
          d.timestamp = (tsHigh * 2 ** 32 + tsLow) * iface.unit;
          if (caplen < orig) d.truncated = true;
          datagrams.push(d);
        }
      }
    } else if (type === 3) {
      // Simple Packet Block: interface 0, no timestamp
      n++;
      const orig = v.getUint32(body, le);
      const iface = ifaces[0];
      if (!iface) warnings.push(`packet ${n}: simple packet block without an interface`);
      else {
        const caplen = Math.min(orig, iface.snaplen || orig, bodyEnd - body - 4);
        const d = netlinkPacket(iface.linktype, data.subarray(body + 4, body + 4 + caplen), `packet ${n}`, warnings, le);
        if (d) {
          if (caplen < orig) d.truncated = true;
          datagrams.push(d);
        }
      }
    }
    p += total;
  }
  if (p < data.length) warnings.push(`${data.length - p} bytes after the last pcapng block`);
  return { format: 'pcapng', datagrams, warnings };
}

function* options(v: DataView, p: number, end: number, le: boolean): Generator<[code: number, off: number, len: number]> {
  while (p + 4 <= end) {
    const code = v.getUint16(p, le);
    const len = v.getUint16(p + 2, le);
    if (code === 0) return;
    if (p + 4 + len > end) return;
    yield [code, p + 4, len];
    p += 4 + ((len + 3) & ~3);
  }
}
