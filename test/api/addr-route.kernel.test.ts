/** handle.addr, handle.route, handle.neigh and handle.rule against the kernel, compared with `ip -j`. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetlinkError, NotFoundError, ValidationError } from '../../src/api/index.js';
import { sandbox, type Sandbox } from './util.js';

let s: Sandbox;
beforeAll(async () => {
  s = await sandbox('ar', { trace: true });
  await s.h.link.add({ kind: 'veth', name: 'v0', peer: { name: 'v1' }, up: true });
  await s.h.link('v1').up();
  await s.h.link('lo').up();
});
afterAll(async () => {
  await s?.close();
});

describe('handle.addr', () => {
  it('adds, lists, replaces, changes and deletes addresses like ip addr', async () => {
    await s.h.addr.add({ dev: 'v0', address: '10.1.0.1/24', label: 'v0:one', broadcast: '+' });
    await s.h.addr.add('v0', '10.1.0.2/24');
    await s.h.addr.add({ dev: 'v0', address: 'fd00::1/64', noDad: true });
    await s.h.addr.add({ dev: 'v0', address: '10.2.0.1/16', validLft: 100, preferredLft: 50, scope: 'link' });
    await expect(s.h.addr.add('v0', '10.1.0.2/24')).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await s.h.addr.ensure('v0', '10.1.0.2/24')).toBe(false);

    const ours = await s.h.addr.list({ dev: 'v0' });
    const [theirs] = (await s.ipj('addr', 'show', 'dev', 'v0')) as Array<{ addr_info: Array<Record<string, any>> }>;
    const key = (a: Record<string, any>) => `${a.local ?? a.address}/${a.prefixlen}`;
    expect(ours.map((a) => a.cidr).sort()).toEqual(theirs!.addr_info.map(key).sort());
    for (const t of theirs!.addr_info) {
      const o = ours.find((a) => a.cidr === key(t))!;
      expect(o.scope).toBe(t.scope);
      if (t.label) expect(o.label).toBe(t.label);
      if (t.broadcast) expect(o.broadcast).toBe(t.broadcast);
      expect(o.validLft === 'forever' ? 4294967295 : o.validLft).toBeCloseTo(t.valid_life_time, -1);
      expect(o.dev).toBe('v0');
    }
    const one = ours.find((a) => a.cidr === '10.1.0.1/24')!;
    expect(one).toMatchObject({ family: 4, label: 'v0:one', broadcast: '10.1.0.255', scope: 'global' });
    expect(ours.find((a) => a.cidr === 'fd00::1/64')!.flags).toContain('nodad');
    expect((await s.h.addr.list({ family: 6, dev: 'v0' })).map((a) => a.cidr)).toContain('fd00::1/64');
    expect((await s.h.addr.list({ label: 'v0:*' })).map((a) => a.cidr)).toEqual(['10.1.0.1/24']);

    await s.h.addr.replace({ dev: 'v0', address: '10.1.0.2/24', validLft: 300, preferredLft: 300 });
    expect((await s.h.addr.get('10.1.0.2/24')).validLft).toBeGreaterThan(200);
    await s.h.addr.change({ dev: 'v0', address: '10.1.0.2/24', validLft: 'forever', preferredLft: 'forever' });
    expect((await s.h.addr.get('10.1.0.2')).validLft).toBe('forever');

    await s.h.addr.delete('v0', '10.1.0.2/24');
    await expect(s.h.addr.delete('v0', '10.1.0.2/24')).rejects.toBeInstanceOf(NotFoundError);
    await expect(s.h.addr.get('10.1.0.2')).rejects.toBeInstanceOf(NotFoundError);
    expect(await s.h.addr.flush({ dev: 'v0', family: 4 })).toBe(2);
    expect((await s.h.addr.list({ dev: 'v0', family: 4 }))).toEqual([]);
    expect((await s.h.addr.list({ dev: 'v0', family: 6 })).length).toBeGreaterThan(0);
    await s.h.addr.flush({ dev: 'v0', family: 6, scope: 'global' });
  });

  it('waits for an IPv6 address to leave tentative state (DAD)', async () => {
    await s.h.addr.add({ dev: 'v1', address: 'fd01::5/64' });
    const a = await s.h.waitFor.addr('fd01::5', (x) => !x.tentative, { timeoutMs: 8000 });
    expect(a.tentative).toBe(false);
    expect(a.flags).not.toContain('tentative');
    await s.h.addr.delete('v1', 'fd01::5/64');
  });

  it('rejects bad input with ValidationError and sends nothing', async () => {
    const before = s.sent.length;
    for (const bad of ['10.0.0.1/33', '10.0.0.256/24', 'fd00::1/129', 'nonsense', '1.2.3/8', '']) {
      await expect(s.h.addr.add('v0', bad)).rejects.toBeInstanceOf(ValidationError);
    }
    await expect(s.h.addr.add('this-name-is-too-long', '10.0.0.1/24')).rejects.toBeInstanceOf(ValidationError);
    await expect(s.h.addr.add({ dev: 'v0', address: '10.0.0.1/24', broadcast: 'x' })).rejects.toBeInstanceOf(ValidationError);
    expect(s.sent.slice(before).filter((l) => /RTM_(NEW|DEL)ADDR/.test(l))).toEqual([]);
    await expect(s.h.addr.add('nosuch', '10.0.0.1/24')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('handle.route', () => {
  it('adds routes of every flavour and lists them like ip route', async () => {
    await s.h.addr.add('v0', '10.9.0.1/24');
    await s.h.route.add({ dst: '10.10.0.0/16', via: '10.9.0.254' });
    await s.h.route.add({ dst: '10.11.0.0/16', dev: 'v0', metric: 50, protocol: 'static', mtu: 1400 });
    await s.h.route.add({ dst: '192.0.2.0/24', type: 'blackhole' });
    await s.h.route.add({ dst: '198.51.100.0/24', type: 'unreachable' });
    await s.h.route.add({ dst: '203.0.113.0/24', type: 'prohibit' });
    await s.h.route.add({ dst: 'default', via: '10.9.0.254', table: 100 });
    await s.h.route.add({ dst: '10.12.0.0/16', nexthops: [{ via: '10.9.0.2', dev: 'v0', weight: 1 }, { via: '10.9.0.3', dev: 'v0', weight: 3 }] });
    await expect(s.h.route.add({ dst: '10.10.0.0/16', via: '10.9.0.254' })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await s.h.route.ensure({ dst: '10.10.0.0/16', via: '10.9.0.254' })).toBe(false);

    const main = await s.h.route.list({ family: 4 });
    const theirs = (await s.ipj('-4', 'route', 'show')) as Array<Record<string, any>>;
    expect(main.map((r) => r.dst).sort()).toEqual(theirs.map((r) => r.dst).sort());
    for (const t of theirs) {
      const o = main.find((r) => r.dst === t.dst)!;
      if (t.gateway) expect(o.gateway).toBe(t.gateway);
      if (t.dev) expect(o.devName).toBe(t.dev);
      if (t.metric) expect(o.metric).toBe(t.metric);
      if (t.type) expect(o.type).toBe(t.type);
      if (t.protocol) expect(o.protocol).toBe(t.protocol);
    }
    expect(main.find((r) => r.dst === '10.11.0.0/16')).toMatchObject({ metric: 50, protocol: 'static', mtu: 1400, devName: 'v0' });
    expect(main.find((r) => r.dst === '192.0.2.0/24')?.type).toBe('blackhole');
    const mp = main.find((r) => r.dst === '10.12.0.0/16')!;
    expect(mp.nexthops?.map((n) => [n.gateway, n.devName, n.weight])).toEqual([['10.9.0.2', 'v0', 1], ['10.9.0.3', 'v0', 3]]);
    const t100 = await s.h.route.list({ table: 100 });
    expect(t100.map((r) => [r.dst, r.gateway, r.table])).toEqual([['default', '10.9.0.254', 100]]);
    expect((await s.ipj('route', 'show', 'table', '100'))[0]).toMatchObject({ dst: 'default', gateway: '10.9.0.254' });
    const all = await s.h.route.list({ table: 'all' });
    expect(all.some((r) => r.table === 255)).toBe(true);
    expect((await s.h.route.list({ table: 'local', family: 4 })).every((r) => r.table === 255)).toBe(true);

    await s.h.route.replace({ dst: '10.10.0.0/16', via: '10.9.0.253' });
    expect((await s.h.route.list({ filter: (r) => r.dst === '10.10.0.0/16' }))[0]?.gateway).toBe('10.9.0.253');
    await s.h.route.change({ dst: '10.10.0.0/16', via: '10.9.0.252' });
    expect((await s.h.route.list({ filter: (r) => r.dst === '10.10.0.0/16' }))[0]?.gateway).toBe('10.9.0.252');

    const got = await s.h.route.get('10.10.1.1');
    expect(got).toMatchObject({ gateway: '10.9.0.252', devName: 'v0' });
    await expect(s.h.route.get('192.0.2.1')).rejects.toThrow();

    await s.h.route.delete({ dst: '10.10.0.0/16' });
    await expect(s.h.route.delete({ dst: '10.10.0.0/16' })).rejects.toBeInstanceOf(NotFoundError);
    expect(await s.h.route.flush({ table: 100 })).toBe(1);
    expect(await s.h.route.list({ table: 100 })).toEqual([]);
    const n = await s.h.route.flush({ family: 4, protocol: 'boot' });
    expect(n).toBeGreaterThanOrEqual(4);
    expect((await s.h.route.list({ family: 4 })).map((r) => r.dst).sort()).toEqual(['10.11.0.0/16', '10.9.0.0/24']);
  });

  it('IPv6 routes and append', async () => {
    await s.h.addr.add({ dev: 'v0', address: 'fd09::1/64', noDad: true });
    await s.h.route.add({ dst: 'fd10::/64', via: 'fd09::254', dev: 'v0' });
    await s.h.route.append({ dst: 'fd10::/64', via: 'fd09::253', dev: 'v0' });
    const r = (await s.h.route.list({ family: 6, filter: (x) => x.dst === 'fd10::/64' }));
    const gws = r.flatMap((x) => (x.nexthops ? x.nexthops.map((n) => n.gateway) : [x.gateway])).sort();
    expect(gws).toEqual(['fd09::253', 'fd09::254']);
    await s.h.route.add({ dst: 'default', family: 6, dev: 'v0', metric: 1024 });
    expect((await s.ipj('-6', 'route', 'show', 'default'))[0]).toMatchObject({ dst: 'default', dev: 'v0' });
    await s.h.route.delete({ dst: 'default', family: 6, dev: 'v0' });
  });

  it('rejects bad routes before sending', async () => {
    const before = s.sent.length;
    await expect(s.h.route.add({ dst: '10.0.0.0/40' })).rejects.toBeInstanceOf(ValidationError);
    await expect(s.h.route.add({ dst: '10.0.0.0/8', via: 'x' })).rejects.toBeInstanceOf(ValidationError);
    await expect(s.h.route.add({ dst: '10.0.0.0/8', table: 'nosuch' as never })).rejects.toBeInstanceOf(ValidationError);
    await expect(s.h.route.add({ dst: '10.0.0.0/8', nexthops: [] })).rejects.toBeInstanceOf(ValidationError);
    await expect(s.h.route.add({ dst: 'fd00::/8', family: 4 })).rejects.toBeInstanceOf(ValidationError);
    expect(s.sent.slice(before).filter((l) => /RTM_NEWROUTE/.test(l))).toEqual([]);
  });
});

describe('handle.neigh', () => {
  it('adds, lists, replaces and deletes neighbours like ip neigh', async () => {
    await s.h.addr.ensure('v0', '10.9.0.1/24');
    await s.h.neigh.add({ dev: 'v0', address: '10.9.0.77', lladdr: '02:00:00:00:00:77' });
    await s.h.neigh.add({ dev: 'v0', address: '10.9.0.78', lladdr: '02:00:00:00:00:78', state: 'REACHABLE', router: true });
    await expect(s.h.neigh.add({ dev: 'v0', address: '10.9.0.77', lladdr: '02:00:00:00:00:77' })).rejects.toMatchObject({ code: 'EEXIST' });
    const ours = await s.h.neigh.list({ dev: 'v0', family: 4 });
    const theirs = (await s.ipj('-4', 'neigh', 'show', 'dev', 'v0')) as Array<Record<string, any>>;
    expect(ours.map((n) => n.address).sort()).toEqual(theirs.map((n) => n.dst).sort());
    for (const t of theirs) {
      const o = ours.find((n) => n.address === t.dst)!;
      expect(o.lladdr).toBe(t.lladdr);
      expect(o.state).toEqual(t.state);
      expect(o.dev).toBe('v0');
    }
    expect((await s.h.neigh.get('10.9.0.78')).router).toBe(true);
    await s.h.neigh.replace({ dev: 'v0', address: '10.9.0.77', lladdr: '02:00:00:00:00:99' });
    expect((await s.h.neigh.get('10.9.0.77')).lladdr).toBe('02:00:00:00:00:99');
    await s.h.neigh.delete({ dev: 'v0', address: '10.9.0.77' });
    await expect(s.h.neigh.delete({ dev: 'v0', address: '10.9.0.77' })).rejects.toBeInstanceOf(NotFoundError);
    expect(await s.h.neigh.flush({ dev: 'v0', family: 4 })).toBe(1);
    await expect(s.h.neigh.add({ dev: 'v0', address: '10.9.0.79', lladdr: 'zz' })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('handle.rule', () => {
  it('adds, lists and deletes rules like ip rule', async () => {
    const base = await s.h.rule.list({ family: 4 });
    expect(base.map((r) => r.priority)).toEqual([0, 32766, 32767]);
    await s.h.rule.add({ from: '10.50.0.0/16', table: 100, priority: 1000 });
    await s.h.rule.add({ to: '10.60.0.0/16', fwmark: 7, table: 'main', priority: 1001, iif: 'v0' });
    await s.h.rule.add({ from: 'all', action: 'blackhole', priority: 1002, not: true, to: '10.70.0.0/16' });
    await expect(s.h.rule.add({ from: '10.50.0.0/16', table: 100, priority: 1000 })).rejects.toMatchObject({ code: 'EEXIST' });
    const ours = await s.h.rule.list({ family: 4 });
    const theirs = (await s.ipj('-4', 'rule', 'show')) as Array<Record<string, any>>;
    expect(ours.map((r) => r.priority)).toEqual(theirs.map((r) => r.priority));
    const r1000 = ours.find((r) => r.priority === 1000)!;
    expect(r1000).toMatchObject({ from: '10.50.0.0/16', table: 100, action: 'to_tbl' });
    expect(ours.find((r) => r.priority === 1001)).toMatchObject({ to: '10.60.0.0/16', fwmark: 7, table: 254, iif: 'v0' });
    expect(ours.find((r) => r.priority === 1002)).toMatchObject({ action: 'blackhole', not: true });
    expect((await s.h.rule.list({ table: 100 })).map((r) => r.priority)).toEqual([1000]);
    await s.h.rule.delete({ priority: 1000 });
    await s.h.rule.delete({ priority: 1001 });
    await s.h.rule.delete({ priority: 1002 });
    await expect(s.h.rule.delete({ priority: 1002 })).rejects.toBeInstanceOf(NotFoundError);
    expect((await s.h.rule.list({ family: 4 })).map((r) => r.priority)).toEqual([0, 32766, 32767]);
    await expect(s.h.rule.add({ from: '10.0.0.0/99' })).rejects.toBeInstanceOf(ValidationError);
    void NetlinkError;
  });
});
