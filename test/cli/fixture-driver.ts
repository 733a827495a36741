/**
 * Replays a captured `ip` show command through pure-ip's parsers and printers: the command line
 * is parsed by src/cli, the response messages captured for that command stand in for the
 * kernel, and the output (JSON or text) comes from the same render functions `pure-ip` uses.
 */
import { decode } from '../../src/netlink/decode.js';
import { parseGlobals, matchObject, matches } from '../../src/cli/args.js';
import { parseAddrList, renderAddrList } from '../../src/cli/commands/address.js';
import { parseRouteList, renderRoutes } from '../../src/cli/commands/route.js';
import { makeContext, flagsNum } from '../../src/cli/format/context.js';
import type { AddrMessage } from '../../src/rtnl/addr/schema.js';
import type { LinkMessageBody } from '../../src/rtnl/link/attrs.js';
import type { NeighMessage } from '../../src/rtnl/neigh/schema.js';
import type { NsidMessage } from '../../src/rtnl/nsid/schema.js';
import type { RouteMessage } from '../../src/rtnl/route/schema.js';
import type { RuleMessage } from '../../src/rtnl/rule/schema.js';
import { Printer } from '../../src/cli/format/printer.js';
import { printRoute } from '../../src/cli/format/route.js';
import { printNetnsEntry, printNsid } from '../../src/cli/format/nsid.js';
import { printNeigh } from '../../src/cli/format/neigh.js';
import { printRule } from '../../src/cli/format/rule.js';
import { IFF } from '../../src/rtnl/link/constants.js';
import { bytesOf, type Fixture } from '../support/fixtures.js';
import { rtnetlink } from '../../src/rtnl/family.js';

const NLM_F_MULTI = 2;

export interface Captured {
  type: number;
  flags: number;
  body: RtnlBody;
}

/** A decoded rtnetlink body; the message type (RTM_NEWLINK 16, RTM_NEWADDR 20...) says which. */
type RtnlBody = LinkMessageBody | AddrMessage | RouteMessage | NeighMessage | RuleMessage | NsidMessage;

/** The bodies of the messages of one type, as the schema of that type decoded them. */
function bodiesOf<B extends RtnlBody>(msgs: readonly Captured[], type: number): B[] {
  return msgs.filter((m) => m.type === type).map((m) => m.body as B);
}

export function responsesOf(fx: Fixture, cmd: number): Captured[] {
  const out: Captured[] = [];
  for (const e of fx.exchanges) {
    if (e.cmd !== cmd || e.dir !== 'response') continue;
    for (const m of decode(bytesOf(e), rtnetlink)) {
      if (m.type < 16) continue;
      out.push({ type: m.type, flags: m.flags, body: m.body as RtnlBody });
    }
  }
  return out;
}

/** The words after `ip` (and after `ip netns exec NS ip`), without `-n NS`. */
export function ipWords(command: string): string[] | undefined {
  let w = command.trim().split(/\s+/);
  if (w[0] !== 'ip') return undefined;
  w = w.slice(1);
  if (w[0] === 'netns' && w[1] === 'exec') {
    if (w[3] !== 'ip') return undefined;
    w = w.slice(4);
  }
  const out: string[] = [];
  for (let i = 0; i < w.length; i++) {
    if (w[i] === '-n' || w[i] === '-netns') {
      i++;
      continue;
    }
    out.push(w[i]!);
  }
  return out;
}

export interface Replay {
  /** What pure-ip prints for these bytes. */
  output: string;
  json?: unknown;
}

/** Replays one captured command; undefined when it is not a show command this driver covers. */
export function replay(fx: Fixture, cmd: number, command: string, forceJson?: boolean): Replay | undefined {
  const words = ipWords(command);
  if (!words) return undefined;
  const { opts, rest } = parseGlobals(words);
  if (forceJson !== undefined) opts.json = forceJson;
  const obj = matchObject(rest[0] ?? '');
  const sub = rest[1];
  const args = rest.slice(2);
  const msgs = responsesOf(fx, cmd);
  const links = msgs.filter((m) => m.type === 16);
  const allLinks = links.map((m) => m.body as LinkMessageBody);
  const linkNames = new Map<number, string>();
  const linkFlags = new Map<number, number>();
  for (const l of allLinks) {
    const idx = Number(l.header.index);
    if (l.attrs?.ifname !== undefined && !linkNames.has(idx)) linkNames.set(idx, String(l.attrs.ifname));
    if (!linkFlags.has(idx)) linkFlags.set(idx, flagsNum(IFF, l.header.flags));
  }
  const resolve = (n: string): number | undefined => {
    for (const [i, name] of linkNames) if (name === n) return i;
    return undefined;
  };
  // txqlen that iproute2 read with SIOCGIFTXQLEN: the same links' IFLA_TXQLEN elsewhere in the capture.
  const txqlen = new Map<number, number>();
  for (let c = 0; c < fx.commands.length; c++) {
    for (const m of responsesOf(fx, c)) if (m.type === 16) {
      const l = m.body as LinkMessageBody;
      if (l.attrs.txqlen !== undefined) txqlen.set(Number(l.header.index), Number(l.attrs.txqlen));
    }
  }
  // Namespace names come from readdir(/run/netns): newest first on tmpfs, as the last
  // `ip netns list` of the capture shows them; keep those that exist at this command.
  const nsidNames = new Map<number, string>();
  const lastList = fx.commandResults.filter((r) => /^ip netns list\s*$/.test(r.command.trim())).pop();
  const added = [...((fx as { setupCommands?: string[] }).setupCommands ?? []), ...fx.commands.slice(0, cmd)]
    .map((c) => /^ip netns add (\S+)/.exec(c)?.[1])
    .filter((n): n is string => !!n);
  const nsNames = (lastList?.stdout ?? '').split('\n').filter(Boolean).map((l) => l.split(' ')[0]!).filter((n) => added.includes(n));
  const nsAnswers = msgs.filter((m) => m.type === 88 && !(m.flags & NLM_F_MULTI));
  const perName = nsNames.length && nsAnswers.length >= 2 * nsNames.length ? 2 : 1;
  nsNames.forEach((n, i) => {
    const ans = nsAnswers[perName * i + perName - 1];
    const id = Number((ans?.body as NsidMessage | undefined)?.attrs.nsid ?? -1);
    if (id >= 0 && !nsidNames.has(id)) nsidNames.set(id, n);
  });
  const ctx = makeContext({ txqlen, nsidNames, linkNames, linkFlags, details: opts.details, stats: opts.stats, family: opts.family, oneline: opts.oneline, brief: opts.brief });
  const p = new Printer({ json: opts.json, pretty: opts.pretty, oneline: opts.oneline });
  const isShow = (s: string | undefined) => s === undefined || matches(s, 'show') || matches(s, 'list') || matches(s, 'lst');
  if ((obj === 'link' || obj === 'address') && isShow(sub)) {
    const doLink = obj === 'link';
    const plan = parseAddrList(sub === undefined ? [] : args, doLink, 'list', opts.family, resolve);
    const f = plan.filter;
    const single = plan.filterDev !== undefined && f.group === -1 && doLink;
    let shown: LinkMessageBody[];
    if (single || f.ifindex) {
      // the answer to the RTM_GETLINK for the device (the first link answer)
      shown = links.filter((m) => !(m.flags & NLM_F_MULTI)).slice(0, 1).map((m) => m.body as LinkMessageBody);
    } else shown = links.filter((m) => m.flags & NLM_F_MULTI).map((m) => m.body as LinkMessageBody);
    const addrs = bodiesOf<AddrMessage>(msgs, 20);
    renderAddrList(p, plan, shown, f.family !== 17 && !single ? addrs : undefined, ctx, single);
  } else if (obj === 'route' && isShow(sub)) {
    const plan = parseRouteList(sub === undefined ? [] : args, 'list', opts.family, resolve);
    renderRoutes(p, bodiesOf<RouteMessage>(msgs, 24), ctx, plan.filter, opts.family);
  } else if (obj === 'route' && sub !== undefined && matches(sub, 'get')) {
    const r = bodiesOf<RouteMessage>(msgs, 24)[0];
    if (!r) return undefined;
    p.startDocument();
    printRoute(p, r, ctx, { filter: { tb: 0, cloned: 2 } });
    p.endDocument();
  } else if (obj === 'neighbour' || obj === 'neighbor') {
    p.startDocument();
    for (const m of bodiesOf<NeighMessage>(msgs, 28)) printNeigh(p, m, ctx, {});
    p.endDocument();
  } else if (obj === 'rule' && isShow(sub)) {
    p.startDocument();
    for (const m of bodiesOf<RuleMessage>(msgs, 32)) printRule(p, m, ctx, {});
    p.endDocument();
  } else if (obj === 'netns' && (sub === undefined || sub === 'list' || sub === 'show')) {
    p.startDocument();
    nsNames.forEach((n, i) => {
      const ans = nsAnswers[perName * i + perName - 1];
      printNetnsEntry(p, n, ans ? Number((ans.body as NsidMessage).attrs.nsid ?? -1) : -1);
    });
    p.endDocument();
  } else if (obj === 'netns' && sub === 'list-id') {
    p.startDocument();
    for (const m of bodiesOf<NsidMessage>(msgs.filter((x) => x.flags & NLM_F_MULTI), 88)) printNsid(p, m, ctx, {});
    p.endDocument();
  } else return undefined;
  const output = p.take();
  return { output, ...(opts.json ? { json: output.trim() ? JSON.parse(output) : undefined } : {}) };
}
