/**
 * Renderings of walked datagrams: an indented text tree, JSON, and libmnl's
 * `mnl_nlmsg_fprintf` box dump.
 */
import { HOST_LITTLE_ENDIAN } from '../byteorder.js';
import { NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLA_TYPE_MASK, NLMSG_HDRLEN, NLMSG_MIN_TYPE, NLM_F_ACK, NLM_F_ECHO, NLM_F_MULTI, NLM_F_REQUEST } from '../constants.js';
import type { Family } from '../family.js';
import { MessageCodec, StructCodec } from '../schema.js';
import type { DatagramTree, MessageTree } from './datagram.js';
import type { WalkNode } from './walk.js';

/** How a walked datagram prints as an indented tree. */
export interface TreeFormatOptions {
  /** Prefix of every line. */
  indent?: string;
  /** Indentation step. Default two spaces. */
  step?: string;
  /** Show `@offset len N` on every node. Default true. */
  offsets?: boolean;
}

function nodeLine(n: WalkNode, offsets: boolean): string {
  let s = n.name;
  if (n.type !== undefined && n.kind === 'attr' && !n.name.startsWith('[')) s += ` (${n.type})`;
  if (n.nlaFlags) s += ` [${n.nlaFlags.join(',')}]`;
  if (offsets) s += ` @${n.offset} len ${n.length}`;
  if (n.unknown) s += ' unknown';
  if (n.value !== undefined && n.value !== '') s += `: ${n.value}`;
  if (n.error) s += `  !! ${n.error}`;
  return s;
}

/** The lines of walked nodes (attributes, fields) as an indented tree, appended to `out`. */
export function formatNodes(nodes: readonly WalkNode[], options: TreeFormatOptions = {}, out: string[] = []): string[] {
  const indent = options.indent ?? '';
  const step = options.step ?? '  ';
  const offsets = options.offsets ?? true;
  for (const n of nodes) {
    out.push(indent + nodeLine(n, offsets));
    if (n.children?.length) formatNodes(n.children, { ...options, indent: indent + step }, out);
  }
  return out;
}

/** First line of a message: type, flags, seq, pid. */
export function messageHeadline(m: MessageTree, index?: number): string {
  const flags = `[${m.flagNames.join(', ')}] (0x${m.flags.toString(16).padStart(3, '0')})`;
  return `${index !== undefined ? `message ${index} ` : ''}@${m.offset} len ${m.length}: ${m.typeName} (${m.type}) flags ${flags} seq ${m.seq} pid ${m.pid}`;
}

/** The lines of one walked message: its headline (type, flags, seq, pid) and its body as a tree. */
export function formatMessageTree(m: MessageTree, index?: number, options: TreeFormatOptions = {}): string[] {
  const indent = options.indent ?? '';
  const step = options.step ?? '  ';
  const out = [indent + messageHeadline(m, index)];
  if (m.error) out.push(`${indent}${step}!! ${m.error.message}`);
  formatNodes(m.body, { ...options, indent: indent + step }, out);
  return out;
}

/**
 * The lines of a walked datagram: each message as formatMessageTree prints it, then any error that
 * stopped the walk.
 */
export function formatDatagramTree(tree: DatagramTree, options: TreeFormatOptions = {}): string[] {
  const indent = options.indent ?? '';
  const out: string[] = [];
  tree.messages.forEach((m, i) => out.push(...formatMessageTree(m, i, options)));
  for (const e of tree.errors) out.push(`${indent}!! ${e.message}`);
  if (tree.padding) out.push(`${indent}(${tree.padding} bytes of trailing zero padding)`);
  if (!tree.messages.length && !tree.errors.length) out.push(`${indent}(no netlink message)`);
  return out;
}

/** A JSON-ready view of a walked datagram. */
export function datagramTreeToJson(tree: DatagramTree): Record<string, unknown> {
  return {
    length: tree.length,
    messages: tree.messages.map((m) => ({
      offset: m.offset, length: m.length, type: m.type, typeName: m.typeName, flags: m.flags, flagNames: m.flagNames,
      seq: m.seq, pid: m.pid, ...(m.error ? { error: m.error } : {}), body: m.body,
    })),
    ...(tree.errors.length ? { errors: tree.errors } : {}),
    ...(tree.padding ? { padding: tree.padding } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// libmnl's mnl_nlmsg_fprintf

/** Options of the libmnl-style dump (mnl_nlmsg_fprintf's layout). */
export interface MnlFormatOptions {
  littleEndian?: boolean;
  /**
   * Size of the family header printed as "extra header" lines. Default: taken from the
   * given family's body codec for each message type (0 when unknown), like a libmnl
   * program passing sizeof(struct ifinfomsg).
   */
  extraHeaderSize?: number;
  /** The family whose body codecs give the header sizes. */
  family?: Family;
}

const dec = (n: number, width: number) => String(n >>> 0).padStart(width, '0');
const hx = (b: number | undefined) => (b ?? 0).toString(16).padStart(2, '0');
const printable = (b: number | undefined) => (b !== undefined && b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ' ');

function familyHeaderSize(family: Family | undefined, type: number): number {
  const body = family?.get(type)?.body;
  if (body instanceof MessageCodec) return (body.header.size + 3) & ~3;
  if (body instanceof StructCodec) return (body.size + 3) & ~3;
  return 0;
}

/**
 * The box dump libmnl's `mnl_nlmsg_fprintf()` prints (without colours): the nlmsghdr in a box,
 * then the payload four bytes a line, as extra header, attribute headers (`|len |flags| type|`)
 * or data with its printable characters.
 */
export function formatMnl(bytes: Uint8Array, options: MnlFormatOptions = {}): string {
  const le = options.littleEndian ?? HOST_LITTLE_ENDIAN;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lines: string[] = [];
  let p = 0;
  // mnl_nlmsg_ok: room for a header, nlmsg_len >= header, nlmsg_len <= what is left.
  while (bytes.length - p >= NLMSG_HDRLEN) {
    const len = view.getUint32(p, le);
    if (len < NLMSG_HDRLEN || len > bytes.length - p) break;
    const type = view.getUint16(p + 4, le);
    const flags = view.getUint16(p + 6, le);
    lines.push('----------------\t------------------');
    lines.push(`|  ${dec(len, 10)}  |\t| message length |`);
    lines.push(
      `| ${dec(type, 5)} | ${flags & NLM_F_REQUEST ? 'R' : '-'}${flags & NLM_F_MULTI ? 'M' : '-'}${flags & NLM_F_ACK ? 'A' : '-'}${flags & NLM_F_ECHO ? 'E' : '-'} |\t|  type | flags  |`,
    );
    lines.push(`|  ${dec(view.getUint32(p + 8, le), 10)}  |\t| sequence number|`);
    lines.push(`|  ${dec(view.getUint32(p + 12, le), 10)}  |\t|     port ID    |`);
    lines.push('----------------\t------------------');
    let extra = options.extraHeaderSize ?? familyHeaderSize(options.family, type);
    let rem = 0;
    for (let i = NLMSG_HDRLEN; i < len; i += 4) {
      const b0 = bytes[p + i], b1 = bytes[p + i + 1], b2 = bytes[p + i + 2], b3 = bytes[p + i + 3];
      const quad = `| ${hx(b0)} ${hx(b1)} ${hx(b2)} ${hx(b3)}  |\t`;
      if (type < NLMSG_MIN_TYPE) {
        lines.push(`${quad}|                |`);
      } else if (extra > 0) {
        extra -= 4;
        lines.push(`${quad}|  extra header  |`);
      } else {
        const nlaLen = p + i + 2 <= bytes.length ? view.getUint16(p + i, le) : 0;
        const nlaType = p + i + 4 <= bytes.length ? view.getUint16(p + i + 2, le) : 0;
        if (rem === 0 && (nlaType & NLA_TYPE_MASK) !== 0) {
          lines.push(
            `|${dec(nlaLen, 5)}|${nlaType & NLA_F_NESTED ? 'N' : '-'}${nlaType & NLA_F_NET_BYTEORDER ? 'B' : '-'}|${dec(nlaType & NLA_TYPE_MASK, 5)}|\t|len |flags| type|`,
          );
          if (!(nlaType & NLA_F_NESTED)) rem = ((nlaLen + 3) & ~3) - 4;
        } else if (rem > 0) {
          rem -= 4;
          lines.push(`${quad}|      data      |\t ${printable(b0)} ${printable(b1)} ${printable(b2)} ${printable(b3)}`);
        }
      }
    }
    lines.push('----------------\t------------------');
    p += (len + 3) & ~3;
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}
