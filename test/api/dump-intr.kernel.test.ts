/**
 * Consistent dumps: 2000 addresses are dumped while another process keeps changing addresses.
 * Interrupted dumps (NLM_F_DUMP_INTR) are retried; a result is never silently inconsistent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { DumpInterruptedError, Netlink, type Handle } from '../../src/api/index.js';

const N = 2000;

describe('dumps racing changes (NLM_F_DUMP_INTR)', () => {
  let root: Handle;
  let h: Handle;
  let dumpsSent = 0;
  beforeAll(async () => {
    root = await Netlink.open({
      sandbox: true,
      dumpAttempts: 50,
      trace: (l) => {
        if (l.startsWith('> RTM_GETADDR') && l.includes('ROOT')) dumpsSent++;
      },
    });
    await root.netns.add('di');
    h = root.in('di');
    await h.link.add({ kind: 'veth', name: 'd0', peer: { name: 'd1' } });
    const idx = (await h.link.get('d0')).index;
    const jobs: Promise<void>[] = [];
    for (let i = 0; i < N; i++) jobs.push(h.addr.add({ dev: idx, address: `10.${100 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}/32` }));
    await Promise.all(jobs);
  }, 60_000);
  afterAll(async () => {
    await root?.close();
  });

  /** `ip -batch -` in the namespace: adds and deletes other addresses as fast as it can. */
  async function churn(rounds: number): Promise<ChildProcess> {
    const lines: string[] = [];
    for (let r = 0; r < rounds; r++) {
      for (let i = 1; i <= 20; i++) lines.push(`addr add 10.250.0.${i}/32 dev d1`);
      for (let i = 1; i <= 20; i++) lines.push(`addr del 10.250.0.${i}/32 dev d1`);
    }
    const child = await root.netns.spawn('di', ['ip', '-batch', '-'], { stdio: ['pipe', 'ignore', 'ignore'] });
    child.stdin!.end(lines.join('\n') + '\n');
    return child;
  }

  const stable = (cidrs: string[]) => cidrs.filter((c) => !c.startsWith('10.250.') && !c.startsWith('127.'));

  it('retries interrupted dumps and returns consistent results', async () => {
    const child = await churn(400);
    const exited = new Promise((r) => child.on('exit', r));
    let lists = 0;
    const before = dumpsSent;
    try {
      while (child.exitCode === null && lists < 60) {
        const got = stable((await h.addr.list({ family: 4 })).map((a) => a.cidr));
        lists++;
        expect(got.length).toBe(N);
        expect(new Set(got).size).toBe(N);
      }
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    expect(lists).toBeGreaterThan(0);
    // Every list is one dump unless the kernel interrupted it: retries show up as extra dumps.
    console.log(`dumps: ${dumpsSent - before} for ${lists} lists`);
    expect(dumpsSent - before).toBeGreaterThanOrEqual(lists);
  }, 60_000);

  it('with a single attempt, an interrupted dump throws DumpInterruptedError instead of returning', async () => {
    const one = root.context.handle('di');
    // dumpAttempts is per context (50 here); the core's dump takes a per-call number of attempts.
    const child = await churn(400);
    const exited = new Promise((r) => child.on('exit', r));
    let ok = 0;
    let interrupted = 0;
    try {
      const { addrDump } = await import('../../src/rtnl/addr/requests.js');
      while (child.exitCode === null && ok + interrupted < 80) {
        try {
          const bodies = await one.core.dump<any>(addrDump({ family: 2 }).request, { attempts: 1 });
          const cidrs = stable(bodies.map((b: any) => `${b.attrs.local}/${b.header.prefixlen}`));
          expect(cidrs.length).toBe(N);
          ok++;
        } catch (e) {
          expect(e).toBeInstanceOf(DumpInterruptedError);
          interrupted++;
        }
      }
    } finally {
      child.kill('SIGKILL');
      await exited;
      await one.close();
    }
    console.log(`single-attempt dumps: ${ok} consistent, ${interrupted} interrupted`);
    expect(ok + interrupted).toBeGreaterThan(0);
  }, 60_000);
});
