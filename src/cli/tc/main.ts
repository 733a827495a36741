/**
 * pure-tc: iproute2's `tc`, on pure-netlink's API.
 *
 *   pure-tc [-s] [-d] [-r] [-j [-p]] [-iec] [-n NETNS] { qdisc | class } COMMAND...
 *
 * `main(argv, io)` runs one invocation and resolves with the exit code (tests call it in
 * process); src/cli/bin/pure-tc.ts runs it as a program. Filters, actions and chains have
 * schemas and API verbs but no command line yet: they answer so.
 */
import { matches } from '../args.js';
import { lazyHandle } from '../open-handle.js';
import { CliExit, CommandFailed } from '../errors.js';
import type { CliIO } from '../env.js';
import type { TcEnv } from './env.js';

const USAGE = `Usage:	tc [ OPTIONS ] OBJECT { COMMAND | help }
	tc [-force] -batch filename
where  OBJECT := { qdisc | class | filter | chain |
		    action | monitor | exec }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[aw] |
		    -o[neline] | -j[son] | -p[retty] | -c[olor]
		    -b[atch] [filename] | -n[etns] name | -N[umeric] |
		     -nm | -nam[es] | { -cf | -conf } path
		     -br[ief] }
`;

/** One `pure-tc` invocation. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const opts: TcEnv['opts'] = { stats: 0, details: 0, raw: 0, json: false, pretty: false, iec: false };
  let i = 0;
  for (; i < argv.length && argv[i]!.startsWith('-'); i++) {
    const a = argv[i]!;
    if (matches(a, '-stats') || matches(a, '-statistics')) opts.stats++;
    else if (matches(a, '-details')) opts.details++;
    else if (matches(a, '-raw')) opts.raw++;
    else if (matches(a, '-pretty')) opts.pretty = true;
    else if (matches(a, '-json')) opts.json = true;
    else if (matches(a, '-iec')) opts.iec = true;
    else if (matches(a, '-Version')) {
      io.stdout('tc utility, iproute2-6.1.0 (pure-netlink)\n');
      return 0;
    } else if (matches(a, '-help')) {
      io.stderr(USAGE);
      return 0;
    } else if (matches(a, '-netns')) {
      const ns = argv[++i];
      if (ns === undefined) {
        io.stderr('Command line is not complete. Try option "help"\n');
        return 255;
      }
      opts.netns = ns;
    } else if (matches(a, '-oneline') || matches(a, '-force') || matches(a, '-Numeric')) {
      // accepted, no effect on the objects pure-tc prints
    } else {
      io.stderr(`Option "${a}" is unknown, try "tc -help".\n`);
      return 255;
    }
  }
  const rest = argv.slice(i);
  if (rest.length === 0) {
    io.stderr(USAGE);
    return 0;
  }
  const lazy = lazyHandle(opts.netns);
  const env: TcEnv = { opts, io, handle: lazy.handle };
  try {
    const obj = rest[0]!;
    const args = rest.slice(1);
    let code: number;
    if (matches(obj, 'qdisc')) code = await (await import('./qdisc.js')).doQdisc(env, args);
    else if (matches(obj, 'class')) code = await (await import('./class.js')).doClass(env, args);
    else if (matches(obj, 'filter')) code = await (await import('./filter.js')).doFilter(env, args);
    else if (matches(obj, 'chain') || matches(obj, 'actions') || matches(obj, 'monitor') || matches(obj, 'exec')) {
      io.stderr(`pure-tc: object "${obj}" is not supported yet (the library decodes and encodes it: handle.tc.filter, rtnl tc schemas)\n`);
      code = 255;
    } else if (matches(obj, 'help')) {
      io.stderr(USAGE);
      code = 0;
    } else {
      io.stderr(`Object "${obj}" is unknown, try "tc help".\n`);
      code = 255;
    }
    return code;
  } catch (e) {
    if (e instanceof CliExit) {
      if (e.stdout) io.stdout(e.stdout);
      if (e.stderr) io.stderr(e.stderr);
      return e.code;
    }
    if (e instanceof CommandFailed) {
      io.stderr(e.stderr);
      return e.status & 0xff;
    }
    io.stderr(`pure-tc: ${(e as Error)?.stack ?? String(e)}\n`);
    return 1;
  } finally {
    await lazy.close();
  }
}
