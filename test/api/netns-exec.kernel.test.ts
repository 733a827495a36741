/** handle.netns.exec / spawn into a namespace given by pid or path (attached under a temporary name while the program runs). */
import { readFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/api/index.js';
import { sandbox, sleep, type Sandbox } from './util.js';

let s: Sandbox;
let sleeper: ChildProcess | undefined;
let pid = 0;
beforeAll(async () => {
  s = await sandbox('ex');
  // A process in a namespace of its own (inside the sandbox, started through the helper).
  sleeper = await s.root.netns.spawn('ex', ['unshare', '-n', 'sleep', '60'], { stdio: 'ignore' });
  pid = sleeper.pid!;
  for (let i = 0; i < 250; i++) {
    if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'sleep') break;
    await sleep(20);
  }
  await s.root.in({ pid }).link.add({ kind: 'bridge', name: 'inproc0' });
});
afterAll(async () => {
  sleeper?.kill('SIGKILL');
  await s?.close();
});

const names = (out: string) => (JSON.parse(out) as Array<{ ifname: string }>).map((l) => l.ifname).sort();

describe('netns.exec by pid / path', () => {
  it('runs a program in the namespace of a pid, and removes the temporary name afterwards', async () => {
    const r = await s.root.netns.exec({ pid }, ['ip', '-j', 'link'], { stdio: 'pipe', timeoutMs: 10000 });
    expect(r.code).toBe(0);
    expect(names(r.stdout)).toEqual(['inproc0', 'lo']);
    expect((await s.root.netns.names()).filter((n) => n.startsWith('pure-netlink-exec-'))).toEqual([]);
    expect(await s.root.netns.identify(pid)).toEqual([]);
  });

  it('accepts /proc/PID/ns/net and /run/netns/NAME paths', async () => {
    const r = await s.root.netns.exec({ path: `/proc/${pid}/ns/net` }, ['ip', '-j', 'link'], { stdio: 'pipe', timeoutMs: 10000 });
    expect(names(r.stdout)).toEqual(['inproc0', 'lo']);
    const n = await s.root.netns.exec({ path: '/run/netns/ex' }, ['ip', '-j', 'link'], { stdio: 'pipe', timeoutMs: 10000 });
    expect(names(n.stdout)).toEqual(['lo']);
    await expect(s.root.netns.exec({ path: '/tmp/somewhere' }, ['true'])).rejects.toBeInstanceOf(ValidationError);
    await expect(s.root.netns.exec({ pid: 0x3ffffff0 }, ['true'])).rejects.toBeInstanceOf(ValidationError);
  });

  it('spawn keeps the temporary name while the program runs', async () => {
    const child = await s.root.netns.spawn({ pid }, ['sleep', '0.3'], { stdio: 'ignore' });
    await sleep(100);
    expect((await s.root.netns.names()).some((n) => n.startsWith('pure-netlink-exec-'))).toBe(true);
    await new Promise((r) => child.once('exit', r));
    await sleep(100);
    expect((await s.root.netns.names()).some((n) => n.startsWith('pure-netlink-exec-'))).toBe(false);
  });
});
