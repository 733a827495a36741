/** `pure-tc qdisc ...` (iproute2 tc/tc_qdisc.c): show/list, add, change, replace, link, delete. */
import { NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_REPLACE, NLM_F_REQUEST } from '../../netlink/constants.js';
import { Args, matches } from '../args.js';
import { CliExit, CommandFailed, duparg, invarg } from '../errors.js';
import { PRINT_ANY, PRINT_FP, Printer } from '../format/printer.js';
import { RTM_DELQDISC, RTM_GETQDISC, RTM_NEWQDISC } from '../../rtnl/constants.js';
import { TC_H_INGRESS, TC_H_MAKE, TC_H_ROOT } from '../../rtnl/tc/constants.js';
import type { TcMessage } from '../../rtnl/tc/schema.js';
import type { Request } from '../../netlink/message.js';
import { formatClassid, parseClassid, parseQdiscHandle } from '../../api/tc.js';
import { qdiscKind } from './kinds.js';
import { printStats, sprintLinklayer, type TcOptions } from './util.js';
import { linkIndex, type TcEnv } from './env.js';
import { devIfindex, devWord, parentWord, sendTcRequest, tcError, tcRequest, type DevIndex } from './request.js';

const USAGE = `Usage: tc qdisc [ add | del | replace | change | show ] dev STRING
       [ handle QHANDLE ] [ root | ingress | clsact | parent CLASSID ]
       [ estimator INTERVAL TIME_CONSTANT ]
       [ stab [ help | STAB_OPTIONS] ]
       [ ingress_block BLOCK_INDEX ] [ egress_block BLOCK_INDEX ]
       [ [ QDISC_KIND ] [ help | OPTIONS ] ]

       tc qdisc { show | list } [ dev STRING ] [ QDISC_ID ] [ invisible ]
Where:
QDISC_KIND := { [p|b]fifo | tbf | prio | cbq | red | etc. }
OPTIONS := ... try tc qdisc add <desired QDISC_KIND> help
STAB_OPTIONS := ... try tc qdisc add stab help
QDISC_ID := { root | ingress | handle QHANDLE | parent CLASSID }
`;

export async function doQdisc(env: TcEnv, argv: string[]): Promise<number> {
  if (argv.length < 1) return list(env, []);
  const c = argv[0]!;
  const rest = argv.slice(1);
  if (matches(c, 'add')) return modify(env, RTM_NEWQDISC, NLM_F_EXCL | NLM_F_CREATE, rest);
  if (matches(c, 'change')) return modify(env, RTM_NEWQDISC, 0, rest);
  if (matches(c, 'replace')) return modify(env, RTM_NEWQDISC, NLM_F_CREATE | NLM_F_REPLACE, rest);
  if (matches(c, 'link')) return modify(env, RTM_NEWQDISC, NLM_F_REPLACE, rest);
  if (matches(c, 'delete')) return modify(env, RTM_DELQDISC, 0, rest);
  if (matches(c, 'list') || matches(c, 'show') || matches(c, 'lst')) return list(env, rest);
  if (matches(c, 'help')) {
    env.io.stderr(USAGE);
    return 0;
  }
  env.io.stderr(`Command "${c}" is unknown, try "tc qdisc help".\n`);
  return 255;
}

function modify(env: TcEnv, type: number, flags: number, argv: string[]): Promise<number> {
  return sendTcRequest(env, (index, stderr) => qdiscRequest(type, flags, argv, index, stderr));
}

/**
 * The request `tc qdisc add|change|replace|link|delete ARGS` sends (tc_qdisc_modify); `index`
 * resolves a device name (its failure is tc's "Cannot find device").
 */
export async function qdiscRequest(
  type: number,
  flags: number,
  argv: string[],
  index: DevIndex,
  stderr: (s: string) => void,
): Promise<Request<TcMessage>> {
  const args = new Args(argv);
  let dev = '';
  let handle = 0;
  let parent = 0;
  let kind = '';
  let parsed = false;
  let options: unknown;
  while (args.more) {
    const a = args.cur;
    if (a === 'dev') {
      dev = devWord(args, dev);
    } else if (a === 'handle') {
      if (handle) duparg('handle', args.peek() ?? '');
      const h = parseQdiscHandle(args.next());
      if (h === undefined) invarg('invalid qdisc ID', args.cur);
      handle = h;
    } else if (a === 'root') {
      if (parent) throw new CommandFailed(-1, 'Error: "root" is duplicate parent ID\n');
      parent = TC_H_ROOT;
    } else if (a === 'clsact' || a === 'ingress') {
      if (parent) throw new CommandFailed(-1, `Error: "${a}" is a duplicate parent ID\n`);
      parent = TC_H_INGRESS;
      kind = a;
      handle = TC_H_MAKE(TC_H_INGRESS, 0);
      args.shift();
      break;
    } else if (a === 'parent') {
      parent = parentWord(args, parent);
    } else if (matches(a, 'help')) {
      stderr(USAGE);
    } else {
      kind = a;
      args.shift();
      break;
    }
    args.shift();
  }
  const k = kind ? qdiscKind(kind) : undefined;
  if (kind) {
    if (k?.parseQdisc) {
      options = k.parseQdisc(args, kind, dev);
      parsed = true;
    } else if (args.more) throw new CommandFailed(1, `Unknown qdisc "${kind}", hence option "${args.cur}" is unparsable\n`);
  } else if (args.more) {
    if (matches(args.cur, 'help')) stderr(USAGE);
    throw new CommandFailed(-1, `Garbage instead of arguments "${args.cur} ...". Try "tc qdisc help".\n`);
  }
  void parsed;
  const ifindex = await devIfindex(dev, index);
  return tcRequest(type, flags, { family: 0, ifindex, handle, parent, info: 0 }, kind, options);
}

export { tcError } from './request.js';

async function list(env: TcEnv, argv: string[]): Promise<number> {
  const args = new Args(argv);
  let dev = '';
  let filterParent = 0;
  let filterHandle = 0;
  let invisible = false;
  for (; args.more; args.shift()) {
    const a = args.cur;
    const already = () => {
      if (filterParent) invarg('parent is already specified', a);
      if (filterHandle) invarg('handle is already specified', a);
    };
    if (a === 'dev') dev = args.next();
    else if (a === 'root') {
      already();
      filterParent = TC_H_ROOT;
    } else if (a === 'ingress' || a === 'clsact') {
      already();
      filterParent = TC_H_INGRESS;
    } else if (matches(a, 'parent')) {
      already();
      const h = parseClassid(args.next());
      if (h === undefined) invarg('invalid parent ID', args.cur);
      filterParent = h;
    } else if (matches(a, 'handle')) {
      already();
      const h = parseQdiscHandle(args.next());
      if (h === undefined) invarg('invalid handle ID', args.cur);
      filterHandle = h;
    } else if (matches(a, 'help')) env.io.stderr(USAGE);
    else if (a === 'invisible') invisible = true;
    else throw new CommandFailed(-1, `What is "${a}"? Try "tc qdisc help".\n`);
  }
  const h = await env.handle();
  const ifindex = await devIfindex(dev, (d) => linkIndex(h, d));
  let bodies: TcMessage[];
  try {
    bodies = await h.dump({ type: RTM_GETQDISC, flags: NLM_F_REQUEST | NLM_F_DUMP, body: { header: { family: 0, ifindex, handle: 0, parent: 0, info: 0 }, attrs: invisible ? { dumpInvisible: true } : {} } });
  } catch (e) {
    throw tcError(e);
  }
  const names: Map<number, string> = await h.link.names();
  const p = new Printer({ json: env.opts.json, pretty: env.opts.pretty });
  p.startDocument();
  for (const b of bodies) {
    if (ifindex && b.header.ifindex !== ifindex) continue;
    if (filterHandle && filterHandle !== b.header.handle) continue;
    if (filterParent && filterParent !== b.header.parent) continue;
    printQdisc(p, b, env.opts, names, ifindex !== 0);
  }
  p.endDocument();
  env.io.stdout(p.take());
  return 0;
}

/** print_qdisc */
export function printQdisc(p: Printer, b: TcMessage, o: TcOptions, names: Map<number, string>, byDev: boolean): void {
  const a = b.attrs;
  if (a.kind === undefined) {
    p.rawOut('');
    return;
  }
  p.openObject(null);
  p.string(PRINT_ANY, 'kind', 'qdisc %s', a.kind);
  p.string(PRINT_ANY, 'handle', ' %s', `${(b.header.handle >>> 16).toString(16)}:`);
  if (o.raw) p.string(PRINT_FP, null, '%s', `[${(b.header.handle >>> 0).toString(16).padStart(8, '0')}]`);
  p.string(PRINT_FP, null, ' ', null);
  if (!byDev) {
    if (!p.json) p.string(PRINT_FP, null, 'dev ', null);
    p.string(PRINT_ANY, 'dev', '%s ', names.get(b.header.ifindex) ?? `if${b.header.ifindex}`);
  }
  if (b.header.parent === TC_H_ROOT) p.bool(PRINT_ANY, 'root', 'root ', true);
  else if (b.header.parent) p.string(PRINT_ANY, 'parent', 'parent %s ', formatClassid(b.header.parent));
  if (b.header.info !== 1) p.uint(PRINT_ANY, 'refcnt', 'refcnt %u ', b.header.info);
  if (a.hwOffload) p.bool(PRINT_ANY, 'offloaded', 'offloaded ', true);
  if (a.ingressBlock) p.uint(PRINT_ANY, 'ingress_block', 'ingress_block %u ', a.ingressBlock);
  if (a.egressBlock) p.uint(PRINT_ANY, 'egress_block', 'egress_block %u ', a.egressBlock);
  const k = qdiscKind(a.kind === 'pfifo_fast' ? 'prio' : a.kind);
  p.openObject('options');
  if (a.options !== undefined) {
    if (k?.print) k.print(p, a.options, o, a.kind);
    else if (!k) {
      const len = a.options instanceof Uint8Array ? a.options.length : optionsLength(b);
      // text only: tc writes it with fprintf, which would break the JSON document
      if (len && !p.json) p.rawOut(`[Unknown qdisc, optlen=${len}] `);
    }
  }
  p.closeObject();
  p.nl();
  if (o.details && a.stab?.base) {
    printSizeTable(p, a.stab.base);
    p.nl();
  }
  if (o.stats) {
    if (a.stats || a.stats2 || a.xstats) {
      const x = printStats(p, a, ' ', o.iec);
      p.nl();
      if (k?.printXstats && x) {
        k.printXstats(p, x, o);
        p.nl();
      }
    }
  }
  p.closeObject();
}

/** print_size_table (tc/tc_stab.c): the non-zero fields of struct tc_sizespec (TCA_STAB_BASE). */
function printSizeTable(p: Printer, s: { linklayer: number; overhead: number; mpu: number; mtu: number; tsize: number }): void {
  p.openObject('stab');
  p.string(PRINT_FP, null, ' ', null);
  if (s.linklayer) p.string(PRINT_ANY, 'linklayer', 'linklayer %s ', sprintLinklayer(s.linklayer));
  if (s.overhead) p.int(PRINT_ANY, 'overhead', 'overhead %d ', s.overhead);
  if (s.mpu) p.uint(PRINT_ANY, 'mpu', 'mpu %u ', s.mpu);
  if (s.mtu) p.uint(PRINT_ANY, 'mtu', 'mtu %u ', s.mtu);
  if (s.tsize) p.uint(PRINT_ANY, 'tsize', 'tsize %u ', s.tsize);
  p.closeObject();
}

/** The payload length of a decoded TCA_OPTIONS the printer has no kind for (an empty nest is 0). */
function optionsLength(b: TcMessage): number {
  const o = b.attrs.options as Record<string, unknown> | undefined;
  if (!o || typeof o !== 'object') return 0;
  return Object.keys(o).length ? 1 : 0;
}

export { CliExit };
