/**
 * src/genl/json.ts: attributes to the spec's JSON and back, each value converted by the type its
 * YNL spec gives the attribute or struct member (binary as hex unless a display-hint made it an
 * address, 64-bit numbers as bigints, flags only true), so that JSON text encodes to the bytes
 * of the object it came from.
 */
import { describe, expect, it } from 'vitest';
import { HOST_LITTLE_ENDIAN } from '../../src/netlink/byteorder.js';
import { ValidationError } from '../../src/netlink/errors.js';
import type { AttrSet } from '../../src/netlink/schema.js';
import { Writer } from '../../src/netlink/writer.js';
import { attrsFromSpecJson, attrsToSpecJson, stringifySpecJson } from '../../src/genl/json.js';
import { devlink, ovsFlow, wireguard, type GenlFamily } from '../../src/genl/index.js';

function bytes(set: AttrSet<object>, value: object): string {
  const w = new Writer(256);
  set.encode(w, value, { le: HOST_LITTLE_ENDIAN, family: 0 });
  return Buffer.from(w.finish()).toString('hex');
}

/** attrs → spec JSON text → attrs: the same bytes. */
function roundTrip(family: GenlFamily<unknown, unknown>, setName: string, attrs: object): { json: unknown; back: Record<string, unknown> } {
  const set = family.sets[setName]!;
  const json: unknown = JSON.parse(stringifySpecJson(attrsToSpecJson(family, set, attrs as Record<string, unknown>)));
  const back = attrsFromSpecJson(family, set, json as Record<string, unknown>);
  expect(bytes(set, back)).toBe(bytes(set, attrs));
  return { json, back };
}

describe('spec JSON by the spec types', () => {
  it('binary as hex, an address display-hint as its text, u64 as a bigint, nests and indexed arrays', () => {
    const key = new Uint8Array(32).fill(7);
    const { json, back } = roundTrip(wireguard, 'wgdevice', {
      ifname: 'wg0',
      privateKey: key,
      listenPort: 51820,
      peers: [{ publicKey: key, rxBytes: 2n ** 40n, allowedips: [{ family: 2, ipaddr: '10.0.0.0', cidrMask: 24 }] }],
    });
    const j = json as { 'private-key': string; peers: Array<{ allowedips: Array<{ ipaddr: string }>; 'rx-bytes': number }> };
    expect(j['private-key']).toBe('07'.repeat(32));
    expect(j.peers[0]!.allowedips[0]!.ipaddr).toBe('10.0.0.0');
    expect(j.peers[0]!['rx-bytes']).toBe(2 ** 40);
    expect(back.privateKey).toEqual(key);
    expect((back.peers as Array<{ rxBytes: unknown }>)[0]!.rxBytes).toBe(2n ** 40n);
  });

  it('struct members of type binary as hex, whatever their display-hint (ovs-key-ethernet: mac)', () => {
    const { json } = roundTrip(ovsFlow, 'key-attrs', {
      ethernet: { ethSrc: new Uint8Array([2, 0, 0, 0, 0, 1]), ethDst: new Uint8Array([2, 0, 0, 0, 0, 2]) },
      ctLabels: new Uint8Array(16).fill(0xab),
    });
    expect((json as { ethernet: { 'eth-src': string } }).ethernet['eth-src']).toBe('020000000001');
    expect((json as { 'ct-labels': string })['ct-labels']).toBe('ab'.repeat(16));
  });

  it('refuses what the spec type cannot take, naming the attribute', () => {
    const wg = wireguard.sets.wgdevice!;
    expect(() => attrsFromSpecJson(wireguard, wg, { 'private-key': 'not hex' })).toThrow(ValidationError);
    expect(() => attrsFromSpecJson(wireguard, wg, { 'private-key': 'not hex' })).toThrow(/private-key: binary as a hex string expected/);
    const param = devlink.sets['dl-param']!;
    expect(() => attrsFromSpecJson(devlink, param, { 'param-generic': false })).toThrow(/param-generic: a flag is true or absent/);
    expect(attrsFromSpecJson(devlink, param, { 'param-generic': true })).toEqual({ paramGeneric: true });
  });
});
