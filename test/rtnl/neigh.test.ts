/**
 * Neighbours and neighbour tables: the capture's RTM_DELNEIGH, golden bytes, kernel-shaped
 * messages, big-endian, malformed input.
 */
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../src/netlink/errors.js';
import { splitMessages } from '../../src/netlink/message.js';
import { AF_INET, AF_INET6, RTM_DELNEIGH, RTM_GETNEIGH, RTM_GETNEIGHTBL } from '../../src/rtnl/constants.js';
import type { NeighMessage, NeighTableMessage } from '../../src/rtnl/neigh/index.js';
import {
  neighAdd,
  neighChange,
  neighDelete,
  neighDump,
  neighMessage,
  neighReplace,
  neighTableDump,
  neighTableMessage,
  neighTableSet,
} from '../../src/rtnl/neigh/index.js';
import { bytesOf, loadFixtures } from '../support/fixtures.js';
import { decodeBody, encodeBody, fromHex, hex } from '../support/rtnl.js';


const decode = (bytes: Uint8Array, le = true): NeighMessage => decodeBody(neighMessage, bytes, le);
const encode = (body: NeighMessage, le = true): Uint8Array => encodeBody(neighMessage, body, le);
const decodeTbl = (bytes: Uint8Array, le = true): NeighTableMessage => decodeBody(neighTableMessage, bytes, le);
const encodeTbl = (body: NeighTableMessage, le = true): Uint8Array => encodeBody(neighTableMessage, body, le);

const fixtures = loadFixtures();
const messages = fixtures.flatMap((f) =>
  f.exchanges.flatMap((e) => {
    const buf = bytesOf(e);
    return splitMessages(buf, true)
      .filter((m) => m.type >= 28 && m.type <= 30 || m.type === 64 || m.type === 66)
      .map((m) => ({ command: f.commands[e.cmd] ?? '', dir: e.dir, type: m.type, flags: m.flags, bytes: buf.subarray(m.offset + 16, m.offset + m.length) }));
  }),
);

describe('neighbour messages in the iproute2 captures', () => {
  it('decode, re-encode byte for byte, and the builder gives the same request', () => {
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) {
      const body = decode(m.bytes);
      expect(hex(encode(body))).toBe(hex(m.bytes));
      expect(body.attrs.unknown).toBeUndefined();
    }
    const del = messages.find((m) => m.type === RTM_DELNEIGH && m.command.endsWith('neigh del 192.0.2.99 dev v0'))!;
    const sent = decode(del.bytes);
    expect(sent).toEqual({
      header: { family: AF_INET, ifindex: sent.header.ifindex, state: ['PERMANENT'], flags: [], type: 'unspec' },
      attrs: { dst: '192.0.2.99' },
    });
    const req = neighDelete({ dst: '192.0.2.99', dev: sent.header.ifindex });
    expect(req.type).toBe(RTM_DELNEIGH);
    expect(req.flags).toBe(del.flags);
    expect(hex(encode(req.body))).toBe(hex(del.bytes));
  });
});

describe('neighbour builders and codecs', () => {
  it('golden bytes: ip neigh add 192.0.2.5 lladdr 02:00:00:00:00:05 nud reachable router dev 3', () => {
    const req = neighAdd({ dst: '192.0.2.5', lladdr: '02:00:00:00:00:05', state: ['REACHABLE'], router: true, dev: 3 });
    expect(req.flags).toBe(0x605);
    expect(hex(encode(req.body))).toBe(
      '02000000' + '03000000' + '0200' + '80' + '00' + // family, pad, ifindex 3, NUD_REACHABLE, NTF_ROUTER, type 0
        '08000100' + 'c0000205' + // NDA_DST
        '0a000200' + '020000000005' + '0000', // NDA_LLADDR
    );
    expect(neighReplace({ dst: '2001:db8::5', dev: 3 }).flags).toBe(0x505);
    expect(neighChange({ dst: '2001:db8::5', dev: 3 }).flags).toBe(0x105);
    expect(neighAdd({ dst: '10.0.0.1', dev: 2, proxy: true }).body.header.flags).toEqual(['proxy']);
  });

  it('a kernel-shaped RTM_NEWNEIGH: cacheinfo, probes, flags, round trip', () => {
    const bytes = fromHex(
      '0a000000 02000000 0400 82 00' + // AF_INET6, ifindex 2, STALE, NTF_SELF|NTF_ROUTER
        '14000100 fe800000000000000000000000000001' +
        '0a000200 aabbccddeeff 0000' +
        '14000300 0a000000 14000000 1e000000 01000000' + // confirmed used updated refcnt
        '08000400 03000000' + // probes
        '05000c00 10 000000' + // protocol dhcp
        '08000f00 01000000', // flags_ext managed
    );
    const body = decode(bytes);
    expect(body).toEqual({
      header: { family: AF_INET6, ifindex: 2, state: ['STALE'], flags: ['self', 'router'], type: 'unspec' },
      attrs: {
        dst: 'fe80::1',
        lladdr: 'aa:bb:cc:dd:ee:ff',
        cacheinfo: { confirmed: 10, used: 20, updated: 30, refcnt: 1 },
        probes: 3,
        protocol: 'dhcp',
        flagsExt: ['managed'],
      },
    });
    expect(hex(encode(body))).toBe(hex(bytes));
    const be = encode(body, false);
    expect(decode(be, false)).toEqual(body);
  });

  it('dump request and client-side match', () => {
    const d = neighDump({ family: AF_INET, dev: 4 });
    expect(d.request.type).toBe(RTM_GETNEIGH);
    expect(d.request.flags).toBe(0x301);
    expect(hex(encode(d.request.body))).toBe('02000000' + '00000000' + '0000' + '00' + '00' + '08000800' + '04000000');
    const hit = neighAdd({ dst: '10.0.0.1', dev: 4 }).body;
    const miss = neighAdd({ dst: '10.0.0.1', dev: 5 }).body;
    expect(d.match(hit)).toBe(true);
    expect(d.match(miss)).toBe(false);
    expect(neighDump({ state: ['REACHABLE'] }).match(hit)).toBe(false);
    expect(neighDump({ proxy: true }).match(neighAdd({ dst: '10.0.0.1', dev: 4, proxy: true }).body)).toBe(true);
  });

  it('neighbour tables: RTM_NEWNEIGHTBL with config, parms and stats', () => {
    const cfg = '24000500 0400 2000 05000000 10000000 20000000 aabbccdd 0f000000 00000000 00000000';
    const parms =
      '28000600' + '08000100 00000000' + '0c000300 30750000 00000000' + '08000800 00000100' + '08000a00 03000000';
    const stats = '5c000700' + Array.from({ length: 11 }, (_, i) => (i + 1).toString(16).padStart(2, '0') + '00000000000000').join('');
    const name = '0e000100' + '6172705f636163686500' + '0000'; // "arp_cache\0"
    const bytes = fromHex('02000000' + name + '08000200 80000000' + cfg + parms + stats + '0c000800 30750000 00000000');
    const body = decodeTbl(bytes);
    expect(body.attrs.name).toBe('arp_cache');
    expect(body.attrs.thresh1).toBe(128);
    expect(body.attrs.config).toMatchObject({ keyLen: 4, entrySize: 32, entries: 5, hashRnd: 0xddccbbaa, hashMask: 15 });
    expect(body.attrs.parms).toEqual({ ifindex: 0, reachableTime: 30000n, queueLen: 65536, ucastProbes: 3 });
    expect(body.attrs.stats?.allocs).toBe(1n);
    expect(body.attrs.stats?.tableFulls).toBe(11n);
    expect(body.attrs.gcInterval).toBe(30000n);
    expect(body.attrs.unknown).toBeUndefined();
    expect(hex(encodeTbl(body))).toBe(hex(bytes));
    expect(decodeTbl(encodeTbl(body, false), false)).toEqual(body);
    const dump = neighTableDump({ family: AF_INET, name: 'arp_cache' });
    expect(dump.request.type).toBe(RTM_GETNEIGHTBL);
    expect(hex(encodeTbl(dump.request.body))).toBe('02000000');
    expect(dump.match(body)).toBe(true);
    const set = neighTableSet({ name: 'arp_cache', thresh1: 256, parms: { ifindex: 0, baseReachableTime: 60000n } });
    expect(set.type).toBe(67);
    expect(decodeTbl(encodeTbl(set.body))).toEqual(set.body);
  });

  it('malformed input gives DecodeError', () => {
    for (const h of [
      '0200000003',
      '0200000003000000020000' + '0c000300 00000000', // short nda_cacheinfo
      '020000000300000002000000' + '0c000100 c0000205', // NDA_DST overruns
    ]) {
      let err: unknown;
      try {
        decode(fromHex(h));
      } catch (e) {
        err = e;
      }
      expect(err, h).toBeInstanceOf(DecodeError);
    }
  });
});
