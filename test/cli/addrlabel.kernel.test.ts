/**
 * `pure-ip addrlabel` against `ip addrlabel` (iproute2 6.1): the same commands in two namespaces
 * answer the same and leave the same table, read by both tools (text and -j); add / del requests
 * are ip's bytes (strace). Root, ip and strace needed.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { IP_DIFF_SKIP, pureIp, realIp, uniqueNs } from './helpers.js';
import { requestsSent, straceMissing } from '../support/requests.js';
import { skipping } from '../support/probe.js';

const SETUP = ['link set lo up', 'link add v0 type veth peer name v1'];

const COMMANDS = [
  'addrlabel add prefix 2001:db8::/32 label 100',
  'addrlabel add prefix 2001:db9::/48 dev v0 label 7',
  'addrlabel add prefix 2001:dbc::1 label 8',
  'addrlabel add prefix 2001:db8::/32 label 100',
  'addrlabel add prefix 2001:dba::/32',
  'addrlabel add label 3',
  'addrlabel add prefix 2001:dba::/32 label x',
  'addrlabel add prefix 2001:dba::/32 label 4294967295',
  'addrlabel add prefix 2001:dba::/32 dev nosuch0 label 1',
  'addrlabel add prefix zz label 5',
  'addrlabel del prefix 2001:dbb::/32 label 1',
  'addrlabel del prefix 2001:dbc::1/128 label 8',
  'addrlabel',
  'addrlabel list',
  '-j addrlabel show',
  '-j -p addrlabel lst',
  'addrlabel list foo',
  'addrlabel flush x',
  'addrlabel bogus',
  'addrlabel help',
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

describe.skipIf(skipping(IP_DIFF_SKIP))('pure-ip addrlabel = ip addrlabel', () => {
  let A = '';
  let B = '';
  beforeAll(() => {
    A = nsWithSetup('ala');
    B = nsWithSetup('alb');
  });

  for (const c of COMMANDS) {
    test(c, async () => {
      const words = c.split(' ');
      expect(await pureIp(['-n', A, ...words])).toEqual(realIp(['-n', B, ...words]));
    });
  }

  for (const c of ['addrlabel', '-j addrlabel']) {
    test(`state: ${c}`, async () => {
      const words = c.split(' ');
      const byIp = realIp(['-n', B, ...words]);
      expect(byIp.stdout).toContain('2001:db9::');
      expect(realIp(['-n', A, ...words])).toEqual(byIp);
      expect(await pureIp(['-n', B, ...words])).toEqual(byIp);
    });
  }

  test('flush empties the table (the defaults too)', async () => {
    expect(await pureIp(['-n', A, 'addrlabel', 'flush'])).toEqual(realIp(['-n', B, 'addrlabel', 'flush']));
    expect(realIp(['-n', A, 'addrlabel']).stdout).toBe('');
    expect(realIp(['-n', B, 'addrlabel']).stdout).toBe('');
  });
});

describe.skipIf(skipping(IP_DIFF_SKIP, straceMissing()))('addrlabel requests like ip (strace)', () => {
  let A = '';
  let B = '';
  beforeAll(() => {
    A = nsWithSetup('alqa');
    B = nsWithSetup('alqb');
  });
  for (const c of ['addrlabel add prefix 2001:db8::/32 label 100', 'addrlabel add prefix 2001:db9::/48 dev v0 label 7', 'addrlabel del prefix 2001:db8::/32 label 100']) {
    test(c, () => {
      const words = c.split(' ');
      const ours = requestsSent('pure-ip', ['-n', A, ...words]);
      const theirs = requestsSent('ip', ['-n', B, ...words]);
      expect({ code: ours.code, stderr: ours.stderr }).toEqual({ code: theirs.code, stderr: theirs.stderr });
      expect(ours.requests).toEqual(theirs.requests);
      expect(theirs.requests.length).toBeGreaterThan(0);
    });
  }
});
