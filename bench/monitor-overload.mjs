#!/usr/bin/env node
// Monitors under overload, measured (root; namespaces pnm-*, deleted at the end):
//
//   npm run build && node --expose-gc bench/monitor-overload.mjs [--links N]
//
// 1. A consumer that stops reading while N links are added, set up, given an mtu and renamed
//    (4N changes): events queued and heap growth, with flow control (queueLimit 1000, the
//    default) and without (queueLimit 1e9: Node buffers everything, the kernel never overruns);
//    then the time from resuming to a view equal to `ip -j link`.
// 2. The helper frozen (SIGSTOP) during the same flood (4 MiB receive buffer): time from SIGCONT
//    to a view equal to `ip -j link`.
import { spawn, spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { Netlink, TimeoutError } = await import(join(root, 'dist', 'bundle', 'index.js'));
const args = process.argv.slice(2);
const N = Number(args[args.indexOf('--links') + 1] || 2100);
if (process.getuid() !== 0) {
  console.error('needs root (it creates namespaces)');
  process.exit(1);
}
const gc = globalThis.gc ?? (() => {});
let count = 0;

function ip(ns, ...a) {
  const r = spawnSync('ip', ['-n', ns, ...a], { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`ip ${a.join(' ')}: ${r.stderr}`);
  return r.stdout;
}
function flood(ns, round) {
  const lines = [];
  for (let i = 0; i < N; i++) lines.push(`link add b${round}x${i} type bridge`);
  for (let i = 0; i < N; i++) lines.push(`link set b${round}x${i} up`);
  for (let i = 0; i < N; i++) lines.push(`link set b${round}x${i} mtu ${1000 + (i % 400)}`);
  for (let i = 0; i < N; i++) lines.push(`link set b${round}x${i} down`, `link set b${round}x${i} name r${round}x${i}`);
  // Not spawnSync: the monitor must go on reading (or not) while the flood runs.
  return new Promise((resolve, reject) => {
    const p = spawn('ip', ['-n', ns, '-batch', '-'], { stdio: ['pipe', 'ignore', 'inherit'] });
    p.on('close', (code) => (code === 0 ? resolve(lines.length) : reject(new Error(`ip -batch exited ${code}`))));
    p.stdin.end(lines.join('\n') + '\n');
  });
}
const kernel = (ns) => JSON.stringify(JSON.parse(ip(ns, '-j', 'link')).map((l) => [l.ifindex, l.ifname, l.mtu]).sort((a, b) => a[0] - b[0]));
const mine = (view) => JSON.stringify([...view].map(([i, l]) => [i, l.name, l.mtu]).sort((a, b) => a[0] - b[0]));

async function settle(mon, view, ns) {
  const start = Date.now();
  let unsynced = false;
  for (;;) {
    let ev = null;
    try {
      ev = await mon.next(200);
    } catch (e) {
      if (!(e instanceof TimeoutError)) throw e;
    }
    if (ev === undefined) throw new Error('monitor ended');
    if (ev) {
      if (ev.kind === 'overrun') unsynced = true;
      if (ev.kind === 'synced') unsynced = false;
      if (ev.kind === 'link') ev.action === 'new' ? view.set(ev.object.index, ev.object) : view.delete(ev.object.index);
      continue;
    }
    if (!unsynced && kernel(ns) === mine(view)) return Date.now() - start;
    if (Date.now() - start > 120000) throw new Error('not consistent after 120 s');
  }
}

async function scenario(label, monitorOptions, freeze) {
  const ns = `pnm-${process.pid}-${++count}`;
  spawnSync('ip', ['netns', 'add', ns]);
  const h = await Netlink.open({ netns: ns });
  try {
    const mon = h.monitor({ groups: ['link'], existing: true, resync: true, ...monitorOptions });
    const view = new Map();
    for (;;) {
      const ev = await mon.next(20000);
      if (ev.kind === 'link') view.set(ev.object.index, ev.object);
      if (ev.kind === 'synced') break;
    }
    const helper = await h.helper();
    gc();
    const heap0 = process.memoryUsage().heapUsed;
    let maxQueued = 0;
    const sampler = setInterval(() => (maxQueued = Math.max(maxQueued, mon.queued)), 5);
    if (freeze) helper.kill('SIGSTOP');
    const changes = await flood(ns, count);
    if (freeze) helper.kill('SIGCONT');
    // Until nothing more arrives (the queue stops growing for a second).
    for (let last = -1, since = Date.now(); Date.now() - since < 1000; ) {
      await new Promise((r) => setTimeout(r, 100));
      if (mon.queued !== last) (last = mon.queued), (since = Date.now());
    }
    clearInterval(sampler);
    maxQueued = Math.max(maxQueued, mon.queued);
    gc();
    const heap = process.memoryUsage().heapUsed - heap0;
    const ms = await settle(mon, view, ns);
    const stall = freeze ? '' : `, at most ${maxQueued} events queued, heap +${(heap / 2 ** 20).toFixed(1)} MiB while stalled`;
    console.log(`${label}: ${changes} changes${stall}; ${view.size} links equal to ip -j link ${ms} ms after ${freeze ? 'SIGCONT' : 'reading resumed'}`);
    await mon.close();
  } finally {
    await h.close();
    spawnSync('ip', ['netns', 'del', ns]);
  }
}

await scenario('stalled consumer, flow control (queueLimit 1000)', {}, false);
await scenario('stalled consumer, no flow control (queueLimit 1e9)', { queueLimit: 1e9 }, false);
await scenario('helper frozen by SIGSTOP, 4 MiB receive buffer', {}, true);
