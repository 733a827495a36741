#!/usr/bin/env node
// Re-captures the iproute2 fixtures (test/fixtures/iproute2, format in its README): runs each
// scenario's commands with `ip` under strace and keeps every datagram exchanged on AF_NETLINK
// sockets, byte for byte, with the sockets' set-up, the commands' output and `-j` JSON.
//
//   npm run build && node scripts/capture-fixtures.mjs [--out DIR] [NAME | SCENARIO.json]...
//
// NAME re-captures test/fixtures/iproute2/NAME.json from its own setupCommands, commands and
// teardownCommands (no NAME: all of them); SCENARIO.json is a new scenario: a JSON object with
// name, description, setupCommands, commands, teardownCommands. Output goes to --out (default
// test/fixtures/iproute2). Root, strace and iproute2 are needed; the capture runs in a private
// mount + network namespace (scripts/isolated.mjs), so the host is never touched. Captures hold
// values of their run (seqs, pids, ifindexes, MACs, timestamps): review the diff, then update
// the README's table and kernel/iproute2 versions when they changed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const TRACED = 'sendmsg,recvmsg,sendto,recvfrom,socket,bind,setsockopt,getsockname,close,execve,clone,clone3,fork,vfork';
const STRACE = ['-f', '-ttt', '-T', '-xx', '-s', '1000000', '-e', `trace=${TRACED}`, '-e', 'read=all', '-e', 'write=all'];

function usage(msg) {
  console.error(`${msg ? `${msg}\n` : ''}usage: node scripts/capture-fixtures.mjs [--out DIR] [NAME | SCENARIO.json]...`);
  process.exit(2);
}

/** Splits a command line into words as sh would for the plain quoting the scenarios use. */
export function words(line) {
  const out = [];
  let cur = '';
  let quote = '';
  let any = false;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = '';
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      any = true;
    } else if (/\s/.test(ch)) {
      if (cur || any) out.push(cur);
      cur = '';
      any = false;
    } else cur += ch;
  }
  if (quote) throw new Error(`unbalanced quote in: ${line}`);
  if (cur || any) out.push(cur);
  return out;
}

function sh(argv) {
  return spawnSync(argv[0], argv.slice(1), { encoding: 'utf8' });
}

// ---------------------------------------------------------------------------------------------
// strace log → sockets and exchanges

/** Bytes of the hexdump lines strace prints after a call with read=all / write=all. */
function dumpBytes(lines) {
  // " | 00000  30 00 00 00 12 00 01 00  d4 f1 0c 6b 00 00 00 00  0..........k.... |":
  // the hex columns are characters 10 to 58; the ASCII column after them may look like hex.
  return lines.map((l) => l.slice(10, 59).trim().split(/\s+/).filter(Boolean).join('')).join('');
}

const unsigned = (n) => (n < 0 ? n + 2 ** 32 : n);

/**
 * Parses one command's strace log. `state` carries the socket numbering across the commands of
 * a scenario; returns nothing, appends to state.sockets and state.exchanges.
 */
export function parseStrace(log, cmd, state) {
  const calls = []; // { pid, text, dump: string[] }
  const pending = new Map();
  for (const line of log.split('\n')) {
    if (line.startsWith(' | ')) {
      calls.at(-1)?.dump.push(line);
      continue;
    }
    if (line.startsWith(' * ')) continue; // " * 52 bytes in buffer 0": iovec boundaries
    const m = /^(\d+) +[\d.]+ (.*)$/.exec(line);
    if (!m) continue;
    const pid = Number(m[1]);
    let text = m[2];
    if (text.endsWith('<unfinished ...>')) {
      pending.set(pid, text.slice(0, -'<unfinished ...>'.length).trimEnd());
      continue;
    }
    const resumed = /^<\.\.\. \w+ resumed>(.*)$/.exec(text);
    if (resumed) {
      text = (pending.get(pid) ?? '') + resumed[1];
      pending.delete(pid);
    }
    if (text.startsWith('+++') || text.startsWith('---')) continue;
    calls.push({ pid, text, dump: [] });
  }

  const byFd = (pid, fd) => state.open.get(`${pid}:${fd}`);
  for (const { pid, text, dump } of calls) {
    const call = /^(\w+)\((\d+)?/.exec(text);
    if (!call) continue;
    const name = call[1];
    const fd = call[2] === undefined ? undefined : Number(call[2]);
    const ret = /\) += (-?\d+)(?: [A-Z]+ \(.*\))?(?: <[\d.]+>)?$/.exec(text);
    const result = ret ? Number(ret[1]) : undefined;
    if (name === 'socket') {
      if (!text.startsWith('socket(AF_NETLINK,') || result === undefined || result < 0) continue;
      const socket = text.slice(0, text.indexOf(') = ') + 1);
      const protocol = /, (NETLINK_\w+|\d+)\)/.exec(socket)?.[1] ?? '';
      const s = { id: `s${state.sockets.length}`, cmd, pid, fd: result, socket, protocol, setsockopt: [] };
      state.sockets.push(s);
      state.open.set(`${pid}:${result}`, s);
    } else if (name === 'close' && fd !== undefined) {
      state.open.delete(`${pid}:${fd}`);
    } else if (name === 'execve' && result === 0) {
      for (const key of [...state.open.keys()]) if (key.startsWith(`${pid}:`)) state.open.delete(key); // SOCK_CLOEXEC
    } else if ((name === 'clone' || name === 'clone3' || name === 'fork' || name === 'vfork') && result !== undefined && result > 0) {
      for (const [key, s] of [...state.open]) if (key.startsWith(`${pid}:`)) state.open.set(`${result}:${key.split(':')[1]}`, s);
    } else if (fd !== undefined && byFd(pid, fd)) {
      const s = byFd(pid, fd);
      if (name === 'setsockopt') {
        const o = /^setsockopt\(\d+, (\w+), (\w+), (.*), \d+\) += (-?\d+)/.exec(text);
        if (o) s.setsockopt.push({ level: o[1], optname: o[2], value: o[3], result: Number(o[4]) });
      } else if (name === 'bind') {
        const b = /nl_pid=(-?\d+), nl_groups=([0-9a-f]+)/.exec(text);
        if (b) s.bind = { nl_pid: unsigned(Number(b[1])), nl_groups: `0x${b[2]}` };
      } else if (name === 'getsockname') {
        const g = /nl_pid=(-?\d+)/.exec(text);
        if (g && result === 0) s.portId = unsigned(Number(g[1]));
      } else if (name === 'sendmsg' || name === 'sendto' || name === 'recvmsg' || name === 'recvfrom') {
        if (result === undefined || result <= 0) continue;
        const request = name.startsWith('send');
        // iproute2 sizes each datagram with a zero-length MSG_PEEK|MSG_TRUNC read first: not data.
        if (!request && /\}, [A-Z_|]*MSG_PEEK[A-Z_|]*\) += /.test(text)) continue;
        const hex = dumpBytes(dump);
        if (!hex) throw new Error(`no hexdump after: ${text.slice(0, 120)}`);
        const e = { dir: request ? 'request' : 'response', hex: request ? hex : hex.slice(0, result * 2), cmd, socket: s.id, syscall: name };
        const addr = /msg_name=\{sa_family=AF_NETLINK, nl_pid=(-?\d+), nl_groups=([0-9a-f]+)\}/.exec(text);
        if (addr) {
          e.nlPid = unsigned(Number(addr[1]));
          e.nlGroups = parseInt(addr[2], 16);
        }
        if (request) e.iovecs = Number(/msg_iovlen=(\d+)/.exec(text)?.[1] ?? 1);
        state.exchanges.push(e);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Summaries (for readers; `hex` is the ground truth)

async function summarizer() {
  const lib = await import(join(ROOT, 'dist', 'bundle', 'index.js')).catch(() => undefined);
  if (!lib) throw new Error('dist/bundle is missing: run `npm run build` first');
  const { splitMessages, decodeLenient, rtnetlink } = lib;
  return (hex) => {
    const bytes = new Uint8Array(Buffer.from(hex, 'hex'));
    const out = [];
    let end = 0;
    const decoded = decodeLenient(bytes, rtnetlink, { decodeEchoedRequest: false });
    splitMessages(bytes, true).forEach((m, i) => {
      const entry = { offset: m.offset, len: m.length, type: m.type, typeName: decoded[i]?.message?.typeName ?? `TYPE_${m.type}`, flags: `0x${m.flags.toString(16).padStart(3, '0')}`, seq: m.seq, pid: m.pid };
      const body = decoded[i]?.message?.body;
      if (m.type === 2 && body) {
        entry.error = body.error;
        if (body.extack && Object.keys(body.extack).length) entry.extack = body.extack;
      }
      if (m.type === 3 && body) entry.error = body.status;
      out.push(entry);
      end = m.offset + ((m.length + 3) & ~3);
    });
    if (end < bytes.length) out.push({ offset: end, zeroPadding: bytes.length - end });
    return JSON.parse(JSON.stringify(out, (_k, v) => (typeof v === 'bigint' ? Number(v) : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v)));
  };
}

// ---------------------------------------------------------------------------------------------

function runAll(list, what) {
  for (const c of list) {
    const r = sh(words(c));
    if (r.status !== 0 && what === 'setup') throw new Error(`setup command failed: ${c}: ${(r.stderr || r.error?.message || '').trim()}`);
  }
}

async function capture(scenario, summarize) {
  const work = mkdtempSync(join(tmpdir(), 'pn-capture-'));
  const state = { sockets: [], exchanges: [], open: new Map() };
  const commandResults = [];
  const ipJson = [];
  try {
    runAll(scenario.setupCommands ?? [], 'setup');
    scenario.commands.forEach((command, index) => {
      const log = join(work, `cmd${index}.log`);
      const r = spawnSync('strace', [...STRACE, '-o', log, '--', ...words(command)], { encoding: 'utf8' });
      if (r.error) throw r.error;
      commandResults.push({ index, command, exitCode: r.status ?? -1, stdout: r.stdout, stderr: r.stderr });
      parseStrace(readFileSync(log, 'utf8'), index, state);
      state.open.clear();
      if (/(^|\s)-j(son)?(\s|$)/.test(command) && r.status === 0 && r.stdout.trim()) ipJson.push({ cmd: index, command, json: JSON.parse(r.stdout) });
    });
  } finally {
    runAll(scenario.teardownCommands ?? [], 'teardown');
    rmSync(work, { recursive: true, force: true });
  }
  const sockets = state.sockets.map(({ id, cmd, pid, fd, socket, protocol, setsockopt, bind, portId }) => ({ id, cmd, pid, fd, socket, protocol, setsockopt, ...(bind ? { bind } : {}), ...(portId !== undefined ? { portId } : {}) }));
  const exchanges = state.exchanges.map((e) => ({ ...e, summary: summarize(e.hex) }));
  return {
    name: scenario.name,
    straceVersion: sh(['strace', '-V']).stdout.split('\n')[0],
    description: scenario.description,
    kernelVersion: sh(['uname', '-r']).stdout.trim(),
    iproute2Version: sh(['ip', '-V']).stdout.trim(),
    machine: sh(['uname', '-m']).stdout.trim(),
    byteOrder: new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 'little' : 'big',
    captureMethod: `strace ${STRACE.join(' ')} -o LOG -- COMMAND`,
    setupCommands: scenario.setupCommands ?? [],
    commands: scenario.commands,
    commandResults,
    sockets,
    exchanges,
    ...(ipJson.length ? { ipJson } : {}),
    teardownCommands: scenario.teardownCommands ?? [],
  };
}

async function main() {
  const args = process.argv.slice(2);
  let out = join(ROOT, 'test', 'fixtures', 'iproute2');
  const targets = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--out') out = resolve(args[++i] ?? usage('--out needs a directory'));
    else if (args[i] === '-h' || args[i] === '--help') usage();
    else targets.push(args[i]);
  }
  if (process.getuid?.() !== 0) usage('capturing needs root (namespaces, links)');
  for (const tool of ['strace', 'ip']) if (sh([tool, '-V']).error) usage(`${tool} is not installed`);
  if (process.env.PURE_NETLINK_ISOLATED !== '1') {
    // Re-run inside a private mount + network namespace: the scenarios never touch the host.
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'isolated.mjs'), process.execPath, fileURLToPath(import.meta.url), ...args], { stdio: 'inherit' });
    process.exit(r.status ?? 1);
  }
  const repoDir = join(ROOT, 'test', 'fixtures', 'iproute2');
  const names = targets.length ? targets : readdirSync(repoDir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
  const summarize = await summarizer();
  for (const t of names) {
    const file = t.endsWith('.json') ? resolve(t) : join(repoDir, `${t}.json`);
    if (!existsSync(file)) usage(`no scenario ${file}`);
    const scenario = JSON.parse(readFileSync(file, 'utf8'));
    for (const k of ['name', 'description', 'commands']) if (!scenario[k]) usage(`${file}: no ${k}`);
    const fixture = await capture(scenario, summarize);
    const dest = join(out, `${scenario.name}.json`);
    writeFileSync(dest, `${JSON.stringify(fixture, null, 1)}\n`);
    console.log(`${basename(dest)}: ${fixture.commands.length} commands, ${fixture.exchanges.length} exchanges, ${fixture.ipJson?.length ?? 0} ipJson`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(`capture-fixtures: ${e.message}`);
    process.exit(1);
  });
}
