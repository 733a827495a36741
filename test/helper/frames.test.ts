import { describe, expect, it } from 'vitest';
import { DecodeError, HelperError } from '../../src/netlink/errors.js';
import { encodeFrame, FRAME_MAX, FrameDecoder, Op, type Frame } from '../../src/netlink/transport/frames.js';

function decodeAll(chunks: Uint8Array[]): Frame[] {
  const d = new FrameDecoder();
  const out: Frame[] = [];
  for (const c of chunks) d.push(c, (f) => out.push({ ...f, payload: new Uint8Array(f.payload) }));
  expect(d.pendingBytes).toBe(0);
  return out;
}

describe('frame encoding', () => {
  it('writes a little-endian 16-byte header', () => {
    const f = encodeFrame(Op.OPEN, 7, 0x01020304, Uint8Array.of(9, 8, 7));
    expect([...f]).toEqual([19, 0, 0, 0, 2, 0, 0, 0, 7, 0, 0, 0, 4, 3, 2, 1, 9, 8, 7]);
  });
  it('concatenates payload parts', () => {
    const f = encodeFrame(Op.SEND, 1, 2, [Uint8Array.of(1), Uint8Array.of(2, 3)]);
    expect(f.length).toBe(19);
    expect([...f.subarray(16)]).toEqual([1, 2, 3]);
  });
  it('rejects an oversized frame', () => {
    expect(() => encodeFrame(Op.SEND, 1, 1, new Uint8Array(FRAME_MAX))).toThrow(HelperError);
  });
});

describe('FrameDecoder', () => {
  const frames = [
    encodeFrame(Op.OK, 0, 1, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8)),
    encodeFrame(Op.DATA, 3, 0, new Uint8Array(100).map((_, i) => i)),
    encodeFrame(Op.ENOBUFS, 3, 0),
    encodeFrame(Op.ERR, 0, 9, Uint8Array.of(17, 0, 0, 0, 0x68, 0x69)),
  ];
  const stream = Buffer.concat(frames);

  function expectFrames(got: Frame[]): void {
    expect(got.map((f) => [f.op, f.chan, f.tag, f.payload.length])).toEqual([
      [Op.OK, 0, 1, 8],
      [Op.DATA, 3, 0, 100],
      [Op.ENOBUFS, 3, 0, 0],
      [Op.ERR, 0, 9, 6],
    ]);
    expect(got[1]!.payload[99]).toBe(99);
  }

  it('decodes coalesced frames from one chunk as views (no copy)', () => {
    const d = new FrameDecoder();
    const got: Frame[] = [];
    d.push(stream, (f) => got.push(f));
    expectFrames(got);
    expect(got[1]!.payload.buffer).toBe(stream.buffer);
  });

  it('decodes every possible two-way split', () => {
    for (let i = 0; i <= stream.length; i++) expectFrames(decodeAll([stream.subarray(0, i), stream.subarray(i)]));
  });

  it('decodes byte-by-byte and random chunkings', () => {
    expectFrames(decodeAll([...stream].map((b) => Uint8Array.of(b))));
    for (let trial = 0; trial < 50; trial++) {
      const chunks: Uint8Array[] = [];
      let off = 0;
      while (off < stream.length) {
        const n = 1 + Math.floor(Math.random() * 40);
        chunks.push(stream.subarray(off, off + n));
        off += n;
      }
      expectFrames(decodeAll(chunks));
    }
  });

  it('keeps an incomplete frame pending', () => {
    const d = new FrameDecoder();
    const got: Frame[] = [];
    d.push(stream.subarray(0, 30), (f) => got.push(f));
    expect(got.length).toBe(1);
    expect(d.pendingBytes).toBe(6);
  });

  it('fails with HelperError on an impossible length and stays failed', () => {
    const d = new FrameDecoder();
    const bad = Uint8Array.of(3, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    expect(() => d.push(bad, () => {})).toThrow(HelperError);
    expect(() => d.push(stream, () => {})).toThrow(HelperError);
    const huge = new Uint8Array(16);
    new DataView(huge.buffer).setUint32(0, FRAME_MAX + 1, true);
    expect(() => new FrameDecoder().push(huge, () => {})).toThrow(/impossible frame length/);
  });

  it('detects a bad length split across chunks', () => {
    const d = new FrameDecoder();
    d.push(Uint8Array.of(5, 0), () => {});
    expect(() => d.push(Uint8Array.of(0, 0, 1, 0), () => {})).toThrow(HelperError);
  });

  it('fails with DecodeError on reserved flags', () => {
    const f = encodeFrame(Op.OK, 0, 1);
    f[6] = 1;
    expect(() => new FrameDecoder().push(f, () => {})).toThrow(DecodeError);
  });
});
