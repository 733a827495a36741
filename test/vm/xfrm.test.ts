/**
 * Real IPsec SAs, which this machine's kernel cannot hold (no CONFIG_INET_ESP/AH/IPCOMP), against
 * Debian's kernel in the VM lane: SAs made by pure-ip (and the API) with every algorithm kind,
 * encap, replay state and limits print exactly as `ip xfrm state` prints them (default, -s,
 * nokeys), ip's own SAs read through the API, update / get / delete / deleteall / flush / count.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Netlink, type Handle } from '../../src/api/index.js';
import { pureIp, realIp } from '../cli/helpers.js';
import { useKernelNamespaces } from '../support/kernel.js';
import { IN_VM } from './vm.js';

const KEY16 = '0x00112233445566778899aabbccddeeff';
const KEY32 = '0x00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

describe.skipIf(!IN_VM)('xfrm SAs (VM lane: ESP, AH and IPComp)', () => {
  const env = useKernelNamespaces(1, import.meta.url);
  let h: Handle;
  const ns = () => env.ns[0]!.name;
  const ip = (...args: string[]) => execFileSync('ip', ['-n', ns(), ...args], { encoding: 'utf8' });
  async function same(args: string): Promise<void> {
    const argv = ['-n', ns(), ...args.split(' ')];
    const theirs = realIp(argv);
    const ours = await pureIp(argv);
    expect(ours, `pure-ip ${args}`).toEqual({ code: theirs.code, stdout: theirs.stdout, stderr: theirs.stderr });
  }

  beforeAll(async () => {
    h = await Netlink.open({ netns: ns() });
  });
  afterAll(async () => {
    await h?.context.close();
  });

  it('SAs added by pure-ip print as ip prints them', async () => {
    const adds = [
      `xfrm state add src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x100 mode tunnel reqid 1 enc cbc(aes) ${KEY16} auth-trunc hmac(sha256) ${KEY32} 128 sel src 10.1.0.0/16 dst 10.2.0.0/16 proto tcp dport 80`,
      `xfrm state add src fd00::1 dst fd00::2 proto esp spi 7 aead rfc4106(gcm(aes)) 0x0011223344556677889900aabbccddeeff001122 128 replay-window 64 flag esn mark 5 mask 0xf if_id 9 limit time-hard 600 limit byte-soft 100000`,
      'xfrm state add src 10.0.0.1 dst 10.0.0.3 proto ah spi 0x200 auth hmac(sha1) 0x0102030405060708090a0b0c0d0e0f1011121314 replay-window 32 flag noecn',
      'xfrm state add src 10.0.0.1 dst 10.0.0.4 proto comp spi 0x4000 comp deflate',
      `xfrm state add src 10.0.0.1 dst 10.0.0.5 proto esp spi 0x300 mode tunnel enc cbc(aes) ${KEY16} auth hmac(sha1) 0x0102030405060708090a0b0c0d0e0f1011121314 encap espinudp 4500 4500 0.0.0.0 output-mark 0x20 mask 0xff tfcpad 16`,
    ];
    for (const a of adds) expect(await pureIp(['-n', ns(), ...a.split(' ')]), a).toEqual({ code: 0, stdout: '', stderr: '' });
    for (const args of [
      'xfrm state', '-s xfrm state', 'xfrm state list nokeys', '-o xfrm state', 'xfrm state list proto esp', 'xfrm state list src fd00::1',
      'xfrm state get src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x100', 'xfrm state get src fd00::1 dst fd00::2 proto esp spi 7 mark 5 mask 0xf',
      'xfrm state count', '-s xfrm state count',
    ]) await same(args);
    await same(`xfrm state add src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x100 enc cbc(aes) ${KEY16}`);
  });

  it('the API reads ip\'s SAs, updates, deletes and flushes them', async () => {
    const [sa] = await h.xfrm.state.list({ dst: '10.0.0.2' });
    expect(sa).toMatchObject({ family: 4, src: '10.0.0.1', dst: '10.0.0.2', proto: 'esp', spi: 0x100, reqid: 1, mode: 'tunnel', enc: { name: 'cbc(aes)', key: KEY16 }, auth: { name: 'hmac(sha256)', key: KEY32, truncLen: 128 } });
    const [esn] = await h.xfrm.state.list({ family: 6 });
    expect(esn).toMatchObject({ aead: { name: 'rfc4106(gcm(aes))', icvLen: 128 }, replayWindow: 64, flags: ['esn'], mark: { value: 5, mask: 0xf }, ifId: 9 });
    // The kernel's update takes the lifetimes (and encap, coa) of the new SA.
    await h.xfrm.state.update({ src: '10.0.0.1', dst: '10.0.0.4', proto: 'comp', spi: 0x4000, comp: { name: 'deflate' }, limits: { timeHard: 99 } });
    expect(ip('-s', 'xfrm', 'state', 'list', 'dst', '10.0.0.4')).toContain('expire add: soft 0(sec), hard 99(sec)');
    await h.xfrm.state.delete({ src: '10.0.0.1', dst: '10.0.0.3', proto: 'ah', spi: 0x200 });
    expect(ip('xfrm', 'state', 'list', 'proto', 'ah')).toBe('');
    expect(await h.xfrm.state.deleteAll({ proto: 'comp' })).toBe(1);
    expect((await h.xfrm.state.count()).count).toBe(3);
    await h.xfrm.state.add({ src: '10.0.0.1', dst: '10.0.0.9', proto: 'esp', spi: 0x999, enc: { name: 'cbc(aes)', key: new Uint8Array(16).fill(1) }, limits: { timeSoft: 30, timeHard: 60 } });
    expect(ip('xfrm', 'state', 'get', 'src', '10.0.0.1', 'dst', '10.0.0.9', 'proto', 'esp', 'spi', '0x999')).toContain('enc cbc(aes) 0x01010101010101010101010101010101');
    await h.xfrm.state.flush();
    expect(ip('xfrm', 'state')).toBe('');
  });
});
