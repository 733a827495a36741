/**
 * `ip link` (ip/iplink.c): add / set / change / replace / delete (iplink_modify), show
 * (ipaddr_list_link) and help. The arguments are parsed in link-parse.ts (iplink_parse), the words
 * after `type KIND` by the kind's module through link-kind.ts.
 */
import { linkKindModule, isKnownLinkKind } from '../../rtnl/link/kinds/index.js';
import type { KindChangeOptions, LinkAddOptions, LinkChange, LinkRef } from '../../api/link.js';
import { Args, matches } from '../args.js';
import { CliExit, CommandFailed, invarg, nodev } from '../errors.js';
import type { ApiHandle, Env } from '../env.js';
import { addrList } from './address.js';
import { resolveDev } from './addr-words.js';
import { apiCall, linkDumpRaw } from './common.js';
import { LINK_USAGE } from '../usage.js';
import { currentKindData, kindWords, resolveKindDev } from './link-kind.js';
import { EINVAL, iplinkParse, kernelRejectsName, netnsWord, usage, type LinkParse } from './link-parse.js';
export { LINK_USAGE };

/** `link-netns NAME`: its nsid here, assigning one when it has none (as iproute2 does); `link-netnsid N` as given. */
async function resolveLinkNetns(h: ApiHandle, p: LinkParse): Promise<number | undefined> {
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
  const p = iplinkParse(a, true, !!env.opts.sandbox);
  if (p.type === undefined) throw new CommandFailed(-1, 'Not enough information: "type" argument is required\n');
  if (p.unsupported) throw new CommandFailed(-1, `pure-ip: "${p.unsupported}" is not supported\n`);
  const h = await env.handle();
  // A kind without a module here goes through the API's raw escape hatch.
  const opts: Record<string, unknown> = isKnownLinkKind(p.type) ? { kind: p.type } : { kind: 'raw', infoKind: p.type };
  if (p.name !== undefined) opts.name = p.name;
  if (p.link !== undefined) {
    const idx = await resolveDev(h, p.link);
    if (!idx) nodev(p.link);
    opts.link = idx;
  }
  if (p.master !== undefined && p.master !== null) {
    const idx = await resolveDev(h, p.master);
    if (!idx) invarg('Device does not exist\n', p.master);
    opts.master = idx;
  }
  Object.assign(opts, kindWords(env, p.type, p.typeArgs, true, p.link));
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
  if (p.netns !== undefined) opts.netns = netnsWord(p.netns, !!env.opts.sandbox);
  if (p.index !== undefined) opts.index = p.index;
  if (replace) opts.replace = true;
  await resolveKindDev(h, opts);
  // The options come from a kind module chosen by the `type` word at run time; link.add checks
  // every key and value again (checkKeys, the kind's encoder), so a bad combination is a
  // ValidationError, not a malformed request.
  const add = opts as unknown as LinkAddOptions;
  await apiCall(() => h.link.add(add));
  return 0;
}

/** iplink_modify for set / change. */
async function linkSet(env: Env, argv: string[]): Promise<number> {
  const a = new Args(argv);
  const p = iplinkParse(a, false, !!env.opts.sandbox);
  if (p.unsupported) throw new CommandFailed(-1, `pure-ip: "${p.unsupported}" is not supported\n`);
  const h = await env.handle();
  // `ip link set group N ...`: ifi_index 0 and IFLA_GROUP N, the kernel changes every link of the group.
  const byGroup = p.dev === undefined && p.group !== undefined;
  let idx = 0;
  if (!byGroup) {
    const i = await resolveDev(h, p.dev!);
    if (!i) nodev(p.dev!);
    idx = i;
  }
  const rename = p.name !== p.dev ? p.name : undefined;
  const start: LinkRef | LinkChange = byGroup ? h.link.group(p.group!) : h.link(idx);
  let change: LinkChange | undefined;
  const cur = (): LinkRef | LinkChange => change ?? start;
  const mark = (next: LinkChange): void => {
    change = next;
  };
  if (p.up === true) mark(cur().up());
  if (p.up === false) mark(cur().down());
  if (p.mtu !== undefined) mark(cur().mtu(p.mtu));
  if (p.address !== undefined) mark(cur().address(p.address));
  if (p.broadcast !== undefined) mark(cur().broadcast(p.broadcast));
  if (rename !== undefined) {
    if (kernelRejectsName(rename)) EINVAL();
    mark(cur().rename(rename));
  }
  if (p.alias !== undefined) mark(cur().alias(p.alias));
  if (p.txqlen !== undefined) mark(cur().txqlen(p.txqlen));
  if (p.group !== undefined && !byGroup) mark(cur().group(p.group));
  if (p.linkmode !== undefined) mark(cur().linkmode(p.linkmode));
  if (p.operstate !== undefined) mark(cur().operstate(p.operstate));
  const linkNetnsid = await resolveLinkNetns(h, p);
  if (linkNetnsid !== undefined) mark(cur().set({ attrs: { linkNetnsid } }));
  if (p.master !== undefined) {
    if (p.master === null) mark(cur().nomaster());
    else {
      const m = await resolveDev(h, p.master);
      if (!m) invarg('Device does not exist\n', p.master);
      mark(cur().master(m));
    }
  }
  for (const [k, v] of Object.entries(p.flags)) {
    if (k === 'promisc') mark(cur().promisc(v));
    else if (k === 'arp') mark(cur().arp(v));
    else if (k === 'allmulticast') mark(cur().allmulticast(v));
    else if (k === 'multicast') mark(cur().multicast(v));
    else throw new CommandFailed(-1, `pure-ip: "${k}" is not supported\n`);
  }
  if (p.carrier !== undefined) mark(cur().carrier(p.carrier));
  if (p.netns !== undefined) mark(cur().setNetns(netnsWord(p.netns, !!env.opts.sandbox), p.index !== undefined ? { index: p.index } : {}));
  if (p.addrgenmode !== undefined) mark(cur().set({ attrs: { afSpec: { inet6: { addrGenMode: p.addrgenmode } } } }));
  if (p.protodown !== undefined) mark(cur().set({ attrs: { protoDown: p.protodown ? 1 : 0 } }));
  if (p.numTxQueues !== undefined || p.numRxQueues !== undefined) {
    mark(cur().set({ attrs: { ...(p.numTxQueues !== undefined ? { numTxQueues: p.numTxQueues } : {}), ...(p.numRxQueues !== undefined ? { numRxQueues: p.numRxQueues } : {}) } }));
  }
  if (p.type !== undefined) {
    const kind = p.type;
    // Tunnels: ip reads the link's current values first and sends them all back with the change.
    const current = linkKindModule(kind)?.readsCurrent ? await currentKindData(h, idx) : undefined;
    const o = kindWords(env, kind, p.typeArgs, false, p.link, current);
    await resolveKindDev(h, o);
    if (kind.endsWith('_slave')) mark(cur().set({ slaveData: {} }));
    else if (isKnownLinkKind(kind)) {
      // Options a kind module parsed from words named at run time; type() checks them again.
      mark(cur().type({ ...o, kind } as KindChangeOptions));
    } else mark(cur().set({ kind }));
  }
  // Nothing to change: iproute2 still sends an (empty) RTM_NEWLINK.
  const final = change ?? start.set({});
  await apiCall(() => final.send());
  return 0;
}

async function linkDelete(env: Env, argv: string[]): Promise<number> {
  const a = new Args(argv);
  const p = iplinkParse(a, false);
  const h = await env.handle();
  const group = p.group;
  if (p.dev === undefined && group !== undefined) {
    await apiCall(() => h.link.deleteGroup(group));
    return 0;
  }
  if (p.dev === undefined) throw new CliExit(255, 'Not enough information: "dev" argument is required.\n');
  const idx = await resolveDev(h, p.dev);
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
  if (matches(w, 'help')) return linkHelp(env, rest);
  throw new CliExit(255, `Command "${w}" is unknown, try "ip link help".\n`);
}

/** `ip link help [TYPE]` (do_help): the kind's own usage on stdout (exit 0), else ip link's usage. */
function linkHelp(env: Env, rest: string[]): number {
  const kind = rest[0];
  const text = kind !== undefined ? linkKindModule(kind)?.usage?.(kind) : undefined;
  if (text === undefined) return usage();
  env.io.stdout(text);
  return 0;
}

export { linkDumpRaw };
