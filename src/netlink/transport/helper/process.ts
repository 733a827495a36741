/**
 * One running `pure-netlink-helper` process: spawn, HELLO, the request/reply and event frames
 * of docs/helper-protocol.md, its sockets and its lifecycle. It knows the socket operations
 * (OPEN, SEND, SETOPT, CLOSE); other operations (namespaces, tun/tap: `src/system/`) go through
 * `request()` with their own op codes.
 *
 * Over 500 lines because it is one class whose private state (tags, pending replies, sockets,
 * the child's lifecycle) every frame handler touches; the frame codec (frames.ts), the socket
 * (socket.ts) and the wire helpers (wire.ts) are already separate.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { HelperError, helperOperationError, ValidationError } from '../../errors.js';
import { FRAME_HEADER_SIZE, FRAME_MAX, FrameDecoder, Op, PROTOCOL_VERSION, opName, writeFrameHeader, type Frame } from '../frames.js';
import { helperPath } from '../helper-path.js';
import type { SocketOptions, SocketSink, TransportSocket } from '../types.js';
import { encodeOpen, HelperSocket } from './socket.js';
import { dataView, rethrowLater, textDecoder } from './wire.js';

/** Options of `new HelperProcess()` and `HelperProcess.start()`. */
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

const STDERR_KEEP = 8192;
const SEND_PRUNE_THRESHOLD = 256;

interface Pending {
  op: number;
  /** Operation name for errors (`NETNS_ADD: EEXIST: ...`). */
  label: string;
  seq: number;
  resolve(payload: Uint8Array): void;
  reject(error: Error): void;
}

interface SendErrorHandler {
  seq: number;
  onError(error: Error): void;
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
  /** Sockets that wait for answers or listen (TransportSocket.hold). */
  readonly #held = new Set<number>();
  /** Whether the child process and its pipes keep Node's event loop alive (see #updateRef). */
  #referenced = true;
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
    this.#updateRef();
  }

  /**
   * The helper keeps Node alive only while it has work: a control request pending, a socket
   * held (a request in flight, a monitor listening) or a close in progress. Idle, its process
   * and pipes are unref'd, so a program that forgot to close a handle still exits, as it would
   * with a plain netlink socket in C or Python; the helper then sees EOF on stdin and exits.
   */
  #updateRef(): void {
    const busy = this.#pending.size > 0 || this.#held.size > 0 || this.#closing;
    if (busy === this.#referenced || this.#exit !== undefined) return;
    this.#referenced = busy;
    const child = this.#child;
    for (const handle of [child, child.stdin, child.stdout, child.stderr] as unknown as Array<{ ref?(): void; unref?(): void }>) {
      if (busy) handle.ref?.();
      else handle.unref?.();
    }
  }

  /** @internal A socket has (or no longer has) something to wait for. */
  _hold(socketId: number, busy: boolean): void {
    if (busy && this.#sockets.has(socketId)) this.#held.add(socketId);
    else this.#held.delete(socketId);
    this.#updateRef();
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

  /** Lets the helper keep Node's event loop alive again (see `unref()`). */
  ref(): void {
    this.#child.ref();
    for (const s of [this.#child.stdin, this.#child.stdout, this.#child.stderr]) {
      (s as unknown as { ref?: () => void }).ref?.();
    }
  }

  // ---- requests ------------------------------------------------------------------------

  /**
   * Sends a control request (chan 0) and resolves with its OK payload; an ERR reply rejects with
   * HelperOperationError named `label`. For operations layered on the helper (src/system).
   */
  request(op: number, payload: Uint8Array, label: string = opName(op)): Promise<Uint8Array> {
    return this._request(op, 0, payload, label);
  }

  // ---- sockets ---------------------------------------------------------------------------

  /** Opens a netlink socket in the helper. */
  async openSocket(options: SocketOptions, sink: SocketSink): Promise<TransportSocket> {
    const reply = await this._request(Op.OPEN, 0, encodeOpen(options));
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
    this.#updateRef();
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
  _request(op: number, chan: number, payload: Uint8Array, label: string = opName(op)): Promise<Uint8Array> {
    if (this.#error) return Promise.reject(this.#error);
    if (FRAME_HEADER_SIZE + payload.length > FRAME_MAX) {
      return Promise.reject(new ValidationError(`request too large (${payload.length} bytes)`));
    }
    const tag = this.#takeTag();
    return new Promise<Uint8Array>((resolve, reject) => {
      this.#pending.set(tag, { op, label, seq: ++this.#seq, resolve, reject });
      this.#updateRef();
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
    this.#held.delete(socket.id);
    this.#updateRef();
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
      this.#held.delete(frame.chan);
      this.#updateRef();
      try {
        socket.finish(new HelperError(`socket ${frame.chan} failed: ${this.#operationError('SEND', frame.payload).message}`));
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
          send.onError(this.#operationError('SEND', frame.payload));
        } catch (e) {
          rethrowLater(e);
        }
      }
      return;
    }
    this.#pending.delete(frame.tag);
    this.#updateRef();
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
      pending.reject(this.#operationError(pending.label, frame.payload));
    }
  }

  #operationError(label: string, payload: Uint8Array): Error {
    if (payload.length < 4) return new HelperError(`malformed ERR reply to ${label}`);
    const errno = dataView(payload).getUint32(0, true);
    return helperOperationError(label, errno, textDecoder.decode(payload.subarray(4)));
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
