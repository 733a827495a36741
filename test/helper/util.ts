/** Small helpers shared by the helper tests: hand-built netlink messages and a collecting sink. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { FrameDecoder, type Frame } from '../../src/netlink/transport/frames.js';
import { helperPath } from '../../src/netlink/transport/helper-path.js';
import { randomBytes } from 'node:crypto';
import { endianness } from 'node:os';
import type { DatagramInfo, SocketSink } from '../../src/netlink/transport/types.js';

export const LE = endianness() === 'LE';
export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

export const NLMSG_ERROR = 2;
export const NLMSG_DONE = 3;
export const RTM_NEWLINK = 16;
export const RTM_GETLINK = 18;
export const IFLA_IFNAME = 3;

/** A unique test namespace / interface name, e.g. `pnt-1a2b3c4d`. */
export function uniqueName(prefix = 'pnt'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** 32 bytes: nlmsghdr + ifinfomsg; a dump (0x301) or a single-link request (ifindex). */
export function getLinkRequest(seq: number, ifindex = 0): Uint8Array {
  const b = new Uint8Array(32);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, 32, LE);
  dv.setUint16(4, RTM_GETLINK, LE);
  dv.setUint16(6, ifindex ? 0x001 : 0x301, LE); // NLM_F_REQUEST (| NLM_F_DUMP)
  dv.setUint32(8, seq, LE);
  dv.setUint32(12, 0, LE);
  b[16] = 0; // AF_UNSPEC
  dv.setInt32(20, ifindex, LE);
  return b;
}

export interface Msg {
  type: number;
  flags: number;
  seq: number;
  ifname?: string;
  /** For NLMSG_ERROR: the (negative) error code. */
  error?: number;
}

/** Minimal netlink parse: message headers, IFLA_IFNAME of RTM_NEWLINK, NLMSG_ERROR code. */
export function parseMessages(d: Uint8Array): Msg[] {
  const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
  const out: Msg[] = [];
  let off = 0;
  while (off + 16 <= d.length) {
    const len = dv.getUint32(off, LE);
    if (len < 16 || off + len > d.length) throw new Error(`bad nlmsg length ${len} at ${off}`);
    const msg: Msg = { type: dv.getUint16(off + 4, LE), flags: dv.getUint16(off + 6, LE), seq: dv.getUint32(off + 8, LE) };
    if (msg.type === RTM_NEWLINK) {
      let a = off + 32;
      while (a + 4 <= off + len) {
        const alen = dv.getUint16(a, LE);
        const atype = dv.getUint16(a + 2, LE) & 0x3fff;
        if (alen < 4) break;
        if (atype === IFLA_IFNAME) msg.ifname = new TextDecoder().decode(d.subarray(a + 4, a + alen)).replace(/\0.*$/s, '');
        a += (alen + 3) & ~3;
      }
    }
    if (msg.type === NLMSG_ERROR) msg.error = dv.getInt32(off + 16, LE);
    out.push(msg);
    off += (len + 3) & ~3;
  }
  return out;
}

/** A SocketSink that records everything and lets a test wait for a condition. */
export class CollectingSink implements SocketSink {
  datagrams: Array<{ data: Uint8Array; info: DatagramInfo }> = [];
  messages: Msg[] = [];
  overruns = 0;
  closedWith: Error | undefined | null = null; // null = not closed
  #waiters: Array<() => void> = [];

  datagram(data: Uint8Array, info: DatagramInfo): void {
    const copy = new Uint8Array(data);
    this.datagrams.push({ data: copy, info });
    this.messages.push(...parseMessages(copy));
    this.#wake();
  }
  overrun(): void {
    this.overruns++;
    this.#wake();
  }
  closed(error?: Error): void {
    this.closedWith = error;
    this.#wake();
  }
  #wake(): void {
    for (const w of this.#waiters.splice(0)) w();
  }
  /** Resolves when `cond()` holds; rejects after `ms`. */
  until(cond: () => boolean, ms = 5000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for the sink')), ms);
      const check = (): void => {
        if (cond()) {
          clearTimeout(timer);
          resolve();
        } else this.#waiters.push(check);
      };
      check();
    });
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The helper spawned directly, with its frames collected (for protocol-level tests). */
export class RawHelper {
  readonly child: ChildProcessWithoutNullStreams;
  readonly frames: Frame[] = [];
  stderr = '';
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  #decoder = new FrameDecoder();
  #waiters: Array<() => void> = [];

  constructor(args: string[] = []) {
    this.child = spawn(helperPath(), args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdin.on('error', () => {});
    this.child.stdout.on('data', (c: Buffer) => {
      this.#decoder.push(c, (f) => this.frames.push({ ...f, payload: new Uint8Array(f.payload) }));
      for (const w of this.#waiters.splice(0)) w();
    });
    this.child.stderr.on('data', (c: Buffer) => (this.stderr += c.toString()));
    this.exit = new Promise((r) => this.child.on('close', (code, signal) => r({ code, signal })));
  }

  write(b: Uint8Array): void {
    this.child.stdin.write(b);
  }

  /** Waits until at least n frames arrived. */
  waitFrames(n: number, ms = 5000): Promise<Frame[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out: ${this.frames.length}/${n} frames; stderr: ${this.stderr}`)), ms);
      const check = (): void => {
        if (this.frames.length >= n) {
          clearTimeout(timer);
          resolve(this.frames);
        } else this.#waiters.push(check);
      };
      check();
    });
  }
}

export function u32(f: Frame, off = 0): number {
  return new DataView(f.payload.buffer, f.payload.byteOffset, f.payload.byteLength).getUint32(off, true);
}
