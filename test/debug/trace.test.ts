import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTracer, tracerFromEnv } from '../../src/netlink/inspect/trace.js';
import { Session, type SessionObserver } from '../../src/netlink/session.js';
import { cat, nla, nlmsg, str, u32, u8 } from '../support/bytes.js';
import { ack, done, scriptedSession, seqOf } from '../support/session.js';
import { TEST_GET, TEST_NEW, TEST_PROTO, testFamily, rtnetlink } from './support.js';


const hdr = (index: number) => cat(u8(2), Buffer.alloc(3), u32(index));

function script(d: Uint8Array): Buffer[] {
  const req = Buffer.from(d);
  const seq = seqOf(d);
  if (req.readUInt16LE(4) === TEST_GET) {
    return [cat(nlmsg(TEST_NEW, 2, seq, 4242, cat(hdr(1), nla(1, str('lo')))), done(seq))];
  }
  return [ack(seq, req)];
}

async function session(observer: SessionObserver) {
  return (await scriptedSession(script, { family: testFamily, observer })).session;
}

describe('tracer', () => {
  it('prints every datagram sent and received, decoded, with direction, socket, namespace and timing', async () => {
    let out = '';
    let clock = 1000;
    const tracer = createTracer({ output: (t) => (out += t), socketLabel: 's1', netns: 'blue', family: testFamily, littleEndian: true, now: () => (clock += 0.5) });
    const s = await session(tracer);
    await s.request({ type: TEST_NEW, flags: 0x600, body: { header: { family: 2, index: 7 }, attrs: { name: 'eth0', mtu: 1400 } } });
    const dump = await s.dump({ type: TEST_GET, flags: 0, body: { header: { family: 0, index: 0 }, attrs: {} } }).toArray();
    expect(dump).toHaveLength(1);
    const lines = out.split('\n');
    const sends = lines.filter((l) => l.includes('SEND >>>'));
    const recvs = lines.filter((l) => l.includes('RECV <<<'));
    expect(sends).toHaveLength(2);
    expect(recvs).toHaveLength(2);
    expect(sends[0]).toMatch(/^\[\+\d+\.\d+ ms\] SEND >>> socket s1, netns blue: \d+ bytes$/);
    expect(recvs[0]).toMatch(/RECV <<< socket s1, netns blue: 36 bytes \(\d+\.\d+ ms after seq \d+ was sent\)/);
    const firstSeq = /message 0 @0 len \d+: TEST_NEW \(16\) flags \[REQUEST, ACK, EXCL, CREATE\] \(0x605\) seq (\d+) pid 0/.exec(out);
    expect(firstSeq).not.toBeNull();
    expect(out).toContain(`NLMSG_ERROR (2) flags [CAPPED] (0x100) seq ${firstSeq![1]} pid 4242`);
    expect(out).toContain('error @16 len 4: 0 (ACK)');
    expect(out).toContain('TA_NAME (1) @24 len 9: "eth0"');
    expect(out).toContain('TEST_GET (18) flags [REQUEST, ROOT, MATCH] (0x301)');
    expect(out).toContain('NLMSG_DONE (3) flags [MULTI]');
    // Sends come before their answers.
    expect(out.indexOf('SEND >>>')).toBeLessThan(out.indexOf('RECV <<<'));
  });

  it('child tracers share the output; short and mnl formats', async () => {
    let out = '';
    const tracer = createTracer({ output: (t) => (out += t), format: 'short', family: testFamily, littleEndian: true });
    const s = await session(tracer.child({ socketLabel: 'route@red', netns: 'red' }));
    await s.request({ type: TEST_NEW, flags: 0, body: { header: { family: 2, index: 1 }, attrs: {} } });
    expect(out).toMatch(/SEND >>> socket route@red, netns red: 24 bytes\n {2}@0 len 24: TEST_NEW \(16\) flags \[REQUEST, ACK\] \(0x005\) seq \d+ pid 0\n/);

    let mnl = '';
    const t2 = createTracer({ output: (t) => (mnl += t), format: 'mnl', family: testFamily, littleEndian: true });
    const s2 = await session(t2);
    await s2.request({ type: TEST_NEW, flags: 0, body: { header: { family: 2, index: 1 }, attrs: { name: 'x' } } });
    expect(mnl).toContain('| 00016 | R-A- |\t|  type | flags  |');
    expect(mnl).toContain('|00006|--|00001|\t|len |flags| type|');
    expect(mnl).toContain('| 00002 | ---- |\t|  type | flags  |');
  });

  it('PURE_NETLINK_TRACE=/path appends to a file; unset or 0 is off', async () => {
    expect(tracerFromEnv({})).toBeUndefined();
    expect(tracerFromEnv({ PURE_NETLINK_TRACE: '0' })).toBeUndefined();
    const file = join(mkdtempSync(join(tmpdir(), 'pn-trace-')), 'trace.log');
    const tracer = tracerFromEnv({ PURE_NETLINK_TRACE: file, PURE_NETLINK_TRACE_FORMAT: 'json' }, { family: testFamily, littleEndian: true })!;
    const s = await session(tracer);
    await s.request({ type: TEST_NEW, flags: 0, body: { header: { family: 2, index: 1 }, attrs: {} } });
    tracer.close();
    const records = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(records.map((r) => r.dir)).toEqual(['send', 'recv']);
    expect(records[0].messages[0].typeName).toBe('TEST_NEW');
    expect(records[1].messages[0].typeName).toBe('NLMSG_ERROR');
    expect(typeof records[1].latencyMs).toBe('number');
  });
});
