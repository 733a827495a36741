/**
 * Fuzzing the decoders: mutated real datagrams and random bodies for every message type in the
 * rtnetlink registry. Whatever the input, decode() either succeeds or throws DecodeError, and
 * what it decodes re-encodes (or throws EncodeError): never TypeError/RangeError, never a hang.
 */
import { describe, expect, it } from 'vitest';
import { DecodeError, EncodeError, decode, decodeLenient, encode, familyFor } from '../../src/index.js';
import { bytesOf, loadFixtures } from '../support/fixtures.js';
import { nlmsg } from '../support/bytes.js';

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

describe('fuzz: mutated fixture datagrams', () => {
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
