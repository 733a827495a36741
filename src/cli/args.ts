/**
 * Command-line handling shared by every object: iproute2's matches(), an argv cursor with the
 * NEXT_ARG semantics, the global options of `ip`, and the object table in iproute2's order.
 */
import { CliExit, incompleteCommand, invarg } from './errors.js';
import { AF_BRIDGE, AF_INET, AF_INET6, AF_MPLS, AF_PACKET, AF_UNSPEC, readFamily } from './format/names.js';
import { IP_USAGE } from './usage.js';
import { IPROUTE2_VERSION, VERSION } from '../version.js';

/** iproute2's matches(prefix, word) === 0: `prefix` is a prefix of `word` (an empty one matches). */
export function matches(prefix: string, word: string): boolean {
  return word.startsWith(prefix);
}

/** argc/argv with NEXT_ARG(): `args.cur` is *argv. */
export class Args {
  private i = 0;
  constructor(private readonly argv: readonly string[]) {}
  get more(): boolean {
    return this.i < this.argv.length;
  }
  get cur(): string {
    return this.argv[this.i] ?? '';
  }
  get rest(): string[] {
    return this.argv.slice(this.i);
  }
  get count(): number {
    return this.argv.length - this.i;
  }
  /** argc--, argv++ */
  shift(): void {
    this.i++;
  }
  /** NEXT_ARG(): advance, "Command line is not complete" when nothing follows. */
  next(): string {
    this.i++;
    if (this.i >= this.argv.length) incompleteCommand();
    return this.cur;
  }
  /** NEXT_ARG_OK() */
  nextOk(): boolean {
    return this.i + 1 < this.argv.length;
  }
  /** PREV_ARG() */
  prev(): void {
    this.i--;
  }
  peek(n = 1): string | undefined {
    return this.argv[this.i + n];
  }
}

export interface GlobalOptions {
  family: number;
  json: boolean;
  pretty: boolean;
  details: number;
  stats: number;
  oneline: boolean;
  brief: boolean;
  human: number;
  iec: number;
  numeric: boolean;
  resolve: boolean;
  timestamp: number;
  force: boolean;
  batch?: string;
  netns?: string;
  loops: number;
  all: boolean;
  echo: boolean;
  color: boolean;
  /** pure-ip only: run in the sandbox (`--sandbox`) */
  sandbox?: boolean;
  /** pure-ip only: `--trace[=tree|mnl|short|json]` prints every netlink message to stderr. */
  trace?: 'tree' | 'mnl' | 'short' | 'json';
}

export function defaultGlobals(): GlobalOptions {
  return {
    family: AF_UNSPEC, json: false, pretty: false, details: 0, stats: 0, oneline: false, brief: false, human: 0,
    iec: 0, numeric: false, resolve: false, timestamp: 0, force: false, loops: 10, all: false, echo: false, color: false,
  };
}


export const USAGE = IP_USAGE;

/** `-V` / `--version`: pure-netlink's own version first (what a bug report needs), then the ip it follows. */
export const VERSION_TEXT = `pure-ip (pure-netlink ${VERSION}), compatible with ip utility, iproute2-${IPROUTE2_VERSION}\n`;

/**
 * The options before OBJECT (ip.c main). Returns the options and the remaining words. Throws
 * CliExit for -V, -help and bad options, like iproute2's exit().
 */
export function parseGlobals(argv: readonly string[]): { opts: GlobalOptions; rest: string[] } {
  const o = defaultGlobals();
  const a = [...argv];
  let i = 0;
  const usage = (): never => {
    throw new CliExit(255, USAGE);
  };
  while (i < a.length) {
    let opt = a[i]!;
    if (opt === '--') {
      i++;
      break;
    }
    if (opt[0] !== '-') break;
    if (opt[1] === '-') opt = opt.slice(1);
    if (opt === '-sandbox') {
      o.sandbox = true;
    } else if (opt === '-trace' || opt.startsWith('-trace=')) {
      const f = opt.slice('-trace='.length) || 'tree';
      if (f !== 'tree' && f !== 'mnl' && f !== 'short' && f !== 'json') invarg('invalid trace format', f);
      o.trace = opt === '-trace' ? 'tree' : (f as GlobalOptions['trace']);
    } else if (matches(opt, '-loops')) {
      i++;
      if (i >= a.length) usage();
      o.loops = Number.parseInt(a[i]!, 10) || 0;
    } else if (matches(opt, '-family')) {
      i++;
      if (i >= a.length) usage();
      if (a[i] === 'help') usage();
      o.family = readFamily(a[i]!);
      if (o.family === AF_UNSPEC) invarg('invalid protocol family', a[i]!);
    } else if (opt === '-4') o.family = AF_INET;
    else if (opt === '-6') o.family = AF_INET6;
    else if (opt === '-0') o.family = AF_PACKET;
    else if (opt === '-M') o.family = AF_MPLS;
    else if (opt === '-B') o.family = AF_BRIDGE;
    else if (matches(opt, '-human') || matches(opt, '-human-readable')) o.human++;
    else if (matches(opt, '-iec')) o.iec++;
    else if (matches(opt, '-stats') || matches(opt, '-statistics')) o.stats++;
    else if (matches(opt, '-details')) o.details++;
    else if (matches(opt, '-resolve')) o.resolve = true;
    else if (matches(opt, '-oneline')) o.oneline = true;
    else if (matches(opt, '-timestamp')) o.timestamp++;
    else if (matches(opt, '-tshort')) o.timestamp += 2;
    // `--version` (GNU style) too: ip rejects it, but nothing else could be meant.
    else if (matches(opt, '-Version') || opt === '-version') throw new CliExit(0, '', VERSION_TEXT);
    else if (matches(opt, '-force')) o.force = true;
    else if (matches(opt, '-batch')) {
      i++;
      if (i >= a.length) usage();
      o.batch = a[i]!;
    } else if (matches(opt, '-brief')) o.brief = true;
    else if (matches(opt, '-json')) o.json = true;
    else if (matches(opt, '-pretty')) o.pretty = true;
    else if (matches(opt, '-rcvbuf')) {
      i++;
      if (i >= a.length) usage();
      if (!/^\d+$/.test(a[i]!)) throw new CliExit(255, `Invalid rcvbuf size '${a[i]}'\n`);
    } else if (matches(opt, '-color') || matches(opt, '-colour') || opt.startsWith('-color=') || opt.startsWith('-colour=')) {
      o.color = true;
    } else if (matches(opt, '-help')) usage();
    else if (matches(opt, '-netns')) {
      i++;
      if (i >= a.length) incompleteCommand();
      o.netns = a[i]!;
    } else if (matches(opt, '-Numeric')) o.numeric = true;
    else if (matches(opt, '-all')) o.all = true;
    else if (opt === '-echo') o.echo = true;
    else throw new CliExit(255, `Option "${opt}" is unknown, try "ip -help".\n`);
    i++;
  }
  return { opts: o, rest: a.slice(i) };
}

/** ip.c's object table, in order: the first whose name starts with the word wins. */
export const OBJECTS = [
  'address', 'addrlabel', 'maddress', 'route', 'rule', 'neighbor', 'neighbour', 'ntable', 'ntbl', 'link', 'l2tp',
  'fou', 'ila', 'macsec', 'tunnel', 'tunl', 'tuntap', 'tap', 'token', 'tcpmetrics', 'tcp_metrics', 'monitor', 'xfrm',
  'mroute', 'mrule', 'netns', 'netconf', 'vrf', 'sr', 'nexthop', 'mptcp', 'ioam', 'help', 'stats',
] as const;

/** pure-ip extras, matched after iproute2's table (full word or prefix). */
export const EXTRA_OBJECTS = ['decode', 'demo', 'diagram'] as const;

export function matchObject(word: string): string | undefined {
  for (const o of OBJECTS) if (matches(word, o)) return o;
  for (const o of EXTRA_OBJECTS) if (word === o) return o;
  return undefined;
}
