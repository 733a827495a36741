/**
 * The bridge's request builders (src/rtnl/bridge) without a kernel: the bytes bridge 6.1 would
 * send (struct layouts, NLA_F_NESTED where the kernel needs it), MDB bodies read by direction, and
 * bad input refused before anything is encoded.
 */
import { describe, expect, it } from 'vitest';
import { decode, encode } from '../../src/netlink/decode.js';
import { ValidationError } from '../../src/netlink/errors.js';
import { NLM_F_REQUEST } from '../../src/netlink/constants.js';
import {
  bridgePortSet, bridgeVlanAdd, fdbAdd, fdbAppend, fdbFlush, mdbAdd, mdbGroupOf, mdbGroupText, type MdbMessage, type MdbSetMessage,
} from '../../src/rtnl/bridge/index.js';
import { rtnetlink } from '../../src/rtnl/family.js';
import { RTM_NEWMDB } from '../../src/rtnl/constants.js';

const bytes = (req: { type: number; flags: number; body: unknown }) => encode({ ...req, seq: 1, pid: 0 }, rtnetlink, { littleEndian: true });
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('bridge request builders', () => {
  it('bridge link set: IFLA_PROTINFO with NLA_F_NESTED and the IFLA_BRPORT_* asked, IFLA_AF_SPEC for self / hwmode', () => {
    const b = bytes(bridgePortSet(4, { cost: 7, hairpin: true, state: 'learning', hwmode: 'vepa' }));
    // nlmsghdr (16) + ifinfomsg (16): family AF_BRIDGE, index 4
    expect(b[16]).toBe(7);
    expect(new DataView(b.buffer, b.byteOffset).getInt32(20, true)).toBe(4);
    // IFLA_PROTINFO (12) | NLA_F_NESTED: state u8 2, cost u32 7, mode (hairpin) u8 1
    expect(hex(b.subarray(32, 36))).toBe('1c000c80');
    expect(hex(b.subarray(36, 60))).toBe('050001000200000008000300070000000500040001000000');
    // IFLA_AF_SPEC (26): IFLA_BRIDGE_FLAGS self (2), IFLA_BRIDGE_MODE vepa (1)
    expect(hex(b.subarray(60))).toBe('14001a00' + '0600000002000000' + '0600010001000000');
    const [m] = decode(b, rtnetlink);
    expect(m!.body).toMatchObject({ attrs: { protinfo: { state: 'learning', cost: 7, mode: 1 }, afSpec: { flags: ['self'], mode: 'vepa' } } });
    expect(() => bridgePortSet(4, { cots: 1 } as never)).toThrow(/unknown option "cots" \(did you mean "cost"\?\)/);
    expect(() => bridgePortSet(4, { state: 'asleep' as never })).toThrow(ValidationError);
    expect(() => bridgePortSet(4, { cost: 0 })).toThrow(ValidationError);
  });

  it('fdb add / append: ndmsg of AF_BRIDGE, bridge defaults (self, permanent), vxlan attributes', () => {
    const [add] = decode(bytes(fdbAdd({ lladdr: '02:00:00:00:00:01', dev: 3 })), rtnetlink);
    expect(add!.body).toEqual({ header: { family: 7, ifindex: 3, state: ['NOARP', 'PERMANENT'], flags: ['self'], type: 'unspec' }, attrs: { lladdr: '02:00:00:00:00:01' } });
    const [app] = decode(bytes(fdbAppend({ lladdr: '00:00:00:00:00:00', dev: 5, dst: '10.0.0.3', port: 4790, vni: 7, via: 2, master: true, state: 'static' })), rtnetlink);
    expect(app!.flagNames).toEqual(['REQUEST', 'ACK', 'CREATE', 'APPEND']);
    expect(app!.body).toMatchObject({ header: { state: ['REACHABLE', 'NOARP'], flags: ['master'] }, attrs: { dst: '10.0.0.3', port: 4790, vni: 7, ifindex: 2 } });
    expect(() => fdbAdd({ lladdr: '02:00:00:00:00:01', dev: 3, nhid: 1, dst: '10.0.0.1' })).toThrow(/mutually exclusive/);
    expect(() => fdbAdd({ lladdr: '02:00:00:00:00', dev: 3 })).toThrow(ValidationError);
    expect(() => fdbAdd({ lladdr: '02:00:00:00:00:01', dev: 3, vni: 1 << 24 })).toThrow(ValidationError);
    expect(() => fdbAdd({ lladdr: '02:00:00:00:00:01', dev: 3, vlna: 1 } as never)).toThrow(/unknown option "vlna"/);
  });

  it('fdb flush: one bulk RTM_DELNEIGH with the state and flag masks', () => {
    const [m] = decode(bytes(fdbFlush({ dev: 2, port: 4, vlan: 5, state: 0, stateMask: 0xc0, flags: 0x10, flagsMask: 0x10 })), rtnetlink);
    expect(m!.flagNames).toContain('BULK');
    expect(m!.body).toMatchObject({ header: { ifindex: 2, flags: ['self', 'extern_learn'] }, attrs: { ifindex: 4, vlan: 5, ndmFlagsMask: ['extern_learn'], ndmStateMask: ['NOARP', 'PERMANENT'] } });
  });

  it('mdb add: br_port_msg + MDBA_SET_ENTRY (struct br_mdb_entry, 28 bytes) + nested MDBA_SET_ENTRY_ATTRS; read back by direction', () => {
    const req = mdbAdd({ dev: 2, port: 4, group: '239.1.1.4', source: '10.0.0.1', permanent: true, vid: 5 });
    const b = bytes(req);
    // MDBA_SET_ENTRY: 4 + 28 bytes: ifindex 4, state 1, flags 0, vid 5, 239.1.1.4, 12 zero bytes, proto 0x0800 (big-endian), 2 pad
    expect(hex(b.subarray(24, 56))).toBe('20000100' + '04000000' + '01' + '00' + '0500' + 'ef010104' + '00'.repeat(12) + '0800' + '0000');
    // MDBA_SET_ENTRY_ATTRS | NLA_F_NESTED: MDBE_ATTR_SOURCE 10.0.0.1
    expect(hex(b.subarray(56))).toBe('0c000280' + '080001000a000001');
    const [asRequest] = decode(b, rtnetlink);
    expect((asRequest!.body as MdbSetMessage).attrs.entry).toMatchObject({ ifindex: 4, state: 'permanent', vid: 5, proto: 0x0800 });
    expect(mdbGroupText((asRequest!.body as MdbSetMessage).attrs.entry!)).toBe('239.1.1.4');
    // The same type without NLM_F_REQUEST is a notification: MDBA_MDB / MDBA_ROUTER.
    const notification = bytes({
      type: RTM_NEWMDB,
      flags: 0,
      body: { header: { family: 7, ifindex: 2 }, attrs: { router: { port: [{ header: { ifindex: 4 }, attrs: { timer: 0, type: 'perm' } }] } } } satisfies MdbMessage,
    });
    const [n] = decode(notification, rtnetlink);
    expect(n!.flags & NLM_F_REQUEST).toBe(0);
    expect((n!.body as MdbMessage).attrs.router?.port?.[0]).toMatchObject({ header: { ifindex: 4 }, attrs: { type: 'perm' } });
    expect(mdbGroupText({ ...mdbGroupOf('ff0e::5')! })).toBe('ff0e::5');
    expect(mdbGroupText({ ...mdbGroupOf('01:00:5e:01:02:03')! })).toBe('01:00:5e:01:02:03');
    expect(() => mdbAdd({ dev: 2, port: 4, group: 'nope' })).toThrow(/group: invalid address/);
    expect(() => mdbAdd({ dev: 2, port: 4, group: '239.1.1.1', source: 'nope' })).toThrow(/source: invalid address/);
  });

  it('vlan add: a range is a RANGE_BEGIN / RANGE_END pair; a tunnel mapping is IFLA_BRIDGE_VLAN_TUNNEL_INFO', () => {
    const [r] = decode(bytes(bridgeVlanAdd({ dev: 3, vid: 10, vidEnd: 20, untagged: true })), rtnetlink);
    expect(r!.body).toMatchObject({ attrs: { afSpec: { vlanInfo: [{ flags: ['untagged', 'range_begin'], vid: 10 }, { flags: ['untagged', 'range_end'], vid: 20 }] } } });
    const [t] = decode(bytes(bridgeVlanAdd({ dev: 3, vid: 100, tunnelId: 1000, self: true })), rtnetlink);
    expect(t!.body).toMatchObject({ attrs: { afSpec: { flags: ['self'], vlanTunnelInfo: [{ id: 1000, vid: 100, flags: [] }] } } });
    expect(() => bridgeVlanAdd({ dev: 3, vid: 10, vidEnd: 12, pvid: true })).toThrow(/pvid/);
    expect(() => bridgeVlanAdd({ dev: 3, vid: 20, vidEnd: 10 })).toThrow(ValidationError);
    expect(() => bridgeVlanAdd({ dev: 3, vid: 4096 })).toThrow(ValidationError);
  });
});
