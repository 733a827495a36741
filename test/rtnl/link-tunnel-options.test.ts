/**
 * The typed options of ipip/sit, ip6tnl and vti/vti6 → IFLA_INFO_DATA (no kernel needed; the VM
 * lane creates them for real in test/vm/link-kinds.test.ts): `mode`, `external`, `isatap`,
 * `fwmark`, `ikey` / `okey`, and their errors.
 */
import { describe, expect, it } from 'vitest';
import { iptnl } from '../../src/rtnl/link/kinds/iptnl.js';
import { ip6tnl } from '../../src/rtnl/link/kinds/ip6tnl.js';
import { vti } from '../../src/rtnl/link/kinds/vti.js';
import { vti6 } from '../../src/rtnl/link/kinds/vti6.js';
import { ValidationError } from '../../src/netlink/errors.js';
import type { KindEncodeContext } from '../../src/rtnl/link/kinds/kind.js';

/** Names resolve to a fixed index: only the encoding is under test. */
const ctx: KindEncodeContext = { create: true, ifindex: async (dev) => (typeof dev === 'number' ? dev : 7) };

describe('ipip / sit options', () => {
  it('mode, fwmark and isatap become IFLA_IPTUN_PROTO, _FWMARK and SIT_ISATAP', async () => {
    expect(await iptnl.encode({ kind: 'ipip', remote: '192.0.2.2', mode: 'mplsip', fwmark: 5 }, ctx)).toEqual({ data: { proto: 137, remote: '192.0.2.2', fwmark: 5 } });
    expect(await iptnl.encode({ kind: 'sit', local: '192.0.2.1', mode: 'ip6ip', isatap: true }, ctx)).toEqual({ data: { proto: 41, local: '192.0.2.1', flags: 1 } });
    expect(await iptnl.encode({ kind: 'ipip', mode: 'any', dev: 'u0' }, ctx)).toEqual({ data: { proto: 0, link: 7 } });
  });
  it('external sends IFLA_IPTUN_COLLECT_METADATA (after the protocol) and takes no endpoint', async () => {
    expect(await iptnl.encode({ kind: 'ipip', external: true, mode: 'ipip' }, ctx)).toEqual({ data: { proto: 4, collectMetadata: true } });
    await expect(Promise.resolve().then(() => iptnl.encode({ kind: 'ipip', external: true, remote: '192.0.2.2' }, ctx))).rejects.toThrow(ValidationError);
  });
  it('refuses what the kind does not have', async () => {
    await expect(Promise.resolve().then(() => iptnl.encode({ kind: 'ipip', mode: 'ip6ip' }, ctx))).rejects.toThrow(/mode/);
    await expect(Promise.resolve().then(() => iptnl.encode({ kind: 'ipip', isatap: true }, ctx))).rejects.toThrow(/isatap/);
    await expect(Promise.resolve().then(() => iptnl.encode({ kind: 'sit', fwmark: -1 }, ctx))).rejects.toThrow(ValidationError);
  });
  it('data keeps its order, the options go over it', async () => {
    const r = await iptnl.encode({ kind: 'ipip', ttl: 9, data: { ttl: 3, tos: 1, pmtudisc: 1 } }, ctx);
    expect(Object.keys(r.data as object)).toEqual(['ttl', 'tos', 'pmtudisc']);
    expect(r.data).toEqual({ ttl: 9, tos: 1, pmtudisc: 1 });
  });
});

describe('ip6tnl options', () => {
  it('mode, fwmark, external', async () => {
    expect(await ip6tnl.encode({ kind: 'ip6tnl', remote: '2001:db8::2', mode: 'ipip6', fwmark: 2 }, ctx)).toEqual({ data: { proto: 4, remote: '2001:db8::2', fwmark: 2 } });
    expect(await ip6tnl.encode({ kind: 'ip6tnl', external: true }, ctx)).toEqual({ data: { collectMetadata: true } });
    await expect(Promise.resolve().then(() => ip6tnl.encode({ kind: 'ip6tnl', mode: 'ipip' as 'any' }, ctx))).rejects.toThrow(/mode/);
  });
});

describe('vti / vti6 options', () => {
  it('ikey, okey and fwmark; key sets both', async () => {
    expect(await vti.encode({ kind: 'vti', local: '192.0.2.1', ikey: 5, okey: 6, fwmark: 1 }, ctx)).toEqual({ data: { local: '192.0.2.1', ikey: 5, okey: 6, fwmark: 1 } });
    expect(await vti6.encode({ kind: 'vti6', key: 8 }, ctx)).toEqual({ data: { ikey: 8, okey: 8 } });
    await expect(Promise.resolve().then(() => vti.encode({ kind: 'vti', ikey: 2 ** 32 }, ctx))).rejects.toThrow(ValidationError);
  });
});
