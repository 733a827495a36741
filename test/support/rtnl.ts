/**
 * Shared scaffolding of the rtnetlink codec tests: fixture message bodies by type, decode and
 * encode of a body codec, hex, and a walk that finds every `unknown` attribute in a decoded value.
 */
import { makeDecodeContext, type Codec, type UnknownAttr } from '../../src/netlink/codec.js';
import { splitMessages } from '../../src/netlink/message.js';
import { Writer } from '../../src/netlink/writer.js';
import { bytesOf, loadFixtures } from './fixtures.js';

/** One message of an iproute2 capture, its body bytes (after the 16-byte nlmsghdr) as a view. */
export interface FixtureMessage {
  file: string;
  cmd: number;
  command: string;
  dir: 'request' | 'response';
  type: number;
  flags: number;
  bytes: Uint8Array;
}

/** Every message of the given nlmsg types in every iproute2 capture. */
export function fixtureMessages(types: ReadonlySet<number>): FixtureMessage[] {
  const out: FixtureMessage[] = [];
  for (const f of loadFixtures()) {
    for (const e of f.exchanges) {
      const buf = bytesOf(e);
      for (const m of splitMessages(buf, true)) {
        if (!types.has(m.type)) continue;
        out.push({
          file: f.file,
          cmd: e.cmd,
          command: f.commands[e.cmd] ?? '',
          dir: e.dir,
          type: m.type,
          flags: m.flags,
          bytes: buf.subarray(m.offset + 16, m.offset + m.length),
        });
      }
    }
  }
  return out;
}

/** Decode a whole body with `codec` (layout kept, for byte-exact re-encoding). */
export function decodeBody<T>(codec: Codec<T>, bytes: Uint8Array, le = true, keepLayout = true): T {
  return codec.decode(makeDecodeContext(bytes, le, keepLayout), 0, bytes.length, undefined);
}

/** Encode a body with `codec`. */
export function encodeBody<T>(codec: Codec<T>, body: T, le = true): Uint8Array {
  const w = new Writer(256, le);
  codec.encode(w, body, { le, family: 0 }, undefined, undefined);
  return w.finish();
}

export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
export const fromHex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h.replace(/\s+/g, ''), 'hex'));

/** Every `unknown` attribute anywhere in a decoded value, with its path. */
export function unknownsIn(value: unknown, path = '', out: Array<{ path: string; u: UnknownAttr }> = []): Array<{ path: string; u: UnknownAttr }> {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return out;
  if (Array.isArray(value)) {
    value.forEach((v, i) => unknownsIn(v, `${path}[${i}]`, out));
    return out;
  }
  for (const [k, v] of Object.entries(value)) {
    if (k === 'unknown' && Array.isArray(v)) for (const u of v as UnknownAttr[]) out.push({ path, u });
    else unknownsIn(v, path ? `${path}.${k}` : k, out);
  }
  return out;
}
