/**
 * The final state of the blog walk-through (examples/blog.ts, before its cleanup), built with
 * the public API in a private sandbox: ns1 and ns2 joined by veth1/veth2 (10.0.0.1/24,
 * 10.0.0.2/24); br0 on the host with ports vethY and vethQ whose peers vethX (ns1, 10.0.1.1/24)
 * and vethP (ns2, 10.0.1.2/24) live in the namespaces; ns3 attached to a process.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Netlink, type Handle } from '../../src/api/index.js';

export interface BlogState {
  h: Handle;
  close(): Promise<void>;
}

async function waitForComm(pid: number, program: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === program) return;
    } catch {
      // not there yet
    }
    if (Date.now() > end) throw new Error(`process ${pid} did not start ${program}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function blogFinalState(options: { ns3?: boolean } = {}): Promise<BlogState> {
  const h = await Netlink.open({ sandbox: true });
  let sleeper: ChildProcess | undefined;
  try {
    await h.netns.add('ns1');
    await h.netns.add('ns2');
    const n1 = h.in('ns1');
    const n2 = h.in('ns2');
    // part 1: ns1 <-> ns2
    await h.link.add({ kind: 'veth', name: 'veth1', netns: 'ns1', peer: { name: 'veth2', netns: 'ns2' } });
    await n1.addr.add({ dev: 'veth1', address: '10.0.0.1/24' });
    await n2.addr.add({ dev: 'veth2', address: '10.0.0.2/24' });
    await Promise.all([n1.link('veth1').up(), n1.link('lo').up(), n2.link('veth2').up(), n2.link('lo').up()]);
    // part 2: a bridge on the host
    await h.link.add({ kind: 'bridge', name: 'br0', up: true });
    await h.link.add({ kind: 'veth', name: 'vethY', master: 'br0', up: true, peer: { name: 'vethX', netns: 'ns1' } });
    await h.link.add({ kind: 'veth', name: 'vethQ', peer: { name: 'vethP', netns: 'ns2' } });
    await h.link('vethQ').master('br0').up();
    await n1.addr.add({ dev: 'vethX', address: '10.0.1.1/24' });
    await n2.addr.add({ dev: 'vethP', address: '10.0.1.2/24' });
    await Promise.all([n1.link('vethX').up(), n2.link('vethP').up()]);
    // operstate follows carrier a moment later (linkwatch): wait until every end says UP
    const up = (l: { operstate?: string | number }) => l.operstate === 'UP';
    await Promise.all([
      n1.waitFor.link('vethX', up, { timeoutMs: 10000 }),
      n1.waitFor.link('veth1', up, { timeoutMs: 10000 }),
      n2.waitFor.link('vethP', up, { timeoutMs: 10000 }),
      n2.waitFor.link('veth2', up, { timeoutMs: 10000 }),
      h.waitFor.link('vethY', up, { timeoutMs: 10000 }),
      h.waitFor.link('vethQ', up, { timeoutMs: 10000 }),
      h.waitFor.link('br0', up, { timeoutMs: 10000 }),
    ]);
    // part 3: ns3, the namespace of a running process
    if (options.ns3 !== false) {
      sleeper = await h.netns.spawn('ns1', ['unshare', '-n', 'sleep', '60'], { stdio: 'ignore' });
      const pid = sleeper.pid;
      if (pid === undefined) throw new Error('could not start unshare -n sleep');
      await waitForComm(pid, 'sleep');
      await h.netns.attach('ns3', pid);
    }
  } catch (e) {
    if (sleeper && sleeper.exitCode === null) sleeper.kill('SIGKILL');
    await h.context.close();
    throw e;
  }
  return {
    h,
    async close() {
      if (sleeper && sleeper.exitCode === null) sleeper.kill('SIGKILL');
      await h.context.close();
    },
  };
}
