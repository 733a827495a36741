/**
 * pure-tc's action lists (iproute2 tc/m_action.c parse_action): `action KIND ARGS [cookie HEX]
 * [hw_stats TYPE] [no_percpu] [skip_sw|skip_hw] [action ...]` inside filters, each action a
 * nest numbered from 1 holding TCA_ACT_KIND and TCA_ACT_OPTIONS (sent with NLA_F_NESTED).
 */
import { CliExit, invarg } from '../errors.js';
import type { Args } from '../args.js';
import { actAttrs } from '../../rtnl/tc/schema.js';
import { OrderedAttrs } from './ordered.js';
import { actionA2n, ParseFail } from './actions/control.js';
import { gactCli } from './actions/gact.js';
import { mirredCli } from './actions/mirred.js';
import { skbeditCli, vlanCli } from './actions/vlan-skbedit.js';
// print-only kinds: registers their printers
import './actions/tunnel-key-csum.js';
import { policeCli } from './actions/police.js';

/** One action kind of pure-tc: parses its words (the cursor on the kind's name) into TCA_ACT_OPTIONS. */
export interface ActionCli {
  /** `printed`: what was printed so far (a usage() exit prints it first). */
  parse(args: Args, printed: string[], index: (dev: string) => Promise<number>): Promise<Record<string, unknown>>;
}

const ACTIONS: Record<string, ActionCli> = { gact: gactCli, mirred: mirredCli, vlan: vlanCli, skbedit: skbeditCli, police: policeCli };

/** Action kinds tc knows and pure-tc does not parse yet (an unknown kind falls back to gact, as tc does). */
const NOT_DONE = ['bpf', 'connmark', 'csum', 'ct', 'ctinfo', 'gate', 'ife', 'mpls', 'nat', 'pedit', 'sample', 'simple', 'skbmod', 'tunnel_key', 'xt', 'ipt'];

const isNewCmd = (w: string) => ['change', 'replace', 'delete', 'get', 'add'].some((c) => w !== '' && c.startsWith(w));

/**
 * A filter's `action ...` (the cursor after the word): its action list, or, when an action's
 * words are wrong, `fail` with the action's message followed by the filter's own (`illegal`,
 * tc's `Illegal "action"`).
 */
export async function filterActions(
  args: Args,
  index: (dev: string) => Promise<number>,
  fail: (message: string) => never,
  illegal = 'Illegal "action"\n',
): Promise<Record<string, unknown>[]> {
  try {
    return await parseActions(args, index);
  } catch (e) {
    if (e instanceof ParseFail) fail(`${e.stderr}${illegal}`);
    throw e;
  }
}

/** parse_action: the action list at the cursor; the cursor ends on the first word that is not part of it. */
export async function parseActions(args: Args, index: (dev: string) => Promise<number>): Promise<Record<string, unknown>[]> {
  if (!args.more) throw new ParseFail('');
  const list: Record<string, unknown>[] = [];
  const printed: string[] = [];
  let eap = 0;
  // What tc's message names: its argc/argv, which an action's failed parser leaves on the action's first word.
  let at = args.save();
  const bad = (): never => {
    args.restore(at);
    throw new ParseFail(`${printed.join('')}parse_action: bad value (${args.count}:${args.more ? args.cur : '(null)'})!\n`);
  };
  // tc never resets the cookie between actions: once given, every later action of the list carries it too.
  let cookie: Uint8Array | undefined;
  while (args.more) {
    const w = args.cur;
    if (w === 'action') {
      args.shift();
      eap = 1;
      continue;
    }
    if (w === 'flowid' || w === 'classid') break;
    if (w === 'help') throw new ParseFail('');
    if (isNewCmd(w)) break;
    let kind = actionA2n(w, false) !== undefined ? 'gact' : w;
    eap = 0;
    at = args.save();
    if (NOT_DONE.includes(kind)) throw new ParseFail(`pure-tc: the "${kind}" action is not supported yet\n`);
    if (!Object.hasOwn(ACTIONS, kind)) kind = 'gact'; // tc: an unknown action kind is tried as gact
    const o = new OrderedAttrs(actAttrs).add('kind', kind);
    try {
      o.add('options', await ACTIONS[kind]!.parse(args, printed, index), true);
    } catch (e) {
      if (e instanceof ParseFail) {
        printed.push(e.stderr, 'bad action parsing\n');
        bad();
      }
      throw e;
    }
    if (args.more && args.cur === 'cookie') {
      args.next();
      const hex = args.cur;
      if (hex.length > 32) invarg(`${hex.length} Max allowed size 32`, hex);
      if (hex.length % 2 || !/^[0-9a-fA-F]*$/.test(hex)) invarg('cookie must be a hex string\n', hex);
      cookie = Uint8Array.from(Buffer.from(hex, 'hex'));
      args.shift();
    }
    if (cookie?.length) o.add('cookie', cookie);
    if (args.more && 'hw_stats'.startsWith(args.cur)) {
      args.next();
      const types: Record<string, number> = { immediate: 1, delayed: 2, disabled: 0 };
      const t = Object.keys(types).find((k) => k.startsWith(args.cur));
      if (t === undefined) invarg('value is invalid\n', args.cur);
      o.add('hwStats', { value: types[t!]!, selector: types[t!]! });
      args.shift();
    }
    let flag = 0;
    if (args.more && args.cur === 'no_percpu') {
      flag |= 1;
      args.shift();
    }
    for (let i = 0; i < 2; i++) {
      if (args.more && args.cur === 'skip_sw') {
        flag |= 4;
        args.shift();
      } else if (args.more && args.cur === 'skip_hw') {
        flag |= 2;
        args.shift();
      }
    }
    if (flag) o.add('flags', { value: flag, selector: flag });
    list.push(o.done());
  }
  if (eap > 0) {
    printed.push(`bad action empty ${eap}\n`);
    bad();
  }
  return list;
}

export { CliExit };
