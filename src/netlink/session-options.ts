/** What a Session takes and gives: its options, request/dump options, notifications. */
import type { Family } from './family.js';
import type { NetlinkMessage } from './message.js';
import type { DatagramInfo } from './transport/types.js';

/** Options of `new Session()`. */
export interface SessionOptions {
  /** The family this session speaks; its protocol is the socket's. */
  family: Family;
  littleEndian?: boolean;
  /**
   * A request fails with TimeoutError when the socket has been silent this long (ms) while it
   * waited (0: never). Only silence this process could hear counts: when its event loop was
   * blocked past a deadline, the answers waiting unread are read before the timer decides. Default 60000: the kernel can hold the RTNL lock for tens of seconds
   * (cleaning up a deleted namespace with many links), and `ip` would simply wait.
   */
  timeoutMs?: number;
  /** Largest datagram a batch packs before starting another (the kernel's default sndbuf is ~200 KiB). Default 32 KiB. */
  maxDatagram?: number;
  /**
   * Most messages a batch packs into one datagram. The kernel processes a whole datagram inside
   * one sendmsg, so smaller datagrams let answers (and other sockets) through in between. Default 64.
   */
  maxBatchMessages?: number;
  /** Decode bodies with their wire layout kept (for byte-exact re-encode). Default false. */
  keepLayout?: boolean;
  /** Called with every datagram sent and received (tracing, recording). */
  observer?: SessionObserver;
}

/** Sees every datagram a session sends and receives (a tracer, a recorder). */
export interface SessionObserver {
  /** A datagram was handed to the socket. */
  sent?(datagram: Uint8Array): void;
  /** A datagram arrived, with its sender's groups and namespace id. */
  received?(datagram: Uint8Array, info: DatagramInfo): void;
}

/** Options of one `session.request()` or `session.batch()`. */
export interface RequestOptions {
  timeoutMs?: number;
  /** Skip body decoding and return payload bytes. */
  raw?: boolean;
  signal?: AbortSignal;
}

/** Options of `session.dump()`. */
export interface DumpOptions<B> extends RequestOptions {
  /** Client-side filter applied to messages the kernel did not mark NLM_F_DUMP_FILTERED. */
  match?: (body: B, message: NetlinkMessage<B>) => boolean;
  /** Throw DumpInterruptedError at the end of an interrupted dump (default true); else see `interrupted`. */
  throwOnInterrupt?: boolean;
}

/** A notification (multicast) message with where it came from. */
export interface Notification<B = unknown> extends NetlinkMessage<B> {
  /** Sender nl_groups (legacy bit mask), non-zero for multicast. */
  groups: number;
  /** Namespace id of the originating namespace (NETLINK_LISTEN_ALL_NSID), or -1. */
  nsid: number;
}

/** Receives a session's multicast notifications (`session.listen()`). */
export interface NotificationListener {
  /** One notification, decoded by the session's family. */
  message?(msg: Notification): void;
  /** The kernel dropped notifications (ENOBUFS): the listener's view may be stale. */
  overrun?(): void;
  /** The socket closed (with the error that ended it, if any); no more notifications follow. */
  closed?(error?: Error): void;
}
