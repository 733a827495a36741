/**
 * `pure-ip demo [--host] [--trace]`: the blog post "Container Networking: network namespaces"
 * (parts 1 to 3), walked through with pure-ip itself. Each step prints the `ip` command it
 * stands for, runs it through pure-ip (hence through the API), and shows what `ip` would show.
 * Everything happens in a private sandbox (an unprivileged user + network + mount namespace)
 * unless `--host` is given (root only; it cleans up after itself).
 */
import { CliExit, CommandFailed } from '../errors.js';
import type { ApiHandle, Env } from '../env.js';
import { defaultGlobals } from '../args.js';
import { PROBE_PORT, onPath, tcpProbe } from './demo-probe.js';

export const DEMO_USAGE = 'Usage: pure-ip demo [ --host ] [ --names NS1,NS2[,NS3] ] [ --diagram [ DIR ] ]\n';

export async function doDemo(env: Env, argv: string[]): Promise<number> {
  let host = false;
  let ns1 = 'ns1';
  let ns2 = 'ns2';
  let ns3 = 'ns3';
  let diagram: string | undefined; // --diagram [DIR]: '' prints Mermaid
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i]!;
    if (w === '--host' || w === 'host') host = true;
    else if (w === '--sandbox' || w === 'sandbox') host = false;
    else if (w === '--names' || w === 'names') {
      const v = argv[++i] ?? '';
      const [a, b, c] = v.split(',');
      if (!a || !b) throw new CliExit(255, DEMO_USAGE);
      ns1 = a;
      ns2 = b;
      if (c) ns3 = c;
    } else if (w === '--diagram' || w === 'diagram') {
      diagram = argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('-') ? argv[++i]! : '';
    } else if (w === 'help' || w === '--help') throw new CliExit(0, '', DEMO_USAGE);
    else throw new CliExit(255, DEMO_USAGE);
  }
  if (host && typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new CommandFailed(-1, 'pure-ip demo --host needs root; without --host it runs in a private sandbox\n');
  }
  const { makeEnv, doCmd } = await import('../dispatch.js');
  const out = (s: string): void => env.io.stdout(s);
  const denv = makeEnv({ ...defaultGlobals(), sandbox: !host }, { ...env.io });
  let failed = 0;
  const pictures = diagram === undefined ? undefined : (await import('./diagram.js')).demoDiagrams(() => denv.handle(), out, diagram || undefined);
  let drawing = Promise.resolve();
  /** Prints `$ ip ARGS` and runs it with pure-ip. */
  const ip = async (line: string, quiet = false): Promise<number> => {
    await drawing;
    out(`$ ip ${line}\n`);
    const argv = line.split(/\s+/).filter(Boolean);
    let globals = argv;
    const opts = { ...denv.opts };
    // `-n NS` / `netns exec NS ip ...` run in that namespace
    let target: string | undefined;
    if (argv[0] === '-n') {
      target = argv[1];
      globals = argv.slice(2);
    } else if (argv[0] === 'netns' && argv[1] === 'exec' && argv[3] === 'ip') {
      target = argv[2];
      globals = argv.slice(4);
    }
    const { parseGlobals } = await import('../args.js');
    const parsed = parseGlobals(globals);
    globals = parsed.rest;
    Object.assign(opts, { family: parsed.opts.family, json: parsed.opts.json, details: parsed.opts.details, stats: parsed.opts.stats });
    const sub = { ...denv, opts, handle: target ? () => denv.handleIn(target!) : denv.handle };
    let code: number;
    try {
      code = await doCmd(sub, globals);
    } catch (e) {
      if (e instanceof CliExit) {
        if (e.stdout) out(e.stdout);
        if (e.stderr) env.io.stderr(e.stderr);
        code = e.code;
      } else throw e;
    }
    if (code !== 0 && !quiet) {
      failed++;
      env.io.stderr(`(exit status ${code})\n`);
    }
    return code;
  };
  const say = (s: string): void => {
    if (!pictures) return out(`\n# ${s}\n`);
    // --diagram: draw what the previous step left, before this step's commands run
    drawing = drawing.then(() => pictures.step(s)).catch((e) => env.io.stderr(`diagram: ${(e as Error).message}\n`)).then(() => out(`\n# ${s}\n`));
  };
  // Without ping (Debian: iputils-ping) the same path is proven by a TCP connection, and said so.
  const ping = onPath('ping', env.io.env?.PATH ?? process.env.PATH);
  const reach = async (from: string, to: string, address: string): Promise<boolean> => {
    if (ping) return (await ip(`netns exec ${from} ping -c 1 -W 2 ${address}`, true)) === 0;
    await drawing;
    out(`# ping is not installed: a TCP connection from ${from} to ${address}:${PROBE_PORT} (a listener in ${to}) instead\n`);
    const ok = await tcpProbe(await denv.handle(), from, to, address);
    out(`tcp connect ${address}:${PROBE_PORT}: ${ok ? 'accepted' : 'failed'}\n`);
    return ok;
  };
  let ok1 = false;
  let ok2 = false;
  let ok3 = false;
  let sleeper: import('node:child_process').ChildProcess | undefined;
  try {
    out(host ? '# Running on the host (root).\n' : '# Running in a private sandbox: a user + network + mount namespace of its own; the host is not touched.\n');
    say('Part 1: network namespaces');
    say('Create a namespace and list them');
    await ip(`netns add ${ns1}`);
    await ip('netns list');
    say('A new namespace has only a loopback device, and it is down');
    await ip(`netns exec ${ns1} ip link`);
    say('Create a veth pair in the "host" namespace and bring both ends up');
    await ip('link add veth0 type veth peer name veth1');
    await ip('link set veth0 up');
    await ip('link set veth1 up');
    say(`Move one end into ${ns1}: each side now sees its peer in the other namespace`);
    await ip(`link set veth0 netns ${ns1}`);
    await ip('link');
    await ip(`netns exec ${ns1} ip link`);
    say('A second namespace and pair');
    await ip(`netns add ${ns2}`);
    await ip('link add veth2 type veth peer name veth3');
    await ip('link set veth2 up');
    await ip('link set veth3 up');
    await ip(`link set veth2 netns ${ns2}`);
    await ip(`netns exec ${ns2} ip link`);
    say(`Connect ${ns1} and ${ns2} directly with a third pair, and address it`);
    await ip(`link add veth-${ns1} type veth peer name veth-${ns2}`);
    await ip(`link set veth-${ns1} netns ${ns1}`);
    await ip(`link set veth-${ns2} netns ${ns2}`);
    await ip(`netns exec ${ns1} ip addr add 10.0.0.1/24 dev veth-${ns1}`);
    await ip(`netns exec ${ns2} ip addr add 10.0.0.2/24 dev veth-${ns2}`);
    await ip(`netns exec ${ns1} ip link set veth-${ns1} up`);
    await ip(`netns exec ${ns2} ip link set veth-${ns2} up`);
    await ip(`netns exec ${ns1} ip addr show`);
    await ip(`netns exec ${ns1} ip route`);
    say(`Ping ${ns2} from ${ns1}`);
    await waitUp(await denv.handleIn(ns1), `veth-${ns1}`);
    ok1 = await reach(ns1, ns2, '10.0.0.2');
    out(ok1 ? '# => reachable\n' : '# => NOT reachable\n');
    await ip('netns list');

    say('Part 2: a bridge joins the namespaces');
    await ip('link add br0 type bridge');
    await ip('link set br0 up');
    await ip(`link add veth-${ns1}-br type veth peer name veth-${ns1}-in`);
    await ip(`link add veth-${ns2}-br type veth peer name veth-${ns2}-in`);
    await ip(`link set veth-${ns1}-in netns ${ns1}`);
    await ip(`link set veth-${ns2}-in netns ${ns2}`);
    await ip(`link set veth-${ns1}-br master br0 up`);
    await ip(`link set veth-${ns2}-br master br0 up`);
    await ip(`netns exec ${ns1} ip addr add 10.0.1.1/24 dev veth-${ns1}-in`);
    await ip(`netns exec ${ns2} ip addr add 10.0.1.2/24 dev veth-${ns2}-in`);
    await ip(`netns exec ${ns1} ip link set veth-${ns1}-in up`);
    await ip(`netns exec ${ns2} ip link set veth-${ns2}-in up`);
    await ip('link show master br0');
    await ip(`netns exec ${ns1} ip -4 addr show`);
    say(`Ping across the bridge`);
    await waitUp(await denv.handleIn(ns1), `veth-${ns1}-in`);
    await waitUp(await denv.handle(), 'br0', true);
    ok2 = await reach(ns1, ns2, '10.0.1.2');
    out(ok2 ? '# => reachable\n' : '# => NOT reachable\n');

    say('Part 3: attach the namespace of a running process');
    out('$ unshare -n sleep 30 &\n');
    if (host) {
      const { spawn } = await import('node:child_process');
      sleeper = spawn('unshare', ['-n', 'sleep', '30'], { stdio: 'ignore' });
    } else {
      // In the sandbox the process must live in the sandbox's user namespace: started through the helper.
      sleeper = await (await denv.handle()).netns.spawn(ns1, ['unshare', '-n', 'sleep', '30'], { stdio: 'ignore' });
    }
    const pid = sleeper?.pid;
    if (pid === undefined) throw new CommandFailed(-1, 'could not start unshare -n sleep 30\n');
    out(`[1] ${pid}\n`);
    await waitForComm(pid, 'sleep');
    say(`Give its namespace a name: ${ns3}`);
    const attached = (await ip(`netns attach ${ns3} ${pid}`)) === 0;
    await ip(`netns identify ${pid}`);
    await ip(`netns pids ${ns3}`);
    say(`Its namespace is a fresh one: only lo`);
    await ip(`-n ${ns3} link`);
    ok3 = attached;
  } finally {
    say('Clean up');
    if (sleeper && sleeper.exitCode === null) {
      out(`$ kill ${sleeper.pid}\n`);
      sleeper.kill('SIGKILL');
    }
    await ip(`netns del ${ns3}`, true);
    await ip('link del br0', true);
    for (const l of ['veth1', 'veth3', `veth-${ns1}-br`, `veth-${ns2}-br`]) await ip(`link del ${l}`, true);
    await ip(`netns del ${ns1}`, true);
    await ip(`netns del ${ns2}`, true);
    await denv.close();
  }
  const probe = ping ? 'ping' : 'TCP probe (no ping installed)';
  out(`\n# ${probe} over the veth pair: ${ok1 ? 'ok' : 'FAILED'}; across the bridge: ${ok2 ? 'ok' : 'FAILED'}; process namespace attached: ${ok3 ? 'ok' : 'FAILED'}\n`);
  return ok1 && ok2 && ok3 && failed === 0 ? 0 : -1;
}

/** Waits until /proc/PID/comm is `program` (unshare has exec'd it, in its new namespace). */
async function waitForComm(pid: number, program: string, timeoutMs = 5000): Promise<void> {
  const { readFile } = await import('node:fs/promises');
  const end = Date.now() + timeoutMs;
  for (;;) {
    if ((await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim() === program) return;
    if (Date.now() > end) throw new CommandFailed(-1, `process ${pid} did not start ${program}\n`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits (up to a few seconds) until a link has carrier (or, for a bridge, is UP). */
async function waitUp(h: ApiHandle, name: string, bridge = false): Promise<void> {
  const end = Date.now() + (bridge ? 8000 : 5000);
  while (Date.now() < end) {
    try {
      const l = await h.link.get(name);
      if (bridge ? l.operstate === 'UP' : l.lowerUp) return;
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
