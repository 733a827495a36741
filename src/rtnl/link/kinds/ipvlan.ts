/**
 * ipvlan and ipvtap (IFLA_IPVLAN_* of linux/if_link.h; iproute2 ip/iplink_ipvlan.c).
 */
import { enumOf, flagsOf } from '../../../netlink/enums.js';
import { attrs } from '../../../netlink/schema.js';
import { u16 } from '../../../netlink/types.js';
import { IPVLAN_F, IPVLAN_MODE } from '../constants.js';
import { matches } from './words.js';
import { defineKind, type DataOptions, type KindArgs, type KindParseContext, type KindPrint, type ValueOf } from './kind.js';
import { enumNum, flagsNum, PRINT_ANY } from './print.js';

/** IFLA_IPVLAN_* */
export const ipvlanAttrs = attrs('IFLA_IPVLAN_', {
  mode: [1, 'MODE', enumOf(u16, IPVLAN_MODE)],
  flags: [2, 'FLAGS', flagsOf(u16, IPVLAN_F)],
});


/** `ip link add NAME link PARENT type ipvlan|ipvtap [mode l2|l3|l3s] [bridge|private|vepa]` */
export interface IpvlanOptions {
  kind: 'ipvlan' | 'ipvtap';
  /** Parent device (IFLA_LINK): name or ifindex. */
  link: string | number;
  /** IFLA_IPVLAN_* attributes (mode, flags). */
  data?: DataOptions<typeof ipvlanAttrs>;
}

/** ipvlan_parse_opt */
function parse(a: KindArgs, ctx: KindParseContext): Partial<IpvlanOptions> {
  const data: Record<string, unknown> = {};
  while (a.more) {
    if (matches(a.cur, 'mode')) {
      a.next();
      data.mode = a.cur;
    } else if (['private', 'vepa', 'bridge'].includes(a.cur)) data.flags = a.cur === 'bridge' ? [] : [a.cur];
    else if (matches(a.cur, 'help')) ctx.usage();
    else ctx.usage(`${ctx.kind}: unknown option "${a.cur}"?\n`);
    a.shift();
  }
  return Object.keys(data).length ? { data: data as DataOptions<typeof ipvlanAttrs> } : {};
}

/** ipvlan_print_opt */
const print: KindPrint<ValueOf<typeof ipvlanAttrs>> = (p, tb) => {
  if (!tb) return;
  if (tb.mode !== undefined) {
    const mode = enumNum(IPVLAN_MODE, tb.mode);
    p.string(PRINT_ANY, 'mode', ' mode %s ', mode === 0 ? 'l2' : mode === 1 ? 'l3' : mode === 2 ? 'l3s' : 'unknown');
  }
  if (tb.flags !== undefined) {
    const flags = flagsNum(IPVLAN_F, tb.flags);
    if (flags & 1) p.bool(PRINT_ANY, 'private', 'private ', true);
    else if (flags & 2) p.bool(PRINT_ANY, 'vepa', 'vepa ', true);
    else p.bool(PRINT_ANY, 'bridge', 'bridge ', true);
  }
};

/**
 * The link kind module of ipvlan and ipvtap: options to attributes for `link.add()`, the schema of
 * its IFLA_INFO_DATA (IFLA_IPVLAN_*), and how `ip -d link` prints it.
 */
export const ipvlan = defineKind<'ipvlan' | 'ipvtap', IpvlanOptions, typeof ipvlanAttrs>({
  kinds: ['ipvlan', 'ipvtap'],
  data: ipvlanAttrs,
  optionKeys: ['data'],
  needsLink: true,
  encode: (o) => (o.data !== undefined ? { data: o.data } : {}),
  parse,
  print,
  usage: (kind) => USAGE.replace('ipvlan', kind),
});

const USAGE = "Usage: ... ipvlan [ mode MODE ] [ FLAGS ]\n\nMODE: l3 | l3s | l2\nFLAGS: bridge | private | vepa\n(first values are the defaults if nothing is specified).\n";
