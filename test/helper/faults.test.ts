/** Protocol faults and helper death. */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { HelperError, HelperOperationError } from '../../src/netlink/errors.js';
import { encodeFrame, Op } from '../../src/netlink/transport/frames.js';
import { HelperProcess, HelperTransport } from '../../src/netlink/transport/helper.js';
import { CollectingSink, getLinkRequest, isRoot, NLMSG_DONE, RawHelper, u32, uniqueName } from './util.js';
import { netnsAdd, netnsDelete, netnsList, nsFdOpen } from '../../src/system/netns.js';
import { HostOp } from '../../src/system/ops.js';

const EPROTO = 71;
const EINVAL = 22;
const EBADF = 9;

describe('helper protocol faults', () => {
  it('answers malformed frames with ERR and keeps serving', async () => {
    const h = new RawHelper();
    const bad = encodeFrame(Op.HELLO, 0, 2);
    bad[6] = 1; // reserved flags
    h.write(encodeFrame(77, 0, 1)); // unknown op
    h.write(bad);
    h.write(encodeFrame(Op.OPEN, 0, 3, Uint8Array.of(1, 2, 3))); // short payload
    h.write(encodeFrame(Op.OPEN, 0, 4, new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]))); // too many groups
    h.write(encodeFrame(Op.OPEN, 0, 5, new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9]))); // bad ns kind
    h.write(encodeFrame(HostOp.NETNS_ADD, 0, 6, new TextEncoder().encode('a/b')));
    h.write(encodeFrame(Op.SEND, 12345, 7, Uint8Array.of(1)));
    h.write(encodeFrame(HostOp.NETNS_LIST, 3, 8)); // control op on a channel
    h.write(encodeFrame(Op.HELLO, 0, 9, Uint8Array.of(0))); // HELLO takes no payload
    h.write(encodeFrame(HostOp.NS_FD_OPEN, 0, 10, new Uint8Array([2, ...new TextEncoder().encode('/a\0b')])));
    h.write(encodeFrame(Op.HELLO, 0, 11));
    const frames = await h.waitFrames(11);
    expect(frames.map((f) => [f.op, f.tag, f.op === Op.ERR ? u32(f) : 0])).toEqual([
      [Op.ERR, 1, EPROTO],
      [Op.ERR, 2, EPROTO],
      [Op.ERR, 3, EPROTO],
      [Op.ERR, 4, EPROTO],
      [Op.ERR, 5, EINVAL],
      [Op.ERR, 6, EINVAL],
      [Op.ERR, 7, EBADF],
      [Op.ERR, 8, EPROTO],
      [Op.ERR, 9, EPROTO],
      [Op.ERR, 10, EINVAL],
      [Op.OK, 11, 0],
    ]);
    h.child.stdin.end();
    expect(await h.exit).toEqual({ code: 0, signal: null });
  });

  it('survives a byte-wise split stream and random garbage frames (sandboxed)', async () => {
    const h = new RawHelper(['--sandbox']);
    const frames: Buffer[] = [];
    for (let i = 0; i < 400; i++) {
      const op = i % 3 === 0 ? 1 + Math.floor(Math.random() * 20) : Math.floor(Math.random() * 65536);
      frames.push(encodeFrame(op, Math.random() < 0.5 ? 0 : Math.floor(Math.random() * 4), i + 1, randomBytes(Math.floor(Math.random() * 64))));
    }
    frames.push(encodeFrame(Op.HELLO, 0, 100000));
    const all = Buffer.concat(frames);
    for (let off = 0; off < all.length; ) {
      const n = 1 + Math.floor(Math.random() * 7);
      h.write(all.subarray(off, off + n));
      off += n;
    }
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no final HELLO reply; stderr: ${h.stderr}`)), 10000);
      const check = setInterval(() => {
        if (h.frames.some((f) => f.tag === 100000 && f.op === Op.OK)) {
          clearTimeout(timer);
          clearInterval(check);
          resolve();
        }
      }, 20);
    });
    h.child.stdin.end();
    const exit = await h.exit;
    expect(exit.signal).toBeNull();
    expect(exit.code).toBe(0);
  });

  it('reports FATAL and exits 3 on an impossible length', async () => {
    const h = new RawHelper();
    h.write(Uint8Array.of(8, 0, 0, 0, 1, 0, 0, 0));
    const exit = await h.exit;
    expect(exit).toEqual({ code: 3, signal: null });
    expect(h.frames.map((f) => f.op)).toEqual([Op.FATAL]);
    const h2 = new RawHelper();
    h2.write(Uint8Array.of(0xff, 0xff, 0xff, 0x7f));
    expect(await h2.exit).toEqual({ code: 3, signal: null });
  });

  it('exits 0 promptly on EOF, also mid-frame', async () => {
    const h = new RawHelper();
    const t0 = Date.now();
    h.child.stdin.end();
    expect(await h.exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - t0).toBeLessThan(1000);
    const h2 = new RawHelper();
    h2.write(encodeFrame(Op.HELLO, 0, 1).subarray(0, 10));
    h2.child.stdin.end();
    expect(await h2.exit).toEqual({ code: 0, signal: null });
    expect(h2.frames).toEqual([]);
  });

  it('HelperProcess.close() ends stdin and the helper exits 0', async () => {
    const helper = await HelperProcess.start();
    const sink = new CollectingSink();
    await helper.openSocket({ protocol: 0 }, sink);
    await helper.close();
    expect(helper.exitStatus).toEqual({ code: 0, signal: null });
    expect(sink.closedWith).toBeUndefined();
    await expect(netnsList(helper)).rejects.toBeInstanceOf(HelperError);
  });

  it('rejects HelperOperationError for ERR replies', async () => {
    const helper = await HelperProcess.start();
    await expect(helper.openSocket({ protocol: 31 }, new CollectingSink())).rejects.toBeInstanceOf(HelperOperationError);
    await helper.close();
  });

  it('a missing binary gives HelperError', async () => {
    await expect(HelperProcess.start({ path: '/nonexistent/pure-netlink-helper' })).rejects.toBeInstanceOf(HelperError);
  });
});

describe.skipIf(!isRoot)('helper death (root)', () => {
  const ns = uniqueName();
  const transport = new HelperTransport();

  afterAll(async () => {
    const h = await HelperProcess.start();
    await netnsDelete(h, ns).catch(() => {});
    await h.close();
    await transport.close();
  });

  it('kill -9 during a large dump rejects pending requests at once; the next open() starts a new helper', async () => {
    const first = await transport.helper();
    await netnsAdd(first, ns);
    const sink = new CollectingSink();
    const sock = await transport.open({ protocol: 0, netns: { kind: 'name', name: ns } }, sink);
    // Many single-link requests make a large stream of replies.
    let pendingAtKill: Promise<unknown>[] = [];
    let killedAt = 0;
    const origDatagram = sink.datagram.bind(sink);
    sink.datagram = (data, info) => {
      origDatagram(data, info);
      if (sink.datagrams.length === 50) {
        pendingAtKill = [netnsList(first), sock.setOption(1, 1), nsFdOpen(first, { kind: 'current' })];
        killedAt = Date.now();
        process.kill(first.pid!, 'SIGKILL');
      }
    };
    for (let i = 0; i < 5000; i++) sock.send(getLinkRequest(i + 1, 1));
    sock.send(getLinkRequest(99999));
    await sink.until(() => sink.closedWith !== null, 10000);
    expect(sink.closedWith).toBeInstanceOf(HelperError);
    expect((sink.closedWith as HelperError).exit).toEqual({ code: null, signal: 'SIGKILL' });
    expect(sink.closedWith!.message).toContain('SIGKILL');
    const settled = await Promise.allSettled(pendingAtKill);
    expect(Date.now() - killedAt).toBeLessThan(2000);
    for (const s of settled) {
      expect(s.status).toBe('rejected');
      expect((s as PromiseRejectedResult).reason).toBeInstanceOf(HelperError);
    }
    expect(first.exited).toBe(true);
    await expect(netnsList(first)).rejects.toBeInstanceOf(HelperError);

    // The transport starts a fresh helper.
    const sink2 = new CollectingSink();
    const sock2 = await transport.open({ protocol: 0, netns: { kind: 'name', name: ns } }, sink2);
    const second = await transport.helper();
    expect(second).not.toBe(first);
    expect(second.pid).not.toBe(first.pid);
    sock2.send(getLinkRequest(1));
    await sink2.until(() => sink2.messages.some((m) => m.type === NLMSG_DONE));
    expect(sink2.messages.filter((m) => m.type === 16).map((m) => m.ifname)).toEqual(['lo']);
    await sock2.close();
  });

  it('concurrent opens after a death share one new helper', async () => {
    const h = await transport.helper();
    h.kill();
    await h.whenExited();
    const [a, b] = await Promise.all([
      transport.open({ protocol: 0 }, new CollectingSink()),
      transport.open({ protocol: 0 }, new CollectingSink()),
    ]);
    expect((await transport.helper()).socketCount).toBe(2);
    await a.close();
    await b.close();
  });
});
