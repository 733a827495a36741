#!/usr/bin/env node
/**
 * pure-ip: iproute2's `ip`, on pure-netlink's API.
 *
 *   pure-ip [-n NETNS] [-j [-p]] [-d] [-s] [-4|-6|-0] [-b FILE | -batch FILE] [-force] OBJECT COMMAND...
 *
 * `main(argv, io)` runs one invocation and resolves with the exit code (tests call it in
 * process); run as a program it sets process.exitCode.
 */
import { realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseGlobals, USAGE, type GlobalOptions } from './args.js';
import { doCmd, makeEnv } from './dispatch.js';
import { runBatch } from './batch.js';
import { CliExit, CommandFailed } from './errors.js';
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
    io.stderr(`pure-ip: ${(e as Error)?.stack ?? String(e)}\n`);
    return 1;
  } finally {
    await env.close();
  }
}

/** process.stdout/stderr as a CliIO. */
export function processIO(): CliIO {
  return {
    stdout: (s) => {
      if (s) process.stdout.write(s);
    },
    stderr: (s) => {
      if (s) process.stderr.write(s);
    },
    stderrIsTTY: !!process.stderr.isTTY,
    readFile: (path) => (path === '-' ? readStdin() : readFile(path, 'utf8')),
    env: process.env,
    processStdio: true,
  };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function isEntry(): boolean {
  const argv1 = process.argv[1];
  if (!argv1) return false;
  try {
    return realpathSync(argv1) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntry()) {
  const ac = new AbortController();
  const io = { ...processIO(), signal: ac.signal };
  process.on('SIGINT', () => ac.abort());
  process.on('SIGTERM', () => ac.abort());
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`pure-ip: ${(e as Error)?.stack ?? String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
