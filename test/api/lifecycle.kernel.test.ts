/** Context and handle lifecycle: close, await using, helper death and transparent restart, trace. */
import { describe, expect, it } from 'vitest';
import { HelperError, Netlink } from '../../src/api/index.js';

describe('lifecycle', () => {
  it('in() handles share the helper; closing one leaves the rest, closing the handle open() returned ends them all', async () => {
    const h = await Netlink.open({ sandbox: true });
    const helper = await h.helper();
    expect(helper.hello?.sandbox).toBe(true);
    await h.netns.add('x');
    await h.netns.add('y');
    const x = h.in('x');
    const y = h.in('y');
    expect((await x.link.list()).map((l) => l.name)).toEqual(['lo']);
    expect(await x.helper()).toBe(helper);
    await x.close();
    expect(helper.exited).toBe(false); // h and y still open
    expect((await y.link.list()).map((l) => l.name)).toEqual(['lo']);
    const mon = y.monitor({ groups: ['link'] });
    const ended = (async () => {
      for await (const ev of mon) void ev;
      return 'ended';
    })();
    await h.close();
    expect(y.closed).toBe(true);
    expect(await ended).toBe('ended');
    await helper.whenExited();
    expect(helper.exited).toBe(true);
    await expect(h.link.list()).rejects.toBeInstanceOf(HelperError);
    await expect(y.link.list()).rejects.toBeInstanceOf(HelperError);
  });

  it('a context made with new Netlink() ends with its last handle', async () => {
    const { Netlink: Ctx } = await import('../../src/api/netlink.js');
    const ctx = new Ctx({ sandbox: true });
    const a = ctx.handle();
    const b = ctx.handle();
    const helper = await a.helper();
    await a.close();
    expect(helper.exited).toBe(false);
    expect((await b.link.list()).length).toBe(1);
    await b.close();
    await helper.whenExited();
    expect(ctx.closed).toBe(true);
  });

  it('await using closes everything', async () => {
    let helperPid: number | undefined;
    {
      await using h = await Netlink.open({ sandbox: true });
      helperPid = (await h.helper()).pid;
      expect((await h.link.list()).length).toBe(1);
    }
    expect(helperPid).toBeDefined();
    let alive = true;
    for (let i = 0; i < 50 && alive; i++) {
      try {
        process.kill(helperPid!, 0);
        await new Promise((r) => setTimeout(r, 20));
      } catch {
        alive = false;
      }
    }
    expect(alive).toBe(false);
  });

  it('when the helper dies, pending requests reject with HelperError and the next request starts a new one', async () => {
    const h = await Netlink.open({ sandbox: true });
    try {
      const first = await h.helper();
      const pending = h.link.list();
      first.kill();
      await expect(pending).rejects.toBeInstanceOf(HelperError);
      // A fresh helper (a fresh sandbox) and socket, transparently.
      const links = await h.link.list();
      expect(links.map((l) => l.name)).toEqual(['lo']);
      const second = await h.helper();
      expect(second).not.toBe(first);
      expect(second.pid).not.toBe(first.pid);
    } finally {
      await h.close();
    }
  });

  it('trace prints decoded messages', async () => {
    const lines: string[] = [];
    const h = await Netlink.open({ sandbox: true, trace: (l) => lines.push(l) });
    await h.link.list();
    await h.close();
    expect(lines.some((l) => l.startsWith('> RTM_GETLINK'))).toBe(true);
    expect(lines.some((l) => l.startsWith('< RTM_NEWLINK') && l.includes('"ifname":"lo"'))).toBe(true);
  });
});
