/**
 * Rules: golden bytes for iproute2-shaped requests, a kernel-shaped RTM_NEWRULE dump answer,
 * big-endian, dump filter, malformed input. (The captures hold no rule messages.)
 */
import { describe, expect, it } from 'vitest';
import { DecodeError, ValidationError } from '../../src/netlink/errors.js';
import { AF_INET, AF_INET6, RTM_DELRULE, RTM_GETRULE, RTM_NEWRULE } from '../../src/rtnl/constants.js';
import type { RuleMessage } from '../../src/rtnl/rule/index.js';
import { ruleAdd, ruleDelete, ruleDump, ruleMessage, ruleTable } from '../../src/rtnl/rule/index.js';
import { decodeBody, encodeBody, fromHex, hex } from '../support/rtnl.js';


const decode = (bytes: Uint8Array, le = true): RuleMessage => decodeBody(ruleMessage, bytes, le);
const encode = (body: RuleMessage, le = true): Uint8Array => encodeBody(ruleMessage, body, le);

describe('rule builders', () => {
  it('golden bytes: ip rule add from 10.0.0.0/8 pref 100 table 1000', () => {
    const req = ruleAdd({ from: '10.0.0.0/8', priority: 100, table: 1000 });
    expect(req.type).toBe(RTM_NEWRULE);
    expect(req.flags).toBe(0x605);
    expect(hex(encode(req.body))).toBe(
      '02' + '00' + '08' + '00' + '00' + '0000' + '01' + '00000000' + // family, dst_len, src_len 8, tos, table 0, res, FR_ACT_TO_TBL, flags
        '08000200' + '0a000000' + // FRA_SRC
        '08000600' + '64000000' + // FRA_PRIORITY
        '08000f00' + 'e8030000', // FRA_TABLE
    );
  });

  it('golden bytes: ip rule add not fwmark 0x10/0xff iif eth0 lookup 100 (table < 256 in the header)', () => {
    const req = ruleAdd({ not: true, fwmark: 0x10, fwmask: 0xff, iif: 'eth0', table: 100 });
    expect(hex(encode(req.body))).toBe(
      '02000000' + '64000001' + '02000000' +
        '08000a00' + '10000000' + // FRA_FWMARK
        '08001000' + 'ff000000' + // FRA_FWMASK
        '09000300' + '6574683000' + '000000', // FRA_IIFNAME "eth0\0"
    );
  });

  it('defaults: table main for add, unspec action for delete, goto/blackhole actions, v6', () => {
    expect(ruleAdd({ priority: 5 }).body.header).toMatchObject({ family: AF_INET, table: 254, action: 'to_tbl' });
    const del = ruleDelete({ priority: 5 });
    expect(del.type).toBe(RTM_DELRULE);
    expect(del.flags).toBe(0x005);
    expect(del.body.header).toMatchObject({ table: 0, action: 'unspec' });
    expect(ruleAdd({ priority: 6, goto: 100 }).body).toEqual({
      header: { family: AF_INET, dstLen: 0, srcLen: 0, tos: 0, table: 0, action: 'goto', flags: [] },
      attrs: { priority: 6, goto: 100 },
    });
    expect(ruleAdd({ priority: 7, action: 'blackhole' }).body.header.action).toBe('blackhole');
    expect(ruleAdd({ to: '2001:db8::/32', table: 10 }).body.header).toMatchObject({ family: AF_INET6, dstLen: 32, table: 10 });
    expect(() => ruleAdd({ from: '10.0.0.0/8', to: '2001:db8::/32' })).toThrow(ValidationError);
  });

  it('every attribute round-trips, little and big endian', () => {
    const req = ruleAdd({
      from: '10.0.0.0/8',
      to: '192.0.2.0/24',
      priority: 1000,
      fwmark: 1,
      fwmask: 3,
      realm: 9,
      table: 5000,
      iif: 'eth0',
      oif: 'eth1',
      tunId: 0x0102030405060708n,
      suppressPrefixlen: 0,
      suppressIfgroup: 4,
      uidRange: { start: 1000, end: 2000 },
      protocol: 'static',
      ipProto: 6,
      sportRange: { start: 1024, end: 2048 },
      dportRange: { start: 80, end: 80 },
      dscp: 10,
      flowlabel: 0x12345,
      flowlabelMask: 0xfffff,
    });
    for (const le of [true, false]) {
      const b = encode(req.body, le);
      const back = decode(b, le);
      expect(back).toEqual(req.body);
      expect(back.attrs.unknown).toBeUndefined();
      expect(hex(encode(back, le))).toBe(hex(b));
    }
    // tun_id and flowlabel are big-endian whatever the host order
    const b = encode(req.body, true);
    expect(hex(b)).toContain('0c000c00' + '0102030405060708');
    expect(hex(b)).toContain('08001a00' + '00012345');
  });
});

describe('rule dump answers', () => {
  // What the kernel sends for `from all lookup main` (pref 32766), as a dump answer.
  const kernel = fromHex(
    '02000000 fe000001 00000000' +
      '08000f00 fe000000' + // FRA_TABLE 254
      '08000e00 ffffffff' + // FRA_SUPPRESS_PREFIXLEN -1
      '05001500 02000000' + // FRA_PROTOCOL kernel
      '08000600 fe7f0000', // FRA_PRIORITY 32766
  );

  it('decodes and re-encodes byte for byte', () => {
    const body = decode(kernel);
    expect(body).toEqual({
      header: { family: AF_INET, dstLen: 0, srcLen: 0, tos: 0, table: 254, action: 'to_tbl', flags: [] },
      attrs: { table: 254, suppressPrefixlen: 0xffffffff, protocol: 'kernel', priority: 32766 },
    });
    expect(hex(encode(body))).toBe(hex(kernel));
    expect(ruleTable(body)).toBe(254);
  });

  it('dump request and client-side filter', () => {
    const d = ruleDump({ family: AF_INET, table: 254 });
    expect(d.request.type).toBe(RTM_GETRULE);
    expect(d.request.flags).toBe(0x301);
    expect(hex(encode(d.request.body))).toBe('020000000000000000000000');
    expect(d.match(decode(kernel))).toBe(true);
    expect(ruleDump({ family: AF_INET6 }).match(decode(kernel))).toBe(false);
    expect(ruleDump({ priority: 0 }).match(decode(kernel))).toBe(false);
  });

  it('malformed input gives DecodeError', () => {
    for (const h of ['02000000fe', '02000000fe000001 00000000 0c001400 e8030000', '02000000fe000001 00000000 08000f00 fe00']) {
      let err: unknown;
      try {
        decode(fromHex(h));
      } catch (e) {
        err = e;
      }
      expect(err, h).toBeInstanceOf(DecodeError);
    }
    for (let cut = 0; cut < kernel.length; cut++) {
      try {
        decode(kernel.subarray(0, cut));
      } catch (e) {
        expect(e).toBeInstanceOf(DecodeError);
      }
    }
  });
});
