import { describe, expect, it } from 'vitest';
import { decode, decodeLenient, encode } from '../../src/netlink/decode.js';
import { DecodeError, NetlinkError, errnoName, strerror } from '../../src/netlink/errors.js';
import { splitMessages } from '../../src/netlink/message.js';
import { flagNames } from '../../src/netlink/constants.js';
import { cat, nla, nlmsg, pad4, s32, str, u32 } from '../support/bytes.js';

const G = 99;

describe('nlmsghdr framing', () => {
  it('encodes host byte order, and big-endian when forced', () => {
    for (const e of ['le', 'be'] as const) {
      const expected = nlmsg(0x20, 0x301, 7, 9, u32(0xabcd, e), e);
      const got = encode({ type: 0x20, flags: 0x301, seq: 7, pid: 9, body: new Uint8Array(u32(0xabcd, e)) }, undefined, { littleEndian: e === 'le' });
      expect(Buffer.from(got).toString('hex')).toBe(expected.toString('hex'));
      const [m] = decode(got, undefined, { littleEndian: e === 'le' });
      expect(m).toMatchObject({ type: 0x20, flags: 0x301, seq: 7, pid: 9, length: 20 });
    }
  });

  it('stops cleanly at trailing zero padding (iproute2 dump requests)', () => {
    const bytes = cat(nlmsg(0x1a, 0x301, 1, 0, Buffer.alloc(12)), Buffer.alloc(128));
    expect(splitMessages(bytes, true)).toHaveLength(1);
  });

  it('splits several messages and aligns each to 4', () => {
    const bytes = cat(nlmsg(0x20, 0, 1, 0, Buffer.from([1, 0, 0, 0])), nlmsg(0x21, 0, 2, 0, Buffer.alloc(0)));
    expect(splitMessages(bytes, true).map((m) => m.type)).toEqual([0x20, 0x21]);
  });

  it('reports malformed framing with the byte offset', () => {
    const good = nlmsg(0x20, 0, 1, 0, Buffer.alloc(4));
    const cases: Array<[Buffer, number]> = [
      [cat(good, Buffer.from([1, 2, 3])), 20],
      [cat(good, nlmsg(0x20, 0, 1, 0, Buffer.alloc(8)).subarray(0, 18)), 20],
      [cat(u32(8), Buffer.alloc(12)), 0],
    ];
    for (const [bytes, offset] of cases) {
      const err = (() => { try { splitMessages(bytes, true); } catch (e) { return e; } })() as DecodeError;
      expect(err).toBeInstanceOf(DecodeError);
      expect(err.offset).toBe(offset);
    }
  });

  it('lenient decoding keeps the good messages before a bad one', () => {
    const good = nlmsg(2, 0x100, 1, 0, cat(s32(0), nlmsg(16, 5, 1, 0, Buffer.alloc(0))));
    const badBody = pad4(nlmsg(2, 0, 2, 0, Buffer.alloc(3)));
    const results = decodeLenient(cat(good, badBody, good), undefined);
    expect(results.map((r) => (r.error ? 'error' : r.message!.typeName))).toEqual(['NLMSG_ERROR', 'error', 'NLMSG_ERROR']);
  });

  it('decodes NLMSG_ERROR with capped echo and extack TLVs, and re-encodes it', () => {
    const request = nlmsg(16, 0x605, 5, 0, Buffer.alloc(16));
    const extack = cat(nla(1, str('Unknown device type')), nla(2, u32(32)));
    const bytes = nlmsg(2, 0x200, 5, 77, cat(s32(-95), request, extack));
    const [m] = decode(bytes, undefined);
    expect(m!.typeName).toBe('NLMSG_ERROR');
    expect(m!.flagNames).toEqual(['ACK_TLVS']);
    expect(m!.body).toMatchObject({ error: -95, request: { type: 16, flags: 0x605, seq: 5 }, extack: { msg: 'Unknown device type', offs: 32 } });
    expect(Buffer.from(encode(m!, undefined)).equals(bytes)).toBe(true);
  });

  it('names flags by request kind', () => {
    expect(flagNames(0x301, 'get')).toEqual(['REQUEST', 'ROOT', 'MATCH']);
    expect(flagNames(0x605, 'new')).toEqual(['REQUEST', 'ACK', 'EXCL', 'CREATE']);
  });
});

describe('errors', () => {
  it('maps errno numbers to names and glibc texts', () => {
    expect(errnoName(17)).toBe('EEXIST');
    expect(errnoName(95)).toBe('EOPNOTSUPP');
    expect(strerror(17)).toBe('File exists');
    const e = new NetlinkError(17);
    expect(e.iproute2Message).toBe('RTNETLINK answers: File exists');
    expect(e.message).toBe('EEXIST: File exists');
  });
});
