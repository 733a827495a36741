/**
 * Every RTM_NEWLINK / DELLINK / GETLINK / SETLINK message in the iproute2 captures decodes
 * (keepLayout), re-encodes to the same bytes, and leaves nothing the schema knows in `unknown`.
 * The decoded values agree with what iproute2 printed (`ipJson`) for the basic fields.
 */
import { describe, expect, it } from 'vitest';
import { makeDecodeContext } from '../../src/netlink/codec.js';
import { splitMessages } from '../../src/netlink/message.js';
import { linkMessage } from '../../src/rtnl/link/index.js';
import type { LinkMessageBody } from '../../src/rtnl/link/index.js';
import { bytesOf, loadFixtures } from '../support/fixtures.js';
import { type FixtureMessage, decodeBody, encodeBody, fixtureMessages, unknownsIn } from '../support/rtnl.js';

const LINK_TYPES = new Set([16, 17, 18, 19]);
const NLM_F_MULTI = 2;

type LinkMsg = FixtureMessage;
const linkMessages = (): LinkMsg[] => fixtureMessages(LINK_TYPES);

const decode = (bytes: Uint8Array, keepLayout = true): LinkMessageBody => decodeBody(linkMessage, bytes, true, keepLayout);
const encode = (body: LinkMessageBody, le = true): Uint8Array => encodeBody(linkMessage, body, le);

/** Every `unknown` list in a decoded tree, with its path. */
const unknowns = unknownsIn;

const messages = linkMessages();

describe('link messages in the iproute2 captures', () => {
  it('finds link messages', () => {
    expect(messages.length).toBeGreaterThan(100);
  });

  it('decode with keepLayout and re-encode byte for byte', () => {
    let n = 0;
    for (const m of messages) {
      const body = decode(m.bytes);
      const again = encode(body);
      if (Buffer.compare(Buffer.from(again), Buffer.from(m.bytes)) !== 0) {
        throw new Error(`${m.file} cmd ${m.cmd} ${m.dir} type ${m.type}: re-encode differs\n` +
          `want ${Buffer.from(m.bytes).toString('hex')}\ngot  ${Buffer.from(again).toString('hex')}`);
      }
      n++;
    }
    expect(n).toBe(messages.length);
  });

  it('leaves only attributes the schema does not define in `unknown`', () => {
    const found = new Map<string, number>();
    for (const m of messages) {
      for (const { path, u } of unknowns(decode(m.bytes))) {
        // A known type lands in `unknown` only with a reason (wrong length, duplicate).
        expect(u.reason, `${m.file} cmd ${m.cmd}: ${path} type ${u.type} (${u.reason})`).toBeUndefined();
        found.set(`${path}#${u.type}`, (found.get(`${path}#${u.type}`) ?? 0) + 1);
      }
    }
    // The kernel (6.18) sends nothing this schema lacks.
    expect([...found.keys()]).toEqual([]);
  });

  it('decodes every kind in the captures to typed data, not bytes', () => {
    for (const m of messages) {
      const li = decode(m.bytes, false).attrs.linkinfo;
      if (!li) continue;
      if (li.data !== undefined) expect(li.data, `${m.file} ${li.kind}`).not.toBeInstanceOf(Uint8Array);
      if (li.slaveData !== undefined) expect(li.slaveData, `${m.file} ${li.slaveKind}`).not.toBeInstanceOf(Uint8Array);
    }
  });

  it('decodes IFLA_PROTINFO and IFLA_AF_SPEC by family, with every devconf / MIB position named', () => {
    let inet6 = 0;
    for (const m of messages) {
      const body = decode(m.bytes, false);
      const { protinfo, afSpec } = body.attrs;
      if (protinfo !== undefined) expect(protinfo, `${m.file} family ${body.header.family}`).not.toBeInstanceOf(Uint8Array);
      const sets = [protinfo, (afSpec as { inet?: unknown })?.inet, (afSpec as { inet6?: unknown })?.inet6];
      for (const set of sets as Array<Record<string, unknown> | undefined>) {
        if (!set || set instanceof Uint8Array) continue;
        for (const key of ['conf', 'stats', 'icmp6stats']) {
          const named = set[key] as Record<string, unknown> | undefined;
          if (!named) continue;
          inet6++;
          expect(Object.keys(named).filter((k) => k.startsWith('unknown')), `${m.file} ${key}`).toEqual([]);
        }
      }
    }
    expect(inet6).toBeGreaterThan(0);
  });

  it('decodes without keepLayout and re-encodes to an equal object', () => {
    for (const m of messages) {
      const body = decode(m.bytes, false);
      expect(decode(encode(body), false), `${m.file} cmd ${m.cmd}`).toEqual(body);
    }
  });

  it('big-endian: encode with le=false and decode it back equal', () => {
    for (const m of messages) {
      const body = decode(m.bytes, false);
      const be = encode(body, false);
      const back = linkMessage.decode(makeDecodeContext(be, false, false), 0, be.length);
      expect(back, `${m.file} cmd ${m.cmd}`).toEqual(body);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Comparison with iproute2's JSON

interface IpLink {
  ifindex: number;
  ifname: string;
  flags: string[];
  mtu: number;
  operstate: string;
  linkmode?: string;
  link_type: string;
  address?: string;
  broadcast?: string;
  txqlen?: number;
  promiscuity?: number;
  allmulti?: number;
  min_mtu?: number;
  max_mtu?: number;
  num_tx_queues?: number;
  num_rx_queues?: number;
  gso_max_size?: number;
  gso_max_segs?: number;
  tso_max_size?: number;
  tso_max_segs?: number;
  gro_max_size?: number;
  inet6_addr_gen_mode?: string;
  linkinfo?: { info_kind?: string; info_data?: Record<string, unknown>; info_slave_kind?: string; info_slave_data?: Record<string, unknown> };
}

/** iproute2's flag list from ifi_flags: no RUNNING; NO-CARRIER when up without LOWER_UP; M-DOWN is derived elsewhere. */
function iproute2Flags(flags: Array<string | number>): string[] {
  const out: string[] = [];
  if (flags.includes('UP') && !flags.includes('LOWER_UP')) out.push('NO-CARRIER');
  for (const f of flags) if (f !== 'RUNNING') out.push(String(f));
  return out;
}

/** The link dumps answering each `ip -j link show` command, keyed by file and cmd. */
function linkAnswers(): Array<{ file: string; command: string; json: IpLink[]; bodies: LinkMessageBody[] }> {
  const out: Array<{ file: string; command: string; json: IpLink[]; bodies: LinkMessageBody[] }> = [];
  for (const f of loadFixtures()) {
    for (const j of f.ipJson ?? []) {
      if (!/ -j( -d)? link( show|$)/.test(j.command)) continue;
      const bodies: LinkMessageBody[] = [];
      for (const e of f.exchanges) {
        if (e.cmd !== j.cmd || e.dir !== 'response') continue;
        const buf = bytesOf(e);
        for (const m of splitMessages(buf, true)) {
          if (m.type !== 16) continue;
          const body = decode(buf.subarray(m.offset + 16, m.offset + m.length), false);
          if (body.header.family === 17 || body.header.family === 0) bodies.push(body);
          void NLM_F_MULTI;
        }
      }
      out.push({ file: f.file, command: j.command, json: j.json as IpLink[], bodies });
    }
  }
  return out;
}

describe('decoded links agree with ip -j', () => {
  const answers = linkAnswers();

  it('has link listings to compare', () => {
    expect(answers.length).toBeGreaterThan(5);
  });

  it('basic fields', () => {
    let compared = 0;
    for (const a of answers) {
      for (const ip of a.json) {
        const body = a.bodies.find((b) => b.header.index === ip.ifindex && b.attrs.ifname === ip.ifname);
        expect(body, `${a.file}: ${a.command}: ${ip.ifname}`).toBeDefined();
        if (!body) continue;
        const at = body.attrs;
        const where = `${a.file}: ${a.command}: ${ip.ifname}`;
        expect(at.mtu, where).toBe(ip.mtu);
        expect(at.operstate, where).toBe(ip.operstate);
        expect(body.header.type, where).toBe(ip.link_type);
        const flags = iproute2Flags(body.header.flags).filter((f) => f !== 'M-DOWN').sort();
        expect(flags, where).toEqual(ip.flags.filter((f) => f !== 'M-DOWN').sort());
        if (ip.address !== undefined) expect(at.address, where).toBe(ip.address);
        if (ip.broadcast !== undefined) expect(at.broadcast, where).toBe(ip.broadcast);
        if (ip.linkmode !== undefined) expect(at.linkmode, where).toBe(ip.linkmode);
        if (ip.txqlen !== undefined) expect(at.txqlen, where).toBe(ip.txqlen);
        if (ip.promiscuity !== undefined) expect(at.promiscuity, where).toBe(ip.promiscuity);
        if (ip.allmulti !== undefined) expect(at.allmulti, where).toBe(ip.allmulti);
        if (ip.min_mtu !== undefined) expect(at.minMtu, where).toBe(ip.min_mtu);
        if (ip.max_mtu !== undefined) expect(at.maxMtu, where).toBe(ip.max_mtu);
        if (ip.num_tx_queues !== undefined) expect(at.numTxQueues, where).toBe(ip.num_tx_queues);
        if (ip.num_rx_queues !== undefined) expect(at.numRxQueues, where).toBe(ip.num_rx_queues);
        if (ip.gso_max_size !== undefined) expect(at.gsoMaxSize, where).toBe(ip.gso_max_size);
        if (ip.gso_max_segs !== undefined) expect(at.gsoMaxSegs, where).toBe(ip.gso_max_segs);
        if (ip.tso_max_size !== undefined) expect(at.tsoMaxSize, where).toBe(ip.tso_max_size);
        if (ip.tso_max_segs !== undefined) expect(at.tsoMaxSegs, where).toBe(ip.tso_max_segs);
        if (ip.gro_max_size !== undefined) expect(at.groMaxSize, where).toBe(ip.gro_max_size);
        if (ip.inet6_addr_gen_mode !== undefined) {
          const spec = at.afSpec as { inet6?: { addrGenMode?: unknown } } | undefined;
          expect(spec?.inet6?.addrGenMode, where).toBe(ip.inet6_addr_gen_mode);
        }
        if (ip.linkinfo) {
          expect(at.linkinfo?.kind, where).toBe(ip.linkinfo.info_kind);
          if (ip.linkinfo.info_slave_kind) expect(at.linkinfo?.slaveKind, where).toBe(ip.linkinfo.info_slave_kind);
          if (ip.linkinfo.info_data) compareInfoData(ip.linkinfo.info_kind ?? '', at.linkinfo?.data, ip.linkinfo.info_data, where);
          if (ip.linkinfo.info_slave_data) compareSlaveData(at.linkinfo?.slaveData, ip.linkinfo.info_slave_data, where);
        }
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(20);
  });
});

/** iproute2's info_data keys → ours, for the kinds it prints with -d. */
function compareInfoData(kind: string, data: unknown, ip: Record<string, unknown>, where: string): void {
  const d = data as Record<string, unknown>;
  const w = `${where} info_data`;
  if (kind === 'bridge') {
    for (const [ipKey, ours] of Object.entries({
      forward_delay: 'forwardDelay', hello_time: 'helloTime', max_age: 'maxAge', ageing_time: 'ageingTime',
      stp_state: 'stpState', priority: 'priority', vlan_filtering: 'vlanFiltering', root_port: 'rootPort',
      root_path_cost: 'rootPathCost', topology_change: 'topologyChange',
      topology_change_detected: 'topologyChangeDetected', group_addr: 'groupAddr', mcast_snooping: 'mcastSnooping',
      mcast_router: 'mcastRouter', mcast_query_use_ifaddr: 'mcastQueryUseIfaddr', mcast_querier: 'mcastQuerier',
      mcast_hash_elasticity: 'mcastHashElasticity', mcast_hash_max: 'mcastHashMax',
      mcast_last_member_cnt: 'mcastLastMemberCnt', mcast_startup_query_cnt: 'mcastStartupQueryCnt',
      mcast_stats_enabled: 'mcastStatsEnabled', mcast_igmp_version: 'mcastIgmpVersion',
      mcast_mld_version: 'mcastMldVersion', nf_call_iptables: 'nfCallIptables', nf_call_ip6tables: 'nfCallIp6tables',
      nf_call_arptables: 'nfCallArptables',
    })) {
      if (ip[ipKey] !== undefined) expect(d[ours], `${w}.${ipKey}`).toBe(ip[ipKey]);
    }
    for (const [ipKey, ours] of Object.entries({
      mcast_last_member_intvl: 'mcastLastMemberIntvl', mcast_membership_intvl: 'mcastMembershipIntvl',
      mcast_querier_intvl: 'mcastQuerierIntvl', mcast_query_intvl: 'mcastQueryIntvl',
      mcast_query_response_intvl: 'mcastQueryResponseIntvl', mcast_startup_query_intvl: 'mcastStartupQueryIntvl',
    })) {
      if (ip[ipKey] !== undefined) expect(Number(d[ours]), `${w}.${ipKey}`).toBe(ip[ipKey]);
    }
    if (typeof ip.bridge_id === 'string') expect(bridgeIdText(d.bridgeId), `${w}.bridge_id`).toBe(ip.bridge_id);
    if (typeof ip.root_id === 'string') expect(bridgeIdText(d.rootId), `${w}.root_id`).toBe(ip.root_id);
    if (ip.group_fwd_mask !== undefined) expect((d.groupFwdMask as number).toString(16), `${w}.group_fwd_mask`).toBe(ip.group_fwd_mask);
    if (ip.no_linklocal_learn !== undefined) {
      const bo = d.multiBoolopt as { optval: number };
      expect(bo.optval & 1, `${w}.no_linklocal_learn`).toBe(ip.no_linklocal_learn);
    }
  } else if (kind === 'vxlan') {
    if (ip.id !== undefined) expect(d.id, `${w}.id`).toBe(ip.id);
    if (ip.group !== undefined) expect(d.group, `${w}.group`).toBe(ip.group);
    if (ip.remote !== undefined) expect(d.group, `${w}.remote`).toBe(ip.remote);
    if (ip.local !== undefined) expect(d.local ?? d.local6, `${w}.local`).toBe(ip.local);
    if (ip.port !== undefined) expect(d.port, `${w}.port`).toBe(ip.port);
    if (ip.port_range !== undefined) {
      const pr = ip.port_range as { low: number; high: number };
      expect(d.portRange, `${w}.port_range`).toEqual(pr);
    }
    if (ip.ttl !== undefined) expect(d.ttl, `${w}.ttl`).toBe(ip.ttl);
    if (ip.ageing !== undefined) expect(d.ageing, `${w}.ageing`).toBe(ip.ageing);
    if (ip.learning !== undefined) expect(d.learning === 1, `${w}.learning`).toBe(ip.learning);
    if (ip.proxy !== undefined) expect(d.proxy === 1, `${w}.proxy`).toBe(ip.proxy);
    if (ip.udp_csum !== undefined) expect(d.udpCsum === 1, `${w}.udp_csum`).toBe(ip.udp_csum);
  } else if (kind === 'macvlan' || kind === 'macvtap') {
    if (ip.mode !== undefined) expect(d.mode, `${w}.mode`).toBe(ip.mode);
    if (ip.macaddr_count !== undefined) expect(d.macaddrCount, `${w}.macaddr_count`).toBe(ip.macaddr_count);
    if (ip.bcqueuelen !== undefined) expect(d.bcQueueLen, `${w}.bcqueuelen`).toBe(ip.bcqueuelen);
    if (ip.usedbcqueuelen !== undefined) expect(d.bcQueueLenUsed, `${w}.usedbcqueuelen`).toBe(ip.usedbcqueuelen);
  } else if (kind === 'tun') {
    if (ip.type !== undefined) expect(d.type, `${w}.type`).toBe(ip.type);
    if (ip.pi !== undefined) expect(d.pi === 1, `${w}.pi`).toBe(ip.pi);
    if (ip.vnet_hdr !== undefined) expect(d.vnetHdr === 1, `${w}.vnet_hdr`).toBe(ip.vnet_hdr);
    if (ip.multi_queue !== undefined) expect(d.multiQueue === 1, `${w}.multi_queue`).toBe(ip.multi_queue);
    if (ip.persist !== undefined) expect(d.persist === 1, `${w}.persist`).toBe(ip.persist);
  }
}

function compareSlaveData(data: unknown, ip: Record<string, unknown>, where: string): void {
  const d = data as Record<string, unknown>;
  const w = `${where} info_slave_data`;
  for (const [ipKey, ours] of Object.entries({
    state: 'state', priority: 'priority', cost: 'cost', designated_port: 'designatedPort',
    designated_cost: 'designatedCost', topology_change_ack: 'topologyChangeAck', config_pending: 'configPending',
    multicast_router: 'multicastRouter',
  })) {
    if (ip[ipKey] !== undefined) expect(d[ours], `${w}.${ipKey}`).toBe(ip[ipKey]);
  }
  for (const [ipKey, ours] of Object.entries({
    hairpin: 'mode', guard: 'guard', root_block: 'protect', fastleave: 'fastLeave', learning: 'learning',
    flood: 'unicastFlood', proxy_arp: 'proxyarp', proxy_arp_wifi: 'proxyarpWifi', mcast_flood: 'mcastFlood',
    bcast_flood: 'bcastFlood', mcast_to_unicast: 'mcastToUcast', neigh_suppress: 'neighSuppress',
    vlan_tunnel: 'vlanTunnel', isolated: 'isolated', locked: 'locked',
  })) {
    if (ip[ipKey] !== undefined) expect(d[ours] === 1, `${w}.${ipKey}`).toBe(ip[ipKey]);
  }
  if (typeof ip.id === 'string') expect(`0x${(d.id as number).toString(16)}`, `${w}.id`).toBe(ip.id);
  if (typeof ip.no === 'string') expect(`0x${(d.no as number).toString(16)}`, `${w}.no`).toBe(ip.no);
  if (typeof ip.bridge_id === 'string') expect(bridgeIdText(d.bridgeId), `${w}.bridge_id`).toBe(ip.bridge_id);
}

/** iproute2's bridge id text: "8000.12:60:20:16:83:c2" (prio bytes as hex, MAC bytes without leading zeros). */
function bridgeIdText(id: unknown): string {
  const { prio, addr } = id as { prio: number; addr: string };
  const p = `${(prio >> 8).toString(16).padStart(2, '0')}${(prio & 0xff).toString(16).padStart(2, '0')}`;
  return `${p}.${addr.split(':').map((b) => parseInt(b, 16).toString(16)).join(':')}`;
}
