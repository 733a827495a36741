/**
 * Running a command-line tool as a process: process.stdout/stderr as a CliIO, SIGINT/SIGTERM as an
 * abort signal, the exit code into process.exitCode. The tools' `main(argv, io)` stay free of
 * process side effects (tests call them in-process); the few lines in src/cli/bin/ are the
 * bundle's entry points, so no shared chunk ever decides whether it is "the program".
 */
import { readFile } from 'node:fs/promises';
import type { CliIO } from './env.js';

/** process.stdout/stderr as a CliIO. */
export function processIO(): CliIO {
  return {
    stdout: (s) => {
      if (s) process.stdout.write(s);
    },
    stderr: (s) => {
      if (s) process.stderr.write(s);
    },
    drain: stdoutDrain,
    stderrIsTTY: !!process.stderr.isTTY,
    readFile: (path) => (path === '-' ? readStdin() : readFile(path, 'utf8')),
    env: process.env,
    processStdio: true,
  };
}

/**
 * process.stdout is asynchronous on pipes and sockets: write() queues in memory whatever the
 * reader has not taken yet. Past the stream's high-water mark, a promise for its 'drain' (or its
 * end: a closed pipe must not leave the command waiting forever).
 */
let draining: Promise<void> | undefined;
function stdoutDrain(): Promise<void> | undefined {
  const out = process.stdout;
  if (!out.writableNeedDrain) return undefined;
  // One promise (one set of listeners) per wait, however many chunks ask meanwhile.
  draining ??= new Promise<void>((resolve) => {
    const done = (): void => {
      out.off('drain', done);
      out.off('close', done);
      out.off('error', done);
      draining = undefined;
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
    out.on('error', done);
  });
  return draining;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Runs `main` as the process `name`: an unexpected failure is one line on stderr and exit 1. */
export function runProgram(name: string, main: (argv: readonly string[], io: CliIO) => Promise<number>): void {
  const ac = new AbortController();
  const io = { ...processIO(), signal: ac.signal };
  process.on('SIGINT', () => ac.abort());
  process.on('SIGTERM', () => ac.abort());
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`${name}: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
