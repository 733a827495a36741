/**
 * process.stdout/stderr/stdin as a CliIO, for the command-line entry points (pure-ip, pure-tc).
 * Kept out of the entry modules: an entry's `import.meta.url` must stay its own file when the
 * bundler puts shared code in chunks, so entries import from here, never from each other.
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
    stderrIsTTY: !!process.stderr.isTTY,
    readFile: (path) => (path === '-' ? readStdin() : readFile(path, 'utf8')),
    env: process.env,
  };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
