/**
 * Access to the shared iproute2 captures (../shared/fixtures/iproute2, format in its README).
 * Tests that use them skip cleanly when the directory is absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const SHARED_FIXTURES = process.env.PURE_NETLINK_FIXTURES ?? join(REPO_ROOT, '..', 'shared', 'fixtures', 'iproute2');
export const HAVE_SHARED_FIXTURES = existsSync(SHARED_FIXTURES);

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
  ipJson: Array<{ cmd: number; command: string; json: unknown }>;
  file: string;
}

export function loadFixtures(dir = SHARED_FIXTURES): Fixture[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ ...(JSON.parse(readFileSync(join(dir, f), 'utf8')) as Fixture), file: f }));
}

export function bytesOf(e: Exchange): Uint8Array {
  return new Uint8Array(Buffer.from(e.hex, 'hex'));
}
