/**
 * Run inside the VM lane (scripts/vm/run.sh 'npx tsx test/vm/capture-kinds.ts'): builds
 * test/vm/state.ts's namespace with `ip`, then records, for each `ip -d` show command, iproute2's
 * output and the kernel's answers to our own dumps of the same state, as a fixture in the shared
 * captures' format (test/fixtures/recorded/vm-link-kinds.json). test/cli/captures.test.ts
 * replays it on any machine: pure-ip's text and JSON must equal iproute2's.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rtnetlink } from '../../src/rtnl/family.js';
import { NETLINK_ROUTE } from '../../src/netlink/constants.js';
import type { Request } from '../../src/netlink/message.js';
import { Session } from '../../src/netlink/session.js';
import { HelperProcess } from '../../src/netlink/transport/helper.js';
import { addrDump, linkDump } from '../../src/rtnl/index.js';
import { REPO_ROOT } from '../support/fixtures.js';
import { KIND_STATE } from './state.js';

const NS = 'vmk';
const OUT = join(REPO_ROOT, 'test', 'fixtures', 'recorded', 'vm-link-kinds.json');

const toHex = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

execFileSync('ip', ['netns', 'add', NS]);
const failed: string[] = [];
for (const cmd of KIND_STATE) {
  const r = spawnSync('ip', ['-n', NS, ...cmd.split(' ')], { encoding: 'utf8' });
  if (r.status !== 0) failed.push(`ip ${cmd}: ${r.stderr.trim()}`);
}

const helper = await HelperProcess.start();
let current = 0;
const exchanges: Array<{ dir: 'response'; hex: string; cmd: number; socket: string; syscall: string }> = [];
const session = new Session({ family: rtnetlink, timeoutMs: 60_000, observer: { received: (d) => void exchanges.push({ dir: 'response', hex: toHex(d), cmd: current, socket: 's0', syscall: 'recvmsg' }) } });
session.attach(await helper.openSocket({ protocol: NETLINK_ROUTE, netns: { kind: 'name', name: NS } }, session.sink));

const SHOWS: Array<{ args: string[]; dumps: Array<() => { request: Request<any> }> }> = [
  { args: ['-d', 'link', 'show'], dumps: [() => linkDump()] },
  { args: ['-d', '-j', 'link', 'show'], dumps: [() => linkDump()] },
  { args: ['-d', 'addr', 'show'], dumps: [() => linkDump(), () => addrDump()] },
  { args: ['-d', '-j', 'addr', 'show'], dumps: [() => linkDump(), () => addrDump()] },
];
const commands: string[] = [];
const commandResults: Array<{ index: number; command: string; exitCode: number; stdout: string; stderr: string }> = [];
const ipJson: Array<{ cmd: number; command: string; json: unknown }> = [];
for (const [index, show] of SHOWS.entries()) {
  current = index;
  const command = `ip -n ${NS} ${show.args.join(' ')}`;
  const r = spawnSync('ip', ['-n', NS, ...show.args], { encoding: 'utf8' });
  for (const d of show.dumps) await session.dump(d().request).toArray();
  commands.push(command);
  commandResults.push({ index, command, exitCode: r.status ?? -1, stdout: r.stdout, stderr: r.stderr });
  if (show.args.includes('-j')) ipJson.push({ cmd: index, command, json: JSON.parse(r.stdout) });
}
await session.close();
await helper.close();
execFileSync('ip', ['netns', 'del', NS]);

const fixture = {
  name: 'vm-link-kinds',
  description: `Every link kind of Debian's ${execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim()} kernel, built by iproute2 (test/vm/state.ts) in the VM lane; the responses are the kernel's answers to pure-netlink's own dumps (RecordingTransport-style, one socket), stdout and ipJson are iproute2's for the same state.`,
  kernelVersion: execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim(),
  iproute2Version: execFileSync('ip', ['-V'], { encoding: 'utf8' }).trim(),
  byteOrder: 'little',
  captureMethod: 'test/vm/capture-kinds.ts in scripts/vm/run.sh',
  machine: process.arch,
  setupCommands: [`ip netns add ${NS}`, ...KIND_STATE.map((c) => `ip -n ${NS} ${c}`)],
  commands,
  commandResults,
  sockets: [{ id: 's0', cmd: 0, protocol: 'NETLINK_ROUTE' }],
  exchanges,
  ipJson,
  teardownCommands: [`ip netns del ${NS}`],
};
writeFileSync(OUT, `${JSON.stringify(fixture, null, 1)}\n`);
console.log(`wrote ${OUT}: ${exchanges.length} datagrams`);
if (failed.length) {
  console.log(`state commands that failed:\n${failed.join('\n')}`);
  process.exitCode = 1;
}
