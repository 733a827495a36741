/**
 * handle.monitor when the helper dies: the monitor re-opens its socket on a new helper, emits
 * `reconnected`, and with `resync` re-dumps so that the consumer ends consistent (changes made
 * while no socket listened included).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { HelperError, Netlink, type Monitor, type MonitorEvent } from '../../src/api/index.js';
import { NOT_ROOT, skipping } from '../support/probe.js';

const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;
const HAVE_IP = spawnSync('ip', ['-V'], { encoding: 'utf8' }).status === 0;

/** Applies link events to a consumer's model (index → name) until `until` holds. */
async function consume(mon: Monitor, model: Map<number, string>, until: (ev: MonitorEvent, seen: MonitorEvent[]) => boolean, timeoutMs = 10000): Promise<MonitorEvent[]> {
  const seen: MonitorEvent[] = [];
  const end = Date.now() + timeoutMs;
  for (;;) {
    const ev = await mon.next(Math.max(1, end - Date.now()));
    if (!ev) throw new Error(`monitor ended; saw ${seen.map((e) => e.kind).join(' ')}`);
    seen.push(ev);
    if (ev.kind === 'link' && ev.nsid === -1) {
      if (ev.action === 'new') model.set(ev.object.index, ev.object.name);
      else model.delete(ev.object.index);
    }
    if (until(ev, seen)) return seen;
  }
}

describe('monitor reconnect after the helper died', () => {
  it('sandbox: emits reconnected, resyncs against the new helper, and goes on reporting', async () => {
    const h = await Netlink.open({ sandbox: true });
    try {
      await h.link.add({ kind: 'bridge', name: 'before0' });
      const mon = h.monitor({ groups: ['link'], existing: true, resync: true });
      const model = new Map<number, string>();
      await consume(mon, model, (ev) => ev.kind === 'synced');
      expect([...model.values()].sort()).toEqual(['before0', 'lo']);
      const first = await h.helper();
      first.kill('SIGKILL');
      const evs = await consume(mon, model, (ev) => ev.kind === 'synced');
      expect(evs[0]).toMatchObject({ kind: 'reconnected' });
      expect((evs[0] as { reason: string }).reason).toMatch(/helper was killed by SIGKILL/);
      // A new helper is a new sandbox: before0 is gone, and the resync said so.
      expect(evs.some((e) => e.kind === 'link' && e.action === 'del' && e.object.name === 'before0' && e.replay === 'resync')).toBe(true);
      expect([...model.values()].sort()).toEqual(['lo']);
      expect((await h.helper()).pid).not.toBe(first.pid);
      // The new socket hears new changes.
      await h.link.add({ kind: 'bridge', name: 'after0' });
      await consume(mon, model, (ev) => ev.kind === 'link' && ev.object.name === 'after0');
      expect([...model.values()].sort()).toEqual((await h.link.list()).map((l) => l.name).sort());
      await mon.close();
      expect(await mon.next()).toBeUndefined();
    } finally {
      await h.close();
    }
  });

  it('without resync it only reports reconnected; with reconnect: false it ends with the HelperError', async () => {
    const h = await Netlink.open({ sandbox: true });
    try {
      const plain = h.monitor({ groups: ['link'] });
      const strict = h.monitor({ groups: ['link'], reconnect: false });
      await Promise.all([plain.ready(), strict.ready()]);
      (await h.helper()).kill('SIGKILL');
      expect(await plain.next(5000)).toMatchObject({ kind: 'reconnected' });
      await expect(strict.next(5000)).rejects.toBeInstanceOf(HelperError);
      await h.link.add({ kind: 'bridge', name: 'x0' });
      const ev = await plain.next(5000);
      expect(ev).toMatchObject({ kind: 'link', action: 'new', object: { name: 'x0' } });
      await plain.close();
    } finally {
      await h.close();
    }
  });

  it('a monitor of a sandbox namespace that the new helper lacks ends with an error naming it', async () => {
    const h = await Netlink.open({ sandbox: true });
    try {
      await h.netns.add('gone');
      const mon = h.in('gone').monitor({ groups: ['link'] });
      await mon.ready();
      (await h.helper()).kill('SIGKILL');
      await expect(mon.next(5000)).rejects.toThrow(/unknown network namespace/);
    } finally {
      await h.close();
    }
  });

  it.skipIf(skipping(NOT_ROOT, !HAVE_IP && 'iproute2 (ip) is not installed'))('named namespace (root): changes made while the socket was dead reach the consumer through the resync', async () => {
    const ns = `pm-rc-${process.pid}`;
    const ip = (...args: string[]) => {
      const r = spawnSync('ip', ['-n', ns, ...args], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    };
    expect(spawnSync('ip', ['netns', 'add', ns]).status).toBe(0);
    const h = await Netlink.open({ netns: ns });
    try {
      ip('link', 'add', 'keep0', 'type', 'bridge');
      ip('link', 'add', 'drop0', 'type', 'bridge');
      const mon = h.monitor({ groups: ['link', 'addr'], existing: true, resync: true });
      const model = new Map<number, string>();
      await consume(mon, model, (ev) => ev.kind === 'synced');
      expect([...model.values()].sort()).toEqual(['drop0', 'keep0', 'lo']);
      const helper = await h.helper();
      // Freeze the helper, change things (the notifications queue on its socket), then kill it: they are lost.
      helper.kill('SIGSTOP');
      ip('link', 'del', 'drop0');
      ip('link', 'add', 'new0', 'type', 'bridge');
      ip('link', 'set', 'keep0', 'mtu', '1280');
      helper.kill('SIGKILL');
      const evs = await consume(mon, model, (ev) => ev.kind === 'synced');
      expect(evs[0]).toMatchObject({ kind: 'reconnected' });
      const resynced = evs.filter((e) => e.kind === 'link') as Extract<MonitorEvent, { kind: 'link' }>[];
      expect(resynced.every((e) => e.replay === 'resync')).toBe(true);
      expect(resynced.find((e) => e.object.name === 'drop0')?.action).toBe('del');
      expect(resynced.find((e) => e.object.name === 'new0')?.action).toBe('new');
      expect(resynced.find((e) => e.object.name === 'keep0')?.object.mtu).toBe(1280);
      expect(resynced.some((e) => e.object.name === 'lo')).toBe(false); // unchanged: not repeated
      const actual = (JSON.parse(ip('-j', 'link')) as Array<{ ifindex: number; ifname: string }>).map((l) => `${l.ifindex}:${l.ifname}`).sort();
      expect([...model].map(([i, n]) => `${i}:${n}`).sort()).toEqual(actual);
      expect(mon.snapshot('link').map((l) => (l as { name: string }).name).sort()).toEqual(['keep0', 'lo', 'new0']);
      // And it keeps listening.
      ip('link', 'add', 'late0', 'type', 'bridge');
      await consume(mon, model, (ev) => ev.kind === 'link' && ev.object.name === 'late0');
      await mon.close();
    } finally {
      await h.close();
      spawnSync('ip', ['netns', 'del', ns]);
    }
  });
});
