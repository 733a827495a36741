/**
 * Audit regressions for the helper process seen from Node: a helper that cannot start, dies
 * during HELLO, stops writing in the middle of a frame, or closes its stdout but lingers. Every
 * case is a HelperError, promptly, and no helper is left running.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HelperError } from '../../src/netlink/errors.js';
import { HelperProcess, HelperTransport } from '../../src/netlink/transport/helper.js';
import { helperPath } from '../../src/netlink/transport/helper-path.js';

const dir = mkdtempSync(join(tmpdir(), 'pn-life-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in helper: a shell script (tests only; the real helper never runs a shell). */
function fakeHelper(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

async function startError(options: ConstructorParameters<typeof HelperProcess>[0]): Promise<unknown> {
  try {
    const h = await HelperProcess.start(options);
    await h.close();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('audit: a helper that cannot start', () => {
  it('a path with a NUL byte is a HelperError (spawn used to throw a TypeError)', async () => {
    const e = await startError({ path: '/bin/tr\0ue' });
    expect(e).toBeInstanceOf(HelperError);
  });

  it('a file that is not executable is a HelperError naming it, from options.path and from $PURE_NETLINK_HELPER', async () => {
    const path = join(dir, 'not-executable');
    writeFileSync(path, 'x');
    chmodSync(path, 0o644);
    // root may execute nothing without an x bit either: EACCES from spawn.
    const e = await startError({ path });
    expect(e).toBeInstanceOf(HelperError);
    expect((e as Error).message).toContain(path);
    expect(() => helperPath({ PURE_NETLINK_HELPER: path })).toThrow(HelperError);
    expect(() => helperPath({ PURE_NETLINK_HELPER: join(dir, 'missing') })).toThrow(/missing or not executable/);
  });

  it('a transport whose helper cannot start rejects open() with HelperError, and again on retry', async () => {
    const t = new HelperTransport({ path: join(dir, 'missing') });
    await expect(t.open({ protocol: 0 }, { datagram() {}, overrun() {}, closed() {} })).rejects.toBeInstanceOf(HelperError);
    await expect(t.open({ protocol: 0 }, { datagram() {}, overrun() {}, closed() {} })).rejects.toBeInstanceOf(HelperError);
    await t.close();
  });
});

describe('audit: a helper that dies or stops talking', () => {
  it('killed during HELLO: HelperError with the signal', async () => {
    const h = new HelperProcess();
    h.kill('SIGKILL');
    const e = await h.ready().catch((x) => x);
    expect(e).toBeInstanceOf(HelperError);
    expect((e as HelperError).exit?.signal).toBe('SIGKILL');
  });

  it('stdout ends in the middle of a frame, then exit: HelperError saying so', async () => {
    // 10 of a 28-byte frame's bytes, then exit 0.
    const path = fakeHelper('half-frame', `printf '\\034\\000\\000\\000\\200\\000\\000\\000\\000\\000'; exit 0`);
    const e = await startError({ path });
    expect(e).toBeInstanceOf(HelperError);
    expect((e as Error).message).toMatch(/exited with code 0.*middle of a frame/);
  });

  it('stdout closed but the process lingers: HelperError within a second, and the process is killed', async () => {
    const path = fakeHelper('closes-stdout', 'exec 1>&-\nexec sleep 30');
    const t0 = Date.now();
    const h = new HelperProcess({ path });
    const e = await h.ready().catch((x) => x);
    expect(e).toBeInstanceOf(HelperError);
    expect((e as Error).message).toContain('closed its stdout');
    expect(Date.now() - t0).toBeLessThan(2000);
    await h.whenExited();
    expect(alive(h.pid!)).toBe(false);
  });

  it('garbage on stdout (an impossible frame length): HelperError, helper killed', async () => {
    const path = fakeHelper('garbage', `printf 'garbage!garbage!garbage!'; exec sleep 30`);
    const h = new HelperProcess({ path });
    const e = await h.ready().catch((x) => x);
    expect(e).toBeInstanceOf(HelperError);
    expect((e as Error).message).toContain('impossible frame length');
    await h.whenExited();
    expect(alive(h.pid!)).toBe(false);
  });
});

describe('audit: a socket the helper gives up on', () => {
  it('an ERR frame with tag 0 on a socket closes that socket with a HelperError', async () => {
    // A stand-in helper in Node: answers HELLO and OPEN, then reports a receive error on the
    // socket (ERR, tag 0, chan 1, errno EIO) as the real helper does before closing it.
    const path = join(dir, 'socket-error.mjs');
    writeFileSync(path, `#!${process.execPath}
      const frame = (op, chan, tag, payload = Buffer.alloc(0)) => {
        const b = Buffer.alloc(16 + payload.length);
        b.writeUInt32LE(b.length, 0); b.writeUInt16LE(op, 4); b.writeUInt32LE(chan, 8); b.writeUInt32LE(tag, 12);
        payload.copy(b, 16);
        return b;
      };
      let buf = Buffer.alloc(0);
      process.stdin.on('data', (chunk) => {
        buf = Buffer.concat([buf, chunk]);
        while (buf.length >= 16 && buf.length >= buf.readUInt32LE(0)) {
          const len = buf.readUInt32LE(0), op = buf.readUInt16LE(4), tag = buf.readUInt32LE(12);
          buf = buf.subarray(len);
          if (op === 1) {
            const p = Buffer.alloc(12 + 4); p.writeUInt32LE(1, 0); p.writeUInt32LE(process.pid, 4); p.write('fake', 12);
            process.stdout.write(frame(128, 0, tag, p));
          } else if (op === 2) {
            const p = Buffer.alloc(8); p.writeUInt32LE(1, 0); p.writeUInt32LE(42, 4);
            process.stdout.write(frame(128, 0, tag, p));
            const e = Buffer.alloc(4 + 9); e.writeUInt32LE(5, 0); e.write('recv fail', 4);
            setTimeout(() => process.stdout.write(frame(129, 1, 0, e)), 20);
          }
        }
      });
      process.stdin.on('end', () => process.exit(0));
    `);
    chmodSync(path, 0o755);
    const helper = await HelperProcess.start({ path });
    const closed = new Promise<Error | undefined>((resolve) => {
      void helper.openSocket({ protocol: 0 }, { datagram() {}, overrun() {}, closed: resolve });
    });
    const error = await closed;
    expect(error).toBeInstanceOf(HelperError);
    expect(error!.message).toMatch(/socket 1 failed.*recv fail/);
    expect(helper.socketCount).toBe(0);
    await helper.close();
  });
});
