/**
 * `ip link` (ip/iplink.c): add / set / change / replace / delete (iplink_modify,
 * iplink_parse and the per-kind parse_opt), show (ipaddr_list_link).
 */
import { Args, matches } from '../args.js';
import { CliExit, CommandFailed, duparg, duparg2, invarg, nodev } from '../errors.js';
import type { Env } from '../env.js';
import { groupA2n } from '../format/names.js';
import { getUnsigned } from '../format/prefix.js';
import { addrList, getAddrOrExit } from './address.js';
import { apiCall, linkDumpRaw } from './common.js';
import { LINK_USAGE } from '../usage.js';
export { LINK_USAGE };


const usage = (): never => {
  throw new CliExit(255, LINK_USAGE);
};

/** What iplink_parse collects. */
export interface LinkParse {
  name?: string;
  dev?: string;
  link?: string;
  up?: boolean;
  flags: Record<string, boolean>;
  address?: string;
  broadcast?: string;
  txqlen?: number;
  mtu?: number;
  netns?: string;
  master?: string | null;
  alias?: string;
  group?: number;
  numTxQueues?: number;
  numRxQueues?: number;
  carrier?: boolean;
  protodown?: boolean;
  addrgenmode?: string;
  index?: number;
  type?: string;
  linkmode?: number;
  operstate?: number;
  /** `link-netns NAME` (resolved to its nsid, one assigned if needed) */
  linkNetns?: string;
  linkNetnsid?: number;
  /** words after `type KIND` */
  typeArgs: string[];
  unsupported?: string;
}

function onOff(key: string, v: string): boolean {
  if (v === 'on') return true;
  if (v === 'off') return false;
  throw new CommandFailed(-1, `Error: argument of "${key}" must be "on" or "off", not "${v}"\n`);
}

function checkIfnameArg(v: string): boolean {
  return !(v === '' || Buffer.byteLength(v) >= 16 || /[/\s]/.test(v));
}

function llAddr(arg: string): string {
  if (arg.includes('.')) {
    const p = getAddrOrExit(arg, 2);
    return Array.from(p.data.subarray(0, 4)).map((b) => b.toString(16).padStart(2, '0')).join(':');
  }
  const parts = arg.split(':');
  const bytes: number[] = [];
  for (const part of parts) {
    if (!/^[0-9a-fA-F]{1,2}$/.test(part)) throw new CommandFailed(-1, `"${arg}" is invalid lladdr.\n`);
    bytes.push(parseInt(part, 16));
  }
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** iplink_parse over `a` (stops after `type KIND`). */
export function iplinkParse(a: Args, create: boolean): LinkParse {
  const r: LinkParse = { flags: {}, typeArgs: [] };
  let qlenSet = false;
  let mtuSet = false;
  let netnsSet = false;
  while (a.more) {
    const w = a.cur;
    if (w === 'up') r.up = true;
    else if (w === 'down') r.up = false;
    else if (w === 'name') {
      a.next();
      if (r.name !== undefined) duparg('name', a.cur);
      if (!checkIfnameArg(a.cur)) invarg('"name" not a valid ifname', a.cur);
      r.name = a.cur;
      if (r.dev === undefined) r.dev = r.name;
    } else if (w === 'index') {
      a.next();
      if (r.index) duparg('index', a.cur);
      const idx = parseInt(a.cur, 10) || 0;
      if (idx <= 0) invarg('Invalid "index" value', a.cur);
      r.index = idx;
    } else if (matches(w, 'link')) {
      a.next();
      r.link = a.cur;
    } else if (matches(w, 'address')) {
      a.next();
      r.address = llAddr(a.cur);
    } else if (matches(w, 'broadcast') || w === 'brd') {
      a.next();
      r.broadcast = llAddr(a.cur);
    } else if (matches(w, 'txqueuelen') || w === 'qlen' || matches(w, 'txqlen')) {
      a.next();
      if (qlenSet) duparg('txqueuelen', a.cur);
      const v = getInteger(a.cur);
      if (v === undefined) invarg('Invalid "txqueuelen" value\n', a.cur);
      r.txqlen = v >>> 0;
      qlenSet = true;
    } else if (w === 'mtu') {
      a.next();
      if (mtuSet) duparg('mtu', a.cur);
      const v = getInteger(a.cur);
      if (v === undefined) invarg('Invalid "mtu" value\n', a.cur);
      r.mtu = v >>> 0;
      mtuSet = true;
    } else if (w === 'netns') {
      a.next();
      if (netnsSet) duparg('netns', a.cur);
      r.netns = a.cur;
      netnsSet = true;
    } else if (w === 'multicast' || w === 'allmulticast' || w === 'promisc' || w === 'trailers' || w === 'arp' || matches(w, 'dynamic')) {
      const key = matches(w, 'dynamic') && w !== 'multicast' && w !== 'allmulticast' && w !== 'promisc' && w !== 'trailers' && w !== 'arp' ? 'dynamic' : w;
      a.next();
      r.flags[key] = onOff(key, a.cur);
    } else if (w === 'carrier') {
      a.next();
      r.carrier = onOff('carrier', a.cur);
    } else if (w === 'mode') {
      a.next();
      const m = a.cur.toLowerCase() === 'default' ? 0 : a.cur.toLowerCase() === 'dormant' ? 1 : -1;
      if (m < 0) invarg('Invalid link mode\n', a.cur);
      r.linkmode = m;
    } else if (w === 'state') {
      a.next();
      const st = ['UNKNOWN', 'NOTPRESENT', 'DOWN', 'LOWERLAYERDOWN', 'TESTING', 'DORMANT', 'UP'].indexOf(a.cur.toUpperCase());
      if (st < 0) invarg('Invalid operstate\n', a.cur);
      r.operstate = st;
    } else if (matches(w, 'link-netns')) {
      a.next();
      if (r.linkNetns !== undefined || r.linkNetnsid !== undefined) duparg('link-netns/link-netnsid', a.cur);
      r.linkNetns = a.cur;
    } else if (matches(w, 'link-netnsid')) {
      a.next();
      if (r.linkNetns !== undefined || r.linkNetnsid !== undefined) duparg('link-netns/link-netnsid', a.cur);
      const v = getInteger(a.cur);
      if (v === undefined) invarg('Invalid "link-netnsid" value\n', a.cur);
      r.linkNetnsid = v;
    } else if (w === 'vf' || w === 'xdp' || w === 'xdpgeneric' || w === 'xdpdrv' || w === 'xdpoffload' || w === 'protodown_reason' || w === 'gso_max_size' || w === 'gso_max_segs' || w === 'gro_max_size' || w === 'parentdev') {
      r.unsupported ??= w;
      if (a.nextOk()) a.next();
    } else if (matches(w, 'master')) {
      a.next();
      r.master = a.cur;
    } else if (w === 'vrf') {
      a.next();
      r.master = a.cur;
    } else if (matches(w, 'nomaster')) {
      r.master = null;
    } else if (matches(w, 'type')) {
      a.next();
      r.type = a.cur;
      a.shift();
      break;
    } else if (matches(w, 'alias')) {
      a.next();
      if (Buffer.byteLength(a.cur) >= 256) invarg('alias too long\n', a.cur);
      r.alias = a.cur;
    } else if (w === 'group') {
      a.next();
      if (r.group !== undefined) duparg('group', a.cur);
      const g = groupA2n(a.cur);
      if (g === undefined) invarg('Invalid "group" value\n', a.cur);
      r.group = g;
    } else if (matches(w, 'numtxqueues')) {
      a.next();
      if (r.numTxQueues !== undefined) duparg('numtxqueues', a.cur);
      const v = getInteger(a.cur);
      if (v === undefined) invarg('Invalid "numtxqueues" value\n', a.cur);
      r.numTxQueues = v;
    } else if (matches(w, 'numrxqueues')) {
      a.next();
      if (r.numRxQueues !== undefined) duparg('numrxqueues', a.cur);
      const v = getInteger(a.cur);
      if (v === undefined) invarg('Invalid "numrxqueues" value\n', a.cur);
      r.numRxQueues = v;
    } else if (matches(w, 'addrgenmode')) {
      a.next();
      if (!['eui64', 'none', 'stable_secret', 'random'].includes(a.cur)) invarg('Invalid address generation mode\n', a.cur);
      r.addrgenmode = a.cur;
    } else if (w === 'protodown') {
      a.next();
      r.protodown = onOff('protodown', a.cur);
    } else {
      if (matches(w, 'help')) usage();
      if (w === 'dev') a.next();
      if (r.dev !== r.name) duparg2('dev', a.cur);
      if (!checkIfnameArg(a.cur) && Buffer.byteLength(a.cur) < 128) invarg('"dev" not a valid ifname', a.cur);
      r.dev = a.cur;
    }
    a.shift();
  }
  if (r.type !== undefined) r.typeArgs = a.rest;
  if (r.name === undefined) r.name = r.dev;
  else if (r.dev === undefined) r.dev = r.name;
  if (r.index && !create && r.netns === undefined) {
    throw new CliExit(255, 'index can be used only when creating devices or when moving device to another netns.\n');
  }
  if (r.group !== undefined && r.dev === undefined) {
    if (create) throw new CliExit(255, 'group cannot be used when creating devices.\n');
  }
  if (!create) {
    if (r.dev === undefined && r.group === undefined) throw new CliExit(255, 'Not enough information: "dev" argument is required.\n');
  } else if (r.name !== r.dev) {
    throw new CliExit(255, 'both "name" and "dev" cannot be used when creating devices.\n');
  }
  return r;
}

function getInteger(s: string): number | undefined {
  if (!/^[-+]?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)$/.test(s)) return undefined;
  const neg = s.startsWith('-');
  const t = s.replace(/^[-+]/, '');
  const v = t.startsWith('0x') || t.startsWith('0X') ? parseInt(t, 16) : t.length > 1 && t.startsWith('0') ? parseInt(t, 8) : Number(t);
  if (v > 0x7fffffff + (neg ? 1 : 0)) return undefined;
  return neg ? -v : v;
}

/** The kernel's dev_valid_name(): names iproute2 passes but the kernel refuses with EINVAL. */
function kernelRejectsName(n: string | undefined): boolean {
  return n !== undefined && (n === '.' || n === '..' || n.includes(':'));
}
const EINVAL = (): never => {
  throw new CommandFailed(-2, 'RTNETLINK answers: Invalid argument\n');
};

/** Kind-specific words after `type KIND` → API options. */
function kindOptions(kind: string, words: string[], opts: Record<string, unknown>, create: boolean): void {
  const a = new Args(words);
  const data: Record<string, unknown> = {};
  const u = (what: string, v: string, max = 0xffffffff): number => {
    const n = getUnsigned(v, 0, max);
    if (n === undefined) invarg(what, v);
    return n;
  };
  switch (kind) {
    case 'veth':
    case 'vxcan': {
      if (!a.more) return;
      if (a.cur !== 'peer') usage();
      a.shift();
      const p = iplinkParse(a, true);
      if (p.type !== undefined) duparg('type', p.type);
      if (kernelRejectsName(p.name)) EINVAL();
      const peer: Record<string, unknown> = {};
      if (p.name !== undefined) peer.name = p.name;
      if (p.netns !== undefined) peer.netns = /^\d+$/.test(p.netns) ? { pid: Number(p.netns) } : p.netns;
      if (p.mtu !== undefined) peer.mtu = p.mtu;
      if (p.address !== undefined) peer.address = p.address;
      if (p.txqlen !== undefined) peer.txqlen = p.txqlen;
      if (p.alias !== undefined) peer.alias = p.alias;
      if (p.group !== undefined) peer.devGroup = p.group;
      if (p.up) peer.up = true;
      opts.peer = peer;
      return;
    }
    case 'bridge': {
      const keys: Record<string, [string, number?]> = {
        forward_delay: ['forwardDelay'], hello_time: ['helloTime'], max_age: ['maxAge'], ageing_time: ['ageingTime'],
        stp_state: ['stpState'], priority: ['priority', 0xffff], vlan_filtering: ['vlanFiltering', 255],
        vlan_default_pvid: ['vlanDefaultPvid', 0xffff], vlan_stats_enabled: ['vlanStatsEnabled', 255],
        vlan_stats_per_port: ['vlanStatsPerPort', 255], mcast_snooping: ['mcastSnooping', 255], mcast_router: ['mcastRouter', 255],
        mcast_query_use_ifaddr: ['mcastQueryUseIfaddr', 255], mcast_querier: ['mcastQuerier', 255],
        mcast_hash_elasticity: ['mcastHashElasticity'], mcast_hash_max: ['mcastHashMax'],
        mcast_last_member_count: ['mcastLastMemberCnt'], mcast_startup_query_count: ['mcastStartupQueryCnt'],
        mcast_stats_enabled: ['mcastStatsEnabled', 255], mcast_igmp_version: ['mcastIgmpVersion', 255],
        mcast_mld_version: ['mcastMldVersion', 255], nf_call_iptables: ['nfCallIptables', 255],
        nf_call_ip6tables: ['nfCallIp6tables', 255], nf_call_arptables: ['nfCallArptables', 255],
        group_fwd_mask: ['groupFwdMask', 0xffff],
      };
      const big: Record<string, string> = {
        mcast_last_member_interval: 'mcastLastMemberIntvl', mcast_membership_interval: 'mcastMembershipIntvl',
        mcast_querier_interval: 'mcastQuerierIntvl', mcast_query_interval: 'mcastQueryIntvl',
        mcast_query_response_interval: 'mcastQueryResponseIntvl', mcast_startup_query_interval: 'mcastStartupQueryIntvl',
      };
      while (a.more) {
        const w = a.cur;
        const k = Object.keys(keys).find((x) => matches(w, x));
        const b = Object.keys(big).find((x) => matches(w, x));
        if (k) {
          a.next();
          data[keys[k]![0]] = u(`invalid ${k}`, a.cur, keys[k]![1]);
        } else if (b) {
          a.next();
          const v = getUnsigned(a.cur, 0);
          if (v === undefined) invarg(`invalid ${b}`, a.cur);
          data[big[b]!] = BigInt(v);
        } else if (matches(w, 'vlan_protocol')) {
          a.next();
          if (a.cur !== '802.1Q' && a.cur !== '802.1ad') invarg('invalid vlan_protocol', a.cur);
          data.vlanProtocol = a.cur;
        } else if (matches(w, 'help')) usage();
        else throw new CommandFailed(-1, `bridge: unknown command "${w}"?\n`);
        a.shift();
      }
      break;
    }
    case 'vxlan': {
      let vni: number | undefined;
      let group: string | undefined;
      let remote: string | undefined;
      let dstportSet = false;
      while (a.more) {
        const w = a.cur;
        if (matches(w, 'id') || matches(w, 'vni')) {
          a.next();
          vni = u('invalid id', a.cur, 0xffffff);
        } else if (matches(w, 'group')) {
          if (remote) throw new CommandFailed(-1, 'vxlan: both group and remote cannot be specified\n');
          a.next();
          group = a.cur;
          const p = getAddrOrExit(a.cur, 0);
          data[p.family === 2 ? 'group' : 'group6'] = a.cur;
        } else if (matches(w, 'remote')) {
          if (group) throw new CommandFailed(-1, 'vxlan: both group and remote cannot be specified\n');
          a.next();
          remote = a.cur;
          const p = getAddrOrExit(a.cur, 0);
          data[p.family === 2 ? 'group' : 'group6'] = a.cur;
        } else if (matches(w, 'local')) {
          a.next();
          const p = getAddrOrExit(a.cur, 0);
          data[p.family === 2 ? 'local' : 'local6'] = a.cur;
        } else if (matches(w, 'dev')) {
          a.next();
          opts._vxlanDev = a.cur;
        } else if (matches(w, 'ttl') || matches(w, 'hoplimit')) {
          a.next();
          if (a.cur === 'inherit') data.ttlInherit = 1;
          else if (a.cur === 'auto') data.ttl = 0;
          else data.ttl = u('invalid TTL', a.cur, 255);
        } else if (matches(w, 'tos') || matches(w, 'dsfield')) {
          a.next();
          data.tos = a.cur === 'inherit' ? 1 : u('bad TOS value', a.cur, 255);
        } else if (matches(w, 'df')) {
          a.next();
          if (!['unset', 'set', 'inherit'].includes(a.cur)) invarg("DF must be 'unset', 'set' or 'inherit'", a.cur);
          data.df = a.cur;
        } else if (matches(w, 'label') || matches(w, 'flowlabel')) {
          a.next();
          data.label = u('invalid flowlabel', a.cur, 0xfffff);
        } else if (matches(w, 'ageing')) {
          a.next();
          data.ageing = a.cur === 'none' ? 0 : u('ageing timer', a.cur);
        } else if (matches(w, 'maxaddress')) {
          a.next();
          data.limit = a.cur === 'unlimited' ? 0 : u('max addresses', a.cur);
        } else if (matches(w, 'port') || matches(w, 'srcport')) {
          a.next();
          const low = u('min port', a.cur, 0xffff);
          a.next();
          const high = u('max port', a.cur, 0xffff);
          data.portRange = { low, high };
        } else if (matches(w, 'dstport')) {
          a.next();
          data.port = u('dst port', a.cur, 0xffff);
          dstportSet = true;
        } else if (matches(w, 'nolearning')) data.learning = 0;
        else if (matches(w, 'learning')) data.learning = 1;
        else if (matches(w, 'noproxy')) data.proxy = 0;
        else if (matches(w, 'proxy')) data.proxy = 1;
        else if (matches(w, 'norsc')) data.rsc = 0;
        else if (matches(w, 'rsc')) data.rsc = 1;
        else if (matches(w, 'nol2miss')) data.l2miss = 0;
        else if (matches(w, 'l2miss')) data.l2miss = 1;
        else if (matches(w, 'nol3miss')) data.l3miss = 0;
        else if (matches(w, 'l3miss')) data.l3miss = 1;
        else if (matches(w, 'udpcsum')) data.udpCsum = 1;
        else if (matches(w, 'noudpcsum')) data.udpCsum = 0;
        else if (matches(w, 'udp6zerocsumtx')) data.udpZeroCsum6Tx = 1;
        else if (matches(w, 'noudp6zerocsumtx')) data.udpZeroCsum6Tx = 0;
        else if (matches(w, 'udp6zerocsumrx')) data.udpZeroCsum6Rx = 1;
        else if (matches(w, 'noudp6zerocsumrx')) data.udpZeroCsum6Rx = 0;
        else if (matches(w, 'external')) data.collectMetadata = 1;
        else if (matches(w, 'noexternal')) data.collectMetadata = 0;
        else if (matches(w, 'help')) usage();
        else throw new CommandFailed(-1, `vxlan: unknown command "${w}"?\n`);
        a.shift();
      }
      if (create && vni === undefined && !data.collectMetadata) throw new CommandFailed(-1, 'vxlan: missing virtual network identifier\n');
      if (vni !== undefined) opts.id = vni;
      if (create && group && opts._vxlanDev === undefined && !String(group).includes(':') && Number(group.split('.')[0]) >= 224) {
        throw new CommandFailed(-1, "vxlan: 'group' requires 'dev' to be specified\n");
      }
      if (create && !dstportSet && !data.collectMetadata) {
        opts._warn = 'vxlan: destination port not specified\nWill use Linux kernel default (non-standard value)\nUse \'dstport 4789\' to get the IANA assigned value\nUse \'dstport 0\' to get default and quiet this message\n';
      }
      break;
    }
    case 'macvlan':
    case 'macvtap': {
      while (a.more) {
        const w = a.cur;
        if (matches(w, 'mode')) {
          a.next();
          if (!['private', 'vepa', 'bridge', 'passthru', 'source'].includes(a.cur)) {
            throw new CommandFailed(-1, `Error: argument of "mode" must be "private", "vepa", "bridge", "passthru" or "source", not "${a.cur}"\n`);
          }
          opts.mode = a.cur;
        } else if (matches(w, 'nopromisc')) data.flags = ['nopromisc'];
        else if (matches(w, 'nodst')) data.flags = ['nodst'];
        else if (matches(w, 'bcqueuelen')) {
          a.next();
          data.bcQueueLen = u('bcqueuelen', a.cur);
        } else if (matches(w, 'help')) usage();
        else throw new CommandFailed(-1, `${kind}: unknown option "${w}"?\n`);
        a.shift();
      }
      break;
    }
    case 'vlan': {
      while (a.more) {
        const w = a.cur;
        if (matches(w, 'protocol')) {
          a.next();
          if (a.cur.toLowerCase() !== '802.1q' && a.cur.toLowerCase() !== '802.1ad') invarg('protocol is invalid', a.cur);
          opts.protocol = a.cur.toLowerCase() === '802.1q' ? '802.1Q' : '802.1ad';
        } else if (matches(w, 'id')) {
          a.next();
          opts.id = u('id is invalid', a.cur, 0xffff);
        } else if (matches(w, 'help')) usage();
        else {
          a.next();
          // reorder_hdr, gvrp, mvrp, loose_binding, bridge_binding, ingress/egress-qos-map
        }
        a.shift();
      }
      if (create && opts.id === undefined) throw new CommandFailed(-1, '8021q: VLAN properties not specified\n');
      if (create && opts._link === undefined) throw new CommandFailed(-1, 'link is required\n');
      break;
    }
    case 'bond': {
      while (a.more) {
        const w = a.cur;
        a.next();
        if (matches(w, 'mode')) opts.mode = a.cur;
        else if (matches(w, 'miimon')) opts.miimon = u('invalid miimon', a.cur);
        else if (matches(w, 'updelay')) data.updelay = u('invalid updelay', a.cur);
        else if (matches(w, 'downdelay')) data.downdelay = u('invalid downdelay', a.cur);
        a.shift();
      }
      break;
    }
    case 'vrf': {
      while (a.more) {
        if (matches(a.cur, 'table')) {
          a.next();
          opts.table = u('invalid table ID\n', a.cur);
        } else if (matches(a.cur, 'help')) usage();
        else throw new CommandFailed(-1, `vrf: unknown option "${a.cur}"?\n`);
        a.shift();
      }
      if (create && opts.table === undefined) throw new CommandFailed(-1, 'vrf: table id is required\n');
      break;
    }
    case 'ipvlan':
    case 'ipvtap': {
      while (a.more) {
        if (matches(a.cur, 'mode')) {
          a.next();
          data.mode = a.cur;
        } else if (['private', 'vepa', 'bridge'].includes(a.cur)) data.flags = a.cur === 'bridge' ? [] : [a.cur];
        a.shift();
      }
      break;
    }
    case 'gre': case 'gretap': case 'ipip': case 'sit': case 'ip6gre': case 'ip6gretap': case 'ip6tnl': case 'vti': case 'vti6': {
      while (a.more) {
        const w = a.cur;
        if (matches(w, 'remote')) {
          a.next();
          if (a.cur !== 'any') opts.remote = a.cur;
        } else if (matches(w, 'local')) {
          a.next();
          if (a.cur !== 'any') opts.local = a.cur;
        } else if (matches(w, 'ttl') || matches(w, 'hoplimit')) {
          a.next();
          opts.ttl = a.cur === 'inherit' ? 0 : u('invalid TTL', a.cur, 255);
        } else if (matches(w, 'tos') || matches(w, 'dsfield')) {
          a.next();
          opts.tos = a.cur === 'inherit' ? 1 : u('invalid TOS', a.cur, 255);
        } else if (matches(w, 'dev')) {
          a.next();
          opts._tunDev = a.cur;
        } else if (matches(w, 'key')) {
          a.next();
          opts.key = u('invalid value for "key"', a.cur);
        } else throw new CommandFailed(-1, `${kind}: unknown command "${w}"?\n`);
        a.shift();
      }
      break;
    }
    default:
      if (a.more) {
        if (matches(a.cur, 'help')) usage();
        if (!['dummy', 'ifb', 'nlmon', 'wireguard', 'vcan', 'team', 'virt_wifi', 'tun'].includes(kind)) {
          throw new CommandFailed(-1, `Garbage instead of arguments "${a.cur} ...". Try "ip link help".\n`);
        }
        throw new CommandFailed(-1, `Garbage instead of arguments "${a.cur} ...". Try "ip link help".\n`);
      }
  }
  if (Object.keys(data).length) opts.data = { ...(opts.data as object | undefined), ...data };
}

async function devIndex(h: any, dev: string): Promise<number | undefined> {
  try {
    const l = await h.link.find(dev);
    return l?.index;
  } catch {
    return undefined;
  }
}

/** `link-netns NAME`: its nsid here, assigning one when it has none (as iproute2 does); `link-netnsid N` as given. */
async function resolveLinkNetns(h: any, p: LinkParse): Promise<number | undefined> {
  if (p.linkNetnsid !== undefined) return p.linkNetnsid;
  if (p.linkNetns === undefined) return undefined;
  const bad = (): never => invarg('Invalid "link-netns" value\n', p.linkNetns!);
  let id: number | undefined;
  try {
    id = await h.netns.getId(p.linkNetns);
    if (id === undefined || id < 0) {
      await h.netns.setId(p.linkNetns, 'auto').catch(() => undefined);
      id = await h.netns.getId(p.linkNetns);
    }
  } catch {
    bad();
  }
  if (id === undefined || id < 0) bad();
  return id;
}

/** iplink_modify for add / replace. */
async function linkAdd(env: Env, argv: string[], replace: boolean): Promise<number> {
  const a = new Args(argv);
  const p = iplinkParse(a, true);
  if (p.type === undefined) throw new CommandFailed(-1, 'Not enough information: "type" argument is required\n');
  if (p.unsupported) throw new CommandFailed(-1, `pure-ip: "${p.unsupported}" is not supported\n`);
  const h = await env.handle();
  const opts: Record<string, unknown> = { kind: p.type, name: p.name };
  if (p.link !== undefined) {
    const idx = await devIndex(h, p.link);
    if (!idx) nodev(p.link);
    opts._link = idx;
  }
  if (p.master !== undefined && p.master !== null) {
    const idx = await devIndex(h, p.master);
    if (!idx) invarg('Device does not exist\n', p.master);
    opts.master = idx;
  }
  kindOptions(p.type, p.typeArgs, opts, true);
  if (typeof opts._warn === 'string') env.io.stderr(opts._warn);
  if (kernelRejectsName(p.name)) EINVAL();
  // No name: the kernel picks one (bridge0, veth0...).
  const linkNetnsid = await resolveLinkNetns(h, p);
  if (linkNetnsid !== undefined) opts.linkNetnsid = linkNetnsid;
  if (p.linkmode !== undefined || p.operstate !== undefined) {
    opts.attrs = { ...(p.linkmode !== undefined ? { linkmode: p.linkmode } : {}), ...(p.operstate !== undefined ? { operstate: p.operstate } : {}) };
  }
  if (p.mtu !== undefined) opts.mtu = p.mtu;
  if (p.address !== undefined) opts.address = p.address;
  if (p.broadcast !== undefined) opts.broadcast = p.broadcast;
  if (p.txqlen !== undefined) opts.txqlen = p.txqlen;
  if (p.alias !== undefined) opts.alias = p.alias;
  if (p.group !== undefined) opts.devGroup = p.group;
  if (p.numTxQueues !== undefined) opts.numTxQueues = p.numTxQueues;
  if (p.numRxQueues !== undefined) opts.numRxQueues = p.numRxQueues;
  if (p.up) opts.up = true;
  if (p.netns !== undefined) opts.netns = /^\d+$/.test(p.netns) ? { pid: Number(p.netns) } : p.netns;
  if (replace) opts.replace = true;
  if (opts._link !== undefined) opts.link = opts._link;
  if (opts._vxlanDev !== undefined) {
    const idx = await devIndex(h, String(opts._vxlanDev));
    if (!idx) nodev(String(opts._vxlanDev));
    opts.dev = idx;
  }
  if (opts._tunDev !== undefined) {
    const idx = await devIndex(h, String(opts._tunDev));
    if (!idx) nodev(String(opts._tunDev));
    opts.dev = idx;
  }
  for (const k of ['_link', '_vxlanDev', '_tunDev', '_warn']) delete opts[k];
  if (opts.name === undefined) delete opts.name;
  await apiCall(() => h.link.add(opts));
  return 0;
}

/** iplink_modify for set / change. */
async function linkSet(env: Env, argv: string[]): Promise<number> {
  const a = new Args(argv);
  const p = iplinkParse(a, false);
  if (p.unsupported) throw new CommandFailed(-1, `pure-ip: "${p.unsupported}" is not supported\n`);
  const h = await env.handle();
  // `ip link set group N ...`: ifi_index 0 and IFLA_GROUP N, the kernel changes every link of the group.
  const byGroup = p.dev === undefined && p.group !== undefined;
  let idx = 0;
  if (!byGroup) {
    const i = await devIndex(h, p.dev!);
    if (!i) nodev(p.dev!);
    idx = i;
  }
  const rename = p.name !== p.dev ? p.name : undefined;
  let change: any = byGroup ? h.link.group(p.group!) : h.link(idx);
  let any = false;
  const apply = (fn: (c: any) => any): void => {
    change = fn(change);
    any = true;
  };
  if (p.up === true) apply((c) => c.up());
  if (p.up === false) apply((c) => c.down());
  if (p.mtu !== undefined) apply((c) => c.mtu(p.mtu));
  if (p.address !== undefined) apply((c) => c.address(p.address));
  if (p.broadcast !== undefined) apply((c) => c.broadcast(p.broadcast));
  if (rename !== undefined) {
    if (kernelRejectsName(rename)) EINVAL();
    apply((c) => c.rename(rename));
  }
  if (p.alias !== undefined) apply((c) => c.alias(p.alias));
  if (p.txqlen !== undefined) apply((c) => c.txqlen(p.txqlen));
  if (p.group !== undefined && !byGroup) apply((c) => c.group(p.group));
  if (p.linkmode !== undefined) apply((c) => c.linkmode(p.linkmode));
  if (p.operstate !== undefined) apply((c) => c.operstate(p.operstate));
  const linkNetnsid = await resolveLinkNetns(h, p);
  if (linkNetnsid !== undefined) apply((c) => c.set({ attrs: { linkNetnsid } }));
  if (p.master !== undefined) {
    if (p.master === null) apply((c) => c.nomaster());
    else {
      const m = await devIndex(h, p.master);
      if (!m) invarg('Device does not exist\n', p.master);
      apply((c) => c.master(m));
    }
  }
  for (const [k, v] of Object.entries(p.flags)) {
    if (k === 'promisc') apply((c) => c.promisc(v));
    else if (k === 'arp') apply((c) => c.arp(v));
    else if (k === 'allmulticast') apply((c) => c.allmulticast(v));
    else if (k === 'multicast') apply((c) => c.multicast(v));
    else throw new CommandFailed(-1, `pure-ip: "${k}" is not supported\n`);
  }
  if (p.carrier !== undefined) apply((c) => c.carrier(p.carrier));
  if (p.netns !== undefined) apply((c) => c.setNetns(/^\d+$/.test(p.netns!) ? { pid: Number(p.netns) } : p.netns));
  if (p.addrgenmode !== undefined) apply((c) => c.set({ attrs: { afSpec: { inet6: { addrGenMode: p.addrgenmode } } } }));
  if (p.protodown !== undefined) apply((c) => c.set({ attrs: { protoDown: p.protodown ? 1 : 0 } }));
  if (p.numTxQueues !== undefined || p.numRxQueues !== undefined) {
    apply((c) => c.set({ attrs: { ...(p.numTxQueues !== undefined ? { numTxQueues: p.numTxQueues } : {}), ...(p.numRxQueues !== undefined ? { numRxQueues: p.numRxQueues } : {}) } }));
  }
  if (p.type !== undefined) {
    const o: Record<string, unknown> = {};
    kindOptions(p.type, p.typeArgs, o, false);
    const isSlave = p.type.endsWith('_slave');
    const data = (o.data as Record<string, unknown> | undefined) ?? {};
    if (o.mode !== undefined) data.mode = o.mode;
    apply((c) => c.set(isSlave ? { slaveData: data } : { kind: p.type, ...(Object.keys(data).length ? { data } : {}) }));
  }
  if (!any) {
    // nothing to change: iproute2 still sends an (empty) RTM_NEWLINK
    apply((c) => c.set({}));
  }
  await apiCall(() => change.send());
  return 0;
}

async function linkDelete(env: Env, argv: string[]): Promise<number> {
  const a = new Args(argv);
  const p = iplinkParse(a, false);
  const h = await env.handle();
  if (p.dev === undefined && p.group !== undefined) {
    await apiCall(() => h.link.deleteGroup(p.group));
    return 0;
  }
  if (p.dev === undefined) throw new CliExit(255, 'Not enough information: "dev" argument is required.\n');
  const idx = await devIndex(h, p.dev);
  if (!idx) nodev(p.dev);
  await apiCall(() => h.link.delete(idx));
  return 0;
}

export async function doLink(env: Env, argv: string[]): Promise<number> {
  if (argv.length < 1) return addrList(env, [], true, 'list');
  const w = argv[0]!;
  const rest = argv.slice(1);
  if (matches(w, 'add')) return linkAdd(env, rest, false);
  if (matches(w, 'set') || matches(w, 'change')) return linkSet(env, rest);
  if (matches(w, 'replace')) return linkAdd(env, rest, true);
  if (matches(w, 'delete')) return linkDelete(env, rest);
  if (matches(w, 'show') || matches(w, 'lst') || matches(w, 'list')) return addrList(env, rest, true, 'list');
  if (matches(w, 'xstats') && rest.length === 0) throw new CommandFailed(-1, 'xstats: missing argument\n');
  if (matches(w, 'xstats') || matches(w, 'afstats') || matches(w, 'property')) throw new CommandFailed(-1, `pure-ip: "ip link ${w}" is not supported\n`);
  if (matches(w, 'help')) usage();
  throw new CliExit(255, `Command "${w}" is unknown, try "ip link help".\n`);
}

export { linkDumpRaw };
