/**
 * Generic netlink against the real kernel, in a private sandbox: nlctrl compared with
 * `genl ctrl list`, ethtool with `ethtool` on a veth pair, netdev with `ip link`, mptcp_pm with
 * `ip mptcp`, tcp_metrics with `ip tcp_metrics`; errors carry the extended ACK and its attribute
 * path; notifications arrive through `subscribe`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetlinkError, NotFoundError, ValidationError } from '../../src/api/index.js';
import { sandbox, type Sandbox } from './util.js';

let s: Sandbox;
const exec = async (...argv: string[]) => {
  const r = await s.root.netns.exec(s.ns, argv, { stdio: 'pipe', timeoutMs: 10000 });
  return r;
};
const run = async (...argv: string[]) => {
  const r = await exec(...argv);
  if (r.code !== 0) throw new Error(`${argv.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

beforeAll(async () => {
  s = await sandbox('g');
  await s.h.link.add({ kind: 'veth', name: 'va', peer: { name: 'vb' } });
});
afterAll(async () => {
  await s?.close();
});

/** `genl ctrl list` → name → { id, version, hdrsize, maxattr, ops, groups }. */
function parseGenlList(text: string) {
  const out = new Map<string, { id: number; version: number; hdrsize: number; maxattr: number; ops: number[]; groups: Record<string, number> }>();
  for (const block of text.split(/\n(?=Name: )/)) {
    const name = /^Name: (\S+)/.exec(block)?.[1];
    if (!name) continue;
    const m = /ID: (0x[0-9a-f]+)\s+Version: (0x[0-9a-f]+)\s+header size: (\d+)\s+max attribs: (\d+)/.exec(block)!;
    const [, commands = '', groupsText = ''] = /commands supported:([\s\S]*?)(?:multicast groups:([\s\S]*))?$/.exec(block) ?? [];
    const ops = [...commands.matchAll(/#\d+:\s+ID-(0x[0-9a-f]+)/g)].map((x) => Number(x[1]));
    const groups: Record<string, number> = {};
    for (const g of groupsText.matchAll(/ID-(0x[0-9a-f]+)\s+name: (\S+)/g)) groups[g[2]!] = Number(g[1]);
    out.set(name, { id: Number(m[1]), version: Number(m[2]), hdrsize: Number(m[3]), maxattr: Number(m[4]), ops, groups });
  }
  return out;
}

describe('nlctrl', () => {
  it('lists every family `genl ctrl list` lists, with the same ids, versions, operations and groups', async () => {
    const theirs = parseGenlList(await run('genl', 'ctrl', 'list'));
    const ours = await s.h.genl.families();
    expect(ours.map((f) => f.name).sort()).toEqual([...theirs.keys()].sort());
    for (const f of ours) {
      const t = theirs.get(f.name)!;
      expect({ id: f.id, version: f.version, hdrsize: f.hdrsize, maxattr: f.maxattr }).toEqual({ id: t.id, version: t.version, hdrsize: t.hdrsize, maxattr: t.maxattr });
      expect(f.ops.map((o) => o.id)).toEqual(t.ops);
      expect(f.groups).toEqual(t.groups);
    }
    expect(theirs.has('ethtool')).toBe(true);
  });

  it('resolves one family by name and caches it per handle', async () => {
    const a = await s.h.genl('ethtool').info();
    const b = await s.h.genl.resolve('ethtool');
    expect(b).toBe(a);
    expect(a.groups).toHaveProperty('monitor');
  });

  it('a family the kernel lacks is a NotFoundError; one without a spec, or an unknown operation, a ValidationError', async () => {
    const missing = (await s.h.genl.families()).some((f) => f.name === 'ovs_datapath') ? undefined : 'ovs_datapath';
    if (missing) await expect(s.h.genl(missing).info()).rejects.toBeInstanceOf(NotFoundError);
    expect(() => s.h.genl('no-such-family' as 'ethtool')).toThrow(ValidationError);
    await expect(s.h.genl('ethtool').do('no-such-op' as 'channels-get', {})).rejects.toThrow(/ethtool has no operation "no-such-op"/);
    await expect(s.h.genl('ethtool').dump('channels-set' as 'channels-get')).rejects.toThrow(/channels-set has no dump mode/);
  });
});

describe('ethtool', () => {
  it('channels equal `ethtool -l`', async () => {
    const text = await run('ethtool', '-l', 'va');
    const [max, cur] = text.split('Current hardware settings:');
    const num = (part: string, label: string) => {
      const v = new RegExp(`^${label}:\\s+(\\S+)`, 'm').exec(part)![1]!;
      return v === 'n/a' ? undefined : Number(v);
    };
    const ours = await s.h.ethtool.channels('va');
    // `ethtool -l` prints n/a for a count the driver leaves at 0 (veth: other, combined).
    const na = (v: number | undefined) => (v ? v : undefined);
    const fields = ['rx', 'tx', 'other', 'combined'] as const;
    expect(Object.fromEntries(fields.flatMap((f) => [[`${f}Max`, na(ours[`${f}Max`])], [`${f}Count`, na(ours[`${f}Count`])]]))).toEqual(
      Object.fromEntries(fields.flatMap((f) => {
        const label = { rx: 'RX', tx: 'TX', other: 'Other', combined: 'Combined' }[f];
        return [[`${f}Max`, num(max!, label)], [`${f}Count`, num(cur!, label)]];
      })),
    );
    expect(ours.rxMax).toBeGreaterThan(0);
    // The generic entry gives the same answer.
    const raw = await s.h.genl('ethtool').do('channels-get', { header: { devName: 'va' } });
    expect(raw.rxCount).toBe(ours.rxCount);
    expect(raw.header?.devName).toBe('va');
  });

  it('setChannels is seen by `ethtool -l`, and an out-of-range count fails with the extack and its attribute', async () => {
    await s.h.ethtool.setChannels('va', { rx: 2 });
    expect(await run('ethtool', '-l', 'va')).toMatch(/Current hardware settings:\nRX:\s+2/);
    const err = await s.h.ethtool.setChannels('va', { rx: 1000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetlinkError);
    expect((err as NetlinkError).code).toBe('EINVAL');
    expect((err as NetlinkError).extack.message).toMatch(/exceeds maximum/);
    expect((err as NetlinkError).attributePath).toBe('rx_count');
  });

  it('link modes and link state equal `ethtool DEV`', async () => {
    const text = await run('ethtool', 'va');
    const modes = await s.h.ethtool.linkModes('va');
    expect(`${modes.speed}Mb/s`).toBe(/Speed: (\S+)/.exec(text)![1]);
    expect(modes.duplex).toBe(/Duplex: (\S+)/.exec(text)![1]!.toLowerCase());
    expect(modes.autoneg ? 'on' : 'off').toBe(/Auto-negotiation: (\S+)/.exec(text)![1]);
    expect((await s.h.ethtool.linkState('va')).link ? 'yes' : 'no').toBe(/Link detected: (\S+)/.exec(text)![1]);
    const info = await s.h.ethtool.linkInfo('va');
    expect(info.phyaddr).toBe(Number(/PHYAD: (\d+)/.exec(text)![1]));
    // linux/ethtool.h PORT_* and XCVR_*, as ethtool's dump_link_caps names them.
    const PORT: Record<number, string> = { 0x00: 'Twisted Pair', 0x01: 'AUI', 0x02: 'BNC', 0x03: 'MII', 0x04: 'FIBRE', 0x05: 'Direct Attach Copper', 0xef: 'None', 0xff: 'Other' };
    expect(PORT[info.port ?? -1]).toBe(/Port: (.+)/.exec(text)![1]);
    expect(['internal', 'external'][info.transceiver ?? -1]).toBe(/Transceiver: (\S+)/.exec(text)![1]);
    // "Not reported" when the driver reports no link mode (veth).
    const modesOf = (label: string) => {
      const v = new RegExp(`${label} link modes:\\s+(.*(?:\\n\\s{20,}.*)*)`).exec(text)![1]!.trim();
      return v === 'Not reported' ? [] : v.split(/\s+/);
    };
    expect(modes.supported).toEqual(modesOf('Supported'));
    expect(modes.advertised).toEqual(modesOf('Advertised'));
  });

  it('features equal `ethtool --json -k`, and setFeatures is what `ethtool -k` then shows', async () => {
    const theirs = JSON.parse(await run('ethtool', '--json', '-k', 'va'))[0] as Record<string, { active: boolean; fixed: boolean; requested: boolean }>;
    const ours = await s.h.ethtool.features('va');
    const names = Object.keys(ours).filter((n) => theirs[n]);
    expect(names.length).toBeGreaterThan(20);
    for (const n of names) expect({ n, ...ours[n] }).toEqual({ n, ...theirs[n] });
    const before = ours['tx-nocache-copy']!.active;
    await s.h.ethtool.setFeatures('va', { 'tx-nocache-copy': !before });
    const after = JSON.parse(await run('ethtool', '--json', '-k', 'va'))[0]['tx-nocache-copy'];
    expect(after.active).toBe(!before);
    expect((await s.h.ethtool.features('va'))['tx-nocache-copy']!.active).toBe(!before);
  });

  it('timestamping equals `ethtool -T`, the statistics string set `ethtool -S`', async () => {
    const t = await run('ethtool', '-T', 'va');
    const caps = /Capabilities:\n((?:\t.*\n)*)/.exec(t)![1]!.trim().split(/\s+/);
    const ts = await s.h.genl('ethtool').do('tsinfo-get', { header: { devName: 'va' } });
    expect((ts.timestamping?.bits?.bit ?? []).map((b) => b.name)).toEqual(caps);
    expect(ts.phcIndex === undefined || ts.phcIndex < 0 ? 'none' : String(ts.phcIndex)).toBe(/PTP Hardware Clock: (\S+)/.exec(t)![1]);
    // ETH_SS_STATS = 1 (linux/ethtool.h enum ethtool_stringset)
    const sets = await s.h.genl('ethtool').do('strset-get', { header: { devName: 'va' }, stringsets: { stringset: [{ id: 1 }] } });
    const names = (sets.stringsets?.stringset?.[0]?.strings?.[0]?.string ?? []).map((x) => x.value);
    const theirs = [...(await run('ethtool', '-S', 'va')).matchAll(/^\s+(\S+): \d+$/gm)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(0);
    expect(names).toEqual(theirs);
  });

  it('what veth lacks (rings, pause, coalesce) fails like `ethtool -g/-a/-c` does: EOPNOTSUPP', async () => {
    for (const [verb, flag] of [['rings', '-g'], ['pause', '-a'], ['coalesce', '-c']] as const) {
      const theirs = await exec('ethtool', flag, 'va');
      expect(theirs.code).not.toBe(0);
      expect(theirs.stderr).toMatch(/Operation not supported/);
      await expect(s.h.ethtool[verb]('va')).rejects.toMatchObject({ code: 'EOPNOTSUPP' });
    }
  });

  it('notifications: a channels change arrives through subscribe("monitor")', async () => {
    const sub = s.h.genl('ethtool').subscribe('monitor');
    await sub.ready();
    await s.h.ethtool.setChannels('va', { rx: 1 });
    for await (const n of sub) {
      if (n.op !== 'channels-ntf') continue;
      expect(n.attrs.header?.devName).toBe('va');
      expect(n.attrs.rxCount).toBe(1);
      break;
    }
    await expect(s.h.genl('ethtool').subscribe('nope').ready()).rejects.toThrow(/multicast group of ethtool "nope" not found \(the kernel has: monitor\)/);
  });
});

describe('netdev', () => {
  it('dev-get lists the interfaces `ip link` lists', async () => {
    const links = (await s.ipj('link', 'show')) as Array<{ ifindex: number }>;
    const devs = await s.h.genl('netdev').dump('dev-get');
    expect(devs.map((d) => d.ifindex).sort()).toEqual(links.map((l) => l.ifindex).sort());
    const va = devs.find((d) => d.ifindex === links.find((l) => (l as { ifname?: string }).ifname === 'va')!.ifindex)!;
    expect(va.xdpFeatures).toEqual(expect.arrayContaining(['basic', 'redirect']));
    // The do form answers what the dump said, device by device.
    for (const d of devs) expect(await s.h.genl('netdev').do('dev-get', { ifindex: d.ifindex })).toEqual(d);
    await expect(s.h.genl('netdev').do('dev-get', { ifindex: 99999 })).rejects.toMatchObject({ code: 'ENODEV' });
  });

  it('queue-get lists, for every link up, the rx and tx queues `ip -d -j link` counts', async () => {
    await run('ip', 'link', 'add', 'qa', 'numtxqueues', '2', 'numrxqueues', '3', 'type', 'veth', 'peer', 'name', 'qb', 'numtxqueues', '4', 'numrxqueues', '1');
    await run('ip', 'link', 'set', 'qa', 'up');
    await run('ip', 'link', 'set', 'qb', 'up');
    const links = (await s.ipj('-d', 'link', 'show')) as Array<{ ifindex: number; ifname: string; flags: string[]; num_rx_queues: number; num_tx_queues: number }>;
    const queues = await s.h.genl('netdev').dump('queue-get');
    const count = (ifindex: number, type: string) => queues.filter((q) => q.ifindex === ifindex && q.type === type).map((q) => q.id);
    // The kernel reports configured queues of devices that are up only (netdev_nl_queue_dump_one).
    const up = links.filter((l) => l.flags.includes('UP'));
    expect(up.map((l) => l.ifname).sort()).toEqual(expect.arrayContaining(['qa', 'qb']));
    expect([...new Set(queues.map((q) => q.ifindex))].sort()).toEqual(up.map((l) => l.ifindex).sort());
    for (const l of up) {
      expect({ dev: l.ifname, rx: count(l.ifindex, 'rx'), tx: count(l.ifindex, 'tx') }).toEqual({
        dev: l.ifname,
        rx: [...Array(l.num_rx_queues).keys()],
        tx: [...Array(l.num_tx_queues).keys()],
      });
    }
    const qa = links.find((l) => l.ifname === 'qa')!;
    expect([qa.num_rx_queues, qa.num_tx_queues]).toEqual([3, 2]);
    expect(await s.h.genl('netdev').do('queue-get', { ifindex: qa.ifindex, type: 'tx', id: 1 })).toMatchObject({ ifindex: qa.ifindex, type: 'tx', id: 1 });
  });

  it('dev-add-ntf and dev-del-ntf (group mgmt) name the ifindex `ip link` gives a new link', async () => {
    const sub = s.h.genl('netdev').subscribe('mgmt');
    await sub.ready();
    await run('ip', 'link', 'add', 'na', 'type', 'veth', 'peer', 'name', 'nb');
    const links = (await s.ipj('link', 'show')) as Array<{ ifindex: number; ifname: string }>;
    const added = ['na', 'nb'].map((n) => links.find((l) => l.ifname === n)!.ifindex).sort();
    await run('ip', 'link', 'del', 'na');
    const seen: string[] = [];
    // dev-change-ntf may come between (the kernel sends one when the peer is linked, for example).
    for await (const n of sub) {
      if (n.op === 'dev-change-ntf') continue;
      seen.push(`${n.op} ${n.attrs.ifindex}`);
      if (seen.length === 4) break;
    }
    expect(seen.sort()).toEqual([...added.map((i) => `dev-add-ntf ${i}`), ...added.map((i) => `dev-del-ntf ${i}`)].sort());
  });
});

describe('mptcp_pm', () => {
  it('endpoints and limits agree with `ip mptcp` both ways', async () => {
    const pm = s.h.genl('mptcp_pm');
    // 10.1.1.1 as the spec's big-endian u32; MPTCP_PM_ADDR_FLAG_SIGNAL = 1
    await pm.do('add-addr', { addr: { family: 2, addr4: 0x0a010101, id: 5, flags: 1 } });
    expect(await run('ip', 'mptcp', 'endpoint', 'show')).toMatch(/^10\.1\.1\.1 id 5 signal/m);
    await run('ip', 'mptcp', 'endpoint', 'add', '10.2.2.2', 'id', '7', 'subflow');
    const eps = await pm.dump('get-addr');
    expect(eps.map((e) => [e.addr?.id, e.addr?.addr4, e.addr?.flags]).sort()).toEqual([[5, 0x0a010101, 1], [7, 0x0a020202, 2]]);
    await pm.do('set-limits', { rcvAddAddrs: 3, subflows: 4 });
    expect(await run('ip', 'mptcp', 'limits', 'show')).toMatch(/add_addr_accepted 3 +subflows 4/);
    expect(await pm.do('get-limits', {})).toMatchObject({ rcvAddAddrs: 3, subflows: 4 });
    await pm.do('del-addr', { addr: { id: 5 } });
    expect(await run('ip', 'mptcp', 'endpoint', 'show')).not.toMatch(/10\.1\.1\.1/);
  });
});

describe('h.mptcp', () => {
  it('endpoints and limits as `ip mptcp` shows them, both ways', async () => {
    await s.h.mptcp.flushEndpoints();
    await s.h.mptcp.addEndpoint({ address: '10.3.3.3', id: 9, flags: ['subflow', 'backup'] });
    await run('ip', 'mptcp', 'endpoint', 'add', 'fd00::1', 'id', '10', 'signal');
    expect(await run('ip', 'mptcp', 'endpoint', 'show')).toMatch(/^10\.3\.3\.3 id 9 subflow backup/m);
    expect(await s.h.mptcp.endpoints()).toEqual([
      { id: 9, address: '10.3.3.3', flags: ['subflow', 'backup'] },
      { id: 10, address: 'fd00::1', flags: ['signal'] },
    ]);
    await s.h.mptcp.setLimits({ subflows: 2, addAddrAccepted: 1 });
    expect(await run('ip', 'mptcp', 'limits', 'show')).toMatch(/add_addr_accepted 1 +subflows 2/);
    await run('ip', 'mptcp', 'limits', 'set', 'subflows', '5');
    expect(await s.h.mptcp.limits()).toEqual({ subflows: 5, addAddrAccepted: 1 });
    await s.h.mptcp.deleteEndpoint(9);
    expect((await s.h.mptcp.endpoints()).map((e) => e.id)).toEqual([10]);
    await expect(s.h.mptcp.addEndpoint({ address: '10.0.0.1', flags: ['sigal' as 'signal'] })).rejects.toThrow(/unknown flag "sigal"/);
  });
});

describe('tcp_metrics', () => {
  it('the dump agrees with `ip tcp_metrics show`', async () => {
    const theirs = (await run('ip', 'tcp_metrics', 'show')).trim().split('\n').filter(Boolean);
    const ours = await s.h.genl('tcp_metrics').dump('get');
    expect(ours.length).toBe(theirs.length);
  });
});
