/** What an input parser yields: datagrams with what the input says about them, and its error. */

export type InputFormat = 'pcap' | 'pcapng' | 'raw' | 'hex';
/** How hex text was written. */
export type HexStyle = 'plain' | 'strace-string' | 'strace-hexdump' | 'xxd' | 'hexdump-C';

/** One netlink datagram read from the input, with where it came from. */
export interface InputDatagram {
  bytes: Uint8Array;
  /** Where it came from, for messages: 'packet 3', 'line 12', 'byte 0'. */
  source: string;
  /** Seconds since the epoch (pcap) or as the text gave it (strace -ttt). */
  timestamp?: number;
  /** 'request': user space → kernel; 'response': kernel → user space. */
  direction?: 'request' | 'response';
  /** Linux packet type from the cooked header (PACKET_USER 6, PACKET_KERNEL 7, PACKET_OUTGOING 4...). */
  pkttype?: number;
  /** Netlink protocol given by the input (the cooked header's protocol field). */
  protocol?: number;
  /** Byte order of the netlink headers when the input tells or it had to be guessed. */
  littleEndian?: boolean;
  /** The capture cut the packet short (incl_len < orig_len). */
  truncated?: boolean;
}

/** What parseInput found: the format, the datagrams and what it skipped. */
export interface ParsedInput {
  format: InputFormat;
  hexStyle?: HexStyle;
  datagrams: InputDatagram[];
  /** Things skipped or doubtful (other link types, unparsable lines...). */
  warnings: string[];
}

/**
 * Input that cannot be read as any supported format (a truncated pcap header, bad hex); `offset`
 * is the byte where it failed.
 */
export class InputError extends Error {
  override name = 'InputError';
  constructor(message: string, readonly offset?: number) {
    super(offset !== undefined ? `${message} at byte ${offset}` : message);
  }
}
