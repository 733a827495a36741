/**
 * Access to the iproute2 captures in test/fixtures/iproute2 (format, provenance and how to
 * re-capture them in its README). They are part of the repository: a missing or empty directory
 * is an error, never a reason to skip.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The iproute2 captures (PURE_NETLINK_FIXTURES points elsewhere, e.g. at a fresh capture). */
export const IPROUTE2_FIXTURES = process.env.PURE_NETLINK_FIXTURES ?? join(REPO_ROOT, 'test', 'fixtures', 'iproute2');

export interface Exchange {
  dir: 'request' | 'response';
  hex: string;
  cmd: number;
  socket: string;
  syscall: string;
  nlPid?: number;
  nlGroups?: number;
}

export interface Fixture {
  name: string;
  description: string;
  byteOrder: 'little' | 'big';
  commands: string[];
  commandResults: Array<{ index: number; command: string; exitCode: number; stdout: string; stderr: string }>;
  sockets: Array<{ id: string; cmd: number; portId?: number }>;
  exchanges: Exchange[];
  /** Absent in captures without a `-j` command. */
  ipJson?: Array<{ cmd: number; command: string; json: unknown }>;
  file: string;
}

/** Every capture of `dir`, by file name; throws when there is none (a test must not pass on nothing). */
export function loadFixtures(dir = IPROUTE2_FIXTURES): Fixture[] {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
  if (files.length === 0) throw new Error(`no iproute2 captures in ${dir} (see test/fixtures/iproute2/README.md)`);
  return files.map((f) => ({ ...(JSON.parse(readFileSync(join(dir, f), 'utf8')) as Fixture), file: f }));
}

export function bytesOf(e: Exchange): Uint8Array {
  return new Uint8Array(Buffer.from(e.hex, 'hex'));
}
