/**
 * Control messages: NLMSG_ERROR (ACKs and errors, with the extended ACK TLVs) and NLMSG_DONE.
 */
import type { DecodeContext, EncodeContext } from './codec.js';
import { NLMSG_HDRLEN, NLM_F_ACK_TLVS, NLM_F_CAPPED, align4 } from './constants.js';
import { DecodeError, type ExtAck } from './errors.js';
import { attrs } from './schema.js';
import { binary, string, u32 } from './types.js';
import type { Writer } from './writer.js';

/** NLMSGERR_ATTR_* (linux/netlink.h enum nlmsgerr_attrs). */
export const extackAttrs = attrs('NLMSGERR_ATTR_', {
  msg: [1, 'MSG', string()],
  offs: [2, 'OFFS', u32],
  cookie: [3, 'COOKIE', binary],
  policy: [4, 'POLICY', binary],
  missType: [5, 'MISS_TYPE', u32],
  missNest: [6, 'MISS_NEST', u32],
}, 'extack');


/** The nlmsghdr of the request an NLMSG_ERROR answers (echoed by the kernel). */
export interface EchoedHeader {
  length: number;
  type: number;
  flags: number;
  seq: number;
  pid: number;
}

/** Body of NLMSG_ERROR: error 0 is an ACK. */
export interface ErrorBody {
  /** 0 for an ACK, else a negative errno. */
  error: number;
  /** The echoed request header. */
  request: EchoedHeader;
  /** The echoed request payload (absent when NLM_F_CAPPED). A view into the input. */
  requestPayload?: Uint8Array;
  /** Extended ACK TLVs (with NLM_F_ACK_TLVS). */
  extack?: Record<string, unknown>;
}

/** Body of NLMSG_DONE: the dump's final status, with extended ACK TLVs when NLM_F_ACK_TLVS. */
export interface DoneBody {
  status: number;
  extack?: Record<string, unknown>;
}

/**
 * Decodes the body of an NLMSG_ERROR (struct nlmsgerr: errno, the request's header, and the
 * extended-ACK attributes when NLM_F_ACK_TLVS is set).
 */
export function decodeError(ctx: DecodeContext, off: number, len: number, flags: number): ErrorBody {
  if (len < 4 + NLMSG_HDRLEN) throw new DecodeError(`NLMSG_ERROR payload needs ${4 + NLMSG_HDRLEN} bytes, has ${len}`, off);
  const v = ctx.view;
  const le = ctx.le;
  const request: EchoedHeader = {
    length: v.getUint32(off + 4, le),
    type: v.getUint16(off + 8, le),
    flags: v.getUint16(off + 10, le),
    seq: v.getUint32(off + 12, le),
    pid: v.getUint32(off + 16, le),
  };
  const body: ErrorBody = { error: v.getInt32(off, le), request };
  let p = off + 4 + NLMSG_HDRLEN;
  const end = off + len;
  if (!(flags & NLM_F_CAPPED) && request.length > NLMSG_HDRLEN) {
    const echo = request.length - NLMSG_HDRLEN;
    if (p + echo > end) throw new DecodeError(`echoed request of ${request.length} bytes overruns NLMSG_ERROR`, p);
    body.requestPayload = ctx.buf.subarray(p, p + echo);
    p += align4(echo);
  }
  if (flags & NLM_F_ACK_TLVS && p < end) body.extack = extackAttrs.decode(ctx, p, end - p);
  return body;
}

/** Encodes the body of an NLMSG_ERROR (the inverse of decodeError). */
export function encodeError(w: Writer, body: ErrorBody, flags: number, ctx: EncodeContext): void {
  w.i32(body.error);
  const r = body.request;
  const payload = flags & NLM_F_CAPPED ? undefined : body.requestPayload;
  w.u32(r.length);
  w.u16(r.type);
  w.u16(r.flags);
  w.u32(r.seq);
  w.u32(r.pid);
  if (payload) {
    w.bytes(payload);
    w.align();
  }
  if (body.extack && flags & NLM_F_ACK_TLVS) extackAttrs.encode(w, body.extack, ctx);
}

/**
 * Decodes the body of an NLMSG_DONE: the dump's final status (0 or a negative errno) and its
 * extended-ACK attributes.
 */
export function decodeDone(ctx: DecodeContext, off: number, len: number, flags: number): DoneBody {
  // Old kernels sent NLMSG_DONE without a payload; accept that. 1..3 bytes is a truncated
  // status: reading it as "0, success" would end a dump as complete when it may have failed.
  if (len > 0 && len < 4) throw new DecodeError(`NLMSG_DONE payload of ${len} bytes (truncated status)`, off);
  const body: DoneBody = { status: len >= 4 ? ctx.view.getInt32(off, ctx.le) : 0 };
  if (flags & NLM_F_ACK_TLVS && len > 4) body.extack = extackAttrs.decode(ctx, off + 4, len - 4);
  return body;
}

/** Encodes the body of an NLMSG_DONE (the inverse of decodeDone). */
export function encodeDone(w: Writer, body: DoneBody, flags: number, ctx: EncodeContext): void {
  w.i32(body.status);
  if (body.extack && flags & NLM_F_ACK_TLVS) extackAttrs.encode(w, body.extack, ctx);
}

/** Turn decoded NLMSGERR_ATTR_* into the ExtAck carried by NetlinkError. */
export function toExtAck(extack: Record<string, unknown> | undefined): ExtAck {
  const out: ExtAck = {};
  if (!extack) return out;
  if (typeof extack.msg === 'string') out.message = extack.msg;
  if (typeof extack.offs === 'number') out.offset = extack.offs;
  if (typeof extack.missType === 'number') out.missingType = extack.missType;
  if (typeof extack.missNest === 'number') out.missingNest = extack.missNest;
  if (extack.cookie instanceof Uint8Array) out.cookie = extack.cookie;
  if (extack.policy instanceof Uint8Array) out.policy = extack.policy;
  return out;
}
