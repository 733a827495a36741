/**
 * An in-memory transport for unit tests: every datagram sent is handed to a script, which
 * answers with datagrams (or nothing); tests can also inject datagrams, overruns and deaths.
 * Answers are delivered asynchronously (next macrotask), like a real socket.
 */
import { HelperError } from '../errors.js';
import type { DatagramInfo, SocketOptions, SocketSink, Transport, TransportSocket } from './types.js';

/** A socket of a ScriptedTransport as its script sees it: what was sent, and ways to answer. */
export interface ScriptedSocket {
  readonly id: number;
  readonly options: SocketOptions;
  /** Every datagram sent on this socket, in order. */
  readonly sent: Uint8Array[];
  /** Deliver a datagram to the socket's owner. */
  deliver(datagram: Uint8Array, info?: Partial<DatagramInfo>): void;
  /** Reports an overrun (ENOBUFS) to the socket's owner, as a full receive buffer would. */
  overrun(): void;
}

/** Answers one sent datagram: the datagrams to deliver back (or nothing). */
export type Script = (datagram: Uint8Array, socket: ScriptedSocket) => Uint8Array[] | Uint8Array | void;

/** An in-memory Transport for tests without a kernel: a Script answers each datagram sent. */
export class ScriptedTransport implements Transport {
  readonly sockets: ScriptedSocket[] = [];
  private nextId = 1;
  private dead = false;
  private readonly sinks = new Map<number, SocketSink>();

  constructor(private readonly script: Script, private readonly portId = 4242) {}

  /** Opens a scripted socket (HelperError once the transport was killed). */
  async open(options: SocketOptions, sink: SocketSink): Promise<TransportSocket> {
    if (this.dead) throw new HelperError('scripted transport is dead');
    const id = this.nextId++;
    const sent: Uint8Array[] = [];
    this.sinks.set(id, sink);
    const scripted: ScriptedSocket = {
      id,
      options,
      sent,
      deliver: (datagram, info) => {
        setImmediate(() => this.sinks.get(id)?.datagram(datagram, { groups: info?.groups ?? 0, nsid: info?.nsid ?? -1 }));
      },
      overrun: () => setImmediate(() => this.sinks.get(id)?.overrun()),
    };
    this.sockets.push(scripted);
    return {
      id,
      portId: this.portId,
      send: (datagram) => {
        if (this.dead) return;
        const copy = datagram.slice();
        sent.push(copy);
        const answers = this.script(copy, scripted);
        if (!answers) return;
        for (const a of Array.isArray(answers) ? answers : [answers]) scripted.deliver(a);
      },
      setOption: async () => {},
      close: async () => {
        const s = this.sinks.get(id);
        this.sinks.delete(id);
        s?.closed();
      },
    };
  }

  /** Simulate the helper dying: every socket's owner is told. */
  kill(error = new HelperError('helper killed')): void {
    this.dead = true;
    for (const [id, sink] of [...this.sinks]) {
      this.sinks.delete(id);
      sink.closed(error);
    }
  }

  async close(): Promise<void> {
    for (const [id, sink] of [...this.sinks]) {
      this.sinks.delete(id);
      sink.closed();
    }
  }
}
