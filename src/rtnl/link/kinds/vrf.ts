/**
 * vrf (IFLA_VRF_*, IFLA_VRF_PORT_* of linux/if_link.h; iproute2 ip/iplink_vrf.c).
 */
import { attrs } from '../../../netlink/schema.js';
import { u32 } from '../../../netlink/types.js';
import { checkInt } from '../../validate.js';
import { matches } from './words.js';
import { defineKind, type KindArgs, type KindParseContext, type KindPrint } from './kind.js';
import { num, PRINT_ANY } from './print.js';

/** IFLA_VRF_* */
export const vrfAttrs = attrs('IFLA_VRF_', {
  table: [1, 'TABLE', u32],
});

/** IFLA_VRF_PORT_* (vrf slave data) */
export const vrfPortAttrs = attrs('IFLA_VRF_PORT_', {
  table: [1, 'TABLE', u32],
});


/** `ip link add NAME type vrf table N` */
export interface VrfOptions {
  kind: 'vrf';
  /** IFLA_VRF_TABLE (the kernel requires one on add). */
  table?: number;
}

/** iplink_vrf.c vrf_parse_opt */
function parse(a: KindArgs, ctx: KindParseContext): Partial<VrfOptions> {
  const out: Partial<VrfOptions> = {};
  while (a.more) {
    if (matches(a.cur, 'table')) {
      a.next();
      out.table = ctx.unsigned(a.cur) ?? ctx.invarg('invalid table ID\n', a.cur);
    } else if (matches(a.cur, 'help')) ctx.usage();
    else ctx.usage(`vrf: unknown option "${a.cur}"?\n`);
    a.shift();
  }
  return out;
}

/** vrf_print_opt and vrf_slave_print_opt: the table. */
const printTable: KindPrint<{ table?: number }> = (p, tb) => {
  if (tb?.table !== undefined) p.uint(PRINT_ANY, 'table', 'table %u ', num(tb.table));
};

/**
 * The link kind module of vrf: options to attributes for `link.add()`, the schema of its
 * IFLA_INFO_DATA (IFLA_VRF_* and the port's IFLA_VRF_PORT_*), and how `ip -d link` prints it.
 */
export const vrf = defineKind<'vrf', VrfOptions, typeof vrfAttrs, typeof vrfPortAttrs>({
  kinds: ['vrf'],
  data: vrfAttrs,
  slaveData: vrfPortAttrs,
  optionKeys: ['table'],
  encode(v) {
    if (v.table === undefined) return {};
    checkInt(v.table, 'table', 1, 0xffffffff);
    return { data: { table: v.table } };
  },
  parse,
  print: printTable,
  printSlave: printTable,
  usage: () => USAGE,
});

const USAGE = "Usage: ... vrf table TABLEID\n";
