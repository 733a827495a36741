/**
 * Monitors under the overload they exist for (root: each test in a namespace of its own, the
 * kernel's state read back with `ip -j`). A consumer builds its view from the events as a user
 * would (`new` sets, `del` removes); after floods that overrun the socket, with the helper
 * frozen, with tiny receive buffers, with a consumer that stops reading, that view must equal
 * what `ip -j link/addr/route` prints once things are quiet, and the monitor must not give up.
 *
 * Each scenario prints what it measured (time from the end of the flood to a consistent view,
 * overruns, events queued while the consumer stalled, heap growth):
 *   npx vitest run test/api/monitor-overload.kernel.test.ts
 */
import { spawn, spawnSync } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { Netlink, TimeoutError, type Handle, type Monitor, type MonitorEvent, type MonitorOptions } from '../../src/api/index.js';
import { NOT_ROOT, skipping } from '../support/probe.js';

const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;
const HAVE_IP = spawnSync('ip', ['-V'], { encoding: 'utf8' }).status === 0;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let counter = 0;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A fresh namespace (deleted after the test) and a handle in it. */
async function namespace(): Promise<{ ns: string; h: Handle; ip(...args: string[]): string; ipj(...args: string[]): any }> {
  const ns = `pm-ov-${process.pid}-${++counter}`;
  expect(spawnSync('ip', ['netns', 'add', ns]).status).toBe(0);
  cleanups.push(() => void spawnSync('ip', ['netns', 'del', ns]));
  const h = await Netlink.open({ netns: ns });
  cleanups.push(() => h.close());
  const ip = (...args: string[]) => {
    const r = spawnSync('ip', ['-n', ns, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  return { ns, h, ip, ipj: (...args: string[]) => JSON.parse(ip('-j', ...args) || '[]') };
}

/** Runs `ip -n NS -batch -` with these lines, without blocking the event loop (the monitor keeps reading). */
function batch(ns: string, lines: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn('ip', ['-n', ns, '-force', '-batch', '-'], { stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ip -batch exited ${code}: ${err.slice(0, 500)}`))));
    p.stdin.end(lines.join('\n') + '\n');
  });
}

/** The consumer's view, built from events only. */
class View {
  links = new Map<number, { name: string; mtu?: number; up: boolean; operstate?: string; address?: string }>();
  addrs = new Set<string>();
  routes = new Map<string, string>();
  overruns = 0;
  resyncs = 0;
  events = 0;

  apply(ev: MonitorEvent): void {
    this.events++;
    if (ev.kind === 'overrun') this.overruns++;
    if (ev.kind === 'synced' && ev.reason === 'resync') this.resyncs++;
    if (ev.kind === 'link' && ev.nsid === -1) {
      const l = ev.object;
      if (ev.action === 'new') this.links.set(l.index, { name: l.name, mtu: l.mtu, up: l.up, operstate: l.operstate === undefined ? undefined : String(l.operstate), address: l.address });
      else this.links.delete(l.index);
    }
    if (ev.kind === 'addr' && ev.nsid === -1 && ev.object.family === 4) {
      const key = `${ev.object.index}|${ev.object.cidr}`;
      if (ev.action === 'new') this.addrs.add(key);
      else this.addrs.delete(key);
    }
    if (ev.kind === 'route' && ev.nsid === -1 && ev.object.family === 4) {
      const r = ev.object;
      const key = `${r.table}|${r.dst}|${r.tos}|${r.metric ?? 0}`;
      if (ev.action === 'new') this.routes.set(key, `${r.type}|${r.dev ?? ''}|${r.gateway ?? ''}|${r.prefsrc ?? ''}`);
      else this.routes.delete(key);
    }
  }
}

const TABLES: Record<string, number> = { main: 254, local: 255, default: 253 };

/** The same three views, read from `ip -j`. */
function kernelView(ipj: (...args: string[]) => any): { links: string; addrs: string; routes: string } {
  const links = (ipj('link') as any[]).map((l) => ({ index: l.ifindex as number, name: l.ifname, mtu: l.mtu, up: (l.flags as string[]).includes('UP'), operstate: l.operstate, address: l.address }));
  const byName = new Map(links.map((l) => [l.name as string, l.index]));
  const addrs = (ipj('-4', 'addr') as any[]).flatMap((l) => (l.addr_info as any[]).map((a) => `${l.ifindex}|${a.local}/${a.prefixlen}`));
  const routes = (ipj('-4', 'route', 'show', 'table', 'all') as any[]).map((r) => {
    const table = r.table === undefined ? 254 : (TABLES[r.table] ?? Number(r.table));
    return `${table}|${r.dst}|0|${r.metric ?? 0} => ${r.type ?? 'unicast'}|${byName.get(r.dev) ?? ''}|${r.gateway ?? ''}|${r.prefsrc ?? ''}`;
  });
  return {
    links: JSON.stringify(links.sort((a, b) => a.index - b.index)),
    addrs: JSON.stringify(addrs.sort()),
    routes: JSON.stringify(routes.sort()),
  };
}

function viewOf(v: View): { links: string; addrs: string; routes: string } {
  return {
    links: JSON.stringify([...v.links].map(([index, l]) => ({ index, ...l })).sort((a, b) => a.index - b.index)),
    addrs: JSON.stringify([...v.addrs].sort()),
    routes: JSON.stringify([...v.routes].map(([k, r]) => `${k} => ${r}`).sort()),
  };
}

/**
 * Reads events into the view until it equals the kernel's (checked whenever the monitor was
 * quiet for a moment and every overrun was followed by `synced`). Slowness only makes it take
 * longer; a view that never converges fails with the difference at the deadline.
 */
async function settle(mon: Monitor, view: View, ipj: (...args: string[]) => any, groups: Array<'links' | 'addrs' | 'routes'>, timeoutMs = 60000): Promise<number> {
  const start = Date.now();
  const deadline = start + timeoutMs;
  let unsynced = false;
  for (;;) {
    let ev: MonitorEvent | undefined | null = null;
    try {
      ev = await mon.next(200);
    } catch (e) {
      if (!(e instanceof TimeoutError)) throw e;
    }
    if (ev === undefined) throw new Error('the monitor ended');
    if (ev) {
      view.apply(ev);
      if (ev.kind === 'overrun' || ev.kind === 'reconnected') unsynced = true;
      if (ev.kind === 'synced') unsynced = false;
      continue;
    }
    const k = kernelView(ipj);
    const m = viewOf(view);
    const same = groups.every((g) => k[g] === m[g]);
    if (same && !unsynced) return Date.now() - start;
    if (Date.now() > deadline) {
      for (const g of groups) expect(JSON.parse(m[g]), `${g} (unsynced: ${unsynced})`).toEqual(JSON.parse(k[g]));
      throw new Error('no synced after the last overrun');
    }
  }
}

/** A monitor and a view that took in the initial state. */
async function watch(h: Handle, options: MonitorOptions): Promise<{ mon: Monitor; view: View }> {
  const mon = h.monitor({ existing: true, resync: true, ...options });
  cleanups.push(() => mon.close());
  const view = new View();
  for (;;) {
    const ev = await mon.next(20000);
    if (!ev) throw new Error('monitor ended');
    view.apply(ev);
    if (ev.kind === 'synced') break;
  }
  return { mon, view };
}

/** Link changes: add, up, mtu, rename, delete (of new links and of links the consumer knew). */
function linkFlood(round: number, n: number, known: string[], deletes: number): string[] {
  const lines: string[] = [];
  const name = (i: number) => `f${round}x${i}`;
  for (let i = 0; i < n; i++) lines.push(`link add ${name(i)} type bridge`);
  for (let i = 0; i < n; i++) lines.push(`link set ${name(i)} up`);
  for (let i = 0; i < n; i++) lines.push(`link set ${name(i)} mtu ${1000 + ((i * 7 + round) % 400)}`);
  for (let i = 0; i < n; i++) lines.push(`link set ${name(i)} down`, `link set ${name(i)} name r${round}x${i}`);
  for (const k of known) lines.push(`link set ${k} mtu ${1100 + round}`, `link set ${k} up`);
  for (let i = 0; i < deletes; i++) lines.push(`link del r${round}x${i}`);
  for (const k of known.slice(0, deletes)) lines.push(`link del ${k}`);
  return lines;
}

describe.skipIf(skipping(NOT_ROOT, !HAVE_IP && 'iproute2 (ip) is not installed'))('monitor under overload (root)', () => {
  it('helper frozen (SIGSTOP) during a flood of link changes: the backlog from before the overrun is not replayed over the re-dump', async () => {
    for (let run = 0; run < 3; run++) {
      const { ns, h, ipj } = await namespace();
      const known = Array.from({ length: 30 }, (_, i) => `k${i}`);
      await batch(ns, known.map((k) => `link add ${k} type bridge`));
      // A small receive buffer so that a few thousand notifications overrun it for sure.
      const { mon, view } = await watch(h, { groups: ['link'], rcvbuf: 256 * 1024 });
      const helper = await h.helper();
      helper.kill('SIGSTOP');
      try {
        await batch(ns, linkFlood(run, 120, known, 8));
      } finally {
        helper.kill('SIGCONT');
      }
      const ms = await settle(mon, view, ipj, ['links']);
      console.log(`SIGSTOP run ${run}: ${view.links.size} links consistent ${ms} ms after SIGCONT; ${view.overruns} overrun(s), ${view.resyncs} resync(s), ${view.events} events`);
      expect(view.overruns).toBeGreaterThan(0);
      for (const c of cleanups.splice(0).reverse()) await c();
    }
  }, 120_000);

  for (const rcvbuf of [4096, 64 * 1024]) {
    it(`receive buffer of ${rcvbuf / 1024} KiB under a flood of link changes: the monitor retries the re-dump until consistent, never gives up`, async () => {
      for (let run = 0; run < 2; run++) {
        const { ns, h, ipj } = await namespace();
        const known = Array.from({ length: 30 }, (_, i) => `k${i}`);
        await batch(ns, known.map((k) => `link add ${k} type bridge`));
        const { mon, view } = await watch(h, { groups: ['link'], rcvbuf });
        // The consumer keeps reading during the flood; the helper is frozen for its first part
        // so that the small buffer overruns for sure, then the re-dumps run while it goes on.
        const helper = await h.helper();
        helper.kill('SIGSTOP');
        const flood = batch(ns, linkFlood(run, 120, known, 8));
        let done = false;
        void flood.finally(() => (done = true));
        try {
          while (!done && (ipj('link') as unknown[]).length < known.length + 41) await new Promise((r) => setTimeout(r, 10));
        } finally {
          helper.kill('SIGCONT');
        }
        while (!done) {
          const ev = await mon.next(50).catch((e) => (e instanceof TimeoutError ? null : Promise.reject(e)));
          if (ev === undefined) throw new Error('the monitor ended during the flood');
          if (ev) view.apply(ev);
        }
        await flood;
        const ms = await settle(mon, view, ipj, ['links']);
        console.log(`rcvbuf ${rcvbuf} run ${run}: ${view.links.size} links consistent ${ms} ms after the flood; ${view.overruns} overrun(s), ${view.resyncs} resync(s)`);
        expect(view.overruns).toBeGreaterThan(0);
        for (const c of cleanups.splice(0).reverse()) await c();
      }
    }, 120_000);
  }

  // Under load (the namespaces of the link scenarios above still being cleaned up, other work on
  // the machine) each `ip -j` of settle() blocks this process's event loop for seconds. The
  // resync's dump timers fell due during those stalls and fired before the answers waiting in the
  // helper's pipe were read: every attempt "timed out" and no `synced` came within 60 s. The
  // session now counts only silence it could hear (test/netlink/session.test.ts, "blocked").
  it('addresses and routes: after overruns (frozen helper; a consumer that stalls; a 4 KiB buffer) the view equals ip -j addr / route', async () => {
    const ways = ['frozen helper', 'stalled consumer', '4 KiB buffer, consumer reading'] as const;
    for (const way of ways) {
      const { ns, h, ip, ipj } = await namespace();
      ip('link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
      ip('link', 'set', 'va', 'up');
      ip('link', 'set', 'vb', 'up');
      ip('link', 'set', 'lo', 'up');
      const pre: string[] = [];
      for (let i = 0; i < 50; i++) pre.push(`addr add 10.1.${i}.1/24 dev va`, `route add 10.100.${i}.0/24 dev va`);
      await batch(ns, pre);
      const options: MonitorOptions = way === 'frozen helper' ? { rcvbuf: 256 * 1024 } : way === 'stalled consumer' ? { rcvbuf: 64 * 1024, queueLimit: 50 } : { rcvbuf: 4096 };
      const { mon, view } = await watch(h, { groups: ['link', 'addr', 'route'], ...options });
      const flood: string[] = [];
      for (let i = 0; i < 150; i++) flood.push(`addr add 10.2.${i}.1/24 dev ${i % 2 ? 'va' : 'vb'}`, `route add 10.200.${i}.0/24 dev va metric ${i % 3}`);
      for (let i = 0; i < 150; i += 2) flood.push(`route replace 10.200.${i}.0/24 dev vb metric ${i % 3}`);
      for (let i = 0; i < 50; i += 2) flood.push(`addr del 10.1.${i}.1/24 dev va`, `route del 10.100.${i}.0/24 dev va`);
      for (let i = 0; i < 150; i += 3) flood.push(`addr del 10.2.${i}.1/24 dev ${i % 2 ? 'va' : 'vb'}`);
      const helper = await h.helper();
      if (way === 'frozen helper') helper.kill('SIGSTOP');
      try {
        const running = batch(ns, flood);
        if (way === '4 KiB buffer, consumer reading') {
          let done = false;
          void running.finally(() => (done = true));
          while (!done) {
            const ev = await mon.next(50).catch((e) => (e instanceof TimeoutError ? null : Promise.reject(e)));
            if (ev === undefined) throw new Error('the monitor ended during the flood');
            if (ev) view.apply(ev);
          }
        }
        await running;
      } finally {
        if (way === 'frozen helper') helper.kill('SIGCONT');
      }
      const ms = await settle(mon, view, ipj, ['links', 'addrs', 'routes']);
      console.log(`addr+route, ${way}: ${view.addrs.size} IPv4 addresses, ${view.routes.size} IPv4 routes consistent ${ms} ms after the flood; ${view.overruns} overrun(s), ${view.resyncs} resync(s)`);
      // Only the frozen helper overruns for sure. The whole flood is ~200 KiB of small messages:
      // about what is already on its way when a stalled consumer's pause reaches the helper (the
      // pipe plus one 256 KiB drain round), so now and then (3 runs in 20) nothing is lost there.
      if (way === 'frozen helper') expect(view.overruns).toBeGreaterThan(0);
      for (const c of cleanups.splice(0).reverse()) await c();
    }
  }, 120_000);

  it('a consumer that stops reading: the socket is not read past queueLimit (memory bounded), the kernel overruns, the view converges once reading resumes', async () => {
    for (let run = 0; run < 2; run++) {
      const { ns, h, ipj } = await namespace();
      const { mon, view } = await watch(h, { groups: ['link'], queueLimit: 200, rcvbuf: 512 * 1024 });
      gc();
      const heapBefore = process.memoryUsage().heapUsed;
      let maxQueued = 0;
      const sampler = setInterval(() => (maxQueued = Math.max(maxQueued, mon.queued)), 5);
      try {
        await batch(ns, linkFlood(run, 250, [], 0));
        // Whatever was already on its way is delivered; nothing more is read.
        await new Promise((r) => setTimeout(r, 300));
      } finally {
        clearInterval(sampler);
      }
      maxQueued = Math.max(maxQueued, mon.queued);
      gc();
      const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
      const ms = await settle(mon, view, ipj, ['links']);
      console.log(`stalled consumer run ${run}: at most ${maxQueued} events queued (limit 200) for ~1000 changes, heap +${(heapGrowth / 2 ** 20).toFixed(1)} MiB; consistent ${ms} ms after reading resumed; ${view.overruns} overrun(s)`);
      // The limit, plus what was on its way when the helper was told to stop: the pipe (64 KiB)
      // and one drain of the socket (the helper reads at most 256 KiB before it looks at its
      // stdin again; draining the whole 1 MiB buffer first once let ~700 events through).
      // Without flow control every one of the ~1000 events waited here.
      expect(maxQueued).toBeLessThan(600);
      expect(view.overruns).toBeGreaterThan(0);
      for (const c of cleanups.splice(0).reverse()) await c();
    }
  }, 120_000);
});
