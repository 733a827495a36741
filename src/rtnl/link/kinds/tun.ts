/**
 * tun and tap devices as links report them (IFLA_TUN_* of linux/if_link.h; iproute2 ip/iptuntap.c).
 */
import { enumOf } from '../../../netlink/enums.js';
import { attrs } from '../../../netlink/schema.js';
import { u32, u8 } from '../../../netlink/types.js';
import { TUN_TYPE } from '../constants.js';
import { schemaKind, type KindPrint, type ValueOf } from './kind.js';
import { enumNum, num, PRINT_ANY, PRINT_JSON, type KindPrinter } from './print.js';

/** IFLA_TUN_* (tun and tap devices; kind 'tun') */
export const tunAttrs = attrs('IFLA_TUN_', {
  owner: [1, 'OWNER', u32],
  group: [2, 'GROUP', u32],
  type: [3, 'TYPE', enumOf(u8, TUN_TYPE)],
  pi: [4, 'PI', u8],
  vnetHdr: [5, 'VNET_HDR', u8],
  persist: [6, 'PERSIST', u8],
  multiQueue: [7, 'MULTI_QUEUE', u8],
  numQueues: [8, 'NUM_QUEUES', u32],
  numDisabledQueues: [9, 'NUM_DISABLED_QUEUES', u32],
});


const onOff = (p: KindPrinter, key: string, fmt: string, v: unknown): void => p.onOff(PRINT_ANY, key, fmt, !!num(v));

function printOwner(p: KindPrinter, key: string, id: number, name: string | undefined): void {
  if (name !== undefined) p.string(PRINT_ANY, key, `${key} %s `, name);
  else p.uint(PRINT_ANY, key, `${key} %u `, id);
}

/** iptuntap.c tun_print_opt */
const print: KindPrint<ValueOf<typeof tunAttrs>> = (p, tb, ctx) => {
  if (!tb) return;
  if (tb.type !== undefined) {
    const type = enumNum(TUN_TYPE, tb.type);
    p.string(PRINT_ANY, 'type', 'type %s ', type === 1 ? 'tun' : type === 2 ? 'tap' : `UNKNOWN:${type & 0xff}`);
  }
  if (tb.pi !== undefined) onOff(p, 'pi', 'pi %s ', tb.pi);
  if (tb.vnetHdr !== undefined) onOff(p, 'vnet_hdr', 'vnet_hdr %s ', tb.vnetHdr);
  if (tb.multiQueue === undefined || !num(tb.multiQueue)) {
    if (p.json) p.bool(PRINT_JSON, 'multi_queue', null, false);
  } else {
    p.bool(PRINT_ANY, 'multi_queue', 'multi_queue ', true);
    if (tb.numQueues !== undefined) p.uint(PRINT_ANY, 'numqueues', 'numqueues %u ', num(tb.numQueues));
    if (tb.numDisabledQueues !== undefined) p.uint(PRINT_ANY, 'numdisabled', 'numdisabled %u ', num(tb.numDisabledQueues));
  }
  if (tb.persist !== undefined) onOff(p, 'persist', 'persist %s ', tb.persist);
  if (tb.owner !== undefined) printOwner(p, 'user', num(tb.owner), ctx.userName(num(tb.owner)));
  if (tb.group !== undefined) printOwner(p, 'group', num(tb.group), ctx.groupName(num(tb.group)));
};

/**
 * tun and tap devices are created with the TUNSETIFF ioctl (`handle.tuntap`, `ip tuntap add`);
 * the kernel reports them as kind 'tun' and refuses to create one over rtnetlink.
 */
export const tun = schemaKind(['tun'] as const, tunAttrs, { print });
