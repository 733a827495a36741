/**
 * `pure-ip route show` and `neigh show` stream with backpressure: while the output's drain()
 * promise is pending, the dump stops (the helper stops reading the socket), so only a bounded
 * amount of text is produced meanwhile, and the output still equals `ip`'s byte for byte.
 * Root and `ip` needed.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import { IP_DIFF_SKIP, realIp, uniqueNs } from './helpers.js';
import { skipping } from '../support/probe.js';

const NS = uniqueNs('stream');
const ROUTES = 60000;

function must(argv: string[]): void {
  const r = realIp(argv);
  if (r.code !== 0) throw new Error(`ip ${argv.join(' ')}: ${r.stderr}`);
}

/** `ip ARGV`'s whole stdout (realIp keeps spawnSync's 1 MiB default). */
function ipOut(argv: string[]): string {
  const r = spawnSync('ip', argv, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`ip ${argv.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** pure-ip with an output whose reader is slow: drain() holds every 256 KiB until
 * nothing was written for `holdMs`. */
async function slowReader(argv: string[], holdMs: number): Promise<{ code: number; stdout: string; maxWhileHeld: number; holds: number }> {
  const chunks: string[] = [];
  let sinceDrain = 0;
  let held: Promise<void> | undefined;
  let whileHeld = 0;
  let maxWhileHeld = 0;
  let holds = 0;
  const code = await main(argv, {
    stdout: (s) => {
      chunks.push(s);
      sinceDrain += s.length;
      if (held) {
        whileHeld += s.length;
        maxWhileHeld = Math.max(maxWhileHeld, whileHeld);
      }
    },
    stderr: (s) => void process.stderr.write(s),
    drain: () => {
      if (held) return held;
      if (sinceDrain < 256 * 1024) return undefined;
      holds++;
      whileHeld = 0;
      // The reader comes back once the command went quiet for holdMs (it stopped producing):
      // with backpressure after a bounded amount, without it only at the end of the dump.
      held = new Promise<void>((resolve) => {
        let last = -1;
        const timer = setInterval(() => {
          if (whileHeld !== last) {
            last = whileHeld;
            return;
          }
          clearInterval(timer);
          held = undefined;
          sinceDrain = 0;
          resolve();
        }, holdMs);
      });
      return held;
    },
    env: process.env,
  });
  return { code, stdout: chunks.join(''), maxWhileHeld, holds };
}

describe.skipIf(skipping(IP_DIFF_SKIP))('streamed output with backpressure', () => {
  beforeAll(() => {
    must(['netns', 'add', NS]);
    const dir = mkdtempSync(join(tmpdir(), 'pn-stream-'));
    const batch = join(dir, 'batch');
    const lines = ['link add r0 type veth peer name r1', 'link set r0 up', 'link set r1 up', 'addr add 10.0.0.1/8 dev r0'];
    for (let i = 0; i < ROUTES; i++) lines.push(`route add ${20 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}.0/24 via 10.0.0.2`);
    for (let i = 0; i < 300; i++) lines.push(`neigh add 10.1.${i >> 8}.${i & 255} lladdr 02:00:00:00:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')} dev r0`);
    writeFileSync(batch, lines.join('\n') + '\n');
    must(['-n', NS, '-batch', batch]);
    rmSync(dir, { recursive: true, force: true });
  }, 120000);
  afterAll(() => {
    realIp(['netns', 'del', NS]);
  });

  test('route show: equal to ip, and the dump waits while the reader is behind', async () => {
    const ours = await slowReader(['-n', NS, 'route', 'show'], 100);
    expect(ours.code).toBe(0);
    expect(ours.stdout).toBe(ipOut(['-n', NS, 'route', 'show']));
    // ~2.2 MB of text: the reader held it up several times...
    expect(ours.holds).toBeGreaterThan(1);
    // ...and each time at most what the helper had already relayed (256 KiB of messages, ~4000
    // routes, plus the pipe) was still printed, not the rest of the dump.
    expect(ours.maxWhileHeld).toBeLessThan(700 * 1024);
  }, 120000);

  test('route show -j: one JSON array, streamed, equal to ip -j', async () => {
    const ours = await slowReader(['-n', NS, '-j', 'route', 'show'], 50);
    expect(ours.code).toBe(0);
    expect(JSON.parse(ours.stdout)).toEqual(JSON.parse(ipOut(['-n', NS, '-j', 'route', 'show'])));
    expect(ours.holds).toBeGreaterThan(1);
  }, 120000);

  test('neigh show: streamed, equal to ip', async () => {
    const ours = await slowReader(['-n', NS, 'neigh', 'show'], 20);
    expect(ours.code).toBe(0);
    expect(ours.stdout).toBe(ipOut(['-n', NS, 'neigh', 'show']));
    expect(ours.stdout.split('\n').length).toBeGreaterThan(300);
  });
});
