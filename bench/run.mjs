#!/usr/bin/env node
// Benchmarks: the same jobs with pure-netlink, iproute2 and pyroute2, side by side in one run,
// with ratios against `ip`. Root only (it makes its own namespaces, pnb-*, and deletes them).
//
//   npm run build && node bench/run.mjs [--routes N] [--runs K] [--only JOB]
//
// Jobs (DESIGN.md section 6): dump 100,000 routes; dump 1000 links with details; create and
// delete 1000 links; 300 veth pairs moved into a namespace; 1000 short calls from a shell
// script (--calls N), against `node -e 0` as often. The floor is a plain C loop that
// only reads the route dump (bench/floor.c, built here with the system compiler).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const ROUTES = Number(opt('--routes', 100000));
const cli = join(root, 'dist', 'bundle', 'pure-ip.js');
const RUNS = Number(opt('--runs', 5));
const ONLY = opt('--only', '');
const tmp = mkdtempSync(join(tmpdir(), 'pnb-'));
const suffix = String(process.pid);

if (process.getuid() !== 0) {
  console.error('bench/run.mjs needs root (it creates namespaces)');
  process.exit(1);
}
if (!existsSync(join(root, 'dist', 'bundle', 'index.js'))) {
  console.error('run `npm run build` first');
  process.exit(1);
}

const have = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
// Debian's python3-pyroute2 lives in /usr/bin/python3's path (a pyenv python3 may shadow it).
const PY = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import pyroute2'], { stdio: 'ignore' }).status === 0);
const havePyroute2 = PY !== undefined;

/** Median wall time in seconds of `runs` runs of a command (stdout discarded). */
function time(cmd, argv, { runs = RUNS, setup, check } = {}) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    setup?.();
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
    const t1 = process.hrtime.bigint();
    if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed: ${r.stderr}`);
    check?.(r.stdout.toString());
    samples.push(Number(t1 - t0) / 1e9);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

function sh(cmd) {
  execFileSync('sh', ['-c', cmd], { stdio: 'inherit' });
}

const results = [];
function report(job, rows) {
  const base = rows.find((r) => r.tool.startsWith('ip '))?.seconds;
  console.log(`\n## ${job}\n`);
  console.log('| tool | seconds | × ip |');
  console.log('| --- | ---: | ---: |');
  for (const r of rows) {
    const ratio = base ? (r.seconds / base).toFixed(2) : '';
    console.log(`| ${r.tool} | ${r.seconds.toFixed(3)} | ${ratio} |`);
    results.push({ job, ...r, ratioToIp: base ? r.seconds / base : undefined });
  }
}

const node = process.execPath;
const haveCli = existsSync(cli);

// ---- dump N routes -------------------------------------------------------------------------
if (!ONLY || ONLY === 'routes') {
  const ns = `pnb-routes-${suffix}`;
  try {
    sh(`bash ${join(here, 'setup-routes.sh')} ${ns} ${ROUTES}`);
    const floor = join(tmp, 'floor');
    const rows = [];
    if (have('cc')) {
      execFileSync('cc', ['-O2', '-o', floor, join(here, 'floor.c')]);
      rows.push({ tool: 'floor (C loop, read only)', seconds: time('ip', ['netns', 'exec', ns, floor]) });
    }
    rows.push({ tool: 'ip route show', seconds: time('ip', ['-n', ns, 'route', 'show']) });
    rows.push({ tool: 'ip -j route show', seconds: time('ip', ['-n', ns, '-j', 'route', 'show']) });
    rows.push({ tool: 'pure-netlink library (node process: dump + decode)', seconds: time(node, [join(here, 'dump-routes.mjs'), ns]) });
    if (haveCli) {
      rows.push({ tool: 'pure-ip route show', seconds: time(node, [cli, '-n', ns, 'route', 'show']) });
      rows.push({ tool: 'pure-ip -j route show', seconds: time(node, [cli, '-n', ns, '-j', 'route', 'show']) });
    }
    if (havePyroute2) {
      rows.push({ tool: 'pyroute2 get_routes()', seconds: time('ip', ['netns', 'exec', ns, PY, join(here, 'pyroute2_routes.py')], { runs: Math.min(RUNS, 3) }) });
    }
    report(`dump ${ROUTES} routes`, rows);
  } finally {
    spawnSync('ip', ['netns', 'del', ns]);
  }
}

// ---- create and delete 1000 links, dump them with details ------------------------------------
// Every run starts from a fresh namespace (deleting links one by one would make the setup cost
// more than the job: each unregister waits for an RCU grace period).
if (!ONLY || ONLY === 'links') {
  const ns = `pnb-links-${suffix}`;
  const N = 1000;
  const addBatch = join(tmp, 'links-add');
  const delBatch = join(tmp, 'links-del');
  writeFileSync(addBatch, Array.from({ length: N }, (_, i) => `link add b${i} type bridge\n`).join(''));
  writeFileSync(delBatch, Array.from({ length: N }, (_, i) => `link del b${i}\n`).join(''));
  const fresh = () => {
    spawnSync('ip', ['netns', 'del', ns]);
    spawnSync('ip', ['netns', 'add', ns]);
    // The kernel cleans a deleted namespace up later, holding the RTNL lock for as long as
    // unregistering its links takes: wait for that before timing anything.
    spawnSync('ip', ['-n', ns, 'link', 'add', 'probe', 'type', 'bridge']);
    spawnSync('ip', ['-n', ns, 'link', 'del', 'probe']);
  };
  const filled = () => {
    fresh();
    spawnSync('ip', ['-n', ns, '-batch', addBatch], { stdio: 'ignore' });
  };
  try {
    const py = (job) => ['netns', 'exec', ns, PY, join(here, 'pyroute2_links.py'), job, String(N)];
    const add = [];
    add.push({ tool: 'ip -batch (1000 × link add bridge)', seconds: time('ip', ['-n', ns, '-batch', addBatch], { runs: 3, setup: fresh }) });
    add.push({ tool: 'pure-netlink library (1000 × link add, batched)', seconds: time(node, [join(here, 'links.mjs'), ns, 'add', String(N)], { runs: 3, setup: fresh }) });
    if (havePyroute2) add.push({ tool: 'pyroute2 (1000 × link add)', seconds: time('ip', py('add'), { runs: 3, setup: fresh }) });
    report('create 1000 links', add);

    filled();
    const dump = [];
    dump.push({ tool: 'ip -d link show', seconds: time('ip', ['-n', ns, '-d', 'link', 'show']) });
    dump.push({ tool: 'ip -j -d link show', seconds: time('ip', ['-n', ns, '-j', '-d', 'link', 'show']) });
    dump.push({ tool: 'pure-netlink library (dump + decode)', seconds: time(node, [join(here, 'links.mjs'), ns, 'dump', String(N)]) });
    if (haveCli) dump.push({ tool: 'pure-ip -d link show', seconds: time(node, [cli, '-n', ns, '-d', 'link', 'show']) });
    if (havePyroute2) dump.push({ tool: 'pyroute2 get_links()', seconds: time('ip', py('dump'), { runs: 3 }) });
    report('dump 1000 links with details', dump);

    // Kernel-bound (~37 ms per bridge unregister here): one run each.
    const del = [];
    del.push({ tool: 'ip -batch (1000 × link del)', seconds: time('ip', ['-n', ns, '-batch', delBatch], { runs: 1, setup: filled }) });
    del.push({ tool: 'pure-netlink library (1000 × link del, batched)', seconds: time(node, [join(here, 'links.mjs'), ns, 'del', String(N)], { runs: 1, setup: filled }) });
    if (havePyroute2) del.push({ tool: 'pyroute2 (1000 × link del)', seconds: time('ip', py('del'), { runs: 1, setup: filled }) });
    report('delete 1000 links', del);
  } finally {
    spawnSync('ip', ['netns', 'del', ns]);
  }
}

// ---- 300 veth pairs moved into a namespace ---------------------------------------------------
if (!ONLY || ONLY === 'veth') {
  const ns = `pnb-veth-${suffix}`;
  const target = `pnb-vtgt-${suffix}`;
  const N = 300;
  try {
    sh(`ip netns add ${ns} && ip netns add ${target}`);
    const batch = join(tmp, 'veth');
    writeFileSync(batch, Array.from({ length: N }, (_, i) => `link add v${i} type veth peer name w${i}\nlink set w${i} netns ${target}\n`).join(''));
    const reset = () => {
      spawnSync('ip', ['netns', 'del', ns]);
      spawnSync('ip', ['netns', 'del', target]);
      spawnSync('ip', ['netns', 'add', ns]);
      spawnSync('ip', ['netns', 'add', target]);
    };
    const rows = [];
    rows.push({ tool: 'ip -batch (300 × veth add + set netns)', seconds: time('ip', ['-n', ns, '-batch', batch], { runs: 3, setup: reset }) });
    rows.push({ tool: 'pure-netlink library (300 × veth add + set netns, batched)', seconds: time(node, [join(here, 'veth.mjs'), ns, target, String(N), 'move'], { runs: 3, setup: reset }) });
    rows.push({ tool: 'pure-netlink library (300 veth pairs, peer created in the target)', seconds: time(node, [join(here, 'veth.mjs'), ns, target, String(N), 'direct'], { runs: 3, setup: reset }) });
    if (havePyroute2) rows.push({ tool: 'pyroute2 (300 × veth add + set netns)', seconds: time('ip', ['netns', 'exec', ns, PY, join(here, 'pyroute2_veth.py'), target, String(N)], { runs: 3, setup: reset }) });
    report('300 veth pairs moved into a namespace', rows);
  } finally {
    spawnSync('ip', ['netns', 'del', ns]);
    spawnSync('ip', ['netns', 'del', target]);
  }
}

// ---- many short calls (a shell script driving ip) --------------------------------------------
// Scripts written for `ip` call it thousands of times: each pure-ip call pays Node's start. The
// same script runs CALLS short commands (`link show lo`, `route show`, `addr show dev lo`,
// `link set lo up`) with ip, with pure-ip, and `node -e 0` as many times (Node's own start).
if (!ONLY || ONLY === 'short') {
  const ns = `pnb-short-${suffix}`;
  const CALLS = Number(opt('--calls', 1000));
  try {
    sh(`ip netns add ${ns} && ip -n ${ns} link set lo up`);
    const cmds = ['link show lo', 'route show', 'addr show dev lo', 'link set lo up'];
    const script = (prefix) => {
      const file = join(tmp, `short-${prefix.replace(/\W+/g, '_')}.sh`);
      const lines = Array.from({ length: CALLS }, (_, i) => `${prefix} ${cmds[i % cmds.length]} >/dev/null`);
      writeFileSync(file, `set -e\n${lines.join('\n')}\n`);
      return file;
    };
    const rows = [];
    rows.push({ tool: `ip (${CALLS} calls)`, seconds: time('sh', [script(`ip -n ${ns}`)], { runs: 1 }) });
    if (haveCli) rows.push({ tool: `pure-ip (${CALLS} calls)`, seconds: time('sh', [script(`${node} ${cli} -n ${ns}`)], { runs: 1 }) });
    rows.push({ tool: `node -e 0 (${CALLS} starts, the floor of any Node CLI)`, seconds: time('sh', [script(`${node} -e 0`)], { runs: 1 }) });
    report(`${CALLS} short calls from a shell script`, rows);
  } finally {
    spawnSync('ip', ['netns', 'del', ns]);
  }
}

rmSync(tmp, { recursive: true, force: true });
writeFileSync(join(here, 'results.json'), JSON.stringify({ date: new Date().toISOString(), routes: ROUTES, runs: RUNS, results }, null, 2) + '\n');
