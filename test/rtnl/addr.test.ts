/**
 * Addresses: every RTM_NEWADDR / DELADDR / GETADDR in the iproute2 captures decodes (keepLayout),
 * re-encodes byte for byte, leaves nothing known in `unknown`, and agrees with iproute2's JSON;
 * the builders give what iproute2 sent; golden bytes; big-endian; malformed input.
 */
import { describe, expect, it } from 'vitest';
import { DecodeError, ValidationError } from '../../src/netlink/errors.js';
import { flagWordOf } from '../../src/netlink/enums.js';
import type { Request } from '../../src/netlink/message.js';
import type { AddrMessage } from '../../src/rtnl/addr/index.js';
import {
  addrAdd,
  addrChange,
  addrDelete,
  addrDeleteMessage,
  addrDump,
  addrFlags,
  addrMessage,
  addrReplace,
} from '../../src/rtnl/addr/index.js';
import { AF_INET, AF_INET6, IFA_F, RTM_DELADDR, RTM_NEWADDR } from '../../src/rtnl/constants.js';
import { loadFixtures } from '../support/fixtures.js';
import { type FixtureMessage, decodeBody, encodeBody, fixtureMessages, hex, unknownsIn } from '../support/rtnl.js';

const ADDR_TYPES = new Set([20, 21, 22]);

const fixtures = loadFixtures();
type Msg = FixtureMessage;
const collect = (types: ReadonlySet<number> = ADDR_TYPES): Msg[] => fixtureMessages(types);

const decode = (bytes: Uint8Array, le = true): AddrMessage => decodeBody(addrMessage, bytes, le);
const encode = (body: AddrMessage, le = true): Uint8Array => encodeBody(addrMessage, body, le);

const unknowns = unknownsIn;

const messages = collect();

describe('address messages in the iproute2 captures', () => {
  it('finds address messages of every kind', () => {
    expect(messages.length).toBeGreaterThan(60);
    for (const t of ADDR_TYPES) expect(messages.some((m) => m.type === t)).toBe(true);
  });

  it('decode with keepLayout and re-encode byte for byte, with nothing known left in unknown', () => {
    for (const m of messages) {
      const body = decode(m.bytes);
      expect(hex(encode(body)), `${m.file} cmd ${m.cmd}`).toBe(hex(m.bytes));
      expect(unknowns(body), `${m.file} cmd ${m.cmd}`).toEqual([]);
    }
  });

  it('agrees with what iproute2 printed (ip -j addr show)', () => {
    let compared = 0;
    for (const f of fixtures) {
      for (const j of f.ipJson ?? []) {
        if (!j.command.includes(' addr show')) continue;
        const decoded = messages
          .filter((m) => m.file === f.file && m.cmd === j.cmd && m.dir === 'response' && m.type === RTM_NEWADDR)
          .map((m) => decode(m.bytes));
        for (const link of j.json as Array<Record<string, any>>) {
          const mine = decoded.filter((a) => a.header.index === link.ifindex);
          const printed = link.addr_info as Array<Record<string, any>>;
          expect(mine.length, `${j.command} ${link.ifname}`).toBe(printed.length);
          printed.forEach((p, i) => {
            const a = mine[i]!;
            const ctx = `${f.file}: ${j.command} ${link.ifname} [${i}]`;
            expect(a.header.family, ctx).toBe(p.family === 'inet' ? AF_INET : AF_INET6);
            expect(a.attrs.local ?? a.attrs.address, ctx).toBe(p.local);
            if (p.address !== undefined) expect(a.attrs.address, ctx).toBe(p.address);
            expect(a.header.prefixlen, ctx).toBe(p.prefixlen);
            expect(a.header.scope, ctx).toBe(p.scope);
            expect(a.attrs.label, ctx).toBe(p.label);
            expect(a.attrs.broadcast, ctx).toBe(p.broadcast);
            expect(a.attrs.cacheinfo?.valid, ctx).toBe(p.valid_life_time);
            expect(a.attrs.cacheinfo?.prefered, ctx).toBe(p.preferred_life_time);
            const flags = addrFlags(a);
            for (const name of ['nodad', 'noprefixroute', 'tentative', 'deprecated', 'optimistic', 'dadfailed', 'secondary', 'managetempaddr']) {
              expect(flags.includes(name as never), `${ctx} ${name}`).toBe(p[name] === true);
            }
            expect(!flags.includes('permanent'), `${ctx} dynamic`).toBe(p.dynamic === true);
            compared++;
          });
        }
      }
    }
    expect(compared).toBeGreaterThan(20);
  });
});

/** The builder for each `ip addr` command that sends a request (ifindex from the capture). */
const BUILDERS: Record<string, (dev: number) => Request<AddrMessage>> = {
  'addr add 192.0.2.1/24 broadcast 192.0.2.255 label a0:web dev a0': (dev) =>
    addrAdd({ address: '192.0.2.1/24', broadcast: '192.0.2.255', label: 'a0:web', dev }),
  'addr add 198.51.100.7/24 brd + dev a0': (dev) => addrAdd({ address: '198.51.100.7/24', broadcast: '+', dev }),
  'addr add 203.0.113.9 peer 203.0.113.10/32 dev a0': (dev) => addrAdd({ address: '203.0.113.9', peer: '203.0.113.10/32', dev }),
  '-6 addr add 2001:db8:1::1/64 dev a0 nodad': (dev) => addrAdd({ address: '2001:db8:1::1/64', dev, flags: ['nodad'] }),
  '-6 addr add 2001:db8:2::1/64 dev a0 nodad noprefixroute': (dev) =>
    addrAdd({ address: '2001:db8:2::1/64', dev, flags: ['nodad', 'noprefixroute'] }),
  'addr add 192.0.2.1/24 dev a0 valid_lft 3600 preferred_lft 1800': (dev) =>
    addrAdd({ address: '192.0.2.1/24', dev, validLft: 3600, preferredLft: 1800 }),
  '-6 addr add 2001:db8:3::1/64 dev a0 nodad valid_lft 7200 preferred_lft 3600': (dev) =>
    addrAdd({ address: '2001:db8:3::1/64', dev, flags: ['nodad'], validLft: 7200, preferredLft: 3600 }),
  'addr change 192.0.2.1/24 dev a0 valid_lft 600 preferred_lft 0': (dev) =>
    addrChange({ address: '192.0.2.1/24', dev, validLft: 600, preferredLft: 0 }),
  'ip addr add 10.0.0.1/24 dev veth-ns1': (dev) => addrAdd({ address: '10.0.0.1/24', dev }),
  'ip addr add 10.0.0.2/24 dev veth-ns2': (dev) => addrAdd({ address: '10.0.0.2/24', dev }),
  'addr add 192.0.2.1/24 dev v0': (dev) => addrAdd({ address: '192.0.2.1/24', dev }),
  'addr del 192.0.2.1/24 dev a0': (dev) => addrDelete({ address: '192.0.2.1/24', dev }),
  'addr del 192.0.2.99/24 dev v0': (dev) => addrDelete({ address: '192.0.2.99/24', dev }),
  '-6 addr del 2001:db8::99/64 dev v0': (dev) => addrDelete({ address: '2001:db8::99/64', dev }),
};

const strip = (c: string) => c.replace(/^ip (-n \S+ |netns exec \S+ )?(-j )?/, '');

describe('address builders match the requests iproute2 sent', () => {
  it('add/change/del requests', () => {
    let n = 0;
    let exact = 0;
    for (const m of messages.filter((x) => x.dir === 'request' && x.type !== 22 && !x.command.includes('flush'))) {
      const build = BUILDERS[strip(m.command)];
      expect(build, `no builder for ${m.command}`).toBeDefined();
      const sent = decode(m.bytes);
      const req = build!(sent.header.index);
      expect(req.type, m.command).toBe(m.type);
      expect(req.flags, m.command).toBe(m.flags);
      const bytes = encode(req.body);
      expect(decode(bytes), m.command).toEqual(sent);
      expect(req.body, m.command).toEqual(sent);
      if (hex(bytes) === hex(m.bytes)) exact++;
      n++;
    }
    expect(n).toBeGreaterThan(10);
    // Only `broadcast X label L` comes out in another attribute order (iproute2 follows the command line).
    expect(exact).toBeGreaterThanOrEqual(n - 1);
  });

  it('dump requests (family and ifa_index filters) byte for byte', () => {
    let n = 0;
    for (const m of messages.filter((x) => x.dir === 'request' && x.type === 22)) {
      const sent = decode(m.bytes);
      const req = addrDump({ family: sent.header.family, dev: sent.header.index || undefined }).request;
      expect(req.flags).toBe(m.flags);
      expect(hex(encode(req.body)), m.command).toBe(hex(m.bytes));
      n++;
    }
    expect(n).toBeGreaterThan(15);
  });

  it('flush deletes: the dumped message sent back as RTM_DELADDR without ACK', () => {
    const dels = messages.filter((m) => m.type === RTM_DELADDR && m.flags === 1);
    expect(dels.length).toBeGreaterThan(0);
    for (const m of dels) {
      const body = decode(m.bytes);
      const req = addrDeleteMessage(body);
      expect(req.flags).toBe(1);
      expect(hex(encode(req.body))).toBe(hex(m.bytes));
    }
  });

  it('the dump filter matches client side', () => {
    const answers = messages.filter((m) => m.file === 'addr-ipv4.json' && m.dir === 'response').map((m) => decode(m.bytes));
    const v4 = addrDump({ family: AF_INET, dev: 3 });
    const kept = answers.filter((a) => v4.match(a));
    expect(kept.length).toBeGreaterThan(0);
    for (const a of kept) expect([a.header.family, a.header.index]).toEqual([AF_INET, 3]);
    expect(answers.filter((a) => addrDump({ label: 'a0:*' }).match(a)).map((a) => a.attrs.label)).toContain('a0:web');
    expect(answers.filter((a) => addrDump({ flags: ['permanent'], family: AF_INET }).match(a)).length).toBeGreaterThan(0);
  });
});

describe('address builders', () => {
  it('golden bytes: ip addr add 10.1.2.3/24 brd + label eth0:1 dev 2 valid_lft 100 preferred_lft 50', () => {
    const req = addrAdd({ address: '10.1.2.3/24', broadcast: '+', label: 'eth0:1', dev: 2, validLft: 100, preferredLft: 50 });
    expect(req.type).toBe(20);
    expect(req.flags).toBe(0x605);
    const golden =
      '02180000' + '02000000' + // family 2, prefixlen 24, flags 0, scope 0, index 2
      '08000200' + '0a010203' + // IFA_LOCAL
      '0b000300' + '657468303a3100' + '00' + // IFA_LABEL "eth0:1\0" + pad
      '08000100' + '0a010203' + // IFA_ADDRESS
      '08000400' + '0a0102ff' + // IFA_BROADCAST (brd +)
      '14000600' + '32000000' + '64000000' + '00000000' + '00000000'; // IFA_CACHEINFO prefered 50 valid 100
    expect(hex(encode(req.body))).toBe(golden);
  });

  it('flags above 0xff go to IFA_FLAGS, loopback gets scope host, replace/change flags', () => {
    const b = addrAdd({ address: '2001:db8::1/64', dev: 1, flags: ['nodad', 'managetempaddr'] }).body;
    expect(b.header.flags).toEqual([]);
    expect(b.attrs.flags).toEqual(['nodad', 'managetempaddr']);
    expect(flagWordOf(IFA_F, b.attrs.flags!)).toBe(0x102);
    expect(addrAdd({ address: '127.0.0.2/8', dev: 1 }).body.header.scope).toBe('host');
    expect(addrReplace({ address: '10.0.0.1/8', dev: 1 }).flags).toBe(0x505);
    expect(addrChange({ address: '10.0.0.1/8', dev: 1 }).flags).toBe(0x105);
    expect(() => addrAdd({ address: '10.0.0.1/33', dev: 1 })).toThrow(ValidationError);
    expect(() => addrAdd({ address: '10.0.0.1', dev: 1, validLft: 10, preferredLft: 20 })).toThrow(ValidationError);
  });

  it('big-endian encode/decode round trip', () => {
    const req = addrAdd({ address: '2001:db8::5/64', dev: 0x01020304, flags: ['nodad', 'noprefixroute'], metric: 77, validLft: 'forever', preferredLft: 9 });
    const be = encode(req.body, false);
    expect(hex(be).slice(8, 16)).toBe('01020304');
    const back = decode(be, false);
    expect(back).toEqual(req.body);
  });
});

describe('malformed address messages give DecodeError', () => {
  it('short header, short cacheinfo, overrunning attribute', () => {
    const bad = [
      '0218', // truncated ifaddrmsg
      '0218000002000000' + '0c000600' + '0000000000000000', // IFA_CACHEINFO of 8 bytes
      '0218000002000000' + '20000200' + '0a010203', // IFA_LOCAL claims 32 bytes
      '0218000002000000' + '0200', // 2 bytes left: truncated attribute header
    ];
    for (const h of bad) {
      let err: unknown;
      try {
        decode(Buffer.from(h, 'hex'));
      } catch (e) {
        err = e;
      }
      expect(err, h).toBeInstanceOf(DecodeError);
    }
  });

  it('every truncation of real messages fails cleanly', () => {
    for (const m of messages.slice(0, 30)) {
      for (let cut = 0; cut < m.bytes.length; cut++) {
        try {
          decode(m.bytes.subarray(0, cut));
        } catch (e) {
          expect(e).toBeInstanceOf(DecodeError);
        }
      }
    }
  });
});
