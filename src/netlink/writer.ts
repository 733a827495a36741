/**
 * A growable byte writer. Nested lengths (nlmsg_len, nla_len) are reserved first and patched
 * after the contents are written, so nothing is measured twice.
 */
import { NLA_HDRLEN } from './constants.js';
import { HOST_LITTLE_ENDIAN } from './byteorder.js';
import { EncodeError } from './errors.js';

const textEncoder = new TextEncoder();

/**
 * A growable byte buffer the codecs encode into, with integer writers in either byte order (`le`
 * defaults to the writer's).
 */
export class Writer {
  buf: Uint8Array;
  view: DataView;
  pos = 0;
  readonly le: boolean;

  constructor(initialSize = 256, littleEndian: boolean = HOST_LITTLE_ENDIAN) {
    this.buf = new Uint8Array(initialSize);
    this.view = new DataView(this.buf.buffer);
    this.le = littleEndian;
  }

  /** Make room for `n` more bytes. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** Appends an unsigned 8-bit integer. */
  u8(v: number): void {
    this.ensure(1);
    this.view.setUint8(this.pos, v);
    this.pos += 1;
  }
  /** Appends an unsigned 16-bit integer. */
  u16(v: number, le = this.le): void {
    this.ensure(2);
    this.view.setUint16(this.pos, v, le);
    this.pos += 2;
  }
  /** Appends an unsigned 32-bit integer. */
  u32(v: number, le = this.le): void {
    this.ensure(4);
    this.view.setUint32(this.pos, v >>> 0, le);
    this.pos += 4;
  }
  /** Appends a signed 8-bit integer. */
  i8(v: number): void {
    this.ensure(1);
    this.view.setInt8(this.pos, v);
    this.pos += 1;
  }
  /** Appends a signed 16-bit integer. */
  i16(v: number, le = this.le): void {
    this.ensure(2);
    this.view.setInt16(this.pos, v, le);
    this.pos += 2;
  }
  /** Appends a signed 32-bit integer. */
  i32(v: number, le = this.le): void {
    this.ensure(4);
    this.view.setInt32(this.pos, v, le);
    this.pos += 4;
  }
  /** Appends an unsigned 64-bit integer (a bigint). */
  u64(v: bigint, le = this.le): void {
    this.ensure(8);
    this.view.setBigUint64(this.pos, v, le);
    this.pos += 8;
  }
  /** Appends a signed 64-bit integer (a bigint). */
  i64(v: bigint, le = this.le): void {
    this.ensure(8);
    this.view.setBigInt64(this.pos, v, le);
    this.pos += 8;
  }
  /** Appends the bytes as they are. */
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }
  /** Appends `n` zero bytes (padding). */
  zeros(n: number): void {
    this.ensure(n);
    this.buf.fill(0, this.pos, this.pos + n);
    this.pos += n;
  }
  /** UTF-8 bytes of `s`, without NUL. Returns the byte count. */
  utf8(s: string): number {
    const max = s.length * 3;
    this.ensure(max);
    const { written } = textEncoder.encodeInto(s, this.buf.subarray(this.pos, this.pos + max));
    this.pos += written;
    return written;
  }
  /** Pad with zeros to the next multiple of 4. */
  align(): void {
    const pad = (4 - (this.pos & 3)) & 3;
    if (pad) this.zeros(pad);
  }

  /** Start an attribute: reserve its 4-byte header; returns the start to pass to `endAttr`. */
  beginAttr(type: number): number {
    const start = this.pos;
    this.ensure(NLA_HDRLEN);
    this.view.setUint16(start + 2, type, this.le);
    this.pos += NLA_HDRLEN;
    return start;
  }
  /** Patch nla_len (payload + header, without padding), then pad to 4. */
  endAttr(start: number): void {
    const len = this.pos - start;
    if (len > 0xffff) throw new EncodeError(`attribute too long (${len} bytes; nla_len is 16 bits)`);
    this.view.setUint16(start, len, this.le);
    this.align();
  }

  /** Bytes written so far, as a view (no copy). */
  finish(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }
}
