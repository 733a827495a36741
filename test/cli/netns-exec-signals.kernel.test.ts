/**
 * `pure-ip netns exec NS CMD` behaves like exec (iproute2 replaces itself with CMD): signals sent
 * to pure-ip reach CMD, stdin and the descriptors CMD gets are stdin/stdout/stderr only, the exit
 * status is CMD's (128 + the signal when CMD died of one), and CMD never outlives a killed
 * pure-ip. Runs the built program (dist/bundle/pure-ip.js) as a child process, as root.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/fixtures.js';
import { IS_ROOT } from './helpers.js';
import { NOT_ROOT, skipping } from '../support/probe.js';

const PURE_IP = join(REPO_ROOT, 'dist/bundle/pure-ip.js');
const ns = `pnexec-${process.pid}`;
let serial = 0;

/** A `sleep` whose argv is unique to this test (sleep takes fractional seconds). */
function uniqueSleep(): string {
  return `100.${process.pid}${++serial}`;
}

/** Pids whose command line is exactly `sleep <arg>` (zombies excluded). */
function sleepers(arg: string): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/cmdline`, 'utf8') !== `sleep\0${arg}\0`) continue;
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      out.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return cond();
}

describe.skipIf(skipping(NOT_ROOT, !existsSync(PURE_IP) && 'dist/bundle/pure-ip.js is not built (npm run build)'))('pure-ip netns exec has exec semantics', () => {
  beforeAll(() => execFileSync('ip', ['netns', 'add', ns]));
  afterAll(() => void spawnSync('ip', ['netns', 'del', ns]));

  it('a shell script that backgrounds it and kills it leaves nothing running', () => {
    const arg = uniqueSleep();
    const script = `
      "$PURE_IP" netns exec ${ns} sleep ${arg} &
      pid=$!
      i=0; until pgrep -x -f "sleep ${arg}" >/dev/null || [ $i -ge 100 ]; do sleep 0.05; i=$((i+1)); done
      kill $pid
      wait $pid
      echo "status $?"
      sleep 0.3
      pgrep -x -f "sleep ${arg}" >/dev/null && echo "left running" || echo "nothing left"
    `;
    const r = spawnSync('sh', ['-c', script], { encoding: 'utf8', env: { ...process.env, PURE_IP }, timeout: 20_000 });
    expect(r.stdout).toBe('status 143\nnothing left\n');
  });

  it('SIGKILL of pure-ip takes the command with it (it is never orphaned)', async () => {
    const arg = uniqueSleep();
    const child = spawn(process.execPath, [PURE_IP, 'netns', 'exec', ns, 'sleep', arg], { stdio: 'ignore' });
    expect(await waitFor(() => sleepers(arg).length === 1, 10_000)).toBe(true);
    child.kill('SIGKILL');
    expect(await waitFor(() => sleepers(arg).length === 0, 3000)).toBe(true);
  });

  it.each(['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'] as const)('%s sent to pure-ip reaches the command; the status is 128 + its number', async (signal) => {
    const arg = uniqueSleep();
    const child = spawn(process.execPath, [PURE_IP, 'netns', 'exec', ns, 'sleep', arg], { stdio: 'ignore' });
    const exited = new Promise<[number | null, string | null]>((r) => child.on('close', (c, s) => r([c, s])));
    expect(await waitFor(() => sleepers(arg).length === 1, 10_000)).toBe(true);
    child.kill(signal);
    expect(await exited).toEqual([128 + osConstants.signals[signal], null]);
    expect(sleepers(arg)).toEqual([]);
  });

  it("the status is the command's own; stdin passes through; only fds 0-2 reach it", () => {
    const run = (argv: string[], input?: string) =>
      spawnSync(process.execPath, [PURE_IP, 'netns', 'exec', ns, ...argv], { encoding: 'utf8', timeout: 10_000, ...(input !== undefined ? { input } : {}) });
    expect(run(['sh', '-c', 'exit 7']).status).toBe(7);
    expect(run(['sh', '-c', 'kill -USR1 $$']).status).toBe(128 + osConstants.signals.SIGUSR1);
    expect(run(['cat'], 'through stdin\n').stdout).toBe('through stdin\n');
    const fds = spawnSync(process.execPath, [PURE_IP, 'netns', 'exec', ns, 'sh', '-c', 'ls /proc/$$/fd'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'],
      timeout: 10_000,
    });
    expect(fds.stdout.split(/\s+/).filter(Boolean).map(Number).sort()).toEqual([0, 1, 2]);
    // The command's own output comes straight through, and its failure is ip's.
    const missing = run(['/nonexistent/program']);
    expect(missing.status).toBe(127);
    expect(missing.stderr).toBe('exec of "/nonexistent/program" failed: No such file or directory\n');
  });
});
