/**
 * Audit regressions for the C helper: namespace paths that are not namespace files (a FIFO used
 * to block the whole helper forever), closed stdio descriptors, what `exec` mode hands to the
 * program it runs, and the helper's exit when its Node parent is SIGKILLed.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeFrame, Op } from '../../src/netlink/transport/frames.js';
import { HelperProcess } from '../../src/netlink/transport/helper.js';
import { helperPath, packageRoot } from '../../src/netlink/transport/helper-path.js';
import { RawHelper, sleep, u32 } from './util.js';
import { netnsAdd, netnsExecArgs, netnsList, nsFdOpen } from '../../src/system/netns.js';
import { HostOp } from '../../src/system/ops.js';

const EINVAL = 22;
const dir = mkdtempSync(join(tmpdir(), 'pn-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pathSpec(path: string): Uint8Array {
  return new Uint8Array([2, ...new TextEncoder().encode(path)]);
}

/** Is `pid` gone (no /proc entry, or a zombie waiting for a reaper that is not us)? */
function gone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (gone(pid)) return true;
    await sleep(20);
  }
  return gone(pid);
}

describe('helper: namespace paths that are not namespace files', () => {
  it('a FIFO, a device or a directory as a namespace path gets ERR EINVAL at once and the helper keeps serving', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const h = new RawHelper();
    h.write(encodeFrame(HostOp.NS_FD_OPEN, 0, 1, pathSpec(fifo))); // used to block in open() forever
    h.write(encodeFrame(HostOp.NS_FD_OPEN, 0, 2, pathSpec('/dev/null')));
    h.write(encodeFrame(HostOp.NS_FD_OPEN, 0, 3, pathSpec(dir)));
    // OPEN enters the namespace through the same path.
    const open = new Uint8Array([...new Uint8Array(16), ...pathSpec(fifo)]);
    h.write(encodeFrame(Op.OPEN, 0, 4, open));
    h.write(encodeFrame(HostOp.NS_FD_OPEN, 0, 5, pathSpec('/proc/self/ns/net')));
    h.write(encodeFrame(Op.HELLO, 0, 6));
    const frames = await h.waitFrames(6, 3000);
    expect(frames.map((f) => [f.tag, f.op, f.op === Op.ERR ? u32(f) : 0])).toEqual([
      [1, Op.ERR, EINVAL],
      [2, Op.ERR, EINVAL],
      [3, Op.ERR, EINVAL],
      [4, Op.ERR, EINVAL],
      [5, Op.OK, 0],
      [6, Op.OK, 0],
    ]);
    h.child.stdin.end();
    expect(await h.exit).toEqual({ code: 0, signal: null });
  });

  it('HelperProcess.nsFdOpen on a FIFO rejects instead of hanging', async () => {
    const fifo = join(dir, 'fifo2');
    execFileSync('mkfifo', [fifo]);
    const helper = await HelperProcess.start();
    try {
      await expect(nsFdOpen(helper, { kind: 'path', path: fifo })).rejects.toMatchObject({ code: 'EINVAL' });
      expect((await netnsList(helper)) instanceof Array).toBe(true);
    } finally {
      await helper.close();
    }
  });
});

describe('helper: stdio descriptors', () => {
  it('a closed stderr is replaced by /dev/null, so no socket or namespace fd lands on fd 2', async () => {
    const child = spawn('/bin/sh', ['-c', 'exec "$0" 2>&-', helperPath()], { stdio: ['pipe', 'pipe', 'ignore'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stdin.write(encodeFrame(Op.OPEN, 0, 1, new Uint8Array(17)));
    child.stdin.write(encodeFrame(Op.HELLO, 0, 2));
    const until = Date.now() + 3000;
    while (Buffer.concat(out).length < 16 + 8 + 16 + 12 && Date.now() < until) await sleep(10);
    expect(readlinkSync(`/proc/${child.pid}/fd/2`)).toBe('/dev/null');
    const exit = new Promise((r) => child.on('close', r));
    child.stdin.end();
    expect(await exit).toBe(0);
  });

  it('a closed stdin reads as EOF: exit 0, not a FATAL read error', () => {
    const r = spawnSync('/bin/sh', ['-c', 'exec "$0" <&-', helperPath()], { timeout: 3000 });
    expect(r.status).toBe(0);
    expect(r.stdout.length).toBe(0);
  });
});

describe('helper: exec mode', () => {
  it('the program starts with the default SIGPIPE disposition and no shell runs a script without #!', async () => {
    const helper = await HelperProcess.start({ sandbox: true });
    try {
      await netnsAdd(helper, 'x');
      const [bin, ...args] = netnsExecArgs(helper, 'x', ['/bin/grep', '^SigIgn:', '/proc/self/status']);
      const r = spawnSync(bin!, args, { encoding: 'utf8', timeout: 5000 });
      expect(r.status, r.stderr).toBe(0);
      const ignored = BigInt('0x' + r.stdout.trim().split(/\s+/)[1]);
      expect(ignored & (1n << 12n)).toBe(0n); // SIGPIPE (13) not ignored

      const script = join(dir, 'no-shebang');
      writeFileSync(script, 'echo SHELL-RAN\n');
      chmodSync(script, 0o755);
      const [bin2, ...args2] = netnsExecArgs(helper, 'x', [script]);
      const r2 = spawnSync(bin2!, args2, { encoding: 'utf8', timeout: 5000 });
      expect(r2.stdout).not.toContain('SHELL-RAN');
      expect(r2.status).toBe(127);
      expect(r2.stderr).toContain('Exec format error');
    } finally {
      await helper.close();
    }
  });

  it.skipIf(!existsSync('/usr/bin/qemu-aarch64-static'))('the arm64 (glibc) build does not fall back to /bin/sh either', () => {
    // glibc's execvp runs /bin/sh on ENOEXEC; the helper must not. Needs a named namespace:
    // only as root (a sandbox cannot be joined by a second qemu process easily).
    if (process.getuid?.() !== 0) return;
    const arm = join(packageRoot(), 'prebuilds/linux-arm64/pure-netlink-helper');
    const name = `pna-${process.pid}`;
    const script = join(dir, 'no-shebang-arm');
    writeFileSync(script, 'echo SHELL-RAN\n');
    chmodSync(script, 0o755);
    execFileSync('ip', ['netns', 'add', name]);
    try {
      const r = spawnSync('/usr/bin/qemu-aarch64-static', [arm, 'exec', name, script], { encoding: 'utf8', timeout: 10000 });
      expect(r.stdout).not.toContain('SHELL-RAN');
      expect(r.status).toBe(127);
    } finally {
      execFileSync('ip', ['netns', 'del', name]);
    }
  });
});

describe('helper: the Node parent is SIGKILLed', () => {
  for (const sandbox of [false, true]) {
    it(`the helper${sandbox ? ' (--sandbox)' : ''} sees EOF on stdin and is gone within 2 s`, async () => {
      // A plain Node parent that starts the helper on pipes, prints its pid and waits.
      const code = `
        const { spawn } = require('node:child_process');
        const h = spawn(${JSON.stringify(helperPath())}, ${JSON.stringify(sandbox ? ['--sandbox'] : [])}, { stdio: ['pipe', 'pipe', 'inherit'] });
        h.stdout.once('data', () => console.log(h.pid));
        const f = Buffer.alloc(16); f.writeUInt32LE(16, 0); f.writeUInt16LE(1, 4); f.writeUInt32LE(1, 12);
        h.stdin.write(f);
        setInterval(() => {}, 1000);
      `;
      const parent = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
      const pid = await new Promise<number>((resolve, reject) => {
        let text = '';
        parent.stdout.on('data', (c: Buffer) => {
          text += c.toString();
          if (text.includes('\n')) resolve(Number(text.trim()));
        });
        setTimeout(() => reject(new Error('parent did not report the helper pid')), 5000);
      });
      expect(gone(pid)).toBe(false);
      parent.kill('SIGKILL');
      expect(await waitGone(pid, 2000)).toBe(true);
    });
  }
});
