/**
 * One netlink socket inside the helper, as the `TransportSocket` a Session holds, and the OPEN
 * request that creates it (docs/helper-protocol.md, OPEN).
 */
import { HelperError } from '../../errors.js';
import { Op } from '../frames.js';
import type { SocketOptions, SocketSink, TransportSocket } from '../types.js';
import { encodeNetnsSpec } from './netns-spec.js';
import type { HelperProcess } from './process.js';
import { rethrowLater, u32s, validateU32 } from './wire.js';

/** Default SO_RCVBUF(FORCE): large enough for a monitor on a busy host. */
const DEFAULT_RCVBUF = 4 * 1024 * 1024;

/** OPEN payload: `u32 protocol, rcvbuf, flags, ngroups, groups..., ns`. */
export function encodeOpen(options: SocketOptions): Uint8Array {
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
  return payload;
}

export class HelperSocket implements TransportSocket {
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
