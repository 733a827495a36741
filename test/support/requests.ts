/**
 * The change requests a command line sends to the kernel, read with strace: every RTM_NEW*,
 * RTM_DEL* and RTM_SET* message of every sendmsg/sendto, with nlmsg_seq and nlmsg_pid zeroed
 * (they differ from run to run), as hex. Lets a test run `ip ARGS` and `pure-ip ARGS` and
 * compare what they asked of the kernel, byte for byte, whatever the kernel answers (a kind whose
 * module is missing here still shows the request ip builds).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { decode, encode } from '../../src/netlink/decode.js';
import { rtnetlink } from '../../src/rtnl/family.js';

/**
 * One message with seq and pid zeroed, decoded and re-encoded with its wire layout kept (order,
 * flags, unknown attributes): what changes is only the padding after short attributes, which
 * iproute2 leaves uninitialised (stack bytes) and the kernel ignores.
 */
function normalized(message: Uint8Array): string {
  const m = Buffer.from(message);
  m.fill(0, 8, 16);
  try {
    return Buffer.from(encode(decode(m, rtnetlink, { keepLayout: true }), rtnetlink)).toString('hex');
  } catch {
    return m.toString('hex');
  }
}

export interface SentRequests {
  code: number;
  stderr: string;
  /** `type flags hex-of-the-whole-message` per change request, in the order sent. */
  requests: string[];
}

const PURE_IP = resolve(import.meta.dirname, '../../dist/bundle/pure-ip.js');

/** Why requests cannot be traced here, if they cannot (strace is the witness). */
export function straceMissing(): string | undefined {
  const r = spawnSync('strace', ['-V'], { encoding: 'utf8' });
  return r.status === 0 ? undefined : 'strace is not installed: it reads the requests ip and pure-ip send';
}

/** `ip ARGV` (which: 'ip') or `pure-ip ARGV` (the built bundle, run by this Node) under strace. */
export function requestsSent(which: 'ip' | 'pure-ip', argv: string[]): SentRequests {
  const dir = mkdtempSync(join(tmpdir(), 'pn-strace-'));
  const log = join(dir, 'log');
  try {
    const cmd = which === 'ip' ? ['ip', ...argv] : [process.execPath, PURE_IP, ...argv];
    const r = spawnSync('strace', ['-f', '-qq', '-xx', '-s', '0', '-e', 'trace=sendmsg,sendto', '-e', 'write=all', '-o', log, ...cmd], { encoding: 'utf8' });
    return { code: r.status ?? 1, stderr: r.stderr, requests: changeRequests(readFileSync(log, 'utf8')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The change requests in a strace log written with `-e write=...` (hexdump lines after each call). */
export function changeRequests(log: string): string[] {
  const datagrams: string[] = [];
  for (const line of log.split('\n')) {
    // " | 00000  30 00 00 00 12 00 01 00  d4 f1 0c 6b 00 00 00 00  0..........k.... |": the hex
    // columns are characters 10 to 58 after " | "; they follow their call's line.
    const at = line.indexOf(' | ');
    if (at >= 0 && /^ \| [0-9a-f]{5}  /.test(line.slice(at)) && datagrams.length) {
      datagrams[datagrams.length - 1] += line.slice(at + 10, at + 59).trim().split(/\s+/).join('');
    } else if (/\b(sendmsg|sendto)\(/.test(line) && /\) += \d+/.test(line)) datagrams.push('');
  }
  const out: string[] = [];
  for (const hex of datagrams) {
    const bytes = Buffer.from(hex, 'hex');
    for (let off = 0; off + 16 <= bytes.length; ) {
      const len = bytes.readUInt32LE(off);
      if (len < 16 || off + len > bytes.length) break;
      const type = bytes.readUInt16LE(off + 4);
      const flags = bytes.readUInt16LE(off + 6);
      const seq = bytes.readUInt32LE(off + 8);
      // RTM_NEW* ≡ 0, RTM_DEL* ≡ 1, RTM_SET* ≡ 3 (mod 4) from RTM_BASE 16; RTM_GET* (≡ 2) only read.
      // iproute2's all-zero RTM_NEWLINK probe (seq 0, no attributes) is no change either.
      const probe = type === 16 && seq === 0 && len === 32;
      if (type >= 16 && type % 4 !== 2 && !probe) {
        out.push(`${type} ${flags} ${normalized(bytes.subarray(off, off + len))}`);
      }
      off += (len + 3) & ~3;
    }
  }
  return out;
}
