/**
 * Transport contracts: how a Session reaches a netlink socket.
 *
 * A transport moves whole datagrams; it never parses netlink. The helper transport
 * (`helper.ts`) relays them through the static helper process; the scripted transport
 * (`scripted.ts`) plays a script for unit tests; record/replay transports wrap either.
 */

/** Which network namespace a socket (or a namespace fd) lives in. */
export type NetnsSpec =
  | { kind: 'current' }
  | { kind: 'name'; name: string }
  | { kind: 'path'; path: string }
  | { kind: 'pid'; pid: number };

/** How to open a netlink socket: protocol, groups, namespace and socket options. */
export interface SocketOptions {
  /** Netlink protocol number, e.g. NETLINK_ROUTE = 0. */
  protocol: number;
  /** Multicast groups (RTNLGRP_* numbers, not legacy bit masks) joined at open. */
  groups?: readonly number[];
  netns?: NetnsSpec;
  /** Receive buffer size in bytes (SO_RCVBUF(FORCE)); default 4 MiB. */
  rcvbuf?: number;
  /** NETLINK_EXT_ACK: default true. */
  extAck?: boolean;
  /** NETLINK_GET_STRICT_CHK: default true. */
  strictCheck?: boolean;
  /** NETLINK_LISTEN_ALL_NSID: default false. */
  listenAllNsid?: boolean;
  /** NETLINK_CAP_ACK: default false. */
  capAck?: boolean;
}

/** Where a received datagram came from. */
export interface DatagramInfo {
  /** nl_groups of the sender address: non-zero for multicast notifications. */
  groups: number;
  /** Peer namespace id from NETLINK_LISTEN_ALL_NSID, or -1 when none was given. */
  nsid: number;
}

/** Callbacks a transport socket delivers to its owner (normally a Session). */
export interface SocketSink {
  /** One whole datagram from the kernel (sender port id 0). The bytes may be a view into a larger buffer: copy to keep beyond the call's consumers. */
  datagram(data: Uint8Array, info: DatagramInfo): void;
  /** The kernel reported ENOBUFS: notifications were lost. */
  overrun(): void;
  /** The socket is gone: closed by us (no error) or the transport died (error). Called once. */
  closed(error?: Error): void;
}

/** One open netlink socket, as seen through a transport. */
export interface TransportSocket {
  readonly id: number;
  /** Port id the kernel assigned (nl_pid of our end). */
  readonly portId: number;
  /** Queue one datagram for sendmsg. `onError` is called if the kernel refused the send. */
  send(datagram: Uint8Array, onError?: (error: Error) => void): void;
  /** setsockopt on SOL_NETLINK (option numbers as in linux/netlink.h), or SO_RCVBUF = 0x10000. */
  setOption(option: number, value: number): Promise<void>;
  /** Closes the socket; its sink's `closed()` runs once. */
  close(): Promise<void>;
  /**
   * Whether this socket has something to wait for: requests in flight, or a monitor listening.
   * A transport backed by a process (the helper) keeps Node's event loop alive only while one of
   * its sockets is held or a control request is pending, so an idle, forgotten handle never
   * keeps a program from exiting. Optional: in-memory transports have nothing to keep alive.
   */
  hold?(busy: boolean): void;
}

/**
 * What sessions open sockets through: the helper process in production (HelperTransport), scripted
 * or replayed datagrams in tests.
 */
export interface Transport {
  /** Opens one netlink socket; `sink` receives its datagrams. */
  open(options: SocketOptions, sink: SocketSink): Promise<TransportSocket>;
  /** Close every socket and release the transport. */
  close(): Promise<void>;
}
