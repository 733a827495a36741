/**
 * WireGuard through `handle.wireguard`, with `wg` as the oracle: a device configured with
 * setDevice reads back identically with getDevice, `wg show DEV dump` and `wg showconf DEV`,
 * field by field (keys in base64 as `wg` prints them), after the first configuration and after
 * each change (replacePeers, a peer removed, a peer's allowed IPs replaced, its preshared key
 * removed); and a peer `wg set` adds reads back through getDevice as `wg` shows it.
 *
 * Needs a kernel with the wireguard module and wireguard-tools: this machine's kernel has no
 * module (the tests say so and skip); the VM lane (vitest.vm.config.ts, Debian's kernel) runs
 * them. Without a kernel: keys, endpoints and prefixes are validated and encoded as wg does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError, formatEndpoint, parseEndpoint, type Handle, type WireguardDevice } from '../../src/api/index.js';
import { missingTool, skipTest } from '../support/probe.js';
import { sandbox, type Sandbox } from './util.js';

const PRIVATE = 'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=';
/** PRIVATE's public key (`echo PRIVATE | wg pubkey`). */
const PUBLIC = 'HIgo9xNzJMWLKASShiTqIybxZ0U3wGLiUeJ1PKf8ykw=';
const PEER_B = 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=';
const PEER_C = '3kBrm4l3JkKnAX6qEFmSHXEfatihs9jZvAsL4G1WnjE=';
const PEER_D = 'tu4ITWHfGSoBSO1u+IZSwNybKrcb8o5IIXMLv2iwbyg=';
const PEER_E = 'm8T+q6tkVDdIbgjyV0roKn9XxdlQ0TiB5XqvHW1W41c=';
const PSK = 'FpCyhws9cxwWoV4xELtfJvjJN+zQVRPISllRWgeopVE=';
const PSK2 = '0EFcezGsfALDm3M2wkhiBAhxCVsErlQE8n8QS1MjaVQ=';
const DEV = 'wgt0';

let s: Sandbox;
let h: Handle;
/** Why the kernel part cannot run here, or undefined when it can. */
let missing: string | undefined;

beforeAll(async () => {
  s = await sandbox('w');
  h = s.h;
  missing = missingTool('wg', ['--version'], 'wireguard-tools');
  if (!missing) {
    try {
      await h.link.add({ kind: 'wireguard', name: DEV });
    } catch (e) {
      missing = `this kernel cannot create a wireguard link (no wireguard module): ${(e as Error).message}`;
    }
  }
});
afterAll(async () => {
  await s?.close();
});

/** One peer as all three readers can express it (no counters: `showconf` has none). */
interface PeerView {
  publicKey: string;
  presharedKey?: string;
  endpoint?: string;
  allowedIps: string[];
  persistentKeepalive?: number;
}
interface DeviceView {
  privateKey?: string;
  publicKey?: string;
  listenPort: number;
  fwmark: number;
  /** Sorted by public key: `wg` and the kernel agree on the order, but the comparison must not depend on it. */
  peers: PeerView[];
}

const byKey = (a: PeerView, b: PeerView) => (a.publicKey < b.publicKey ? -1 : 1);

function ourView(d: WireguardDevice): DeviceView {
  const out: DeviceView = { listenPort: d.listenPort, fwmark: d.fwmark, peers: [] };
  if (d.privateKey) out.privateKey = d.privateKey;
  if (d.publicKey) out.publicKey = d.publicKey;
  for (const p of d.peers) {
    const v: PeerView = { publicKey: p.publicKey, allowedIps: p.allowedIps };
    if (p.presharedKey) v.presharedKey = p.presharedKey;
    if (p.endpoint) v.endpoint = p.endpoint;
    if (p.persistentKeepalive) v.persistentKeepalive = p.persistentKeepalive;
    out.peers.push(v);
  }
  out.peers.sort(byKey);
  return out;
}

/**
 * `wg show DEV dump` (wireguard-tools src/show.c, ugly_print): the interface line `private-key
 * public-key listen-port fwmark|off`, then per peer `public-key preshared-key|(none)
 * endpoint|(none) allowed-ips|(none) latest-handshake rx tx persistent-keepalive|off`, tab-separated.
 * Counters are returned beside the view, per public key.
 */
function parseDump(text: string): { view: DeviceView; counters: Map<string, string[]> } {
  const [dev, ...peers] = text.trim().split('\n').map((l) => l.split('\t'));
  expect(dev, `wg show dump: ${text}`).toHaveLength(4);
  const [priv, pub, port, mark] = dev!;
  const none = (v: string | undefined) => (v === '(none)' || v === 'off' || v === undefined ? undefined : v);
  const view: DeviceView = { listenPort: Number(port), fwmark: mark === 'off' ? 0 : Number(mark), peers: [] };
  if (none(priv)) view.privateKey = priv!;
  if (none(pub)) view.publicKey = pub!;
  const counters = new Map<string, string[]>();
  for (const f of peers) {
    expect(f, `wg show dump peer line: ${f.join('\\t')}`).toHaveLength(8);
    const p: PeerView = { publicKey: f[0]!, allowedIps: none(f[3]) ? f[3]!.split(',') : [] };
    if (none(f[1])) p.presharedKey = f[1]!;
    if (none(f[2])) p.endpoint = f[2]!;
    if (none(f[7])) p.persistentKeepalive = Number(f[7]);
    view.peers.push(p);
    counters.set(f[0]!, [f[4]!, f[5]!, f[6]!]);
  }
  view.peers.sort(byKey);
  return { view, counters };
}

/**
 * `wg showconf DEV` (src/showconf.c): an [Interface] section (ListenPort, FwMark, PrivateKey,
 * each only when set) and one [Peer] section per peer (PublicKey, PresharedKey, AllowedIPs as
 * "a, b", Endpoint, PersistentKeepalive). Every key seen is checked to be one of these.
 */
function parseShowconf(text: string): DeviceView {
  const view: DeviceView = { listenPort: 0, fwmark: 0, peers: [] };
  let peer: PeerView | undefined;
  let inInterface = false;
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (!line) continue;
    if (line === '[Interface]') {
      inInterface = true;
      continue;
    }
    if (line === '[Peer]') {
      inInterface = false;
      peer = { publicKey: '', allowedIps: [] };
      view.peers.push(peer);
      continue;
    }
    const m = /^(\w+) = (.*)$/.exec(line);
    expect(m, `wg showconf line: ${line}`).not.toBeNull();
    const [, key, value] = m!;
    if (inInterface && key === 'ListenPort') view.listenPort = Number(value);
    else if (inInterface && key === 'FwMark') view.fwmark = Number(value);
    else if (inInterface && key === 'PrivateKey') view.privateKey = value!;
    else if (peer && key === 'PublicKey') peer.publicKey = value!;
    else if (peer && key === 'PresharedKey') peer.presharedKey = value!;
    else if (peer && key === 'AllowedIPs') peer.allowedIps = value!.split(', ');
    else if (peer && key === 'Endpoint') peer.endpoint = value!;
    else if (peer && key === 'PersistentKeepalive') peer.persistentKeepalive = Number(value);
    else throw new Error(`wg showconf: unexpected ${inInterface ? '[Interface]' : '[Peer]'} key ${key}`);
  }
  view.peers.sort(byKey);
  return view;
}

async function wg(...args: string[]): Promise<string> {
  const r = await s.root.netns.exec(s.ns, ['wg', ...args], { stdio: 'pipe', timeoutMs: 20_000 });
  if (r.code !== 0) throw new Error(`wg ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

/**
 * getDevice, `wg show DEV dump` and `wg showconf DEV` read the same device, and it is `expected`
 * (what was configured, as the kernel keeps it). Counters and handshake times too, against the
 * dump. showconf has no public key: the interface's is compared through the dump only.
 */
async function expectSame(expected: DeviceView): Promise<void> {
  const dev = await h.wireguard.getDevice(DEV);
  const ours = ourView(dev);
  const dump = parseDump(await wg('show', DEV, 'dump'));
  const conf = parseShowconf(await wg('showconf', DEV));
  expect(ours, 'getDevice vs wg show dump').toEqual(dump.view);
  const { publicKey: _ignored, ...oursWithoutPublic } = ours;
  expect(oursWithoutPublic, 'getDevice vs wg showconf').toEqual(conf);
  const sorted = (v: DeviceView): DeviceView => ({ ...v, peers: v.peers.map((p) => ({ ...p, allowedIps: [...p.allowedIps].sort() })).sort(byKey) });
  expect(sorted(ours), 'getDevice vs what was configured').toEqual(sorted(expected));
  for (const p of dev.peers) {
    const handshake = p.lastHandshake ? String(Math.floor(p.lastHandshake.getTime() / 1000)) : '0';
    expect([handshake, String(p.rxBytes), String(p.txBytes)], `peer ${p.publicKey}: latest-handshake, rx, tx`).toEqual(dump.counters.get(p.publicKey));
  }
  expect(dev.ifname).toBe(DEV);
  expect(dev.ifindex).toBe((await h.link.get(DEV)).index);
}

describe('wireguard', () => {
  const peerB: PeerView = { publicKey: PEER_B, presharedKey: PSK, endpoint: '192.0.2.1:51820', allowedIps: ['10.0.0.0/24', 'fd00::/64'], persistentKeepalive: 25 };
  const peerC: PeerView = { publicKey: PEER_C, endpoint: '[2001:db8::1]:443', allowedIps: ['10.0.1.0/24', '10.0.2.2/32', 'fd00:1::/64', '2001:db8:ffff::1/128'], persistentKeepalive: 60 };

  it('setDevice with a private key, port, fwmark and two peers reads back identically with wg show and wg showconf', async (ctx) => {
    if (missing) skipTest(ctx, missing);
    await h.wireguard.setDevice(DEV, {
      privateKey: PRIVATE,
      listenPort: 51820,
      fwmark: 0x42,
      replacePeers: true,
      peers: [
        { publicKey: PEER_B, presharedKey: PSK, endpoint: '192.0.2.1:51820', allowedIps: peerB.allowedIps, persistentKeepalive: 25 },
        { publicKey: PEER_C, endpoint: '[2001:db8::1]:443', allowedIps: peerC.allowedIps, persistentKeepalive: 60 },
      ],
    });
    await expectSame({ privateKey: PRIVATE, publicKey: PUBLIC, listenPort: 51820, fwmark: 0x42, peers: [peerB, peerC] });
  });

  it('replacePeers drops the peers not listed; a changed peer reads back changed', async (ctx) => {
    if (missing) skipTest(ctx, missing);
    await h.wireguard.setDevice(DEV, {
      listenPort: 51821,
      fwmark: 0,
      replacePeers: true,
      peers: [
        { publicKey: PEER_C, endpoint: '198.51.100.2:1000', allowedIps: ['10.0.1.0/24'], persistentKeepalive: 0 },
        { publicKey: PEER_D, presharedKey: PSK2, endpoint: '[fe80::1]:51820', allowedIps: ['192.168.0.0/16', '::/0'] },
      ],
    });
    const c: PeerView = { publicKey: PEER_C, endpoint: '198.51.100.2:1000', allowedIps: ['10.0.1.0/24'] };
    const d: PeerView = { publicKey: PEER_D, presharedKey: PSK2, endpoint: '[fe80::1]:51820', allowedIps: ['192.168.0.0/16', '::/0'] };
    await expectSame({ privateKey: PRIVATE, publicKey: PUBLIC, listenPort: 51821, fwmark: 0, peers: [c, d] });

    // One peer removed, the other's allowed IPs replaced and its preshared key removed.
    await h.wireguard.setDevice(DEV, {
      peers: [
        { publicKey: PEER_C, remove: true },
        { publicKey: PEER_D, presharedKey: '', replaceAllowedIps: true, allowedIps: ['172.16.0.0/12'] },
      ],
    });
    await expectSame({ privateKey: PRIVATE, publicKey: PUBLIC, listenPort: 51821, fwmark: 0, peers: [{ publicKey: PEER_D, endpoint: '[fe80::1]:51820', allowedIps: ['172.16.0.0/12'] }] });

    // updateOnly leaves an unknown peer out.
    await h.wireguard.setDevice(DEV, { peers: [{ publicKey: PEER_B, updateOnly: true, allowedIps: ['10.9.9.0/24'] }] });
    expect((await h.wireguard.getDevice(DEV)).peers.map((p) => p.publicKey)).toEqual([PEER_D]);
  });

  it('a peer added by wg set reads back through getDevice as wg shows it', async (ctx) => {
    if (missing) skipTest(ctx, missing);
    await wg('set', DEV, 'peer', PEER_E, 'endpoint', '203.0.113.9:7', 'allowed-ips', '10.7.0.0/16,fd07::/48', 'persistent-keepalive', '15');
    await expectSame({
      privateKey: PRIVATE,
      publicKey: PUBLIC,
      listenPort: 51821,
      fwmark: 0,
      peers: [
        { publicKey: PEER_D, endpoint: '[fe80::1]:51820', allowedIps: ['172.16.0.0/12'] },
        { publicKey: PEER_E, endpoint: '203.0.113.9:7', allowedIps: ['10.7.0.0/16', 'fd07::/48'], persistentKeepalive: 15 },
      ],
    });
    // A private key of all zeros removes it (and the public key with it).
    await h.wireguard.setDevice(DEV, { privateKey: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', replacePeers: true, peers: [] });
    await expectSame({ listenPort: 51821, fwmark: 0, peers: [] });
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
    await expect(h.wireguard.setDevice(DEV, { privateKey: 'abc' })).rejects.toThrow(/privateKey: a WireGuard key is 32 bytes in base64/);
    await expect(h.wireguard.setDevice(DEV, { peers: [{ publicKey: PEER_B, allowedIps: ['10.0.0.0/33'] }] })).rejects.toThrow(/peers\.0\.allowedIps\.0: invalid prefix length in "10\.0\.0\.0\/33"/);
    await expect(h.wireguard.setDevice(DEV, { listenport: 1 } as never)).rejects.toThrow(/unknown option "listenport"/);
  });
});
