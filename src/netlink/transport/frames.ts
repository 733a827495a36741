/**
 * The helper's frame protocol (docs/helper-protocol.md): a 16-byte little-endian header
 * `length u32, op u16, flags u16, chan u32, tag u32` followed by the payload.
 *
 * `FrameDecoder` is incremental: feed it stdout chunks as they come; frames wholly inside a
 * chunk are handed out as views into that chunk (no copy); only a frame split across chunks
 * is assembled, once, into a buffer of exactly its length.
 */
import { DecodeError, HelperError } from '../errors.js';

export const FRAME_HEADER_SIZE = 16;
export const FRAME_MAX = 16 * 1024 * 1024;
export const PROTOCOL_VERSION = 1;

/**
 * Operation and event codes of the socket relay. The helper's host operations (namespaces,
 * tun/tap: codes 6-15) are `HostOp` in src/system/ops.ts.
 */
export const Op = {
  HELLO: 1,
  OPEN: 2,
  CLOSE: 3,
  SEND: 4,
  SETOPT: 5,
  OK: 128,
  ERR: 129,
  DATA: 130,
  ENOBUFS: 131,
  FATAL: 132,
} as const;
export type OpCode = (typeof Op)[keyof typeof Op];

const OP_NAMES = new Map<number, string>(Object.entries(Op).map(([k, v]) => [v, k]));
/** `4` → `'SEND'`; other codes give `'OP_<n>'`. */
export function opName(op: number): string {
  return OP_NAMES.get(op) ?? `OP_${op}`;
}

export interface Frame {
  op: number;
  flags: number;
  chan: number;
  tag: number;
  /** View of the payload; may share memory with the chunk it came from. */
  payload: Uint8Array;
}

function checkU32(v: number, what: string): void {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`${what} out of range: ${v}`);
}

/** Writes a frame header for a payload of `payloadLength` bytes into `out` at `offset`. */
export function writeFrameHeader(
  out: Uint8Array,
  offset: number,
  payloadLength: number,
  op: number,
  chan: number,
  tag: number,
): void {
  const length = FRAME_HEADER_SIZE + payloadLength;
  if (length > FRAME_MAX) throw new HelperError(`frame too large: ${length} bytes (max ${FRAME_MAX})`);
  checkU32(chan, 'chan');
  checkU32(tag, 'tag');
  const dv = new DataView(out.buffer, out.byteOffset + offset, FRAME_HEADER_SIZE);
  dv.setUint32(0, length, true);
  dv.setUint16(4, op, true);
  dv.setUint16(6, 0, true);
  dv.setUint32(8, chan, true);
  dv.setUint32(12, tag, true);
}

/** One frame as a fresh Buffer (header + payload parts concatenated). */
export function encodeFrame(
  op: number,
  chan: number,
  tag: number,
  payload: Uint8Array | readonly Uint8Array[] = [],
): Buffer {
  const parts = payload instanceof Uint8Array ? [payload] : payload;
  let n = 0;
  for (const p of parts) n += p.byteLength;
  const out = Buffer.allocUnsafe(FRAME_HEADER_SIZE + n);
  writeFrameHeader(out, 0, n, op, chan, tag);
  let off = FRAME_HEADER_SIZE;
  for (const p of parts) {
    out.set(p, off);
    off += p.byteLength;
  }
  return out;
}

function u32le(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16)) + b[o + 3]! * 0x1000000;
}
function u16le(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8);
}

/** Incremental decoder for the helper's stdout. */
export class FrameDecoder {
  /** Bytes of a length field split across chunks (fewer than 4 known). */
  #stash = new Uint8Array(4);
  #stashLen = 0;
  /** A frame being assembled from several chunks. */
  #partial: Uint8Array | null = null;
  #filled = 0;
  /** Stream offset of the start of the current chunk (for error offsets). */
  #consumed = 0;
  #failed: Error | null = null;

  /** Bytes buffered towards an incomplete frame. */
  get pendingBytes(): number {
    return this.#partial ? this.#filled : this.#stashLen;
  }

  /**
   * Decodes every complete frame in `chunk` (plus what was buffered before), calling
   * `onFrame` for each in order. Throws HelperError on an impossible length (the stream
   * cannot be resynchronised; the decoder stays failed) and DecodeError on reserved flags.
   */
  push(chunk: Uint8Array, onFrame: (frame: Frame) => void): void {
    if (this.#failed) throw this.#failed;
    let off = 0;
    const end = chunk.byteLength;
    try {
      while (off < end) {
        if (this.#partial) {
          const partial = this.#partial;
          const take = Math.min(partial.byteLength - this.#filled, end - off);
          partial.set(chunk.subarray(off, off + take), this.#filled);
          this.#filled += take;
          off += take;
          if (this.#filled < partial.byteLength) break;
          this.#partial = null;
          this.#filled = 0;
          onFrame(this.#frame(partial, 0, partial.byteLength, this.#consumed + off - partial.byteLength));
          continue;
        }
        if (this.#stashLen > 0) {
          while (this.#stashLen < 4 && off < end) this.#stash[this.#stashLen++] = chunk[off++]!;
          if (this.#stashLen < 4) break;
          const length = this.#checkLength(u32le(this.#stash, 0), this.#consumed + off - 4);
          const partial = new Uint8Array(length);
          partial.set(this.#stash, 0);
          this.#stashLen = 0;
          this.#partial = partial;
          this.#filled = 4;
          continue;
        }
        const left = end - off;
        if (left < 4) {
          this.#stash.set(chunk.subarray(off, end), 0);
          this.#stashLen = left;
          off = end;
          break;
        }
        const length = this.#checkLength(u32le(chunk, off), this.#consumed + off);
        if (left >= length) {
          const frame = this.#frame(chunk, off, length, this.#consumed + off);
          off += length;
          onFrame(frame);
          continue;
        }
        const partial = new Uint8Array(length);
        partial.set(chunk.subarray(off, end), 0);
        this.#partial = partial;
        this.#filled = left;
        off = end;
      }
    } finally {
      this.#consumed += off;
    }
  }

  #checkLength(length: number, at: number): number {
    if (length < FRAME_HEADER_SIZE || length > FRAME_MAX) {
      this.#failed = new HelperError(`helper protocol error: impossible frame length ${length} at byte ${at}`);
      throw this.#failed;
    }
    return length;
  }

  #frame(buf: Uint8Array, off: number, length: number, at: number): Frame {
    const flags = u16le(buf, off + 6);
    if (flags !== 0) {
      // The helper never sets flags: the stream is corrupt, stop trusting it.
      this.#failed = new DecodeError(`helper frame with reserved flags 0x${flags.toString(16)}`, at + 6);
      throw this.#failed;
    }
    return {
      op: u16le(buf, off + 4),
      flags,
      chan: u32le(buf, off + 8),
      tag: u32le(buf, off + 12),
      payload: buf.subarray(off + FRAME_HEADER_SIZE, off + length),
    };
  }
}
