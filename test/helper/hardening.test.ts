/**
 * Helper hardening: exec mode's PATH search stays inside its buffer (checked by an ASan build),
 * no descriptor the helper inherits beyond stdio survives (serve mode) or reaches the exec'd
 * program, and `netns delete` refuses anything that is not a network namespace mount.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeFrame, Op } from '../../src/netlink/transport/frames.js';
import { helperPath, packageRoot } from '../../src/netlink/transport/helper-path.js';
import { isRoot, uniqueName } from './util.js';

const root = packageRoot();
const dir = mkdtempSync(join(tmpdir(), 'pn-harden-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const haveGcc = spawnSync('gcc', ['--version']).status === 0;
const haveUnshare = spawnSync('unshare', ['--version']).status === 0;

/** Runs `fn` with a fresh named namespace (root only), deleting it afterwards. */
function withNetns<T>(fn: (name: string) => T): T {
  const name = uniqueName('pnh');
  execFileSync('ip', ['netns', 'add', name]);
  try {
    return fn(name);
  } finally {
    execFileSync('ip', ['netns', 'del', name]);
  }
}

describe.skipIf(!isRoot || !haveGcc)('helper exec: PATH search under AddressSanitizer', () => {
  it('an empty PATH entry with a name that just fits the buffer writes nothing past it', () => {
    const asan = join(dir, 'helper-asan');
    const sources = readdirSync(join(root, 'helper')).filter((f) => f.endsWith('.c')).map((f) => join(root, 'helper', f));
    execFileSync('gcc', ['-std=gnu11', '-g', '-O1', '-fsanitize=address', '-fno-omit-frame-pointer', '-o', asan, ...sources]);
    // exec_path's buffer is 4096 + 256 bytes: "." + "/" + name + NUL is exactly one byte more
    // than an entry of length 0 was allowed for, with a 4350-byte name.
    const name = 'x'.repeat(4350);
    withNetns((ns) => {
      const r = spawnSync(asan, ['exec', ns, name], {
        encoding: 'utf8',
        env: { PATH: ':/nonexistent', ASAN_OPTIONS: 'detect_leaks=0' },
        timeout: 20_000,
      });
      expect(r.stderr).not.toContain('AddressSanitizer');
      expect(r.status, r.stderr).toBe(127);
      expect(r.stderr).toContain('exec of');
    });
  });
});

/** fd numbers of `pid` other than 0-2 whose target is a pipe. */
function inheritedPipes(pid: number): string[] {
  const out: string[] = [];
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    if (Number(fd) <= 2) continue;
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      if (target.startsWith('pipe:')) out.push(`${fd} -> ${target}`);
    } catch {
      // closed meanwhile
    }
  }
  return out;
}

describe('helper: inherited descriptors', () => {
  it('serve mode closes every descriptor above stderr it was started with', async () => {
    // Two extra pipes (fds 3 and 4), as a careless parent would leave them.
    const child = spawn(helperPath(), [], { stdio: ['pipe', 'pipe', 'pipe', 'pipe', 'pipe'] });
    try {
      const got = new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      child.stdin.write(encodeFrame(Op.HELLO, 0, 1));
      await got;
      expect(inheritedPipes(child.pid!)).toEqual([]);
    } finally {
      const exited = new Promise((r) => child.on('close', r));
      child.stdin.end();
      await exited;
    }
  });

  it.skipIf(!isRoot)('exec mode hands the program only stdin, stdout and stderr', () => {
    withNetns((ns) => {
      // The program is a shell that lists its own descriptors (through a child `ls`).
      const r = spawnSync(helperPath(), ['exec', ns, '/bin/sh', '-c', 'ls /proc/$$/fd'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'],
        timeout: 10_000,
      });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout.split(/\s+/).filter(Boolean).map(Number).sort()).toEqual([0, 1, 2]);
    });
  });
});

describe.skipIf(!isRoot || !haveUnshare)('helper: netns delete only deletes namespace mounts', () => {
  it('a symlink to another mount, a plain file and a directory are refused and left alone', () => {
    // In a private mount namespace with its own /run, so nothing outside is touched.
    const script = `
      set -e
      mount -t tmpfs none /run
      mkdir -p /run/netns ${dir}/mnt
      mount -t tmpfs none ${dir}/mnt
      touch ${dir}/mnt/keep
      ln -s ${dir}/mnt /run/netns/link
      touch /run/netns/plain
      mkdir /run/netns/dir
      ip netns add real
      for n in link plain dir real; do
        "$PURE_IP" netns delete $n 2>&1 && echo "$n: deleted" || echo "$n: refused"
      done
      findmnt -n ${dir}/mnt >/dev/null && echo "mount kept"
      test -e ${dir}/mnt/keep && echo "target kept"
      test -f /run/netns/plain && echo "plain kept"
      test -e /run/netns/real || echo "real gone"
    `;
    const r = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], {
      encoding: 'utf8',
      env: { ...process.env, PURE_IP: join(root, 'dist/bundle/pure-ip.js') },
      timeout: 20_000,
    });
    expect(r.stderr).toBe('');
    const lines = r.stdout.trim().split('\n');
    expect(lines).toEqual([
      '"/run/netns/link" is a symbolic link, not a network namespace mount; not deleted',
      'link: refused',
      '"/run/netns/plain" is a plain file (not on nsfs), not a network namespace mount; not deleted',
      'plain: refused',
      '"/run/netns/dir" is a directory or special file, not a network namespace mount; not deleted',
      'dir: refused',
      'real: deleted',
      'mount kept',
      'target kept',
      'plain kept',
      'real gone',
    ]);
  });
});

it.skipIf(existsSync(join(root, 'dist/bundle/pure-ip.js')))('hardening tests need the built pure-ip (npm run build)', () => {
  expect.unreachable('dist/bundle/pure-ip.js is missing');
});
