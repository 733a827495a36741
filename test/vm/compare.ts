/**
 * Our decoding of a link against `ip -d -j link show`'s info_data / info_slave_data, field by
 * field: each key iproute2 prints must be in our decoded data (its snake_case → camelCase name,
 * or the mapping below) with the value iproute2 derived from the same attribute.
 */
import { isDeepStrictEqual } from 'node:util';
import type { LinkMessageBody } from '../../src/rtnl/index.js';

type Data = Record<string, unknown>;
/** What iproute2 prints for this key, from our decoded data; SKIP for keys compared elsewhere. */
type Derive = (ours: Data, names: Map<number, string>) => unknown;
const SKIP = Symbol('skip');

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const plain = (v: unknown): unknown => (typeof v === 'bigint' ? Number(v) : v);
/** iproute2's `%#x`. */
const hex = (v: unknown) => (Number(v) === 0 ? '0' : `0x${Number(v).toString(16)}`);
const field = (key: string): Derive => (o) => plain(o[key]);
const bool = (key: string): Derive => (o) => Boolean(o[key]);
const ifname = (key: string): Derive => (o, names) => names.get(Number(o[key]));
const timer: Derive = () => SKIP; // running timers change between our dump and ip's

const anyAddr = (key: string): Derive => (o) => {
  const a = o[key] === undefined ? '0.0.0.0' : String(o[key]);
  return a === '0.0.0.0' || a === '::' ? 'any' : a;
};
const dotted = (key: string): Derive => (o) => {
  const k = Number(o[key]) >>> 0;
  return `${k >>> 24}.${(k >>> 16) & 0xff}.${(k >>> 8) & 0xff}.${k & 0xff}`;
};
const flagBit = (key: string, bit: number): Derive => (o) => ((Number(o[key] ?? 0) & bit) !== 0 ? true : SKIP);
const present = (key: string): Derive => (o) => o[key] !== undefined;
const hasFlag = (name: string): Derive => (o) => ((o.flags as string[] | undefined) ?? []).includes(name);
const named = (key: string, table: Record<number, string>): Derive => (o) => table[Number(o[key])];
const tclass: Derive = (o) => `0x${((Number(o.flowinfo) >>> 20) & 0xff).toString(16).padStart(2, '0')}`;
const flowlabel: Derive = (o) => `0x${(Number(o.flowinfo) & 0xfffff).toString(16).padStart(5, '0')}`;
/** IP6_TNL_F_* bits (linux/ip6_tunnel.h) as iproute2 names them in JSON. */
const IP6_TNL_FLAGS: Record<string, Derive> = {
  ip6_tnl_f_ign_encap_limit: flagBit('flags', 0x1), ip6_tnl_f_use_orig_tclass: flagBit('flags', 0x2),
  ip6_tnl_f_use_orig_flowlabel: flagBit('flags', 0x4), ip6_tnl_f_mip6_dev: flagBit('flags', 0x8),
  ip6_tnl_f_rcv_dscp_copy: flagBit('flags', 0x10), ip6_tnl_f_use_orig_fwmark: flagBit('flags', 0x20),
  ip6_tnl_f_allow_local_remote: flagBit('flags', 0x40), tclass, flowlabel,
};
const TUNNEL: Record<string, Derive> = {
  external: present('collectMetadata'), remote: anyAddr('remote'), local: anyAddr('local'), link: ifname('link'),
  tos: (o) => hex(o.tos), fwmark: (o) => hex(o.fwmark), pmtudisc: bool('pmtudisc'), ignore_df: bool('ignoreDf'),
};
// GRE_* bits of the be16 IFLA_GRE_IFLAGS / OFLAGS (linux/if_tunnel.h)
const GRE: Record<string, Derive> = {
  ...TUNNEL, ikey: dotted('ikey'), okey: dotted('okey'),
  iseq: flagBit('iflags', 0x1000), oseq: flagBit('oflags', 0x1000), icsum: flagBit('iflags', 0x8000), ocsum: flagBit('oflags', 0x8000),
  erspan_dir: (o) => (Number(o.erspanDir) === 0 ? 'ingress' : 'egress'), erspan_hwid: (o) => hex(o.erspanHwid),
};
const IPTUN: Record<string, Derive> = {
  ...TUNNEL, proto: named('proto', { 0: 'any', 4: 'ipip', 41: 'ip6ip', 137: 'mplsip' }), isatap: flagBit('flags', 0x1),
  prefix: field('6rdPrefix'), prefixlen: field('6rdPrefixlen'), relay_prefix: field('6rdRelayPrefix'), relay_prefixlen: field('6rdRelayPrefixlen'),
};
const BOND_ON_OFF = ['off', 'on'];
const LACP = ['active', 'short_timeout', 'aggregating', 'in_sync', 'collecting', 'distributing', 'defaulted', 'expired'];
const lacpState = (key: string): Derive => (o) => LACP.filter((_, i) => (Number(o[key]) & 0xff) & (1 << i));

const SPECIAL: Record<string, Record<string, Derive>> = {
  bridge: {
    bridge_id: () => SKIP, root_id: () => SKIP, group_fwd_mask: (o) => hex(o.groupFwdMask),
    hello_timer: timer, tcn_timer: timer, topology_change_timer: timer, gc_timer: timer,
    no_linklocal_learn: (o) => ((o.multiBoolopt as { optval: number }).optval >>> 0) & 1,
    mcast_vlan_snooping: (o) => ((o.multiBoolopt as { optval: number }).optval >>> 1) & 1,
    mst_enabled: (o) => ((o.multiBoolopt as { optval: number }).optval >>> 2) & 1,
  },
  bridge_slave: {
    hairpin: bool('mode'), root_block: bool('protect'), fastleave: bool('fastLeave'), flood: bool('unicastFlood'),
    proxy_arp: bool('proxyarp'), proxy_arp_wifi: bool('proxyarpWifi'), mcast_to_unicast: bool('mcastToUcast'),
    id: (o) => hex(o.id), no: (o) => hex(o.no), bridge_id: () => SKIP, root_id: () => SKIP,
    group_fwd_mask: (o) => hex(o.groupFwdMask), group_fwd_mask_str: () => SKIP,
    hold_timer: timer, message_age_timer: timer, forward_delay_timer: timer,
  },
  vxlan: {
    link: ifname('link'), tos: (o) => hex(o.tos), label: (o) => hex(o.label), port_range: field('portRange'),
    remote: field('group'), remote6: field('group6'), maxaddress: field('limit'), external: present('collectMetadata'),
    gbp: present('gbp'), gpe: present('gpe'),
  },
  vlan: {
    flags: (o) => ['reorder_hdr', 'gvrp', 'mvrp', 'loose_binding', 'bridge_binding'].filter((f) => ((o.flags as { flags: string[] }).flags ?? []).includes(f)).map((f) => f.toUpperCase()),
    ingress_qos: (o) => (o.ingressQos as { mapping?: unknown[] } | undefined)?.mapping ?? [],
    egress_qos: (o) => (o.egressQos as { mapping?: unknown[] } | undefined)?.mapping ?? [],
  },
  macvlan: {
    bcqueuelen: field('bcQueueLen'), usedbcqueuelen: field('bcQueueLenUsed'), nopromisc: hasFlag('nopromisc'), nodst: hasFlag('nodst'),
    macaddr_data: (o) => (o.macaddrData as { macaddr?: string[] } | undefined)?.macaddr ?? [],
  },
  ipvlan: { private: hasFlag('private'), vepa: hasFlag('vepa'), bridge: (o) => !((o.flags as string[] | undefined) ?? []).some((f) => f === 'private' || f === 'vepa') },
  bond: {
    active_slave: ifname('activeSlave'), primary: ifname('primary'), peer_notify_delay: field('peerNotifDelay'),
    arp_missed_max: field('missedMax'), arp_validate: (o) => (o.arpValidate === 'none' ? null : o.arpValidate),
    ad_lacp_active: (o) => BOND_ON_OFF[Number(o.adLacpActive)],
    ad_info: (o) => {
      const ad = o.adInfo as Data;
      const out: Data = {};
      for (const [k, v] of Object.entries({ aggregator: ad.aggregator, num_ports: ad.numPorts, actor_key: ad.actorKey, partner_key: ad.partnerKey, partner_mac: ad.partnerMac })) if (v !== undefined) out[k] = v;
      return out;
    },
  },
  bond_slave: {
    ad_actor_oper_port_state: (o) => Number(o.adActorOperPortState) & 0xff, ad_actor_oper_port_state_str: lacpState('adActorOperPortState'),
    ad_partner_oper_port_state: (o) => Number(o.adPartnerOperPortState) & 0xff, ad_partner_oper_port_state_str: lacpState('adPartnerOperPortState'),
  },
  gre: GRE, gretap: GRE, erspan: GRE,
  // macvtap and ipvtap print as macvlan and ipvlan (filled in below)
  ip6gre: { ...GRE, ...IP6_TNL_FLAGS }, ip6gretap: { ...GRE, ...IP6_TNL_FLAGS }, ip6erspan: { ...GRE, ...IP6_TNL_FLAGS },
  ipip: IPTUN, sit: IPTUN,
  ip6tnl: { ...IPTUN, ...IP6_TNL_FLAGS, proto: named('proto', { 0: 'any', 4: 'ipip6', 41: 'ip6ip6' }) },
  vti: { ...TUNNEL, ikey: dotted('ikey'), okey: dotted('okey') },
  vti6: { ...TUNNEL, ikey: dotted('ikey'), okey: dotted('okey') },
  geneve: { external: present('collectMetadata'), tos: (o) => hex(o.tos), label: (o) => hex(o.label) },
  xfrm: { if_id: (o) => hex(o.ifId), external: present('collectMetadata') },
  macsec: {
    sci: (o) => BigInt.asUintN(64, BigInt(o.sci as bigint)).toString(16).padStart(16, '0'),
    // MACSEC_CIPHER_ID_* (linux/if_macsec.h); the default id is GCM-AES-128 too
    cipher_suite: (o) => new Map([[0x0080c20001000001n, 'GCM-AES-128'], [0x0080020001000001n, 'GCM-AES-128'], [0x0080c20001000002n, 'GCM-AES-256']]).get(BigInt(o.cipherSuite as bigint)),
  },
};

SPECIAL.macvtap = SPECIAL.macvlan!;
SPECIAL.ipvtap = SPECIAL.ipvlan!;

function compareOne(what: string, kind: string, ip: Data, ours: Data | undefined, names: Map<number, string>): string[] {
  if (!ours) return [`${what}: iproute2 prints ${kind} data, we decoded none`];
  const out: string[] = [];
  const special = SPECIAL[kind] ?? {};
  for (const [key, value] of Object.entries(ip)) {
    const derive = special[key];
    let mine: unknown;
    if (derive) {
      mine = derive(ours, names);
      if (mine === SKIP) continue;
    } else {
      if (!(camel(key) in ours)) {
        out.push(`${what}: ${key} (${JSON.stringify(value)}) has no decoded counterpart ${camel(key)}`);
        continue;
      }
      mine = plain(ours[camel(key)]);
      if (typeof value === 'boolean') mine = Boolean(mine);
    }
    if (!isDeepStrictEqual(mine, value)) out.push(`${what}: ${key}: ip ${JSON.stringify(value)}, ours ${JSON.stringify(mine, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}`);
  }
  return out;
}

/** The differences between one `ip -d -j link show` entry and our decoding of the same link. */
export function compareInfoData(ip: Record<string, any>, ours: LinkMessageBody, names: Map<number, string>): string[] {
  const info = ip.linkinfo as Record<string, any> | undefined;
  const li = ours.attrs.linkinfo;
  const out: string[] = [];
  if (info?.info_kind !== li?.kind) out.push(`${ip.ifname}: kind ${info?.info_kind} in ip, ${li?.kind} ours`);
  if (info?.info_data) out.push(...compareOne(`${ip.ifname} ${info.info_kind}`, info.info_kind, info.info_data, li?.data as Data | undefined, names));
  // team ports carry IFLA_INFO_SLAVE_KIND without data: nothing to compare.
  if (info?.info_slave_kind && info.info_slave_data) {
    const kind = `${info.info_slave_kind}_slave`;
    out.push(...compareOne(`${ip.ifname} ${kind}`, kind, info.info_slave_data, li?.slaveData as Data | undefined, names));
  }
  return out;
}
