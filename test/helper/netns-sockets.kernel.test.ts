/**
 * Real-kernel tests of the helper (root only). Every namespace and device they create has a
 * unique `pnt-…` name and is removed in afterAll; the host's own interfaces are never touched.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readlinkSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HelperOperationError, ValidationError } from '../../src/netlink/errors.js';
import { HelperProcess } from '../../src/netlink/transport/helper.js';
import type { TransportSocket } from '../../src/netlink/transport/types.js';
import { CollectingSink, getLinkRequest, isRoot, NLMSG_DONE, parseMessages, RTM_NEWLINK, sleep, uniqueName } from './util.js';
import { NOT_ROOT, skipping } from '../support/probe.js';
import { netnsAdd, netnsAttach, netnsDelete, netnsExecArgs, netnsIdentify, netnsList, netnsPids, nsFdClose, nsFdOpen } from '../../src/system/netns.js';
import { tuntapAdd, tuntapDel } from '../../src/system/tuntap.js';

const NETLINK_ROUTE = 0;
const NETLINK_USERSOCK = 2;

/** Sends a GETLINK dump on `sock` and resolves with the link names once NLMSG_DONE arrives. */
async function dumpLinks(sock: TransportSocket, sink: CollectingSink, seq: number, timeoutMs?: number): Promise<{ names: string[]; types: number[] }> {
  const start = sink.messages.length;
  let sendError: Error | undefined;
  sock.send(getLinkRequest(seq), (e) => (sendError = e));
  await sink.until(() => sendError !== undefined || sink.messages.slice(start).some((m) => m.seq === seq && m.type === NLMSG_DONE), timeoutMs);
  if (sendError) throw sendError;
  const mine = sink.messages.slice(start).filter((m) => m.seq === seq);
  return { names: mine.filter((m) => m.type === RTM_NEWLINK).map((m) => m.ifname ?? '?'), types: mine.map((m) => m.type) };
}

describe.skipIf(skipping(NOT_ROOT))('helper against the kernel (root)', () => {
  let helper: HelperProcess;
  const nsA = uniqueName();
  const nsB = uniqueName();
  const nsC = uniqueName();
  let sleeper: ChildProcess | undefined;

  beforeAll(async () => {
    helper = await HelperProcess.start();
    await netnsAdd(helper, nsA);
    await netnsAdd(helper, nsB);
  });

  afterAll(async () => {
    if (sleeper && sleeper.exitCode === null) sleeper.kill('SIGKILL');
    for (const ns of [nsA, nsB, nsC]) await netnsDelete(helper, ns).catch(() => {});
    await helper.close();
    for (const ns of [nsA, nsB, nsC]) expect(existsSync(`/run/netns/${ns}`)).toBe(false);
  });

  it('answers HELLO with its pid and version', () => {
    expect(helper.hello?.pid).toBe(helper.pid);
    expect(helper.hello?.sandbox).toBe(false);
    expect(helper.hello?.version).toMatch(/^pure-netlink-helper \S+ source-sha256 [0-9a-f]{64}$/);
  });

  it('NETNS_ADD made /run/netns entries; NETNS_LIST lists them', async () => {
    expect(existsSync(`/run/netns/${nsA}`)).toBe(true);
    const list = await netnsList(helper);
    expect(list).toContain(nsA);
    expect(list).toContain(nsB);
  });

  it('reports EEXIST / ENOENT and validates names', async () => {
    await expect(netnsAdd(helper, nsA)).rejects.toMatchObject({ name: 'HelperOperationError', code: 'EEXIST' });
    await expect(netnsDelete(helper, uniqueName())).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(netnsAdd(helper, '../etc')).rejects.toBeInstanceOf(ValidationError);
    await expect(netnsAdd(helper, '..')).rejects.toBeInstanceOf(ValidationError);
    await expect(netnsAdd(helper, 'a'.repeat(256))).rejects.toBeInstanceOf(ValidationError);
  });

  it('dumps links in a fresh namespace: exactly one RTM_NEWLINK "lo", then NLMSG_DONE', async () => {
    const sink = new CollectingSink();
    const sock = await helper.openSocket({ protocol: NETLINK_ROUTE, netns: { kind: 'name', name: nsA } }, sink);
    expect(sock.portId).toBeGreaterThan(0);
    const seq = 1234;
    sock.send(getLinkRequest(seq));
    await sink.until(() => sink.messages.some((m) => m.type === NLMSG_DONE));
    expect(sink.messages.map((m) => [m.type, m.seq, m.ifname])).toEqual([
      [RTM_NEWLINK, seq, 'lo'],
      [NLMSG_DONE, seq, undefined],
    ]);
    for (const d of sink.datagrams) expect(d.info).toEqual({ groups: 0, nsid: -1 });
    await sock.close();
    expect(sink.closedWith).toBeUndefined();
    await sock.close(); // idempotent
  });

  it('creates and deletes a tap device in a namespace (TUNTAP_ADD/DEL)', async () => {
    const sink = new CollectingSink();
    const sock = await helper.openSocket({ protocol: NETLINK_ROUTE, netns: { kind: 'name', name: nsB } }, sink);
    await tuntapAdd(helper, { name: 'pnt0', mode: 'tap', noPi: true, netns: { kind: 'name', name: nsB } });
    await tuntapAdd(helper, { name: 'pnt1', mode: 'tun', owner: 0, group: 0, netns: { kind: 'path', path: `/run/netns/${nsB}` } });
    expect((await dumpLinks(sock, sink, 1)).names.sort()).toEqual(['lo', 'pnt0', 'pnt1']);
    await tuntapDel(helper, { name: 'pnt1', mode: 'tun', netns: { kind: 'path', path: `/run/netns/${nsB}` } });
    expect((await dumpLinks(sock, sink, 2)).names.sort()).toEqual(['lo', 'pnt0']);
    await expect(tuntapDel(helper, { name: 'pnt9', mode: 'tap', netns: { kind: 'name', name: nsB } })).rejects.toMatchObject({ code: 'ENODEV' });
    await expect(tuntapAdd(helper, { name: 'a-very-long-interface', mode: 'tap' })).rejects.toBeInstanceOf(ValidationError);
    // pnt0 stays: the multi-namespace test below expects it in nsB.
    await sock.close();
  });

  it('stops and resumes reading one socket (SETOPT 0x10001): the kernel holds, then overruns, then ENOBUFS on resume', async () => {
    const sink = new CollectingSink();
    const other = new CollectingSink();
    // RTNLGRP_LINK with the smallest receive buffer: a few notifications fill it.
    const sock = await helper.openSocket({ protocol: NETLINK_ROUTE, netns: { kind: 'name', name: nsA }, groups: [1], rcvbuf: 4096 }, sink);
    const plain = await helper.openSocket({ protocol: NETLINK_ROUTE, netns: { kind: 'name', name: nsA } }, other);
    await sock.setOption(0x10001, 0);
    const ip = (...args: string[]) => expect(spawnSync('ip', ['-n', nsA, ...args]).status).toBe(0);
    for (let i = 0; i < 10; i++) {
      ip('link', 'add', 'pntp0', 'type', 'bridge');
      ip('link', 'del', 'pntp0');
    }
    // The other socket of the same helper is still read.
    expect((await dumpLinks(plain, other, 7)).names).toContain('lo');
    await sleep(100);
    expect(sink.datagrams.length).toBe(0);
    expect(sink.overruns).toBe(0);
    await expect(sock.setOption(0x10001, 2)).rejects.toMatchObject({ code: 'EINVAL' });
    await sock.setOption(0x10001, 1);
    await sink.until(() => sink.overruns > 0 && sink.datagrams.length > 0);
    await Promise.all([sock.close(), plain.close()]);
  });

  // With a receive buffer smaller than one dump skb, the kernel continues a dump only when the
  // queue is empty. The helper used to peek at each datagram's size first: the peek ran the
  // dump continuation while the peeked notification still sat in the queue, the kernel set
  // ENOBUFS, the read returned that error instead of the datagram, and the next peek did it
  // again. The helper spun reporting overruns, never finished the dump and never read its
  // stdin again (a monitor's resync hung; closing the socket hung).
  it('a 4 KiB socket dumping while notifications keep arriving: every dump ends, the helper stays responsive', async () => {
    const RTNLGRP_IPV4_IFADDR = 5;
    const ip = (...args: string[]) => expect(spawnSync('ip', ['-n', nsA, ...args]).status).toBe(0);
    const batch = (lines: string[]) => expect(spawnSync('ip', ['-n', nsA, '-batch', '-'], { input: lines.join('\n') + '\n' }).status).toBe(0);
    batch(Array.from({ length: 60 }, (_, i) => `link add pntd${i} type bridge`));
    ip('link', 'set', 'lo', 'up');
    const sink = new CollectingSink();
    const sock = await helper.openSocket({ protocol: NETLINK_ROUTE, netns: { kind: 'name', name: nsA }, groups: [RTNLGRP_IPV4_IFADDR], rcvbuf: 4096 }, sink);
    const flood: string[] = [];
    for (let round = 0; round < 40; round++) {
      for (let i = 0; i < 50; i++) flood.push(`addr add 10.77.${round}.${i + 1}/32 dev lo`);
      for (let i = 0; i < 50; i++) flood.push(`addr del 10.77.${round}.${i + 1}/32 dev lo`);
    }
    const flooding = spawn('ip', ['-n', nsA, '-batch', '-'], { stdio: ['pipe', 'ignore', 'ignore'] });
    const flooded = new Promise((r) => flooding.on('close', r));
    flooding.stdin!.end(flood.join('\n') + '\n');
    let dumps = 0;
    try {
      for (let seq = 100; seq < 130 && flooding.exitCode === null; seq++) {
        // The kernel goes on with the dump only when the small queue is empty: under the flood
        // that takes a while, but it ends.
        const { names } = await dumpLinks(sock, sink, seq, 30_000);
        expect(names).toHaveLength(61);
        dumps++;
        // Another request on the same helper is answered meanwhile.
        const t0 = Date.now();
        expect(await netnsList(helper)).toContain(nsA);
        expect(Date.now() - t0).toBeLessThan(5000);
      }
    } finally {
      flooding.kill();
      await flooded;
    }
    expect(dumps).toBeGreaterThan(0);
    expect(sink.datagrams.some((d) => d.info.groups !== 0)).toBe(true);
    await sock.close();
    batch(Array.from({ length: 60 }, (_, i) => `link del pntd${i}`));
  }, 60_000);

  // The kernel echoes a failed request in its NLMSG_ERROR (no NETLINK_CAP_ACK): a request of
  // 120 KiB comes back as one datagram larger than the 64 KiB the helper reserves per read.
  it('relays a datagram larger than 64 KiB whole (an error echoing a 120 KiB request)', async () => {
    const sink = new CollectingSink();
    const sock = await helper.openSocket({ protocol: NETLINK_ROUTE, netns: { kind: 'name', name: nsA } }, sink);
    const attrs = 2;
    const attrLen = 60_000;
    const req = new Uint8Array(32 + attrs * attrLen);
    const dv = new DataView(req.buffer);
    req.set(getLinkRequest(777, 0x7ffffff0));
    dv.setUint32(0, req.length, true);
    for (let i = 0; i < attrs; i++) {
      const at = 32 + i * attrLen;
      dv.setUint16(at, attrLen, true);
      dv.setUint16(at + 2, 0x3ff0, true); // far past IFLA_MAX: ignored by the non-strict parse
      for (let j = 4; j < attrLen; j++) req[at + j] = (i * 31 + j) & 0xff;
    }
    sock.send(req);
    await sink.until(() => sink.messages.some((m) => m.seq === 777));
    const reply = sink.datagrams.find((d) => parseMessages(d.data).some((m) => m.seq === 777))!.data;
    const [error] = parseMessages(reply);
    expect(error!.type).toBe(2); // NLMSG_ERROR
    expect(error!.error).toBeLessThan(0);
    // nlmsghdr, the error code, the request whole (extended-ACK attributes may follow).
    expect(reply.length).toBeGreaterThanOrEqual(16 + 4 + req.length);
    expect(Buffer.from(reply.subarray(20, 20 + req.length)).equals(Buffer.from(req))).toBe(true);
    await sock.close();
  });

  it('holds several sockets in several namespaces at once', async () => {
    const sinks = [new CollectingSink(), new CollectingSink(), new CollectingSink(), new CollectingSink()];
    const socks = await Promise.all([
      helper.openSocket({ protocol: NETLINK_ROUTE, netns: { kind: 'name', name: nsA } }, sinks[0]!),
      helper.openSocket({ protocol: NETLINK_ROUTE, netns: { kind: 'path', path: `/run/netns/${nsB}` } }, sinks[1]!),
      helper.openSocket({ protocol: NETLINK_ROUTE, netns: { kind: 'name', name: nsA }, groups: [1], rcvbuf: 1 << 20 }, sinks[2]!),
      helper.openSocket({ protocol: NETLINK_ROUTE, netns: { kind: 'name', name: nsB }, extAck: false, strictCheck: false }, sinks[3]!),
    ]);
    expect(new Set(socks.map((s) => s.id)).size).toBe(4);
    const results = await Promise.all(socks.map((s, i) => dumpLinks(s, sinks[i]!, 100 + i)));
    expect(results.map((r) => r.names.sort())).toEqual([['lo'], ['lo', 'pnt0'], ['lo'], ['lo', 'pnt0']]);
    await socks[0]!.setOption(1, 2); // NETLINK_ADD_MEMBERSHIP RTNLGRP_NEIGH
    await socks[0]!.setOption(0x10000, 1 << 21); // SO_RCVBUF
    await expect(socks[0]!.setOption(99, 1)).rejects.toMatchObject({ code: 'EINVAL' });
    await Promise.all(socks.map((s) => s.close()));
    expect(helper.socketCount).toBe(0);
  });

  it('opens sockets by pid, and NETNS_ATTACH / IDENTIFY / PIDS with an unshare -n child', async () => {
    sleeper = spawn('unshare', ['-n', 'sleep', '30'], { stdio: 'ignore' });
    const pid = sleeper.pid!;
    const own = readlinkSync('/proc/self/ns/net');
    for (let i = 0; i < 100; i++) {
      try {
        if (readlinkSync(`/proc/${pid}/ns/net`) !== own) break;
      } catch {
        // not there yet
      }
      await sleep(20);
    }
    expect(readlinkSync(`/proc/${pid}/ns/net`)).not.toBe(own);

    const sink = new CollectingSink();
    const sock = await helper.openSocket({ protocol: NETLINK_ROUTE, netns: { kind: 'pid', pid } }, sink);
    expect((await dumpLinks(sock, sink, 7)).names).toEqual(['lo']);
    await sock.close();

    expect(await netnsIdentify(helper, pid)).toEqual([]);
    await netnsAttach(helper, nsC, pid);
    expect(existsSync(`/run/netns/${nsC}`)).toBe(true);
    expect(await netnsIdentify(helper, pid)).toEqual([nsC]);
    expect(await netnsPids(helper, nsC)).toEqual([pid]);
    expect(await netnsPids(helper, nsA)).toEqual([]);
    expect(await netnsIdentify(helper, 0)).not.toContain(nsC);
    await expect(netnsAttach(helper, nsC, pid)).rejects.toMatchObject({ code: 'EEXIST' });

    sleeper.kill('SIGKILL');
    await new Promise((r) => sleeper!.once('exit', r));
    // The attached namespace outlives the process.
    expect(await netnsPids(helper, nsC)).toEqual([]);
    await netnsDelete(helper, nsC);
    expect(existsSync(`/run/netns/${nsC}`)).toBe(false);
  });

  it('hands out namespace fds and closes only its own', async () => {
    const fd = await nsFdOpen(helper, { kind: 'name', name: nsA });
    expect(fd).toBeGreaterThan(2);
    const fd2 = await nsFdOpen(helper, { kind: 'current' });
    await nsFdClose(helper, fd);
    await nsFdClose(helper, fd2);
    await expect(nsFdClose(helper, fd)).rejects.toMatchObject({ code: 'EBADF' });
    await expect(nsFdClose(helper, 0)).rejects.toMatchObject({ code: 'EBADF' });
    await expect(nsFdOpen(helper, { kind: 'path', path: '/etc/hostname' })).rejects.toMatchObject({ code: 'EINVAL' });
    await expect(nsFdOpen(helper, { kind: 'path', path: 'relative' })).rejects.toBeInstanceOf(ValidationError);
    await expect(nsFdOpen(helper, { kind: 'name', name: uniqueName() })).rejects.toBeInstanceOf(HelperOperationError);
  });

  it('exec mode runs a program in the namespace with its own /sys', () => {
    const argv = netnsExecArgs(helper, nsB, ['ls', '/sys/class/net']);
    expect(argv.slice(1, 3)).toEqual(['exec', nsB]);
    const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual(['lo', 'pnt0']);
    expect(r.status).toBe(0);
    const missing = spawnSync(argv[0]!, ['exec', nsB, 'pnt-no-such-program'], { encoding: 'utf8' });
    expect(missing.status).toBe(127);
    const status = spawnSync(argv[0]!, ['exec', nsB, 'sh', '-c', 'exit 7']);
    expect(status.status).toBe(7);
    expect(spawnSync(argv[0]!, ['exec', '../x', 'true']).status).toBe(255);
  });

  it('drops datagrams whose sender port id is not 0', async () => {
    const sink = new CollectingSink();
    const sock = await helper.openSocket({ protocol: NETLINK_USERSOCK, netns: { kind: 'name', name: nsA } }, sink);
    // A user-space peer in the same namespace sends to our port; the kernel delivers it
    // (sendto succeeds), the helper must drop it.
    const script =
      'import socket,struct,sys\n' +
      's=socket.socket(socket.AF_NETLINK,socket.SOCK_RAW,2)\n' +
      's.bind((0,0))\n' +
      'msg=struct.pack("=IHHII",16,0x10,0,1,0)\n' +
      'for _ in range(3): s.sendto(msg,(int(sys.argv[1]),0))\n' +
      'print("sent")\n';
    const argv = netnsExecArgs(helper, nsA, ['python3', '-c', script, String(sock.portId)]);
    const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('sent');
    expect(r.status).toBe(0);
    await sleep(300);
    expect(sink.datagrams).toEqual([]);
    await sock.close();
  });
});
