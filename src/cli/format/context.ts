/**
 * What the printers need besides the message: interface names (ll_index_to_name), the names of
 * peer namespaces by nsid, and the command-line switches that change iproute2's output.
 */
import type { NexthopMessage } from '../../rtnl/nexthop/schema.js';

export interface FormatContext {
  /** ifindex → name, for every link of the namespace. */
  linkNames: Map<number, string>;
  /** ifindex → ifi_flags (for M-DOWN); optional. */
  linkFlags?: Map<number, number>;
  /** nsid → namespace name (get_name_from_nsid), for `link-netns NAME`. */
  nsidNames?: Map<number, string>;
  /** -d (count) */
  details: number;
  /** -s (count) */
  stats: number;
  /** Preferred family (-4/-6/-0/-f), AF_UNSPEC = 0. */
  family: number;
  /** -o */
  oneline?: boolean;
  /** -N */
  numeric?: boolean;
  /** -h */
  human?: boolean;
  /** -iec */
  iec?: boolean;
  /** -br */
  brief?: boolean;
  /**
   * ifindex → txqlen for links whose message has no IFLA_TXQLEN (IPv6's per-link dump):
   * iproute2 asks the kernel with SIOCGIFTXQLEN then; pure-ip takes it from a link dump.
   */
  txqlen?: Map<number, number>;
  /** nexthop id → its message (iproute2's ipnh_cache), for `-d ip route`'s `nh_info`. */
  nexthops?: Map<number, NexthopMessage>;
}

export function makeContext(partial: Partial<FormatContext> = {}): FormatContext {
  return { linkNames: new Map(), details: 0, stats: 0, family: 0, ...partial };
}

/** ll_index_to_name without a kernel round trip: "*" for 0, "if<N>" when unknown. */
export function indexToName(ctx: FormatContext, idx: number): string {
  if (idx === 0) return '*';
  return ctx.linkNames.get(idx) ?? `if${idx >>> 0}`;
}

export { big, enumNum, flagsNum, num } from '../../rtnl/link/kinds/print.js';
