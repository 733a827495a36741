/**
 * Fuzzing the decoders: mutated real datagrams and random bodies for every message type in the
 * rtnetlink registry. Whatever the input, decode() either succeeds or throws DecodeError, and
 * what it decodes re-encodes (or throws EncodeError): never TypeError/RangeError, never a hang.
 */
import { describe, expect, it } from 'vitest';
import { DecodeError, EncodeError, decode, decodeLenient, encode, familyFor } from '../../src/index.js';
import { HAVE_SHARED_FIXTURES, bytesOf, loadFixtures } from '../support/fixtures.js';
import { nla, nlmsg } from '../support/bytes.js';

let seed = 0x2545f491;
function rnd(n: number): number {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) % n;
}

function mutate(input: Uint8Array): Uint8Array {
  const b = Uint8Array.from(input);
  const kind = rnd(4);
  if (kind === 0) return b.subarray(0, rnd(b.length + 1)); // truncate
  const flips = 1 + rnd(4);
  for (let i = 0; i < flips; i++) {
    const at = rnd(b.length);
    if (kind === 1) b[at] = rnd(256);
    else if (kind === 2) b[at] = b[at]! ^ (1 << rnd(8));
    else b[at] = [0, 1, 3, 4, 0xff, 0x80][rnd(6)]!; // lengths that trip parsers
  }
  return b;
}

function check(bytes: Uint8Array): void {
  let messages;
  try {
    messages = decode(bytes, { littleEndian: true });
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    // The lenient decoder must not throw at all.
    decodeLenient(bytes, { littleEndian: true });
    return;
  }
  try {
    encode(messages, { littleEndian: true });
  } catch (e) {
    if (!(e instanceof EncodeError)) throw e;
  }
}

describe.skipIf(!HAVE_SHARED_FIXTURES)('fuzz: mutated fixture datagrams', () => {
  const corpus = loadFixtures().flatMap((f) => f.exchanges.map(bytesOf));
  it(`survives 30000 mutations of ${corpus.length} real datagrams`, () => {
    for (let i = 0; i < 30000; i++) check(mutate(corpus[rnd(corpus.length)]!));
  });
});

describe('fuzz: random bodies for every registered message type', () => {
  const family = familyFor(0)!;
  it('has the rtnetlink registry', () => expect(family.messages.size).toBeGreaterThan(10));
  for (const [type, spec] of family.messages) {
    it(`${spec.name}: random payloads`, () => {
      for (let i = 0; i < 400; i++) {
        const len = rnd(120);
        const body = Buffer.alloc(len);
        for (let k = 0; k < len; k++) body[k] = rnd(4) === 0 ? rnd(256) : [0, 4, 8, 1, 2][rnd(5)]!;
        check(new Uint8Array(nlmsg(type, 0, 1, 0, body)));
      }
    });
  }
});

/**
 * Repeated attributes (`pure-ip decode` reads untrusted captures): each repeat of a
 * single-valued attribute demotes the previous copy to `unknown`, and that must cost O(1), not
 * a rescan of the set (1 MiB of repeated IFLA_MTU took 56 s when it did).
 */
describe('fuzz: repeated attributes decode in linear time', () => {
  const RTM_NEWLINK = 16;
  const IFLA_MTU = 4;
  const IFLA_IFNAME = 3;
  const IFLA_LINKINFO = 18;
  const IFLA_INFO_KIND = 1;
  /** An RTM_NEWLINK of about `bytes` bytes made of `unit` repeated. */
  function repeated(bytes: number, unit: (i: number) => Buffer): Uint8Array {
    const parts: Buffer[] = [Buffer.alloc(16)]; // struct ifinfomsg
    let size = 16;
    for (let i = 0; size < bytes; i++) {
      const u = unit(i);
      parts.push(u);
      size += u.length;
    }
    return new Uint8Array(nlmsg(RTM_NEWLINK, 0, 1, 0, Buffer.concat(parts)));
  }
  const u32le = (v: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v >>> 0);
    return b;
  };
  const cases: Array<[string, number, (i: number) => Buffer]> = [
    ['IFLA_MTU repeated', 1 << 20, (i) => nla(IFLA_MTU, u32le(i))],
    ['IFLA_MTU and IFLA_IFNAME interleaved', 1 << 19, (i) => (i % 2 ? nla(IFLA_MTU, u32le(i)) : nla(IFLA_IFNAME, Buffer.from(`e${i % 1000}\0`)))],
    ['IFLA_LINKINFO (a nest, decoded after the set) repeated', 1 << 19, (i) => nla(IFLA_LINKINFO, nla(IFLA_INFO_KIND, Buffer.from(i % 2 ? 'veth' : 'bridge')))],
  ];
  for (const [name, size, unit] of cases) {
    it(`${name}: ${size >> 10} KiB decode in well under a second of CPU, last copy wins, bytes survive`, () => {
      const bytes = repeated(size, unit);
      const start = process.cpuUsage();
      const [m] = decode(bytes, { littleEndian: true });
      const used = process.cpuUsage(start);
      const ms = (used.user + used.system) / 1000;
      const body = m!.body as { attrs: { unknown?: { reason?: string }[] } };
      expect(body.attrs.unknown!.length).toBeGreaterThan(size / 32);
      expect(body.attrs.unknown!.every((u) => u.reason === 'duplicate')).toBe(true);
      expect(Buffer.compare(Buffer.from(encode([m!], { littleEndian: true })), Buffer.from(bytes))).toBe(0);
      // Quadratic took minutes here; linear takes a few hundred ms even on a loaded machine.
      expect(ms).toBeLessThan(1500);
    });
  }
  it('the last copy wins, earlier ones keep their place as duplicates', () => {
    const bytes = repeated(16 + 8 * 5, (i) => nla(IFLA_MTU, u32le(1000 + i)));
    const [m] = decode(bytes, { littleEndian: true });
    const attrs = (m!.body as { attrs: { mtu?: number; unknown?: { bytes: Uint8Array }[] } }).attrs;
    expect(attrs.mtu).toBe(1004);
    expect(attrs.unknown!.map((u) => Buffer.from(u.bytes).readUInt32LE())).toEqual([1000, 1001, 1002, 1003]);
  });
});
