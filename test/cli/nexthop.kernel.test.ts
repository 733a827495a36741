/**
 * `pure-ip nexthop` against `ip nexthop` (iproute2 6.1): the same commands run through pure-ip
 * in one namespace and through ip in another must answer the same (output, errors, exit codes)
 * and leave the same state, read by both tools (text, -d, -j); the change requests must be ip's
 * bytes (strace). Root, ip and strace needed.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { IP_DIFF_SKIP, pureIp, realIp, uniqueNs } from './helpers.js';
import { requestsSent, straceMissing } from '../support/requests.js';
import { skipping } from '../support/probe.js';

const SETUP = [
  'link set lo up',
  'link add v0 type veth peer name v1',
  'link set v0 up',
  'link set v1 up',
  'addr add 10.0.0.1/24 dev v0',
  '-6 addr add 2001:db8::1/64 dev v0 nodad',
];

/** Run in order on each side; later commands see the earlier ones' state. */
const COMMANDS = [
  'nexthop add id 1 via 10.0.0.2 dev v0',
  'nexthop add id 2 via 10.0.0.3 dev v0 protocol static',
  'nexthop add id 3 blackhole',
  'nexthop add id 4 via 2001:db8::2 dev v0',
  '-6 nexthop add id 12 via 2001:db8::3 dev v0',
  'nexthop add id 5 group 1/2,10',
  'nexthop add id 6 group 1,3/2 type resilient buckets 8 idle_timer 10 unbalanced_timer 20',
  'nexthop add id 13 group 1/2 type resilient',
  'nexthop add id 14 group 1/2 type mpath',
  'nexthop add id 7 via 10.0.0.9 fdb',
  'nexthop add id 8 group 7 fdb',
  'nexthop add id 9 dev v0',
  'nexthop add id 11 via 10.0.0.2 dev v0 onlink',
  'nexthop replace id 9 dev v0 protocol bgp',
  'nexthop replace id 2 via 10.0.0.4 dev v0 protocol static',
  'nexthop add id 15 encap mpls 100/200 via 10.0.0.2 dev v0',
  'nexthop add id 16 encap mpls 300 ttl 5 via 10.0.0.2 dev v0',
  'route add 10.50.0.0/16 nhid 5',
  // routes on a single nexthop, an encap, a resilient group, a blackhole, IPv6 (nh_info with -d)
  'route add 10.51.0.0/16 nhid 1',
  'route add 10.52.0.0/16 nhid 16',
  'route add 10.53.0.0/16 nhid 6',
  'route add 10.54.0.0/16 nhid 3',
  '-6 route add 2001:db8:5::/48 nhid 12',
  '-d route show 10.51.0.0/16',
  '-d -j route show 10.50.0.0/16',
  // errors: the kernel's and the parser's
  'nexthop add id 1 via 10.0.0.2 dev v0',
  'nexthop add id 20 dev nosuch0',
  'nexthop add id 20 group 1/x',
  'nexthop add id 20 group 1,0',
  'nexthop add id 20 group 99',
  'nexthop add id 20 group 1/2 type foo',
  'nexthop add id x',
  'nexthop add id 20 dev v0 via 2001:db8::5',
  'nexthop add id 20 via inet6 10.0.0.5',
  'nexthop add id 20 bogus',
  'nexthop del id 99',
  'nexthop get id 99',
  'nexthop bogus',
  'nexthop help',
  'nexthop bucket bogus',
  'nexthop get',
  // listings with selectors
  'nexthop show',
  '-d nexthop show',
  '-j nexthop show',
  '-j -p nexthop list',
  'nexthop show groups',
  'nexthop show dev v0',
  'nexthop show protocol 4',
  '-6 nexthop show',
  'nexthop get id 6',
  '-j nexthop get id 5',
  'nexthop show id 4',
  'nexthop show dev nosuch0',
  'nexthop show master nosuch0',
  'nexthop show vrf v0',
  'nexthop show bogus',
  // deletions
  'nexthop del id 11',
  'nexthop flush id 4',
  'nexthop flush protocol 186',
];

/** The state, read by `ip` and `pure-ip` alike. */
const SHOWS = [
  'nexthop show', '-d nexthop show', '-j nexthop show', 'nexthop show groups', 'nexthop show fdb',
  'route show', '-d route show', '-d -j route show', '-6 -d route show', '-6 -d -j route show',
];

const created: string[] = [];
afterAll(() => {
  for (const ns of created) realIp(['netns', 'del', ns]);
});

function nsWithSetup(tag: string): string {
  const ns = uniqueNs(tag);
  expect(realIp(['netns', 'add', ns]).code).toBe(0);
  created.push(ns);
  for (const c of SETUP) {
    const r = realIp(['-n', ns, ...c.split(' ')]);
    expect(r.code, `${c}: ${r.stderr}`).toBe(0);
  }
  return ns;
}

describe.skipIf(skipping(IP_DIFF_SKIP))('pure-ip nexthop = ip nexthop', () => {
  let A = '';
  let B = '';
  beforeAll(() => {
    A = nsWithSetup('nha');
    B = nsWithSetup('nhb');
  });

  for (const c of COMMANDS) {
    test(c, async () => {
      const words = c.split(' ');
      const ours = await pureIp(['-n', A, ...words]);
      const theirs = realIp(['-n', B, ...words]);
      expect(ours).toEqual(theirs);
    });
  }

  for (const c of SHOWS) {
    test(`state: ${c}`, async () => {
      const words = c.split(' ');
      const byIp = realIp(['-n', B, ...words]);
      expect(byIp.code).toBe(0);
      expect(byIp.stdout.length).toBeGreaterThan(0);
      // built by pure-ip, read by ip; built by ip, read by pure-ip
      expect(realIp(['-n', A, ...words])).toEqual(byIp);
      expect(await pureIp(['-n', B, ...words])).toEqual(byIp);
    });
  }

  test('bucket show / get (idle times differ between runs: compared without them)', async () => {
    const idle = (s: string) => s.replace(/idle_time"?:? ?[0-9.e+-]+/g, 'idle_time T');
    for (const c of ['nexthop bucket show', '-j nexthop bucket show id 6', 'nexthop bucket show nhid 1', 'nexthop bucket get id 6 index 3']) {
      const words = c.split(' ');
      const theirs = realIp(['-n', B, ...words]);
      const ours = await pureIp(['-n', B, ...words]);
      expect(theirs.code, c).toBe(0);
      expect(theirs.stdout.length, c).toBeGreaterThan(0);
      expect({ ...ours, stdout: idle(ours.stdout) }, c).toEqual({ ...theirs, stdout: idle(theirs.stdout) });
    }
  });

  test('flush (groups first, then the rest)', async () => {
    const ours = await pureIp(['-n', A, 'nexthop', 'flush']);
    const theirs = realIp(['-n', B, 'nexthop', 'flush']);
    expect(ours).toEqual(theirs);
    expect(theirs.stdout).toMatch(/^Flushed \d+ nexthops\n$/);
    expect(await pureIp(['-n', A, 'nexthop', 'flush'])).toEqual({ code: 0, stdout: 'Nothing to flush\n', stderr: '' });
    expect(realIp(['-n', A, 'nexthop', 'show']).stdout).toBe('');
  });
});

/** Change requests compared byte for byte (the usual argument orders). */
const REQUESTS = [
  'nexthop add id 1 via 10.0.0.2 dev v0',
  'nexthop add id 2 via 2001:db8::2 dev v0 protocol static',
  'nexthop add id 3 blackhole',
  'nexthop add id 4 group 1/2,10',
  'nexthop add id 5 group 1,3/2 type resilient buckets 8 idle_timer 10 unbalanced_timer 20',
  'nexthop add id 6 group 1/2 type resilient',
  'nexthop add id 7 group 1 type mpath',
  'nexthop add id 8 via 10.0.0.9 fdb',
  'nexthop add id 9 group 8 fdb',
  'nexthop add id 10 via 10.0.0.2 dev v0 onlink',
  'nexthop replace id 1 via 10.0.0.3 dev v0',
  '-4 nexthop add id 11 dev v0',
  'nexthop add id 12 encap mpls 100/200 via 10.0.0.2 dev v0',
  'nexthop del id 10',
  'nexthop flush',
];

describe.skipIf(skipping(IP_DIFF_SKIP, straceMissing()))('nexthop requests like ip (strace)', () => {
  let A = '';
  let B = '';
  beforeAll(() => {
    A = nsWithSetup('nqa');
    B = nsWithSetup('nqb');
  });
  for (const c of REQUESTS) {
    test(c, () => {
      const words = c.split(' ');
      const ours = requestsSent('pure-ip', ['-n', A, ...words]);
      const theirs = requestsSent('ip', ['-n', B, ...words]);
      expect({ code: ours.code, stderr: ours.stderr }).toEqual({ code: theirs.code, stderr: theirs.stderr });
      expect(ours.requests).toEqual(theirs.requests);
      expect(theirs.requests.length, 'ip sent a change').toBeGreaterThan(0);
    });
  }
});
