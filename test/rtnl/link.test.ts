/**
 * Link builders and schemas: golden bytes derived by hand from the structs, iproute2's own
 * requests (the iproute2 captures in test/fixtures/iproute2), the kinds this kernel lacks, big-endian.
 */
import { describe, expect, it } from 'vitest';
import { makeDecodeContext } from '../../src/netlink/codec.js';
import { ValidationError } from '../../src/netlink/errors.js';
import { splitMessages } from '../../src/netlink/message.js';
import type { Request } from '../../src/netlink/message.js';
import { Writer } from '../../src/netlink/writer.js';
import {
  AF_BRIDGE, AF_INET6, AF_PACKET, ARPHRD, IFF, IF_OPER, RTM_DELLINK, RTM_GETLINK, RTM_NEWLINK, linkAdd, linkDelete,
  linkDump, linkGet, linkKinds, linkMessage, linkSet, slaveKinds,
} from '../../src/rtnl/link/index.js';
import type { LinkAddOptions, LinkMessageBody } from '../../src/rtnl/link/index.js';
import { bytesOf, loadFixtures } from '../support/fixtures.js';
import type { Fixture } from '../support/fixtures.js';

function encode(body: LinkMessageBody, le = true): Buffer {
  const w = new Writer(256, le);
  linkMessage.encode(w, body, { le, family: 0 });
  return Buffer.from(w.finish());
}
function decode(bytes: Uint8Array, keepLayout = false, le = true): LinkMessageBody {
  return linkMessage.decode(makeDecodeContext(bytes, le, keepLayout), 0, bytes.length);
}
function hexOf(req: Request<LinkMessageBody>): string {
  return encode(req.body).toString('hex');
}

// -------------------------------------------------------------------------------------------
// (1) Golden bytes, derived by hand from struct ifinfomsg / struct nlattr

describe('linkAdd golden bytes', () => {
  it('veth pair: ip link add veth0 type veth peer name veth1', () => {
    const ifinfomsg = '00'.repeat(16); // family, pad, type, index, flags, change: all zero
    const expected = [
      ifinfomsg,
      '0a000300' + '7665746830' + '00' + '0000', // IFLA_IFNAME "veth0\0" (len 10) + 2 pad
      '30001200', // IFLA_LINKINFO, len 48
      '08000100' + '76657468', // IFLA_INFO_KIND "veth" (no NUL, len 8)
      '24000200', // IFLA_INFO_DATA, len 36
      '20000100', // VETH_INFO_PEER, len 32
      ifinfomsg, // the peer's ifinfomsg
      '0a000300' + '7665746831' + '00' + '0000', // peer IFLA_IFNAME "veth1"
    ].join('');
    const req = linkAdd({ ifname: 'veth0', kind: 'veth', peer: { ifname: 'veth1' } });
    expect(req.type).toBe(RTM_NEWLINK);
    expect(req.flags).toBe(0x605); // REQUEST|ACK|EXCL|CREATE
    expect(hexOf(req)).toBe(expected);
  });

  it('link set up: ifi_flags / ifi_change', () => {
    const req = linkSet(2, { up: true });
    expect(req.flags).toBe(0x005);
    expect(hexOf(req)).toBe('0000' + '0000' + '02000000' + '01000000' + '01000000');
    expect(hexOf(linkSet(2, { up: false, arp: false }))).toBe('0000000002000000' + '80000000' + '81000000');
  });

  it('dump: REQUEST|DUMP, AF_PACKET, IFLA_EXT_MASK = RTEXT_FILTER_VF', () => {
    const { request } = linkDump();
    expect(request.type).toBe(RTM_GETLINK);
    expect(request.flags).toBe(0x301);
    expect(hexOf(request)).toBe('11000000' + '00000000' + '00000000' + '00000000' + '08001d00' + '01000000');
  });
});

// -------------------------------------------------------------------------------------------
// iproute2's requests

const fixtures: Fixture[] = loadFixtures();
function fixture(name: string): Fixture {
  const f = fixtures.find((x) => x.file === `${name}.json`);
  if (!f) throw new Error(`fixture ${name} missing`);
  return f;
}

interface RawRequest {
  type: number;
  flags: number;
  body: Buffer;
}
/** The link requests a command sent, without the all-zero RTM_NEWLINK support probe. */
function requestsOf(f: Fixture, command: string | RegExp): RawRequest[] {
  const idx = f.commands.findIndex((c) => (typeof command === 'string' ? c.endsWith(command) : command.test(c)));
  if (idx < 0) throw new Error(`${f.file}: no command ${command}`);
  const out: RawRequest[] = [];
  for (const e of f.exchanges) {
    if (e.cmd !== idx || e.dir !== 'request') continue;
    const buf = bytesOf(e);
    for (const m of splitMessages(buf, true)) {
      if (m.type < 16 || m.type > 19) continue;
      if (m.type === 16 && m.seq === 0 && m.length === 32) continue; // the probe
      out.push({ type: m.type, flags: m.flags, body: Buffer.from(buf.subarray(m.offset + 16, m.offset + m.length)) });
    }
  }
  return out;
}
function only(list: RawRequest[], type: number, pred: (r: RawRequest) => boolean = () => true): RawRequest {
  const r = list.filter((x) => x.type === type && pred(x));
  if (r.length !== 1) throw new Error(`expected one request of type ${type}, got ${r.length}`);
  return r[0]!;
}
/** Same bytes as iproute2, same nlmsg type and flags. */
function expectSame(req: Request<LinkMessageBody>, raw: RawRequest): void {
  expect(req.type).toBe(raw.type);
  expect(req.flags).toBe(raw.flags);
  expect(encode(req.body).toString('hex')).toBe(raw.body.toString('hex'));
}
/** Same decoded object as iproute2's request (attribute order may differ). */
function expectEquivalent(req: Request<LinkMessageBody>, raw: RawRequest): void {
  expect(req.type).toBe(raw.type);
  expect(req.flags).toBe(raw.flags);
  expect(decode(encode(req.body))).toEqual(decode(raw.body));
}

describe('builders against iproute2 6.1 requests', () => {
  it('veth add: byte for byte', () => {
    const f = fixture('link-kind-veth');
    expectSame(linkAdd({ ifname: 'veth0', kind: 'veth', peer: { ifname: 'veth1' } }), only(requestsOf(f, 'link add veth0 type veth peer name veth1'), 16));
  });

  it('veth add with the peer in another netns: byte for byte', () => {
    const f = fixture('link-kind-veth');
    const raw = only(requestsOf(f, 'peer name veth3 netns fx-lk-veth-peer'), 16);
    expectSame(linkAdd({ ifname: 'veth2', kind: 'veth', peer: { ifname: 'veth3', netnsFd: 4 } }), raw);
    const peer = (decode(raw.body).attrs.linkinfo?.data as { peer: LinkMessageBody }).peer;
    expect(peer.attrs).toEqual({ netNsFd: 4, ifname: 'veth3' });
  });

  it('veth add with mtu and addresses on both ends: same message', () => {
    const f = fixture('link-kind-veth');
    const raw = only(requestsOf(f, /link add veth4 mtu 9000/), 16);
    const end = (ifname: string, address: string) => ({ ifname, mtu: 9000, address });
    expectEquivalent(linkAdd({ ...end('veth4', '02:00:00:00:04:00'), kind: 'veth', peer: end('veth5', '02:00:00:00:05:00') }), raw);
  });

  it('link del: by index, byte for byte', () => {
    const f = fixture('link-kind-veth');
    const raw = only(requestsOf(f, 'link del veth0'), RTM_DELLINK);
    expectSame(linkDelete(3), raw);
  });

  it('name lookup (RTM_GETLINK, EXT_MASK 9, IFNAME): byte for byte', () => {
    const f = fixture('link-kind-veth');
    const raw = only(requestsOf(f, 'link del veth0'), RTM_GETLINK);
    expectSame(linkGet('veth0'), raw);
    expect(decode(raw.body).attrs.extMask).toEqual(['vf', 'skip_stats']);
  });

  it('ip link show dev X (AF_PACKET, IFNAME, EXT_MASK 1): same message', () => {
    const f = fixture('link-kind-vxlan');
    const raw = only(requestsOf(f, '-d link show dev vxlan42'), RTM_GETLINK, (r) => r.body[0] === AF_PACKET);
    expectEquivalent(linkGet('vxlan42', { family: AF_PACKET, extMask: 1 }), raw);
  });

  it('dumps: plain, master filter, kind filter', () => {
    const dump = (r: RawRequest) => r.flags === 0x301;
    expectSame(linkDump().request, only(requestsOf(fixture('link-kind-veth'), '-j -d link show'), RTM_GETLINK, dump));
    expectSame(linkDump({ master: 2 }).request, only(requestsOf(fixture('link-kind-bridge'), '-j link show master br0'), RTM_GETLINK, dump));
    expectSame(
      linkDump({ family: 0, kind: 'tun', extMask: false }).request,
      only(requestsOf(fixture('link-kind-tuntap'), 'tuntap show'), RTM_GETLINK, dump),
    );
  });

  it('link set: mtu, txqueuelen, up, address, name, alias, master, nomaster, netns', () => {
    const lc = fixture('link-changes');
    expectSame(linkSet(3, { mtu: 1400 }), only(requestsOf(lc, 'link set dev v0 mtu 1400'), 16));
    expectSame(linkSet(2, { mtu: 9000, txqlen: 2000, up: true }), only(requestsOf(lc, 'mtu 9000 txqueuelen 2000 up'), 16));
    expectSame(linkSet(3, { address: '02:00:00:00:00:01' }), only(requestsOf(lc, 'address 02:00:00:00:00:01'), 16));
    expectSame(linkSet(3, { name: 'uplink0' }), only(requestsOf(lc, 'name uplink0'), 16));
    expectSame(linkSet(3, { alias: 'uplink port' }), only(requestsOf(lc, 'alias "uplink port"'), 16));
    expectSame(linkSet(3, { txqlen: 500 }), only(requestsOf(lc, 'txqueuelen 500'), 16));
    const br = fixture('link-kind-bridge');
    expectSame(linkSet(5, { master: 2 }), only(requestsOf(br, 'link set veth0 master br0'), 16));
    expectSame(linkSet(5, { master: 0 }), only(requestsOf(br, 'link set veth0 nomaster'), 16));
    const blog = fixture('blog-container-networking');
    expectSame(linkSet(3, { netnsFd: 4 }), only(requestsOf(blog, 'link set veth0 netns fx-ns1'), 16));
  });

  it('bridge add with options: same message', () => {
    const f = fixture('link-kind-bridge');
    const raw = only(requestsOf(f, /link add br1 type bridge stp_state 1/), 16);
    const got = decode(raw.body).attrs.linkinfo?.data;
    expect(got).toEqual({ stpState: 1, forwardDelay: 1500, helloTime: 200, ageingTime: 30000, priority: 4096, mcastSnooping: 0 });
    expectEquivalent(linkAdd({
      ifname: 'br1', kind: 'bridge',
      data: { stpState: 1, forwardDelay: 1500, helloTime: 200, ageingTime: 30000, priority: 4096, mcastSnooping: 0 },
    }), raw);
  });
});

// -------------------------------------------------------------------------------------------
// (4) Kinds this kernel lacks: iproute2's requests decode to typed data and round-trip

const unsupported: Array<{ command: string; opts: LinkAddOptions; data: unknown }> = [
  { command: 'link add dummy0 type dummy', opts: { ifname: 'dummy0', kind: 'dummy' }, data: undefined },
  {
    command: 'name veth0.10 type vlan id 10',
    opts: { ifname: 'veth0.10', kind: 'vlan', link: 3, data: { id: 10 } },
    data: { id: 10 },
  },
  {
    command: 'type vlan protocol 802.1ad id 20',
    opts: { ifname: 'veth0.20', kind: 'vlan', link: 3, data: { protocol: '802.1ad', id: 20 } },
    data: { protocol: '802.1ad', id: 20 },
  },
  {
    command: 'type ipvlan mode l2',
    opts: { ifname: 'ipvl0', kind: 'ipvlan', link: 3, data: { mode: 'l2', flags: [] } },
    data: { mode: 'l2', flags: [] },
  },
  {
    command: 'type bond mode active-backup miimon 100',
    opts: { ifname: 'bond0', kind: 'bond', data: { mode: 'active-backup', miimon: 100 } },
    data: { mode: 'active-backup', miimon: 100 },
  },
  {
    command: 'type vrf table 10',
    opts: { ifname: 'vrf-blue', kind: 'vrf', data: { table: 10 } },
    data: { table: 10 },
  },
  {
    command: 'type gre remote 192.0.2.2 local 192.0.2.1 ttl 64',
    opts: {
      ifname: 'gre1', kind: 'gre',
      data: {
        ikey: 0, okey: 0, iflags: 0, oflags: 0, local: '192.0.2.1', remote: '192.0.2.2', pmtudisc: 1, tos: 0, ttl: 64,
        fwmark: 0, encapType: 'none', encapFlags: 0, encapSport: 0, encapDport: 0,
      },
    },
    data: {
      ikey: 0, okey: 0, iflags: 0, oflags: 0, local: '192.0.2.1', remote: '192.0.2.2', pmtudisc: 1, tos: 0, ttl: 64,
      fwmark: 0, encapType: 'none', encapFlags: 0, encapSport: 0, encapDport: 0,
    },
  },
  {
    command: 'type ipip remote 192.0.2.2 local 192.0.2.1',
    opts: {
      ifname: 'ipip1', kind: 'ipip',
      data: {
        proto: 0, local: '192.0.2.1', remote: '192.0.2.2', pmtudisc: 1, tos: 0, ttl: 0, link: 0, fwmark: 0,
        encapType: 'none', encapFlags: 0, encapSport: 0, encapDport: 0,
      },
    },
    data: {
      proto: 0, local: '192.0.2.1', remote: '192.0.2.2', pmtudisc: 1, tos: 0, ttl: 0, link: 0, fwmark: 0,
      encapType: 'none', encapFlags: 0, encapSport: 0, encapDport: 0,
    },
  },
  { command: 'link add wg0 type wireguard', opts: { ifname: 'wg0', kind: 'wireguard' }, data: undefined },
  {
    command: 'type bridge vlan_filtering 1',
    opts: { ifname: 'br0', kind: 'bridge', data: { vlanFiltering: 1 } },
    data: { vlanFiltering: 1 },
  },
];

describe('kinds this kernel lacks (link-kinds-unsupported)', () => {
  for (const u of unsupported) {
    it(u.command, () => {
      const f = fixture('link-kinds-unsupported');
      const raw = only(requestsOf(f, u.command), RTM_NEWLINK);
      const kept = decode(raw.body, true);
      expect(encode(kept).toString('hex'), 'round trip').toBe(raw.body.toString('hex'));
      const li = kept.attrs.linkinfo!;
      expect(li.kind).toBe(u.opts.kind);
      expect(linkKinds.has(li.kind!)).toBe(true);
      expect(li.data).not.toBeInstanceOf(Uint8Array);
      expect(decode(raw.body).attrs.linkinfo?.data).toEqual(u.data);
      expectEquivalent(linkAdd(u.opts), raw);
    });
  }
});

// -------------------------------------------------------------------------------------------
// Schema details that need no fixture

describe('link schema', () => {
  it('names and numbers both ways', () => {
    expect(ARPHRD.name(1)).toBe('ether');
    expect(ARPHRD.name(772)).toBe('loopback');
    expect(ARPHRD.name(768)).toBe('ipip');
    expect(ARPHRD.name(0xfffe)).toBe('none');
    expect(ARPHRD.value('ieee802.11')).toBe(801);
    expect(IF_OPER.name(6)).toBe('UP');
    expect(IF_OPER.value('LOWERLAYERDOWN')).toBe(3);
    expect(IFF.value('LOWER_UP')).toBe(0x10000);
    expect(slaveKinds.keys().sort()).toEqual(['bond', 'bridge', 'vrf']);
    for (const k of ['veth', 'bridge', 'vxlan', 'macvlan', 'macvtap', 'ipvlan', 'ipvtap', 'vlan', 'bond', 'vrf', 'gre',
      'gretap', 'ip6gre', 'ip6gretap', 'ipip', 'sit', 'ip6tnl', 'geneve', 'ifb', 'dummy', 'tun', 'wireguard', 'netkit',
      'xfrm', 'macsec']) {
      expect(linkKinds.has(k), k).toBe(true);
    }
  });

  it('vlan: flags struct, QoS maps, 802.1Q protocol', () => {
    const req = linkAdd({
      ifname: 'eth0.5', kind: 'vlan', link: 2,
      data: {
        id: 5, protocol: '802.1Q',
        flags: { flags: ['reorder_hdr', 'gvrp'], mask: 0xffffffff },
        egressQos: { mapping: [{ from: 1, to: 2 }, { from: 3, to: 4 }] },
      },
    });
    const bytes = encode(req.body);
    expect(bytes.toString('hex')).toContain('060005008100'); // IFLA_VLAN_PROTOCOL, big-endian 0x8100
    const back = decode(bytes).attrs.linkinfo?.data as Record<string, unknown>;
    expect(back).toEqual({
      id: 5, protocol: '802.1Q',
      flags: { flags: ['reorder_hdr', 'gvrp'], mask: 0xffffffff },
      egressQos: { mapping: [{ from: 1, to: 2 }, { from: 3, to: 4 }] },
    });
  });

  it('bond: ARP targets as an indexed array of IPv4 addresses', () => {
    const req = linkAdd({ ifname: 'bond1', kind: 'bond', data: { mode: '802.3ad', arpIpTarget: ['192.0.2.1', '192.0.2.9'] } });
    const bytes = encode(req.body);
    // ARP_IP_TARGET nest: children typed 0, 1 with be32 addresses
    expect(bytes.toString('hex')).toContain('140008000800' + '0000c0000201' + '08000100c0000209');
    expect(decode(bytes).attrs.linkinfo?.data).toEqual({ mode: '802.3ad', arpIpTarget: ['192.0.2.1', '192.0.2.9'] });
  });

  it('vxlan: ports big-endian, port range struct, group/local', () => {
    const data = { id: 42, group: '239.1.1.1', local: '192.0.2.1', port: 4789, portRange: { low: 1000, high: 2000 }, ttlInherit: true };
    const bytes = encode(linkAdd({ ifname: 'vx0', kind: 'vxlan', data }).body);
    const hex = bytes.toString('hex');
    expect(hex).toContain('06000f0012b5'); // IFLA_VXLAN_PORT 4789 = 0x12b5 network order
    expect(hex).toContain('08000a0003e807d0'); // IFLA_VXLAN_PORT_RANGE {1000, 2000}
    expect(hex).toContain('04001c00'); // IFLA_VXLAN_TTL_INHERIT as a flag
    expect(decode(bytes).attrs.linkinfo?.data).toEqual(data);
  });

  it('protinfo and af_spec follow the ifinfomsg family', () => {
    const bridgePort: LinkMessageBody = {
      header: { family: AF_BRIDGE, type: 'ether', index: 4, flags: [], change: 0 },
      attrs: {
        protinfo: { state: 'forwarding', cost: 100, learning: 1 },
        afSpec: { flags: ['self'], vlanInfo: [{ flags: ['pvid', 'untagged'], vid: 1 }, { flags: [], vid: 10 }] },
      },
    };
    expect(decode(encode(bridgePort))).toEqual(bridgePort);
    const inet6: LinkMessageBody = {
      header: { family: AF_INET6, type: 'ether', index: 4, flags: ['UP'], change: 0 },
      attrs: { protinfo: { flags: ['ready'], token: '::1', addrGenMode: 'stable_secret' } },
    };
    expect(decode(encode(inet6))).toEqual(inet6);
    const unspec = linkSet(4, { addrGenMode: 'none' });
    expect(encode(unspec.body).toString('hex')).toContain('10001a00' + '0c000a00' + '0500080001');
  });

  it('netkit and veth peers are whole link messages', () => {
    const req = linkAdd({
      ifname: 'nk0', kind: 'netkit',
      data: {
        mode: 'l3', policy: 'forward', peerPolicy: 'blackhole',
        peerInfo: { header: { family: 0, type: 0, index: 0, flags: [], change: 0 }, attrs: { ifname: 'nk1' } },
      },
    });
    const data = decode(encode(req.body)).attrs.linkinfo?.data as Record<string, unknown>;
    expect(data.mode).toBe('l3');
    expect(data.peerPolicy).toBe('blackhole');
    expect((data.peerInfo as LinkMessageBody).attrs.ifname).toBe('nk1');
  });

  it('bridge_slave set as iproute2 sends it (kind bridge_slave, SLAVE_DATA without SLAVE_KIND)', () => {
    const req = linkSet(5, { kind: 'bridge_slave', slaveData: { cost: 5, learning: 0 } });
    const back = decode(encode(req.body));
    expect(back.attrs.linkinfo).toEqual({ kind: 'bridge_slave', slaveData: { cost: 5, learning: 0 } });
  });

  it('dump match filters client-side unless the kernel filtered', () => {
    const d = linkDump({ master: 2, kind: 'veth' });
    const hdr = { family: 0, type: 'ether', index: 5, flags: [], change: 0 } as LinkMessageBody['header'];
    expect(d.match({ header: hdr, attrs: { master: 2, linkinfo: { kind: 'veth' } } })).toBe(true);
    expect(d.match({ header: hdr, attrs: { master: 3, linkinfo: { kind: 'veth' } } })).toBe(false);
    expect(d.match({ header: hdr, attrs: { master: 2 } })).toBe(false);
    expect(d.match({ header: hdr, attrs: {} }, 0x20)).toBe(true);
  });

  it('validates names and indexes', () => {
    expect(() => linkAdd({ ifname: 'a-very-long-interface-name', kind: 'dummy' })).toThrow(ValidationError);
    expect(() => linkAdd({ ifname: 'bad/name', kind: 'dummy' })).toThrow(ValidationError);
    expect(() => linkSet('eth0', { name: 'wan0' })).toThrow(ValidationError);
    expect(() => linkDelete(-1)).toThrow(ValidationError);
    expect(linkGet('a-very-long-alternative-name').body.attrs.altIfname).toBe('a-very-long-alternative-name');
  });
});

// -------------------------------------------------------------------------------------------
// (5) Big-endian

describe('big-endian', () => {
  it('encodes with le=false and decodes back equal', () => {
    const bodies = [
      linkAdd({ ifname: 'veth0', kind: 'veth', mtu: 9000, up: true, peer: { ifname: 'veth1', netnsFd: 7, address: '02:00:00:00:00:01' } }).body,
      linkAdd({
        ifname: 'vx0', kind: 'vxlan',
        data: { id: 7, group6: 'ff05::1', port: 4789, portRange: { low: 1, high: 2 }, learning: 0, gbp: true },
      }).body,
      linkAdd({ ifname: 'br0', kind: 'bridge', data: { helloTimer: 5n, priority: 1, multiBoolopt: { optval: 1, optmask: 1 } } }).body,
      linkSet(3, { kind: 'bond_slave', slaveData: { queueId: 2, prio: -5 } }).body,
      linkDump({ master: 9, kind: 'bridge' }).request.body,
    ];
    for (const body of bodies) {
      const le = encode(body, true);
      const be = encode(body, false);
      expect(be.length).toBe(le.length);
      expect(Buffer.compare(be, le)).not.toBe(0);
      const back = decode(be, false, false);
      expect(back).toEqual(decode(le));
      expect(encode(decode(be, true, false), false).toString('hex')).toBe(be.toString('hex'));
    }
  });
});
