/**
 * The handle `pure-tc` and `pure-bridge` open on a command's first use, once, in the namespace
 * of their `-n NS`; a namespace that cannot be opened is reported as tc and bridge word it.
 */
import { HelperOperationError, MissingCapabilityError, ValidationError } from '../netlink/errors.js';
import { CliExit } from './errors.js';
import type { Handle } from '../api/handle.js';

/** The handle of one command line: opened by the first `handle()`, closed by `close()`. */
export interface LazyHandle {
  handle(): Promise<Handle>;
  /** Closes the handle if it was opened (the helper exits, so the process can). */
  close(): Promise<void>;
}

/** A LazyHandle in `netns` (undefined: this process's namespace). */
export function lazyHandle(netns: string | undefined): LazyHandle {
  let opened: Promise<Handle> | undefined;
  return {
    handle: () => (opened ??= openHandle(netns)),
    async close() {
      const h = await opened?.catch(() => undefined);
      if (h) await h.context.close().catch(() => undefined);
    },
  };
}

async function openHandle(netns: string | undefined): Promise<Handle> {
  // Loaded on first use: a usage error or `help` never pays for the API's modules.
  const api = await import('../api/index.js');
  try {
    return await api.Netlink.open(netns !== undefined ? { netns } : {});
  } catch (e) {
    // A bad or missing namespace; a missing capability is reported as itself.
    const badNetns = e instanceof ValidationError || (e instanceof HelperOperationError && !(e instanceof MissingCapabilityError));
    if (netns !== undefined && badNetns) throw new CliExit(255, `Cannot open network namespace "${netns}": No such file or directory\n`);
    throw e;
  }
}
