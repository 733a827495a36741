/**
 * `pure-tc filter ...` (iproute2 tc/tc_filter.c): add, change, replace, delete, get with the
 * filter kinds pure-tc parses (matchall, flower, fw; actions gact and mirred). This kernel has
 * no classifiers, so the requests are checked against the bytes tc sends (strace) rather than
 * read back; `show` prints nothing more than tc does with no filters, and the per-kind
 * printers are left for the Debian-kernel VM lane, where tc can be the oracle.
 */
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_ECHO, NLM_F_EXCL, NLM_F_REPLACE, NLM_F_REQUEST } from '../../netlink/constants.js';
import type { Request } from '../../netlink/message.js';
import { Args, matches } from '../args.js';
import { CommandFailed, duparg, invarg } from '../errors.js';
import { RTM_DELTFILTER, RTM_GETTFILTER, RTM_NEWTFILTER } from '../../rtnl/constants.js';
import { TC_H_CLSACT, TC_H_MAKE, TC_H_MIN_EGRESS, TC_H_MIN_INGRESS, TC_H_ROOT } from '../../rtnl/tc/constants.js';
import type { TcAttrs, TcHeader, TcMessage } from '../../rtnl/tc/schema.js';
import { parseClassid } from '../../api/tc.js';
import { cUnsigned } from './kinds/fq-codel.js';
import { htons, llProtoA2n } from './proto.js';
import { sendTcRequest } from './request.js';
import { matchallCli } from './filters/matchall.js';
import { fwCli } from './filters/fw.js';
import { flowerCli } from './filters/flower.js';
import type { TcEnv } from './env.js';

/** One filter kind of pure-tc: parses the words after the kind into TCA_OPTIONS (may set the header's handle). */
export interface FilterCli {
  parse(args: Args, handle: string | undefined, header: TcHeader, index: (dev: string) => Promise<number>): Promise<Record<string, unknown> | undefined>;
}

const FILTERS: Record<string, FilterCli> = { matchall: matchallCli, fw: fwCli, flower: flowerCli };
/** Kinds tc parses that pure-tc does not yet. */
const NOT_DONE = ['basic', 'bpf', 'cgroup', 'flow', 'route', 'rsvp', 'tcindex', 'u32'];

const USAGE = `Usage: tc filter [ add | del | change | replace | show ] [ dev STRING ]
       tc filter [ add | del | change | replace | show ] [ block BLOCK_INDEX ]
       tc filter get dev STRING parent CLASSID protocol PROTO handle FILTERID pref PRIO FILTER_TYPE
       tc filter get block BLOCK_INDEX protocol PROTO handle FILTERID pref PRIO FILTER_TYPE
       [ pref PRIO ] protocol PROTO [ chain CHAIN_INDEX ]
       [ estimator INTERVAL TIME_CONSTANT ]
       [ root | ingress | egress | parent CLASSID ]
       [ handle FILTERID ] [ [ FILTER_TYPE ] [ help | OPTIONS ] ]

       tc filter show [ dev STRING ] [ root | ingress | egress | parent CLASSID ]
       tc filter show [ block BLOCK_INDEX ]
Where:
FILTER_TYPE := { rsvp | u32 | bpf | fw | route | etc. }
FILTERID := ... format depends on classifier, see there
OPTIONS := ... try tc filter add <desired FILTER_KIND> help
`;

export async function doFilter(env: TcEnv, argv: string[]): Promise<number> {
  if (argv.length < 1) return list(env);
  const c = argv[0]!;
  const rest = argv.slice(1);
  let type: number | undefined;
  let flags = 0;
  if (matches(c, 'add')) (type = RTM_NEWTFILTER), (flags = NLM_F_EXCL | NLM_F_CREATE);
  else if (matches(c, 'change')) type = RTM_NEWTFILTER;
  else if (matches(c, 'replace')) (type = RTM_NEWTFILTER), (flags = NLM_F_CREATE);
  else if (matches(c, 'delete')) type = RTM_DELTFILTER;
  else if (matches(c, 'get')) (type = RTM_GETTFILTER), (flags = NLM_F_ECHO);
  else if (matches(c, 'list') || matches(c, 'show') || matches(c, 'lst')) return list(env);
  else if (matches(c, 'help')) {
    env.io.stderr(USAGE);
    return 0;
  } else {
    env.io.stderr(`Command "${c}" is unknown, try "tc filter help".\n`);
    return 255;
  }
  if (type === RTM_GETTFILTER) throw new CommandFailed(255, 'pure-tc: "filter get" is not supported yet\n');
  return sendTcRequest(env, (index, stderr) => filterRequest(type, flags, rest, index, stderr), (m) =>
    m instanceof CommandFailed && m.status === 2 ? new CommandFailed(2, `${m.stderr}We have an error talking to the kernel\n`) : m);
}

/** The request `tc filter add|change|replace|delete ARGS` sends (tc_filter_modify). */
export async function filterRequest(
  type: number,
  flags: number,
  argv: string[],
  index: (dev: string) => Promise<number>,
  stderr: (s: string) => void,
): Promise<Request<TcMessage>> {
  const args = new Args(argv);
  const header: TcHeader = { family: 0, ifindex: 0, handle: 0, parent: 0, info: 0 };
  let prio = 0;
  let protocol = type === RTM_NEWTFILTER && flags & NLM_F_CREATE ? htons(0x0003) : 0;
  let protocolSet = false;
  let chain: number | undefined;
  let fhandle: string | undefined;
  let dev = '';
  let block = 0;
  let kind = '';
  while (args.more) {
    const a = args.cur;
    if (a === 'dev') {
      args.next();
      if (dev) duparg('dev', args.cur);
      if (block) throw new CommandFailed(255, 'Error: "dev" and "block" are mutually exclusive\n');
      dev = args.cur;
    } else if (matches(a, 'block')) {
      args.next();
      if (block) duparg('block', args.cur);
      if (dev) throw new CommandFailed(255, 'Error: "dev" and "block" are mutually exclusive\n');
      const b = cUnsigned(args.cur, 0xffffffff);
      if (!b) invarg('invalid block index value', args.cur);
      block = b!;
    } else if (a === 'root' || a === 'ingress' || a === 'egress') {
      if (header.parent) throw new CommandFailed(255, `Error: "${a}" is duplicate parent ID\n`);
      header.parent = a === 'root' ? TC_H_ROOT : TC_H_MAKE(TC_H_CLSACT, a === 'ingress' ? TC_H_MIN_INGRESS : TC_H_MIN_EGRESS);
    } else if (a === 'parent') {
      args.next();
      if (header.parent) duparg('parent', args.cur);
      const p = parseClassid(args.cur);
      if (p === undefined) invarg('Invalid parent ID', args.cur);
      header.parent = p!;
    } else if (a === 'handle') {
      args.next();
      if (fhandle !== undefined) duparg('handle', args.cur);
      fhandle = args.cur;
    } else if (matches(a, 'preference') || matches(a, 'priority')) {
      args.next();
      if (prio) duparg('priority', args.cur);
      const p = cUnsigned(args.cur, 0xffffffff);
      if (p === undefined || p > 0xffff) invarg('invalid priority value', args.cur);
      prio = p!;
    } else if (matches(a, 'protocol')) {
      args.next();
      if (protocolSet) duparg('protocol', args.cur);
      const id = llProtoA2n(args.cur);
      if (id === undefined) invarg('invalid protocol', args.cur);
      protocol = htons(id!);
      protocolSet = true;
    } else if (matches(a, 'chain')) {
      args.next();
      if (chain !== undefined) duparg('chain', args.cur);
      const c = cUnsigned(args.cur, 0xffffffff);
      if (c === undefined) invarg('invalid chain index value', args.cur);
      chain = c;
    } else if (matches(a, 'estimator')) {
      throw new CommandFailed(255, 'pure-tc: "estimator" is not supported yet\n');
    } else if (matches(a, 'help')) {
      stderr(USAGE);
      throw new CommandFailed(0, '');
    } else {
      kind = a.slice(0, 15);
      args.shift();
      break;
    }
    args.shift();
  }
  header.info = ((prio << 16) | protocol) >>> 0;
  const attrs: TcAttrs = {};
  if (chain !== undefined) attrs.chain = chain;
  if (kind) attrs.kind = kind;
  if (dev) {
    try {
      header.ifindex = await index(dev);
    } catch {
      throw new CommandFailed(1, `Cannot find device "${dev}"\n`);
    }
  } else if (block) {
    header.ifindex = -1; // TCM_IFINDEX_MAGIC_BLOCK (0xffffffff)
    header.parent = block;
  }
  if (kind) {
    const k = Object.hasOwn(FILTERS, kind) ? FILTERS[kind] : undefined;
    if (k) {
      const options = await k.parse(args, fhandle, header, index);
      // TCA_OPTIONS of a kind named at run time: the codec TCA_KIND selects checks it when encoding.
      if (options !== undefined) Object.assign(attrs, { options });
    } else if (NOT_DONE.includes(kind)) throw new CommandFailed(1, `pure-tc: the "${kind}" filter is not supported yet\n`);
    else {
      // tc's parse_nofopt: an unknown kind takes no options, and a hex handle
      if (args.more) throw new CommandFailed(1, `Unknown filter "${kind}", hence option "${args.cur}" is unparsable\n`);
      if (fhandle !== undefined) {
        const h = /^(0x)?[0-9a-f]+$/i.test(fhandle) ? parseInt(fhandle.replace(/^0x/i, ''), 16) : NaN;
        if (!(h <= 0xffffffff)) throw new CommandFailed(1, `Unparsable filter ID "${fhandle}"\n`);
        header.handle = h;
      }
    }
  } else {
    if (fhandle !== undefined) throw new CommandFailed(255, 'Must specify filter type when using "handle"\n');
    if (args.more) {
      if (matches(args.cur, 'help')) stderr(USAGE);
      throw new CommandFailed(255, `Garbage instead of arguments "${args.cur} ...". Try "tc filter help".\n`);
    }
  }
  return { type, flags: NLM_F_REQUEST | NLM_F_ACK | flags, body: { header, attrs } };
}

/** `tc filter show`: this kernel has no classifiers, and pure-tc prints none yet (see the file's comment). */
async function list(env: TcEnv): Promise<number> {
  void env;
  throw new CommandFailed(255, 'pure-tc: "filter show" is not supported yet\n');
}
