/**
 * pure-ip xfrm against iproute2's ip xfrm on the same kernel state: the text of every list, get
 * and count form (default, -s, -s -s, -o, nokeys, filters) must equal ip's byte for byte; the
 * requests pure-ip sends for a command line must be ip's bytes (both under strace, seq and pid
 * aside); argument errors must be ip's text and exit status. SAs are larval ones from
 * `ip xfrm state allocspi` (this kernel has no ESP: `state add` fails for both, identically).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IP_DIFF_SKIP, pureIp, realIp, uniqueNs } from './helpers.js';
import { REPO_ROOT } from '../support/fixtures.js';
import { ipStraceAvailable, straceDatagrams, zeroSeq } from '../support/ip-strace.js';
import { skipping } from '../support/probe.js';

const NS = uniqueNs('xfrm');
const PURE_IP = join(REPO_ROOT, 'dist', 'bundle', 'pure-ip.js');

function must(argv: string[]): string {
  const r = realIp(['-n', NS, ...argv]);
  if (r.code !== 0) throw new Error(`ip ${argv.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** pure-ip ARGS succeeds silently (for deletions: ip's run of the same line would find nothing left). */
async function ok(args: string): Promise<void> {
  const r = await pureIp(['-n', NS, ...args.split(' ')]);
  expect(r, `pure-ip ${args}`).toEqual({ code: 0, stdout: '', stderr: '' });
}

async function same(args: string): Promise<void> {
  const argv = args.split(' ');
  const theirs = realIp(['-n', NS, ...argv]);
  const ours = await pureIp(['-n', NS, ...argv]);
  expect({ code: ours.code, stdout: ours.stdout, stderr: ours.stderr }, `pure-ip ${args}`).toEqual({ code: theirs.code, stdout: theirs.stdout, stderr: theirs.stderr });
}

describe.skipIf(skipping(IP_DIFF_SKIP))('pure-ip xfrm = ip xfrm', { timeout: 120_000 }, () => {
  beforeAll(() => {
    realIp(['netns', 'add', NS]);
    must(['link', 'set', 'lo', 'up']);
    must(['link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1']);
  });
  afterAll(() => {
    realIp(['netns', 'del', NS]);
  });

  it('policies added by pure-ip', async () => {
    const adds = [
      'xfrm policy add src 10.0.0.0/24 dst 10.0.1.0/24 dir out priority 5 tmpl src 10.0.0.1 dst 10.0.0.2 proto esp reqid 1 mode tunnel',
      'xfrm policy add src 1.2.3.0/24 dst 2.0.0.0/8 proto tcp dport 80 dev v0 dir in action block mark 0x10 mask 0xff if_id 3 ptype sub flag localok limit time-soft 100 tmpl src 1.1.1.1 dst 2.2.2.2 proto ah spi 5 level use',
      'xfrm policy add src fd00::/64 dst fd01::/64 proto ipv6-icmp type 128 code 0 dir fwd tmpl src fd00::1 dst fd01::1 proto esp mode tunnel tmpl proto comp',
      'xfrm policy add src 10.9.0.0/16 proto gre key 1.2.3.4 dir out action block priority 9',
      'xfrm policy add src 10.8.0.0/16 dst 10.7.0.0/16 proto udp sport 53 dir in flag 0x3 index 0x100',
    ];
    for (const a of adds) {
      const r = await pureIp(['-n', NS, ...a.split(' ')]);
      expect(r, a).toEqual({ code: 0, stdout: '', stderr: '' });
    }
  });

  it('print as ip prints them (default, -s, -o, -4/-6)', async () => {
    for (const args of ['xfrm policy', 'xfrm policy list', '-s xfrm policy', '-s -s xfrm policy', '-o xfrm policy', '-4 xfrm policy', '-6 xfrm policy']) await same(args);
  });

  it('policy filters as ip', async () => {
    for (const args of [
      'xfrm policy list dir in', 'xfrm policy list ptype sub', 'xfrm policy list src 10.0.0.0/8', 'xfrm policy list action block', 'xfrm policy list priority 9',
      'xfrm policy list flag localok', 'xfrm policy list nosock dir out', 'xfrm policy list proto udp',
    ]) await same(args);
  });

  it('policy get and count as ip', async () => {
    for (const args of [
      'xfrm policy get src 10.0.0.0/24 dst 10.0.1.0/24 dir out', '-s xfrm policy get src 1.2.3.0/24 dst 2.0.0.0/8 proto tcp dport 80 dev v0 dir in ptype sub mark 0x10 mask 0xff if_id 3',
      'xfrm policy get index 0x100 dir in', 'xfrm policy get src 10.99.0.0/16 dir in',
      'xfrm policy count', '-s xfrm policy count', '-s -s xfrm policy count', '-o -s -s xfrm policy count',
    ]) await same(args);
  });

  it('deletes, deleteall and flush of policies as ip', async () => {
    await ok('xfrm policy delete src 10.9.0.0/16 proto gre key 1.2.3.4 dir out');
    await same('xfrm policy delete src 10.9.0.0/16 proto gre key 1.2.3.4 dir out');
    await ok('xfrm policy delete index 0x100 dir in');
    await same('xfrm policy delete index 0x100 dir in');
    expect((await pureIp(['-n', NS, 'xfrm', 'policy', 'deleteall', 'dir', 'fwd'])).code).toBe(0);
    expect(must(['xfrm', 'policy', 'list', 'dir', 'fwd'])).toBe('');
    expect((await pureIp(['-n', NS, 'xfrm', 'policy', 'flush', 'ptype', 'sub'])).code).toBe(0);
    expect(must(['xfrm', 'policy', 'list', 'ptype', 'sub'])).toBe('');
    expect((await pureIp(['-n', NS, 'xfrm', 'policy', 'flush'])).code).toBe(0);
    expect(must(['xfrm', 'policy'])).toBe('');
  });

  /** Three larval SAs made afresh (they live 30 s: each group of comparisons gets new ones); the comp SA's spi. */
  function freshSAs(): string {
    must(['xfrm', 'state', 'flush']);
    must(['xfrm', 'state', 'allocspi', 'src', '10.0.0.1', 'dst', '10.0.0.2', 'proto', 'esp', 'reqid', '5', 'mode', 'tunnel']);
    must(['xfrm', 'state', 'allocspi', 'src', 'fd00::1', 'dst', 'fd00::2', 'proto', 'ah', 'mark', '7']);
    return /spi (0x[0-9a-f]+)/.exec(must(['xfrm', 'state', 'allocspi', 'src', '10.0.0.1', 'dst', '10.0.0.3', 'proto', 'comp', 'reqid', '6']))![1]!;
  }

  it('SAs print as ip prints them (default, -s, -o, nokeys, -4, -6)', async () => {
    freshSAs();
    for (const args of ['xfrm state', 'xfrm sa list', '-s xfrm state', '-o xfrm state', 'xfrm state list nokeys', '-4 xfrm state', '-6 xfrm state']) await same(args);
  });

  it('SA filters, get and count as ip', async () => {
    const spi = freshSAs();
    for (const args of [
      'xfrm state list proto ah', 'xfrm state list src 10.0.0.1', 'xfrm state list dst 10.0.0.0/24', 'xfrm state list reqid 5', 'xfrm state list mode tunnel',
      'xfrm state list flag noecn', `xfrm state list spi ${spi}`,
    ]) await same(args);
    const spi2 = freshSAs();
    for (const args of [
      `xfrm state get src 10.0.0.1 dst 10.0.0.3 proto comp spi ${spi2}`, `-s xfrm state get src 10.0.0.1 dst 10.0.0.3 proto comp spi ${spi2}`,
      'xfrm state get src 10.0.0.1 dst 10.0.0.3 proto esp spi 1', 'xfrm state count', '-s xfrm state count',
    ]) await same(args);
  });

  it('allocspi prints the larval SA as ip does (a one-SPI range makes both pick the same)', async () => {
    const line = 'xfrm state allocspi src 10.0.0.1 dst 10.0.0.8 proto esp reqid 3 mode tunnel mark 7 min 0x777 max 0x777';
    must(['xfrm', 'state', 'flush']);
    const theirs = realIp(['-n', NS, ...line.split(' ')]);
    must(['xfrm', 'state', 'flush']);
    const ours = await pureIp(['-n', NS, ...line.split(' ')]);
    expect(ours).toEqual({ code: theirs.code, stdout: theirs.stdout, stderr: theirs.stderr });
    expect(ours.stdout).toContain('spi 0x00000777');
    await same(line);
    for (const bad of ['xfrm state allocspi src 10.0.0.1 dst 10.0.0.8 proto esp spi 5', 'xfrm state allocspi src 10.0.0.1 dst 10.0.0.8 proto esp min 5',
      'xfrm state allocspi src 10.0.0.1 dst 10.0.0.8 proto esp min 9 max 5', 'xfrm state allocspi mode tunnel']) await same(bad);
  });

  it('SA delete, deleteall and flush as ip', async () => {
    const spi = freshSAs();
    await ok(`xfrm state delete src 10.0.0.1 dst 10.0.0.3 proto comp spi ${spi}`);
    await same(`xfrm state delete src 10.0.0.1 dst 10.0.0.3 proto comp spi ${spi}`);
    await ok('xfrm state deleteall proto ah');
    expect(must(['xfrm', 'state', 'list', 'proto', 'ah'])).toBe('');
    await ok('xfrm state flush');
    expect(must(['xfrm', 'state'])).toBe('');
    // What this kernel lacks fails for both alike.
    await same('xfrm state add src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x100 enc cbc(aes) 0x00112233445566778899aabbccddeeff');
  });

  it('argument errors: ip\'s text and exit status', async () => {
    for (const args of [
      'xfrm', 'xfrm bogus', 'xfrm state bogus', 'xfrm policy bogus', 'xfrm state help', 'xfrm policy help',
      'xfrm state add', 'xfrm state add src 10.0.0.1 dst 10.0.0.2', 'xfrm state add src 10.0.0.1 dst 10.0.0.2 proto foo',
      'xfrm state add src 10.0.0.1 dst fd00::1 proto esp', 'xfrm state add src 10.0.0.1 dst 10.0.0.2 proto esp spi 1',
      'xfrm state add src 10.0.0.1 dst 10.0.0.2 proto esp spi 1 comp deflate', 'xfrm state add src 10.0.0.1 dst 10.0.0.2 proto ah spi 1 enc cbc(aes) 0x00',
      'xfrm state add src 10.0.0.1 dst 10.0.0.2 proto esp spi 1 enc cbc(aes) 0xzz', 'xfrm state add src 10.0.0.1 dst 10.0.0.2 proto esp spi 1 enc cbc(aes)',
      'xfrm state add src 10.0.0.1 dst 10.0.0.2 proto esp spi 1 mode sideways', 'xfrm state add src 10.0.0.1 dst 10.0.0.2 proto esp spi 1 mode ro enc cbc(aes) 0x00',
      'xfrm state add src 10.0.0.1 dst 10.0.0.2 proto esp spi 1 enc a 0x00 enc b 0x00', 'xfrm state add src 10.0.0.1 dst 10.0.0.2 proto esp flag esn enc a 0x00',
      'xfrm state add src 10.0.0.1 dst 10.0.0.2 proto esp replay-window 5000 enc a 0x00', 'xfrm state add src ::1 dst ::2 proto route2 mode ro',
      'xfrm state add src 10.0.0.1 dst 10.0.0.2 proto comp spi 0x10000 comp deflate', 'xfrm state add src 10.0.0.1 dst 10.0.0.2 proto esp spi 1 enc a 0x00 sel src 10.0.0.0/8 proto icmp sport 5',
      'xfrm state add src 10.0.0.1 dst 10.0.0.2 proto esp spi 1 enc a 0x00 limit foo 5', 'xfrm state add src 10.0.0.1 dst 10.0.0.2 proto esp spi 1 enc a 0x00 reqid x',
      'xfrm state add src 10.0.0.1 dst 10.0.0.2 proto esp spi 1 enc a 0x00 encap foo 1 2 0.0.0.0', 'xfrm state delete src 10.0.0.1 dst 10.0.0.2',
      'xfrm state flush proto ah proto esp', 'xfrm state flush foo', 'xfrm state list src 10.0.0.1 src 10.0.0.2 bar',
      'xfrm policy add src 10.0.0.0/8', 'xfrm policy add src 10.0.0.0/8 dir up', 'xfrm policy add src 10.0.0.0/8 dir in dir out',
      'xfrm policy add src 10.0.0.0/8 dir in action maybe', 'xfrm policy add src 10.0.0.0/8 dir in tmpl src 1.1.1.1 dst 2.2.2.2',
      'xfrm policy add src 10.0.0.0/8 dir in tmpl proto esp level sometimes', 'xfrm policy add src 10.0.0.0/8 dir in ptype foo',
      'xfrm policy delete dir in', 'xfrm policy delete src 10.0.0.0/8 index 5 dir in', 'xfrm policy get src 10.0.0.0/8',
      'xfrm policy flush ptype main ptype sub', 'xfrm policy add src 10.0.0.0/8 dst fd00::/8 dir in', 'xfrm policy add src 10.0.0.0/8 proto tcp type 5 dir in',
      'xfrm policy add src 10.0.0.0/8 proto udp key 5 dir in', 'xfrm policy add src 10.0.0.0/8 proto nosuch dir in', 'xfrm policy add src 10.0.0.0/8 dir',
    ]) await same(args);
  });
});

describe.skipIf(skipping(IP_DIFF_SKIP, ipStraceAvailable()))('pure-ip xfrm requests = ip xfrm requests', { timeout: 120_000 }, () => {
  const lines = [
    'xfrm state add src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x100 mode tunnel reqid 1 enc cbc(aes) 0x00112233445566778899aabbccddeeff auth-trunc hmac(sha256) 0x00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff 128 sel src 10.1.0.0/16 dst 10.2.0.0/16 proto tcp dport 80',
    'xfrm state update src fd00::1 dst fd00::2 proto esp spi 7 aead rfc4106(gcm(aes)) 0x0011223344556677889900aabbccddeeff001122 128 replay-window 64 flag esn noecn mark 5 mask 0xf if_id 9 limit time-hard 60 limit byte-soft 1000 encap espinudp 4500 4500 0.0.0.0',
    'xfrm state add src 10.0.0.1 dst 10.0.0.2 proto ah spi 0x200 auth hmac(sha1) 0x0102030405060708090a0b0c0d0e0f1011121314 replay-window 32 replay-seq 5 replay-oseq 6 extra-flag dont-encap-dscp output-mark 0x20 mask 0xff tfcpad 16 flag 0x10',
    'xfrm state add src 10.0.0.1 dst 10.0.0.2 proto esp spi 1 enc cipher_null "" auth digest_null plain-text-key',
    'xfrm state get src 1.1.1.1 dst 2.2.2.2 proto esp spi 5',
    'xfrm state allocspi src 10.0.0.1 dst 10.0.0.2 proto esp seq 9 min 0x500 max 0x600 reqid 2',
    'xfrm state list src 1.1.1.1 proto esp',
    'xfrm policy add src 10.0.0.0/24 dst 10.0.1.0/24 dir out priority 5 mark 7 tmpl src 10.0.0.1 dst 10.0.0.2 proto esp reqid 1 mode tunnel tmpl src ::1 dst ::2 proto ah',
    'xfrm policy update src fd00::/64 dst fd01::/64 proto ipv6-icmp type 128 code 0 dir fwd action block index 0x10 ptype sub flag localok icmp if_id 4 limit packet-hard 99',
    'xfrm policy get index 9 dir out ptype sub mark 1 mask 3',
    'xfrm policy count',
    '-6 xfrm policy add dir in',
  ];
  for (const line of lines) {
    it(line, () => {
      const argv = line.match(/"[^"]*"|\S+/g)!.map((w) => w.replace(/^"(.*)"$/, '$1'));
      const theirs = straceDatagrams(['ip', ...argv]).datagrams.map(zeroSeq);
      const ours = straceDatagrams(['node', PURE_IP, ...argv]).datagrams.map(zeroSeq);
      expect(theirs.length).toBeGreaterThan(0);
      expect(Buffer.from(ours[0]!).toString('hex')).toBe(Buffer.from(theirs[0]!).toString('hex'));
    });
  }
  it('xfrm policy add src 10.9.0.0/16 dev lo dir in (the request after the device lookup)', () => {
    const argv = 'xfrm policy add src 10.9.0.0/16 dev lo dir in'.split(' ');
    const theirs = straceDatagrams(['ip', ...argv]).datagrams.map(zeroSeq);
    const ours = straceDatagrams(['node', PURE_IP, ...argv]).datagrams.map(zeroSeq);
    expect(Buffer.from(ours.at(-1)!).toString('hex')).toBe(Buffer.from(theirs.at(-1)!).toString('hex'));
  });
});
