/**
 * handle.route: nexthop objects (nhid), seg6 and mpls encaps, gateways of the other family
 * (RTA_VIA), per-nexthop realms, ttl-propagate, and route get with tos / ipproto / ports.
 * MPLS may be missing (EOPNOTSUPP, as on the test machine): the mpls encap request is compared with the one iproute2 sends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetlinkError, ValidationError } from '../../src/api/index.js';
import { decode } from '../../src/netlink/decode.js';
import { sandbox, type Sandbox } from './util.js';
import { rtnetlink } from '../../src/rtnl/family.js';
import { skipTest } from '../support/probe.js';

let s: Sandbox;
beforeAll(async () => {
  s = await sandbox('rt', { trace: true });
  await s.h.link.add({ kind: 'veth', name: 'v0', peer: { name: 'v1' }, up: true });
  await s.h.link('v1').up();
  await s.h.link('lo').up();
  await s.h.addr.add('v0', '10.0.0.1/24');
  await s.h.addr.add({ dev: 'v0', address: '2001:db8::1/64', noDad: true });
});
afterAll(async () => {
  await s?.close();
});

const hex = (h: string) => Uint8Array.from(Buffer.from(h.replace(/\\x/g, ''), 'hex'));
/** The body of the last sent message of a type, from the trace. */
function lastSent(type: string): unknown {
  const line = [...s.sent].reverse().find((l) => l.startsWith(`> ${type} `))!;
  return JSON.parse(line.slice(line.indexOf('{')));
}

describe('handle.route extras', () => {
  it('nhid uses a nexthop object', async () => {
    const r = await s.ip('nexthop', 'add', 'id', '2', 'via', '10.0.0.2', 'dev', 'v0');
    expect(r.stderr).toBe('');
    await s.h.route.add({ dst: '10.5.0.0/16', nhid: 2 });
    expect((await s.ipj('route', 'show', '10.5.0.0/16'))[0]).toMatchObject({ dst: '10.5.0.0/16', nhid: 2, gateway: '10.0.0.2', dev: 'v0' });
    const ours = (await s.h.route.list({ filter: (x) => x.dst === '10.5.0.0/16' }))[0]!;
    expect(ours.raw.attrs.nhId).toBe(2);
    await expect(s.h.route.add({ dst: '10.6.0.0/16', nhid: 99 })).rejects.toThrow(/Nexthop id does not exist/);
    await expect(s.h.route.add({ dst: '10.6.0.0/16', nhid: 0 })).rejects.toBeInstanceOf(ValidationError);
    await s.h.route.delete({ dst: '10.5.0.0/16' });
  });

  it('seg6 encap (encap, inline with hmac), as ip shows it', async (ctx) => {
    // A kernel built without CONFIG_IPV6_SEG6_LWTUNNEL answers EOPNOTSUPP: probe, skip with the reason.
    const probe = await s.h.route.add({ dst: '2001:db8:5::/64', dev: 'v0', encap: { type: 'seg6', mode: 'encap', segs: ['2001:db8::2', '2001:db8::3'] } }).catch((e: unknown) => e);
    if (probe instanceof NetlinkError && probe.code === 'EOPNOTSUPP') skipTest(ctx, `this kernel has no seg6 lwtunnel (${probe.message})`);
    if (probe) throw probe;
    await s.h.route.add({ dst: '2001:db8:6::/64', dev: 'v0', encap: { type: 'seg6', mode: 'inline', segs: ['2001:db8::2'], hmac: 7 } });
    const theirs = (await s.ipj('-6', 'route', 'show')) as Array<Record<string, unknown>>;
    expect(theirs.find((r) => r.dst === '2001:db8:5::/64')).toMatchObject({ encap: 'seg6', mode: 'encap', segs: ['2001:db8::2', '2001:db8::3'] });
    expect(theirs.find((r) => r.dst === '2001:db8:6::/64')).toMatchObject({ encap: 'seg6', mode: 'inline', segs: ['2001:db8::2', '::'], hmac: '0x7' });
    await expect(s.h.route.add({ dst: '2001:db8:7::/64', dev: 'v0', encap: { type: 'seg6', mode: 'bogus' as never, segs: ['2001:db8::2'] } })).rejects.toBeInstanceOf(ValidationError);
    await expect(s.h.route.add({ dst: '2001:db8:7::/64', dev: 'v0', encap: { type: 'seg6', mode: 'encap', segs: ['10.0.0.1'] } })).rejects.toBeInstanceOf(ValidationError);
  });

  it('mpls encap: the request equals what iproute2 sends; the kernel refuses it (EOPNOTSUPP) or shows it as ip does', async () => {
    // strace -f -e trace=sendmsg -xx ip route add 10.6.0.0/16 encap mpls 100/200 ttl 5 via 10.0.0.2 dev v0 (ifindex of v0: 3)
    const ip = hex('\\x02\\x10\\x00\\x00\\xfe\\x03\\x00\\x01\\x00\\x00\\x00\\x00\\x08\\x00\\x01\\x00\\x0a\\x06\\x00\\x00\\x18\\x00\\x16\\x80\\x0c\\x00\\x01\\x00\\x00\\x06\\x40\\x00\\x00\\x0c\\x81\\x00\\x05\\x00\\x02\\x00\\x05\\x00\\x00\\x00\\x06\\x00\\x15\\x00\\x01\\x00\\x00\\x00\\x08\\x00\\x05\\x00\\x0a\\x00\\x00\\x02\\x08\\x00\\x04\\x00\\x03\\x00\\x00\\x00');
    const header = new Uint8Array(16);
    new DataView(header.buffer).setUint32(0, 16 + ip.length, true);
    new DataView(header.buffer).setUint16(4, 24, true);
    new DataView(header.buffer).setUint16(6, 0x605, true);
    const theirs = decode(Uint8Array.from([...header, ...ip]), rtnetlink, { keepLayout: false })[0]!.body;
    expect((await s.h.link.get('v0')).index).toBe(3);
    const err = await s.h.route.add({ dst: '10.6.0.0/16', via: '10.0.0.2', dev: 'v0', encap: { type: 'mpls', labels: [100, 200], ttl: 5 } }).then(() => undefined, (e: unknown) => e);
    const ours = lastSent('RTM_NEWROUTE');
    expect(ours).toEqual(JSON.parse(JSON.stringify(theirs)));
    if (err === undefined) {
      // A kernel with MPLS lwtunnels (mpls_iptunnel) accepts it: ip must show the labels.
      expect(((await s.ipj('route', 'show', '10.6.0.0/16')) as Array<Record<string, unknown>>)[0]).toMatchObject({ encap: 'mpls', dst: '10.6.0.0/16' });
      await s.h.route.delete({ dst: '10.6.0.0/16' });
    } else {
      expect(err).toBeInstanceOf(NetlinkError);
      expect((err as NetlinkError).code).toBe('EOPNOTSUPP');
    }
    await expect(s.h.route.add({ dst: '10.6.0.0/16', dev: 'v0', encap: { type: 'mpls', labels: [0x100000] } })).rejects.toBeInstanceOf(ValidationError);
  });

  it('gateways of the other family (RTA_VIA), per-nexthop realms, ttl-propagate', async () => {
    await s.h.route.add({ dst: '10.8.0.0/16', via: '2001:db8::2', dev: 'v0' });
    await s.h.route.add({ dst: '10.9.0.0/16', nexthops: [{ via: '2001:db8::2', dev: 'v0' }, { via: '10.0.0.3', dev: 'v0', realm: (2 << 16) | 6 }] });
    await s.h.route.add({ dst: '10.12.0.0/16', via: '10.0.0.2', ttlPropagate: true });
    const theirs = (await s.ipj('route', 'show')) as Array<Record<string, any>>;
    expect(theirs.find((r) => r.dst === '10.8.0.0/16')).toMatchObject({ via: { family: 'inet6', host: '2001:db8::2' }, dev: 'v0' });
    const mp = theirs.find((r) => r.dst === '10.9.0.0/16')!;
    expect(mp.nexthops[0]).toMatchObject({ via: { family: 'inet6', host: '2001:db8::2' } });
    expect(mp.nexthops[1]).toMatchObject({ gateway: '10.0.0.3', flow: { from: '2', to: '6' } });
    expect(lastSent('RTM_NEWROUTE')).toMatchObject({ attrs: { ttlPropagate: 1 } });
  });

  it('route get with tos, ipproto, sport, dport (what policy rules match on)', async () => {
    await s.h.rule.add({ ipProto: 6, dportRange: { start: 80, end: 80 }, table: 100, priority: 100 });
    await s.h.route.add({ dst: 'default', via: '10.0.0.3', table: 100 });
    await s.h.route.add({ dst: 'default', via: '10.0.0.4' });
    expect((await s.h.route.get('10.99.1.1', { ipProto: 6, dport: 80 })).gateway).toBe('10.0.0.3');
    expect((await s.h.route.get('10.99.1.1', { ipProto: 17, dport: 80 })).gateway).toBe('10.0.0.4');
    expect((await s.h.route.get('10.99.1.1', { ipProto: 6, sport: 1234, dport: 80, tos: 0x10 })).gateway).toBe('10.0.0.3');
    expect(lastSent('RTM_GETROUTE')).toMatchObject({ header: { tos: 16 }, attrs: { ipProto: 6, sport: 1234, dport: 80 } });
    await expect(s.h.route.get('10.99.1.1', { dport: 70000 })).rejects.toBeInstanceOf(ValidationError);
  });
});
