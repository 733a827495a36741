/** handle.netns against the kernel, in a private sandbox. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { NetnsNotFoundError, NotFoundError, ValidationError, HelperOperationError, type Handle } from '../../src/api/index.js';
import { Netlink } from '../../src/api/index.js';

describe('handle.netns (sandbox)', () => {
  let h: Handle;
  beforeAll(async () => {
    h = await Netlink.open({ sandbox: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('adds, lists and deletes namespaces like ip netns (inside the sandbox only)', async () => {
    await h.netns.add('a1');
    await h.netns.add('a2');
    expect((await h.netns.list()).map((n) => n.name).sort()).toEqual(['a1', 'a2']);
    expect(existsSync('/run/netns/a1') && existsSync('/run/netns/a2')).toBe(false); // not on the host
    expect(await h.netns.exists('a1')).toBe(true);
    await expect(h.netns.add('a1')).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await h.netns.ensure('a1')).toBe(false);
    expect(await h.netns.ensure('a3')).toBe(true);
    await h.netns.delete('a3');
    await expect(h.netns.delete('a3')).rejects.toBeInstanceOf(NotFoundError);
    await h.netns.delete('a2');
    await h.netns.delete('a1');
    expect(await h.netns.list()).toEqual([]);
  });

  it('assigns and lists namespace ids (RTM_NEWNSID / RTM_GETNSID)', async () => {
    await h.netns.add('i1');
    await h.netns.add('i2');
    expect((await h.netns.list()).find((n) => n.name === 'i1')?.id).toBeUndefined();
    await h.netns.setId('i1', 7);
    await h.netns.setId('i2', 'auto');
    const list = await h.netns.list();
    expect(list.find((n) => n.name === 'i1')?.id).toBe(7);
    const id2 = list.find((n) => n.name === 'i2')?.id;
    expect(typeof id2).toBe('number');
    expect(await h.netns.getId('i1')).toBe(7);
    const ids = await h.netns.listIds();
    expect(ids).toContainEqual({ nsid: 7, name: 'i1' });
    expect(ids).toContainEqual({ nsid: id2, name: 'i2' });
    // iproute2 agrees
    const r = await h.netns.exec('i1', ['ip', 'netns', 'list'], { stdio: 'pipe' });
    expect(r.stdout).toContain('i1');
    await h.netns.delete('i1');
    await h.netns.delete('i2');
  });

  it('runs programs inside a namespace (exec with inherited or piped stdio)', async () => {
    await h.netns.add('e1');
    const code = await h.netns.exec('e1', ['true'], { stdio: 'ignore' });
    expect(code).toBe(0);
    expect(await h.netns.exec('e1', ['false'], { stdio: 'ignore' })).toBe(1);
    const r = await h.netns.exec('e1', ['ip', '-j', 'link', 'show'], { stdio: 'pipe' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).map((l: { ifname: string }) => l.ifname)).toEqual(['lo']);
    const cat = await h.netns.exec('e1', ['cat'], { stdio: 'pipe', input: 'hello' });
    expect(cat.stdout).toBe('hello');
    await expect(h.netns.exec('nope', ['true'])).rejects.toBeInstanceOf(NetnsNotFoundError);
    await h.netns.delete('e1');
  });

  it('attaches, identifies and lists pids of a process namespace', async () => {
    await h.netns.add('p1');
    const child = await h.netns.spawn('p1', ['unshare', '-n', 'sleep', '20'], { stdio: 'ignore' });
    try {
      const pid = child.pid!;
      for (let i = 0; i < 100; i++) {
        const comm = await import('node:fs').then((fs) => fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim()).catch(() => '');
        if (comm === 'sleep') break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await h.netns.attach('p2', pid);
      expect(await h.netns.identify(pid)).toEqual(['p2']);
      expect(await h.netns.pids('p2')).toContain(pid);
      expect((await h.in('p2').link.list()).map((l) => l.name)).toEqual(['lo']);
      // the same namespace by pid and by path
      await h.in({ pid }).link.add({ kind: 'bridge', name: 'bypid' });
      expect((await h.in({ path: '/run/netns/p2' }).link.list()).map((l) => l.name)).toEqual(['lo', 'bypid']);
      await expect(h.netns.attach('p3', 0x3ffffff0)).rejects.toThrow();
    } finally {
      child.kill('SIGKILL');
      await h.netns.delete('p2').catch(() => {});
      await h.netns.delete('p1');
    }
  });

  it('rejects bad names before asking the helper', async () => {
    for (const bad of ['', '.', '..', 'a/b', 'a..b', 'x y', 'a'.repeat(256)]) {
      await expect(h.netns.add(bad)).rejects.toBeInstanceOf(ValidationError);
    }
    expect(() => h.in('a/b')).toThrow(ValidationError);
  });

  it('a handle in an unknown namespace fails with NetnsNotFoundError', async () => {
    const other = h.in('does-not-exist');
    await expect(other.link.list()).rejects.toBeInstanceOf(NetnsNotFoundError);
    await other.close();
    await expect(Netlink.open({ sandbox: true, netns: 'nope' })).rejects.toBeInstanceOf(NetnsNotFoundError);
  });

  it('helper errors are typed', async () => {
    await expect(h.netns.attach('zz', 0x3ffffff0)).rejects.toSatisfy((e) => e instanceof ValidationError || e instanceof HelperOperationError);
  });
});
