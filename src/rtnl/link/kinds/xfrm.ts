/**
 * xfrm interfaces (IFLA_XFRM_*, linux/if_link.h; iproute2 ip/link_xfrm.c).
 */
import { attrs } from '../../../netlink/schema.js';
import { flag, u32 } from '../../../netlink/types.js';
import { schemaKind } from './kind.js';
import { num, PRINT_ANY, type KindPrinter } from './print.js';

/** IFLA_XFRM_* */
export const xfrmAttrs = attrs('IFLA_XFRM_', {
  link: [1, 'LINK', u32],
  ifId: [2, 'IF_ID', u32],
  collectMetadata: [3, 'COLLECT_METADATA', flag],
});

/** `ip link add NAME type xfrm`: options are the IFLA_INFO_DATA attributes. */
/** xfrm (link_xfrm.c) */
function printXfrm(p: KindPrinter, tb: Record<string, unknown> | undefined): void {
  if (!tb) return;
  if (tb.collectMetadata !== undefined) {
    p.bool(PRINT_ANY, 'external', 'external ', true);
    return;
  }
  if (tb.ifId !== undefined) p.hex0x(PRINT_ANY, 'if_id', 'if_id %#llx ', num(tb.ifId));
}

/**
 * The link kind module of xfrm interfaces: options to attributes for `link.add()`, the schema of
 * its IFLA_INFO_DATA (IFLA_XFRM_*), and how `ip -d link` prints it.
 */
export const xfrm = schemaKind(['xfrm'] as const, xfrmAttrs, { print: printXfrm });
