/**
 * The live topology as plain data: namespaces (the current one and every named one), their
 * interfaces (kind, state, addresses) and the edges between interfaces: veth pairs (peers
 * resolved across namespaces through IFLA_LINK + IFLA_LINK_NETNSID), bridge/bond/vrf ports
 * (IFLA_MASTER) and upper devices on their parents (vlan, macvlan, ipvlan: IFLA_LINK; vxlan:
 * IFLA_VXLAN_LINK).
 *
 * nsids are per namespace: the nsid a veth in ns1 reports for its peer's namespace is an id
 * assigned in ns1, unrelated to the ids the host uses. Each namespace's own nsid → namespace map
 * is therefore read from that namespace (`handle.in(name).netns.getId(...)`), after its links
 * were dumped (dumping a veth allocates the nsid of its peer's namespace).
 *
 * Everything is sorted, so the same state always gives the same diagram.
 */
import type { Handle } from '../api/handle.js';
import type { NetnsTarget } from '../api/core.js';
import type { Address, Link } from '../api/views.js';
import { linkKindModule } from '../rtnl/link/kinds/index.js';

/** The key of the current namespace (`ip netns` can never name a namespace "."). */
export const CURRENT = '.';

export interface TopoInterface {
  /** Unique node id: `${netns}/${name}`. */
  id: string;
  /** Key of the namespace it lives in (a /run/netns name, or CURRENT). */
  netns: string;
  name: string;
  index: number;
  /** IFLA_INFO_KIND ('veth', 'bridge', 'vxlan'...), 'loopback' for lo, undefined for devices without one. */
  kind?: string;
  /** Operational state as the kernel reports it: 'UP', 'DOWN', 'UNKNOWN', 'LOWERLAYERDOWN'... */
  state: string;
  /** IFF_UP. */
  up: boolean;
  /** IFF_LOWER_UP (carrier). */
  lowerUp: boolean;
  /** Addresses as `address/prefixlen`, IPv4 first (IPv6 link-local ones left out). */
  addresses: string[];
  mac?: string;
  mtu?: number;
  /** vxlan: the VNI. */
  vni?: number;
  /** Drawn only because something points at it (an unreachable peer or parent). */
  placeholder?: boolean;
}

export type EdgeKind = 'veth' | 'port' | 'parent';

export interface TopoEdge {
  kind: EdgeKind;
  /** veth: the smaller id; port: the master (bridge); parent: the upper device (vlan, vxlan...). */
  from: string;
  /** veth: the larger id; port: the port; parent: the lower device. */
  to: string;
  /** For port edges: the master's kind ('bridge', 'bond', 'vrf'); parent edges: the upper's kind. */
  label?: string;
}

export interface TopoNamespace {
  /** A /run/netns name, CURRENT, or `?nsidN@FROM` for a namespace only known by an nsid. */
  key: string;
  /** What the diagram calls it: the name, `host` for the current namespace. */
  label: string;
  /** The current namespace (the one the program, or its sandbox, runs in). */
  current: boolean;
  /** Other /run/netns names of the same namespace (the current one may have names too). */
  aliases: string[];
  /** Known only through an nsid (no name, not the current namespace). */
  unnamed?: boolean;
  interfaces: TopoInterface[];
}

export interface Topology {
  /** The current namespace first, then the named ones by name, then unnamed ones. */
  namespaces: TopoNamespace[];
  /** Sorted by kind, from, to. */
  edges: TopoEdge[];
  /** `-n NETNS`: the namespace the diagram was restricted to. */
  focus?: string;
  /** The current namespace is a sandbox's (not the real host). */
  sandbox: boolean;
}

export interface CollectOptions {
  /** Only this namespace and the namespaces its veth pairs (and parents) reach; CURRENT for the current one. */
  netns?: string;
  /** Leave out loopback devices. */
  noLoopback?: boolean;
  /** What to call the current namespace (default 'host'). */
  currentLabel?: string;
}

export const nodeId = (netns: string, name: string): string => `${netns}/${name}`;

/** Raw per-namespace data. */
interface NsData {
  key: string;
  handle: Handle;
  links: Link[];
  addrs: Address[];
  /** nsid (as seen from this namespace) → namespace key. */
  ids: Map<number, string>;
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Reads the topology through a handle. The "current" namespace is that of the handle's context
 * (the helper's: the process's, or its sandbox's); every /run/netns namespace is read too.
 */
export async function collectTopology(h: Handle, options: CollectOptions = {}): Promise<Topology> {
  const own = h.netnsName === undefined;
  const cur = own ? h : h.context.handle();
  try {
    return await collect(cur, options);
  } finally {
    if (!own) await cur.close().catch(() => undefined);
  }
}

async function collect(cur: Handle, options: CollectOptions): Promise<Topology> {
  const names = [...(await cur.netns.names())].sort(byString);
  // Names that are the current namespace itself (`ip netns identify` of ourselves).
  const selfNames = new Set(await cur.netns.identify().catch(() => [] as string[]));
  const helper = await cur.helper();
  const currentTarget: NetnsTarget = helper.pid !== undefined ? { pid: helper.pid } : { path: '/proc/self/ns/net' };

  const nsList: NsData[] = [{ key: CURRENT, handle: cur, links: [], addrs: [], ids: new Map() }];
  for (const name of names) {
    if (selfNames.has(name)) continue;
    nsList.push({ key: name, handle: cur.in(name), links: [], addrs: [], ids: new Map() });
  }
  // Links and addresses first (dumping a veth allocates its peer namespace's nsid), then the ids.
  await Promise.all(
    nsList.map(async (ns) => {
      try {
        // one dump at a time on a socket (a second concurrent dump gets EBUSY)
        ns.links = await ns.handle.link.list();
        ns.addrs = await ns.handle.addr.list();
      } catch (e) {
        if (ns.key === CURRENT) throw e;
        // a named namespace that went away meanwhile (or cannot be entered): drawn empty
      }
    }),
  );
  await Promise.all(
    nsList.map(async (ns) => {
      const targets: Array<[string, NetnsTarget]> = nsList.filter((o) => o !== ns).map((o) => [o.key, o.key === CURRENT ? currentTarget : o.key]);
      const ids = await Promise.all(targets.map(([, t]) => ns.handle.netns.getId(t).catch(() => undefined)));
      targets.forEach(([key], i) => {
        const id = ids[i];
        if (id !== undefined && !ns.ids.has(id)) ns.ids.set(id, key);
      });
    }),
  );
  return build(nsList, {
    ...options,
    sandbox: cur.sandbox,
    selfNames: [...selfNames].sort(byString),
  });
}

/** Input of build(): what was read from each namespace. Exported for tests without a kernel. */
export interface RawNamespace {
  key: string;
  links: Link[];
  addrs: Address[];
  ids: Map<number, string>;
}

/** Builds the Topology from raw per-namespace dumps (pure; no I/O). */
export function build(
  raw: readonly RawNamespace[],
  options: CollectOptions & { sandbox?: boolean; selfNames?: string[] } = {},
): Topology {
  const namespaces = new Map<string, TopoNamespace>();
  const byIndex = new Map<string, Map<number, TopoInterface>>();
  const linkOf = new Map<string, Link>();
  const add = (ns: TopoNamespace) => {
    namespaces.set(ns.key, ns);
    byIndex.set(ns.key, new Map());
  };
  for (const r of raw) {
    const current = r.key === CURRENT;
    add({
      key: r.key,
      label: current ? (options.currentLabel ?? 'host') : r.key,
      current,
      aliases: current ? (options.selfNames ?? []) : [],
      interfaces: [],
    });
    const addrsOf = new Map<number, Address[]>();
    for (const a of r.addrs) {
      if (a.family === 6 && /^fe80:/i.test(a.address)) continue;
      const list = addrsOf.get(a.index) ?? [];
      list.push(a);
      addrsOf.set(a.index, list);
    }
    for (const l of r.links) {
      const loopback = l.type === 'loopback' || l.name === 'lo';
      if (loopback && options.noLoopback) continue;
      const addrs = (addrsOf.get(l.index) ?? []).slice().sort((a, b) => a.family - b.family || byString(a.cidr, b.cidr));
      const itf: TopoInterface = {
        id: nodeId(r.key, l.name),
        netns: r.key,
        name: l.name,
        index: l.index,
        state: String(l.operstate ?? (l.up ? 'UNKNOWN' : 'DOWN')),
        up: l.up,
        lowerUp: l.lowerUp,
        addresses: addrs.map((a) => a.cidr),
      };
      const kind = l.kind ?? (loopback ? 'loopback' : undefined);
      if (kind !== undefined) itf.kind = kind;
      if (l.address !== undefined && !loopback) itf.mac = l.address;
      if (l.mtu !== undefined) itf.mtu = l.mtu;
      const vni = l.kind === 'vxlan' ? l.info?.id : undefined;
      if (typeof vni === 'number') itf.vni = vni;
      namespaces.get(r.key)!.interfaces.push(itf);
      byIndex.get(r.key)!.set(l.index, itf);
      linkOf.set(itf.id, l);
    }
  }

  /** The namespace key an nsid means, seen from `from`; unresolved ones get a namespace of their own. */
  const resolveNs = (from: RawNamespace, nsid: number | undefined): string => {
    if (nsid === undefined) return from.key;
    const key = from.ids.get(nsid);
    if (key !== undefined && namespaces.has(key)) return key;
    const unknown = `?nsid${nsid}@${from.key}`;
    if (!namespaces.has(unknown)) {
      add({
        key: unknown,
        label: `nsid ${nsid} (seen from ${from.key === CURRENT ? (options.currentLabel ?? 'host') : from.key})`,
        current: false,
        aliases: [],
        unnamed: true,
        interfaces: [],
      });
    }
    return unknown;
  };
  /** The interface `index` in namespace `ns`, or a placeholder for it. */
  const target = (ns: string, index: number): TopoInterface => {
    const found = byIndex.get(ns)?.get(index);
    if (found) return found;
    const itf: TopoInterface = {
      id: nodeId(ns, `if${index}`),
      netns: ns,
      name: `if${index}`,
      index,
      state: 'UNKNOWN',
      up: false,
      lowerUp: false,
      addresses: [],
      placeholder: true,
    };
    namespaces.get(ns)!.interfaces.push(itf);
    byIndex.get(ns)!.set(index, itf);
    return itf;
  };

  const edges = new Map<string, TopoEdge>();
  const addEdge = (e: TopoEdge) => {
    const k = `${e.kind}\0${e.from}\0${e.to}`;
    if (!edges.has(k)) edges.set(k, e);
  };
  for (const r of raw) {
    for (const l of r.links) {
      const self = byIndex.get(r.key)?.get(l.index);
      if (!self) continue;
      // bridge / bond / vrf ports: master → port (the master is always in the same namespace)
      if (l.master !== undefined) {
        const m = target(r.key, l.master);
        const mk = linkOf.get(m.id)?.kind ?? l.slaveKind;
        addEdge({ kind: 'port', from: m.id, to: self.id, ...(mk ? { label: mk } : {}) });
      }
      const module = l.kind === undefined ? undefined : linkKindModule(l.kind);
      if (module?.pair) {
        if (l.link === undefined || l.link === 0) continue;
        let peerNs = resolveNs(r, l.linkNetnsid);
        if (peerNs.startsWith('?')) {
          // The nsid is not one we could map: find the one veth elsewhere that points back at us.
          const back = raw.filter((o) => o.key !== r.key).flatMap((o) =>
            o.links.filter((p) => p.index === l.link && p.link === l.index && p.linkNetnsid !== undefined && p.kind === l.kind).map(() => o.key));
          if (back.length === 1) peerNs = back[0]!;
        }
        const peer = target(peerNs, l.link);
        const [a, b] = [self.id, peer.id].sort(byString) as [string, string];
        addEdge({ kind: 'veth', from: a, to: b, ...(l.kind !== 'veth' ? { label: l.kind } : {}) });
        continue;
      }
      // upper devices on their lower one: vlan, macvlan, ipvlan... (IFLA_LINK), vxlan (IFLA_VXLAN_LINK)
      const lower = (l.info !== undefined ? module?.underlay?.(l.info) : undefined) ?? l.link;
      if (lower === undefined || lower === 0) continue;
      if (lower === l.index && l.linkNetnsid === undefined) continue;
      const parent = target(resolveNs(r, l.linkNetnsid), lower);
      addEdge({ kind: 'parent', from: self.id, to: parent.id, ...(l.kind ? { label: l.kind } : {}) });
    }
  }

  let list = [...namespaces.values()];
  let edgeList = [...edges.values()];
  if (options.netns !== undefined) {
    // a name of the current namespace itself means the current namespace
    const focus = options.selfNames?.includes(options.netns) ? CURRENT : options.netns;
    if (!namespaces.has(focus)) throw new Error(`unknown network namespace ${JSON.stringify(focus)}`);
    // The focus namespace and the namespaces its own veth pairs (and parents) reach: one hop.
    const nsOf = new Map<string, string>();
    for (const ns of list) for (const i of ns.interfaces) nsOf.set(i.id, ns.key);
    const keep = new Set([focus]);
    for (const e of edgeList) {
      const a = nsOf.get(e.from)!;
      const b = nsOf.get(e.to)!;
      if (a === focus) keep.add(b);
      if (b === focus) keep.add(a);
    }
    list = list.filter((ns) => keep.has(ns.key));
    edgeList = edgeList.filter((e) => keep.has(nsOf.get(e.from)!) && keep.has(nsOf.get(e.to)!));
  }
  const rank = (ns: TopoNamespace) => (ns.current ? 0 : ns.unnamed ? 2 : 1);
  list.sort((a, b) => rank(a) - rank(b) || byString(a.key, b.key));
  for (const ns of list) ns.interfaces.sort((a, b) => a.index - b.index || byString(a.name, b.name));
  const kindRank: Record<EdgeKind, number> = { veth: 0, port: 1, parent: 2 };
  edgeList.sort((a, b) => kindRank[a.kind] - kindRank[b.kind] || byString(a.from, b.from) || byString(a.to, b.to));
  return {
    namespaces: list,
    edges: edgeList,
    sandbox: options.sandbox ?? false,
    ...(options.netns !== undefined ? { focus: options.netns } : {}),
  };
}
