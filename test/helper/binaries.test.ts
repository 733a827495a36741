import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder, Op, type Frame } from '../../src/netlink/transport/frames.js';
import { packageRoot } from '../../src/netlink/transport/helper-path.js';
import { HostOp } from '../../src/system/ops.js';

const root = packageRoot();
const x64 = join(root, 'prebuilds/linux-x64/pure-netlink-helper');
const arm64 = join(root, 'prebuilds/linux-arm64/pure-netlink-helper');
const recorded = readFileSync(join(root, 'prebuilds/SOURCE.sha256'), 'utf8').trim();
const QEMU = '/usr/bin/qemu-aarch64-static';
const hasQemu = existsSync(QEMU);
const qemuNote = hasQemu ? '' : ` (skipped: ${QEMU} is not installed)`;

describe('prebuilt helper binaries', () => {
  it.each([
    ['x64', x64, 'x86-64'],
    ['arm64', arm64, 'aarch64'],
  ])('%s is a statically linked executable', (_arch, path, machine) => {
    const out = execFileSync('file', ['-L', path], { encoding: 'utf8' });
    expect(out).toContain('statically linked');
    expect(out).toContain(machine);
  });

  it('are fresh: sources hash to prebuilds/SOURCE.sha256 and to the x64 --version', () => {
    const r = spawnSync(process.execPath, [join(root, 'scripts/check-helper-fresh.mjs')], { encoding: 'utf8' });
    expect(r.stderr + r.stdout).toContain('fresh');
    expect(r.status).toBe(0);
    if (process.arch === 'x64') {
      expect(execFileSync(x64, ['--version'], { encoding: 'utf8' })).toContain(`source-sha256 ${recorded}`);
    }
  });

  it.skipIf(!hasQemu)(`arm64 runs under qemu-aarch64-static: --version prints the same hash${qemuNote}`, () => {
    const out = execFileSync(QEMU, [arm64, '--version'], { encoding: 'utf8' });
    expect(out).toContain(`source-sha256 ${recorded}`);
  });

  it.skipIf(!hasQemu)(`arm64 answers HELLO over stdio under qemu and exits 0 on EOF${qemuNote}`, async () => {
    const child = spawn(QEMU, [arm64], { stdio: ['pipe', 'pipe', 'pipe'] });
    const frames: Frame[] = [];
    const dec = new FrameDecoder();
    child.stdout.on('data', (c: Buffer) => dec.push(c, (f) => frames.push({ ...f, payload: new Uint8Array(f.payload) })));
    child.stdin.write(encodeFrame(Op.HELLO, 0, 42));
    child.stdin.write(encodeFrame(HostOp.NETNS_ADD, 0, 43, new TextEncoder().encode('../x')));
    child.stdin.end();
    const [code, signal] = await new Promise<[number | null, string | null]>((r) => child.on('close', (c, s) => r([c, s])));
    expect(signal).toBeNull();
    expect(code).toBe(0);
    expect(frames[0]!.op).toBe(Op.OK);
    expect(frames[0]!.tag).toBe(42);
    const dv = new DataView(frames[0]!.payload.buffer);
    expect(dv.getUint32(0, true)).toBe(1);
    expect(new TextDecoder().decode(frames[0]!.payload.subarray(12))).toContain(recorded);
    expect(frames[1]!.op).toBe(Op.ERR);
    expect(frames[1]!.tag).toBe(43);
    expect(new DataView(frames[1]!.payload.buffer).getUint32(0, true)).toBe(22); // EINVAL
  });

});
