/**
 * Helpers for the CLI tests: pure-ip in process, real `ip`, namespaces with unique names.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { main } from '../../src/cli/main.js';
import { NOT_ROOT } from '../support/probe.js';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** pure-ip ARGV, in process. */
export async function pureIp(argv: string[], opts: { stdin?: string } = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    readFile: (p) => (p === '-' ? Promise.resolve(opts.stdin ?? '') : readFile(p, 'utf8')),
    env: process.env,
  });
  return { code, stdout, stderr };
}

/** Real iproute2 `ip ARGV`. */
export function realIp(argv: string[], opts: { stdin?: string } = {}): RunResult {
  const r = spawnSync('ip', argv, { encoding: 'utf8', ...(opts.stdin !== undefined ? { input: opts.stdin } : {}) });
  return { code: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export function sh(cmd: string[]): string {
  return execFileSync(cmd[0]!, cmd.slice(1), { encoding: 'utf8' });
}

export const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;

/** Why the tests that compare pure-ip with the real `ip` cannot run here, if they cannot. */
export const IP_DIFF_SKIP = NOT_ROOT ?? (haveIp() ? undefined : 'iproute2 6.1 (ip) is not installed: it is the oracle of the diff tests');

export function haveIp(): boolean {
  try {
    return spawnSync('ip', ['-V'], { encoding: 'utf8' }).stdout.includes('iproute2');
  } catch {
    return false;
  }
}

let counter = 0;
/** A namespace name unique to this process. */
export function uniqueNs(tag: string): string {
  return `pc-${tag}-${process.pid % 100000}-${++counter}`;
}
