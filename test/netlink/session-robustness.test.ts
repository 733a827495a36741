/**
 * Audit regressions for the session: user callbacks that throw (observer, dump filter,
 * notification listener) must neither crash the process nor wedge the session; multicast and
 * foreign-seq datagrams go where they belong; everything after close() or the transport's death
 * fails with a typed error instead of hanging; no timer outlives its request.
 */
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Session } from '../../src/netlink/session.js';
import { ScriptedTransport, type Script } from '../../src/netlink/transport/scripted.js';
import { HelperError, NetlinkError } from '../../src/netlink/errors.js';
import { cat, nlmsg, u32 } from '../support/bytes.js';
import { MULTI, ack, done, scriptedSession, seqOf } from '../support/session.js';

const open = (script: Script, timeoutMs = 2000) => scriptedSession(script, { timeoutMs });

afterEach(() => vi.restoreAllMocks());

describe('audit: callbacks that throw', () => {
  it('an observer that throws (sent and received) does not break requests; it becomes a warning', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const { session } = await open((d) => ack(seqOf(d), d));
    session.observer = {
      sent() {
        throw new Error('sent observer broke');
      },
      received() {
        throw new TypeError('received observer broke');
      },
    };
    await expect(session.request({ type: 20, flags: 0, body: new Uint8Array(4) })).resolves.toEqual([]);
    await expect(session.request({ type: 20, flags: 0, body: new Uint8Array(4) })).resolves.toEqual([]);
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual(
      expect.arrayContaining([expect.stringContaining('sent observer broke'), expect.stringContaining('received observer broke')]),
    );
    await session.close();
  });

  it('a dump filter (match) that throws ends that dump with its error; the next dump waits for the DONE', async () => {
    const seqs: number[] = [];
    const { session, sock } = await open((d) => {
      seqs.push(seqOf(d));
    });
    const boom = new Error('match broke');
    const first = session.dump<Uint8Array>({ type: 18, flags: 0, body: new Uint8Array(4) }, { match: () => { throw boom; } });
    const second = session.dump<Uint8Array>({ type: 18, flags: 0, body: new Uint8Array(4) });
    const s1 = seqs[0]!;
    sock().deliver(cat(nlmsg(16, MULTI, s1, 4242, u32(1)), nlmsg(16, MULTI, s1, 4242, u32(2))));
    await expect(first.toArray()).rejects.toBe(boom);
    // The kernel is still dumping the first: the second must not have been sent yet (EBUSY).
    expect(seqs.length).toBe(1);
    sock().deliver(nlmsg(16, MULTI, s1, 4242, u32(3)));
    sock().deliver(done(s1));
    await vi.waitFor(() => expect(seqs.length).toBe(2));
    sock().deliver(cat(nlmsg(16, MULTI, seqs[1]!, 4242, u32(9)), done(seqs[1]!)));
    expect((await second.toArray()).length).toBe(1);
    expect(session.inFlight).toBe(0);
    await session.close();
  });

  it('a notification listener that throws does not stop the others or the rest of the datagram', async () => {
    vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const { session, sock } = await open(() => {});
    const got: number[] = [];
    session.listen({ message: () => { throw new Error('listener broke'); } });
    session.listen({ message: (m) => void got.push(m.type) });
    sock().deliver(cat(nlmsg(16, 0, 0, 0, u32(1)), nlmsg(17, 0, 0, 0, u32(2))), { groups: 1 });
    await vi.waitFor(() => expect(got).toEqual([16, 17]));
    await session.close();
  });
});

describe('audit: routing of datagrams', () => {
  it('a multicast datagram whose seq matches a pending request is a notification, not the answer', async () => {
    const sent: Uint8Array[] = [];
    const { session, sock } = await open((d) => void sent.push(d));
    const notes: number[] = [];
    session.listen({ message: (m) => void notes.push(m.seq) });
    const p = session.request({ type: 20, flags: 0, body: new Uint8Array(4) });
    const seq = seqOf(sent[0]!);
    sock().deliver(ack(seq, sent[0]!, -1), { groups: 1 });
    await vi.waitFor(() => expect(notes).toEqual([seq]));
    expect(session.inFlight).toBe(1);
    sock().deliver(ack(seq, sent[0]!));
    await expect(p).resolves.toEqual([]);
    await session.close();
  });

  it('an NLMSG_ERROR for another seq during a dump answers that request; the dump goes on', async () => {
    const sent: Uint8Array[] = [];
    const { session, sock } = await open((d) => void sent.push(d));
    const dump = session.dump<Uint8Array>({ type: 18, flags: 0, body: new Uint8Array(4) });
    const req = session.request({ type: 20, flags: 0, body: new Uint8Array(4) });
    const [ds, rs] = [seqOf(sent[0]!), seqOf(sent[1]!)];
    sock().deliver(cat(nlmsg(16, MULTI, ds, 4242, u32(1)), ack(rs, sent[1]!, -17), nlmsg(16, MULTI, ds, 4242, u32(2)), done(ds)));
    await expect(req).rejects.toBeInstanceOf(NetlinkError);
    expect((await dump.toArray()).map((m) => Buffer.from(m.body).readUInt32LE(0))).toEqual([1, 2]);
    await session.close();
  });
});

describe('audit: after close, and when the transport dies', () => {
  it('requests, batches and dumps after close() fail with HelperError at once (never hang)', async () => {
    const { session } = await open(() => {});
    await session.close();
    const req = { type: 20, flags: 0, body: new Uint8Array(4) };
    await expect(session.request(req)).rejects.toBeInstanceOf(HelperError);
    const settled = await Promise.allSettled(session.batch([req, req]));
    expect(settled.every((r) => r.status === 'rejected' && r.reason instanceof HelperError)).toBe(true);
    await expect(session.dump(req).toArray()).rejects.toBeInstanceOf(HelperError);
    expect(() => session.fireAndForget([req])).toThrow(HelperError);
    expect(session.inFlight).toBe(0);
  });

  it('close() during an in-flight dump ends the iterator (HelperError) instead of hanging', async () => {
    const sent: Uint8Array[] = [];
    const { session, sock } = await open((d) => void sent.push(d));
    const stream = session.dump<Uint8Array>({ type: 18, flags: 0, body: new Uint8Array(4) });
    sock().deliver(nlmsg(16, MULTI, seqOf(sent[0]!), 4242, u32(1)));
    const consumed: number[] = [];
    const consumer = (async () => {
      for await (const m of stream) {
        consumed.push(Buffer.from(m.body).readUInt32LE(0));
        await session.close();
      }
    })();
    await expect(consumer).rejects.toBeInstanceOf(HelperError);
    expect(consumed).toEqual([1]);
  });

  it('the transport dying while a consumer awaits the next message rejects it with HelperError', async () => {
    const { session, transport } = await open(() => {});
    const stream = session.dump({ type: 18, flags: 0, body: new Uint8Array(4) });
    const consumer = (async () => {
      for await (const _ of stream) void _;
    })();
    await new Promise((r) => setTimeout(r, 10));
    transport.kill(new HelperError('helper killed'));
    await expect(consumer).rejects.toBeInstanceOf(HelperError);
    expect(session.inFlight).toBe(0);
  });
});

describe('audit: no timer outlives the work', () => {
  function runScript(code: string, ms: number): Promise<{ code: number | null; out: string; ms: number }> {
    return new Promise((resolve) => {
      const t0 = Date.now();
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
        cwd: new URL('../..', import.meta.url).pathname,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      const killer = setTimeout(() => child.kill('SIGKILL'), ms);
      child.on('close', (code) => {
        clearTimeout(killer);
        resolve({ code, out, ms: Date.now() - t0 });
      });
    });
  }

  it('a session that answered, failed, timed out, dumped and closed lets the process exit', async () => {
    const r = await runScript(
      `
      const { Session } = await import('./src/netlink/session.ts');
      const { Family } = await import('./src/netlink/family.ts');
      const { ScriptedTransport } = await import('./src/netlink/transport/scripted.ts');
      const seqOf = (d) => Buffer.from(d).readUInt32LE(8);
      const msg = (type, flags, seq, payload) => { const b = Buffer.alloc(16 + payload.length); b.writeUInt32LE(b.length, 0); b.writeUInt16LE(type, 4); b.writeUInt16LE(flags, 6); b.writeUInt32LE(seq, 8); payload.copy(b, 16); return b; };
      const ack = (d, e = 0) => { const p = Buffer.alloc(20); p.writeInt32LE(e, 0); Buffer.from(d).copy(p, 4, 0, 16); return msg(2, 0x100, seqOf(d), p); };
      let n = 0;
      const t = new ScriptedTransport((d) => {
        n++;
        if (n === 3) return; // never answered: times out
        if (Buffer.from(d).readUInt16LE(6) & 0x300) return [msg(16, 2, seqOf(d), Buffer.alloc(4)), msg(3, 2, seqOf(d), Buffer.alloc(4))];
        return ack(d, n === 2 ? -1 : 0);
      });
      const s = new Session({ family: new Family(99, 'test'), littleEndian: true }); // default 60 s timeout
      s.attach(await t.open({ protocol: 99 }, s.sink));
      await s.request({ type: 20, flags: 0, body: new Uint8Array(4) });
      await s.request({ type: 20, flags: 0, body: new Uint8Array(4) }).catch(() => {});
      await s.request({ type: 20, flags: 0, body: new Uint8Array(4) }, { timeoutMs: 50 }).catch(() => {});
      await s.dump({ type: 18, flags: 0, body: new Uint8Array(4) }).toArray();
      const pending = s.request({ type: 20, flags: 0, body: new Uint8Array(4) }); // in flight at close
      await s.close();
      await pending.catch(() => {});
      console.log('closed');
      `,
      10000,
    );
    expect(r.out).toContain('closed');
    expect(r.code).toBe(0);
  });

  it('Netlink.open (sandbox) → list → close: the process exits within 2 s of the close', async () => {
    const r = await runScript(
      `
      const { Netlink } = await import('./src/index.ts');
      const h = await Netlink.open({ sandbox: true });
      await h.link.list();
      const stream = h.monitor({ groups: ['link'] });
      await h.close();
      console.log('closed ' + Date.now());
      `,
      15000,
    );
    expect(r.code, r.out).toBe(0);
    const closedAt = Number(/closed (\d+)/.exec(r.out)?.[1]);
    expect(Date.now() - closedAt).toBeLessThan(2000);
  });
});
