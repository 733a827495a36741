/**
 * An independent byte builder for golden tests: plain Buffer concatenation, no code shared with
 * src/netlink's Writer, so encoder bugs cannot cancel out.
 */
export type Endian = 'le' | 'be';

export function u8(n: number): Buffer {
  return Buffer.from([n & 0xff]);
}
export function u16(n: number, e: Endian = 'le'): Buffer {
  const b = Buffer.alloc(2);
  e === 'le' ? b.writeUInt16LE(n) : b.writeUInt16BE(n);
  return b;
}
export function u32(n: number, e: Endian = 'le'): Buffer {
  const b = Buffer.alloc(4);
  e === 'le' ? b.writeUInt32LE(n >>> 0) : b.writeUInt32BE(n >>> 0);
  return b;
}
export function s32(n: number, e: Endian = 'le'): Buffer {
  const b = Buffer.alloc(4);
  e === 'le' ? b.writeInt32LE(n) : b.writeInt32BE(n);
  return b;
}
export function u64(n: bigint, e: Endian = 'le'): Buffer {
  const b = Buffer.alloc(8);
  e === 'le' ? b.writeBigUInt64LE(n) : b.writeBigUInt64BE(n);
  return b;
}
export function str(s: string, nul = true): Buffer {
  return Buffer.concat([Buffer.from(s, 'utf8'), nul ? Buffer.from([0]) : Buffer.alloc(0)]);
}
export function pad4(b: Buffer): Buffer {
  const p = (4 - (b.length % 4)) % 4;
  return Buffer.concat([b, Buffer.alloc(p)]);
}
/** One attribute: nla_len, nla_type, payload, zero padding to 4. */
export function nla(type: number, payload: Buffer, e: Endian = 'le'): Buffer {
  return pad4(Buffer.concat([u16(4 + payload.length, e), u16(type, e), payload]));
}
/** One message: nlmsghdr + payload (nlmsg_len counts the payload as given). */
export function nlmsg(type: number, flags: number, seq: number, pid: number, payload: Buffer, e: Endian = 'le'): Buffer {
  return Buffer.concat([u32(16 + payload.length, e), u16(type, e), u16(flags, e), u32(seq, e), u32(pid, e), payload]);
}
export function cat(...parts: Buffer[]): Buffer {
  return Buffer.concat(parts);
}
export function hex(s: string): Buffer {
  return Buffer.from(s.replace(/\s+/g, ''), 'hex');
}
