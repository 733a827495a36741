/**
 * Messages: struct nlmsghdr framing, splitting a datagram into messages, and encoding.
 */
import { NLMSG_HDRLEN, align4 } from './constants.js';
import { DecodeError } from './errors.js';

/** A netlink message with a typed body. */
export interface NetlinkMessage<B = unknown> {
  type: number;
  flags: number;
  seq: number;
  pid: number;
  body: B;
}

/** A request as builders produce it: the session fills in seq and pid. */
export interface Request<B = unknown> {
  type: number;
  flags: number;
  body: B;
}

/** nlmsghdr fields of one message in a datagram, with where it is. */
export interface RawMessage {
  /** Offset of the nlmsghdr in the datagram. */
  offset: number;
  /** nlmsg_len */
  length: number;
  type: number;
  flags: number;
  seq: number;
  pid: number;
}

/**
 * Split a datagram into messages. Stops cleanly at trailing zero padding (iproute2 sends dump
 * requests as whole C structs, longer than nlmsg_len): a zero nlmsg_len followed only by zeros
 * ends the datagram. Anything else malformed throws DecodeError with the byte offset.
 */
export function splitMessages(buf: Uint8Array, littleEndian: boolean, view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)): RawMessage[] {
  const out: RawMessage[] = [];
  let p = 0;
  const end = buf.length;
  while (p < end) {
    if (end - p < NLMSG_HDRLEN) {
      if (isZero(buf, p, end)) break;
      throw new DecodeError(`truncated nlmsghdr (${end - p} bytes left)`, p);
    }
    const length = view.getUint32(p, littleEndian);
    if (length === 0 && isZero(buf, p, end)) break;
    if (length < NLMSG_HDRLEN) throw new DecodeError(`nlmsg_len ${length} < ${NLMSG_HDRLEN}`, p);
    if (p + length > end) throw new DecodeError(`nlmsg_len ${length} runs past the end of the datagram (${end - p} bytes left)`, p);
    out.push({
      offset: p,
      length,
      type: view.getUint16(p + 4, littleEndian),
      flags: view.getUint16(p + 6, littleEndian),
      seq: view.getUint32(p + 8, littleEndian),
      pid: view.getUint32(p + 12, littleEndian),
    });
    p += align4(length);
  }
  return out;
}

/** Number of zero bytes after the last message, if the datagram ends in zero padding. */
export function trailingPadding(buf: Uint8Array, messages: RawMessage[]): number {
  const last = messages[messages.length - 1];
  const end = last ? last.offset + last.length : 0;
  return buf.length - end;
}

function isZero(buf: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (buf[i] !== 0) return false;
  return true;
}
