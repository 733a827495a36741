/**
 * A schema walker for the protocol debugger: given the bytes of a datagram and the family's
 * codecs, it walks the bytes (not a decoded object) and yields a tree of nodes, each with its
 * kernel name, where it is, how long it is and its formatted value. Unknown attributes, wrong
 * lengths and malformed parts become nodes too (with `unknown` / `error`), so a tree can always
 * be printed, even for input the decoder rejects.
 *
 * Codecs are told apart by their `kind` tag (CodecKind), never by their wire name:
 *   AttrSet / 'attrs'             a nest (its `byType` specs give kernel names)
 *   MessageCodec / 'message'      fixed header (StructCodec) + attributes (veth peer, message bodies)
 *   StructCodec / 'struct'        fields with offsets
 *   'nest'                        `.target`: the codec referred to (nest(), lazy references)
 *   'select'                      `.selectorKey` + `.registry`: the sub-message chosen by a sibling
 *   'indexed'                     `.element`
 *   'resolve'                     `.resolve(ctx, parent)`: a codec picked at decode time (by family...)
 * Anything else is a leaf: decoded with the codec and formatted.
 */
import type { Codec, DecodeContext } from '../codec.js';
import { NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLA_TYPE_MASK, align4 } from '../constants.js';
import { AttrSet, MessageCodec, StructCodec, type AttrSpec, type CodecMap, type SelectCodec } from '../schema.js';
import { formatValue, jsonSafe, toHex } from './values.js';

/**
 * One node of a walked message: an attribute, a struct field, a group, or bytes that did not
 * parse, with its offset and children.
 */
export interface WalkNode {
  /** 'attr': an attribute; 'field': a struct field or header field; 'group': a synthetic container; 'error': malformed bytes. */
  kind: 'attr' | 'field' | 'group' | 'error';
  /** Kernel name (IFLA_IFNAME), struct field name, `<PREFIX><n>` for an unknown attribute, `[i]` for an array element. */
  name: string;
  /** Key in the library's decoded object, when there is one. */
  key?: string;
  /** nla_type without the NLA_F_* bits (attributes only). */
  type?: number;
  /** 'NESTED' / 'NET_BYTEORDER' when those bits are set. */
  nlaFlags?: string[];
  /** Absolute byte offset in the datagram (of the attribute header, for attributes). */
  offset: number;
  /** Bytes covered (nla_len for attributes: header + payload, without padding). */
  length: number;
  /** Formatted value of a leaf. */
  value?: string;
  /** JSON-safe decoded value of a leaf. */
  data?: unknown;
  /** Payload hex, for unknown attributes, raw binaries and errors. */
  hex?: string;
  unknown?: boolean;
  /** What is wrong here (bad length, decode failure...). */
  error?: string;
  children?: WalkNode[];
}

const MAX_DEPTH = 48;

// ---------------------------------------------------------------------------------------------
// The walker

interface Described {
  children?: WalkNode[];
  value?: string;
  data?: unknown;
  hex?: string;
  error?: string;
}

function rawInt(ctx: DecodeContext, off: number, size: number, bigEndian: boolean): number | undefined {
  const le = bigEndian || ctx.netOrder ? false : ctx.le;
  if (size === 1) return ctx.view.getUint8(off);
  if (size === 2) return ctx.view.getUint16(off, le);
  if (size === 4) return ctx.view.getUint32(off, le);
  return undefined;
}

function describeLeaf(codec: Codec<unknown>, ctx: DecodeContext, off: number, len: number, parent: Record<string, unknown> | undefined): Described {
  let v: unknown;
  try {
    v = codec.decode(ctx, off, len, parent);
    ctx.tail = undefined;
  } catch (e) {
    ctx.tail = undefined;
    return { error: (e as Error).message, hex: toHex(ctx.buf.subarray(off, off + len)) };
  }
  let value = formatValue(v);
  // Enums and flag words: the name(s) with the number.
  const isEnum = codec.kind === 'enum';
  if ((isEnum || codec.kind === 'flags') && codec.size && len >= codec.size && typeof v !== 'number') {
    const n = rawInt(ctx, off, codec.size, false);
    if (n !== undefined) value = isEnum ? `${String(v)} (${n})` : `${value} (0x${n.toString(16)})`;
  }
  const out: Described = { value, data: jsonSafe(v) };
  if (v instanceof Uint8Array) out.hex = toHex(v);
  return out;
}

function describePayload(
  codec: Codec<unknown>,
  ctx: DecodeContext,
  off: number,
  len: number,
  parent: Record<string, unknown> | undefined,
  depth: number,
): Described {
  if (depth > MAX_DEPTH) return { value: '(nesting too deep)', hex: toHex(ctx.buf.subarray(off, off + len)) };
  if (codec instanceof AttrSet) return { children: walkAttrSet(codec, ctx, off, len, depth + 1) };
  if (codec instanceof MessageCodec) return { children: walkMessageCodec(codec, ctx, off, len, depth + 1) };
  if (codec instanceof StructCodec) return { children: walkStruct(codec, ctx, off, len) };
  switch (codec.kind) {
    case 'resolve': {
      const c = codec as Codec<unknown> & { resolve(ctx: DecodeContext, parent: Record<string, unknown> | undefined): Codec<unknown> | undefined };
      let sub: Codec<unknown> | undefined;
      try {
        sub = c.resolve(ctx, parent);
      } catch {
        sub = undefined;
      }
      if (sub && sub !== codec) return describePayload(sub, ctx, off, len, parent, depth + 1);
      break;
    }
    case 'nest': {
      let target: Codec<unknown> | undefined;
      try {
        target = (codec as Codec<unknown> & { readonly target: Codec<unknown> }).target;
      } catch {
        target = undefined;
      }
      if (target) return describePayload(target, ctx, off, len, parent, depth + 1);
      break;
    }
    case 'select': {
      const c = codec as SelectCodec<string, CodecMap>;
      const sel = parent?.[c.selectorKey];
      const sub = sel !== undefined && sel !== null ? c.registry.get(sel as string) : undefined;
      if (sub) return describePayload(sub, ctx, off, len, parent, depth + 1);
      const hex = toHex(ctx.buf.subarray(off, off + len));
      return {
        value: `${len ? toHex(ctx.buf.subarray(off, off + len), ' ') : '(empty)'}`,
        hex,
        data: hex,
        error: sel === undefined ? `no ${c.selectorKey} to choose the schema` : `no schema for ${c.selectorKey} ${JSON.stringify(sel)}`,
      };
    }
    case 'indexed':
      return { children: walkIndexed((codec as Codec<unknown> & { readonly element: Codec<unknown> }).element, ctx, off, len, parent, depth + 1) };
  }
  return describeLeaf(codec, ctx, off, len, parent);
}

function nlaFlagNames(rawType: number): string[] | undefined {
  if (!(rawType & (NLA_F_NESTED | NLA_F_NET_BYTEORDER))) return undefined;
  const out: string[] = [];
  if (rawType & NLA_F_NESTED) out.push('NESTED');
  if (rawType & NLA_F_NET_BYTEORDER) out.push('NET_BYTEORDER');
  return out;
}

/** The decoded object of an attribute set, for selectors (sub-messages chosen by a sibling). */
function siblings(set: AttrSet<object>, ctx: DecodeContext, off: number, len: number): Record<string, unknown> {
  try {
    return set.decode(ctx, off, len) as Record<string, unknown>;
  } catch {
    // Decode what can be decoded, one attribute at a time.
    const out: Record<string, unknown> = {};
    let p = off;
    const end = off + len;
    while (p + 4 <= end) {
      const nlaLen = ctx.view.getUint16(p, ctx.le);
      if (nlaLen < 4 || p + nlaLen > end) break;
      const rawType = ctx.view.getUint16(p + 2, ctx.le);
      const spec = set.byType[rawType & NLA_TYPE_MASK];
      if (spec && !spec.codec.deferred && !spec.multi) {
        ctx.netOrder = (rawType & NLA_F_NET_BYTEORDER) !== 0;
        try {
          out[spec.key] = spec.codec.decode(ctx, p + 4, nlaLen - 4, out);
        } catch {
          // leave it out
        } finally {
          ctx.netOrder = false;
          ctx.tail = undefined;
        }
      }
      p += align4(nlaLen);
    }
    return out;
  }
}

/** Walk an attribute stream [off, off+len) with the names of `set`. */
export function walkAttrSet(set: AttrSet<object>, ctx: DecodeContext, off: number, len: number, depth = 0): WalkNode[] {
  const nodes: WalkNode[] = [];
  const end = off + len;
  let parent: Record<string, unknown> | undefined;
  let p = off;
  while (p < end) {
    if (end - p < 4) {
      nodes.push(errorNode(ctx, p, end - p, `truncated attribute header (${end - p} bytes left)`));
      break;
    }
    const nlaLen = ctx.view.getUint16(p, ctx.le);
    const rawType = ctx.view.getUint16(p + 2, ctx.le);
    const type = rawType & NLA_TYPE_MASK;
    if (nlaLen < 4) {
      nodes.push(errorNode(ctx, p, end - p, `attribute length ${nlaLen} < 4 (type ${type})`));
      break;
    }
    if (p + nlaLen > end) {
      nodes.push(errorNode(ctx, p, end - p, `attribute type ${type} of length ${nlaLen} overruns its container (${end - p} bytes left)`));
      break;
    }
    const spec: AttrSpec | undefined = set.byType[type];
    const payload = p + 4;
    const plen = nlaLen - 4;
    const node: WalkNode = { kind: 'attr', name: spec ? spec.kernelName : `${set.prefix}${type}`, type, offset: p, length: nlaLen };
    const f = nlaFlagNames(rawType);
    if (f) node.nlaFlags = f;
    if (!spec) {
      node.unknown = true;
      node.hex = toHex(ctx.buf.subarray(payload, payload + plen));
      node.value = plen ? toHex(ctx.buf.subarray(payload, payload + plen), ' ') : '(empty)';
    } else {
      node.key = spec.key;
      const codec = spec.codec;
      if (codec.size !== undefined && plen !== codec.size && codec.kind !== 'struct') {
        node.error = `length ${plen}, ${codec.wire} needs ${codec.size}`;
        node.hex = toHex(ctx.buf.subarray(payload, payload + plen));
        node.value = plen ? toHex(ctx.buf.subarray(payload, payload + plen), ' ') : '(empty)';
      } else {
        if (codec.deferred || codec.kind === 'select') parent ??= siblings(set, ctx, off, len);
        ctx.netOrder = (rawType & NLA_F_NET_BYTEORDER) !== 0;
        let d: Described;
        try {
          d = describePayload(codec, ctx, payload, plen, parent ?? (parent = siblings(set, ctx, off, len)), depth);
        } finally {
          ctx.netOrder = false;
        }
        Object.assign(node, d);
      }
    }
    nodes.push(node);
    p += align4(nlaLen);
  }
  return nodes;
}

/** Walk a fixed struct's fields (padding fields, named `_...`, are left out unless non-zero). */
export function walkStruct(s: StructCodec<object>, ctx: DecodeContext, off: number, len: number): WalkNode[] {
  // A struct whose fields read the address family from one of its own (xfrm's) says which first.
  const saved = ctx.family;
  const family = s.contextFamily?.(ctx, off, len);
  if (family !== undefined) ctx.family = family;
  try {
    return walkStructFields(s, ctx, off, len);
  } finally {
    ctx.family = saved;
  }
}

function walkStructFields(s: StructCodec<object>, ctx: DecodeContext, off: number, len: number): WalkNode[] {
  const nodes: WalkNode[] = [];
  const out: Record<string, unknown> = {};
  for (let i = 0; i < s.fields.length; i++) {
    const [key, codec] = s.fields[i]!;
    const at = s.offsets[i]!;
    const size = codec.size!;
    if (at + size > len) {
      nodes.push({ kind: 'error', name: key, offset: off + at, length: Math.max(0, len - at), error: `struct ${s.name} cut short: ${len} of ${s.size} bytes` });
      break;
    }
    const bytes = ctx.buf.subarray(off + at, off + at + size);
    if (key.startsWith('_')) {
      if (bytes.some((b) => b !== 0)) nodes.push({ kind: 'field', name: key, offset: off + at, length: size, value: toHex(bytes, ' '), hex: toHex(bytes) });
      continue;
    }
    const node: WalkNode = { kind: 'field', name: key, key, offset: off + at, length: size };
    Object.assign(node, describeLeaf(codec, ctx, off + at, size, out));
    if (node.data !== undefined) out[key] = node.data;
    nodes.push(node);
  }
  if (len > s.size) {
    const tail = ctx.buf.subarray(off + s.size, off + len);
    nodes.push({ kind: 'field', name: '(tail)', offset: off + s.size, length: tail.length, value: toHex(tail, ' '), hex: toHex(tail), unknown: true });
  }
  return nodes;
}

function walkMessageCodec(m: MessageCodec<object, object>, ctx: DecodeContext, off: number, len: number, depth: number): WalkNode[] {
  const hsize = Math.min(len, m.header.size);
  const header: WalkNode = { kind: 'group', name: m.header.name, offset: off, length: hsize, children: walkStruct(m.header, ctx, off, hsize) };
  const nodes: WalkNode[] = [header];
  const saved = ctx.family;
  const ff = m.header.familyField;
  if (ff !== undefined) {
    try {
      const h = m.header.decode(ctx, off, hsize) as Record<string, unknown>;
      if (typeof h[ff] === 'number') ctx.family = h[ff] as number;
    } catch {
      // keep the family
    }
    ctx.tail = undefined;
  }
  const start = align4(m.header.size);
  try {
    if (len > start) nodes.push(...walkAttrSet(m.attributes, ctx, off + start, len - start, depth));
  } finally {
    ctx.family = saved;
  }
  return nodes;
}

function walkIndexed(element: Codec<unknown>, ctx: DecodeContext, off: number, len: number, parent: Record<string, unknown> | undefined, depth: number): WalkNode[] {
  const nodes: WalkNode[] = [];
  const end = off + len;
  let p = off;
  let i = 0;
  while (p < end) {
    if (end - p < 4) {
      nodes.push(errorNode(ctx, p, end - p, 'truncated attribute header'));
      break;
    }
    const nlaLen = ctx.view.getUint16(p, ctx.le);
    const rawType = ctx.view.getUint16(p + 2, ctx.le);
    if (nlaLen < 4 || p + nlaLen > end) {
      nodes.push(errorNode(ctx, p, end - p, `bad attribute length ${nlaLen}`));
      break;
    }
    const node: WalkNode = { kind: 'attr', name: `[${i}]`, type: rawType & NLA_TYPE_MASK, offset: p, length: nlaLen };
    Object.assign(node, describePayload(element, ctx, p + 4, nlaLen - 4, parent, depth));
    nodes.push(node);
    p += align4(nlaLen);
    i++;
  }
  return nodes;
}

/** A node for bytes that could not be walked (truncated or overrunning attributes): the message and the raw bytes. */
export function errorNode(ctx: DecodeContext, off: number, len: number, message: string): WalkNode {
  const bytes = ctx.buf.subarray(off, off + Math.max(0, len));
  return { kind: 'error', name: '(malformed)', offset: off, length: bytes.length, error: message, hex: toHex(bytes) };
}

/** Walk any payload with a codec (a message body, a nested set...). */
export function walkPayload(codec: Codec<unknown>, ctx: DecodeContext, off: number, len: number): WalkNode[] {
  const d = describePayload(codec, ctx, off, len, undefined, 0);
  if (d.children) return d.children;
  const node: WalkNode = { kind: 'field', name: codec.wire, offset: off, length: len };
  Object.assign(node, d);
  return [node];
}

/** The deepest chain of node names containing byte `target` (absolute offset). */
export function nodePathAt(nodes: readonly WalkNode[], target: number): WalkNode[] {
  for (const n of nodes) {
    const end = n.offset + (n.kind === 'attr' ? align4(n.length) : n.length);
    if (target >= n.offset && target < Math.max(end, n.offset + 1)) {
      return [n, ...(n.children ? nodePathAt(n.children, target) : [])];
    }
  }
  return [];
}
