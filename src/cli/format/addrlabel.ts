/**
 * IPv6 address labels, as iproute2 6.1 prints them (ip/ipaddrlabel.c print_addrlabel).
 */
import type { AddrlabelMessage } from '../../rtnl/addrlabel/schema.js';
import { indexToName, type FormatContext } from './context.js';
import { PRINT_ANY, PRINT_FP, type Printer } from './printer.js';

/** print_addrlabel: one entry; `deleted` for RTM_DELADDRLABEL. */
export function printAddrlabel(p: Printer, msg: AddrlabelMessage, ctx: FormatContext, deleted = false): void {
  const h = msg.header;
  const a = msg.attrs;
  p.openObject(null);
  if (deleted) p.bool(PRINT_ANY, 'deleted', 'Deleted ', true);
  if (a.address !== undefined) {
    p.string(PRINT_FP, null, 'prefix ', null);
    p.string(PRINT_ANY, 'address', '%s', a.address);
    p.uint(PRINT_ANY, 'prefixlen', '/%u ', h.prefixlen);
  }
  if (h.index) {
    p.string(PRINT_FP, null, 'dev ', null);
    p.string(PRINT_ANY, 'ifname', '%s ', indexToName(ctx, h.index));
  }
  if (a.label !== undefined) p.uint(PRINT_ANY, 'label', 'label %u ', a.label);
  p.string(PRINT_FP, null, '\n', '');
  p.closeObject();
}
