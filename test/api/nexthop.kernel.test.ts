/**
 * handle.nexthop: nexthop objects, groups (mpath, resilient), fdb nexthops and blackholes, built
 * by the API and read by `ip -j nexthop`, built by `ip` and read by the API; routes using them
 * (nhid); flush; errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetlinkError, NotFoundError, ValidationError } from '../../src/api/index.js';
import { skipTest } from '../support/probe.js';
import { sandbox, type Sandbox } from './util.js';

let s: Sandbox;
beforeAll(async () => {
  s = await sandbox('nh');
  await s.h.link('lo').up(); // a blackhole nexthop needs lo up
  await s.h.link.add({ kind: 'veth', name: 'v0', peer: { name: 'v1' }, up: true });
  await s.h.link('v1').up();
  await s.h.addr.add('v0', '10.0.0.1/24');
  await s.h.addr.add({ dev: 'v0', address: '2001:db8::1/64', noDad: true });
});
afterAll(async () => {
  await s?.close();
});

describe('handle.nexthop', () => {
  it('add: gateways, blackhole, groups, fdb, read back by ip -j', async () => {
    await s.h.nexthop.add({ id: 1, gateway: '10.0.0.2', dev: 'v0' });
    await s.h.nexthop.add({ id: 2, gateway: '10.0.0.3', dev: 'v0', protocol: 'static' });
    await s.h.nexthop.add({ id: 3, blackhole: true });
    await s.h.nexthop.add({ id: 4, gateway: '2001:db8::2', dev: 'v0' });
    await s.h.nexthop.add({ id: 5, group: [1, { id: 2, weight: 10 }] });
    await s.h.nexthop.add({ id: 6, group: [{ id: 1, weight: 3 }, 2], type: 'resilient', resilient: { buckets: 8, idleTimer: 10 } });
    await s.h.nexthop.add({ id: 7, gateway: '10.0.0.9', fdb: true });
    await s.h.nexthop.add({ id: 8, group: [7], fdb: true });
    await s.h.nexthop.add({ id: 9, dev: 'v0', onlink: true, gateway: '10.9.9.9' });
    const theirs = await s.ipj('nexthop', 'show');
    expect(theirs).toEqual([
      { id: 1, gateway: '10.0.0.2', dev: 'v0', scope: 'link', flags: [] },
      { id: 2, gateway: '10.0.0.3', dev: 'v0', scope: 'link', protocol: 'static', flags: [] },
      { id: 3, blackhole: null, flags: [] },
      { id: 4, gateway: '2001:db8::2', dev: 'v0', scope: 'link', flags: [] },
      { id: 5, group: [{ id: 1 }, { id: 2, weight: 10 }], flags: [] },
      {
        id: 6,
        group: [{ id: 1, weight: 3 }, { id: 2 }],
        type: 'resilient',
        resilient_args: { buckets: 8, idle_timer: 10, unbalanced_timer: 0, unbalanced_time: 0 },
        flags: [],
      },
      { id: 7, gateway: '10.0.0.9', scope: 'link', flags: [], fdb: null },
      { id: 8, group: [{ id: 7 }], flags: [], fdb: null },
      { id: 9, gateway: '10.9.9.9', dev: 'v0', scope: 'link', flags: ['onlink'] },
    ]);
  });

  it('list / get read what ip built', async () => {
    expect((await s.ip('nexthop', 'add', 'id', '20', 'via', '10.0.0.20', 'dev', 'v0', 'protocol', 'bgp')).code).toBe(0);
    expect((await s.ip('nexthop', 'add', 'id', '21', 'group', '20,5/1', 'type', 'resilient', 'buckets', '4')).code).toBe(0);
    const nh = await s.h.nexthop.get(20);
    expect(nh).toMatchObject({ id: 20, family: 4, gateway: '10.0.0.20', dev: 'v0', protocol: 'bgp', scope: 'link', flags: [] });
    const g = await s.h.nexthop.get(21);
    expect(g).toMatchObject({ id: 21, group: [{ id: 20, weight: 5 }, { id: 1, weight: 1 }], type: 'resilient' });
    expect(g.resilient).toMatchObject({ buckets: 4, idleTimer: 120, unbalancedTimer: 0 });
    const all = await s.h.nexthop.list();
    expect(all.map((n) => n.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 20, 21]);
    expect(all.find((n) => n.id === 3)).toMatchObject({ blackhole: true });
    expect((await s.h.nexthop.list({ groups: true })).map((n) => n.id)).toEqual([5, 6, 8, 21]);
    expect((await s.h.nexthop.list({ fdb: true })).map((n) => n.id)).toEqual([7, 8]);
    expect((await s.h.nexthop.list({ dev: 'v0' })).map((n) => n.id)).toEqual([1, 2, 4, 9, 20]);
    expect((await s.h.nexthop.list({ protocol: 'bgp' })).map((n) => n.id)).toEqual([20]);
    expect((await s.h.nexthop.list({ family: 6 })).map((n) => n.id)).toEqual([4]);
    const buckets = await s.h.nexthop.buckets({ id: 21 });
    expect(buckets.map((b) => b.index)).toEqual([0, 1, 2, 3]);
    expect(new Set(buckets.map((b) => b.nhid))).toEqual(new Set([20, 1]));
    const one = await s.h.nexthop.bucket(21, 3);
    expect(one).toMatchObject({ id: 21, index: 3, nhid: buckets[3]!.nhid });
    await expect(s.h.nexthop.bucket(999, 0)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('encap: an MPLS nexthop, read back by ip -j and by get', async (ctx) => {
    const added = await s.h.nexthop.add({ id: 10, encap: { type: 'mpls', labels: [100, 200], ttl: 7 }, gateway: '10.0.0.2', dev: 'v0' }).catch((e: unknown) => e);
    if (added instanceof NetlinkError && added.code === 'EOPNOTSUPP') skipTest(ctx, `this kernel has no MPLS lwtunnel (${added.message}); the VM lane tests it`);
    expect(added).toBeUndefined();
    expect((await s.ipj('nexthop', 'get', 'id', '10'))[0]).toEqual({ id: 10, encap: 'mpls', dst: '100/200', ttl: 7, gateway: '10.0.0.2', dev: 'v0', scope: 'link', flags: [] });
    const nh = await s.h.nexthop.get(10);
    expect(nh.encap).toMatchObject({ encapType: 'mpls', encap: { ttl: 7 } });
    const e = nh.encap?.encapType === 'mpls' ? nh.encap.encap : undefined;
    expect(e instanceof Uint8Array ? [] : e?.dst?.map((l) => (typeof l === 'number' ? l : l.label))).toEqual([100, 200]);
    await s.h.nexthop.delete(10);
  });

  it('replace changes a nexthop; routes use it with nhid', async () => {
    await s.h.nexthop.replace({ id: 2, gateway: '10.0.0.4', dev: 'v0' });
    expect((await s.ipj('nexthop', 'get', 'id', '2'))[0]).toMatchObject({ id: 2, gateway: '10.0.0.4' });
    await s.h.route.add({ dst: '10.50.0.0/16', nhid: 5 });
    expect((await s.ipj('route', 'show', '10.50.0.0/16'))[0]).toMatchObject({ dst: '10.50.0.0/16', nhid: 5 });
  });

  it('errors: existing id, unknown id, bad input', async () => {
    await expect(s.h.nexthop.add({ id: 1, gateway: '10.0.0.2', dev: 'v0' })).rejects.toMatchObject({ code: 'EEXIST' });
    await expect(s.h.nexthop.get(999)).rejects.toBeInstanceOf(NotFoundError);
    await expect(s.h.nexthop.delete(999)).rejects.toBeInstanceOf(NotFoundError);
    await expect(s.h.nexthop.add({ id: 30, gateway: 'nope' })).rejects.toBeInstanceOf(ValidationError);
    await expect(s.h.nexthop.add({ id: 30, group: [{ id: 1, weight: 0 }] })).rejects.toBeInstanceOf(ValidationError);
    await expect(s.h.nexthop.add({ id: 30, blackhole: true, dev: 'v0' })).rejects.toBeInstanceOf(ValidationError);
    await expect(s.h.nexthop.add({ id: 30, family: 6, gateway: '10.0.0.2' })).rejects.toBeInstanceOf(ValidationError);
    await expect(s.h.nexthop.add({ id: 30, dev: 'nosuch0' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('delete and flush (groups first)', async () => {
    await s.h.route.delete({ dst: '10.50.0.0/16' });
    await s.h.nexthop.delete(9);
    expect((await s.ipj('nexthop', 'show')).map((n: { id: number }) => n.id)).not.toContain(9);
    expect(await s.h.nexthop.flush({ protocol: 'bgp' })).toBe(1);
    expect(await s.h.nexthop.flush()).toBe(9);
    expect(await s.ipj('nexthop', 'show')).toEqual([]);
  });
});
