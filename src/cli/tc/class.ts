/** `pure-tc class ...` (iproute2 tc/tc_class.c). tc prints classes as text even with -j, and so does this. */
import { NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_REQUEST } from '../../netlink/constants.js';
import { Args, matches } from '../args.js';
import { CommandFailed, duparg, invarg } from '../errors.js';
import { Printer } from '../format/printer.js';
import { RTM_DELTCLASS, RTM_GETTCLASS, RTM_NEWTCLASS } from '../../rtnl/constants.js';
import { TC_H_ROOT } from '../../rtnl/tc/constants.js';
import type { TcMessage } from '../../rtnl/tc/schema.js';
import type { Request } from '../../netlink/message.js';
import { formatClassid, parseClassid, parseQdiscHandle } from '../../api/tc.js';
import { qdiscKind } from './kinds.js';
import { devIfindex, devWord, parentWord, sendTcRequest, tcError, tcRequest, type DevIndex } from './request.js';
import { printStats } from './util.js';
import { linkIndex, type TcEnv } from './env.js';

/** Classful kinds whose class options tc parses (q->parse_copt) and pure-tc does not yet. */
const TC_CLASS_KINDS_NOT_DONE = ['atm', 'cbq', 'drr', 'dsmark', 'ets', 'hfsc', 'qfq'];

const USAGE = `Usage: tc class [ add | del | change | replace | show ] dev STRING
       [ classid CLASSID ] [ root | parent CLASSID ]
       [ [ QDISC_KIND ] [ help | OPTIONS ] ]

       tc class show [ dev STRING ] [ root | parent CLASSID ]
Where:
QDISC_KIND := { prio | cbq | etc. }
OPTIONS := ... try tc class add <desired QDISC_KIND> help
`;

export async function doClass(env: TcEnv, argv: string[]): Promise<number> {
  if (argv.length < 1) return list(env, []);
  const c = argv[0]!;
  const rest = argv.slice(1);
  if (matches(c, 'add')) return modify(env, RTM_NEWTCLASS, NLM_F_EXCL | NLM_F_CREATE, rest);
  if (matches(c, 'change')) return modify(env, RTM_NEWTCLASS, 0, rest);
  if (matches(c, 'replace')) return modify(env, RTM_NEWTCLASS, NLM_F_CREATE, rest);
  if (matches(c, 'delete')) return modify(env, RTM_DELTCLASS, 0, rest);
  if (matches(c, 'list') || matches(c, 'show') || matches(c, 'lst')) return list(env, rest);
  if (matches(c, 'help')) {
    env.io.stderr(USAGE);
    return 0;
  }
  env.io.stderr(`Command "${c}" is unknown, try "tc class help".\n`);
  return 255;
}

function modify(env: TcEnv, type: number, flags: number, argv: string[]): Promise<number> {
  return sendTcRequest(env, (index, stderr) => classRequest(type, flags, argv, index, stderr));
}

/** The request `tc class add|change|replace|delete ARGS` sends (tc_class_modify). */
export async function classRequest(
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
  while (args.more) {
    const a = args.cur;
    if (a === 'dev') {
      dev = devWord(args, dev);
    } else if (a === 'classid') {
      args.next();
      if (handle) duparg('classid', args.cur);
      const h = parseClassid(args.cur);
      if (h === undefined) invarg('invalid class ID', args.cur);
      handle = h;
    } else if (a === 'handle') {
      throw new CommandFailed(-1, 'Error: try "classid" instead of "handle"\n');
    } else if (a === 'root') {
      if (parent) throw new CommandFailed(-1, 'Error: "root" is duplicate parent ID.\n');
      parent = TC_H_ROOT;
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
  let options: unknown;
  if (kind) {
    const k = qdiscKind(kind);
    if (k?.parseClass) options = k.parseClass(args, kind, dev);
    else if (TC_CLASS_KINDS_NOT_DONE.includes(kind)) throw new CommandFailed(1, `pure-tc: class options of "${kind}" are not supported yet\n`);
    else throw new CommandFailed(1, `Error: Qdisc "${kind}" is classless.\n`);
  } else if (args.more) {
    if (matches(args.cur, 'help')) stderr(USAGE);
    throw new CommandFailed(-1, `Garbage instead of arguments "${args.cur} ...". Try "tc class help".`);
  }
  const ifindex = await devIfindex(dev, index);
  return tcRequest(type, flags, { family: 0, ifindex, handle, parent, info: 0 }, kind, options);
}

async function list(env: TcEnv, argv: string[]): Promise<number> {
  const args = new Args(argv);
  let dev = '';
  let filterQdisc = 0;
  let filterClassid = 0;
  let parent = 0;
  for (; args.more; args.shift()) {
    const a = args.cur;
    if (a === 'dev') {
      args.next();
      if (dev) duparg('dev', args.cur);
      dev = args.cur;
    } else if (a === 'qdisc') {
      args.next();
      if (filterQdisc) duparg('qdisc', args.cur);
      const h = parseQdiscHandle(args.cur);
      if (h === undefined) invarg('invalid qdisc ID', args.cur);
      filterQdisc = h;
    } else if (a === 'classid') {
      args.next();
      if (filterClassid) duparg('classid', args.cur);
      const h = parseClassid(args.cur);
      if (h === undefined) invarg('invalid class ID', args.cur);
      filterClassid = h;
    } else if (a === 'root') {
      if (parent) throw new CommandFailed(-1, 'Error: "root" is duplicate parent ID\n');
      parent = TC_H_ROOT;
    } else if (a === 'parent') {
      if (parent) duparg('parent', args.peek() ?? '');
      const h = parseClassid(args.next());
      if (h === undefined) invarg('invalid parent ID', args.cur);
      parent = h;
    } else if (matches(a, 'help')) env.io.stderr(USAGE);
    else throw new CommandFailed(-1, `What is "${a}"? Try "tc class help".\n`);
  }
  const h = await env.handle();
  const ifindex = await devIfindex(dev, (d) => linkIndex(h, d));
  let bodies: TcMessage[];
  try {
    bodies = await h.dump({ type: RTM_GETTCLASS, flags: NLM_F_REQUEST | NLM_F_DUMP, body: { header: { family: 0, ifindex, handle: 0, parent, info: 0 }, attrs: {} } });
  } catch (e) {
    throw tcError(e);
  }
  const names: Map<number, string> = await h.link.names();
  // tc's class printer writes with fprintf and never opens a JSON document: text whatever -j says.
  const p = new Printer({});
  for (const b of bodies) {
    if (filterQdisc && ((b.header.handle ^ filterQdisc) & 0xffff0000)) continue;
    if (filterClassid && b.header.handle !== filterClassid) continue;
    const a = b.attrs;
    if (a.kind === undefined) continue;
    let t = '';
    const cid = (x: number) => formatClassid(filterQdisc ? x & 0xffff : x);
    t += `class ${a.kind} ${b.header.handle ? cid(b.header.handle) : ''} `;
    if (!ifindex) t += `dev ${names.get(b.header.ifindex) ?? ''} `;
    if (b.header.parent === TC_H_ROOT) t += 'root ';
    else t += `parent ${cid(b.header.parent)} `;
    if (b.header.info) t += `leaf ${(b.header.info >>> 16).toString(16)}: `;
    p.rawOut(t);
    const k = qdiscKind(a.kind);
    if (a.options !== undefined) {
      if (k?.print) k.print(p, a.options, env.opts, a.kind);
      else env.io.stderr('[cannot parse class parameters]');
    }
    p.rawOut('\n');
    if (env.opts.stats) {
      let x: unknown;
      if (a.stats || a.stats2) {
        x = printStats(p, a, ' ', env.opts.iec);
        p.rawOut('\n');
      }
      if (k?.printXstats && (x || a.xstats)) {
        k.printXstats(p, x ?? a.xstats, env.opts);
        p.rawOut('\n');
      }
    }
  }
  env.io.stdout(p.take());
  return 0;
}
