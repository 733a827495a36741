/** handle.link: device groups (set / delete / list), kernel-chosen names, linkmode / operstate, link-netnsid; against the kernel and `ip -j`. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/api/index.js';
import { sandbox, type Sandbox } from './util.js';

let s: Sandbox;
beforeAll(async () => {
  s = await sandbox('lx', { trace: true });
});
afterAll(async () => {
  await s?.close();
});

describe('handle.link extras', () => {
  it('group(N) changes every link of the group in one request; deleteGroup(N) deletes them', async () => {
    for (const n of ['g0', 'g1', 'g2']) await s.h.link.add({ kind: 'bridge', name: n, devGroup: n === 'g2' ? 0 : 5 });
    const before = s.sent.length;
    await s.h.link.group(5).up().mtu(1400);
    expect(s.sent.slice(before).filter((l) => l.startsWith('> RTM_NEWLINK'))).toHaveLength(1);
    const theirs = (await s.ipj('link', 'show', 'group', '5')) as Array<Record<string, unknown>>;
    // ip -j prints an empty object for each link outside the group.
    expect(theirs.filter((l) => l.ifname).map((l) => l.ifname).sort()).toEqual(['g0', 'g1']);
    expect(theirs.filter((l) => l.ifname).every((l) => l.mtu === 1400 && (l.flags as string[]).includes('UP'))).toBe(true);
    expect((await s.h.link.get('g2')).up).toBe(false);
    expect((await s.h.link.list({ group: 5 })).map((l) => l.name)).toEqual(['g0', 'g1']);
    expect(() => s.h.link.group(5).group(6)).not.toThrow(); // checked when sent
    await expect(s.h.link.group(5).group(6).send()).rejects.toBeInstanceOf(ValidationError);
    await s.h.link.deleteGroup(5);
    expect((await s.h.link.list()).map((l) => l.name).sort()).toEqual(['g2', 'lo']);
    await s.h.link.delete('g2');
  });

  it('links and veth peers without a name get the kernel-chosen names', async () => {
    const br = await s.h.link.add({ kind: 'bridge' });
    expect(br.dev).toMatch(/^bridge\d+$/);
    expect(await br.exists()).toBe(true);
    const v = await s.h.link.add({ kind: 'veth', name: 'va' });
    expect(v.dev).toBe('va');
    const peer = await s.h.link('va').peer();
    expect(peer.name).toMatch(/^veth\d+$/);
    const both = await s.h.link.add({ kind: 'veth' });
    expect(both.dev).toMatch(/^veth\d+$/);
    const names = ((await s.ipj('link')) as Array<{ ifname: string }>).map((l) => l.ifname);
    expect(names).toEqual(expect.arrayContaining([br.dev, 'va', peer.name, both.dev]));
    await s.h.link.delete(br.dev);
    await s.h.link.delete('va');
    await s.h.link.delete(both.dev);
    await expect(s.h.link.ensure({ kind: 'bridge' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('linkmode and operstate (ip link set DEV mode dormant / state UP)', async () => {
    await s.h.link.add({ kind: 'veth', name: 'm0', peer: { name: 'm1' } });
    await s.h.link('m1').up();
    await s.h.link('m0').linkmode('dormant').up();
    let j = (await s.ipj('link', 'show', 'm0'))[0];
    expect(j).toMatchObject({ linkmode: 'DORMANT', operstate: 'DORMANT' });
    await s.h.link('m0').operstate('UP');
    j = (await s.ipj('link', 'show', 'm0'))[0];
    expect(j.operstate).toBe('UP');
    await s.h.link('m0').linkmode('default');
    expect((await s.ipj('link', 'show', 'm0'))[0].linkmode).toBe('DEFAULT');
    expect(() => s.h.link('m0').operstate('BOGUS' as never)).toThrow(ValidationError);
    expect(() => s.h.link('m0').linkmode('x' as never)).toThrow(ValidationError);
    await s.h.link.delete('m0');
  });

  it('linkNetnsid: a veth whose peer lives in another namespace', async () => {
    await s.root.netns.add('lxo');
    await s.h.netns.setId('lxo', 7);
    // A macvlan-less kernel check: IFLA_LINK_NETNSID with a veth puts the peer there (like link-netns).
    await s.h.link.add({ kind: 'veth', name: 'n0', peer: { name: 'n1' }, linkNetnsid: 7 });
    const peer = await s.h.link('n0').peer();
    expect(peer).toMatchObject({ nsid: 7, netns: 'lxo', name: 'n1' });
    await s.h.link.delete('n0');
    await s.root.netns.delete('lxo');
  });
});
