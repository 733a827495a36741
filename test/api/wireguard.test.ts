/**
 * WireGuard through `handle.wireguard`, with `wg` as the oracle: a device configured with
 * setDevice reads back identically with `wg show` (and with getDevice). Needs a kernel with
 * the wireguard module: this machine's has none (the test says so and skips); the Debian kernel
 * of the VM lane has it. Without a kernel: keys, endpoints and prefixes are validated and
 * encoded as wg does.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError, formatEndpoint, parseEndpoint, type Handle } from '../../src/api/index.js';
import { sandbox, type Sandbox } from './util.js';

const KEY_A = 'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=';
const KEY_B = 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=';
const PSK = 'FpCyhws9cxwWoV4xELtfJvjJN+zQVRPISllRWgeopVE=';

function hasWg(): boolean {
  try {
    execFileSync('wg', ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

let s: Sandbox;
let h: Handle;
/** Why the kernel part cannot run here, or undefined when it can. */
let missing: string | undefined;

beforeAll(async () => {
  s = await sandbox('w');
  h = s.h;
  if (!hasWg()) missing = 'wireguard-tools (wg) is not installed';
  else {
    try {
      await h.link.add({ kind: 'wireguard', name: 'wgt0' } as never);
    } catch (e) {
      missing = `this kernel cannot create a wireguard link: ${(e as Error).message}`;
    }
  }
  if (missing) console.log(`wireguard kernel tests skipped: ${missing}`);
});
afterAll(async () => {
  await s?.close();
});

describe('wireguard', () => {
  it('setDevice then wg show and getDevice read the same configuration', async (ctx) => {
    if (missing) ctx.skip();
    await h.wireguard.setDevice('wgt0', {
      privateKey: KEY_A,
      listenPort: 51820,
      fwmark: 0x42,
      replacePeers: true,
      peers: [{ publicKey: KEY_B, presharedKey: PSK, endpoint: '192.0.2.1:51820', allowedIps: ['10.0.0.0/24', 'fd00::/64'], persistentKeepalive: 25 }],
    });
    const dump = (await s.root.netns.exec(s.ns, ['wg', 'show', 'wgt0', 'dump'], { stdio: 'pipe' })).stdout;
    const [dev, peer] = dump.trim().split('\n').map((l) => l.split('\t'));
    const ours = await h.wireguard.getDevice('wgt0');
    expect([ours.privateKey, ours.publicKey, String(ours.listenPort), `0x${ours.fwmark.toString(16)}`]).toEqual(dev);
    const p = ours.peers[0]!;
    expect([p.publicKey, p.presharedKey, p.endpoint, p.allowedIps.join(','), '0', '0', '0', String(p.persistentKeepalive)]).toEqual(peer);
    await h.wireguard.setDevice('wgt0', { peers: [{ publicKey: KEY_B, remove: true }] });
    expect((await h.wireguard.getDevice('wgt0')).peers).toEqual([]);
  });
});

describe('wireguard without a kernel', () => {
  it('endpoints encode as struct sockaddr_in / sockaddr_in6 and back', () => {
    const v4 = parseEndpoint('192.0.2.1:51820');
    expect(Buffer.from(v4).toString('hex')).toBe('0200ca6cc0000201' + '00'.repeat(8));
    expect(formatEndpoint(v4)).toBe('192.0.2.1:51820');
    const v6 = parseEndpoint('[2001:db8::1]:443');
    expect(v6.length).toBe(28);
    expect(formatEndpoint(v6)).toBe('[2001:db8::1]:443');
    expect(() => parseEndpoint('2001:db8::1:443')).toThrow(ValidationError);
    expect(() => parseEndpoint('10.0.0.1')).toThrow(/ip:port/);
  });

  it('bad keys, prefixes and options are named before anything is sent', async () => {
    await expect(h.wireguard.setDevice('wgt0', { privateKey: 'abc' })).rejects.toThrow(/privateKey: a WireGuard key is 32 bytes in base64/);
    await expect(h.wireguard.setDevice('wgt0', { peers: [{ publicKey: KEY_B, allowedIps: ['10.0.0.0/33'] }] })).rejects.toThrow(/peers\.0\.allowedIps\.0: prefix length 33/);
    await expect(h.wireguard.setDevice('wgt0', { listenport: 1 } as never)).rejects.toThrow(/unknown option "listenport"/);
  });
});
