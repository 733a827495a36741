/**
 * `bridge link` (iproute2 6.1 bridge/link.c): `show [dev DEV]` prints the AF_BRIDGE link dump
 * (one message per bridge port, IFLA_PROTINFO holding its IFLA_BRPORT_*), `set dev DEV ...`
 * changes a port with an AF_BRIDGE RTM_SETLINK.
 */
import { bridgePortDump, bridgePortSet, type BridgePortOptions } from '../../rtnl/bridge/port.js';
import { AF_BRIDGE, AF_UNSPEC, RTM_DELLINK } from '../../rtnl/constants.js';
import type { LinkAttrs, LinkMessageBody } from '../../rtnl/link/attrs.js';
import { BR_STATE, BRIDGE_MODE } from '../../rtnl/link/constants.js';
import { Args, matches } from '../args.js';
import { streamDump } from '../commands/common.js';
import { CliExit, CommandFailed, duparg, nodev } from '../errors.js';
import { enumNum, flagsNum, indexToName, num, type FormatContext } from '../format/context.js';
import { printLinkFlags, printNameAndLink } from '../format/link.js';
import { PRINT_ANY, PRINT_FP, type Printer } from '../format/printer.js';
import { IFF } from '../../rtnl/link/constants.js';
import { atoi, bridgeError, linkMap, newPrinter, onOff, type BridgeEnv } from './env.js';

const LINK_USAGE = `Usage: bridge link set dev DEV [ cost COST ] [ priority PRIO ] [ state STATE ]
                               [ guard {on | off} ]
                               [ hairpin {on | off} ]
                               [ fastleave {on | off} ]
                               [ root_block {on | off} ]
                               [ learning {on | off} ]
                               [ learning_sync {on | off} ]
                               [ flood {on | off} ]
                               [ mcast_router MULTICAST_ROUTER ]
                               [ mcast_flood {on | off} ]
                               [ bcast_flood {on | off} ]
                               [ mcast_to_unicast {on | off} ]
                               [ neigh_suppress {on | off} ]
                               [ vlan_tunnel {on | off} ]
                               [ isolated {on | off} ]
                               [ locked {on | off} ]
                               [ hwmode {vepa | veb} ]
                               [ backup_port DEVICE ] [ nobackup_port ]
                               [ self ] [ master ]
       bridge link show [dev DEV]
`;

const usage = (): never => {
  throw new CliExit(255, LINK_USAGE);
};

const STP_STATES = ['disabled', 'listening', 'learning', 'forwarding', 'blocking'];
const HW_MODES = ['VEB', 'VEPA'];

/** print_stp_state */
export function printStpState(p: Printer, state: number): void {
  if (state < STP_STATES.length) p.string(PRINT_ANY, 'state', 'state %s ', STP_STATES[state]!);
  else p.uint(PRINT_ANY, 'state', 'state (%d) ', state);
}

/** The on/off port settings `-d` prints, in print_protinfo's order: IFLA_BRPORT_* key, JSON key. */
const DETAILS: ReadonlyArray<readonly [string, string]> = [
  ['mode', 'hairpin'], ['guard', 'guard'], ['protect', 'root_block'], ['fastLeave', 'fastleave'], ['learning', 'learning'],
  ['learningSync', 'learning_sync'], ['unicastFlood', 'flood'], ['mcastFlood', 'mcast_flood'], ['bcastFlood', 'bcast_flood'],
];
const DETAILS2: ReadonlyArray<readonly [string, string]> = [
  ['mcastToUcast', 'mcast_to_unicast'], ['neighSuppress', 'neigh_suppress'], ['vlanTunnel', 'vlan_tunnel'],
];

/** print_protinfo: the port's state, priority and cost; with -d its flags. */
function printProtinfo(p: Printer, ctx: FormatContext, protinfo: unknown): void {
  if (typeof protinfo !== 'object' || protinfo === null || protinfo instanceof Uint8Array) {
    // An IFLA_PROTINFO that is not a nest is the bare state byte.
    if (protinfo instanceof Uint8Array && protinfo.length > 0) printStpState(p, protinfo[0]!);
    return;
  }
  const pi = protinfo as Record<string, unknown>;
  if (pi.state !== undefined) printStpState(p, enumNum(BR_STATE, pi.state));
  if (pi.priority !== undefined) p.uint(PRINT_ANY, 'priority', 'priority %u ', num(pi.priority));
  if (pi.cost !== undefined) p.uint(PRINT_ANY, 'cost', 'cost %u ', num(pi.cost));
  if (!ctx.details) return;
  if (!p.json) p.fp('%s    ', p.SL);
  const onOffAttr = (key: string, json: string) => {
    if (pi[key] !== undefined) p.onOff(PRINT_ANY, json, `${json} %s `, num(pi[key]) !== 0);
  };
  for (const [key, json] of DETAILS) onOffAttr(key, json);
  if (pi.multicastRouter !== undefined) p.uint(PRINT_ANY, 'mcast_router', 'mcast_router %u ', num(pi.multicastRouter));
  for (const [key, json] of DETAILS2) onOffAttr(key, json);
  if (pi.backupPort !== undefined) p.string(PRINT_ANY, 'backup_port', 'backup_port %s ', indexToName(ctx, num(pi.backupPort)));
  onOffAttr('isolated', 'isolated');
  onOffAttr('locked', 'locked');
}

/** print_linkinfo (bridge/link.c): one port; false when the message is filtered out. */
export function printBridgeLink(p: Printer, msg: LinkMessageBody, ctx: FormatContext, opts: { filterIndex?: number; type?: number } = {}): boolean {
  const h = msg.header;
  const family = num(h.family);
  if (family !== AF_BRIDGE && family !== AF_UNSPEC) return false;
  const index = num(h.index);
  if (opts.filterIndex && opts.filterIndex !== index) return false;
  const a: LinkAttrs = msg.attrs ?? {};
  // get_ifname_rta: a message without IFLA_IFNAME is not printed.
  if (a.ifname === undefined) return false;
  p.openObject(null);
  if (opts.type === RTM_DELLINK) p.bool(PRINT_ANY, 'deleted', 'Deleted ', true);
  p.int(PRINT_ANY, 'ifindex', '%d: ', index);
  const mFlag = printNameAndLink(p, ctx, '%s: ', String(a.ifname), a);
  printLinkFlags(p, flagsNum(IFF, h.flags), mFlag);
  if (a.mtu !== undefined) p.int(PRINT_ANY, 'mtu', 'mtu %u ', num(a.mtu));
  if (a.master !== undefined) p.string(PRINT_ANY, 'master', 'master %s ', indexToName(ctx, num(a.master)));
  if (a.protinfo !== undefined) printProtinfo(p, ctx, a.protinfo);
  const af = a.afSpec as { mode?: unknown } | undefined;
  if (af && typeof af === 'object' && !(af instanceof Uint8Array) && af.mode !== undefined) {
    // print_hwmode
    const mode = enumNum(BRIDGE_MODE, af.mode);
    if (mode >= HW_MODES.length) p.hex0x(PRINT_ANY, 'hwmode', 'hwmode %#llx ', mode);
    else p.string(PRINT_ANY, 'hwmode', 'hwmode %s ', HW_MODES[mode]!);
  }
  p.string(PRINT_FP, null, '%s', '\n');
  p.closeObject();
  return true;
}

/** brlink_show */
async function linkShow(env: BridgeEnv, a: Args): Promise<number> {
  let filterDev: string | undefined;
  for (; a.more; a.shift()) {
    if (a.cur === 'dev') {
      a.next();
      if (filterDev !== undefined) duparg('dev', a.cur);
      filterDev = a.cur;
    }
  }
  const map = await linkMap(env);
  let filterIndex = 0;
  if (filterDev !== undefined) {
    filterIndex = map.index(filterDev);
    if (!filterIndex) nodev(filterDev);
  }
  const h = await env.handle();
  const p = newPrinter(env);
  p.startDocument();
  await streamDump<LinkMessageBody>(h, bridgePortDump(), (body) => {
    printBridgeLink(p, body, map.ctx, { filterIndex });
  }).catch((e: unknown) => {
    throw bridgeError(e);
  });
  p.endDocument();
  env.io.stdout(p.take());
  return 0;
}

/** strtol(arg, &end, 10) taken whole, as `state N` reads it; undefined when not all digits. */
function strtolWhole(s: string): number | undefined {
  return /^\s*[+-]?\d+$/.test(s) ? Number.parseInt(s, 10) : undefined;
}

const ON_OFF: Record<string, keyof BridgePortOptions> = {
  guard: 'guard', hairpin: 'hairpin', fastleave: 'fastLeave', root_block: 'rootBlock', learning: 'learning',
  learning_sync: 'learningSync', flood: 'flood', mcast_flood: 'mcastFlood', bcast_flood: 'bcastFlood',
  mcast_to_unicast: 'mcastToUnicast', neigh_suppress: 'neighSuppress', vlan_tunnel: 'vlanTunnel', isolated: 'isolated',
  locked: 'locked',
};

/** brlink_modify */
async function linkSet(env: BridgeEnv, a: Args): Promise<number> {
  const o: BridgePortOptions = {};
  let dev: string | undefined;
  let backupPort: string | undefined;
  let noBackup = false;
  const map = await linkMap(env);
  for (; a.more; a.shift()) {
    const w = a.cur;
    if (w === 'dev') dev = a.next();
    else if (w in ON_OFF) {
      a.next();
      Object.assign(o, { [ON_OFF[w]!]: onOff(w, a.cur) });
    } else if (w === 'mcast_router') {
      // atoi into a __s8: values outside -128..127 wrap; a negative one is not sent.
      const v = (atoi(a.next()) << 24) >> 24;
      if (v >= 0) o.mcastRouter = v;
      else delete o.mcastRouter;
    } else if (w === 'cost') {
      const v = atoi(a.next()) >>> 0;
      if (v > 0) o.cost = v;
      else delete o.cost;
    } else if (w === 'priority') {
      const v = (atoi(a.next()) << 16) >> 16;
      if (v >= 0) o.priority = v;
      else delete o.priority;
    } else if (w === 'state') {
      a.next();
      let v = strtolWhole(a.cur);
      if (v === undefined) {
        v = STP_STATES.indexOf(a.cur);
        if (v < 0) throw new CommandFailed(-1, 'Error: invalid STP port state\n');
      }
      v = (v << 24) >> 24;
      if (v >= 0) o.state = v;
      else delete o.state;
    } else if (w === 'hwmode') {
      a.next();
      if (a.cur === 'vepa' || a.cur === 'veb') o.hwmode = a.cur;
      else throw new CommandFailed(-1, 'Mode argument must be "vepa" or "veb".\n');
    } else if (w === 'self') o.self = true;
    else if (w === 'master') o.master = true;
    else if (w === 'backup_port') {
      backupPort = a.next();
      noBackup = false;
      if (!map.index(backupPort)) throw new CommandFailed(-1, `Error: device ${backupPort} does not exist\n`);
    } else if (w === 'nobackup_port') {
      backupPort = undefined;
      noBackup = true;
    } else usage();
  }
  if (dev === undefined) throw new CommandFailed(-1, 'Device is a required argument.\n');
  const index = map.index(dev);
  if (!index) throw new CommandFailed(-1, `Cannot find bridge device "${dev}"\n`);
  if (backupPort !== undefined) o.backupPort = map.index(backupPort);
  else if (noBackup) o.backupPort = 0;
  const h = await env.handle();
  try {
    await h.request(bridgePortSet(index, o));
  } catch (e) {
    throw bridgeError(e);
  }
  return 0;
}

/** do_link */
export async function doLink(env: BridgeEnv, argv: string[]): Promise<number> {
  const a = new Args(argv);
  if (!a.more) return linkShow(env, a);
  const w = a.cur;
  a.shift();
  if (matches(w, 'set') || matches(w, 'change')) return linkSet(env, a);
  if (matches(w, 'show') || matches(w, 'lst') || matches(w, 'list')) return linkShow(env, a);
  if (matches(w, 'help')) usage();
  throw new CliExit(255, `Command "${w}" is unknown, try "bridge link help".\n`);
}
