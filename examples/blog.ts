/**
 * The blog series "Container Networking: network namespaces", step by step, with the public
 * API only.
 *
 *   npx tsx examples/blog.ts           in a private sandbox (no root needed)
 *   npx tsx examples/blog.ts --host    on the real host (root only; cleans up after itself)
 * By default everything happens in a private sandbox (an unprivileged user + network
 * + mount namespace): nothing on the host is touched and no root is needed. `sandbox: false`
 * works on the real host (root only) and cleans up after itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Netlink, type Handle, type Link } from '../src/index.js';

export interface BlogOptions {
  /** Run in a private sandbox (default true). false: the real host (root only). */
  sandbox?: boolean;
  /** Where the narration goes (default: console.log). */
  log?: (line: string) => void;
  /** Print netlink traffic. */
  trace?: boolean;
  /** Names of the namespaces (default ns1, ns2, ns3). */
  names?: { ns1?: string; ns2?: string; ns3?: string };
}

export interface BlogResult {
  /** `ip netns exec ns1 ping -c 1 10.0.0.2` succeeded (veth pair between two namespaces). */
  pingVeth: boolean;
  /** The same across the bridge (10.0.1.1 → 10.0.1.2 via br0). */
  pingBridge: boolean;
  /** Namespaces seen by `ip netns list` at the end of part 1. */
  namespaces: string[];
  /** `ip netns identify PID` of the process attached as ns3. */
  identified: string[];
  /** Links in ns3 (its own fresh namespace: just lo). */
  ns3Links: string[];
  /** The peer of vethX as `link('vethX').peer()` reported it in part 1. */
  peerOfVethX: { index: number; netns?: string; name?: string };
}

const fmtLinks = (links: Link[]) =>
  links.map((l) => `${l.index}: ${l.name}${l.link !== undefined ? `@if${l.link}` : ''}: <${l.flags.join(',')}> mtu ${l.mtu} state ${l.operstate}`).join('\n    ');

/**
 * `ping -c 1 -W 2 ADDR` inside `from`; when ping is not installed, a TCP connection from `from`
 * to a tiny node server started in `to` proves the same path.
 */
async function ping(h: Handle, from: string, to: string, address: string, log: (s: string) => void): Promise<boolean> {
  const r = await h.netns.exec(from, ['ping', '-c', '1', '-W', '2', address], { stdio: 'pipe', timeoutMs: 10000 });
  if (!/No such file|not found|ENOENT|exec/i.test(r.stderr) || r.code === 0) {
    for (const line of r.stdout.trimEnd().split('\n')) log(`    ${line}`);
    return r.code === 0;
  }
  log('    (ping is not installed: probing with a TCP connection instead)');
  const node = process.execPath;
  const server = await h.netns.spawn(to, [node, '-e',
    `const s=require('net').createServer(c=>c.end()).listen(7777,${JSON.stringify(address)},()=>console.log('ready'));setTimeout(()=>s.close(),10000).unref()`,
  ], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve, reject) => {
      server.stdout!.on('data', () => resolve());
      server.on('exit', () => reject(new Error('probe server exited')));
    });
    const code = await h.netns.exec(from, [node, '-e',
      `require('net').connect(7777,${JSON.stringify(address)}).on('connect',()=>process.exit(0)).on('error',()=>process.exit(1));setTimeout(()=>process.exit(2),3000)`,
    ], { stdio: 'ignore', timeoutMs: 10000 });
    log(`    tcp connect ${address}:7777 ${code === 0 ? 'ok' : 'failed'}`);
    return code === 0;
  } finally {
    server.kill('SIGKILL');
  }
}

/** Waits until the process runs PROGRAM (its `unshare` is done and it exec'd). */
async function waitForComm(pid: number, program: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === program) return;
    } catch {
      // not there yet
    }
    if (Date.now() > end) throw new Error(`process ${pid} did not start ${program}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Runs the whole walk-through; resolves with what it observed. */
export async function runBlog(options: BlogOptions = {}): Promise<BlogResult> {
  const sandbox = options.sandbox ?? true;
  const log = options.log ?? ((s: string) => console.log(s));
  const ns1 = options.names?.ns1 ?? 'ns1';
  const ns2 = options.names?.ns2 ?? 'ns2';
  const ns3 = options.names?.ns3 ?? 'ns3';
  const step = (title: string, cmd?: string) => log(`\n## ${title}${cmd ? `\n$ ${cmd}` : ''}`);

  const h = await Netlink.open({ sandbox, ...(options.trace ? { trace: true } : {}) });
  let sleeper: ChildProcess | undefined;
  const created = { ns: [] as string[], links: [] as string[] };
  const result: BlogResult = { pingVeth: false, pingBridge: false, namespaces: [], identified: [], ns3Links: [], peerOfVethX: { index: 0 } };
  try {
    log(sandbox ? '(running in a private sandbox: user + network + mount namespace)' : '(running on the host)');

    // ---- Part 1: namespaces and veth pairs ------------------------------------------------
    step('Create two network namespaces', `ip netns add ${ns1}; ip netns add ${ns2}`);
    await h.netns.add(ns1);
    created.ns.push(ns1);
    await h.netns.add(ns2);
    created.ns.push(ns2);
    result.namespaces = (await h.netns.list()).map((n) => n.name);
    log(`    ${result.namespaces.join('\n    ')}`);

    step(`A new namespace has only a loopback device, and it is down`, `ip netns exec ${ns1} ip link`);
    const n1 = h.in(ns1);
    const n2 = h.in(ns2);
    log(`    ${fmtLinks(await n1.link.list())}`);

    step('Create a veth pair', 'ip link add vethX type veth peer name vethY');
    await h.link.add({ kind: 'veth', name: 'vethX', peer: { name: 'vethY' } });
    created.links.push('vethX');
    await h.link('vethX').up();
    await h.link('vethY').up();
    log(`    ${fmtLinks(await h.link.list({ kind: 'veth' }))}`);

    step(`Move one end into ${ns1}`, `ip link set vethY netns ${ns1}`);
    await h.link('vethY').setNetns(ns1);
    log(`    host:  ${fmtLinks(await h.link.list({ kind: 'veth' }))}`);
    log(`    ${ns1}:   ${fmtLinks(await n1.link.list({ kind: 'veth' }))}`);
    const peer = await h.link('vethX').peer();
    result.peerOfVethX = { index: peer.index, ...(peer.netns ? { netns: peer.netns } : {}), ...(peer.name ? { name: peer.name } : {}) };
    log(`    the peer of vethX: ifindex ${peer.index} (${peer.name}) in ${peer.netns ?? 'this namespace'} (nsid ${peer.nsid})`);
    log(`    ip netns list: ${(await h.netns.list()).map((n) => `${n.name}${n.id !== undefined ? ` (id: ${n.id})` : ''}`).join(', ')}`);

    step(`Connect ${ns1} and ${ns2} with a veth pair`, `ip link add veth1 netns ${ns1} type veth peer name veth2 netns ${ns2}`);
    await h.link.add({ kind: 'veth', name: 'veth1', netns: ns1, peer: { name: 'veth2', netns: ns2 } });

    step('Give them addresses and bring them up',
      `ip -n ${ns1} addr add 10.0.0.1/24 dev veth1; ip -n ${ns2} addr add 10.0.0.2/24 dev veth2; ip -n ${ns1} link set veth1 up; ...`);
    await n1.addr.add({ dev: 'veth1', address: '10.0.0.1/24' });
    await n2.addr.add({ dev: 'veth2', address: '10.0.0.2/24' });
    await Promise.all([n1.link('veth1').up(), n1.link('lo').up(), n2.link('veth2').up(), n2.link('lo').up()]);
    for (const [name, n] of [[ns1, n1], [ns2, n2]] as const) {
      for (const a of await n.addr.list({ family: 4 })) log(`    ${name}: ${a.dev} ${a.cidr}`);
    }

    step(`Ping ${ns2} from ${ns1}`, `ip netns exec ${ns1} ping -c 1 -W 2 10.0.0.2`);
    await n1.waitFor.link('veth1', (l) => l.lowerUp, { timeoutMs: 5000 });
    result.pingVeth = await ping(h, ns1, ns2, '10.0.0.2', log);
    log(result.pingVeth ? '    => reachable' : '    => NOT reachable');

    // ---- Part 2: a bridge ---------------------------------------------------------------
    step('Part 2: join namespaces with a bridge', 'ip link del vethX (its peer vethY goes too)');
    await h.link.delete('vethX');
    created.links.splice(created.links.indexOf('vethX'), 1);

    step('Create a bridge and bring it up', 'ip link add br0 type bridge; ip link set br0 up');
    await h.link.add({ kind: 'bridge', name: 'br0', up: true });
    created.links.push('br0');

    step(`One veth pair per namespace, the host ends on the bridge`,
      `ip link add vethX netns ${ns1} type veth peer name vethY; ip link add vethP netns ${ns2} type veth peer name vethQ; ip link set vethY master br0 up; ...`);
    await h.link.add({ kind: 'veth', name: 'vethY', master: 'br0', up: true, peer: { name: 'vethX', netns: ns1 } });
    created.links.push('vethY');
    await h.link.add({ kind: 'veth', name: 'vethQ', peer: { name: 'vethP', netns: ns2 } });
    created.links.push('vethQ');
    await h.link('vethQ').master('br0').up(); // one RTM_NEWLINK: master + up
    await n1.addr.add({ dev: 'vethX', address: '10.0.1.1/24' });
    await n2.addr.add({ dev: 'vethP', address: '10.0.1.2/24' });
    await Promise.all([n1.link('vethX').up(), n2.link('vethP').up()]);
    log(`    ports of br0: ${(await h.link.list({ master: 'br0' })).map((l) => `${l.name} (master ${l.masterName})`).join(', ')}`);

    step(`Ping across the bridge`, `ip netns exec ${ns1} ping -c 1 -W 2 10.0.1.2`);
    await n1.waitFor.link('vethX', (l) => l.lowerUp, { timeoutMs: 5000 });
    await h.waitFor.link('br0', (l) => l.operstate === 'UP', { timeoutMs: 10000 }).catch(() => undefined);
    result.pingBridge = await ping(h, ns1, ns2, '10.0.1.2', log);
    log(result.pingBridge ? '    => reachable' : '    => NOT reachable');

    // ---- Part 3: name the namespace of a running process ---------------------------------
    step('Part 3: attach the namespace of a running process', 'unshare -n sleep 30 &; ip netns attach ns3 $!');
    if (sandbox) {
      // Inside the sandbox the process must live in the sandbox's user namespace: start it through the helper.
      sleeper = await h.netns.spawn(ns1, ['unshare', '-n', 'sleep', '30'], { stdio: 'ignore' });
    } else {
      sleeper = spawn('unshare', ['-n', 'sleep', '30'], { stdio: 'ignore' });
    }
    const pid = sleeper.pid;
    if (pid === undefined) throw new Error('could not start unshare -n sleep 30');
    await waitForComm(pid, 'sleep');
    await h.netns.attach(ns3, pid);
    created.ns.push(ns3);
    result.identified = await h.netns.identify(pid);
    log(`    ip netns identify ${pid}: ${result.identified.join(' ')}`);
    log(`    ip netns pids ${ns3}: ${(await h.netns.pids(ns3)).join(' ')}`);
    const n3 = h.in(ns3);
    result.ns3Links = (await n3.link.list()).map((l) => l.name);
    log(`    ip -n ${ns3} link: ${result.ns3Links.join(', ')}`);
    await n3.close();
    return result;
  } finally {
    step('Clean up');
    if (sleeper && sleeper.exitCode === null) sleeper.kill('SIGKILL');
    for (const l of created.links.reverse()) await h.link.deleteIfExists(l).catch(() => undefined);
    for (const ns of created.ns.reverse()) await h.netns.delete(ns).catch(() => undefined);
    await h.close();
    log('    done');
  }
}

// Run when executed directly (not when imported by the tests).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runBlog({ sandbox: !process.argv.includes('--host'), trace: process.argv.includes('--trace') }).then(
    (r) => {
      console.log(`\nveth ping: ${r.pingVeth ? 'ok' : 'FAILED'}, bridge ping: ${r.pingBridge ? 'ok' : 'FAILED'}`);
      process.exitCode = r.pingVeth && r.pingBridge ? 0 : 1;
    },
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
