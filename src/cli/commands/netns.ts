/**
 * `ip netns` (ip/ipnetns.c): list / list-id / add / attach / delete / set / identify / pids /
 * exec / monitor.
 */
import { matches } from '../args.js';
import { CliExit, CommandFailed, duparg, invarg, nodev } from '../errors.js';
import { formatContext, newPrinter, type Env } from '../env.js';
import type { ApiHandle } from '../env.js';
import type { NsidMessage } from '../../rtnl/nsid/schema.js';
import { printNetnsEntry, printNsid } from '../format/nsid.js';
import { NotFoundError, strerror } from '../../netlink/errors.js';
import { apiCall } from './common.js';
import { NETNS_USAGE } from '../usage.js';
export { NETNS_USAGE };


const ERRNO: Record<string, number> = { EEXIST: 17, ENOENT: 2, EACCES: 13, EPERM: 1, EBUSY: 16, EINVAL: 22, ESRCH: 3 };

function helperErr(e: unknown): string {
  if (e instanceof NotFoundError) return strerror(2);
  const code = (e as { code?: string }).code ?? (e as { cause?: { code?: string } }).cause?.code;
  const n = code ? ERRNO[code] : undefined;
  return n ? strerror(n) : (e as Error).message;
}

/**
 * The helper words netns add/attach failures as iproute2 does ("mount --make-shared /run/netns
 * failed: ...", "Cannot create namespace file ..."): print those, without the "(needs CAP_X)"
 * hint that is meant for API users; anything else as `fallback: strerror`.
 */
function netnsFileError(e: unknown, fallback: string): string {
  const detail = (e as { name?: string; detail?: string }).name?.endsWith('Error') ? (e as { detail?: string }).detail : undefined;
  if (detail && /^(mkdir |mount |Cannot create namespace file |Failed to create |Bind )/.test(detail)) return `${detail.replace(/ \(needs CAP_[A-Z_]+\)$/, '')}\n`;
  return `${fallback}: ${helperErr(e)}\n`;
}

function invalidName(name: string): boolean {
  return !name || Buffer.byteLength(name) > 255 || name.includes('/') || name === '.' || name === '..';
}

/** nsid → name as iproute2's netns map (names under /run/netns with an id seen from here). */
export async function nsidNameMap(h: ApiHandle): Promise<Map<number, string>> {
  try {
    return (await h.netns.idNames()) as Map<number, string>;
  } catch {
    return new Map();
  }
}

async function netnsList(env: Env): Promise<number> {
  const h = await env.handle();
  const list = (await apiCall(() => h.netns.list())) as Array<{ name: string; id?: number }>;
  const p = newPrinter(env);
  p.startDocument();
  for (const n of list) printNetnsEntry(p, n.name, n.id);
  p.endDocument();
  env.io.stdout(p.take());
  return 0;
}

async function netnsListId(env: Env, argv: string[]): Promise<number> {
  let target = -1;
  let nsid = -1;
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i]!;
    if (w === 'target-nsid' || w === 'nsid') {
      if ((w === 'target-nsid' ? target : nsid) >= 0) duparg(w, argv[i + 1] ?? '');
      const v = argv[++i];
      if (v === undefined) throw new CliExit(255, 'Command line is not complete. Try option "help"\n');
      if (!/^-?\d+$/.test(v)) invarg(`"${w}" value is invalid`, v);
      if (Number(v) < 0) invarg(`"${w}" value should be >= 0`, v);
      if (w === 'target-nsid') target = Number(v);
      else nsid = Number(v);
    } else throw new CliExit(255, NETNS_USAGE);
  }
  if (target >= 0 || nsid >= 0) throw new CommandFailed(-1, 'pure-ip: "list-id target-nsid/nsid" is not supported\n');
  const h = await env.handle();
  const { nsidDump } = await import('../../rtnl/nsid/requests.js');
  const d = nsidDump();
  const bodies = await apiCall(() => h.dump<NsidMessage>(d.request));
  const names = await nsidNameMap(h);
  const ctx = formatContext(env, [], { nsidNames: names });
  const p = newPrinter(env);
  p.startDocument();
  for (const b of bodies) printNsid(p, b, ctx);
  p.endDocument();
  env.io.stdout(p.take());
  return 0;
}

export async function doNetns(env: Env, argv: string[]): Promise<number> {
  if (argv.length < 1) return netnsList(env);
  if (!env.opts.all && argv.length > 1 && invalidName(argv[1]!)) throw new CliExit(255, `Invalid netns name "${argv[1]}"\n`);
  const w = argv[0]!;
  const rest = argv.slice(1);
  if (matches(w, 'list') || matches(w, 'show') || matches(w, 'lst')) return netnsList(env);
  if (matches(w, 'list-id')) return netnsListId(env, rest);
  if (matches(w, 'help')) throw new CliExit(255, NETNS_USAGE);
  const h = await env.handle();
  if (matches(w, 'add')) {
    if (rest.length < 1) throw new CommandFailed(-1, 'No netns name specified\n');
    try {
      await h.netns.add(rest[0]!);
    } catch (e) {
      throw new CommandFailed(-1, netnsFileError(e, `Cannot create namespace file "/run/netns/${rest[0]}"`));
    }
    return 0;
  }
  if (matches(w, 'set')) {
    if (rest.length < 1) throw new CommandFailed(-1, 'No netns name specified\n');
    if (rest.length < 2) throw new CommandFailed(-1, 'No nsid specified\n');
    const v = rest[1]!;
    let id: number | 'auto';
    if (v === 'auto') id = 'auto';
    else if (/^\d+$/.test(v)) id = Number(v);
    else invarg('Invalid "netnsid" value\n', v);
    if (!(await h.netns.exists(rest[0]!))) throw new CommandFailed(-1, `Cannot open network namespace "${rest[0]}": No such file or directory\n`);
    await apiCall(() => h.netns.setId(rest[0]!, id));
    return 0;
  }
  if (matches(w, 'delete')) {
    if (rest.length < 1 && !env.opts.all) throw new CommandFailed(-1, 'No netns name specified\n');
    const names: string[] = env.opts.all ? await h.netns.names() : [rest[0]!];
    for (const n of names) {
      try {
        await h.netns.delete(n);
      } catch (e) {
        // The helper refuses names that are not namespace mounts (a symlink, a plain file):
        // its detail says what the name is instead (iproute2 would unmount and unlink it).
        const detail = (e as { detail?: string }).detail;
        if ((e as { code?: string }).code === 'EINVAL' && detail?.includes('not a network namespace mount')) throw new CommandFailed(-1, `${detail}\n`);
        throw new CommandFailed(-1, `Cannot remove namespace file "/run/netns/${n}": ${helperErr(e)}\n`);
      }
    }
    return 0;
  }
  if (matches(w, 'identify')) {
    if (rest.length > 1) throw new CommandFailed(-1, 'extra arguments specified\n');
    let pid: number | undefined;
    if (rest.length === 1) {
      if (!/^\d+$/.test(rest[0]!)) throw new CommandFailed(-1, `Specified string '${rest[0]}' is not a pid\n`);
      pid = Number(rest[0]);
    }
    let names: string[];
    try {
      names = await h.netns.identify(pid ?? process.pid);
    } catch (e) {
      // netns_identify_pid(): /proc/PID/ns/net cannot be opened (no such process, no access).
      if ((e as { code?: string }).code !== undefined || e instanceof NotFoundError) throw new CommandFailed(-1, `Cannot open network namespace: ${helperErr(e)}\n`);
      throw e;
    }
    env.io.stdout(names.map((n) => n + '\n').join(''));
    return 0;
  }
  if (matches(w, 'pids')) {
    if (rest.length < 1) throw new CommandFailed(-1, 'No netns name specified\n');
    if (rest.length > 1) throw new CommandFailed(-1, 'extra arguments specified\n');
    if (!(await h.netns.exists(rest[0]!))) throw new CommandFailed(-1, `Cannot open network namespace: No such file or directory\n`);
    const pids = (await apiCall(() => h.netns.pids(rest[0]!))) as number[];
    env.io.stdout(pids.map((n) => `${n}\n`).join(''));
    return 0;
  }
  if (matches(w, 'exec')) {
    if (rest.length < 1 && !env.opts.all) throw new CommandFailed(-1, 'No netns name specified\n');
    if ((rest.length < 2 && !env.opts.all) || (rest.length < 1 && env.opts.all)) throw new CommandFailed(-1, 'No command specified\n');
    const names: string[] = env.opts.all ? await h.netns.names() : [rest[0]!];
    const cmd = env.opts.all ? rest : rest.slice(1);
    let last = 0;
    for (const n of names) {
      if (!(await h.netns.exists(n))) throw new CliExit(255, `Cannot open network namespace "${n}": No such file or directory\n`);
      if (env.opts.all) env.io.stdout(`\nnetns: ${n}\n`);
      if (env.io.processStdio && !env.batch) {
        // As a program: the command gets the terminal, stdin and pure-ip's signals (netns-exec.ts).
        const { execInherit } = await import('./netns-exec.js');
        last = await execInherit(h.netns, n, cmd, env.io.env);
        continue;
      }
      const r = (await apiCall(() => h.netns.exec(n, cmd, { stdio: 'pipe', ...(env.io.env ? { env: env.io.env } : {}) }))) as { code: number; stdout: string; stderr: string };
      env.io.stdout(r.stdout);
      env.io.stderr(r.stderr);
      last = r.code;
      if (r.code === 127 && /ENOENT|not found|No such file/.test(r.stderr) === false && r.stdout === '' && r.stderr === '') {
        env.io.stderr(`exec of "${cmd[0]}" failed: No such file or directory\n`);
      }
    }
    return -last;
  }
  if (matches(w, 'monitor')) {
    const { doMonitor } = await import('./monitor.js');
    return doMonitor(env, ['nsid']);
  }
  if (matches(w, 'attach')) {
    if (rest.length < 2) throw new CommandFailed(-1, 'No netns name and PID specified\n');
    if (!/^-?\d+$/.test(rest[1]!) || Number(rest[1]) === 0) throw new CommandFailed(-1, `Invalid PID: ${rest[1]}\n`);
    try {
      await h.netns.attach(rest[0]!, Number(rest[1]));
    } catch (e) {
      throw new CommandFailed(-1, netnsFileError(e, `Cannot create namespace file "/run/netns/${rest[0]}"`));
    }
    return 0;
  }
  void nodev;
  throw new CliExit(255, `Command "${w}" is unknown, try "ip netns help".\n`);
}
