/**
 * The object table (ip.c do_cmd) and the command environment; shared by main, batch and demo.
 */
import { matchObject, USAGE, type GlobalOptions } from './args.js';
import { mapApiError, PureNetlinkError } from './api-errors.js';
import { HelperError, HelperOperationError, MissingCapabilityError, ValidationError } from '../netlink/errors.js';
import { CliExit, CommandFailed } from './errors.js';
import type { CliIO, Env } from './env.js';
import type { Handle } from '../api/handle.js';

export type CommandFn = (env: Env, argv: string[]) => Promise<number>;

export async function loadCommand(obj: string): Promise<CommandFn | undefined> {
  switch (obj) {
    case 'address':
      return (await import('./commands/address.js')).doAddress;
    case 'link':
      return (await import('./commands/link.js')).doLink;
    case 'route':
      return (await import('./commands/route.js')).doRoute;
    case 'neighbor':
    case 'neighbour':
      return (await import('./commands/neigh.js')).doNeigh;
    case 'rule':
      return (await import('./commands/rule.js')).doRule;
    case 'addrlabel':
      return (await import('./commands/addrlabel.js')).doAddrlabel;
    case 'nexthop':
      return (await import('./commands/nexthop.js')).doNexthop;
    case 'netns':
      return (await import('./commands/netns.js')).doNetns;
    case 'tuntap':
    case 'tap':
      return (await import('./commands/tuntap.js')).doTuntap;
    case 'monitor':
      return (await import('./commands/monitor.js')).doMonitor;
    case 'xfrm':
      return (await import('./commands/xfrm.js')).doXfrm;
    case 'demo':
      return (await import('./commands/demo.js')).doDemo;
    case 'diagram':
      return (await import('./commands/diagram.js')).doDiagram;
    case 'decode':
      return decodeCommand;
    case 'help':
      return async () => {
        throw new CliExit(255, USAGE);
      };
  }
  return undefined;
}

/** `pure-ip decode ...`: src/debug's decodeCommand (loaded on demand). */
const decodeCommand: CommandFn = async (env, argv) => {
  const mod = await import('../debug/decode-command.js');
  const { Writable } = await import('node:stream');
  const sink = (write: (s: string) => void) =>
    new Writable({
      write(chunk: Buffer | string, _enc, cb) {
        write(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
        cb();
      },
    });
  const io = { stdin: env.io.stdin ?? process.stdin, stdout: sink(env.io.stdout), stderr: sink(env.io.stderr) };
  const code = Number((await mod.decodeCommand(argv, io)) ?? 0);
  return code === 0 ? 0 : -code;
};

/** ip.c do_cmd: the object word, then the object's command function. Returns the exit status. */
export async function doCmd(env: Env, argv: string[]): Promise<number> {
  const word = argv[0] ?? '';
  const obj = matchObject(word);
  const fn = obj ? await loadCommand(obj) : undefined;
  if (!fn) {
    if (obj) throw new CommandFailed(-1, `pure-ip: object "${obj}" is not supported\n`);
    env.io.stderr(`Object "${word}" is unknown, try "ip help".\n`);
    return 1;
  }
  try {
    const r = await fn(env, argv.slice(1));
    return -r || 0;
  } catch (e) {
    // A typed error that reached here (a setter's ValidationError...) is printed as iproute2 would.
    const failed = e instanceof PureNetlinkError ? mapApiError(e) : e;
    if (failed instanceof CommandFailed) {
      if (failed.stdout) env.io.stdout(failed.stdout);
      env.io.stderr(failed.stderr);
      return -failed.status || 0;
    }
    throw failed;
  }
}

/** Creates the command environment (the API handle is opened on first use). */
export function makeEnv(opts: GlobalOptions, io: CliIO): Env & { close(): Promise<void> } {
  let handleP: Promise<Handle> | undefined;
  const others = new Map<string, Promise<Handle>>();
  const open = async (): Promise<Handle> => {
    const api = await import('../api/index.js');
    try {
      return await api.Netlink.open({
        ...(opts.sandbox ? { sandbox: true } : {}),
        ...(opts.netns !== undefined ? { netns: opts.netns } : {}),
        ...(opts.trace ? { trace: { output: 'stderr' as const, format: opts.trace } } : {}),
      });
    } catch (e) {
      // A bad or missing -n namespace (a missing capability is reported as itself).
      const badNetns = e instanceof ValidationError || (e instanceof HelperOperationError && !(e instanceof MissingCapabilityError));
      if (opts.netns !== undefined && badNetns) {
        throw new CliExit(255, `Cannot open network namespace "${opts.netns}": No such file or directory\n`);
      }
      if (e instanceof HelperError) throw new CliExit(1, `Cannot open netlink socket: ${e.message}\n`);
      throw e;
    }
  };
  const env: Env & { close(): Promise<void> } = {
    opts,
    io,
    batch: false,
    handle() {
      handleP ??= open();
      return handleP;
    },
    async handleIn(netns: string) {
      let p = others.get(netns);
      if (!p) {
        p = env.handle().then((h) => h.in(netns));
        others.set(netns, p);
      }
      return p;
    },
    async close() {
      const p = handleP;
      handleP = undefined;
      if (p) {
        const h = await p.catch(() => undefined);
        if (h) await h.context.close().catch(() => undefined);
      }
    },
  };
  return env;
}

