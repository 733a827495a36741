/** Attribute paths in decode and encode errors ("linkinfo.data.id"). */
import { DecodeError, EncodeError } from './errors.js';

/** `a.b`, or `a` when `b` is empty. */
export function joinPath(a: string, b: string): string {
  return b ? `${a}.${b}` : a;
}

/** Re-throw a decode failure with one more attribute path segment in front. */
export function withPath(e: unknown, segment: string, offset: number): Error {
  if (e instanceof DecodeError) {
    const inner = e.message.replace(/ at byte \d+( \(.*\))?$/, '');
    return new DecodeError(inner, e.offset, e.path ? `${segment}.${e.path}` : segment);
  }
  if (e instanceof Error && !(e instanceof EncodeError) && (e instanceof RangeError || e instanceof TypeError)) {
    return new DecodeError(`malformed payload (${e.message})`, offset, segment);
  }
  return e as Error;
}
