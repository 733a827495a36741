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
      await new Promise((r) => setTimeout(r, 600));
      // asynchronously: a blocking spawnSync would stall our monitor until the end
      const sh = async (a: string) => {
        await execFileP('ip', ['-n', M, ...a.split(' ')]);
        await new Promise((r) => setTimeout(r, 20));
      };
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
      await new Promise((r) => setTimeout(r, 600));
      child.kill('SIGTERM');
      ac.abort();
      expect(await done).toBe(0);
      // NETCONF notifications are not supported by pure-ip (the API has no netconf group)
      const norm = (s: string) => s.split('\n').filter((l) => !l.startsWith('[NETCONF]')).join('\n').replace(/link\/ether \S+/g, 'link/ether X').replace(/lladdr \S+ /g, 'lladdr X ');
      expect(norm(ours).split('\n'), what.join(' ')).toEqual(norm(theirs).split('\n'));
    }
  }, 30000);
});
