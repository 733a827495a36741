import { describe, expect, it } from 'vitest';
import { makeDecodeContext, getLayout } from '../../src/netlink/codec.js';
import { DecodeError, EncodeError } from '../../src/netlink/errors.js';
import { defineEnum, enumOf, flagsOf } from '../../src/netlink/enums.js';
import { attrs, indexed, message, multi, nest, Registry, select, struct } from '../../src/netlink/schema.js';
import {
  address, be16, binary, bitfield32, flag, ipv4, ipv6, mac, namedArray, s32, string, u16, u32, u64, u8, uint,
} from '../../src/netlink/types.js';
import { Writer } from '../../src/netlink/writer.js';
import { cat, hex, nla, str, u16 as b16, u32 as b32, u64 as b64, u8 as b8, type Endian } from '../support/bytes.js';

const COLOR = defineEnum('COLOR_', { red: 1, green: 2 });
const FLAGS = defineEnum('F_', { UP: 1, RUNNING: 4 });

const inner = attrs('IN_', {
  a: [1, 'A', u32],
  name: [2, 'NAME', string()],
});
const kinds = new Registry('kinds');
kinds.register('alpha', attrs('ALPHA_', { x: [1, 'X', u16], y: [2, 'Y', be16] }));
const hdr = struct('hdr', [['family', u8], ['_pad', u8], ['kind', u16], ['index', s32]], { familyField: 'family' });
const top = attrs('T_', {
  byte: [1, 'BYTE', u8],
  word: [2, 'WORD', u32],
  big: [3, 'BIG', u64],
  name: [4, 'NAME', string()],
  kind: [5, 'KIND', string({ nul: false })],
  data: [6, 'DATA', select('kind', kinds)],
  lladdr: [7, 'LLADDR', mac],
  v4: [8, 'V4', ipv4],
  v6: [9, 'V6', ipv6],
  addr: [10, 'ADDR', address],
  on: [11, 'ON', flag],
  nested: [12, 'NESTED', nest(() => inner)],
  names: [13, 'NAMES', multi(string())],
  color: [14, 'COLOR', enumOf(u8, COLOR)],
  flags: [15, 'FLAGS', flagsOf(u32, FLAGS)],
  bits: [16, 'BITS', bitfield32],
  list: [17, 'LIST', indexed(u32)],
  conf: [18, 'CONF', namedArray(u32, ['forwarding', 'proxyArp'])],
  blob: [19, 'BLOB', binary],
  wide: [20, 'WIDE', uint],
});
const msg = message(hdr, top);

function encodeSet(value: Record<string, unknown>, le = true): Buffer {
  const w = new Writer(16, le);
  top.encode(w, value as never, { le, family: 0 });
  return Buffer.from(w.finish());
}
function decodeSet(bytes: Uint8Array, le = true, keepLayout = true) {
  return top.decode(makeDecodeContext(bytes, le, keepLayout), 0, bytes.length);
}

function golden(e: Endian): Buffer {
  return cat(
    nla(1, b8(7), e),
    nla(2, b32(0xdeadbeef, e), e),
    nla(3, b64(2n ** 63n + 5n, e), e),
    nla(4, str('eth0'), e),
    nla(5, str('alpha', false), e),
    nla(6, cat(nla(1, b16(300, e), e), nla(2, b16(4789, 'be'), e)), e),
    nla(7, hex('0a0b0c0d0e0f'), e),
    nla(8, hex('0a000001'), e),
    nla(9, hex('fe800000000000000000000000000001'), e),
    nla(10, hex('c0a80001'), e),
    nla(11, Buffer.alloc(0), e),
    nla(12, cat(nla(1, b32(5, e), e), nla(2, str('in'), e)), e),
    nla(13, str('x'), e),
    nla(13, str('yz'), e),
    nla(14, b8(2), e),
    nla(15, b32(5 | 0x100, e), e),
    nla(16, cat(b32(1, e), b32(3, e)), e),
    nla(17, cat(nla(1, b32(10, e), e), nla(2, b32(20, e), e)), e),
    nla(18, cat(b32(1, e), b32(0, e)), e),
    nla(19, hex('0102'), e),
    nla(20, b32(9, e), e),
  );
}

const value = {
  byte: 7,
  word: 0xdeadbeef,
  big: 2n ** 63n + 5n,
  name: 'eth0',
  kind: 'alpha',
  data: { x: 300, y: 4789 },
  lladdr: '0a:0b:0c:0d:0e:0f',
  v4: '10.0.0.1',
  v6: 'fe80::1',
  addr: '192.168.0.1',
  on: true,
  nested: { a: 5, name: 'in' },
  names: ['x', 'yz'],
  color: 'green',
  flags: ['UP', 'RUNNING', 0x100],
  bits: { value: 1, selector: 3 },
  list: [10, 20],
  conf: { forwarding: 1, proxyArp: 0 },
  blob: new Uint8Array([1, 2]),
  wide: 9,
};

describe('attribute sets', () => {
  it('encode matches bytes from an independent builder (little-endian)', () => {
    expect(encodeSet(value).toString('hex')).toBe(golden('le').toString('hex'));
  });

  it('encode matches bytes from an independent builder (big-endian host order)', () => {
    expect(encodeSet(value, false).toString('hex')).toBe(golden('be').toString('hex'));
  });

  it('decodes golden bytes to the typed object, both byte orders', () => {
    for (const e of ['le', 'be'] as const) {
      const decoded = decodeSet(golden(e), e === 'le');
      expect({ ...decoded, blob: Buffer.from(decoded.blob!) }).toEqual({ ...value, blob: Buffer.from([1, 2]) });
    }
  });

  it('does not need NLA_F_NESTED, and keeps it when present', () => {
    const withFlag = cat(nla(12 | 0x8000, cat(nla(1, b32(5)))));
    const d = decodeSet(withFlag);
    expect(d.nested).toEqual({ a: 5 });
    expect(encodeSet(d).equals(withFlag)).toBe(true);
  });

  it('keeps unknown attributes as {type, bytes} and re-encodes them byte for byte, in order', () => {
    const bytes = cat(nla(99, hex('01020304')), nla(2, b32(1)), nla(98 | 0x8000, nla(1, b8(1))), nla(4, str('a')));
    const d = decodeSet(bytes);
    expect(d.unknown).toHaveLength(2);
    expect(d.unknown![0]).toMatchObject({ type: 99 });
    expect(Buffer.from(d.unknown![0]!.bytes).toString('hex')).toBe('01020304');
    expect(d.unknown![1]).toMatchObject({ type: 98, nested: true });
    expect(encodeSet(d).equals(bytes)).toBe(true);
  });

  it('keeps duplicates of a single-valued attribute in order; the last one wins', () => {
    const bytes = cat(nla(2, b32(1)), nla(4, str('a')), nla(2, b32(2)));
    const d = decodeSet(bytes);
    expect(d.word).toBe(2);
    expect(d.unknown).toEqual([expect.objectContaining({ type: 2, reason: 'duplicate' })]);
    expect(encodeSet(d).equals(bytes)).toBe(true);
  });

  it('keeps a wrong-length fixed attribute as unknown instead of guessing', () => {
    const bytes = cat(nla(2, b16(1)));
    const d = decodeSet(bytes);
    expect(d.word).toBeUndefined();
    expect(d.unknown![0]).toMatchObject({ type: 2, reason: 'length' });
    expect(encodeSet(d).equals(bytes)).toBe(true);
  });

  it('keeps an NLA_UINT of a size other than 4 or 8 as unknown, like other wrong-length types', () => {
    const bytes = cat(nla(20, hex('010203')), nla(2, b32(1)));
    const d = decodeSet(bytes);
    expect(d.wide).toBeUndefined();
    expect(d.word).toBe(1);
    expect(d.unknown![0]).toMatchObject({ type: 20, reason: 'length' });
    expect(encodeSet(d).equals(bytes)).toBe(true);
    expect(decodeSet(nla(20, b64(5n))).wide).toBe(5);
  });

  it('refuses named-array positions no attribute could hold', () => {
    expect(() => encodeSet({ conf: { unknown99999999: 1 } })).toThrow(EncodeError);
  });

  it('repeats string NUL/padding exactly as received', () => {
    const noNul = nla(4, str('abc', false));
    const extraPad = nla(4, cat(str('ab'), Buffer.alloc(3)));
    for (const bytes of [noNul, extraPad]) expect(encodeSet(decodeSet(bytes)).equals(bytes)).toBe(true);
  });

  it('decodes a sub-message after its selector even when it comes first on the wire', () => {
    const bytes = cat(nla(6, nla(1, b16(1))), nla(5, str('alpha')));
    const d = decodeSet(bytes);
    expect(d.data).toEqual({ x: 1 });
    expect(encodeSet(d).equals(bytes)).toBe(true);
    // From a plain object the selector is written first.
    const fresh = encodeSet({ data: { x: 1 }, kind: 'alpha' });
    expect(fresh.equals(cat(nla(5, str('alpha', false)), nla(6, nla(1, b16(1)))))).toBe(true);
  });

  it('decodes an unknown selector value to raw bytes and re-encodes them', () => {
    const bytes = cat(nla(5, str('beta')), nla(6, hex('01020304')));
    const d = decodeSet(bytes);
    expect(d.data).toBeInstanceOf(Uint8Array);
    expect(encodeSet(d).equals(bytes)).toBe(true);
  });

  it('names decode errors with the byte offset and attribute path', () => {
    const bad = cat(nla(12, cat(b16(40), b16(1), b32(0))));
    const err = (() => {
      try {
        decodeSet(bad);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(DecodeError);
    expect((err as DecodeError).offset).toBe(4);
    expect((err as DecodeError).path).toBe('nested');
  });

  it('rejects bad values with EncodeError naming the attribute', () => {
    expect(() => encodeSet({ byte: 300 })).toThrow(EncodeError);
    expect(() => encodeSet({ v4: '1.2.3' })).toThrow(/v4/);
    expect(() => encodeSet({ color: 'blue' })).toThrow(/COLOR_/);
    expect(() => encodeSet({ nope: 1 })).toThrow(/unknown attribute key "nope"/);
  });

  it('forgets the layout for objects built by hand (schema order, canonical lengths)', () => {
    const d = decodeSet(cat(nla(4, str('a')), nla(2, b32(1))));
    expect(getLayout(d)).toBeDefined();
    const copy = { ...d };
    expect(encodeSet(copy).equals(cat(nla(2, b32(1)), nla(4, str('a'))))).toBe(true);
  });
});

describe('messages: header + attributes', () => {
  it('round-trips a fixed header plus attributes and exposes the family to the context', () => {
    const w = new Writer(16, true);
    msg.encode(w, { header: { family: 2, kind: 1, index: -1 }, attrs: { word: 1 } }, { le: true, family: 0 });
    const bytes = Buffer.from(w.finish());
    expect(bytes.toString('hex')).toBe(cat(hex('02000100ffffffff'), nla(2, b32(1))).toString('hex'));
    const d = msg.decode(makeDecodeContext(bytes, true, true), 0, bytes.length);
    expect(d).toEqual({ header: { family: 2, kind: 1, index: -1 }, attrs: { word: 1 } });
  });

  it('resolves an offset inside the message to an attribute path', () => {
    const w = new Writer(16, true);
    msg.encode(w, { header: { family: 0, kind: 0, index: 0 }, attrs: { kind: 'alpha', data: { x: 1, y: 2 } } }, { le: true, family: 0 });
    const bytes = w.finish();
    // header 8 + kind attr (4 + 5 → 12) → data at 20, its y child at 20 + 4 + 8.
    const ctx = makeDecodeContext(bytes, true, false);
    expect(msg.pathAt(ctx, 0, bytes.length, 32)).toEqual(['data', 'y']);
    expect(msg.pathAt(ctx, 0, bytes.length, 8)).toEqual(['kind']);
  });
});

describe('fuzz: random and mutated input never escapes as TypeError/RangeError', () => {
  it('survives 20000 random mutations of the golden set', () => {
    const base = golden('le');
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let i = 0; i < 20000; i++) {
      const b = Buffer.from(base.subarray(0, Math.floor(rnd() * base.length) + 1));
      for (let k = 0; k < 3; k++) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
      try {
        const d = decodeSet(b);
        encodeSet(d);
      } catch (e) {
        if (!(e instanceof DecodeError) && !(e instanceof EncodeError)) throw e;
      }
    }
  });
});
