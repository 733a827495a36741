/**
 * Audit regressions for the decode paths: empty and odd-length payloads, control messages with
 * bogus lengths, the deepest nesting a datagram can hold. Whatever the input: a typed error or a
 * value that re-encodes to the same bytes.
 */
import { describe, expect, it } from 'vitest';
import { DecodeError, decode, decodeLenient, encode } from '../../src/index.js';
import { makeDecodeContext } from '../../src/netlink/codec.js';
import { attrs } from '../../src/netlink/schema.js';
import { address, arrayOf, mac, namedArray, u16, u32, uint } from '../../src/netlink/types.js';
import { Writer } from '../../src/netlink/writer.js';
import { cat, nla, nlmsg, s32, str, u32 as u32b } from '../support/bytes.js';
import { rtnetlink } from '../../src/rtnl/family.js';

const RTM_NEWLINK = 16;
const RTM_NEWNEIGH = 28;
const NLMSG_ERROR = 2;
const NLMSG_DONE = 3;

function roundTrip(bytes: Buffer): void {
  const messages = decode(bytes, rtnetlink, { littleEndian: true });
  expect(Buffer.from(encode(messages, rtnetlink, { littleEndian: true })).toString('hex')).toBe(bytes.toString('hex'));
}

describe('audit: empty and odd-length payloads', () => {
  it('an empty NDA_LLADDR decodes to "" and re-encodes to the same bytes', () => {
    const ndmsg = Buffer.alloc(12);
    ndmsg[0] = 2; // AF_INET
    const bytes = nlmsg(RTM_NEWNEIGH, 0, 1, 0, cat(ndmsg, nla(1, Buffer.from([10, 0, 0, 1])), nla(2, Buffer.alloc(0))));
    const [m] = decode(bytes, rtnetlink, { littleEndian: true });
    expect((m!.body as { attrs: { lladdr?: string } }).attrs.lladdr).toBe('');
    roundTrip(bytes);
    // Without the recorded layout too.
    const w = new Writer(64, true);
    mac.encode(w, '', { le: true, family: 0 }, undefined, undefined);
    expect(w.pos).toBe(0);
  });

  it('an empty IFLA_ADDRESS / IFLA_BROADCAST round-trips', () => {
    const ifi = Buffer.alloc(16);
    const bytes = nlmsg(RTM_NEWLINK, 0, 1, 0, cat(ifi, nla(3, str('x')), nla(1, Buffer.alloc(0)), nla(2, Buffer.alloc(0))));
    roundTrip(bytes);
  });

  it('the address codec: 0 and 8 bytes (link-layer, not IPv6) round-trip', () => {
    const set = attrs('T_', { a: [1, 'A', address] });
    for (const payload of [Buffer.alloc(0), Buffer.from('0011223344556677', 'hex'), Buffer.from('0a0b', 'hex')]) {
      const bytes = nla(1, payload);
      const ctx = makeDecodeContext(bytes, true, true);
      const v = set.decode(ctx, 0, bytes.length);
      const w = new Writer(64, true);
      set.encode(w, v, { le: true, family: 0 });
      expect(Buffer.from(w.finish()).toString('hex'), JSON.stringify(v)).toBe(bytes.toString('hex'));
    }
  });

  it('uint of an odd size, arrays of non-multiples: DecodeError, never TypeError/RangeError', () => {
    for (const len of [0, 1, 3, 5, 7, 9]) {
      const ctx = makeDecodeContext(new Uint8Array(16), true, false);
      expect(() => uint.decode(ctx, 0, len, undefined)).toThrow(DecodeError);
    }
    const ctx = makeDecodeContext(new Uint8Array(16), true, false);
    expect(() => arrayOf(u32).decode(ctx, 0, 6, undefined)).toThrow(DecodeError);
    expect(() => namedArray(u16, ['a', 'b']).decode(ctx, 0, 3, undefined)).toThrow(DecodeError);
    expect(namedArray(u16, ['a']).decode(ctx, 0, 0, undefined)).toEqual({});
  });
});

describe('audit: control messages', () => {
  it('NLMSG_DONE with 1..3 payload bytes is a DecodeError (a truncated status is not success); 0 bytes is status 0', () => {
    for (const n of [1, 2, 3]) {
      expect(() => decode(nlmsg(NLMSG_DONE, 2, 1, 0, Buffer.alloc(n, 0xff)), rtnetlink, { littleEndian: true })).toThrow(DecodeError);
      const lenient = decodeLenient(nlmsg(NLMSG_DONE, 2, 1, 0, Buffer.alloc(n, 0xff)), rtnetlink, { littleEndian: true });
      expect(lenient[0]!.error).toBeInstanceOf(DecodeError);
    }
    expect(decode(nlmsg(NLMSG_DONE, 2, 1, 0, Buffer.alloc(0)), rtnetlink, { littleEndian: true })[0]!.body).toEqual({ status: 0 });
  });

  it('NLMSG_ERROR whose echoed length is bogus: DecodeError, or no payload when it is below a header', () => {
    const hdr = (len: number) => cat(u32b(len), Buffer.from([18, 0, 1, 0]), u32b(7), u32b(0));
    for (const len of [0xffffffff, 0x7fffffff, 17 + 64]) {
      expect(() => decode(nlmsg(NLMSG_ERROR, 0, 7, 0, cat(s32(-22), hdr(len))), rtnetlink, { littleEndian: true })).toThrow(DecodeError);
    }
    for (const len of [0, 1, 15, 16]) {
      const [m] = decode(nlmsg(NLMSG_ERROR, 0, 7, 0, cat(s32(-22), hdr(len))), rtnetlink, { littleEndian: true });
      expect((m!.body as { requestPayload?: Uint8Array }).requestPayload).toBeUndefined();
    }
    // Too short to hold the echoed header.
    expect(() => decode(nlmsg(NLMSG_ERROR, 0, 7, 0, s32(-22)), rtnetlink, { littleEndian: true })).toThrow(DecodeError);
  });
});

describe('audit: deep nesting', () => {
  const ifi = Buffer.alloc(16);
  /** veth-in-veth: IFLA_LINKINFO { KIND "veth", DATA { VETH_INFO_PEER { ifinfomsg, IFLA_LINKINFO ... } } }. */
  function nested(levels: number): { bytes: Buffer; levels: number } {
    let inner: Buffer = Buffer.alloc(0);
    let n = 0;
    // 36 bytes a level; the outermost nest's nla_len (16 bits) bounds the whole.
    while (n < levels && inner.length + 36 <= 0xffff) {
      inner = nla(18, cat(nla(1, str('veth', false)), nla(2, nla(1, cat(ifi, inner)))));
      n++;
    }
    return { bytes: nlmsg(RTM_NEWLINK, 0, 1, 0, cat(ifi, inner)), levels: n };
  }

  it('realistic nesting (10 veth peers deep) decodes and re-encodes byte for byte', () => {
    roundTrip(nested(10).bytes);
  });

  it('the deepest nesting 64 KiB can hold is a short DecodeError, never a stack overflow', () => {
    const { bytes, levels } = nested(Infinity);
    expect(levels).toBeGreaterThan(1500);
    let err: unknown;
    try {
      decode(bytes, rtnetlink, { littleEndian: true });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DecodeError);
    expect((err as Error).message).toContain('nested deeper than');
    expect((err as Error).message).not.toContain('call stack');
    expect((err as Error).message.length).toBeLessThan(2000);
    // The lenient decoder reports it and goes on with the next message.
    const two = Buffer.concat([bytes, nlmsg(NLMSG_DONE, 2, 1, 0, s32(0))]);
    const results = decodeLenient(two, rtnetlink, { littleEndian: true });
    expect(results[0]!.error).toBeInstanceOf(DecodeError);
    expect(results[1]!.message?.body).toEqual({ status: 0 });
  });

  it('a nest cut short anywhere is a DecodeError', () => {
    const { bytes } = nested(10);
    for (const cut of [40, 100, bytes.length - 3]) {
      const b = Buffer.from(bytes.subarray(0, cut));
      b.writeUInt32LE(cut, 0);
      expect(() => decode(b, rtnetlink, { littleEndian: true })).toThrow(DecodeError);
    }
  });
});
