/** Whole messages and datagrams walked: the nlmsghdr, control messages (NLMSG_ERROR with its echoed request and extended ACK, NLMSG_DONE), then the family's body. */
import { makeDecodeContext, type DecodeContext } from '../codec.js';
import {
  CONTROL_MESSAGE_NAMES, NLMSG_DONE, NLMSG_ERROR, NLMSG_HDRLEN, NLM_F_ACK_TLVS, NLM_F_CAPPED, NLM_F_REQUEST, align4, flagNames,
} from '../constants.js';
import { extackAttrs } from '../control.js';
import { decodeLenient, flagContext, messageTypeName } from '../decode.js';
import { errnoName, strerror } from '../errors.js';
import type { Family } from '../family.js';
import { HOST_LITTLE_ENDIAN } from '../byteorder.js';
import { toHex } from './values.js';
import { errorNode, nodePathAt, walkAttrSet, walkPayload, type WalkNode } from './walk.js';

/** One message of a datagram, walked. */
export interface MessageTree {
  offset: number;
  length: number;
  type: number;
  typeName: string;
  flags: number;
  flagNames: string[];
  seq: number;
  pid: number;
  /** Family header, attributes, or the parts of a control message. */
  body: WalkNode[];
  /** The decoder's verdict for this message (decodeLenient): set when it did not decode. */
  error?: { message: string; offset: number; path?: string };
}

/** A datagram split into walked messages (what `walkDatagram` returns). */
export interface DatagramTree {
  length: number;
  messages: MessageTree[];
  /** Errors that stopped the split into messages (bad nlmsghdr), with their offsets. */
  errors: Array<{ message: string; offset: number }>;
  /** Zero bytes after the last message (iproute2's padded dump requests). */
  padding: number;
}

/** Options of `walkDatagram()`. */
export interface WalkOptions {
  /** The family whose message types name the bodies; without one, bodies are bytes. */
  family?: Family;
  /** Byte order of host-order fields; default the host's. */
  littleEndian?: boolean;
}

function hdrFields(ctx: DecodeContext, at: number, family: Family | undefined): WalkNode[] {
  const v = ctx.view;
  const le = ctx.le;
  const type = v.getUint16(at + 4, le);
  const flags = v.getUint16(at + 6, le);
  return [
    { kind: 'field', name: 'nlmsg_len', offset: at, length: 4, value: String(v.getUint32(at, le)), data: v.getUint32(at, le) },
    { kind: 'field', name: 'nlmsg_type', offset: at + 4, length: 2, value: `${messageTypeName(type, family)} (${type})`, data: type },
    {
      kind: 'field', name: 'nlmsg_flags', offset: at + 6, length: 2,
      value: `[${flagNames(flags, flagContext(type, family)).join(', ')}] (0x${flags.toString(16).padStart(3, '0')})`, data: flags,
    },
    { kind: 'field', name: 'nlmsg_seq', offset: at + 8, length: 4, value: String(v.getUint32(at + 8, le)), data: v.getUint32(at + 8, le) },
    { kind: 'field', name: 'nlmsg_pid', offset: at + 12, length: 4, value: String(v.getUint32(at + 12, le)), data: v.getUint32(at + 12, le) },
  ];
}

function walkError(ctx: DecodeContext, off: number, len: number, flags: number, family: Family | undefined, depth: number): WalkNode[] {
  const nodes: WalkNode[] = [];
  const v = ctx.view;
  const le = ctx.le;
  if (len < 4) return [errorNode(ctx, off, len, `NLMSG_ERROR payload needs ${4 + NLMSG_HDRLEN} bytes, has ${len}`)];
  const error = v.getInt32(off, le);
  nodes.push({
    kind: 'field', name: 'error', offset: off, length: 4, data: error,
    value: error === 0 ? '0 (ACK)' : error < 0 ? `${error} (${errnoName(-error)}: ${strerror(-error)})` : String(error),
  });
  if (len < 4 + NLMSG_HDRLEN) {
    nodes.push(errorNode(ctx, off + 4, len - 4, `echoed nlmsghdr needs ${NLMSG_HDRLEN} bytes, has ${len - 4}`));
    return nodes;
  }
  const echoAt = off + 4;
  const reqLen = v.getUint32(echoAt, le);
  const reqType = v.getUint16(echoAt + 4, le);
  const echo: WalkNode = { kind: 'group', name: 'echoed request', offset: echoAt, length: NLMSG_HDRLEN, children: hdrFields(ctx, echoAt, family) };
  nodes.push(echo);
  let p = echoAt + NLMSG_HDRLEN;
  const end = off + len;
  let echoedBody: WalkNode[] | undefined;
  if (!(flags & NLM_F_CAPPED) && reqLen > NLMSG_HDRLEN) {
    const plen = reqLen - NLMSG_HDRLEN;
    if (p + plen > end) {
      nodes.push(errorNode(ctx, p, end - p, `echoed request of ${reqLen} bytes overruns NLMSG_ERROR`));
      return nodes;
    }
    echo.length = reqLen;
    const spec = family?.get(reqType);
    echoedBody = spec ? walkPayload(spec.body, ctx, p, plen) : [{ kind: 'field', name: '(payload)', offset: p, length: plen, value: toHex(ctx.buf.subarray(p, p + plen), ' '), hex: toHex(ctx.buf.subarray(p, p + plen)), unknown: true }];
    echo.children!.push(...echoedBody);
    p += align4(plen);
  }
  if (flags & NLM_F_ACK_TLVS && p < end) {
    const ext: WalkNode = { kind: 'group', name: 'extended ack', offset: p, length: end - p, children: walkAttrSet(extackAttrs, ctx, p, end - p, depth) };
    const offs = ext.children!.find((n) => n.key === 'offs');
    if (offs && typeof offs.data === 'number') {
      const target = echoAt + offs.data;
      const path = echoedBody ? nodePathAt(echoedBody, target).filter((n) => n.kind === 'attr') : [];
      offs.value = `${offs.data}` + (path.length ? ` (→ ${path.map((n) => n.name).join(' > ')} in the echoed request, byte ${target})` : ` (byte ${target})`);
    }
    nodes.push(ext);
  }
  return nodes;
}

function walkDone(ctx: DecodeContext, off: number, len: number, flags: number, depth: number): WalkNode[] {
  if (len < 4) return len ? [errorNode(ctx, off, len, `NLMSG_DONE payload of ${len} bytes`)] : [];
  const status = ctx.view.getInt32(off, ctx.le);
  const nodes: WalkNode[] = [{
    kind: 'field', name: 'status', offset: off, length: 4, data: status,
    value: status < 0 ? `${status} (${errnoName(-status)}: ${strerror(-status)})` : String(status),
  }];
  if (flags & NLM_F_ACK_TLVS && len > 4) {
    nodes.push({ kind: 'group', name: 'extended ack', offset: off + 4, length: len - 4, children: walkAttrSet(extackAttrs, ctx, off + 4, len - 4, depth) });
  }
  return nodes;
}

/** Walk one message whose nlmsghdr is at `at` (its length must fit the buffer). */
export function walkMessageAt(ctx: DecodeContext, at: number, family: Family | undefined): MessageTree {
  const v = ctx.view;
  const le = ctx.le;
  const length = v.getUint32(at, le);
  const type = v.getUint16(at + 4, le);
  const flags = v.getUint16(at + 6, le);
  const off = at + NLMSG_HDRLEN;
  const len = Math.max(0, Math.min(length, ctx.buf.length - at) - NLMSG_HDRLEN);
  let body: WalkNode[];
  if (type === NLMSG_ERROR) body = walkError(ctx, off, len, flags, family, 0);
  else if (type === NLMSG_DONE) body = walkDone(ctx, off, len, flags, 0);
  else {
    const spec = type >= 0x10 ? family?.get(type) : undefined;
    // As decodeBody: bodies that depend on the direction or on NLM_F_DUMP read these.
    ctx.requestMessage = (flags & NLM_F_REQUEST) !== 0;
    ctx.messageFlags = flags;
    if (spec) body = walkPayload(spec.body, ctx, off, len);
    else {
      const bytes = ctx.buf.subarray(off, off + len);
      body = len ? [{ kind: 'field', name: CONTROL_MESSAGE_NAMES[type] ? '(payload)' : '(unknown message type: payload)', offset: off, length: len, value: toHex(bytes, ' '), hex: toHex(bytes), unknown: true }] : [];
    }
  }
  return {
    offset: at, length, type, typeName: messageTypeName(type, family), flags,
    flagNames: flagNames(flags, flagContext(type, family)),
    seq: v.getUint32(at + 8, le), pid: v.getUint32(at + 12, le), body,
  };
}

/**
 * Walk a whole datagram: every message that can be framed, with the decoder's errors attached
 * (decodeLenient decides what counts as malformed; the walk shows as much as it can).
 */
export function walkDatagram(bytes: Uint8Array, options: WalkOptions = {}): DatagramTree {
  const le = options.littleEndian ?? HOST_LITTLE_ENDIAN;
  const family = options.family;
  const ctx = makeDecodeContext(bytes, le, false);
  const results = decodeLenient(bytes, family, { littleEndian: le, keepLayout: false, decodeEchoedRequest: false });
  const tree: DatagramTree = { length: bytes.length, messages: [], errors: [], padding: 0 };
  let lastEnd = 0;
  for (const r of results) {
    if (r.message) {
      const m = walkMessageAt(ctx, r.message.offset, family);
      tree.messages.push(m);
      lastEnd = r.message.offset + r.message.length;
    } else if (r.raw) {
      const m = walkMessageAt(ctx, r.raw.offset, family);
      m.error = { message: r.error.message, offset: r.error.offset, ...(r.error.path ? { path: r.error.path } : {}) };
      tree.messages.push(m);
      lastEnd = r.raw.offset + r.raw.length;
    } else {
      tree.errors.push({ message: r.error.message, offset: r.offset });
      lastEnd = bytes.length;
    }
  }
  if (!tree.errors.length && lastEnd < bytes.length) tree.padding = bytes.length - lastEnd;
  return tree;
}

/** Kernel-name path (e.g. ['IFLA_LINKINFO', 'IFLA_INFO_KIND']) of the attribute containing `offset` in a message. */
export function attributePathAt(bytes: Uint8Array, offset: number, options: WalkOptions = {}): string[] {
  const tree = walkDatagram(bytes, options);
  for (const m of tree.messages) {
    if (offset >= m.offset && offset < m.offset + Math.max(m.length, NLMSG_HDRLEN)) {
      const rel = offset - m.offset;
      if (rel < NLMSG_HDRLEN) return [rel < 4 ? 'nlmsg_len' : rel < 6 ? 'nlmsg_type' : rel < 8 ? 'nlmsg_flags' : rel < 12 ? 'nlmsg_seq' : 'nlmsg_pid'];
      return nodePathAt(m.body, offset).map((n) => n.name);
    }
  }
  return [];
}
