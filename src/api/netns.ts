/**
 * `handle.netns`: named network namespaces (`ip netns ...`): add, delete, list with ids, attach,
 * exec, identify, pids, and namespace ids (RTM_*NSID).
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { HelperOperationError, NetnsNotFoundError, NotFoundError, ValidationError } from '../netlink/errors.js';
import { RTM_GETNSID, RTM_NEWNSID } from '../rtnl/constants.js';
import type { NsidMessage } from '../rtnl/nsid/schema.js';
import type { NetnsSpec } from '../netlink/transport/types.js';
import { createUnlessExists, type Core, type NetnsTarget, toNetnsSpec, mapNetnsError } from './core.js';
import { checkInt, checkNetnsName, checkPid } from '../rtnl/validate.js';
import { netnsAdd, netnsAttach, netnsDelete, netnsExecArgs, netnsIdentify, netnsList, netnsPids, nsFdClose, nsFdOpen } from '../system/netns.js';

/** One entry of `ip netns list`. */
export interface NetnsInfo {
  name: string;
  /** The namespace id as seen from this handle's namespace (absent when none is assigned). */
  id?: number;
}

/** One entry of `ip netns list-id`. */
export interface NsidInfo {
  nsid: number;
  /** The /run/netns name of that namespace, when one is found. */
  name?: string;
}

/** Options of `netns.exec()` (`ip netns exec NAME CMD...`). */
export interface ExecOptions {
  /** 'inherit' (default): the program shares our stdio; 'pipe': collect its output; 'ignore'. */
  stdio?: 'inherit' | 'pipe' | 'ignore';
  /** Text written to its stdin (with stdio 'pipe'). */
  input?: string;
  /** Environment (default: ours). */
  env?: NodeJS.ProcessEnv;
  /** Kill it (SIGKILL) after this many ms. */
  timeoutMs?: number;
}

/**
 * What a program run by `netns.exec()` left: its exit code and, with `stdio: 'pipe'`, its output.
 */
export interface ExecResult {
  /** Exit code; 128 + signal number when it was killed. */
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Options of `netns.spawn()`: Node's stdio and environment, and whether the program dies with us.
 */
export interface SpawnOptions {
  stdio?: StdioOptions;
  env?: NodeJS.ProcessEnv;
  /**
   * Kill the program (SIGKILL, PR_SET_PDEATHSIG) when this Node process dies, so that it is
   * never left running on its own (default false: like child_process.spawn, it may outlive us).
   * Programs that daemonize (fork and exit) escape it by design.
   */
  dieWithParent?: boolean;
}

const NETNSA_NSID_AUTO = -1;
let execCounter = 0;

/**
 * Named network namespaces and namespace ids (`handle.netns`): `ip netns
 * add|del|list|attach|set|list-id|identify|pids|exec`. Creating and deleting namespaces needs
 * CAP_SYS_ADMIN (or a sandbox); an unknown name is a NetnsNotFoundError.
 */
export class NetnsApi {
  constructor(private readonly core: Core) {}

  /** `ip netns add NAME` */
  async add(name: string): Promise<void> {
    checkNetnsName(name, 'name');
    const helper = await this.core.helper();
    await netnsAdd(helper, name);
  }

  /** `ip netns add NAME` unless it exists already. Resolves true when it was created. */
  async ensure(name: string): Promise<boolean> {
    checkNetnsName(name, 'name');
    const helper = await this.core.helper();
    return createUnlessExists(() => netnsAdd(helper, name));
  }

  /** `ip netns delete NAME`. Throws NotFoundError when there is no such namespace. */
  async delete(name: string): Promise<void> {
    checkNetnsName(name, 'name');
    const helper = await this.core.helper();
    try {
      await netnsDelete(helper, name);
    } catch (e) {
      if (e instanceof HelperOperationError && e.code === 'ENOENT') throw new NetnsNotFoundError(name);
      throw e;
    }
  }

  /** Whether /run/netns/NAME exists (`ip netns list | grep -x NAME`). */
  async exists(name: string): Promise<boolean> {
    checkNetnsName(name, 'name');
    const helper = await this.core.helper();
    return (await netnsList(helper)).includes(name);
  }

  /** Names under /run/netns in directory order, without ids (`ls /run/netns`). */
  async names(): Promise<string[]> {
    const helper = await this.core.helper();
    return netnsList(helper);
  }

  /** `ip netns list`: names with their ids (as seen from this handle's namespace). */
  async list(): Promise<NetnsInfo[]> {
    const names = await this.names();
    const ids = await Promise.all(names.map((n) => this.getId(n).catch(() => undefined)));
    return names.map((name, i) => {
      const id = ids[i];
      return id === undefined ? { name } : { name, id };
    });
  }

  /** The nsid of a namespace (name, {path} or {pid}) as seen from this handle's namespace, the id column of `ip netns list`; undefined when none is assigned. */
  async getId(target: NetnsTarget): Promise<number | undefined> {
    const spec = toNetnsSpec(target);
    const nsid = await this.withFd(spec, async (fd) => {
      const replies = await this.core.request<NsidMessage>({ type: RTM_GETNSID, flags: 0, body: { header: { family: 0 }, attrs: { fd } } });
      return replies.find((m) => m.type === RTM_NEWNSID)?.body.attrs.nsid;
    });
    return nsid === undefined || nsid < 0 ? undefined : nsid;
  }

  /** `ip netns set NAME NSID` (or `auto`): assign the namespace an id in this handle's namespace. */
  async setId(name: string, nsid: number | 'auto'): Promise<void> {
    checkNetnsName(name, 'name');
    const id = nsid === 'auto' ? NETNSA_NSID_AUTO : nsid;
    if (nsid !== 'auto') checkInt(id, 'nsid', 0, 0x7fffffff);
    await this.withFd({ kind: 'name', name }, (fd) =>
      this.core.request({ type: RTM_NEWNSID, flags: 0, body: { header: { family: 0 }, attrs: { fd, nsid: id } } }),
    );
  }

  /** `ip netns list-id`: every nsid assigned in this handle's namespace, with names where known. */
  async listIds(): Promise<NsidInfo[]> {
    const bodies = await this.core.dump<NsidMessage>({ type: RTM_GETNSID, flags: 0, body: { header: { family: 0 }, attrs: {} } });
    const named = await this.list();
    const byId = new Map<number, string>();
    for (const n of named) if (n.id !== undefined && !byId.has(n.id)) byId.set(n.id, n.name);
    const out: NsidInfo[] = [];
    for (const b of bodies) {
      const nsid = b.attrs.nsid;
      if (nsid === undefined || nsid < 0) continue;
      const name = byId.get(nsid);
      out.push(name === undefined ? { nsid } : { nsid, name });
    }
    return out.sort((a, b) => a.nsid - b.nsid);
  }

  /** Map nsid → name for the named namespaces, as seen from this handle's namespace (how `ip netns list-id` names them). */
  async idNames(): Promise<Map<number, string>> {
    const byId = new Map<number, string>();
    for (const n of await this.list()) if (n.id !== undefined && !byId.has(n.id)) byId.set(n.id, n.name);
    return byId;
  }

  /** `ip netns attach NAME PID`: give the network namespace of a running process a name. */
  async attach(name: string, pid: number): Promise<void> {
    checkNetnsName(name, 'name');
    checkPid(pid);
    const helper = await this.core.helper();
    try {
      await netnsAttach(helper, name, pid);
    } catch (e) {
      if (e instanceof HelperOperationError && e.code === 'ESRCH') throw new ValidationError(`no process with pid ${pid}`, 'pid');
      throw e;
    }
  }

  /** `ip netns identify [PID]`: the names of the namespace of PID (default: the helper's own). */
  async identify(pid?: number): Promise<string[]> {
    if (pid !== undefined) checkPid(pid);
    const helper = await this.core.helper();
    return netnsIdentify(helper, pid ?? 0);
  }

  /** `ip netns pids NAME` */
  async pids(name: string): Promise<number[]> {
    checkNetnsName(name, 'name');
    await this.#mustExist(name);
    const helper = await this.core.helper();
    return netnsPids(helper, name);
  }

  /**
   * `ip netns exec NAME PROGRAM ARGS...` with our stdio: resolves with the exit code. The
   * namespace is a /run/netns name, `{ pid }` (the namespace of a process, like `nsenter -t PID -n`)
   * or `{ path }` of the form /run/netns/NAME or /proc/PID/ns/net. A program that dies of a
   * signal gives 128 + its number. The program dies with this process (see
   * `SpawnOptions.dieWithParent`): nothing waits for it once we are gone.
   */
  exec(name: NetnsTarget, argv: readonly string[], options?: ExecOptions & { stdio?: 'inherit' | 'ignore' }): Promise<number>;
  /** `ip netns exec NAME PROGRAM ARGS...` collecting stdout and stderr. */
  exec(name: NetnsTarget, argv: readonly string[], options: ExecOptions & { stdio: 'pipe' }): Promise<ExecResult>;
  async exec(name: NetnsTarget, argv: readonly string[], options: ExecOptions = {}): Promise<number | ExecResult> {
    const stdio = options.stdio ?? 'inherit';
    const child = await this.spawn(name, argv, { stdio: stdio === 'pipe' ? 'pipe' : stdio, dieWithParent: true, ...(options.env ? { env: options.env } : {}) });
    let stdout = '';
    let stderr = '';
    if (stdio === 'pipe') {
      child.stdout?.setEncoding('utf8').on('data', (s: string) => (stdout += s));
      child.stderr?.setEncoding('utf8').on('data', (s: string) => (stderr += s));
      child.stdin?.on('error', () => {});
      child.stdin?.end(options.input ?? '');
    }
    const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined;
    const code = await new Promise<number>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (c, signal) => {
        resolve(c ?? 128 + (signal ? (osConstants.signals[signal] ?? 0) : 0));
      });
    }).finally(() => timer && clearTimeout(timer));
    return stdio === 'pipe' ? { code, stdout, stderr } : code;
  }

  /**
   * Starts PROGRAM inside the namespace like `ip netns exec` and returns the child process (for
   * long-running programs; the caller waits for or kills it). Targets as for `exec`.
   *
   * The helper enters namespaces by name: a `{ pid }` target is attached under a temporary name
   * (`ip netns attach`) for as long as the program runs, and the name is removed when it exits.
   */
  async spawn(name: NetnsTarget, argv: readonly string[], options: SpawnOptions = {}): Promise<ChildProcess> {
    if (!Array.isArray(argv) || argv.length === 0 || argv.some((a) => typeof a !== 'string')) {
      throw new ValidationError('exec needs a program and string arguments', 'argv');
    }
    const target = this.#execTarget(name);
    let temp: string | undefined;
    let named: string;
    if (target.kind === 'name') {
      named = target.name;
      await this.#mustExist(named);
    } else {
      temp = `pure-netlink-exec-${process.pid}-${++execCounter}`;
      try {
        await this.attach(temp, target.pid);
      } catch (e) {
        if (e instanceof HelperOperationError && (e.code === 'ENOENT' || e.code === 'ESRCH')) {
          throw new ValidationError(`no process with pid ${target.pid}`, 'netns.pid');
        }
        throw e;
      }
      named = temp;
    }
    const helper = await this.core.helper();
    try {
      await helper.ready();
      const full = netnsExecArgs(helper, named, argv, { dieWithParent: options.dieWithParent ?? false });
      const child = spawn(full[0]!, full.slice(1), { stdio: options.stdio ?? 'inherit', ...(options.env ? { env: options.env } : {}) });
      if (temp !== undefined) {
        const t = temp;
        const drop = () => void this.delete(t).catch(() => undefined);
        child.once('exit', drop);
        child.once('error', drop);
      }
      return child;
    } catch (e) {
      if (temp !== undefined) await this.delete(temp).catch(() => undefined);
      throw e;
    }
  }

  /** Where exec/spawn go: a name, or a pid whose namespace gets a temporary name. */
  #execTarget(t: NetnsTarget): { kind: 'name'; name: string } | { kind: 'pid'; pid: number } {
    if (typeof t === 'string') {
      checkNetnsName(t, 'name');
      return { kind: 'name', name: t };
    }
    const spec = toNetnsSpec(t);
    if (spec.kind === 'name') return spec;
    if (spec.kind === 'pid') return spec;
    if (spec.kind === 'path') {
      const m = /^\/run\/netns\/([^/]+)$/.exec(spec.path);
      if (m) {
        checkNetnsName(m[1]!, 'path');
        return { kind: 'name', name: m[1]! };
      }
      const p = /^\/proc\/(\d+)(?:\/task\/\d+)?\/ns\/net$/.exec(spec.path);
      if (p) {
        const pid = Number(p[1]);
        checkPid(pid, 'path');
        return { kind: 'pid', pid };
      }
      throw new ValidationError(`exec into a namespace by path supports /run/netns/NAME and /proc/PID/ns/net, not ${JSON.stringify(spec.path)}`, 'netns.path');
    }
    throw new ValidationError('exec needs a namespace (a name, { pid } or { path })', 'netns');
  }

  async #mustExist(name: string): Promise<void> {
    if (!(await this.exists(name))) throw new NetnsNotFoundError(name);
  }

  /** @internal Opens a namespace fd in the helper, runs fn with it, and closes it. */
  async withFd<T>(spec: NetnsSpec, fn: (fd: number) => Promise<T>): Promise<T> {
    const helper = await this.core.helper();
    let fd: number;
    try {
      fd = await nsFdOpen(helper, spec);
    } catch (e) {
      throw mapNetnsError(e, spec);
    }
    try {
      return await fn(fd);
    } finally {
      await nsFdClose(helper, fd).catch(() => undefined);
    }
  }
}
