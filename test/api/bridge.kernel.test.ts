/**
 * handle.bridge (port, fdb, mdb, vlan) against the kernel, with `bridge -j` as the oracle: what the
 * API sets is what `bridge` reads back, what it lists is what `bridge` lists, and bad input is a
 * ValidationError naming the option before anything is sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetlinkError, NotFoundError, ValidationError } from '../../src/api/index.js';
import { skipTest } from '../support/probe.js';
import { sandbox, type Sandbox } from './util.js';

let s: Sandbox;
async function bridgeJ(...args: string[]): Promise<Array<Record<string, unknown>>> {
  const r = await s.root.netns.exec(s.ns, ['bridge', '-j', ...args], { stdio: 'pipe', timeoutMs: 10000 });
  if (r.code !== 0) throw new Error(`bridge -j ${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Array<Record<string, unknown>>;
}

beforeAll(async () => {
  s = await sandbox('br');
  await s.h.link.add({ kind: 'bridge', name: 'br0', mcastSnooping: true, up: true });
  await s.h.link.add({ kind: 'veth', name: 'v0', peer: { name: 'v1' }, master: 'br0', up: true });
  // v0 needs a carrier for STP state changes (br_set_port_state: ENETDOWN otherwise).
  await s.h.link('v1').up();
  await s.h.link.add({ kind: 'veth', name: 'v2', peer: { name: 'v3' }, master: 'br0' });
  await s.h.link.add({ kind: 'vxlan', name: 'vx0', id: 42, dstport: 4789, local: '10.0.0.1' });
});
afterAll(async () => {
  await s?.close();
});

describe('handle.bridge', () => {
  it('port.set changes what bridge link shows, port.list reads it back', async () => {
    // Once v0 has its carrier (linkwatch may take a moment), STP-less bridges make it forwarding;
    // a state set before that would be overwritten.
    for (let i = 0; i < 50 && (await s.h.bridge.port.list({ dev: 'v0' }))[0]?.state !== 'forwarding'; i++) await new Promise((r) => setTimeout(r, 100));
    await s.h.bridge.port.set('v0', { cost: 7, priority: 3, hairpin: true, guard: true, learning: false, mcastRouter: 2, isolated: true, state: 'learning' });
    await s.h.bridge.port.set('v2', { flood: false, neighSuppress: true, backupPort: 'v0' }).catch((e: unknown) => {
      // a backup port must be up (ENETDOWN); the rest is checked without it
      if (!(e instanceof NetlinkError)) throw e;
      return s.h.bridge.port.set('v2', { flood: false, neighSuppress: true });
    });
    const theirs = await bridgeJ('-d', 'link', 'show');
    expect(theirs.find((p) => p.ifname === 'v0')).toMatchObject({ cost: 7, priority: 3, hairpin: true, guard: true, learning: false, mcast_router: 2, isolated: true, state: 'learning' });
    expect(theirs.find((p) => p.ifname === 'v2')).toMatchObject({ flood: false, neigh_suppress: true });
    const ours = await s.h.bridge.port.list();
    expect(ours.map((p) => p.name).sort()).toEqual(['v0', 'v2']);
    expect(ours.find((p) => p.name === 'v0')).toMatchObject({ master: 'br0', cost: 7, priority: 3, hairpin: true, guard: true, learning: false, mcastRouter: 2, isolated: true, state: 'learning' });
    expect((await s.h.bridge.port.list({ dev: 'v2' })).map((p) => p.name)).toEqual(['v2']);
    await expect(s.h.bridge.port.set('v0', { cots: 5 } as never)).rejects.toThrow(/unknown option "cots" \(did you mean "cost"\?\)/);
    await expect(s.h.bridge.port.set('v0', { state: 'sleeping' as never })).rejects.toBeInstanceOf(ValidationError);
    await expect(s.h.bridge.port.set('v0', { priority: 70000 })).rejects.toBeInstanceOf(ValidationError);
    await expect(s.h.bridge.port.set('nope', { cost: 5 })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('fdb add/append/replace/get/list/delete/flush as bridge fdb does', async () => {
    await s.h.bridge.fdb.add({ mac: '02:00:00:00:00:02', dev: 'v0', master: true, state: 'static' });
    await s.h.bridge.fdb.add({ mac: '02:00:00:00:00:03', dev: 'v0', master: true, state: 'dynamic' });
    await s.h.bridge.fdb.add({ mac: '02:00:00:00:00:04', dev: 'v0', master: true, state: 'static', sticky: true });
    await s.h.bridge.fdb.add({ mac: '00:00:00:00:00:00', dev: 'vx0', dst: '10.0.0.2' });
    await s.h.bridge.fdb.append({ mac: '00:00:00:00:00:00', dev: 'vx0', dst: '10.0.0.3', port: 4790, vni: 7, via: 'v1' });
    await s.h.bridge.fdb.replace({ mac: '02:00:00:00:00:02', dev: 'v0', master: true });
    const theirs = await bridgeJ('fdb', 'show', 'dev', 'vx0');
    expect(theirs).toEqual([
      { mac: '00:00:00:00:00:00', dst: '10.0.0.2', flags: ['self'], state: 'permanent' },
      { mac: '00:00:00:00:00:00', dst: '10.0.0.3', port: 4790, vni: 7, viaIf: 'v1', flags: ['self'], state: 'permanent' },
    ]);
    const vx = await s.h.bridge.fdb.list({ dev: 'vx0' });
    expect(vx.map(({ raw: _raw, ...e }) => e)).toEqual([
      { mac: '00:00:00:00:00:00', dev: 'vx0', index: vx[0]!.index, dst: '10.0.0.2', flags: ['self'], state: 'permanent' },
      { mac: '00:00:00:00:00:00', dev: 'vx0', index: vx[0]!.index, dst: '10.0.0.3', port: 4790, vni: 7, via: 'v1', flags: ['self'], state: 'permanent' },
    ]);
    // A kernel with bridge VLAN support also adds each entry for the port's VLANs (vlan 1 by default).
    const mine = (await s.h.bridge.fdb.list({ master: 'br0' })).filter((e) => e.mac.startsWith('02:00:00') && e.vlan === undefined);
    expect(mine.map((e) => `${e.mac} ${e.dev} ${e.master} ${e.state} ${e.flags.join(',')}`).sort()).toEqual([
      '02:00:00:00:00:02 v0 br0 permanent ',
      '02:00:00:00:00:03 v0 br0  ',
      '02:00:00:00:00:04 v0 br0 static sticky',
    ]);
    expect(await s.h.bridge.fdb.get('02:00:00:00:00:03', { master: 'br0' })).toMatchObject({ dev: 'v0', flags: [], state: '' });
    await s.h.bridge.fdb.delete({ mac: '02:00:00:00:00:02', dev: 'v0', master: true });
    await expect(s.h.bridge.fdb.delete({ mac: '02:00:00:00:00:02', dev: 'v0', master: true })).rejects.toBeInstanceOf(NotFoundError);
    await expect(s.h.bridge.fdb.get('02:00:00:00:00:02', { master: 'br0' })).rejects.toBeInstanceOf(NotFoundError);
    // The bridge's own bulk delete (self, the default): the dynamic entries of port v0.
    await s.h.bridge.fdb.flush({ dev: 'br0', port: 'v0', state: 'dynamic' });
    const left = (await bridgeJ('fdb', 'show', 'br', 'br0')).map((e) => e.mac);
    expect(left).not.toContain('02:00:00:00:00:03');
    expect(left).toContain('02:00:00:00:00:04');
    await expect(s.h.bridge.fdb.add({ mac: '02:00:00:00:00:09', dev: 'v0', vlna: 5 } as never)).rejects.toThrow(/unknown option "vlna" \(did you mean "vlan"\?\)/);
    await expect(s.h.bridge.fdb.add({ mac: 'zz', dev: 'v0' })).rejects.toBeInstanceOf(ValidationError);
    await expect(s.h.bridge.fdb.add({ mac: '02:00:00:00:00:09', dev: 'vx0', nhid: 3, dst: '10.0.0.9' })).rejects.toThrow(/mutually exclusive/);
    await expect(s.h.bridge.fdb.add({ mac: '02:00:00:00:00:09', dev: 'v0', vni: 1 << 24 })).rejects.toBeInstanceOf(ValidationError);
  });

  it('mdb add/list/delete as bridge mdb does', async () => {
    await s.h.bridge.mdb.add({ dev: 'br0', port: 'v0', group: '239.1.1.1', permanent: true });
    await s.h.bridge.mdb.add({ dev: 'br0', port: 'v0', group: 'ff0e::5', permanent: true, vid: 0 });
    const theirs = (await bridgeJ('mdb', 'show')) as unknown as Array<{ mdb: Array<Record<string, unknown>> }>;
    expect(theirs[0]!.mdb.filter((e) => e.state === 'permanent').map((e) => `${e.port} ${e.grp}`).sort()).toEqual(['v0 239.1.1.1', 'v0 ff0e::5']);
    const ours = (await s.h.bridge.mdb.list({ dev: 'br0' })).filter((e) => e.permanent);
    expect(ours.map((e) => `${e.bridge} ${e.port} ${e.group} ${e.vid} ${e.protocol}`).sort()).toEqual(['br0 v0 239.1.1.1 0 static', 'br0 v0 ff0e::5 0 static']);
    await s.h.bridge.mdb.delete({ dev: 'br0', port: 'v0', group: '239.1.1.1' });
    expect((await s.h.bridge.mdb.list()).some((e) => e.group === '239.1.1.1')).toBe(false);
    // The kernel answers EINVAL for an entry that is not there.
    await expect(s.h.bridge.mdb.delete({ dev: 'br0', port: 'v0', group: '239.1.1.1' })).rejects.toBeInstanceOf(NetlinkError);
    await expect(s.h.bridge.mdb.add({ dev: 'br0', port: 'v0', group: 'not-a-group' })).rejects.toThrow(/group: invalid address/);
    await expect(s.h.bridge.mdb.add({ dev: 'br0', port: 'v0', grp: '239.1.1.1' } as never)).rejects.toThrow(/unknown option "grp"/);
  });

  it('vlan add/list/delete as bridge vlan does (where the bridge has VLAN filtering)', async (ctx) => {
    await expect(s.h.bridge.vlan.add({ dev: 'v0', vid: 10, vidEnd: 5 })).rejects.toBeInstanceOf(ValidationError);
    await expect(s.h.bridge.vlan.add({ dev: 'v0', vid: 10, vidEnd: 12, pvid: true })).rejects.toThrow(/pvid/);
    await expect(s.h.bridge.vlan.add({ dev: 'v0', vid: 5000 })).rejects.toBeInstanceOf(ValidationError);
    await expect(s.h.bridge.vlan.add({ dev: 'v0', vdi: 5 } as never)).rejects.toThrow(/unknown option "vdi"/);
    try {
      await s.h.link('br0').set({ kind: 'bridge', data: { vlanFiltering: 1 } });
    } catch (e) {
      if (e instanceof NetlinkError && e.code === 'EOPNOTSUPP') skipTest(ctx, "this kernel's bridge has no VLAN filtering (CONFIG_BRIDGE_VLAN_FILTERING); bridge VLANs are compared in the VM lane (test/vm/bridge.test.ts)");
      throw e;
    }
    await s.h.bridge.vlan.add({ dev: 'v0', vid: 10, vidEnd: 12, untagged: true });
    await s.h.bridge.vlan.add({ dev: 'v0', vid: 30, pvid: true });
    await s.h.bridge.vlan.delete({ dev: 'v0', vid: 11 });
    const theirs = await bridgeJ('vlan', 'show', 'dev', 'v0');
    const ours = await s.h.bridge.vlan.list({ dev: 'v0' });
    expect(ours[0]!.vlans.map((v) => `${v.vid}${v.pvid ? ' pvid' : ''}${v.untagged ? ' untagged' : ''}`)).toEqual(
      (theirs[0]!.vlans as Array<{ vlan: number; flags?: string[] }>).map((v) => `${v.vlan}${v.flags?.includes('PVID') ? ' pvid' : ''}${v.flags?.includes('Egress Untagged') ? ' untagged' : ''}`),
    );
  });
});
