/**
 * `ip monitor` (ip/ipmonitor.c): notifications printed as iproute2 prints them (accept_msg with
 * print_headers), on the API's Monitor. Runs until the io signal aborts.
 */
import { matches } from '../args.js';
import { CliExit, CommandFailed, invarg } from '../errors.js';
import { formatContext, newPrinter, type Env } from '../env.js';
import type { Monitor, MonitorGroup, ObjectEvent } from '../../api/monitor.js';
import { flagsNum } from '../format/context.js';
import { printAddr } from '../format/addr.js';
import { printLink } from '../format/link.js';
import { printNeigh } from '../format/neigh.js';
import { printNsid } from '../format/nsid.js';
import { printRoute } from '../format/route.js';
import { printRule } from '../format/rule.js';
import { AF_INET, AF_INET6, AF_UNSPEC } from '../format/names.js';
import { IFF } from '../../rtnl/link/constants.js';
import { RTM_FLAGS } from '../../rtnl/constants.js';
import { linkDumpRaw, mapApiError } from './common.js';
import { nsidNameMap } from './netns.js';
import { MONITOR_USAGE } from '../usage.js';
export { MONITOR_USAGE };


/** Interface indexes a message refers to (names printed for them). */
function referencedIndexes(ev: ObjectEvent): number[] {
  const out: number[] = [];
  const add = (v: unknown) => {
    if (v !== undefined) out.push(Number(v));
  };
  switch (ev.kind) {
    case 'link':
      if (ev.raw.attrs.linkNetnsid === undefined) add(ev.raw.attrs.link);
      add(ev.raw.attrs.master);
      break;
    case 'addr':
      add(ev.raw.header.index);
      break;
    case 'route':
      add(ev.raw.attrs.oif);
      add(ev.raw.attrs.iif);
      for (const nh of ev.raw.attrs.multipath ?? []) add(nh.ifindex);
      break;
    case 'neigh':
      add(ev.raw.header.ifindex);
      break;
  }
  return out;
}

export async function doMonitor(env: Env, argv: string[]): Promise<number> {
  const groups = new Set<MonitorGroup | `unsupported:${string}`>();
  let banner = false;
  let allNsid = false;
  let dev: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i]!;
    if (matches(w, 'file')) {
      if (i + 1 >= argv.length) throw new CliExit(255, 'Command line is not complete. Try option "help"\n');
      throw new CommandFailed(-1, 'pure-ip: "ip monitor file" is not supported\n');
    } else if (matches(w, 'label')) banner = true;
    else if (matches(w, 'link')) groups.add('link');
    else if (matches(w, 'address')) groups.add('addr');
    else if (matches(w, 'route')) groups.add('route');
    else if (matches(w, 'mroute') || matches(w, 'prefix') || matches(w, 'netconf') || matches(w, 'nexthop') || w === 'stats') groups.add(`unsupported:${w}`);
    else if (matches(w, 'neigh')) groups.add('neigh');
    else if (matches(w, 'rule')) groups.add('rule');
    else if (matches(w, 'nsid')) groups.add('nsid');
    else if (w === 'all') banner = true;
    else if (matches(w, 'all-nsid')) allNsid = true;
    else if (matches(w, 'help')) throw new CliExit(255, MONITOR_USAGE);
    else if (w === 'dev') {
      if (i + 1 >= argv.length) throw new CliExit(255, 'Command line is not complete. Try option "help"\n');
      dev = argv[++i];
    } else throw new CliExit(255, `Argument "${w}" is unknown, try "ip monitor help".\n`);
  }
  const h = await env.handle();
  const links = await linkDumpRaw(h, AF_UNSPEC);
  let ifindex = 0;
  if (dev !== undefined) {
    const l = links.find((x) => x.attrs?.ifname === dev);
    if (!l) invarg('Device does not exist\n', dev);
    ifindex = Number(l.header.index);
  }
  const fam = env.opts.family;
  const wanted = [...groups].filter((g): g is MonitorGroup => !g.startsWith('unsupported:'));
  const all = groups.size === 0;
  const apiGroups: MonitorGroup[] = all ? ['link', 'addr', 'route', 'neigh', 'rule', 'nsid'] : wanted;
  if (apiGroups.length === 0) throw new CommandFailed(-1, `pure-ip: monitoring "${[...groups][0]!.slice(12)}" is not supported\n`);
  const ctx = formatContext(env, links, { nsidNames: await nsidNameMap(h) });
  let mon: Monitor;
  try {
    mon = h.monitor({ groups: apiGroups, ...(allNsid ? { allNsid: true } : {}) });
    await mon.ready();
  } catch (e) {
    throw mapApiError(e);
  }
  const signal = env.io.signal;
  const onAbort = (): void => void mon.close();
  signal?.addEventListener('abort', onAbort);
  if (signal?.aborted) await mon.close();
  try {
    for await (const ev of mon) {
      if (ev.kind === 'overrun' || ev.kind === 'synced' || ev.kind === 'reconnected') continue;
      const del = ev.action === 'del';
      const p = newPrinter({ ...env, opts: { ...env.opts, json: false } });
      let label = '';
      let ok = true;
      switch (ev.kind) {
        case 'route': {
          if (flagsNum(RTM_FLAGS, ev.raw.header.flags) & 0x200) ok = false;
          else if (fam && Number(ev.raw.header.family) !== fam) ok = false;
          label = '[ROUTE]';
          break;
        }
        case 'link': {
          const idx = Number(ev.raw.header.index);
          if (del) {
            ctx.linkNames.delete(idx);
          } else {
            if (ev.raw.attrs?.ifname !== undefined) ctx.linkNames.set(idx, String(ev.raw.attrs.ifname));
            ctx.linkFlags?.set(idx, flagsNum(IFF, ev.raw.header.flags));
          }
          label = '[LINK]';
          break;
        }
        case 'addr':
          if (fam && fam !== AF_INET && fam !== AF_INET6) ok = false;
          if (fam && Number(ev.raw.header.family) !== fam) ok = false;
          label = '[ADDR]';
          break;
        case 'neigh':
          if (fam && Number(ev.raw.header.family) !== fam) ok = false;
          label = '[NEIGH]';
          break;
        case 'rule':
          if (fam && Number(ev.raw.header.family) !== fam) ok = false;
          label = '[RULE]';
          break;
        case 'nsid':
          label = '[NSID]';
          break;
      }
      if (!ok) continue;
      // ll_index_to_name asks the kernel about interfaces it has not seen yet
      for (const idx of referencedIndexes(ev)) {
        if (idx > 0 && !ctx.linkNames.has(idx)) {
          const l = await h.link.find(idx).catch(() => undefined);
          if (l) {
            ctx.linkNames.set(idx, l.name);
            ctx.linkFlags?.set(idx, flagsNum(IFF, l.raw.header.flags));
          }
        }
      }
      if (allNsid) p.fp(ev.nsid === undefined || ev.nsid < 0 ? '[nsid current]' : `[nsid ${ev.nsid}]`);
      if (banner) p.fp('%s', label);
      const c = { ...ctx, family: 0 };
      switch (ev.kind) {
        case 'route':
          printRoute(p, ev.raw, c, { deleted: del, filter: { tb: 0, cloned: 0, ...(ifindex ? { oif: ifindex, oifmask: -1 } : {}) } });
          break;
        case 'link':
          printLink(p, ev.raw, c, { doLink: false, deleted: del, showqueue: false, filter: { ...(ifindex ? { ifindex } : {}), group: -1 }, filterFamily: 0 });
          break;
        case 'addr':
          printAddr(p, ev.raw, c, { deleted: del, filter: { showIndex: true, ...(ifindex ? { ifindex } : {}) } });
          break;
        case 'neigh':
          printNeigh(p, ev.raw, c, { deleted: del, filter: { state: ~0, ...(ifindex ? { index: ifindex } : {}) } });
          break;
        case 'rule':
          printRule(p, ev.raw, c, { deleted: del });
          break;
        case 'nsid':
          printNsid(p, ev.raw, c, { deleted: del });
          break;
      }
      env.io.stdout(p.take());
    }
  } catch (e) {
    if (!signal?.aborted) throw mapApiError(e);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await mon.close().catch(() => undefined);
  }
  return 0;
}
