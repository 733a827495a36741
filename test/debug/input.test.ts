import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { detectFormat, parseInput, unescapeStrace } from '../../src/debug/input.js';
import { cat, nla, nlmsg, str, u16, u32 } from '../support/bytes.js';
import { skipping } from '../support/probe.js';

// Two known datagrams: a request and a (two-message) response.
const D1 = nlmsg(0x12, 0x301, 7, 0, cat(Buffer.alloc(16), nla(3, str('veth0'))));
const D2 = cat(nlmsg(0x10, 0x2, 7, 4242, cat(Buffer.alloc(16), nla(3, str('lo')))), nlmsg(3, 0x2, 7, 4242, u32(0)));

function bytes(d: { bytes: Uint8Array }): Buffer {
  return Buffer.from(d.bytes);
}

function have(bin: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${bin}`], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** xxd's default layout: "00000000: 2800 0000 1200 0103  (.......". */
function xxdLike(b: Buffer): string {
  const lines: string[] = [];
  for (let o = 0; o < b.length; o += 16) {
    const row = b.subarray(o, o + 16);
    const groups: string[] = [];
    for (let i = 0; i < row.length; i += 2) groups.push(row.subarray(i, i + 2).toString('hex'));
    const ascii = [...row].map((c) => (c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.')).join('');
    lines.push(`${o.toString(16).padStart(8, '0')}: ${groups.join(' ').padEnd(39)}  ${ascii}`);
  }
  return lines.join('\n') + '\n';
}

/** hexdump -C's layout (no squeezing). */
function hexdumpCLike(b: Buffer): string {
  const lines: string[] = [];
  for (let o = 0; o < b.length; o += 16) {
    const row = [...b.subarray(o, o + 16)];
    const h = row.map((c) => c.toString(16).padStart(2, '0'));
    const left = h.slice(0, 8).join(' ');
    const right = h.slice(8).join(' ');
    const ascii = row.map((c) => (c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.')).join('');
    lines.push(`${o.toString(16).padStart(8, '0')}  ${(left + (right ? '  ' + right : '')).padEnd(49)} |${ascii}|`);
  }
  lines.push(b.length.toString(16).padStart(8, '0'));
  return lines.join('\n') + '\n';
}

/** strace's -e write=/read= dump: " | 00000  28 00 ... 00  (.......... |". */
function straceDump(b: Buffer): string {
  const lines: string[] = [];
  for (let o = 0; o < b.length; o += 16) {
    const row = [...b.subarray(o, o + 16)];
    const h = row.map((c) => c.toString(16).padStart(2, '0') + ' ');
    const field = (h.slice(0, 8).join('') + ' ' + h.slice(8).join('')).padEnd(49);
    const ascii = row.map((c) => (c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.')).join('').padEnd(16);
    lines.push(` | ${o.toString(16).padStart(5, '0')}  ${field} ${ascii} |`);
  }
  return lines.join('\n');
}

function xx(b: Buffer): string {
  return [...b].map((c) => '\\x' + c.toString(16).padStart(2, '0')).join('');
}

describe('hex input', () => {
  it('plain hex with spaces and newlines is one datagram; one datagram per line when each line holds whole messages', () => {
    const wrapped = D1.toString('hex').replace(/(.{2})/g, '$1 ').replace(/(.{48})/g, '$1\n');
    const p = parseInput(Buffer.from(wrapped));
    expect(p.format).toBe('hex');
    expect(p.hexStyle).toBe('plain');
    expect(p.datagrams).toHaveLength(1);
    expect(bytes(p.datagrams[0]!)).toEqual(D1);

    const perLine = parseInput(Buffer.from(`${D1.toString('hex')}\n${D2.toString('hex')}\n`));
    expect(perLine.datagrams.map(bytes)).toEqual([D1, D2]);

    const paragraphs = parseInput(Buffer.from(`${D1.toString('hex')}\n\n${D2.toString('hex')}`));
    expect(paragraphs.datagrams.map(bytes)).toEqual([D1, D2]);
  });

  it('0x-prefixed bytes (C array style)', () => {
    const text = '{ ' + [...D1].map((c) => '0x' + c.toString(16).padStart(2, '0')).join(', ') + ' };';
    const p = parseInput(Buffer.from(text));
    expect(p.datagrams.map(bytes)).toEqual([D1]);
  });

  it('strace -xx quoted strings, with iovec syntax, direction and timestamps', () => {
    const text = [
      `1700000000.000100 sendmsg(3, {msg_name={sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, msg_namelen=12, msg_iov=[{iov_base="${xx(D1.subarray(0, 20))}", iov_len=20}, {iov_base="${xx(D1.subarray(20))}", iov_len=${D1.length - 20}}], msg_iovlen=2, msg_controllen=0, msg_flags=0}, 0) = ${D1.length}`,
      `1700000000.000200 recvmsg(3, {msg_name={sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, msg_namelen=12, msg_iov=[{iov_base="${xx(D2)}", iov_len=32768}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = ${D2.length}`,
    ].join('\n');
    const p = parseInput(Buffer.from(text));
    expect(p.hexStyle).toBe('strace-string');
    expect(p.datagrams.map(bytes)).toEqual([D1, D2]);
    expect(p.datagrams.map((d) => d.direction)).toEqual(['request', 'response']);
    expect(p.datagrams[0]!.timestamp).toBeCloseTo(1700000000.0001, 6);
  });

  it('strace escapes: \\x, octal, named escapes and literal characters', () => {
    expect(unescapeStrace('\\x28\\0\\n\\t\\\\a\\"')).toEqual([0x28, 0, 10, 9, 0x5c, 0x61, 0x22]);
  });

  it("strace's -e write=all / read=all hexdumps (a new dump at offset 0 is a new datagram)", () => {
    const text = [
      `sendmsg(3, {msg_iov=[{iov_base=[{nlmsg_len=${D1.length}, ...}], iov_len=${D1.length}}]}, 0) = ${D1.length}`,
      ` * ${D1.length} bytes in buffer 0`,
      straceDump(D1),
      `recvmsg(3, {msg_iov=[{iov_base=[...], iov_len=32768}]}, 0) = ${D2.length}`,
      ` * ${D2.length} bytes in buffer 0`,
      straceDump(D2),
    ].join('\n');
    const p = parseInput(Buffer.from(text));
    expect(p.hexStyle).toBe('strace-hexdump');
    expect(p.datagrams.map(bytes)).toEqual([D1, D2]);
    expect(p.datagrams.map((d) => d.direction)).toEqual(['request', 'response']);
  });

  it('xxd dumps (own formatter, several datagrams)', () => {
    const p = parseInput(Buffer.from(xxdLike(D1) + xxdLike(D2)));
    expect(p.hexStyle).toBe('xxd');
    expect(p.datagrams.map(bytes)).toEqual([D1, D2]);
  });

  it.skipIf(skipping(!have('xxd') && 'xxd is not installed'))('the real xxd binary', () => {
    const text = execFileSync('xxd', [], { input: D2 });
    const p = parseInput(text);
    expect(p.hexStyle).toBe('xxd');
    expect(p.datagrams.map(bytes)).toEqual([D2]);
  });

  it('hexdump -C dumps (own formatter)', () => {
    const p = parseInput(Buffer.from(hexdumpCLike(D1) + hexdumpCLike(D2)));
    expect(p.hexStyle).toBe('hexdump-C');
    expect(p.datagrams.map(bytes)).toEqual([D1, D2]);
  });

  it.skipIf(skipping(!have('hexdump') && 'hexdump is not installed (bsdextrautils)'))('the real hexdump -C binary, squeezed repeats included', () => {
    const zeros = cat(nlmsg(0x12, 0x301, 9, 0, Buffer.alloc(64)), Buffer.alloc(64));
    for (const b of [D2, zeros]) {
      const text = execFileSync('hexdump', ['-C'], { input: b });
      if (b === zeros) expect(text.toString()).toContain('*');
      const p = parseInput(text);
      expect(p.hexStyle).toBe('hexdump-C');
      expect(p.datagrams.map(bytes)).toEqual([b]);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// An independent pcap / pcapng writer

function cooked(pkttype: number, protocol: number, payload: Buffer): Buffer {
  return cat(u16(pkttype, 'be'), u16(824, 'be'), u16(0, 'be'), Buffer.alloc(8), u16(protocol, 'be'), payload);
}

function pcap(packets: Array<{ sec: number; frac: number; data: Buffer; orig?: number }>, opts: { be?: boolean; nano?: boolean; linktype?: number } = {}): Buffer {
  const e = opts.be ? 'be' : 'le';
  const magic = opts.nano ? 0xa1b23c4d : 0xa1b2c3d4;
  const head = cat(u32(magic, e), u16(2, e), u16(4, e), u32(0, e), u32(0, e), u32(65535, e), u32(opts.linktype ?? 253, e));
  return cat(head, ...packets.map((p) => cat(u32(p.sec, e), u32(p.frac, e), u32(p.data.length, e), u32(p.orig ?? p.data.length, e), p.data)));
}

function block(type: number, body: Buffer): Buffer {
  const padded = cat(body, Buffer.alloc((4 - (body.length % 4)) % 4));
  const total = padded.length + 12;
  return cat(u32(type), u32(total), padded, u32(total));
}

function pcapng(packets: Buffer[], tsresol?: number): Buffer {
  const shb = block(0x0a0d0d0a, cat(u32(0x1a2b3c4d), u16(1), u16(0), Buffer.alloc(8, 0xff)));
  const opts = tsresol !== undefined ? cat(u16(9), u16(1), Buffer.from([tsresol, 0, 0, 0]), u16(0), u16(0)) : Buffer.alloc(0);
  const idb = block(1, cat(u16(253), u16(0), u32(0), opts));
  const ts = 1_700_000_000_123_456_789n / (tsresol === 9 ? 1n : 1000n);
  const epb = (data: Buffer) => block(6, cat(u32(0), u32(Number(ts >> 32n)), u32(Number(ts & 0xffffffffn)), u32(data.length), u32(data.length), data));
  const spb = (data: Buffer) => block(3, cat(u32(data.length), data));
  return cat(shb, idb, epb(packets[0]!), ...packets.slice(1).map(spb));
}

describe('pcap and pcapng (LINKTYPE_NETLINK)', () => {
  it('detects the formats', () => {
    expect(detectFormat(pcap([]))).toBe('pcap');
    expect(detectFormat(pcapng([D1]))).toBe('pcapng');
    expect(detectFormat(D1)).toBe('raw');
    expect(detectFormat(Buffer.from(D1.toString('hex')))).toBe('hex');
  });

  it('strips the 16-byte cooked header: protocol, direction from the packet type, timestamps', () => {
    const file = pcap([
      { sec: 100, frac: 250000, data: cooked(7, 0, D1) },
      { sec: 101, frac: 0, data: cooked(6, 0, D2) },
    ]);
    const p = parseInput(file);
    expect(p.format).toBe('pcap');
    expect(p.datagrams.map(bytes)).toEqual([D1, D2]);
    expect(p.datagrams.map((d) => d.direction)).toEqual(['request', 'response']);
    expect(p.datagrams.map((d) => d.protocol)).toEqual([0, 0]);
    expect(p.datagrams[0]!.timestamp).toBeCloseTo(100.25, 6);
    expect(p.datagrams[0]!.littleEndian).toBe(true);
  });

  it('big-endian files, nanosecond timestamps, truncated packets, other protocols', () => {
    const file = pcap([{ sec: 5, frac: 500_000_000, data: cooked(6, 16, D1), orig: D1.length + 16 + 100 }], { be: true, nano: true });
    const p = parseInput(file, 'pcap');
    expect(p.datagrams).toHaveLength(1);
    expect(p.datagrams[0]!.timestamp).toBeCloseTo(5.5, 6);
    expect(p.datagrams[0]!.protocol).toBe(16);
    expect(p.datagrams[0]!.truncated).toBe(true);
    // The netlink payload is little-endian (the capturing host's order) although the file is big-endian.
    expect(p.datagrams[0]!.littleEndian).toBe(true);
  });

  it('warns about other link types', () => {
    const p = parseInput(pcap([{ sec: 0, frac: 0, data: D1 }], { linktype: 1 }));
    expect(p.datagrams).toHaveLength(0);
    expect(p.warnings.join()).toMatch(/link type 1/);
  });

  it('pcapng: SHB, IDB (with if_tsresol), EPB and SPB', () => {
    const p = parseInput(pcapng([cooked(7, 0, D1), cooked(6, 0, D2)], 9));
    expect(p.format).toBe('pcapng');
    expect(p.datagrams.map(bytes)).toEqual([D1, D2]);
    expect(p.datagrams[0]!.timestamp).toBeCloseTo(1_700_000_000.123456789, 3);
    expect(p.datagrams[0]!.direction).toBe('request');
    expect(p.datagrams[1]!.direction).toBe('response');
    const micro = parseInput(pcapng([cooked(7, 0, D1)]));
    expect(micro.datagrams[0]!.timestamp).toBeCloseTo(1_700_000_000.123456, 3);
  });

  it('raw binary input is one datagram', () => {
    const p = parseInput(D2);
    expect(p.format).toBe('raw');
    expect(p.datagrams.map(bytes)).toEqual([D2]);
  });
});
