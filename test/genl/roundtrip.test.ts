/**
 * Round trips for every generated generic netlink family, without a kernel: for every
 * operation a request whose attribute set carries a value for each attribute (nests three
 * levels deep) is encoded as a whole message, decoded back to the same operation, and
 * re-encoded byte for byte; every attribute set alone too. Values come from the codecs
 * themselves, so each new spec is covered as soon as it is generated.
 */
import { describe, expect, it } from 'vitest';
import { HOST_LITTLE_ENDIAN } from '../../src/netlink/byteorder.js';
import { makeDecodeContext, type Codec } from '../../src/netlink/codec.js';
import { NLM_F_REQUEST } from '../../src/netlink/constants.js';
import { decode, encode } from '../../src/netlink/decode.js';
import { AttrSet, StructCodec } from '../../src/netlink/schema.js';
import { Writer } from '../../src/netlink/writer.js';
import { GenlRegistry, genlFamilies, type GenlBody, type GenlFamily } from '../../src/genl/index.js';

const SCALARS: Record<string, unknown> = {
  flag: true, string: 'x', 'string-no-nul': 'x', binary: new Uint8Array([1, 2, 3]), mac: '02:00:00:00:00:01',
  ipv4: '10.0.0.1', ipv6: 'fe80::1', address: '10.0.0.1', bitfield32: { value: 1, selector: 1 }, uint: 1, sint: -1,
};

/** A value for every attribute a codec can hold (nests down to `depth`). */
function sample(codec: Codec<any>, depth: number): unknown {
  const c = codec as Codec<any> & { target?: AttrSet<any>; element?: Codec<any>; levels?: readonly string[]; inner?: Codec<any> };
  if (codec instanceof AttrSet) return depth > 0 ? sampleSet(codec, depth - 1) : {};
  if (c.target instanceof AttrSet) return depth > 0 ? sampleSet(c.target, depth - 1) : {};
  if (codec instanceof StructCodec) {
    return Object.fromEntries(codec.fields.filter(([k]) => !k.startsWith('_')).map(([k, f]) => [k, sample(f, depth)]));
  }
  if (c.levels && c.inner) {
    let v = sample(c.inner, depth);
    for (const level of [...c.levels].reverse()) v = [{ [level]: 1, value: v }];
    return v;
  }
  if (c.element) return [sample(c.element, depth)];
  if (codec.wire in SCALARS) return SCALARS[codec.wire];
  if (codec.wire.startsWith('binary[')) return new Uint8Array(codec.size!);
  if (codec.wire.endsWith('[]')) return [codec.wire.startsWith('u64') || codec.wire.startsWith('s64') ? 1n : 1];
  if (codec.size === 8) return 1n;
  if (codec.size === 1 || codec.size === 2 || codec.size === 4) return 1;
  if (codec.sizes) return 1;
  throw new Error(`no sample for wire ${codec.wire}`);
}

function sampleSet(set: AttrSet<any>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const spec of set.specs) {
    const v = sample(spec.codec, depth);
    out[spec.key] = spec.multi ? [v, v] : v;
  }
  return out;
}

function encodeSet(set: AttrSet<any>, value: unknown): Uint8Array {
  const w = new Writer(256, HOST_LITTLE_ENDIAN);
  set.encode(w, value as Record<string, unknown>, { le: HOST_LITTLE_ENDIAN, family: 0 });
  return w.finish().slice();
}

function decodeSet(set: AttrSet<any>, bytes: Uint8Array): Record<string, unknown> {
  return set.decode(makeDecodeContext(bytes, HOST_LITTLE_ENDIAN, true), 0, bytes.length);
}

const families = Object.values(genlFamilies) as GenlFamily<any, any>[];

describe('generated families round-trip', () => {
  for (const family of families) {
    it(`${family.name}: every attribute set encodes, decodes and re-encodes byte for byte`, () => {
      for (const set of Object.values(family.sets)) {
        const bytes = encodeSet(set, sampleSet(set, 3));
        const decoded = decodeSet(set, bytes);
        expect(Buffer.from(encodeSet(set, decoded)).equals(Buffer.from(bytes)), set.name).toBe(true);
        expect(decoded.unknown, `${family.name} ${set.name}: nothing unknown`).toBeUndefined();
      }
    });

    it(`${family.name}: every request decodes to its operation and re-encodes byte for byte`, () => {
      const registry = new GenlRegistry();
      const id = 0x30;
      registry.add(family, id);
      let n = 0;
      for (const op of family.ops) {
        if (op.request === undefined) continue;
        const attrs = op.set ? sampleSet(op.set, 2) : {};
        const header: Record<string, number> = { cmd: op.request, version: family.version };
        for (const [k] of family.fixedHeader ?? []) header[k] = 7;
        const bytes = encode([{ type: id, flags: NLM_F_REQUEST, seq: 1, pid: 0, body: { header, attrs } }], registry);
        const [m] = decode(bytes, registry);
        const body = m!.body as GenlBody;
        expect(body.op, `${family.name} ${op.name}`).toBe(family.opByCmd(op.request, 'request')!.name);
        expect(m!.typeName).toBe(family.name);
        expect(Buffer.from(encode([m!], registry)).equals(Buffer.from(bytes)), op.name).toBe(true);
        n++;
      }
      expect(n).toBeGreaterThan(0);
    });

    it(`${family.name}: every reply and notification decodes to its operation and re-encodes byte for byte`, () => {
      const registry = new GenlRegistry();
      registry.add(family, 0x30);
      for (const op of family.ops) {
        if (op.reply === undefined || !op.set) continue;
        const header: Record<string, number> = { cmd: op.reply, version: family.version };
        for (const [k] of family.fixedHeader ?? []) header[k] = 7;
        const bytes = encode([{ type: 0x30, flags: 0, seq: 0, pid: 0, body: { header, op: op.name, attrs: sampleSet(op.set, 2) } }], registry);
        const [m] = decode(bytes, registry);
        expect((m!.body as GenlBody).op, `${family.name} ${op.name}`).toBe(family.opByCmd(op.reply, 'reply')!.name);
        expect(Buffer.from(encode([m!], registry)).equals(Buffer.from(bytes)), op.name).toBe(true);
      }
    });
  }

  it('wireguard set-device encodes like `wg set` (each peer and allowed IP a nest with NLA_F_NESTED)', () => {
    // The attributes of the WG_CMD_SET_DEVICE `wg set wgb private-key K listen-port 51820 fwmark
    // 0x42 peer P preshared-key S endpoint 192.0.2.1:51820 allowed-ips 10.0.0.0/24,fd00::/64
    // persistent-keepalive 25` sent (wireguard-tools 1.0.20210914, strace -xx, after genlmsghdr).
    const theirs = new Uint8Array(Buffer.from(
      '080002007767620024000300c809f3e5317e9575c9b5ed78b638b7ce530dabe85ddab614220241801ddf066906000600' +
      '6cca00000800070042000000bc000880b800008024000100c53201039adba14be71f886da1d8dbe9eebded08cb111b75' +
      '340078999aa9f038240002001690b2870b3d731c16a15e3110bb5f26f8c937ecd05513c84a59515a07a8a55114000400' +
      '0200ca6cc0000201000000000000000006000500190000000800030002000000480009801c0000800600010002000000' +
      '080002000a000000050003001800000028000080060001000a00000014000200fd000000000000000000000000000000' +
      '0500030040000000',
      'hex',
    ));
    const set = genlFamilies.wireguard.sets.wgdevice!;
    const key = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));
    const ours = {
      ifname: 'wgb',
      privateKey: key('yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk='),
      listenPort: 51820,
      fwmark: 0x42,
      peers: [{
        publicKey: key('xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg='),
        presharedKey: key('FpCyhws9cxwWoV4xELtfJvjJN+zQVRPISllRWgeopVE='),
        endpoint: new Uint8Array(Buffer.from('0200ca6cc0000201' + '00'.repeat(8), 'hex')),
        persistentKeepaliveInterval: 25,
        flags: ['replace-allowedips'],
        allowedips: [{ family: 2, ipaddr: '10.0.0.0', cidrMask: 24 }, { family: 10, ipaddr: 'fd00::', cidrMask: 64 }],
      }],
    };
    expect(decodeSet(set, theirs)).toEqual(ours);
    // Walk what we send: every nest, the array children included, carries NLA_F_NESTED, as the
    // kernel's nla_parse_nested() (wg_set_device, set_peer) requires; the rest equals wg's bytes
    // but for the children's index (wg: 0, ours from 1) and the attribute order within a peer.
    const mine = encodeSet(set, ours);
    // Paths of nests (walked into) and of arrays (children's index shown as *): peers (8), each
    // peer (8.*), its allowed IPs (8.*.9), each allowed IP (8.*.9.*).
    const arrays = new Set(['8', '8.*.9']);
    const nests = new Set(['8', '8.*', '8.*.9', '8.*.9.*']);
    const tree = (b: Uint8Array, path = ''): string[] => {
      const out: string[] = [];
      const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
      for (let p = 0; p + 4 <= b.length; ) {
        const len = v.getUint16(p, true);
        const raw = v.getUint16(p + 2, true);
        const key = `${path}${path ? '.' : ''}${arrays.has(path) ? '*' : raw & 0x3fff}`;
        const payload = b.subarray(p + 4, p + len);
        out.push(`${key} ${raw & 0x8000 ? 'N' : '-'} ${nests.has(key) ? len : Buffer.from(payload).toString('hex')}`);
        if (nests.has(key)) out.push(...tree(payload, key));
        p += (len + 3) & ~3;
      }
      return out.sort();
    };
    expect(tree(mine)).toEqual(tree(theirs));
    const flagged = tree(mine).filter((l) => nests.has(l.split(' ')[0]!));
    expect(flagged.length).toBe(5);
    expect(flagged.every((l) => l.split(' ')[1] === 'N')).toBe(true);
  });

  it('a reply decodes by the reply command (ethtool: 18 is channels-get\'s reply, channels-set\'s request)', () => {
    const registry = new GenlRegistry();
    registry.add(genlFamilies.ethtool as GenlFamily<any, any>, 0x15);
    const body = { header: { cmd: 18, version: 1 }, attrs: { header: { devName: 'va' }, rxCount: 1 } };
    const asReply = decode(encode([{ type: 0x15, flags: 0, seq: 1, pid: 0, body }], registry), registry)[0]!.body as GenlBody;
    const asRequest = decode(encode([{ type: 0x15, flags: NLM_F_REQUEST, seq: 1, pid: 0, body }], registry), registry)[0]!.body as GenlBody;
    expect([asReply.op, asRequest.op]).toEqual(['channels-get', 'channels-set']);
  });
});
