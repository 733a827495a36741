/** handle.link and handle.tuntap against the kernel, in a namespace of a private sandbox, compared with `ip -j -d`. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetlinkError, NetnsNotFoundError, NotFoundError, ValidationError } from '../../src/api/index.js';
import { sandbox, type Sandbox } from './util.js';

describe('handle.link (sandbox)', () => {
  let s: Sandbox;
  beforeAll(async () => {
    s = await sandbox('t', { trace: true });
    await s.root.netns.add('peerns');
  });
  afterAll(async () => {
    await s?.close();
  });

  it('lists links like ip -j -d link show', async () => {
    await s.h.link.add({ kind: 'veth', name: 'va', peer: { name: 'vb' }, mtu: 1400, alias: 'hello' });
    const ours = await s.h.link.list();
    const theirs = (await s.ipj('-d', 'link', 'show')) as Array<Record<string, any>>;
    expect(ours.map((l) => l.name)).toEqual(theirs.map((l) => l.ifname));
    for (const t of theirs) {
      const o = ours.find((l) => l.index === t.ifindex)!;
      expect(o.name).toBe(t.ifname);
      expect(o.mtu).toBe(t.mtu);
      expect(o.flags).toEqual((t.flags as string[]).filter((f) => f !== 'M-DOWN')); // M-DOWN: iproute2's note on the peer
      expect(o.operstate).toBe(t.operstate);
      if (t.address) expect(o.address).toBe(t.address);
      expect(o.kind).toBe(t.linkinfo?.info_kind);
      expect(o.txqlen).toBe(t.txqlen);
      if (t.ifalias) expect(o.alias).toBe(t.ifalias);
      expect(o.group).toBe(0);
      expect(o.raw.header.index).toBe(t.ifindex);
    }
    expect((await s.h.link.get('va')).alias).toBe('hello');
    await s.h.link.delete('va');
    expect(await s.h.link.exists('vb')).toBe(false);
  });

  it('get throws NotFoundError for a missing link; find gives undefined', async () => {
    await expect(s.h.link.get('nosuch0')).rejects.toBeInstanceOf(NotFoundError);
    await expect(s.h.link.get(99999)).rejects.toBeInstanceOf(NotFoundError);
    expect(await s.h.link.find('nosuch0')).toBeUndefined();
    await expect(s.h.link.delete('nosuch0')).rejects.toBeInstanceOf(NotFoundError);
    await expect(s.h.link('nosuch0').up()).rejects.toBeInstanceOf(NotFoundError);
    expect(await s.h.link.deleteIfExists('nosuch0')).toBe(false);
  });

  it('add is exclusive by default; ensure is idempotent; replace changes the existing link', async () => {
    await s.h.link.add({ kind: 'bridge', name: 'br9' });
    await expect(s.h.link.add({ kind: 'bridge', name: 'br9' })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await s.h.link.ensure({ kind: 'bridge', name: 'br9' })).toBe(false);
    expect(await s.h.link.ensure({ kind: 'bridge', name: 'br8' })).toBe(true);
    await expect(s.h.link.ensure({ kind: 'veth', name: 'br8', peer: { name: 'x8' } })).rejects.toBeInstanceOf(ValidationError);
    await s.h.link.add({ kind: 'bridge', name: 'br9', replace: true, mtu: 1300, stp: true });
    const br = await s.h.link.get('br9');
    expect(br.mtu).toBe(1300);
    expect(br.info?.stpState).toBe(1);
    await s.h.link.delete('br9');
    await s.h.link.delete('br8');
  });

  it('accumulates chained changes into one RTM_NEWLINK', async () => {
    await s.h.link.add({ kind: 'veth', name: 'c1', peer: { name: 'c2' } });
    const before = s.sent.length;
    await s.h.link('c1').mtu(1280).alias('chained').txqlen(42).address('02:00:00:00:00:01').group(3).promisc(true).allmulticast(true).arp(false).up();
    const sentNow = s.sent.slice(before);
    expect(sentNow.filter((l) => l.startsWith('> RTM_NEWLINK'))).toHaveLength(1);
    const [t] = (await s.ipj('-d', 'link', 'show', 'c1')) as Array<Record<string, any>>;
    expect(t!.mtu).toBe(1280);
    expect(t!.ifalias).toBe('chained');
    expect(t!.txqlen).toBe(42);
    expect(t!.address).toBe('02:00:00:00:00:01');
    expect(t!.group).toBe('3');
    expect(t!.flags).toEqual(expect.arrayContaining(['NOARP', 'PROMISC', 'ALLMULTI', 'UP']));
    const l = await s.h.link.get('c1');
    expect(l.up).toBe(true);
    expect(l.flags).toEqual(expect.arrayContaining(['NOARP', 'PROMISC', 'ALLMULTI', 'UP']));
    await s.h.link('c1').down().promisc(false).arp(true).allmulticast(false);
    const l2 = await s.h.link.get('c1');
    expect(l2.up).toBe(false);
    expect(l2.flags).not.toContain('PROMISC');
    expect(l2.flags).not.toContain('NOARP');
    // rename needs the index: resolved first
    await s.h.link('c1').rename('c1new');
    expect(await s.h.link.exists('c1new')).toBe(true);
    expect(await s.h.link.exists('c1')).toBe(false);
    await s.h.link.delete('c1new');
  });

  it('moves a link to another namespace by name, with other changes in the same message', async () => {
    await s.h.link.add({ kind: 'veth', name: 'm1', peer: { name: 'm2' } });
    await s.h.link('m2').setNetns('peerns').mtu(1450).up();
    const there = await s.root.in('peerns').link.get('m2');
    expect(there.mtu).toBe(1450);
    expect(there.up).toBe(true);
    const peer = await s.h.link('m1').peer();
    expect(peer).toMatchObject({ index: there.index, name: 'm2', netns: 'peerns', sameNetns: false });
    expect(typeof peer.nsid).toBe('number');
    // what ethtool -S shows as peer_ifindex, and ip shows as link-netns
    const [t] = (await s.ipj('-d', 'link', 'show', 'm1')) as Array<Record<string, any>>;
    expect(t!.link_index).toBe(there.index);
    expect(t!.link_netnsid).toBe(peer.nsid);
    await expect(s.h.link('m1').setNetns('no-such-ns')).rejects.toBeInstanceOf(NetnsNotFoundError);
    await s.h.link.delete('m1');
  });

  it('creates a veth whose peer is directly in another namespace; peer() in the same namespace', async () => {
    await s.h.link.add({ kind: 'veth', name: 'd1', up: true, peer: { name: 'd2', netns: 'peerns', mtu: 1300 } });
    expect((await s.root.in('peerns').link.get('d2')).mtu).toBe(1300);
    // aliases (which the kernel ignores at creation) land on both ends, wherever they are
    await s.h.link.add({ kind: 'veth', name: 'al1', alias: 'one', netns: 'peerns', peer: { name: 'al2', alias: 'two' } });
    expect((await s.root.in('peerns').link.get('al1')).alias).toBe('one');
    expect((await s.h.link.get('al2')).alias).toBe('two');
    await s.h.link.delete('al2');
    await s.h.link.add({ kind: 'veth', name: 'e1', peer: { name: 'e2' } });
    expect(await s.h.link('e1').peer()).toMatchObject({ name: 'e2', sameNetns: true });
    await expect(s.h.link('lo').peer()).rejects.toBeInstanceOf(ValidationError);
    await s.h.link.delete('d1');
    await s.h.link.delete('e1');
  });

  it('bridges: master / nomaster, list filters by master, kind and up', async () => {
    await s.h.link.add({ kind: 'bridge', name: 'br0', up: true });
    await s.h.link.add({ kind: 'veth', name: 'p1', peer: { name: 'q1' }, master: 'br0' });
    await s.h.link.add({ kind: 'veth', name: 'p2', peer: { name: 'q2' } });
    await s.h.link('p2').master('br0').up();
    const ports = await s.h.link.list({ master: 'br0' });
    expect(ports.map((l) => l.name).sort()).toEqual(['p1', 'p2']);
    expect(ports.every((l) => l.masterName === 'br0' && l.slaveKind === 'bridge')).toBe(true);
    const bridgeJson = (await s.ipj('link', 'show', 'master', 'br0')) as Array<{ ifname: string }>;
    expect(bridgeJson.map((l) => l.ifname).sort()).toEqual(['p1', 'p2']);
    expect((await s.h.link.list({ kind: 'bridge' })).map((l) => l.name)).toEqual(['br0']);
    expect((await s.h.link.list({ kind: 'veth', up: true })).map((l) => l.name)).toEqual(['p2']);
    const streamed: string[] = [];
    for await (const l of s.h.link.stream({ kind: 'veth' })) streamed.push(l.name);
    expect(streamed.sort()).toEqual(['p1', 'p2', 'q1', 'q2']);
    await s.h.link('p1').nomaster();
    expect((await s.h.link.get('p1')).master).toBeUndefined();
    for (const n of ['p1', 'p2', 'br0']) await s.h.link.delete(n);
  });

  it('vxlan, macvlan, macvtap and ifb', async () => {
    await s.h.link.add({ kind: 'veth', name: 'u1', peer: { name: 'u2' } });
    await s.h.link.add({ kind: 'vxlan', name: 'vx0', id: 42, dstport: 4789, local: '192.0.2.1', group: '239.1.1.1', dev: 'u1', ttl: 5 });
    await s.h.link.add({ kind: 'macvlan', name: 'mv0', link: 'u1', mode: 'bridge' });
    await s.h.link.add({ kind: 'macvtap', name: 'mt0', link: 'u2', mode: 'vepa' });
    await s.h.link.add({ kind: 'ifb', name: 'ifb0' });
    const all = (await s.ipj('-d', 'link', 'show')) as Array<Record<string, any>>;
    const byName = (n: string) => all.find((l) => l.ifname === n)!;
    const vx = await s.h.link.get('vx0');
    expect(vx.kind).toBe('vxlan');
    expect(vx.info).toMatchObject({ id: 42, port: 4789, local: '192.0.2.1', group: '239.1.1.1', ttl: 5 });
    expect(byName('vx0').linkinfo.info_data).toMatchObject({ id: 42, port: 4789, local: '192.0.2.1', group: '239.1.1.1', ttl: 5 });
    const mv = await s.h.link.get('mv0');
    expect(mv.info?.mode).toBe('bridge');
    expect(byName('mv0').linkinfo.info_data.mode).toBe('bridge');
    expect(mv.link).toBe((await s.h.link.get('u1')).index);
    expect((await s.h.link.get('mt0')).info?.mode).toBe('vepa');
    expect((await s.h.link.get('ifb0')).kind).toBe('ifb');
    for (const n of ['vx0', 'mv0', 'mt0', 'ifb0', 'u1']) await s.h.link.delete(n);
  });

  it('kinds this kernel lacks answer "Unknown device type" (dummy, vlan, bond, vrf, gre, ipip)', async () => {
    await s.h.link.add({ kind: 'veth', name: 'w1', peer: { name: 'w2' } });
    const tries = [
      () => s.h.link.add({ kind: 'dummy', name: 'dm0' }),
      () => s.h.link.add({ kind: 'vlan', name: 'vl0', link: 'w1', id: 10 }),
      () => s.h.link.add({ kind: 'bond', name: 'bo0', mode: 'active-backup' }),
      () => s.h.link.add({ kind: 'vrf', name: 'vrf0', table: 10 }),
      () => s.h.link.add({ kind: 'gre', name: 'gre9', remote: '192.0.2.2', local: '192.0.2.1', ttl: 64 }),
      () => s.h.link.add({ kind: 'ipip', name: 'ipip9', remote: '192.0.2.2', local: '192.0.2.1' }),
    ];
    for (const t of tries) {
      try {
        await t();
        // supported on this kernel after all: fine, clean it up below
      } catch (e) {
        expect(e).toBeInstanceOf(NetlinkError);
        // Skips only on the exact answer of a kernel without the module.
        expect((e as NetlinkError).extackMessage ?? (e as NetlinkError).code).toMatch(/Unknown device type|EOPNOTSUPP/);
      }
    }
    for (const n of ['dm0', 'vl0', 'bo0', 'vrf0', 'gre9', 'ipip9', 'w1']) await s.h.link.deleteIfExists(n);
  });

  it('validates before sending anything', async () => {
    const before = s.sent.length;
    await expect(s.h.link.add({ kind: 'veth', name: 'averyveryverylongname', peer: { name: 'x' } })).rejects.toBeInstanceOf(ValidationError);
    await expect(s.h.link.add({ kind: 'veth', name: 'ok0', peer: { name: '' } })).rejects.toBeInstanceOf(ValidationError);
    await expect(s.h.link.add({ kind: 'veth', name: 'ok0', peer: 'x' } as never)).rejects.toThrow(/peer options object expected/);
    await expect(s.h.link.add({ kind: 'veth', name: 'a/b', peer: { name: 'x' } })).rejects.toBeInstanceOf(ValidationError);
    await expect(s.h.link.add({ kind: 'veth', name: 'a b', peer: { name: 'x' } })).rejects.toBeInstanceOf(ValidationError);
    await expect(s.h.link.add({ kind: 'veth', name: '..', peer: { name: 'x' } })).rejects.toBeInstanceOf(ValidationError);
    await expect(s.h.link.add({ kind: 'veth', name: 'ok0', netns: 'nope', peer: { name: 'x' } })).rejects.toBeInstanceOf(NetnsNotFoundError);
    await expect(s.h.link.add({ kind: 'veth', name: 'ok0', peer: { name: 'x', netns: 'nope' } })).rejects.toBeInstanceOf(NetnsNotFoundError);
    await expect(s.h.link.add({ kind: 'macvlan', name: 'ok0' } as never)).rejects.toBeInstanceOf(ValidationError);
    await expect(s.h.link.add({ kind: 'vxlan', name: 'ok0', id: 1 << 25 })).rejects.toBeInstanceOf(ValidationError);
    expect(() => s.h.link('x').mtu(-1)).toThrow(ValidationError);
    expect(() => s.h.link('x').address('zz')).toThrow(ValidationError);
    expect(() => s.h.link('sixteen-chars-xx')).toThrow(ValidationError);
    expect(s.sent.slice(before).filter((l) => l.startsWith('> RTM_NEWLINK'))).toEqual([]);
    expect(await s.h.link.exists('ok0')).toBe(false);
  });
});

describe('handle.tuntap (sandbox)', () => {
  let s: Sandbox;
  beforeAll(async () => {
    s = await sandbox('tt');
  });
  afterAll(async () => {
    await s?.close();
  });

  it('adds, lists and deletes tun/tap devices like ip tuntap', async () => {
    await s.h.tuntap.add({ name: 'tun0', mode: 'tun' });
    await s.h.tuntap.add({ name: 'tap0', mode: 'tap', multiQueue: true, vnetHdr: true, user: 0, group: 0 });
    const list = await s.h.tuntap.list();
    expect(list.map((t) => [t.name, t.mode])).toEqual([['tun0', 'tun'], ['tap0', 'tap']]);
    const tap = list.find((t) => t.name === 'tap0')!;
    expect(tap).toMatchObject({ multiQueue: true, vnetHdr: true, pi: false, persist: true, user: 0, group: 0 });
    // the kernel-side kind filter: only tun devices
    expect((await s.h.link.list({ kind: 'tun' })).map((l) => l.name)).toEqual(['tun0', 'tap0']);
    const shown = await s.ip('tuntap', 'show');
    expect(shown.stdout).toContain('tun0: tun');
    expect(shown.stdout).toContain('tap0: tap');
    await s.h.tuntap.delete('tun0');
    await s.h.tuntap.delete('tap0', 'tap');
    expect(await s.h.tuntap.list()).toEqual([]);
    await expect(s.h.tuntap.add({ name: 'x', mode: 'tunnel' as never })).rejects.toBeInstanceOf(ValidationError);
  });
});
