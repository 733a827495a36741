import { describe, expect, it } from 'vitest';
import { Session } from '../../src/netlink/session.js';
import { ScriptedTransport, type Script } from '../../src/netlink/transport/scripted.js';
import { DumpInterruptedError, HelperError, NetlinkError, TimeoutError } from '../../src/netlink/errors.js';
import { splitMessages } from '../../src/netlink/message.js';
import { cat, nla, nlmsg, str, u32 } from '../support/bytes.js';
import { MULTI, RAW_PROTO as PROTO, ack, done, scriptedSession, seqOf } from '../support/session.js';
import { Family } from '../../src/netlink/family.js';

const open = (script: Script) => scriptedSession(script);

describe('session', () => {
  it('matches answers to requests by seq, even out of order (many in flight)', async () => {
    const held: Uint8Array[] = [];
    const { session, transport } = await open((d) => {
      held.push(d);
    });
    const a = session.request({ type: 20, flags: 0, body: new Uint8Array(4) });
    const b = session.request({ type: 20, flags: 0, body: new Uint8Array(4) });
    expect(session.inFlight).toBe(2);
    const sock = transport.sockets[0]!;
    // Answer the second first.
    sock.deliver(ack(seqOf(held[1]!), Buffer.from(held[1]!)));
    sock.deliver(ack(seqOf(held[0]!), Buffer.from(held[0]!)));
    await expect(a).resolves.toEqual([]);
    await expect(b).resolves.toEqual([]);
  });

  it('sets REQUEST|ACK and rejects with errno name, extack message and offset', async () => {
    const { session } = await open((d) => {
      const req = Buffer.from(d);
      expect(req.readUInt16LE(6) & 0x5).toBe(0x5);
      const extack = cat(nla(1, str('Unknown device type')), nla(2, u32(20)));
      return ack(seqOf(d), req, -95, extack);
    });
    const err = await session.request({ type: 16, flags: 0x600, body: new Uint8Array(8) }).catch((e) => e);
    expect(err).toBeInstanceOf(NetlinkError);
    expect(err.code).toBe('EOPNOTSUPP');
    expect(err.errno).toBe(95);
    expect(err.extackMessage).toBe('Unknown device type');
    expect(err.offset).toBe(20);
    expect(err.iproute2Message).toBe('Error: Unknown device type.');
    expect(Buffer.from(err.request).length).toBe(24);
  });

  it('streams a multi-datagram dump and ends at NLMSG_DONE', async () => {
    const { session, transport } = await open((d) => {
      const seq = seqOf(d);
      const sock = transport.sockets[0]!;
      sock.deliver(cat(nlmsg(16, MULTI, seq, 1, u32(1)), nlmsg(16, MULTI, seq, 1, u32(2))));
      sock.deliver(nlmsg(16, MULTI, seq, 1, u32(3)));
      sock.deliver(done(seq));
    });
    const stream = session.dump({ type: 18, flags: 0, body: new Uint8Array(16) });
    const got: number[] = [];
    for await (const m of stream) got.push(Buffer.from(m.body as Uint8Array).readUInt32LE(0));
    expect(got).toEqual([1, 2, 3]);
    expect(session.inFlight).toBe(0);
    const sent = transport.sockets[0]!.sent[0]!;
    expect(Buffer.from(sent).readUInt16LE(6)).toBe(0x301);
  });

  it('surfaces NLM_F_DUMP_INTR: throws by default, flags it when asked', async () => {
    const script = (d: Uint8Array) => {
      const seq = seqOf(d);
      return [cat(nlmsg(16, MULTI | 0x10, seq, 1, u32(1)), done(seq, MULTI | 0x10))];
    };
    const { session } = await open(script);
    await expect(session.dump({ type: 18, flags: 0, body: new Uint8Array(16) }).toArray()).rejects.toBeInstanceOf(DumpInterruptedError);
    const s2 = session.dump({ type: 18, flags: 0, body: new Uint8Array(16) }, { throwOnInterrupt: false });
    expect(await s2.toArray()).toHaveLength(1);
    expect(s2.interrupted).toBe(true);
  });

  it('applies a client-side match only where the kernel did not filter', async () => {
    const { session } = await open((d) => {
      const seq = seqOf(d);
      return [cat(nlmsg(16, MULTI, seq, 1, u32(1)), nlmsg(16, MULTI, seq, 1, u32(2)), nlmsg(16, MULTI | 0x20, seq, 1, u32(3)), done(seq))];
    });
    const out = await session.dump<Uint8Array>({ type: 18, flags: 0, body: new Uint8Array(16) }, {
      raw: false,
      match: (body) => Buffer.from(body).readUInt32LE(0) === 2,
    }).toArray();
    expect(out.map((m) => Buffer.from(m.body).readUInt32LE(0))).toEqual([2, 3]);
  });

  it('sends a batch in one datagram and resolves each request separately', async () => {
    const { session, transport } = await open((d) => {
      const msgs = splitMessages(d, true);
      return msgs.map((m, i) => ack(m.seq, Buffer.from(d.subarray(m.offset, m.offset + m.length)), i === 1 ? -17 : 0));
    });
    const results = await Promise.allSettled(
      session.batch([1, 2, 3].map(() => ({ type: 16, flags: 0x600, body: new Uint8Array(16) }))),
    );
    expect(transport.sockets[0]!.sent).toHaveLength(1);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.code).toBe('EEXIST');
  });

  it('splits a batch larger than maxDatagram over several datagrams', async () => {
    const transport = new ScriptedTransport((d) => splitMessages(d, true).map((m) => ack(m.seq, Buffer.from(d.subarray(m.offset, m.offset + 16)))));
    const session = new Session({ family: new Family(PROTO, 'test'), littleEndian: true, maxDatagram: 1024 });
    session.attach(await transport.open({ protocol: PROTO }, session.sink));
    await Promise.all(session.batch(Array.from({ length: 100 }, () => ({ type: 16, flags: 0, body: new Uint8Array(48) }))));
    const sent = transport.sockets[0]!.sent;
    expect(sent.length).toBeGreaterThan(5);
    for (const d of sent) expect(d.length).toBeLessThanOrEqual(1024);
  });

  it('a request without ACK resolves with its single answer (like ip route get)', async () => {
    const { session } = await open((d) => nlmsg(24, 0, seqOf(d), 1, u32(7)));
    const r = await session.request({ type: 26, flags: 0, body: new Uint8Array(12) }, { ack: false });
    expect(r).toHaveLength(1);
  });

  it('times out', async () => {
    const { session } = await open(() => undefined);
    await expect(session.request({ type: 16, flags: 0, body: new Uint8Array(4) }, { timeoutMs: 50 })).rejects.toBeInstanceOf(TimeoutError);
    expect(session.inFlight).toBe(0);
  });

  it('rejects every pending request and dump at once when the transport dies', async () => {
    const { session, transport } = await open(() => undefined);
    const r = session.request({ type: 16, flags: 0, body: new Uint8Array(4) });
    const d = session.dump({ type: 18, flags: 0, body: new Uint8Array(4) }).toArray();
    transport.kill();
    await expect(r).rejects.toBeInstanceOf(HelperError);
    await expect(d).rejects.toBeInstanceOf(HelperError);
    await expect(session.request({ type: 16, flags: 0, body: new Uint8Array(4) })).rejects.toBeInstanceOf(HelperError);
    await expect(session.dump({ type: 18, flags: 0, body: new Uint8Array(4) }).toArray()).rejects.toBeInstanceOf(HelperError);
  });

  it('routes multicast datagrams to listeners and reports overruns', async () => {
    const { session, transport } = await open(() => undefined);
    const seen: number[] = [];
    let overruns = 0;
    session.listen({ message: (m) => seen.push(m.type), overrun: () => overruns++ });
    transport.sockets[0]!.deliver(nlmsg(16, 0, 0, 0, u32(1)), { groups: 1 });
    transport.sockets[0]!.overrun();
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual([16]);
    expect(overruns).toBe(1);
  });

  it('stopping a dump early drops the rest quietly', async () => {
    const { session, transport } = await open((d) => {
      const seq = seqOf(d);
      const s = transport.sockets[0]!;
      s.deliver(cat(nlmsg(16, MULTI, seq, 1, u32(1)), nlmsg(16, MULTI, seq, 1, u32(2))));
      s.deliver(done(seq));
    });
    for await (const m of session.dump({ type: 18, flags: 0, body: new Uint8Array(4) })) {
      void m;
      break;
    }
    await new Promise((r) => setTimeout(r, 20));
    expect(session.inFlight).toBe(0);
  });
});

describe('session: one dump at a time per socket', () => {
  it('queues a second dump until the first is done, while requests still pipeline', async () => {
    const sentTypes: number[] = [];
    let running: number | undefined;
    const { session, transport } = await open((d) => {
      const type = Buffer.from(d).readUInt16LE(4);
      const seq = seqOf(d);
      sentTypes.push(type);
      const sock = transport.sockets[0]!;
      if (type === 18) {
        // Like the kernel: EBUSY if a dump is already running on this socket.
        if (running !== undefined) return ack(seq, Buffer.from(d), -16);
        running = seq;
        setTimeout(() => {
          running = undefined;
          sock.deliver(cat(nlmsg(16, MULTI, seq, 1, u32(seq)), done(seq)));
        }, 20);
        return;
      }
      return ack(seq, Buffer.from(d));
    });
    const a = session.dump({ type: 18, flags: 0, body: new Uint8Array(16) }).toArray();
    const b = session.dump({ type: 18, flags: 0, body: new Uint8Array(16) }).toArray();
    const r = session.request({ type: 16, flags: 0, body: new Uint8Array(16) });
    await r; // answered while the first dump is still running
    expect(sentTypes).toEqual([18, 16]);
    const [ra, rb] = await Promise.all([a, b]);
    expect(ra).toHaveLength(1);
    expect(rb).toHaveLength(1);
    expect(sentTypes).toEqual([18, 16, 18]);
  });

  it('a failed or abandoned dump lets the next one start', async () => {
    const { session } = await open((d) => {
      const seq = seqOf(d);
      return [cat(nlmsg(16, MULTI, seq, 1, u32(1)), nlmsg(16, MULTI, seq, 1, u32(2)), done(seq))];
    });
    for await (const m of session.dump({ type: 18, flags: 0, body: new Uint8Array(16) })) {
      void m;
      break;
    }
    expect(await session.dump({ type: 18, flags: 0, body: new Uint8Array(16) }).toArray()).toHaveLength(2);
  });
});

describe('session: timeouts count silence, not age', () => {
  it('a long batch whose answers keep coming does not time out', async () => {
    const { session, transport } = await open((d) => {
      // Answer each message of the batch 30 ms after the previous one: 10 answers take 300 ms.
      splitMessages(d, true).forEach((m, i) => {
        setTimeout(() => transport.sockets[0]!.deliver(ack(m.seq, Buffer.from(d.subarray(m.offset, m.offset + 16)))), 30 * (i + 1));
      });
    });
    const results = await Promise.allSettled(
      session.batch(Array.from({ length: 10 }, () => ({ type: 16, flags: 0, body: new Uint8Array(4) })), { timeoutMs: 100 }),
    );
    expect(results.map((r) => r.status)).toEqual(Array(10).fill('fulfilled'));
  });

  it('times out once the socket goes silent', async () => {
    const { session, transport } = await open((d) => {
      const [first] = splitMessages(d, true);
      setTimeout(() => transport.sockets[0]!.deliver(ack(first!.seq, Buffer.from(d.subarray(0, 16)))), 20);
    });
    const [a, b] = session.batch([1, 2].map(() => ({ type: 16, flags: 0, body: new Uint8Array(4) })), { timeoutMs: 80 });
    await expect(a).resolves.toEqual([]);
    await expect(b).rejects.toBeInstanceOf(TimeoutError);
  });

  /** Blocks the event loop (a consumer's spawnSync, a long synchronous computation). */
  const blockLoop = (ms: number) => {
    const end = Date.now() + ms;
    while (Date.now() < end);
  };

  // The answer was on its way (queued for delivery, as in the helper's pipe) while the process
  // was busy: when the loop resumes, the timers phase runs before the answer is read. That is
  // not the kernel's silence; the dump and the request must still complete.
  it('a dump whose timer falls due while the event loop is blocked does not time out when its answer was waiting', async () => {
    const held: Uint8Array[] = [];
    const { session, sock } = await open((d) => void held.push(d));
    const stream = session.dump({ type: 18, flags: 0, body: new Uint8Array(4) }, { timeoutMs: 100 });
    const all = stream.toArray();
    await new Promise((r) => setTimeout(r, 50));
    await new Promise<void>((r) =>
      setImmediate(() => {
        sock().deliver(cat(nlmsg(16, MULTI, seqOf(held[0]!), 4242, u32(1)), done(seqOf(held[0]!))));
        blockLoop(300);
        r();
      }),
    );
    await expect(all).resolves.toHaveLength(1);
  });

  it('a request whose timer falls due while the event loop is blocked does not time out when its answer was waiting', async () => {
    const held: Uint8Array[] = [];
    const { session, sock } = await open((d) => void held.push(d));
    const answer = session.request({ type: 16, flags: 0, body: new Uint8Array(4) }, { timeoutMs: 100 });
    await new Promise((r) => setTimeout(r, 50));
    await new Promise<void>((r) =>
      setImmediate(() => {
        sock().deliver(ack(seqOf(held[0]!), held[0]!));
        blockLoop(300);
        r();
      }),
    );
    await expect(answer).resolves.toEqual([]);
  });

  it('still times out when the socket stays silent after a blocked event loop', async () => {
    const { session } = await open(() => undefined);
    const stream = session.dump({ type: 18, flags: 0, body: new Uint8Array(4) }, { timeoutMs: 100 });
    const all = stream.toArray();
    const request = session.request({ type: 16, flags: 0, body: new Uint8Array(4) }, { timeoutMs: 100 });
    const started = Date.now();
    await new Promise((r) => setTimeout(r, 50));
    blockLoop(300);
    await expect(all).rejects.toBeInstanceOf(TimeoutError);
    await expect(request).rejects.toBeInstanceOf(TimeoutError);
    // Nothing waited unread when the loop resumed: the silence was the socket's, and it ends
    // at once instead of counting another period.
    expect(Date.now() - started).toBeLessThan(350 + 100);
  });

  // A consumer that is blocked most of the time (it polls `ip -j` with spawnSync under load):
  // every timer fires late. Restarting the count on a late timer never timed the silent dump
  // out, and a monitor's resync waited for it forever.
  it('a silent socket times out even when every timer fires during a stall', async () => {
    const { session } = await open(() => undefined);
    const stream = session.dump({ type: 18, flags: 0, body: new Uint8Array(4) }, { timeoutMs: 100 });
    let outcome: unknown;
    stream.toArray().then(
      () => (outcome = 'done'),
      (e: unknown) => (outcome = e),
    );
    for (let i = 0; i < 10 && outcome === undefined; i++) {
      await new Promise((r) => setTimeout(r, 5));
      blockLoop(200);
    }
    await new Promise((r) => setTimeout(r, 5));
    expect(outcome).toBeInstanceOf(TimeoutError);
  });
});

describe('session: batches are cut into datagrams of at most maxBatchMessages', () => {
  it('packs 200 requests into 4 datagrams of 64, 64, 64 and 8 messages', async () => {
    const { session, transport } = await open((d) => splitMessages(d, true).map((m) => ack(m.seq, Buffer.from(d.subarray(m.offset, m.offset + 16)))));
    await Promise.all(session.batch(Array.from({ length: 200 }, () => ({ type: 16, flags: 0, body: new Uint8Array(4) }))));
    expect(transport.sockets[0]!.sent.map((d) => splitMessages(d, true).length)).toEqual([64, 64, 64, 8]);
  });

  it('forEach hands dump messages over in the socket order, interleaved with notifications; onEnd runs at NLMSG_DONE', async () => {
    const held: Uint8Array[] = [];
    const { session, transport } = await open((d) => void held.push(d));
    const order: string[] = [];
    session.listen({ message: (m) => order.push(`notification ${(m.body as Uint8Array)[0]}`) });
    const stream = session.dump({ type: 18, flags: 0, body: new Uint8Array(4) });
    const consumed = stream.forEach((m) => order.push(`dump ${(m.body as Uint8Array)[0]}`), () => order.push('end'));
    await new Promise((r) => setImmediate(r));
    const seq = seqOf(held[0]!);
    const note = (n: number) => nlmsg(16, 0, 0, 0, Buffer.from([n, 0, 0, 0]));
    const entry = (n: number) => nlmsg(16, MULTI, seq, 4242, Buffer.from([n, 0, 0, 0]));
    // One datagram: dump, notification, dump, DONE, notification (a multicast one would come
    // in its own datagram; seq 0 makes it a notification here).
    transport.sockets[0]!.deliver(cat(entry(1), note(7), entry(2), done(seq), note(8)));
    await consumed;
    expect(order).toEqual(['dump 1', 'notification 7', 'dump 2', 'end', 'notification 8']);
  });

  it('an aborted dump frees the socket for the next one at once', async () => {
    const held: Uint8Array[] = [];
    const { session, transport } = await open((d) => void held.push(d));
    const ctl = new AbortController();
    const first = session.dump({ type: 18, flags: 0, body: new Uint8Array(4) }, { signal: ctl.signal });
    const second = session.dump({ type: 18, flags: 0, body: new Uint8Array(4) });
    await new Promise((r) => setImmediate(r));
    expect(held.length).toBe(1); // one dump per socket at a time
    ctl.abort();
    await expect(first.toArray()).rejects.toThrow(/aborted/);
    await new Promise((r) => setImmediate(r));
    expect(held.length).toBe(2);
    const seq = seqOf(held[1]!);
    transport.sockets[0]!.deliver(done(seq));
    await expect(second.toArray()).resolves.toEqual([]);
  });

  it('a paused session does not time out (the silence is its own)', async () => {
    const held: Uint8Array[] = [];
    const transport = new ScriptedTransport((d) => void held.push(d));
    const session = new Session({ family: new Family(PROTO, 'test'), littleEndian: true, timeoutMs: 50 });
    session.attach(await transport.open({ protocol: PROTO }, session.sink));
    const stream = session.dump({ type: 18, flags: 0, body: new Uint8Array(4) });
    session.pause();
    await new Promise((r) => setTimeout(r, 200));
    session.resume();
    transport.sockets[0]!.deliver(done(seqOf(held[0]!)));
    await expect(stream.toArray()).resolves.toEqual([]);
  });
});
