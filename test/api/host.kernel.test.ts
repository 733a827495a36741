/**
 * The fluent API on the real host (not a sandbox), root only: everything happens inside
 * uniquely named namespaces that the test creates and deletes; the host's own interfaces,
 * routes and namespaces are never touched. iproute2 (`ip -n NS -j`) is the oracle.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Netlink, type Handle } from '../../src/api/index.js';
import { NOT_ROOT, skipping } from '../support/probe.js';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const unique = () => `pna-${randomBytes(4).toString('hex')}`;
const ipj = (ns: string, ...args: string[]) => JSON.parse(execFileSync('ip', ['-n', ns, '-j', ...args], { encoding: 'utf8' }) || 'null');

describe.skipIf(skipping(NOT_ROOT))('fluent API on the host, inside throwaway namespaces', () => {
  let root: Handle;
  const a = unique();
  const b = unique();
  const hostLinksBefore = isRoot ? execFileSync('ip', ['-j', 'link', 'show'], { encoding: 'utf8' }) : '';
  beforeAll(async () => {
    root = await Netlink.open();
    await root.netns.add(a);
    await root.netns.add(b);
  });
  afterAll(async () => {
    await root?.netns.delete(a).catch(() => {});
    await root?.netns.delete(b).catch(() => {});
    await root?.close();
    expect(existsSync(`/run/netns/${a}`)).toBe(false);
    expect(existsSync(`/run/netns/${b}`)).toBe(false);
  });

  it('a namespace given as a file descriptor of this process: a handle in it, and a link moved to it', async () => {
    const fd = openSync(`/run/netns/${b}`, 'r');
    try {
      await root.in(a).link.add({ kind: 'veth', name: 'fdx', peer: { name: 'fdy' } });
      await root.in(a).link('fdy').setNetns({ fd });
      expect(ipj(b, 'link', 'show', 'fdy')[0].ifname).toBe('fdy');
      const viaFd = root.in({ fd });
      expect((await viaFd.link.get('fdy')).name).toBe('fdy');
      await viaFd.close();
    } finally {
      closeSync(fd);
      await root.in(a).link.deleteIfExists('fdx');
    }
  });

  it('namespaces appear under /run/netns and in ip netns list', async () => {
    expect(existsSync(`/run/netns/${a}`)).toBe(true);
    const names = (await root.netns.list()).map((n) => n.name);
    expect(names).toEqual(expect.arrayContaining([a, b]));
    const theirs = (JSON.parse(execFileSync('ip', ['-j', 'netns', 'list'], { encoding: 'utf8' }) || '[]') as Array<{ name: string }>).map((n) => n.name);
    expect(theirs).toEqual(expect.arrayContaining([a, b]));
  });

  it('connects two namespaces with a veth pair and pings across', async () => {
    const ha = root.in(a);
    const hb = root.in(b);
    await ha.link.add({ kind: 'veth', name: 'veth1', peer: { name: 'veth2', netns: b } });
    await ha.addr.add('veth1', '10.0.0.1/24');
    await hb.addr.add('veth2', '10.0.0.2/24');
    await Promise.all([ha.link('veth1').up(), hb.link('veth2').up(), ha.link('lo').up(), hb.link('lo').up()]);
    const links = ipj(a, '-d', 'link', 'show', 'veth1') as Array<Record<string, any>>;
    const ours = await ha.link.get('veth1');
    expect(ours.index).toBe(links[0]!.ifindex);
    expect(ours.kind).toBe('veth');
    const peer = await ha.link('veth1').peer();
    expect(peer).toMatchObject({ netns: b, name: 'veth2' });
    expect((ipj(b, 'addr', 'show', 'dev', 'veth2') as Array<any>)[0].addr_info.map((x: any) => x.local)).toContain('10.0.0.2');
    await ha.waitFor.link('veth1', (l) => l.lowerUp, { timeoutMs: 5000 });
    const r = await root.netns.exec(a, ['ping', '-c', '1', '-W', '2', '10.0.0.2'], { stdio: 'pipe' });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    await ha.close();
    await hb.close();
  });

  it('left the host alone', () => {
    const now = JSON.parse(execFileSync('ip', ['-j', 'link', 'show'], { encoding: 'utf8' })) as Array<{ ifname: string }>;
    const before = JSON.parse(hostLinksBefore) as Array<{ ifname: string }>;
    expect(now.map((l) => l.ifname)).toEqual(before.map((l) => l.ifname));
  });
});
