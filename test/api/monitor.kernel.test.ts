/** handle.monitor and handle.waitFor against the kernel: events of changes made through other handles, overruns with resync. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError, type Monitor, type MonitorEvent } from '../../src/api/index.js';
import { sandbox, sleep, type Sandbox } from './util.js';

let s: Sandbox;
beforeAll(async () => {
  s = await sandbox('mon');
});
afterAll(async () => {
  await s?.close();
});

/** Reads events until `done` says so (or the timeout). */
async function collect(mon: Monitor, done: (evs: MonitorEvent[]) => boolean, timeoutMs = 10000): Promise<MonitorEvent[]> {
  const evs: MonitorEvent[] = [];
  const end = Date.now() + timeoutMs;
  while (!done(evs)) {
    const left = end - Date.now();
    if (left <= 0) throw new Error(`timeout; got ${evs.map((e) => (e.kind === 'overrun' || e.kind === 'synced' || e.kind === 'reconnected' ? e.kind : `${e.kind}/${e.action}`)).join(' ')}`);
    const ev = await mon.next(left);
    if (!ev) break;
    evs.push(ev);
  }
  return evs;
}

describe('handle.monitor', () => {
  it('reports link and address changes made through another handle', async () => {
    const mon = s.h.monitor({ groups: ['link', 'addr'] });
    await mon.ready();
    const other = s.root.context.handle('mon'); // a handle (and socket) of its own
    await other.link.add({ kind: 'veth', name: 'ma', peer: { name: 'mb' } });
    await other.addr.add('ma', '10.33.0.1/24');
    await other.link('ma').up();
    let evs = await collect(mon, (e) => e.some((x) => x.kind === 'addr' && x.action === 'new' && x.object.cidr === '10.33.0.1/24') &&
      e.some((x) => x.kind === 'link' && x.object.name === 'ma' && x.object.up));
    const linkNew = evs.find((e) => e.kind === 'link' && e.action === 'new' && e.object.name === 'ma');
    expect(linkNew).toMatchObject({ kind: 'link', action: 'new', nsid: -1, object: { name: 'ma', kind: 'veth' } });
    const addrNew = evs.find((e) => e.kind === 'addr' && e.action === 'new')!;
    expect(addrNew).toMatchObject({ object: { address: '10.33.0.1', prefixlen: 24, dev: 'ma' } });
    await other.link.delete('ma');
    evs = await collect(mon, (e) => e.some((x) => x.kind === 'link' && x.action === 'del' && x.object.name === 'ma'));
    expect(evs.some((x) => x.kind === 'addr' && x.action === 'del' && x.object.address === '10.33.0.1')).toBe(true);
    await other.close();
    await mon.close();
    expect(await mon.next()).toBeUndefined();
  });

  it('emits the existing state first, then synced', async () => {
    await s.h.link.add({ kind: 'bridge', name: 'exbr' });
    const mon = s.h.monitor({ groups: ['link', 'route', 'rule'], existing: true });
    const evs = await collect(mon, (e) => e.some((x) => x.kind === 'synced'));
    const names = evs.filter((e) => e.kind === 'link').map((e) => (e as { object: { name: string } }).object.name);
    expect(names).toEqual(expect.arrayContaining(['lo', 'exbr']));
    expect(evs.filter((e) => e.kind === 'rule').length).toBeGreaterThanOrEqual(3);
    expect(evs.every((e) => e.kind === 'synced' || (e as { replay?: string }).replay === 'existing')).toBe(true);
    expect(mon.snapshot('link').map((l) => (l as { name: string }).name)).toContain('exbr');
    await mon.close();
    await s.h.link.delete('exbr');
  });

  it('for-await iteration ends when the loop breaks', async () => {
    const mon = s.h.monitor({ groups: ['link'], existing: true });
    let n = 0;
    for await (const ev of mon) {
      n++;
      if (ev.kind === 'synced') break;
    }
    expect(n).toBeGreaterThan(1);
    expect(await mon.next()).toBeUndefined();
  });

  it('hears other namespaces with allNsid (events carry the nsid)', async () => {
    await s.root.netns.add('far');
    await s.root.netns.setId('far', 5);
    const mon = s.root.monitor({ groups: ['link'], allNsid: true });
    await mon.ready();
    await s.root.in('far').link.add({ kind: 'bridge', name: 'farbr' });
    const evs = await collect(mon, (e) => e.some((x) => x.kind === 'link' && x.object.name === 'farbr'));
    expect(evs.find((x) => x.kind === 'link' && x.object.name === 'farbr')).toMatchObject({ nsid: 5, action: 'new' });
    await mon.close();
    await s.root.netns.delete('far');
  });

  it('reports namespace ids (RTM_NEWNSID / RTM_DELNSID)', async () => {
    await s.root.netns.add('idns');
    const mon = s.root.monitor({ groups: ['nsid'] });
    await mon.ready();
    await s.root.netns.setId('idns', 9);
    const evs = await collect(mon, (e) => e.some((x) => x.kind === 'nsid' && x.action === 'new'));
    expect(evs.find((x) => x.kind === 'nsid')).toMatchObject({ action: 'new', object: { nsid: 9 } });
    await s.root.netns.delete('idns');
    const dels = await collect(mon, (e) => e.some((x) => x.kind === 'nsid' && x.action === 'del'));
    expect(dels.find((x) => x.kind === 'nsid')).toMatchObject({ action: 'del', object: { nsid: 9 } });
    await mon.close();
  });

  it('waitFor.link resolves when the predicate holds, and times out otherwise', async () => {
    await s.h.link.add({ kind: 'veth', name: 'wa', peer: { name: 'wb' } });
    const waiting = s.h.waitFor.link('wa', (l) => l.up && l.mtu === 1234, { timeoutMs: 5000 });
    await sleep(50);
    await s.h.link('wa').mtu(1234).up();
    const l = await waiting;
    expect(l).toMatchObject({ name: 'wa', mtu: 1234, up: true });
    await expect(s.h.waitFor.link('wa', (x) => x.mtu === 1, { timeoutMs: 300 })).rejects.toThrow(/timed out/);
    const gone = s.h.waitFor.linkGone('wa', { timeoutMs: 5000 });
    await s.h.link.delete('wa');
    await gone;
  });

  it('validates its options', () => {
    expect(() => s.h.monitor({ groups: ['bogus' as never] })).toThrow(ValidationError);
    expect(() => s.h.monitor({ groups: [] })).toThrow(ValidationError);
  });

  it('after an overrun (tiny rcvbuf, a flood), resync leaves the consumer with the right final state', async () => {
    await s.h.link.add({ kind: 'veth', name: 'fl0', peer: { name: 'fl1' } });
    const idx = (await s.h.link.get('fl0')).index;
    // A few addresses exist before the monitor starts; some of them will vanish during the flood.
    for (let i = 1; i <= 20; i++) await s.h.addr.add({ dev: idx, address: `10.77.0.${i}/32` });
    // A bridge with many addresses: deleting it makes the kernel send them all at once (an overrun
    // whatever the pace of the requests below).
    await s.h.link.add({ kind: 'bridge', name: 'flb' });
    const bidx = (await s.h.link.get('flb')).index;
    await Promise.all(Array.from({ length: 1000 }, (_, i) => s.h.addr.add({ dev: bidx, address: `10.80.${i >> 8}.${i & 255}/32` })));
    const mon = s.h.monitor({ groups: ['addr'], rcvbuf: 4096, existing: true, resync: true });
    const model = new Map<string, string>(); // consumer's view: cidr → dev index
    let overruns = 0;
    const consume = async (until: () => boolean) => {
      const end = Date.now() + 20000;
      while (!until()) {
        const ev = await mon.next(Math.max(1, end - Date.now()));
        if (!ev) throw new Error('monitor ended');
        if (ev.kind === 'overrun') overruns++;
        else if (ev.kind === 'addr' && ev.object.index === idx) {
          if (ev.action === 'new') model.set(ev.object.cidr, String(ev.object.index));
          else model.delete(ev.object.cidr);
        }
      }
    };
    let synced = 0;
    const origNext = mon.next.bind(mon);
    mon.next = async (t?: number) => {
      const ev = await origNext(t);
      if (ev?.kind === 'synced') synced++;
      return ev;
    };
    await consume(() => synced >= 1);
    expect([...model.keys()].length).toBe(20);

    // The flood: 1500 adds and 10 deletes, many requests in flight at once, while the consumer is slow.
    const jobs: Promise<void>[] = [];
    for (let i = 0; i < 1500; i++) jobs.push(s.h.addr.add({ dev: idx, address: `10.78.${i >> 8}.${i & 255}/32` }));
    for (let i = 1; i <= 10; i++) jobs.push(s.h.addr.delete({ dev: idx, address: `10.77.0.${i}/32` }));
    jobs.push(s.h.link.delete('flb'));
    await Promise.all(jobs);
    // A marker after the flood: once the consumer saw it (and any resync finished), it must be consistent.
    await s.h.addr.add({ dev: idx, address: '10.79.0.1/32' });
    const syncedBefore = synced;
    await consume(() => model.has('10.79.0.1/32') && (overruns === 0 || synced > syncedBefore || synced >= 2));
    // Let any resync in progress finish.
    await sleep(300);
    while (true) {
      const ev = await origNext(200).catch(() => undefined);
      if (!ev) break;
      if (ev.kind === 'addr' && ev.object.index === idx) {
        if (ev.action === 'new') model.set(ev.object.cidr, String(idx));
        else model.delete(ev.object.cidr);
      }
    }
    const actual = (await s.h.addr.list({ dev: 'fl0', family: 4 })).map((a) => a.cidr).sort();
    expect(overruns).toBeGreaterThan(0);
    expect([...model.keys()].sort()).toEqual(actual);
    expect(actual.length).toBe(20 - 10 + 1500 + 1);
    await mon.close();
    await s.h.link.delete('fl0');
  }, 60_000);
});
