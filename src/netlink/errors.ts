/**
 * Every error the library throws is one of these classes, so callers can branch on
 * `instanceof` or on `code` and never see a bare TypeError/RangeError from malformed input.
 * `code` is the errno name (`'EEXIST'`) when the kernel or the helper gave an errno, else the
 * error's kind in upper snake case (`'VALIDATION'`, `'NETNS_NOT_FOUND'`); see ErrorCode.
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

/** The `code` of errors that carry no errno. */
export type ErrorCode =
  | 'PURE_NETLINK' | 'DECODE' | 'ENCODE' | 'VALIDATION' | 'HELPER' | 'TIMEOUT' | 'DUMP_INTERRUPTED'
  | 'NOT_FOUND' | 'NETNS_NOT_FOUND' | 'REPLAY_MISMATCH' | 'USAGE';

/** Base class of all pure-netlink errors. */
export class PureNetlinkError extends Error {
  override name = 'PureNetlinkError';
  /** An errno name (`'EEXIST'`) for kernel and helper answers, else an ErrorCode. */
  readonly code: string;
  constructor(message: string, code: ErrorCode | (string & {}) = 'PURE_NETLINK') {
    super(message);
    this.code = code;
  }
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
    super(`${message} at byte ${offset}${path ? ` (${path})` : ''}`, 'DECODE');
  }
}

/** A value could not be encoded (wrong type, out of range, unknown name). */
export class EncodeError extends PureNetlinkError {
  override name = 'EncodeError';
  constructor(message: string, readonly path: string = '') {
    super(path ? `${path}: ${message}` : message, 'ENCODE');
  }
}

/** Bad user input caught before anything was sent to the kernel. */
export class ValidationError extends PureNetlinkError {
  override name = 'ValidationError';
  constructor(message: string, readonly field?: string) {
    super(message, 'VALIDATION');
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
      code,
    );
    this.errno = errno;
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
    super(message, 'HELPER');
  }
}

/** A helper operation (not a netlink request) failed with an errno, e.g. NETNS_ADD with EEXIST. */
export class HelperOperationError extends PureNetlinkError {
  override name = 'HelperOperationError';
  constructor(
    readonly operation: string,
    readonly errno: number,
    /** The helper's own words on what failed (empty when it said nothing more than the errno). */
    readonly detail: string,
  ) {
    super(`${operation}: ${errnoName(errno)}: ${detail || strerror(errno)}`, errnoName(errno));
  }
}

/**
 * A helper operation was refused (EPERM) because the process lacks a capability that `ip`
 * would need as well: CAP_SYS_ADMIN to enter another network namespace (setns) or to mount
 * and unmount namespace files (`netns add/delete/attach`), CAP_NET_ADMIN to create a tun/tap
 * device. Netlink requests the kernel refuses stay `NetlinkError` with code EPERM, like
 * `RTNETLINK answers: Operation not permitted`.
 */
export class MissingCapabilityError extends HelperOperationError {
  override name = 'MissingCapabilityError';
  constructor(
    operation: string,
    detail: string,
    /** The capability missing, e.g. 'CAP_SYS_ADMIN'. */
    readonly capability: string,
  ) {
    super(operation, 1, detail);
  }
}

/**
 * The error for a helper's ERR reply: the helper ends the text of an EPERM that a capability
 * would have avoided with "(needs CAP_X)" (docs/helper-protocol.md).
 */
export function helperOperationError(operation: string, errno: number, detail: string): HelperOperationError {
  const needs = errno === 1 ? /\(needs (CAP_[A-Z_]+)\)$/.exec(detail) : null;
  return needs ? new MissingCapabilityError(operation, detail, needs[1]!) : new HelperOperationError(operation, errno, detail);
}

/** A request got no answer in time. */
export class TimeoutError extends PureNetlinkError {
  override name = 'TimeoutError';
  constructor(message: string) {
    super(message, 'TIMEOUT');
  }
}

/** A dump was interrupted (NLM_F_DUMP_INTR) and retries were exhausted or disabled. */
export class DumpInterruptedError extends PureNetlinkError {
  override name = 'DumpInterruptedError';
  constructor(message: string) {
    super(message, 'DUMP_INTERRUPTED');
  }
}

/** An object looked up by name or index does not exist. */
export class NotFoundError extends PureNetlinkError {
  override name = 'NotFoundError';
  constructor(
    readonly what: string,
    readonly key: string | number,
    message = `${what} ${JSON.stringify(key)} not found`,
    code: ErrorCode = 'NOT_FOUND',
  ) {
    super(message, code);
  }
}

/**
 * A network namespace that does not exist (a /run/netns name, a path, a pid without a process):
 * the one class for it everywhere, whether a handle, `netns delete`, a veth peer or a tuntap
 * found out. `key` names the namespace as it was given.
 */
export class NetnsNotFoundError extends NotFoundError {
  override name = 'NetnsNotFoundError';
  constructor(key: string | number, detail?: string) {
    super('netns', key, `unknown network namespace ${typeof key === 'string' ? JSON.stringify(key) : key}${detail ? ` (${detail})` : ''}`, 'NETNS_NOT_FOUND');
  }
}
