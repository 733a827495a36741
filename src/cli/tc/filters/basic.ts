/**
 * How pure-tc prints a basic filter (iproute2 tc/f_basic.c basic_print_opt): handle, flowid and
 * actions. Ematch trees and the old police form are not printed yet: pure-tc says so instead.
 */
import { PRINT_ANY, PRINT_FP } from '../../format/printer.js';
import { formatClassid } from '../../../api/tc.js';
import type { ActionAttrs } from '../../../rtnl/tc/schema.js';
import { printActions } from '../action-print.js';
import type { FilterPrinter } from '../filter-show.js';
import { LE, table } from '../nla-bytes.js';

/** basic_print_opt */
export const printBasic: FilterPrinter = (p, o, handle, ctx) => {
  if (handle) p.hex(PRINT_ANY, 'handle', 'handle 0x%x ', handle);
  if (o.classid !== undefined) p.string(PRINT_ANY, 'flowid', 'flowid %s ', formatClassid(Number(o.classid)));
  // the kernel always dumps the tree (TCA_EMATCH_TREE_HDR, struct tcf_ematch_tree_hdr: u16 nmatches
  // first); tc prints nothing for an empty one
  const hdr = o.ematches instanceof Uint8Array ? table(o.ematches).get(1) : undefined;
  if (hdr && hdr.length >= 2 && new DataView(hdr.buffer, hdr.byteOffset, 2).getUint16(0, LE) > 0) p.string(PRINT_FP, null, '%s', '[pure-tc cannot print ematches yet] ');
  if (o.police !== undefined) p.string(PRINT_FP, null, '%s', '[pure-tc cannot print the basic police] ');
  printActions(p, o.act as ActionAttrs[] | undefined, ctx);
};
