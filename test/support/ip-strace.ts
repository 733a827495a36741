/**
 * The requests `ip` sends for a command line, read with strace (`-e write=all` dumps the bytes of
 * every sendmsg/sendto): the byte oracle for xfrm requests, which `ip` sends whatever the kernel
 * answers (this kernel has no ESP/AH/IPComp, so it rejects every SA add). Each run is in a new
 * network namespace of its own (`unshare -n`), so nothing it changes outlives it.
 */
import { spawnSync } from 'node:child_process';

export function ipStraceAvailable(): string | undefined {
  for (const [tool, flag] of [['strace', '-V'], ['ip', '-V'], ['unshare', '--version']] as const) {
    const r = spawnSync(tool, [flag], { encoding: 'utf8' });
    if (r.error) return `${tool} is not installed`;
  }
  if (process.getuid?.() !== 0) return 'not root (unshare -n needs CAP_SYS_ADMIN)';
  return undefined;
}

/** Every datagram `ip ARGS` wrote to its sockets, in order, with ip's stderr and status. */
export function ipDatagrams(args: string[], setup: string[][] = []): { datagrams: Uint8Array[]; stderr: string; code: number } {
  return straceDatagrams(['ip', ...args], setup);
}

/** Every netlink datagram COMMAND (and the processes it starts) sent, in a namespace of its own after `ip SETUP...`. */
export function straceDatagrams(command: string[], setup: string[][] = []): { datagrams: Uint8Array[]; stderr: string; code: number } {
  const args = command;
  // setup commands run first in the same namespace (through sh, arguments quoted).
  const q = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;
  const script = [...setup.map((c) => `ip ${c.map(q).join(' ')} >/dev/null 2>&1`), `exec strace -f -qq -e trace=sendmsg,sendto -e write=all ${args.map(q).join(' ')}`].join('\n');
  const r = spawnSync('unshare', ['-n', 'sh', '-c', script], { encoding: 'utf8' });
  const datagrams: Uint8Array[] = [];
  let cur: number[] | undefined;
  let fresh = false;
  const ipStderr: string[] = [];
  for (const line of r.stderr.split('\n')) {
    // sendmsg's dump starts with "* N bytes in buffer K"; sendto's goes straight to offset 00000.
    if (/^\s*\* \d+ bytes in buffer \d+/.test(line)) {
      cur = [];
      datagrams.push(new Uint8Array(0));
      fresh = true;
      continue;
    }
    const m = /^\s*\| ([0-9a-f]{5})  ((?:[0-9a-f]{2} {1,2})+)/.exec(line);
    if (m && m[1] === '00000' && !fresh) {
      cur = [];
      datagrams.push(new Uint8Array(0));
    }
    fresh = false;
    if (m && cur) {
      for (const h of m[2]!.trim().split(/\s+/)) cur.push(parseInt(h, 16));
      datagrams[datagrams.length - 1] = Uint8Array.from(cur);
      continue;
    }
    if (/^(\[pid +\d+\] +|\d+ +)?(sendmsg|sendto|\+\+\+|---)/.test(line)) continue;
    ipStderr.push(line);
  }
  return { datagrams, stderr: ipStderr.join('\n').replace(/\n$/, ''), code: r.status ?? -1 };
}

/** The datagrams of `ip ARGS` with each message's nlmsg_seq and nlmsg_pid zeroed, for comparison. */
export function ipRequests(args: string[], setup: string[][] = []): Uint8Array[] {
  return ipDatagrams(args, setup).datagrams.map(zeroSeq);
}

/** A copy with every message's nlmsg_seq and nlmsg_pid set to 0. */
export function zeroSeq(d: Uint8Array): Uint8Array {
  const out = d.slice();
  const view = new DataView(out.buffer);
  for (let p = 0; p + 16 <= out.length; ) {
    const len = view.getUint32(p, true);
    view.setUint32(p + 8, 0, true);
    view.setUint32(p + 12, 0, true);
    if (len < 16) break;
    p += (len + 3) & ~3;
  }
  return out;
}
