/**
 * pure-ynl, in process, as root on the host inside a throwaway namespace: the kernel's ynl CLI
 * conventions (spec spellings in --json and in the output, --output-json, --list-ops, -n,
 * --subscribe) with `genl ctrl list`, `ethtool` and `ip` as oracles.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/ynl/main.js';
import { NOT_ROOT, skipping } from '../support/probe.js';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const ns = `pny-${randomBytes(4).toString('hex')}`;

async function ynl(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

describe.skipIf(skipping(NOT_ROOT))('pure-ynl', () => {
  beforeAll(() => {
    execFileSync('ip', ['netns', 'add', ns]);
    execFileSync('ip', ['-n', ns, 'link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb']);
  });
  afterAll(() => {
    execFileSync('ip', ['netns', 'del', ns]);
  });

  it('--family nlctrl --dump getfamily lists every family `genl ctrl list` lists', async () => {
    const r = await ynl('--family', 'nlctrl', '--dump', 'getfamily', '--output-json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const ours = (JSON.parse(r.stdout) as Array<{ 'family-name': string; 'family-id': number }>).map((f) => `${f['family-name']} ${f['family-id']}`);
    const text = execFileSync('genl', ['ctrl', 'list'], { encoding: 'utf8' });
    const theirs = [...text.matchAll(/^Name: (\S+)\n\s+ID: (0x[0-9a-f]+)/gm)].map((m) => `${m[1]} ${Number(m[2])}`);
    expect(ours.sort()).toEqual(theirs.sort());
  });

  it('--do with --json in spec spellings answers what `ethtool -l` shows', async () => {
    const r = await ynl('-n', ns, '--family', 'ethtool', '--do', 'channels-get', '--json', '{"header":{"dev-name":"va"}}', '--output-json');
    expect(r.code).toBe(0);
    const reply = JSON.parse(r.stdout);
    expect(reply.header['dev-name']).toBe('va');
    const text = execFileSync('ip', ['netns', 'exec', ns, 'ethtool', '-l', 'va'], { encoding: 'utf8' });
    const current = text.split('Current hardware settings:')[1]!;
    expect(reply['rx-count']).toBe(Number(/^RX:\s+(\d+)/m.exec(current)![1]));
    expect(reply['tx-count']).toBe(Number(/^TX:\s+(\d+)/m.exec(current)![1]));
    // Without --output-json: the same, indented.
    const pretty = await ynl('-n', ns, '--family', 'ethtool', '--do', 'channels-get', '--json', '{"header":{"dev-name":"va"}}');
    expect(JSON.parse(pretty.stdout)).toEqual(reply);
    expect(pretty.stdout).toContain('\n  "rx-count"');
  });

  it('--dump netdev dev-get lists the interfaces `ip link` lists', async () => {
    const r = await ynl('-n', ns, '--family', 'netdev', '--dump', 'dev-get', '--output-json');
    const ours = (JSON.parse(r.stdout) as Array<{ ifindex: number }>).map((d) => d.ifindex).sort();
    const theirs = (JSON.parse(execFileSync('ip', ['-n', ns, '-j', 'link', 'show'], { encoding: 'utf8' })) as Array<{ ifindex: number }>).map((l) => l.ifindex).sort();
    expect(ours).toEqual(theirs);
  });

  it('a kernel error prints the errno, the extended ACK and the attribute in spec spelling', async () => {
    const r = await ynl('-n', ns, '--family', 'ethtool', '--do', 'channels-set', '--json', '{"header":{"dev-name":"va"},"rx-count":1000}');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Netlink error: Invalid argument (EINVAL)\n\terror: -22\textack: {"msg":"requested channel count exceeds maximum","bad-attr":".rx-count"}\n');
  });

  it('a misspelt attribute, operation or family is named before anything is sent', async () => {
    const attr = await ynl('-n', ns, '--family', 'ethtool', '--do', 'channels-get', '--json', '{"header":{"dev-nam":"va"}}');
    expect(attr.code).toBe(1);
    expect(attr.stderr).toMatch(/header\.dev-nam: header has no attribute "dev-nam" \(attributes: dev-index, dev-name/);
    const op = await ynl('--family', 'ethtool', '--do', 'chanels-get');
    expect(op.code).toBe(2);
    expect(op.stderr).toMatch(/ethtool has no operation "chanels-get"/);
    const fam = await ynl('--family', 'nope', '--list-ops');
    expect(fam.stderr).toMatch(/unknown family "nope"/);
  });

  it('--list-ops lists every operation with its modes', async () => {
    const r = await ynl('--family', 'ethtool', '--list-ops');
    expect(r.stdout).toMatch(/^channels-get \[do, dump\]$/m);
    expect(r.stdout).toMatch(/^channels-set \[do\]$/m);
    expect(r.stdout).toMatch(/^channels-ntf \[notify\]$/m);
  });

  it('--subscribe prints notifications as {name, msg}', async () => {
    const sub = ynl('-n', ns, '--family', 'ethtool', '--subscribe', 'monitor', '--count', '1', '--duration', '20', '--output-json');
    // Change the channels until the subscription has seen one (its socket joins asynchronously).
    let done = false;
    void sub.then(() => (done = true));
    for (let rx = 1; !done && rx < 200; rx++) {
      execFileSync('ip', ['netns', 'exec', ns, 'ethtool', '-L', 'va', 'rx', String((rx % 2) + 1)]);
      await new Promise((r) => setTimeout(r, 100));
    }
    const r = await sub;
    expect(r.code).toBe(0);
    const n = JSON.parse(r.stdout.trim().split('\n')[0]!);
    expect(n.name).toBe('channels-ntf');
    expect(n.msg.header['dev-name']).toBe('va');
  });
});
