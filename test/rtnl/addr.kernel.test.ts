/**
 * Addresses against the real kernel (root only): IPv4 and IPv6 addresses with labels, peers,
 * broadcast, lifetimes, flags, metric and protocol are added with our builders, dumped and
 * decoded, compared with `ip -j -d addr show`, changed, replaced and deleted.
 */
import { describe, expect, it } from 'vitest';
import {
  AF_INET, AF_INET6, addrAdd, addrChange, addrDelete, addrDeleteMessage, addrDump, addrFlags, addrReplace, linkAdd, linkGet,
  linkSet, type AddrMessage, type LinkMessageBody,
} from '../../src/rtnl/index.js';
import { isRoot, useKernelNamespaces, type KernelNs } from '../support/kernel.js';
import { NOT_ROOT, skipping } from '../support/probe.js';

const FOREVER = 0xffffffff;

/** The IFA_F_* names iproute2 prints as JSON booleans (`"dynamic"` is the absence of permanent). */
const IP_FLAG_KEYS: Record<string, string> = {
  nodad: 'nodad', optimistic: 'optimistic', dadfailed: 'dadfailed', homeaddress: 'home', deprecated: 'deprecated',
  tentative: 'tentative', managetempaddr: 'mngtmpaddr', noprefixroute: 'noprefixroute', mcautojoin: 'autojoin',
  'stable-privacy': 'stable-privacy',
};

interface IpAddr {
  family: string;
  local: string;
  address?: string;
  prefixlen: number;
  broadcast?: string;
  scope: string;
  label?: string;
  metric?: number;
  protocol?: string;
  valid_life_time: number;
  preferred_life_time: number;
  [flag: string]: unknown;
}

/** Compare our address dump of `dev` with `ip -j -d addr show dev NAME`. */
async function compareWithIp(k: KernelNs, dev: number, name: string): Promise<AddrMessage[]> {
  const ours = await k.dump(addrDump({ dev }));
  const [ip] = k.ip<Array<{ addr_info: IpAddr[] }>>('addr', 'show', 'dev', name);
  const ipAddrs = ip!.addr_info;
  expect(ours.map((a) => `${a.attrs.local ?? a.attrs.address}/${a.header.prefixlen}`).sort()).toEqual(ipAddrs.map((a) => `${a.local}/${a.prefixlen}`).sort());
  for (const a of ipAddrs) {
    const mine = ours.find((o) => (o.attrs.local ?? o.attrs.address) === a.local && o.header.prefixlen === a.prefixlen)!;
    const what = `${a.local}/${a.prefixlen}`;
    expect(mine.header.family, what).toBe(a.family === 'inet' ? AF_INET : AF_INET6);
    expect(mine.header.index).toBe(dev);
    expect(mine.header.scope, what).toBe(a.scope);
    expect(mine.attrs.label, what).toBe(a.label);
    expect(mine.attrs.broadcast, what).toBe(a.broadcast);
    if (a.address !== undefined) expect(mine.attrs.address, what).toBe(a.address);
    expect(mine.attrs.rtPriority, what).toBe(a.metric);
    if (a.protocol !== undefined) expect(mine.attrs.proto, what).toBe(a.protocol);
    // Lifetimes count down between our dump and ip's: allow a second or two.
    const ci = mine.attrs.cacheinfo!;
    for (const [ours, theirs] of [[ci.valid, a.valid_life_time], [ci.prefered, a.preferred_life_time]] as const) {
      if (theirs === FOREVER) expect(ours, what).toBe(FOREVER);
      else expect(Math.abs(ours - theirs), what).toBeLessThanOrEqual(2);
    }
    const flags = addrFlags(mine) as string[];
    expect(a.dynamic === true, `${what}: dynamic`).toBe(!flags.includes('permanent'));
    for (const [ourName, ipKey] of Object.entries(IP_FLAG_KEYS)) {
      expect(a[ipKey] === true, `${what}: ${ipKey}`).toBe(flags.includes(ourName));
    }
    const secondary = a.family === 'inet' ? 'secondary' : 'temporary';
    expect(a[secondary] === true, `${what}: ${secondary}`).toBe(flags.includes('secondary') || flags.includes('temporary'));
  }
  return ours;
}

describe.skipIf(skipping(NOT_ROOT))('addresses against the kernel (rtnl + session, compared with ip -j -d)', () => {
  const env = useKernelNamespaces(1, import.meta.url);
  let dev = 0;

  it('adds IPv4 and IPv6 addresses (labels, peer, broadcast, lifetimes, flags, metric, proto) and decodes them as ip prints them', async () => {
    const k = env.ns[0]!;
    await k.request(linkAdd({ ifname: 'pa0', kind: 'veth', peer: { ifname: 'pa1' } }));
    const [l] = await k.request<LinkMessageBody>(linkGet('pa0'));
    dev = l!.header.index;
    await k.batch([
      // No IPv6 link-local address: the kernel would add it asynchronously once the link is up.
      linkSet(dev, { addrGenMode: 'none' }),
      linkSet(dev, { up: true }),
      linkSet('pa1', { up: true }),
      addrAdd({ address: '192.0.2.1/24', dev, broadcast: '+', label: 'pa0' }),
      addrAdd({ address: '192.0.2.2/24', dev, label: 'pa0:sec' }), // secondary of the same subnet
      addrAdd({ address: '198.51.100.5/25', dev, label: 'pa0:two', validLft: 3600, preferredLft: 1800, metric: 300, proto: 'kernel_ll' }),
      addrAdd({ address: '10.9.9.1', peer: '10.9.9.2/32', dev }),
      addrAdd({ address: '127.1.2.3/8', dev, scope: 'host' }),
      addrAdd({ address: '2001:db8::1/64', dev, flags: ['nodad'], validLft: 7200, preferredLft: 3600 }),
      addrAdd({ address: '2001:db8:1::1/64', dev, flags: ['nodad', 'noprefixroute'], metric: 512 }),
      addrAdd({ address: 'fd00::5/128', dev, flags: ['nodad', 'homeaddress'], preferredLft: 0 }),
    ]);
    const ours = await compareWithIp(k, dev, 'pa0');
    const find = (local: string) => ours.find((a) => (a.attrs.local ?? a.attrs.address) === local)!;
    expect(find('192.0.2.1').attrs).toMatchObject({ broadcast: '192.0.2.255', label: 'pa0' });
    expect(addrFlags(find('192.0.2.2'))).toContain('secondary');
    expect(find('198.51.100.5')).toMatchObject({ header: { prefixlen: 25 }, attrs: { label: 'pa0:two', rtPriority: 300, proto: 'kernel_ll' } });
    expect(find('198.51.100.5').attrs.cacheinfo!.valid).toBeGreaterThan(3590);
    expect(find('10.9.9.1').attrs).toMatchObject({ local: '10.9.9.1', address: '10.9.9.2' });
    expect(find('127.1.2.3').header.scope).toBe('host');
    expect(find('2001:db8::1').header.family).toBe(AF_INET6);
    expect(addrFlags(find('2001:db8:1::1'))).toEqual(expect.arrayContaining(['nodad', 'noprefixroute', 'permanent']));
    expect(addrFlags(find('fd00::5'))).toEqual(expect.arrayContaining(['deprecated', 'homeaddress']));
    // Kernel-side family filter.
    const v6 = await k.dump(addrDump({ family: AF_INET6, dev }));
    expect(v6.every((a) => a.header.family === AF_INET6)).toBe(true);
    expect(v6.length).toBeGreaterThanOrEqual(3);
  });

  it('changes lifetimes and metric (change / replace) and reads them back', async () => {
    const k = env.ns[0]!;
    await k.batch([
      addrChange({ address: '198.51.100.5/25', dev, label: 'pa0:two', validLft: 'forever', preferredLft: 'forever', metric: 50 }),
      addrReplace({ address: '2001:db8::1/64', dev, flags: ['nodad'], validLft: 100, preferredLft: 50 }),
      addrReplace({ address: '203.0.113.9/24', dev }), // replace creates
    ]);
    const ours = await compareWithIp(k, dev, 'pa0');
    const find = (local: string) => ours.find((a) => (a.attrs.local ?? a.attrs.address) === local)!;
    expect(find('198.51.100.5').attrs).toMatchObject({ rtPriority: 50, cacheinfo: { valid: FOREVER, prefered: FOREVER } });
    expect(find('2001:db8::1').attrs.cacheinfo!.valid).toBeLessThanOrEqual(100);
    expect(find('203.0.113.9').header.prefixlen).toBe(24);
    await expect(k.request(addrAdd({ address: '203.0.113.9/24', dev }))).rejects.toMatchObject({ code: 'EEXIST' });
  });

  it('deletes addresses by builder and as dumped (what ip addr flush sends)', async () => {
    const k = env.ns[0]!;
    await k.batch([
      addrDelete({ address: '192.0.2.2/24', dev }),
      addrDelete({ address: '2001:db8:1::1/64', dev }),
      addrDelete({ address: '10.9.9.1', peer: '10.9.9.2/32', dev }),
    ]);
    let ours = await compareWithIp(k, dev, 'pa0');
    expect(ours.some((a) => a.attrs.local === '192.0.2.2' || a.attrs.address === '2001:db8:1::1' || a.attrs.local === '10.9.9.1')).toBe(false);
    // Flush every IPv4 address: the dumped messages sent back as RTM_DELADDR.
    const v4 = await k.dump(addrDump({ family: AF_INET, dev }));
    await k.batch(v4.map((a) => addrDeleteMessage(a, true)));
    ours = await compareWithIp(k, dev, 'pa0');
    expect(ours.every((a) => a.header.family === AF_INET6)).toBe(true);
    await expect(k.request(addrDelete({ address: '192.0.2.1/24', dev }))).rejects.toMatchObject({ code: 'EADDRNOTAVAIL' });
  });
});
