/**
 * Scalar wire types: integers (host, big-endian, signed, 64-bit), strings, binary, flags,
 * addresses, bitfield32, packed arrays. Each is a Codec; attribute sets use them as leaves.
 */
import type { Codec, DecodeContext, EncodeContext, EncodeHint } from './codec.js';
import { DecodeError, EncodeError } from './errors.js';
import type { Writer } from './writer.js';
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6, formatMac, parseMac } from './address.js';

function checkSize(len: number, size: number, off: number, what: string): void {
  if (len < size) throw new DecodeError(`${what} needs ${size} bytes, has ${len}`, off);
}

function checkInt(value: unknown, min: number, max: number, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new EncodeError(`${what} expects an integer in ${min}..${max}, got ${describe(value)}`);
  }
  return value;
}
function checkBig(value: unknown, min: bigint, max: bigint, what: string): bigint {
  let v: bigint;
  if (typeof value === 'bigint') v = value;
  else if (typeof value === 'number' && Number.isInteger(value)) v = BigInt(value);
  else throw new EncodeError(`${what} expects a bigint or integer, got ${describe(value)}`);
  if (v < min || v > max) throw new EncodeError(`${what} out of range: ${v}`);
  return v;
}
/**
 * A short description of a value for error messages: strings quoted, bigints with `n`, `an
 * object`/`an array` for structured values.
 */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}

/** Integer byte order for an attribute: forced big-endian, else the NLA_F_NET_BYTEORDER bit, else host. */
function order(ctx: DecodeContext, bigEndian: boolean): boolean {
  return bigEndian || ctx.netOrder ? false : ctx.le;
}

function intCodec(wire: string, size: 1 | 2 | 4, signed: boolean, bigEndian: boolean): Codec<number> {
  const min = signed ? -(2 ** (size * 8 - 1)) : 0;
  const max = signed ? 2 ** (size * 8 - 1) - 1 : 2 ** (size * 8) - 1;
  const read = reader(size, signed, bigEndian);
  return {
    wire,
    size,
    read,
    decode(ctx, off, len) {
      checkSize(len, size, off, wire);
      return read(ctx.view, off, bigEndian || ctx.netOrder ? false : ctx.le);
    },
    encode(w, value, ctx) {
      const n = checkInt(value, min, max, wire);
      const le = bigEndian ? false : ctx.le;
      if (size === 1) signed ? w.i8(n) : w.u8(n);
      else if (size === 2) signed ? w.i16(n, le) : w.u16(n, le);
      else signed ? w.i32(n, le) : w.u32(n, le);
    },
  };
}

/** One small monomorphic reader per integer shape. */
function reader(size: 1 | 2 | 4, signed: boolean, bigEndian: boolean): (v: DataView, off: number, le: boolean) => number {
  if (size === 1) return signed ? (v, o) => v.getInt8(o) : (v, o) => v.getUint8(o);
  if (bigEndian) {
    if (size === 2) return signed ? (v, o) => v.getInt16(o, false) : (v, o) => v.getUint16(o, false);
    return signed ? (v, o) => v.getInt32(o, false) : (v, o) => v.getUint32(o, false);
  }
  if (size === 2) return signed ? (v, o, le) => v.getInt16(o, le) : (v, o, le) => v.getUint16(o, le);
  return signed ? (v, o, le) => v.getInt32(o, le) : (v, o, le) => v.getUint32(o, le);
}

function bigCodec(wire: string, signed: boolean, bigEndian: boolean): Codec<bigint> {
  const min = signed ? -(2n ** 63n) : 0n;
  const max = signed ? 2n ** 63n - 1n : 2n ** 64n - 1n;
  const read = signed
    ? (v: DataView, o: number, le: boolean) => v.getBigInt64(o, bigEndian ? false : le)
    : (v: DataView, o: number, le: boolean) => v.getBigUint64(o, bigEndian ? false : le);
  return {
    wire,
    size: 8,
    read,
    decode(ctx, off, len) {
      checkSize(len, 8, off, wire);
      const le = order(ctx, bigEndian);
      return signed ? ctx.view.getBigInt64(off, le) : ctx.view.getBigUint64(off, le);
    },
    encode(w, value, ctx) {
      const v = checkBig(value, min, max, wire);
      const le = bigEndian ? false : ctx.le;
      signed ? w.i64(v, le) : w.u64(v, le);
    },
  };
}

/** NLA_U8: an unsigned 8-bit integer. */
export const u8 = intCodec('u8', 1, false, false);
/** NLA_U16: an unsigned 16-bit integer in host byte order. */
export const u16 = intCodec('u16', 2, false, false);
/** NLA_U32: an unsigned 32-bit integer in host byte order. */
export const u32 = intCodec('u32', 4, false, false);
/** NLA_S8: a signed 8-bit integer. */
export const s8 = intCodec('s8', 1, true, false);
/** NLA_S16: a signed 16-bit integer in host byte order. */
export const s16 = intCodec('s16', 2, true, false);
/** NLA_S32: a signed 32-bit integer in host byte order. */
export const s32 = intCodec('s32', 4, true, false);
/** A 16-bit unsigned integer in network byte order (ports, NLA_BE16). */
export const be16 = intCodec('be16', 2, false, true);
/** A 32-bit unsigned integer in network byte order (NLA_BE32). */
export const be32 = intCodec('be32', 4, false, true);
/** NLA_U64: an unsigned 64-bit integer in host byte order, as a bigint. */
export const u64 = bigCodec('u64', false, false);
/** NLA_S64: a signed 64-bit integer in host byte order, as a bigint. */
export const s64 = bigCodec('s64', true, false);
/** A 64-bit unsigned integer in network byte order, as a bigint (NLA_BE64). */
export const be64 = bigCodec('be64', false, true);

/**
 * NLA_UINT / NLA_SINT: 4 or 8 bytes on the wire (the kernel picks the smaller that fits).
 * Decodes to a number when it is safe, else a bigint.
 */
export const uint: Codec<number | bigint> = {
  wire: 'uint',
  sizes: [4, 8],
  decode(ctx, off, len) {
    const le = order(ctx, false);
    if (len === 4) return ctx.view.getUint32(off, le);
    if (len === 8) {
      const v = ctx.view.getBigUint64(off, le);
      return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
    }
    throw new DecodeError(`uint needs 4 or 8 bytes, has ${len}`, off);
  },
  encode(w, value, ctx, hint) {
    const v = checkBig(value, 0n, 2n ** 64n - 1n, 'uint');
    if (v > 0xffffffffn || hint?.len === 8) w.u64(v, ctx.le);
    else w.u32(Number(v), ctx.le);
  },
};

/** NLA_FLAG: present (true) or absent; no payload. */
export const flag: Codec<true> = {
  wire: 'flag',
  size: 0,
  decode(_ctx, off, len) {
    if (len !== 0) throw new DecodeError(`flag attribute has a ${len}-byte payload`, off);
    return true;
  },
  encode() {},
};

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Decode bytes [off, off+len) up to the first NUL as a string; ASCII fast path. */
export function readString(buf: Uint8Array, off: number, len: number): string {
  let end = off;
  const stop = off + len;
  let ascii = true;
  while (end < stop) {
    const c = buf[end]!;
    if (c === 0) break;
    if (c > 0x7f) ascii = false;
    end++;
  }
  if (!ascii) return utf8.decode(buf.subarray(off, end));
  let s = '';
  for (let i = off; i < end; i++) s += String.fromCharCode(buf[i]!);
  return s;
}

/**
 * NLA_STRING / NLA_NUL_STRING. Decoding accepts a payload with or without NUL (and stops at
 * the first NUL). Encoding adds the NUL unless `nul: false` (iproute2 sends IFLA_INFO_KIND
 * without one); a re-encode of decoded data repeats the received length.
 */
export function string(options: { nul?: boolean; maxLength?: number } = {}): Codec<string> {
  const nul = options.nul ?? true;
  const maxLength = options.maxLength;
  return {
    wire: nul ? 'string' : 'string-no-nul',
    padToHint: true,
    decode(ctx, off, len) {
      return readString(ctx.buf, off, len);
    },
    encode(w, value, _ctx, hint) {
      if (typeof value !== 'string') throw new EncodeError(`string expected, got ${describe(value)}`);
      const start = w.pos;
      const n = w.utf8(value);
      if (maxLength !== undefined && n > maxLength) {
        throw new EncodeError(`string ${JSON.stringify(value)} longer than ${maxLength} bytes`);
      }
      if (value.includes('\0')) throw new EncodeError(`string ${JSON.stringify(value)} contains NUL`);
      const wantNul = hint ? hint.len > n : nul;
      if (wantNul) w.u8(0);
      void start;
    },
  };
}

/** NLA_BINARY: the payload as a Uint8Array view. */
export const binary: Codec<Uint8Array> = {
  wire: 'binary',
  decode(ctx, off, len) {
    return ctx.buf.subarray(off, off + len);
  },
  encode(w, value) {
    if (!(value instanceof Uint8Array)) throw new EncodeError(`Uint8Array expected, got ${describe(value)}`);
    w.bytes(value);
  },
};

/** Fixed-size binary (e.g. a 16-byte key). */
export function bytesOf(size: number): Codec<Uint8Array> {
  return {
    wire: `binary[${size}]`,
    size,
    decode(ctx, off, len) {
      checkSize(len, size, off, `binary[${size}]`);
      return ctx.buf.subarray(off, off + size);
    },
    encode(w, value) {
      if (!(value instanceof Uint8Array) || value.length !== size) {
        throw new EncodeError(`Uint8Array of ${size} bytes expected, got ${describe(value)}`);
      }
      w.bytes(value);
    },
  };
}

/** Zero padding inside structs (decodes to nothing useful, encodes zeros). */
export function pad(size: number): Codec<undefined> {
  return {
    wire: `pad[${size}]`,
    size,
    decode() {
      return undefined;
    },
    encode(w) {
      w.zeros(size);
    },
  };
}

/** Link-layer address of any length ('aa:bb:cc:dd:ee:ff'). */
export const mac: Codec<string> = {
  wire: 'mac',
  decode(ctx, off, len) {
    return formatMac(ctx.buf, off, len);
  },
  encode(w, value) {
    // An empty payload (a device without an address, an NDA_LLADDR of 0 bytes) decodes to ''.
    if (value === '') return;
    w.bytes(parseMac(value));
  },
};

/** An IPv4 address: 4 bytes on the wire, dotted-quad text in JavaScript (`10.0.0.1`). */
export const ipv4: Codec<string> = {
  wire: 'ipv4',
  size: 4,
  decode(ctx, off, len) {
    checkSize(len, 4, off, 'ipv4');
    return formatIPv4(ctx.buf, off);
  },
  encode(w, value) {
    w.bytes(parseIPv4(value));
  },
};

/** An IPv6 address: 16 bytes on the wire, RFC 5952 text in JavaScript (`fe80::1`). */
export const ipv6: Codec<string> = {
  wire: 'ipv6',
  size: 16,
  decode(ctx, off, len) {
    checkSize(len, 16, off, 'ipv6');
    return formatIPv6(ctx.buf, off);
  },
  encode(w, value) {
    w.bytes(parseIPv6(value));
  },
};

/**
 * An address whose family comes from the payload length (4: IPv4, 16: IPv6), as in IFA_ADDRESS,
 * RTA_DST, NDA_DST, FRA_SRC. Other lengths (MPLS labels, link-layer) decode to colon hex.
 */
export const address: Codec<string> = {
  wire: 'address',
  decode(ctx, off, len) {
    if (len === 4) return formatIPv4(ctx.buf, off);
    if (len === 16) return formatIPv6(ctx.buf, off);
    return formatMac(ctx.buf, off, len);
  },
  encode(w, value, _ctx, hint) {
    if (typeof value !== 'string') throw new EncodeError(`address string expected, got ${describe(value)}`);
    if (value === '') return; // a 0-byte payload decodes to ''
    if (value.includes('.') && !value.includes(':')) w.bytes(parseIPv4(value));
    else if (
      /^[0-9a-fA-F]{1,2}(:[0-9a-fA-F]{1,2})*$/.test(value) &&
      !value.includes('::') &&
      // Eight colon groups read as IPv6, unless this value was decoded from an 8-byte payload.
      (value.split(':').length !== 8 || hint?.len === 8)
    ) {
      w.bytes(parseMac(value));
    } else w.bytes(parseIPv6(value));
  },
};

/** struct nla_bitfield32 { u32 value; u32 selector; } */
export const bitfield32: Codec<{ value: number; selector: number }> = {
  wire: 'bitfield32',
  size: 8,
  decode(ctx, off, len) {
    checkSize(len, 8, off, 'bitfield32');
    const le = order(ctx, false);
    return { value: ctx.view.getUint32(off, le), selector: ctx.view.getUint32(off + 4, le) };
  },
  encode(w, value, ctx) {
    if (typeof value !== 'object' || value === null) throw new EncodeError('bitfield32 expects {value, selector}');
    w.u32(checkInt(value.value, 0, 0xffffffff, 'bitfield32.value'), ctx.le);
    w.u32(checkInt(value.selector, 0, 0xffffffff, 'bitfield32.selector'), ctx.le);
  },
};

/** A packed array of fixed-size elements filling the payload (e.g. IFLA_INET6_STATS: u64[]). */
export function arrayOf<T>(element: Codec<T>): Codec<T[]> {
  const size = element.size;
  if (!size) throw new Error(`arrayOf needs a fixed-size element, ${element.wire} has none`);
  return {
    kind: 'array',
    wire: `${element.wire}[]`,
    decode(ctx, off, len, parent) {
      if (len % size !== 0) throw new DecodeError(`array of ${element.wire}: ${len} is not a multiple of ${size}`, off);
      const out: T[] = new Array(len / size);
      for (let i = 0; i < out.length; i++) out[i] = element.decode(ctx, off + i * size, size, parent);
      return out;
    },
    encode(w, value, ctx, _hint, parent) {
      if (!Array.isArray(value)) throw new EncodeError(`array expected, got ${describe(value)}`);
      for (const v of value) element.encode(w, v, ctx, undefined, parent);
    },
  };
}

/**
 * A packed array whose positions have names (IFLA_INET_CONF, IFLA_INET6_CONF: element i is
 * devconf index i+1). Decodes to `{ forwarding: 1, ... }`; positions past the known names get
 * `unknownN` keys (N = devconf index) so nothing is lost.
 */
export function namedArray<T>(element: Codec<T>, names: readonly string[]): Codec<Record<string, T>> {
  const size = element.size;
  if (!size) throw new Error('namedArray needs a fixed-size element');
  const index = new Map(names.map((n, i) => [n, i]));
  return {
    kind: 'array',
    wire: `${element.wire}[named]`,
    decode(ctx, off, len, parent) {
      if (len % size !== 0) throw new DecodeError(`array of ${element.wire}: ${len} is not a multiple of ${size}`, off);
      const out: Record<string, T> = {};
      const n = len / size;
      for (let i = 0; i < n; i++) out[names[i] ?? `unknown${i + 1}`] = element.decode(ctx, off + i * size, size, parent);
      return out;
    },
    encode(w, value, ctx, _hint, parent) {
      if (typeof value !== 'object' || value === null) throw new EncodeError('object expected');
      const slots: T[] = [];
      for (const [key, v] of Object.entries(value)) {
        let i = index.get(key);
        if (i === undefined) {
          const m = /^unknown(\d+)$/.exec(key);
          if (!m) throw new EncodeError(`unknown array position name ${JSON.stringify(key)}`);
          i = Number(m[1]) - 1;
          // A decoded array never has more positions than fit an attribute (64 KiB).
          if (i >= 0x10000 / size) throw new EncodeError(`array position ${key} is past what an attribute can hold`);
        }
        slots[i] = v;
      }
      for (let i = 0; i < slots.length; i++) {
        const v = slots[i];
        if (v === undefined) w.zeros(size);
        else element.encode(w, v, ctx, undefined, parent);
      }
    },
  };
}

/** Wraps a codec so values are mapped on the way in and out (used by enums and flag sets). */
export function mapped<W, V>(
  base: Codec<W>,
  wire: string,
  fromWire: (w: W) => V,
  toWire: (v: V) => W,
  kind?: 'enum' | 'flags',
): Codec<V> {
  const codec: Codec<V> = {
    ...(kind ? { kind } : {}),
    wire,
    decode(ctx: DecodeContext, off: number, len: number, parent) {
      return fromWire(base.decode(ctx, off, len, parent));
    },
    encode(w: Writer, value: V, ctx: EncodeContext, hint: EncodeHint | undefined, parent) {
      base.encode(w, toWire(value), ctx, hint, parent);
    },
  };
  if (base.size !== undefined) (codec as { size?: number }).size = base.size;
  const baseRead = base.read;
  if (baseRead) (codec as { read?: Codec<V>['read'] }).read = (v, o, le) => fromWire(baseRead(v, o, le));
  return codec;
}
