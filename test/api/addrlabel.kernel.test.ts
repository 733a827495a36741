/**
 * handle.addrlabel: the IPv6 address label table, built by the API and read by `ip -j addrlabel`,
 * built by `ip` and read by the API; delete, flush, errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../src/api/index.js';
import { sandbox, type Sandbox } from './util.js';

let s: Sandbox;
beforeAll(async () => {
  s = await sandbox('al');
  await s.h.link('lo').up();
  await s.h.link.add({ kind: 'veth', name: 'v0', peer: { name: 'v1' } });
});
afterAll(async () => {
  await s?.close();
});

describe('handle.addrlabel', () => {
  it('add, read back by ip -j; entries made by ip read by list()', async () => {
    const before = await s.h.addrlabel.list();
    expect(before.length).toBeGreaterThan(0); // the kernel's RFC 6724 defaults
    await s.h.addrlabel.add({ prefix: '2001:db8::/32', label: 100 });
    await s.h.addrlabel.add({ prefix: '2001:db9::/48', dev: 'v0', label: 7 });
    const theirs = (await s.ipj('addrlabel', 'list')) as Array<Record<string, unknown>>;
    expect(theirs).toContainEqual({ address: '2001:db8::', prefixlen: 32, label: 100 });
    expect(theirs).toContainEqual({ address: '2001:db9::', prefixlen: 48, ifname: 'v0', label: 7 });
    expect((await s.ip('addrlabel', 'add', 'prefix', '2001:dba::/40', 'label', '9')).code).toBe(0);
    const ours = await s.h.addrlabel.list();
    expect(ours.length).toBe(theirs.length + 1);
    expect(ours.find((l) => l.prefix === '2001:dba::/40')).toMatchObject({ address: '2001:dba::', prefixlen: 40, label: 9 });
    expect(ours.find((l) => l.prefix === '2001:db9::/48')).toMatchObject({ dev: 'v0', label: 7 });
  });

  it('errors', async () => {
    await expect(s.h.addrlabel.add({ prefix: '2001:db8::/32', label: 100 })).rejects.toMatchObject({ code: 'EEXIST' });
    await expect(s.h.addrlabel.delete({ prefix: '2001:dbf::/32', label: 1 })).rejects.toBeInstanceOf(NotFoundError);
    await expect(s.h.addrlabel.add({ prefix: '10.0.0.0/8', label: 1 })).rejects.toBeInstanceOf(ValidationError);
    await expect(s.h.addrlabel.add({ prefix: '2001:db8::/32', label: 0xffffffff })).rejects.toBeInstanceOf(ValidationError);
    await expect(s.h.addrlabel.add({ prefix: '2001:dbe::/32', label: 1, dev: 'nosuch0' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('delete and flush', async () => {
    await s.h.addrlabel.delete({ prefix: '2001:db8::/32', label: 100 });
    expect(((await s.ipj('addrlabel')) as Array<{ address: string }>).map((l) => l.address)).not.toContain('2001:db8::');
    const n = (await s.h.addrlabel.list()).length;
    expect(await s.h.addrlabel.flush()).toBe(n);
    expect(await s.ipj('addrlabel')).toEqual([]);
  });
});
