/**
 * h.xfrm against the kernel, with `ip xfrm` as the second oracle: policies made by the API are
 * what ip shows and the other way round; SAs are made with `ip xfrm state allocspi` (larval SAs:
 * this kernel has no ESP/AH/IPComp, so it refuses every `state add` with EPROTONOSUPPORT, which
 * is tested as such; the VM lane adds real SAs) and read, got, counted, deleted and flushed
 * through the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetlinkError, NotFoundError, ValidationError } from '../../src/api/index.js';
import { sandbox, type Sandbox } from './util.js';

let s: Sandbox;
beforeAll(async () => {
  s = await sandbox('xf');
  await s.h.link('lo').up();
});
afterAll(async () => {
  await s?.close();
});

async function ipOk(...args: string[]): Promise<string> {
  const r = await s.ip(...args);
  if (r.code !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

describe('h.xfrm.policy', () => {
  it('adds a policy that ip shows as it shows its own', async () => {
    await s.h.xfrm.policy.add({
      sel: { src: '10.0.0.0/24', dst: '10.0.1.0/24', proto: 'tcp', dport: 443 }, dir: 'out', priority: 7, mark: { value: 5, mask: 0xff },
      tmpl: [{ src: '192.0.2.1', dst: '192.0.2.2', proto: 'esp', reqid: 9, mode: 'tunnel' }],
    });
    await ipOk('xfrm', 'policy', 'add', 'src', '10.0.0.0/24', 'dst', '10.0.2.0/24', 'proto', 'tcp', 'dport', '443', 'dir', 'fwd', 'priority', '7', 'mark', '5', 'mask', '0xff',
      'tmpl', 'src', '192.0.2.1', 'dst', '192.0.2.2', 'proto', 'esp', 'reqid', '9', 'mode', 'tunnel');
    const text = await ipOk('xfrm', 'policy', 'list', 'dir', 'out');
    expect(text).toBe(
      'src 10.0.0.0/24 dst 10.0.1.0/24 proto tcp dport 443 \n\tdir out priority 7 ptype main \n\tmark 0x5/0xff \n\ttmpl src 192.0.2.1 dst 192.0.2.2\n\t\tproto esp reqid 9 mode tunnel\n',
    );
    const fwd = await s.h.xfrm.policy.list({ dir: 'fwd' });
    expect(fwd).toHaveLength(1);
    expect(fwd[0]).toMatchObject({
      sel: { family: 4, src: '10.0.0.0/24', dst: '10.0.2.0/24', proto: 6, dport: 443 }, dir: 'fwd', priority: 7, action: 'allow', ptype: 'main',
      mark: { value: 5, mask: 0xff }, tmpl: [{ family: 4, src: '192.0.2.1', dst: '192.0.2.2', proto: 'esp', reqid: 9, mode: 'tunnel', level: 'required' }],
    });
  });

  it('gets, counts and deletes by selector and by index', async () => {
    const p = await s.h.xfrm.policy.get({ sel: { src: '10.0.0.0/24', dst: '10.0.1.0/24', proto: 'tcp', dport: 443 }, dir: 'out', mark: { value: 5, mask: 0xff } });
    expect(p.priority).toBe(7);
    const byIndex = await s.h.xfrm.policy.get({ index: p.index, dir: 'out', mark: { value: 5, mask: 0xff } });
    expect(byIndex.sel.dst).toBe('10.0.1.0/24');
    expect(await s.h.xfrm.policy.count()).toMatchObject({ in: 0, out: 1, fwd: 1 });
    expect((await ipOk('xfrm', 'policy', 'count')).trim()).toBe('SPD IN  0 OUT 1 FWD 1');
    await s.h.xfrm.policy.delete({ index: p.index, dir: 'out', mark: { value: 5, mask: 0xff } });
    await expect(s.h.xfrm.policy.get({ index: p.index, dir: 'out', mark: { value: 5, mask: 0xff } })).rejects.toBeInstanceOf(NotFoundError);
    expect(await ipOk('xfrm', 'policy', 'list', 'dir', 'out')).toBe('');
  });

  it('update, IPv6 selectors, block, flags, sub policies, if_id, flush by ptype', async () => {
    await s.h.xfrm.policy.update({ sel: { src: 'fd00::/64', dst: 'fd01::/64', proto: 'ipv6-icmp', type: 128 }, dir: 'in', action: 'block', flags: ['localok'], ptype: 'sub', ifId: 3 });
    expect(await ipOk('xfrm', 'policy', 'list', 'ptype', 'sub')).toBe(
      'src fd00::/64 dst fd01::/64 proto ipv6-icmp type 128 \n\tdir in action block priority 0 ptype sub flag localok\n\tif_id 0x3\n',
    );
    const [p] = await s.h.xfrm.policy.list({ ptype: 'sub' });
    expect(p).toMatchObject({ sel: { family: 6, src: 'fd00::/64', dst: 'fd01::/64', proto: 58, sport: 128 }, action: 'block', flags: ['localok'], ptype: 'sub', ifId: 3 });
    await s.h.xfrm.policy.flush('sub');
    expect(await s.h.xfrm.policy.list({ ptype: 'sub' })).toEqual([]);
    expect(await s.h.xfrm.policy.list()).toHaveLength(1);
  });

  it('deleteAll with a filter, then flush', async () => {
    for (const n of [1, 2, 3]) await s.h.xfrm.policy.add({ sel: { src: `10.${n}.0.0/16` }, dir: 'in', priority: n });
    expect(await s.h.xfrm.policy.deleteAll({ dir: 'in', priority: 2 })).toBe(1);
    expect((await s.h.xfrm.policy.list({ dir: 'in' })).map((p) => p.priority).sort()).toEqual([1, 3]);
    expect(await s.h.xfrm.policy.deleteAll({ dir: 'in' })).toBe(2);
    await s.h.xfrm.policy.flush();
    expect(await ipOk('xfrm', 'policy')).toBe('');
  });

  it('refuses bad options before sending and maps the kernel errors', async () => {
    await expect(s.h.xfrm.policy.add({ dir: 'out', sel: { src: '10.0.0.0/33' } })).rejects.toBeInstanceOf(ValidationError);
    await expect(s.h.xfrm.policy.add({ dir: 'out', prio: 1 } as never)).rejects.toThrow(/priority/);
    await expect(s.h.xfrm.policy.add({ dir: 'out', sel: { srcc: '10.0.0.0/8' } } as never)).rejects.toMatchObject({ field: 'sel.srcc' });
    await expect(s.h.xfrm.policy.add({ dir: 'out', tmpl: [{ proto: 'esp', reqidd: 1 }] } as never)).rejects.toMatchObject({ field: 'tmpl[0].reqidd' });
    await s.h.xfrm.policy.add({ sel: { src: '10.5.0.0/16' }, dir: 'out' });
    const dup = s.h.xfrm.policy.add({ sel: { src: '10.5.0.0/16' }, dir: 'out' });
    await expect(dup).rejects.toBeInstanceOf(NetlinkError);
    await expect(dup).rejects.toMatchObject({ code: 'EEXIST' });
    await s.h.xfrm.policy.flush();
  });
});

describe('h.xfrm.state', () => {
  it('lists, gets and counts the SAs ip made (allocspi), as ip shows them', async () => {
    const a = await ipOk('xfrm', 'state', 'allocspi', 'src', '192.0.2.1', 'dst', '192.0.2.2', 'proto', 'esp', 'reqid', '4', 'mode', 'tunnel');
    const b = await ipOk('xfrm', 'state', 'allocspi', 'src', 'fd00::1', 'dst', 'fd00::2', 'proto', 'ah', 'mark', '7');
    const spiA = Number.parseInt(/spi 0x([0-9a-f]+)/.exec(a)![1]!, 16);
    const spiB = Number.parseInt(/spi 0x([0-9a-f]+)/.exec(b)![1]!, 16);
    const all = await s.h.xfrm.state.list();
    expect(all).toHaveLength(2);
    const esp = all.find((x) => x.proto === 'esp')!;
    expect(esp).toMatchObject({ family: 4, src: '192.0.2.1', dst: '192.0.2.2', spi: spiA, reqid: 4, mode: 'tunnel', sel: { src: '192.0.2.1/32', dst: '192.0.2.2/32' } });
    const ah = all.find((x) => x.proto === 'ah')!;
    expect(ah).toMatchObject({ family: 6, src: 'fd00::1', dst: 'fd00::2', spi: spiB, mode: 'transport', mark: { value: 7, mask: 0xffffffff } });
    expect(await s.h.xfrm.state.list({ proto: 'ah' })).toHaveLength(1);
    expect(await s.h.xfrm.state.list({ src: '192.0.2.0/24' })).toHaveLength(1);
    expect(await s.h.xfrm.state.list({ reqid: 4, mode: 'tunnel' })).toHaveLength(1);
    expect(await s.h.xfrm.state.list({ family: 6 })).toHaveLength(1);
    const got = await s.h.xfrm.state.get({ src: '192.0.2.1', dst: '192.0.2.2', proto: 'esp', spi: spiA });
    expect(got.reqid).toBe(4);
    expect((await s.h.xfrm.state.count()).count).toBe(2);
    expect((await ipOk('xfrm', 'state', 'count')).trim()).toBe('SAD count 2');
    await expect(s.h.xfrm.state.get({ src: '192.0.2.1', dst: '192.0.2.2', proto: 'esp', spi: spiA + 1 })).rejects.toBeInstanceOf(NotFoundError);
    // delete by ID (the mark is part of the key), deleteAll, flush
    await s.h.xfrm.state.delete({ src: 'fd00::1', dst: 'fd00::2', proto: 'ah', spi: spiB, mark: { value: 7 } });
    expect(await ipOk('xfrm', 'state', 'list', 'proto', 'ah')).toBe('');
    await ipOk('xfrm', 'state', 'allocspi', 'src', '192.0.2.1', 'dst', '192.0.2.3', 'proto', 'esp');
    expect(await s.h.xfrm.state.deleteAll({ dst: '192.0.2.3' })).toBe(1);
    expect((await s.h.xfrm.state.count()).count).toBe(1);
    await s.h.xfrm.state.flush('esp');
    expect(await s.h.xfrm.state.list()).toEqual([]);
  });

  it('allocSpi: the kernel picks the SPI in the range, ip shows the larval SA', async () => {
    const sa = await s.h.xfrm.state.allocSpi({ src: '192.0.2.1', dst: '192.0.2.7', proto: 'esp', reqid: 11, mode: 'tunnel', min: 0x5000, max: 0x5010 });
    expect(sa).toMatchObject({ src: '192.0.2.1', dst: '192.0.2.7', proto: 'esp', reqid: 11, mode: 'tunnel' });
    expect(sa.spi).toBeGreaterThanOrEqual(0x5000);
    expect(sa.spi).toBeLessThanOrEqual(0x5010);
    expect(await ipOk('xfrm', 'state', 'list', 'dst', '192.0.2.7')).toContain(`proto esp spi 0x${sa.spi.toString(16).padStart(8, '0')} reqid 11 mode tunnel`);
    await expect(s.h.xfrm.state.allocSpi({ dst: '192.0.2.7', proto: 'esp', min: 5 })).rejects.toBeInstanceOf(ValidationError);
    await s.h.xfrm.state.flush();
  });

  it('adds SAs when the kernel has the protocol; here the kernel answers as it answers ip', async () => {
    const added: unknown = await s.h.xfrm.state.add({
      src: '192.0.2.1', dst: '192.0.2.2', proto: 'esp', spi: 0x1000, mode: 'tunnel', reqid: 1, enc: { name: 'cbc(aes)', key: '0x00112233445566778899aabbccddeeff' },
      authTrunc: { name: 'hmac(sha256)', key: new Uint8Array(32).fill(7), truncLen: 128 },
    }).then(() => 'added', (e: unknown) => e);
    const theirs = await s.ip('xfrm', 'state', 'add', 'src', '192.0.2.1', 'dst', '192.0.2.9', 'proto', 'esp', 'spi', '0x1000', 'enc', 'cbc(aes)', '0x00112233445566778899aabbccddeeff');
    if (theirs.code === 0) {
      expect(added).toBe('added');
      const [sa] = await s.h.xfrm.state.list({ dst: '192.0.2.2' });
      expect(sa).toMatchObject({ spi: 0x1000, enc: { name: 'cbc(aes)', key: '0x00112233445566778899aabbccddeeff' }, auth: { name: 'hmac(sha256)', truncLen: 128 } });
      await s.h.xfrm.state.flush();
    } else {
      // This kernel was built without ESP (CONFIG_INET_ESP): ip gets "Requested type not found".
      expect(theirs.stderr).toBe('Error: Requested type not found.\n');
      expect(added).toMatchObject({ code: 'EPROTONOSUPPORT', message: expect.stringContaining('Requested type not found') });
    }
    await expect(s.h.xfrm.state.add({ src: '192.0.2.1', dst: '192.0.2.2', proto: 'esp', spi: 1 })).rejects.toBeInstanceOf(ValidationError);
  });
});
