#!/usr/bin/env node
// Checks that prebuilds/ match helper/ sources: recomputes SOURCE_HASH the way
// scripts/build-helper.sh does (sha256 of the `sha256sum` listing of helper/*.c, helper/*.h and
// scripts/build-helper.sh, sorted by path) and compares it with prebuilds/SOURCE.sha256 and
// with what the x64 binary's --version prints. Exit 1 with a message when stale.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The source hash of the helper, as scripts/build-helper.sh computes it. */
export function computeSourceHash(dir = root) {
  const files = readdirSync(join(dir, 'helper'))
    .filter((f) => f.endsWith('.c') || f.endsWith('.h'))
    .map((f) => `helper/${f}`);
  files.push('scripts/build-helper.sh');
  files.sort((a, b) => (Buffer.compare(Buffer.from(a), Buffer.from(b))));
  const listing = files
    .map((f) => `${createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')}  ${f}\n`)
    .join('');
  return createHash('sha256').update(listing).digest('hex');
}

/** Returns a list of problems (empty when fresh). */
export function checkHelperFresh(dir = root) {
  const problems = [];
  const hash = computeSourceHash(dir);
  const recordedPath = join(dir, 'prebuilds', 'SOURCE.sha256');
  const recorded = existsSync(recordedPath) ? readFileSync(recordedPath, 'utf8').trim() : '(missing)';
  if (recorded !== hash) problems.push(`prebuilds/SOURCE.sha256 is ${recorded}, sources hash to ${hash}`);
  const bin = join(dir, 'prebuilds', 'linux-x64', 'pure-netlink-helper');
  if (process.arch === 'x64') {
    let out = '';
    try {
      out = execFileSync(bin, ['--version'], { encoding: 'utf8' });
    } catch (e) {
      problems.push(`cannot run ${bin} --version: ${e.message}`);
    }
    const m = /source-sha256 ([0-9a-f]{64})/.exec(out);
    if (out && (!m || m[1] !== hash)) problems.push(`${bin} reports ${m ? m[1] : '(no hash)'}, sources hash to ${hash}`);
  }
  return problems;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const problems = checkHelperFresh();
  if (problems.length) {
    console.error('helper prebuilds are stale; run `npm run helper:build`:\n  ' + problems.join('\n  '));
    process.exit(1);
  }
  console.log('helper prebuilds are fresh');
}
