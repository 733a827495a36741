/**
 * Verbs that mean what they say (issue 9): each ensure converges to what was asked, unknown option
 * keys are refused naming the closest known one, one family convention (4 / 6) in views, the
 * veth peer is named, route.list() defaults to IPv4 like `ip route show`, and a chained link
 * change is a Promise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError, type RouteOptions } from '../../src/api/index.js';
import { sandbox, type Sandbox } from './util.js';

describe('verbs that converge', () => {
  let s: Sandbox;
  beforeAll(async () => {
    s = await sandbox('verbs');
    await s.h.link.add({ kind: 'veth', name: 'v0', peer: { name: 'v1' } });
    await s.h.link('v0').up();
    await s.h.link('v1').up();
    await s.h.addr.add({ dev: 'v0', address: '10.9.0.1/24' });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('route.ensure({dst: default, gateway: B}) with default via A present ends with gateway B', async () => {
    await s.h.route.add({ dst: 'default', via: '10.9.0.2' });
    expect(await s.h.route.ensure({ dst: 'default', gateway: '10.9.0.3' })).toBe(true);
    const defaults = (await s.h.route.list()).filter((r) => r.dst === 'default');
    expect(defaults.map((r) => r.gateway)).toEqual(['10.9.0.3']);
    // already as asked: nothing sent
    expect(await s.h.route.ensure({ dst: 'default', via: '10.9.0.3' })).toBe(false);
    const [j] = await s.ipj('route', 'show', 'default');
    expect(j.gateway).toBe('10.9.0.3');
  });

  it('route options: an unknown key is a ValidationError naming the closest known key', async () => {
    const e = await s.h.route.add({ dst: '10.20.0.0/16', dev: 'v0', gatway: '10.9.0.2' } as unknown as RouteOptions).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).field).toBe('gatway');
    expect((e as Error).message).toContain('"gateway"');
    expect((await s.h.route.list()).some((r) => r.dst === '10.20.0.0/16')).toBe(false);
    // gateway, the name the view uses, is accepted for writing
    await s.h.route.add({ dst: '10.21.0.0/16', dev: 'v0', gateway: '10.9.0.2' });
    const r = (await s.h.route.list()).find((x) => x.dst === '10.21.0.0/16');
    expect(r?.gateway).toBe('10.9.0.2');
    expect(r?.family).toBe(4);
  });

  it('route.list() is IPv4 like ip route show; family 6 and all ask for more', async () => {
    await s.h.addr.add({ dev: 'v0', address: 'fd00:9::1/64', noDad: true });
    const v4 = await s.h.route.list();
    expect(v4.length).toBeGreaterThan(0);
    expect(v4.every((r) => r.family === 4)).toBe(true);
    expect((await s.h.route.list({ family: 6 })).some((r) => r.dst === 'fd00:9::/64')).toBe(true);
    const all = await s.h.route.list({ family: 'all' });
    expect(new Set(all.map((r) => r.family))).toEqual(new Set([4, 6]));
  });

  it('link.ensure converges mtu and master, and names a kind option it cannot change', async () => {
    await s.h.link.add({ kind: 'bridge', name: 'br0' });
    await s.h.link.add({ kind: 'vxlan', name: 'vx0', id: 42, dstport: 4789 });
    expect(await s.h.link.ensure({ kind: 'vxlan', name: 'vx0', id: 42, dstport: 4789, mtu: 1400, master: 'br0' })).toBe(false);
    const l = await s.h.link.get('vx0');
    expect(l.mtu).toBe(1400);
    expect(l.masterName).toBe('br0');
    const e = await s.h.link.ensure({ kind: 'vxlan', name: 'vx0', id: 43, dstport: 4789 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).field).toBe('id');
    const k = await s.h.link.ensure({ kind: 'bridge', name: 'vx0' }).catch((x: unknown) => x);
    expect((k as ValidationError).field).toBe('kind');
  });

  it('addr.ensure applies what it can to an address already there, and names what it cannot', async () => {
    expect(await s.h.addr.ensure({ dev: 'v0', address: '10.9.0.1/24', metric: 7 })).toBe(false);
    const [j] = await s.ipj('-4', 'addr', 'show', 'dev', 'v0');
    expect(j.addr_info.find((a: { local: string }) => a.local === '10.9.0.1').metric).toBe(7);
    const e = await s.h.addr.ensure({ dev: 'v0', address: '10.9.0.1/24', label: 'v0:lab' }).catch((x: unknown) => x);
    expect((e as ValidationError).field).toBe('label');
    expect(await s.h.addr.ensure({ dev: 'v0', address: '10.9.1.1/24' })).toBe(true);
  });

  it('link.peer() names the peer and its namespace', async () => {
    await s.root.link.add({ kind: 'veth', name: 'pa', peer: { name: 'pb', netns: s.ns } });
    const p = await s.h.link.peer('pb');
    expect(p.name).toBe('pa');
    expect(p.sameNetns).toBe(false);
    expect(typeof p.nsid).toBe('number');
    const back = await s.root.link.peer('pa');
    expect(back).toMatchObject({ name: 'pb', netns: s.ns, netnsTarget: s.ns, sameNetns: false });
    expect(await s.h.link.peer('v0')).toMatchObject({ name: 'v1', sameNetns: true });
  });

  it('a chained link change is a Promise', async () => {
    const change: Promise<void> = s.h.link('v1').mtu(1300);
    await Promise.all([change]);
    expect((await s.h.link.get('v1')).mtu).toBe(1300);
  });
});
