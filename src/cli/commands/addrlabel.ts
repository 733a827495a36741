/**
 * `ip addrlabel` (ip/ipaddrlabel.c): add / del / list / flush.
 */
import { NLM_F_ACK, NLM_F_REQUEST } from '../../netlink/constants.js';
import { RTM_DELADDRLABEL } from '../../rtnl/constants.js';
import { addrlabelAdd, addrlabelDelete, addrlabelDump } from '../../rtnl/addrlabel/requests.js';
import type { AddrlabelMessage } from '../../rtnl/addrlabel/schema.js';
import { matches } from '../args.js';
import { Args } from '../args.js';
import { CliExit, CommandFailed, invarg } from '../errors.js';
import { formatContext, newPrinter, type Env } from '../env.js';
import { printAddrlabel } from '../format/addrlabel.js';
import { AF_INET6, AF_UNSPEC } from '../format/names.js';
import { getUnsigned, prefixAddrText } from '../format/prefix.js';
import { ADDRLABEL_USAGE } from '../usage.js';
import { getPrefixOrExit } from './addr-words.js';
import { apiCall, linkDumpRaw, mapApiError, streamDump } from './common.js';

const usage = (): never => {
  throw new CliExit(255, ADDRLABEL_USAGE);
};

/** ipaddrlabel_modify: `prefix P [dev D] label L`; other words are skipped, as iproute2 does. */
async function addrlabelModify(env: Env, del: boolean, argv: string[]): Promise<number> {
  const h = await env.handle();
  let prefix: string | undefined;
  let label: number | undefined;
  let dev: number | undefined;
  let names: Map<string, number> | undefined;
  const a = new Args(argv);
  while (a.more) {
    const w = a.cur;
    if (w === 'prefix') {
      a.next();
      const p = getPrefixOrExit(a.cur, env.opts.family);
      prefix = `${prefixAddrText(p)}/${p.bitlen}`;
    } else if (w === 'dev') {
      a.next();
      names ??= new Map((await linkDumpRaw(h, AF_UNSPEC)).map((l) => [l.attrs.ifname ?? '', l.header.index]));
      dev = names.get(a.cur);
      if (!dev) invarg('dev is invalid\n', a.cur);
    } else if (w === 'label') {
      a.next();
      label = getUnsigned(a.cur, 0);
      if (label === undefined || label === 0xffffffff) invarg('label is invalid\n', a.cur);
    }
    a.shift();
  }
  if (prefix === undefined) throw new CommandFailed(-1, 'Not enough information: "prefix" argument is required.\n');
  if (label === undefined) throw new CommandFailed(-1, 'Not enough information: "label" argument is required.\n');
  // The raw request (handle.request), not h.addrlabel's checks: ip sends an IPv4 prefix too and
  // the kernel answers it.
  const o = { family: env.opts.family, prefix, label, ...(dev !== undefined ? { index: dev } : {}) };
  await apiCall(() => h.request(del ? addrlabelDelete(o) : addrlabelAdd(o)));
  return 0;
}

function family(env: Env): number {
  return env.opts.family === AF_UNSPEC ? AF_INET6 : env.opts.family;
}

async function addrlabelList(env: Env, argv: string[]): Promise<number> {
  if (argv.length > 0) throw new CommandFailed(-1, '"ip addrlabel show" does not take any arguments.\n');
  const h = await env.handle();
  const ctx = formatContext(env, await linkDumpRaw(h, AF_UNSPEC));
  const p = newPrinter(env);
  p.startDocument();
  await streamDump<AddrlabelMessage>(h, addrlabelDump(family(env)), (b) => printAddrlabel(p, b, ctx));
  p.endDocument();
  env.io.stdout(p.take());
  return 0;
}

/** ipaddrlabel_flush: each dumped entry with an address sent back as RTM_DELADDRLABEL; the first failure ends it. */
async function addrlabelFlush(env: Env, argv: string[]): Promise<number> {
  if (argv.length > 0) throw new CommandFailed(-1, '"ip addrlabel flush" does not allow extra arguments\n');
  const h = await env.handle();
  const bodies: AddrlabelMessage[] = [];
  await streamDump<AddrlabelMessage>(h, addrlabelDump(family(env)), (b) => {
    if (b.attrs.address !== undefined) bodies.push(b);
  });
  for (const body of bodies) {
    try {
      await h.request({ type: RTM_DELADDRLABEL, flags: NLM_F_REQUEST | NLM_F_ACK, body });
    } catch (e) {
      const m = mapApiError(e);
      throw new CommandFailed(-1, `${m instanceof CommandFailed ? m.stderr : `${m.message}\n`}Flush terminated\n`);
    }
  }
  return 0;
}

/** `ip addrlabel ...`: the entry of the `addrlabel` object (ip/ipaddrlabel.c do_ipaddrlabel). */
export async function doAddrlabel(env: Env, argv: string[]): Promise<number> {
  if (argv.length < 1) return addrlabelList(env, []);
  const w = argv[0]!;
  const rest = argv.slice(1);
  if (matches(w, 'list') || matches(w, 'lst') || matches(w, 'show')) return addrlabelList(env, rest);
  if (matches(w, 'add')) return addrlabelModify(env, false, rest);
  if (matches(w, 'delete')) return addrlabelModify(env, true, rest);
  if (matches(w, 'flush')) return addrlabelFlush(env, rest);
  if (matches(w, 'help')) usage();
  throw new CliExit(255, `Command "${w}" is unknown, try "ip addrlabel help".\n`);
}
