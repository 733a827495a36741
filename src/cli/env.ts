/**
 * What a command runs with: the global options, output, and the API handle (opened lazily in
 * the namespace of `-n`). Commands print through a Printer and write its text at the end (or
 * as they go, for monitor).
 */
import type { Handle } from '../api/handle.js';
import type { GlobalOptions } from './args.js';
import type { FormatContext } from './format/context.js';
import type { LinkMessageBody } from '../rtnl/link/attrs.js';
import { makeContext } from './format/context.js';
import { Printer } from './format/printer.js';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /**
   * Backpressure of stdout: a promise resolved once what stdout holds was written (its
   * 'drain'), when it holds more than its high-water mark (a reader slower than the dump);
   * undefined when it can take more. A streaming command waits for it before reading on, so its
   * memory stays bounded however slow the reader. Absent: output is collected, never waits.
   */
  drain?(): Promise<void> | undefined;
  /** Whether stderr is a terminal (progress lines in batch mode). */
  stderrIsTTY?: boolean;
  /** Reads a whole file ('-' = stdin) for -batch. */
  readFile?(path: string): Promise<string>;
  /** stdin for `decode` (default process.stdin). */
  stdin?: NodeJS.ReadableStream;
  /** Aborts long-running commands (monitor). */
  signal?: AbortSignal;
  /** Environment for netns exec etc. */
  env?: Record<string, string | undefined>;
  /**
   * stdout/stderr are this process's own (pure-ip run as a program): `netns exec` then hands
   * the terminal and stdin to the command and passes signals on, like iproute2's exec. Without
   * it the command's output is collected and written through stdout/stderr above.
   */
  processStdio?: boolean;
}

/** The API handle the commands work with. */
export type ApiHandle = Handle;

export interface Env {
  opts: GlobalOptions;
  io: CliIO;
  /** The handle working in `-n NETNS` (or the current namespace). */
  handle(): Promise<ApiHandle>;
  /** A handle in another namespace (same helper). */
  handleIn(netns: string): Promise<ApiHandle>;
  /** Running inside -batch. */
  batch: boolean;
  /** The file and line in batch mode (for messages). */
  batchLine?: number;
}

export function newPrinter(env: Env): Printer {
  return new Printer({ json: env.opts.json, pretty: env.opts.pretty, oneline: env.opts.oneline });
}

export function formatContext(env: Env, links: LinkMessageBody[] = [], extra: Partial<FormatContext> = {}): FormatContext {
  const linkNames = new Map<number, string>();
  const linkFlags = new Map<number, number>();
  for (const l of links) {
    const idx = Number(l.header.index);
    if (l.attrs?.ifname !== undefined) linkNames.set(idx, String(l.attrs.ifname));
    linkFlags.set(idx, flagWord(l.header.flags));
  }
  return makeContext({
    linkNames,
    linkFlags,
    details: env.opts.details,
    stats: env.opts.stats,
    family: env.opts.family,
    oneline: env.opts.oneline,
    numeric: env.opts.numeric,
    human: env.opts.human > 0,
    iec: env.opts.iec > 0,
    brief: env.opts.brief,
    ...extra,
  });
}

import { IFF } from '../rtnl/link/constants.js';
import { flagsNum } from './format/context.js';
function flagWord(v: unknown): number {
  return flagsNum(IFF, v);
}
