/**
 * pure-ip: iproute2's `ip`, on pure-netlink's API.
 *
 *   pure-ip [-n NETNS] [-j [-p]] [-d] [-s] [-4|-6|-0] [-b FILE | -batch FILE] [-force] OBJECT COMMAND...
 *
 * `main(argv, io)` runs one invocation and resolves with the exit code (tests call it in
 * process); src/cli/bin/pure-ip.ts runs it as a program.
 */
import { parseGlobals, USAGE, type GlobalOptions } from './args.js';
import { doCmd, makeEnv } from './dispatch.js';
import { runBatch } from './batch.js';
import { CliExit, CommandFailed } from './errors.js';
import { accessSync, constants as fsConstants } from 'node:fs';
import { errnoNumber, MissingCapabilityError, strerror } from '../netlink/errors.js';
import { nameOptions } from './format/names.js';
import type { CliIO } from './env.js';

export type { CliIO } from './env.js';
export { doCmd, makeEnv } from './dispatch.js';

/** One `pure-ip` invocation. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  let opts: GlobalOptions;
  let rest: string[];
  try {
    ({ opts, rest } = parseGlobals(argv));
  } catch (e) {
    if (e instanceof CliExit) {
      if (e.stdout) io.stdout(e.stdout);
      if (e.stderr) io.stderr(e.stderr);
      return e.code;
    }
    throw e;
  }
  nameOptions.numeric = opts.numeric;
  const unopenable = opts.netns === undefined || opts.sandbox ? undefined : netnsOpenError(opts.netns);
  if (unopenable !== undefined) {
    io.stderr(`Cannot open network namespace "${opts.netns}": ${unopenable}\n`);
    return 255;
  }
  const env = makeEnv(opts, io);
  try {
    if (opts.batch !== undefined) return await runBatch(env, opts.batch, (e, args) => doCmd(e, args));
    if (rest.length === 0) throw new CliExit(255, USAGE);
    return await doCmd(env, rest);
  } catch (e) {
    if (e instanceof CliExit) {
      if (e.stdout) io.stdout(e.stdout);
      if (e.stderr) io.stderr(e.stderr);
      return e.code;
    }
    if (e instanceof CommandFailed) {
      if (e.stdout) io.stdout(e.stdout);
      io.stderr(e.stderr);
      return -e.status || 0;
    }
    const missing = missingCapability(e, opts);
    if (missing) {
      io.stderr(missing.stderr);
      return missing.code;
    }
    // Not one of the library's errors: a bug. One line (PURE_IP_DEBUG=1 for the stack).
    io.stderr(`pure-ip: ${io.env?.PURE_IP_DEBUG ? ((e as Error)?.stack ?? String(e)) : e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  } finally {
    await env.close();
  }
}

/**
 * A MissingCapabilityError said as iproute2 says it: `-n NAME` without CAP_SYS_ADMIN fails
 * entering the namespace (`setting the network namespace "NAME" failed: ...`, exit 255); other
 * operations print the helper's words.
 */
function missingCapability(e: unknown, opts: GlobalOptions): { code: number; stderr: string } | undefined {
  if (!(e instanceof MissingCapabilityError)) return undefined;
  if (e.operation === 'OPEN' && opts.netns !== undefined) {
    return { code: 255, stderr: `setting the network namespace "${opts.netns}" failed: Operation not permitted\n` };
  }
  return { code: 1, stderr: `${e.detail.replace(/ \(needs CAP_[A-Z_]+\)$/, '')}: ${e.capability} needed\n` };
}

/**
 * ip's netns_switch() opens the namespace file as it reads `-n NAME` (/run/netns/NAME, or NAME
 * itself when it has a '/'), before any command: strerror() of that open, or undefined.
 */
function netnsOpenError(name: string): string | undefined {
  try {
    accessSync(name.includes('/') ? name : `/run/netns/${name}`, fsConstants.R_OK);
    return undefined;
  } catch (e) {
    const errno = errnoNumber(String((e as NodeJS.ErrnoException).code ?? ''));
    return errno !== undefined ? strerror(errno) : (e as Error).message;
  }
}

export { processIO } from './program.js';
