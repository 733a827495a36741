/**
 * Tracing: every datagram a session sends and receives, decoded, with direction, socket,
 * namespace and timing, to stderr or a file. A tracer is a SessionObserver (attach it with
 * `new Session({ observer: tracer })` or `session.observer = tracer.child({ socketLabel })`).
 *
 *   PURE_NETLINK_TRACE=1 | stderr      trace to stderr
 *   PURE_NETLINK_TRACE=/path/file      append to a file
 *   PURE_NETLINK_TRACE_FORMAT=tree     indented decoded tree (default)
 *                           =mnl       libmnl's mnl_nlmsg_fprintf boxes
 *                           =short     one line per message
 *                           =json      one JSON object per datagram (JSON lines)
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { HOST_LITTLE_ENDIAN } from '../byteorder.js';
import { NLMSG_HDRLEN } from '../constants.js';
import type { Family } from '../family.js';
import type { SessionObserver } from '../session.js';
import type { DatagramInfo } from '../transport/types.js';
import { datagramTreeToJson, formatDatagramTree, formatMnl, messageHeadline } from './format.js';
import { walkDatagram } from './datagram.js';
import { toHex } from './values.js';

/**
 * How a tracer prints each message: `tree` (decoded, indented), `mnl` (libmnl's hex layout),
 * `short` (one line), `json`.
 */
export type TraceFormat = 'tree' | 'mnl' | 'short' | 'json';

/**
 * Where a tracer writes: stderr, stdout, a file path (appended to), a Node writable stream, or a
 * function taking each record.
 */
export type TraceOutput = 'stderr' | 'stdout' | string | NodeJS.WritableStream | ((text: string) => void);

/** Options of `createTracer()` (and of `Netlink.open({ trace })`). */
export interface TracerOptions {
  /** 'stderr' (default), 'stdout', a file path (appended to), a stream, or a function taking each record. */
  output?: TraceOutput;
  format?: TraceFormat;
  /** Name of the socket in the trace (e.g. 's1', 'route@blue'). Default 'nl'. */
  socketLabel?: string;
  /** Namespace the socket lives in, for the trace. */
  netns?: string;
  /** The family that names the messages (the Netlink API passes rtnetlink); without one, bodies print as bytes. */
  family?: Family;
  littleEndian?: boolean;
  /** Show byte offsets in trees. Default true. */
  offsets?: boolean;
  /** Clock in milliseconds (tests). Default performance.now(). */
  now?: () => number;
}

/**
 * A session observer that prints every datagram sent and received (what `$PURE_NETLINK_TRACE`
 * turns on).
 */
export interface Tracer extends SessionObserver {
  /** Prints a datagram this socket sent. */
  sent(datagram: Uint8Array): void;
  /** Prints a datagram this socket received, with where it came from. */
  received(datagram: Uint8Array, info: DatagramInfo): void;
  /** An observer for another socket, writing to the same output with the same clock. */
  child(options: { socketLabel?: string; netns?: string; family?: Family }): Tracer;
  /** Close the output file (when the tracer opened one). */
  close(): void;
}

interface Shared {
  write(text: string): void;
  close(): void;
  now: () => number;
  start: number;
  format: TraceFormat;
  offsets: boolean;
  le: boolean;
  labels: number;
}

function makeWriter(output: TraceOutput | undefined): { write(text: string): void; close(): void } {
  if (output === undefined || output === 'stderr') return { write: (t) => void process.stderr.write(t), close() {} };
  if (output === 'stdout') return { write: (t) => void process.stdout.write(t), close() {} };
  if (typeof output === 'function') return { write: output, close() {} };
  if (typeof output === 'string') {
    let fd: number | undefined = openSync(output, 'a');
    return {
      write: (t) => {
        if (fd !== undefined) writeSync(fd, t);
      },
      close: () => {
        if (fd !== undefined) closeSync(fd);
        fd = undefined;
      },
    };
  }
  return { write: (t) => void output.write(t), close() {} };
}

function seqsOf(datagram: Uint8Array, le: boolean): number[] {
  const v = new DataView(datagram.buffer, datagram.byteOffset, datagram.byteLength);
  const out: number[] = [];
  let p = 0;
  while (p + NLMSG_HDRLEN <= datagram.length) {
    const len = v.getUint32(p, le);
    if (len < NLMSG_HDRLEN) break;
    out.push(v.getUint32(p + 8, le));
    p += (len + 3) & ~3;
  }
  return out;
}

function fmtMs(ms: number): string {
  return ms < 10 ? ms.toFixed(3) : ms < 1000 ? ms.toFixed(2) : ms.toFixed(0);
}

class TracerImpl implements Tracer {
  /** Send time of every request seq in flight, for "answered after" timing. */
  private readonly sentAt = new Map<number, number>();
  constructor(
    private readonly shared: Shared,
    private readonly socketLabel: string,
    private readonly netns: string | undefined,
    private readonly family: Family | undefined,
  ) {}

  sent = (datagram: Uint8Array): void => {
    const t = this.shared.now();
    for (const s of seqsOf(datagram, this.shared.le)) this.sentAt.set(s, t);
    if (this.sentAt.size > 4096) this.sentAt.delete(this.sentAt.keys().next().value as number);
    this.emit('send', datagram, t, undefined);
  };

  received = (datagram: Uint8Array, info: DatagramInfo): void => {
    this.emit('recv', datagram, this.shared.now(), info);
  };

  child(options: { socketLabel?: string; netns?: string; family?: Family }): Tracer {
    return new TracerImpl(
      this.shared,
      options.socketLabel ?? `nl${++this.shared.labels}`,
      options.netns ?? this.netns,
      options.family ?? this.family,
    );
  }

  close(): void {
    this.shared.close();
  }

  private emit(dir: 'send' | 'recv', datagram: Uint8Array, t: number, info: DatagramInfo | undefined): void {
    try {
      this.shared.write(this.render(dir, datagram, t, info));
    } catch {
      // Tracing must never break the session.
    }
  }

  private render(dir: 'send' | 'recv', datagram: Uint8Array, t: number, info: DatagramInfo | undefined): string {
    const sh = this.shared;
    const rel = t - sh.start;
    let answered: string | undefined;
    if (dir === 'recv' && (!info || info.groups === 0)) {
      const seqs = seqsOf(datagram, sh.le);
      const first = seqs.find((s) => this.sentAt.has(s));
      if (first !== undefined) answered = `${fmtMs(t - this.sentAt.get(first)!)} ms after seq ${first} was sent`;
    }
    if (sh.format === 'json') {
      const tree = walkDatagram(datagram, { family: this.family, littleEndian: sh.le });
      return JSON.stringify({
        t: Number(rel.toFixed(3)), dir, socket: this.socketLabel,
        ...(this.netns !== undefined ? { netns: this.netns } : {}),
        ...(info ? { groups: info.groups, nsid: info.nsid } : {}),
        ...(answered ? { latencyMs: Number((t - this.sentAt.get(seqsOf(datagram, sh.le).find((s) => this.sentAt.has(s))!)!).toFixed(3)) } : {}),
        hex: toHex(datagram),
        ...datagramTreeToJson(tree),
      }) + '\n';
    }
    const where = [`socket ${this.socketLabel}`];
    if (this.netns !== undefined) where.push(`netns ${this.netns}`);
    if (info && info.groups) where.push(`multicast groups 0x${info.groups.toString(16)}`);
    if (info && info.nsid !== -1) where.push(`nsid ${info.nsid}`);
    const head = `[+${fmtMs(rel)} ms] ${dir === 'send' ? 'SEND >>>' : 'RECV <<<'} ${where.join(', ')}: ${datagram.length} bytes${answered ? ` (${answered})` : ''}`;
    if (sh.format === 'mnl') return `${head}\n${formatMnl(datagram, { littleEndian: sh.le, family: this.family })}`;
    const tree = walkDatagram(datagram, { family: this.family, littleEndian: sh.le });
    if (sh.format === 'short') {
      const lines = tree.messages.map((m) => `  ${messageHeadline(m)}${m.error ? `  !! ${m.error.message}` : ''}`);
      for (const e of tree.errors) lines.push(`  !! ${e.message}`);
      return `${head}\n${lines.join('\n')}\n`;
    }
    return `${head}\n${formatDatagramTree(tree, { indent: '  ', offsets: sh.offsets }).join('\n')}\n`;
  }
}

/** A tracer writing to `output` (stderr by default). */
export function createTracer(options: TracerOptions = {}): Tracer {
  const w = makeWriter(options.output);
  const now = options.now ?? (() => performance.now());
  const shared: Shared = {
    write: w.write,
    close: w.close,
    now,
    start: now(),
    format: options.format ?? 'tree',
    offsets: options.offsets ?? true,
    le: options.littleEndian ?? HOST_LITTLE_ENDIAN,
    labels: 0,
  };
  return new TracerImpl(shared, options.socketLabel ?? 'nl0', options.netns, options.family);
}

/** Parse PURE_NETLINK_TRACE_FORMAT. */
export function parseTraceFormat(s: string | undefined): TraceFormat {
  const f = (s ?? '').trim().toLowerCase();
  return f === 'mnl' || f === 'short' || f === 'json' ? f : 'tree';
}

/**
 * The tracer PURE_NETLINK_TRACE asks for, or undefined when tracing is off ('' / '0' / unset).
 * '1', 'true', 'stderr' → stderr; 'stdout' → stdout; anything else is a file path.
 */
export function tracerFromEnv(env: NodeJS.ProcessEnv = process.env, options: Omit<TracerOptions, 'output' | 'format'> = {}): Tracer | undefined {
  const v = env.PURE_NETLINK_TRACE?.trim();
  if (!v || v === '0' || v.toLowerCase() === 'false' || v.toLowerCase() === 'off') return undefined;
  const output: TraceOutput = v === '1' || v.toLowerCase() === 'true' || v.toLowerCase() === 'stderr' ? 'stderr' : v.toLowerCase() === 'stdout' ? 'stdout' : v;
  return createTracer({ ...options, output, format: parseTraceFormat(env.PURE_NETLINK_TRACE_FORMAT) });
}
