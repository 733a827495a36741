/**
 * RecordingTransport: wraps any Transport and records every socket and datagram of a session in
 * the fixture format of the iproute2 captures (test/fixtures/iproute2/README.md), so
 * one reader (ReplayTransport, the fixture tests) serves both.
 *
 *   const rec = new RecordingTransport(helperTransport, { name: 'my-test' });
 *   rec.command('add veth pair');            // label the steps (commands[] / exchanges[].cmd)
 *   ...use sessions over rec...
 *   await rec.save('test/fixtures/recorded/my-test.json');
 */
import { writeFileSync } from 'node:fs';
import { HOST_LITTLE_ENDIAN } from '../byteorder.js';
import { NETLINK_PROTOCOLS } from '../constants.js';
import type { DatagramInfo, NetnsSpec, SocketOptions, SocketSink, Transport, TransportSocket } from './types.js';

/** One datagram of a fixture (README "exchanges[]"). */
export interface FixtureExchange {
  dir: 'request' | 'response';
  /** Whole datagram, lowercase hex, no separators. */
  hex: string;
  /** Index into commands / commandResults. */
  cmd: number;
  /** Id of the socket in sockets[] ('s0', 's1'...). */
  socket: string;
  /** 'sendmsg', 'sendto' or 'recvmsg'. */
  syscall: string;
  nlPid?: number;
  nlGroups?: number;
  iovecs?: number;
  /** Recorded by RecordingTransport only: NETLINK_LISTEN_ALL_NSID peer namespace id when not -1. */
  nsid?: number;
  /** Recorded by RecordingTransport only: milliseconds since the recording started. */
  t?: number;
  /** Derived summary (the iproute2 captures have one); never needed to replay. */
  summary?: unknown;
}

/** One socket of a fixture (README "sockets[]"). */
export interface FixtureSocket {
  id: string;
  cmd: number;
  /** 'NETLINK_ROUTE', as in the iproute2 captures. */
  protocol?: string;
  portId?: number;
  pid?: number;
  fd?: number;
  socket?: string;
  setsockopt?: Array<{ level: string; optname: string; value: string; result?: number }>;
  bind?: { nl_pid: number; nl_groups: string | number };
  /** Recorded by RecordingTransport only: the SocketOptions' namespace and groups. */
  netns?: NetnsSpec;
  groups?: number[];
}

export interface FixtureCommandResult {
  index: number;
  command: string;
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** A whole fixture file. Fields the iproute2 captures have and a recording lacks are optional. */
export interface FixtureFile {
  name: string;
  description: string;
  kernelVersion?: string;
  iproute2Version?: string;
  machine?: string;
  byteOrder: 'little' | 'big';
  captureMethod?: string;
  setupCommands?: string[];
  commands: string[];
  commandResults: FixtureCommandResult[];
  sockets: FixtureSocket[];
  exchanges: FixtureExchange[];
  ipJson?: Array<{ cmd: number; command: string; json: unknown }>;
  teardownCommands?: string[];
}

export interface RecordingOptions {
  name?: string;
  description?: string;
  /** Written on close() when given. */
  file?: string;
  /** Byte order of the datagrams (the host's by default); only stored in the fixture. */
  littleEndian?: boolean;
  /** Clock in ms (tests). */
  now?: () => number;
}

/** NETLINK_ROUTE ← 0 */
export function protocolConstantName(protocol: number): string {
  for (const [name, n] of Object.entries(NETLINK_PROTOCOLS)) if (n === protocol) return `NETLINK_${name.toUpperCase()}`;
  return String(protocol);
}

/** 'NETLINK_ROUTE' / 'route' / '0' → 0. */
export function protocolNumber(name: string | number | undefined): number | undefined {
  if (typeof name === 'number') return name;
  if (name === undefined) return undefined;
  if (/^\d+$/.test(name)) return Number(name);
  return NETLINK_PROTOCOLS[name.toLowerCase().replace(/^netlink_/, '')];
}

export function hexOf(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

const SOCKOPT_NAMES: Readonly<Record<number, string>> = {
  1: 'NETLINK_ADD_MEMBERSHIP', 2: 'NETLINK_DROP_MEMBERSHIP', 3: 'NETLINK_PKTINFO', 4: 'NETLINK_BROADCAST_ERROR',
  5: 'NETLINK_NO_ENOBUFS', 8: 'NETLINK_LISTEN_ALL_NSID', 10: 'NETLINK_CAP_ACK', 11: 'NETLINK_EXT_ACK', 12: 'NETLINK_GET_STRICT_CHK',
};

function groupsMask(groups: readonly number[] | undefined): string {
  let m = 0;
  for (const g of groups ?? []) if (g >= 1 && g <= 32) m |= 1 << (g - 1);
  return '0x' + (m >>> 0).toString(16).padStart(8, '0');
}

export class RecordingTransport implements Transport {
  private readonly fixture: FixtureFile;
  private currentCmd = -1;
  private nextSocket = 0;
  private readonly now: () => number;
  private readonly start: number;

  constructor(private readonly inner: Transport, private readonly options: RecordingOptions = {}) {
    const le = options.littleEndian ?? HOST_LITTLE_ENDIAN;
    this.now = options.now ?? (() => performance.now());
    this.start = this.now();
    this.fixture = {
      name: options.name ?? 'recording',
      description: options.description ?? '',
      byteOrder: le ? 'little' : 'big',
      captureMethod: 'pure-netlink RecordingTransport',
      machine: process.arch,
      commands: [],
      commandResults: [],
      sockets: [],
      exchanges: [],
    };
  }

  /**
   * Start a new labelled step: later sockets and datagrams belong to it. Returns its index.
   * (Without a label, everything goes to an automatic first step named 'session'.)
   */
  command(label: string): number {
    const index = this.fixture.commands.push(label) - 1;
    this.fixture.commandResults.push({ index, command: label, exitCode: 0, stdout: '', stderr: '' });
    this.currentCmd = index;
    return index;
  }

  /** Set the outcome of the current (or given) step: exit code 1 and the error text when it failed. */
  commandResult(result: Partial<Omit<FixtureCommandResult, 'index' | 'command'>>, index = this.currentCmd): void {
    const r = this.fixture.commandResults[index];
    if (r) Object.assign(r, result);
  }

  private cmd(): number {
    if (this.currentCmd < 0) this.command('session');
    return this.currentCmd;
  }

  private record(e: Omit<FixtureExchange, 'cmd' | 't'>): void {
    this.fixture.exchanges.push({ ...e, cmd: this.cmd(), t: Number((this.now() - this.start).toFixed(3)) });
  }

  async open(options: SocketOptions, sink: SocketSink): Promise<TransportSocket> {
    const id = `s${this.nextSocket++}`;
    const entry: FixtureSocket = {
      id,
      cmd: this.cmd(),
      protocol: protocolConstantName(options.protocol),
      socket: `socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, ${protocolConstantName(options.protocol)})`,
      bind: { nl_pid: 0, nl_groups: groupsMask(options.groups) },
    };
    if (options.netns && options.netns.kind !== 'current') entry.netns = options.netns;
    if (options.groups?.length) entry.groups = [...options.groups];
    this.fixture.sockets.push(entry);
    const recordingSink: SocketSink = {
      datagram: (data: Uint8Array, info: DatagramInfo) => {
        const e: Omit<FixtureExchange, 'cmd' | 't'> = { dir: 'response', hex: hexOf(data), socket: id, syscall: 'recvmsg', nlPid: 0, nlGroups: info.groups };
        if (info.nsid !== -1) e.nsid = info.nsid;
        this.record(e);
        sink.datagram(data, info);
      },
      overrun: () => sink.overrun(),
      closed: (error) => sink.closed(error),
    };
    const socket = await this.inner.open(options, recordingSink);
    entry.portId = socket.portId;
    return {
      id: socket.id,
      get portId() {
        return socket.portId;
      },
      send: (datagram: Uint8Array, onError?: (error: Error) => void) => {
        this.record({ dir: 'request', hex: hexOf(datagram), socket: id, syscall: 'sendmsg', nlPid: 0, nlGroups: 0, iovecs: 1 });
        socket.send(datagram, onError);
      },
      setOption: async (option: number, value: number) => {
        await socket.setOption(option, value);
        (entry.setsockopt ??= []).push({
          level: option === 0x10000 ? 'SOL_SOCKET' : 'SOL_NETLINK',
          optname: option === 0x10000 ? 'SO_RCVBUF' : SOCKOPT_NAMES[option] ?? String(option),
          value: `[${value}]`,
          result: 0,
        });
      },
      close: () => socket.close(),
    };
  }

  /** The recording so far, in the fixture format (a deep copy). */
  toJSON(): FixtureFile {
    return JSON.parse(JSON.stringify(this.fixture)) as FixtureFile;
  }

  /** Write the fixture (pretty JSON). */
  save(file = this.options.file): void {
    if (!file) throw new Error('RecordingTransport.save: no file given');
    writeFileSync(file, JSON.stringify(this.fixture, null, 1) + '\n');
  }

  async close(): Promise<void> {
    await this.inner.close();
    if (this.options.file) this.save();
  }
}
