#!/usr/bin/env node
// Benchmarks: the same jobs with pure-netlink (the fluent API and pure-ip), iproute2, pyroute2 and
// the Go library (vishvananda/netlink) side by side in one run, as ratios against `ip`, with each
// process's peak RSS. Root only (it makes its own namespaces, pnb-*, and deletes them).
//
//   npm run build && node bench/run.mjs [--routes N] [--million N] [--runs K] [--only JOB] [--readme]
//
// Jobs: dump 100,000 routes; in-process decode of that dump (MB/s per CPU second); a million
// routes through a slow pipe (peak RSS); dump 1000 links with details (against `node -e 0`,
// Node's own start); create and delete 1000 links; 300 veth pairs moved into a namespace; 1000
// short calls from a shell script (--calls N). The floor is a plain C loop that only reads the
// route dump (bench/floor.c, built here with the system compiler); the Go program is
// bench/go/dump.go (Debian's golang-go and golang-github-vishvananda-netlink-dev). Runs are
// interleaved (tool A, tool B, ..., then again), medians of --runs. Without --only, --readme
// rewrites the README's table (between its bench markers) from this run.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
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

const MILLION = Number(opt('--million', 1000000));
const README = args.includes('--readme');
const have = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
// Debian's python3-pyroute2 lives in /usr/bin/python3's path (a pyenv python3 may shadow it).
const PY = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import pyroute2'], { stdio: 'ignore' }).status === 0);
const havePyroute2 = PY !== undefined;

// Peak RSS of a child: GNU time's %M (Debian's `time` package), when installed.
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)];
};

/** One run of a command: wall seconds and peak RSS in MiB (stdout to a pipe we drain, or to `sh -c` redirections). */
function once(cmd, argv, check) {
  const wrapped = TIME ? [TIME, ['-f', 'pnb-rss %M', cmd, ...argv]] : [cmd, argv];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(wrapped[0], wrapped[1], { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  const t1 = process.hrtime.bigint();
  const err = r.stderr.toString();
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed: ${err}`);
  check?.(r.stdout.toString());
  const m = /pnb-rss (\d+)/.exec(err);
  return { seconds: Number(t1 - t0) / 1e9, rss: m ? Number(m[1]) / 1024 : undefined };
}

/**
 * Rows of tools measured interleaved (one run of each in turn, `runs` times): medians of the
 * wall time and of the peak RSS, and the median of the per-round ratio to the first row (the
 * machine is shared: a ratio within one round is steadier than absolute times).
 */
function timeRows(tools, { runs = RUNS, setup } = {}) {
  const samples = tools.map(() => []);
  for (let i = 0; i < runs; i++) {
    tools.forEach((t, j) => {
      if (t.runs !== undefined && i >= t.runs) return;
      (t.setup ?? setup)?.();
      samples[j].push(once(t.cmd, t.argv, t.check));
    });
  }
  return tools.map((t, j) => {
    const s = samples[j];
    const rss = s.every((x) => x.rss !== undefined) ? median(s.map((x) => x.rss)) : undefined;
    const ratios = s.map((x, i) => x.seconds / samples[0][i].seconds);
    return { tool: t.tool, seconds: median(s.map((x) => x.seconds)), rssMiB: rss, pairedRatio: median(ratios) };
  });
}

/** Median wall time in seconds of `runs` runs of a command (stdout discarded). */
function time(cmd, argv, { runs = RUNS, setup, check } = {}) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    setup?.();
    samples.push(once(cmd, argv, check).seconds);
  }
  return median(samples);
}

function sh(cmd) {
  execFileSync('sh', ['-c', cmd], { stdio: 'inherit' });
}

const results = [];
function report(job, rows) {
  const ipRow = rows.find((r) => r.tool.startsWith('ip '));
  const base = ipRow?.seconds;
  console.log(`\n## ${job}\n`);
  console.log('| tool | seconds | × ip | peak RSS |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const r of rows) {
    // Rows timed with the ip row in the same rounds use the paired ratio (ip's row is first).
    const ratioToIp = base === undefined ? undefined : r.pairedRatio !== undefined && rows[0] === ipRow ? r.pairedRatio : r.seconds / base;
    const rss = r.rssMiB !== undefined ? `${r.rssMiB.toFixed(0)} MiB` : '';
    console.log(`| ${r.tool} | ${r.seconds.toFixed(3)} | ${ratioToIp !== undefined ? ratioToIp.toFixed(2) : ''} | ${rss} |`);
    results.push({ job, ...r, ratioToIp });
  }
}

const node = process.execPath;
const haveCli = existsSync(cli);

// The Go library: bench/go/dump.go built against Debian's packaged source (GOPATH mode).
const GOPATH = '/usr/share/gocode';
let goDump;
if (have('go') && existsSync(join(GOPATH, 'src/github.com/vishvananda/netlink'))) {
  goDump = join(tmp, 'go-dump');
  execFileSync('go', ['build', '-o', goDump, join(here, 'go', 'dump.go')], {
    env: { ...process.env, GOPATH, GO111MODULE: 'off', GOFLAGS: '', GOCACHE: process.env.GOCACHE ?? join(tmp, 'gocache') },
    stdio: 'inherit',
  });
}

// ---- dump N routes -------------------------------------------------------------------------
if (!ONLY || ONLY === 'routes' || ONLY === 'decode') {
  const ns = `pnb-routes-${suffix}`;
  try {
    sh(`bash ${join(here, 'setup-routes.sh')} ${ns} ${ROUTES}`);
    if (!ONLY || ONLY === 'routes') {
      const floor = join(tmp, 'floor');
      const tools = [{ tool: 'ip route show', cmd: 'ip', argv: ['-n', ns, 'route', 'show'] }];
      if (have('cc')) {
        execFileSync('cc', ['-O2', '-o', floor, join(here, 'floor.c')]);
        tools.push({ tool: 'floor (C loop, read only)', cmd: 'ip', argv: ['netns', 'exec', ns, floor] });
      }
      tools.push({ tool: 'ip -j route show', cmd: 'ip', argv: ['-n', ns, '-j', 'route', 'show'] });
      if (haveCli) {
        tools.push({ tool: 'pure-ip route show', cmd: node, argv: [cli, '-n', ns, 'route', 'show'] });
        tools.push({ tool: 'pure-ip -j route show', cmd: node, argv: [cli, '-n', ns, '-j', 'route', 'show'] });
      }
      tools.push({ tool: 'pure-netlink API route.list() (all tables)', cmd: node, argv: [join(here, 'api-routes.mjs'), ns, 'list'] });
      tools.push({ tool: 'pure-netlink API route.stream() (all tables)', cmd: node, argv: [join(here, 'api-routes.mjs'), ns, 'stream'] });
      tools.push({ tool: 'pure-netlink Session (dump + decode)', cmd: node, argv: [join(here, 'dump-routes.mjs'), ns] });
      if (goDump) tools.push({ tool: 'Go vishvananda/netlink RouteList', cmd: 'ip', argv: ['netns', 'exec', ns, goDump, 'routes'] });
      if (havePyroute2) tools.push({ tool: 'pyroute2 get_routes()', cmd: 'ip', argv: ['netns', 'exec', ns, PY, join(here, 'pyroute2_routes.py')], runs: Math.min(RUNS, 3) });
      report(`dump ${ROUTES} routes`, timeRows(tools));
    }
    if (!ONLY || ONLY === 'decode') {
      const out = execFileSync(node, [join(here, 'decode-routes.mjs'), ns, String(Math.max(RUNS, 7))], { encoding: 'utf8' });
      const d = JSON.parse(out.trim().split('\n').pop());
      console.log(`\n## in-process decode of the ${ROUTES}-route dump\n\n${(d.bytes / 1e6).toFixed(1)} MB, ${d.messages} messages: ${d.mbPerSec.toFixed(0)} MB/s per CPU second (${(d.perSec / 1e6).toFixed(2)} M messages/s)`);
      results.push({ job: 'decode', tool: 'pure-netlink decode()', seconds: d.cpuSeconds, mbPerSec: d.mbPerSec, bytes: d.bytes, messages: d.messages });
    }
  } finally {
    spawnSync('ip', ['netns', 'del', ns]);
  }
}

// ---- a million routes through a slow pipe: peak RSS ----------------------------------------
// The reader takes 64 KiB every 2 ms (bench/slow-reader.py): a command that ignores stdout's
// backpressure piles the whole output up in memory.
if ((!ONLY || ONLY === 'million') && MILLION > 0) {
  const ns = `pnb-million-${suffix}`;
  try {
    sh(`bash ${join(here, 'setup-routes.sh')} ${ns} ${MILLION}`);
    const slow = `${PY ?? 'python3'} ${join(here, 'slow-reader.py')}`;
    const piped = (cmd) => ['-c', `set -o pipefail; ${cmd} | ${slow}`];
    // sh's own RSS is small; GNU time reports the largest child of the pipeline's shell.
    const tools = [{ tool: 'ip route show, to a slow reader', cmd: 'bash', argv: piped(`ip -n ${ns} route show`) }];
    if (haveCli) {
      tools.push({ tool: 'pure-ip route show, to a slow reader', cmd: 'bash', argv: piped(`${node} ${cli} -n ${ns} route show`) });
      tools.push({ tool: 'pure-ip -j route show, to a slow reader', cmd: 'bash', argv: piped(`${node} ${cli} -n ${ns} -j route show`) });
    }
    tools.push({ tool: 'pure-netlink API route.stream()', cmd: node, argv: [join(here, 'api-routes.mjs'), ns, 'stream'] });
    report(`${MILLION} routes through a slow pipe (peak RSS)`, timeRows(tools, { runs: 1 }));
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
    const dump = [
      { tool: 'ip -d link show', cmd: 'ip', argv: ['-n', ns, '-d', 'link', 'show'] },
      { tool: 'ip -j -d link show', cmd: 'ip', argv: ['-n', ns, '-j', '-d', 'link', 'show'] },
      { tool: 'node -e 0 (Node\'s own start)', cmd: node, argv: ['-e', '0'] },
      { tool: 'pure-netlink Session (dump + decode)', cmd: node, argv: [join(here, 'links.mjs'), ns, 'dump', String(N)] },
    ];
    if (haveCli) dump.push({ tool: 'pure-ip -d link show', cmd: node, argv: [cli, '-n', ns, '-d', 'link', 'show'] });
    if (goDump) dump.push({ tool: 'Go vishvananda/netlink LinkList', cmd: 'ip', argv: ['netns', 'exec', ns, goDump, 'links'] });
    if (havePyroute2) dump.push({ tool: 'pyroute2 get_links()', cmd: 'ip', argv: py('dump'), runs: 3 });
    const rows = timeRows(dump);
    report('dump 1000 links with details', rows);
    const start = rows.find((r) => r.tool.startsWith('node -e 0'));
    const ours = rows.find((r) => r.tool === 'pure-ip -d link show');
    if (start && ours) {
      console.log(`\npure-ip -d link show / node -e 0: ${(ours.seconds / start.seconds).toFixed(2)}`);
      results.push({ job: 'dump 1000 links with details', tool: 'pure-ip -d link show / node -e 0', ratio: ours.seconds / start.seconds });
    }

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
writeFileSync(join(here, 'results.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, routes: ROUTES, million: MILLION, runs: RUNS, results }, null, 2) + '\n');
if (README && !ONLY) {
  const { readmeTable } = await import('./readme-table.mjs');
  const file = join(root, 'README.md');
  const text = readFileSync(file, 'utf8');
  const begin = '<!-- bench:begin -->';
  const end = '<!-- bench:end -->';
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`README.md has no ${begin} ... ${end} section`);
  writeFileSync(file, text.slice(0, i + begin.length) + '\n' + readmeTable(results, { routes: ROUTES, million: MILLION, runs: RUNS }) + text.slice(j));
  console.log('README.md: bench table rewritten');
}
