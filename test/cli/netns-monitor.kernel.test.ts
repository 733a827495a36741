/**
 * `ip netns ...` and `ip monitor` against iproute2.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);
import { afterAll, describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import { IP_DIFF_SKIP, pureIp, realIp, uniqueNs } from './helpers.js';
import { skipping } from '../support/probe.js';


describe.skipIf(skipping(IP_DIFF_SKIP))('ip netns', () => {
  const N1 = uniqueNs('n1');
  const N2 = uniqueNs('n2');
  afterAll(() => {
    for (const ns of [N1, N2]) realIp(['netns', 'del', ns]);
  });

  test('add, list, set, list-id, exec, pids, identify, delete', async () => {
    expect(await pureIp(['netns', 'add', N1])).toEqual({ code: 0, stdout: '', stderr: '' });
    const dup = await pureIp(['netns', 'add', N1]);
    const dupIp = realIp(['netns', 'add', N1]);
    expect(dup).toEqual(dupIp);
    expect(realIp(['netns', 'add', N2]).code).toBe(0);
    // ids as seen from N1
    expect((await pureIp(['-n', N1, 'netns', 'set', N2, '5'])).code).toBe(0);
    for (const args of [['-n', N1, 'netns', 'list-id'], ['-n', N1, '-j', 'netns', 'list-id'], ['-n', N1, 'netns', 'set', N2, '6']]) {
      expect(await pureIp(args), args.join(' ')).toEqual(realIp(args));
    }
    // `ip netns list` lists every namespace of the host: compare ours with ip's, as sets of lines
    const ours = (await pureIp(['netns', 'list'])).stdout.split('\n').sort();
    const theirs = realIp(['netns', 'list']).stdout.split('\n').sort();
    expect(ours).toEqual(theirs);
    const j1 = JSON.parse((await pureIp(['-j', 'netns', 'list'])).stdout) as unknown[];
    const j2 = JSON.parse(realIp(['-j', 'netns', 'list']).stdout) as unknown[];
    expect(j1.map((x) => JSON.stringify(x)).sort()).toEqual(j2.map((x) => JSON.stringify(x)).sort());
    for (const args of [['netns', 'exec', N1, 'ip', 'link'], ['netns', 'exec', N1, 'sh', '-c', 'echo hi; exit 3'], ['netns', 'pids', N1], ['netns', 'exec', 'nonexist-ns', 'true'], ['netns', 'pids', 'nonexist-ns'], ['netns', 'delete', 'nonexist-ns'], ['netns', 'add', 'a/b'], ['netns', 'set', N2], ['netns', 'exec', N1]]) {
      expect(await pureIp(args), args.join(' ')).toEqual(realIp(args));
    }
    expect(await pureIp(['netns', 'delete', N1])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(realIp(['netns', 'list']).stdout).not.toContain(N1 + '\n');
  }, 30000);
});

describe.skipIf(skipping(IP_DIFF_SKIP))('ip monitor', () => {
  const M = uniqueNs('mon');
  afterAll(() => {
    realIp(['netns', 'del', M]);
  });

  test('the same lines as ip monitor', async () => {
    expect(realIp(['netns', 'add', M]).code).toBe(0);
    realIp(['netns', 'exec', M, 'sysctl', '-qw', 'net.ipv6.conf.default.disable_ipv6=1']);
    for (const what of [['link', 'address', 'route'], ['all'], ['label', 'neigh', 'rule', 'nsid']]) {
      const child = spawn('ip', ['-n', M, 'monitor', ...what], { stdio: ['ignore', 'pipe', 'pipe'] });
      let theirs = '';
      child.stdout.setEncoding('utf8').on('data', (s: string) => (theirs += s));
      let ours = '';
      const ac = new AbortController();
      const done = main(['-n', M, 'monitor', ...what], { stdout: (s) => void (ours += s), stderr: (s) => void (ours += s), signal: ac.signal });
      // asynchronously: a blocking spawnSync would stall our monitor until the end
      const sh = async (a: string) => {
        await execFileP('ip', ['-n', M, ...a.split(' ')]);
        await new Promise((r) => setTimeout(r, 20));
      };
      // A marker change both monitors must have printed: before it, a monitor may not listen yet
      // (under load that takes more than any fixed wait); after it, everything was printed.
      const rules = what.includes('rule');
      const token = rules ? '10.9.9.0/24' : 'mk0';
      const marked = (out: string, from: number) => out.slice(from).split('\n').some((l) => /^(\[[A-Z]+\])?Deleted/.test(l) && l.includes(token));
      const sync = async (): Promise<[number, number]> => {
        const from: [number, number] = [ours.length, theirs.length];
        for (let attempt = 0; attempt < 40; attempt++) {
          if (rules) await sh('rule add from 10.9.9.0/24 table 99 pref 99').then(() => sh('rule del pref 99'));
          else await sh('link add mk0 type bridge').then(() => sh('link del mk0'));
          const until = Date.now() + 500;
          while (Date.now() < until && !(marked(ours, from[0]) && marked(theirs, from[1]))) await new Promise((r) => setTimeout(r, 20));
          if (marked(ours, from[0]) && marked(theirs, from[1])) return from;
        }
        throw new Error(`the monitors never both printed the marker: ${JSON.stringify({ ours, theirs })}`);
      };
      // Where the output after the first sync starts: the end of the last marker line.
      const afterMarker = (out: string, from: number) => {
        const lines = out.slice(from).split('\n');
        let last = -1;
        lines.forEach((l, i) => (l.includes(token) ? (last = i) : undefined));
        return from + lines.slice(0, last + 1).join('\n').length + 1;
      };
      const ready = await sync();
      await new Promise((r) => setTimeout(r, 200));
      const start: [number, number] = [afterMarker(ours, ready[0]), afterMarker(theirs, ready[1])];
      await sh('link add m0 type veth peer name m1');
      await sh('link set m0 up');
      await sh('addr add 192.0.2.1/24 dev m0');
      await sh('route add 198.51.100.0/24 via 192.0.2.254');
      await sh('neigh add 192.0.2.9 lladdr 02:00:00:00:00:09 dev m0');
      await sh('rule add from 10.0.0.0/8 table 100 pref 100');
      await sh('rule del pref 100');
      await sh('neigh del 192.0.2.9 dev m0');
      await sh('route del 198.51.100.0/24');
      await sh('addr del 192.0.2.1/24 dev m0');
      await sh('link del m0');
      const end = await sync();
      child.kill('SIGTERM');
      ac.abort();
      expect(await done).toBe(0);
      // Up to the final marker's first line (events are printed in the socket's order).
      const upToMarker = (out: string, from: number, to: number) => {
        const lines = out.slice(from).split('\n');
        const lastBefore = out.slice(from, to).split('\n').length - 1;
        const i = lines.findIndex((l, k) => k >= lastBefore && l.includes(token));
        return lines.slice(0, i < 0 ? lines.length : i).join('\n');
      };
      // NETCONF notifications are not supported by pure-ip (the API has no netconf group)
      const norm = (s: string) => s.split('\n').filter((l) => !l.startsWith('[NETCONF]')).join('\n').replace(/link\/ether \S+/g, 'link/ether X').replace(/lladdr \S+ /g, 'lladdr X ');
      const mine = norm(upToMarker(ours, start[0], end[0]));
      const theirsCut = norm(upToMarker(theirs, start[1], end[1]));
      expect(mine).toContain('m0');
      expect(mine.split('\n'), what.join(' ')).toEqual(theirsCut.split('\n'));
    }
  }, 120_000);
});
