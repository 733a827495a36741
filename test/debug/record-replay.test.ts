import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NetlinkError } from '../../src/netlink/errors.js';
import { Session } from '../../src/netlink/session.js';
import { RecordingTransport, type FixtureFile } from '../../src/netlink/transport/record.js';
import { ReplayMismatchError, ReplayTransport } from '../../src/netlink/transport/replay.js';
import { ScriptedTransport, type ScriptedSocket } from '../../src/netlink/transport/scripted.js';
import type { DatagramInfo, SocketSink } from '../../src/netlink/transport/types.js';
import { loadFixtures } from '../support/fixtures.js';
import { cat, nla, nlmsg, str, u32, u8 } from '../support/bytes.js';
import { ack, done, seqOf } from '../support/session.js';
import { TEST_GET, TEST_NEW, TEST_PROTO, testFamily, rtnetlink } from './support.js';

const hdr = (index: number) => cat(u8(2), Buffer.alloc(3), u32(index));

/** A small kernel: NEW → ACK (EEXIST for name 'dup', with extack), GET dump → 2 links + DONE, and a notification after each NEW. */
function kernel(d: Uint8Array, sock: ScriptedSocket): Buffer[] {
  const req = Buffer.from(d);
  const seq = seqOf(d);
  if (req.readUInt16LE(4) === TEST_GET) {
    return [
      nlmsg(TEST_NEW, 2, seq, 4242, cat(hdr(1), nla(1, str('lo')))),
      cat(nlmsg(TEST_NEW, 2, seq, 4242, cat(hdr(2), nla(1, str('eth0')), nla(2, u32(1500)))), done(seq)),
    ];
  }
  if (req.includes(Buffer.from('dup\0'))) {
    return [ack(seq, req, -17, nla(1, str('exists already')))];
  }
  setTimeout(() => sock.deliver(nlmsg(TEST_NEW, 0, seq, 4242, cat(hdr(9), nla(1, str('new')))), { groups: 1 }), 1);
  return [ack(seq, req)];
}

async function scenario(transport: ScriptedTransport | RecordingTransport | ReplayTransport, label?: (s: string) => void) {
  const s = new Session({ family: testFamily, littleEndian: true, timeoutMs: 2000 });
  s.attach(await transport.open({ protocol: TEST_PROTO }, s.sink));
  const notes: unknown[] = [];
  s.listen({ message: (m) => notes.push(m.body) });
  label?.('add eth1');
  const added = await s.request({ type: TEST_NEW, flags: 0x600, body: { header: { family: 2, index: 0 }, attrs: { name: 'eth1', mtu: 9000 } } });
  await new Promise((r) => setTimeout(r, 10));
  label?.('add dup');
  const dup = await s.request({ type: TEST_NEW, flags: 0x600, body: { header: { family: 2, index: 0 }, attrs: { name: 'dup' } } }).catch((e) => e);
  label?.('list');
  const links = await s.dump({ type: TEST_GET, flags: 0, body: { header: { family: 0, index: 0 }, attrs: {} } }).toArray();
  await s.close();
  return {
    added,
    dup: dup instanceof NetlinkError ? { code: dup.code, message: dup.extackMessage } : dup,
    links: links.map((m) => m.body),
    notes,
    portId: s.portId,
  };
}

describe('record and replay', () => {
  it('records a scripted session in the shared fixture format, and a fresh session replays it with the same results', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pn-rec-')), 'rec.json');
    const rec = new RecordingTransport(new ScriptedTransport(kernel), { name: 'scripted', description: 'unit test', file });
    const live = await scenario(rec, (l) => rec.command(l));
    await rec.close();
    const fx: FixtureFile = rec.toJSON();
    // The socket was opened before the first label: it belongs to the automatic first step.
    expect(fx.commands).toEqual(['session', 'add eth1', 'add dup', 'list']);
    expect(fx.commandResults.map((r) => r.index)).toEqual([0, 1, 2, 3]);
    expect(fx.sockets).toEqual([expect.objectContaining({ id: 's0', cmd: 0, protocol: String(TEST_PROTO), portId: 4242 })]);
    expect(fx.exchanges.map((e) => `${e.dir}:${e.syscall}:${e.cmd}:${e.nlGroups}`)).toEqual([
      'request:sendmsg:1:0', 'response:recvmsg:1:0', 'response:recvmsg:1:1',
      'request:sendmsg:2:0', 'response:recvmsg:2:0',
      'request:sendmsg:3:0', 'response:recvmsg:3:0', 'response:recvmsg:3:0',
    ]);
    expect(fx.exchanges[0]!.hex).toMatch(/^[0-9a-f]+$/);
    expect(live.notes).toHaveLength(1);
    expect(live.dup).toEqual({ code: 'EEXIST', message: 'exists already' });
    expect(live.links).toHaveLength(2);

    const replay = ReplayTransport.fromFile(file, { portId: 5555, families: [testFamily] });
    const again = await scenario(replay);
    expect(again.added).toEqual(live.added);
    expect(again.dup).toEqual(live.dup);
    expect(again.links).toEqual(live.links);
    expect(again.notes).toEqual(live.notes);
    expect(again.portId).toBe(5555);
    expect(replay.mismatches).toEqual([]);
    replay.assertComplete();
  });

  it('a request that differs from the recording rejects with ReplayMismatchError naming the attribute', async () => {
    const rec = new RecordingTransport(new ScriptedTransport(kernel));
    await scenario(rec);
    const replay = new ReplayTransport(rec.toJSON(), { families: [testFamily] });
    const s = new Session({ family: testFamily, littleEndian: true, timeoutMs: 2000 });
    s.attach(await replay.open({ protocol: TEST_PROTO }, s.sink));
    const err = await s.request({ type: TEST_NEW, flags: 0x600, body: { header: { family: 2, index: 0 }, attrs: { name: 'eth1', mtu: 1500 } } }).catch((e) => e);
    expect(err).toBeInstanceOf(ReplayMismatchError);
    expect(err.message).toBe(
      'replay: socket s0, request #1 (exchange 0, command 0 "session"): message 0 (TEST_NEW): TA_MTU differs at byte 40: expected 9000 [0800020028230000], actual 1500 [08000200dc050000]',
    );
    expect(err.details).toMatchObject({ socket: 's0', request: 0, messageIndex: 0, field: 'attribute', path: ['TA_MTU'], expected: '0800020028230000', actual: '08000200dc050000' });

    const flags = await s.request({ type: TEST_NEW, flags: 0x100, body: { header: { family: 2, index: 0 }, attrs: { name: 'eth1', mtu: 9000 } } }).catch((e) => e);
    expect(flags).toBeInstanceOf(ReplayMismatchError);
    expect(flags.details.field).toBe('nlmsg_flags');
    expect(flags.message).toContain('nlmsg_flags expected 0x605, got 0x105');
    await s.close();
  });
});

interface Collected {
  datagrams: Array<{ data: Uint8Array; info: DatagramInfo }>;
}
function collector(): SocketSink & Collected {
  const datagrams: Collected['datagrams'] = [];
  return { datagrams, datagram: (data, info) => datagrams.push({ data: data.slice(), info }), overrun() {}, closed() {} };
}
const tick = () => new Promise((r) => setImmediate(r));

/** Messages of a datagram with seq and pid zeroed (and those of an NLMSG_ERROR's echo). */
function masked(b: Uint8Array): { bytes: string; seqs: number[]; pids: number[] } {
  const c = Buffer.from(b);
  const seqs: number[] = [];
  const pids: number[] = [];
  for (let p = 0; p + 16 <= c.length; ) {
    const len = c.readUInt32LE(p);
    if (len < 16) break;
    seqs.push(c.readUInt32LE(p + 8));
    pids.push(c.readUInt32LE(p + 12));
    c.writeUInt32LE(0, p + 8);
    c.writeUInt32LE(0, p + 12);
    if (c.readUInt16LE(p + 4) === 2 && len >= 36) {
      seqs.push(c.readUInt32LE(p + 28));
      c.writeUInt32LE(0, p + 28);
    }
    p += (len + 3) & ~3;
  }
  return { bytes: c.toString('hex'), seqs, pids };
}

describe('replay of the iproute2 captures', () => {
  const fixtures = loadFixtures();
  const blog = fixtures.find((f) => f.name === 'blog-container-networking') as unknown as FixtureFile | undefined;

  it('re-sends every recorded request with other seqs and gets the recorded responses, seqs and port ids rewritten', async () => {
    expect(blog, 'blog-container-networking.json among the captures').toBeDefined();
    const fx = blog!;
    const replay = new ReplayTransport(fx, { skipIdleSockets: true, portId: 777, families: [rtnetlink] });
    const used = fx.sockets.filter((s) => fx.exchanges.some((e) => e.socket === s.id));
    let compared = 0;
    for (const sock of used) {
      const sink = collector();
      const t = await replay.open({ protocol: 0 }, sink);
      expect(t.portId).toBe(777);
      const seqMap = new Map<number, number>();
      const expected: Array<{ hex: string; nlGroups: number }> = [];
      for (const e of fx.exchanges.filter((x) => x.socket === sock.id)) {
        if (e.dir === 'response') {
          expected.push({ hex: e.hex, nlGroups: e.nlGroups ?? 0 });
          continue;
        }
        const req = Buffer.from(e.hex, 'hex');
        for (let p = 0; p + 16 <= req.length; ) {
          const len = req.readUInt32LE(p);
          if (len < 16) break;
          const s = req.readUInt32LE(p + 8);
          seqMap.set(s, (s + 1000) >>> 0);
          req.writeUInt32LE((s + 1000) >>> 0, p + 8);
          p += (len + 3) & ~3;
        }
        let failed: Error | undefined;
        t.send(req, (err) => (failed = err));
        await tick();
        expect(failed).toBeUndefined();
      }
      await tick();
      expect(sink.datagrams).toHaveLength(expected.length);
      sink.datagrams.forEach((got, i) => {
        const want = expected[i]!;
        const g = masked(got.data);
        const w = masked(Buffer.from(want.hex, 'hex'));
        expect(g.bytes).toBe(w.bytes);
        expect(got.info.groups).toBe(want.nlGroups);
        if (want.nlGroups === 0) {
          expect(g.seqs).toEqual(w.seqs.map((s) => seqMap.get(s) ?? s));
          expect(g.pids).toEqual(w.pids.map((p) => (p === sock.portId ? 777 : p)));
        }
        compared++;
      });
    }
    expect(compared).toBeGreaterThan(50);
    replay.assertComplete();
  });

  it('a changed veth peer name is reported with its attribute path', async () => {
    const fx = fixtures.find((f) => f.name === 'link-kind-veth') as unknown as FixtureFile;
    const replay = new ReplayTransport(fx, { families: [rtnetlink] });
    const t = await replay.open({ protocol: 0 }, collector());
    const [probe, add] = fx.exchanges.filter((e) => e.socket === 's0' && e.dir === 'request');
    t.send(Buffer.from(probe!.hex, 'hex'));
    const changed = Buffer.from(add!.hex.replace(Buffer.from('veth1').toString('hex'), Buffer.from('vethX').toString('hex')), 'hex');
    let err: ReplayMismatchError | undefined;
    t.send(changed, (e) => (err = e as ReplayMismatchError));
    await tick();
    expect(err).toBeInstanceOf(ReplayMismatchError);
    expect(err!.details.path).toEqual(['IFLA_LINKINFO', 'IFLA_INFO_DATA', 'VETH_INFO_PEER', 'IFLA_IFNAME']);
    expect(err!.message).toContain('IFLA_LINKINFO > IFLA_INFO_DATA > VETH_INFO_PEER > IFLA_IFNAME differs at byte 88: expected "veth1"');
    expect(err!.message).toContain('actual "vethX"');
    expect(replay.mismatches).toHaveLength(1);
  });

});

describe('own fixture: a real kernel session recorded through the helper sandbox', () => {
  const file = new URL('../fixtures/recorded/own-veth-sandbox.json', import.meta.url);
  it('replays: the same requests from a fresh session get the recorded answers', async () => {
    const replay = ReplayTransport.fromFile(file.pathname, { families: [rtnetlink] });
    const s = new Session({ family: rtnetlink, timeoutMs: 2000 });
    s.attach(await replay.open({ protocol: 0 }, s.sink));
    const dump = () => s.dump<any>({ type: 18, flags: 0, body: { header: { family: 0 }, attrs: { extMask: ['VF'] } } }).toArray();
    const add = { type: 16, flags: 0x600, body: { header: { family: 0 }, attrs: { ifname: 'pn0', linkinfo: { kind: 'veth', data: { peer: { header: { family: 0 }, attrs: { ifname: 'pn1' } } } } } } };
    const before = await dump();
    await s.request(add);
    const again = await s.request(add).catch((e) => e);
    const after = await dump();
    await s.request({ type: 17, flags: 0, body: { header: { family: 0 }, attrs: { ifname: 'pn0' } } });
    expect(before.map((m) => m.body.attrs.ifname)).toEqual(['lo']);
    expect(again).toBeInstanceOf(NetlinkError);
    expect(again.code).toBe('EEXIST');
    expect(after.map((m) => m.body.attrs.ifname).sort()).toEqual(['lo', 'pn0', 'pn1']);
    replay.assertComplete();
    await s.close();
  });
});
