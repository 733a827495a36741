/**
 * The request `tc` sends for a command line, read with strace (`-e write=FD` dumps the bytes of
 * every sendmsg): the oracle for kinds this machine's kernel lacks, since tc sends its request
 * whatever the kernel answers. Needs strace and tc; `tcBytesAvailable()` says whether they run.
 */
import { spawnSync } from 'node:child_process';

const RTM_TC_TYPES = new Set([36, 37, 40, 41, 44, 45, 48, 49, 100, 101]);

export function tcBytesAvailable(): string | undefined {
  for (const tool of ['strace', 'tc']) {
    const r = spawnSync(tool, ['-V'], { encoding: 'utf8' });
    if (r.error) return `${tool} is not installed`;
  }
  return undefined;
}

/** Every datagram tc wrote to its netlink socket(s), in order. */
export function tcDatagrams(args: string[]): { datagrams: Uint8Array[]; stderr: string; code: number } {
  const r = spawnSync('strace', ['-f', '-qq', '-e', 'trace=sendmsg', '-e', 'write=3,4,5,6', 'tc', ...args], {
    encoding: 'utf8',
  });
  const datagrams: Uint8Array[] = [];
  let cur: number[] | undefined;
  const tcStderr: string[] = [];
  for (const line of r.stderr.split('\n')) {
    if (/^\s*\* \d+ bytes in buffer \d+/.test(line)) {
      cur = [];
      datagrams.push(new Uint8Array(0));
      continue;
    }
    const m = /^\s*\| [0-9a-f]{5}  ((?:[0-9a-f]{2} {1,2})+)/.exec(line);
    if (m && cur) {
      for (const h of m[1]!.trim().split(/\s+/)) cur.push(parseInt(h, 16));
      datagrams[datagrams.length - 1] = Uint8Array.from(cur);
      continue;
    }
    if (/^(\d+ +)?(sendmsg|\+\+\+|---)/.test(line)) continue;
    tcStderr.push(line);
  }
  return { datagrams, stderr: tcStderr.join('\n').replace(/\n$/, ''), code: r.status ?? -1 };
}

/**
 * The traffic-control request of a tc command line (the last RTM_*QDISC/TCLASS/TFILTER/ACTION/
 * CHAIN message it sent), with nlmsg_seq zeroed for comparison.
 */
export function tcRequest(args: string[]): Uint8Array | undefined {
  const { datagrams } = tcDatagrams(args);
  for (let i = datagrams.length - 1; i >= 0; i--) {
    const d = datagrams[i]!;
    if (d.length < 16) continue;
    const view = new DataView(d.buffer, d.byteOffset, d.byteLength);
    if (!RTM_TC_TYPES.has(view.getUint16(4, true))) continue;
    const out = d.slice(0, view.getUint32(0, true));
    new DataView(out.buffer).setUint32(8, 0, true);
    return out;
  }
  return undefined;
}
