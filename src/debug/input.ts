/**
 * Netlink bytes in the forms people have them: pcap / pcapng captured on an nlmon interface
 * (LINKTYPE_NETLINK), raw binary, and hex text (plain, `0x` bytes, `strace -xx` quoted strings,
 * strace's `-e read=/write=` hexdumps, `xxd`, `hexdump -C`). Each yields datagrams with what the
 * input says about them (timestamp, direction, netlink protocol).
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

export type InputFormat = 'pcap' | 'pcapng' | 'raw' | 'hex';
/** How hex text was written. */
export type HexStyle = 'plain' | 'strace-string' | 'strace-hexdump' | 'xxd' | 'hexdump-C';

/** One netlink datagram read from the input, with where it came from. */
export interface InputDatagram {
  bytes: Uint8Array;
  /** Where it came from, for messages: 'packet 3', 'line 12', 'byte 0'. */
  source: string;
  /** Seconds since the epoch (pcap) or as the text gave it (strace -ttt). */
  timestamp?: number;
  /** 'request': user space → kernel; 'response': kernel → user space. */
  direction?: 'request' | 'response';
  /** Linux packet type from the cooked header (PACKET_USER 6, PACKET_KERNEL 7, PACKET_OUTGOING 4...). */
  pkttype?: number;
  /** Netlink protocol given by the input (the cooked header's protocol field). */
  protocol?: number;
  /** Byte order of the netlink headers when the input tells or it had to be guessed. */
  littleEndian?: boolean;
  /** The capture cut the packet short (incl_len < orig_len). */
  truncated?: boolean;
}

/** What parseInput found: the format, the datagrams and what it skipped. */
export interface ParsedInput {
  format: InputFormat;
  hexStyle?: HexStyle;
  datagrams: InputDatagram[];
  /** Things skipped or doubtful (other link types, unparsable lines...). */
  warnings: string[];
}

/**
 * Input that cannot be read as any supported format (a truncated pcap header, bad hex); `offset`
 * is the byte where it failed.
 */
export class InputError extends Error {
  override name = 'InputError';
  constructor(message: string, readonly offset?: number) {
    super(offset !== undefined ? `${message} at byte ${offset}` : message);
  }
}

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

const PCAP_MAGICS: ReadonlyArray<readonly [number, boolean, boolean]> = [
  // [magic as read big-endian, file little-endian, nanosecond timestamps]
  [0xd4c3b2a1, true, false],
  [0xa1b2c3d4, false, false],
  [0x4d3cb2a1, true, true],
  [0xa1b23c4d, false, true],
];
const PCAPNG_SHB = 0x0a0d0d0a;

/** Which kind of input this is (pcap, pcapng, text hex, or raw binary). */
export function detectFormat(data: Uint8Array): InputFormat {
  if (data.length >= 4) {
    const be = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(0, false);
    if (PCAP_MAGICS.some(([m]) => m === be)) return 'pcap';
    if (be === PCAPNG_SHB) return 'pcapng';
  }
  return looksLikeText(data) ? 'hex' : 'raw';
}

function looksLikeText(data: Uint8Array): boolean {
  if (data.length === 0) return true;
  const n = Math.min(data.length, 65536);
  let hexish = 0;
  for (let i = 0; i < n; i++) {
    const c = data[i]!;
    if (c === 9 || c === 10 || c === 13) continue;
    if (c < 0x20 || c > 0x7e) return false;
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)) hexish++;
  }
  return hexish > 0;
}

/**
 * Parse input bytes. `format` forces a reading ('hex', 'raw', 'pcap' — which also accepts
 * pcapng); without it the format is detected.
 */
export function parseInput(data: Uint8Array, format?: 'hex' | 'raw' | 'pcap' | 'auto'): ParsedInput {
  const detected = detectFormat(data);
  const f = !format || format === 'auto' ? detected : format;
  switch (f) {
    case 'pcap':
    case 'pcapng':
      if (detected === 'pcapng') return parsePcapng(data);
      return parsePcap(data);
    case 'raw':
      return { format: 'raw', datagrams: [{ bytes: data, source: 'byte 0' }], warnings: [] };
    case 'hex':
      return parseHexText(new TextDecoder().decode(data));
  }
}

// ---------------------------------------------------------------------------------------------
// pcap

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

// ---------------------------------------------------------------------------------------------
// hex text

const RE_STRACE_DUMP = /^(?:\s*(?:\[pid\s+\d+\]|\d+))?\s*\|\s*([0-9a-fA-F]{5,8})\s{2}(.*?)\s*\|\s*$/;
const RE_HEXDUMP_C = /^([0-9a-fA-F]{7,8})\s{2}([0-9a-fA-F]{2}(?:\s{1,2}[0-9a-fA-F]{2})*)\s*(?:\|.*\|)?\s*$/;
const RE_HEXDUMP_END = /^([0-9a-fA-F]{7,8})\s*$/;
const RE_XXD = /^([0-9a-fA-F]{7,8}):\s(.*)$/;
const RE_SYSCALL = /\b(sendmsg|sendto|sendmmsg|write|writev|recvmsg|recvfrom|recvmmsg|read|readv)\(/;
const RE_QUOTED = /"((?:\\.|[^"\\])*)"/g;
const RE_TIME = /^\s*(?:\[pid\s+\d+\]\s*|\d+\s+)?(\d+\.\d+)\s/;

interface Chunk {
  bytes: number[];
  line: number;
  direction?: 'request' | 'response';
  timestamp?: number;
}

function directionOfSyscall(name: string): 'request' | 'response' {
  return name.startsWith('send') || name.startsWith('write') ? 'request' : 'response';
}

function hexPairs(s: string, out: number[], line: number): void {
  for (let i = 0; i + 1 < s.length; i += 2) {
    const b = parseInt(s.slice(i, i + 2), 16);
    if (Number.isNaN(b)) throw new InputError(`bad hex ${JSON.stringify(s.slice(i, i + 2))} on line ${line}`);
    out.push(b);
  }
}

/** Decode the C escapes strace prints inside a quoted string. */
export function unescapeStrace(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x5c) {
      if (c < 0x80) out.push(c);
      else for (const b of new TextEncoder().encode(s[i]!)) out.push(b);
      continue;
    }
    const e = s[++i];
    if (e === undefined) break;
    if (e === 'x') {
      const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1, i + 3));
      if (m) {
        out.push(parseInt(m[0], 16));
        i += m[0].length;
      } else out.push(0x78);
    } else if (e >= '0' && e <= '7') {
      const m = /^[0-7]{1,3}/.exec(s.slice(i, i + 3))!;
      out.push(parseInt(m[0], 8) & 0xff);
      i += m[0].length - 1;
    } else {
      const map: Record<string, number> = { n: 10, t: 9, r: 13, v: 11, f: 12, a: 7, b: 8, e: 27, '\\': 0x5c, '"': 0x22, "'": 0x27 };
      out.push(map[e] ?? e.charCodeAt(0));
    }
  }
  return out;
}

/**
 * Hex text in any of the supported styles. Datagram boundaries: a dump whose offset goes back
 * to 0, a new strace syscall line, a blank line, or (plain hex) a line that holds whole
 * netlink messages on its own.
 */
export function parseHexText(text: string): ParsedInput {
  const lines = text.split(/\r?\n/);
  const warnings: string[] = [];
  let dumpStyle: HexStyle | undefined;
  for (const l of lines) {
    if (RE_STRACE_DUMP.test(l)) { dumpStyle = 'strace-hexdump'; break; }
    if (RE_XXD.test(l) && !RE_SYSCALL.test(l)) { dumpStyle = 'xxd'; break; }
    if (RE_HEXDUMP_C.test(l)) { dumpStyle = 'hexdump-C'; break; }
  }
  let chunks: Chunk[];
  let style: HexStyle;
  if (dumpStyle) {
    chunks = parseDumps(lines, dumpStyle, warnings);
    style = dumpStyle;
  } else if (lines.some((l) => /"(?:[^"\\]|\\.)*\\x[0-9a-fA-F]{2}/.test(l))) {
    chunks = parseStraceStrings(lines);
    style = 'strace-string';
  } else {
    chunks = parsePlain(lines, warnings);
    style = 'plain';
  }
  const datagrams = chunks
    .filter((c) => c.bytes.length > 0)
    .map((c) => {
      const d: InputDatagram = { bytes: Uint8Array.from(c.bytes), source: `line ${c.line}` };
      if (c.direction) d.direction = c.direction;
      if (c.timestamp !== undefined) d.timestamp = c.timestamp;
      return d;
    });
  return { format: 'hex', hexStyle: style, datagrams, warnings };
}

function syscallInfo(line: string): { direction?: 'request' | 'response'; timestamp?: number } | undefined {
  const m = RE_SYSCALL.exec(line);
  if (!m) return undefined;
  const out: { direction?: 'request' | 'response'; timestamp?: number } = { direction: directionOfSyscall(m[1]!) };
  const t = RE_TIME.exec(line);
  if (t) out.timestamp = Number(t[1]);
  return out;
}

function parseDumps(lines: string[], style: HexStyle, warnings: string[]): Chunk[] {
  const chunks: Chunk[] = [];
  let cur: Chunk | undefined;
  let pending: { direction?: 'request' | 'response'; timestamp?: number } = {};
  let lastLine: number[] = [];
  let squeezed = false;
  const start = (lineNo: number) => {
    cur = { bytes: [], line: lineNo, ...pending };
    chunks.push(cur);
  };
  lines.forEach((line, i) => {
    const lineNo = i + 1;
    const sys = syscallInfo(line);
    if (sys && !RE_STRACE_DUMP.test(line)) {
      pending = sys;
      cur = undefined;
      return;
    }
    if (line.trim() === '') {
      cur = undefined;
      return;
    }
    if (line.trim() === '*') {
      squeezed = true;
      return;
    }
    let offset: number;
    const bytes: number[] = [];
    let m: RegExpExecArray | null;
    if (style === 'strace-hexdump' && (m = RE_STRACE_DUMP.exec(line))) {
      offset = parseInt(m[1]!, 16);
      // " | 00000  xx xx ... (49 columns)  ascii |": the hex field has a fixed width.
      const field = m[2]!.slice(0, 49);
      for (const tok of field.trim().split(/\s+/)) if (/^[0-9a-fA-F]{2}$/.test(tok)) bytes.push(parseInt(tok, 16));
    } else if (style === 'xxd' && (m = RE_XXD.exec(line))) {
      offset = parseInt(m[1]!, 16);
      // The hex groups end at the first double space; the ASCII column follows.
      const field = m[2]!.split(/ {2,}/)[0]!;
      for (const tok of field.trim().split(/\s+/)) {
        if (!/^(?:[0-9a-fA-F]{2})+$/.test(tok)) break;
        hexPairs(tok, bytes, lineNo);
      }
    } else if (style === 'hexdump-C' && (m = RE_HEXDUMP_C.exec(line))) {
      offset = parseInt(m[1]!, 16);
      for (const tok of m[2]!.trim().split(/\s+/)) bytes.push(parseInt(tok, 16));
    } else if (style === 'hexdump-C' && (m = RE_HEXDUMP_END.exec(line))) {
      // The final offset line: fill a squeezed run up to it.
      const end = parseInt(m[1]!, 16);
      if (cur && squeezed) fillSqueezed(cur, lastLine, end);
      squeezed = false;
      cur = undefined;
      return;
    } else {
      if (/[0-9a-fA-F]{2}/.test(line) && !sys) warnings.push(`line ${lineNo}: not a ${style} line; skipped`);
      return;
    }
    if (offset === 0 || !cur) {
      if (offset !== 0) warnings.push(`line ${lineNo}: dump starts at offset ${offset}, not 0`);
      start(lineNo);
    }
    const c = cur!;
    if (squeezed) {
      fillSqueezed(c, lastLine, offset);
      squeezed = false;
    }
    if (offset !== c.bytes.length) {
      warnings.push(`line ${lineNo}: offset 0x${offset.toString(16)} where 0x${c.bytes.length.toString(16)} was expected`);
      if (offset > c.bytes.length) for (let k = c.bytes.length; k < offset; k++) c.bytes.push(0);
      else c.bytes.length = offset;
    }
    c.bytes.push(...bytes);
    lastLine = bytes;
  });
  return chunks;
}

function fillSqueezed(c: Chunk, last: number[], until: number): void {
  if (!last.length) return;
  while (c.bytes.length + last.length <= until) c.bytes.push(...last);
}

function parseStraceStrings(lines: string[]): Chunk[] {
  const chunks: Chunk[] = [];
  lines.forEach((line, i) => {
    const strs = [...line.matchAll(RE_QUOTED)].map((m) => m[1]!);
    const hexy = strs.filter((s) => /\\x[0-9a-fA-F]{2}/.test(s) || /^\\[0-7]/.test(s));
    if (!hexy.length) return;
    const sys = syscallInfo(line);
    const bytes: number[] = [];
    for (const s of hexy) bytes.push(...unescapeStrace(s));
    chunks.push({ bytes, line: i + 1, ...(sys ?? {}) });
  });
  return chunks;
}

function plainLineBytes(line: string, lineNo: number): number[] | undefined {
  let s = line.replace(/\/\/.*$|#.*$/, '').trim();
  if (!s) return undefined;
  const bytes: number[] = [];
  if (/0x[0-9a-fA-F]/.test(s)) {
    for (const m of s.matchAll(/0x([0-9a-fA-F]+)/g)) {
      const h = m[1]!;
      hexPairs(h.length % 2 ? '0' + h : h, bytes, lineNo);
    }
    return bytes;
  }
  s = s.replace(/\\x/g, '').replace(/[\s,:;{}\[\]-]+/g, '');
  if (!/^[0-9a-fA-F]*$/.test(s)) throw new InputError(`line ${lineNo} is not hex: ${JSON.stringify(line.slice(0, 60))}`);
  if (s.length % 2) throw new InputError(`line ${lineNo} has an odd number of hex digits`);
  hexPairs(s, bytes, lineNo);
  return bytes;
}

/** Whether bytes hold whole netlink messages (either byte order), ending exactly or in zero padding. */
function holdsWholeMessages(b: number[]): boolean {
  const tryOrder = (le: boolean) => {
    let p = 0;
    while (p + 16 <= b.length) {
      const len = le ? b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24) : (b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!;
      if (len === 0) return b.slice(p).every((x) => x === 0) && p > 0;
      if (len < 16 || p + len > b.length) return false;
      p += (len + 3) & ~3;
    }
    return p >= b.length && p > 0;
  };
  return tryOrder(true) || tryOrder(false);
}

function parsePlain(lines: string[], warnings: string[]): Chunk[] {
  // Paragraphs (separated by blank lines); inside one, lines that each hold whole messages are
  // separate datagrams, else the lines are one datagram wrapped over several lines.
  const paragraphs: Array<Array<{ bytes: number[]; line: number }>> = [[]];
  lines.forEach((line, i) => {
    const bytes = plainLineBytes(line, i + 1);
    if (bytes === undefined) {
      if (paragraphs[paragraphs.length - 1]!.length) paragraphs.push([]);
      return;
    }
    if (bytes.length) paragraphs[paragraphs.length - 1]!.push({ bytes, line: i + 1 });
  });
  void warnings;
  const chunks: Chunk[] = [];
  for (const para of paragraphs) {
    if (!para.length) continue;
    if (para.length > 1 && para.every((l) => holdsWholeMessages(l.bytes))) {
      for (const l of para) chunks.push({ bytes: l.bytes, line: l.line });
    } else {
      chunks.push({ bytes: para.flatMap((l) => l.bytes), line: para[0]!.line });
    }
  }
  return chunks;
}
