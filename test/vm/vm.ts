/**
 * VM lane support: whether we run inside it (scripts/vm/guest.sh exports PURE_NETLINK_VM=1), and
 * the whole-namespace comparison of pure-ip's `-d` output with iproute2's.
 */
import { expect } from 'vitest';
import { normalizeJson, normalizeText } from '../cli/normalize.js';
import { pureIp, realIp } from '../cli/helpers.js';
import { jsonDiff } from '../support/json-diff.js';

/** Inside the VM lane: Debian's kernel, its modules on demand, a private /run/netns. */
export const IN_VM = process.env.PURE_NETLINK_VM === '1';

/** The `ip -d` show commands compared (text and -j each). */
export const SHOW_COMMANDS = [['link', 'show'], ['addr', 'show']];

/**
 * `pure-ip -n NS -d ARGS` against `ip -n NS -d ARGS` (without -d when `details: false`), text and
 * `-j`, for each show command:
 * every differing JSON path and every differing text line (with the line's interface), [] when
 * identical.
 */
export async function ipDiffs(ns: string, commands: string[][] = SHOW_COMMANDS, options: { details?: boolean } = {}): Promise<string[]> {
  const out: string[] = [];
  for (const cmd of commands) {
    for (const json of [false, true]) {
      const argv = ['-n', ns, ...(options.details === false ? [] : ['-d']), ...(json ? ['-j'] : []), ...cmd];
      const theirs = realIp(argv);
      const ours = await pureIp(argv);
      const label = `${json ? '-j ' : ''}${cmd.join(' ')}`;
      expect(theirs.code, `ip ${argv.join(' ')}: ${theirs.stderr}`).toBe(0);
      if (ours.code !== 0) {
        out.push(`${label}: pure-ip exited ${ours.code}: ${ours.stderr}`);
        continue;
      }
      if (json) {
        const expected = normalizeJson(JSON.parse(theirs.stdout)) as Array<{ ifname?: string }>;
        const actual = normalizeJson(JSON.parse(ours.stdout)) as Array<{ ifname?: string }>;
        for (const d of jsonDiff(expected, actual)) {
          const i = /^\$\[(\d+)\]/.exec(d)?.[1];
          out.push(`${label}: ${i !== undefined ? `${expected[Number(i)]?.ifname}: ` : ''}${d}`);
        }
      } else out.push(...textDiff(label, normalizeText(theirs.stdout), normalizeText(ours.stdout)));
    }
  }
  return out;
}

/** Line by line; each differing line with the interface it belongs to (`N: name:` headers). */
function textDiff(label: string, expected: string, actual: string): string[] {
  const e = expected.split('\n');
  const a = actual.split('\n');
  const out: string[] = [];
  let dev = '';
  for (let i = 0; i < Math.max(e.length, a.length); i++) {
    dev = /^\d+: ([^:@ ]+)/.exec(e[i] ?? '')?.[1] ?? dev;
    if (e[i] !== a[i]) out.push(`${label}: ${dev} line ${i + 1}:\n  ip:      ${e[i] ?? '(none)'}\n  pure-ip: ${a[i] ?? '(none)'}`);
  }
  return out;
}
