/**
 * `-batch FILE` / `-b FILE` and `-force`: the same file through pure-ip and ip (each in its own
 * namespace) gives the same output, errors (`Command failed FILE:LINE`), exit code and state.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parseBatch } from '../../src/cli/batch.js';
import { IP_DIFF_SKIP, pureIp, realIp, uniqueNs } from './helpers.js';
import { skipping } from '../support/probe.js';

const dir = mkdtempSync(join(tmpdir(), 'pure-ip-batch-'));

test('parseBatch: comments, quotes, continuation lines, blank lines', () => {
  const lines = parseBatch('link add a type dummy # c\n\n  # only a comment\naddr add 10.0.0.1/24 \\\n dev a\nlink set a alias "two words"\n');
  expect(lines).toEqual([
    { lineno: 1, argv: ['link', 'add', 'a', 'type', 'dummy'] },
    { lineno: 5, argv: ['addr', 'add', '10.0.0.1/24', 'dev', 'a'] },
    { lineno: 6, argv: ['link', 'set', 'a', 'alias', 'two words'] },
  ]);
});

describe.skipIf(skipping(IP_DIFF_SKIP))('batch like ip -batch', () => {
  const spaces: string[] = [];
  afterAll(() => {
    for (const ns of spaces) realIp(['netns', 'del', ns]);
  });

  const script = (lines: string[]) => lines.join('\n') + '\n';
  const state = (ns: string) => {
    const links = JSON.parse(realIp(['-n', ns, '-j', 'link']).stdout) as Array<{ ifname: string; flags: string[]; mtu: number }>;
    const routes = JSON.parse(realIp(['-n', ns, '-j', 'route', 'show', 'table', 'all']).stdout) as unknown[];
    const addrs = (JSON.parse(realIp(['-n', ns, '-j', '-4', 'addr']).stdout) as Array<{ ifname: string; addr_info: Array<{ local: string; prefixlen: number }> }>).map((l) => [l.ifname, l.addr_info.map((a) => `${a.local}/${a.prefixlen}`)]);
    return { links: links.map((l) => [l.ifname, l.flags, l.mtu]), routes: routes.map((r) => JSON.stringify(r)).sort(), addrs };
  };

  const run = async (lines: string[], extra: string[]) => {
    const nsA = uniqueNs('ba');
    const nsB = uniqueNs('bb');
    for (const ns of [nsA, nsB]) {
      expect(realIp(['netns', 'add', ns]).code).toBe(0);
      spaces.push(ns);
    }
    const file = join(dir, `b-${nsA}.txt`);
    writeFileSync(file, script(lines));
    const ours = await pureIp(['-n', nsA, ...extra, '-batch', file]);
    const theirs = realIp(['-n', nsB, ...extra, '-batch', file]);
    return { ours, theirs, sA: state(nsA), sB: state(nsB) };
  };

  const LINES = [
    'link add v0 type veth peer name v1',
    'link add v2 type veth peer name v3',
    'link set v0 up',
    'link set v1 up mtu 1400',
    'addr add 192.0.2.1/24 dev v0',
    'addr add 192.0.2.1/24 dev v0',
    'addr add 198.51.100.1/24 dev v1',
    'route add 203.0.113.0/24 via 192.0.2.254',
    'route add 10.0.0.0/8 via 203.0.113.1',
    'link show dev v0',
    '-j route show',
    'route show',
    'link del v2',
    'link set nonexist0 up',
  ];

  test('stops at the first failure without -force', async () => {
    const { ours, theirs, sA, sB } = await run(LINES.filter((l) => !l.startsWith('-j')), []);
    expect(ours.code).toBe(theirs.code);
    expect(ours.stderr.replaceAll(/b-pc-ba-\d+-\d+/g, 'F')).toBe(theirs.stderr.replaceAll(/b-pc-ba-\d+-\d+/g, 'F'));
    expect(ours.stdout).toBe(theirs.stdout);
    expect(sA).toEqual(sB);
  }, 60000);

  test('-force goes on and reports every failing line', async () => {
    const { ours, theirs, sA, sB } = await run(LINES.filter((l) => !l.startsWith('-j')), ['-force']);
    expect(ours.code).toBe(theirs.code);
    expect(ours.stderr.replaceAll(/b-pc-ba-\d+-\d+/g, 'F')).toBe(theirs.stderr.replaceAll(/b-pc-ba-\d+-\d+/g, 'F'));
    const strip = (s: string) => s.replace(/link\/ether \S+/g, 'link/ether X');
    expect(strip(ours.stdout)).toBe(strip(theirs.stdout));
    expect(sA).toEqual(sB);
  }, 60000);

  test('many independent lines in flight give the same result', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 60; i++) lines.push(`link add a${i} type veth peer name b${i}`);
    for (let i = 0; i < 60; i++) lines.push(`link set a${i} up`);
    for (let i = 0; i < 60; i++) lines.push(`addr add 10.${i}.0.1/24 dev a${i}`);
    lines.push('addr add 10.0.0.1/24 dev a0');
    for (let i = 0; i < 20; i++) lines.push(`route add 172.16.${i}.0/24 via 10.${i}.0.254`);
    lines.push('link add a5 type veth peer name zz');
    const { ours, theirs, sA, sB } = await run(lines, ['-force']);
    expect(ours.code).toBe(theirs.code);
    expect(ours.stderr.replaceAll(/b-pc-ba-\d+-\d+/g, 'F')).toBe(theirs.stderr.replaceAll(/b-pc-ba-\d+-\d+/g, 'F'));
    expect(sA).toEqual(sB);
  }, 60000);

  test('a missing file', async () => {
    const ours = await pureIp(['-batch', join(dir, 'nope')]);
    const theirs = realIp(['-batch', join(dir, 'nope')]);
    expect(ours).toEqual(theirs);
  });

  test('a usage error ends the batch like exit()', async () => {
    const { ours, theirs } = await run(['link add v0 type veth peer name v1', 'route add 1.2.3.0/24 via 1.2.3.4 via 2.3.4.5', 'link del v0'], ['-force']);
    expect(ours.code).toBe(theirs.code);
    expect(ours.stderr).toBe(theirs.stderr);
  }, 60000);
});
