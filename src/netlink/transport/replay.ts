/**
 * ReplayTransport: plays a recorded fixture (RecordingTransport's, or the iproute2
 * captures: same format) so code can be tested without root or a kernel.
 *
 * - open() calls take the recorded sockets in order (or the order given in `sockets`).
 * - Every datagram sent must match the next recorded request of that socket, modulo nlmsg_seq,
 *   nlmsg_pid and trailing zero padding; otherwise the send fails with a ReplayMismatchError that
 *   names the first difference (message, header field or attribute path, expected vs actual).
 * - After a matched request, the responses recorded after it (up to the socket's next request)
 *   are delivered, with nlmsg_seq mapped from the recorded to the live request's (also in the
 *   request header NLMSG_ERROR echoes) and the recorded port id replaced by the live one.
 *   Multicast datagrams (nlGroups ≠ 0) are delivered in their recorded place the same way;
 *   those recorded before the socket's first request are delivered right after open().
 */
import { readFileSync } from 'node:fs';
import { HOST_LITTLE_ENDIAN } from '../byteorder.js';
import { NETLINK_ROUTE, NLMSG_ERROR, NLMSG_HDRLEN, align4 } from '../constants.js';
import { messageTypeName } from '../decode.js';
import { PureNetlinkError } from '../errors.js';
import type { Family } from '../family.js';
import { walkDatagram } from '../inspect/datagram.js';
import { nodePathAt, type WalkNode } from '../inspect/walk.js';
import { protocolNumber, type FixtureExchange, type FixtureFile, type FixtureSocket } from './record.js';
import type { SocketOptions, SocketSink, Transport, TransportSocket } from './types.js';

/** A request sent during a replay did not match the recording. */
export class ReplayMismatchError extends PureNetlinkError {
  override name = 'ReplayMismatchError';
  constructor(
    message: string,
    readonly details: {
      /** Recorded socket id ('s0'). */
      socket: string;
      /** Index in the fixture's exchanges[] of the expected request (undefined: none left). */
      exchange?: number;
      /** Index of the request among the socket's requests. */
      request: number;
      /** Index of the netlink message in the datagram. */
      messageIndex?: number;
      /** 'nlmsg_type', 'nlmsg_flags', 'nlmsg_len', 'message count', 'attribute', 'trailing bytes'... */
      field?: string;
      /** Kernel-name path of the differing attribute (['IFLA_LINKINFO', 'IFLA_INFO_KIND']). */
      path?: string[];
      /** Byte offset of the first difference in the live datagram. */
      offset?: number;
      /** Expected / actual bytes (hex) of the differing part. */
      expected?: string;
      actual?: string;
      /** The whole datagrams (hex). */
      expectedDatagram?: string;
      actualDatagram?: string;
    },
  ) {
    super(message, 'REPLAY_MISMATCH');
  }
}

export interface ReplayOptions {
  /** Recorded socket ids in the order open() calls take them. Default: all, in file order. */
  sockets?: string[];
  /** Leave recorded sockets without any exchange out of the default order. Default false. */
  skipIdleSockets?: boolean;
  /** Port id of the live sockets. Default: each recorded socket's portId (4242 when unknown). */
  portId?: number | ((recorded: FixtureSocket) => number);
  /** Byte order of the recording. Default: the fixture's byteOrder. */
  littleEndian?: boolean;
  /** Families that name messages and attribute paths in mismatch reports, by their protocol. */
  families?: readonly Family[];
}

interface Step {
  exchange: FixtureExchange;
  index: number;
  bytes: Uint8Array;
}

interface Live {
  recorded: FixtureSocket;
  steps: Step[];
  cursor: number;
  requests: number;
  seqMap: Map<number, number>;
  recordedPort: number;
  livePort: number;
  protocol: number;
  sink: SocketSink | undefined;
  closed: boolean;
}

function fromHex(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, 'hex'));
}
function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

interface Framed {
  offset: number;
  length: number;
  type: number;
  flags: number;
}

/** Messages of a datagram, and where real data ends (the rest must be zeros); undefined when malformed. */
function frame(b: Uint8Array, le: boolean): { messages: Framed[]; end: number } | undefined {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const messages: Framed[] = [];
  let p = 0;
  while (p + NLMSG_HDRLEN <= b.length) {
    const length = v.getUint32(p, le);
    if (length === 0) break;
    if (length < NLMSG_HDRLEN || p + length > b.length) return undefined;
    messages.push({ offset: p, length, type: v.getUint16(p + 4, le), flags: v.getUint16(p + 6, le) });
    p += align4(length);
  }
  const last = messages[messages.length - 1];
  return { messages, end: last ? last.offset + last.length : 0 };
}

function allZero(b: Uint8Array, from: number): boolean {
  for (let i = from; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

export class ReplayTransport implements Transport {
  readonly fixture: FixtureFile;
  /** Every mismatch seen, in order. */
  readonly mismatches: ReplayMismatchError[] = [];
  private readonly le: boolean;
  private readonly order: string[];
  private nextOpen = 0;
  private nextId = 1;
  private readonly live: Live[] = [];

  static fromFile(path: string, options: ReplayOptions = {}): ReplayTransport {
    return new ReplayTransport(JSON.parse(readFileSync(path, 'utf8')) as FixtureFile, options);
  }

  constructor(fixture: FixtureFile, private readonly options: ReplayOptions = {}) {
    this.fixture = fixture;
    this.le = options.littleEndian ?? (fixture.byteOrder ? fixture.byteOrder === 'little' : HOST_LITTLE_ENDIAN);
    const used = new Set(fixture.exchanges.map((e) => e.socket));
    this.order = options.sockets ?? fixture.sockets.filter((s) => !options.skipIdleSockets || used.has(s.id)).map((s) => s.id);
  }

  async open(options: SocketOptions, sink: SocketSink): Promise<TransportSocket> {
    const sid = this.order[this.nextOpen];
    if (sid === undefined) {
      throw new ReplayMismatchError(`replay: open() #${this.nextOpen + 1}, but the recording has only ${this.order.length} socket(s)`, { socket: '', request: 0, field: 'socket' });
    }
    const recorded = this.fixture.sockets.find((s) => s.id === sid);
    if (!recorded) throw new ReplayMismatchError(`replay: no socket ${sid} in the recording`, { socket: sid, request: 0, field: 'socket' });
    const recordedProtocol = protocolNumber(recorded.protocol);
    if (recordedProtocol !== undefined && recordedProtocol !== options.protocol) {
      throw new ReplayMismatchError(
        `replay: open() #${this.nextOpen + 1} asks for netlink protocol ${options.protocol}, recorded socket ${sid} is ${recorded.protocol}`,
        { socket: sid, request: 0, field: 'protocol' },
      );
    }
    this.nextOpen++;
    const recordedPort = recorded.portId ?? 0;
    const p = this.options.portId;
    const livePort = typeof p === 'function' ? p(recorded) : p ?? (recorded.portId || 4242);
    const steps: Step[] = [];
    this.fixture.exchanges.forEach((exchange, index) => {
      if (exchange.socket === sid) steps.push({ exchange, index, bytes: fromHex(exchange.hex) });
    });
    const live: Live = {
      recorded, steps, cursor: 0, requests: 0, seqMap: new Map(), recordedPort, livePort,
      protocol: options.protocol ?? NETLINK_ROUTE, sink, closed: false,
    };
    this.live.push(live);
    // Notifications recorded before the first request.
    this.deliverResponses(live);
    const id = this.nextId++;
    return {
      id,
      portId: livePort,
      send: (datagram, onError) => this.send(live, datagram.slice(), onError),
      setOption: async () => {},
      close: async () => {
        if (live.closed) return;
        live.closed = true;
        const s = live.sink;
        live.sink = undefined;
        s?.closed();
      },
    };
  }

  private send(live: Live, datagram: Uint8Array, onError: ((e: Error) => void) | undefined): void {
    if (live.closed) return;
    const step = live.steps[live.cursor];
    const sid = live.recorded.id;
    let error: ReplayMismatchError | undefined;
    if (!step || step.exchange.dir !== 'request') {
      error = new ReplayMismatchError(
        `replay: socket ${sid} sent request #${live.requests + 1}, but the recording has no more requests on it (${live.requests} recorded)`,
        { socket: sid, request: live.requests, field: 'request count', actual: hex(datagram), actualDatagram: hex(datagram) },
      );
    } else {
      error = this.compare(live, step, datagram);
    }
    if (error) {
      this.mismatches.push(error);
      if (onError) setImmediate(() => onError(error));
      else throw error;
      return;
    }
    // Map recorded seqs to live ones, message by message.
    const rec = frame(step!.bytes, this.le)!;
    const act = frame(datagram, this.le)!;
    const rv = new DataView(step!.bytes.buffer, step!.bytes.byteOffset, step!.bytes.byteLength);
    const av = new DataView(datagram.buffer, datagram.byteOffset, datagram.byteLength);
    rec.messages.forEach((m, i) => {
      const a = act.messages[i];
      if (a) live.seqMap.set(rv.getUint32(m.offset + 8, this.le), av.getUint32(a.offset + 8, this.le));
    });
    live.cursor++;
    live.requests++;
    this.deliverResponses(live);
  }

  /** Deliver the recorded responses from the cursor up to the next request. */
  private deliverResponses(live: Live): void {
    while (live.cursor < live.steps.length) {
      const step = live.steps[live.cursor]!;
      if (step.exchange.dir === 'request') break;
      live.cursor++;
      const groups = step.exchange.nlGroups ?? 0;
      const nsid = step.exchange.nsid ?? -1;
      const data = this.rewrite(live, step.bytes, groups !== 0);
      setImmediate(() => live.sink?.datagram(data, { groups, nsid }));
    }
  }

  private rewrite(live: Live, recorded: Uint8Array, multicast: boolean): Uint8Array {
    const b = recorded.slice();
    const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const le = this.le;
    const fix = (at: number) => {
      const seq = v.getUint32(at + 8, le);
      const mapped = live.seqMap.get(seq);
      if (mapped !== undefined && !(multicast && seq === 0)) v.setUint32(at + 8, mapped, le);
      if (live.recordedPort !== live.livePort && v.getUint32(at + 12, le) === live.recordedPort) v.setUint32(at + 12, live.livePort, le);
    };
    let p = 0;
    while (p + NLMSG_HDRLEN <= b.length) {
      const len = v.getUint32(p, le);
      if (len < NLMSG_HDRLEN || p + len > b.length) break;
      fix(p);
      if (v.getUint16(p + 4, le) === NLMSG_ERROR && len >= NLMSG_HDRLEN + 4 + NLMSG_HDRLEN) fix(p + NLMSG_HDRLEN + 4);
      p += align4(len);
    }
    return b;
  }

  /** Undefined when `actual` matches the recorded request modulo seq, pid and zero padding. */
  private compare(live: Live, step: Step, actual: Uint8Array): ReplayMismatchError | undefined {
    const expected = step.bytes;
    const sid = live.recorded.id;
    const cmd = step.exchange.cmd;
    const cmdText = this.fixture.commands[cmd];
    const where = `replay: socket ${sid}, request #${live.requests + 1} (exchange ${step.index}${cmdText !== undefined ? `, command ${cmd} ${JSON.stringify(cmdText)}` : ''})`;
    const base = { socket: sid, exchange: step.index, request: live.requests, expectedDatagram: hex(expected), actualDatagram: hex(actual) };
    const e = frame(expected, this.le);
    const a = frame(actual, this.le);
    if (!a) return new ReplayMismatchError(`${where}: the request sent is not well-formed netlink`, { ...base, field: 'framing', expected: hex(expected), actual: hex(actual) });
    if (!e) {
      // A malformed recording: compare bytes as they are.
      const n = Math.max(expected.length, actual.length);
      for (let i = 0; i < n; i++) {
        if (expected[i] !== actual[i]) {
          return new ReplayMismatchError(`${where}: differs at byte ${i}`, { ...base, field: 'bytes', offset: i, expected: hex(expected.subarray(i, i + 16)), actual: hex(actual.subarray(i, i + 16)) });
        }
      }
      return undefined;
    }
    const family = this.familyOf(live.protocol);
    if (e.messages.length !== a.messages.length) {
      const names = (f: typeof e, b: Uint8Array) => f.messages.map((m) => messageTypeName(m.type, family)).join(', ') || 'none';
      return new ReplayMismatchError(
        `${where}: expected ${e.messages.length} message(s) (${names(e, expected)}), got ${a.messages.length} (${names(a, actual)})`,
        { ...base, field: 'message count', expected: String(e.messages.length), actual: String(a.messages.length) },
      );
    }
    for (let i = 0; i < e.messages.length; i++) {
      const em = e.messages[i]!;
      const am = a.messages[i]!;
      const tn = messageTypeName(em.type, family);
      const at = `${where}: message ${i} (${tn})`;
      if (em.type !== am.type) {
        return new ReplayMismatchError(`${at}: nlmsg_type expected ${tn} (${em.type}), got ${messageTypeName(am.type, family)} (${am.type})`, {
          ...base, messageIndex: i, field: 'nlmsg_type', offset: am.offset + 4, expected: String(em.type), actual: String(am.type),
        });
      }
      if (em.flags !== am.flags) {
        return new ReplayMismatchError(`${at}: nlmsg_flags expected 0x${em.flags.toString(16)}, got 0x${am.flags.toString(16)}`, {
          ...base, messageIndex: i, field: 'nlmsg_flags', offset: am.offset + 6, expected: `0x${em.flags.toString(16)}`, actual: `0x${am.flags.toString(16)}`,
        });
      }
      const n = Math.min(em.length, am.length) - NLMSG_HDRLEN;
      let diff = -1;
      for (let k = 0; k < n; k++) {
        if (expected[em.offset + NLMSG_HDRLEN + k] !== actual[am.offset + NLMSG_HDRLEN + k]) {
          diff = NLMSG_HDRLEN + k;
          break;
        }
      }
      if (diff < 0 && em.length !== am.length) diff = Math.min(em.length, am.length);
      if (diff >= 0) return this.explainBodyDiff(at, base, i, live.protocol, expected, em, actual, am, diff);
    }
    if (!allZero(actual, a.end) || !allZero(expected, e.end)) {
      const ex = expected.subarray(align4(e.end));
      const ac = actual.subarray(align4(a.end));
      if (hex(ex).replace(/(00)+$/, '') !== hex(ac).replace(/(00)+$/, '')) {
        return new ReplayMismatchError(`${where}: bytes after the last message differ`, { ...base, field: 'trailing bytes', offset: a.end, expected: hex(ex), actual: hex(ac) });
      }
    }
    return undefined;
  }

  private explainBodyDiff(
    at: string,
    base: Omit<ReplayMismatchError['details'], 'field'>,
    index: number,
    protocol: number,
    expected: Uint8Array,
    em: Framed,
    actual: Uint8Array,
    am: Framed,
    rel: number,
  ): ReplayMismatchError {
    const opts = { family: this.familyOf(protocol), littleEndian: this.le };
    const eOnly = expected.subarray(em.offset, em.offset + em.length);
    const aOnly = actual.subarray(am.offset, am.offset + am.length);
    let ePath: WalkNode[] = [];
    let aPath: WalkNode[] = [];
    try {
      const et = walkDatagram(eOnly, opts).messages[0];
      const atree = walkDatagram(aOnly, opts).messages[0];
      if (et) ePath = nodePathAt(et.body, rel);
      if (atree) aPath = nodePathAt(atree.body, rel);
    } catch {
      // no family: bytes only
    }
    const path = (ePath.length >= aPath.length ? ePath : aPath).map((n) => n.name);
    const eNode = ePath[ePath.length - 1];
    const aNode = aPath[aPath.length - 1];
    const slice = (b: Uint8Array, n: WalkNode | undefined) => (n ? b.subarray(n.offset, n.offset + n.length) : b.subarray(rel, rel + 16));
    const eh = hex(slice(eOnly, eNode));
    const ah = hex(slice(aOnly, aNode));
    const val = (n: WalkNode | undefined) => (n?.value !== undefined && n.value !== '' ? ` ${n.value}` : '');
    let what: string;
    if (rel >= Math.min(em.length, am.length)) {
      what = em.length > am.length
        ? `the request is ${em.length - am.length} byte(s) shorter than recorded; missing from byte ${rel}: ${hex(eOnly.subarray(rel))}`
        : `the request has ${am.length - em.length} extra byte(s) from byte ${rel}: ${hex(aOnly.subarray(rel))}`;
    } else if (path.length) {
      what = `${path.join(' > ')} differs at byte ${rel}: expected${val(eNode)} [${eh}], actual${val(aNode)} [${ah}]`;
    } else {
      what = `differs at byte ${rel}: expected [${eh}], actual [${ah}]`;
    }
    return new ReplayMismatchError(`${at}: ${what}`, {
      ...base, messageIndex: index, field: path.length ? 'attribute' : 'body', ...(path.length ? { path } : {}),
      offset: am.offset + rel, expected: eh, actual: ah,
    });
  }

  private familyOf(protocol: number): Family | undefined {
    return this.options.families?.find((f) => f.protocol === protocol);
  }

  /** Requests of the recording not replayed yet, per opened socket. */
  remaining(): Array<{ socket: string; requests: number }> {
    return this.live
      .map((l) => ({ socket: l.recorded.id, requests: l.steps.slice(l.cursor).filter((s) => s.exchange.dir === 'request').length }))
      .filter((r) => r.requests > 0);
  }

  /** Throw when some opened socket still has recorded requests that were never sent. */
  assertComplete(): void {
    const left = this.remaining();
    if (left.length) {
      throw new ReplayMismatchError(
        `replay: recorded requests never sent: ${left.map((r) => `${r.requests} on ${r.socket}`).join(', ')}`,
        { socket: left[0]!.socket, request: 0, field: 'request count' },
      );
    }
  }

  async close(): Promise<void> {
    for (const l of this.live) {
      if (l.closed) continue;
      l.closed = true;
      const s = l.sink;
      l.sink = undefined;
      s?.closed();
    }
  }
}
