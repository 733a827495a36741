/**
 * Persistent tun/tap devices through the helper (`ip tuntap add|del`): the helper opens
 * /dev/net/tun in the target namespace and runs TUNSETIFF, TUNSETOWNER/GROUP, TUNSETPERSIST.
 */
import { ValidationError } from '../netlink/errors.js';
import { checkIfname } from '../netlink/ifname.js';
import { encodeNetnsSpec } from '../netlink/transport/helper/netns-spec.js';
import type { HelperProcess } from '../netlink/transport/helper/process.js';
import { dataView, textEncoder } from '../netlink/transport/helper/wire.js';
import type { NetnsSpec } from '../netlink/transport/types.js';
import { hostRequest } from './request.js';

/** A tun device carries IP packets (IFF_TUN), a tap device Ethernet frames (IFF_TAP). */
export type TuntapMode = 'tun' | 'tap';

/** The TUNSETIFF request of `tuntapAdd()`: name, mode, owner and IFF_* flags (linux/if_tun.h). */
export interface TuntapOptions {
  name: string;
  mode: TuntapMode;
  /** IFF_NO_PI */
  noPi?: boolean;
  /** IFF_MULTI_QUEUE */
  multiQueue?: boolean;
  /** IFF_VNET_HDR */
  vnetHdr?: boolean;
  /** TUNSETOWNER uid (add only). */
  owner?: number;
  /** TUNSETGROUP gid (add only). */
  group?: number;
  netns?: NetnsSpec;
}

// linux/if_tun.h
const IFF_TUN = 0x0001;
const IFF_TAP = 0x0002;
const IFF_MULTI_QUEUE = 0x0100;
const IFF_NO_PI = 0x1000;
const IFF_VNET_HDR = 0x4000;

/** `ip tuntap add`: a persistent tun/tap device. */
export async function tuntapAdd(helper: HelperProcess, options: TuntapOptions): Promise<void> {
  await hostRequest(helper, 'TUNTAP_ADD', encodeTuntap(options, true));
}

/** `ip tuntap del`. */
export async function tuntapDel(helper: HelperProcess, options: TuntapOptions): Promise<void> {
  await hostRequest(helper, 'TUNTAP_DEL', encodeTuntap(options, false));
}

/** TUNTAP_ADD/DEL payload: `u16 flags, u16 0, (i32 owner, i32 group)?, u8 nameLen, name, ns`. */
function encodeTuntap(options: TuntapOptions, add: boolean): Uint8Array {
  checkIfname(options.name);
  if (options.mode !== 'tun' && options.mode !== 'tap') {
    throw new ValidationError(`tuntap mode must be "tun" or "tap", got ${JSON.stringify(options.mode)}`, 'mode');
  }
  let flags = options.mode === 'tun' ? IFF_TUN : IFF_TAP;
  if (options.noPi) flags |= IFF_NO_PI;
  if (options.multiQueue) flags |= IFF_MULTI_QUEUE;
  if (options.vnetHdr) flags |= IFF_VNET_HDR;
  const owner = options.owner ?? -1;
  const group = options.group ?? -1;
  if (add) {
    for (const [v, f] of [[owner, 'owner'], [group, 'group']] as const) {
      if (!Number.isInteger(v) || v < -1 || v > 0x7fffffff) throw new ValidationError(`${f} must be a uid/gid or -1`, f);
    }
  }
  const ns = encodeNetnsSpec(options.netns);
  const name = textEncoder.encode(options.name);
  const head = add ? 12 : 4;
  const out = new Uint8Array(head + 1 + name.length + ns.length);
  const dv = dataView(out);
  dv.setUint16(0, flags, true);
  dv.setUint16(2, 0, true);
  if (add) {
    dv.setInt32(4, owner, true);
    dv.setInt32(8, group, true);
  }
  out[head] = name.length;
  out.set(name, head + 1);
  out.set(ns, head + 1 + name.length);
  return out;
}
