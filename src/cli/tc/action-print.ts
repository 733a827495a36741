/**
 * How pure-tc prints a filter's action list (iproute2 tc/m_action.c tc_dump_action and
 * tc_print_one_action, tc/tc_util.c print_action_control and print_tm), and the printers of the
 * action kinds pure-tc knows (m_gact.c print_gact, m_mirred.c print_mirred).
 */
import { PRINT_ANY, PRINT_FP, PRINT_JSON, type Printer } from '../format/printer.js';
import type { ActionAttrs } from '../../rtnl/tc/schema.js';
import { TC_ACT_GOTO_CHAIN, TC_ACT_JUMP } from '../../rtnl/tc/constants.js';
import { actionN2a } from './actions/control.js';
import { printStats, type TcOptions } from './util.js';

/** What an action printer needs besides its options: the flags and device names. */
export interface ActionPrintContext {
  opts: TcOptions;
  names: Map<number, string>;
}
/** One action kind's print_aopt: prints `KIND ...` and its options. */
export type ActionPrinter = (p: Printer, options: Record<string, unknown> | undefined, ctx: ActionPrintContext) => void;

/** TC_ACT_EXT_VAL_MASK (linux/pkt_cls.h): the low bits of goto/jump verdicts hold their argument. */
const TC_ACT_EXT_VAL_MASK = 0x0fffffff;
const extCmp = (action: number, ext: number) => ((action & ~TC_ACT_EXT_VAL_MASK) >>> 0) === ext >>> 0;

/** print_action_control */
export function printActionControl(p: Printer, prefix: string, action: number, suffix: string): void {
  p.string(PRINT_FP, null, '%s', prefix);
  p.openObject('control_action');
  p.string(PRINT_ANY, 'type', '%s', actionN2a(action));
  if (extCmp(action, TC_ACT_GOTO_CHAIN)) p.uint(PRINT_ANY, 'chain', ' chain %u', action & TC_ACT_EXT_VAL_MASK);
  if (extCmp(action, TC_ACT_JUMP)) p.uint(PRINT_ANY, 'jump', ' %u', action & TC_ACT_EXT_VAL_MASK);
  p.closeObject();
  p.string(PRINT_FP, null, '%s', suffix);
}

/**
 * USER_HZ: struct tcf_t holds clock_t values (the kernel's jiffies_to_clock_t), which tc divides
 * by sysconf(_SC_CLK_TCK), 100 on Linux.
 */
const USER_HZ = 100n;

/** print_tm */
export function printTm(p: Printer, value: unknown): void {
  const tm = value as { install: bigint; lastuse: bigint; expires: bigint; firstuse: bigint } | undefined;
  if (!tm) return;
  const sec = (v: bigint) => Number(BigInt.asUintN(32, v / USER_HZ));
  if (tm.install !== 0n) p.uint(PRINT_ANY, 'installed', ' installed %u sec', sec(tm.install));
  if (tm.lastuse !== 0n) p.uint(PRINT_ANY, 'last_used', ' used %u sec', sec(tm.lastuse));
  if (tm.firstuse !== 0n) p.uint(PRINT_ANY, 'first_used', ' firstused %u sec', sec(tm.firstuse));
  if (tm.expires !== 0n) p.uint(PRINT_ANY, 'expires', ' expires %u sec', sec(tm.expires));
}

/** The `index N ref N bind N` line every tc_gen action prints (gact's spacing differs: `lead`). */
export function printGen(p: Printer, parms: { index: number; refcnt: number; bindcnt: number }, lead: string): void {
  p.uint(PRINT_ANY, 'index', `${lead}index %u`, parms.index);
  p.int(PRINT_ANY, 'ref', ' ref %d', parms.refcnt);
  p.int(PRINT_ANY, 'bind', ' bind %d', parms.bindcnt);
}

const PROB = ['none', 'netrand', 'determ'];

/** print_gact (iproute2 is built with CONFIG_GACT_PROB: the random line is always printed). */
const printGact: ActionPrinter = (p, o, ctx) => {
  p.string(PRINT_ANY, 'kind', '%s ', 'gact');
  if (!o) return;
  const parms = o.parms as { index: number; action: number; refcnt: number; bindcnt: number };
  printActionControl(p, 'action ', parms.action, '');
  const pp = (o.prob as { ptype: number; pval: number; paction: number } | undefined) ?? { ptype: 0, pval: 0, paction: 0 };
  p.openObject('prob');
  p.nl();
  p.string(PRINT_ANY, 'random_type', '\t random type %s', PROB[pp.ptype] ?? 'ERROR');
  printActionControl(p, ' ', pp.paction, ' ');
  p.int(PRINT_ANY, 'val', 'val %d', pp.pval);
  p.closeObject();
  p.nl();
  printGen(p, parms, '\t ');
  if (ctx.opts.stats) printTm(p, o.tm);
  p.nl();
};

// TCA_EGRESS_REDIR (1), TCA_EGRESS_MIRROR (2), TCA_INGRESS_REDIR (3), TCA_INGRESS_MIRROR (4)
const MIRRED_N2A: Record<string, [string, string, string]> = {
  egress_redir: ['Egress Redirect', 'redirect', 'egress'],
  egress_mirror: ['Egress Mirror', 'mirror', 'egress'],
  ingress_redir: ['Ingress Redirect', 'redirect', 'ingress'],
  ingress_mirror: ['Ingress Mirror', 'mirror', 'ingress'],
};

/** print_mirred */
const printMirred: ActionPrinter = (p, o, ctx) => {
  p.string(PRINT_ANY, 'kind', '%s ', 'mirred');
  if (!o) return;
  const parms = o.parms as { index: number; action: number; refcnt: number; bindcnt: number; eaction: string | number; ifindex: number };
  const [text, action, direction] = MIRRED_N2A[String(parms.eaction)] ?? ['unknown', 'unknown', 'unknown'];
  p.string(PRINT_FP, null, '(%s', text);
  p.string(PRINT_JSON, 'mirred_action', null, action);
  p.string(PRINT_JSON, 'direction', null, direction);
  p.string(PRINT_ANY, 'to_dev', ' to device %s)', ctx.names.get(parms.ifindex) ?? `if${parms.ifindex}`);
  printActionControl(p, ' ', parms.action, '');
  p.nl();
  printGen(p, parms, '\t');
  if (ctx.opts.stats) printTm(p, o.tm);
  p.nl();
};

const PRINTERS: Record<string, ActionPrinter> = { gact: printGact, mirred: printMirred };

/** Registers an action kind's printer (kinds whose parsing and printing live in one file: actions/*.ts). */
export function registerActionPrinter(kind: string, print: ActionPrinter): void {
  PRINTERS[kind] = print;
}

// TCA_ACT_FLAGS_* (linux/pkt_cls.h)
const NO_PERCPU_STATS = 1;
const SKIP_HW = 2;
const SKIP_SW = 4;
// TCA_ACT_HW_STATS_* and their names (m_action.c hw_stats_items)
const HW_STATS: ReadonlyArray<readonly [number, string]> = [[0, 'disabled'], [1, 'immediate'], [2, 'delayed']];

function printHwStats(p: Printer, bf: { value: number; selector: number }, used: boolean): void {
  const hw = bf.value & bf.selector & 0xff;
  p.string(PRINT_FP, null, '\t', null);
  p.openArray(PRINT_ANY, used ? 'used_hw_stats' : 'hw_stats');
  for (const [type, name] of HW_STATS) if ((!hw && !type) || hw & type) p.string(PRINT_ANY, null, ' %s', name);
  p.closeArray(PRINT_JSON, null);
  p.nl();
}

/** tc_print_one_action; `bind`: the action belongs to a filter (skip_hw/skip_sw/in_hw are not printed). */
function printOneAction(p: Printer, a: ActionAttrs, ctx: ActionPrintContext, bind: boolean): void {
  if (a.kind === undefined) return;
  const print = Object.hasOwn(PRINTERS, a.kind) ? PRINTERS[a.kind] : undefined;
  if (!print) {
    // tc falls back to its generic printer for kinds it has no module for
    p.string(PRINT_ANY, 'kind', '%s ', a.kind);
    p.string(PRINT_FP, null, '[pure-tc cannot print this action] ', null);
    p.nl();
    return;
  }
  print(p, a.options as Record<string, unknown> | undefined, ctx);
  if (ctx.opts.stats && a.stats) {
    p.string(PRINT_FP, null, '\tAction statistics:', null);
    p.nl();
    p.openObject('stats');
    printStats(p, { stats2: a.stats }, '\t', ctx.opts.iec);
    p.closeObject();
    p.nl();
  }
  if (a.cookie) {
    p.string(PRINT_ANY, 'cookie', '\tcookie %s', Buffer.from(a.cookie).toString('hex'));
    p.nl();
  }
  if (a.flags || a.inHwCount !== undefined) {
    let skipHw = false;
    let newline = false;
    if (a.flags) {
      if (a.flags.selector & NO_PERCPU_STATS) {
        newline = true;
        p.bool(PRINT_ANY, 'no_percpu', '\tno_percpu', (a.flags.value & NO_PERCPU_STATS) !== 0);
      }
      if (!bind) {
        if (a.flags.selector & SKIP_HW) {
          newline = true;
          skipHw = (a.flags.value & SKIP_HW) !== 0;
          p.bool(PRINT_ANY, 'skip_hw', '\tskip_hw', skipHw);
        }
        if (a.flags.selector & SKIP_SW) {
          newline = true;
          p.bool(PRINT_ANY, 'skip_sw', '\tskip_sw', (a.flags.value & SKIP_SW) !== 0);
        }
      }
    }
    if (a.inHwCount !== undefined && !bind && !skipHw) {
      newline = true;
      if (a.inHwCount) {
        p.bool(PRINT_ANY, 'in_hw', '\tin_hw', true);
        p.uint(PRINT_ANY, 'in_hw_count', ' in_hw_count %u', a.inHwCount);
      } else p.bool(PRINT_ANY, 'not_in_hw', '\tnot_in_hw', true);
    }
    if (newline) p.nl();
  }
  if (a.hwStats) printHwStats(p, a.hwStats, false);
  if (a.usedHwStats) printHwStats(p, a.usedHwStats, true);
}

/** tc_print_action: a filter's action list (decoded in wire order; the kernel numbers them from 1). */
export function printActions(p: Printer, list: ActionAttrs[] | undefined, ctx: ActionPrintContext, bind = true): void {
  if (!list) return;
  p.openArray(PRINT_JSON, 'actions');
  list.forEach((a, i) => {
    p.openObject(null);
    p.nl();
    p.uint(PRINT_ANY, 'order', '\taction order %u: ', i + 1);
    printOneAction(p, a, ctx, bind);
    p.closeObject();
  });
  p.closeArray(PRINT_JSON, null);
}
