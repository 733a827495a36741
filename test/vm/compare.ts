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
    remote: field('group'), remote6: field('group6'),
  },
};

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
  if (info?.info_slave_kind) {
    const kind = `${info.info_slave_kind}_slave`;
    out.push(...compareOne(`${ip.ifname} ${kind}`, kind, info.info_slave_data ?? {}, li?.slaveData as Data | undefined, names));
  }
  return out;
}
