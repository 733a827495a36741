/**
 * How pure-ip prints the library's typed errors: as iproute2 prints the same failure (the
 * kernel's answer, "Cannot find device", "Error: ..."), with iproute2's status; never a stack.
 */
import { HelperError, HelperOperationError, MissingCapabilityError, NetlinkError, NotFoundError, PureNetlinkError, ValidationError } from '../netlink/errors.js';
import { CliExit, CommandFailed } from './errors.js';

export { PureNetlinkError };

/** Map an API error to what iproute2 prints; rethrow CLI exits unchanged. Never a stack trace. */
export function mapApiError(e: unknown): Error {
  if (e instanceof CliExit || e instanceof CommandFailed) return e;
  if (e instanceof NetlinkError) return new CommandFailed(-2, e.iproute2Message + '\n');
  const cause = (e as { cause?: unknown } | null)?.cause;
  // The kernel's answer behind a typed error is what iproute2 prints.
  if (cause instanceof NetlinkError) return mapApiError(cause);
  if (e instanceof NotFoundError) {
    if (e.what === 'link') return new CommandFailed(-1, `Cannot find device "${String(e.key)}"\n`);
    return new CommandFailed(-2, `RTNETLINK answers: ${e.what === 'address' ? 'Cannot assign requested address' : 'No such file or directory'}\n`);
  }
  // Entering the namespace failed for want of CAP_SYS_ADMIN: main() prints it as ip does (exit 255).
  if (e instanceof MissingCapabilityError && e.operation === 'OPEN') return e;
  if (e instanceof HelperOperationError) return new CommandFailed(-1, `${e.message}\n`);
  if (e instanceof ValidationError) return new CommandFailed(-1, `Error: ${e.message}\n`);
  if (e instanceof HelperError) return new CliExit(1, `Cannot open netlink socket: ${e.message}\n`);
  if (e instanceof Error) return new CommandFailed(-1, `${e.message}\n`);
  return new CommandFailed(-1, `${String(e)}\n`);
}

