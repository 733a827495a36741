/**
 * Little-endian payload helpers shared by the helper's request encoders (the frame protocol's
 * integers are little-endian whatever the host, docs/helper-protocol.md).
 */
import { ValidationError } from '../../errors.js';

export const textEncoder = new TextEncoder();
export const textDecoder = new TextDecoder();

/** `u32 ...` little-endian. */
export function u32s(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const dv = new DataView(out.buffer);
  values.forEach((v, i) => dv.setUint32(i * 4, v >>> 0, true));
  return out;
}

/** Splits NUL-terminated strings. */
export function splitNul(payload: Uint8Array): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < payload.length; i++) {
    if (payload[i] === 0) {
      out.push(textDecoder.decode(payload.subarray(start, i)));
      start = i + 1;
    }
  }
  return out;
}

export function dataView(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

export function validateU32(v: unknown, field: string, max = 0xffffffff): asserts v is number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) {
    throw new ValidationError(`${field} must be an integer in 0..${max}, got ${String(v)}`, field);
  }
}

export function validatePid(pid: unknown, field = 'pid', allowZero = false): asserts pid is number {
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid < (allowZero ? 0 : 1) || pid > 0x3fffffff) {
    throw new ValidationError(`invalid pid ${String(pid)}`, field);
  }
}

/** Rethrow a callback's exception outside our frame loop, so the stream state stays sane. */
export function rethrowLater(e: unknown): void {
  process.nextTick(() => {
    throw e;
  });
}
