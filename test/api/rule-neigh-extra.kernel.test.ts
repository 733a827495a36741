/** handle.rule.flush and the rarer rule options; handle.neigh.get (RTM_GETNEIGH) and neighbour flags; against the kernel and `ip -j`. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../src/api/index.js';
import { sandbox, type Sandbox } from './util.js';

let s: Sandbox;
beforeAll(async () => {
  s = await sandbox('rx', { trace: true });
  await s.h.link.add({ kind: 'veth', name: 'v0', peer: { name: 'v1' }, up: true });
  await s.h.link('lo').up();
});
afterAll(async () => {
  await s?.close();
});

describe('handle.rule extras', () => {
  it('realms, tun_id, suppressIfgroup, l3mdev and nat, like ip rule shows them', async () => {
    await s.h.rule.add({ from: '10.2.0.0/16', realms: { from: 3, to: 4 }, table: 5, priority: 11 });
    await s.h.rule.add({ realms: 7, table: 8, priority: 15 });
    await s.h.rule.add({ tunId: 0x1234n, table: 6, priority: 12 });
    await s.h.rule.add({ l3mdev: true, priority: 13 });
    await s.h.rule.add({ suppressIfgroup: 5, table: 7, priority: 14 });
    await s.h.rule.add({ from: '10.0.0.0/8', nat: '192.0.2.1', priority: 10 });
    const theirs = (await s.ipj('rule', 'show')) as Array<Record<string, unknown>>;
    const by = (p: number) => theirs.find((r) => r.priority === p);
    expect(by(11)).toMatchObject({ flow_from: '3', flow_to: '4', table: '5' });
    expect(by(15)).toMatchObject({ flow_to: '7', table: '8' });
    expect(by(12)).toMatchObject({ tun_id: 4660, table: '6' });
    expect(by(13)).toMatchObject({ l3mdev: null });
    expect(by(14)).toMatchObject({ suppress_ifgroup: '5', table: '7' });
    expect(by(10)).toMatchObject({ masquerade: null, table: 'main' });
    const ours = await s.h.rule.list({ family: 4 });
    const o = (p: number) => ours.find((r) => r.priority === p)!;
    expect(o(11).realms).toEqual({ from: 3, to: 4 });
    expect(o(15).realms).toEqual({ from: 0, to: 7 });
    expect(o(12).tunId).toBe(0x1234n);
    expect(o(13).l3mdev).toBe(true);
    expect(o(14).suppressIfgroup).toBe(5);
    await s.h.rule.delete({ tunId: 0x1234 });
    expect((await s.h.rule.list({ family: 4 })).some((r) => r.priority === 12)).toBe(false);
    await expect(s.h.rule.add({ l3mdev: true, table: 5 })).rejects.toThrow(/table can not be specified for l3mdev rules/);
    await expect(s.h.rule.add({ nat: 'fd00::1' })).rejects.toBeInstanceOf(ValidationError);
    await expect(s.h.rule.add({ realms: { to: 70000 } })).rejects.toBeInstanceOf(ValidationError);
    await expect(s.h.rule.add({ tunId: -1 })).rejects.toBeInstanceOf(ValidationError);
  });

  it('flush deletes what ip rule flush deletes (keepDefaults spares main and default)', async () => {
    await s.h.rule.add({ to: '10.1.0.0/16', table: 1000, protocol: 'static', priority: 16 });
    await s.h.rule.add({ family: 6, from: '2001:db8::/32', table: 100, priority: 500 });
    expect(await s.h.rule.flush({ family: 4, protocol: 'static' })).toBe(1);
    expect((await s.h.rule.list({ family: 4 })).some((r) => r.priority === 16)).toBe(false);
    expect(await s.h.rule.flush({ family: 4, table: 5 })).toBe(1); // the realms 3/4 rule
    expect(await s.h.rule.flush({ family: 4, keepDefaults: true, filter: (r) => r.priority < 14 })).toBe(2); // 10 and 13
    expect((await s.h.rule.list({ family: 4 })).map((r) => r.priority)).toEqual([0, 14, 15, 32766, 32767]);
    expect(await s.h.rule.flush({ family: 4, keepDefaults: true })).toBe(2);
    expect((await s.h.rule.list({ family: 4 })).map((r) => r.priority)).toEqual([0, 32766, 32767]);
    // No family: both; without keepDefaults, like `ip rule flush`, main and default go too.
    // The ipmr/ip6mr (families 128/129) default rules exist only where the kernel has IPMR.
    const multicast = (await s.h.rule.list()).filter((r) => r.family === 128 || r.family === 129).map((r) => [r.family, r.priority]);
    expect(await s.h.rule.flush()).toBe(4); // v4 32766, 32767; v6 500, 32766 (0 stays; the ipmr/ip6mr rules are not touched)
    expect((await s.h.rule.list()).map((r) => [r.family, r.priority])).toEqual([[4, 0], ...multicast, [6, 0]]);
    expect(((await s.ipj('-6', 'rule', 'show')) as unknown[]).length).toBe(1);
    expect(await s.h.rule.flush({ family: 4 })).toBe(0);
    // Put the defaults back for the other tests.
    for (const family of [4, 6] as const) await s.h.rule.add({ family, table: 'main', priority: 32766 });
    await s.h.rule.add({ family: 4, table: 'default', priority: 32767 });
    await expect(s.h.rule.flush({ protocol: 'nosuchproto' as never })).rejects.toBeInstanceOf(ValidationError);
    void NotFoundError;
  });
});

describe('handle.neigh extras', () => {
  it('get asks the kernel for one entry (RTM_GETNEIGH), proxies too', async () => {
    await s.h.addr.add('v0', '10.3.0.1/24');
    await s.h.neigh.add({ dev: 'v0', address: '10.3.0.5', lladdr: '02:00:00:00:00:05' });
    await s.h.neigh.add({ dev: 'v0', address: '10.3.0.9', proxy: true });
    const before = s.sent.length;
    const n = await s.h.neigh.get('10.3.0.5', { dev: 'v0' });
    expect(n).toMatchObject({ address: '10.3.0.5', dev: 'v0', lladdr: '02:00:00:00:00:05', state: ['PERMANENT'] });
    expect(s.sent.slice(before).some((l) => l.startsWith('> RTM_GETNEIGH') && !l.includes('dump'))).toBe(true);
    expect(await s.h.neigh.get('10.3.0.9', { dev: 'v0', proxy: true })).toMatchObject({ address: '10.3.0.9', proxy: true, dev: 'v0' });
    await expect(s.h.neigh.get('10.3.0.7', { dev: 'v0' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(s.h.neigh.get('10.3.0.8', { dev: 'v0', proxy: true })).rejects.toBeInstanceOf(NotFoundError);
    await expect(s.h.neigh.get('10.3.0.5', { dev: 'nosuch' })).rejects.toBeInstanceOf(NotFoundError);
    // Without dev: found in a dump.
    expect(await s.h.neigh.get('10.3.0.5')).toMatchObject({ address: '10.3.0.5', dev: 'v0' });
  });

  it('use, managed, externLearn and protocol, as ip shows them', async () => {
    await s.h.neigh.add({ dev: 'v0', address: '10.3.0.6', lladdr: '02:00:00:00:00:06', state: 'REACHABLE', router: true, externLearn: true, protocol: 'static' });
    await s.h.neigh.add({ dev: 'v0', address: 'fd03::6', managed: true });
    await s.h.neigh.replace({ dev: 'v0', address: '10.3.0.13', lladdr: '02:00:00:00:00:13', use: true });
    const theirs = (await s.ipj('neigh', 'show', 'dev', 'v0')) as Array<Record<string, unknown>>;
    expect(theirs.find((t) => t.dst === '10.3.0.6')).toMatchObject({ router: null, extern_learn: null, protocol: 'static', state: ['REACHABLE'] });
    expect(theirs.find((t) => t.dst === 'fd03::6')).toMatchObject({ managed: null });
    // With NTF_USE the kernel only triggers resolution (neigh_event_send): the entry exists, unresolved.
    expect(theirs.find((t) => t.dst === '10.3.0.13')?.lladdr).toBeUndefined();
    expect(await s.h.neigh.get('10.3.0.6', { dev: 'v0' })).toMatchObject({ externLearn: true, router: true, protocol: 'static', managed: false });
    expect(await s.h.neigh.get('fd03::6', { dev: 'v0' })).toMatchObject({ managed: true, externLearn: false });
    await expect(s.h.neigh.add({ dev: 'v0', address: '10.3.0.20', lladdr: '02:00:00:00:00:20', protocol: 'nosuch' as never })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('handle.addr anycast', () => {
  it('sends IFA_ANYCAST (the kernel accepts and ignores it for unicast addresses)', async () => {
    await s.h.addr.add({ dev: 'v0', address: '10.4.0.1/24', anycast: '10.4.0.9' });
    const line = [...s.sent].reverse().find((l) => l.startsWith('> RTM_NEWADDR'))!;
    expect(JSON.parse(line.slice(line.indexOf('{')))).toMatchObject({ attrs: { anycast: '10.4.0.9' } });
    expect((await s.h.addr.get('10.4.0.1')).cidr).toBe('10.4.0.1/24');
    await expect(s.h.addr.add({ dev: 'v0', address: '10.4.0.2/24', anycast: 'x' })).rejects.toBeInstanceOf(ValidationError);
  });
});

