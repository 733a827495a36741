/**
 * pure-bridge: iproute2's `bridge`, on pure-netlink's API.
 *
 *   pure-bridge [-s] [-d] [-o] [-j [-p]] [-com[pressvlans]] [-n NETNS] { link | fdb | mdb | vlan } COMMAND...
 *
 * `main(argv, io)` runs one invocation and resolves with the exit code (tests call it in
 * process); src/cli/bin/pure-bridge.ts runs it as a program. Statuses are bridge's: a command's
 * -1 is 255, parse_on_off's -EINVAL 234.
 */
import { IPROUTE2_VERSION } from '../../version.js';
import { matches } from '../args.js';
import { lazyHandle } from '../open-handle.js';
import { CliExit, CommandFailed } from '../errors.js';
import type { CliIO } from '../env.js';
import type { BridgeEnv, BridgeOptions } from './env.js';

const USAGE = `Usage: bridge [ OPTIONS ] OBJECT { COMMAND | help }
       bridge [ -force ] -batch filename
where  OBJECT := { link | fdb | mdb | vlan | monitor }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] |
                    -o[neline] | -t[imestamp] | -n[etns] name |
                    -c[ompressvlans] -color -p[retty] -j[son] }
`;

/** AF_INET, AF_INET6 (linux/socket.h) for -4 / -6 / -family. */
const AF_INET = 2;
const AF_INET6 = 10;

/**
 * matches_color: `-c[olor][=always|auto|never]` (a bare `-c` is -color, not -compressvlans,
 * which needs `-com`); undefined for another word.
 */
function colorWord(a: string): 'always' | 'auto' | 'never' | undefined {
  const eq = a.indexOf('=');
  const word = eq >= 0 ? a.slice(0, eq) : a;
  const value = eq >= 0 ? a.slice(eq + 1) : '';
  if (!matches(word, '-color')) return undefined;
  if (value === '' || value === 'always') return 'always';
  if (value === 'auto') return process.stdout.isTTY ? 'always' : 'never';
  return value === 'never' ? 'never' : undefined;
}

/** One `pure-bridge` invocation. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const opts: BridgeOptions = { stats: 0, details: 0, oneline: false, json: false, pretty: false, compressVlans: false, family: 0 };
  let color: 'always' | 'auto' | 'never' = 'never';
  let i = 0;
  for (; i < argv.length; i++) {
    let a = argv[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-')) break;
    if (a.startsWith('--')) a = a.slice(1);
    if (matches(a, '-help')) {
      io.stderr(USAGE);
      return 255;
    } else if (matches(a, '-Version')) {
      io.stdout(`bridge utility, ${IPROUTE2_VERSION} (pure-netlink)\n`);
      return 0;
    } else if (matches(a, '-stats') || matches(a, '-statistics')) opts.stats++;
    else if (matches(a, '-details')) opts.details++;
    else if (matches(a, '-oneline')) opts.oneline = true;
    else if (matches(a, '-family')) {
      const f = argv[++i];
      if (f === undefined || f === 'help') {
        io.stderr(USAGE);
        return 255;
      }
      if (f === 'inet') opts.family = AF_INET;
      else if (f === 'inet6') opts.family = AF_INET6;
      else {
        io.stderr(`Error: argument "${f}" is wrong: invalid protocol family\n`);
        return 255;
      }
    } else if (a === '-4') opts.family = AF_INET;
    else if (a === '-6') opts.family = AF_INET6;
    else if (matches(a, '-netns')) {
      const ns = argv[++i];
      if (ns === undefined) {
        io.stderr('Command line is not complete. Try option "help"\n');
        return 255;
      }
      opts.netns = ns;
    } else if (colorWord(a) !== undefined) {
      color = colorWord(a)!;
    } else if (matches(a, '-compressvlans')) opts.compressVlans = true;
    else if (matches(a, '-force')) {
      // -force only changes -batch, which pure-bridge does not read.
    } else if (matches(a, '-json')) opts.json = true;
    else if (matches(a, '-pretty')) opts.pretty = true;
    else {
      io.stderr(`Option "${a}" is unknown, try "bridge help".\n`);
      return 255;
    }
  }
  // check_enable_color: JSON is never coloured, `auto` only on a terminal.
  if (color === 'always' && !opts.json) {
    io.stderr('pure-bridge: coloured output (-color) is not supported; use -color=never or -color=auto\n');
    return 255;
  }
  const rest = argv.slice(i);
  if (rest.length === 0) {
    io.stderr(USAGE);
    return 255;
  }
  const lazy = lazyHandle(opts.netns);
  const env: BridgeEnv = { opts, io, handle: lazy.handle };
  try {
    const obj = rest[0]!;
    const args = rest.slice(1);
    if (matches(obj, 'link')) return await (await import('./link.js')).doLink(env, args);
    if (matches(obj, 'fdb')) return await (await import('./fdb.js')).doFdb(env, args);
    if (matches(obj, 'mdb')) return await (await import('./mdb.js')).doMdb(env, args);
    if (matches(obj, 'vlan')) return await (await import('./vlan.js')).doVlan(env, args);
    if (matches(obj, 'vni') || matches(obj, 'monitor')) {
      io.stderr(`pure-bridge: object "${obj}" is not supported yet\n`);
      return 255;
    }
    if (matches(obj, 'help')) {
      io.stderr(USAGE);
      return 255;
    }
    io.stderr(`Object "${obj}" is unknown, try "bridge help".\n`);
    return 255;
  } catch (e) {
    if (e instanceof CliExit) {
      if (e.stdout) io.stdout(e.stdout);
      if (e.stderr) io.stderr(e.stderr);
      return e.code;
    }
    if (e instanceof CommandFailed) {
      if (e.stdout) io.stdout(e.stdout);
      io.stderr(e.stderr);
      return e.status & 0xff;
    }
    io.stderr(`pure-bridge: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  } finally {
    await lazy.close();
  }
}
