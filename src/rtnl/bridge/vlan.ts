/**
 * Bridge VLANs: the requests of `bridge vlan add|del|show|tunnelshow` (iproute2 6.1
 * bridge/vlan.c). A port's VLANs travel in IFLA_AF_SPEC of an AF_BRIDGE RTM_SETLINK (add) or
 * RTM_DELLINK (del): IFLA_BRIDGE_VLAN_INFO (struct bridge_vlan_info, a range as a
 * RANGE_BEGIN / RANGE_END pair) or IFLA_BRIDGE_VLAN_TUNNEL_INFO (VLAN to tunnel id). Needs a
 * kernel with CONFIG_BRIDGE_VLAN_FILTERING (EOPNOTSUPP otherwise). Interface indexes, not names.
 */
import { NLM_F_ACK, NLM_F_REQUEST } from '../../netlink/constants.js';
import { flagNamesOf } from '../../netlink/enums.js';
import { ValidationError } from '../../netlink/errors.js';
import type { Request } from '../../netlink/message.js';
import { AF_BRIDGE, RTM_DELLINK, RTM_SETLINK } from '../constants.js';
import type { BridgeAfSpec, IfInfoMsg, LinkMessageBody } from '../link/attrs.js';
import { BRIDGE_FLAGS, BRIDGE_VLAN_INFO, IFF } from '../link/constants.js';
import { linkDump, type LinkDump } from '../link/requests.js';
import { checkInt, checkKeys } from '../validate.js';

/** `bridge vlan { add | del } vid VID[-END] dev DEV [pvid] [untagged] [self] [master] [tunnel_info id ID[-END]]` */
export interface BridgeVlanEntryOptions {
  /** ifi_index: the port (or the bridge itself, with `self`). */
  dev: number;
  /** The VLAN id, 1..4094, or the first of a range. */
  vid: number;
  /** The last VLAN of a range `vid`..`vidEnd`. */
  vidEnd?: number;
  /** BRIDGE_VLAN_INFO_PVID (`pvid`): untagged ingress goes to this VLAN (not for a range). */
  pvid?: boolean;
  /** BRIDGE_VLAN_INFO_UNTAGGED (`untagged`): egress leaves untagged. */
  untagged?: boolean;
  /** BRIDGE_FLAGS_SELF (`self`): the bridge device's own VLANs. */
  self?: boolean;
  /** BRIDGE_FLAGS_MASTER (`master`) */
  master?: boolean;
  /** IFLA_BRIDGE_VLAN_TUNNEL_ID (`tunnel_info id ID`): map the VLAN(s) to this tunnel id (VNI), below 2^24. */
  tunnelId?: number;
  /** The last tunnel id of a range mapped to `vid`..`vidEnd`. */
  tunnelIdEnd?: number;
}

/** The option keys of BridgeVlanEntryOptions. */
export const BRIDGE_VLAN_OPTION_KEYS = ['dev', 'vid', 'vidEnd', 'pvid', 'untagged', 'self', 'master', 'tunnelId', 'tunnelIdEnd'] as const satisfies ReadonlyArray<keyof BridgeVlanEntryOptions>;

/** IFLA_AF_SPEC of a VLAN add / delete, in bridge/vlan.c's order. */
export function bridgeVlanAfSpec(opts: BridgeVlanEntryOptions): BridgeAfSpec {
  checkKeys(opts, BRIDGE_VLAN_OPTION_KEYS, 'bridge vlan');
  checkInt(opts.vid, 'vid', 0, 4095);
  const range = opts.vidEnd !== undefined;
  if (range) {
    checkInt(opts.vidEnd, 'vidEnd', 0, 4095);
    if (opts.vid >= opts.vidEnd!) throw new ValidationError(`vidEnd: a range ends after it starts (${opts.vid}-${opts.vidEnd})`, 'vidEnd');
    if (opts.pvid) throw new ValidationError('pvid: a VLAN range cannot be the pvid', 'pvid');
  }
  const spec: BridgeAfSpec = {};
  const flags = (opts.self ? BRIDGE_FLAGS.value('self') : 0) | (opts.master ? BRIDGE_FLAGS.value('master') : 0);
  if (flags) spec.flags = flagNamesOf(BRIDGE_FLAGS, flags);
  if (opts.tunnelId !== undefined) {
    checkInt(opts.tunnelId, 'tunnelId', 0, 0xffffff);
    if (opts.tunnelIdEnd !== undefined) checkInt(opts.tunnelIdEnd, 'tunnelIdEnd', 0, 0xffffff);
    const v = (vid: number, id: number, f: number) => ({ id, vid, flags: flagNamesOf(BRIDGE_VLAN_INFO, f) });
    spec.vlanTunnelInfo = range
      ? [v(opts.vid, opts.tunnelId, BRIDGE_VLAN_INFO.value('range_begin')), v(opts.vidEnd!, opts.tunnelIdEnd ?? 0, BRIDGE_VLAN_INFO.value('range_end'))]
      : [v(opts.vid, opts.tunnelId, 0)];
    return spec;
  }
  if (opts.tunnelIdEnd !== undefined) throw new ValidationError('tunnelIdEnd: needs tunnelId', 'tunnelIdEnd');
  const base = (opts.pvid ? BRIDGE_VLAN_INFO.value('pvid') : 0) | (opts.untagged ? BRIDGE_VLAN_INFO.value('untagged') : 0);
  spec.vlanInfo = range
    ? [
        { flags: flagNamesOf(BRIDGE_VLAN_INFO, base | BRIDGE_VLAN_INFO.value('range_begin')), vid: opts.vid },
        { flags: flagNamesOf(BRIDGE_VLAN_INFO, base | BRIDGE_VLAN_INFO.value('range_end')), vid: opts.vidEnd! },
      ]
    : [{ flags: flagNamesOf(BRIDGE_VLAN_INFO, base), vid: opts.vid }];
  return spec;
}

function vlanRequest(type: number, opts: BridgeVlanEntryOptions): Request<LinkMessageBody> {
  const afSpec = bridgeVlanAfSpec(opts);
  checkInt(opts.dev, 'dev', 1, 0x7fffffff);
  const header = { family: AF_BRIDGE, type: 0, index: opts.dev, flags: flagNamesOf(IFF, 0), change: 0 } as IfInfoMsg;
  return { type, flags: NLM_F_REQUEST | NLM_F_ACK, body: { header, attrs: { afSpec } } };
}

/** `bridge vlan add`: AF_BRIDGE RTM_SETLINK with the VLAN(s) in IFLA_AF_SPEC. */
export function bridgeVlanAdd(opts: BridgeVlanEntryOptions): Request<LinkMessageBody> {
  return vlanRequest(RTM_SETLINK, opts);
}
/** `bridge vlan del`: AF_BRIDGE RTM_DELLINK with the VLAN(s) in IFLA_AF_SPEC. */
export function bridgeVlanDelete(opts: BridgeVlanEntryOptions): Request<LinkMessageBody> {
  return vlanRequest(RTM_DELLINK, opts);
}

/**
 * `bridge vlan show` / `tunnelshow`: the AF_BRIDGE link dump with IFLA_EXT_MASK
 * RTEXT_FILTER_BRVLAN (each VLAN) or RTEXT_FILTER_BRVLAN_COMPRESSED (`-c`: ranges).
 */
export function bridgeVlanDump(opts: { compressed?: boolean } = {}): LinkDump {
  checkKeys(opts, ['compressed'], 'bridge vlan dump');
  return linkDump({ family: AF_BRIDGE, extMask: opts.compressed ? 1 << 2 : 1 << 1 });
}
