/**
 * What a pure-bridge command runs with (iproute2 6.1 bridge/bridge.c's globals): its options,
 * output, the API handle (opened on first use), and ll_init_map's table of links.
 */
import type { Handle } from '../../api/handle.js';
import type { LinkMessageBody } from '../../rtnl/link/attrs.js';
import { IFF } from '../../rtnl/link/constants.js';
import { linkDumpRaw, mapApiError } from '../commands/common.js';
import { CommandFailed, duparg, nodev } from '../errors.js';
import type { Args } from '../args.js';
import type { CliIO } from '../env.js';
import { makeContext, flagsNum, type FormatContext } from '../format/context.js';
import { Printer } from '../format/printer.js';

/** bridge's global options. */
export interface BridgeOptions {
  /** -s (count) */
  stats: number;
  /** -d (count) */
  details: number;
  /** -o: _SL_ is "\" */
  oneline: boolean;
  /** -j */
  json: boolean;
  /** -p */
  pretty: boolean;
  /** -c[ompressvlans] (`bridge vlan show` ranges) */
  compressVlans: boolean;
  /** -4 / -6 / -family: preferred_family for addresses (AF_UNSPEC 0, AF_INET 2, AF_INET6 10). */
  family: number;
  /** -n NETNS */
  netns?: string;
}

export interface BridgeEnv {
  opts: BridgeOptions;
  io: CliIO;
  handle(): Promise<Handle>;
}

/** The links of the namespace (ll_init_map): names, flags and types by ifindex. */
export interface LinkMap {
  links: LinkMessageBody[];
  ctx: FormatContext;
  /** ll_name_to_index: the ifindex of a name, 0 when there is no such link. */
  index(name: string): number;
}

/** ll_init_map: one link dump, kept for the command's name lookups. */
export async function linkMap(env: BridgeEnv): Promise<LinkMap> {
  const h = await env.handle();
  const links = await linkDumpRaw(h, 0);
  const linkNames = new Map<number, string>();
  const linkFlags = new Map<number, number>();
  const byName = new Map<string, number>();
  for (const l of links) {
    const idx = Number(l.header.index);
    const name = l.attrs?.ifname;
    if (name !== undefined) {
      linkNames.set(idx, String(name));
      byName.set(String(name), idx);
    }
    linkFlags.set(idx, flagsNum(IFF, l.header.flags));
  }
  const ctx = makeContext({ linkNames, linkFlags, details: env.opts.details, stats: env.opts.stats, oneline: env.opts.oneline });
  return {
    links,
    ctx,
    index(name) {
      const i = byName.get(name);
      if (i !== undefined) return i;
      // ll_name_to_index's last resort, ll_idx_a2n: "if%u" names that index, existing or not.
      const m = /^if(\d+)/.exec(name);
      return m ? Number(m[1]) >>> 0 : 0;
    },
  };
}

export function newPrinter(env: BridgeEnv): Printer {
  return new Printer({ json: env.opts.json, pretty: env.opts.pretty, oneline: env.opts.oneline });
}

/**
 * rtnl_talk's failure as bridge prints it ("RTNETLINK answers: ..." or "Error: <extack>."); the
 * bridge commands then return -1 (exit status 255) where ip's return -2.
 */
export function bridgeError(e: unknown, status = -1): Error {
  const m = mapApiError(e);
  if (m instanceof CommandFailed && m.status === -2) return new CommandFailed(status, m.stderr);
  return m;
}

/** parse_on_off (lib/utils.c): "on" / "off", else its message and -EINVAL (exit status 234). */
export function onOff(key: string, word: string): boolean {
  if (word === 'on') return true;
  if (word === 'off') return false;
  throw new CommandFailed(-22, `Error: argument of "${key}" must be one of "off", "on", not "${word}"\n`);
}

/** atoi */
export function atoi(s: string): number {
  const m = /^\s*([+-]?\d+)/.exec(s);
  return m ? Number.parseInt(m[1]!, 10) | 0 : 0;
}

/** The `dev DEV` and `vid VID` filters of mdb_show and vlan_show, DEV resolved in the link map. */
export async function devVidFilter(env: BridgeEnv, a: Args): Promise<{ map: LinkMap; filterIndex: number; filterVlan: number }> {
  let filterDev: string | undefined;
  let filterVlan = 0;
  for (; a.more; a.shift()) {
    if (a.cur === 'dev') {
      a.next();
      if (filterDev !== undefined) duparg('dev', a.cur);
      filterDev = a.cur;
    } else if (a.cur === 'vid') {
      a.next();
      if (filterVlan) duparg('vid', a.cur);
      filterVlan = atoi(a.cur) >>> 0;
    }
  }
  const map = await linkMap(env);
  let filterIndex = 0;
  if (filterDev !== undefined) {
    filterIndex = map.index(filterDev);
    if (!filterIndex) nodev(filterDev);
  }
  return { map, filterIndex, filterVlan };
}
