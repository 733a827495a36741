/**
 * `bridge mdb` (iproute2 6.1 bridge/mdb.c): `show [dev DEV] [vid VID]` prints the multicast
 * database (two RTM_GETMDB dumps: the groups, then with -d the router ports), `add` / `del`
 * change one group membership.
 */
import { mdbAdd, mdbDelete, mdbDump, mdbGroupOf, type MdbOptions } from '../../rtnl/bridge/mdb.js';
import { ValidationError } from '../../netlink/errors.js';
import { mdbGroupText, MDB_FLAGS, MDB_RTR_TYPE, MDB_STATE, type MdbMessage } from '../../rtnl/bridge/mdb-schema.js';
import { RTPROT } from '../../rtnl/constants.js';
import { Args, matches } from '../args.js';
import { streamDump } from '../commands/common.js';
import { CliExit, CommandFailed, nodev } from '../errors.js';
import { enumNum, flagsNum, indexToName, num, type FormatContext } from '../format/context.js';
import { rtprotN2a } from '../format/names.js';
import { PRINT_ANY, PRINT_FP, PRINT_JSON, type Printer } from '../format/printer.js';
import { sprintf } from '../format/printf.js';
import { atoi, type BridgeEnv, bridgeError, devVidFilter, linkMap, newPrinter } from './env.js';

const MDB_USAGE = `Usage: bridge mdb { add | del } dev DEV port PORT grp GROUP [src SOURCE] [permanent | temp] [vid VID]
       bridge mdb {show} [ dev DEV ] [ vid VID ]
`;

const usage = (): never => {
  throw new CliExit(255, MDB_USAGE);
};

/** format_timer: centiseconds (USER_HZ ticks) as seconds with two decimals, right-aligned in 4 when `align`. */
export function formatTimer(ticks: number, align: boolean): string {
  const cs = Math.trunc(ticks) >>> 0;
  return sprintf(align ? '%4lu.%.2lu' : '%lu.%.2lu', Math.trunc(cs / 100), cs % 100);
}

/** The part of print_mdb_entry's options: details, stats, and the VLAN filter. */
interface MdbPrint {
  ctx: FormatContext;
  filterVlan: number;
}

type EntryInfo = NonNullable<NonNullable<NonNullable<MdbMessage['attrs']['mdb']>['entry']>[number]['info']>[number];

/** print_mdb_entry */
function printMdbEntry(p: Printer, o: MdbPrint, ifindex: number, info: EntryInfo): void {
  const e = info.header;
  const vid = num(e.vid);
  if (o.filterVlan && vid !== o.filterVlan) return;
  const tb = info.attrs ?? {};
  const { ctx } = o;
  p.openObject(null);
  p.int(PRINT_JSON, 'index', null, ifindex);
  p.string(PRINT_ANY, 'dev', 'dev %s', indexToName(ctx, ifindex));
  p.string(PRINT_ANY, 'port', ' port %s', indexToName(ctx, num(e.ifindex)));
  p.string(PRINT_ANY, 'grp', ' grp %s', mdbGroupText(e));
  if (tb.source !== undefined) p.string(PRINT_ANY, 'src', ' src %s', String(tb.source));
  p.string(PRINT_ANY, 'state', ' %s', enumNum(MDB_STATE, e.state) & 1 ? 'permanent' : 'temp');
  if (ctx.details) {
    if (tb.groupMode !== undefined) p.string(PRINT_ANY, 'filter_mode', ' filter_mode %s', num(tb.groupMode) === 1 ? 'include' : 'exclude');
    if (tb.srcList !== undefined) {
      // MCAST_INCLUDE is 1 (linux/in.h).
      p.openArray(PRINT_ANY, p.json ? 'source_list' : ' source_list');
      let sep = ' ';
      for (const s of tb.srcList.entry ?? []) {
        if (s.address === undefined || s.timer === undefined) continue;
        p.openObject(null);
        p.string(PRINT_FP, null, '%s', sep);
        p.string(PRINT_ANY, 'address', '%s', String(s.address));
        p.string(PRINT_ANY, 'timer', '/%s', formatTimer(num(s.timer), false));
        p.closeObject();
        sep = ',';
      }
      p.closeArray(PRINT_JSON, null);
    }
    if (tb.rtprot !== undefined) p.string(PRINT_ANY, 'protocol', ' proto %s ', rtprotN2a(enumNum(RTPROT, tb.rtprot)));
  }
  const flags = flagsNum(MDB_FLAGS, e.flags);
  p.openArray(PRINT_JSON, 'flags');
  if (flags & MDB_FLAGS.value('offload')) p.string(PRINT_ANY, null, ' %s', 'offload');
  if (flags & MDB_FLAGS.value('fast_leave')) p.string(PRINT_ANY, null, ' %s', 'fast_leave');
  if (flags & MDB_FLAGS.value('star_excl')) p.string(PRINT_ANY, null, ' %s', 'added_by_star_ex');
  if (flags & MDB_FLAGS.value('blocked')) p.string(PRINT_ANY, null, ' %s', 'blocked');
  p.closeArray(PRINT_JSON, null);
  if (vid) p.uint(PRINT_ANY, 'vid', ' vid %u', vid);
  if (ctx.stats && tb.timer !== undefined) p.string(PRINT_ANY, 'timer', ' %s', formatTimer(num(tb.timer), true));
  p.nl();
  p.closeObject();
}

type RouterPort = NonNullable<NonNullable<MdbMessage['attrs']['router']>['port']>[number];

/** br_print_router_port_stats */
function printRouterPortStats(p: Printer, port: RouterPort): void {
  const tb = port.attrs ?? {};
  if (tb.timer !== undefined) p.string(PRINT_ANY, 'timer', ' %s', formatTimer(num(tb.timer), true));
  if (tb.type !== undefined) {
    const t = enumNum(MDB_RTR_TYPE, tb.type);
    p.string(PRINT_ANY, 'type', ' %s', t === MDB_RTR_TYPE.value('temp_query') || t === MDB_RTR_TYPE.value('temp') ? 'temp' : 'permanent');
  }
}

/** br_print_router_ports (a dump's MDBA_ROUTER, printed with -d) */
function printRouterPorts(p: Printer, ctx: FormatContext, ports: RouterPort[], brifname: string): void {
  if (p.json) p.openArray(PRINT_JSON, brifname);
  else if (!ctx.stats) p.fp('router ports on %s: ', brifname);
  for (const port of ports) {
    const name = indexToName(ctx, num(port.header.ifindex));
    if (p.json) {
      p.openObject(null);
      p.string(PRINT_JSON, 'port', null, name);
      if (ctx.stats) printRouterPortStats(p, port);
      p.closeObject();
    } else if (ctx.stats) {
      p.fp('router ports on %s: %s', brifname, name);
      printRouterPortStats(p, port);
      p.fp('\n');
    } else p.fp('%s ', name);
  }
  if (!ctx.stats) p.nl();
  p.closeArray(PRINT_JSON, null);
}

/** print_mdbs: the groups of one dump answer. */
export function printMdbs(p: Printer, msg: MdbMessage, o: MdbPrint & { filterIndex?: number }): void {
  const ifindex = num(msg.header.ifindex);
  if (o.filterIndex && o.filterIndex !== ifindex) return;
  for (const entry of msg.attrs?.mdb?.entry ?? []) for (const info of entry.info ?? []) printMdbEntry(p, o, ifindex, info);
}

/** print_rtrs: the router ports of one dump answer (with -d). */
export function printRtrs(p: Printer, msg: MdbMessage, o: MdbPrint & { filterIndex?: number }): void {
  const ifindex = num(msg.header.ifindex);
  if (o.filterIndex && o.filterIndex !== ifindex) return;
  const router = msg.attrs?.router;
  if (router === undefined || !o.ctx.details) return;
  printRouterPorts(p, o.ctx, router.port ?? [], indexToName(o.ctx, ifindex));
}

/** mdb_show */
async function mdbShow(env: BridgeEnv, a: Args): Promise<number> {
  const { map, filterIndex, filterVlan } = await devVidFilter(env, a);
  const h = await env.handle();
  const p = newPrinter(env);
  const o = { ctx: map.ctx, filterVlan, filterIndex };
  const dump = async (each: (m: MdbMessage) => void) => {
    await streamDump<MdbMessage>(h, mdbDump(), each).catch((e: unknown) => {
      throw bridgeError(e);
    });
  };
  p.startDocument();
  p.openObject(null);
  p.openArray(PRINT_JSON, 'mdb');
  await dump((m) => printMdbs(p, m, o));
  p.closeArray(PRINT_JSON, null);
  p.openObject('router');
  await dump((m) => printRtrs(p, m, o));
  p.closeObject();
  p.closeObject();
  p.endDocument();
  env.io.stdout(p.take());
  return 0;
}

/** mdb_modify */
async function mdbModify(env: BridgeEnv, add: boolean, a: Args): Promise<number> {
  const map = await linkMap(env);
  let d: string | undefined;
  let port: string | undefined;
  let grp: string | undefined;
  let src: string | undefined;
  let permanent = false;
  let vid = 0;
  for (; a.more; a.shift()) {
    const w = a.cur;
    if (w === 'dev') d = a.next();
    else if (w === 'grp') grp = a.next();
    else if (w === 'port') port = a.next();
    else if (w === 'permanent') permanent ||= add;
    else if (w === 'temp') {
      // the default
    } else if (w === 'vid') vid = atoi(a.next()) & 0xffff;
    else if (w === 'src') src = a.next();
    else if (matches(w, 'help')) usage();
  }
  if (d === undefined || grp === undefined || port === undefined) throw new CommandFailed(-1, 'Device, group address and port name are required arguments.\n');
  const dev = map.index(d);
  if (!dev) nodev(d);
  const portIndex = map.index(port);
  if (!portIndex) nodev(port);
  if (!mdbGroupOf(grp)) throw new CommandFailed(-1, `Invalid address "${grp}"\n`);
  const o: MdbOptions = { dev, port: portIndex, group: grp, permanent, vid, ...(src !== undefined ? { source: src } : {}) };
  let request;
  try {
    request = add ? mdbAdd(o) : mdbDelete(o);
  } catch (e) {
    // The group was checked above: what the builder refuses is the source.
    if (e instanceof ValidationError) throw new CommandFailed(-1, `Invalid source address "${src ?? ''}"\n`);
    throw e;
  }
  const h = await env.handle();
  try {
    await h.request(request);
  } catch (e) {
    throw bridgeError(e);
  }
  return 0;
}

/** do_mdb */
export async function doMdb(env: BridgeEnv, argv: string[]): Promise<number> {
  const a = new Args(argv);
  if (!a.more) return mdbShow(env, a);
  const w = a.cur;
  a.shift();
  if (matches(w, 'add')) return mdbModify(env, true, a);
  if (matches(w, 'delete')) return mdbModify(env, false, a);
  if (matches(w, 'show') || matches(w, 'lst') || matches(w, 'list')) return mdbShow(env, a);
  if (matches(w, 'help')) usage();
  throw new CliExit(255, `Command "${w}" is unknown, try "bridge mdb help".\n`);
}
