/**
 * route.stream(), addr.stream(), neigh.stream() against the kernel (the same entries as list(),
 * in dump order), and dumpEach's backpressure: while the promise a callback returned is pending,
 * the session stops reading and the kernel stops producing the dump.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeDump } from '../../src/rtnl/route/requests.js';
import type { RouteMessage } from '../../src/rtnl/route/schema.js';
import { sandbox, sleep, type Sandbox } from './util.js';

const ROUTES = 20000;
let s: Sandbox;
beforeAll(async () => {
  s = await sandbox('st');
  await s.h.link.add({ kind: 'veth', name: 'v0', peer: { name: 'v1' }, up: true });
  await s.h.link('v1').up();
  await s.h.addr.add('v0', '10.0.0.1/8');
  await s.h.addr.add({ dev: 'v0', address: 'fd00::1/64', noDad: true });
  await s.h.neigh.add({ address: '10.0.0.7', dev: 'v0', lladdr: '02:00:00:00:00:07', state: 'PERMANENT' });
  await s.h.neigh.add({ address: '10.0.0.8', dev: 'v0', lladdr: '02:00:00:00:00:08', state: 'PERMANENT' });
  for (let i = 0; i < ROUTES; i += 1000) {
    await Promise.all(Array.from({ length: 1000 }, (_, j) => s.h.route.add({ dst: `20.${(i + j) >> 8}.${(i + j) & 255}.0/24`, via: '10.0.0.2' })));
  }
}, 120000);
afterAll(async () => {
  await s?.close();
});

describe('streamed dumps', () => {
  it('route.stream() yields what route.list() returns, in the same order, with interface names', async () => {
    const listed = await s.h.route.list();
    const streamed: Array<{ dst: string; devName?: string }> = [];
    let n = 0;
    for await (const r of s.h.route.stream()) {
      streamed.push({ dst: r.dst, ...(r.devName !== undefined ? { devName: r.devName } : {}) });
      // A slow reader: the stream's queue stays bounded (the session pauses) and nothing is lost.
      if (++n % 2000 === 0) await sleep(20);
    }
    expect(streamed.length).toBe(ROUTES + 1);
    expect(streamed).toEqual(listed.map((r) => ({ dst: r.dst, ...(r.devName !== undefined ? { devName: r.devName } : {}) })));
    expect(streamed.find((r) => r.dst === '20.0.5.0/24')?.devName).toBe('v0');
  }, 60000);

  it('a reader stopping early ends the dump, and the handle goes on working', async () => {
    let n = 0;
    for await (const r of s.h.route.stream()) {
      expect(r.dst).toMatch(/\//);
      if (++n === 3000) break;
    }
    expect((await s.h.route.list({ filter: (r) => r.dst === '20.0.5.0/24' })).length).toBe(1);
  }, 60000);

  it('addr.stream() and neigh.stream() yield what list() returns', async () => {
    const key = (a: { cidr: string; dev?: string }) => `${a.cidr} ${a.dev}`;
    const addrs: string[] = [];
    for await (const a of s.h.addr.stream({ dev: 'v0' })) addrs.push(key(a));
    expect(addrs).toEqual((await s.h.addr.list({ dev: 'v0' })).map(key));
    expect(addrs).toContain('10.0.0.1/8 v0');
    const nkey = (n: { address?: string; dev?: string; lladdr?: string }) => `${n.address} ${n.dev} ${n.lladdr}`;
    const neigh: string[] = [];
    for await (const n of s.h.neigh.stream({ dev: 'v0', family: 4 })) neigh.push(nkey(n));
    expect(neigh).toEqual((await s.h.neigh.list({ dev: 'v0', family: 4 })).map(nkey));
    expect(neigh).toContain('10.0.0.7 v0 02:00:00:00:00:07');
  });

  it('dumpEach waits while the promise a callback returned is pending (backpressure)', async () => {
    const d = routeDump({ table: 254, family: 2 });
    let seen = 0;
    let duringPause = -1;
    const { interrupted } = await s.h.dumpEach<RouteMessage>(d.request, () => {
      seen++;
      if (seen !== 100) return;
      // Hold the reader for a while: only what the helper had already relayed may still arrive.
      return sleep(300).then(() => {
        duringPause = seen;
      });
    });
    expect(interrupted).toBe(false);
    expect(seen).toBe(ROUTES + 1);
    // 20000 routes are ~2 MB of messages; the helper relays at most 1 MiB per write.
    expect(duringPause).toBeGreaterThanOrEqual(100);
    expect(duringPause).toBeLessThan(ROUTES * 0.75);
  }, 60000);

  it('a rejected callback promise ends dumpEach with its error', async () => {
    const d = routeDump({ table: 254, family: 2 });
    let n = 0;
    await expect(s.h.dumpEach<RouteMessage>(d.request, () => (++n === 10 ? Promise.reject(new Error('reader gone')) : undefined))).rejects.toThrow('reader gone');
    expect((await s.h.route.list({ filter: (r) => r.dst === '20.0.5.0/24' })).length).toBe(1);
  }, 60000);
});
