/**
 * Routes: every RTM_NEWROUTE / DELROUTE / GETROUTE in the iproute2 captures decodes (keepLayout),
 * re-encodes byte for byte, leaves nothing known in `unknown`, and agrees with iproute2's JSON;
 * the builders give what iproute2 sent; golden bytes; big-endian; malformed input.
 */
import { describe, expect, it } from 'vitest';
import { makeDecodeContext } from '../../src/netlink/codec.js';
import { DecodeError } from '../../src/netlink/errors.js';
import type { Request } from '../../src/netlink/message.js';
import { splitMessages } from '../../src/netlink/message.js';
import { AF_INET, AF_INET6, AF_MPLS, RTM_GETROUTE, RTM_NEWROUTE } from '../../src/rtnl/constants.js';
import type { RouteMessage } from '../../src/rtnl/route/index.js';
import {
  routeAdd,
  routeAppend,
  routeChange,
  routeDelete,
  routeDump,
  routeGet,
  routeMessage,
  routeReplace,
  routeTable,
} from '../../src/rtnl/route/index.js';
import { bytesOf, loadFixtures } from '../support/fixtures.js';
import { type FixtureMessage, decodeBody, encodeBody, fixtureMessages, hex, unknownsIn } from '../support/rtnl.js';

const ROUTE_TYPES = new Set([24, 25, 26]);

const fixtures = loadFixtures();
type Msg = FixtureMessage;
const collect = (types: ReadonlySet<number> = ROUTE_TYPES): Msg[] => fixtureMessages(types);

/** ifindex → name from the RTM_NEWLINK answers of one command (IFLA_IFNAME = 3, parsed by hand). */
function linkNames(file: string, cmd: number): Map<number, string> {
  const names = new Map<number, string>();
  const f = fixtures.find((x) => x.file === file)!;
  for (const e of f.exchanges) {
    if (e.cmd !== cmd || e.dir !== 'response') continue;
    const buf = bytesOf(e);
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    for (const m of splitMessages(buf, true)) {
      if (m.type !== 16) continue;
      const index = view.getInt32(m.offset + 20, true);
      let p = m.offset + 32;
      while (p + 4 <= m.offset + m.length) {
        const len = view.getUint16(p, true);
        if (len < 4) break;
        if ((view.getUint16(p + 2, true) & 0x3fff) === 3) {
          names.set(index, Buffer.from(buf.subarray(p + 4, p + len)).toString('utf8').replace(/\0.*$/, ''));
        }
        p += (len + 3) & ~3;
      }
    }
  }
  return names;
}

const decode = (bytes: Uint8Array, le = true): RouteMessage => decodeBody(routeMessage, bytes, le);
const encode = (body: RouteMessage, le = true): Uint8Array => encodeBody(routeMessage, body, le);

const unknowns = unknownsIn;

const messages = collect(ROUTE_TYPES);

describe('route messages in the iproute2 captures', () => {
  it('finds route messages of every kind', () => {
    expect(messages.length).toBeGreaterThan(200);
    for (const t of ROUTE_TYPES) expect(messages.some((m) => m.type === t)).toBe(true);
  });

  it('decode with keepLayout and re-encode byte for byte, with nothing known left in unknown', () => {
    for (const m of messages) {
      const body = decode(m.bytes);
      expect(hex(encode(body)), `${m.file} cmd ${m.cmd} type ${m.type}`).toBe(hex(m.bytes));
      expect(unknowns(body), `${m.file} cmd ${m.cmd}`).toEqual([]);
    }
  });

  it('decodes the multipath nexthops', () => {
    const mp = messages.filter((m) => m.type === RTM_NEWROUTE && m.dir === 'request' && m.command.includes('nexthop'));
    expect(mp.length).toBe(2);
    const v4 = decode(mp[0]!.bytes);
    expect(v4.attrs.multipath).toEqual([
      { flags: [], hops: 0, ifindex: 3, attrs: { gateway: '192.0.2.2' } },
      { flags: [], hops: 2, ifindex: 5, attrs: { gateway: '198.18.0.2' } },
    ]);
    const v6 = decode(mp[1]!.bytes);
    expect(v6.attrs.multipath?.map((n) => n.attrs.gateway)).toEqual(['2001:db8::2', '2001:db8:ffff::2']);
  });

  it('agrees with what iproute2 printed (ip -j route ...)', () => {
    let compared = 0;
    for (const f of fixtures) {
      for (const j of f.ipJson ?? []) {
        if (!/ route (show|get)| route$/.test(j.command) && !j.command.includes(' route show')) continue;
        const printed = j.json as Array<Record<string, any>>;
        const names = linkNames(f.file, j.cmd);
        const decoded = messages
          .filter((m) => m.file === f.file && m.cmd === j.cmd && m.dir === 'response' && m.type === RTM_NEWROUTE)
          .map((m) => decode(m.bytes));
        // iproute2 leaves out cloned (cache) routes of a plain dump.
        const shown = j.command.includes(' get ') ? decoded : decoded.filter((r) => !r.header.flags.includes('cloned'));
        expect(shown.length, j.command).toBe(printed.length);
        printed.forEach((p, i) => {
          const r = shown[i]!;
          const ctx = `${f.file}: ${j.command} [${i}]`;
          const full = r.header.family === AF_INET6 ? 128 : 32;
          const dst = r.header.dstLen === 0 ? 'default' : r.header.dstLen === full ? r.attrs.dst : `${r.attrs.dst}/${r.header.dstLen}`;
          expect(dst, ctx).toBe(p.dst);
          expect(r.header.type, ctx).toBe(p.type ?? 'unicast');
          expect(r.attrs.gateway, ctx).toBe(p.gateway);
          expect(r.attrs.prefsrc, ctx).toBe(p.prefsrc);
          expect(r.attrs.priority, ctx).toBe(p.metric);
          expect(r.attrs.pref, ctx).toBe(p.pref);
          if (p.dev !== undefined && r.attrs.oif !== undefined && names.has(r.attrs.oif)) expect(names.get(r.attrs.oif), ctx).toBe(p.dev);
          const cloned = r.header.flags.includes('cloned');
          if (!cloned) {
            expect(r.header.protocol, ctx).toBe(p.protocol ?? 'boot');
            expect(r.header.scope, ctx).toBe(p.scope ?? 'global');
          }
          if (p.table !== undefined) {
            const t = p.table === 'local' ? 255 : p.table === 'main' ? 254 : p.table === 'default' ? 253 : Number(p.table);
            expect(routeTable(r), ctx).toBe(t);
          }
          for (const fl of p.flags ?? []) expect(r.header.flags, ctx).toContain(fl);
          if (p.from !== undefined) expect(r.attrs.src ?? (r.header.family === AF_INET6 ? '::' : '0.0.0.0'), ctx).toBe(p.from);
          if (p.uid !== undefined) expect(r.attrs.uid, ctx).toBe(p.uid);
          if (p.metrics) {
            const want = Object.assign({}, ...(p.metrics as object[]));
            for (const [k, v] of Object.entries(want)) expect((r.attrs.metrics as Record<string, unknown>)?.[k], ctx).toBe(v);
          }
          if (p.nexthops) {
            const nhs = r.attrs.multipath ?? [];
            expect(nhs.length, ctx).toBe(p.nexthops.length);
            (p.nexthops as Array<Record<string, any>>).forEach((n, k) => {
              expect(nhs[k]!.attrs.gateway, ctx).toBe(n.gateway);
              expect(nhs[k]!.hops + 1, ctx).toBe(n.weight);
              if (names.has(nhs[k]!.ifindex)) expect(names.get(nhs[k]!.ifindex), ctx).toBe(n.dev);
              for (const fl of n.flags ?? []) expect(nhs[k]!.flags, ctx).toContain(fl);
            });
          }
          compared++;
        });
      }
    }
    expect(compared).toBeGreaterThan(60);
  });
});

/** The builder call for each `ip route` command in the captures that sends a route request. */
const BUILDERS: Record<string, () => Request<RouteMessage> | Array<Request<RouteMessage>>> = {
  'route add 198.51.100.0/24 via 192.0.2.254': () => routeAdd({ dst: '198.51.100.0/24', gateway: '192.0.2.254' }),
  'route add 198.51.100.0/24 via 203.0.113.1': () => routeAdd({ dst: '198.51.100.0/24', gateway: '203.0.113.1' }),
  '-6 route add 2001:db8:1::/64 via 2001:db8:ffff::1': () => routeAdd({ family: AF_INET6, dst: '2001:db8:1::/64', gateway: '2001:db8:ffff::1' }),
  'route add 198.51.100.0/24 via 203.0.113.1 dev d0 onlink': () =>
    routeAdd({ dst: '198.51.100.0/24', gateway: '203.0.113.1', dev: 5, onlink: true }),
  'route del 198.51.100.0/24': () => routeDelete({ dst: '198.51.100.0/24' }),
  'route add blackhole 203.0.113.128/25': () => routeAdd({ type: 'blackhole', dst: '203.0.113.128/25' }),
  'route add unreachable 198.51.100.128/25': () => routeAdd({ type: 'unreachable', dst: '198.51.100.128/25' }),
  'route add prohibit 198.51.100.64/26': () => routeAdd({ type: 'prohibit', dst: '198.51.100.64/26' }),
  '-6 route add blackhole 2001:db8:dead::/48': () => routeAdd({ family: AF_INET6, type: 'blackhole', dst: '2001:db8:dead::/48' }),
  '-6 route add unreachable 2001:db8:beef::/48': () => routeAdd({ family: AF_INET6, type: 'unreachable', dst: '2001:db8:beef::/48' }),
  'route add default via 192.0.2.254': () => routeAdd({ gateway: '192.0.2.254' }),
  '-6 route add default via 2001:db8::fe': () => routeAdd({ family: AF_INET6, dst: 'default', gateway: '2001:db8::fe' }),
  'route del default via 192.0.2.254': () => routeDelete({ dst: 'default', gateway: '192.0.2.254' }),
  '-6 route del default via 2001:db8::fe': () => routeDelete({ family: AF_INET6, gateway: '2001:db8::fe' }),
  'route get 192.0.2.77': () => routeGet({ dst: '192.0.2.77' }),
  'route get 203.0.113.5 from 192.0.2.1': () => routeGet({ dst: '203.0.113.5', src: '192.0.2.1' }),
  'route get 192.0.2.1': () => routeGet({ dst: '192.0.2.1' }),
  'route get 203.0.113.5 fibmatch': () => routeGet({ dst: '203.0.113.5', fibmatch: true }),
  '-6 route get 2001:db8::77': () => routeGet({ family: AF_INET6, dst: '2001:db8::77' }),
  'route add 198.51.100.0/25 via 192.0.2.254 mtu 1400 advmss 1360': () =>
    routeAdd({ dst: '198.51.100.0/25', gateway: '192.0.2.254', mtu: 1400, advmss: 1360 }),
  'route add 198.51.100.128/25 via 192.0.2.254 mtu lock 1300 hoplimit 32': () =>
    routeAdd({ dst: '198.51.100.128/25', gateway: '192.0.2.254', mtu: 1300, lock: ['mtu'], hoplimit: 32 }),
  '-6 route add 2001:db8:77::/64 via 2001:db8::fe mtu 1280': () => routeAdd({ dst: '2001:db8:77::/64', gateway: '2001:db8::fe', mtu: 1280 }),
  'route add 203.0.113.0/24 nexthop via 192.0.2.2 dev r0 weight 1 nexthop via 198.18.0.2 dev r2 weight 3': () =>
    routeAdd({
      dst: '203.0.113.0/24',
      nexthops: [
        { gateway: '192.0.2.2', dev: 3, weight: 1 },
        { gateway: '198.18.0.2', dev: 5, weight: 3 },
      ],
    }),
  '-6 route add 2001:db8:99::/64 nexthop via 2001:db8::2 dev r0 nexthop via 2001:db8:ffff::2 dev r2': () =>
    routeAdd({
      dst: '2001:db8:99::/64',
      nexthops: [
        { gateway: '2001:db8::2', dev: 3 },
        { gateway: '2001:db8:ffff::2', dev: 5 },
      ],
    }),
  'route del 203.0.113.0/24': () => routeDelete({ dst: '203.0.113.0/24' }),
  '-6 route del 2001:db8:99::/64': () => routeDelete({ dst: '2001:db8:99::/64' }),
  'route add 203.0.113.0/24 via 198.18.5.1 dev r0 onlink': () => routeAdd({ dst: '203.0.113.0/24', gateway: '198.18.5.1', dev: 3, onlink: true }),
  '-6 route add 2001:db8:55::/64 via 2001:db8:5555::1 dev r0 onlink': () =>
    routeAdd({ dst: '2001:db8:55::/64', gateway: '2001:db8:5555::1', dev: 3, onlink: true }),
  'route add 198.51.100.0/24 via 192.0.2.254 table 100 metric 50': () =>
    routeAdd({ dst: '198.51.100.0/24', gateway: '192.0.2.254', table: 100, metric: 50 }),
  'route add 198.51.100.0/24 via 192.0.2.254 table 1000': () => routeAdd({ dst: '198.51.100.0/24', gateway: '192.0.2.254', table: 1000 }),
  'route add 198.51.100.0/24 via 192.0.2.253 metric 100': () => routeAdd({ dst: '198.51.100.0/24', gateway: '192.0.2.253', metric: 100 }),
  'route add 198.51.100.0/24 via 192.0.2.252 metric 200': () => routeAdd({ dst: '198.51.100.0/24', gateway: '192.0.2.252', metric: 200 }),
  '-6 route add 2001:db8:100::/48 via 2001:db8::fe table 100 metric 1024': () =>
    routeAdd({ dst: '2001:db8:100::/48', gateway: '2001:db8::fe', table: 100, metric: 1024 }),
  'route del 198.51.100.0/24 table 100': () => routeDelete({ dst: '198.51.100.0/24', table: 100 }),
  'route del 198.51.100.0/24 via 192.0.2.252 metric 200': () => routeDelete({ dst: '198.51.100.0/24', gateway: '192.0.2.252', metric: 200 }),
};

/** iproute2's dump requests: `ip [-6] [-j] route [show] [table T]`. */
function dumpFor(command: string): Request<RouteMessage> | undefined {
  const m = /^ip (?:-n \S+ |netns exec \S+ ip )?((?:-j |-6 )*)route(?: show)?(?: table (\S+))?$/.exec(command);
  if (!m) return undefined;
  const v6 = m[1]!.includes('-6');
  const table = m[2];
  if (table === 'all') return routeDump({ family: v6 ? AF_INET6 : 0 }).request;
  return routeDump({ family: v6 ? AF_INET6 : AF_INET, table: table === undefined ? 254 : Number(table) }).request;
}

function stripCommand(command: string): string {
  return command.replace(/^ip (-n \S+ |netns exec \S+ ip )?(-j )?/, '');
}

describe('route builders match the requests iproute2 sent', () => {
  it('add/del/get requests', () => {
    let n = 0;
    let exact = 0;
    const requests = messages.filter((m) => m.dir === 'request' && m.flags !== 0x301);
    for (const m of requests) {
      const build = BUILDERS[stripCommand(m.command)];
      expect(build, `no builder for ${m.command}`).toBeDefined();
      const req = build!() as Request<RouteMessage>;
      expect(req.type, m.command).toBe(m.type);
      expect(req.flags, m.command).toBe(m.flags);
      const bytes = encode(req.body);
      expect(decode(bytes), m.command).toEqual(decode(m.bytes));
      expect(req.body, m.command).toEqual(decode(m.bytes));
      if (hex(bytes) === hex(m.bytes)) exact++;
      n++;
    }
    expect(n).toBeGreaterThan(30);
    // The attribute order follows iproute2's, so the bytes are the same too.
    expect(exact).toBe(n);
  });

  it('dump requests', () => {
    let n = 0;
    for (const m of messages.filter((x) => x.dir === 'request' && x.flags === 0x301)) {
      const req = dumpFor(m.command);
      expect(req, m.command).toBeDefined();
      expect(req!.type).toBe(RTM_GETROUTE);
      expect(req!.flags).toBe(m.flags);
      expect(hex(encode(req!.body)), m.command).toBe(hex(m.bytes));
      n++;
    }
    expect(n).toBeGreaterThan(20);
  });

  it('the dump filter matches what iproute2 printed (client side)', () => {
    // route show table 100 (v4): the kernel filtered; match() agrees with every answer.
    const answers = messages.filter((m) => m.file === 'route-table-metric.json' && m.dir === 'response' && m.type === RTM_NEWROUTE);
    const t100 = routeDump({ family: AF_INET, table: 100 });
    const all = answers.map((m) => decode(m.bytes));
    const kept = all.filter((b) => t100.match(b));
    expect(kept.length).toBeGreaterThan(0);
    for (const b of kept) expect(routeTable(b)).toBe(100);
    const t1000 = routeDump({ table: 1000 });
    for (const b of all.filter((x) => t1000.match(x))) expect(b.attrs.table).toBe(1000);
    expect(all.filter((x) => t1000.match(x)).length).toBeGreaterThan(0);
  });
});

describe('route builders', () => {
  it('golden bytes: ip route add 10.1.0.0/24 via 192.0.2.1 dev 3 table 1000 metric 10', () => {
    const req = routeAdd({ dst: '10.1.0.0/24', gateway: '192.0.2.1', dev: 3, table: 1000, metric: 10 });
    expect(req.type).toBe(24);
    expect(req.flags).toBe(0x605);
    // rtmsg: family 2, dst_len 24, src_len 0, tos 0, table 0 (RT_TABLE_UNSPEC: id >= 256),
    // protocol boot (3), scope universe (0), type unicast (1), flags 0
    const golden =
      '02180000' + '00030001' + '00000000' +
      '08000100' + '0a010000' + // RTA_DST 10.1.0.0
      '08000500' + 'c0000201' + // RTA_GATEWAY 192.0.2.1
      '08000600' + '0a000000' + // RTA_PRIORITY 10
      '08000f00' + 'e8030000' + // RTA_TABLE 1000
      '08000400' + '03000000'; // RTA_OIF 3
    expect(hex(encode(req.body))).toBe(golden);
  });

  it('defaults as iproute2: direct routes get scope link, deletes scope nowhere, local routes table local', () => {
    expect(routeAdd({ dst: '10.0.0.0/8', dev: 2 }).body.header).toMatchObject({ scope: 'link', table: 254, protocol: 'boot', type: 'unicast' });
    expect(routeDelete({ dst: '10.0.0.0/8' }).body.header).toMatchObject({ scope: 'nowhere', protocol: 'unspec', type: 'unspec' });
    expect(routeAdd({ type: 'local', dst: '10.0.0.1', dev: 2 }).body.header).toMatchObject({ scope: 'host', table: 255, dstLen: 32 });
    expect(routeReplace({ dst: '10.0.0.0/8', dev: 2 }).flags).toBe(0x505);
    expect(routeChange({ dst: '10.0.0.0/8', dev: 2 }).flags).toBe(0x105);
    expect(routeAppend({ dst: '10.0.0.0/8', dev: 2 }).flags).toBe(0xc05);
    expect(routeDelete({ dst: '10.0.0.0/8' }).flags).toBe(0x005);
    expect(routeGet({ dst: '10.0.0.1' }).flags).toBe(0x001);
    expect(routeDump().request.flags).toBe(0x301);
  });

  it('MPLS routes: label-stack destinations, RTA_VIA and RTA_NEWDST', () => {
    const req = routeAdd({
      family: AF_MPLS,
      dst: [100],
      via: { family: AF_INET, address: '192.0.2.1' },
      newdst: [200, 300],
      dev: 4,
    });
    const bytes = encode(req.body);
    expect(hex(bytes)).toBe(
      '1c140000' + 'fe030001' + '00000000' +
      '08000100' + '00064100' + // RTA_DST label 100, bottom of stack
      '0a001200' + '0200c0000201' + '0000' + // RTA_VIA AF_INET 192.0.2.1
      '0c001300' + '000c8000' + '0012c100' + // RTA_NEWDST 200/300
      '08000400' + '04000000',
    );
    const back = decode(bytes);
    expect(back.attrs.dst).toEqual([100]);
    expect(back.attrs.via).toEqual({ family: AF_INET, address: '192.0.2.1' });
    expect(back.attrs.newdst).toEqual([200, 300]);
    expect(hex(encode(back))).toBe(hex(bytes));
  });

  it('encapsulations: mpls and seg6 decode and round-trip', () => {
    const req = routeAdd({
      dst: '10.2.0.0/16',
      dev: 2,
      encap: { type: 'mpls', data: { dst: [10, 20], ttl: 64 } },
    });
    const bytes = encode(req.body);
    const back = decode(bytes);
    expect(back.attrs.encapType).toBe('mpls');
    expect(back.attrs.encap).toEqual({ dst: [10, 20], ttl: 64 });

    const seg6 = routeAdd({
      family: AF_INET6,
      dst: '2001:db8:a::/64',
      dev: 2,
      encap: { type: 'seg6', data: { srh: { mode: 'encap', segments: ['fc00::2', 'fc00::1'] } } },
    });
    const sb = encode(seg6.body);
    const sback = decode(sb);
    expect(sback.attrs.encapType).toBe('seg6');
    expect(sback.attrs.encap).toEqual({
      srh: {
        mode: 'encap',
        nexthdr: 0,
        hdrlen: 4,
        type: 4,
        segmentsLeft: 1,
        firstSegment: 1,
        flags: [],
        tag: 0,
        segments: ['fc00::2', 'fc00::1'],
      },
    });
    expect(hex(encode(sback))).toBe(hex(sb));
    expect(unknowns(sback)).toEqual([]);
  });

  it('multipath with per-nexthop encap, onlink and realm', () => {
    const req = routeAdd({
      dst: '10.9.0.0/16',
      nexthops: [
        { gateway: '192.0.2.1', dev: 2, onlink: true, realm: 7 },
        { dev: 3, weight: 10, encap: { type: 'mpls', data: { dst: [42] } } },
      ],
    });
    const back = decode(encode(req.body));
    expect(back.attrs.multipath).toEqual([
      { flags: ['onlink'], hops: 0, ifindex: 2, attrs: { gateway: '192.0.2.1', flow: 7 } },
      { flags: [], hops: 9, ifindex: 3, attrs: { encapType: 'mpls', encap: { dst: [42] } } },
    ]);
    expect(back).toEqual(req.body);
  });

  it('attribute paths for extended-ACK offsets reach into nexthops and encaps', () => {
    const req = routeAdd({
      dst: '10.9.0.0/16',
      nexthops: [
        { gateway: '192.0.2.1', dev: 2 },
        { gateway: '192.0.2.2', dev: 3, encap: { type: 'mpls', data: { dst: [42] } } },
      ],
    });
    const b = encode(req.body);
    const ctx = makeDecodeContext(b, true, false);
    const at = (h: string) => hex(b).indexOf(h) / 2;
    expect(routeMessage.pathAt(ctx, 0, b.length, at('c0000202') - 4)).toEqual(['multipath', '1', 'gateway']);
    expect(routeMessage.pathAt(ctx, 0, b.length, at('0002a100') - 4)).toEqual(['multipath', '1', 'encap', 'dst']);
    expect(routeMessage.pathAt(ctx, 0, b.length, 2)).toEqual(['header']);
  });

  it('big-endian encode/decode round trip', () => {
    const req = routeAdd({
      dst: '2001:db8:1::/48',
      table: 5000,
      metric: 300,
      mtu: 1400,
      lock: ['mtu'],
      nexthops: [
        { gateway: '2001:db8::1', dev: 7, weight: 2 },
        { gateway: '2001:db8::2', dev: 8 },
      ],
    });
    const be = encode(req.body, false);
    expect(be).not.toEqual(encode(req.body, true));
    const back = decode(be, false);
    expect(back).toEqual(req.body);
    expect(hex(encode(back, false))).toBe(hex(be));
  });
});

describe('malformed route messages give DecodeError', () => {
  const good = encode(
    routeAdd({ dst: '10.9.0.0/16', nexthops: [{ gateway: '192.0.2.1', dev: 2 }, { gateway: '192.0.2.2', dev: 3 }] }).body,
  );

  function expectDecodeError(bytes: Uint8Array) {
    let err: unknown;
    try {
      decode(bytes);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DecodeError);
  }

  it('truncated rtnexthop', () => {
    // RTA_MULTIPATH holding 6 bytes: less than a struct rtnexthop.
    expectDecodeError(Buffer.from('0218000000030001000000000a000900' + '0800000002000000', 'hex').subarray(0, 22));
    const b = Buffer.from('0218000000030001000000000a0009000600000002000000', 'hex');
    expectDecodeError(b);
  });

  it('rtnh_len too large or too small', () => {
    const big = Uint8Array.from(good);
    // first rtnexthop starts after rtmsg (12) + RTA_DST (8) + RTA_MULTIPATH header (4)
    new DataView(big.buffer).setUint16(24, 200, true);
    expectDecodeError(big);
    const small = Uint8Array.from(good);
    new DataView(small.buffer).setUint16(24, 4, true);
    expectDecodeError(small);
  });

  it('wrong label stack length and bad SRH length', () => {
    // AF_MPLS route with a 3-byte RTA_DST
    expectDecodeError(Buffer.from('1c140000fe03000100000000' + '07000100000641' + '00', 'hex'));
    // seg6 encap whose hdrlen does not match the payload
    const seg6 = encode(
      routeAdd({ family: AF_INET6, dst: '2001:db8:a::/64', dev: 2, encap: { type: 'seg6', data: { srh: { mode: 'encap', segments: ['fc00::1'] } } } })
        .body,
    );
    const bad = Uint8Array.from(seg6);
    const i = hex(bad).indexOf('010000000002') / 2; // mode 1 (LE), nexthdr 0, hdrlen 2
    expect(i).toBeGreaterThan(0);
    bad[i + 5] = 9; // hdrlen
    expectDecodeError(bad);
  });

  it('every truncation and byte flip of real messages fails cleanly', () => {
    const samples = [good, ...messages.slice(0, 40).map((m) => m.bytes)];
    for (const s of samples) {
      for (let cut = 0; cut < s.length; cut++) {
        try {
          decode(s.subarray(0, cut));
        } catch (e) {
          expect(e, `cut ${cut}`).toBeInstanceOf(DecodeError);
        }
      }
      for (let i = 0; i < s.length; i++) {
        const x = Uint8Array.from(s);
        x[i] = x[i]! ^ 0xff;
        try {
          decode(x);
        } catch (e) {
          expect(e, `flip ${i}`).toBeInstanceOf(DecodeError);
        }
      }
    }
  });
});

