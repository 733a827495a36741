/**
 * Every error the library throws is one of these classes, so callers can branch on
 * `instanceof` and never see a bare TypeError/RangeError from malformed input.
 */
import { ERRNO } from './errno-table.js';

const errnoByNumber = new Map<number, readonly [number, string, string]>();
const errnoByName = new Map<string, number>();
for (const entry of ERRNO) {
  errnoByNumber.set(entry[0], entry);
  if (!errnoByName.has(entry[1])) errnoByName.set(entry[1], entry[0]);
}

/** `17` → `'EEXIST'`; unknown numbers give `'E<number>'`. */
export function errnoName(errno: number): string {
  return errnoByNumber.get(errno)?.[1] ?? `E${errno}`;
}

/** `'EEXIST'` → `17`, or undefined. */
export function errnoNumber(name: string): number | undefined {
  return errnoByName.get(name);
}

/** glibc's strerror() text, as iproute2 prints it: `17` → `'File exists'`. */
export function strerror(errno: number): string {
  return errnoByNumber.get(errno)?.[2] ?? `Unknown error ${errno}`;
}

/** Base class of all pure-netlink errors. */
export class PureNetlinkError extends Error {
  override name = 'PureNetlinkError';
}

/** A message or frame was malformed; `offset` is the byte offset in the input where it went wrong. */
export class DecodeError extends PureNetlinkError {
  override name = 'DecodeError';
  constructor(
    message: string,
    readonly offset: number,
    /** Attribute path inside the message where decoding failed, e.g. `linkinfo.data`. */
    readonly path: string = '',
  ) {
    super(`${message} at byte ${offset}${path ? ` (${path})` : ''}`);
  }
}

/** A value could not be encoded (wrong type, out of range, unknown name). */
export class EncodeError extends PureNetlinkError {
  override name = 'EncodeError';
  constructor(message: string, readonly path: string = '') {
    super(path ? `${path}: ${message}` : message);
  }
}

/** Bad user input caught before anything was sent to the kernel. */
export class ValidationError extends PureNetlinkError {
  override name = 'ValidationError';
  constructor(message: string, readonly field?: string) {
    super(message);
  }
}

/** Extended ACK fields from an NLMSG_ERROR (linux/netlink.h NLMSGERR_ATTR_*). */
export interface ExtAck {
  /** NLMSGERR_ATTR_MSG */
  message?: string;
  /** NLMSGERR_ATTR_OFFS: byte offset of the offending attribute in the request. */
  offset?: number;
  /** NLMSGERR_ATTR_MISS_TYPE */
  missingType?: number;
  /** NLMSGERR_ATTR_MISS_NEST */
  missingNest?: number;
  /** NLMSGERR_ATTR_COOKIE */
  cookie?: Uint8Array;
  /** NLMSGERR_ATTR_POLICY (raw nest) */
  policy?: Uint8Array;
}

/** The kernel answered a request with a negative errno (NLMSG_ERROR). */
export class NetlinkError extends PureNetlinkError {
  override name = 'NetlinkError';
  /** Positive errno, e.g. 17. */
  readonly errno: number;
  /** errno name, e.g. 'EEXIST'. */
  readonly code: string;
  /** The kernel's extended-ACK message, if any. */
  readonly extackMessage: string | undefined;
  /** Offset of the offending attribute in the request (NLMSGERR_ATTR_OFFS), if any. */
  readonly offset: number | undefined;
  /** Attribute path of that offset, resolved through the request's schema, e.g. `linkinfo.data.peer.ifname`. */
  attributePath: string | undefined;
  readonly extack: ExtAck;
  /** The request that failed (whole netlink message bytes), when known. */
  request: Uint8Array | undefined;
  constructor(errno: number, extack: ExtAck = {}, request?: Uint8Array, attributePath?: string) {
    const code = errnoName(errno);
    super(
      `${code}: ${extack.message ?? strerror(errno)}` + (attributePath ? ` (attribute ${attributePath})` : ''),
    );
    this.errno = errno;
    this.code = code;
    this.extack = extack;
    this.extackMessage = extack.message;
    this.offset = extack.offset;
    this.request = request;
    this.attributePath = attributePath;
  }
  /** What iproute2 prints for this error: `Error: <extack>.` or `RTNETLINK answers: <strerror>`. */
  get iproute2Message(): string {
    return this.extackMessage ? `Error: ${this.extackMessage}.` : `RTNETLINK answers: ${strerror(this.errno)}`;
  }
}

/** The helper process could not start, died, or broke the frame protocol. Pending requests reject with it. */
export class HelperError extends PureNetlinkError {
  override name = 'HelperError';
  constructor(
    message: string,
    /** Helper exit code or signal, when it exited. */
    readonly exit?: { code: number | null; signal: NodeJS.Signals | null },
  ) {
    super(message);
  }
}

/** A helper operation (not a netlink request) failed with an errno, e.g. NETNS_ADD with EEXIST. */
export class HelperOperationError extends PureNetlinkError {
  override name = 'HelperOperationError';
  readonly code: string;
  constructor(
    readonly operation: string,
    readonly errno: number,
    /** The helper's own words on what failed (empty when it said nothing more than the errno). */
    readonly detail: string,
  ) {
    super(`${operation}: ${errnoName(errno)}: ${detail || strerror(errno)}`);
    this.code = errnoName(errno);
  }
}

/** A request got no answer in time. */
export class TimeoutError extends PureNetlinkError {
  override name = 'TimeoutError';
}

/** A dump was interrupted (NLM_F_DUMP_INTR) and retries were exhausted or disabled. */
export class DumpInterruptedError extends PureNetlinkError {
  override name = 'DumpInterruptedError';
}

/** An object looked up by name or index does not exist. */
export class NotFoundError extends PureNetlinkError {
  override name = 'NotFoundError';
  constructor(readonly what: string, readonly key: string | number) {
    super(`${what} ${JSON.stringify(key)} not found`);
  }
}
