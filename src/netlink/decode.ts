/**
 * Whole-datagram decode and message encode, for the family given (a value, never looked up):
 * control messages are decoded here, family messages through the family's message types, and
 * unknown types (or every family message when no family is given) keep their payload as bytes.
 */
import { HOST_LITTLE_ENDIAN } from './byteorder.js';
import { makeDecodeContext, type DecodeContext } from './codec.js';
import {
  CONTROL_MESSAGE_NAMES, NLM_F_REQUEST, NLMSG_DONE, NLMSG_ERROR, NLMSG_HDRLEN, NLMSG_NOOP, NLMSG_OVERRUN,
  flagNames, type FlagContext,
} from './constants.js';
import { decodeDone, decodeError, encodeDone, encodeError, type DoneBody, type ErrorBody } from './control.js';
import { DecodeError, EncodeError } from './errors.js';
import type { Family } from './family.js';
import { splitMessages, type NetlinkMessage, type RawMessage } from './message.js';
import { withPath } from './schema.js';
import { Writer } from './writer.js';

/** Options of `decode()` and `decodeLenient()`. */
export interface DecodeOptions {
  /** Byte order of the input. Default: the host's. */
  littleEndian?: boolean;
  /** Remember attribute order and lengths so that `encode` reproduces the input byte for byte. Default true. */
  keepLayout?: boolean;
  /** Decode the request echoed in NLMSG_ERROR through the family. Default true. */
  decodeEchoedRequest?: boolean;
}

/** A decoded message with where it was and printable names. */
export interface DecodedMessage<B = unknown> extends NetlinkMessage<B> {
  /** 'RTM_NEWLINK', 'NLMSG_ERROR', or 'TYPE_<n>' when unknown. */
  typeName: string;
  flagNames: string[];
  /** Offset of the nlmsghdr in the datagram. */
  offset: number;
  /** nlmsg_len */
  length: number;
  /** For NLMSG_ERROR: the echoed request decoded, when its payload was echoed and its type is known. */
  echoedRequest?: DecodedMessage;
}

/** One message of a lenient decode: either a message or the error that stopped it. */
export type DecodeResult = { message: DecodedMessage; error?: undefined } | { message?: undefined; error: DecodeError; offset: number; raw?: RawMessage };

/**
 * The name of a message type: a control message (NLMSG_*), else the family's (`RTM_NEWLINK`), else
 * `TYPE_<n>`.
 */
export function messageTypeName(type: number, family: Family | undefined): string {
  return CONTROL_MESSAGE_NAMES[type] ?? family?.get(type)?.name ?? `TYPE_${type}`;
}

/**
 * Which meaning the high nlmsg_flags bits have for a message type (get, new, del or ack
 * modifiers), for flagNames.
 */
export function flagContext(type: number, family: Family | undefined): FlagContext {
  if (type === NLMSG_ERROR) return 'ack';
  if (type === NLMSG_DONE) return 'ack';
  return family?.get(type)?.op ?? 'other';
}

/** Decode one message's body given its header (shared by decode and the session). */
export function decodeBody(ctx: DecodeContext, raw: RawMessage, family: Family | undefined): unknown {
  const off = raw.offset + NLMSG_HDRLEN;
  const len = raw.length - NLMSG_HDRLEN;
  // A previous message of the datagram may have thrown half-way down a nest.
  ctx.depth = 0;
  switch (raw.type) {
    case NLMSG_ERROR:
      return decodeError(ctx, off, len, raw.flags);
    case NLMSG_DONE:
      return decodeDone(ctx, off, len, raw.flags);
    case NLMSG_NOOP:
    case NLMSG_OVERRUN:
      return ctx.buf.subarray(off, off + len);
  }
  const spec = family?.get(raw.type);
  if (!spec) return ctx.buf.subarray(off, off + len);
  // Generic netlink commands mean different operations per direction (src/genl/spec.ts).
  ctx.requestMessage = (raw.flags & NLM_F_REQUEST) !== 0;
  ctx.messageFlags = raw.flags;
  try {
    return spec.body.decode(ctx, off, len, undefined);
  } catch (e) {
    throw withPath(e, spec.name, off);
  }
}

function toDecoded(ctx: DecodeContext, raw: RawMessage, family: Family | undefined, options: DecodeOptions): DecodedMessage {
  const body = decodeBody(ctx, raw, family);
  const msg: DecodedMessage = {
    type: raw.type,
    flags: raw.flags,
    seq: raw.seq,
    pid: raw.pid,
    body,
    typeName: messageTypeName(raw.type, family),
    flagNames: flagNames(raw.flags, flagContext(raw.type, family)),
    offset: raw.offset,
    length: raw.length,
  };
  if (raw.type === NLMSG_ERROR && options.decodeEchoedRequest !== false) {
    const e = body as ErrorBody;
    if (e.requestPayload && family?.get(e.request.type)) {
      // The echo sits right after the 4-byte error: its nlmsghdr starts at offset + 20.
      const echoRaw: RawMessage = { offset: raw.offset + NLMSG_HDRLEN + 4, ...e.request };
      try {
        msg.echoedRequest = toDecoded(ctx, echoRaw, family, { ...options, decodeEchoedRequest: false });
      } catch {
        // An echo that does not decode is still available as bytes.
      }
    }
  }
  return msg;
}

/**
 * Decode one datagram into typed messages (control messages included), requests and responses
 * alike, with `family`'s message types (`rtnetlink` from src/rtnl for NETLINK_ROUTE). Throws
 * DecodeError (with the byte offset) on malformed input.
 */
export function decode(bytes: Uint8Array, family: Family | undefined, options: DecodeOptions = {}): DecodedMessage[] {
  const le = options.littleEndian ?? HOST_LITTLE_ENDIAN;
  const ctx = makeDecodeContext(bytes, le, options.keepLayout ?? true);
  return splitMessages(bytes, le, ctx.view).map((raw) => toDecoded(ctx, raw, family, options));
}

/**
 * Decode as much as possible: each message either decodes or reports its error; after a bad
 * message body the next message is tried; after a bad header (no way to find the next one) the
 * rest is reported as one error.
 */
export function decodeLenient(bytes: Uint8Array, family: Family | undefined, options: DecodeOptions = {}): DecodeResult[] {
  const le = options.littleEndian ?? HOST_LITTLE_ENDIAN;
  const ctx = makeDecodeContext(bytes, le, options.keepLayout ?? true);
  const out: DecodeResult[] = [];
  let raws: RawMessage[];
  let headerError: DecodeError | undefined;
  try {
    raws = splitMessages(bytes, le, ctx.view);
  } catch (e) {
    headerError = e as DecodeError;
    // Split again up to the error to keep the good messages before it.
    raws = [];
    let p = 0;
    while (p + NLMSG_HDRLEN <= bytes.length && p < headerError.offset) {
      const len = ctx.view.getUint32(p, le);
      raws.push({ offset: p, length: len, type: ctx.view.getUint16(p + 4, le), flags: ctx.view.getUint16(p + 6, le), seq: ctx.view.getUint32(p + 8, le), pid: ctx.view.getUint32(p + 12, le) });
      p += (len + 3) & ~3;
    }
  }
  for (const raw of raws) {
    try {
      out.push({ message: toDecoded(ctx, raw, family, options) });
    } catch (e) {
      const err = e instanceof DecodeError ? e : new DecodeError(String((e as Error)?.message ?? e), raw.offset);
      out.push({ error: err, offset: raw.offset, raw });
    }
  }
  if (headerError) out.push({ error: headerError, offset: headerError.offset });
  return out;
}

/** Options of `encode()`. */
export interface EncodeOptions {
  littleEndian?: boolean;
}

/** Append one message (nlmsghdr + body) to a writer; nlmsg_len is patched after the body. */
export function writeMessage(w: Writer, msg: NetlinkMessage, family: Family | undefined): void {
  w.align();
  const start = w.pos;
  w.zeros(4);
  w.u16(msg.type);
  w.u16(msg.flags);
  w.u32(msg.seq);
  w.u32(msg.pid);
  const ctx = { le: w.le, family: 0 };
  const body = msg.body;
  if (msg.type === NLMSG_ERROR) encodeError(w, body as ErrorBody, msg.flags, ctx);
  else if (msg.type === NLMSG_DONE) encodeDone(w, body as DoneBody, msg.flags, ctx);
  else if (body instanceof Uint8Array) w.bytes(body);
  else {
    const spec = family?.get(msg.type);
    if (!spec) throw new EncodeError(`no codec for message type ${msg.type}; give the body as bytes`);
    try {
      spec.body.encode(w, body, ctx, undefined, undefined);
    } catch (e) {
      if (e instanceof EncodeError) throw new EncodeError(e.message, e.path ? `${spec.name}.${e.path}` : spec.name);
      throw e;
    }
  }
  w.view.setUint32(start, w.pos - start, w.le);
}

/** Encode messages into one datagram. */
export function encode(messages: NetlinkMessage | NetlinkMessage[], family: Family | undefined, options: EncodeOptions = {}): Uint8Array {
  const w = new Writer(512, options.littleEndian ?? HOST_LITTLE_ENDIAN);
  for (const m of Array.isArray(messages) ? messages : [messages]) writeMessage(w, m, family);
  return w.finish();
}
