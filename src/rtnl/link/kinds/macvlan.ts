/**
 * macvlan and macvtap (IFLA_MACVLAN_* of linux/if_link.h; iproute2 ip/iplink_macvlan.c).
 */
import { enumOf, flagsOf } from '../../../netlink/enums.js';
import { attrs, multi } from '../../../netlink/schema.js';
import { mac, s32, u16, u32 } from '../../../netlink/types.js';
import { MACVLAN_FLAG, MACVLAN_MACADDR, MACVLAN_MODE } from '../constants.js';
import { matches } from './words.js';
import { defineKind, pick, type DataOptions, type KindArgs, type KindParseContext, type KindPrint, type ValueOf } from './kind.js';
import { enumNum, flagsNum, num, PRINT_ANY, PRINT_JSON } from './print.js';

/** IFLA_MACVLAN_MACADDR_DATA: a list of IFLA_MACVLAN_MACADDR */
export const macvlanMacaddrData = attrs('IFLA_MACVLAN_', {
  macaddr: [4, 'MACADDR', multi(mac)],
}, 'ifla_macvlan_macaddr_data');

/** IFLA_MACVLAN_* */
export const macvlanAttrs = attrs('IFLA_MACVLAN_', {
  mode: [1, 'MODE', enumOf(u32, MACVLAN_MODE)],
  flags: [2, 'FLAGS', flagsOf(u16, MACVLAN_FLAG)],
  macaddrMode: [3, 'MACADDR_MODE', enumOf(u32, MACVLAN_MACADDR)],
  macaddr: [4, 'MACADDR', mac],
  macaddrData: [5, 'MACADDR_DATA', macvlanMacaddrData],
  macaddrCount: [6, 'MACADDR_COUNT', u32],
  bcQueueLen: [7, 'BC_QUEUE_LEN', u32],
  bcQueueLenUsed: [8, 'BC_QUEUE_LEN_USED', u32],
  bcCutoff: [9, 'BC_CUTOFF', s32],
});


/** `ip link add NAME link PARENT type macvlan|macvtap mode MODE` */
export interface MacvlanOptions {
  kind: 'macvlan' | 'macvtap';
  /** Parent device (IFLA_LINK): name or ifindex. */
  link: string | number;
  /** IFLA_MACVLAN_MODE */
  mode?: 'private' | 'vepa' | 'bridge' | 'passthru' | 'source';
  /** Any other IFLA_MACVLAN_* attributes. */
  data?: DataOptions<typeof macvlanAttrs>;
}

const MODES = ['private', 'vepa', 'bridge', 'passthru', 'source'] as const;

/** iplink_macvlan.c macvlan_parse_opt (mode, nopromisc, nodst, bcqueuelen). */
function parse(a: KindArgs, ctx: KindParseContext): Partial<MacvlanOptions> {
  const out: Partial<MacvlanOptions> = {};
  const data: Record<string, unknown> = {};
  while (a.more) {
    const w = a.cur;
    if (matches(w, 'mode')) {
      a.next();
      const mode = MODES.find((m) => m === a.cur);
      if (mode === undefined) {
        ctx.fail(`Error: argument of "mode" must be "private", "vepa", "bridge", "passthru" or "source", not "${a.cur}"\n`);
      }
      out.mode = mode;
    } else if (matches(w, 'nopromisc')) data.flags = ['nopromisc'];
    else if (matches(w, 'nodst')) data.flags = ['nodst'];
    else if (matches(w, 'bcqueuelen')) {
      a.next();
      data.bcQueueLen = ctx.unsigned(a.cur) ?? ctx.invarg('bcqueuelen', a.cur);
    } else if (matches(w, 'help')) ctx.usage();
    else ctx.usage(`${ctx.kind}: unknown option "${w}"?\n`);
    a.shift();
  }
  if (Object.keys(data).length) out.data = data as DataOptions<typeof macvlanAttrs>;
  return out;
}

/** iplink_macvlan.c macvlan_print_opt */
const print: KindPrint<ValueOf<typeof macvlanAttrs>> = (p, tb) => {
  if (!tb || tb.mode === undefined) return;
  const mode = enumNum(MACVLAN_MODE, tb.mode);
  const names: Record<number, string> = { 1: 'private', 2: 'vepa', 4: 'bridge', 8: 'passthru', 16: 'source' };
  p.string(PRINT_ANY, 'mode', 'mode %s ', names[mode] ?? 'unknown');
  const flags = tb.flags !== undefined ? flagsNum(MACVLAN_FLAG, tb.flags) : 0;
  if (flags & 1) p.bool(PRINT_ANY, 'nopromisc', 'nopromisc ', true);
  if (flags & 2) p.bool(PRINT_ANY, 'nodst', 'nodst ', true);
  if (tb.bcQueueLen !== undefined) p.u64(PRINT_ANY, 'bcqueuelen', 'bcqueuelen %lu ', num(tb.bcQueueLen));
  if (tb.bcQueueLenUsed !== undefined) p.u64(PRINT_ANY, 'usedbcqueuelen', 'usedbcqueuelen %lu ', num(tb.bcQueueLenUsed));
  if (mode !== 16) return;
  if (tb.macaddrCount === undefined) return;
  p.int(PRINT_ANY, 'macaddr_count', 'remotes (%d) ', num(tb.macaddrCount));
  if (tb.macaddrData === undefined) return;
  p.openArray(PRINT_JSON, 'macaddr_data');
  for (const a of tb.macaddrData.macaddr ?? []) {
    if (p.json) p.string(PRINT_JSON, null, null, a);
    else p.fp('%s ', a);
  }
  p.closeArray(PRINT_JSON, null);
};

/**
 * The link kind module of macvlan and macvtap: options to attributes for `link.add()`, the schema
 * of its IFLA_INFO_DATA (IFLA_MACVLAN_*), and how `ip -d link` prints it.
 */
export const macvlan = defineKind<'macvlan' | 'macvtap', MacvlanOptions, typeof macvlanAttrs>({
  kinds: ['macvlan', 'macvtap'],
  data: macvlanAttrs,
  optionKeys: ['mode', 'data'],
  needsLink: true,
  encode(m) {
    const d: Record<string, unknown> = { ...pick(m, ['mode']), ...(m.data ?? {}) };
    return Object.keys(d).length ? { data: d } : {};
  },
  parse,
  print,
  usage: (kind) => USAGE.replace('macvlan', kind),
});

const USAGE = "Usage: ... macvlan mode MODE [flag MODE_FLAG] MODE_OPTS [bcqueuelen BC_QUEUE_LEN]\n\nMODE: private | vepa | bridge | passthru | source\nMODE_FLAG: null | nopromisc | nodst\nMODE_OPTS: for mode \"source\":\n\tmacaddr { { add | del } <macaddr> | set [ <macaddr> [ <macaddr>  ... ] ] | flush }\nBC_QUEUE_LEN: Length of the rx queue for broadcast/multicast: [0-4294967295]\n";
