/** The topology model, DOT, Mermaid and layout on hand-made dumps (no kernel). */
import { describe, expect, it } from 'vitest';
import type { Address, Link } from '../../src/api/index.js';
import { build, CURRENT, toDot, toMermaid, type RawNamespace } from '../../src/diagram/index.js';
import { layout } from '../../src/diagram/layout.js';

function link(index: number, name: string, o: Partial<Link> = {}): Link {
  const up = o.up ?? true;
  return {
    index,
    name,
    flags: up ? ['UP', 'LOWER_UP'] : [],
    up,
    lowerUp: o.lowerUp ?? up,
    type: name === 'lo' ? 'loopback' : 'ether',
    operstate: up ? 'UP' : 'DOWN',
    ...o,
    raw: {} as Link['raw'],
  } as Link;
}

function addr(index: number, cidr: string): Address {
  const [address, len] = cidr.split('/') as [string, string];
  return { family: address.includes(':') ? 6 : 4, index, address, prefixlen: Number(len), cidr, scope: 'global', flags: [], tentative: false, raw: {} as Address['raw'] };
}

/**
 * The blog's final state, with nsids that differ per namespace (as the kernel assigns them):
 * the host calls ns1 0 and ns2 1; ns1 calls the host 0 and ns2 1; ns2 calls ns1 0 and the host 1.
 */
function blogRaw(): RawNamespace[] {
  return [
    {
      key: CURRENT,
      links: [
        link(1, 'lo', { up: false, kind: undefined }),
        link(3, 'br0', { kind: 'bridge' }),
        link(4, 'vethY', { kind: 'veth', master: 3, slaveKind: 'bridge', link: 2, linkNetnsid: 0 }),
        link(5, 'vethQ', { kind: 'veth', master: 3, slaveKind: 'bridge', link: 3, linkNetnsid: 1 }),
      ],
      addrs: [],
      ids: new Map([[0, 'ns1'], [1, 'ns2']]),
    },
    {
      key: 'ns1',
      links: [link(1, 'lo', { operstate: 'UNKNOWN' }), link(2, 'vethX', { kind: 'veth', link: 4, linkNetnsid: 0 }), link(3, 'veth1', { kind: 'veth', link: 2, linkNetnsid: 1 })],
      addrs: [addr(1, '127.0.0.1/8'), addr(3, '10.0.0.1/24'), addr(2, '10.0.1.1/24'), addr(2, 'fe80::1/64')],
      ids: new Map([[0, CURRENT], [1, 'ns2']]),
    },
    {
      key: 'ns2',
      links: [link(1, 'lo', { operstate: 'UNKNOWN' }), link(2, 'veth2', { kind: 'veth', link: 3, linkNetnsid: 0 }), link(3, 'vethP', { kind: 'veth', link: 5, linkNetnsid: 1 })],
      addrs: [addr(2, '10.0.0.2/24'), addr(3, '10.0.1.2/24')],
      ids: new Map([[0, 'ns1'], [1, CURRENT]]),
    },
    { key: 'ns3', links: [link(1, 'lo', { up: false })], addrs: [], ids: new Map() },
  ];
}

const edgesOf = (t: ReturnType<typeof build>) => t.edges.map((e) => `${e.kind} ${e.from} ${e.to}`);

describe('diagram model', () => {
  it('resolves veth peers through each namespace’s own nsids, bridge ports, addresses', () => {
    const t = build(blogRaw());
    expect(t.namespaces.map((n) => n.label)).toEqual(['host', 'ns1', 'ns2', 'ns3']);
    expect(edgesOf(t)).toEqual([
      'veth ./vethQ ns2/vethP',
      'veth ./vethY ns1/vethX',
      'veth ns1/veth1 ns2/veth2',
      'port ./br0 ./vethQ',
      'port ./br0 ./vethY',
    ]);
    const ns1 = t.namespaces.find((n) => n.key === 'ns1')!;
    expect(ns1.interfaces.map((i) => [i.name, i.addresses])).toEqual([
      ['lo', ['127.0.0.1/8']],
      ['vethX', ['10.0.1.1/24']],
      ['veth1', ['10.0.0.1/24']],
    ]);
    expect(t.namespaces.flatMap((n) => n.interfaces).some((i) => i.placeholder)).toBe(false);
  });

  it('is deterministic whatever the dump order', () => {
    const a = toDot(build(blogRaw()));
    const shuffled = blogRaw().reverse().map((r) => ({ ...r, links: [...r.links].reverse(), addrs: [...r.addrs].reverse() }));
    expect(toDot(build(shuffled))).toBe(a);
    expect(toMermaid(build(shuffled))).toBe(toMermaid(build(blogRaw())));
  });

  it('-n NETNS keeps that namespace and the ones its veth pairs reach', () => {
    const t = build(blogRaw(), { netns: 'ns3' });
    expect(t.namespaces.map((n) => n.key)).toEqual(['ns3']);
    const t1 = build(blogRaw(), { netns: 'ns1' });
    expect(t1.namespaces.map((n) => n.key)).toEqual([CURRENT, 'ns1', 'ns2']);
    expect(t1.focus).toBe('ns1');
    expect(() => build(blogRaw(), { netns: 'nope' })).toThrow(/unknown network namespace/);
  });

  it('an nsid it cannot map: matched by the peer pointing back, else a placeholder namespace', () => {
    const raw = blogRaw();
    raw[1]!.ids = new Map(); // ns1 knows no nsid
    expect(edgesOf(build(raw))).toContain('veth ./vethY ns1/vethX');
    const lone: RawNamespace[] = [{ key: CURRENT, links: [link(7, 'veth9', { kind: 'veth', link: 12, linkNetnsid: 5 })], addrs: [], ids: new Map() }];
    const t = build(lone);
    expect(t.namespaces.map((n) => [n.key, n.label, n.unnamed ?? false])).toEqual([
      [CURRENT, 'host', false],
      ['?nsid5@.', 'nsid 5 (seen from host)', true],
    ]);
    expect(t.namespaces[1]!.interfaces[0]).toMatchObject({ name: 'if12', placeholder: true });
    expect(edgesOf(t)).toEqual(['veth ./veth9 ?nsid5@./if12']);
  });

  it('vxlan, macvlan and vlan on their parents; --no-lo', () => {
    const raw: RawNamespace[] = [
      {
        key: CURRENT,
        links: [
          link(1, 'lo'),
          link(2, 'eth0'),
          link(3, 'vx0', { kind: 'vxlan', info: { id: 42, link: 2 } }),
          link(4, 'mv0', { kind: 'macvlan', link: 2 }),
          link(5, 'eth0.7', { kind: 'vlan', link: 2 }),
        ],
        addrs: [],
        ids: new Map([[0, 'c1']]),
      },
      { key: 'c1', links: [link(2, 'mvc', { kind: 'macvlan', link: 2, linkNetnsid: 0 })], addrs: [], ids: new Map([[0, CURRENT]]) },
    ];
    const t = build(raw, { noLoopback: true });
    expect(edgesOf(t)).toEqual(['parent ./eth0.7 ./eth0', 'parent ./mv0 ./eth0', 'parent ./vx0 ./eth0', 'parent c1/mvc ./eth0']);
    expect(t.namespaces[0]!.interfaces.map((i) => i.name)).toEqual(['eth0', 'vx0', 'mv0', 'eth0.7']);
    expect(t.namespaces[0]!.interfaces[1]!.vni).toBe(42);
    expect(toDot(t)).toContain('vxlan 42');
  });
});

describe('DOT and Mermaid text', () => {
  const t = build(blogRaw());
  it('DOT: a cluster per namespace, a node per interface, undirected edges', () => {
    const dot = toDot(t);
    expect(dot).toMatch(/^graph topology \{/);
    for (const c of ['cluster_.', 'cluster_ns1', 'cluster_ns2', 'cluster_ns3']) expect(dot).toContain(`subgraph "${c}"`);
    expect(dot).toContain('"ns1/veth1" -- "ns2/veth2"');
    expect(dot).toContain('"./br0" -- "./vethY"');
    expect(dot).toContain('10.0.1.2/24');
    expect(dot).toContain('bgcolor="#2e7d32"'); // an UP badge
    expect(dot).toContain('bgcolor="#c62828"'); // a DOWN one (the host's lo)
  });

  it('Mermaid: subgraphs, nodes with state and addresses, links', () => {
    const m = toMermaid(t, { title: 'blog' });
    expect(m).toContain('flowchart LR');
    expect(m).toContain('subgraph ns0["host (current)"]');
    expect(m).toContain('subgraph ns1["ns1"]');
    expect(m).toMatch(/\["<b>vethX<\/b> veth<br\/>UP<br\/>10\.0\.1\.1\/24"\]:::up/);
    expect(m).toMatch(/if\d+ ---\|veth\| if\d+/);
    expect(m).toMatch(/if\d+ -\.-\|bridge port\| if\d+/);
  });

  it('layout: the host in the middle, ns1 on its left and ns2 on its right', () => {
    const { column, level } = layout(t);
    expect(column.get(CURRENT)).toBe(0);
    expect(column.get('ns1')).toBe(-1);
    expect(column.get('ns2')).toBe(1);
    // vethY (peer on the left) < br0 < vethQ (peer on the right)
    expect(level.get('./vethY')!).toBeLessThan(level.get('./br0')!);
    expect(level.get('./br0')!).toBeLessThan(level.get('./vethQ')!);
  });
});
