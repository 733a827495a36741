/**
 * The families the debugger knows by protocol number, for input that names only a protocol
 * (pcap, `--proto route`). An explicit list: the core has no global registry.
 */
import type { Family } from '../netlink/family.js';
import { rtnetlink } from '../rtnl/family.js';
import { xfrm } from '../xfrm/family.js';

/**
 * The families `pure-ip decode` knows without being told (rtnetlink, xfrm), found by the input's
 * protocol number.
 */
export const builtinFamilies: readonly Family[] = [rtnetlink, xfrm];

/** The shipped family for a netlink protocol number, if any. */
export function familyForProtocol(protocol: number): Family | undefined {
  return builtinFamilies.find((f) => f.protocol === protocol);
}
