/**
 * Audit: bad input to the fluent API is a ValidationError (or EncodeError) before anything is
 * sent, on a live sandbox with a tracer counting what goes out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EncodeError, ValidationError } from '../../src/netlink/errors.js';
import { sandbox, type Sandbox } from './util.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await sandbox('v', { trace: true });
});
afterAll(async () => {
  await sb?.close();
});

async function rejectsBeforeSending(what: string, op: () => PromiseLike<unknown>): Promise<void> {
  const before = sb.sent.length;
  let err: unknown;
  try {
    await op();
  } catch (e) {
    err = e;
  }
  expect(err instanceof ValidationError || err instanceof EncodeError, `${what}: ${String(err)}`).toBe(true);
  expect(sb.sent.length, `${what} sent something`).toBe(before);
}

describe('audit: API validation before anything is sent', () => {
  it('interface names, numbers out of range, addresses, namespaces', async () => {
    const h = sb.h;
    const cases: Array<[string, () => PromiseLike<unknown>]> = [
      ['16-byte name', () => h.link.add({ kind: 'veth', name: 'x'.repeat(16), peer: { name: 'y' } } as never)],
      ['name with /', () => h.link.add({ kind: 'veth', name: 'a/b', peer: { name: 'y' } } as never)],
      ['name with space', () => h.link.add({ kind: 'veth', name: 'a b', peer: { name: 'y' } } as never)],
      ['name .', () => h.link.add({ kind: 'veth', name: '.', peer: { name: 'y' } } as never)],
      ['peer name ..', () => h.link.add({ kind: 'veth', name: 'ok', peer: { name: '..' } } as never)],
      ['mtu -1', () => h.link('lo').mtu(-1)],
      ['mtu 1.5', () => h.link('lo').mtu(1.5)],
      ['mtu 2^32', () => h.link('lo').mtu(2 ** 32)],
      ['mac zz', () => h.link('lo').address('zz:zz')],
      ['mac empty', () => h.link('lo').address('')],
      ['table 2^32', () => h.route.add({ dst: '10.9.0.0/16', dev: 'lo', table: 2 ** 32 } as never)],
      ['metric -1', () => h.route.add({ dst: '10.9.0.0/16', dev: 'lo', metric: -1 } as never)],
      ['cidr /33', () => h.addr.add({ dev: 'lo', address: '10.0.0.1/33' } as never)],
      ['cidr 256', () => h.addr.add({ dev: 'lo', address: '10.0.0.256/24' } as never)],
      ['cidr garbage', () => h.addr.add({ dev: 'lo', address: 'fe80:::1/64' } as never)],
      ['netns ..', () => sb.root.netns.add('..')],
      ['netns a/b', () => sb.root.netns.add('a/b')],
      ['netns 256 chars', () => sb.root.netns.add('n'.repeat(256))],
      ['neigh unknown protocol', () => h.neigh.add({ dev: 'lo', address: '10.0.0.9', lladdr: '02:00:00:00:00:01', protocol: 'nonsense' } as never)],
      ['nexthop weight 0', () => h.route.add({ dst: '10.9.0.0/16', nexthops: [{ dev: 'lo', weight: 0 }] } as never)],
      ['tuntap long name', () => sb.h.tuntap.add({ name: 'x'.repeat(16), mode: 'tap' } as never)],
    ];
    for (const [what, op] of cases) await rejectsBeforeSending(what, op);
    // The tracer does see what is sent (the checks above are not vacuous).
    const before = sb.sent.length;
    await h.link.list();
    expect(sb.sent.length).toBeGreaterThan(before);
  });
});
