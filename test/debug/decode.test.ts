import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { decodeCommand } from '../../src/debug/decode-command.js';
import { formatDatagramTree, formatMnl } from '../../src/netlink/inspect/format.js';
import { attributePathAt, walkDatagram } from '../../src/netlink/inspect/datagram.js';
import { bytesOf, loadFixtures } from '../support/fixtures.js';
import { cat, nla, nlmsg, s32, str, u16, u32, u8 } from '../support/bytes.js';
import { TEST_NEW, TEST_PROTO, testFamily, rtnetlink } from './support.js';


const hdr = (index: number) => cat(u8(2), Buffer.alloc(3), u32(index));
const GOOD = nlmsg(TEST_NEW, 0x605, 77, 0, cat(hdr(5), nla(1, str('eth0')), nla(2, u32(1500)), nla(3, cat(nla(1, u32(9)), nla(2, str('in')))), nla(4, str('foo')), nla(5, nla(1, u32(42))), nla(99, u32(0xdeadbeef))));

async function run(args: string[], input: string | Buffer): Promise<{ code: number; out: string; err: string }> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  stdin.end(input);
  const code = await decodeCommand(args, { stdin, stdout, stderr }, { families: [testFamily, rtnetlink] });
  return { code, out, err };
}

describe('tree of a message (private test family)', () => {
  it('names attributes, follows nests and selectors, shows unknown ones as hex with offsets', () => {
    const lines = formatDatagramTree(walkDatagram(GOOD, { family: testFamily, littleEndian: true }));
    const text = lines.join('\n');
    expect(lines[0]).toBe('message 0 @0 len ' + GOOD.length + ': TEST_NEW (16) flags [REQUEST, ACK, EXCL, CREATE] (0x605) seq 77 pid 0');
    expect(text).toContain('  testhdr @16 len 8');
    expect(text).toContain('    index @20 len 4: 5');
    expect(text).toContain('  TA_NAME (1) @24 len 9: "eth0"');
    expect(text).toContain('  TA_MTU (2) @36 len 8: 1500');
    expect(text).toMatch(/ {2}TA_NESTED \(3\) @44 len 20\n {4}TI_A \(1\) @48 len 8: 9\n {4}TI_B \(2\) @56 len 7: "in"/);
    expect(text).toMatch(/TA_DATA \(5\) @\d+ len 12\n {4}FOO_X \(1\) @\d+ len 8: 42/);
    expect(text).toMatch(/TA_99 \(99\) @\d+ len 8 unknown: ef be ad de/);
  });

  it('reports malformed messages at their byte offset and goes on with the next message', () => {
    // Message 0: an attribute overrunning its message; message 1 fine; then a bad nlmsghdr.
    const bad = nlmsg(TEST_NEW, 0, 1, 0, cat(hdr(1), u16(40), u16(1), str('xyz')));
    const ok = nlmsg(TEST_NEW, 0, 2, 0, cat(hdr(2), nla(2, u32(9000))));
    const trailer = cat(u32(200), u16(TEST_NEW), u16(0), u32(3), u32(0));
    const tree = walkDatagram(cat(bad, ok, trailer), { family: testFamily, littleEndian: true });
    expect(tree.messages).toHaveLength(2);
    expect(tree.messages[0]!.error?.offset).toBe(24);
    expect(tree.messages[0]!.error?.message).toMatch(/overruns .* at byte 24/);
    expect(tree.messages[1]!.error).toBeUndefined();
    expect(tree.errors[0]!.offset).toBe(bad.length + ok.length);
    const text = formatDatagramTree(tree).join('\n');
    expect(text).toContain('!! attribute type 1 of length 40 overruns');
    expect(text).toContain('TA_MTU (2) @' + (bad.length + 24) + ' len 8: 9000');
    expect(text).toContain(`!! nlmsg_len 200 runs past the end of the datagram (16 bytes left) at byte ${bad.length + ok.length}`);
  });

  it('NLMSG_ERROR: errno name and text, extack message and offset resolved in the echoed request', () => {
    const req = nlmsg(TEST_NEW, 0x605, 5, 0, cat(hdr(1), nla(1, str('eth0')), nla(2, u32(1))));
    const extack = cat(nla(1, str('mtu too small')), nla(2, u32(16 + 8 + 12)));
    const err = nlmsg(2, 0x200, 5, 4242, cat(s32(-22), req, extack));
    const text = formatDatagramTree(walkDatagram(err, { family: testFamily, littleEndian: true })).join('\n');
    expect(text).toContain('error @16 len 4: -22 (EINVAL: Invalid argument)');
    expect(text).toContain('echoed request @20 len ' + req.length);
    expect(text).toContain('nlmsg_type @24 len 2: TEST_NEW (16)');
    expect(text).toContain('TA_NAME (1) @44 len 9: "eth0"');
    expect(text).toContain('NLMSGERR_ATTR_MSG (1)');
    expect(text).toContain('"mtu too small"');
    expect(text).toMatch(/NLMSGERR_ATTR_OFFS \(2\) @\d+ len 8: 36 \(→ TA_MTU in the echoed request, byte 56\)/);
    expect(attributePathAt(err, 58, { family: testFamily, littleEndian: true })).toEqual(['echoed request', 'TA_MTU']);
  });

  it('libmnl box dump', () => {
    const msg = nlmsg(TEST_NEW, 0x5, 1289148991, 0, cat(hdr(1), nla(1, str('eth0', false))));
    const out = formatMnl(msg, { littleEndian: true, family: testFamily });
    expect(out).toBe(
      [
        '----------------\t------------------',
        '|  0000000032  |\t| message length |',
        '| 00016 | R-A- |\t|  type | flags  |',
        '|  1289148991  |\t| sequence number|',
        '|  0000000000  |\t|     port ID    |',
        '----------------\t------------------',
        '| 02 00 00 00  |\t|  extra header  |',
        '| 01 00 00 00  |\t|  extra header  |',
        '|00008|--|00001|\t|len |flags| type|',
        '| 65 74 68 30  |\t|      data      |\t e t h 0',
        '----------------\t------------------',
      ].join('\n') + '\n',
    );
  });
});

describe('tree of real iproute2 datagrams (rtnetlink)', () => {
  const veth = loadFixtures().find((f) => f.name === 'link-kind-veth');
  it('RTM_NEWLINK from link-kind-veth.json', () => {
    const req = veth!.exchanges.find((e) => e.dir === 'request' && e.hex.length > 100)!;
    const text = formatDatagramTree(walkDatagram(bytesOf(req), { family: rtnetlink, littleEndian: true })).join('\n');
    expect(text).toContain('RTM_NEWLINK');
    expect(text).toContain('[REQUEST, ACK, EXCL, CREATE]');
    expect(text).toMatch(/IFLA_IFNAME \(3\) @32 len 10: "veth0"/);
    expect(text).toContain('IFLA_LINKINFO');
    expect(text).toMatch(/IFLA_INFO_KIND \(1\) @\d+ len 8: "veth"/);
    expect(text).toContain('VETH_INFO_PEER');
    expect(text).toMatch(/ {8}IFLA_IFNAME \(3\) @\d+ len 10: "veth1"/);
  });

  it('every datagram of every iproute2 capture walks without a decode error', () => {
    let n = 0;
    for (const f of loadFixtures()) {
      for (const e of f.exchanges) {
        const tree = walkDatagram(bytesOf(e), { family: rtnetlink, littleEndian: true });
        expect(tree.errors, `${f.name}`).toEqual([]);
        for (const m of tree.messages) expect(m.error, `${f.name} ${m.typeName}`).toBeUndefined();
        n++;
      }
    }
    expect(n).toBeGreaterThan(100);
  });

  it('pure-ip decode of the veth request as xxd-style text prints the tree', async () => {
    const req = veth!.exchanges.find((e) => e.dir === 'request' && e.hex.length > 100)!;
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (c) => (out += c));
    stdin.end(req.hex + '\n');
    const code = await decodeCommand([], { stdin, stdout, stderr: new PassThrough() });
    expect(code).toBe(0);
    expect(out).toContain('IFLA_INFO_KIND');
    expect(out).toContain('"veth"');
  });
});

describe('pure-ip decode', () => {
  it('decodes hex from stdin and exits 0', async () => {
    const r = await run(['--proto', String(TEST_PROTO), '--le', '-'], GOOD.toString('hex'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^datagram 1: \d+ bytes \(line 1, protocol 98\)/);
    expect(r.out).toContain('TA_NAME (1) @24 len 9: "eth0"');
  });

  it('-j prints JSON with the tree and the decoded body', async () => {
    const r = await run(['-j', '--proto', '98', '--le'], GOOD.toString('hex'));
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.format).toBe('hex');
    const m = j.datagrams[0].messages[0];
    expect(m.typeName).toBe('TEST_NEW');
    expect(m.decoded.attrs.name).toBe('eth0');
    expect(m.body.find((n: { name: string }) => n.name === 'TA_NAME').value).toBe('"eth0"');
  });

  it('--mnl prints libmnl boxes', async () => {
    const r = await run(['--mnl', '--proto', '98', '--le'], GOOD.toString('hex'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('| 00016 | R-A- |\t|  type | flags  |');
  });

  it('exit 1 with byte offsets when something does not decode, and the rest still printed', async () => {
    const bad = nlmsg(TEST_NEW, 0, 1, 0, cat(hdr(1), u16(40), u16(1), str('xyz')));
    const r = await run(['--proto', '98', '--le'], `${bad.toString('hex')}\n\n${GOOD.toString('hex')}\n`);
    expect(r.code).toBe(1);
    expect(r.out).toContain('!! attribute type 1 of length 40 overruns its container');
    expect(r.out).toContain('at byte 24');
    expect(r.out).toMatch(/datagram 2: .*\n.*TEST_NEW/);
    expect(r.err).toContain('some messages did not decode');
  });

  it('exit 2 on usage errors', async () => {
    expect((await run(['--hex', '--raw'], '')).code).toBe(2);
    expect((await run(['--proto', 'nope'], '')).code).toBe(2);
    expect((await run(['--bogus'], '')).code).toBe(2);
    expect((await run(['/nonexistent/file'], '')).code).toBe(2);
    const help = await run(['--help'], '');
    expect(help.code).toBe(0);
    expect(help.out).toContain('Usage: pure-ip decode');
  });

  it('reads a file given by name (raw binary)', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'pn-decode-'));
    const file = join(dir, 'msg.bin');
    writeFileSync(file, GOOD);
    const r = await run(['--proto', '98', '--le', file], '');
    expect(r.code).toBe(0);
    expect(r.out).toContain('(byte 0, protocol 98)');
  });
});
