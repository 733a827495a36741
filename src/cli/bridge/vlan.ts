/**
 * `bridge vlan` (iproute2 6.1 bridge/vlan.c): `add` / `del` (VLANs and VLAN-to-tunnel mappings
 * of a port), `show` and `tunnelshow` (the AF_BRIDGE link dump with RTEXT_FILTER_BRVLAN). The
 * per-VLAN options dump of `show -d`, the statistics of `show -s`, `set` and `global` answer
 * that pure-bridge does not do them yet.
 */
import { bridgeVlanAdd, bridgeVlanDelete, bridgeVlanDump, type BridgeVlanEntryOptions } from '../../rtnl/bridge/vlan.js';
import { AF_BRIDGE } from '../../rtnl/constants.js';
import type { LinkMessageBody } from '../../rtnl/link/attrs.js';
import { BRIDGE_VLAN_INFO } from '../../rtnl/link/constants.js';
import { Args, matches } from '../args.js';
import { streamDump } from '../commands/common.js';
import { CliExit, CommandFailed, invarg } from '../errors.js';
import { flagsNum, indexToName, num, type FormatContext } from '../format/context.js';
import { getUnsigned } from '../format/prefix.js';
import { PRINT_ANY, PRINT_FP, PRINT_JSON, type Printer } from '../format/printer.js';
import { sprintf } from '../format/printf.js';
import { atoi, type BridgeEnv, bridgeError, devVidFilter, linkMap, newPrinter } from './env.js';

const VLAN_USAGE = `Usage: bridge vlan { add | del } vid VLAN_ID dev DEV [ tunnel_info id TUNNEL_ID ]
                                                     [ pvid ] [ untagged ]
                                                     [ self ] [ master ]
       bridge vlan { set } vid VLAN_ID dev DEV [ state STP_STATE ]
                                               [ mcast_router MULTICAST_ROUTER ]
       bridge vlan { show } [ dev DEV ] [ vid VLAN_ID ]
       bridge vlan { tunnelshow } [ dev DEV ] [ vid VLAN_ID ]
       bridge vlan global { set } vid VLAN_ID dev DEV
                      [ mcast_snooping MULTICAST_SNOOPING ]
                      [ mcast_querier MULTICAST_QUERIER ]
                      [ mcast_igmp_version IGMP_VERSION ]
                      [ mcast_mld_version MLD_VERSION ]
                      [ mcast_last_member_count LAST_MEMBER_COUNT ]
                      [ mcast_last_member_interval LAST_MEMBER_INTERVAL ]
                      [ mcast_startup_query_count STARTUP_QUERY_COUNT ]
                      [ mcast_startup_query_interval STARTUP_QUERY_INTERVAL ]
                      [ mcast_membership_interval MEMBERSHIP_INTERVAL ]
                      [ mcast_querier_interval QUERIER_INTERVAL ]
                      [ mcast_query_interval QUERY_INTERVAL ]
                      [ mcast_query_response_interval QUERY_RESPONSE_INTERVAL ]
       bridge vlan global { show } [ dev DEV ] [ vid VLAN_ID ]
`;

const usage = (): never => {
  throw new CliExit(255, VLAN_USAGE);
};

/** VLAN_ID_LEN: the width of the vlan-id column. */
const VLAN_ID_LEN = 9;
const PVID = BRIDGE_VLAN_INFO.value('pvid');
const UNTAGGED = BRIDGE_VLAN_INFO.value('untagged');
const RANGE_BEGIN = BRIDGE_VLAN_INFO.value('range_begin');
const RANGE_END = BRIDGE_VLAN_INFO.value('range_end');

type Subject = 'vlans' | 'tunnels';

/** filter_vlan_check: -1 stop (past the filter), 0 skip, 1 print. */
function filterVlanCheck(filterVlan: number, vid: number, flags: number): -1 | 0 | 1 {
  if (filterVlan && vid > filterVlan && !(flags & RANGE_END)) return -1;
  if (flags & RANGE_BEGIN || vid < filterVlan) return 0;
  return 1;
}

/** print_range: `start[-end]`; the text width it took (0 in JSON). */
function printRange(p: Printer, name: string, start: number, id: number): number {
  let s = sprintf('%u', start);
  p.uint(PRINT_ANY, name, '%u', start);
  if (start !== id) {
    p.uint(PRINT_ANY, `${name}End`, '-%u', id);
    s += sprintf('-%u', id);
  }
  return p.json ? 0 : s.length;
}

/** One port's VLANs (print_vlan_info) or tunnel mappings (print_vlan_tunnel_info). */
function printPort(p: Printer, ctx: FormatContext, msg: LinkMessageBody, subject: Subject, filterVlan: number): void {
  const ifindex = num(msg.header.index);
  const af = msg.attrs?.afSpec as { vlanInfo?: Array<{ flags: unknown; vid: unknown }>; vlanTunnelInfo?: Array<{ id?: unknown; vid?: unknown; flags?: unknown }> } | undefined;
  if (!af || typeof af !== 'object' || af instanceof Uint8Array) return;
  let opened = false;
  let lastVidStart = 0;
  let lastTunidStart = 0;
  const open = () => {
    if (!opened) {
      p.openObject(null);
      p.string(PRINT_ANY, 'ifname', '%-16s  ', indexToName(ctx, ifindex));
      p.openArray(PRINT_JSON, subject);
      opened = true;
    } else p.string(PRINT_FP, null, '%-16s  ', '');
  };
  if (subject === 'vlans') {
    for (const v of af.vlanInfo ?? []) {
      const flags = flagsNum(BRIDGE_VLAN_INFO, v.flags);
      const vid = num(v.vid);
      if (!(flags & RANGE_END)) lastVidStart = vid;
      const check = filterVlanCheck(filterVlan, vid, flags);
      if (check === -1) break;
      if (check === 0) continue;
      open();
      p.openObject(null);
      printRange(p, 'vlan', lastVidStart, vid);
      // print_vlan_flags
      if (flags) {
        p.openArray(PRINT_JSON, 'flags');
        if (flags & PVID) p.string(PRINT_ANY, null, ' %s', 'PVID');
        if (flags & UNTAGGED) p.string(PRINT_ANY, null, ' %s', 'Egress Untagged');
        p.closeArray(PRINT_JSON, null);
      }
      p.closeObject();
      p.nl();
    }
  } else {
    for (const t of af.vlanTunnelInfo ?? []) {
      if (t.vid === undefined) continue;
      const vid = num(t.vid);
      const id = t.id !== undefined ? num(t.id) : 0;
      const flags = t.flags !== undefined ? flagsNum(BRIDGE_VLAN_INFO, t.flags) : 0;
      if (!(flags & RANGE_END)) {
        lastVidStart = vid;
        lastTunidStart = id;
      }
      const check = filterVlanCheck(filterVlan, vid, flags);
      if (check === -1) break;
      if (check === 0) continue;
      open();
      p.openObject(null);
      const width = printRange(p, 'vlan', lastVidStart, vid);
      if (width <= VLAN_ID_LEN) p.string(PRINT_FP, null, '%s  ', ' '.repeat(VLAN_ID_LEN - width));
      printRange(p, 'tunid', lastTunidStart, id);
      p.closeObject();
      p.nl();
    }
  }
  if (opened) {
    p.closeArray(PRINT_JSON, null);
    p.closeObject();
  }
}

/** vlan_show (the link-dump form) */
async function vlanShow(env: BridgeEnv, a: Args, subject: Subject): Promise<number> {
  const { map, filterIndex, filterVlan } = await devVidFilter(env, a);
  if ((env.opts.details && subject === 'vlans') || env.opts.stats) {
    throw new CommandFailed(-1, `pure-bridge: bridge vlan show ${env.opts.stats ? '-s (RTM_GETSTATS per-VLAN counters)' : '-d (the RTM_GETVLAN options dump)'} is not supported yet\n`);
  }
  const h = await env.handle();
  const p = newPrinter(env);
  p.startDocument();
  if (!p.json) p.fp('%-16s  %-9s%s\n', 'port', 'vlan-id', subject === 'tunnels' ? '  tunnel-id' : '');
  const d = bridgeVlanDump({ compressed: env.opts.compressVlans });
  await streamDump<LinkMessageBody>(h, d.request, (body) => {
    if (num(body.header.family) !== AF_BRIDGE) return;
    if (filterIndex && filterIndex !== num(body.header.index)) return;
    printPort(p, map.ctx, body, subject, filterVlan);
  }).catch((e: unknown) => {
    throw bridgeError(e);
  });
  p.endDocument();
  env.io.stdout(p.take());
  return 0;
}

/** parse_tunnel_info (args at `tunnel_info`): the tunnel id and the end of its range. */
function tunnelInfo(a: Args): [number, number] {
  a.next();
  if (!matches(a.cur, 'id')) invarg('tunnel id expected', a.cur);
  a.next();
  const [first, last] = a.cur.split(/-(.*)/s, 2) as [string, string | undefined];
  const id = (w: string) => {
    const v = getUnsigned(w, 0);
    if (v === undefined || v >= 2 ** 24) invarg('invalid tun id', first);
    return v;
  };
  return [id(first), last !== undefined ? id(last) : 0];
}

/** vlan_modify */
async function vlanModify(env: BridgeEnv, add: boolean, a: Args): Promise<number> {
  const map = await linkMap(env);
  let d: string | undefined;
  let vid = -1;
  let vidEnd = -1;
  let range = false;
  let pvid = false;
  let untagged = false;
  let self = false;
  let master = false;
  let tunnel: [number, number] | undefined;
  const short = (w: string) => (atoi(w) << 16) >> 16;
  for (; a.more; a.shift()) {
    const w = a.cur;
    if (w === 'dev') d = a.next();
    else if (w === 'vid') {
      a.next();
      const dash = a.cur.indexOf('-');
      if (dash >= 0) {
        vid = short(a.cur.slice(0, dash));
        vidEnd = short(a.cur.slice(dash + 1));
        range = true;
      } else vid = short(a.cur);
    } else if (w === 'self') self = true;
    else if (w === 'master') master = true;
    else if (w === 'pvid') pvid = true;
    else if (w === 'untagged') untagged = true;
    else if (w === 'tunnel_info') tunnel = tunnelInfo(a);
    else if (matches(w, 'help')) a.next();
  }
  if (d === undefined || vid === -1) throw new CommandFailed(-1, 'Device and VLAN ID are required arguments.\n');
  const dev = map.index(d);
  if (!dev) throw new CommandFailed(-1, `Cannot find bridge device "${d}"\n`);
  if (vid >= 4096) throw new CommandFailed(-1, `Invalid VLAN ID "${vid & 0xffff}"\n`);
  if (range) {
    if (vidEnd === -1 || vidEnd >= 4096 || vid >= vidEnd) throw new CommandFailed(-1, `Invalid VLAN range "${vid & 0xffff}-${vidEnd & 0xffff}"\n`);
    if (pvid) throw new CommandFailed(-1, 'pvid cannot be configured for a vlan range\n');
  }
  const o: BridgeVlanEntryOptions = {
    dev,
    vid: vid & 0xffff,
    ...(range ? { vidEnd } : {}),
    ...(pvid ? { pvid } : {}),
    ...(untagged ? { untagged } : {}),
    ...(self ? { self } : {}),
    ...(master ? { master } : {}),
    ...(tunnel ? { tunnelId: tunnel[0], ...(range ? { tunnelIdEnd: tunnel[1] } : {}) } : {}),
  };
  const h = await env.handle();
  try {
    await h.request(add ? bridgeVlanAdd(o) : bridgeVlanDelete(o));
  } catch (e) {
    throw bridgeError(e);
  }
  return 0;
}

/** do_vlan */
export async function doVlan(env: BridgeEnv, argv: string[]): Promise<number> {
  const a = new Args(argv);
  if (!a.more) return vlanShow(env, a, 'vlans');
  const w = a.cur;
  a.shift();
  if (matches(w, 'add')) return vlanModify(env, true, a);
  if (matches(w, 'delete')) return vlanModify(env, false, a);
  if (matches(w, 'show') || matches(w, 'lst') || matches(w, 'list')) return vlanShow(env, a, 'vlans');
  if (matches(w, 'tunnelshow')) return vlanShow(env, a, 'tunnels');
  if (matches(w, 'set') || w === 'global') throw new CommandFailed(-1, `pure-bridge: bridge vlan ${w} is not supported yet\n`);
  if (matches(w, 'help')) usage();
  throw new CliExit(255, `Command "${w}" is unknown, try "bridge vlan help".\n`);
}
