/**
 * The helper transport: netlink sockets owned by the static `pure-netlink-helper` process,
 * reached over its stdin/stdout with the frame protocol of docs/helper-protocol.md.
 *
 * `HelperProcess` is one running helper (control requests, sockets, namespace operations);
 * `HelperTransport` is the `Transport` a Session uses: it starts a helper on first use and a
 * fresh one after the previous helper died.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { HelperError, HelperOperationError, ValidationError } from '../errors.js';
import { FRAME_HEADER_SIZE, FRAME_MAX, FrameDecoder, Op, PROTOCOL_VERSION, opName, writeFrameHeader, type Frame } from './frames.js';
import { helperPath } from './helper-path.js';
import type { NetnsSpec, SocketOptions, SocketSink, Transport, TransportSocket } from './types.js';

export interface HelperProcessOptions {
  /** Run the helper in its own user + network + mount namespace (`--sandbox`). */
  sandbox?: boolean;
  /** Helper executable; default: helperPath() (env PURE_NETLINK_HELPER or the prebuild). */
  path?: string;
  /** How long close() waits for a clean exit before SIGKILL; default 2000 ms. */
  closeTimeoutMs?: number;
}

/** What the helper said in its HELLO reply. */
export interface HelperHello {
  protocolVersion: number;
  /** The helper's pid (host pid namespace). */
  pid: number;
  sandbox: boolean;
  /** e.g. `pure-netlink-helper 0.1.0 source-sha256 <hex>`. */
  version: string;
}

export type TuntapMode = 'tun' | 'tap';

export interface TuntapOptions {
  name: string;
  mode: TuntapMode;
  /** IFF_NO_PI */
  noPi?: boolean;
  /** IFF_MULTI_QUEUE */
  multiQueue?: boolean;
  /** IFF_VNET_HDR */
  vnetHdr?: boolean;
  /** TUNSETOWNER uid (add only). */
  owner?: number;
  /** TUNSETGROUP gid (add only). */
  group?: number;
  netns?: NetnsSpec;
}

const NAME_RE = /^[A-Za-z0-9_.-]{1,255}$/;
const IFNAME_RE = /^[A-Za-z0-9_.-]{1,15}$/;
const STDERR_KEEP = 8192;
const SEND_PRUNE_THRESHOLD = 256;
const SO_RCVBUF_OPTION = 0x10000;
const DEFAULT_RCVBUF = 4 * 1024 * 1024;
const IFF_TUN = 0x0001;
const IFF_TAP = 0x0002;
const IFF_MULTI_QUEUE = 0x0100;
const IFF_NO_PI = 0x1000;
const IFF_VNET_HDR = 0x4000;

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

/** Throws ValidationError unless `name` is a valid /run/netns name. */
export function validateNetnsName(name: unknown, field = 'name'): asserts name is string {
  if (typeof name !== 'string' || !NAME_RE.test(name) || name === '.' || name === '..') {
    throw new ValidationError(`invalid namespace name ${JSON.stringify(name)}: must match [A-Za-z0-9_.-]{1,255}, not "." or ".."`, field);
  }
}

function validateIfname(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !IFNAME_RE.test(name) || name === '.' || name === '..') {
    throw new ValidationError(`invalid interface name ${JSON.stringify(name)}: must match [A-Za-z0-9_.-]{1,15}`, 'name');
  }
}

function validatePid(pid: unknown, field = 'pid', allowZero = false): asserts pid is number {
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid < (allowZero ? 0 : 1) || pid > 0x3fffffff) {
    throw new ValidationError(`invalid pid ${String(pid)}`, field);
  }
}

function validateU32(v: unknown, field: string, max = 0xffffffff): asserts v is number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) {
    throw new ValidationError(`${field} must be an integer in 0..${max}, got ${String(v)}`, field);
  }
}

/** Encodes a namespace spec (`u8 kind`, then name / path / u32 pid). */
export function encodeNetnsSpec(spec: NetnsSpec | undefined): Uint8Array {
  if (!spec || spec.kind === 'current') return Uint8Array.of(0);
  switch (spec.kind) {
    case 'name': {
      validateNetnsName(spec.name, 'netns.name');
      const b = textEncoder.encode(spec.name);
      const out = new Uint8Array(1 + b.length);
      out[0] = 1;
      out.set(b, 1);
      return out;
    }
    case 'path': {
      const path = spec.path;
      const b = typeof path === 'string' ? textEncoder.encode(path) : undefined;
      if (!b || !path.startsWith('/') || path.includes('\0') || b.length > 4095) {
        throw new ValidationError(`invalid namespace path ${JSON.stringify(path)}: must be absolute, without NUL, at most 4095 bytes`, 'netns.path');
      }
      const out = new Uint8Array(1 + b.length);
      out[0] = 2;
      out.set(b, 1);
      return out;
    }
    case 'pid': {
      validatePid(spec.pid, 'netns.pid');
      const out = new Uint8Array(5);
      out[0] = 3;
      new DataView(out.buffer).setUint32(1, spec.pid, true);
      return out;
    }
    default:
      throw new ValidationError(`unknown namespace spec kind ${JSON.stringify((spec as { kind: unknown }).kind)}`, 'netns.kind');
  }
}

function u32s(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const dv = new DataView(out.buffer);
  values.forEach((v, i) => dv.setUint32(i * 4, v >>> 0, true));
  return out;
}

/** Splits NUL-terminated strings. */
function splitNul(payload: Uint8Array): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < payload.length; i++) {
    if (payload[i] === 0) {
      out.push(textDecoder.decode(payload.subarray(start, i)));
      start = i + 1;
    }
  }
  return out;
}

function dataView(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** Rethrow a callback's exception outside our frame loop, so the stream state stays sane. */
function rethrowLater(e: unknown): void {
  process.nextTick(() => {
    throw e;
  });
}

interface Pending {
  op: number;
  seq: number;
  resolve(payload: Uint8Array): void;
  reject(error: Error): void;
}

interface SendErrorHandler {
  seq: number;
  onError(error: Error): void;
}

class HelperSocket implements TransportSocket {
  closed = false;
  constructor(
    private readonly helper: HelperProcess,
    readonly id: number,
    readonly portId: number,
    readonly sink: SocketSink,
  ) {}

  send(datagram: Uint8Array, onError?: (error: Error) => void): void {
    if (this.closed) {
      if (onError) queueMicrotask(() => onError(new HelperError(`socket ${this.id} is closed`)));
      return;
    }
    this.helper._send(this, datagram, onError);
  }

  setOption(option: number, value: number): Promise<void> {
    if (this.closed) return Promise.reject(new HelperError(`socket ${this.id} is closed`));
    validateU32(option, 'option');
    validateU32(value, 'value');
    return this.helper._request(Op.SETOPT, this.id, u32s(option, value)).then(() => undefined);
  }

  close(): Promise<void> {
    return this.helper._closeSocket(this);
  }

  /** Marks closed and tells the sink, once. */
  finish(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.sink.closed(error);
    } catch (e) {
      rethrowLater(e);
    }
  }
}

/** One running helper process. */
export class HelperProcess {
  readonly sandbox: boolean;
  readonly path: string;
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #decoder = new FrameDecoder();
  readonly #pending = new Map<number, Pending>();
  readonly #sendErrors = new Map<number, SendErrorHandler>();
  readonly #sockets = new Map<number, HelperSocket>();
  readonly #closeTimeoutMs: number;
  #nextTag = 1;
  #seq = 0;
  #outQueue: Uint8Array[] = [];
  #stderr = '';
  #fatalMessage: string | undefined;
  #error: HelperError | undefined;
  #exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  #exited: Promise<void>;
  #resolveExited!: () => void;
  #ready: Promise<HelperHello>;
  #hello: HelperHello | undefined;
  #closing = false;
  #exitListeners: Array<(error: HelperError) => void> = [];
  #stdoutEndTimer: ReturnType<typeof setTimeout> | undefined;

  /** Spawns the helper and sends HELLO; prefer `HelperProcess.start()`, which awaits it. */
  constructor(options: HelperProcessOptions = {}) {
    this.sandbox = options.sandbox ?? false;
    this.path = options.path ?? helperPath();
    this.#closeTimeoutMs = options.closeTimeoutMs ?? 2000;
    this.#exited = new Promise((resolve) => (this.#resolveExited = resolve));
    try {
      this.#child = spawn(this.path, this.sandbox ? ['--sandbox'] : [], { stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (e) {
      // spawn() throws synchronously on an invalid path (a NUL byte, not a string...).
      throw new HelperError(`cannot run helper ${JSON.stringify(this.path)}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const child = this.#child;
    child.stdout.on('data', (chunk: Buffer) => this.#onData(chunk));
    // No more replies can come once stdout ended. Normally the exit follows at once ('close'
    // then reports code, FATAL message and stderr); a helper that closed its stdout but keeps
    // running would leave every request pending forever, so give up on it after a moment.
    child.stdout.on('end', () => {
      if (this.#error || this.#exit !== undefined) return;
      this.#stdoutEndTimer = setTimeout(() => {
        if (this.#error || this.#exit !== undefined) return;
        this.#fail(new HelperError(`helper closed its stdout${this.#midFrame()} but did not exit`), true);
      }, 500);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      this.#stderr = (this.#stderr + text).slice(-STDERR_KEEP);
    });
    // EPIPE etc. when the helper is gone: the 'close' handler reports it.
    child.stdin.on('error', () => {});
    child.on('error', (err) => {
      this.#fail(new HelperError(`cannot run helper ${this.path}: ${err.message}`), true);
    });
    child.on('close', (code, signal) => this.#onClose(code, signal));
    this.#ready = this._request(Op.HELLO, 0, new Uint8Array(0)).then((p) => {
      if (p.length < 12) throw new HelperError('short HELLO reply from helper');
      const dv = dataView(p);
      const hello: HelperHello = {
        protocolVersion: dv.getUint32(0, true),
        pid: dv.getUint32(4, true),
        sandbox: (dv.getUint32(8, true) & 1) !== 0,
        version: textDecoder.decode(p.subarray(12)),
      };
      if (hello.protocolVersion !== PROTOCOL_VERSION) {
        this.kill();
        throw new HelperError(`helper speaks protocol ${hello.protocolVersion}, expected ${PROTOCOL_VERSION}`);
      }
      this.#hello = hello;
      return hello;
    });
    this.#ready.catch(() => {});
  }

  /** Spawns a helper and waits for its HELLO. */
  static async start(options: HelperProcessOptions = {}): Promise<HelperProcess> {
    const helper = new HelperProcess(options);
    try {
      await helper.ready();
    } catch (e) {
      helper.kill();
      throw e;
    }
    return helper;
  }

  /** Resolves with the HELLO reply once the helper answered it. */
  ready(): Promise<HelperHello> {
    return this.#ready;
  }

  /** HELLO reply, once received. */
  get hello(): HelperHello | undefined {
    return this.#hello;
  }

  /** OS pid of the helper process (undefined if spawning failed). */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** True once the helper has exited (or failed to start) and everything pending was rejected. */
  get exited(): boolean {
    return this.#error !== undefined;
  }

  /** Exit code / signal, once exited. */
  get exitStatus(): { code: number | null; signal: NodeJS.Signals | null } | undefined {
    return this.#exit;
  }

  /** The most recent stderr output of the helper (up to 8 KiB). */
  get stderr(): string {
    return this.#stderr;
  }

  /** Resolves when the helper process has exited and its pipes are closed. */
  whenExited(): Promise<void> {
    return this.#exited;
  }

  /** Called once with the error that ended this helper. */
  onExit(listener: (error: HelperError) => void): void {
    if (this.#error) queueMicrotask(() => listener(this.#error!));
    else this.#exitListeners.push(listener);
  }

  /** Lets Node exit while the helper still runs (the helper exits when our stdin closes). */
  unref(): void {
    this.#child.unref();
    for (const s of [this.#child.stdin, this.#child.stdout, this.#child.stderr]) {
      (s as unknown as { unref?: () => void }).unref?.();
    }
  }

  ref(): void {
    this.#child.ref();
    for (const s of [this.#child.stdin, this.#child.stdout, this.#child.stderr]) {
      (s as unknown as { ref?: () => void }).ref?.();
    }
  }

  // ---- namespace and device operations -------------------------------------------------

  /** `ip netns add NAME`. */
  async netnsAdd(name: string): Promise<void> {
    validateNetnsName(name);
    await this._request(Op.NETNS_ADD, 0, textEncoder.encode(name));
  }

  /** `ip netns delete NAME`. */
  async netnsDelete(name: string): Promise<void> {
    validateNetnsName(name);
    await this._request(Op.NETNS_DEL, 0, textEncoder.encode(name));
  }

  /** `ip netns attach NAME PID`. */
  async netnsAttach(name: string, pid: number): Promise<void> {
    validateNetnsName(name);
    validatePid(pid);
    const b = textEncoder.encode(name);
    const payload = new Uint8Array(4 + b.length);
    dataView(payload).setUint32(0, pid, true);
    payload.set(b, 4);
    await this._request(Op.NETNS_ATTACH, 0, payload);
  }

  /** Entries of /run/netns, in directory order. */
  async netnsList(): Promise<string[]> {
    return splitNul(await this._request(Op.NETNS_LIST, 0, new Uint8Array(0)));
  }

  /** Opens a namespace fd inside the helper (for IFLA_NET_NS_FD / NETNSA_FD). */
  async nsFdOpen(spec: NetnsSpec): Promise<number> {
    const p = await this._request(Op.NS_FD_OPEN, 0, encodeNetnsSpec(spec));
    if (p.length !== 4) throw new HelperError('bad NS_FD_OPEN reply');
    return dataView(p).getUint32(0, true);
  }

  async nsFdClose(fd: number): Promise<void> {
    validateU32(fd, 'fd', 0x7fffffff);
    await this._request(Op.NS_FD_CLOSE, 0, u32s(fd));
  }

  /** Names under /run/netns that are the network namespace of `pid` (0: the helper's own). */
  async netnsIdentify(pid = 0): Promise<string[]> {
    validatePid(pid, 'pid', true);
    return splitNul(await this._request(Op.NETNS_IDENTIFY, 0, u32s(pid)));
  }

  /** Pids of the processes in the named namespace. */
  async netnsPids(name: string): Promise<number[]> {
    validateNetnsName(name);
    const p = await this._request(Op.NETNS_PIDS, 0, textEncoder.encode(name));
    const dv = dataView(p);
    const out: number[] = [];
    for (let i = 0; i + 4 <= p.length; i += 4) out.push(dv.getUint32(i, true));
    return out;
  }

  /** `ip tuntap add`: a persistent tun/tap device. */
  async tuntapAdd(options: TuntapOptions): Promise<void> {
    await this._request(Op.TUNTAP_ADD, 0, encodeTuntap(options, true));
  }

  /** `ip tuntap del`. */
  async tuntapDel(options: TuntapOptions): Promise<void> {
    await this._request(Op.TUNTAP_DEL, 0, encodeTuntap(options, false));
  }

  /**
   * argv to run `program` inside the named namespace like `ip netns exec`:
   * `[helperPath, 'exec', ('--join', helperPid,)? name, ...program]`. The `--join` part is
   * present for a sandboxed helper, whose namespaces live in its own user/mount namespace.
   */
  execArgs(name: string, argv: readonly string[]): string[] {
    validateNetnsName(name);
    if (argv.length === 0 || argv.some((a) => typeof a !== 'string' || a.includes('\0'))) {
      throw new ValidationError('exec needs a program and string arguments without NUL', 'argv');
    }
    const join: string[] = [];
    if (this.sandbox) {
      const pid = this.#hello?.pid ?? this.#child.pid;
      if (pid === undefined) throw new HelperError('sandboxed helper has no pid');
      join.push('--join', String(pid));
    }
    return [this.path, 'exec', ...join, name, ...argv];
  }

  // ---- sockets ---------------------------------------------------------------------------

  /** Opens a netlink socket in the helper. */
  async openSocket(options: SocketOptions, sink: SocketSink): Promise<TransportSocket> {
    validateU32(options.protocol, 'protocol', 31);
    const groups = options.groups ?? [];
    for (const g of groups) validateU32(g, 'groups', 0x7fffffff);
    const rcvbuf = options.rcvbuf ?? DEFAULT_RCVBUF;
    validateU32(rcvbuf, 'rcvbuf', 0x7fffffff);
    const flags =
      ((options.extAck ?? true) ? 1 : 0) |
      ((options.strictCheck ?? true) ? 2 : 0) |
      (options.listenAllNsid ? 4 : 0) |
      (options.capAck ? 8 : 0);
    const ns = encodeNetnsSpec(options.netns);
    const head = u32s(options.protocol, rcvbuf, flags, groups.length, ...groups);
    const payload = new Uint8Array(head.length + ns.length);
    payload.set(head, 0);
    payload.set(ns, head.length);
    const reply = await this._request(Op.OPEN, 0, payload);
    if (reply.length !== 8) throw new HelperError('bad OPEN reply');
    const dv = dataView(reply);
    const socket = new HelperSocket(this, dv.getUint32(0, true), dv.getUint32(4, true), sink);
    if (this.#error) {
      // Died between the reply and now: the socket is already gone.
      socket.finish(this.#error);
      throw this.#error;
    }
    this.#sockets.set(socket.id, socket);
    return socket;
  }

  /** Number of sockets currently open. */
  get socketCount(): number {
    return this.#sockets.size;
  }

  // ---- lifecycle -------------------------------------------------------------------------

  /** Ends the helper's stdin (it closes everything and exits 0); SIGKILL after the timeout. */
  async close(): Promise<void> {
    if (this.#error) return this.#exited;
    this.#closing = true;
    this.#flush();
    this.#child.stdin.end();
    const timer = setTimeout(() => this.kill(), this.#closeTimeoutMs);
    try {
      await this.#exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Kills the helper at once (pending requests then reject with HelperError). */
  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (this.#exit === undefined) {
      try {
        this.#child.kill(signal);
      } catch {
        // already gone
      }
    }
  }

  // ---- internals (used by HelperSocket) --------------------------------------------------

  /** @internal Sends a request frame and resolves with the OK payload (a private copy-free view). */
  _request(op: number, chan: number, payload: Uint8Array): Promise<Uint8Array> {
    if (this.#error) return Promise.reject(this.#error);
    if (FRAME_HEADER_SIZE + payload.length > FRAME_MAX) {
      return Promise.reject(new ValidationError(`request too large (${payload.length} bytes)`));
    }
    const tag = this.#takeTag();
    return new Promise<Uint8Array>((resolve, reject) => {
      this.#pending.set(tag, { op, seq: ++this.#seq, resolve, reject });
      this.#queue(op, chan, tag, payload);
    });
  }

  /** @internal */
  _send(socket: HelperSocket, datagram: Uint8Array, onError?: (error: Error) => void): void {
    if (this.#error) {
      const error = this.#error;
      if (onError) queueMicrotask(() => onError(error));
      return;
    }
    if (FRAME_HEADER_SIZE + datagram.length > FRAME_MAX) {
      if (onError) queueMicrotask(() => onError(new ValidationError(`datagram too large (${datagram.length} bytes)`)));
      return;
    }
    const tag = this.#takeTag();
    if (onError) {
      this.#sendErrors.set(tag, { seq: ++this.#seq, onError });
      // SEND has no reply on success; a later request's reply proves earlier SENDs went
      // through. Issue a cheap HELLO as such a barrier when many are outstanding.
      if (this.#sendErrors.size >= SEND_PRUNE_THRESHOLD && this.#sendErrors.size % SEND_PRUNE_THRESHOLD === 0) {
        this._request(Op.HELLO, 0, new Uint8Array(0)).catch(() => {});
      }
    }
    this.#queue(Op.SEND, socket.id, tag, datagram);
  }

  /** @internal */
  async _closeSocket(socket: HelperSocket): Promise<void> {
    if (socket.closed) return;
    if (this.#error) {
      socket.finish(this.#error);
      return;
    }
    try {
      await this._request(Op.CLOSE, socket.id, new Uint8Array(0));
    } catch (e) {
      // A dead helper took the socket with it (finish() already ran with that error).
      if (!(e instanceof HelperError)) throw e;
    }
    this.#sockets.delete(socket.id);
    socket.finish();
  }

  #takeTag(): number {
    const tag = this.#nextTag;
    this.#nextTag = tag >= 0xffffffff ? 1 : tag + 1;
    return tag;
  }

  /** Queues a frame; all frames queued in the same tick go out in one corked writev. */
  #queue(op: number, chan: number, tag: number, payload: Uint8Array): void {
    const frame = Buffer.allocUnsafe(FRAME_HEADER_SIZE + payload.length);
    writeFrameHeader(frame, 0, payload.length, op, chan, tag);
    frame.set(payload, FRAME_HEADER_SIZE);
    this.#outQueue.push(frame);
    if (this.#outQueue.length === 1) queueMicrotask(() => this.#flush());
  }

  #flush(): void {
    const queue = this.#outQueue;
    if (queue.length === 0) return;
    this.#outQueue = [];
    if (this.#error) return;
    const stdin = this.#child.stdin;
    if (stdin.destroyed || stdin.writableEnded) return;
    if (queue.length === 1) {
      stdin.write(queue[0]!);
      return;
    }
    stdin.cork();
    for (const frame of queue) stdin.write(frame);
    stdin.uncork();
  }

  readonly #frameHandler = (frame: Frame): void => this.#onFrame(frame);

  #onData(chunk: Buffer): void {
    if (this.#error) return;
    try {
      // A plain Uint8Array view: its subarray() is much cheaper than Buffer's on the DATA path.
      this.#decoder.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength), this.#frameHandler);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.#fail(new HelperError(`helper protocol error: ${message}`), true);
    }
  }

  #onFrame(frame: Frame): void {
    switch (frame.op) {
      case Op.DATA: {
        const socket = this.#sockets.get(frame.chan);
        if (!socket || frame.payload.length < 8) return;
        const p = frame.payload;
        const groups = (p[0]! | (p[1]! << 8) | (p[2]! << 16)) + p[3]! * 0x1000000;
        const nsid = p[4]! | (p[5]! << 8) | (p[6]! << 16) | (p[7]! << 24);
        try {
          socket.sink.datagram(p.subarray(8), { groups, nsid });
        } catch (e) {
          rethrowLater(e);
        }
        return;
      }
      case Op.ENOBUFS: {
        const socket = this.#sockets.get(frame.chan);
        if (!socket) return;
        try {
          socket.sink.overrun();
        } catch (e) {
          rethrowLater(e);
        }
        return;
      }
      case Op.OK:
      case Op.ERR:
        return this.#onReply(frame);
      case Op.FATAL:
        this.#fatalMessage = textDecoder.decode(frame.payload);
        return;
      default:
        throw new HelperError(`unexpected frame op ${frame.op} from helper`);
    }
  }

  #onReply(frame: Frame): void {
    if (frame.op === Op.ERR && frame.tag === 0 && frame.chan !== 0) {
      // The helper gave up on a socket (a persistent receive error) and closed it.
      const socket = this.#sockets.get(frame.chan);
      if (!socket) return;
      this.#sockets.delete(frame.chan);
      try {
        socket.finish(new HelperError(`socket ${frame.chan} failed: ${this.#operationError(Op.SEND, frame.payload).message}`));
      } catch (e) {
        rethrowLater(e);
      }
      return;
    }
    const pending = this.#pending.get(frame.tag);
    if (!pending) {
      const send = this.#sendErrors.get(frame.tag);
      if (send && frame.op === Op.ERR) {
        this.#sendErrors.delete(frame.tag);
        try {
          send.onError(this.#operationError(Op.SEND, frame.payload));
        } catch (e) {
          rethrowLater(e);
        }
      }
      return;
    }
    this.#pending.delete(frame.tag);
    // Requests are answered in order, so every SEND queued before this one succeeded.
    if (this.#sendErrors.size) {
      for (const [tag, s] of this.#sendErrors) {
        if (s.seq >= pending.seq) break;
        this.#sendErrors.delete(tag);
      }
    }
    if (frame.op === Op.OK) {
      // The payload may be a view into a stdout chunk; replies are small, so copy them to
      // let callers keep them without pinning the chunk.
      pending.resolve(new Uint8Array(frame.payload));
    } else {
      pending.reject(this.#operationError(pending.op, frame.payload));
    }
  }

  #operationError(op: number, payload: Uint8Array): Error {
    if (payload.length < 4) return new HelperError(`malformed ERR reply to ${opName(op)}`);
    const errno = dataView(payload).getUint32(0, true);
    return new HelperOperationError(opName(op), errno, textDecoder.decode(payload.subarray(4)));
  }

  #lastStderrLines(n = 5): string {
    return this.#stderr.trimEnd().split('\n').slice(-n).join('\n');
  }

  /** ' (in the middle of a frame, N bytes buffered)' when the output stopped inside a frame. */
  #midFrame(): string {
    const n = this.#decoder.pendingBytes;
    return n > 0 ? ` in the middle of a frame (${n} bytes of it received)` : '';
  }

  #onClose(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.#stdoutEndTimer) clearTimeout(this.#stdoutEndTimer);
    this.#exit = { code, signal };
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    let message = this.#closing && code === 0 ? 'helper was closed' : `helper ${how}`;
    if (!(this.#closing && code === 0)) message += this.#midFrame().replace(/^ in/, ', its output ending in');
    if (this.#fatalMessage) message += `: FATAL: ${this.#fatalMessage}`;
    const stderr = this.#lastStderrLines();
    if (stderr && !(this.#closing && code === 0)) message += `\nhelper stderr:\n${stderr}`;
    this.#fail(new HelperError(message, { code, signal }), false, this.#closing && code === 0);
    this.#resolveExited();
  }

  /**
   * Rejects everything pending and closes every socket with `error` (or without one after a
   * requested, clean close); kills the process if asked.
   */
  #fail(error: HelperError, kill: boolean, clean = false): void {
    if (!this.#error) {
      this.#error = error;
      this.#outQueue = [];
      const pending = [...this.#pending.values()];
      this.#pending.clear();
      // Outstanding SENDs may or may not have reached the kernel; their owners learn of the
      // failure through sink.closed(error), so their onError is not called.
      this.#sendErrors.clear();
      const sockets = [...this.#sockets.values()];
      this.#sockets.clear();
      for (const p of pending) p.reject(error);
      for (const s of sockets) s.finish(clean ? undefined : error);
      for (const l of this.#exitListeners.splice(0)) {
        try {
          l(error);
        } catch (e) {
          rethrowLater(e);
        }
      }
    }
    if (kill) this.kill();
    if (this.#exit === undefined && this.#child.pid === undefined) {
      // Never started: there will be no 'close' with a status.
      this.#exit = { code: null, signal: null };
      this.#resolveExited();
    }
  }
}

function encodeTuntap(options: TuntapOptions, add: boolean): Uint8Array {
  validateIfname(options.name);
  if (options.mode !== 'tun' && options.mode !== 'tap') {
    throw new ValidationError(`tuntap mode must be "tun" or "tap", got ${JSON.stringify(options.mode)}`, 'mode');
  }
  let flags = options.mode === 'tun' ? IFF_TUN : IFF_TAP;
  if (options.noPi) flags |= IFF_NO_PI;
  if (options.multiQueue) flags |= IFF_MULTI_QUEUE;
  if (options.vnetHdr) flags |= IFF_VNET_HDR;
  const owner = options.owner ?? -1;
  const group = options.group ?? -1;
  if (add) {
    for (const [v, f] of [[owner, 'owner'], [group, 'group']] as const) {
      if (!Number.isInteger(v) || v < -1 || v > 0x7fffffff) throw new ValidationError(`${f} must be a uid/gid or -1`, f);
    }
  }
  const ns = encodeNetnsSpec(options.netns);
  const name = textEncoder.encode(options.name);
  const head = add ? 12 : 4;
  const out = new Uint8Array(head + 1 + name.length + ns.length);
  const dv = dataView(out);
  dv.setUint16(0, flags, true);
  dv.setUint16(2, 0, true);
  if (add) {
    dv.setInt32(4, owner, true);
    dv.setInt32(8, group, true);
  }
  out[head] = name.length;
  out.set(name, head + 1);
  out.set(ns, head + 1 + name.length);
  return out;
}

/**
 * The Transport a Session uses by default. Starts a helper on first use; if the helper dies
 * (every socket's sink is told via `closed(error)`), the next `open()` starts a fresh one.
 */
export class HelperTransport implements Transport {
  readonly #options: HelperProcessOptions;
  #current: Promise<HelperProcess> | undefined;
  #closed = false;

  constructor(options: HelperProcessOptions = {}) {
    this.#options = options;
  }

  /** The running helper, starting one if there is none or the previous one died. */
  helper(): Promise<HelperProcess> {
    if (this.#closed) return Promise.reject(new HelperError('transport is closed'));
    const current = this.#current;
    if (!current) return this.#start();
    return current.then(
      (h) => (h.exited ? this.#restart(current) : h),
      () => this.#restart(current),
    );
  }

  /** Starts a new helper unless a concurrent caller already replaced `stale`. */
  #restart(stale: Promise<HelperProcess>): Promise<HelperProcess> {
    if (this.#closed) return Promise.reject(new HelperError('transport is closed'));
    if (this.#current === stale || this.#current === undefined) return this.#start();
    return this.#current;
  }

  #start(): Promise<HelperProcess> {
    const starting = HelperProcess.start(this.#options);
    this.#current = starting;
    starting.catch(() => {
      if (this.#current === starting) this.#current = undefined;
    });
    return starting;
  }

  async open(options: SocketOptions, sink: SocketSink): Promise<TransportSocket> {
    const helper = await this.helper();
    return helper.openSocket(options, sink);
  }

  /** Closes the helper (and with it every socket); further open() calls fail. */
  async close(): Promise<void> {
    this.#closed = true;
    const current = this.#current;
    this.#current = undefined;
    if (!current) return;
    let helper: HelperProcess;
    try {
      helper = await current;
    } catch {
      return;
    }
    await helper.close();
  }
}
